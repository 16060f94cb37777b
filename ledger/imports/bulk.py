"""Writing many projects at once, with their history rows, for the commit of an import.

`insert` is `bulk_create` without the ORM's per-value preparation on PostgreSQL: the
ids are taken from the table's sequence, and the values (str, bool, int, Decimal, date
and datetime) sent as they are, with COPY. Elsewhere (SQLite in the tests) it is
`bulk_create`. `update` is `bulk_update` the same way: one UPDATE … FROM (VALUES …) per
batch, where `bulk_update` writes a CASE WHEN of every row for every field. `history`
writes the django-simple-history rows a save writes: the values after the change, who
made it, when, why, and whether the record was new (+) or changed (~); on PostgreSQL the
database copies the values from the rows just written, none goes through Python."""

import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connections, models

from ledger.models import Project

BATCH_SIZE = 1000


def insert(model: type[models.Model], objs: Sequence[models.Model], batch_size: int = BATCH_SIZE) -> None:
    """Insert `objs` (new, unsaved) and set their primary keys."""
    manager = model._default_manager
    connection = connections[manager.db]
    if connection.vendor != "postgresql" or not objs:
        manager.bulk_create(objs, batch_size=batch_size)
        return
    # A generated column (the stored investment total, D125) is the database's to write.
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not getattr(f, "generated", False)]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    attnames = [f.attname for f in fields]
    for start in range(0, len(objs), batch_size):
        chunk = objs[start : start + batch_size]
        for obj in chunk:
            for f in stamped:
                f.pre_save(obj, add=True)
        ids = insert_rows(model, attnames, [tuple(getattr(obj, name) for name in attnames) for obj in chunk])
        for obj, pk in zip(chunk, ids, strict=True):
            obj.pk = pk
            obj._state.adding, obj._state.db = False, connection.alias


def update(model: type[models.Model], objs: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write the fields named (by name) of `objs` (saved before) to the database."""
    manager = model._default_manager
    connection = connections[manager.db]
    if connection.vendor != "postgresql" or not objs:
        manager.bulk_update(objs, list(fields), batch_size=BATCH_SIZE)
        return
    from psycopg2.extras import execute_values  # type: ignore[import-untyped]

    meta = model._meta
    assert meta.pk is not None
    by_name = {f.name: f for f in meta.concrete_fields}
    written = [by_name[name] for name in fields]
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    columns = [meta.pk, *written]
    names = ", ".join(qn(f.column) for f in columns)
    sets = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in written)
    pk = qn(meta.pk.column)
    sql = f"UPDATE {table} SET {sets} FROM (VALUES %s) AS v({names}) WHERE {table}.{pk} = v.{pk}"
    # the values typed as their columns, without a length or a precision (a VALUES list
    # types a bare parameter as text; a cast to varchar(n) or numeric(p, s) would cut or round)
    # (a foreign key's type is its target's)
    types = [re.sub(r"\(.*\)", "", f.db_type(connection) or "") for f in columns]
    template = "(" + ", ".join(f"%s::{t}" for t in types) + ")"
    attnames = [f.attname for f in columns]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH_SIZE):
            chunk = objs[start : start + BATCH_SIZE]
            rows = [tuple(getattr(obj, name) for name in attnames) for obj in chunk]
            execute_values(cursor.cursor, sql, rows, template=template, page_size=len(rows))


# COPY's text format: \N for NULL, t and f, and four characters escaped in a text.
_ESCAPED = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_AS_TEXT = (int, Decimal, date)  # types whose str() PostgreSQL reads back as the same value


def _copy_text(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_ESCAPED)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, _AS_TEXT):
        return str(value)
    raise TypeError(f"no COPY text for {type(value).__name__}")


def insert_rows(model: type[models.Model], attnames: list[str], rows: list[tuple]) -> list[Any]:
    """Insert rows of values for the fields `attnames` (PostgreSQL); returns their ids, in
    the order of the rows. The ids are taken from the table's sequence first, and the rows
    sent with COPY, which PostgreSQL reads without parsing a statement of every value."""
    connection = connections[model._default_manager.db]
    qn = connection.ops.quote_name
    meta = model._meta
    assert meta.pk is not None
    column = {f.attname: f.column for f in meta.concrete_fields}
    columns = ", ".join(qn(column[name]) for name in [meta.pk.attname, *attnames])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        text = io.StringIO()
        for pk, row in zip(ids, rows, strict=True):
            text.write(str(pk))
            for value in row:
                text.write("\t")
                text.write(_copy_text(value))
            text.write("\n")
        text.seek(0)
        cursor.cursor.copy_expert(f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN", text)
    return ids


HISTORY_HEAD = ["history_date", "history_user_id", "history_change_reason", "history_type"]


def history(projects: Sequence[Project], *, changed: bool, when: datetime, default_user: Any = None) -> None:
    """The history rows of `projects` just written, as their save would write them: the
    values after the change, the user and reason each was given by Project.record_change,
    `when`, and + for a new record or ~ for a change."""
    model = Project.history.model
    tracked = [f.attname for f in model.tracked_fields]
    kind = "~" if changed else "+"
    if connections[model._default_manager.db].vendor != "postgresql":
        model._default_manager.bulk_create(
            [
                model(
                    history_date=when,
                    history_user=getattr(p, "_history_user", default_user),
                    history_change_reason=getattr(p, "_change_reason", "") or "",
                    history_type=kind,
                    **{name: getattr(p, name) for name in tracked},
                )
                for p in projects
            ],
            batch_size=BATCH_SIZE,
        )
        return

    # On PostgreSQL the values are those just written, read back by the database itself: one
    # INSERT … SELECT per user and reason (an import has one of each), in the order given.
    connection = connections[model._default_manager.db]
    qn = connection.ops.quote_name
    groups: dict[tuple[Any, str], list[int]] = {}
    for p in projects:
        user = getattr(p, "_history_user", default_user)
        key = (user.pk if user is not None else None, getattr(p, "_change_reason", "") or "")
        groups.setdefault(key, []).append(p.pk)
    history_columns = {f.attname: f.column for f in model._meta.concrete_fields}
    head = ", ".join(qn(history_columns[name]) for name in HISTORY_HEAD)
    columns = {f.attname: f.column for f in Project._meta.concrete_fields}
    written = ", ".join(qn(history_columns[name]) for name in tracked)
    read = ", ".join(f"p.{qn(columns[name])}" for name in tracked)
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({head}, {written}) "
        f"SELECT %s, %s, %s, %s, {read} FROM unnest(%s::bigint[]) WITH ORDINALITY AS u(id, n) "
        f"JOIN {qn(Project._meta.db_table)} p ON p.{qn(columns['id'])} = u.id ORDER BY u.n"
    )
    with connection.cursor() as cursor:
        for (user_id, reason), ids in groups.items():
            for start in range(0, len(ids), BATCH_SIZE * 10):
                cursor.execute(sql, [when, user_id, reason, kind, ids[start : start + BATCH_SIZE * 10]])
