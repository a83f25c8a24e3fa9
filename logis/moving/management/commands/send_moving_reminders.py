from django.core.management.base import BaseCommand

from logis.moving.services import moving_reminders_send
from logis.rules.formatting import plural


class Command(BaseCommand):
    help = "Envoie les rappels du guide du déménagement (tâches à faire dans la semaine) ; sans risque à relancer."

    def handle(self, *args, **options):
        sent = moving_reminders_send()
        self.stdout.write(f"{plural(sent, 'rappel envoyé', 'rappels envoyés')}.")
