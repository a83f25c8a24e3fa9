"""Loan simulator: annuity, borrower insurance, amortisation table, TAEG, debt ratio, capacity, combined plan.

Pure module (standard library only). Amounts are Decimals computed exactly (28 significant digits), then shown
to the cent. The amortisation table is the exact one, rounded *cumulatively*: each row shows the difference of
the rounded running totals, so the capital parts add up to the principal to the cent, the last balance is 0 and
the totals are the rounded exact totals. This reproduces the official Action Logement example (30 000 € at 1 %
over 300 months: 113,06 €/month and 3 918,52 € of interest; 117,23 €/month with insurance, TAEG 1,31 %). A bank
that rounds each payment and adjusts the last one finds a few cents more of interest.

Parameters (Prêt Accession, HCSF rules, legal warning) come from `data/loans.toml`, each with its source.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

from logis.rules.data_files import read_toml
from logis.rules.formatting import euros, percent

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
TWELVE = Decimal(12)

# Bounds of what the simulator accepts (operational: beyond them the figures mean nothing for a household).
MAX_PRINCIPAL = Decimal(5_000_000)
MAX_RATE_PCT = Decimal(20)
MAX_INSURANCE_RATE_PCT = Decimal(5)
MAX_MONTHS = 480
MAX_INCOME = Decimal(1_000_000)


class LoanInputError(ValueError):
    """A field of the simulator is wrong; `message` says in French what to type."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class LoanParameters:
    accession_max_principal: Decimal
    accession_rate_pct: Decimal
    accession_max_months: int
    accession_valid_from: str
    accession_source: str
    agrandissement_max_principal: Decimal
    agrandissement_max_months: int
    max_debt_ratio: Decimal
    max_months: int
    max_months_with_deferral: int
    max_deferral_months: int
    hcsf_source: str
    warning: str
    example_insurance_rate_pct: Decimal


@functools.cache
def load_loan_parameters() -> LoanParameters:
    data = read_toml("loans.toml")
    accession, agrandissement, hcsf = data["pret_accession"], data["pret_agrandissement"], data["hcsf"]
    return LoanParameters(
        accession_max_principal=Decimal(accession["max_principal"]),
        accession_rate_pct=Decimal(accession["annual_rate_pct"]),
        accession_max_months=int(accession["max_months"]),
        accession_valid_from=accession["valid_from"],
        accession_source=accession["source"],
        agrandissement_max_principal=Decimal(agrandissement["max_principal"]),
        agrandissement_max_months=int(agrandissement["max_months"]),
        max_debt_ratio=Decimal(hcsf["max_debt_ratio_pct"]) / HUNDRED,
        max_months=int(hcsf["max_months"]),
        max_months_with_deferral=int(hcsf["max_months_with_deferral"]),
        max_deferral_months=int(hcsf["max_deferral_months"]),
        hcsf_source=hcsf["source"],
        warning=data["warning"]["text"],
        example_insurance_rate_pct=Decimal(accession["example_insurance_annual_rate_pct"]),
    )


# --- input ------------------------------------------------------------------------------------------------------


def parse_decimal(
    value, field_name: str, label: str, *, minimum: Decimal, maximum: Decimal, unit: str = "", strict_min: bool = False
) -> Decimal:
    """A French-typed number (« 1 200,50 », « 1,5 ») or a JSON number, within bounds; else LoanInputError whose
    message names the field (`label`, e.g. « le montant emprunté ») and says what to type."""
    name = label[0].upper() + label[1:]
    unit_text = f"\u00a0{unit}" if unit else ""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise LoanInputError(field_name, f"Indiquez {label}.")
    if isinstance(value, bool | list | dict):
        raise LoanInputError(field_name, f"{name} : tapez un nombre, par exemple 1 200,50.")
    text = str(value).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    text = text.removesuffix("€").removesuffix("%")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise LoanInputError(field_name, f"{name} : tapez un nombre, par exemple 1 200,50.") from None
    if not number.is_finite():
        raise LoanInputError(field_name, f"{name} : tapez un nombre, par exemple 1 200,50.")
    if number < minimum or (strict_min and number == minimum):
        bound = "supérieur à" if strict_min else "d'au moins"
        raise LoanInputError(field_name, f"{name} : tapez un nombre {bound} {_plain(minimum)}{unit_text}.")
    if number > maximum:
        raise LoanInputError(field_name, f"{name} : au plus {_plain(maximum)}{unit_text}.")
    return number


