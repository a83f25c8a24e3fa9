from django.core.management.base import BaseCommand

from logis.rules.formatting import plural
from logis.searches.services import alerts_send


class Command(BaseCommand):
    help = (
        "Envoie les alertes des recherches enregistrées (offres publiées depuis l'enregistrement de chaque "
        "recherche) ; sans risque à relancer : chaque offre n'est signalée qu'une fois par recherche."
    )

    def handle(self, *args, **options):
        sent = alerts_send()
        self.stdout.write(f"{plural(sent, 'alerte envoyée', 'alertes envoyées')}.")
