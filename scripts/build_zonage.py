"""Build logis/rules/data/zonage_abc_2024.csv.gz from the public ABC zoning file.

Usage:
    python scripts/build_zonage.py [--source /work/shared/data/zonage/zonage-abc-2024-07.csv]
                                   [--target logis/rules/data/zonage_abc_2024.csv.gz]

The source (Ministère chargé du logement, zoning revised by the arrêté of 5 July 2024, Licence Ouverte 2.0)
is a semicolon-separated file `CODGEO;REG;DEP;LIBGEO;Zone en vigueur depuis le 5 juillet 2024;Reclassement
juillet 2024`. We keep the INSEE code and the zone, written as the codes of logis/rules/zones.py (abis, a,
b1, b2, c), one row per commune sorted by INSEE code: `insee,zone`.

Standard library only. The output is deterministic (same input, same bytes: the gzip header carries no
timestamp), so that rebuilding it does not produce a spurious diff.
"""

import argparse
import csv
import gzip
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/work/shared/data/zonage/zonage-abc-2024-07.csv")
DEFAULT_TARGET = ROOT / "logis" / "rules" / "data" / "zonage_abc_2024.csv.gz"
ZONE_COLUMN = "Zone en vigueur depuis le 5 juillet 2024"
ZONE_CODES = {"Abis": "abis", "A": "a", "B1": "b1", "B2": "b2", "C": "c"}
INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def read_source(path: Path) -> list[tuple[str, str]]:
    rows = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line_number, row in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
            insee = row["CODGEO"].strip()
            zone = row[ZONE_COLUMN].strip()
            if not INSEE_RE.match(insee):
                raise ValueError(f"{path}:{line_number}: unexpected INSEE code {insee!r}")
            if zone not in ZONE_CODES:
                raise ValueError(f"{path}:{line_number}: unexpected zone {zone!r} for {insee}")
            if insee in rows and rows[insee] != ZONE_CODES[zone]:
                raise ValueError(f"{path}:{line_number}: {insee} appears twice with different zones")
            rows[insee] = ZONE_CODES[zone]
    return sorted(rows.items())


def write_target(rows: list[tuple[str, str]], path: Path) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["insee", "zone"])
    writer.writerows(rows)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    path.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET)
    args = parser.parse_args(argv)
    rows = read_source(args.source)
    write_target(rows, args.target)
    counts = {}
    for _, zone in rows:
        counts[zone] = counts.get(zone, 0) + 1
    summary = ", ".join(f"{zone}={counts.get(zone, 0)}" for zone in ZONE_CODES.values())
    print(f"{args.target}: {len(rows)} communes ({summary})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
