"""Scheduled scan of the uploads kept in quarantine while the antivirus was unreachable (run every few minutes)."""

from django.core.management.base import BaseCommand

from logis.documents.services import quarantine_scan


class Command(BaseCommand):
    help = (
        "Analyse avec l'antivirus (clamd) les fichiers déposés pendant son indisponibilité : sains, ils sont "
        "transmis ; infectés, ils sont effacés et le demandeur est prévenu. Peut être relancée sans risque. "
        "Sort en erreur (code 1) si l'antivirus est encore injoignable et que des fichiers attendent."
    )

    def handle(self, *args, **options):
        report = quarantine_scan()
        if report.unavailable and report.waiting:
            self.stderr.write(str(report))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(str(report)))
