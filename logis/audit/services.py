"""The one function every app calls when it shows a person's sensitive data: ``record_read``.

- ``record_read(request, subject=..., what=..., purpose=..., role=...)``: one row (one INSERT).
- ``record_reads(request, subjects=[...], ...)``: one row per person shown in a list (one INSERT for the page).

``subject`` is the person whose data is shown: a ``User``, or a ``Demand`` (its owner; the numéro unique is kept
for the Logis team's searches). ``request`` may be a request (its user and path are taken) or a user. ``role`` is
a value of logis.organizations.roles.Role: the capacity in which the data is read. ``organization`` is the
organisation the reader acts for (an Organization or its name). Reads that a person makes of their own data are
recorded too (they appear as « Vous-même »).

Never put the sensitive value itself in ``what``: name the data (« Candidature n° 12 : revenus, ménage, critères
de priorité »), not its content.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Max, Min
from django.utils import timezone

from logis.audit.models import Purpose, SensitiveRead
from logis.organizations.roles import ROLE_LABELS, Role

__all__ = ["Purpose", "Role", "audit_purge", "reads_about", "reads_grouped", "record_read", "record_reads"]


def _label(user) -> str:
    if user is None:
        return "La plateforme"
    return user.get_full_name() or user.email


def _actor_and_path(request_or_user):
    user = getattr(request_or_user, "user", request_or_user)
    path = getattr(request_or_user, "path", "") if hasattr(request_or_user, "user") else ""
    if user is not None and not user.is_authenticated:
        user = None
    return user, path[:300]


def _subject_values(*, actor, subject, role, application, numero_unique="", demand_model=None) -> dict:
    """The columns of a row that depend on whose data is read: the person, their label, the numéro unique, the
    demand and the application, and the role (a person reading their own data reads it as the applicant)."""
    demand = None
    # The model by its label: the audit is at the bottom of the app graph, the demands app above it (ADR 0007).
    if isinstance(subject, demand_model or apps.get_model("demands", "Demand")):
        demand, person = subject, subject.owner
    else:
        person = subject
        if application is not None:
            demand = application.demand
    if role == Role.APPLICANT or (actor is not None and person is not None and actor.pk == person.pk):
        role = Role.APPLICANT
    return {
        "subject_id": person.pk if person is not None else None,
        "subject_label": _label(person) if person is not None else "",
        "numero_unique": getattr(demand, "numero_unique", "") or numero_unique,
        "demand_id": demand.pk if demand is not None else None,
        "application_id": application.pk if application is not None else None,
        "role": Role(role).value,
    }


def _row(
    *, actor, path, subject, what, purpose, role, organization, application, watermarked, at, numero_unique=""
) -> SensitiveRead:
    return SensitiveRead(
        at=at,
        actor=actor,
        actor_label=_label(actor),
        organization=str(getattr(organization, "name", organization) or "")[:200],
        purpose=Purpose(purpose).value,
        what=what[:250],
        path=path,
        watermarked=watermarked,
        **_subject_values(
            actor=actor, subject=subject, role=role, application=application, numero_unique=numero_unique
        ),
    )


def record_read(
    request_or_user,
    *,
    subject,
    what: str,
    purpose: str,
    role: str,
    organization=None,
    application=None,
    watermarked: bool = False,
    numero_unique: str = "",
    now: dt.datetime | None = None,
) -> SensitiveRead:
    """Record that the signed-in person (or `request_or_user`) read `subject`'s sensitive data `what`.

    `subject` may be None for a record of the register that no account has imported yet: `numero_unique` then
    says whose it is."""
    actor, path = _actor_and_path(request_or_user)
    row = _row(
        actor=actor,
        path=path,
        subject=subject,
        what=what,
        purpose=purpose,
        role=role,
        organization=organization,
        application=application,
        watermarked=watermarked,
        at=now or timezone.now(),
        numero_unique=numero_unique,
    )
    row.save()
    return row


def record_reads(
    request_or_user,
    *,
    subjects: Iterable,
    what,
    purpose: str,
    role: str,
    organization=None,
    applications: Iterable | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Record a list page: one row per person shown, in one INSERT; return how many. `what` is a string or a
    function of the subject (and application); `applications`, when given, pairs with `subjects`.

    The rows are those `record_read` writes (`_row`), inserted without a model per row: the columns every row of
    the page shares are sent once, the others (whose, which demand and application, the role, what) row by row
    (`_insert_reads`): half of what bulk_create cost for the 25 rows of a ranking (issue #13)."""
    actor, path = _actor_and_path(request_or_user)
    subjects = list(subjects)
    if not subjects:
        return 0
    pairs = zip(subjects, list(applications) if applications is not None else [None] * len(subjects), strict=True)
    demand_model = apps.get_model("demands", "Demand")
    shared = {
        "at": now or timezone.now(),
        "actor_id": actor.pk if actor is not None else None,
        "actor_label": _label(actor),
        "organization": str(getattr(organization, "name", organization) or "")[:200],
        "purpose": Purpose(purpose).value,
        "path": path,
        "watermarked": False,
    }
    rows = [
        {
            **_subject_values(
                actor=actor, subject=subject, role=role, application=application, demand_model=demand_model
            ),
            "what": (what(subject, application) if callable(what) else what)[:250],
        }  # fmt: skip
        for subject, application in pairs
    ]
    _insert_reads(shared, rows)
    return len(rows)


