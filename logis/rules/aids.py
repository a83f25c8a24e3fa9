"""Aids and loans for employees: the catalogue, and the Mobili-Jeune, LOCA-PASS and Visale simulators.

Pure module (standard library only). Figures, statuses and sources come from `data/aids_2026.toml`; where the
sources conflict or a figure was not found, the catalogue says so (`conflicts`, « non trouvé »). `today` is
always a parameter.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from logis.rules.data_files import read_toml
from logis.rules.formatting import euros
from logis.rules.loan import LoanInputError, parse_decimal, parse_int
from logis.rules.zones import load_zone_tables

AIDS_FILE = "aids_2026.toml"
CENT = Decimal("0.01")
STATUS_LABELS = {"open": "Ouverte", "suspended": "Suspendue", "closed": "Fermée"}
KIND_LABELS = {"aid": "Aide", "loan": "Prêt", "guarantee": "Garantie"}


class AidInputError(LoanInputError):
    """A field of an aid simulator is wrong; `message` says in French what to type."""


@dataclass(frozen=True)
class Aid:
    code: str
    name: str
    kind: str
    status: str
    status_since: str  # "YYYY-MM-DD", "YYYY-MM" or ""
    status_note: str
    status_seen_on: str
    summary: str
    who: str
    how_much: str
    how_long: str
    deadlines: str
    housing: str
    pieces: tuple[str, ...]
    requestable: bool
    needs_employer_agreement: bool
    conflicts: tuple[str, ...]
    sources: tuple[str, ...]
    official_link: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Catalogue:
    version: str
    seen_on: str
    aids: tuple[Aid, ...]

    def get(self, code: str) -> Aid | None:
        return next((aid for aid in self.aids if aid.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(aid.code for aid in self.aids)


@functools.cache
def load_catalogue() -> Catalogue:
    data = read_toml(AIDS_FILE)
    aids = []
    for entry in data["aid"]:
        if entry["status"] not in STATUS_LABELS:
            raise ValueError(f"{AIDS_FILE}: statut inconnu {entry['status']!r} pour {entry['code']}")
        aids.append(
            Aid(
                code=entry["code"],
                name=entry["name"],
                kind=entry["kind"],
                status=entry["status"],
                status_since=entry.get("status_since", ""),
                status_note=entry.get("status_note", ""),
                status_seen_on=entry.get("status_seen_on", ""),
                summary=entry["summary"],
                who=entry["who"],
                how_much=entry["how_much"],
                how_long=entry["how_long"],
                deadlines=entry["deadlines"],
                housing=entry.get("housing", ""),
                pieces=tuple(entry.get("pieces", ())),
                requestable=bool(entry.get("requestable")),
                needs_employer_agreement=bool(entry.get("needs_employer_agreement")),
                conflicts=tuple(entry.get("conflicts", ())),
                sources=tuple(entry.get("sources", ())),
                official_link=entry.get("official_link", ""),
            )
        )
    return Catalogue(version=data["version"], seen_on=data["seen_on"], aids=tuple(aids))


def figures(section: str) -> dict:
    return read_toml(AIDS_FILE)[section]


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def parse_date(value, field_name: str, label: str, *, required: bool = True) -> dt.date | None:
    text = str(value or "").strip()
    if not text:
        if required:
            raise AidInputError(field_name, f"Indiquez {label} (AAAA-MM-JJ).")
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise AidInputError(
            field_name, f"{label[0].upper() + label[1:]} : tapez une date valide, AAAA-MM-JJ."
        ) from None
    if not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise AidInputError(field_name, f"{label[0].upper() + label[1:]} : tapez une date entre 1900 et 2100.")
    return day


def _bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "oui", "on", "yes")
    return bool(value)


# --- LOCA-PASS ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instalment:
    month: dt.date  # first day of the month of the repayment
    amount: Decimal


@dataclass(frozen=True)
class LocaPassSchedule:
    deposit: Decimal
    amount: Decimal  # advanced (≤ 1 200 €)
    monthly: Decimal
    months: int
    instalments: tuple[Instalment, ...]
    request_deadline: dt.date | None
    explanation: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "deposit": str(self.deposit),
            "amount": str(self.amount),
            "monthly": str(self.monthly),
            "months": self.months,
            "schedule": [{"month": i.month.strftime("%Y-%m"), "amount": str(i.amount)} for i in self.instalments],
            "request_deadline": self.request_deadline.isoformat() if self.request_deadline else None,
            "explanation": list(self.explanation),
        }


def loca_pass_schedule(raw: dict, *, today: dt.date) -> LocaPassSchedule:
    """Keys: `deposit` (the dépôt de garantie), optional `months` (≤ 25), `lease_months` (a shorter lease),
    `payment_date` (when the advance is paid; default today), `move_in_date` (for the 2-month deadline)."""
    p = figures("loca_pass")
    if not isinstance(raw, dict):
        raise AidInputError("__all__", "Indiquez le montant du dépôt de garantie.")
    deposit = parse_decimal(
        raw.get("deposit"),
        "deposit",
        "le montant du dépôt de garantie",
        minimum=Decimal(1),
        maximum=Decimal(100_000),
        unit="€",
    )
    max_amount, max_months, minimum = Decimal(p["max_amount"]), p["max_months"], Decimal(p["min_monthly"])
    months = parse_int(
        raw.get("months") or max_months,
        "months",
        "la durée de remboursement",
        minimum=1,
        maximum=max_months,
        unit="mois",
    )
    lease_months = raw.get("lease_months")
    explanation = []
    if lease_months not in (None, ""):
        lease_months = parse_int(lease_months, "lease_months", "la durée du bail", minimum=1, maximum=120, unit="mois")
        if lease_months < months:
            months = lease_months
            explanation.append(f"Bail de {lease_months} mois : le remboursement s'aligne sur sa durée.")
    payment = parse_date(raw.get("payment_date"), "payment_date", "la date de versement", required=False) or today
    move_in = parse_date(raw.get("move_in_date"), "move_in_date", "la date d'entrée dans le logement", required=False)
    amount = min(deposit, max_amount)
    if deposit > max_amount:
        explanation.append(f"L'avance est plafonnée à {euros(max_amount)} : le reste du dépôt est à votre charge.")
    monthly = max(minimum, (amount / months).quantize(CENT, rounding=ROUND_CEILING))
    count = int((amount / monthly).to_integral_value(rounding=ROUND_CEILING))
    first = add_months(payment.replace(day=1), p["deferral_months"])
    instalments = []
    for index in range(count):
        value = monthly if index < count - 1 else amount - monthly * (count - 1)
        instalments.append(Instalment(add_months(first, index), value))
    explanation.insert(
        0,
        f"Avance de {euros(amount, 2)} à 0 %, remboursée en {count} mensualités de {euros(monthly, 2)}"
        + (f" (la dernière de {euros(instalments[-1].amount, 2)})" if instalments[-1].amount != monthly else "")
        + f", à partir de {first.strftime('%m/%Y')} (3 mois après le versement).",
    )
    deadline = add_months(move_in, p["request_within_months"]) if move_in else None
    if deadline:
        late = " — ce délai est dépassé" if deadline < today else ""
        explanation.append(
            f"Demande à faire au plus tard le {deadline.strftime('%d/%m/%Y')} (2 mois après l'entrée){late}."
        )
    return LocaPassSchedule(deposit, amount, monthly, count, tuple(instalments), deadline, tuple(explanation))


# --- Mobili-Jeune -------------------------------------------------------------------------------------------

CONTRACTS = {"apprentissage": "contrat d'apprentissage", "professionnalisation": "contrat de professionnalisation"}
SECTORS = {"prive": "entreprise privée non agricole", "agricole": "entreprise agricole", "public": "secteur public"}


@dataclass(frozen=True)
class MobiliJeune:
    eligible: bool
    monthly_amount: Decimal
    months: int
    total: Decimal
    window_start: dt.date | None
    window_end: dt.date | None
    reasons: tuple[str, ...]  # why not, with the figures
    explanation: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "monthly_amount": str(self.monthly_amount),
            "months": self.months,
            "total": str(self.total),
            "request_window": {
                "from": self.window_start.isoformat() if self.window_start else None,
                "to": self.window_end.isoformat() if self.window_end else None,
            },
            "reasons": list(self.reasons),
            "explanation": list(self.explanation),
            "notes": list(self.notes),
        }


def mobili_jeune(raw: dict, *, today: dt.date) -> MobiliJeune:
    """Keys: `age`, `contract` (apprentissage / professionnalisation / autre), `sector` (prive / agricole /
    public), `monthly_gross_salary`, `rent` (charges included, monthly), `housing_benefit` (monthly),
    `distance_km`, `travel_minutes`, `double_rent` (bool), `contract_start` (AAAA-MM-JJ), `contract_years` (1-2)."""
    p = figures("mobili_jeune")
    if not isinstance(raw, dict):
        raise AidInputError("__all__", "Indiquez votre âge, votre contrat, votre salaire et votre loyer.")
    age = parse_int(raw.get("age"), "age", "votre âge", minimum=14, maximum=120, unit="ans")
    contract = raw.get("contract") or ""
    if contract not in (*CONTRACTS, "autre"):
        raise AidInputError("contract", "Choisissez votre contrat : apprentissage, professionnalisation ou autre.")
    sector = raw.get("sector") or ""
    if sector not in SECTORS:
        raise AidInputError("sector", "Choisissez votre employeur : prive (non agricole), agricole ou public.")
    salary = parse_decimal(
        raw.get("monthly_gross_salary"),
        "monthly_gross_salary",
        "votre salaire brut mensuel",
        minimum=Decimal(0),
        maximum=Decimal(100_000),
        unit="€",
    )
    rent = parse_decimal(
        raw.get("rent"), "rent", "le loyer charges comprises", minimum=Decimal(0), maximum=Decimal(20_000), unit="€"
    )
    benefit = parse_decimal(
        raw.get("housing_benefit") or 0,
        "housing_benefit",
        "l'aide au logement mensuelle",
        minimum=Decimal(0),
        maximum=Decimal(20_000),
        unit="€",
    )
    distance = parse_decimal(
        raw.get("distance_km") or 0,
        "distance_km",
        "la distance entre l'ancien et le nouveau logement",
        minimum=Decimal(0),
        maximum=Decimal(20_000),
        unit="km",
    )
    minutes = parse_decimal(
        raw.get("travel_minutes") or 0,
        "travel_minutes",
        "le temps de trajet",
        minimum=Decimal(0),
        maximum=Decimal(10_000),
        unit="min",
    )
    double_rent = _bool(raw.get("double_rent"))
    start = parse_date(raw.get("contract_start"), "contract_start", "la date de début du contrat")
    years = parse_int(
        raw.get("contract_years") or 1,
        "contract_years",
        "la durée du contrat en années",
        minimum=1,
        maximum=5,
        unit="ans",
    )

    reasons = []
    if age > p["max_age"]:
        reasons.append(
            f"Âge : {age} ans ; l'aide est réservée aux moins de {p['max_age']} ans (demande au plus tard le "
            "jour des 30 ans)."
        )
    if contract == "autre":
        reasons.append("Contrat : l'aide est réservée aux contrats d'apprentissage et de professionnalisation.")
    if sector == "public":
        reasons.append("Employeur : l'aide est réservée aux entreprises privées (cotisant à la PEEC).")
    ceiling = Decimal(p["salary_ceiling"])
    if salary > ceiling:
        reasons.append(
            f"Salaire : {euros(salary, 2)} brut par mois, au-delà du plafond de {euros(ceiling, 2)} "
            "(120 % du SMIC brut)."
        )
    far = distance > p["min_distance_km"] or minutes > p["min_travel_minutes"]
    if not (far or double_rent):
        reasons.append(
            f"Logement : le nouveau logement doit être à plus de {p['min_distance_km']} km ou "
            f"{p['min_travel_minutes']} minutes de l'ancien, ou vous devez payer deux loyers."
        )
    window_start = add_months(start, -p["window_before_months"])
    window_end = add_months(start, p["window_after_months"])
    if today > window_end:
        reasons.append(
            f"Délai : la demande devait être faite au plus tard le {window_end.strftime('%d/%m/%Y')} "
            "(5 mois après le début du contrat)."
        )
    cap = Decimal(p["max_amount_agricultural"] if sector == "agricole" else p["max_amount"])
    remainder = max(Decimal(0), rent - benefit)
    amount = min(remainder, cap)
    minimum = Decimal(p["min_amount"])
    if amount < minimum:
        reasons.append(
            f"Montant : loyer moins aide au logement = {euros(remainder, 2)}, sous le minimum de "
            f"{euros(minimum)} : rien n'est versé."
        )
        amount = Decimal(0)
    months = p["months_per_year"] * min(years, p["max_years"])
    eligible = not reasons
    explanation = (
        f"Loyer charges comprises {euros(rent, 2)} − aide au logement {euros(benefit, 2)} = {euros(remainder, 2)}, "
        f"plafonné à {euros(cap)} : {euros(amount, 2)} par mois.",
        f"{p['months_per_year']} mensualités par année de contrat, {p['max_years']} ans au plus : {months} "
        f"mensualités, soit {euros(amount * months, 2)} au total.",
        f"Demande possible du {window_start.strftime('%d/%m/%Y')} au {window_end.strftime('%d/%m/%Y')}.",
    )
    notes = ("Les sources divergent sur la durée et le délai de demande : voir la fiche de l'aide.",)
    if not eligible:
        amount = Decimal(0)
    return MobiliJeune(
        eligible,
        amount,
        months if eligible else 0,
        amount * months if eligible else Decimal(0),
        window_start,
        window_end,
        tuple(reasons),
        explanation,
        notes,
    )


# --- Visale -------------------------------------------------------------------------------------------------

VISALE_STATUSES = {
    "salarie": "salarié ou salariée",
    "etudiant": "étudiant ou étudiante",
    "alternant": "alternant ou alternante",
    "demandeur_emploi": "demandeur ou demandeuse d'emploi",
    "autre": "autre situation",
}
VISALE_SITUATIONS = {
    "cdi_confirme": "CDI confirmé (période d'essai terminée)",
    "nouvel_embauche": "embauché ou embauchée depuis moins de 6 mois (hors CDI confirmé)",
    "promesse": "promesse d'embauche",
    "mobilite": "mobilité professionnelle",
    "autre": "autre",
}


@dataclass(frozen=True)
class Visale:
    eligible: bool
    zone: str
    rent_cap: Decimal
    reasons: tuple[str, ...]
    explanation: tuple[str, ...]
    coverage: str

    def as_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "zone": self.zone,
            "rent_cap": str(self.rent_cap),
            "reasons": list(self.reasons),
            "explanation": list(self.explanation),
            "coverage": self.coverage,
        }


def visale_zone(commune: str, in_large_agglomeration: bool | None) -> str:
    """Zone I (Île-de-France), II (agglomerations > 100 000 inhabitants, Corse, overseas) or III. The list of
    agglomerations is not in our data: outside Île-de-France, Corse and overseas, the person says it."""
    code = str(commune or "").strip().upper()
    departement = code[:3] if code.startswith("97") else code[:2]
    if departement in load_zone_tables().idf_departements:
        return "I"
    if departement in ("2A", "2B", "20") or code.startswith("97"):
        return "II"
    if in_large_agglomeration is None:
        raise AidInputError(
            "in_large_agglomeration",
            "Précisez si la commune fait partie d'une agglomération de plus de 100 000 habitants (zone II) ou non "
            "(zone III).",
        )
    return "II" if in_large_agglomeration else "III"


def visale(raw: dict, *, today: dt.date) -> Visale:
    """Keys: `age`, `status` (salarie / etudiant / alternant / demandeur_emploi / autre), `sector` (prive /
    agricole / public), `situation` (cdi_confirme / nouvel_embauche / promesse / mobilite / autre),
    `monthly_net_income`, `rent_with_charges`, `zone` (I / II / III) or `commune` (+ `in_large_agglomeration`),
    `housing` (private / social), `bail_mobilite`, `lease_signed`."""
    p = figures("visale")
    if not isinstance(raw, dict):
        raise AidInputError("__all__", "Indiquez votre âge, votre situation, vos revenus et le loyer.")
    age = parse_int(raw.get("age"), "age", "votre âge", minimum=16, maximum=120, unit="ans")
    status = raw.get("status") or ""
    if status not in VISALE_STATUSES:
        raise AidInputError(
            "status", "Choisissez votre situation : salarie, etudiant, alternant, demandeur_emploi ou autre."
        )
    sector = raw.get("sector") or "prive"
    if sector not in SECTORS:
        raise AidInputError("sector", "Choisissez le secteur de votre employeur : prive, agricole ou public.")
    situation = raw.get("situation") or "autre"
    if situation not in VISALE_SITUATIONS:
        raise AidInputError("situation", "Choisissez : cdi_confirme, nouvel_embauche, promesse, mobilite ou autre.")
    income = parse_decimal(
        raw.get("monthly_net_income") or 0,
        "monthly_net_income",
        "vos revenus nets mensuels",
        minimum=Decimal(0),
        maximum=Decimal(1_000_000),
        unit="€",
    )
    rent = parse_decimal(
        raw.get("rent_with_charges"),
        "rent_with_charges",
        "le loyer charges comprises",
        minimum=Decimal(0),
        maximum=Decimal(100_000),
        unit="€",
        strict_min=True,
    )
    zone = str(raw.get("zone") or "").strip().upper()
    if zone not in ("I", "II", "III"):
        if not raw.get("commune"):
            raise AidInputError("zone", "Choisissez la zone (I, II ou III) ou indiquez la commune du logement.")
        agglomeration = raw.get("in_large_agglomeration")
        zone = visale_zone(raw.get("commune"), None if agglomeration in (None, "") else _bool(agglomeration))
    housing = raw.get("housing") or "private"
    if housing not in ("private", "social"):
        raise AidInputError("housing", "Précisez le logement : private (parc privé) ou social (logement social).")
    bail_mobilite, lease_signed = _bool(raw.get("bail_mobilite")), _bool(raw.get("lease_signed"))

    student = status in ("etudiant", "alternant")
    caps = p["student_rent_caps"] if status == "etudiant" else p["rent_caps"]
    cap = Decimal(caps[zone])
    reasons = []
    young = age <= p["max_age"]
    ceiling = Decimal(p["income_ceiling_over_30"])
    if not young and not bail_mobilite:
        if status != "salarie" or sector == "public":
            reasons.append(
                f"Âge : {age} ans ; après 30 ans, Visale est réservée aux salariés du secteur privé ou "
                "agricole (ou aux baux mobilité)."
            )
        elif income > ceiling and situation not in ("nouvel_embauche", "promesse", "mobilite"):
            reasons.append(
                f"Revenus : {euros(income, 2)} nets par mois, au-delà de {euros(ceiling)} ; après 30 ans, "
                "Visale reste possible si votre embauche date de moins de 6 mois (hors CDI confirmé), "
                "avec une promesse d'embauche ou en mobilité professionnelle."
            )
    if rent > cap:
        reasons.append(
            f"Loyer : {euros(rent, 2)} charges comprises, au-delà du plafond de {euros(cap)} en zone {zone}"
            + (" (étudiants)" if status == "etudiant" else "")
            + "."
        )
    if housing == "social" and not (student and 18 <= age <= p["max_age"]):
        reasons.append("Logement social : Visale n'y est ouverte qu'aux étudiants et alternants de 18 à 30 ans.")
    if lease_signed:
        reasons.append("Bail déjà signé : le propriétaire doit accepter Visale avant la signature du bail.")
    months = p["unpaid_months_social"] if housing == "social" else p["unpaid_months_private"]
    coverage = (
        f"Jusqu'à {months} mois d'impayés de loyer et charges, pendant les {p['coverage_years']} premières "
        "années d'occupation."
    )
    explanation = (
        f"Zone {zone} : plafond de loyer charges comprises {euros(cap)}"
        + (" (étudiants)" if status == "etudiant" else "")
        + f" ; votre loyer : {euros(rent, 2)}.",
        "Moins de 30 ans : sans condition de ressources."
        if young
        else "Plus de 30 ans : salarié ou salariée du privé ou de l'agricole gagnant au plus "
        f"{euros(ceiling)} nets par mois, ou nouvel embauché, promesse d'embauche, mobilité professionnelle.",
        "À demander sur visale.fr avant la signature du bail ; le propriétaire accepte la garantie dans son espace.",
    )
    return Visale(not reasons, zone, cap, tuple(reasons), explanation, coverage)


# --- « Mes aides »: what the applicant may claim, from what Logis knows ------------------------------------


@dataclass(frozen=True)
class ApplicantFacts:
    """What Logis knows of the applicant (None: unknown). Built by logis.aids.selectors from the demand."""

    age: int | None
    contract: str  # the register's code: CDI, CDD, INTERIM, APPRENTI, STAGE, ETUDIANT, CHOMAGE, ...
    employer_known: bool
    employer_private: bool | None  # a company (not the public sector)
    employer_agricultural: bool | None
    employer_headcount: int | None
    monthly_resources: Decimal | None  # household, as declared in the demand
    current_housing: str  # locataire_hlm, locataire_prive, proprietaire, ...
    employment_start: dt.date | None
    move_in: dt.date | None  # the day the applicant entered (or enters) the new home
    lease_signed: bool
    future_rent: Decimal | None  # rent + charges of the new home
    future_zone_visale: str | None  # I / II / III when known
    future_social: bool | None  # the new home is social housing (HLM, conventionné)
    move_distance_km: Decimal | None


@dataclass(frozen=True)
class AidVerdict:
    code: str
    name: str
    verdict: str  # possible, to_check, not_eligible, unavailable
    reasons: tuple[str, ...]  # the figures used, or why not
    missing: tuple[str, ...]  # what Logis does not know to decide
    deadline: str
    deadline_date: dt.date | None = None
    deadline_passed: bool = False

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict]


VERDICT_LABELS = {
    "possible": "Vous pouvez la demander",
    "to_check": "À vérifier",
    "not_eligible": "Vous n'y avez pas droit",
    "unavailable": "Pas de demande possible en ce moment",
}
PRIVATE_EMPLOYEE_CONTRACTS = {"CDI", "CDD", "INTERIM", "APPRENTI", "STAGE"}


def _private_employee(facts: ApplicantFacts, reasons: list, missing: list, *, min_headcount: int = 0) -> bool | None:
    if facts.contract in ("FONCTIONNAIRE", "INDEPENDANT", "RETRAITE"):
        reasons.append(
            "Votre situation déclarée (fonctionnaire, indépendant ou retraité) n'entre pas dans l'aide, "
            "réservée aux salariés des entreprises privées."
        )
        return False
    if not facts.employer_known:
        missing.append("votre employeur (« Les informations »)")
        return None
    if facts.employer_private is False:
        reasons.append("Votre employeur relève du secteur public : l'aide est réservée aux entreprises privées.")
        return False
    if facts.employer_agricultural:
        reasons.append("Votre employeur est une entreprise agricole : demandez la version « Agri » de l'aide.")
        return False
    if min_headcount and facts.employer_headcount is not None and facts.employer_headcount < min_headcount:
        reasons.append(
            f"Votre entreprise compte {facts.employer_headcount} salariés : il en faut au moins {min_headcount}."
        )
        return False
    return True


def _dated(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def applicant_verdicts(facts: ApplicantFacts, *, today: dt.date, statuses: dict[str, str]) -> list[AidVerdict]:
    """One verdict per requestable aid of the catalogue; `statuses` gives each aid's status in force today."""
    catalogue = load_catalogue()
    verdicts = []
    for aid in catalogue.aids:
        if not aid.requestable:
            continue
        status = statuses.get(aid.code, aid.status)
        judge = _JUDGES[aid.code]
        verdict = judge(aid, facts, today)
        if status != "open":
            verdict = AidVerdict(
                aid.code,
                aid.name,
                "unavailable",
                (f"L'aide est {STATUS_LABELS[status].lower()} : pas de nouvelle demande pour l'instant.",),
                (),
                verdict.deadline,
                verdict.deadline_date,
                verdict.deadline_passed,
            )
        verdicts.append(verdict)
    return verdicts