def parse_int(value, field_name: str, label: str, *, minimum: int, maximum: int, unit: str = "") -> int:
    number = parse_decimal(value, field_name, label, minimum=Decimal(minimum), maximum=Decimal(maximum), unit=unit)
    if number != number.to_integral_value():
        raise LoanInputError(field_name, f"{label[0].upper() + label[1:]} : tapez un nombre entier.")
    return int(number)


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    whole, _, decimals = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", "\u202f")
    return f"{grouped},{decimals}" if decimals else grouped


@dataclass(frozen=True)
class Insurance:
    basis: str  # "initial": on the initial capital (constant); "remaining": on the capital remaining due
    annual_rate_pct: Decimal


@dataclass(frozen=True)
class LoanInput:
    principal: Decimal
    annual_rate_pct: Decimal
    months: int
    insurance: Insurance | None = None
    deferral_months: int = 0  # partial deferral: interest (and insurance) only during these first months
    fees: Decimal = Decimal(0)  # application, guarantee and brokerage fees, in the TAEG
    label: str = ""


INSURANCE_BASES = {"initial": "sur le capital initial", "remaining": "sur le capital restant dû"}


def loan_input(raw: dict) -> LoanInput:
    """Validate the keys `principal`, `annual_rate_pct`, `months`, optional `insurance` {`basis`,
    `annual_rate_pct`}, `deferral_months`, `fees`, `label`."""
    if not isinstance(raw, dict):
        raise LoanInputError("__all__", "Donnez les caractéristiques du prêt (montant, taux, durée).")
    principal = parse_decimal(
        raw.get("principal"), "principal", "le montant emprunté", minimum=Decimal(1), maximum=MAX_PRINCIPAL, unit="€"
    )
    rate = parse_decimal(
        raw.get("annual_rate_pct"),
        "annual_rate_pct",
        "le taux nominal annuel",
        minimum=Decimal(0),
        maximum=MAX_RATE_PCT,
        unit="%",
    )
    months = parse_int(raw.get("months"), "months", "la durée", minimum=1, maximum=MAX_MONTHS, unit="mois")
    deferral = raw.get("deferral_months") or 0
    deferral = parse_int(deferral, "deferral_months", "la durée du différé", minimum=0, maximum=60, unit="mois")
    if deferral >= months:
        raise LoanInputError("deferral_months", "Le différé doit être plus court que la durée du prêt.")
    fees = raw.get("fees") or 0
    fees = parse_decimal(
        fees, "fees", "les frais (dossier, garantie)", minimum=Decimal(0), maximum=principal, unit="€"
    )
    insurance = None
    raw_insurance = raw.get("insurance")
    if raw_insurance:
        if not isinstance(raw_insurance, dict):
            raise LoanInputError("insurance", "Précisez l'assurance : sa base (initial ou remaining) et son taux.")
        basis = raw_insurance.get("basis") or "initial"
        if basis not in INSURANCE_BASES:
            raise LoanInputError(
                "insurance_basis",
                "Choisissez la base de l'assurance : sur le capital initial (initial) ou sur le capital restant dû "
                "(remaining).",
            )
        insurance_rate = parse_decimal(
            raw_insurance.get("annual_rate_pct"),
            "insurance_rate_pct",
            "le taux annuel de l'assurance",
            minimum=Decimal(0),
            maximum=MAX_INSURANCE_RATE_PCT,
            unit="%",
        )
        if insurance_rate:
            insurance = Insurance(basis=basis, annual_rate_pct=insurance_rate)
    return LoanInput(principal, rate, months, insurance, deferral, fees, str(raw.get("label") or "")[:80])


