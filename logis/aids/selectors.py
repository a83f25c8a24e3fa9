"""Reads of the aids: the catalogue with the status in force today (back office first, then the data file)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from logis.aids.models import AidStatusChange
from logis.applications.models import TransitionLog
from logis.applications.workflow import ACTIVE_STATES, State
from logis.geo.distance import haversine_km
from logis.geo.models import Commune
from logis.offers.models import Financing
from logis.rules import housing_benefit
from logis.rules.aids import STATUS_LABELS, Aid, AidVerdict, ApplicantFacts, applicant_verdicts, load_catalogue
from logis.rules.loan import LoanInputError
from logis.rules.zones import load_zone_tables

MONTHS = (
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


def french_date(text: str) -> str:
    """« 6 janvier 2026 » from 2026-01-06, « mai 2019 » from 2019-05, "" from ""."""
    if not text:
        return ""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    day = dt.date(*parts)
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class AidStatus:
    status: str
    since: str  # French date, may be ""
    note: str
    by_logis: bool  # set by the Logis team in the back office (else: the data file)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class AidEntry:
    aid: Aid
    status: AidStatus


def status_of(aid: Aid, changes: list[AidStatusChange], today: dt.date) -> AidStatus:
    applicable = [change for change in changes if change.aid == aid.code and change.since <= today]
    if applicable:
        latest = max(applicable, key=lambda change: (change.since, change.created_at, change.pk))
        return AidStatus(latest.status, french_date(latest.since.isoformat()), latest.note, True)
    return AidStatus(aid.status, french_date(aid.status_since), aid.status_note, False)


def catalogue_entries(today: dt.date) -> list[AidEntry]:
    changes = list(AidStatusChange.objects.filter(since__lte=today))
    return [AidEntry(aid, status_of(aid, changes, today)) for aid in load_catalogue().aids]


def entry_for(code: str, today: dt.date) -> AidEntry | None:
    aid = load_catalogue().get(code)
    if aid is None:
        return None
    return AidEntry(aid, status_of(aid, list(AidStatusChange.objects.filter(aid=code, since__lte=today)), today))


# --- « Mes aides » ------------------------------------------------------------------------------------------


def _age(birth: dt.date | None, today: dt.date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _date(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def home_application(demand):
    """The application that gives the applicant's new home: the signed lease, else one in progress with an offer."""
    if demand is None:
        return None
    applications = demand.applications.select_related("offer__commune")
    signed = applications.filter(state=State.LEASE_SIGNED).order_by("-updated_at").first()
    if signed is not None:
        return signed
    return applications.filter(state__in=sorted(s.value for s in ACTIVE_STATES)).order_by("-updated_at").first()


def lease_signed_on(application) -> dt.date | None:
    if application is None or application.state != State.LEASE_SIGNED:
        return None
    log = TransitionLog.objects.filter(application=application, transition="sign_lease").order_by("-at").first()
    return timezone.localdate(log.at) if log else None


def visale_zone_of(commune) -> str | None:
    if commune is None:
        return None
    departement = commune.departement
    if departement in load_zone_tables().idf_departements:
        return "I"
    if departement in ("2A", "2B") or departement.startswith("97"):
        return "II"
    return None  # II or III: the list of agglomerations of more than 100 000 inhabitants is not in our data


def applicant_facts(demand, *, today: dt.date, move_in: dt.date | None = None) -> ApplicantFacts:
    snapshot = demand.snapshot or {} if demand else {}
    employer = demand.employer if demand else None
    application = home_application(demand)
    offer = application.offer if application else None
    signed = lease_signed_on(application)
    distance = None
    current = Commune.objects.filter(insee=snapshot.get("commune_insee") or "").first() if snapshot else None
    if offer is not None and current is not None:
        distance = Decimal(round(haversine_km(current.lat, current.lng, offer.commune.lat, offer.commune.lng)))
    resources = Decimal(demand.monthly_resources) if demand and demand.monthly_resources else None
    return ApplicantFacts(
        age=_age(_date(snapshot.get("birth_date")), today),
        contract=snapshot.get("contract_type", ""),
        employer_known=bool(demand and (demand.employer_id or demand.employer_name)),
        employer_private=True if employer is not None else None,
        employer_agricultural=employer.is_agricultural if employer is not None else None,
        employer_headcount=employer.headcount if employer is not None else None,
        monthly_resources=resources,
        current_housing=snapshot.get("current_housing", ""),
        employment_start=demand.employment_start if demand else None,
        move_in=move_in or signed,
        lease_signed=signed is not None,
        future_rent=(offer.rent + offer.charges) if offer is not None else None,
        future_zone_visale=visale_zone_of(offer.commune) if offer is not None else None,
        future_social=(offer.financing in Financing.social()) if offer is not None else None,
        move_distance_km=distance,
    )


def verdicts_for(demand, *, today: dt.date, move_in: dt.date | None = None) -> list[AidVerdict]:
    statuses = {entry.aid.code: entry.status.status for entry in catalogue_entries(today)}
    return applicant_verdicts(applicant_facts(demand, today=today, move_in=move_in), today=today, statuses=statuses)


@dataclass(frozen=True)
class HousingBenefitHint:
    estimate: object  # HousingBenefitEstimate
    basis: str  # which home and which resources the estimate uses


def housing_benefit_hint(demand, *, today: dt.date) -> HousingBenefitHint | None:
    """An estimate of the housing benefit in the new home (or the current one, rented privately), from the rent
    and the household's declared resources × 12 — an estimate, said so on the page."""
    if demand is None or not demand.monthly_resources:
        return None
    application = home_application(demand)
    snapshot = demand.snapshot or {}
    if application is not None:
        offer = application.offer
        commune, rent, housing = (
            offer.commune_id,
            offer.rent,
            "social" if offer.financing in Financing.social() else "private",
        )
        basis = f"le logement « {offer.title} » ({offer.rent} € hors charges)"
    elif snapshot.get("current_housing") == "locataire_prive" and snapshot.get("current_rent"):
        commune, rent, housing = snapshot.get("commune_insee"), snapshot["current_rent"], "private"
        basis = f"votre logement actuel ({snapshot['current_rent']} € de loyer déclaré)"
    else:
        return None
    household = demand.household or []
    adults = [m for m in household if not m.get("dependant")] or [{}]
    dependants = sum(1 for m in household if m.get("dependant"))
    salaries = [demand.monthly_resources * 12] + ([0] if len(adults) > 1 else [])
    try:
        estimate = housing_benefit.estimate(
            housing_benefit.housing_benefit_input(
                {
                    "commune": commune,
                    "rent": rent,
                    "dependants": dependants,
                    "annual_taxable_salaries": salaries,
                    "housing": housing,
                    "month": today.strftime("%Y-%m"),
                }
            )
        )
    except LoanInputError:
        return None
    return HousingBenefitHint(
        estimate,
        f"Estimation pour {basis}, avec les ressources mensuelles déclarées dans votre demande × 12 comme salaires "
        "nets imposables : la CAF retiendra vos revenus réels.",
    )
