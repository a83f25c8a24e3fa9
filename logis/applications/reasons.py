"""The reason categories of a set-aside, a non-attribution or an irrecevability (pure module, stdlib only).

The landlord (pre-selection) and the CALEOL (CCH R441-3 d and e) record one category for each such decision,
with their free text; the applicant reads the category in words and, where one exists, what could change.
Vocabulary and sources: `logis/applications/data/reasons.toml`.
"""

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ReasonCategory:
    code: str
    label: str  # for the landlord and the commission
    applicant: str  # the reason in words, for the applicant
    change: str  # the smallest change that would alter the outcome, "" when none
    applies_to: frozenset[str]


@functools.cache
def categories() -> tuple[ReasonCategory, ...]:
    with (Path(__file__).parent / "data" / "reasons.toml").open("rb") as file:
        data = tomllib.load(file)
    return tuple(
        ReasonCategory(
            code=row["code"],
            label=row["label"],
            applicant=row["applicant"],
            change=row.get("change", ""),
            applies_to=frozenset(row["applies_to"]),
        )
        for row in data["category"]
    )


def get(code: str) -> ReasonCategory | None:
    return next((category for category in categories() if category.code == code), None)


def choices_for(transition: str) -> list[tuple[str, str]]:
    """(code, label) of the categories a transition takes, in the order of the data file."""
    return [(c.code, c.label) for c in categories() if transition in c.applies_to]


def all_choices() -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in categories()]


class InvalidReason(ValueError):
    pass


def check(transition: str, code: str, *, needed: bool = True) -> ReasonCategory | None:
    """The category `code` for `transition`, or None when the transition takes none (`needed` False, from the
    workflow table); raises InvalidReason, worded for the person acting."""
    if not needed:
        if code:
            raise InvalidReason("Cette action ne prend pas de motif.")
        return None
    category = get(code) if code else None
    if category is None or transition not in category.applies_to:
        raise InvalidReason("Choisissez la catégorie du motif dans la liste : le demandeur la reçoit.")
    return category
