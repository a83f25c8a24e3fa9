""" "Je postule": one application in progress at a time, enforced by the database."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from logis.applications.models import Application, TransitionLog
from logis.applications.services import ApplicationError, application_submit
from logis.offers.models import Offer
from tests.factories import ApplicationFactory, DemandFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_submit_creates_the_application_with_its_first_history_row(demand, offer):
    submission = application_submit(demand=demand, offer=offer, by=demand.owner)

    assert submission.created
    application = Application.objects.get()
    assert application == submission.application
    assert application.demand == demand
    assert application.offer == offer
    assert application.state == "submitted"
    log = TransitionLog.objects.get(application=application)
    assert log.from_state == ""
    assert log.to_state == "submitted"
    assert log.transition == "submit"
    assert log.by == demand.owner


def test_the_applicant_is_e_mailed_after_commit(demand, offer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        application_submit(demand=demand, offer=offer, by=demand.owner)
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [demand.owner.email]
    assert "« T3 lumineux avec balcon »" in mailoutbox[0].subject
    assert "Bonjour Camille" in mailoutbox[0].body
    assert offer.reference in mailoutbox[0].body


def test_a_second_application_elsewhere_is_refused_while_one_is_in_progress(demand, offer, other_offer):
    application_submit(demand=demand, offer=offer, by=demand.owner)

    with pytest.raises(ApplicationError) as error:
        application_submit(demand=demand, offer=other_offer, by=demand.owner)

    assert error.value.message == (
        "Vous avez déjà une candidature en cours pour « T3 lumineux avec balcon ». Retirez-la dans "
        "« Mes candidatures » pour postuler à une autre offre."
    )
    assert error.value.action_url == "applications:list"
    assert Application.objects.count() == 1


def test_the_same_offer_twice_gives_one_application(demand, offer):
    first = application_submit(demand=demand, offer=offer, by=demand.owner)
    second = application_submit(demand=demand, offer=offer, by=demand.owner)

    assert not second.created
    assert second.application == first.application
    assert Application.objects.count() == 1
    assert TransitionLog.objects.count() == 1


def test_the_database_refuses_a_second_active_application_for_a_demand(demand, offer, other_offer):
    ApplicationFactory(demand=demand, offer=offer)
    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        ApplicationFactory(demand=demand, offer=other_offer, state="validated")


@pytest.mark.parametrize("finished", ["withdrawn", "set_aside"])
def test_finished_applications_do_not_block_a_new_one(demand, offer, other_offer, finished):
    ApplicationFactory(demand=demand, offer=offer, state=finished)
    assert application_submit(demand=demand, offer=other_offer, by=demand.owner).created


def test_information_must_be_completed_first(offer):
    demand = DemandFactory()
    with pytest.raises(ApplicationError) as error:
        application_submit(demand=demand, offer=offer, by=demand.owner)
    assert error.value.code == "information_missing"
    assert error.value.action_url == "demands:information"
    assert not Application.objects.exists()


def test_an_expired_demand_cannot_apply(offer):
    demand = DemandFactory(with_information=True, expires_on=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ApplicationError) as error:
        application_submit(demand=demand, offer=offer, by=demand.owner)
    assert error.value.code == "demand_expired"
    assert error.value.action_url == "demands:situation"


def test_a_demand_radiated_at_the_register_cannot_apply(offer):
    demand = DemandFactory(with_information=True, register_status="radiated")
    with pytest.raises(ApplicationError) as error:
        application_submit(demand=demand, offer=offer, by=demand.owner)
    assert error.value.code == "demand_expired"


@pytest.mark.parametrize("status", [Offer.Status.DRAFT, Offer.Status.SUSPENDED, Offer.Status.CLOSED])
def test_an_offer_that_is_not_live_cannot_be_applied_to(demand, offer, status):
    offer.status = status
    offer.save()
    with pytest.raises(ApplicationError) as error:
        application_submit(demand=demand, offer=offer, by=demand.owner)
    assert error.value.code == "offer_closed"


def test_only_the_owner_of_the_demand_may_apply(demand, offer):
    with pytest.raises(ApplicationError, match="Seul le titulaire de la demande peut postuler"):
        application_submit(demand=demand, offer=offer, by=UserFactory())
    assert not Application.objects.exists()
