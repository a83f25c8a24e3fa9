import pytest
from stdnum.fr import siret

from logis.applications import workflow
from tests.factories import PATHS, ApplicationFactory, OfferFactory, RegisteredHouseholdMemberFactory, valid_siret


def test_valid_siret_passes_the_luhn_check():
    assert siret.is_valid(valid_siret(123))


@pytest.mark.django_db
def test_factories_build_a_consistent_journey():
    member = RegisteredHouseholdMemberFactory()
    assert member.demand.members.count() == 1
    application = ApplicationFactory()
    assert application.is_active
    assert OfferFactory().departement == "69"


@pytest.mark.django_db
@pytest.mark.parametrize("situation", sorted(PATHS))
def test_each_situation_of_the_application_factory_has_the_history_the_table_allows(situation):
    application = ApplicationFactory(**{situation: True})
    logs = list(application.transitions.order_by("at"))
    assert logs[0].transition == "submit"
    assert logs[-1].to_state == application.state
    for previous, log in zip(logs, logs[1:], strict=False):
        assert log.from_state == previous.to_state
        # Each step is one the table allows from where the application stood.
        assert workflow.get_transition(log.transition).target.value == log.to_state
        assert log.from_state in {s.value for s in workflow.get_transition(log.transition).sources}
    assert (application.answer_deadline is not None) == (application.state == "offer_made")


@pytest.mark.django_db
def test_a_bare_state_writes_no_history():
    assert not ApplicationFactory(state="validated").transitions.exists()
