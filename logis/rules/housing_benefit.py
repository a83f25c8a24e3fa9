"""Housing benefit estimate (APL / ALF / ALS) of a tenant in metropolitan France — an estimate, not a decision.

Pure module (standard library only). The formula is the official one for tenants (CCH D823-16, D823-17, arrêté du
27 septembre 2019), written as openfisca-france writes it (model/prestations/aides_logement.py), with the
parameters in force from 1 October 2025 (`data/housing_benefit.toml`, each with its source) and the APL zone of
the commune (`data/zonage_apl_2011.csv.gz`, see scripts/build_zonage_apl.py):

    L  = min(rent, ceiling(zone, couple, dependants))      C = flat charges
    P0 = max(8,5 % × (L + C), 39,56 €)
    R  = Σ per adult (salaries − 10 % deduction, floor and ceiling) [− 95 € double activity], rounded up to 100 €
    TF by household, TL from RL = L / zone-2 ceiling of the household (45 % / 75 % thresholds)
    Pp = P0 + (TF + TL) × max(0, R − R0)
    aid = L + C − Pp, if ≥ the payment threshold (APL 0 €, AL 10 €); × dégressivité for very high rents; − 5 €;
          in social housing − 98 % of the RLS; − CRDS 0,5 % (rounded down to the cent); rounded down to the euro.

What it does not cover is listed in NOT_COVERED (shown on the page).
"""

import csv
import datetime as dt
import functools
import gzip
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

from logis.rules.data_files import DATA_DIR, read_toml
from logis.rules.formatting import euros, percent
from logis.rules.loan import LoanInputError, parse_decimal, parse_int

ZONAGE_FILE = "zonage_apl_2011.csv.gz"
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MAX_SALARY = Decimal(1_000_000)
MAX_RENT = Decimal(20_000)
MAX_DEPENDANTS = 15
INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")

NOT_COVERED = (
    "Les ressources retenues par la CAF sont les salaires des 12 mois glissants (M-13 à M-2) déclarés par les "
    "employeurs, et les autres revenus de l'avant-dernière année : l'estimation ne prend que les salaires nets "
    "imposables que vous indiquez.",
    "Ni les allocations chômage, pensions, revenus non salariaux, pensions alimentaires, ni le patrimoine de plus "
    "de 30 000 €, ni les abattements et neutralisations (chômage, retraite) ne sont pris en compte.",
    "Logements-foyers, résidences CROUS, chambres, colocation, logements meublés, accession à la propriété : "
    "formules différentes, non couvertes.",
    "Étudiants (forfait de ressources), personnes âgées ou handicapées (exceptions à la dégressivité) : non couverts.",
    "Départements et régions d'outre-mer, Mayotte, Saint-Pierre-et-Miquelon : non couverts.",
    "Seule la CAF (ou la MSA) calcule votre droit : faites votre demande dès l'entrée dans le logement.",
)


class HousingBenefitInputError(LoanInputError):
    """A field of the estimate is wrong; `message` says in French what to type."""


# --- zones --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AplZone:
    commune: str
    zone: int
    origin: str  # 2011, arrondissement, fusion, fusion_ambigue, defaut

    @property
    def note(self) -> str:
        return {
            "2011": "",
            "arrondissement": "zone de la commune dont l'arrondissement fait partie",
            "fusion": "commune nouvelle : zone de ses anciennes communes (zonage de 2011)",
            "fusion_ambigue": "commune nouvelle dont les anciennes communes avaient des zones différentes : zone la "
            "plus favorable retenue, la CAF retient celle de l'ancienne commune du logement",
            "defaut": "commune absente du zonage de 2011 : zone 2 retenue par défaut",
        }[self.origin]


@functools.cache
def _zonage() -> dict[str, tuple[int, str]]:
    with gzip.open(DATA_DIR / ZONAGE_FILE, "rt", encoding="utf-8", newline="") as handle:
        return {row["insee"]: (int(row["zone"]), row["origin"]) for row in csv.DictReader(handle)}


