from django.core.management.base import BaseCommand

from logis.api.tasks import webhooks_flush
from logis.core.text import plural


class Command(BaseCommand):
    help = "Envoie les événements de webhook en attente (nouvelles tentatives échues). Sans risque si lancé deux fois."

    def handle(self, *args, **options):
        count = webhooks_flush()
        self.stdout.write(f"{plural(count, 'envoi de webhook tenté', 'envois de webhook tentés')}.")