def _result(aid, reasons, missing, failed, deadline, deadline_date=None, passed=False) -> AidVerdict:
    if failed or passed:
        verdict = "not_eligible"
    elif missing:
        verdict = "to_check"
    else:
        verdict = "possible"
    return AidVerdict(aid.code, aid.name, verdict, tuple(reasons), tuple(missing), deadline, deadline_date, passed)


def _loca_pass(aid, facts: ApplicantFacts, today):
    p = figures("loca_pass")
    reasons, missing = [], []
    young = facts.age is not None and facts.age < 30
    failed = False
    if young and facts.contract in ("APPRENTI", "CHOMAGE", "CDD", "INTERIM"):
        reasons.append(
            f"Moins de 30 ans ({facts.age} ans) en alternance, en recherche d'emploi ou en emploi non "
            "permanent : éligible."
        )
    elif facts.contract == "ETUDIANT":
        missing.append(
            "étudiant ou étudiante : un CDD d'au moins 3 mois, une convention de stage de 3 mois ou une bourse d'État"
        )
    else:
        employee = _private_employee(facts, reasons, missing)
        failed = employee is False
        if employee:
            reasons.append(
                "Salarié ou salariée d'une entreprise privée non agricole : éligible, quel que soit le contrat."
            )
    if facts.move_in is None:
        missing.append("la date d'entrée dans votre nouveau logement")
        return _result(aid, reasons, missing, failed, "Au plus tard 2 mois après l'entrée dans le logement.")
    deadline = add_months(facts.move_in, p["request_within_months"])
    passed = deadline < today
    text = f"Entrée le {_dated(facts.move_in)} : demande au plus tard le {_dated(deadline)}" + (
        " — ce délai est dépassé." if passed else "."
    )
    if passed:
        reasons.append(f"Le délai de 2 mois après l'entrée ({_dated(deadline)}) est dépassé.")
    return _result(aid, reasons, missing, failed, text, deadline, passed)


