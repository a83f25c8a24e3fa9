"""`make backup`: a backup of the database and of the documents, in a new directory."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from logis.backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (SQLite ou PostgreSQL, avec pg_dump) et tous les documents des dossiers "
        "(système de fichiers ou S3) dans un nouveau dossier logis-AAAAMMJJ-HHMMSS sous --to."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, default=settings.BASE_DIR / "var" / "backups", help="dossier parent")

    def handle(self, *args, to, **options):
        try:
            report = backup_create(to)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {report}"))
        self.stdout.write(str(report.path))
