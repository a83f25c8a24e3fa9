"""Who may buy a home of accession sociale: PSLA, BRS and the sale of a social home (vente HLM).

Pure rules (standard library only) over `data/accession_2026.toml`. The verdict explains itself with the figures
it used, and says where a figure is derived or a rule unverified (the data file lists what could not be checked):

- PSLA and BRS: the household's income (sum of the RFR N-2 of the future occupants) at most the ceiling of the
  home's ABC zone for its number of persons; for a BRS, the household also attests that it owns no suitable home.
- Vente HLM (CCH L443-11, vacant home): first rank, the persons under the accession sociale ceilings, among whom
  the tenants of social landlords of the département and their caretakers come first (during the priority period
  the landlord announces, only they are served); then local authorities; then any other person, whatever their
  income. So a person above the ceilings is not refused: they come last, and the verdict says so.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from logis.rules.data_files import read_toml
from logis.rules.formatting import euros
from logis.rules.verdict import Check, Verdict

DATA_FILE = "accession_2026.toml"

PSLA = "PSLA"
BRS = "BRS"
VENTE_HLM = "VENTE_HLM"
KINDS = (PSLA, BRS, VENTE_HLM)
ZONES = ("abis", "a", "b1", "b2", "c")
ZONE_LABELS = {"abis": "zone A bis", "a": "zone A", "b1": "zone B1", "b2": "zone B2", "c": "zone C"}
KIND_LABELS = {
    PSLA: "location-accession (PSLA)",
    BRS: "bail réel solidaire (BRS)",
    VENTE_HLM: "vente d'un logement social (vente HLM)",
}
CEILING_OF = {
    PSLA: "du PSLA (location-accession)",
    BRS: "du BRS (bail réel solidaire)",
    VENTE_HLM: "de l'accession sociale (grille du PSLA)",
}
STATUS_NOTES = {
    "derived": "valeur dérivée par Logis, à vérifier",
    "secondary": "lue dans des sources secondaires, texte officiel non consulté",
    "unverified": "règle non vérifiée",
}


class AccessionDataError(ValueError):
    """The data file lacks a value the rules need."""


@dataclass(frozen=True)
class Ceiling:
    """An income ceiling with where it comes from."""

    amount: int
    year: int
    zone: str
    household_size: int
    status: str
    source: str

    @property
    def note(self) -> str:
        return STATUS_NOTES.get(self.status, "")


@dataclass(frozen=True)
class Buyer:
    """The household that would buy: its size, its income (RFR N-2 summed), whether it rents a social home."""

    household_size: int
    reference_income: int
    social_tenant: bool = False
    # The income year the figure is of (year of the check - 2), for the sentence; None when unknown.
    income_year: int | None = None


@dataclass(frozen=True)
class Home:
    kind: str
    abc_zone: str
    price: Decimal
    priority_until: dt.date | None = None


@dataclass(frozen=True)
class BuyerVerdict:
    """The verdict of the rules, the ceiling compared with (None when the zone is unknown), for a vente HLM the
    buyer's rank (1 or 3; « prioritaire » is rank 1 with priority), and `notes`: what Logis could not verify."""

    verdict: Verdict
    kind: str
    ceiling: Ceiling | None
    rank: int | None = None
    priority: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def eligible(self) -> bool:
        return self.verdict.eligible

    @property
    def summary(self) -> str:
        if self.kind == VENTE_HLM and self.eligible:
            if self.priority:
                return "Vous êtes acquéreur prioritaire."
            if self.rank == 1:
                return "Vous êtes au premier rang des acquéreurs."
            return "Vous pouvez faire une offre, après les acquéreurs sous plafonds de ressources."
        if self.eligible:
            return "Vos revenus permettent d'acheter ce logement."
        if "vente_hlm_priority_period" in self.verdict.failure_codes:
            return "Réservé pour l'instant aux acquéreurs prioritaires."
        if "accession_zone_unknown" in self.verdict.failure_codes:
            return "Le plafond de ressources de ce logement n'a pas pu être vérifié."
        return "Vos revenus dépassent le plafond de ce logement."