def apl_zone(commune: str) -> AplZone:
    code = str(commune or "").strip().upper()
    if not code:
        raise HousingBenefitInputError("commune", "Indiquez la commune du logement (code INSEE à 5 caractères).")
    if not INSEE_RE.match(code):
        raise HousingBenefitInputError(
            "commune",
            "Le code commune est le code INSEE à 5 caractères (par exemple 69123 pour Lyon), pas le code postal.",
        )
    if code.startswith("97") or code.startswith("98"):
        raise HousingBenefitInputError(
            "commune",
            "L'estimation ne couvre que la France métropolitaine : pour l'outre-mer, utilisez le simulateur "
            "de la CAF.",
        )
    found = _zonage().get(code)
    if found is None:
        raise HousingBenefitInputError(
            "commune", f"La commune {code} est inconnue : vérifiez son code INSEE (par exemple 69123 pour Lyon)."
        )
    return AplZone(code, found[0], found[1])


# --- parameters -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameters:
    valid_from: dt.date
    legal_source: str
    rent_ceilings: dict  # zone → (single, couple, one dependant, per extra dependant)
    charges_base: Decimal
    charges_per_dependant: Decimal
    p0_minimum: Decimal
    p0_rate: Decimal
    r0: tuple[int, ...]
    r0_per_extra: int
    tf: tuple[Decimal, ...]
    tf_per_extra: Decimal
    tl_threshold_1: Decimal
    tl_threshold_2: Decimal
    tl_rate_2: Decimal
    tl_rate_3: Decimal
    degressivity: dict  # zone → (degressivity, suppression)
    minoration: Decimal
    threshold_apl: Decimal
    threshold_al: Decimal
    crds_rate: Decimal
    double_activity: Decimal
    rls_share: Decimal
    bmaf: Decimal
    deduction_rate: Decimal
    deduction_min: Decimal
    deduction_max: Decimal
    rls_amounts: dict | None  # zone → (single, couple, one dependant, per extra)
    rls_ceilings: dict | None  # zone → (single, couple, 1..6 dependants, per extra)


def _d(values) -> tuple[Decimal, ...]:
    return tuple(Decimal(str(v)) for v in values)


def _dated(entries: list[dict], day: dt.date, key: str = "valid_from") -> dict | None:
    found = None
    for entry in sorted(entries, key=lambda e: e[key]):
        if dt.date.fromisoformat(entry[key]) <= day:
            found = entry
    return found


@functools.cache
def _data() -> dict:
    return read_toml("housing_benefit.toml")


def earliest_month() -> dt.date:
    return min(dt.date.fromisoformat(p["valid_from"]) for p in _data()["period"])


@functools.cache
def parameters_for(month: dt.date) -> Parameters:
    data = _data()
    period = _dated(data["period"], month)
    if period is None:
        raise HousingBenefitInputError(
            "month",
            f"L'estimation commence en {french_month(earliest_month())} : choisissez ce mois ou un mois suivant.",
        )
    bmaf = _dated(data["bmaf"], month)
    deduction = max(
        (d for d in data["salary_deduction"] if d["income_year"] <= month.year - 1), key=lambda d: d["income_year"]
    )
    rls_amounts = _dated(data["rls_amounts"], month)
    rls_ceilings = _dated(data["rls_ceilings"], month)
    zones = ("zone_1", "zone_2", "zone_3")
    return Parameters(
        valid_from=dt.date.fromisoformat(period["valid_from"]),
        legal_source=period["legal_source"],
        rent_ceilings={int(z[-1]): _d(period["rent_ceilings"][z]) for z in zones},
        charges_base=Decimal(period["charges_base"]),
        charges_per_dependant=Decimal(period["charges_per_dependant"]),
        p0_minimum=Decimal(period["p0_minimum"]),
        p0_rate=Decimal(period["p0_rate"]),
        r0=tuple(period["r0"]),
        r0_per_extra=period["r0_per_extra_dependant"],
        tf=_d(period["tf"]),
        tf_per_extra=Decimal(period["tf_per_extra_dependant"]),
        tl_threshold_1=Decimal(period["tl_threshold_1"]),
        tl_threshold_2=Decimal(period["tl_threshold_2"]),
        tl_rate_2=Decimal(period["tl_rate_2"]),
        tl_rate_3=Decimal(period["tl_rate_3"]),
        degressivity={int(z[-1]): _d(period["degressivity"][z]) for z in zones},
        minoration=Decimal(period["minoration"]),
        threshold_apl=Decimal(period["payment_threshold_apl"]),
        threshold_al=Decimal(period["payment_threshold_al"]),
        crds_rate=Decimal(period["crds_rate"]),
        double_activity=Decimal(period["double_activity_deduction"]),
        rls_share=Decimal(period["rls_share"]),
        bmaf=Decimal(bmaf["amount"]),
        deduction_rate=Decimal(deduction["rate"]),
        deduction_min=Decimal(deduction["minimum"]),
        deduction_max=Decimal(deduction["maximum"]),
        rls_amounts={int(z[-1]): _d(rls_amounts[z]) for z in zones} if rls_amounts else None,
        rls_ceilings={int(z[-1]): _d(rls_ceilings[z]) for z in zones} if rls_ceilings else None,
    )


