"""The notification centre: every message the platform e-mails a person also appears in the product.

`record` is called by logis.notifications.email.send_email_on_commit for each message, in the caller's transaction
(rolled back with it). The unread count is kept in the shared cache per person, so the header reads no table.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from logis.notifications import outbox, unread
from logis.notifications.kinds import CATEGORIES, SECRET_BODIES, always_by_email, category_of
from logis.notifications.models import Notification, NotificationPreference

PRIVATE_CONTENT_NOTE = (
    "Ce message contient un code ou un lien personnel : il vous a été envoyé par e-mail et n'est pas recopié ici."
)


def account_for(email: str, user=None):
    """The account a message is for: the one given, else the account with this e-mail address, if any."""
    if user is not None and getattr(user, "pk", None):
        return user
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def wants_email(user, template: str) -> bool:
    if always_by_email(template):
        return True
    return not NotificationPreference.objects.filter(
        user=user, category=category_of(template), by_email=False
    ).exists()


def _path(link: str) -> str:
    """Keep the links of the platform only, as paths (the host may change between the e-mail and the click)."""
    site = settings.SITE_URL.rstrip("/")
    if link and link.startswith(site + "/"):
        return link[len(site) :][:500]
    if link.startswith("/") and not link.startswith("//"):
        return link[:500]
    return ""


def record(
    *, user, template: str, subject: str, body: str, link: str, emailed: bool, key: str | None = None
) -> Notification:
    """The in-product copy; with a `key`, the same event again is the same notification (no second copy)."""
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    fields = {
        "event_key": (key or "")[:200],
        "kind": template,
        "category": category_of(template),
        "subject": (subject[len(prefix) :] if subject.startswith(prefix) else subject)[:300],
        "body": PRIVATE_CONTENT_NOTE if template in SECRET_BODIES else body,
        "link": _path(link),
        "emailed": emailed,
    }
    if connection.vendor == "postgresql":
        # One statement: the insert is the check of the same event (ON CONFLICT DO NOTHING RETURNING id).
        created = _insert_many([{"user_id": user.pk, **fields}], returning=True)
        if not created:
            return Notification.objects.get(user=user, event_key=fields["event_key"])
        pk, created_at = created[0]
        notification = Notification(pk=pk, user=user, created_at=created_at, **fields)
    else:
        if key and (existing := Notification.objects.filter(user=user, event_key=fields["event_key"]).first()):
            return existing
        notification = Notification.objects.create(user=user, **fields)
    transaction.on_commit(lambda: unread.one_more(user))
    return notification


def record_many(entries: list[dict]) -> None:
    """`record` for many messages at once (a scheduled job's): one insert; an event already recorded (same user
    and key) keeps its notification. Each entry holds the arguments of `record`, all with a key."""
    if not entries:
        return
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    values = [
        {
            "user_id": entry["user"].pk,
            "event_key": entry["key"][:200],
            "kind": entry["template"],
            "category": category_of(entry["template"]),
            "subject": (entry["subject"][len(prefix) :] if entry["subject"].startswith(prefix) else entry["subject"])[
                :300
            ],
            "body": PRIVATE_CONTENT_NOTE if entry["template"] in SECRET_BODIES else entry["body"],
            "link": _path(entry["link"]),
            "emailed": entry["emailed"],
        }
        for entry in entries
    ]
    if connection.vendor == "postgresql":
        _insert_many(values)
    else:
        Notification.objects.bulk_create(
            [Notification(**row) for row in values], batch_size=1000, ignore_conflicts=True
        )
    users = [entry["user"] for entry in entries]
    transaction.on_commit(lambda: unread.recount_many(users))


def _insert_many(values: list[dict], *, returning: bool = False) -> list[tuple]:
    """PostgreSQL: bulk_create's ignore_conflicts (ON CONFLICT DO NOTHING) by arrays, without a model per row;
    with `returning`, the (id, created_at) of the rows inserted."""
    types = {"user_id": "bigint", "emailed": "boolean"}
    columns = {name: (types.get(name, "text"), [row[name] for row in values]) for name in values[0]}
    columns["created_at"] = ("timestamptz", [timezone.now()] * len(values))
    tail = "ON CONFLICT DO NOTHING" + (" RETURNING id, created_at" if returning else "")
    return outbox.insert_unnest(Notification._meta.db_table, columns, tail)


def muted(users, templates) -> set[tuple[int, str]]:
    """(user id, category) pairs muted by e-mail among `users`, for the categories of `templates` (one query)."""
    categories = {category_of(template) for template in templates if not always_by_email(template)}
    if not categories:
        return set()
    return set(
        NotificationPreference.objects.filter(
            user_id__in=[user.pk for user in users], category__in=categories, by_email=False
        ).values_list("user_id", "category")
    )


def _refresh_count(user) -> None:
    """Count again once the change is committed (a rolled-back notification never counts); the pages in between
    show the count from before, and no page pays a query for it."""
    transaction.on_commit(lambda: unread.recount(user))


def unread_count(user) -> int:
    count = cache.get(unread.count_key(user))
    return unread.recount(user) if count is None else count


def mark_read(*, user, notification: Notification | None = None) -> int:
    """One notification, or all of them when none is given."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        queryset = queryset.filter(pk=notification.pk)
    changed = queryset.update(read_at=timezone.now())
    _refresh_count(user)
    return changed


def preferences(user) -> list[dict]:
    muted = set(NotificationPreference.objects.filter(user=user, by_email=False).values_list("category", flat=True))
    return [{"category": key, "label": label, "by_email": key not in muted} for key, label in CATEGORIES.items()]


def preferences_save(*, user, by_email: set[str]) -> None:
    for category in CATEGORIES:
        NotificationPreference.objects.update_or_create(
            user=user, category=category, defaults={"by_email": category in by_email}
        )
