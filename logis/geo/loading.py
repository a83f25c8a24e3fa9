"""Load the communes file into the database (idempotent upsert in batches)."""

import csv
import gzip
import io
from pathlib import Path

from django.db import transaction

from logis.geo.models import Commune

COMMUNES_FILE = Path(__file__).resolve().parent / "data" / "communes.csv.gz"
BATCH_SIZE = 2000
UPDATED_FIELDS = ["name", "departement", "region", "postal_code", "lat", "lng", "population"]


def _read(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Commune(
                insee=row["insee"],
                name=row["name"],
                departement=row["departement"],
                region=row["region"],
                postal_code=row["postal_code"],
                lat=float(row["lat"]),
                lng=float(row["lng"]),
                population=int(row["population"] or 0),
            )


@transaction.atomic
def load_communes(path: Path = COMMUNES_FILE, *, batch_size: int = BATCH_SIZE) -> int:
    """Insert or update every commune of the file; return how many rows the file holds.

    Rows are upserted (INSERT ... ON CONFLICT (insee) DO UPDATE), so running it again changes nothing
    unless the file changed, and never deletes a commune that offers or demands may point to.
    """
    count = 0
    batch: list[Commune] = []
    for commune in _read(Path(path)):
        batch.append(commune)
        if len(batch) >= batch_size:
            count += _upsert(batch)
            batch = []
    if batch:
        count += _upsert(batch)
    return count


def _upsert(batch: list[Commune]) -> int:
    Commune.objects.bulk_create(
        batch, update_conflicts=True, unique_fields=["insee"], update_fields=UPDATED_FIELDS, batch_size=len(batch)
    )
    return len(batch)
