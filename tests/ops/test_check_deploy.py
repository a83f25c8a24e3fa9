"""`manage.py check --deploy` with the production environment of .env.example: no warning at all."""

import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_environment() -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin"}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value
    return env


def test_env_example_lists_a_production_configuration():
    env = production_environment()

    assert env["DEBUG"] == "false"
    assert env["SECRET_KEY"] == ""  # to generate on each installation, never one copied from here
    assert env["CACHE_URL"].startswith("redis://")
    assert env["CELERY_BROKER_URL"].startswith("redis://")
    assert env["DATABASE_URL"].startswith("postgres://")


def test_check_deploy_gives_no_warning(tmp_path):
    env = production_environment()
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # what the comment of .env.example says to do

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
