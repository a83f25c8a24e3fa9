from django.core.management.base import BaseCommand

from logis.audit.services import audit_purge
from logis.core.text import plural


class Command(BaseCommand):
    help = "Efface les consultations de données sensibles de plus d'un an (à lancer chaque jour ; relançable)."

    def handle(self, *args, **options):
        removed = audit_purge()
        self.stdout.write(
            f"{plural(removed, 'consultation')} de plus d'un an {'effacées' if removed > 1 else 'effacée'}."
        )
