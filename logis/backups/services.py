"""Backups of the platform: the database (SQLite or PostgreSQL) and the applicants' documents (file system or S3).

A backup is one directory:
    manifest.json        when, which database engine, and every document with its size and SHA-256
    database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API (no lock on the site)
    database.dump        PostgreSQL: `pg_dump --format=custom` (restored with `pg_restore`)
    documents/<name>     every file of the documents storage, under its storage name

The backup holds every sensitive document of the platform: keep it encrypted and with the same access rules as the
production data (README, "Backups"). Restoring never overwrites a database that holds data, nor a document,
unless asked to (`replace`).
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import environ
import psycopg
from django.conf import settings
from django.core.files.base import File
from django.db import connections
from django.utils import timezone

from logis.core.text import plural
from logis.documents.storage import document_storage

FORMAT = 1
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or the restore cannot be done; the message says why and what to do."""


@dataclass
class Report:
    path: Path
    engine: str
    documents: int = 0
    skipped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.path} : base de données {self.engine}, {plural(self.documents, 'document')}"
        if self.skipped:
            kept = plural(
                len(self.skipped),
                "document déjà présent laissé tel quel",
                "documents déjà présents laissés tels quels",
            )
            text += f", {kept}"
        return text + "."


def _engine(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Moteur de base de données non pris en charge par la sauvegarde : {engine}.")


def _pg_env(database: dict) -> dict:
    """The libpq variables for pg_dump and pg_restore (the password never on a command line)."""
    env = {**os.environ}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _run(command: list[str], *, env: dict) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(
            f"{command[0]} est introuvable : installez le client PostgreSQL (scripts/system-packages.sh test)."
        )
    result = subprocess.run([tool, *command[1:]], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()[-1000:]}")


def _walk(storage, path: str = ""):
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}" if path else directory)


def _copy(source, target) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def backup_create(destination: Path, *, now: dt.datetime | None = None) -> Report:
    """Write a new backup directory under `destination` and return its report."""
    now = now or timezone.now()
    database = settings.DATABASES["default"]
    engine = _engine(database)
    if connections["default"].in_atomic_block:
        # SQLite's online backup would wait forever for the open transaction; pg_dump would not see its writes.
        raise BackupError("La sauvegarde se lance hors de toute transaction (manage.py backup, make backup).")
    path = Path(destination) / f"logis-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    if path.exists():
        raise BackupError(f"{path} existe déjà : attendez une seconde ou choisissez un autre dossier.")
    (path / "documents").mkdir(parents=True)
    path.chmod(0o700)
    if engine == "sqlite":
        name = str(database["NAME"])
        if not (name.startswith("file:") or name == ":memory:" or Path(name).is_file()):
            raise BackupError(f"La base {name} n'existe pas : rien à sauvegarder (lancez d'abord make demo).")
        connection = connections["default"]
        connection.ensure_connection()
        with sqlite3.connect(path / "database.sqlite3") as target:
            connection.connection.backup(target)
        target.close()
    else:
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(path / "database.dump"), database["NAME"]],
            env=_pg_env(database),
        )
    storage = document_storage()
    documents = {}
    for name in sorted(_walk(storage)):
        target = path / "documents" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as out:
            documents[name] = {"sha256": _copy(source, out), "size": out.tell()}
    manifest = {"format": FORMAT, "created_at": now.isoformat(), "database": engine, "documents": documents}
    (path / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return Report(path, engine, len(documents))


def _manifest(path: Path) -> dict:
    try:
        manifest = json.loads((path / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} n'est pas une sauvegarde de Logis (manifest.json illisible : {error}).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')!r}.")
    for name, meta in manifest["documents"].items():
        file_path = path / "documents" / name
        if not file_path.is_file() or hashlib.sha256(file_path.read_bytes()).hexdigest() != meta["sha256"]:
            raise BackupError(f"Sauvegarde incomplète ou altérée : le document {name} manque ou diffère.")
    return manifest


def _sqlite_restore(path: Path, database: dict, *, replace: bool) -> None:
    target = Path(database["NAME"])
    if target.exists() and target.stat().st_size and not replace:
        raise BackupError(f"La base {target} existe déjà : restaurez dans une nouvelle base, ou ajoutez --replace.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path / "database.sqlite3") as source, sqlite3.connect(target) as out:
        source.backup(out)
    source.close()
    out.close()


def _pg_restore(path: Path, database: dict, *, replace: bool) -> None:
    params = {
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    params = {key: value for key, value in params.items() if value}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{database["NAME"].replace(chr(34), "")}"')
    if exists:
        with psycopg.connect(dbname=database["NAME"], **params) as target:
            used = target.execute("SELECT to_regclass('public.django_migrations')").fetchone()[0]
        if used and not replace:
            raise BackupError(
                f"La base {database['NAME']} contient déjà des données : restaurez dans une nouvelle base, ou "
                "ajoutez --replace."
            )
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", database["NAME"]]
    if exists and replace:
        command[1:1] = ["--clean", "--if-exists"]
    _run([*command, str(path / "database.dump")], env=_pg_env(database))


def backup_restore(path: Path, *, database_url: str | None = None, replace: bool = False) -> Report:
    """Restore the backup at `path` into the database of `database_url` (default: the configured one) and the
    configured documents storage. Checks the whole backup before it writes anything."""
    path = Path(path)
    manifest = _manifest(path)
    database = environ.Env.db_url_config(database_url) if database_url else settings.DATABASES["default"]
    engine = _engine(database)
    if engine != manifest["database"]:
        raise BackupError(
            f"Cette sauvegarde est celle d'une base {manifest['database']} : elle ne se restaure pas dans une base "
            f"{engine}."
        )
    if engine == "sqlite":
        _sqlite_restore(path, database, replace=replace)
    else:
        _pg_restore(path, database, replace=replace)
    storage = document_storage()
    report = Report(path, engine)
    for name in manifest["documents"]:
        if storage.exists(name):
            if not replace:
                report.skipped.append(name)
                continue
            storage.delete(name)
        with (path / "documents" / name).open("rb") as source:
            saved = storage.save(name, File(source, name=name))
        if saved != name:
            raise BackupError(f"Le stockage a enregistré {name} sous un autre nom ({saved}).")
        report.documents += 1
    return report