# --- schedule ---------------------------------------------------------------------------------------------------


class Row(NamedTuple):
    """One month of the schedule, as read from a Schedule (a named tuple: built three times faster than a frozen
    dataclass, as immutable)."""

    month: int
    payment: Decimal  # capital + interest
    interest: Decimal
    capital: Decimal
    insurance: Decimal
    total: Decimal  # payment + insurance
    remaining: Decimal


class Schedule(Sequence):
    """The rows of a schedule, stored by column (one tuple of Decimals per field of Row): a simulator page reads
    sums of columns, and 300 row objects per simulation were most of what the garbage collector walked on the
    loan page. A row is a Row, built when it is read (`schedule[0]`, a slice, a loop)."""

    __slots__ = ("columns",)

    def __init__(self, columns: tuple[tuple, ...]):
        self.columns = columns

    def column(self, name: str) -> tuple:
        return self.columns[Row._fields.index(name)]

    def __len__(self) -> int:
        return len(self.columns[0])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(map(Row._make, zip(*(column[index] for column in self.columns), strict=True)))
        return Row._make(column[index] for column in self.columns)

    def __iter__(self):
        return map(Row._make, zip(*self.columns, strict=True))

    def __eq__(self, other) -> bool:
        if isinstance(other, Schedule):
            return self.columns == other.columns
        if isinstance(other, tuple | list):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.columns)

    def __repr__(self) -> str:
        return f"Schedule({len(self)} rows)"


@dataclass(frozen=True)
class LoanResult:
    input: LoanInput
    monthly_payment: Decimal  # after the deferral, insurance excluded
    monthly_insurance: Decimal  # the first month's (constant on the initial capital)
    monthly_total: Decimal
    total_interest: Decimal
    total_insurance: Decimal
    total_cost: Decimal  # interest + insurance + fees
    taeg: Decimal  # actuarial, in %, unrounded (see taeg_pct)
    schedule: Schedule
    deferral_payment: Decimal = Decimal(0)
    notes: tuple[str, ...] = field(default=())

    @property
    def taeg_pct(self) -> Decimal:
        return self.taeg.quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def nominal_rate_pct(self) -> Decimal:
        return self.input.annual_rate_pct


