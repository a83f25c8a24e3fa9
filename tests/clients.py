"""A test client whose requests commit, as in production: what a request schedules after commit runs when it ends.

pytest-django wraps each test in a transaction that is never committed, so the on_commit callbacks of a request
(the outbox's hand-over to the task queue, which runs eagerly in the tests) would never run with Django's client.
"""

from django.test import Client, TestCase


class CommittingClient(Client):
    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)
