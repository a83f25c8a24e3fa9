"""Print the income ceilings of a year as CSV: `python manage.py rules_tables --year 2026`.

Columns `programme,zone,category,ceiling_eur`: PLAI, PLUS and PLS for the zones paris_limitrophes, idf and
autres, then LLI (intermediate housing) for the ABC columns abis, a, b1, b2c; categories 1 to 6 and
extra_person (for LLI, the household lines of logis/rules/data/intermediate_<year>.toml). When the year has
no intermediate table, the latest earlier one is printed and stderr says so.
"""

import csv

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from logis.rules.ceilings import (
    CELL_KEYS,
    SOCIAL_PROGRAMMES,
    Programme,
    UnknownYear,
    latest_intermediate,
    load_ceilings,
)


class Command(BaseCommand):
    help = "Affiche en CSV les plafonds de ressources d'une année (logement social et intermédiaire)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, default=None, help="Année des plafonds (par défaut : l'année en cours)."
        )

    def handle(self, *args, year=None, **options):
        year = year or timezone.localdate().year
        try:
            social = load_ceilings(year)
        except UnknownYear as error:
            raise CommandError(str(error)) from error
        try:
            intermediate = latest_intermediate(year)
        except UnknownYear as error:
            intermediate = None
            self.stderr.write(f"{error} Seuls les plafonds du logement social sont affichés.")
        if intermediate is not None and intermediate.year != year:
            self.stderr.write(
                f"Pas de plafonds de logement intermédiaire pour {year} : ceux de {intermediate.year} "
                f"({intermediate.file_name}), les plus récents disponibles, sont affichés."
            )
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["programme", "zone", "category", "ceiling_eur"])
        for programme in SOCIAL_PROGRAMMES:
            for zone in social.zones:
                for key in CELL_KEYS:
                    writer.writerow([programme.value, zone, key, social.cell(programme, zone, key).amount])
        if intermediate is not None:
            for zone in intermediate.zones:
                for key in CELL_KEYS:
                    writer.writerow(
                        [Programme.LLI.value, zone, key, intermediate.cell(Programme.LLI, zone, key).amount]
                    )
