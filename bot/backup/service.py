"""What the command line, `/backup` and the nightly job call: make, check, restore, export, import.

SQLite is backed up as an online snapshot (`snapshot`), any other database as the portable
export (`portable`); either way the file is encrypted with a key derived from SECRET_KEY,
written under DATA_DIR/backups, then read back whole and verified before it counts as made.
The heavy parts (copying, compressing, encrypting, checking) run in worker threads, so a server
making its nightly backup keeps answering guests.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bot
from bot.backup import archive, portable, snapshot, store
from bot.backup.crypto import BackupRefused
from bot.config import Settings
from bot.store import db

SQLITE_MEMBER = "database.sqlite3"
PORTABLE_MEMBER = "data.jsonl"


@dataclass(frozen=True)
class Made:
    path: Path
    size: int
    manifest: dict[str, Any]
    seconds: float


@dataclass(frozen=True)
class Checked:
    manifest: dict[str, Any]
    payload: Path
    schema_status: str  # current or older


def manifest(
    kind: str, source: str, schema: str | None, counts: dict[str, int], at: datetime
) -> dict[str, Any]:
    return {
        "format": archive.FORMAT,
        "kind": kind,  # "sqlite": a database file; "portable": JSON lines
        "source": source,
        "schema": schema,
        "created_at": at.astimezone(UTC).isoformat(),
        "counts": counts,
        "integrity": "ok",
        "app_version": bot.__version__,
    }


@contextmanager
def workdir(data_dir: Path) -> Iterator[Path]:
    """A private scratch folder beside the backups (same disk, removed afterwards)."""
    with tempfile.TemporaryDirectory(dir=store.folder(data_dir), prefix=".work-") as path:
        yield Path(path)


def check_file(path: Path, secret_key: str, work: Path) -> Checked:
    """Open, decrypt and verify a backup file (worker thread); refuse with the reason.

    A snapshot must pass `PRAGMA integrity_check` and hold the rows its manifest says; an
    export must be readable line by line with the manifest's rows per table. Either must come
    from this code's migrations (an older one is fine: restore migrates it forward).
    """
    head, payload = archive.read_archive(path, secret_key, work)
    status = snapshot.schema_status(head.get("schema"))
    if status == "newer":
        raise BackupRefused("newer_schema", schema=head.get("schema"))
    if status == "unknown":
        raise BackupRefused("unknown_schema", schema=head.get("schema"))
    expected = head.get("counts")
    if not isinstance(expected, dict):
        raise BackupRefused("corrupt")
    if head.get("kind") == "sqlite":
        seen = snapshot.inspect(payload)
        if seen.integrity != "ok":
            raise BackupRefused("integrity", detail=seen.integrity[:200])
        if seen.schema != head.get("schema") or seen.counts != expected:
            raise BackupRefused("counts_differ")
    elif head.get("kind") == "portable":
        counts: dict[str, int] = {}
        with payload.open(encoding="utf-8") as lines:
            for table, _ in portable.read_lines(lines):
                counts[table] = counts.get(table, 0) + 1
        if counts != {t: n for t, n in expected.items() if n}:
            raise BackupRefused("counts_differ")
    else:
        raise BackupRefused("corrupt")
    return Checked(head, payload, status)


def _seal_and_verify(
    dest: Path, secret_key: str, head: dict[str, Any], payload: Path, member: str, work: Path
) -> int:
    size = archive.write_archive(dest, secret_key, head, payload, member)
    check = work / "check"
    check.mkdir(mode=0o700)
    check_file(dest, secret_key, check)
    store.write_sidecar(
        dest,
        {
            "verified": True,
            "size": size,
            "kind": head["kind"],
            "schema": head["schema"],
            "created_at": head["created_at"],
            "counts": head["counts"],
        },
    )
    return size


def _sqlite_backup(
    live: Path, dest: Path, secret_key: str, at: datetime, work: Path
) -> tuple[int, dict[str, Any]]:
    if not live.exists():
        raise BackupRefused("no_database", path=str(live))
    copy = work / SQLITE_MEMBER
    snapshot.take(live, copy)
    seen = snapshot.inspect(copy)
    if seen.integrity != "ok":
        raise BackupRefused("integrity", detail=seen.integrity[:200])
    head = manifest("sqlite", "sqlite", seen.schema, seen.counts, at)
    return _seal_and_verify(dest, secret_key, head, copy, SQLITE_MEMBER, work), head


async def make_backup(
    settings: Settings, *, kind: str = "backup", at: datetime | None = None
) -> Made:
    """Make, store and verify one backup. Any database but SQLite needs Tortoise initialised
    (the server has it; the command line calls `db.init_db` first)."""
    started = time.perf_counter()
    at = at or datetime.now(UTC)
    secret = settings.resolved_secret_key()
    with store.one_at_a_time(settings.data_dir), workdir(settings.data_dir) as work:
        dest = store.folder(settings.data_dir) / store.file_name(kind, at)
        live = snapshot.sqlite_path(settings.db_url)
        if live is not None:
            size, head = await asyncio.to_thread(_sqlite_backup, live, dest, secret, at, work)
        else:
            size, head = await _portable_to(dest, secret, at, work)
    return Made(dest, size, head, time.perf_counter() - started)


async def _portable_to(
    dest: Path, secret: str, at: datetime, work: Path
) -> tuple[int, dict[str, Any]]:
    lines = work / PORTABLE_MEMBER
    with os.fdopen(archive.private_file(lines), "w", encoding="utf-8") as out:
        counts, source, schema = await portable.export(out)
    head = manifest("portable", source, schema, counts, at)
    size = await asyncio.to_thread(
        _seal_and_verify, dest, secret, head, lines, PORTABLE_MEMBER, work
    )
    return size, head


async def export_to(settings: Settings, dest: Path) -> Made:
    """The portable export into `dest` (any path), encrypted and verified like a backup."""
    started = time.perf_counter()
    with workdir(settings.data_dir) as work:
        size, head = await _portable_to(
            dest, settings.resolved_secret_key(), datetime.now(UTC), work
        )
    store.sidecar(dest).unlink(missing_ok=True)  # a sidecar belongs in the backups folder only
    return Made(dest, size, head, time.perf_counter() - started)


async def check(settings: Settings, path: Path) -> tuple[Checked, int]:
    with workdir(settings.data_dir) as work:
        checked = await asyncio.to_thread(check_file, path, settings.resolved_secret_key(), work)
    return checked, await asyncio.to_thread(lambda: path.stat().st_size)


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    saved: Path | None  # the copy of the database as it was before
    migrated: bool


async def restore(settings: Settings, path: Path) -> Restored:
    """Check the file, save a copy of the current database, then put the file's data in place.

    Refused, with nothing changed, while a server holds DATA_DIR, and for a file that does not
    check. A snapshot is for SQLite only; an export restores into any database.
    """
    with store.no_server(settings.data_dir), workdir(settings.data_dir) as work:
        secret = settings.resolved_secret_key()
        checked = await asyncio.to_thread(check_file, path, secret, work)
        live = snapshot.sqlite_path(settings.db_url)
        kind = checked.manifest["kind"]
        if kind == "sqlite" and live is None:
            raise BackupRefused("snapshot_needs_sqlite")
        if live is not None and kind == "sqlite":
            saved = None
            if live.exists() and live.stat().st_size > 0:
                saved = (await make_backup(settings, kind="before-restore")).path
            await asyncio.to_thread(snapshot.replace_live, checked.payload, live)
            await db.migrate(settings.db_url)
            return Restored(checked.manifest, saved, checked.schema_status == "older")
        await db.init_db(settings.db_url)
        try:
            saved = None
            if not await portable.is_empty():
                saved = (await make_backup(settings, kind="before-restore")).path
            await _import(checked, replace=True)
        finally:
            await db.close_db()
        return Restored(checked.manifest, saved, False)


async def _import(checked: Checked, *, replace: bool) -> dict[str, int]:
    if checked.manifest.get("kind") != "portable":
        raise BackupRefused("not_an_export")
    with checked.payload.open(encoding="utf-8") as lines:
        return await portable.import_rows(lines, checked.manifest["counts"], replace=replace)


async def import_from(
    settings: Settings, path: Path, *, replace: bool
) -> tuple[dict[str, int], Path | None]:
    """Load an export into this database (the caller holds `store.no_server` and has
    initialised Tortoise): rows per table, and the copy saved first when `replace` replaced
    something."""
    with workdir(settings.data_dir) as work:
        checked = await asyncio.to_thread(check_file, path, settings.resolved_secret_key(), work)
        if checked.manifest.get("kind") != "portable":
            raise BackupRefused("not_an_export")
        saved = None
        if await portable.is_empty():
            replace = False
        elif replace:
            saved = (await make_backup(settings, kind="before-restore")).path
        return await _import(checked, replace=replace), saved