def annuity(principal: Decimal, monthly_rate: Decimal, months: int) -> Decimal:
    """The exact constant payment that repays `principal` in `months` at `monthly_rate`."""
    if monthly_rate == 0:
        return principal / months
    return principal * monthly_rate / (1 - (1 + monthly_rate) ** -months)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def simulate(loan: LoanInput) -> LoanResult:
    i = loan.annual_rate_pct / HUNDRED / TWELVE
    insurance_rate = loan.insurance.annual_rate_pct / HUNDRED / TWELVE if loan.insurance else Decimal(0)
    on_remaining = loan.insurance is not None and loan.insurance.basis == "remaining"
    amortised = loan.months - loan.deferral_months
    payment = annuity(loan.principal, i, amortised)
    principal, last, deferral = loan.principal, loan.months, loan.deferral_months
    balance = principal
    zero = Decimal(0)
    exact_interest = exact_capital = exact_insurance = zero
    shown_interest = shown_capital = shown_insurance = zero
    constant_insurance = principal * insurance_rate
    # The loop runs once per month (300 times for 25 years) on every simulator page: the rounding to the cent is
    # Decimal.quantize called directly, the same operations in the same order as the plain formulas above.
    quantize, cent, half_up = Decimal.quantize, CENT, ROUND_HALF_UP
    payments, interests, capitals, insurances, totals, remainings = [], [], [], [], [], []
    flows = []
    for month in range(1, last + 1):
        interest = balance * i
        if month == last:
            capital = balance
        elif month <= deferral:
            capital = zero
        else:
            capital = payment - interest
        insurance = balance * insurance_rate if on_remaining else constant_insurance
        balance -= capital
        exact_interest += interest
        exact_capital += capital
        exact_insurance += insurance
        row_interest = quantize(exact_interest, cent, half_up) - shown_interest
        row_capital = quantize(exact_capital, cent, half_up) - shown_capital
        row_insurance = quantize(exact_insurance, cent, half_up) - shown_insurance
        shown_interest += row_interest
        shown_capital += row_capital
        shown_insurance += row_insurance
        row_payment = row_interest + row_capital
        payments.append(row_payment)
        interests.append(row_interest)
        capitals.append(row_capital)
        insurances.append(row_insurance)
        totals.append(row_payment + row_insurance)
        remainings.append(principal - shown_capital)
        flows.append(interest + capital + insurance)
    first_insurance = loan.principal * insurance_rate
    total_interest, total_insurance = _cents(exact_interest), _cents(exact_insurance)
    notes = []
    if loan.deferral_months:
        notes.append(
            f"Différé partiel de {loan.deferral_months} mois : vous ne payez que les intérêts (et l'assurance) "
            "pendant ce temps, puis les mensualités constantes."
        )
    return LoanResult(
        input=loan,
        monthly_payment=_cents(payment),
        monthly_insurance=_cents(first_insurance),
        monthly_total=_cents(payment + first_insurance),
        total_interest=total_interest,
        total_insurance=total_insurance,
        total_cost=total_interest + total_insurance + loan.fees,
        taeg=actuarial_rate_pct(loan.principal - loan.fees, [flows]),
        schedule=Schedule(
            (
                tuple(range(1, last + 1)),
                tuple(payments),
                tuple(interests),
                tuple(capitals),
                tuple(insurances),
                tuple(totals),
                tuple(remainings),
            )
        ),
        deferral_payment=_cents(loan.principal * i + first_insurance) if loan.deferral_months else Decimal(0),
        notes=tuple(notes),
    )


def actuarial_rate_pct(received: Decimal, flow_lists: list[list[Decimal]]) -> Decimal:
    """The annual actuarial rate, in %, equating `received` (at month 0) with the monthly flows (month 1, 2, …)
    of every loan: TAEG = (1 + q)^12 − 1 where q solves Σ flow_k / (1 + q)^k = received (Newton's method)."""
    if len(flow_lists) == 1:  # one loan (the loan simulator): its flows are the totals
        totals_f = [float(value) for value in flow_lists[0]]
    else:
        length = max(len(flows) for flows in flow_lists)
        totals = [sum((flows[k] for flows in flow_lists if k < len(flows)), Decimal(0)) for k in range(length)]
        totals_f = [float(value) for value in totals]
    target = float(received)
    if sum(totals_f) <= target:
        return Decimal(0)

    def value_and_slope(q: float) -> tuple[float, float]:
        factor, value, slope = 1.0, 0.0, 0.0
        discount = 1 / (1 + q)
        for k, flow in enumerate(totals_f, start=1):
            factor *= discount
            value += flow * factor
            slope -= k * flow * factor * discount
        return value - target, slope

    # Newton's method: the present value is convex and decreasing in q and positive at q = 0, so from any start
    # kept ≥ 0 the iterates reach the root monotonically after at most one step past it (bisection would need
    # ~200 passes over the flows).
    rate = max(sum(totals_f) / target - 1, 1e-9) / len(totals_f) * 2
    for _ in range(100):
        value, slope = value_and_slope(rate)
        if slope == 0:
            break
        step = value / slope
        rate = max(rate - step, 0.0)
        if abs(step) < 1e-15:
            break
    q = Decimal(repr(rate))
    return ((1 + q) ** 12 - 1) * HUNDRED


# --- debt ratio, capacity, combined plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class DebtRatio:
    monthly_income: Decimal
    existing_credits: Decimal
    new_payment: Decimal
    ratio: Decimal  # fraction
    max_ratio: Decimal
    ratio_ok: bool
    months: int
    max_months: int
    duration_ok: bool
    remaining_income: Decimal  # « reste à vivre » after every credit
    explanation: tuple[str, ...]


