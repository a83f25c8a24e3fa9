"""The rules of a private letting (loi du 6 juillet 1989, loi ALUR): what an estate agency's or a private owner's
offer must respect before it is published, and the format of an estate agent's professional card.

Pure module (standard library only): the figures come from `logis/rules/data/private_letting.toml`, which cites
its sources and says which figure is derived (the « zone tendue » of the agency fees) or read in secondary sources
only. `today` is always a parameter.

- deposit: at most 1 month of rent hors charges for an unfurnished home, 2 months for a furnished one;
- the tenant's share of the agency fees: visit + file + lease ≤ cap €/m² of the zone (12 / 10 / 8), entry
  inventory ≤ 3 €/m²; a private owner letting without an intermediary charges no fee;
- an intermediate rent: at most the intermediate rent cap of its ABC zone (logis.rules.ceilings);
- energy class: a home below the decency class of the day may not be let (G from 2025 in metropolitan France).
"""

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from logis.rules import ceilings, deadlines
from logis.rules.data_files import read_toml
from logis.rules.formatting import euros
from logis.rules.zones import AbcZone

DATA_FILE = "private_letting.toml"


class RentRegime:
    FREE = "free"
    INTERMEDIATE = "intermediate"


class Lessor:
    AGENCY = "agency"
    PRIVATE_OWNER = "private_owner"


@functools.cache
def _data() -> dict:
    return read_toml(DATA_FILE)


def _money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- the professional card ----------------------------------------------------------------------------------


class InvalidCard(ValueError):
    pass


def clean_professional_card(value: str, *, today: dt.date) -> str:
    """The card number written as the CCI prints it (« CPI 1310 2017 000 020 086 »); InvalidCard says what to fix.

    Only the format is checked (the number has no key): the advisor checks the card in the CCI's register."""
    data = _data()["professional_card"]
    compact = re.sub(r"[\s.\-]", "", value or "").upper()
    match = re.fullmatch(data["pattern"], compact)
    if not match:
        raise InvalidCard(
            "Le numéro de carte professionnelle s'écrit « CPI » suivi de 17 chiffres, comme sur la carte délivrée "
            "par la CCI : par exemple CPI 1310 2017 000 020 086."
        )
    cci, year, number = match.groups()
    if not data["first_year"] <= int(year) <= today.year:
        raise InvalidCard(
            f"Le numéro de carte professionnelle contient l'année de délivrance « {year} » : les cartes sont "
            f"délivrées par les CCI depuis {data['first_year']}. Recopiez le numéro tel qu'il figure sur la carte."
        )
    return f"CPI {cci} {year} {number[:3]} {number[3:6]} {number[6:]}"


# --- the caps of an offer -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeCaps:
    zone: str  # "tres_tendue", "tendue" or "autre"
    zone_label: str
    per_m2: Decimal
    inventory_per_m2: Decimal
    visit_file_lease: Decimal  # euros, for this surface
    inventory: Decimal
    derived: bool  # the zone tendue is our approximation
    note: str


ZONE_LABELS = {"tres_tendue": "zone très tendue", "tendue": "zone tendue", "autre": "hors zone tendue"}


def fee_zone(abc_zone: str) -> tuple[str, bool]:
    """(zone of the agency-fee caps, derived?) of a commune from its ABC zone ("" when the commune has none)."""
    zones = _data()["agency_fees"]["zones"]
    if abc_zone in zones["tres_tendue_abc"]:
        return "tres_tendue", False
    if abc_zone in zones["tendue_abc"]:
        return "tendue", zones["tendue_status"] == "derived"
    return "autre", zones["tendue_status"] == "derived"


