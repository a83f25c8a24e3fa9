import pytest
from django.core import mail

from logis.registry import api
from tests.factories import RegisteredDemandFactory, RegisteredHouseholdMemberFactory


@pytest.fixture
def demand(db):
    demand = RegisteredDemandFactory(numero_unique="0691126000042G0001", email="jeanne.durand@exemple.fr")
    RegisteredHouseholdMemberFactory(demand=demand, first_name="Léa")
    return demand


@pytest.mark.parametrize(
    "typed", ["0691126000042G0001", "069 1126 000042 G0001", "069 1126 000042 g0001", "069-1126-000042-g0001"]
)
def test_find_demand_accepts_the_number_as_people_type_it(demand, typed):
    record = api.find_demand(typed)
    assert record is not None
    assert record.numero_unique == "0691126000042G0001"
    assert record.household_size == 2
    assert record.members[0].first_name == "Léa"
    assert record.members[0].relation_label == "Enfant"
    assert record.commune_name == "Lyon"


def test_find_demand_returns_none_for_an_unknown_number(demand):
    assert api.find_demand("0691126000043G0001") is None


def test_send_security_code_emails_the_address_of_the_demand_and_returns_it_masked(
    demand, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        masked = api.send_security_code("069 1126 000042 g0001", "481516")
    assert masked == "j••••••••••••@e••••••.fr"
    (message,) = mail.outbox
    assert message.to == ["jeanne.durand@exemple.fr"]
    assert "481516" in message.body


def test_send_security_code_refuses_an_unknown_number(demand):
    with pytest.raises(LookupError, match="0691126000043G0001"):
        api.send_security_code("0691126000043G0001", "481516")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("jeanne.durand@exemple.fr", "j••••••••••••@e••••••.fr"),
        ("a@b.io", "a•••@b•••.io"),
        ("camille@mail.example.com", "c••••••@m•••••••••••.com"),
    ],
)
def test_mask_email_keeps_only_the_first_letters_and_the_extension(email, masked):
    assert api.mask_email(email) == masked
