from django.core.management.base import BaseCommand

from logis.api.tasks import webhooks_flush


class Command(BaseCommand):
    help = "Envoie les événements de webhook en attente (nouvelles tentatives échues). Sans risque si lancé deux fois."

    def handle(self, *args, **options):
        count = webhooks_flush()
        self.stdout.write(f"{count} envoi(s) de webhook tenté(s).")
