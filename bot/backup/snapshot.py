"""SQLite's online copy, and what a copy (or any database file) holds.

`VACUUM INTO` rather than copying the file: it reads inside one read transaction, so under WAL
the copy is the database exactly as committed at one moment while the server keeps writing (no
torn rows, no half-applied transaction), and it writes only live pages, so text erased by
`/forget` or retention (overwritten in place: `secure_delete`) is not carried into backups from
free pages. It runs in a worker thread: sqlite3 releases the GIL while it works, so the event
loop keeps acknowledging guests' webhooks meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.backup.crypto import BackupRefused
from bot.store.db import MIGRATIONS_MODULE

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "store" / "migrations"
MIGRATIONS_TABLE = "tortoise_migrations"
APP = "models"
BUSY_MS = 30_000  # how long the copy waits for a writer's lock before giving up


def known_migrations() -> list[str]:
    """This code's migrations, oldest first: a file's schema is one of these or it is newer."""
    assert MIGRATIONS_MODULE == "bot.store.migrations"
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def latest(names: list[str]) -> str | None:
    return max(names) if names else None


def schema_status(name: str | None) -> str:
    """ "current", "older" (restore migrates it forward), "newer" (refused: newer code wrote
    it) or "unknown" (not one of this code's migrations)."""
    known = known_migrations()
    if name in known:
        return "current" if name == known[-1] else "older"
    return "newer" if name is not None and name > known[-1] else "unknown"


def sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite://"):
        return None
    path = url.removeprefix("sqlite://").partition("?")[0]
    return None if path == ":memory:" else Path(path)


def take(live: Path, dest: Path) -> None:
    """Copy the live database into `dest` (a new 0600 file), consistent and compact."""
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with contextlib.closing(sqlite3.connect(live, timeout=BUSY_MS / 1000)) as conn:
        conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        conn.execute("VACUUM INTO ?", (str(dest),))


@dataclass(frozen=True)
class Inspection:
    integrity: str
    schema: str | None
    counts: dict[str, int]


def inspect(path: Path) -> Inspection:
    """Integrity, schema version and rows per table of a database file (read only)."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_MS / 1000)
        ) as conn:
            integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check(20)"))
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            schema = None
            if MIGRATIONS_TABLE in tables:
                names = [
                    r[0]
                    for r in conn.execute(
                        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE app = ?",  # noqa: S608
                        (APP,),
                    )
                ]
                schema = latest(names)
            counts = {
                t: int(conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0])  # noqa: S608
                for t in tables
                if t != MIGRATIONS_TABLE
            }
    except sqlite3.DatabaseError as exc:
        raise BackupRefused("corrupt") from exc
    return Inspection(integrity, schema, counts)


def replace_live(source: Path, live: Path) -> None:
    """Overwrite the live database with `source`, page by page, in one transaction.

    sqlite3's backup API into the live file rather than renaming over it: the live file keeps
    its mode and its WAL stays consistent, and a failure half way rolls back to what was there.
    """
    with (
        contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        contextlib.closing(sqlite3.connect(live, timeout=BUSY_MS / 1000)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
