"""Where backups live (DATA_DIR/backups, 0700; files 0600), which are kept, and the server's lock.

Each backup file has a small plaintext sidecar (`NAME.json`: the manifest's counts, schema and
whether the file was read back and verified), so `/backups` lists them without decrypting
anything. Pruning keeps the newest backup of each of the last `keep_daily` days that have one,
and the newest of each of the last `keep_weekly` ISO weeks; everything else goes.

The server's lock, DATA_DIR/server.lock: every server holds a *shared* `flock` on it while it
runs (several server processes may share one database), `restore` and `import --replace` an
*exclusive* one. So a restore refuses while any server runs, and a server refuses to start
while a restore runs, before it opens the database (it would write into the one being
replaced). The kernel drops a lock when its process ends however it ends, so unlike a pid file
it is never stale.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.backup.crypto import BackupRefused
from bot.i18n import I18n

FOLDER = "backups"
SUFFIX = ".backup"
# hotel-backup-20260302T030000Z.backup (nightly and /backup), hotel-before-restore-... (the
# copy restore saves first). Button data carries the stem, so it must stay this strict.
NAME = re.compile(r"^hotel-(backup|before-restore)-(\d{8}T\d{6}Z)$")
STAMP = "%Y%m%dT%H%M%SZ"


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1000:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def rows_text(counts: dict[str, int], i18n: I18n, lang: str) -> str:
    """ "hotels 2, guests 10, messages 1234": the tables that hold rows, named in `lang`
    (a table this version has no name for, from a newer file, keeps its own)."""

    def name(table: str) -> str:
        try:
            return i18n.t(f"backups.table.{table}", lang)
        except KeyError:
            return table

    return ", ".join(f"{name(table)} {n}" for table, n in counts.items() if n) or "—"


# Why a disk operation failed, as something the super admin can act on.
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
_CANNOT_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST}


def disk_refusal(exc: BaseException) -> BackupRefused | None:
    """A full disk or a place we may not write, said in the reader's language (None: another
    error, which stays as it is for the log)."""
    if not isinstance(exc, OSError):
        return None
    where = str(exc.filename) if exc.filename else "DATA_DIR"
    if exc.errno in _DISK_FULL:
        return BackupRefused("disk_full", path=where)
    if exc.errno in _CANNOT_WRITE:
        return BackupRefused("cannot_write", path=where)
    return None


def folder(data_dir: Path) -> Path:
    path = data_dir / FOLDER
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def file_name(kind: str, at: datetime) -> str:
    return f"hotel-{kind}-{at.astimezone(UTC).strftime(STAMP)}{SUFFIX}"


@dataclass(frozen=True)
class Stored:
    path: Path
    created: datetime
    size: int
    verified: bool
    info: dict[str, Any]

    @property
    def stem(self) -> str:
        return self.path.name.removesuffix(SUFFIX)


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def write_sidecar(path: Path, info: dict[str, Any]) -> None:
    fd = os.open(sidecar(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(info, out, ensure_ascii=False)


def listing(data_dir: Path) -> list[Stored]:
    """Stored backups, newest first."""
    found: list[Stored] = []
    for path in folder(data_dir).glob(f"hotel-*{SUFFIX}"):
        match = NAME.match(path.name.removesuffix(SUFFIX))
        if match is None or not path.is_file():
            continue
        info: dict[str, Any] = {}
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(sidecar(path).read_text("utf-8"))
            info = loaded if isinstance(loaded, dict) else {}
        created = datetime.strptime(match[2], STAMP).replace(tzinfo=UTC)
        found.append(
            Stored(path, created, path.stat().st_size, info.get("verified") is True, info)
        )
    return sorted(found, key=lambda s: (s.created, s.path.name), reverse=True)


def find(data_dir: Path, stem: str) -> Stored | None:
    """The stored backup a button names, or None (never a path built from the button)."""
    return next((s for s in listing(data_dir) if s.stem == stem), None)


def keep_set(backups: list[Stored], keep_daily: int, keep_weekly: int) -> set[Path]:
    """Which backups the retention policy keeps (the newest of each recent day and week)."""
    kept: set[Path] = set()
    days: dict[Any, Stored] = {}
    weeks: dict[Any, Stored] = {}
    for b in backups:  # newest first: the first seen of a day or week is its newest
        days.setdefault(b.created.date(), b)
        weeks.setdefault(b.created.isocalendar()[:2], b)
    kept |= {b.path for b in list(days.values())[:keep_daily]}
    kept |= {b.path for b in list(weeks.values())[:keep_weekly]}
    return kept


def prune(data_dir: Path, keep_daily: int, keep_weekly: int) -> list[Path]:
    """Delete what the policy does not keep (and its sidecar); returns what was deleted."""
    backups = listing(data_dir)
    kept = keep_set(backups, keep_daily, keep_weekly)
    gone = [b.path for b in backups if b.path not in kept]
    for path in gone:
        path.unlink(missing_ok=True)
        sidecar(path).unlink(missing_ok=True)
    return gone


class ServerLocked(RuntimeError):
    """A server found DATA_DIR/server.lock held exclusively (a restore or import runs)."""


class FileLock:
    """A non-blocking `flock` on a file (exclusive, or shared with other shared holders),
    held until `release` or process end."""

    def __init__(self, path: Path, *, shared: bool = False) -> None:
        self.path = path
        self.shared = shared
        self._fd: int | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        if not self.shared:  # the sole holder may say who it is; shared holders would clash
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def server_lock(data_dir: Path, *, shared: bool) -> FileLock:
    """Shared for a server, exclusive for a restore or import (see the module's note)."""
    return FileLock(data_dir / "server.lock", shared=shared)


def hold_server_lock(data_dir: Path) -> FileLock:
    """A server's shared lock, or ServerLocked while a restore or import holds it."""
    lock = server_lock(data_dir, shared=True)
    if not lock.acquire():
        raise ServerLocked(f"{lock.path} is held by a restore or import")
    return lock


@contextlib.contextmanager
def no_server(data_dir: Path) -> Iterator[None]:
    """Hold the server's lock for a restore or import; refuse while any server runs."""
    lock = server_lock(data_dir, shared=False)
    if not lock.acquire():
        raise BackupRefused("server_running", lock=str(lock.path))
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def one_at_a_time(data_dir: Path) -> Iterator[None]:
    """One backup at a time per DATA_DIR, across processes (the nightly, /backup, the shell)."""
    lock = FileLock(folder(data_dir) / ".lock")
    if not lock.acquire():
        raise BackupRefused("busy")
    try:
        yield
    finally:
        lock.release()
