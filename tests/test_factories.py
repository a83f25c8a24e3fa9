import pytest
from stdnum.fr import siret

from tests.factories import ApplicationFactory, OfferFactory, RegisteredHouseholdMemberFactory, valid_siret


def test_valid_siret_passes_the_luhn_check():
    assert siret.is_valid(valid_siret(123))


@pytest.mark.django_db
def test_factories_build_a_consistent_journey():
    member = RegisteredHouseholdMemberFactory()
    assert member.demand.members.count() == 1
    application = ApplicationFactory()
    assert application.is_active
    assert OfferFactory().departement == "69"
