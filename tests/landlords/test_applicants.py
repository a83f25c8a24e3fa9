"""For each offer: applicants ranked with the breakdown, the verdict and the pieces; validate, set aside, agenda."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from logis.applications.models import TransitionLog
from logis.applications.services import application_transition
from logis.applications.workflow import Role
from logis.commission.models import AgendaItem
from logis.landlords.models import Visit
from logis.offers.models import Offer
from logis.registry.models import RegisteredDemand
from tests.commission.factories import CommissionSessionFactory
from tests.factories import ApplicationFactory, RegisteredDemandFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(offer):
    now = timezone.now()
    return [
        ApplicationFactory(
            offer=offer,
            demand__owner__first_name=name,
            demand__owner__last_name="Durand",
            created_at=now - dt.timedelta(hours=hours),
        )
        for name, hours in (("Alice", 3), ("Bruno", 2), ("Chloé", 1))
    ]


def test_the_ranking_page_lists_the_applicants_with_their_verdict_and_rank(agent_client, offer, applications):
    page = agent_client.get(reverse("landlords:offer_applicants", args=[offer.pk])).content.decode()
    assert "1er sur 3" in page
    assert "3e sur 3" in page
    for application in applications:
        assert application.demand.owner.get_full_name() in page
    assert "Éligib" in page  # a verdict (or "non évaluée") for each applicant


def test_the_ranking_page_query_count_does_not_grow_with_the_applicants_nor_the_rows_shown(
    agent_client, offer, applications
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("landlords:offer_applicants", args=[offer.pk])
    agent_client.get(url)  # the scores of the three are computed and stored
    with CaptureQueriesContext(connection) as few:
        agent_client.get(url)
    for _ in range(40):
        ApplicationFactory(offer=offer)
    agent_client.get(url)  # the new ones' scores are stored (the task does it after commit)
    with CaptureQueriesContext(connection) as many:
        page = agent_client.get(url).content.decode()
    assert f"1er sur {3 + 40}" in page
    # One page of stored scores with their verdicts and the employer's agreements, and one query per kind of detail
    # for the rows shown (the pieces): the same number of queries for 3 applicants as for 43, for 3 rows as for 25.
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
    # The transaction (2), the agent's memberships (also the navigation's), the offer with whether a session of the
    # commission is open, the grid, the counts (in progress, current, closed), the page, the pieces, the audit.
    assert len(many) <= 9, [query["sql"] for query in many.captured_queries]


def test_the_ranking_page_says_how_many_are_closed_and_offers_the_agenda_only_with_an_open_session(
    agent, agent_client, offer, applications
):
    url = reverse("landlords:offer_applicants", args=[offer.pk])
    application_transition(application=applications[2], name="withdraw", by=applications[2].demand.owner,
                           role=Role.APPLICANT)  # fmt: skip
    page = " ".join(agent_client.get(url).content.decode().split())
    assert "1 candidature close ne figure pas dans ce classement." in page
    assert "2e sur 2" in page
    # Sessions of another landlord, or closed ones, open no agenda.
    CommissionSessionFactory()
    CommissionSessionFactory(landlord=offer.landlord, closed_at=timezone.now())
    page = agent_client.get(url).content.decode()
    assert "Aucune séance ouverte." in page
    assert 'name="agenda-session"' not in page
    CommissionSessionFactory(landlord=offer.landlord)
    page = agent_client.get(url).content.decode()
    assert "Aucune séance ouverte." not in page
    assert "Validez d&#x27;abord des dossiers" in page or "Validez d'abord des dossiers" in page


def test_the_navigation_of_the_ranking_page_shows_every_role_of_the_agent(agent, agent_client, offer, applications):
    from logis.organizations.models import Membership
    from tests.factories import MembershipFactory, OrganizationFactory

    url = reverse("landlords:offer_applicants", args=[offer.pk])
    page = agent_client.get(url).content.decode()
    assert "Espace bailleur" in page
    assert "Commission d&#x27;attribution" not in page
    assert "Commission d'attribution" not in page
    MembershipFactory(user=agent, organization=OrganizationFactory(landlord=True), role=Membership.Role.COMMISSION)
    page = agent_client.get(url).content.decode()
    assert "Commission d&#x27;attribution" in page or "Commission d'attribution" in page


def test_an_agent_whose_membership_is_inactive_is_refused_the_ranking(agent, agent_client, offer, applications):
    from logis.organizations.models import Membership

    url = reverse("landlords:offer_applicants", args=[offer.pk])
    assert agent_client.get(url).status_code == 200
    Membership.objects.filter(user=agent).update(is_active=False)
    assert agent_client.get(url).status_code == 403


def test_the_agent_validates_a_file_from_the_ranking(agent_client, offer, applications):
    url = reverse("landlords:application_act", args=[applications[0].pk, "validate"])
    response = agent_client.post(url, {"next": "applicants"})
    assert response.url == reverse("landlords:offer_applicants", args=[offer.pk])
    applications[0].refresh_from_db()
    assert applications[0].state == "validated"


def test_the_validation_reads_the_agents_memberships_once_and_makes_few_queries(
    agent_client, offer, applications, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("landlords:application_act", args=[applications[0].pk, "validate"])
    agent_client.get(reverse("landlords:dashboard"))  # the signed-in person is in the cache, as on every later page
    with CaptureQueriesContext(connection) as captured:
        agent_client.post(url, {"next": "applicants"})
    sql = [query["sql"] for query in captured.captured_queries]
    applications[0].refresh_from_db()
    assert applications[0].state == "validated"
    # The permission check, the scope of the file and the role checked by the transition: one read of the
    # memberships (three before).
    assert sum('FROM "organizations_membership"' in query for query in sql) == 1, sql
    assert len(sql) <= 17, sql


def test_an_agent_of_another_landlord_cannot_validate_and_the_file_stays_as_it_was(
    client, offer, other_offer, applications
):
    from logis.organizations.models import Membership
    from tests.factories import MembershipFactory

    client.force_login(MembershipFactory(organization=other_offer.landlord, role=Membership.Role.AGENT).user)
    url = reverse("landlords:application_act", args=[applications[0].pk, "validate"])
    assert client.post(url, {"next": "applicants"}).status_code == 404
    applications[0].refresh_from_db()
    assert applications[0].state == "submitted"


def test_setting_a_file_aside_needs_a_reason_which_the_applicant_receives(
    agent_client, applications, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("landlords:application_act", args=[applications[0].pk, "set_aside"])
    agent_client.post(url, {"set_aside-comment": "", "set_aside-category": "typology_unsuited"})
    applications[0].refresh_from_db()
    assert applications[0].state == "submitted"
    # Without a category the page refuses, and keeps what was typed.
    response = agent_client.post(url, {"set_aside-comment": "Logement trop petit pour votre foyer."})
    assert response.status_code == 400
    assert "Choisissez la catégorie du motif" in response.content.decode()
    assert "Logement trop petit pour votre foyer." in response.content.decode()
    applications[0].refresh_from_db()
    assert applications[0].state == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        agent_client.post(
            url,
            {"set_aside-comment": "Logement trop petit pour votre foyer.", "set_aside-category": "typology_unsuited"},
        )
    applications[0].refresh_from_db()
    assert applications[0].state == "set_aside"
    log = TransitionLog.objects.get(application=applications[0])
    assert (log.comment, log.reason_category) == ("Logement trop petit pour votre foyer.", "typology_unsuited")
    assert mailoutbox[-1].to == [applications[0].demand.owner.email]
    assert "Motif : Logement trop petit pour votre foyer." in mailoutbox[-1].body
    assert "Ce qui pourrait changer : Postulez à un logement dont la typologie convient" in mailoutbox[-1].body


def test_the_applicant_reads_why_the_file_was_set_aside_and_what_could_change(client, agent, applications):
    application = applications[0]
    application_transition(
        application=application, name="set_aside", by=agent, role=Role.LANDLORD_AGENT,
        comment="Il manque l'avis d'imposition 2025.", reason_category="incomplete_file",
    )  # fmt: skip
    client.force_login(application.demand.owner)
    page = " ".join(client.get(reverse("applications:list")).content.decode().split())
    assert "Pourquoi ?" in page
    assert "Dossier incomplet : pièce manquante." in page
    assert "Précisions du bailleur : Il manque l&#x27;avis d&#x27;imposition 2025." in page
    assert "Ce qui pourrait changer :" in page
    assert "Déposez la pièce qui manque dans « Mon dossier »" in page


def test_the_agent_puts_three_candidates_on_the_agenda_from_the_offer_page(agent_client, offer, applications):
    session = CommissionSessionFactory(landlord=offer.landlord)
    for application in applications:
        application.state = "validated"
        application.save()
    url = reverse("landlords:offer_applicants", args=[offer.pk])
    page = agent_client.get(url).content.decode()
    assert "Inscrire à l&#x27;ordre du jour" in page or "Inscrire à l'ordre du jour" in page
    response = agent_client.post(
        url, {"agenda-session": session.pk, "agenda-applications": [applications[0].pk, applications[1].pk]}
    )
    assert "au moins 3 candidats" in response.content.decode()
    assert not AgendaItem.objects.exists()
    response = agent_client.post(
        url, {"agenda-session": session.pk, "agenda-applications": [a.pk for a in applications]}
    )
    assert response.status_code == 302
    assert AgendaItem.objects.filter(agenda_offer__session=session).count() == 3


def test_the_agent_schedules_the_visit_then_records_the_lease(
    agent_client, offer, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(offer=offer, accepted_by_the_applicant=True)
    registered = RegisteredDemandFactory(numero_unique=application.demand.numero_unique)
    page = agent_client.get(reverse("landlords:application", args=[application.pk])).content.decode()
    assert "Programmer la visite" in page
    when = (timezone.localtime() + dt.timedelta(days=3)).replace(hour=14, minute=30)
    with django_capture_on_commit_callbacks(execute=True):
        agent_client.post(
            reverse("landlords:visit_schedule", args=[application.pk]),
            {"visit-at": when.strftime("%Y-%m-%dT%H:%M"), "visit-meeting_point": "Loge du gardien"},
        )
    application.refresh_from_db()
    assert application.state == "visit_scheduled"
    assert application.visit.meeting_point == "Loge du gardien"
    assert "14h30" in mailoutbox[-1].body
    # Before the visit, the lease is refused with the date of the visit; the date typed stays in the form.
    response = agent_client.post(
        reverse("landlords:lease_record", args=[application.pk]),
        {"lease-signed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    page = response.content.decode()
    visit_label = date_format(when, "l j F Y à H\\hi")
    assert f"La visite est prévue le {visit_label}" in page
    assert f'value="{timezone.localdate().isoformat()}"' in page
    application.refresh_from_db()
    assert application.state == "visit_scheduled"
    # The visit took place this morning (the test moves it): a lease signed before that day is refused too.
    visited = timezone.localtime().replace(hour=0, minute=1)
    Visit.objects.filter(application=application).update(at=visited)
    response = agent_client.post(
        reverse("landlords:lease_record", args=[application.pk]),
        {"lease-signed_on": (visited.date() - dt.timedelta(days=1)).isoformat()},
    )
    assert "Le bail ne peut pas avoir été signé avant la visite" in response.content.decode()
    agent_client.post(
        reverse("landlords:lease_record", args=[application.pk]), {"lease-signed_on": visited.date().isoformat()}
    )
    application.refresh_from_db()
    offer.refresh_from_db()
    registered.refresh_from_db()
    assert application.state == "lease_signed"
    assert offer.status == Offer.Status.CLOSED
    assert registered.status == RegisteredDemand.Status.ATTRIBUTED
    # The platform's copy of the demand ends too: the retention of the file counts from here.
    application.demand.refresh_from_db()
    assert application.demand.register_status == "attributed"


def test_a_visit_in_the_past_is_refused(agent_client, offer):
    application = ApplicationFactory(offer=offer, accepted_by_the_applicant=True)
    agent_client.post(
        reverse("landlords:visit_schedule", args=[application.pk]),
        {"visit-at": (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
    )
    application.refresh_from_db()
    assert application.state == "accepted"


def test_the_file_page_shows_the_score_breakdown_the_verdict_and_the_pieces(agent_client, applications):
    page = agent_client.get(reverse("landlords:application", args=[applications[0].pk])).content.decode()
    assert "Cotation" in page
    assert "points" in page
    assert "Pièces du dossier" in page
    assert "Historique" in page
    assert "Valider le dossier (pré-sélection)" in page


def test_the_dashboard_has_bounded_queries(agent_client, offer, django_assert_max_num_queries):
    from tests.factories import OfferFactory

    for _ in range(30):
        OfferFactory(landlord=offer.landlord)
    with django_assert_max_num_queries(10):
        response = agent_client.get(reverse("landlords:dashboard"))
    assert "Page 1 sur 2" in response.content.decode()


def test_the_ranking_filters_by_step_and_keeps_the_rank_in_the_whole_ranking(agent_client, offer, applications):
    applications[2].state = "validated"
    applications[2].save()
    url = reverse("landlords:offer_applicants", args=[offer.pk])
    page = agent_client.get(url, {"etape": "validated"}).content.decode()
    assert applications[2].demand.owner.get_full_name() in page
    assert applications[0].demand.owner.get_full_name() not in page
    assert "sur 3" in page  # the rank among all applicants in progress


def test_the_landlord_pages_show_the_answer_deadline_of_the_dwelling_offered(agent_client, offer):
    offered = ApplicationFactory(offer=offer, state="offer_made", answer_deadline=dt.date(2026, 4, 7))
    ranking = agent_client.get(reverse("landlords:offer_applicants", args=[offer.pk])).content.decode()
    assert "Réponse au plus tard le 7 avril 2026" in ranking
    file_page = agent_client.get(reverse("landlords:application", args=[offered.pk])).content.decode()
    assert "réponse attendue au plus tard le <strong>mardi 7 avril 2026</strong>" in file_page


def test_the_ranking_reads_the_default_grid_file_once_per_process(agent_client, offer, monkeypatch):
    from logis.scoring import services

    ApplicationFactory(offer=offer)
    services.default_grid_version()

    def read_again(*args, **kwargs):
        raise AssertionError("the grid file is read again")

    monkeypatch.setattr(services, "read_grid_file", read_again)
    monkeypatch.setattr(services, "grid_from_file", read_again)
    response = agent_client.get(reverse("landlords:offer_applicants", args=[offer.pk]))
    assert "1er sur 1" in response.content.decode()