MONTHS_FR = (
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


def french_month(day: dt.date) -> str:
    return f"{MONTHS_FR[day.month - 1]} {day.year}"


# --- input ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HousingBenefitInput:
    commune: str
    rent: Decimal  # monthly, charges excluded
    dependants: int
    annual_taxable_salaries: tuple[Decimal, ...]  # one per adult: the person alone, or both members of the couple
    housing: str  # "social" (conventionné: APL) or "private"
    month: dt.date  # first day of the month

    @property
    def couple(self) -> bool:
        return len(self.annual_taxable_salaries) == 2


def parse_month(value) -> dt.date:
    text = str(value or "").strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise HousingBenefitInputError("month", "Indiquez le mois sous la forme AAAA-MM, par exemple 2026-01.")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def housing_benefit_input(raw: dict) -> HousingBenefitInput:
    """Validate the keys `commune`, `rent`, `dependants`, `annual_taxable_salaries`, `housing`, `month`."""
    if not isinstance(raw, dict):
        raise HousingBenefitInputError("__all__", "Donnez la commune, le loyer, le foyer et les salaires.")
    zone = apl_zone(raw.get("commune"))
    rent = parse_decimal(
        raw.get("rent"),
        "rent",
        "le loyer mensuel hors charges",
        minimum=Decimal(0),
        maximum=MAX_RENT,
        unit="€",
        strict_min=True,
    )
    dependants = parse_int(
        raw.get("dependants", 0), "dependants", "le nombre de personnes à charge", minimum=0, maximum=MAX_DEPENDANTS
    )
    salaries = raw.get("annual_taxable_salaries")
    if isinstance(salaries, str | int | float | Decimal) and not isinstance(salaries, bool):
        salaries = [salaries]
    if not isinstance(salaries, list | tuple) or not 1 <= len(salaries) <= 2:
        raise HousingBenefitInputError(
            "annual_taxable_salaries",
            "Indiquez le salaire net imposable des 12 derniers mois de la personne seule, ou de chacun des deux "
            "membres du couple (deux montants).",
        )
    parsed = tuple(
        parse_decimal(
            value,
            f"annual_taxable_salaries_{index}",
            "le salaire net imposable des 12 derniers mois" + (" du conjoint" if index else ""),
            minimum=Decimal(0),
            maximum=MAX_SALARY,
            unit="€",
        )
        for index, value in enumerate(salaries)
    )
    housing = raw.get("housing") or ""
    if housing not in ("social", "private"):
        raise HousingBenefitInputError(
            "housing", "Précisez le logement : logement social (social) ou logement du parc privé (private)."
        )
    month = parse_month(raw.get("month"))
    parameters_for(month)  # raises when no parameters cover the month
    return HousingBenefitInput(zone.commune, rent, dependants, parsed, housing, month)


# --- estimate ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HousingBenefitEstimate:
    input: HousingBenefitInput
    zone: AplZone
    kind: str  # « APL » or « ALF / ALS »
    monthly_amount: int  # euros, as paid
    rent_ceiling: Decimal
    rent_retained: Decimal
    charges: Decimal
    p0: Decimal
    resources: Decimal  # R, annual, rounded up to 100 €
    r0: int
    tf: Decimal
    rl_pct: Decimal
    tl: Decimal
    personal_participation: Decimal
    before_thresholds: Decimal
    degressivity_coefficient: Decimal
    after_minoration: Decimal
    rls: Decimal
    crds: Decimal
    parameters_from: dt.date
    explanation: tuple[str, ...]
    notes: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "monthly_amount": self.monthly_amount,
            "zone": self.zone.zone,
            "zone_origin": self.zone.origin,
            "kind": self.kind,
            "commune": self.input.commune,
            "month": self.input.month.strftime("%Y-%m"),
            "rent_ceiling": str(self.rent_ceiling),
            "rent_retained": str(self.rent_retained),
            "charges": str(self.charges),
            "p0": str(self.p0),
            "resources": str(self.resources),
            "r0": self.r0,
            "tf": str(self.tf),
            "rl_pct": str(self.rl_pct),
            "tl": str(self.tl),
            "personal_participation": str(self.personal_participation),
            "before_thresholds": str(self.before_thresholds),
            "degressivity_coefficient": str(self.degressivity_coefficient),
            "after_minoration": str(self.after_minoration),
            "rls": str(self.rls),
            "crds": str(self.crds),
            "parameters_from": self.parameters_from.isoformat(),
            "is_estimate": True,
            "explanation": list(self.explanation),
            "notes": list(self.notes),
        }


