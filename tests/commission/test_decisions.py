"""The CALEOL: agenda of at least three candidates, one decision per candidate, offers passed down the ranking."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from logis.applications.services import application_transition, applications_expire_offers
from logis.applications.workflow import Role
from logis.commission.models import AgendaOffer, Decision
from logis.commission.services import CommissionError, agenda_add, decision_record, session_close
from logis.eligibility.models import LandlordPolicy
from logis.offers.models import Offer
from logis.registry.models import RegisteredDemand
from tests.factories import ApplicationFactory, RegisteredDemandFactory

pytestmark = pytest.mark.django_db


def _states(applications):
    for application in applications:
        application.refresh_from_db()
    return [a.state for a in applications]


@pytest.fixture
def agenda(session, offer, validated, agent):
    entry = agenda_add(session=session, offer=offer, applications=validated, by=agent)
    return list(entry.items.order_by("position"))


def test_the_agent_puts_three_validated_candidates_on_the_agenda(agenda, validated):
    assert len(agenda) == 3
    assert _states(validated) == ["in_commission"] * 3
    assert all(application.scores.get().grid_version_id for application in validated)


def test_fewer_than_three_candidates_need_the_legal_reason(session, offer, validated, agent):
    with pytest.raises(CommissionError) as error:
        agenda_add(session=session, offer=offer, applications=validated[:2], by=agent)
    assert "au moins 3 candidats" in error.value.message
    assert _states(validated) == ["validated"] * 3
    entry = agenda_add(
        session=session, offer=offer, applications=validated[:1], fewer_reason=AgendaOffer.FewerReason.DALO, by=agent
    )
    assert entry.fewer_reason == "dalo"
    assert _states(validated)[0] == "in_commission"


def test_only_validated_files_go_on_the_agenda(session, offer, validated, agent):
    submitted = ApplicationFactory(offer=offer)
    with pytest.raises(
        CommissionError, match="impossible : la candidature est à l'étape « Candidature envoyée au bailleur »"
    ):
        agenda_add(session=session, offer=offer, applications=[*validated[:2], submitted], by=agent)
    assert _states(validated) == ["validated"] * 3


def test_a_commission_member_cannot_fill_the_agenda(session, offer, validated, member):
    with pytest.raises(CommissionError, match="Seuls les chargés de clientèle du bailleur inscrivent"):
        agenda_add(session=session, offer=offer, applications=validated, by=member)


def test_an_offer_of_another_landlord_cannot_go_on_the_agenda(session, agent):
    other = ApplicationFactory(validated_by_landlord=True)
    with pytest.raises(CommissionError, match="Cette offre n'appartient pas au bailleur de cette séance"):
        agenda_add(session=session, offer=other.offer, applications=[other], by=agent)


def test_a_second_decision_on_the_same_candidate_is_rejected(agenda, member):
    decision_record(agenda_item=agenda[0], kind=Decision.Kind.ATTRIBUTION, by=member)
    with pytest.raises(CommissionError) as error:
        decision_record(
            agenda_item=agenda[0],
            kind=Decision.Kind.NOT_ATTRIBUTED,
            reason="Revirement",
            reason_category="other",
            by=member,
        )
    assert "déjà pris une décision" in error.value.message
    assert Decision.objects.count() == 1
    assert agenda[0].application.decisions.get().kind == "attribution"


def test_the_database_refuses_a_second_decision_on_the_same_candidate(agenda, member):
    first = decision_record(agenda_item=agenda[0], kind=Decision.Kind.ATTRIBUTION, by=member)
    with pytest.raises(IntegrityError, match="(?i)unique"):
        Decision.objects.create(
            agenda_item=agenda[0],
            application=first.application,
            offer=first.offer,
            session=first.session,
            kind=Decision.Kind.INADMISSIBLE,
            reason="x",
            reason_category="residence_permit",
            decided_at=timezone.now(),
        )


def test_an_agent_cannot_decide_for_the_commission(agenda, agent):
    with pytest.raises(CommissionError, match="Seuls les membres de la CALEOL du bailleur prennent ses décisions"):
        decision_record(agenda_item=agenda[0], kind=Decision.Kind.ATTRIBUTION, by=agent)
    assert not Decision.objects.exists()


def test_who_may_decide_is_checked_before_the_request_is_validated(agenda, agent):
    """An outsider learns nothing about the decision's rules (nor the file's state): the first refusal is the
    permission."""
    with pytest.raises(CommissionError, match="Seuls les membres de la CALEOL"):
        decision_record(agenda_item=agenda[0], kind="not-a-kind", by=agent)
    with pytest.raises(CommissionError, match="Seuls les membres de la CALEOL"):
        decision_record(agenda_item=agenda[0], kind=Decision.Kind.RANKED, rank=0, by=agent)


def test_each_decision_of_the_legal_list_moves_the_file_and_notifies_the_applicant(
    agenda, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(agenda_item=agenda[0], kind=Decision.Kind.RANKED, rank=1, by=member)
        decision_record(agenda_item=agenda[1], kind=Decision.Kind.RANKED, rank=2, by=member)
        decision_record(
            agenda_item=agenda[2],
            kind=Decision.Kind.INADMISSIBLE,
            reason="Titre de séjour",
            reason_category="residence_permit",
            by=member,
        )
    assert _states([item.application for item in agenda]) == ["offer_made", "ranked", "inadmissible"]
    assert len(mailoutbox) == 3
    deadline = agenda[0].application.answer_deadline
    assert f"répondez au plus tard le {date_format(deadline, 'j F Y')}" in mailoutbox[0].subject
    assert f"jusqu'au {date_format(deadline, 'l j F Y')} inclus" in mailoutbox[0].body
    assert "Motif : Titre de séjour" in mailoutbox[2].body
    assert "Ce qui pourrait changer : Déposez un titre de séjour en cours de validité" in mailoutbox[2].body


def test_a_suspensive_condition_needs_the_missing_piece_and_a_deadline(agenda, member):
    with pytest.raises(CommissionError, match="Indiquez la pièce manquante et la date limite"):
        decision_record(agenda_item=agenda[0], kind=Decision.Kind.CONDITIONAL, missing_piece="", by=member)
    decision_record(
        agenda_item=agenda[0],
        kind=Decision.Kind.CONDITIONAL,
        missing_piece="Avis d'imposition 2025",
        deadline=timezone.localdate() + dt.timedelta(days=15),
        by=member,
    )
    assert _states([agenda[0].application]) == ["conditional"]


def test_non_attribution_needs_a_reason(agenda, member):
    with pytest.raises(CommissionError, match="Indiquez le motif de la décision"):
        decision_record(agenda_item=agenda[0], kind=Decision.Kind.NOT_ATTRIBUTED, by=member)


def test_two_candidates_cannot_both_get_the_dwelling_nor_the_same_rank(agenda, member):
    decision_record(agenda_item=agenda[0], kind=Decision.Kind.ATTRIBUTION, by=member)
    with pytest.raises(CommissionError, match="Le logement est déjà attribué à un autre candidat dans cette séance"):
        decision_record(agenda_item=agenda[1], kind=Decision.Kind.RANKED, rank=1, by=member)
    decision_record(agenda_item=agenda[1], kind=Decision.Kind.RANKED, rank=2, by=member)
    with pytest.raises(CommissionError, match="Un autre candidat est déjà classé au rang 2"):
        decision_record(agenda_item=agenda[2], kind=Decision.Kind.RANKED, rank=2, by=member)


@pytest.fixture
def ranked(agenda, member):
    for rank, item in enumerate(agenda, start=1):
        decision_record(agenda_item=item, kind=Decision.Kind.RANKED, rank=rank, by=member)
    return [item.application for item in agenda]


def test_a_refusal_passes_the_offer_to_the_next_ranked(ranked):
    application_transition(
        application=ranked[0],
        name="refuse",
        by=ranked[0].demand.owner,
        role=Role.APPLICANT,
        reason_category="refusal_distance",
    )
    assert _states(ranked) == ["refused", "offer_made", "ranked"]


PARIS = ZoneInfo("Europe/Paris")


def _paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def ranked_on_a_wednesday(agenda, member):
    """The CALEOL ranks three candidates on Wednesday 3 December 2025 at 18:00 (Paris); the first is notified."""
    with time_machine.travel(_paris(2025, 12, 3, 18, 0), tick=False):
        for rank, item in enumerate(agenda, start=1):
            decision_record(agenda_item=item, kind=Decision.Kind.RANKED, rank=rank, by=member)
    return [item.application for item in agenda]


def test_the_deadline_is_stored_when_the_offer_is_made(ranked_on_a_wednesday):
    first = ranked_on_a_wednesday[0]
    first.refresh_from_db()
    # Day 1 is Thursday 4; day 10 is Saturday 13, so the delay runs to Monday 15 December (CPC 641-642).
    assert first.answer_deadline == dt.date(2025, 12, 15)
    assert ranked_on_a_wednesday[1].answer_deadline is None


def test_silence_until_midnight_of_the_last_day_passes_the_offer_to_the_next_ranked(ranked_on_a_wednesday):
    ranked = ranked_on_a_wednesday
    with time_machine.travel(_paris(2025, 12, 15, 23, 59), tick=False):
        assert applications_expire_offers() == []  # the last day is not over
    assert _states(ranked) == ["offer_made", "ranked", "ranked"]
    with time_machine.travel(_paris(2025, 12, 16, 0, 1), tick=False):
        assert applications_expire_offers() == [ranked[0]]
        assert applications_expire_offers() == []  # safe to run twice
    assert _states(ranked) == ["expired", "offer_made", "ranked"]
    # Offered on Tuesday 16 December: day 10 is Friday 26 December, a working day outside Alsace-Moselle.
    assert ranked[1].answer_deadline == dt.date(2025, 12, 26)
    with time_machine.travel(_paris(2025, 12, 27, 0, 1), tick=False):
        applications_expire_offers()
    assert _states(ranked) == ["expired", "expired", "offer_made"]


def test_the_landlord_may_give_a_longer_delay(agenda, member, offer):
    LandlordPolicy.objects.create(organization=offer.landlord, answer_days=15)
    with time_machine.travel(_paris(2025, 12, 1, 9, 0), tick=False):
        decision_record(agenda_item=agenda[0], kind=Decision.Kind.ATTRIBUTION, by=member)
    application = agenda[0].application
    application.refresh_from_db()
    assert application.answer_deadline == dt.date(2025, 12, 16)
    with time_machine.travel(_paris(2025, 12, 12, 10, 0), tick=False):  # ten days and more have passed
        assert applications_expire_offers() == []


def test_a_landlord_policy_of_fewer_than_ten_days_is_refused_by_the_database(offer):
    with pytest.raises(IntegrityError, match="landlord_policy_answer_days_legal"), transaction.atomic():
        LandlordPolicy.objects.create(organization=offer.landlord, answer_days=7)


def test_an_accepted_offer_stays_with_its_holder_after_ten_days(ranked):
    application_transition(application=ranked[0], name="accept", by=ranked[0].demand.owner, role=Role.APPLICANT)
    with time_machine.travel(timezone.now() + dt.timedelta(days=11), tick=False):
        assert applications_expire_offers() == []
    assert _states(ranked) == ["accepted", "ranked", "ranked"]


def test_the_signed_lease_closes_the_offer_attributes_the_demand_and_closes_the_other_files(ranked, offer, agent):
    holder = ranked[0]
    registered = RegisteredDemandFactory(numero_unique=holder.demand.numero_unique)
    waiting = ApplicationFactory(offer=offer, state="submitted")
    application_transition(application=holder, name="accept", by=holder.demand.owner, role=Role.APPLICANT)
    application_transition(application=holder, name="schedule_visit", by=agent, role=Role.LANDLORD_AGENT)
    application_transition(application=holder, name="sign_lease", by=agent, role=Role.LANDLORD_AGENT)
    assert _states([*ranked, waiting]) == ["lease_signed", "lapsed", "lapsed", "lapsed"]
    offer.refresh_from_db()
    registered.refresh_from_db()
    assert offer.status == Offer.Status.CLOSED
    assert registered.status == RegisteredDemand.Status.ATTRIBUTED


def test_the_minutes_close_only_when_every_candidate_has_its_decision(session, agenda, member):
    with pytest.raises(CommissionError, match=r"3 candidats présentés attendent encore leur décision"):
        session_close(session=session, by=member)
    for rank, item in enumerate(agenda, start=1):
        decision_record(agenda_item=item, kind=Decision.Kind.RANKED, rank=rank, by=member)
    assert session_close(session=session, by=member).closed_at is not None
    with pytest.raises(CommissionError, match="Le procès-verbal de cette séance est arrêté"):
        agenda_add(session=session, offer=agenda[0].agenda_offer.offer, applications=[], by=member)


def test_the_minutes_close_on_the_day_of_the_session_not_before(session, agenda, member):
    session.held_at = timezone.now() + dt.timedelta(days=3)
    session.save(update_fields=["held_at"])
    for rank, item in enumerate(agenda, start=1):
        decision_record(agenda_item=item, kind=Decision.Kind.RANKED, rank=rank, by=member)
    held_on = date_format(timezone.localtime(session.held_at).date(), "l j F Y")
    with pytest.raises(CommissionError, match=f"La séance du {held_on} n'a pas encore eu lieu"):
        session_close(session=session, by=member)
    session.refresh_from_db()
    assert session.closed_at is None
    on_the_day = timezone.localtime(session.held_at).replace(hour=0, minute=5)
    with time_machine.travel(on_the_day, tick=False):
        assert session_close(session=session, by=member).closed_at is not None


def test_the_scheduled_command_says_what_it_did(ranked):
    from io import StringIO

    from django.core.management import call_command

    with time_machine.travel(timezone.now() + dt.timedelta(days=11), tick=False):
        out = StringIO()
        call_command("expire_offers", stdout=out)
        assert f"Candidature n° {ranked[0].pk}" in out.getvalue()
        assert "1 proposition expirée, 0 condition non remplie." in out.getvalue()
        out = StringIO()
        call_command("expire_offers", stdout=out)
        assert "0 proposition expirée, 0 condition non remplie." in out.getvalue()


def test_a_suspensive_condition_past_its_deadline_passes_the_dwelling_to_the_next_ranked(agenda, member):
    from logis.commission.services import conditions_lapse

    deadline = timezone.localdate() + dt.timedelta(days=15)
    decision_record(
        agenda_item=agenda[0],
        kind=Decision.Kind.CONDITIONAL,
        missing_piece="Avis d'imposition 2025",
        deadline=deadline,
        by=member,
    )
    decision_record(agenda_item=agenda[1], kind=Decision.Kind.RANKED, rank=2, by=member)
    applications = [agenda[0].application, agenda[1].application]
    with time_machine.travel(timezone.now() + dt.timedelta(days=15), tick=False):
        assert conditions_lapse() == []
    with time_machine.travel(timezone.now() + dt.timedelta(days=17), tick=False):
        assert conditions_lapse() == [applications[0]]
        assert conditions_lapse() == []
    assert _states(applications) == ["not_attributed", "offer_made"]


def test_lifting_the_condition_offers_the_dwelling(agenda, member, agent):
    decision_record(
        agenda_item=agenda[0],
        kind=Decision.Kind.CONDITIONAL,
        missing_piece="Avis d'imposition 2025",
        deadline=timezone.localdate() + dt.timedelta(days=15),
        by=member,
    )
    application_transition(
        application=agenda[0].application, name="lift_condition", by=agent, role=Role.LANDLORD_AGENT
    )
    assert _states([agenda[0].application]) == ["offer_made"]


def test_a_file_withdrawn_before_the_session_waits_for_no_decision(session, agenda, member):
    withdrawn = agenda[2].application
    application_transition(application=withdrawn, name="withdraw", by=withdrawn.demand.owner, role=Role.APPLICANT)
    decision_record(agenda_item=agenda[0], kind=Decision.Kind.ATTRIBUTION, by=member)
    decision_record(
        agenda_item=agenda[1],
        kind=Decision.Kind.NOT_ATTRIBUTED,
        reason="Classé après",
        reason_category="other_priority",
        by=member,
    )
    assert session_close(session=session, by=member).closed_at is not None


def test_the_agent_takes_a_file_off_the_agenda(agenda, agent):
    from logis.commission.models import AgendaItem
    from logis.commission.services import agenda_withdraw

    agenda_withdraw(application=agenda[0].application, by=agent)
    assert _states([agenda[0].application]) == ["validated"]
    assert not AgendaItem.objects.filter(pk=agenda[0].pk).exists()


def test_a_holder_who_withdraws_passes_the_dwelling_to_the_next_ranked(ranked):
    holder = ranked[0]
    application_transition(application=holder, name="accept", by=holder.demand.owner, role=Role.APPLICANT)
    application_transition(application=holder, name="withdraw", by=holder.demand.owner, role=Role.APPLICANT)
    assert _states(ranked) == ["withdrawn", "offer_made", "ranked"]
