import datetime as dt
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from logis.landlords.services import offer_set_status
from logis.notifications.email import render_email
from logis.notifications.models import Notification, OutboxMessage
from logis.offers.models import Offer
from logis.organizations.models import Membership
from logis.searches.models import SavedSearch, SearchAlertSent
from logis.searches.services import alert_text, alerts_send, unsubscribe_token
from tests.factories import MembershipFactory
from tests.offers.factories import offer_at
from tests.searches.conftest import saved

pytestmark = pytest.mark.django_db


def _run(capture):
    with capture(execute=True):
        return alerts_send()


def test_the_daily_job_alerts_each_new_matching_offer_once(demand, lyon, django_capture_on_commit_callbacks):
    search = saved(demand.owner, criteria={"perimetre": "adaptees", "loyer_max": "600"})
    offer_at(lyon, title="T2 ancien", published_at=timezone.now() - dt.timedelta(days=2))  # before the search
    new = offer_at(lyon, title="T2 tout neuf", published_at=timezone.now() - dt.timedelta(hours=1))
    offer_at(lyon, title="T2 trop cher", rent=Decimal("700"), published_at=timezone.now())
    assert _run(django_capture_on_commit_callbacks) == 1
    message = mail.outbox[-1]
    assert message.to == [demand.owner.email]
    assert "1 nouvelle offre pour votre recherche « Ma recherche »" in message.subject
    assert "T2 tout neuf" in message.body
    assert "T2 ancien" not in message.body
    assert "T2 trop cher" not in message.body
    assert reverse("offers:detail", args=[new.pk]) in message.body
    assert list(SearchAlertSent.objects.values_list("search_id", "offer_id")) == [(search.pk, new.pk)]
    # In the notification centre too, leading to Mes offres with the search's filters.
    notification = Notification.objects.get(user=demand.owner, kind="search_alert")
    assert notification.link.startswith(reverse("offers:list") + "?")
    assert "loyer_max=600" in notification.link
    # Run again (or by cron as well as beat): nothing new, nothing sent.
    count = len(mail.outbox)
    assert _run(django_capture_on_commit_callbacks) == 0
    out = io.StringIO()
    call_command("send_search_alerts", stdout=out)
    assert out.getvalue().strip() == "0 alerte envoyée."
    assert len(mail.outbox) == count


def test_by_default_only_offers_the_person_may_apply_to(demand, lyon, django_capture_on_commit_callbacks):
    # The demand's reference income (24 000 €) is above the PLAI ceiling of a couple; PLUS is fine.
    plai = offer_at(lyon, title="T2 très social", financing="PLAI", published_at=timezone.now())
    plus = offer_at(lyon, title="T2 social", financing="PLUS", published_at=timezone.now())
    eligible = saved(demand.owner, name="Éligibles")
    _run(django_capture_on_commit_callbacks)
    sent = set(SearchAlertSent.objects.filter(search=eligible).values_list("offer_id", flat=True))
    assert plus.pk in sent
    assert plai.pk not in sent
    everything = saved(demand.owner, name="Tout", eligible_only=False)
    _run(django_capture_on_commit_callbacks)
    assert set(SearchAlertSent.objects.filter(search=everything).values_list("offer_id", flat=True)) == {
        plai.pk,
        plus.pk,
    }