def debt_ratio(
    *,
    monthly_income: Decimal,
    existing_credits: Decimal,
    new_payment: Decimal,
    months: int,
    deferral_months: int = 0,
    parameters: LoanParameters | None = None,
) -> DebtRatio:
    """The HCSF check: every credit payment (insurance included) ≤ 35 % of the net income; ≤ 25 years (27 with a
    deferral of at most 2 years)."""
    p = parameters or load_loan_parameters()
    charges = existing_credits + new_payment
    ratio = charges / monthly_income if monthly_income else Decimal(1)
    with_deferral = 0 < deferral_months <= p.max_deferral_months
    max_months = p.max_months_with_deferral if with_deferral else p.max_months
    explanation = [
        f"Mensualités de crédit : {euros(charges, 2)} (dont ce prêt {euros(new_payment, 2)}, assurance comprise) "
        f"pour {euros(monthly_income, 2)} de revenus nets par mois, soit un taux d'endettement de "
        f"{percent(ratio)} (règle du HCSF : au plus {percent(p.max_debt_ratio, None)}).",
        f"Durée : {months} mois (au plus {max_months} mois"
        + (", avec un différé de 2 ans au plus)." if with_deferral else ", 324 avec un différé)."),
    ]
    return DebtRatio(
        monthly_income=monthly_income,
        existing_credits=existing_credits,
        new_payment=new_payment,
        ratio=ratio,
        max_ratio=p.max_debt_ratio,
        ratio_ok=ratio <= p.max_debt_ratio,
        months=months,
        max_months=max_months,
        duration_ok=months <= max_months,
        remaining_income=monthly_income - charges,
        explanation=tuple(explanation),
    )


@dataclass(frozen=True)
class Capacity:
    max_monthly: Decimal
    principal: Decimal
    result: LoanResult | None
    explanation: str


def borrowing_capacity(
    *,
    monthly_income: Decimal,
    existing_credits: Decimal,
    annual_rate_pct: Decimal,
    months: int,
    insurance: Insurance | None = None,
    parameters: LoanParameters | None = None,
) -> Capacity:
    """How much can be borrowed so that every credit payment stays within 35 % of the income (insurance
    included, its first month being the highest on either basis)."""
    p = parameters or load_loan_parameters()
    max_monthly = (monthly_income * p.max_debt_ratio - existing_credits).quantize(CENT, rounding=ROUND_DOWN)
    if max_monthly <= 0:
        return Capacity(
            Decimal(0),
            Decimal(0),
            None,
            f"Vos crédits en cours ({euros(existing_credits, 2)} par mois) atteignent déjà "
            f"{percent(p.max_debt_ratio, None)} de vos revenus : pas de capacité d'emprunt supplémentaire.",
        )
    i = annual_rate_pct / HUNDRED / TWELVE
    per_euro = annuity(Decimal(1), i, months) + (insurance.annual_rate_pct / HUNDRED / TWELVE if insurance else 0)
    principal = min((max_monthly / per_euro).to_integral_value(rounding=ROUND_DOWN), MAX_PRINCIPAL)
    result = simulate(LoanInput(principal, annual_rate_pct, months, insurance)) if principal >= 1 else None
    return Capacity(
        max_monthly,
        principal,
        result,
        f"{percent(p.max_debt_ratio, None)} de {euros(monthly_income, 2)} moins vos crédits en cours "
        f"({euros(existing_credits, 2)}) laissent {euros(max_monthly, 2)} par mois pour ce prêt, assurance comprise : "
        f"sur {months} mois à {_plain(annual_rate_pct)} %, vous pouvez emprunter jusqu'à {euros(principal)}.",
    )


@dataclass(frozen=True)
class Period:
    first_month: int
    last_month: int
    monthly_total: Decimal