def _visale(aid, facts: ApplicantFacts, today):
    p = figures("visale")
    reasons, missing = [], []
    failed = False
    if facts.age is None:
        missing.append("votre âge (date de naissance de la demande)")
    elif facts.age <= p["max_age"]:
        reasons.append(f"{facts.age} ans : Visale est ouverte aux moins de 30 ans sans condition de ressources.")
    else:
        employee = _private_employee(facts, reasons, missing)
        failed = employee is False
        ceiling = Decimal(p["income_ceiling_over_30"])
        if employee and facts.monthly_resources is not None:
            if facts.monthly_resources <= ceiling:
                reasons.append(
                    f"Ressources déclarées {euros(facts.monthly_resources)} par mois, sous le plafond de "
                    f"{euros(ceiling)} nets."
                )
            else:
                reasons.append(
                    f"Ressources déclarées {euros(facts.monthly_resources)} par mois, au-delà de "
                    f"{euros(ceiling)} nets : possible seulement si votre embauche date de moins de "
                    "6 mois (hors CDI confirmé), avec une promesse d'embauche ou en mobilité."
                )
                missing.append("une embauche récente, une promesse d'embauche ou une mobilité professionnelle")
    if facts.future_rent is not None:
        caps = {zone: Decimal(value) for zone, value in p["rent_caps"].items()}
        rent = euros(facts.future_rent)
        if facts.future_zone_visale:
            cap = caps[facts.future_zone_visale]
            if facts.future_rent > cap:
                failed = True
                reasons.append(
                    f"Loyer du nouveau logement {rent} charges comprises, au-delà du plafond de "
                    f"{euros(cap)} en zone {facts.future_zone_visale}."
                )
            else:
                reasons.append(
                    f"Loyer du nouveau logement {rent}, sous le plafond de {euros(cap)} en zone "
                    f"{facts.future_zone_visale}."
                )
        elif facts.future_rent <= caps["III"]:
            reasons.append(
                f"Loyer du nouveau logement {rent} charges comprises, sous le plafond de toutes les zones "
                f"({euros(caps['III'])} en zone III)."
            )
        elif facts.future_rent <= caps["II"]:
            missing.append(
                f"si la commune du nouveau logement est dans une agglomération de plus de 100 000 habitants "
                f"(zone II, plafond {euros(caps['II'])}) : le loyer de {rent} dépasse le plafond de la zone "
                f"III ({euros(caps['III'])})"
            )
        else:
            failed = True
            reasons.append(
                f"Loyer du nouveau logement {rent} charges comprises, au-delà des plafonds hors "
                f"Île-de-France ({euros(caps['II'])} en zone II)."
            )
    student = facts.contract in ("APPRENTI", "ETUDIANT") and facts.age is not None and 18 <= facts.age <= p["max_age"]
    if facts.future_social and not student:
        failed = True
        reasons.append(
            "Votre nouveau logement est un logement social : Visale n'y est ouverte qu'aux étudiants et "
            "alternants de 18 à 30 ans."
        )
    passed = facts.lease_signed
    if passed:
        reasons.append("Votre bail est signé : Visale devait être acceptée par le bailleur avant la signature.")
    return _result(aid, reasons, missing, failed, "Avant la signature du bail.", None, passed)


