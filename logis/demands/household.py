"""The household of a demand as the rules see it: one representation, one adapter.

`Demand.household` is the one record of who will live in the dwelling (written at each import or refresh by
`logis.demands.services.household_facts` from the register): ``[{"birth_date": "1990-05-17", "relation":
"demandeur", "dependant": false, "disability": false, "alternating_custody": false}, ...]``, applicant first, no
names. Eligibility (`logis.eligibility.adapters`) and the cotation (`logis.scoring.facts`) both read it through
`household_of`, so they always see the same household. `own_income_of` gives the income exception declared on the
demand (only the applicant's own income counts once its piece is checked).
"""

import datetime as dt

from logis.rules.household import Household, Person, Relation
from logis.rules.income import IncomeException, OwnIncome

# Age given to a person whose birth date the platform does not know (a demand imported before the household was
# recorded): an adult, which neither makes a « jeune ménage » nor lowers the units of consumption.
UNKNOWN_AGE_YEARS = 40


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def household_of(demand, today: dt.date) -> Household:
    """The household of the demand (its recorded composition; else the applicant and adults of unknown age up to
    the household size the register gives)."""
    fallback = today.replace(year=today.year - UNKNOWN_AGE_YEARS, day=min(today.day, 28))
    people = []
    has_spouse = False
    for index, row in enumerate(demand.household or []):
        if index == 0:
            relation = Relation.APPLICANT
        else:
            try:
                relation = Relation(row.get("relation", Relation.OTHER))
            except ValueError:
                relation = Relation.OTHER
            if relation == Relation.APPLICANT or (relation == Relation.SPOUSE and has_spouse):
                relation = Relation.OTHER
            has_spouse = has_spouse or relation == Relation.SPOUSE
        people.append(
            Person(
                birth_date=_date(row.get("birth_date")) or fallback,
                relation=relation,
                # Neither the applicant nor a spouse is a dependant in the sense of the arrêté.
                is_dependant=bool(row.get("dependant")) and relation not in (Relation.APPLICANT, Relation.SPOUSE),
                has_disability=bool(row.get("disability")),
                alternating_custody=bool(row.get("alternating_custody")) and relation == Relation.CHILD,
            )
        )
    if not people:
        people.append(Person(birth_date=fallback, relation=Relation.APPLICANT))
    while len(people) < demand.household_size:
        people.append(Person(birth_date=fallback, relation=Relation.OTHER))
    return Household(people=tuple(people))


def own_income_of(demand) -> OwnIncome | None:
    """The exception declared on the demand (divorce, end of PACS, widowhood, violence within the couple) with the
    applicant's own income, or None."""
    if not demand.income_exception or demand.own_rfr_n2 is None:
        return None
    return OwnIncome(
        exception=IncomeException(demand.income_exception),
        rfr_n2=demand.own_rfr_n2,
        rfr_n1=demand.own_rfr_n1,
        proven=demand.income_exception_proven,
    )
