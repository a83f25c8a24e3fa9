"""`make restore FROM=…`: a backup made by `backup`, back into a database and the documents storage."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from logis.backups.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite par « backup » : la base (dans --database-url, par défaut la base "
        "configurée, créée si besoin) puis les documents dans le stockage configuré. Refuse d'écraser une base "
        "qui contient des données ou un document existant, sauf avec --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="le dossier logis-AAAAMMJJ-HHMMSS de la sauvegarde")
        parser.add_argument("--database-url", default=None, help="la base à remplir (par défaut DATABASE_URL)")
        parser.add_argument("--replace", action="store_true", help="écraser la base et les documents existants")

    def handle(self, *args, backup, database_url, replace, **options):
        try:
            report = backup_restore(backup, database_url=database_url, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde restaurée : {report}"))
