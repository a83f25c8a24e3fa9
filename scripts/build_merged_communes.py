"""Build logis/rules/data/merged_communes.csv: former INSEE codes → the current commune they now belong to.

Usage:
    npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-decoupage-administratif-6.0.0.tgz
    python scripts/build_merged_communes.py --source package/data/communes.json

Source: INSEE Code officiel géographique as packaged by Etalab (`@etalab/decoupage-administratif` 6.0.0,
data/communes.json, Licence Ouverte 2.0). Every « commune déléguée » or « commune associée » whose code is not
itself a current commune maps to its chef-lieu (e.g. 93059 Pierrefitte-sur-Seine → 93066 Saint-Denis,
merged on 1 January 2025). Rows `insee,current_insee,name`, sorted by code: rebuilding gives the same bytes.
Standard library only.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TARGET = ROOT / "logis" / "rules" / "data" / "merged_communes.csv"


def build(source: Path, target: Path) -> int:
    communes = json.loads(source.read_text(encoding="utf-8"))
    current = {c["code"] for c in communes if c["type"] == "commune-actuelle"}
    rows = sorted(
        {
            (c["code"], c["chefLieu"], c["nom"])
            for c in communes
            if c["type"] in ("commune-deleguee", "commune-associee")
            and c["code"] != c["chefLieu"]
            and c["code"] not in current
            and c["chefLieu"] in current
        }
    )
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["insee", "current_insee", "name"])
        writer.writerows(rows)
    return len(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET)
    args = parser.parse_args(argv)
    count = build(args.source, args.target)
    print(f"{count} anciens codes écrits dans {args.target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
