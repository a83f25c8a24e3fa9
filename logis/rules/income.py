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

Exceptions (`OwnIncome`): after a divorce (in progress or pronounced), the end of a PACS, a widowhood, or when
the applicant is a victim of violence within the couple, only the applicant's own income counts — once the
piece that proves the situation is provided. The rule is in CCH L441-1 (which, for violence within the couple,
recognises the récépissé of a complaint; Sénat, written question n° 04909 of 29 May 2025), as service-public.fr
F869 and ASH n° 2529 explain it; labels and pieces in data/parameters.toml `[income_exceptions]`, status
"secondary": the article's own wording was not read in a stored copy of Légifrance. Declared without its piece,
the exception is not applied and the label says which piece would apply it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

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


class IncomeException(StrEnum):
    DIVORCE = "divorce"
    PACS_END = "pacs_end"
    WIDOWHOOD = "widowhood"
    DOMESTIC_VIOLENCE = "domestic_violence"


@dataclass(frozen=True)
class OwnIncome:
    """The applicant's own income (RFR N-2 and, if known, N-1), declared under an exception of the texts.

    `proven`: the piece that proves the situation has been provided (checked by the instructor)."""

    exception: IncomeException
    rfr_n2: int
    rfr_n1: int | None = None
    proven: bool = False

    def __post_init__(self):
        object.__setattr__(self, "exception", IncomeException(self.exception))
        if self.rfr_n2 < 0 or (self.rfr_n1 is not None and self.rfr_n1 < 0):
            raise ValueError("Un revenu fiscal de référence ne peut pas être négatif.")


def exception_choices(params: IncomeParameters | None = None) -> list[tuple[str, str]]:
    """(code, label with a capital) of each exception, from the data file: the one list forms and models use."""
    params = params or load_parameters().income
    return [(code, label[:1].upper() + label[1:]) for code, label, _piece in params.exceptions]


def exception_wording(exception: IncomeException, params: IncomeParameters) -> tuple[str, str]:
    """(label, piece) of an exception, from the data file."""
    for code, label, piece in params.exceptions:
        if code == exception.value:
            return label, piece
    raise ValueError(f"Exception inconnue : {exception}")


@dataclass(frozen=True)
class ReferenceIncome:
    amount: int
    income_year: int
    basis: str  # "N-2" or "N-1"
    total_n2: int
    total_n1: int | None
    threshold_percent: int
    # The exception applied (only the applicant's own income), or declared without its piece.
    exception: IncomeException | None = None
    exception_applied: bool = False
    exception_label: str = ""
    exception_piece: str = ""
    # What the whole household's income would have been (N-2 or N-1 by the same rule), when an exception applied.
    household_amount: int | None = None

    @property
    def rule(self) -> str:
        """Which rule gave the amount: « N-2 », « N-1 », « own income (…) »."""
        if self.exception_applied:
            return f"revenus du seul demandeur ({self.exception_label})"
        return "revenus de toutes les personnes du foyer"

    @property
    def label(self) -> str:
        """« Revenu fiscal de référence 2024 : 52 300 € » (with the reason when N-1 or an exception is used)."""
        if self.basis == "N-1":
            text = (
                f"Revenu fiscal de référence {self.income_year} (retenu car inférieur d'au moins "
                f"{self.threshold_percent}{UNIT_SEPARATOR}% à celui de "
                f"{self.income_year - 1}, {euros(self.total_n2)}) : {euros(self.amount)}"
            )
        else:
            text = f"Revenu fiscal de référence {self.income_year} : {euros(self.amount)}"
        if self.exception_applied:
            text = (
                f"{text}, revenus du seul demandeur : {self.exception_label}, pièce fournie ({self.exception_piece})"
            )
            if self.household_amount is not None and self.household_amount != self.amount:
                text += f", au lieu de {euros(self.household_amount)} pour tout le foyer"
            return text
        if self.exception is not None:
            return (
                f"{text} (revenus de tout le foyer : {self.exception_label} déclaré, mais sans sa pièce ; avec "
                f"{self.exception_piece}, seuls vos revenus compteraient)"
            )
        return text


def reference_income(
    tax_households: Iterable[TaxHousehold],
    *,
    year: int,
    n1_exception: bool = True,
    params: IncomeParameters | None = None,
    own_income: OwnIncome | None = None,
) -> ReferenceIncome:
    """The income compared with the ceilings of `year` (the year of the check): RFR of `year` - 2, or of
    `year` - 1 when `n1_exception` (the table says whether it applies) and N-1 is lower by at least 10 %.

    `own_income`: an exception declared (divorce, end of PACS, widowhood, violence within the couple); when its
    piece is provided, only the applicant's own income counts (the N-1 rule applies to it in the same way)."""
    params = params or load_parameters().income
    tax_households = tuple(tax_households)
    if not tax_households:
        raise ValueError("Au moins un avis d'imposition est nécessaire.")
    extra = {}
    if own_income is not None and own_income.proven:
        extra["household_amount"] = reference_income(
            tax_households, year=year, n1_exception=n1_exception, params=params
        ).amount
    if own_income is not None:
        label, piece = exception_wording(own_income.exception, params)
        extra |= {
            "exception": own_income.exception,
            "exception_applied": own_income.proven,
            "exception_label": label,
            "exception_piece": piece,
        }
        if own_income.proven:
            tax_households = (TaxHousehold(rfr_n2=own_income.rfr_n2, rfr_n1=own_income.rfr_n1),)
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
        **extra,
    )
