from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from logis.applications.conditions import condition_docs
from logis.applications.effects import effect_docs
from logis.applications.workflow_doc import DOC_PATH, render_markdown


class Command(BaseCommand):
    help = (
        "Write docs/workflow.md from the application transition table and the registered effects "
        "(--check: fail if it is out of date)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Do not write; exit with an error if out of date.")

    def handle(self, *args, check=False, **options):
        path = Path(settings.BASE_DIR) / DOC_PATH
        content = render_markdown(effect_docs(), condition_docs())
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if check:
            if current != content:
                raise CommandError(f"{DOC_PATH} is out of date: run `python manage.py workflow_doc`.")
            self.stdout.write(f"{DOC_PATH} is up to date.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        self.stdout.write(f"Wrote {DOC_PATH}.")
