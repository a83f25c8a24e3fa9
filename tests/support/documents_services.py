"""Private instances of the services the suite talks to for real: a clamd and an S3 server (moto), each started on
its own socket or free port under a temporary directory, never the machine's shared ones, and stopped after.

Use the session fixtures `clamd` and `s3_server` (tests/conftest.py). Both skip, saying what to install, when the
program is missing (`scripts/system-packages.sh test` installs clamav-daemon).
"""

import contextlib
import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

# The signatures of the private clamd: EICAR's test string (as the built-in check knows it) and one of Logis's own,
# which only clamd knows, so that a test can tell clamd's verdict from the built-in check.
TEST_SIGNATURE = b"LOGIS-TEST-MALWARE-SIGNATURE-7f3a"
_SIGNATURES = {
    "Logis.Test.Eicar": b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE",
    "Logis.Test.Signature": TEST_SIGNATURE,
}


def _die_with_the_tests() -> None:
    """In the child, before exec: SIGTERM when the test process dies (killed, Ctrl-C), so no clamd or S3 server
    outlives an interrupted run (Linux's PR_SET_PDEATHSIG; elsewhere the fixtures' teardown alone stops them)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(until, *, seconds: float, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start:\n{log.read_text(errors='replace')[-2000:]}")
        if until():
            return
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{what} did not start in {seconds} s:\n{log.read_text(errors='replace')[-2000:]}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Clamd:
    socket_path: str
    tcp_address: str
    process: subprocess.Popen


def start_clamd() -> Clamd:
    """A clamd on a local signature database (the real ones cannot be downloaded here), on a Unix socket and TCP."""
    binary = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
    if binary is None:
        pytest.skip("clamd is missing: scripts/system-packages.sh test installs clamav-daemon")
    root = Path(tempfile.mkdtemp(prefix="logis-clamd-"))
    database = root / "db"
    database.mkdir()
    # .ndb: name:target type (0 = any file):offset (* = anywhere):the bytes in hex (ClamAV signature format).
    (database / "logis-test.ndb").write_text(
        "".join(f"{name}:0:*:{content.hex()}\n" for name, content in _SIGNATURES.items())
    )
    port = free_port()
    config = root / "clamd.conf"
    config.write_text(
        f"LocalSocket {root / 'clamd.sock'}\nTCPSocket {port}\nTCPAddr 127.0.0.1\n"
        f"DatabaseDirectory {database}\nForeground yes\nLogFile {root / 'clamd.log'}\n"
        "StreamMaxLength 12M\nSelfCheck 0\n"
    )
    log = root / "clamd.log"
    log.touch()
    process = subprocess.Popen(  # noqa: S603
        [binary, "--config-file", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_the_tests,
    )
    from logis.documents.antivirus import ClamdScanner

    clamd = Clamd(str(root / "clamd.sock"), f"127.0.0.1:{port}", process)
    _wait(
        lambda: (
            ClamdScanner(clamd.socket_path, timeout=2).ping() and ClamdScanner(clamd.tcp_address, timeout=2).ping()
        ),
        seconds=60,
        what="clamd",
        process=process,
        log=log,
    )
    return clamd


def stop_clamd(clamd: Clamd) -> None:
    _stop(clamd.process)
    shutil.rmtree(Path(clamd.socket_path).parent, ignore_errors=True)


@dataclass
class S3Server:
    endpoint_url: str
    process: subprocess.Popen


def start_s3_server() -> S3Server:
    """moto in server mode (an S3-compatible HTTP server) on a free port of the loopback."""
    root = Path(tempfile.mkdtemp(prefix="logis-moto-"))
    port = free_port()
    log = root / "moto.log"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=root,
        preexec_fn=_die_with_the_tests,
    )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    _wait(answers, seconds=60, what="moto", process=process, log=log)
    return S3Server(f"http://127.0.0.1:{port}", process)


def stop_s3_server(server: S3Server) -> None:
    _stop(server.process)
