from django.core.management.base import BaseCommand

from logis.core.text import plural
from logis.scoring.tasks import refresh_outdated_ranking_scores


class Command(BaseCommand):
    help = (
        "Scheduled job (run it daily, after midnight): the current scores of the rankings computed on an earlier day "
        "are computed again (the seniority of a demand counts in months from the day). Safe to run twice."
    )

    def handle(self, *args, **options):
        written = refresh_outdated_ranking_scores()
        self.stdout.write(f"{plural(written, 'score recalculé', 'scores recalculés')}.")
