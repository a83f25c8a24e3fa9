"""Reference income compared with the ceilings.

Rule (project reference, domain-and-regulation.md §2.1): « sum of revenus fiscaux de référence N-2 of all
persons who will live in the dwelling; N-1 or last 12 months may be used if ≥ 10 % lower. 2026 demands ⇒
RFR 2024 (avis 2025) ». Sources: arrêté du 29 juillet 1987 (ressources prises en compte) as explained by
https://salon-arles.ufcquechoisir.fr/?p=6589 ; formula of openfisca-france `logement_social_eligible`
(RFR of year N-2). The 10 % threshold is in data/parameters.toml.

What is summed: the revenu fiscal de référence of each tax household (« foyer fiscal », one avis
d'imposition) whose members will live in the dwelling. The N-1 income replaces the N-2 income when the
total of N-1 is lower than the total of N-2 by at least 10 %, which needs an N-1 figure for every tax
household. The « last 12 months » variant needs proof that only an instructor can check: it is not applied
here.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from logis.rules.formatting import UNIT_SEPARATOR, euros
from logis.rules.parameters import IncomeParameters, load_parameters


@dataclass(frozen=True)
class TaxHousehold:
    """One avis d'imposition of people who will live in the dwelling: RFR of year N-2 and, if known, N-1."""

    rfr_n2: int
    rfr_n1: int | None = None

    def __post_init__(self):
        if self.rfr_n2 < 0 or (self.rfr_n1 is not None and self.rfr_n1 < 0):
            raise ValueError("Un revenu fiscal de référence ne peut pas être négatif.")


@dataclass(frozen=True)
class ReferenceIncome:
    amount: int
    income_year: int
    basis: str  # "N-2" or "N-1"
    total_n2: int
    total_n1: int | None
    threshold_percent: int

    @property
    def label(self) -> str:
        """« Revenu fiscal de référence 2024 : 52 300 € » (with the reason when N-1 is used)."""
        if self.basis == "N-1":
            return (
                f"Revenu fiscal de référence {self.income_year} (retenu car inférieur d'au moins "
                f"{self.threshold_percent}{UNIT_SEPARATOR}% à celui de "
                f"{self.income_year - 1}, {euros(self.total_n2)}) : {euros(self.amount)}"
            )
        return f"Revenu fiscal de référence {self.income_year} : {euros(self.amount)}"


def reference_income(
    tax_households: Iterable[TaxHousehold],
    *,
    year: int,
    n1_exception: bool = True,
    params: IncomeParameters | None = None,
) -> ReferenceIncome:
    """The income compared with the ceilings of `year` (the year of the check): RFR of `year` - 2, or of
    `year` - 1 when `n1_exception` (the table says whether it applies) and N-1 is lower by at least 10 %."""
    params = params or load_parameters().income
    tax_households = tuple(tax_households)
    if not tax_households:
        raise ValueError("Au moins un avis d'imposition est nécessaire.")
    total_n2 = sum(household.rfr_n2 for household in tax_households)
    known_n1 = all(household.rfr_n1 is not None for household in tax_households)
    total_n1 = sum(household.rfr_n1 for household in tax_households) if known_n1 else None
    # N-1 ≤ N-2 × (1 - p/100), in integers so that no rounding decides a case.
    lower_enough = (
        total_n1 is not None
        and total_n1 < total_n2
        and total_n1 * 100 <= total_n2 * (100 - params.n1_min_decrease_percent)
    )
    if n1_exception and lower_enough:
        amount, income_year, basis = total_n1, year - 1, "N-1"
    else:
        amount, income_year, basis = total_n2, year - 2, "N-2"
    return ReferenceIncome(
        amount=amount,
        income_year=income_year,
        basis=basis,
        total_n2=total_n2,
        total_n1=total_n1,
        threshold_percent=params.n1_min_decrease_percent,
    )