def _mobili_jeune(aid, facts: ApplicantFacts, today):
    p = figures("mobili_jeune")
    reasons, missing = [], []
    failed = False
    if facts.age is None:
        missing.append("votre âge")
    elif facts.age >= p["max_age"]:
        failed = True
        reasons.append(f"{facts.age} ans : l'aide est réservée aux moins de 30 ans.")
    else:
        reasons.append(f"{facts.age} ans : moins de 30 ans.")
    if facts.contract != "APPRENTI":
        failed = True
        reasons.append(
            "Contrat déclaré : l'aide est réservée aux contrats d'apprentissage ou de professionnalisation."
        )
    employee = _private_employee(facts, reasons, missing)
    failed = failed or employee is False
    ceiling = Decimal(p["salary_ceiling"])
    if facts.monthly_resources is not None and facts.monthly_resources > ceiling:
        missing.append(
            f"votre salaire brut (plafond {euros(ceiling, 2)} brut par mois ; vos ressources déclarées : "
            f"{euros(facts.monthly_resources)})"
        )
    if facts.move_distance_km is None:
        missing.append(
            "la distance entre l'ancien et le nouveau logement (plus de 70 km ou 40 minutes), ou un double loyer"
        )
    elif facts.move_distance_km > p["min_distance_km"]:
        reasons.append(f"Nouveau logement à environ {facts.move_distance_km} km de l'ancien (plus de 70 km).")
    else:
        missing.append(
            f"un double loyer ou un trajet de plus de 40 minutes (nouveau logement à "
            f"{facts.move_distance_km} km seulement)"
        )
    if facts.employment_start is None:
        missing.append("la date de début de votre contrat")
        return _result(aid, reasons, missing, failed, "De 3 mois avant à 5 mois après le début du contrat.")
    start = add_months(facts.employment_start, -p["window_before_months"])
    end = add_months(facts.employment_start, p["window_after_months"])
    passed = end < today
    text = f"Contrat commencé le {_dated(facts.employment_start)} : demande du {_dated(start)} au {_dated(end)}" + (
        " — ce délai est dépassé." if passed else "."
    )
    if today < start:
        missing.append(f"la demande n'est possible qu'à partir du {_dated(start)}")
    return _result(aid, reasons, missing, failed, text, end, passed)


