import pytest

from logis.forum.topics import distress_topics


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("J'ai trois mois de loyers impayés, que faire ?", {"unpaid_rent"}),
        ("Le bailleur parle d'EXPULSION et un huissier est venu", {"eviction"}),
        ("Mon conjoint est violent, je dois partir vite", {"violence"}),
        ("Je ne peux plus payer mon loyer depuis mon licenciement", {"unpaid_rent"}),
        ("Combien de temps dure la commission d'attribution ?", set()),
    ],
)
def test_a_post_that_speaks_of_a_difficulty_is_recognised(text, topics):
    assert distress_topics(text) == topics
