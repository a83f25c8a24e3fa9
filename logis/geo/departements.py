"""Names of the départements (logis/geo/data/departements.csv, INSEE COG 2024)."""

import csv
from functools import cache
from pathlib import Path

DEPARTEMENTS_CSV = Path(__file__).resolve().parent / "data" / "departements.csv"


@cache
def departement_names() -> dict[str, str]:
    """{"69": "Rhône", "2A": "Corse-du-Sud", "971": "Guadeloupe", ...} in code order."""
    with DEPARTEMENTS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def departement_label(code: str) -> str:
    """ "Rhône (69)"; the bare code when it is unknown."""
    name = departement_names().get(code)
    return f"{name} ({code})" if name else code
