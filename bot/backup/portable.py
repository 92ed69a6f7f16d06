"""The portable export: every table as JSON lines, from any database into any other.

One JSON object a line, `{"table": ..., "row": {column: value}}`, grouped per table in the
order the foreign keys need (a hotel before its guests), ids included. Values are written as
the models read them (aware datetimes as ISO 8601 with their offset, JSON as JSON, enums as
their value), so SQLite's text and PostgreSQL's native types meet in one form, and written back
in each database's own form. Rows are read in batches by id, one transaction (a snapshot) for
the whole export; the import is one transaction too, so a refused file changes nothing.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import datetime
from enum import Enum
from typing import Any, TextIO

from tortoise import connections, fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.transactions import in_transaction

from bot import limits
from bot.backup.crypto import BackupRefused
from bot.store import models as store_models


def tables() -> list[type[Model]]:
    """Every model of the store, parents before children (the foreign keys' order)."""
    found = [
        obj
        for obj in vars(store_models).values()
        if isinstance(obj, type)
        and issubclass(obj, Model)
        and obj.__module__ == store_models.__name__
    ]
    by_name = {m.__name__: m for m in found}
    ordered: list[type[Model]] = []

    def visit(model: type[Model]) -> None:
        if model in ordered:
            return
        for name in sorted(model._meta.fk_fields | model._meta.o2o_fields):
            # "models.Hotel": known before Tortoise is initialised (a check needs no database)
            target = model._meta.fields_map[name].model_name  # type: ignore[attr-defined]
            parent = by_name[str(target).rpartition(".")[2]]
            if parent is not model:
                visit(parent)
        ordered.append(model)

    for model in found:
        visit(model)
    return ordered


def columns(model: type[Model]) -> dict[str, fields.Field[Any]]:
    """Database column → its field, for the columns the table really has."""
    meta = model._meta
    return {column: meta.fields_map[name] for name, column in meta.fields_db_projection.items()}


def _dialect(conn: BaseDBAsyncClient) -> str:
    return str(conn.capabilities.dialect)


def _placeholders(dialect: str, count: int) -> str:
    if dialect == "postgres":
        return ", ".join(f"${i}" for i in range(1, count + 1))
    return ", ".join("?" for _ in range(count))


def _plain(value: Any) -> Any:
    """A model value as JSON can hold it."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _stored(field: fields.Field[Any], value: Any) -> Any:
    """A JSON value back into what the database driver takes for this field."""
    if value is None:
        return None
    if isinstance(field, fields.DatetimeField):
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(f"{field.model_field_name}: a time without its zone")
        return moment
    if isinstance(field, fields.JSONField):
        text = field.encoder(value)  # Tortoise's own encoding: the same text it would write
        return text.decode() if isinstance(text, bytes) else text
    if isinstance(field, fields.BooleanField):
        return bool(value)
    return value


async def count_rows(conn: BaseDBAsyncClient | None = None) -> dict[str, int]:
    conn = conn or connections.get("default")
    counts: dict[str, int] = {}
    for model in tables():
        table = model._meta.db_table
        rows = await conn.execute_query_dict(f'SELECT COUNT(*) AS n FROM "{table}"')  # noqa: S608
        counts[table] = int(rows[0]["n"])
    return counts


async def schema_version(conn: BaseDBAsyncClient | None = None) -> str | None:
    """The latest migration applied to the database (Tortoise's migrations table)."""
    conn = conn or connections.get("default")
    rows = await conn.execute_query_dict(
        "SELECT name FROM tortoise_migrations WHERE app = 'models'"
    )
    names = [str(r["name"]) for r in rows]
    return max(names) if names else None


def _write_rows(out: TextIO, table: str, cols: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    for raw in rows:
        row = {c: _plain(f.to_python_value(raw[c])) for c, f in cols.items()}
        out.write(json.dumps({"table": table, "row": row}, ensure_ascii=False))
        out.write("\n")


async def export(out: TextIO) -> tuple[dict[str, int], str, str | None]:
    """Write every row to `out`; returns (rows per table, source database kind, schema).

    One transaction, repeatable read on PostgreSQL, so the export is one moment's data while
    the server keeps writing.
    """
    counts: dict[str, int] = {}
    async with in_transaction() as conn:
        dialect = _dialect(conn)
        if dialect == "postgres":
            await conn.execute_script("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        schema = await schema_version(conn)
        for model in tables():
            table = model._meta.db_table
            cols = columns(model)
            pk = model._meta.db_pk_column
            listed = ", ".join(f'"{c}"' for c in cols)
            sql = (
                f'SELECT {listed} FROM "{table}" WHERE "{pk}" > {_placeholders(dialect, 1)} '  # noqa: S608
                f'ORDER BY "{pk}" LIMIT {limits.EXPORT_BATCH_ROWS}'
            )
            counts[table] = 0
            after: Any = -1
            while True:
                rows = await conn.execute_query_dict(sql, [after])
                # Encoding and writing a batch is CPU and disk work: off the server's loop.
                await asyncio.to_thread(_write_rows, out, table, cols, rows)
                counts[table] += len(rows)
                if len(rows) < limits.EXPORT_BATCH_ROWS:
                    break
                after = rows[-1][pk]
    return counts, dialect, schema


def read_lines(source: TextIO) -> Iterator[tuple[str, dict[str, Any]]]:
    known = {m._meta.db_table for m in tables()}
    for number, line in enumerate(source, 1):
        if len(line) > limits.EXPORT_LINE_BYTES:
            raise BackupRefused("bad_line", line=number)
        try:
            item = json.loads(line)
            table, row = item["table"], item["row"]
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupRefused("bad_line", line=number) from exc
        if table not in known or not isinstance(row, dict):
            raise BackupRefused("bad_line", line=number)
        yield table, row


async def is_empty() -> bool:
    return not any((await count_rows()).values())


async def import_rows(
    source: TextIO, expected: dict[str, int], *, replace: bool
) -> dict[str, int]:
    """Insert every row of an export; with `replace`, the database's rows are deleted first.

    Refuses (and rolls everything back) when the database holds rows and `replace` is not
    given, when a line is not an export's, or when the rows per table are not the manifest's.
    """
    by_table = {m._meta.db_table: m for m in tables()}
    counts = dict.fromkeys(by_table, 0)
    async with in_transaction() as conn:
        dialect = _dialect(conn)
        if not replace and any((await count_rows(conn)).values()):
            raise BackupRefused("not_empty")
        if replace:
            for model in reversed(tables()):
                await conn.execute_script(f'DELETE FROM "{model._meta.db_table}"')  # noqa: S608
        batch: list[dict[str, Any]] = []
        current: str | None = None
        for table, row in read_lines(source):
            if table != current or len(batch) >= limits.EXPORT_BATCH_ROWS:
                if current is not None:
                    await _insert(conn, dialect, by_table[current], batch)
                batch, current = [], table
            batch.append(row)
            counts[table] += 1
        if current is not None:
            await _insert(conn, dialect, by_table[current], batch)
        if {t: n for t, n in counts.items() if n} != {t: n for t, n in expected.items() if n}:
            raise BackupRefused("counts_differ")
        if dialect == "postgres":
            await reset_sequences(conn)
    return counts


async def _insert(
    conn: BaseDBAsyncClient, dialect: str, model: type[Model], rows: list[dict[str, Any]]
) -> None:
    cols = columns(model)
    names = list(rows[0])
    if any(list(row) != names for row in rows) or not set(names) <= set(cols):
        # Rows of one table share their columns (an older schema may have fewer); other
        # columns mean a newer schema than this code's, or a file that is not an export.
        raise BackupRefused("bad_columns", table=model._meta.db_table)
    listed = ", ".join(f'"{c}"' for c in names)
    sql = (
        f'INSERT INTO "{model._meta.db_table}" ({listed}) '  # noqa: S608
        f"VALUES ({_placeholders(dialect, len(names))})"
    )
    try:
        values = [[_stored(cols[c], row[c]) for c in names] for row in rows]
    except (ValueError, TypeError) as exc:
        raise BackupRefused("bad_columns", table=model._meta.db_table) from exc
    await conn.execute_many(sql, values)


async def reset_sequences(conn: BaseDBAsyncClient) -> None:
    """After rows were inserted with their ids, new rows must get ids after them."""
    for model in tables():
        pk = model._meta.pk
        if not (isinstance(pk, fields.IntField | fields.BigIntField) and pk.generated):
            continue
        table, column = model._meta.db_table, model._meta.db_pk_column
        await conn.execute_query(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "  # noqa: S608
            f'COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)'
        )
