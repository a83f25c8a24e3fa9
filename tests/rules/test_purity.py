import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import logis.rules

ROOT = Path(__file__).resolve().parents[2]


def rule_modules() -> list[str]:
    names = [f"logis.rules.{module.name}" for module in pkgutil.iter_modules(logis.rules.__path__)]
    return sorted(names)


def test_rule_modules_are_the_expected_ones():
    assert {"logis.rules.household", "logis.rules.offer", "logis.rules.verdict", "logis.rules.zones"} <= set(
        rule_modules()
    )


def test_rules_import_neither_django_nor_numpy_in_a_fresh_interpreter():
    modules = ["logis.rules", *rule_modules()]
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from datetime import date\n"
        "from logis.rules.tables import RuleTables\n"
        "RuleTables.in_force(date(2026, 1, 1))\n"
        "found = [name for name in sys.modules if name.split('.')[0] in ('django', 'numpy', 'config')]\n"
        "print(json.dumps(sorted(found)))\n"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter running a fixed script)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == []
