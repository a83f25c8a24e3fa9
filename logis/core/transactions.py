"""Marks of what the current transaction has done: whether it still holds when it is looked at again.

A use case sometimes needs to know, later in the same transaction, whether something it did earlier still stands:
a row it locked (then it need not read it again), rows it deleted (then it need not delete them twice), tasks it
queued for after the commit (then the next ones join them in one message: logis.core.tasks). What it did stands as
long as neither the transaction nor a savepoint it was done in has been rolled back, and the transaction has not
committed yet: exactly the life of a callback registered with `transaction.on_commit` at that moment (Django drops
the callbacks of a rolled-back savepoint, and runs or drops them all at the end of the transaction). A `Mark` is
such a callback.
"""

from django.db import transaction


def _waiting(connection, callback) -> set | None:
    """The savepoints under which `callback` waits for the commit; None when it no longer waits."""
    for sids, func, _robust in connection.run_on_commit:
        if func == callback:
            return sids
    return None


class Mark:
    """The point the current transaction has reached (take it right after the work it stands for)."""

    def __init__(self, using: str | None = None, *, then=None):
        """`then`: run at the commit of the transaction (not at all when the marked work is rolled back)."""
        self.using = using
        self.then = then
        self.done = False
        self.connection = transaction.get_connection(using)
        self.in_transaction = self.connection.in_atomic_block
        if self.in_transaction:
            transaction.on_commit(self._commit, using=using)

    def _commit(self) -> None:
        self.done = True
        if self.then is not None:
            self.then()

    def holds(self) -> bool:
        """Whether the work done before the mark is still part of the current, uncommitted transaction."""
        return self.in_transaction and not self.done and _waiting(self.connection, self._commit) is not None

    def covers_here(self) -> bool:
        """Whether it holds, and work done now would be kept or rolled back with it (no savepoint opened since the
        mark could be rolled back alone)."""
        if not self.in_transaction or self.done:
            return False
        sids = _waiting(self.connection, self._commit)
        return sids is not None and set(self.connection.savepoint_ids) <= sids
