"""The encryption of every backup file: AES-256-GCM in chunks, keyed from SECRET_KEY.

Why chunks rather than one Fernet token: a backup can be hundreds of megabytes, and one token
must sit whole in memory to be made or checked. Each chunk is sealed on its own (the STREAM
construction): its nonce is its number plus a flag on the last one, and the file's header is
authenticated with every chunk, so a reordered, cut, corrupted or spliced file fails to open,
and a file cut exactly at a chunk boundary is caught because its last chunk lacks the flag.

The key is derived per file (HKDF-SHA256 over SECRET_KEY with a random salt), so chunk numbers
never repeat a nonce under one key, and a check value in the header tells "another SECRET_KEY"
apart from "damaged".
"""

from __future__ import annotations

import hmac
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot import limits
from bot.i18n import Refusal

MAGIC = b"HBBACKUP"
VERSION = 1
_SALT = 16
_CHECK = 16
HEADER_BYTES = len(MAGIC) + 1 + _SALT + _CHECK
_TAG = 16
_LENGTH = struct.Struct(">I")


class BackupRefused(Refusal):
    """A backup file (or database) we will not use, and why, in the reader's language."""

    prefix = "backups.refused."


def _keys(secret_key: str, salt: bytes) -> tuple[bytes, bytes]:
    material = HKDF(
        algorithm=hashes.SHA256(), length=64, salt=salt, info=b"hotel-boost backup v1"
    ).derive(secret_key.encode())
    return material[:32], material[32:]


def _nonce(counter: int, final: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


class EncryptingWriter:
    """A write-only file object: what is written lands in `out` encrypted, chunk by chunk."""

    def __init__(self, out: BinaryIO, secret_key: str) -> None:
        salt = os.urandom(_SALT)
        key, check_key = _keys(secret_key, salt)
        check = hmac.digest(check_key, b"key check", "sha256")[:_CHECK]
        self._header = MAGIC + bytes([VERSION]) + salt + check
        self._aead = AESGCM(key)
        self._out = out
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        out.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > limits.BACKUP_CHUNK_BYTES:
            self._seal(bytes(self._buffer[: limits.BACKUP_CHUNK_BYTES]), final=False)
            del self._buffer[: limits.BACKUP_CHUNK_BYTES]
        return len(data)

    def _seal(self, chunk: bytes, *, final: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, final), chunk, self._header)
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        """Seal the rest as the final chunk (possibly empty): without it the file is "cut"."""
        if not self._closed:
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._closed = True

    def flush(self) -> None:
        """tarfile flushes its stream; chunks are written whole, so nothing to do."""


class DecryptingReader:
    """A read-only file object over an encrypted backup; refuses what is not intact."""

    def __init__(self, source: BinaryIO, secret_key: str) -> None:
        header = source.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
            raise BackupRefused("foreign")
        if header[len(MAGIC)] != VERSION:
            raise BackupRefused("newer_format", version=header[len(MAGIC)])
        salt = header[len(MAGIC) + 1 : len(MAGIC) + 1 + _SALT]
        key, check_key = _keys(secret_key, salt)
        check = hmac.digest(check_key, b"key check", "sha256")[:_CHECK]
        if not hmac.compare_digest(check, header[-_CHECK:]):
            raise BackupRefused("wrong_key")
        self._header = header
        self._aead = AESGCM(key)
        self._source = source
        self._buffer = bytearray()
        self._counter = 0
        self._done = False

    def _next_chunk(self) -> None:
        raw = self._source.read(_LENGTH.size)
        if len(raw) < _LENGTH.size:
            raise BackupRefused("truncated")
        (length,) = _LENGTH.unpack(raw)
        if not _TAG <= length <= limits.BACKUP_CHUNK_BYTES + _TAG:
            raise BackupRefused("corrupt")
        sealed = self._source.read(length)
        if len(sealed) < length:
            raise BackupRefused("truncated")
        for final in (False, True):
            try:
                plain = self._aead.decrypt(_nonce(self._counter, final), sealed, self._header)
            except InvalidTag:
                continue
            self._counter += 1
            self._buffer += plain
            if final:
                if self._source.read(1):
                    raise BackupRefused("corrupt")  # something after the last chunk
                self._done = True
            return
        raise BackupRefused("corrupt")

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            self._next_chunk()
        if size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data
