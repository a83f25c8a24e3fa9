"""make backup / make restore: the database (SQLite or PostgreSQL, whichever the suite runs on) and the documents
(file system or S3), restored into a new database and a new storage, where the data is found again."""

import json
import sqlite3
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from logis.backups.services import BackupError, backup_create, backup_restore
from logis.documents.models import PieceFile
from logis.documents.services import Upload, piece_upload
from tests.documents import files
from tests.factories import DemandFactory

# A backup runs outside any transaction, as `manage.py backup` does (pg_dump reads from another process).
pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture
def new_database(tmp_path):
    """The URL of a database that does not exist yet (dropped after the test on PostgreSQL)."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db.get("PASSWORD") else f"{db['USER']}@"
    yield f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    params = {k: v for k, v in {"host": db["HOST"], "port": db["PORT"], "user": db["USER"]}.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, password=db.get("PASSWORD") or None, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _query(database_url: str, sql: str) -> list[tuple]:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute(sql).fetchall()
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as db:
        return db.execute(sql).fetchall()


def _file_with_pieces():
    demand = DemandFactory(with_information=True, owner__first_name="Camille", owner__email="camille@example.fr")
    piece_upload(
        demand=demand,
        kind="payslips",
        uploads=[Upload("mars.pdf", files.text_pdf("Bulletin de mars")), Upload("avril.png", files.png())],
        by=demand.owner,
    )
    return demand


def test_a_backup_restored_into_a_new_database_and_storage_holds_the_data(settings, tmp_path, new_database):
    demand = _file_with_pieces()
    stored = {f.storage_name: f for f in PieceFile.objects.all()}
    report = backup_create(tmp_path / "backups")
    assert report.documents == 2
    manifest = json.loads((report.path / "manifest.json").read_text())
    assert set(manifest["documents"]) == set(stored)

    settings.MEDIA_ROOT = tmp_path / "restored-media"  # a new, empty documents storage
    restored = backup_restore(report.path, database_url=new_database)
    assert restored.documents == 2

    users = _query(new_database, "SELECT id, email FROM accounts_user")
    assert (demand.owner_id, "camille@example.fr") in users
    rows = _query(new_database, "SELECT storage_name, sha256 FROM documents_piecefile ORDER BY position")
    assert sorted(rows) == sorted((name, f.sha256) for name, f in stored.items())
    for name, piece_file in stored.items():
        content = (Path(settings.MEDIA_ROOT) / "documents" / name).read_bytes()
        assert len(content) == piece_file.size
    migrations = _query(new_database, "SELECT count(*) FROM django_migrations")[0][0]
    assert migrations == connection.cursor().execute("SELECT count(*) FROM django_migrations").fetchone()[0]


def test_the_documents_of_a_bucket_are_backed_up_and_restored_into_another(
    settings, tmp_path, s3_server, new_database
):
    import boto3

    def use_bucket(bucket):
        client = boto3.client(
            "s3",
            endpoint_url=s3_server.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="k",
            aws_secret_access_key="s",
        )
        client.create_bucket(Bucket=bucket)
        settings.STORAGES = {
            **settings.STORAGES,
            "documents": {
                "BACKEND": "logis.documents.storage.PrivateS3DocumentStorage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": s3_server.endpoint_url,
                    "access_key": "k",
                    "secret_key": "s",
                },
            },
        }
        return client

    source = f"logis-{uuid.uuid4().hex[:10]}"
    use_bucket(source)
    _file_with_pieces()
    names = sorted(PieceFile.objects.values_list("storage_name", flat=True))
    report = backup_create(tmp_path)
    target = f"logis-{uuid.uuid4().hex[:10]}"
    client = use_bucket(target)
    assert backup_restore(report.path, database_url=new_database).documents == 2
    assert sorted(item["Key"] for item in client.list_objects_v2(Bucket=target)["Contents"]) == names
    body = client.get_object(Bucket=target, Key=names[0])["Body"].read()
    assert body == (report.path / "documents" / names[0]).read_bytes()


def test_a_restore_never_overwrites_a_database_that_holds_data_unless_replace(settings, tmp_path, new_database):
    _file_with_pieces()
    report = backup_create(tmp_path / "b")
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    backup_restore(report.path, database_url=new_database)
    with pytest.raises(BackupError, match="déjà"):
        backup_restore(report.path, database_url=new_database)
    again = backup_restore(report.path, database_url=new_database, replace=True)
    assert (again.documents, again.skipped) == (2, [])
    assert _query(new_database, "SELECT count(*) FROM documents_piecefile") == [(2,)]


def test_an_altered_backup_is_refused_before_anything_is_written(settings, tmp_path, new_database):
    _file_with_pieces()
    report = backup_create(tmp_path / "b")
    name = next(iter(json.loads((report.path / "manifest.json").read_text())["documents"]))
    (report.path / "documents" / name).write_bytes(b"tampered")
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with pytest.raises(BackupError, match=f"le document {name} manque ou diffère"):
        backup_restore(report.path, database_url=new_database)
    assert not (tmp_path / "restored-media").exists()
    if not ON_POSTGRES:
        assert not Path(new_database.removeprefix("sqlite:///")).exists()


def test_documents_already_in_the_storage_are_left_as_they_are(tmp_path, new_database):
    _file_with_pieces()
    report = backup_create(tmp_path / "b")
    kept = backup_restore(report.path, database_url=new_database)  # the same storage: the documents are there
    assert (kept.documents, len(kept.skipped)) == (0, 2)
    assert "2 documents déjà présents laissés tels quels" in str(kept)


def test_a_backup_inside_an_open_transaction_is_refused(tmp_path):
    with transaction.atomic(), pytest.raises(BackupError, match="hors de toute transaction"):
        backup_create(tmp_path)


def test_the_commands_report_in_french_and_refuse_a_directory_that_is_no_backup(tmp_path, capsys):
    _file_with_pieces()
    call_command("backup", to=tmp_path)
    out = capsys.readouterr().out
    assert "Sauvegarde écrite" in out
    assert "2 documents" in out
    with pytest.raises(CommandError, match="n'est pas une sauvegarde de Logis"):
        call_command("restore", str(tmp_path / "nowhere"))
