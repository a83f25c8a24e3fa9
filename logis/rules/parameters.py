"""Thresholds, age limits and conventions of the rules, read from `data/parameters.toml` (each with its source).

Amounts of yearly tables (ceilings) live in their own dated files (see `ceilings`); this file holds the
values that are not amounts of a table: the « jeune ménage » age limit, the N-1 income threshold, the
employer headcounts, the default ability-to-pay thresholds and the units-of-consumption scale.
"""

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from logis.rules.data_files import read_toml

PARAMETERS_FILE = "parameters.toml"


@dataclass(frozen=True)
class HouseholdParameters:
    jeune_menage_max_age_sum: int
    disability_uplift: int
    max_category: int


@dataclass(frozen=True)
class IncomeParameters:
    n1_min_decrease_percent: int
    # {exception code: (label, piece that proves it)}: only the applicant's own income counts.
    exceptions: tuple[tuple[str, str, str], ...] = ()
    exceptions_source: str = ""


@dataclass(frozen=True)
class PlatformParameters:
    nationalities_without_permit: frozenset[str]
    employer_min_headcount: int
    agricultural_employer_min_headcount: int
    peec_required_from_headcount: int
    numero_unique_pattern: re.Pattern


@dataclass(frozen=True)
class AbilityToPayParameters:
    default_max_effort_rate: Decimal
    default_min_reste_a_vivre_per_uc: Decimal
    uc_first_adult: Decimal
    uc_other_person_14_or_more: Decimal
    uc_child_under_14: Decimal
    uc_child_age_limit: int


@dataclass(frozen=True)
class Parameters:
    version: str
    household: HouseholdParameters
    income: IncomeParameters
    platform: PlatformParameters
    ability_to_pay: AbilityToPayParameters


@functools.cache
def load_parameters() -> Parameters:
    data = read_toml(PARAMETERS_FILE)
    household, income, platform, ability = data["household"], data["income"], data["platform"], data["ability_to_pay"]
    return Parameters(
        version=data["version"],
        household=HouseholdParameters(
            jeune_menage_max_age_sum=int(household["jeune_menage_max_age_sum"]),
            disability_uplift=int(household["disability_uplift"]),
            max_category=int(household["max_category"]),
        ),
        income=IncomeParameters(
            n1_min_decrease_percent=int(income["n1_min_decrease_percent"]),
            exceptions=tuple(
                (code, row["label"], row["piece"])
                for code, row in data.get("income_exceptions", {}).items()
                if isinstance(row, dict)
            ),
            exceptions_source=data.get("income_exceptions", {}).get("source", ""),
        ),
        platform=PlatformParameters(
            nationalities_without_permit=frozenset(platform["nationalities_without_permit"]),
            employer_min_headcount=int(platform["employer_min_headcount"]),
            agricultural_employer_min_headcount=int(platform["agricultural_employer_min_headcount"]),
            peec_required_from_headcount=int(platform["peec_required_from_headcount"]),
            numero_unique_pattern=re.compile(platform["numero_unique_pattern"]),
        ),
        ability_to_pay=AbilityToPayParameters(
            default_max_effort_rate=Decimal(ability["default_max_effort_rate"]),
            default_min_reste_a_vivre_per_uc=Decimal(ability["default_min_reste_a_vivre_per_uc"]),
            uc_first_adult=Decimal(ability["uc_first_adult"]),
            uc_other_person_14_or_more=Decimal(ability["uc_other_person_14_or_more"]),
            uc_child_under_14=Decimal(ability["uc_child_under_14"]),
            uc_child_age_limit=int(ability["uc_child_age_limit"]),
        ),
    )
