"""deploy/: the nginx site passes `nginx -t` (Debian's nginx); the systemd units run what exists."""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "logis.conf"
UNITS = ROOT / "deploy" / "systemd"


@pytest.fixture
def certificate(tmp_path):
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=logis.example.org",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def test_the_nginx_site_passes_nginx_t(tmp_path, certificate):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx is not installed (.ci/run installs Debian's)")
    cert, key = certificate
    site = SITE.read_text()
    site = site.replace("/etc/letsencrypt/live/logis.example.org/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/logis.example.org/privkey.pem", str(key))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include /etc/nginx/mime.types;\n{site}\n}}\n"
    )

    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_the_nginx_site_never_serves_the_private_documents():
    site = SITE.read_text()

    assert "client_max_body_size" in site
    assert "proxy_read_timeout" in site
    assert "alias /srv/logis/var/staticfiles/;" in site
    # No location serves MEDIA_ROOT (var/private): the documents leave only through Logis' checked view.
    assert "var/private" not in re.sub(r"#.*", "", site)
    assert re.search(r"location ~\* \^/\(media\|private\|var\)/ \{\s*return 404;", site)


@pytest.mark.parametrize("name", ["logis-web", "logis-worker", "logis-scheduler"])
def test_each_systemd_unit_runs_a_command_of_the_virtualenv(name):
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(UNITS / f"{name}.service")

    command = unit["Service"]["ExecStart"].split()
    program = Path(command[0])
    assert program.parts[:3] == ("/", "srv", "logis")
    assert (ROOT / ".venv" / "bin" / program.name).exists()
    assert unit["Service"]["EnvironmentFile"] == "/etc/logis/logis.env"
    assert unit["Service"]["Restart"] == "always"
    if "--config" in command:
        assert (ROOT / command[command.index("--config") + 1]).exists()
