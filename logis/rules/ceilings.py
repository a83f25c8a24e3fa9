"""Income ceilings by year, programme, zone and household category, each amount with its source.

Tables are the dated files of `logis/rules/data/`:
- `ceilings_<year>.toml`: social housing, programmes PLAI, PLUS and PLS, zones paris_limitrophes / idf /
  autres, categories 1 to 6 of the arrêté du 29 juillet 1987 + « par personne supplémentaire »;
- `intermediate_<year>.toml`: intermediate housing (programme LLI, which also covers PLI and the other
  Pinel-aligned schemes), zones abis / a / b1 / b2c, household lines 1 to 6 + « par personne à charge
  supplémentaire » (see `household.intermediate_line`), and the rent caps.

Each cell keeps its status: "verified" (read in the official text or a mirror of it), "secondary" (read in
secondary sources only: press, notaries, bailleurs — not in the official text), "derived" (computed by us, with
the method) or "unverified"; a ceiling built on a derived or secondary cell says so in its description, and the
verdict shows the applicant a note.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from logis.rules.data_files import RulesDataError, read_toml, yearly_files
from logis.rules.formatting import euros, plural
from logis.rules.zones import IntermediateZone, SocialZone


class Programme(StrEnum):
    """Financing of a dwelling (same values as the offers' `Financing`)."""

    PLAI = "PLAI"
    PLUS = "PLUS"
    PLS = "PLS"
    LLI = "LLI"

    @property
    def is_social(self) -> bool:
        return self is not Programme.LLI

    @property
    def label(self) -> str:
        return "logement intermédiaire (LLI)" if self is Programme.LLI else self.value


SOCIAL_PROGRAMMES = (Programme.PLAI, Programme.PLUS, Programme.PLS)
CATEGORY_KEYS = ("1", "2", "3", "4", "5", "6")
EXTRA_PERSON = "extra_person"
CELL_KEYS = (*CATEGORY_KEYS, EXTRA_PERSON)
SOCIAL_PREFIX = "ceilings"
INTERMEDIATE_PREFIX = "intermediate"
STATUSES = ("verified", "secondary", "derived", "unverified")


class UnknownYear(LookupError):
    """No table for the requested year."""


@dataclass(frozen=True)
class LegalSource:
    title: str
    date: date
    jo: str
    jo_status: str
    nor: str = ""

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class Cell:
    """One amount of a table and where it comes from."""

    amount: int
    status: str
    source: str
    method: str | None = None
    note: str | None = None

    @property
    def derived(self) -> bool:
        return self.status == "derived"

    @property
    def secondary(self) -> bool:
        return self.status == "secondary"


@dataclass(frozen=True)
class Ceiling:
    """The ceiling that applies to one household, with the figures and the sources used."""

    amount: int
    programme: Programme
    zone: str
    zone_label: str
    category: int
    category_label: str
    extra_persons: int
    year: int
    base: Cell
    extra: Cell
    legal_source: LegalSource

    @property
    def derived(self) -> bool:
        return self.base.derived or (self.extra_persons > 0 and self.extra.derived)

    @property
    def secondary(self) -> bool:
        """Read in secondary sources only (no official copy found)."""
        return self.base.secondary or (self.extra_persons > 0 and self.extra.secondary)

    @property
    def label(self) -> str:
        """« plafond PLUS 2026, Île-de-France hors Paris et communes limitrophes, catégorie 3 : 48 362 € »."""
        return (
            f"plafond {self.programme.label} {self.year}, {self.zone_label}, {self.category_label} : "
            f"{euros(self.amount)}"
        )

    @property
    def computation(self) -> str:
        """« 77 171 € + 2 × 8 598 € » when there are extra persons, else the amount."""
        if not self.extra_persons:
            return euros(self.base.amount)
        return f"{euros(self.base.amount)} + {self.extra_persons} × {euros(self.extra.amount)}"

    @property
    def description(self) -> str:
        """Where the figure comes from, for people: label, computation, legal text, source, derivation."""
        parts = [self.label]
        if self.extra_persons:
            parts.append(f"soit {self.computation}")
        parts.append(f"source : {self.legal_source.title}")
        cells = (self.base, self.extra) if self.extra_persons else (self.base,)
        for cell in cells:
            parts.append(f"donnée : {cell.source}")
            if cell.derived:
                parts.append(f"valeur dérivée, à vérifier : {cell.method}")
            if cell.secondary:
                parts.append("valeur lue dans des sources secondaires, aucune copie officielle trouvée")
            if cell.note:
                parts.append(cell.note)
        return " ; ".join(dict.fromkeys(parts))


@dataclass(frozen=True)
class RentCaps:
    """Monthly rent caps of intermediate housing (€/m², hors charges) and the surface coefficient."""

    rates: Mapping[str, Decimal]
    coefficient_a: Decimal
    coefficient_b: Decimal
    coefficient_max: Decimal
    rounding_decimals: int | None
    source: str


@dataclass(frozen=True)
class RentCap:
    amount: Decimal
    rate: Decimal
    coefficient: Decimal
    surface: Decimal
    zone: IntermediateZone

    @property
    def label(self) -> str:
        return (
            f"plafond de loyer {self.zone.label} : {euros(self.rate, 2)}/m² × {self.surface} m² × coefficient "
            f"{str(self.coefficient).replace('.', ',')} = {euros(self.amount, 2)} par mois hors charges"
        )


@dataclass(frozen=True)
class CeilingTable:
    """The ceilings of one year for one family of programmes (social or intermediate)."""

    kind: str  # "social" or "intermediate"
    year: int
    valid_from: date
    legal_source: LegalSource
    n1_exception: bool
    programmes: tuple[Programme, ...]
    zones: tuple[str, ...]
    cells: Mapping[tuple[Programme, str, str], Cell]
    category_labels: Mapping[str, str]
    rent_caps: RentCaps | None = None
    file_name: str = ""

    def cell(self, programme: Programme | str, zone: str, key: str) -> Cell:
        try:
            return self.cells[(Programme(programme), str(zone), str(key))]
        except (KeyError, ValueError):
            raise LookupError(
                f"Pas de plafond {programme} {self.year} pour la zone « {zone} » et la catégorie « {key} »."
            ) from None

    def category_label(self, category: int, extra_persons: int) -> str:
        if self.kind == "social":
            text = f"catégorie {category}"
            if extra_persons:
                text += f" + {plural(extra_persons, 'personne supplémentaire', 'personnes supplémentaires')}"
            return text
        text = self.category_labels[str(category)]
        if extra_persons:
            text += (
                f" + {plural(extra_persons, 'personne à charge supplémentaire', 'personnes à charge supplémentaires')}"
            )
        return text

    def zone_label(self, zone: str) -> str:
        return SocialZone(zone).label if self.kind == "social" else IntermediateZone(zone).label

    def ceiling(self, programme: Programme | str, zone: str, category: int, extra_persons: int = 0) -> Ceiling:
        """The ceiling for a household of `category` (1 to 6) plus `extra_persons`, in `zone`."""
        programme = Programme(programme)
        if not 1 <= int(category) <= 6:
            raise ValueError(f"Catégorie hors de 1 à 6 : {category}")
        if extra_persons < 0:
            raise ValueError("Le nombre de personnes supplémentaires ne peut pas être négatif.")
        if extra_persons and int(category) != 6:
            raise ValueError("Les personnes supplémentaires s'ajoutent à la catégorie 6.")
        zone = str(zone)
        base = self.cell(programme, zone, str(category))
        extra = self.cell(programme, zone, EXTRA_PERSON)
        return Ceiling(
            amount=base.amount + extra_persons * extra.amount,
            programme=programme,
            zone=zone,
            zone_label=self.zone_label(zone),
            category=int(category),
            category_label=self.category_label(int(category), extra_persons),
            extra_persons=extra_persons,
            year=self.year,
            base=base,
            extra=extra,
            legal_source=self.legal_source,
        )

    def rent_cap(self, zone: IntermediateZone | str, surface: Decimal | int | str) -> RentCap:
        """Intermediate rent cap: rate × S × min(0.7 + 19 / S, 1.2), S in m² (values from the data file)."""
        if self.rent_caps is None:
            raise LookupError(f"Pas de plafond de loyer dans la table {self.file_name}.")
        zone = IntermediateZone(zone)
        surface = Decimal(str(surface))
        if surface <= 0:
            raise ValueError("La surface doit être positive.")
        caps = self.rent_caps
        coefficient = min(caps.coefficient_a + caps.coefficient_b / surface, caps.coefficient_max)
        if caps.rounding_decimals is not None:
            coefficient = coefficient.quantize(Decimal(1).scaleb(-caps.rounding_decimals), rounding=ROUND_HALF_UP)
        rate = caps.rates[zone.value]
        amount = (rate * surface * coefficient).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return RentCap(amount=amount, rate=rate, coefficient=coefficient, surface=surface, zone=zone)


def _cell(raw, zone_defaults: dict, methods: dict) -> Cell:
    if isinstance(raw, dict):
        amount, overrides = raw["value"], raw
    else:
        amount, overrides = raw, {}
    status = overrides.get("status", zone_defaults["status"])
    if status not in STATUSES:
        raise RulesDataError(f"Statut inconnu : {status}")
    method_key = overrides.get("method", zone_defaults.get("method"))
    method = methods.get(method_key, method_key) if method_key else None
    if status == "derived" and not method:
        raise RulesDataError("Une valeur dérivée doit indiquer sa méthode.")
    return Cell(
        amount=int(amount),
        status=status,
        source=overrides.get("source", zone_defaults["source"]),
        method=method if status == "derived" else None,
        note=overrides.get("note"),
    )


def _legal_source(data: dict) -> LegalSource:
    source = data["legal_source"]
    return LegalSource(
        title=source["title"],
        date=source["date"],
        jo=source["jo"],
        jo_status=source["jo_status"],
        nor=source.get("nor", ""),
    )


def _zone_cells(programme: Programme, zone: str, section: dict, defaults: dict, methods: dict) -> dict:
    zone_section = section.get(zone)
    if not zone_section or "cells" not in zone_section:
        raise RulesDataError(f"Zone {zone} absente pour {programme}.")
    zone_defaults = {**defaults, **{key: value for key, value in zone_section.items() if key != "cells"}}
    if set(zone_section["cells"]) != set(CELL_KEYS):
        raise RulesDataError(f"{programme} {zone} : catégories attendues {CELL_KEYS}.")
    return {(programme, zone, key): _cell(zone_section["cells"][key], zone_defaults, methods) for key in CELL_KEYS}


def _check_year(data: dict, year: int, file_name: str) -> None:
    if data["year"] != year or data["valid_from"].year != year:
        raise RulesDataError(f"{file_name} : année incohérente avec le nom du fichier.")


@functools.cache
def load_ceilings(year: int) -> CeilingTable:
    """The social-housing ceilings (PLAI, PLUS, PLS) of `year`. Raises `UnknownYear` when there is no table."""
    files = yearly_files(SOCIAL_PREFIX)
    if year not in files:
        raise UnknownYear(
            f"Pas de plafonds de logement social pour {year} (années disponibles : {', '.join(map(str, files))})."
        )
    data = read_toml(files[year])
    _check_year(data, year, files[year])
    methods = data.get("methods", {})
    zones = tuple(zone.value for zone in SocialZone)
    cells = {}
    for programme in SOCIAL_PROGRAMMES:
        section = data[programme.value]
        defaults = {"status": section["status"], "source": section["source"], "method": section.get("method")}
        for zone in zones:
            cells.update(_zone_cells(programme, zone, section, defaults, methods))
    return CeilingTable(
        kind="social",
        year=year,
        valid_from=data["valid_from"],
        legal_source=_legal_source(data),
        n1_exception=bool(data["n1_exception"]),
        programmes=SOCIAL_PROGRAMMES,
        zones=zones,
        cells=MappingProxyType(cells),
        category_labels=MappingProxyType({key: f"catégorie {key}" for key in CATEGORY_KEYS}),
        file_name=files[year],
    )


@functools.cache
def load_intermediate(year: int) -> CeilingTable:
    """The intermediate-housing table of `year` exactly. Raises `UnknownYear` when there is none
    (see `latest_intermediate` for the fallback)."""
    files = yearly_files(INTERMEDIATE_PREFIX)
    if year not in files:
        raise UnknownYear(
            f"Pas de plafonds de logement intermédiaire pour {year} "
            f"(années disponibles : {', '.join(map(str, files))})."
        )
    data = read_toml(files[year])
    _check_year(data, year, files[year])
    methods = data.get("methods", {})
    zones = tuple(zone.value for zone in IntermediateZone)
    section = data["ceilings"]
    defaults = {"status": section["status"], "source": section["source"], "method": section.get("method")}
    cells = {}
    for zone in zones:
        cells.update(_zone_cells(Programme.LLI, zone, section, defaults, methods))
    caps = data["rent_caps"]
    coefficient = caps["surface_coefficient"]
    rates = {}
    for zone in zones:
        raw = caps[zone]
        rates[zone] = Decimal(raw["value"] if isinstance(raw, dict) else raw)
    return CeilingTable(
        kind="intermediate",
        year=year,
        valid_from=data["valid_from"],
        legal_source=_legal_source(data),
        n1_exception=bool(data["n1_exception"]),
        programmes=(Programme.LLI,),
        zones=zones,
        cells=MappingProxyType(cells),
        category_labels=MappingProxyType(dict(data["household_lines"])),
        rent_caps=RentCaps(
            rates=MappingProxyType(rates),
            coefficient_a=Decimal(coefficient["a"]),
            coefficient_b=Decimal(coefficient["b"]),
            coefficient_max=Decimal(coefficient["max"]),
            rounding_decimals=coefficient.get("rounding_decimals"),
            source=caps["source"],
        ),
        file_name=files[year],
    )


def available_years(kind: str = "social") -> tuple[int, ...]:
    return tuple(yearly_files(SOCIAL_PREFIX if kind == "social" else INTERMEDIATE_PREFIX))


def latest_intermediate(year: int) -> CeilingTable:
    """The intermediate table of `year`, or of the latest earlier year when `year` has none (check `.year`)."""
    years = [candidate for candidate in available_years("intermediate") if candidate <= year]
    if not years:
        raise UnknownYear(f"Pas de plafonds de logement intermédiaire pour {year} ni pour une année antérieure.")
    return load_intermediate(max(years))


def table_in_force(kind: str, today: date) -> CeilingTable:
    """The table of `kind` in force on `today`: the latest whose `valid_from` is not after `today`."""
    loader = load_ceilings if kind == "social" else load_intermediate
    tables = [loader(year) for year in available_years(kind) if year <= today.year]
    tables = [table for table in tables if table.valid_from <= today]
    if not tables:
        raise UnknownYear(f"Aucun plafond {kind} en vigueur le {today.isoformat()}.")
    return max(tables, key=lambda table: table.valid_from)


def ceiling(
    table: CeilingTable, programme: Programme | str, zone: str, category: int, extra_persons: int = 0
) -> Ceiling:
    """Shortcut for `table.ceiling(...)`: the amount (`.amount`) and where it comes from (`.description`)."""
    return table.ceiling(programme, zone, category, extra_persons)