def test_no_alert_for_a_search_without_alerts(demand, lyon, django_capture_on_commit_callbacks):
    saved(demand.owner, frequency=SavedSearch.Frequency.NONE)
    offer_at(lyon, published_at=timezone.now())
    assert _run(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox


def test_a_pair_is_recorded_once_by_the_database(demand, lyon):
    search = saved(demand.owner)
    offer = offer_at(lyon)
    SearchAlertSent.objects.create(search=search, offer=offer)
    with pytest.raises(IntegrityError):
        SearchAlertSent.objects.create(search=search, offer=offer)


def test_publishing_an_offer_sends_the_immediate_alerts_after_commit(demand, lyon, django_capture_on_commit_callbacks):
    immediate = saved(demand.owner, frequency=SavedSearch.Frequency.IMMEDIATE, name="Tout de suite")
    daily = saved(demand.owner, frequency=SavedSearch.Frequency.DAILY, name="Le matin")
    offer = offer_at(lyon, title="T2 publié à l'instant", status=Offer.Status.DRAFT, published_at=None)
    agent = MembershipFactory(organization=offer.landlord, role=Membership.Role.AGENT).user
    with django_capture_on_commit_callbacks(execute=True):
        offer_set_status(offer=offer, action="publish", by=agent)
        assert not mail.outbox  # nothing before the commit
    assert [m.subject for m in mail.outbox if "T2 publié" in m.body] == [mail.outbox[-1].subject]
    assert "« Tout de suite »" in mail.outbox[-1].subject
    assert SearchAlertSent.objects.filter(search=immediate, offer=offer).exists()
    assert not SearchAlertSent.objects.filter(search=daily, offer=offer).exists()
    # The daily run then alerts the daily search only: the immediate one already had it.
    _run(django_capture_on_commit_callbacks)
    assert SearchAlertSent.objects.filter(offer=offer).count() == 2
    assert sum("T2 publié" in m.body for m in mail.outbox) == 2


def test_the_unsubscribe_link_works_once_without_signing_in(client, demand, lyon, django_capture_on_commit_callbacks):
    search = saved(demand.owner)
    offer_at(lyon, published_at=timezone.now())
    _run(django_capture_on_commit_callbacks)
    found = re.search(r"http://testserver(/mes-recherches/desabonnement/[^/\s]+/)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    url = found[1]
    response = client.get(url)  # not signed in
    assert response.status_code == 200
    assert "Les alertes de cette recherche sont arrêtées" in unescape(response.content.decode())
    search.refresh_from_db()
    assert search.frequency == SavedSearch.Frequency.NONE
    again = client.get(url)
    assert again.status_code == 200
    assert "Ce lien a déjà servi" in unescape(again.content.decode())
    # Alerts chosen again: the old link does not stop them.
    SavedSearch.objects.filter(pk=search.pk).update(frequency="daily", alerts_version=search.alerts_version + 1)
    client.get(url)
    search.refresh_from_db()
    assert search.frequency == "daily"


def test_the_alert_carries_a_one_click_list_unsubscribe_header(
    client, demand, lyon, django_capture_on_commit_callbacks
):
    search = saved(demand.owner)
    offer_at(lyon, published_at=timezone.now())
    _run(django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<http://testserver(/mes-recherches/desabonnement/[^>]+/)>", header)[1]
    assert OutboxMessage.objects.get(template="search_alert").headers == {}  # erased with the body once delivered
    # The mail client posts to it (RFC 8058), without a session nor a CSRF token.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    search.refresh_from_db()
    assert search.frequency == SavedSearch.Frequency.NONE


def test_an_altered_unsubscribe_link_is_refused_clearly(client, demand):
    search = saved(demand.owner)
    token = unsubscribe_token(search)
    altered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(reverse("searches:unsubscribe", args=[altered]))
    assert response.status_code == 400
    assert "Ce lien de désabonnement n'est pas valable" in unescape(response.content.decode())
    search.refresh_from_db()
    assert search.frequency == "daily"


def test_a_token_of_another_salt_is_refused(client, demand):
    search = saved(demand.owner)
    forged = signing.dumps({"s": search.pk, "v": search.alerts_version})
    assert client.get(reverse("searches:unsubscribe", args=[forged])).status_code == 400
    search.refresh_from_db()
    assert search.alerts_on


def test_the_sent_pairs_go_with_their_search_or_offer(demand, lyon):
    search = saved(demand.owner)
    kept, gone = offer_at(lyon), offer_at(lyon)
    SearchAlertSent.objects.create(search=search, offer=kept)
    SearchAlertSent.objects.create(search=search, offer=gone)
    gone.delete()
    assert list(SearchAlertSent.objects.values_list("offer_id", flat=True)) == [kept.pk]
    search.delete()
    assert not SearchAlertSent.objects.exists()


@pytest.mark.parametrize(
    ("count", "shown", "criteria", "eligible_only"),
    [
        (1, 1, [], True),
        (2, 2, ["Offres adaptées à ma demande", "Commune : Lyon"], False),
        (11, 10, ["x"], True),
        (14, 10, [], False),
    ],
)
def test_the_alert_text_is_the_templates_text(demand, count, shown, criteria, eligible_only):
    search = saved(demand.owner, name="T3 « près » & <du travail>", eligible_only=eligible_only)
    context = {
        "first_name": "Zoé <Anne>",
        "search": search,
        "criteria": criteria,
        "count": count,
        "offers": [
            {
                "title": f"T{i} & jardin",
                "commune": "Lyon",
                "monthly_total": f"{600 + i}",
                "url": f"https://x.test/{i}/",
            }
            for i in range(shown)
        ],
        "more": count - shown,
        "link": "/offres/?loyer_max=600&pieces=2",
        "searches_url": "https://x.test/mes-recherches/",
        "unsubscribe_url": "https://x.test/mes-recherches/desabonnement/abc/",
    }
    assert alert_text(context) == render_email("search_alert", context)