def _ceiling(table: tuple[Decimal, ...], couple: bool, dependants: int) -> Decimal:
    single, pair, one, extra = table
    if dependants == 0:
        return pair if couple else single
    return one + (dependants - 1) * extra


def _household_index(couple: bool, dependants: int) -> int:
    return 1 if couple and dependants == 0 else (0 if dependants == 0 else 1 + dependants)


def _round(value: Decimal, quantum: str) -> Decimal:
    return value.quantize(Decimal(quantum), rounding=ROUND_HALF_EVEN)


def salary_after_deduction(salary: Decimal, p: Parameters) -> Decimal:
    deduction = _round(min(max(p.deduction_rate * salary, p.deduction_min), p.deduction_max), "1")
    return max(Decimal(0), salary - deduction)


def estimate(data: HousingBenefitInput) -> HousingBenefitEstimate:
    p = parameters_for(data.month)
    zone = apl_zone(data.commune)
    couple, dependants = data.couple, data.dependants
    social = data.housing == "social"
    notes = []
    if zone.note:
        notes.append(f"Zone APL {zone.zone} : {zone.note}.")

    ceiling = _round(_ceiling(p.rent_ceilings[zone.zone], couple, dependants), "0.01")
    rent_retained = min(data.rent, ceiling)
    charges = p.charges_base + dependants * p.charges_per_dependant
    p0 = max(p.p0_rate * (rent_retained + charges), p.p0_minimum)

    resources = sum((salary_after_deduction(s, p) for s in data.annual_taxable_salaries), Decimal(0))
    double_activity = couple and all(s >= 12 * p.bmaf for s in data.annual_taxable_salaries)
    if double_activity:
        resources = max(Decimal(0), resources - p.double_activity)
    resources = (_round(resources, "0.01") / HUNDRED).to_integral_value(rounding=ROUND_CEILING) * HUNDRED

    index = _household_index(couple, dependants)
    extra = max(0, dependants - 6)
    r0 = p.r0[min(index, 7)] + extra * p.r0_per_extra
    tf = p.tf[min(index, 7)] + extra * p.tf_per_extra
    reference = _ceiling(p.rent_ceilings[2], couple, dependants)
    rl_pct = _round(rent_retained / reference * HUNDRED, "0.01")
    rl = rl_pct / HUNDRED
    if rl >= p.tl_threshold_2:
        tl = p.tl_rate_3 * (rl - p.tl_threshold_2) + p.tl_rate_2 * (p.tl_threshold_2 - p.tl_threshold_1)
    else:
        tl = max(Decimal(0), p.tl_rate_2 * (rl - p.tl_threshold_1))
    tl = _round(tl, "0.00001")
    participation = p0 + (tf + tl) * max(Decimal(0), resources - r0)

    amount = max(Decimal(0), rent_retained + charges - participation)
    threshold = p.threshold_apl if social else p.threshold_al
    before_thresholds = amount
    if amount < threshold:
        notes.append(f"Montant calculé inférieur au seuil de versement de {euros(threshold)} : rien n'est versé.")
        amount = Decimal(0)
    low, high = (_round(ceiling * c, "0.01") for c in p.degressivity[zone.zone])
    if data.rent <= low:
        coefficient = Decimal(1)
    elif data.rent <= high:
        coefficient = 1 - (data.rent - low) / (high - low)
        notes.append(
            f"Loyer au-delà de {euros(low, 2)} : l'aide diminue (dégressivité), elle s'annule à {euros(high, 2)}."
        )
    else:
        coefficient = Decimal(0)
        notes.append(f"Loyer au-delà de {euros(high, 2)} : pas d'aide (suppression pour loyer trop élevé).")
    amount = max(Decimal(0), _round(amount * coefficient, "0.01") - p.minoration)
    after_minoration = amount

    rls = Decimal(0)
    if social and p.rls_amounts and p.rls_ceilings:
        limits = p.rls_ceilings[zone.zone]
        limit = limits[min(index, 7)] + (extra * limits[8] if dependants > 6 else 0)
        if resources / 12 < limit:
            rls = _ceiling(p.rls_amounts[zone.zone], couple, dependants)
            amount = max(Decimal(0), amount - rls * p.rls_share)
            notes.append(
                f"Logement social : votre bailleur applique la réduction de loyer de solidarité ({euros(rls, 2)} par "
                f"mois), et l'aide baisse de {percent(p.rls_share, None)} de ce montant."
            )
    crds = (amount * HUNDRED * p.crds_rate).to_integral_value(rounding=ROUND_FLOOR) / HUNDRED
    monthly = int((amount - crds).to_integral_value(rounding=ROUND_FLOOR))

    who = "le couple" if couple else "la personne seule"
    household = who + (f" avec {dependants} personne{'s' if dependants > 1 else ''} à charge" if dependants else "")
    explanation = (
        f"Zone APL {zone.zone} (commune {data.commune}), {household}.",
        f"Loyer retenu : {euros(rent_retained, 2)} (votre loyer {euros(data.rent, 2)}, plafond {euros(ceiling, 2)}) ; "
        f"charges forfaitaires : {euros(charges, 2)}.",
        f"Ressources retenues : {euros(resources)} par an (salaires moins 10 % de frais professionnels, arrondies "
        f"à la centaine supérieure), abattement R0 : {euros(r0)}.",
        f"Participation personnelle : {euros(_round(participation, '0.01'), 2)} = participation minimale "
        f"{euros(_round(p0, '0.01'), 2)} + ({percent(tf, 2)} + {percent(tl, 3)}) × ressources au-delà de R0.",
        f"Aide = loyer retenu + charges − participation, moins 5 € et la CRDS (0,5 %) : {euros(monthly)} par mois.",
    )
    if data.month >= dt.date(p.valid_from.year + 1, 10, 1):
        notes.append(
            f"Paramètres du {p.valid_from.day}er {french_month(p.valid_from)} : une revalorisation plus récente "
            "n'est pas encore dans nos paramètres."
        )
    return HousingBenefitEstimate(
        input=data,
        zone=zone,
        kind="APL" if social else "ALF / ALS",
        monthly_amount=monthly,
        rent_ceiling=ceiling,
        rent_retained=rent_retained,
        charges=charges,
        p0=_round(p0, "0.01"),
        resources=resources,
        r0=r0,
        tf=tf,
        rl_pct=rl_pct,
        tl=tl,
        personal_participation=_round(participation, "0.01"),
        before_thresholds=_round(before_thresholds, "0.01"),
        degressivity_coefficient=_round(coefficient, "0.0001"),
        after_minoration=after_minoration,
        rls=rls,
        crds=crds,
        parameters_from=p.valid_from,
        explanation=explanation,
        notes=tuple(notes),
    )
