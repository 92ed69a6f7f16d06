"""The move from SQLite to PostgreSQL and back: `export` on one, `import` on the other.

Runs in the SQLite pass (it needs both databases, and the PostgreSQL pass's `db_url` is
PostgreSQL already), against the server at HOTEL_TEST_PG (default 127.0.0.1:5432/test) in a
schema of its own, dropped at the end, so parallel runs do not meet.
"""

from __future__ import annotations

import io
import json
import os
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot import limits
from bot.backup import archive
from tests.backup_support import PG, cli_for, dump, populate
from tests.conftest import SECRET_KEY, pg_connect
from tests.test_cli import query

PG_SERVER = os.environ.get("HOTEL_TEST_PG", "postgres://postgres@127.0.0.1:5432/test")
SCHEMA = f"hotel_test_{os.getpid()}_xdb"

pytestmark = pytest.mark.skipif(bool(PG), reason="runs in the SQLite pass (needs both)")


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    try:
        conn = await pg_connect(PG_SERVER)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.skip(f"no PostgreSQL at {PG_SERVER}: {exc}")
    try:
        await conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
        yield f"{PG_SERVER}{'&' if '?' in PG_SERVER else '?'}schema={SCHEMA}"
    finally:
        await conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        await conn.close()


def rows_of(path: Path, work: Path) -> list[dict[str, Any]]:
    """The rows of an export file, as parsed JSON (one per line)."""
    work.mkdir()
    _, payload = archive.read_archive(path, SECRET_KEY, work)
    return [json.loads(line) for line in payload.read_text("utf-8").splitlines()]


async def test_sqlite_to_postgresql_and_back_keeps_every_value(
    tmp_path: Path, pg_url: str
) -> None:
    source = f"sqlite://{tmp_path / 'src' / 'hotel.db'}"
    await populate(source, messages=40)
    first = tmp_path / "from-sqlite.export"
    exported = await cli_for(source, tmp_path / "src").run("export", str(first))
    assert exported.code == 0, str(exported)

    pg = cli_for(pg_url, tmp_path / "pg")
    imported = await pg.run("import", str(first))
    assert imported.code == 0, str(imported)
    assert "messages 40" in imported.stdout, str(imported)

    # Table by table, PostgreSQL holds what SQLite held: the same rows exported again.
    second = tmp_path / "from-postgresql.export"
    again = await pg.run("export", str(second))
    assert again.code == 0, str(again)
    from_sqlite, from_pg = rows_of(first, tmp_path / "a"), rows_of(second, tmp_path / "b")
    assert len(from_sqlite) > 40
    tables = {r["table"] for r in from_sqlite}
    assert {"hotels", "guests", "messages", "knowledge_entries", "service_requests"} <= tables
    assert {"staff", "events", "audit_entries", "templates", "slots", "preferences"} <= tables
    for table in tables:
        assert [r for r in from_pg if r["table"] == table] == [
            r for r in from_sqlite if r["table"] == table
        ], table

    # Read with PostgreSQL's own driver: native types, the same instant, the same text.
    sqlite_row = (await query(source, "SELECT id, text, processed_at FROM messages WHERE id = 3"))[
        0
    ]
    pg_row = (await query(pg_url, "SELECT id, text, processed_at FROM messages WHERE id = 3"))[0]
    assert pg_row[0] == sqlite_row[0] and pg_row[1] == sqlite_row[1]
    assert pg_row[2].utcoffset() is not None
    from datetime import datetime

    assert pg_row[2] == datetime.fromisoformat(sqlite_row[2])
    assert "🌙" in pg_row[1] and "你好" in pg_row[1]

    # New rows on PostgreSQL continue after the imported ids (sequences were reset).
    added = await pg.run(
        "hotel", "add", "--name", "Second", "--instance", "1101000002", "--token", "x" * 20,
        "--api-url", "http://127.0.0.1:9", "--receive", "polling",
    )  # fmt: skip
    assert added.code == 0, str(added)
    assert [r[0] for r in await query(pg_url, "SELECT id FROM hotels ORDER BY id")] == [1, 2]

    # And back into a new SQLite database: what the source holds, value for value (JSON
    # columns compared as JSON: PostgreSQL's jsonb keeps objects, not their key order).
    back = f"sqlite://{tmp_path / 'back' / 'hotel.db'}"
    third = tmp_path / "again.export"
    conn = await pg_connect(pg_url)
    try:
        await conn.execute("DELETE FROM hotels WHERE id = 2")
    finally:
        await conn.close()
    assert (await pg.run("export", str(third))).code == 0
    returned = await cli_for(back, tmp_path / "back").run("import", str(third))
    assert returned.code == 0, str(returned)
    assert as_json(await dump(back)) == as_json(await dump(source))


def as_json(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    def value(v: Any) -> Any:
        if isinstance(v, str) and v[:1] in "{[":
            try:
                return json.loads(v)
            except ValueError:
                return v
        return v

    return {t: [tuple(value(v) for v in row) for row in rows] for t, rows in tables.items()}


class _ThreadsThatWrote(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.threads: set[threading.Thread] = set()

    def write(self, s: str, /) -> int:
        self.threads.add(threading.current_thread())
        return super().write(s)


async def test_the_export_encodes_and_writes_off_the_event_loop(db_url: str) -> None:
    """The nightly backup on PostgreSQL is this export, inside the server: the JSON encoding and
    the writes of each batch happen in a worker thread, not on the loop's thread."""
    from bot.backup import portable
    from bot.store import db

    await populate(db_url, messages=limits.EXPORT_BATCH_ROWS + 5)
    sink = _ThreadsThatWrote()
    await db.init_db(db_url)
    try:
        counts, _, _ = await portable.export(sink)
    finally:
        await db.close_db()
    lines = sink.getvalue().splitlines()
    assert (
        len(lines) == sum(counts.values()) and counts["messages"] == limits.EXPORT_BATCH_ROWS + 5
    )
    assert sink.threads and threading.main_thread() not in sink.threads, sink.threads
