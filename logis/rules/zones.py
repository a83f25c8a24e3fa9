"""Geographic zones of the ceilings, from the INSEE code of the commune of the dwelling.

- Social housing (PLAI, PLUS, PLS): « Paris et communes limitrophes » (Paris + 29 communes, list in
  data/paris_limitrophes.toml), « Île-de-France hors Paris et communes limitrophes » (région 11: départements
  75, 77, 78, 91, 92, 93, 94, 95), « autres régions » (arrêté du 29 juillet 1987).
- Intermediate housing: the ABC zone (A bis, A, B1, B2, C) of the zoning revised by the arrêté of
  5 July 2024 (data/zonage_abc_2024.csv.gz, built by scripts/build_zonage.py); the intermediate ceilings have
  one column for B2 and C together.

INSEE codes of the municipal arrondissements of Paris (75101-75120), Lyon (69381-69389) and Marseille
(13201-13216) are read as their city (75056, 69123, 13055), which is how both reference lists name them.
Former codes of merged communes are read as the current commune (data/merged_communes.csv, from the INSEE COG
packaged by Etalab, built by scripts/build_merged_communes.py): 93059 Pierrefitte-sur-Seine, merged into
93066 Saint-Denis on 1 January 2025, is Saint-Denis — a commune bordering Paris as a whole.
Unknown codes are tolerated by the social zone (it only needs the département) and refused with a clear
message by the ABC zone.
"""

import csv
import functools
import gzip
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from logis.rules.data_files import DATA_DIR, RulesDataError, read_toml

PARIS = "75056"
LYON = "69123"
MARSEILLE = "13055"
LIMITROPHES_FILE = "paris_limitrophes.toml"
ZONAGE_FILE = "zonage_abc_2024.csv.gz"
MERGED_FILE = "merged_communes.csv"
INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


class SocialZone(StrEnum):
    PARIS_LIMITROPHES = "paris_limitrophes"
    IDF = "idf"
    AUTRES = "autres"

    @property
    def label(self) -> str:
        return SOCIAL_ZONE_LABELS[self]


SOCIAL_ZONE_LABELS = {
    SocialZone.PARIS_LIMITROPHES: "Paris et communes limitrophes",
    SocialZone.IDF: "Île-de-France hors Paris et communes limitrophes",
    SocialZone.AUTRES: "autres régions",
}


class AbcZone(StrEnum):
    ABIS = "abis"
    A = "a"
    B1 = "b1"
    B2 = "b2"
    C = "c"

    @property
    def label(self) -> str:
        return {"abis": "zone A bis", "a": "zone A", "b1": "zone B1", "b2": "zone B2", "c": "zone C"}[self.value]

    @property
    def intermediate_column(self) -> "IntermediateZone":
        """The column of the intermediate ceilings: B2 and C share one."""
        return IntermediateZone.B2C if self in (AbcZone.B2, AbcZone.C) else IntermediateZone(self.value)


class IntermediateZone(StrEnum):
    """Columns of the intermediate-housing ceilings and rent caps."""

    ABIS = "abis"
    A = "a"
    B1 = "b1"
    B2C = "b2c"

    @property
    def label(self) -> str:
        return {"abis": "zone A bis", "a": "zone A", "b1": "zone B1", "b2c": "zones B2 et C"}[self.value]


class UnknownCommune(ValueError):
    """The INSEE code is not in the reference list."""


@dataclass(frozen=True)
class ZoneTables:
    paris_limitrophes: frozenset[str]
    idf_departements: frozenset[str]
    abc: Mapping[str, AbcZone]
    abc_source: str
    merged: Mapping[str, str] = field(default_factory=dict)  # former INSEE code → current commune


@functools.cache
def load_zone_tables() -> ZoneTables:
    limitrophes = read_toml(LIMITROPHES_FILE)
    path = DATA_DIR / ZONAGE_FILE
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except FileNotFoundError as error:
        raise RulesDataError(f"Fichier de zonage absent : {path} (voir scripts/build_zonage.py)") from error
    abc = {row["insee"]: AbcZone(row["zone"]) for row in csv.DictReader(io.StringIO(text))}
    with (DATA_DIR / MERGED_FILE).open(encoding="utf-8", newline="") as handle:
        merged = {row["insee"]: row["current_insee"] for row in csv.DictReader(handle)}
    return ZoneTables(
        paris_limitrophes=frozenset(limitrophes["communes"]),
        idf_departements=frozenset(limitrophes["idf_departements"]),
        abc=MappingProxyType(abc),
        abc_source=(
            "Zonage ABC révisé par l'arrêté du 5 juillet 2024 (ministère chargé du logement, Licence Ouverte 2.0)"
        ),
        merged=MappingProxyType(merged),
    )


def current_insee(insee: str, *, zones: ZoneTables | None = None) -> str:
    """The current commune of `insee`: itself, or the commune a former commune was merged into."""
    zones = zones or load_zone_tables()
    code = normalise_insee(insee)
    return zones.merged.get(code, code)


def normalise_insee(insee: str) -> str:
    """The INSEE code of the commune: strips spaces, upper-cases Corsica, maps arrondissements to their city."""
    code = str(insee).strip().upper()
    if not INSEE_RE.match(code):
        raise UnknownCommune(f"Code INSEE invalide : « {insee} » (5 caractères attendus, par exemple 75056).")
    if code.startswith("751") and 101 <= int(code[2:]) <= 120:
        return PARIS
    if code.startswith("6938") and 1 <= int(code[4]) <= 9:
        return LYON
    if code.startswith("132") and 1 <= int(code[3:]) <= 16:
        return MARSEILLE
    return code


def departement_of(insee: str) -> str:
    """Département code of a commune: 3 characters overseas (971…), 2A / 2B in Corsica, else 2."""
    code = normalise_insee(insee)
    return code[:3] if code.startswith("97") else code[:2]


def social_zone(insee: str, departement: str | None = None, *, zones: ZoneTables | None = None) -> SocialZone:
    """Zone of the social-housing ceilings of the commune `insee` (département derived from the code when not given).

    Source: arrêté du 29 juillet 1987 (three zones); communes limitrophes as listed in
    data/paris_limitrophes.toml; Île-de-France = région 11.
    """
    zones = zones or load_zone_tables()
    code = current_insee(insee, zones=zones)
    if code in zones.paris_limitrophes:
        return SocialZone.PARIS_LIMITROPHES
    departement = (departement or departement_of(code)).strip().upper()
    if departement in zones.idf_departements:
        return SocialZone.IDF
    return SocialZone.AUTRES


def abc_zone(insee: str, *, zones: ZoneTables | None = None) -> AbcZone:
    """ABC zone of the commune `insee` (zoning of 5 July 2024). Raises `UnknownCommune` for an unlisted code."""
    zones = zones or load_zone_tables()
    former = normalise_insee(insee)
    code = current_insee(former, zones=zones)
    if code not in zones.abc and former in zones.abc:  # the zoning of July 2024 may predate the merger
        code = former
    try:
        return zones.abc[code]
    except KeyError:
        raise UnknownCommune(
            f"Commune {code} absente du zonage ABC de juillet 2024 : code INSEE périmé (fusion de communes) ou "
            "erroné ; la zone ne peut pas être déterminée."
        ) from None
