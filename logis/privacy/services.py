"""« Mes données » (RGPD): the export of everything the platform holds about a person, the deletion of their
account, and the retention jobs (inactive accounts, ended demands).

Each app declares its part of a person's data in its `personal_data.py` (logis.core.personal_data): this module
only walks the sections, so that an app added later is exported and erased without a change here.
"""

import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from logis.applications.models import Application
from logis.applications.workflow import ACTIVE_STATES
from logis.audit.services import Purpose, Role, record_read
from logis.core.personal_data import sections
from logis.demands.models import Demand
from logis.demands.personal_data import demand_erase
from logis.notifications.email import send_email_on_commit

LEGAL_NOTICE = (
    "Export établi au titre des articles 15 (droit d'accès) et 20 (droit à la portabilité) du règlement général sur "
    "la protection des données. Il contient les données que Logis conserve sur vous, et celles-là seulement."
)


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def readable(export: dict) -> list[dict]:
    """The export as the PDF reads it: per section, per table, each row as (label, text) pairs."""
    return [
        {
            "title": section["titre"],
            "tables": [
                {"name": name, "rows": [[(label, _text(value)) for label, value in item.items()] for item in items]}
                for name, items in section["données"].items()
            ],
        }
        for section in export["sections"]
    ]


def personal_data_export(*, user, by, fmt: str, request=None, now: dt.datetime | None = None) -> dict:
    """Everything the platform holds about `user`, by app, as plain JSON values. The read is audited (the export
    holds the person's sensitive data). Only the person may export their data (`by` is `user`)."""
    if by.pk != user.pk:
        raise PermissionError("Seule la personne peut exporter ses données.")
    now = now or timezone.now()
    record_read(
        request or by,
        subject=user,
        what=f"Export de toutes vos données ({fmt.upper()})",
        purpose=Purpose.EXPORT,
        role=Role.APPLICANT,
        now=now,
    )
    return {
        "export": {"établi le": now.isoformat(), "plateforme": settings.SITE_URL, "avertissement": LEGAL_NOTICE},
        "sections": [
            {"nom": section.name, "titre": section.title, "données": section.export(user)} for section in sections()
        ],
    }


@dataclass(frozen=True)
class DeletionNotice:
    """What the deletion page tells the person before they confirm."""

    warnings: list[str]
    erased: list[tuple[str, str]]
    kept: list[tuple[str, str]]


def deletion_notice(user) -> DeletionNotice:
    found = sections()
    return DeletionNotice(
        warnings=[warning for section in found if section.warn for warning in section.warn(user)],
        erased=[(section.title, section.erased) for section in found if section.erased],
        kept=[(section.title, section.kept) for section in found if section.kept],
    )


class AccountDeletionError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def account_delete(*, user, by, now: dt.datetime | None = None) -> None:
    """Erase or anonymise every app's part of `user`'s data (accounts last), then send the confirmation.

    `by` is the person themself (after re-authenticating) or None for the retention job of inactive accounts."""
    if by is not None and by.pk != user.pk:
        raise AccountDeletionError("Seule la personne peut supprimer son compte.")
    now = now or timezone.now()
    address, first_name = user.email, user.first_name
    for section in sections():
        if section.erase is not None:
            section.erase(user, now=now)
    send_email_on_commit(
        "account_deleted",
        to=address,
        key=f"account_deleted:{user.pk}",
        context={"first_name": first_name, "by_retention": by is None},
    )


# --- retention jobs ---------------------------------------------------------------------------------------------


def _inactive_since(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.LOGIS_INACTIVE_ACCOUNT_DAYS)


def inactive_accounts_purge(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Accounts unused for LOGIS_INACTIVE_ACCOUNT_DAYS are warned by e-mail; those still unused
    LOGIS_INACTIVE_WARNING_DAYS after the warning are deleted as their owner would (account_delete). A sign-in
    after the warning keeps the account. Staff and superusers are left to the Logis team. Safe twice."""
    now = now or timezone.now()
    User = get_user_model()
    idle = (
        User.objects.filter(is_active=True, is_superuser=False)
        .exclude(kind=User.Kind.STAFF)
        .filter(Q(last_login__lt=_inactive_since(now)) | Q(last_login=None, date_joined__lt=_inactive_since(now)))
    )
    warned = 0
    for user in idle.filter(Q(inactivity_warned_at=None) | Q(inactivity_warned_at__lt=F("last_login"))):
        with transaction.atomic():
            User.objects.filter(pk=user.pk).update(inactivity_warned_at=now)
            send_email_on_commit(
                "account_inactive_warning",
                to=user.email,
                user=user,
                key=f"account_inactive_warning:{user.pk}:{now.date().isoformat()}",
                context={
                    "first_name": user.first_name,
                    "delete_on": (now + dt.timedelta(days=settings.LOGIS_INACTIVE_WARNING_DAYS)).date(),
                    "link": settings.SITE_URL.rstrip("/") + reverse("account_login"),
                },
            )
        warned += 1
    deadline = now - dt.timedelta(days=settings.LOGIS_INACTIVE_WARNING_DAYS)
    deleted = 0
    for user in idle.filter(inactivity_warned_at__lt=deadline).exclude(last_login__gt=F("inactivity_warned_at")):
        account_delete(user=user, by=None, now=now)
        deleted += 1
    return warned, deleted


def ended_demands_purge(*, now: dt.datetime | None = None) -> int:
    """Demands ended (validity passed at the register, or radiated or attributed and seen so) for more than
    LOGIS_ENDED_DEMAND_RETENTION_DAYS, with no application in progress, are erased (logis.demands.personal_data:
    emptied instead when a commission's decision points at them). The account stays. Safe twice."""
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - dt.timedelta(days=settings.LOGIS_ENDED_DEMAND_RETENTION_DAYS)
    in_progress = Application.objects.filter(demand=OuterRef("pk"), state__in=[s.value for s in ACTIVE_STATES])
    ended = (
        Demand.objects.filter(Q(expires_on__lt=cutoff) | Q(document_retention__ended_on__lt=cutoff))
        .exclude(register_status="")  # already emptied (kept for a commission's decision)
        .exclude(Exists(in_progress))
    )
    erased = 0
    for demand in ended:
        with transaction.atomic():
            demand_erase(demand)
        erased += 1
    return erased
