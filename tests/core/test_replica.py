"""Two connection aliases: with DATABASE_REPLICA_URL set, the read-only pages read from the replica, the rest and
every write from the primary. Run in a subprocess on two SQLite files standing for the primary and its replica
(the same offer differs between them, so each page shows which database it read)."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.db import connections
    from django.test import Client
    from tests.factories import OfferFactory, UserFactory

    primary = OfferFactory(title="LU SUR LE PRIMAIRE", reference="R-1")
    landlord, commune = primary.landlord, primary.commune
    for obj in (commune, landlord):
        obj.save(using="replica")
    copy = primary
    copy.title = "LU SUR LA REPLIQUE"
    copy.save(using="replica")
    user = UserFactory(email="lecteur@exemple.fr")
    client = Client()
    client.force_login(user)
    page = client.get(f"/offres/{primary.pk}/").content.decode()
    ceilings = client.get("/plafonds-de-ressources/").status_code
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_session")
        sessions_on_replica = cursor.fetchone()[0]
    print(json.dumps({
        "detail_from_replica": "LU SUR LA REPLIQUE" in page,
        "detail_from_primary": "LU SUR LE PRIMAIRE" in page,
        "ceilings": ceilings,
        "sessions_on_replica": sessions_on_replica,
    }))
    """
)


@pytest.mark.skipif(os.environ.get("LOGIS_SKIP_SUBPROCESS_DB"), reason="no subprocess databases")
def test_read_only_pages_read_the_replica_and_writes_go_to_the_primary(tmp_path):
    root = Path(settings.BASE_DIR)
    env = dict(os.environ)
    env.update(
        SECRET_KEY="replica-test",
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        PASSWORD_HASHERS="django.contrib.auth.hashers.MD5PasswordHasher",
        CELERY_TASK_ALWAYS_EAGER="true",
        CACHE_URL="locmemcache://",
        PYTHONPATH=str(root),
    )
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    for path in (primary, replica):  # the replica has the primary's schema (streaming replication would copy it)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"],
            cwd=root,
            env={**env, "DATABASE_URL": f"sqlite:///{path}"},
            check=True,
        )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=root,
        env={**env, "DATABASE_URL": f"sqlite:///{primary}", "DATABASE_REPLICA_URL": f"sqlite:///{replica}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["detail_from_replica"]
    assert not seen["detail_from_primary"]
    assert seen["ceilings"] == 200
    assert seen["sessions_on_replica"] == 0  # the session was written to, and read from, the primary
