"""The pages: "Je postule" (POST from the offer page), "Mes candidatures", withdrawal."""

import datetime as dt
import html

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from logis.applications.models import Application, TransitionLog
from logis.applications.services import application_transition
from logis.applications.workflow import Role
from logis.offers.models import Offer
from tests.factories import ApplicationFactory, DemandFactory, OfferFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("applications:list")


def _apply(client, offer):
    return client.post(reverse("applications:apply", args=[offer.pk]))


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_pages_require_login(client, offer):
    assert reverse("account_login") in client.get(LIST)["Location"]
    assert reverse("account_login") in _apply(client, offer)["Location"]


def test_get_on_apply_is_refused(applicant_client, offer):
    assert applicant_client.get(reverse("applications:apply", args=[offer.pk])).status_code == 405
    assert not Application.objects.exists()


@pytest.mark.parametrize("status", [Offer.Status.DRAFT, Offer.Status.SUSPENDED, Offer.Status.CLOSED])
def test_apply_to_an_offer_that_is_not_live_is_not_found(applicant_client, offer, status):
    offer.status = status
    offer.save()
    assert _apply(applicant_client, offer).status_code == 404
    assert not Application.objects.exists()


def test_apply_to_an_unknown_offer_is_not_found(applicant_client):
    assert applicant_client.post(reverse("applications:apply", args=[987654])).status_code == 404


def test_apply_lands_on_the_new_application(applicant_client, offer):
    response = _apply(applicant_client, offer)

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}#candidature-{application.pk}"
    assert "est envoyée au bailleur" in _messages(response)[0]
    page = applicant_client.get(LIST).content.decode()
    assert f'id="candidature-{application.pk}"' in page
    assert "T3 lumineux avec balcon" in page
    assert "Candidature envoyée au bailleur" in page
    assert timezone.localtime(application.created_at).strftime("%Y-%m-%dT%H:%M") in page


