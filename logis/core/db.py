"""Reads of read-only pages from a replica of PostgreSQL, when `DATABASE_REPLICA_URL` is set (ADR 0014).

- A view opts in with `@replica_reads` (pages that only read: Mes offres, an offer's page, the public ceilings).
- During such a view, on GET or HEAD, `ReplicaRouter` sends the reads of the platform's data to the alias
  "replica"; the accounts, sessions, multi-factor and audit tables always come from the primary (a person signed in
  a moment ago must not be signed out by the replica's lag), and every write goes to the primary ("default").
- Without `DATABASE_REPLICA_URL` there is no alias "replica" and nothing changes.
"""

import contextvars

from django.db import connections

REPLICA = "replica"
_replica_reads = contextvars.ContextVar("logis_replica_reads", default=False)
# Tables read from the primary whatever the page: who the person is, their session, their second factor, the log.
PRIMARY_ONLY_APPS = frozenset({"accounts", "account", "auth", "sessions", "mfa", "contenttypes", "audit", "api"})


def replica_reads(view):
    """Mark a read-only view: on GET and HEAD, its reads may come from the replica."""
    view.replica_reads = True
    return view


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Sets the flag for the views marked @replica_reads (GET and HEAD only), until their response is made."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = replica_configured()

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_reads_token", None)
            if token is not None:
                _replica_reads.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if self.enabled and request.method in {"GET", "HEAD"} and getattr(view_func, "replica_reads", False):
            request._replica_reads_token = _replica_reads.set(True)
