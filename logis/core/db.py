"""Reads of read-only pages from a replica of PostgreSQL, when `DATABASE_REPLICA_URL` is set (ADR 0014).

- A view opts in with `@replica_reads` (pages that only read: Mes offres, an offer's page, the public ceilings).
- During such a view, on GET or HEAD, `ReplicaRouter` sends the reads of the platform's data to the alias
  "replica"; the accounts, sessions, multi-factor and audit tables always come from the primary (a person signed in
  a moment ago must not be signed out by the replica's lag), and every write goes to the primary ("default").
- Without `DATABASE_REPLICA_URL` there is no alias "replica" and nothing changes.
"""

import contextvars
import weakref

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models.query import get_related_populators

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


class CompiledRows:
    """A read of rows (a `values_list` QuerySet of `model`) whose SQL is compiled once per process and database
    connection, then run with new values: for the small reads a page makes on every view, where the ORM costs more
    to build the query than PostgreSQL to run it.

    `build(*args)` returns the QuerySet; it is called once per connection with placeholders in place of the
    arguments, of the `kinds` given (`int` or `str`, one per argument): an argument that does not reach the SQL's
    parameters as it was given (a lookup that transforms it, a list) is refused when the query is compiled. The
    router chooses the alias at every call, as it does for a QuerySet, and the rows get the converters the ORM
    would apply (dates and JSON on SQLite, for instance)."""

    def __init__(self, model, build, *kinds: type):
        self.model = model
        self.build = build
        self.kinds = kinds
        self._compiled = weakref.WeakKeyDictionary()  # {connection: (sql, params, positions, compiler, converters)}

    def _compile(self, connection, alias: str):
        # Values no page passes: a negative id, a string with NUL bytes.
        placeholders = [
            -(7_919_000_000_000 + index) if kind is int else f"\x00logis-compiled-{index}\x00"
            for index, kind in enumerate(self.kinds)
        ]
        queryset = self.build(*placeholders)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("CompiledRows: a prefetch or related objects known beforehand are not compiled")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        positions = [
            (position, placeholders.index(value))
            for position, value in enumerate(params)
            if isinstance(value, int | str) and value in placeholders
        ]
        if sorted({index for _position, index in positions}) != list(range(len(placeholders))):
            raise ValueError("CompiledRows: every argument must reach the SQL as it was given")
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        self._compiled[connection] = compiled = (sql, tuple(params), positions, compiler, converters)
        return compiled

    def _read(self, args):
        alias = router.db_for_read(self.model) or DEFAULT_DB_ALIAS
        connection = connections[alias]
        compiled = self._compiled.get(connection) or self._compile(connection, alias)
        sql, template, positions, compiler, converters = compiled
        params = list(template)
        for position, index in positions:
            params[position] = args[index]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return alias, compiler, rows

    def rows(self, *args) -> list[tuple]:
        """The rows of a `values_list` QuerySet, as tuples."""
        return self._read(args)[2]

    def instances(self, *args) -> list:
        """The model instances of a QuerySet of instances (with its `select_related`, not its `prefetch_related`),
        made as Django's ModelIterable makes them from the compiled query's columns."""
        alias, compiler, rows = self._read(args)
        if not rows:
            return []
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, alias)
        found = []
        for row in rows:
            instance = klass_info["model"].from_db(alias, names, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in compiler.annotation_col_map.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found
