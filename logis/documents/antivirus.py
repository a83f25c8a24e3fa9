"""The antivirus scanner behind the upload checks: clamd in production and CI, the built-in test alone in the demo.

ANTIVIRUS_BACKEND chooses it (config/settings.py): "builtin" (no scanner beyond the EICAR test string that
logis.documents.validation always refuses) or "clamd" (the ClamAV daemon of Debian's clamav-daemon, reached on
CLAMD_ADDRESS: a Unix socket path, or host:port for TCP).

The client speaks clamd's INSTREAM command (clamd(8)): the bytes are sent in length-prefixed chunks, so nothing
is written to a disk clamd reads, and the file never has to exist outside the private storage. It is a few lines
of a documented protocol; the Python clients on PyPI scan paths or bring a configuration layer this does not need.

A scanner that cannot be reached raises ScannerUnavailable: the caller puts the upload in quarantine (it waits to
be scanned by `manage.py scan_quarantine`), it never accepts it unscanned.
"""

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

_CHUNK = 256 * 1024


class ScannerUnavailable(Exception):
    """The scanner could not give a verdict (down, unreachable, timed out, answered an error)."""


@dataclass(frozen=True)
class Verdict:
    infected: bool
    signature: str = ""


class ClamdScanner:
    name = "clamd"

    def __init__(self, address: str, *, timeout: float = 30.0):
        self.address = address
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"ClamdScanner({self.address!r})"

    def _connect(self) -> socket.socket:
        try:
            if "/" in self.address:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(self.timeout)
                sock.connect(self.address)
            else:
                host, _, port = self.address.rpartition(":")
                sock = socket.create_connection((host or "127.0.0.1", int(port)), timeout=self.timeout)
                sock.settimeout(self.timeout)
        except (OSError, ValueError) as error:
            raise ScannerUnavailable(f"clamd unreachable at {self.address}: {error}") from error
        return sock

    @staticmethod
    def _reply(sock: socket.socket) -> str:
        chunks = []
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                break
            chunks.append(chunk)
            if chunk.endswith(b"\0"):
                break
        return b"".join(chunks).rstrip(b"\0").decode("utf-8", "replace").strip()

    def ping(self) -> bool:
        try:
            with self._connect() as sock:
                sock.sendall(b"zPING\0")
                return self._reply(sock) == "PONG"
        except (OSError, ScannerUnavailable):
            return False

    def scan(self, data: bytes) -> Verdict:
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                view = memoryview(data)
                for start in range(0, len(view), _CHUNK):
                    chunk = view[start : start + _CHUNK]
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = self._reply(sock)
        except OSError as error:
            raise ScannerUnavailable(f"clamd at {self.address} failed during the scan: {error}") from error
        # "stream: OK", "stream: <signature> FOUND", or "<message> ERROR" (size limit, database, ...).
        if reply.endswith(" FOUND"):
            return Verdict(True, reply.removeprefix("stream:").removesuffix("FOUND").strip())
        if reply == "stream: OK":
            return Verdict(False)
        raise ScannerUnavailable(f"clamd at {self.address} answered {reply[:200]!r}")


def configured_scanner() -> ClamdScanner | None:
    """The scanner of ANTIVIRUS_BACKEND, or None for the built-in test alone."""
    backend = settings.ANTIVIRUS_BACKEND
    if backend == "builtin":
        return None
    if backend == "clamd":
        return ClamdScanner(settings.CLAMD_ADDRESS, timeout=settings.CLAMD_TIMEOUT)
    raise ValueError(f"ANTIVIRUS_BACKEND must be 'builtin' or 'clamd', not {backend!r}")
