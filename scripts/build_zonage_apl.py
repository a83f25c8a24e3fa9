"""Build logis/rules/data/zonage_apl_2011.csv.gz, the housing-benefit (APL) zone of every commune.

Usage:
    python scripts/build_zonage_apl.py [--source ../shared/data/zonage/zonage-apl-2011.csv]
                                       [--communes ../shared/data/geo/communes.csv]
                                       [--target logis/rules/data/zonage_apl_2011.csv.gz]

Source: the APL zoning of 2011 (`CODGEO,LIBCOM_2014,REG,DEP,Zonage`, zones 1, 1bis, 2, 3), Ministère chargé du
logement, as shipped by openfisca-france (assets/apl/20110914_zonage.csv), Licence Ouverte. Zone « 1bis » counts
as zone 1 (same rent ceilings), as openfisca does.

The 2011 file predates the mergers of communes. Rows are `insee,zone,origin`:
- `2011`: the code is in the 2011 file;
- `arrondissement`: a municipal arrondissement (Paris, Lyon, Marseille), zone of its commune;
- `fusion`: a commune created since (commune nouvelle) whose former communes (communes déléguées of the INSEE
  file) all had the same zone;
- `fusion_ambigue`: its former communes had different zones: the zone of the lowest-numbered (most favourable)
  is kept, and the estimate says so;
- `defaut`: no zone found: zone 2, the default of openfisca-france, and the estimate says so.

Standard library only; deterministic output (no timestamp in the gzip header).
"""

import argparse
import csv
import gzip
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_SOURCE = SHARED / "zonage" / "zonage-apl-2011.csv"
DEFAULT_COMMUNES = SHARED / "geo" / "communes.csv"
DEFAULT_TARGET = ROOT / "logis" / "rules" / "data" / "zonage_apl_2011.csv.gz"


def build(source: Path, communes: Path) -> list[tuple[str, str, str]]:
    zones = {}
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            zones[row["CODGEO"].strip()] = row["Zonage"].strip()[0]
    rows = {code: (zone, "2011") for code, zone in zones.items()}
    delegated: dict[str, set[str]] = {}
    current = []
    with communes.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code, kind, parent = row["insee_com"], row["commune_type"], row["insee_parente"]
            if kind == "ARM" and parent in zones:
                rows[code] = (zones[parent], "arrondissement")
            elif kind == "COMD" and parent and code in zones:
                delegated.setdefault(parent, set()).add(zones[code])
            elif kind == "COM":
                current.append(code)
    for code in current:
        if code in rows:
            continue
        found = delegated.get(code, set())
        if len(found) == 1:
            rows[code] = (found.pop(), "fusion")
        elif found:
            rows[code] = (min(found), "fusion_ambigue")
        else:
            rows[code] = ("2", "defaut")
    return sorted((code, zone, origin) for code, (zone, origin) in rows.items())


def write(rows, target: Path) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["insee", "zone", "origin"])
    writer.writerows(rows)
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle:
        handle.write(text.getvalue().encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--communes", type=Path, default=DEFAULT_COMMUNES)
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET)
    args = parser.parse_args()
    rows = build(args.source, args.communes)
    write(rows, args.target)
    origins = {}
    for _, _, origin in rows:
        origins[origin] = origins.get(origin, 0) + 1
    print(f"{len(rows)} communes written to {args.target}: {origins}")


if __name__ == "__main__":
    main()
