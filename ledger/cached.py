"""Figures over every project, kept in the cache under the version of the projects' data
(D148): the municipal office's per-county counts are one aggregate over every project of
every county, linear in their number, and they change only when a project does.

The version is the largest id of the projects' history table: every create, change and
delete of a project writes a history row (a save, a deletion, the import's bulk paths in
ledger.imports.bulk, the demo's bulk_create_with_history), so the version moves with
every change, and a cached figure is read under the key of the data it was computed from.

    counts = cached_by_project_version("municipal-counts", lambda: dict(...), query=qs)

On PostgreSQL the ids come from a sequence and transactions commit out of their order: a
transaction holding a lower id, still open when the version is read, commits later without
raising the largest id. The version is therefore read with the transactions in progress,
and the figures are stored only when no other transaction of this database holds an
xid (one that has written); otherwise they are computed and not stored. SQLite has one
writer at a time: the version alone is enough. The version is read before the figures are
computed, so a figure may be newer than its key — harmless: the next reader's key differs.

The figures are stored once the transaction reading them commits (at once outside one):
a transaction that wrote and is rolled back stores nothing (on SQLite a rolled-back id is
given out again)."""

from collections.abc import Callable
from hashlib import sha1
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connections, router, transaction
from django.db.models import QuerySet

from ledger.models import Project

T = TypeVar("T")

# A net for changes that write no history row (the demo's weekly `.update()`, data
# migrations, a restore): no figure outlives five minutes.
TIMEOUT = 300

# Whether another transaction holds an xid (has written or locked rows and not yet ended):
# each holds the lock of its xid until it ends. Not pg_snapshot_xip(pg_current_snapshot()):
# a snapshot lists only the xids below its xmax, one past the latest *completed* xid, and a
# transaction given its xid after that one ended is in progress without being listed. A
# holder known to be of another database of the same server does not count; one not found
# in pg_stat_activity (a prepared transaction) does. One query: the version is read in the
# statement's snapshot, the locks as it runs, after it. A standby (the read replica, D121)
# does not see the primary's transactions in progress: read there, nothing is stored.
_POSTGRESQL_VERSION = """
SELECT (SELECT max({pk}) FROM {table}),
       pg_is_in_recovery() OR EXISTS (SELECT 1 FROM pg_locks l
                WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted
                  AND l.pid IS DISTINCT FROM pg_backend_pid()
                  AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                                   WHERE a.pid = l.pid AND a.datname <> current_database()))
"""

# The SQL of each name's query, hashed once per process: a change of the code that counts
# (a class added, a column's rule changed) is a new key, also in a cache shared by servers
# that outlives a deploy.
_shapes: dict[str, str] = {}


def project_version(using: str) -> tuple[int, bool]:
    """(version, settled): the largest history id of the projects, and whether figures
    computed from now on may be stored under it (no other transaction in progress)."""
    model = Project.history.model
    connection = connections[using]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            pk = qn(model._meta.pk.column)
            cursor.execute(_POSTGRESQL_VERSION.format(pk=pk, table=qn(model._meta.db_table)))
            version, in_progress = cursor.fetchone()
            return version or 0, not in_progress
        cursor.execute(f"SELECT max({qn(model._meta.pk.column)}) FROM {qn(model._meta.db_table)}")
        return cursor.fetchone()[0] or 0, True


def _shape(name: str, query: QuerySet[Any] | None) -> str:
    if name not in _shapes:
        _shapes[name] = sha1(str(query.query).encode()).hexdigest()[:12] if query is not None else "-"
    return _shapes[name]


def cached_by_project_version(
    name: str, compute: Callable[[], T], *, query: QuerySet[Any] | None = None, timeout: int = TIMEOUT
) -> T:
    """`compute()` (which must depend on nothing but the projects and the code), from the
    cache when it holds the value for the current version of the projects' data, else
    computed and stored when that is safe. `query`, the queryset `compute` evaluates, puts
    its SQL in the key. One query (the version) besides `compute`'s."""
    using = router.db_for_read(Project)
    version, settled = project_version(using)
    # the database, so that two databases sharing one Redis (a staging copy, the replica) never
    # read each other's figures
    where = connections[using].settings_dict
    database = sha1(f"{where.get('HOST')}:{where.get('PORT')}/{where['NAME']}".encode()).hexdigest()[:8]
    key = f"project-version:{database}:{name}:{_shape(name, query)}:{version}"
    missing = object()
    found = cache.get(key, missing)
    if found is not missing:
        return found
    value = compute()
    if settled:
        transaction.on_commit(lambda: cache.set(key, value, timeout), using=using)
    return value