# The columns that may differ between the rows of one list page; the others are the reader's, the page's, the
# moment's: sent once.
_PER_ROW = ("subject_id", "subject_label", "numero_unique", "demand_id", "application_id", "role", "what")
# Ids, which may be NULL: cast, since a NULL in a SELECT list or a VALUES list is text on PostgreSQL.
_IDS = ("subject_id", "demand_id", "application_id", "actor_id")


def _insert_reads(shared: dict, rows: list[dict]) -> None:
    """INSERT … SELECT the `shared` values, then each row's, FROM (VALUES …): one statement for every database (the
    columns of a VALUES list are column1, column2… on PostgreSQL and SQLite alike)."""
    from django.db import connection

    fields = {field.attname: field for field in SensitiveRead._meta.concrete_fields if not field.primary_key}
    assert set(fields) == set(shared) | set(_PER_ROW), "every column of SensitiveRead, once"  # noqa: S101
    quote = connection.ops.quote_name

    def cast(name: str, value: str) -> str:
        return f"CAST({value} AS BIGINT)" if name in _IDS else value

    params = [fields[name].get_db_prep_save(value, connection) for name, value in shared.items()]
    for row in rows:
        params.extend(row[name] for name in _PER_ROW)
    columns = ", ".join(quote(fields[name].column) for name in [*shared, *_PER_ROW])
    values = [cast(name, "%s") for name in shared] + [
        cast(name, f"v.column{index}") for index, name in enumerate(_PER_ROW, start=1)
    ]
    one = "(" + ", ".join(["%s"] * len(_PER_ROW)) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(SensitiveRead._meta.db_table)} ({columns}) SELECT {', '.join(values)} "  # noqa: S608 - column names from the model, values as parameters
            f"FROM (VALUES {', '.join([one] * len(rows))}) AS v",
            params,
        )


def reads_about(user):
    """Every recorded read of `user`'s data, most recent first."""
    return SensitiveRead.objects.about(user)


@dataclass(frozen=True)
class ReadGroup:
    actor_label: str
    organization: str
    role: str
    purpose: str
    count: int
    first_at: dt.datetime
    last_at: dt.datetime

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(Role(self.role), self.role)

    @property
    def purpose_label(self) -> str:
        return Purpose(self.purpose).label


def reads_grouped(user, *, limit: int = 50) -> list[ReadGroup]:
    """Who read `user`'s data, grouped by reader, organisation, capacity and purpose (one query), most recent
    first; the person's own reads are left out."""
    groups = (
        reads_about(user)
        .exclude(role=Role.APPLICANT)
        .values("actor_label", "organization", "role", "purpose")
        .annotate(count=Count("id"), first_at=Min("at"), last_at=Max("at"))
        .order_by("-last_at")[:limit]
    )
    return [ReadGroup(**group) for group in groups]


def audit_purge(*, now: dt.datetime | None = None) -> int:
    """Rows older than LOGIS_AUDIT_RETENTION_DAYS (one year by default, the upper bound the CNIL recommends for
    access logs, délibération n° 2021-122) leave; safe to run twice. Returns how many rows left."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.LOGIS_AUDIT_RETENTION_DAYS)
    return SensitiveRead.objects.purge_before(cutoff)