def _data() -> dict:
    return read_toml(DATA_FILE)


def grid_year(year: int) -> int:
    """The grid in force in `year`: the latest one not after it (the earliest for a year before every grid)."""
    years = sorted(int(y) for y in _data()["grid"])
    eligible = [y for y in years if y <= year]
    return eligible[-1] if eligible else years[0]


def ceiling(zone: str, household_size: int, year: int) -> Ceiling:
    """The PSLA / BRS ceiling (the same grid since 2024) of an ABC zone for a household of `household_size`."""
    data = _data()
    if zone not in data["columns"]:
        raise AccessionDataError(f"Zone ABC inconnue : {zone!r}")
    grid_key = str(grid_year(year))
    grid = data["grid"][grid_key]
    column = grid[data["columns"][zone]]
    size = max(1, int(household_size))
    amount = column[str(min(size, 6))] + max(0, size - 6) * column["extra_person"]
    return Ceiling(
        amount=int(amount),
        year=int(grid_key),
        zone=zone,
        household_size=size,
        status=grid["status"],
        source=grid.get("method") or grid["source"],
    )


def zones_within_ceilings(household_size: int, reference_income: int, year: int) -> list[str]:
    """The ABC zones whose PSLA / BRS ceiling the household's income does not exceed (the SQL filter of the
    « Acheter » list: a home of such a zone is within the household's reach)."""
    return [z for z in ZONES if reference_income <= ceiling(z, household_size, year).amount]


def _persons(n: int) -> str:
    return f"{n} personne{'s' if n > 1 else ''}"


def _income_check(buyer: Buyer, found: Ceiling, kind: str) -> Check:
    figures = {
        "revenu": buyer.reference_income,
        "plafond": found.amount,
        "zone": found.zone,
        "personnes": found.household_size,
        "annee_plafonds": found.year,
        "statut_plafond": found.status,
    }
    of_year = f" {buyer.income_year}" if buyer.income_year else ""
    where = f"en {ZONE_LABELS[found.zone]} pour un foyer de {_persons(found.household_size)}"
    note = f" ({found.note})" if found.note else ""
    if buyer.reference_income <= found.amount:
        return Check(
            "accession_income",
            True,
            f"Revenu fiscal de référence{of_year} du foyer : {euros(buyer.reference_income)}, sous le plafond "
            f"{found.year} {CEILING_OF[kind]} {where} : {euros(found.amount)}{note}.",
            figures,
        )
    gap = buyer.reference_income - found.amount
    return Check(
        "accession_income",
        False,
        f"Revenu fiscal de référence{of_year} du foyer : {euros(buyer.reference_income)}, au-dessus du plafond "
        f"{found.year} {CEILING_OF[kind]} {where} : {euros(found.amount)}{note}, de {euros(gap)}.",
        figures,
        remedy="Le plafond dépend de la zone du logement et du nombre de personnes du foyer : il est plus élevé "
        "dans les zones plus tendues (A bis, A, puis B1).",
    )


def buyer_verdict(buyer: Buyer, home: Home, *, today: dt.date) -> BuyerVerdict:
    """May this household buy this home, and on which terms? Every sentence gives the figures it used."""
    if home.kind not in KINDS:
        raise AccessionDataError(f"Type d'accession inconnu : {home.kind!r}")
    if home.abc_zone not in ZONES:
        check = Check(
            "accession_zone_unknown",
            False,
            "La commune de ce logement n'a pas de zone ABC connue de Logis : le plafond de ressources ne peut "
            "pas être vérifié ; demandez-le au vendeur.",
        )
        return BuyerVerdict(Verdict.from_checks([check]), home.kind, None)
    found = ceiling(home.abc_zone, buyer.household_size, today.year)
    income = _income_check(buyer, found, home.kind)
    notes = []
    if found.status != "verified":
        notes.append(
            f"Plafonds {found.year} : {STATUS_NOTES.get(found.status, found.status)} "
            "(la source et la méthode sont dans le fichier de référence de Logis)."
        )
    if home.kind == PSLA:
        timing = Check(
            "psla_timing",
            True,
            "Les plafonds s'apprécient à la signature du contrat de réservation ou, à défaut, du contrat de "
            "location-accession.",
        )
        return BuyerVerdict(Verdict.from_checks([income], warnings=[timing]), PSLA, found, notes=tuple(notes))
    if home.kind == BRS:
        patrimony = Check(
            "brs_patrimony",
            True,
            "Depuis 2025, vous attesterez sur l'honneur ne pas posséder de logement adapté à vos besoins (ni de "
            "logement dont les revenus vous permettraient de vous loger dans le parc privé) : Logis ne peut pas "
            "le vérifier.",
        )
        return BuyerVerdict(Verdict.from_checks([income], warnings=[patrimony]), BRS, found, notes=tuple(notes))
    return _vente_hlm_verdict(buyer, home, income, found, notes, today)


