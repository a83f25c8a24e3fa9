"""The management commands the README gives (`make manage ARGS="…"`) run as typed there."""

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
# ARGS="…" as the shell reads it: \" inside the double quotes is a quote (a JSON input, for instance).
TYPED = sorted({args.replace('\\"', '"') for args in re.findall(r'make manage ARGS="((?:[^"\\…]|\\.)+)"', README)})
# Commands that write a file of the repository: only checked to exist here (their own tests run them).
WRITES_FILES = {"workflow_doc"}


def test_the_readme_gives_commands():
    assert "rules_tables --year 2026" in TYPED
    assert len(TYPED) >= 5


@pytest.mark.django_db
@pytest.mark.parametrize("args", TYPED)
def test_each_command_of_the_readme_runs(args, capsys):
    name, *options = shlex.split(args)
    assert name in get_commands(), f"the README names {name}, which is no command"
    if name in WRITES_FILES:
        return
    call_command(name, *options)
    assert capsys.readouterr().out.strip()


def test_make_manage_needs_no_secret_to_provide():
    result = subprocess.run(
        ["make", "-s", "manage", "ARGS=rules_tables --year 2026"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(ROOT))},  # no SECRET_KEY
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "programme,zone,category,ceiling_eur"
