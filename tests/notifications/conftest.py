import pytest

from config.celery import app as celery_app
from tests.support.services import RedisServer, require_postgresql


@pytest.fixture
def client():
    """E-mails leave through the outbox once the request commits."""
    from tests.clients import CommittingClient

    return CommittingClient()


@pytest.fixture
def broker(tmp_path, transactional_db):
    """A private Redis as the broker of this process's tasks (no longer eager), for a real worker to consume."""
    require_postgresql()
    redis = RedisServer(tmp_path / "redis").start()
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = f"{redis.url}/0", False
    celery_app.amqp._producer_pool = None
    celery_app._pool = None
    yield redis
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app.amqp._producer_pool = None
    celery_app._pool = None
    redis.stop()
