"""Reads that may come from the database's read replica (D121).

The exports and the reports read a great deal and write little; on a deployment with a
streaming replica (DATABASE_REPLICA_URL) they read from it, so that a county's whole-ledger
export does not load the primary. Everything else reads from the primary, which is always
up to date: a replica lags by a moment, which a report can bear and a form cannot.

    with reading_from_replica():
        write_ledger(out, projects)

The router (pengshui.routers.ReplicaRouter) reads the flag set here; writes always go to the
primary, inside the block too. Without a replica the block changes nothing."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

_reading: ContextVar[bool] = ContextVar("reading_from_replica", default=False)

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads inside the block go to the replica, when one is configured."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(func: Callable[P, R]) -> Callable[P, R]:
    """The decorator form: the whole function reads from the replica. Only for a function that
    returns its result whole (a view's response, not a generator streamed afterwards)."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with reading_from_replica():
            return func(*args, **kwargs)

    return wrapper


def replica_requested() -> bool:
    return _reading.get()
