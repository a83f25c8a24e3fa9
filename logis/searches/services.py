"""Use cases of saved searches, their alerts and favourites.

Alerts: `alerts_send` finds, for the searches with alerts, the offers published since each was saved that match it
and were not alerted yet (logis.searches.matching, set-based on PostgreSQL), records each (search, offer) pair in
SearchAlertSent (a unique constraint: a pair inserted once, whatever the retries and parallel runs) and e-mails,
in the same transaction, the offers whose pair it inserted: one message per search and run, through the outbox
(and the notification centre). The daily job runs it for every search with alerts (catching up on any immediate
alert missed); a published offer runs it at once, through the task queue, for the searches with immediate alerts.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from logis.notifications.email import send_email_on_commit, send_emails_on_commit
from logis.offers.models import Offer
from logis.searches import matching
from logis.searches.criteria import has_criterion, labels, query_of
from logis.searches.matching import new_matches
from logis.searches.models import Favourite, SavedSearch, SearchAlertSent

MAX_SEARCHES = 20
NAME_MAX = 80
# How far back the daily job looks for published offers (a day, and a margin for a job that ran late).
LOOKBACK = dt.timedelta(days=3)
OFFERS_PER_ALERT = 10
# A batch of searches is written and e-mailed in one transaction.
SEND_BATCH = 500
UNSUBSCRIBE_SALT = "logis.searches.unsubscribe"
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=400)


class SearchError(Exception):
    """A request about a saved search or a favourite that Logis refuses, worded for the person."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Saved:
    search: SavedSearch
    created: bool


NO_CRITERION = (
    "Cette recherche n'a aucun critère : elle correspondrait à toutes les offres. Choisissez au moins un filtre "
    "(commune, loyer maximum, nombre de pièces…) ou « Les offres adaptées à ma demande », puis enregistrez-la."
)


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise SearchError("Donnez un nom à cette recherche, par exemple « T3 près du travail ».", code="no_name")
    if len(name) > NAME_MAX:
        raise SearchError(f"Le nom tient en {NAME_MAX} caractères au plus : raccourcissez-le.", code="long_name")
    return name


def _check_owner(search: SavedSearch, by) -> None:
    if search.owner_id != by.pk:
        raise SearchError("Cette recherche n'est pas la vôtre.", code="forbidden")


@transaction.atomic
def search_save(*, owner, name: str, criteria: dict, eligible_only: bool = True, frequency: str) -> Saved:
    """Save the filters of Mes offres under a name. The same name and criteria again (a double submit) is the
    same search (created False); the same name for other criteria is refused, as a search without criterion."""
    name = _clean_name(name)
    if not has_criterion(criteria):
        raise SearchError(NO_CRITERION, code="no_criterion")
    if frequency not in SavedSearch.Frequency.values:
        raise SearchError("Choisissez la fréquence des alertes dans la liste.", code="frequency")
    mine = SavedSearch.objects.select_for_update().filter(owner=owner)
    existing = mine.filter(name=name).first()
    if existing is not None:
        if existing.criteria == criteria and existing.eligible_only == eligible_only:
            return Saved(existing, created=False)
        raise SearchError(
            f"Vous avez déjà une recherche nommée « {name} » : choisissez un autre nom, ou renommez l'autre dans "
            "« Mes recherches ».",
            code="name_taken",
        )
    if mine.count() >= MAX_SEARCHES:
        raise SearchError(
            f"Vous avez déjà {MAX_SEARCHES} recherches enregistrées : supprimez-en une dans « Mes recherches » pour "
            "en enregistrer une autre.",
            code="too_many",
        )
    try:
        with transaction.atomic():
            search = SavedSearch.objects.create(
                owner=owner, name=name, criteria=criteria, eligible_only=eligible_only, frequency=frequency
            )
    except IntegrityError:  # two submits at once: the constraint kept the first
        return Saved(SavedSearch.objects.get(owner=owner, name=name), created=False)
    return Saved(search, created=True)


