"""One backup file: a manifest and a payload, tarred, gzipped, encrypted (`crypto`).

The manifest comes first, so what a file holds is known before its payload is unpacked. The
payload is written to a path we choose (never a name from the file), so a crafted archive cannot
write elsewhere. Everything runs in a worker thread: callers use `asyncio.to_thread`.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import shutil
import tarfile
import zlib
from pathlib import Path
from typing import Any

from bot import limits
from bot.backup.crypto import BackupRefused, DecryptingReader, EncryptingWriter

MANIFEST = "manifest.json"
# gzip's level 6 (its default) compresses a database to about a quarter; 9 costs twice the time
# for a few percent less.
COMPRESS_LEVEL = 6
FORMAT = 1


def private_file(path: Path) -> int:
    """A new file descriptor for `path`, created 0600 (never readable by others, even briefly)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


def write_archive(
    dest: Path, secret_key: str, manifest: dict[str, Any], payload: Path, payload_name: str
) -> int:
    """Write the file atomically (a temporary name, then a rename); returns its size."""
    partial = dest.with_name(dest.name + ".partial")
    try:
        with os.fdopen(private_file(partial), "wb") as raw:
            sealed = EncryptingWriter(raw, secret_key)
            with (
                gzip.GzipFile(fileobj=sealed, mode="wb", compresslevel=COMPRESS_LEVEL) as packed,
                tarfile.open(fileobj=packed, mode="w|") as tar,
            ):
                head = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(head), 0o600
                tar.addfile(info, io.BytesIO(head))
                info = tarfile.TarInfo(payload_name)
                info.size, info.mode = payload.stat().st_size, 0o600
                with payload.open("rb") as data:
                    tar.addfile(info, data)
            sealed.close()
            raw.flush()
            os.fsync(raw.fileno())
        partial.replace(dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return dest.stat().st_size


def read_archive(source: Path, secret_key: str, workdir: Path) -> tuple[dict[str, Any], Path]:
    """Decrypt and unpack into `workdir`: the manifest and the payload's path there.

    Every way a file can be wrong ends in `BackupRefused` with its reason; the whole file is
    read, so a missing end is noticed even when the archive inside looked complete.
    """
    try:
        with source.open("rb") as raw:
            reader = DecryptingReader(raw, secret_key)
            manifest, payload = _unpack(reader, workdir)
            reader.read()  # to the sealed end: a file cut after the archive is still refused
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as exc:
        if isinstance(exc, BackupRefused):
            raise
        if isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError):
            raise BackupRefused("unreadable", file=str(source)) from exc
        raise BackupRefused("corrupt") from exc
    return manifest, payload


def _unpack(reader: DecryptingReader, workdir: Path) -> tuple[dict[str, Any], Path]:
    with (
        gzip.GzipFile(fileobj=reader, mode="rb") as packed,  # type: ignore[call-overload]
        tarfile.open(fileobj=packed, mode="r|") as tar,
    ):
        first = tar.next()
        if first is None or first.name != MANIFEST or not first.isfile():
            raise BackupRefused("corrupt")
        if first.size > limits.BACKUP_MANIFEST_BYTES:
            raise BackupRefused("corrupt")
        handle = tar.extractfile(first)
        assert handle is not None
        manifest = json.loads(handle.read())
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupRefused("corrupt")
        second = tar.next()
        if second is None or not second.isfile():
            raise BackupRefused("corrupt")
        payload = workdir / (
            "payload.sqlite3" if manifest.get("kind") == "sqlite" else "data.jsonl"
        )
        body = tar.extractfile(second)
        assert body is not None
        with os.fdopen(private_file(payload), "wb") as out:
            shutil.copyfileobj(body, out, limits.BACKUP_CHUNK_BYTES)
        if payload.stat().st_size != second.size or tar.next() is not None:
            raise BackupRefused("corrupt")
    return manifest, payload
