"""`manage.py simulate loan|apl|mobili-jeune|loca-pass|visale --json '<input>'`: one JSON object on stdout.

The same functions as the simulator pages (logis.aids.simulators). Bad input exits with status 1 and prints
{"error": {"field": ..., "message": ...}} (French message) on stdout, so audits and partners can parse it.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from logis.aids import simulators
from logis.rules.loan import LoanInputError


class Command(BaseCommand):
    help = "Lance un simulateur (prêt, aide au logement, Mobili-Jeune, LOCA-PASS, Visale) et affiche un objet JSON."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=simulators.KINDS)
        parser.add_argument("--json", dest="data", required=True, help="les données d'entrée (objet JSON)")
        parser.add_argument("--today", help="date du jour à retenir (AAAA-MM-JJ), pour rejouer un calcul")

    def handle(self, *args, kind, data, today=None, **options):
        try:
            raw = json.loads(data)
        except json.JSONDecodeError as error:
            raise CommandError(f"--json n'est pas un objet JSON valide : {error}") from None
        if not isinstance(raw, dict):
            raise CommandError("--json doit être un objet JSON ({...}).")
        day = timezone.localdate()
        if today:
            try:
                day = timezone.datetime.fromisoformat(today).date()
            except ValueError:
                raise CommandError("--today : date au format AAAA-MM-JJ.") from None
        try:
            _, payload = simulators.run(kind, raw, today=day)
        except LoanInputError as error:
            self.stdout.write(
                json.dumps({"error": {"field": error.field, "message": error.message}}, ensure_ascii=False)
            )
            sys.exit(1)
        self.stdout.write(json.dumps(payload, ensure_ascii=False, default=simulators.json_default))