def _vente_hlm_verdict(buyer, home, income: Check, found: Ceiling, notes: list[str], today) -> BuyerVerdict:
    rules = _data()["vente_hlm"]
    notes.append(
        "Les plafonds du premier rang sont ceux de l'accession sociale : Logis applique la grille du PSLA "
        f"({STATUS_NOTES[rules['rank_1_ceilings_status']]})."
    )
    under = income.passed
    priority_open = home.priority_until is not None and today <= home.priority_until
    until = home.priority_until.strftime("%d/%m/%Y") if home.priority_until else ""
    priority = under and buyer.social_tenant
    checks = []
    if priority:
        checks.append(
            Check(
                "vente_hlm_rank",
                True,
                "Vous êtes locataire d'un logement social : parmi les acquéreurs du premier rang, les locataires des "
                "bailleurs sociaux du département (et les gardiens qu'ils emploient) sont prioritaires (CCH, "
                "L443-11). Le bailleur vérifiera que votre logement est dans le département.",
                {"rang": 1, "prioritaire": True},
            )
        )
    elif priority_open:
        checks.append(
            Check(
                "vente_hlm_priority_period",
                False,
                f"Jusqu'au {until}, ce logement est offert en priorité aux locataires des bailleurs sociaux du "
                "département et aux gardiens d'immeuble, sous plafonds de ressources (CCH, L443-11) : "
                + (
                    "votre demande n'indique pas que vous êtes locataire d'un logement social."
                    if under
                    else "vos revenus dépassent ces plafonds."
                ),
                {"jusqu_au": until},
                remedy=f"Revenez après le {until} : il pourra alors être vendu à d'autres acquéreurs.",
            )
        )
    elif under:
        checks.append(
            Check(
                "vente_hlm_rank",
                True,
                "Sous les plafonds de l'accession sociale, vous êtes au premier rang des acquéreurs (CCH, L443-11) ; "
                "à rang égal, le premier qui fait une offre au prix annoncé l'emporte.",
                {"rang": 1, "prioritaire": False},
            )
        )
    else:
        checks.append(
            Check(
                "vente_hlm_rank",
                True,
                "Au-dessus des plafonds de l'accession sociale, vous êtes au dernier rang (toute autre personne "
                "physique, CCH L443-11) : le logement ne vous sera vendu que si aucun acquéreur sous plafonds, ni "
                "aucune collectivité, ne fait d'offre au prix annoncé.",
                {"rang": 3, "prioritaire": False},
            )
        )
    rank = checks[0].figures["rang"] if checks[0].passed else None
    # Above the ceilings a person is not refused, only ranked last: the income sentence is then a warning.
    verdict = Verdict.from_checks([*checks, income]) if under else Verdict.from_checks(checks, warnings=[income])
    return BuyerVerdict(verdict, VENTE_HLM, found, rank=rank, priority=priority, notes=tuple(notes))


def psla_rental_months_bounds() -> tuple[int, int]:
    """The lengths of a PSLA's rental phase the landlord's form accepts (secondary sources, see the data file)."""
    conditions = _data()["psla_conditions"]
    return int(conditions["rental_months_min"]), int(conditions["rental_months_max"])


def vente_hlm_excluded_energy_classes() -> frozenset[str]:
    """A social home classed F or G cannot be sold (CCH L443-7, secondary sources)."""
    return frozenset({"F", "G"})