def fee_caps(*, abc_zone: str, surface) -> FeeCaps:
    data = _data()["agency_fees"]
    zone, derived = fee_zone(abc_zone)
    surface = Decimal(str(surface))
    per_m2 = Decimal(data["visit_file_lease_per_m2"][zone])
    inventory = Decimal(data["inventory_per_m2"])
    notes = []
    if derived:
        notes.append(f"zone déduite, à vérifier : {data['zones']['tendue_method']}")
    if data.get("revision_status") == "unverified":
        notes.append(data["revision_note"])
    return FeeCaps(
        zone=zone,
        zone_label=ZONE_LABELS[zone],
        per_m2=per_m2,
        inventory_per_m2=inventory,
        visit_file_lease=_money(per_m2 * surface),
        inventory=_money(inventory * surface),
        derived=derived,
        note=" ; ".join(notes),
    )


def deposit_cap(*, rent, furnished: bool) -> Decimal:
    data = _data()["deposit"]
    months = data["furnished_months"] if furnished else data["unfurnished_months"]
    return _money(Decimal(str(rent)) * months)


def excluded_energy_classes(*, departement: str, today: dt.date) -> frozenset[str]:
    """The DPE classes that may not be let under a new lease on `today` (CCH L173-1-1)."""
    data = _data()["energy_decency"]
    steps = data["overseas"] if departement in data["overseas_departements"] else data["metropolitan"]
    excluded: frozenset[str] = frozenset()
    for step in steps:
        if step["from"] <= today:
            excluded = frozenset(step["excluded"])
    return excluded


@dataclass(frozen=True)
class PrivateOffer:
    """What the rules read of a private offer."""

    lessor: str  # Lessor.AGENCY or Lessor.PRIVATE_OWNER
    rent_regime: str  # RentRegime
    furnished: bool
    rent: Decimal  # hors charges, €/month
    surface: Decimal  # habitable, m²
    deposit: Decimal
    tenant_fees: Decimal  # visit + file + lease, charged to the tenant
    inventory_fee: Decimal  # entry inventory, charged to the tenant
    landlord_fees: Decimal | None  # what the landlord pays for the same services (None: not said)
    energy_class: str
    abc_zone: str  # "" when the commune is not in the ABC zoning
    departement: str


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def _intermediate_cap(offer: PrivateOffer, today: dt.date):
    if not offer.abc_zone:
        return None
    table = ceilings.latest_intermediate(today.year)
    return table.rent_cap(AbcZone(offer.abc_zone).intermediate_column, offer.surface)


def intermediate_rent_cap(offer: PrivateOffer, today: dt.date):
    """The intermediate rent cap (`ceilings.RentCap`) of this home, or None when its commune has no ABC zone."""
    return _intermediate_cap(offer, today)


