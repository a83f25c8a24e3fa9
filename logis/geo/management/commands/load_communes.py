import time
from pathlib import Path

from django.core.management.base import BaseCommand

from logis.geo.loading import COMMUNES_FILE, load_communes


class Command(BaseCommand):
    help = "Charge (ou met à jour) les communes depuis logis/geo/data/communes.csv.gz."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=COMMUNES_FILE, help="fichier CSV (éventuellement .gz)")

    def handle(self, *args, file, **options):
        started = time.monotonic()
        count = load_communes(file)
        elapsed = time.monotonic() - started
        self.stdout.write(f"{count} communes chargées en {elapsed:.1f} s.")