def _accession(aid, facts: ApplicantFacts, today):
    reasons, missing = [], []
    employee = _private_employee(facts, reasons, missing, min_headcount=10)
    if employee:
        reasons.append("Salarié ou salariée d'une entreprise privée non agricole d'au moins 10 salariés.")
    if facts.current_housing == "proprietaire":
        missing.append("ne pas avoir été propriétaire de votre résidence principale depuis 10 ans")
    missing.append("vos revenus sous les plafonds (la grille actuelle n'est pas publiée : un conseiller vérifie)")
    return _result(
        aid,
        reasons,
        missing,
        employee is False,
        "Avant la signature de l'offre du prêt principal ; accord de l'entreprise dans son enveloppe.",
    )


def _agrandissement(aid, facts: ApplicantFacts, today):
    reasons, missing = [], []
    employee = _private_employee(facts, reasons, missing, min_headcount=10)
    failed = employee is False
    if facts.current_housing != "proprietaire":
        failed = True
        reasons.append(
            "L'aide est réservée aux propriétaires occupants : votre demande indique que vous n'êtes pas "
            "propriétaire de votre logement."
        )
    else:
        reasons.append("Propriétaire occupant de votre logement.")
    missing.append("un permis de construire ou une déclaration préalable pour au moins 14 m² de plus")
    return _result(
        aid, reasons, missing, failed, "Accord de votre entreprise nécessaire, dans son enveloppe annuelle."
    )


_JUDGES = {
    "avance_loca_pass": _loca_pass,
    "garantie_visale": _visale,
    "mobili_jeune": _mobili_jeune,
    "pret_accession": _accession,
    "pret_agrandissement": _agrandissement,
}
