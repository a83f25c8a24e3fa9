"""Reads of the aids: the catalogue with the status in force today (back office first, then the data file)."""

import datetime as dt
from dataclasses import dataclass

from logis.aids.models import AidStatusChange
from logis.rules.aids import STATUS_LABELS, Aid, load_catalogue

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(text: str) -> str:
    """« 6 janvier 2026 » from 2026-01-06, « mai 2019 » from 2019-05, "" from ""."""
    if not text:
        return ""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    day = dt.date(*parts)
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class AidStatus:
    status: str
    since: str  # French date, may be ""
    note: str
    by_logis: bool  # set by the Logis team in the back office (else: the data file)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class AidEntry:
    aid: Aid
    status: AidStatus


def status_of(aid: Aid, changes: list[AidStatusChange], today: dt.date) -> AidStatus:
    applicable = [change for change in changes if change.aid == aid.code and change.since <= today]
    if applicable:
        latest = max(applicable, key=lambda change: (change.since, change.created_at, change.pk))
        return AidStatus(latest.status, french_date(latest.since.isoformat()), latest.note, True)
    return AidStatus(aid.status, french_date(aid.status_since), aid.status_note, False)


def catalogue_entries(today: dt.date) -> list[AidEntry]:
    changes = list(AidStatusChange.objects.filter(since__lte=today))
    return [AidEntry(aid, status_of(aid, changes, today)) for aid in load_catalogue().aids]


def entry_for(code: str, today: dt.date) -> AidEntry | None:
    aid = load_catalogue().get(code)
    if aid is None:
        return None
    return AidEntry(aid, status_of(aid, list(AidStatusChange.objects.filter(aid=code, since__lte=today)), today))