def test_apply_writes_in_few_queries_and_hands_one_message_to_the_broker(
    applicant_client, offer, monkeypatch, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """« Je postule »: no read of an application in progress first (the database's constraint is the check), the
    notification and the outbox row each in one statement, the applicant's e-mail and the new application's score
    handed to the task queue together after the commit (issue #13)."""
    from logis.core import tasks

    handed = []
    monkeypatch.setattr(tasks, "send", handed.append)
    # 16: the request's savepoint, the signed-in person (the cache is cold in a test), the offer, the demand, the
    # service's savepoint, the landlord's policy, the insert's savepoint and two inserts, the muted categories, the
    # notification, the outbox row, the landlord's webhooks.
    with django_assert_max_num_queries(16) as captured, django_capture_on_commit_callbacks(execute=True):
        response = _apply(applicant_client, offer)
    application = Application.objects.get()
    assert response["Location"] == f"{LIST}#candidature-{application.pk}"
    statements = [query["sql"] for query in captured.captured_queries]
    assert not any(sql.startswith('SELECT "applications_application"') for sql in statements)
    assert not any(sql.startswith('SELECT "notifications_notification"') for sql in statements)
    assert [sorted(task.name for task, _args, _kwargs in jobs) for jobs in handed] == [
        ["notifications.send_outbox_message", "scoring.refresh_ranking_scores"]
    ]


def test_double_submission_gives_one_application_and_an_informative_message(applicant_client, offer):
    first = _apply(applicant_client, offer)
    second = _apply(applicant_client, offer)

    application = Application.objects.get()
    assert first["Location"] == second["Location"] == f"{LIST}#candidature-{application.pk}"
    assert "Vous avez déjà postulé à « T3 lumineux avec balcon » : voici votre candidature." in _messages(second)


def test_a_second_offer_is_refused_with_a_link_to_mes_candidatures(applicant_client, offer, other_offer):
    _apply(applicant_client, offer)
    response = _apply(applicant_client, other_offer)

    assert response["Location"] == reverse("offers:detail", args=[other_offer.pk])
    message = html.unescape(_messages(response)[-1])
    assert "Vous avez déjà une candidature en cours pour « T3 lumineux avec balcon »" in message
    assert f'<a href="{LIST}">' in message
    assert Application.objects.count() == 1


def test_without_an_imported_demand_the_message_links_to_ma_situation(client, offer):
    client.force_login(UserFactory())
    response = _apply(client, offer)
    assert reverse("demands:situation") in _messages(response)[0]
    assert not Application.objects.exists()


def test_without_les_informations_the_message_links_to_them(client, offer):
    demand = DemandFactory()
    client.force_login(demand.owner)
    response = _apply(client, offer)
    message = _messages(response)[0]
    assert "complétez « Les informations »" in message
    assert reverse("demands:information") in message
    assert not Application.objects.exists()


def test_with_an_expired_demand_the_message_says_to_renew(client, offer):
    demand = DemandFactory(with_information=True, expires_on=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(demand.owner)
    response = _apply(client, offer)
    assert "renouvelez-la" in _messages(response)[0]


def test_withdrawal_asks_for_confirmation_first(applicant_client, demand, offer):
    application = ApplicationFactory(demand=demand, offer=offer)
    response = applicant_client.get(reverse("applications:withdraw", args=[application.pk]))
    assert response.status_code == 200
    assert "Confirmer le retrait" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "submitted"


def test_withdraw_then_apply_elsewhere(applicant_client, demand, offer, other_offer):
    _apply(applicant_client, offer)
    application = Application.objects.get()

    response = applicant_client.post(
        reverse("applications:withdraw", args=[application.pk]), {"comment": "Trop loin de l'école."}
    )

    assert response["Location"] == f"{LIST}#candidature-{application.pk}"
    application.refresh_from_db()
    assert application.state == "withdrawn"
    assert TransitionLog.objects.filter(application=application).last().comment == "Trop loin de l'école."
    _apply(applicant_client, other_offer)
    assert Application.objects.filter(demand=demand).active().get().offer == other_offer
    page = html.unescape(applicant_client.get(LIST).content.decode())
    assert "Candidature retirée" in page
    assert "Votre commentaire : Trop loin de l'école." in page


def test_another_applicants_application_is_not_found(applicant_client):
    theirs = ApplicationFactory()
    url = reverse("applications:withdraw", args=[theirs.pk])
    assert applicant_client.get(url).status_code == 404
    assert applicant_client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "submitted"


def test_the_landlord_agent_cannot_withdraw_for_the_applicant(client, demand, offer, agent):
    application = ApplicationFactory(demand=demand, offer=offer)
    client.force_login(agent)
    assert client.post(reverse("applications:withdraw", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.state == "submitted"


def test_a_finished_application_has_nothing_to_withdraw(applicant_client, demand, offer):
    application = ApplicationFactory(demand=demand, offer=offer, state="set_aside")
    response = applicant_client.post(reverse("applications:withdraw", args=[application.pk]))
    assert "n'est plus en cours" in _messages(response)[0]
    application.refresh_from_db()
    assert application.state == "set_aside"


def test_the_list_shows_only_my_applications_newest_first(applicant_client, demand):
    now = timezone.now()
    older = ApplicationFactory(demand=demand, state="withdrawn", created_at=now - dt.timedelta(days=3))
    newer = ApplicationFactory(demand=demand, created_at=now - dt.timedelta(days=1))
    theirs = ApplicationFactory(offer=OfferFactory(title="Logement de quelqu'un d'autre"))

    page = applicant_client.get(LIST).content.decode()

    assert page.index(f'id="candidature-{newer.pk}"') < page.index(f'id="candidature-{older.pk}"')
    assert f'id="candidature-{theirs.pk}"' not in page
    assert "Retirer ma candidature" in page
    assert page.count("Retirer ma candidature") == 1  # only the one in progress


def test_an_empty_list_points_to_the_offers(applicant_client):
    page = applicant_client.get(LIST).content.decode()
    assert "Vous n'avez encore postulé à aucune offre." in html.unescape(page)
    assert reverse("offers:list") in page


def test_the_list_page_does_not_query_per_application(applicant_client, demand, agent, django_assert_max_num_queries):
    for _ in range(5):
        application = ApplicationFactory(demand=demand)
        TransitionLog.objects.create(
            application=application, transition="submit", to_state="submitted", by=demand.owner, at=timezone.now()
        )
        application_transition(application=application, name="withdraw", by=demand.owner, role=Role.APPLICANT)
    theirs = ApplicationFactory()  # another applicant's
    with django_assert_max_num_queries(8) as captured:
        response = applicant_client.get(LIST)
    page = response.content.decode()
    assert page.count("Candidature retirée") >= 5
    assert f'id="candidature-{theirs.pk}"' not in page
    # The person's own applications: no second scope through their memberships.
    assert not any("organizations_membership" in query["sql"] for query in captured.captured_queries)


def test_a_withdrawal_reads_the_application_once_and_not_its_history(
    applicant_client, demand, offer, django_assert_max_num_queries
):
    _apply(applicant_client, offer)
    application = Application.objects.get()
    url = reverse("applications:withdraw", args=[application.pk])
    with django_assert_max_num_queries(11) as captured:
        applicant_client.post(url, {"comment": "Trop loin de l'école."})
    tables = [query["sql"].split(".", 1)[0] for query in captured.captured_queries]
    assert 'SELECT "applications_transitionlog"' not in tables  # the history is not shown
    assert 'SELECT "organizations_membership"' not in tables  # the applicant's role: no query
    # One read: the applicant's own row, locked for the transition, which does not read it again.
    [read] = [query["sql"] for query in captured.captured_queries if query["sql"].startswith('SELECT "applications_')]
    assert read.endswith('FOR UPDATE OF "applications_application"')
    application.refresh_from_db()
    assert application.state == "withdrawn"
