"""Scheduled erasure of documents (run daily): files of demands ended more than a year ago, and stray files."""

from django.core.management.base import BaseCommand

from logis.core.text import plural
from logis.documents.services import documents_purge, orphan_files_purge


class Command(BaseCommand):
    help = (
        "Efface les pièces des demandes terminées (attribution, radiation) depuis plus d'un an, et les fichiers "
        "orphelins du stockage. Sans effet si rien n'est à effacer : peut être relancée sans risque."
    )

    def handle(self, *args, **options):
        erased = documents_purge()
        for line in erased:
            self.stdout.write(str(line))
        orphans = orphan_files_purge()
        for name in orphans:
            self.stdout.write(f"Fichier orphelin effacé du stockage : {name}")
        if not erased and not orphans:
            self.stdout.write("Aucun document à effacer.")
        else:
            pieces = sum(line.pieces for line in erased)
            files = sum(line.files for line in erased) + len(orphans)
            self.stdout.write(self.style.SUCCESS(f"Effacés : {plural(pieces, 'pièce')}, {plural(files, 'fichier')}."))
