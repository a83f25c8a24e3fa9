"""The delay an applicant has to answer the offer of a dwelling (CCH R441-10), counted as the texts say.

R441-10: « Toute offre de logement doit indiquer le délai de réponse … Ce délai ne peut être inférieur à dix
jours. Le défaut de réponse dans le délai imparti équivaut à un refus. » A delay in days is counted as the Code
de procédure civile counts it (articles 641 and 642, the reading of the USH):

- the day of the notification does not count: the first day is the day after;
- the delay expires on its last day at midnight (Europe/Paris);
- a delay that would end on a Saturday, a Sunday or a public holiday runs to the next working day.

Public holidays are computed: the eleven of the Code du travail (L3133-1), those that move with Easter
included, plus Good Friday and 26 December in Moselle, Bas-Rhin and Haut-Rhin (L3134-13), the abolition of
slavery overseas (Code du travail L3422-2), and the days off by usage overseas that article 642 of the Code de
procédure civile (« jour férié ou chômé ») also skips (Good Friday, 21 July; status "secondary" in the data file).
The landlord may give a longer delay, never a shorter one. Figures and sources: `logis/rules/data/deadlines.toml`.

Pure: standard library only, no clock (the notification date is a parameter).
"""

import datetime as dt
import functools
from dataclasses import dataclass

from logis.rules.data_files import read_toml


@dataclass(frozen=True)
class DeadlineRules:
    min_days: int
    time_zone: str
    fixed: dict[tuple[int, int], str]
    after_easter: dict[int, str]
    # {département: ({(month, day): name}, {days after Easter: name})} of the local holidays.
    local: dict[str, tuple[dict[tuple[int, int], str], dict[int, str]]]
    source: str


def _fixed(table: dict) -> dict[tuple[int, int], str]:
    return {(int(key[:2]), int(key[3:])): name for key, name in table.items()}


@functools.cache
def load_deadline_rules() -> DeadlineRules:
    data = read_toml("deadlines.toml")
    holidays = data["holidays"]
    local: dict[str, tuple[dict, dict]] = {}
    for group in holidays["local"]:
        for departement in group["departements"]:
            fixed, moving = local.setdefault(departement, ({}, {}))
            fixed.update(_fixed(group.get("fixed", {})))
            if departement in group.get("by_departement", {}):
                fixed.update(_fixed({group["by_departement"][departement]: group["name"]}))
            moving.update({int(k): v for k, v in group.get("after_easter", {}).items()})
    return DeadlineRules(
        min_days=int(data["answer"]["min_days"]),
        time_zone=data["answer"]["time_zone"],
        fixed=_fixed(holidays["fixed"]),
        after_easter={int(k): v for k, v in holidays["after_easter"].items()},
        local=local,
        source=data["answer"]["source"],
    )


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian computus, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@functools.cache
def public_holidays(year: int, departement: str | None = None) -> dict[dt.date, str]:
    """{date: name} of the public holidays of `year`, with the local ones of `departement` when given (Alsace-Moselle:
    Good Friday and 26 December; overseas: the abolition of slavery and the days off by usage)."""
    rules = load_deadline_rules()
    easter = easter_sunday(year)
    fixed, moving = dict(rules.fixed), dict(rules.after_easter)
    local_fixed, local_moving = rules.local.get((departement or "").strip().upper(), ({}, {}))
    fixed.update(local_fixed)
    moving.update(local_moving)
    days = {dt.date(year, month, day): name for (month, day), name in fixed.items()}
    days.update({easter + dt.timedelta(days=offset): name for offset, name in moving.items()})
    return dict(sorted(days.items()))


def is_working_day(day: dt.date, departement: str | None = None) -> bool:
    """Neither a Saturday, nor a Sunday, nor a public holiday (of `departement` when given)."""
    return day.weekday() < 5 and day not in public_holidays(day.year, departement)


def answer_deadline(notified_on: dt.date, *, days: int = 10, departement: str | None = None) -> dt.date:
    """The last day on which an answer to an offer notified on `notified_on` is accepted (until midnight).

    `days`: the delay the offer gives, at least the legal minimum (10); `departement`: the dwelling's, for the
    local holidays of Alsace-Moselle.

    >>> answer_deadline(dt.date(2025, 12, 1))  # a Monday: the 10th day is Thursday 11 December
    datetime.date(2025, 12, 11)
    >>> answer_deadline(dt.date(2025, 12, 3))  # the 10th day is Saturday 13: next Monday
    datetime.date(2025, 12, 15)
    """
    rules = load_deadline_rules()
    if isinstance(notified_on, dt.datetime):
        raise TypeError("answer_deadline prend la date de notification (date), pas un instant (datetime).")
    if days < rules.min_days:
        raise ValueError(
            f"Le délai de réponse ne peut être inférieur à {rules.min_days} jours (CCH, article R441-10)."
        )
    last = notified_on + dt.timedelta(days=days)
    while not is_working_day(last, departement):
        last += dt.timedelta(days=1)
    return last


def answer_days(policy_days: int | None) -> int:
    """The delay an offer gives: the landlord's when it sets a longer one, never fewer than the legal minimum."""
    minimum = load_deadline_rules().min_days
    return max(minimum, policy_days or minimum)
