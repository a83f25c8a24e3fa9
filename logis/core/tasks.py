"""Tasks handed to the task queue once the transaction commits, the tasks of one transaction in one message.

Handing a task to the broker costs the web process about 0.45 ms of CPU (Celery builds the message, kombu a Redis
client per publish; the Redis command itself is 0.03 ms), measured on the mixed load of issue #13. A write that
queues several (« Je postule »: the applicant's e-mail from the outbox and the scoring of the new application;
« Les informations »: the scores of the demand) hands them over together: `enqueue_on_commit` collects the tasks
queued by the transaction and, at the commit, sends the only one as it is, or several as one `core.run_tasks`
message, which the worker runs one after the other, each on its own (a failure is logged, the others still run).

Every task queued this way is a hint that something is due (an outbox message to send, scores to compute, a
webhook to deliver): each has a periodic job or a read that catches up when the broker is down, so a broker that is
down is logged, never raised. The same task with the same arguments queued twice by one transaction leaves once.
"""

import logging

from celery import current_app, shared_task
from django.db import transaction

from logis.core.transactions import Mark

logger = logging.getLogger(__name__)

_BATCHES = "_logis_task_batches"  # the connection's attribute: the batches of the transaction in progress


class _Batch:
    def __init__(self):
        self.jobs: list[tuple] = []  # (task, args, kwargs)
        self.mark = Mark(then=self.send)

    def add(self, task, args: tuple, kwargs: dict) -> None:
        if all((t.name, a, k) != (task.name, args, kwargs) for t, a, k in self.jobs):
            self.jobs.append((task, args, kwargs))

    def send(self) -> None:
        send(self.jobs)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Hand `task(*args, **kwargs)` to the task queue once the current transaction commits (at once outside one),
    with the other tasks the transaction queued. A task queued in a savepoint that is rolled back does not leave:
    a task joins a batch only where they would be rolled back together (a task queued in a savepoint starts a batch
    of its own, merged into the outer one once the savepoint is released and the code queues there again)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        send([(task, args, kwargs)])
        return
    batches = [batch for batch in getattr(connection, _BATCHES, ()) if batch.mark.holds()]
    covering = [batch for batch in batches if batch.mark.covers_here()]
    if covering:
        batch = covering[0]
        for other in covering[1:]:  # savepoints released since: one batch again
            for job in other.jobs:
                batch.add(*job)
            other.jobs = []
            batches.remove(other)
    else:
        batch = _Batch()
        batches.append(batch)
    setattr(connection, _BATCHES, batches)
    batch.add(task, args, kwargs)


def send(jobs: list[tuple]) -> None:
    """Hand `jobs` [(task, args, kwargs)] to the broker in one message; a broker that is down is logged."""
    if not jobs:
        return
    try:
        if len(jobs) == 1:
            task, args, kwargs = jobs[0]
            task.delay(*args, **kwargs)
        else:
            run_tasks.delay([[task.name, list(args), kwargs] for task, args, kwargs in jobs])
    except Exception:  # the broker is unreachable: each task's periodic job or read catches up
        logger.warning(
            "tasks not handed to the task queue (%s): their periodic jobs catch up",
            ", ".join(task.name for task, _args, _kwargs in jobs),
        )


@shared_task(name="core.run_tasks", ignore_result=True)
def run_tasks(jobs: list) -> int:
    """The tasks one transaction queued, run one after the other in the worker; returns how many succeeded."""
    succeeded = 0
    for name, args, kwargs in jobs:
        try:
            current_app.tasks[name](*args, **kwargs)
        except Exception:  # each task on its own: the others still run, and their periodic jobs catch up
            logger.exception("core.run_tasks: the task %s failed", name)
        else:
            succeeded += 1
    return succeeded
