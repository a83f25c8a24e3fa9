"""Demo data: every app's demo section (logis/<app>/demo.py, registered with logis.core.demo.demo_section).

Idempotent (a second run creates and changes nothing) and deterministic (fixed random seeds): each section finds
its objects by a natural key (SIRET, offer reference, e-mail) and only creates them when missing.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from logis.core.demo import DemoContext, ordered_sections


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : une seconde exécution ne change rien)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--communes", type=Path, default=None, help="fichier des communes à charger (tests : un extrait)"
        )
        parser.add_argument(
            "--list",
            dest="list_sections",
            action="store_true",
            help="liste les sections dans leur ordre, sans rien charger",
        )

    def handle(self, *args, communes=None, list_sections=False, **options):
        autodiscover_modules("demo")
        sections = ordered_sections([config.name.split(".")[-1] for config in apps.get_app_configs()])
        if list_sections:
            for section in sections:
                after = f" (après {', '.join(section.after)})" if section.after else ""
                self.stdout.write(f"{section.name}  logis.{section.app}.demo{after}")
            return
        ctx = DemoContext(now=timezone.now(), stdout=self.stdout, options={"communes": communes})
        lines: list[str] = []
        with transaction.atomic():
            for section in sections:
                lines += section.load(ctx) or []
        self._report(lines)

    def _report(self, lines: list[str]) -> None:
        write = self.stdout.write
        write("")
        write(self.style.SUCCESS("Données de démonstration prêtes."))
        write(f"Adresse de la plateforme : {settings.SITE_URL}")
        write("")
        for line in lines:
            write(line)
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            write(f"Les e-mails ne partent pas : ils sont écrits dans {settings.EMAIL_FILE_PATH}")
        else:
            write(
                f"Les e-mails sont envoyés par {settings.EMAIL_BACKEND} ({settings.EMAIL_HOST}:{settings.EMAIL_PORT})."
            )
        mailbox = f"{settings.SITE_URL.rstrip('/')}/demo/courriels/"
        if settings.DEMO_MODE:
            write(f"et se lisent sur la page {mailbox}")
        else:
            write(f"La boîte de réception {mailbox} n'existe qu'avec LOGIS_DEMO=true (make demo).")
