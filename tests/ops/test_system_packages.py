"""scripts/system-packages.sh: the one list of system packages, shared by make demo, make test and .ci/run."""

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-packages.sh"


def _fake_bin(tmp_path, *, uid: int, installed: set[str]) -> Path:
    """A PATH where dpkg-query knows only `installed`, `id -u` answers `uid`, and apt-get records its calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    listed = " ".join(sorted(installed))
    scripts = {
        "dpkg-query": f'for p in {listed}; do [ "$p" = "${{@: -1}}" ] && {{ echo "install ok installed"; exit 0; }}; '
        "done; exit 1",
        "id": f"echo {uid}",
        "apt-get": f'echo "$@" >> {tmp_path}/apt-calls; [ -x {tmp_path}/policy-rc.d ] && echo policy-refuses-starts '
        f">> {tmp_path}/apt-calls; true",
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/bash\n{body}\n")
        path.chmod(0o755)
    for tool in ("bash", "grep", "printf", "chmod", "rm", "cat"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    return bin_dir


def _run(bin_dir: Path, group: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPT), group],
        capture_output=True,
        text=True,
        env={
            "PATH": str(bin_dir),
            "HOME": str(bin_dir.parent),
            "POLICY_RC_D": str(bin_dir.parent / "policy-rc.d"),
        },
        check=False,
    )


def test_without_root_it_stops_at_once_and_prints_the_apt_command(tmp_path):
    bin_dir = _fake_bin(tmp_path, uid=1000, installed={"libpango-1.0-0", "fonts-dejavu-core"})
    result = _run(bin_dir, "demo")
    assert result.returncode == 1
    assert "sudo apt-get install -y --no-install-recommends libpangoft2-1.0-0" in result.stderr
    assert not (tmp_path / "apt-calls").exists()


def test_as_root_it_installs_only_what_is_missing(tmp_path):
    bin_dir = _fake_bin(tmp_path, uid=0, installed={"libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"})
    result = _run(bin_dir, "test")
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "apt-calls").read_text().splitlines()
    assert calls[0].endswith("update")
    installed = calls[2].split("--no-install-recommends")[1].split()
    assert installed == ["chromium", "clamav-daemon", "redis-server", "nginx", "postgresql-client"]
    # No service starts while the packages install (policy-rc.d refuses), and the refusal is lifted after.
    assert calls[3] == "policy-refuses-starts"
    assert not (tmp_path / "policy-rc.d").exists()


def test_nothing_missing_means_nothing_to_do(tmp_path):
    bin_dir = _fake_bin(tmp_path, uid=1000, installed={"libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"})
    result = _run(bin_dir, "demo")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_an_unknown_group_is_refused(tmp_path):
    result = _run(_fake_bin(tmp_path, uid=0, installed=set()), "production")
    assert result.returncode == 2
    assert "usage" in result.stderr


@pytest.mark.parametrize("caller", [".ci/run", "Makefile"])
def test_ci_and_make_use_the_script(caller):
    assert "scripts/system-packages.sh" in (SCRIPT.parents[1] / caller).read_text()
