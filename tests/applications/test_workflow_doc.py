"""docs/workflow.md is generated from the transition table and committed up to date; the table is pure Python."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from logis.applications.conditions import condition_docs
from logis.applications.effects import effect_docs
from logis.applications.workflow import STATE_LABELS, TRANSITIONS, State
from logis.applications.workflow_doc import DOC_PATH, render_markdown


def test_committed_workflow_doc_is_up_to_date():
    committed = (Path(settings.BASE_DIR) / DOC_PATH).read_text(encoding="utf-8")
    assert committed == render_markdown(effect_docs(), condition_docs()), (
        "run `python manage.py workflow_doc` and commit docs/workflow.md"
    )


def test_the_check_option_fails_on_an_out_of_date_doc(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    (tmp_path / "docs").mkdir()
    (tmp_path / DOC_PATH).write_text("# old\n", encoding="utf-8")
    with pytest.raises(CommandError, match="docs/workflow.md is out of date"):
        call_command("workflow_doc", "--check")
    call_command("workflow_doc")
    call_command("workflow_doc", "--check")


def test_the_doc_lists_every_state_and_transition():
    doc = render_markdown()
    for state in State:
        assert f"| `{state.value}` | {STATE_LABELS[state]} |" in doc
    for transition in TRANSITIONS:
        assert f"| `{transition.name}` | {transition.label} |" in doc


def test_the_workflow_modules_do_not_import_django():
    code = (
        "import sys; import logis.applications.workflow, logis.applications.workflow_doc; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
