from django.core.management.base import BaseCommand

from logis.core.text import plural
from logis.support.services import steps_remind


class Command(BaseCommand):
    help = "Relance quotidienne des étapes d'accompagnement social en retard (sans risque si lancée deux fois)."

    def handle(self, *args, **options):
        count = steps_remind()
        self.stdout.write(f"{plural(count, 'étape en retard relancée', 'étapes en retard relancées')}.")
