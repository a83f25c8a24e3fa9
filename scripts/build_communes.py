"""Build logis/geo/data/communes.csv.gz (and departements.csv) from the public INSEE compilation.

Usage:
    python scripts/build_communes.py [--source /work/shared/data/geo] [--target logis/geo/data]

The source communes.csv has one row per postal code of a commune. We keep current communes (type COM) and the
municipal arrondissements of Paris, Lyon and Marseille (type ARM), skip delegated communes (COMD), and write one
row per INSEE code with its lowest postal code. The parent communes of Paris (75056), Lyon (69123) and Marseille
(13055) are absent from the source (it lists their arrondissements): they are rebuilt from their arrondissements
(population = sum, centre = population-weighted mean, lowest postal code), because demands name them.
Communes without coordinates in the source get the mean position of the communes that share their postal code.

Standard library only, so that it runs without Django. The output is deterministic (same input, same bytes).
"""

import argparse
import csv
import gzip
import io
import sys
from pathlib import Path

FIELDS = ["insee", "name", "departement", "region", "postal_code", "lat", "lng", "population"]
KEPT_TYPES = {"COM", "ARM"}
CITIES_WITH_ARRONDISSEMENTS = {"75056": "Paris", "69123": "Lyon", "13055": "Marseille"}

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/work/shared/data/geo")
DEFAULT_TARGET = ROOT / "logis" / "geo" / "data"


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def read_communes(path: Path) -> dict[str, dict]:
    """One record per INSEE code (COM and ARM), keeping the lowest postal code."""
    communes: dict[str, dict] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["commune_type"] not in KEPT_TYPES:
                continue
            insee = row["insee_com"]
            postal_code = row["code_postal"].strip()
            known = communes.get(insee)
            if known is not None:
                if postal_code and (not known["postal_code"] or postal_code < known["postal_code"]):
                    known["postal_code"] = postal_code
                continue
            communes[insee] = {
                "insee": insee,
                # The name with its article ("Le Havre", "Les Lilas") is the one people know.
                "name": (row["commune_article"] or row["commune"]).strip(),
                "departement": row["insee_dep"],
                "region": row["insee_reg"],
                "postal_code": postal_code,
                "lat": _float(row["lat"]),
                "lng": _float(row["lng"]),
                "population": int(row["population_2021"] or 0),
                "type": row["commune_type"],
                "parent": row["insee_parente"],
            }
    return communes


def add_cities_with_arrondissements(communes: dict[str, dict]) -> list[str]:
    """Rebuild Paris, Lyon and Marseille from their arrondissements when the source lacks them."""
    added = []
    for insee, name in CITIES_WITH_ARRONDISSEMENTS.items():
        if insee in communes:
            continue
        parts = [c for c in communes.values() if c["type"] == "ARM" and c["parent"] == insee and c["lat"] is not None]
        if not parts:
            continue
        population = sum(c["population"] for c in parts)
        weights = [c["population"] or 1 for c in parts]
        total = sum(weights)
        communes[insee] = {
            "insee": insee,
            "name": name,
            "departement": parts[0]["departement"],
            "region": parts[0]["region"],
            "postal_code": min(c["postal_code"] for c in parts if c["postal_code"]),
            "lat": sum(c["lat"] * w for c, w in zip(parts, weights, strict=True)) / total,
            "lng": sum(c["lng"] * w for c, w in zip(parts, weights, strict=True)) / total,
            "population": population,
            "type": "COM",
            "parent": "",
        }
        added.append(insee)
    return added


def fill_missing_positions(communes: dict[str, dict]) -> list[str]:
    """Give a commune without coordinates the mean position of the communes sharing its postal code."""
    by_postal_code: dict[str, list[dict]] = {}
    for commune in communes.values():
        if commune["lat"] is not None:
            by_postal_code.setdefault(commune["postal_code"], []).append(commune)
    filled = []
    for commune in communes.values():
        if commune["lat"] is not None:
            continue
        neighbours = by_postal_code.get(commune["postal_code"], [])
        if neighbours:
            commune["lat"] = sum(c["lat"] for c in neighbours) / len(neighbours)
            commune["lng"] = sum(c["lng"] for c in neighbours) / len(neighbours)
            filled.append(commune["insee"])
    return filled


def write_communes(communes: dict[str, dict], target: Path) -> int:
    rows = sorted((c for c in communes.values() if c["lat"] is not None), key=lambda c: c["insee"])
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(FIELDS)
    for c in rows:
        writer.writerow(
            [
                c["insee"],
                c["name"],
                c["departement"],
                c["region"],
                c["postal_code"],
                f"{c['lat']:.5f}",
                f"{c['lng']:.5f}",
                c["population"],
            ]
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name in the header: the same input gives the same bytes.
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    return len(rows)


def write_departements(source: Path, target: Path) -> int:
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [(row["insee_dep"], row["departement_article"] or row["departement"]) for row in csv.DictReader(handle)]
    rows.sort()
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name"])
        writer.writerows(rows)
    return len(rows)


def build(source_dir: Path, target_dir: Path, *, out=sys.stdout) -> int:
    communes = read_communes(source_dir / "communes.csv")
    added = add_cities_with_arrondissements(communes)
    filled = fill_missing_positions(communes)
    missing = sorted(c["insee"] for c in communes.values() if c["lat"] is None)
    count = write_communes(communes, target_dir / "communes.csv.gz")
    print(f"{count} communes écrites dans {target_dir / 'communes.csv.gz'}", file=out)
    if added:
        print(f"Reconstituées à partir de leurs arrondissements : {', '.join(added)}", file=out)
    if filled:
        print(f"Position approchée (code postal partagé) : {', '.join(sorted(filled))}", file=out)
    if missing:
        print(f"Ignorées faute de coordonnées : {', '.join(missing)}", file=out)
    departements = source_dir / "departements.csv"
    if departements.exists():
        n = write_departements(departements, target_dir / "departements.csv")
        print(f"{n} départements écrits dans {target_dir / 'departements.csv'}", file=out)
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="dossier contenant communes.csv")
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET, help="dossier de sortie")
    args = parser.parse_args(argv)
    build(args.source, args.target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
