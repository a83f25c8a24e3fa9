"""The CALEOL's pages: sessions, decisions, minutes as a page and a PDF; the applicant's answer."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from logis.applications.perms import application_roles
from logis.applications.workflow import Role
from logis.commission.models import CommissionSession, Decision
from logis.commission.services import agenda_add, decision_record
from logis.core.text import numero_unique
from logis.organizations.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(session, offer, validated, agent):
    entry = agenda_add(session=session, offer=offer, applications=validated, by=agent)
    return list(entry.items.order_by("position"))


def test_an_agent_programs_a_session_with_the_commission_members(client, agent, member, offer):
    client.force_login(agent)
    held_at = timezone.localtime() + dt.timedelta(days=7)
    membership = member.memberships.get()
    response = client.post(
        reverse("commission:session_create"),
        {
            "landlord": offer.landlord.pk,
            "held_at": held_at.strftime("%Y-%m-%dT%H:%M"),
            "place": "Salle du conseil",
            "members": [membership.pk],
        },
    )
    session = CommissionSession.objects.get()
    assert response.url == reverse("commission:session", args=[session.pk])
    assert list(session.members.all()) == [membership]


def test_a_member_decides_on_each_candidate_from_the_session_page(client, member, session, agenda):
    client.force_login(member)
    page = client.get(reverse("commission:session", args=[session.pk])).content.decode()
    assert "Enregistrer la décision" in page
    url = reverse("commission:decide", args=[session.pk, agenda[0].pk])
    client.post(url, {f"item{agenda[0].pk}-kind": "ranked", f"item{agenda[0].pk}-rank": "1"})
    response = client.post(url, {f"item{agenda[0].pk}-kind": "inadmissible", f"item{agenda[0].pk}-reason": "x"})
    assert Decision.objects.get().kind == "ranked"
    assert response.status_code == 400  # refused: the candidate has its decision
    agenda[0].application.refresh_from_db()
    assert agenda[0].application.state == "offer_made"


def test_an_agent_sees_the_session_but_cannot_decide(client, agent, session, agenda):
    client.force_login(agent)
    page = client.get(reverse("commission:session", args=[session.pk])).content.decode()
    assert "Enregistrer la décision" not in page
    client.post(
        reverse("commission:decide", args=[session.pk, agenda[0].pk]), {f"item{agenda[0].pk}-kind": "attribution"}
    )
    assert not Decision.objects.exists()


def test_the_minutes_list_every_decision_as_a_page_and_a_pdf(client, member, session, agenda):
    for rank, item in enumerate(agenda, start=1):
        decision_record(agenda_item=item, kind=Decision.Kind.RANKED, rank=rank, by=member)
    client.force_login(member)
    client.post(reverse("commission:close", args=[session.pk]))
    page = client.get(reverse("commission:minutes", args=[session.pk])).content.decode()
    assert "Procès-verbal arrêté" in page
    assert page.count("Attribution avec classement") == 3
    assert numero_unique(agenda[0].application.demand.numero_unique) in page  # one format for all (issue #15)
    assert "points (" in page  # the score presented, with its grid version
    response = client.get(reverse("commission:minutes_pdf", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_arreter_le_proces_verbal_asks_for_confirmation_first(client, member, session, agenda):
    for rank, item in enumerate(agenda, start=1):
        decision_record(agenda_item=item, kind=Decision.Kind.RANKED, rank=rank, by=member)
    client.force_login(member)
    url = reverse("commission:close", args=[session.pk])
    page = client.get(reverse("commission:session", args=[session.pk])).content.decode()
    assert f'<form method="get" action="{url}">' in page  # the button opens the confirmation, closes nothing
    confirmation = client.get(url).content.decode()
    session.refresh_from_db()
    assert session.closed_at is None
    assert "3 décisions enregistrées" in confirmation
    assert "Confirmer : arrêter le procès-verbal" in confirmation
    assert "Annuler, revenir à la séance" in confirmation
    response = client.post(url)
    assert response.url == reverse("commission:minutes", args=[session.pk])
    session.refresh_from_db()
    assert session.closed_at is not None


def test_minutes_of_a_session_to_come_cannot_be_closed_and_the_page_says_why(client, member, session, agenda):
    session.held_at = timezone.now() + dt.timedelta(days=5)
    session.save(update_fields=["held_at"])
    for rank, item in enumerate(agenda, start=1):
        decision_record(agenda_item=item, kind=Decision.Kind.RANKED, rank=rank, by=member)
    client.force_login(member)
    held_on = date_format(timezone.localtime(session.held_at), "l j F Y")
    page = unescape(client.get(reverse("commission:session", args=[session.pk])).content.decode())
    assert f"La séance du {held_on} n'a pas encore eu lieu" in page
    confirmation = unescape(client.get(reverse("commission:close", args=[session.pk])).content.decode())
    assert "Confirmer" not in confirmation
    assert "n'a pas encore eu lieu" in confirmation
    response = client.post(reverse("commission:close", args=[session.pk]), follow=True)
    assert f"La séance du {held_on} n'a pas encore eu lieu" in unescape(response.content.decode())
    session.refresh_from_db()
    assert session.closed_at is None


def test_the_applicant_accepts_the_dwelling_offered_in_mes_candidatures(client, member, agenda):
    decision_record(agenda_item=agenda[0], kind=Decision.Kind.ATTRIBUTION, by=member)
    application = agenda[0].application
    client.force_login(application.demand.owner)
    page = client.get(reverse("applications:list")).content.decode()
    assert "Accepter le logement" in page
    application.refresh_from_db()
    assert f"Répondez au plus tard le <strong>{date_format(application.answer_deadline, 'l j F Y')}</strong>" in page
    client.post(reverse("applications:answer", args=[application.pk, "accept"]))
    application.refresh_from_db()
    assert application.state == "accepted"
    assert "Accepter le logement" not in client.get(reverse("applications:list")).content.decode()


def test_a_refusal_in_mes_candidatures_is_confirmed_with_a_reason_and_passes_the_dwelling_on(client, member, agenda):
    decision_record(agenda_item=agenda[0], kind=Decision.Kind.RANKED, rank=1, by=member)
    decision_record(agenda_item=agenda[1], kind=Decision.Kind.RANKED, rank=2, by=member)
    first, second = agenda[0].application, agenda[1].application
    client.force_login(first.demand.owner)
    # The old one-click button now leads to the confirmation page: nothing is refused yet.
    response = client.post(reverse("applications:answer", args=[first.pk, "refuse"]))
    assert response.url == reverse("applications:refuse", args=[first.pk])
    page = client.get(response.url).content.decode()
    assert "Le logement sera proposé au candidat suivant classé par la commission" in page
    assert "ne compte pas les refus" in page
    first.refresh_from_db()
    assert first.state == "offer_made"
    # A refusal without a reason is refused, and changes nothing.
    response = client.post(reverse("applications:refuse", args=[first.pk]), {"comment": "Trop loin"})
    assert response.status_code == 400
    assert "Choisissez la raison de votre refus." in response.content.decode()
    first.refresh_from_db()
    assert first.state == "offer_made"
    response = client.post(
        reverse("applications:refuse", args=[first.pk]),
        {"category": "refusal_distance", "comment": "Trop loin"},
        follow=True,
    )
    assert "Il est maintenant proposé au candidat suivant classé par la commission" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("refused", "offer_made")
    assert first.transitions.get(to_state="refused").reason_category == "refusal_distance"


def test_refusing_the_last_candidate_says_no_one_else_is_waiting(client, member, agenda):
    decision_record(agenda_item=agenda[0], kind=Decision.Kind.ATTRIBUTION, by=member)
    holder = agenda[0].application
    client.force_login(holder.demand.owner)
    page = client.get(reverse("applications:refuse", args=[holder.pk])).content.decode()
    assert "candidat suivant" not in page
    assert "La commission n&#x27;a classé aucun autre candidat pour ce logement" in page
    response = client.post(reverse("applications:refuse", args=[holder.pk]), {"category": "refusal_cost"}, follow=True)
    assert "candidat suivant" not in response.content.decode()
    holder.refresh_from_db()
    assert holder.state == "refused"


def test_another_applicant_cannot_answer(client, member, agenda):
    decision_record(agenda_item=agenda[0], kind=Decision.Kind.ATTRIBUTION, by=member)
    client.force_login(agenda[1].application.demand.owner)
    response = client.post(reverse("applications:answer", args=[agenda[0].application.pk, "accept"]))
    assert response.status_code == 404


def test_a_role_is_never_taken_from_the_form(client, agenda, offer):
    """The applicant who also sits in the landlord's CALEOL answers as the applicant only: neither the action in the
    address nor a role in the form make them decide on their own file."""
    application = agenda[0].application
    owner = application.demand.owner
    MembershipFactory(user=owner, organization=offer.landlord, role=Membership.Role.COMMISSION)
    assert Role.COMMISSION in application_roles(user=owner, application=application)  # the role is really held
    client.force_login(owner)
    for answer in ("attribute", "accept"):
        client.post(reverse("applications:answer", args=[application.pk, answer]), {"role": "commission"})
        application.refresh_from_db()
        assert application.state == "in_commission"
    assert not application.transitions.filter(to_state="offer_made").exists()


def test_the_applicant_sees_the_visit_in_mes_candidatures(client, agenda, member, agent):
    import datetime as dt

    from logis.applications.services import application_transition
    from logis.applications.workflow import Role
    from logis.landlords.services import visit_schedule

    decision_record(agenda_item=agenda[0], kind=Decision.Kind.ATTRIBUTION, by=member)
    application = agenda[0].application
    application_transition(application=application, name="accept", by=application.demand.owner, role=Role.APPLICANT)
    when = (timezone.localtime() + dt.timedelta(days=4)).replace(hour=10, minute=0)
    visit_schedule(application=application, at=when, meeting_point="Hall B", by=agent)
    client.force_login(application.demand.owner)
    page = client.get(reverse("applications:list")).content.decode()
    assert "Visite du logement" in page
    assert "10h00" in page
    assert "Hall B" in page


def test_a_withdrawn_candidate_shows_no_decision_form_in_the_session(client, member, session, agenda):
    from logis.applications.services import application_transition

    withdrawn = agenda[0].application
    application_transition(application=withdrawn, name="withdraw", by=withdrawn.demand.owner, role="applicant")
    client.force_login(member)
    page = client.get(reverse("commission:session", args=[session.pk])).content.decode()
    assert "Sans décision : candidature retirée" in page
    assert page.count("Enregistrer la décision") == 2


def test_the_session_page_and_minutes_have_bounded_queries(
    client, member, session, agenda, django_assert_max_num_queries
):
    client.force_login(member)
    # The session page scores each candidate live and reads its verdict and pieces (a few queries per candidate);
    # the minutes read everything in a fixed number of queries. Each page also records one access row per
    # candidate in one INSERT (logis.audit), and the minutes ask once whether the reader sits in the commission.
    with django_assert_max_num_queries(12 + 1 + 3 * len(agenda)):
        client.get(reverse("commission:session", args=[session.pk]))
    with django_assert_max_num_queries(12 + 2):
        client.get(reverse("commission:minutes", args=[session.pk]))


def test_mes_candidatures_tells_the_rank_and_the_missing_piece(client, member, agenda):
    import datetime as dt

    decision_record(agenda_item=agenda[0], kind=Decision.Kind.RANKED, rank=2, by=member)
    deadline = timezone.localdate() + dt.timedelta(days=12)
    decision_record(
        agenda_item=agenda[1],
        kind=Decision.Kind.CONDITIONAL,
        missing_piece="Avis d'imposition 2025",
        deadline=deadline,
        by=member,
    )
    client.force_login(agenda[0].application.demand.owner)
    assert "donné le rang 2" in client.get(reverse("applications:list")).content.decode()
    client.force_login(agenda[1].application.demand.owner)
    page = client.get(reverse("applications:list")).content.decode()
    assert "Avis d&#x27;imposition 2025" in page
    assert reverse("documents:checklist") in page


def _decide(client, session, item, **fields):
    url = reverse("commission:decide", args=[session.pk, item.pk])
    return client.post(url, {f"item{item.pk}-{name}": value for name, value in fields.items()})


def test_the_session_page_refuses_a_non_attribution_without_a_reason_category(client, member, session, agenda):
    client.force_login(member)
    response = _decide(client, session, agenda[0], kind="not_attributed", reason="Autre candidat plus ancien")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez la catégorie du motif" in page
    assert "Autre candidat plus ancien" in page  # what was typed is kept
    assert not Decision.objects.exists()
    response = _decide(
        client, session, agenda[0], kind="not_attributed", reason="Autre candidat plus ancien",
        reason_category="other_priority",
    )  # fmt: skip
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.kind, decision.reason_category) == ("not_attributed", "other_priority")


def test_an_irrecevability_takes_only_a_legal_condition_of_access(client, member, session, agenda):
    client.force_login(member)
    response = _decide(client, session, agenda[0], kind="inadmissible", reason="x", reason_category="other_priority")
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_an_attribution_takes_no_motive_and_the_minutes_print_none(client, member, session, agenda):
    client.force_login(member)
    response = _decide(client, session, agenda[0], kind="attribution", reason="Loyer trop élevé pour le ménage")
    assert response.status_code == 400
    assert "Seules une non-attribution et une irrecevabilité portent un motif" in response.content.decode()
    assert not Decision.objects.exists()
    assert _decide(client, session, agenda[0], kind="attribution").status_code == 302
    _decide(client, session, agenda[1], kind="ranked", rank="2")
    _decide(
        client, session, agenda[2], kind="not_attributed", reason="Dossier le moins ancien",
        reason_category="other_priority",
    )  # fmt: skip
    minutes = client.get(reverse("commission:minutes", args=[session.pk])).content.decode()
    assert "Attribution" in minutes
    assert minutes.count("motif :") == 1
    assert "motif : Autre candidat prioritaire pour ce logement" in minutes
    assert "Loyer trop élevé" not in minutes
