"""Access to the versioned reference files of `logis/rules/data/` (TOML, read with the standard library)."""

import functools
import hashlib
import re
import tomllib
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class RulesDataError(ValueError):
    """A reference file is missing or malformed."""


@functools.cache
def read_toml(name: str) -> dict:
    """The parsed content of `logis/rules/data/<name>` (cached: the files are read-only data)."""
    path = DATA_DIR / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise RulesDataError(f"Fichier de référence absent : {path}") from error
    except tomllib.TOMLDecodeError as error:
        raise RulesDataError(f"Fichier de référence illisible : {path} ({error})") from error


def yearly_files(prefix: str) -> dict[int, str]:
    """{year: file name} of the files named `<prefix>_<year>.toml`."""
    pattern = re.compile(rf"^{re.escape(prefix)}_(\d{{4}})\.toml$")
    found = {}
    for path in DATA_DIR.glob(f"{prefix}_*.toml"):
        match = pattern.match(path.name)
        if match:
            found[int(match.group(1))] = path.name
    return dict(sorted(found.items()))


@functools.cache
def data_digest() -> str:
    """A digest of every reference file (names and contents), computed once per process: what a result derived from
    the rules and stored (a ranking's verdicts) was computed with, so that a new file makes it outdated."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
