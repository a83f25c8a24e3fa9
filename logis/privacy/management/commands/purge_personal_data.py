from django.core.management.base import BaseCommand

from logis.core.text import plural
from logis.privacy.services import ended_demands_purge, inactive_accounts_purge


class Command(BaseCommand):
    help = (
        "Prévient puis supprime les comptes inutilisés depuis deux ans, efface les demandes terminées depuis un an "
        "(à lancer chaque jour ; relançable)."
    )

    def handle(self, *args, **options):
        warned, deleted = inactive_accounts_purge()
        demands = ended_demands_purge()
        self.stdout.write(
            f"Comptes inactifs : {plural(warned, 'personne')} {'prévenues' if warned > 1 else 'prévenue'}, "
            f"{plural(deleted, 'compte')} {'supprimés' if deleted > 1 else 'supprimé'}. "
            f"Demandes terminées : {plural(demands, 'demande')} {'effacées' if demands > 1 else 'effacée'}."
        )