def check_offer(offer: PrivateOffer, *, today: dt.date) -> list[Problem]:
    """Every rule the private offer breaks, each with its figures and what to do (empty list: it may be let)."""
    problems = []
    cap = deposit_cap(rent=offer.rent, furnished=offer.furnished)
    if offer.deposit > cap:
        months = _data()["deposit"]["furnished_months" if offer.furnished else "unfurnished_months"]
        kind = "meublé" if offer.furnished else "vide"
        problems.append(
            Problem(
                "deposit",
                f"Le dépôt de garantie d'un logement loué {kind} ne dépasse pas {months} mois de loyer hors charges, "
                f"soit {euros(cap)} ici : indiquez au plus {euros(cap)}.",
            )
        )
    if offer.lessor == Lessor.PRIVATE_OWNER:
        if offer.tenant_fees or offer.inventory_fee:
            problems.append(
                Problem(
                    "tenant_fees",
                    "Un propriétaire qui loue sans intermédiaire ne facture aucun frais au locataire (loi du "
                    f"6 juillet 1989, article 5) : indiquez {euros(0)}.",
                )
            )
    else:
        caps = fee_caps(abc_zone=offer.abc_zone, surface=offer.surface)
        if offer.tenant_fees > caps.visit_file_lease:
            problems.append(
                Problem(
                    "tenant_fees",
                    f"Les honoraires de visite, de dossier et de bail payés par le locataire sont plafonnés à "
                    f"{euros(caps.per_m2)}/m² en {caps.zone_label}, soit {euros(caps.visit_file_lease)} pour "
                    f"{offer.surface} m² (décret n° 2014-890) : indiquez au plus {euros(caps.visit_file_lease)}.",
                )
            )
        if offer.inventory_fee > caps.inventory:
            problems.append(
                Problem(
                    "inventory_fee",
                    f"Les honoraires d'état des lieux payés par le locataire sont plafonnés à "
                    f"{euros(caps.inventory_per_m2)}/m², soit {euros(caps.inventory)} ici : indiquez au plus "
                    f"{euros(caps.inventory)}.",
                )
            )
        if offer.landlord_fees is not None and offer.tenant_fees + offer.inventory_fee > offer.landlord_fees:
            problems.append(
                Problem(
                    "tenant_fees",
                    f"Le locataire ne paie pas plus d'honoraires que le bailleur pour les mêmes prestations "
                    f"(loi du 6 juillet 1989, article 5) : le bailleur en paie {euros(offer.landlord_fees)}.",
                )
            )
    if offer.rent_regime == RentRegime.INTERMEDIATE:
        rent_cap = _intermediate_cap(offer, today)
        if rent_cap is None:
            problems.append(
                Problem(
                    "rent_regime",
                    "La commune du logement n'a pas de zone ABC connue : Logis ne peut pas vérifier le plafond "
                    "d'un loyer intermédiaire. Choisissez un loyer libre, ou écrivez à l'équipe Logis.",
                )
            )
        elif offer.rent > rent_cap.amount:
            problems.append(
                Problem(
                    "rent",
                    f"Un loyer intermédiaire ne dépasse pas le {rent_cap.label} : indiquez au plus "
                    f"{euros(rent_cap.amount, 2)}, ou choisissez un loyer libre.",
                )
            )
    excluded = excluded_energy_classes(departement=offer.departement, today=today)
    if offer.energy_class in excluded:
        problems.append(
            Problem(
                "energy_class",
                f"Un logement de classe énergie {offer.energy_class} n'est pas décent et ne peut plus être loué "
                "par un nouveau bail (loi Climat et résilience, code de la construction L173-1-1) : publiez-le "
                "après des travaux et un nouveau diagnostic.",
            )
        )
    return problems


# --- the delay to answer a home proposed ----------------------------------------------------------------------


def answer_bounds() -> tuple[int, int, int]:
    """(minimum, default, maximum) days an owner may give to answer (platform policy, not law)."""
    data = _data()["answer_delay"]
    return data["min_days"], data["default_days"], data["max_days"]


def answer_days(days: int | None) -> int:
    """The owner's delay, the default when none is given; ValueError outside the bounds."""
    minimum, default, maximum = answer_bounds()
    if days is None:
        return default
    if not minimum <= int(days) <= maximum:
        raise ValueError(f"Le délai de réponse se choisit entre {minimum} et {maximum} jours.")
    return int(days)


def answer_deadline(notified_on: dt.date, *, days: int, departement: str | None = None) -> dt.date:
    """The last day to answer a home proposed on `notified_on` with `days` to answer, moved past the days that are
    not working days of the home's département."""
    last = notified_on + dt.timedelta(days=answer_days(days))
    while not deadlines.is_working_day(last, departement):
        last += dt.timedelta(days=1)
    return last


def share_days(days: int | None) -> int:
    """How many days a tenant file's link works: the applicant's choice within the bounds, the default if none."""
    data = _data()["tenant_file_share"]
    if days is None:
        return data["default_days"]
    if not data["min_days"] <= int(days) <= data["max_days"]:
        raise ValueError(f"Un lien de partage se choisit pour {data['min_days']} à {data['max_days']} jours.")
    return int(days)


def share_bounds() -> tuple[int, int, int]:
    data = _data()["tenant_file_share"]
    return data["min_days"], data["default_days"], data["max_days"]


def sources() -> dict[str, str]:
    """The source of each family of figures, for the pages."""
    data = _data()
    return {key: data[key]["source"] for key in ("deposit", "agency_fees", "energy_decency", "professional_card")}
