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


def _row(
    *, actor, path, subject, what, purpose, role, organization, application, watermarked, at, numero_unique=""
) -> SensitiveRead:
    demand = None
    # The model by its label: the audit is at the bottom of the app graph, the demands app above it (ADR 0007).
    if isinstance(subject, apps.get_model("demands", "Demand")):
        demand, person = subject, subject.owner
    else:
        person = subject
        if application is not None:
            demand = application.demand
    if role == Role.APPLICANT or (actor is not None and person is not None and actor.pk == person.pk):
        role = Role.APPLICANT
    return SensitiveRead(
        at=at,
        subject=person,
        subject_label=_label(person) if person is not None else "",
        numero_unique=getattr(demand, "numero_unique", "") or numero_unique,
        demand=demand,
        application=application,
        actor=actor,
        actor_label=_label(actor),
        organization=str(getattr(organization, "name", organization) or "")[:200],
        role=Role(role).value,
        purpose=Purpose(purpose).value,
        what=what[:250],
        path=path,
        watermarked=watermarked,
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
) -> list[SensitiveRead]:
    """Record a list page: one row per person shown, in one INSERT. `what` is a string or a function of the
    subject (and application); `applications`, when given, pairs with `subjects`."""
    actor, path = _actor_and_path(request_or_user)
    at = now or timezone.now()
    subjects = list(subjects)
    pairs = zip(subjects, list(applications) if applications is not None else [None] * len(subjects), strict=True)
    rows = [
        _row(
            actor=actor,
            path=path,
            subject=subject,
            what=what(subject, application) if callable(what) else what,
            purpose=purpose,
            role=role,
            organization=organization,
            application=application,
            watermarked=False,
            at=at,
        )
        for subject, application in pairs
    ]
    return SensitiveRead.objects.bulk_create(rows) if rows else []


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
