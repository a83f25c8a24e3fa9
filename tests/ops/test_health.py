"""/sante/ and /sante/pret/: JSON for the load balancer and the operator."""

import pytest
from django.core.files.storage import storages

from config.celery import app as celery_app
from tests.support.smtp import free_port


def test_alive_reads_nothing(client):
    # No django_db mark: a database access would fail the test.
    response = client.get("/sante/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_ready_checks_each_component_with_its_latency(client):
    response = client.get("/sante/pret/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "storage"}
    for check in body["checks"].values():
        assert check["status"] == "ok"
        assert check["latency_ms"] >= 0
    assert body["checks"]["broker"]["mode"] == "eager"  # the tests run tasks in the process


@pytest.mark.django_db
def test_ready_answers_503_and_names_the_broker_when_it_is_down(client):
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, f"redis://127.0.0.1:{free_port()}/0"
    try:
        response = client.get("/sante/pret/")
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"]["status"] == "error"
    assert checks["database"]["status"] == "ok"
    assert "127.0.0.1" not in response.content.decode()  # no address of the infrastructure


@pytest.mark.django_db
def test_ready_answers_503_when_the_storage_fails(client, monkeypatch):
    storage = storages["documents"]

    def broken(name):
        raise OSError("disk gone")

    monkeypatch.setattr(storage, "exists", broken)

    response = client.get("/sante/pret/")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == {
        "status": "error",
        "latency_ms": response.json()["checks"]["storage"]["latency_ms"],
        "error": "OSError",
    }