@dataclass(frozen=True)
class CombinedPlan:
    loans: tuple[LoanResult, ...]
    periods: tuple[Period, ...]
    total_principal: Decimal
    total_cost: Decimal
    taeg: Decimal
    max_monthly: Decimal
    notes: tuple[str, ...]

    @property
    def taeg_pct(self) -> Decimal:
        return self.taeg.quantize(CENT, rounding=ROUND_HALF_UP)


def accession_input(
    principal: Decimal, months: int, insurance: Insurance | None, parameters: LoanParameters | None = None
) -> tuple[LoanInput, list[str]]:
    """The Prêt Accession part of a plan, within its cap (30 000 €, 1 %, 25 years)."""
    p = parameters or load_loan_parameters()
    notes = []
    if principal > p.accession_max_principal:
        notes.append(
            f"Le Prêt Accession est plafonné à {_plain(p.accession_max_principal)} € : montant ramené au plafond."
        )
        principal = p.accession_max_principal
    if months > p.accession_max_months:
        notes.append(f"Le Prêt Accession dure au plus {p.accession_max_months} mois : durée ramenée à ce maximum.")
        months = p.accession_max_months
    return LoanInput(principal, p.accession_rate_pct, months, insurance, label="Prêt Accession"), notes


def combined_plan(loans: list[LoanInput], notes: list[str] | None = None) -> CombinedPlan:
    """Several loans repaid together (Prêt Accession + bank loan): the monthly total by period, the total cost
    and the TAEG of the whole plan."""
    results = [simulate(loan) for loan in loans]
    length = max(loan.months for loan in loans)
    totals = [r.schedule.column("total") for r in results]
    monthly = [sum((total[k] for total in totals if k < len(total)), Decimal(0)) for k in range(length)]
    periods = []
    start = 0
    for k in range(1, length + 1):
        if k == length or monthly[k] != monthly[start]:
            periods.append(Period(start + 1, k, monthly[start]))
            start = k
    # Periods that differ by a cent of rounding only are merged for reading.
    merged: list[Period] = []
    for period in periods:
        if merged and abs(merged[-1].monthly_total - period.monthly_total) <= Decimal("0.02"):
            merged[-1] = Period(merged[-1].first_month, period.last_month, merged[-1].monthly_total)
        else:
            merged.append(period)
    flows = [list(total) for total in totals]
    total_principal = sum((loan.principal for loan in loans), Decimal(0))
    fees = sum((loan.fees for loan in loans), Decimal(0))
    return CombinedPlan(
        loans=tuple(results),
        periods=tuple(merged),
        total_principal=total_principal,
        total_cost=sum((r.total_cost for r in results), Decimal(0)),
        taeg=actuarial_rate_pct(total_principal - fees, flows),
        max_monthly=max(monthly),
        notes=tuple(notes or ()),
    )


def result_as_dict(result: LoanResult) -> dict:
    """The JSON shape of `manage.py simulate loan` (amounts as strings of euros with 2 decimals)."""
    return {
        "principal": str(result.input.principal),
        "annual_rate_pct": str(result.input.annual_rate_pct),
        "months": result.input.months,
        "insurance": (
            {"basis": result.input.insurance.basis, "annual_rate_pct": str(result.input.insurance.annual_rate_pct)}
            if result.input.insurance
            else None
        ),
        "deferral_months": result.input.deferral_months,
        "monthly_payment": str(result.monthly_payment),
        "monthly_insurance": str(result.monthly_insurance),
        "monthly_total": str(result.monthly_total),
        "total_interest": str(result.total_interest),
        "total_insurance": str(result.total_insurance),
        "total_cost": str(result.total_cost),
        "taeg_pct": str(result.taeg_pct),
        "schedule": [
            {
                "month": row.month,
                "payment": str(row.payment),
                "interest": str(row.interest),
                "capital": str(row.capital),
                "insurance": str(row.insurance),
                "total": str(row.total),
                "remaining": str(row.remaining),
            }
            for row in result.schedule
        ],
    }
