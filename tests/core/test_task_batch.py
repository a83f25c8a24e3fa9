"""The tasks one transaction queues leave in one message to the broker, after the commit (logis.core.tasks)."""

import logging

import pytest
from django.db import transaction

from logis.api.tasks import deliver_webhook
from logis.core import tasks
from logis.core.tasks import enqueue_on_commit, run_tasks
from logis.notifications.tasks import send_outbox_message
from logis.scoring.tasks import refresh_ranking_scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(monkeypatch):
    """What reaches the broker: one entry per message, (task name, args, kwargs)."""
    sent = []
    for task in (send_outbox_message, refresh_ranking_scores, deliver_webhook, run_tasks):
        monkeypatch.setattr(
            task, "delay", lambda *args, name=task.name, **kwargs: sent.append((name, list(args), kwargs))
        )
    return sent


def test_the_tasks_of_a_transaction_leave_together_once_it_commits(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(send_outbox_message, 41)
        with transaction.atomic():  # a savepoint kept: its task joins
            enqueue_on_commit(refresh_ranking_scores, applications=[7])
        enqueue_on_commit(send_outbox_message, 41)  # the same again leaves once
        assert broker == []  # nothing before the commit
    jobs = [
        ["notifications.send_outbox_message", [41], {}],
        ["scoring.refresh_ranking_scores", [], {"applications": [7]}],
    ]
    assert broker == [("core.run_tasks", [jobs], {})]


def test_a_task_alone_leaves_as_it_is(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(deliver_webhook, 3)
    assert broker == [("api.deliver_webhook", [3], {})]


def test_a_task_queued_in_a_savepoint_rolled_back_does_not_leave(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(send_outbox_message, 1)
        try:
            with transaction.atomic():
                enqueue_on_commit(send_outbox_message, 2)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        enqueue_on_commit(send_outbox_message, 3)
    sent = [args for _name, args, _kwargs in broker]
    assert sent == [[[["notifications.send_outbox_message", [1], {}], ["notifications.send_outbox_message", [3], {}]]]]


def test_a_rolled_back_transaction_sends_nothing(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                enqueue_on_commit(send_outbox_message, 1)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert broker == []


def test_a_broker_that_is_down_is_logged_not_raised(monkeypatch, caplog, django_capture_on_commit_callbacks):
    def down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(run_tasks, "delay", down)
    with (
        caplog.at_level(logging.WARNING, logger="logis.core.tasks"),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        enqueue_on_commit(send_outbox_message, 1)
        enqueue_on_commit(deliver_webhook, 2)
    assert "notifications.send_outbox_message, api.deliver_webhook" in caplog.text


def test_the_worker_runs_each_task_of_the_message_on_its_own(monkeypatch, caplog):
    ran = []
    monkeypatch.setattr(tasks.current_app.tasks["api.deliver_webhook"], "run", lambda pk: ran.append(pk))

    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(tasks.current_app.tasks["notifications.send_outbox_message"], "run", broken)
    jobs = [["notifications.send_outbox_message", [1], {}], ["api.deliver_webhook", [2], {}]]
    with caplog.at_level(logging.ERROR, logger="logis.core.tasks"):
        assert run_tasks(jobs) == 1
    assert ran == [2]
    assert "notifications.send_outbox_message failed" in caplog.text
