import pytest
from django.urls import reverse

from logis.registry.communes import CommuneLookupError, commune_label, name_key, resolve_commune
from logis.registry.forms import CommuneField
from tests.factories import CommuneFactory


@pytest.fixture
def saint_denis(db):
    return [
        CommuneFactory(insee="93066", name="Saint-Denis", departement="93", region="11", postal_code="93200"),
        CommuneFactory(insee="97411", name="Saint-Denis", departement="974", region="04", postal_code="97400"),
    ]


@pytest.fixture
def saint_etienne(db):
    return CommuneFactory(insee="42218", name="Saint-Étienne", departement="42", region="84", postal_code="42000")


@pytest.mark.parametrize("text", ["Lyon (69001)", "69001", "69123", "lyon", "LYON", "  Lyon  ", "Lyon(69001)"])
def test_the_commune_is_found_by_label_postal_code_insee_code_or_name(lyon, villeurbanne, text):
    assert resolve_commune(text) == lyon


def test_a_name_is_found_without_accents_hyphens_or_abbreviation(saint_etienne):
    assert resolve_commune("saint etienne") == saint_etienne
    assert resolve_commune("St-Etienne") == saint_etienne
    assert resolve_commune("SAINT-ÉTIENNE (42000)") == saint_etienne


def test_a_postal_code_of_an_arrondissement_finds_the_commune(lyon, paris):
    assert resolve_commune("69003") == lyon
    assert resolve_commune("75015") == paris
    assert resolve_commune("Paris (75116)") == paris


def test_a_misspelt_name_with_the_right_postal_code_finds_the_commune(lyon):
    assert resolve_commune("Lyyon (69001)") == lyon


def test_a_name_shared_by_several_communes_is_ambiguous(saint_denis):
    with pytest.raises(CommuneLookupError) as error:
        resolve_commune("Saint-Denis")
    assert sorted(c.insee for c in error.value.candidates) == ["93066", "97411"]
    assert resolve_commune("Saint-Denis (97400)").insee == "97411"


def test_nothing_matches_an_unknown_name(lyon):
    with pytest.raises(CommuneLookupError) as error:
        resolve_commune("Atlantide")
    assert error.value.candidates == []


def test_a_name_and_a_postal_code_of_two_different_communes_make_the_person_choose(lyon, paris):
    with pytest.raises(CommuneLookupError) as error:
        resolve_commune("Lyon (75001)")
    assert {c.insee for c in error.value.candidates} == {"69123", "75056"}


def test_the_field_errors_say_what_to_do(saint_denis):
    field = CommuneField()
    with pytest.raises(Exception, match="Aucune commune ne correspond à « Atlantide »"):
        field.clean("Atlantide")
    with pytest.raises(Exception, match=r"Plusieurs communes correspondent.*Saint-Denis \(93200\)"):
        field.clean("Saint-Denis")


def test_name_key_ignores_case_accents_and_separators():
    assert name_key("Saint-Étienne") == name_key("st etienne") == "saint etienne"
    assert name_key("L'Haÿ-les-Roses") == "l hay les roses"


def test_suggestions_list_the_communes_matching_a_name(client, lyon, villeurbanne, saint_etienne):
    response = client.get(reverse("registry:commune_suggestions"), {"q": "vill"})
    assert response.status_code == 200
    assert response.content.decode().strip() == '<option value="Villeurbanne (69100)"></option>'
    response = client.get(reverse("registry:commune_suggestions"), {"q": "saint-e"})
    assert "Saint-Étienne (42000)" in response.content.decode()


def test_suggestions_match_a_postal_code_prefix(client, lyon, villeurbanne, paris):
    content = client.get(reverse("registry:commune_suggestions"), {"q": "69"}).content.decode()
    assert commune_label(lyon) in content
    assert commune_label(villeurbanne) in content
    assert "Paris" not in content


def test_suggestions_read_the_field_htmx_sent(client, lyon):
    response = client.get(
        reverse("registry:commune_suggestions"),
        {"workplace_commune": "lyo"},
        headers={"HX-Request": "true", "HX-Trigger-Name": "workplace_commune"},
    )
    assert "Lyon (69001)" in response.content.decode()


def test_suggestions_need_two_characters(client, lyon):
    assert client.get(reverse("registry:commune_suggestions"), {"q": "l"}).content.decode().strip() == ""