@transaction.atomic
def search_update(*, search: SavedSearch, by, name: str, frequency: str, eligible_only: bool) -> SavedSearch:
    """Rename a search, change its alerts or which side of the eligibility rules they cover."""
    _check_owner(search, by)
    search = SavedSearch.objects.select_for_update().get(pk=search.pk)
    name = _clean_name(name)
    if frequency not in SavedSearch.Frequency.values:
        raise SearchError("Choisissez la fréquence des alertes dans la liste.", code="frequency")
    if SavedSearch.objects.filter(owner=by, name=name).exclude(pk=search.pk).exists():
        raise SearchError(f"Vous avez déjà une recherche nommée « {name} » : choisissez un autre nom.", code="taken")
    if frequency != search.frequency:
        search.alerts_version += 1  # the unsubscribe links sent before this choice no longer change it
    search.name, search.frequency, search.eligible_only = name, frequency, eligible_only
    search.save(update_fields=["name", "frequency", "eligible_only", "alerts_version", "updated_at"])
    return search


@transaction.atomic
def search_delete(*, search: SavedSearch, by) -> None:
    _check_owner(search, by)
    SavedSearch.objects.filter(pk=search.pk).delete()


# --- unsubscribe links ------------------------------------------------------------------------------------------


def unsubscribe_token(search: SavedSearch) -> str:
    return signing.dumps({"s": search.pk, "v": search.alerts_version}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(search: SavedSearch) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("searches:unsubscribe", args=[unsubscribe_token(search)])


@dataclass(frozen=True)
class Unsubscribed:
    outcome: str  # "done", "used" (a link opened again, or older than the last choice), "invalid", "expired"
    search: SavedSearch | None = None


def unsubscribe_check(token: str) -> Unsubscribed:
    """What the link would do, without doing it (the page asks for one click: mail scanners open links)."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        return Unsubscribed("expired")
    except signing.BadSignature:
        return Unsubscribed("invalid")
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("v"), int):
        return Unsubscribed("invalid")
    search = SavedSearch.objects.filter(pk=data["s"]).first()
    if search is None or search.alerts_version != data["v"] or not search.alerts_on:
        return Unsubscribed("used", search)
    return Unsubscribed("done", search)


@transaction.atomic
def search_unsubscribe(token: str) -> Unsubscribed:
    """Stop the alerts of the search the signed link names: once (opened again, the link changes nothing)."""
    checked = unsubscribe_check(token)
    if checked.outcome != "done":
        return checked
    updated = SavedSearch.objects.filter(pk=checked.search.pk, alerts_version=checked.search.alerts_version).update(
        frequency=SavedSearch.Frequency.NONE, alerts_version=checked.search.alerts_version + 1
    )
    if not updated:  # two clicks at once: the other one stopped them
        return Unsubscribed("used", checked.search)
    checked.search.refresh_from_db()
    return Unsubscribed("done", checked.search)


# --- alerts -----------------------------------------------------------------------------------------------------


def _record_sent(pairs: list[tuple[int, int]], now) -> list[tuple[int, int]]:
    """Insert the pairs not yet alerted; the ones this call inserted (ON CONFLICT DO NOTHING RETURNING)."""
    if not pairs:
        return []
    table = SearchAlertSent._meta.db_table
    inserted = []
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), 5000):
            chunk = pairs[start : start + 5000]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params = [value for sid, oid in chunk for value in (sid, oid, now)]
            cursor.execute(  # the table's name and placeholders only: every value is a parameter
                f"INSERT INTO {table} (search_id, offer_id, sent_at) VALUES {values} "  # noqa: S608
                "ON CONFLICT (search_id, offer_id) DO NOTHING RETURNING search_id, offer_id",
                params,
            )
            inserted += cursor.fetchall()
    return inserted


def _offer_lines(offer_ids) -> dict[int, dict]:
    rows = Offer.objects.filter(pk__in=offer_ids).values("id", "title", "commune__name", "rent", "charges")
    return {
        row["id"]: {
            "title": row["title"],
            "commune": row["commune__name"],
            "monthly_total": f"{row['rent'] + row['charges']:.0f}",
            "url": settings.SITE_URL.rstrip("/") + reverse("offers:detail", args=[row["id"]]),
        }
        for row in rows
    }


def _alert(search: SavedSearch, offer_ids: list[int], lines: dict[int, dict]) -> dict:
    """The alert e-mail of one search for the offers `offer_ids` (arguments of send_emails_on_commit)."""
    owner = search.owner
    digest = hashlib.sha256(",".join(map(str, sorted(offer_ids))).encode()).hexdigest()[:16]
    shown = [lines[pk] for pk in sorted(offer_ids) if pk in lines][:OFFERS_PER_ALERT]
    unsubscribe = unsubscribe_url(search)
    context = {
        "first_name": owner.first_name,
        "search": search,
        "criteria": labels(search.criteria),
        "count": len(offer_ids),
        "offers": shown,
        "more": len(offer_ids) - len(shown),
        "link": reverse("offers:list") + query_of(search.criteria, eligible_only=search.eligible_only),
        "searches_url": settings.SITE_URL.rstrip("/") + reverse("searches:list"),
        "unsubscribe_url": unsubscribe,
    }
    subject, body = alert_text(context)
    return {
        "template": "search_alert",
        "to": owner.email,
        "user": owner,
        "key": f"search_alert:{search.pk}:{digest}",
        "context": context,
        "subject": subject,
        "body": body,
        # RFC 2369 and 8058: the mail client's own « se désabonner » posts to the same signed link.
        "headers": {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    }


def alert_text(context: dict) -> tuple[str, str]:
    """The subject and body of the alert e-mail, built as strings: the same text as the templates
    notifications/email/search_alert_subject.txt and _body.txt through `render_email` (a test compares both), at
    a fraction of the cost (the daily job writes tens of thousands of them)."""
    count, search = context["count"], context["search"]
    name = str(search.name)
    subject = (
        f"1 nouvelle offre pour votre recherche « {name} »"
        if count == 1
        else (f"{count} nouvelles offres pour votre recherche « {name} »")
    )
    head = "Une nouvelle offre correspond" if count == 1 else f"{count} nouvelles offres correspondent"
    criteria = f" ({', '.join(map(str, context['criteria']))})" if context["criteria"] else ""
    scope = ", parmi les offres auxquelles vous pouvez postuler" if search.eligible_only else ""
    parts = [f"Bonjour {context['first_name']},\n\n{head} à votre recherche « {name} »{criteria}{scope} :\n"]
    for offer in context["offers"]:
        parts.append(
            f"\n- {offer['title']}, {offer['commune']} : {offer['monthly_total']} € par mois charges comprises"
            f"\n  {offer['url']}"
        )
    more = context["more"]
    if more:
        parts.append(f"\n- et {more} autre{'' if more == 1 else 's'}")
    parts.append(
        f"\n\nToutes les offres de la recherche : {context.get('site_url', settings.SITE_URL)}{context['link']}"
        f"\nVos recherches et leurs alertes : {context['searches_url']}"
        f"\n\nNe plus recevoir les alertes de cette recherche, en un clic : {context['unsubscribe_url']}"
        "\n\nL'équipe Logis\n\n"
    )
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), "".join(parts)


def alert_candidates(frequencies) -> "list[SavedSearch]":
    return list(
        SavedSearch.objects.filter(frequency__in=frequencies, owner__demand__isnull=False)
        .select_related("owner__demand__workplace_commune")
        .defer("owner__demand__snapshot")  # the register's copy of the demand: never read by the matching
        .order_by("pk")
    )


def alerts_send(*, offer_ids=None, frequencies=None, now: dt.datetime | None = None) -> int:
    """Alert the new matching offers (all offers published within LOOKBACK, or `offer_ids`) to the searches with
    the given frequencies (by default: every search with alerts). Returns how many e-mails were written."""
    now = now or timezone.now()
    frequencies = frequencies or [SavedSearch.Frequency.IMMEDIATE, SavedSearch.Frequency.DAILY]
    offers = Offer.objects.live().to_rent()
    if offer_ids is None:
        offers = offers.filter(published_at__gt=now - LOOKBACK, published_at__lte=now)
    else:
        offers = offers.filter(pk__in=list(offer_ids))
    ids = list(offers.values_list("pk", flat=True))
    if not ids:
        return 0
    searches = alert_candidates(frequencies)
    today = timezone.localdate(now)
    if connection.vendor != "postgresql":
        return alerts_write(searches, new_matches(searches, ids, today=today), now=now)
    # PostgreSQL: each batch of searches matched and recorded by one statement, e-mailed in the same transaction.
    lines = _offer_lines(ids)
    sent = 0
    for batch, rows in matching.batches(searches, ids, today=today):
        by_id = {search.pk: search for search in batch}
        with transaction.atomic():
            # The batch's pairs and e-mails commit together without waiting for the disk: a crash of PostgreSQL
            # within a fraction of a second after a commit loses both, and the next run writes them again (a
            # message delivered in that instant would go twice). The job commits a batch every 2,000 searches.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
            fresh: dict[int, list[int]] = {}
            for sid, oid in matching.matches_in_sql(rows, ids, record_at=now):
                fresh.setdefault(sid, []).append(oid)
            send_emails_on_commit([_alert(by_id[sid], oids, lines) for sid, oids in sorted(fresh.items())])
            sent += len(fresh)
    return sent


def alerts_write(searches, matches: dict[int, list[int]], *, now) -> int:
    """Record and e-mail the matches, a batch of searches per transaction."""
    by_id = {search.pk: search for search in searches if search.pk in matches}
    lines = _offer_lines({oid for ids in matches.values() for oid in ids})
    sids = sorted(by_id)
    sent = 0
    for start in range(0, len(sids), SEND_BATCH):
        with transaction.atomic():
            pairs = [(sid, oid) for sid in sids[start : start + SEND_BATCH] for oid in matches[sid]]
            fresh: dict[int, list[int]] = {}
            for sid, oid in _record_sent(pairs, now):
                fresh.setdefault(sid, []).append(oid)
            # One e-mail per search, written with the pairs: rolled back together, or committed together.
            send_emails_on_commit([_alert(by_id[sid], oids, lines) for sid, oids in sorted(fresh.items())])
            sent += len(fresh)
    return sent


# --- favourites -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    favourite: Favourite
    created: bool


@transaction.atomic
def favourite_add(*, owner, offer: Offer) -> Kept:
    """Keep a live offer aside; twice is once."""
    if offer.status != Offer.Status.PUBLISHED:
        raise SearchError(
            "Cette offre n'est plus disponible : elle ne peut pas être ajoutée à vos favoris.", code="closed"
        )
    existing = Favourite.objects.filter(owner=owner, offer=offer).first()
    if existing is not None:
        return Kept(existing, created=False)
    try:
        with transaction.atomic():
            return Kept(Favourite.objects.create(owner=owner, offer=offer), created=True)
    except IntegrityError:
        return Kept(Favourite.objects.get(owner=owner, offer=offer), created=False)


@transaction.atomic
def favourite_remove(*, owner, offer: Offer) -> bool:
    deleted, _ = Favourite.objects.filter(owner=owner, offer=offer).delete()
    return bool(deleted)


def favourites_tell_unavailable(*, offer: Offer, reason: str = "") -> int:
    """Tell each person who kept `offer` aside that it is no longer available (e-mail and notification centre)."""
    told = 0
    stamp = timezone.now().strftime("%Y%m%d%H%M")
    for favourite in Favourite.objects.filter(offer=offer).select_related("owner").order_by("pk"):
        owner = favourite.owner
        send_email_on_commit(
            "favourite_unavailable",
            to=owner.email,
            user=owner,
            key=f"favourite_unavailable:{favourite.pk}:{offer.status}:{stamp}",
            context={
                "first_name": owner.first_name,
                "offer": offer,
                "attributed": reason == "lease_signed",
                "suspended": offer.status == Offer.Status.SUSPENDED,
                "link": reverse("searches:favourites"),
            },
        )
        told += 1
    return told
