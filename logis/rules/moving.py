"""The moving checklist: the official tasks with their deadlines, from the moving day and the current lease.

Pure module (standard library only). The tasks, their lead times and sources are in `data/moving_2026.toml`
(service-public fiche F14128 « Je déménage »). The notice (préavis) is 3 months for an empty dwelling, 1 month for
a furnished one, in zone tendue, or when a social dwelling is attributed; the letter must reach the landlord before
D minus the notice.
"""

import datetime as dt
import functools
from dataclasses import dataclass

from logis.rules.aids import add_months
from logis.rules.data_files import read_toml

MOVING_FILE = "moving_2026.toml"
LEASE_KINDS = {
    "empty": "Location vide",
    "furnished": "Location meublée",
    "none": "Pas de bail (hébergé, propriétaire)",
}


@dataclass(frozen=True)
class Situation:
    moving_date: dt.date
    lease_kind: str  # empty, furnished, none
    zone_tendue: bool
    social_attributed: bool  # a social dwelling is attributed to you (reduced notice)
    children: bool
    car: bool
    residence_permit: bool


@dataclass(frozen=True)
class Notice:
    months: int
    send_before: dt.date
    reason: str


@dataclass(frozen=True)
class Task:
    code: str
    title: str
    detail: str
    due_on: dt.date
    link: str
    aid_link: str  # a URL name of Logis (« aids:detail:code » = URL name and argument)
    status: str


@functools.cache
def _data() -> dict:
    return read_toml(MOVING_FILE)


def notice(situation: Situation) -> Notice | None:
    if situation.lease_kind == "none":
        return None
    p = _data()["notice"]
    reasons = []
    if situation.lease_kind == "furnished":
        reasons.append("location meublée")
    if situation.zone_tendue:
        reasons.append("logement en zone tendue")
    if situation.social_attributed:
        reasons.append("logement social attribué")
    months = p["reduced_months"] if reasons else p["empty_months"]
    reason = (
        f"Préavis réduit à {months} mois : " + ", ".join(reasons) + "."
        if reasons
        else f"Préavis de {months} mois (location vide hors zone tendue)."
    )
    return Notice(months, add_months(situation.moving_date, -months), reason)


def _applies(rule: str, situation: Situation) -> bool:
    return {
        "all": True,
        "tenant": situation.lease_kind != "none",
        "children": situation.children,
        "car": situation.car,
        "residence_permit": situation.residence_permit,
    }[rule]


def checklist(situation: Situation) -> tuple[Notice | None, list[Task]]:
    """The tasks that apply, in the order of their deadlines."""
    the_notice = notice(situation)
    tasks = []
    for entry in _data()["task"]:
        if not _applies(entry["applies"], situation):
            continue
        if entry.get("when") == "notice":
            if the_notice is None:
                continue
            due = the_notice.send_before
            detail = f"{entry['detail']} {the_notice.reason}"
        else:
            due = situation.moving_date + dt.timedelta(days=entry["offset"])
            detail = entry["detail"]
        tasks.append(
            Task(
                entry["code"],
                entry["title"],
                detail,
                due,
                entry.get("link", ""),
                entry.get("aid_link", ""),
                entry["status"],
            )
        )
    tasks.sort(key=lambda task: (task.due_on, task.code))
    return the_notice, tasks


def due_soon(due_on: dt.date, today: dt.date, *, within_days: int = 7) -> bool:
    """A task to remind: due within a week, or overdue."""
    return due_on <= today + dt.timedelta(days=within_days)
