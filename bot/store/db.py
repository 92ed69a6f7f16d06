"""Connecting to the database and keeping its schema current.

SQLite gets WAL with `synchronous=NORMAL` (durable across a process crash, which is what a bot
needs, and an order of magnitude faster than FULL) and a busy timeout so a CLI command running
beside the server waits instead of failing. Its file holds guests' messages and phone numbers,
so it is created private (0600, in a 0700 folder when we make the folder); SQLite gives the
-wal and -shm files it creates beside it the database file's mode.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

MODELS_MODULE = "bot.store.models"
MIGRATIONS_MODULE = "bot.store.migrations"
# secure_delete: erased guest text (/forget, retention) is overwritten with zeros, not left in
# free pages (bot/backup/retention.py).
_SQLITE_PRAGMAS = {
    "journal_mode": "WAL",
    "synchronous": "NORMAL",
    "busy_timeout": "5000",
    "secure_delete": "ON",
}


def normalise_url(url: str) -> str:
    """Add our pragmas to a SQLite URL unless it sets its own."""
    if not url.startswith("sqlite://"):
        return url
    path, _, query = url.removeprefix("sqlite://").partition("?")
    given = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
    merged = {**_SQLITE_PRAGMAS, **given}
    return f"sqlite://{path}?" + "&".join(f"{k}={v}" for k, v in merged.items())


def create_sqlite_file(url: str) -> None:
    """Create a missing SQLite database file 0600 (and its missing folder 0700) before SQLite
    would create them with the umask's usual 0644 and 0755. Existing ones are left as they are."""
    if not url.startswith("sqlite://"):
        return
    path = url.removeprefix("sqlite://").partition("?")[0]
    if path == ":memory:":
        return
    file = Path(path)
    file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def tortoise_config(url: str) -> dict[str, Any]:
    return {
        "connections": {"default": normalise_url(url)},
        "apps": {
            "models": {
                "models": [MODELS_MODULE],
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# Tortoise's CLI (`tortoise makemigrations`) reads this.
TORTOISE_ORM = tortoise_config("sqlite://data/hotel.db")


async def migrate(url: str) -> None:
    """Bring the schema up to date in place; safe to run on every start."""
    create_sqlite_file(url)
    try:
        await tortoise_migrate(config=tortoise_config(url))
    finally:
        await Tortoise.close_connections()


async def init_db(url: str, *, run_migrations: bool = True) -> None:
    if run_migrations:
        await migrate(url)
    create_sqlite_file(url)
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


async def ping() -> float:
    """Round-trip one trivial query; returns its latency in milliseconds."""
    started = time.perf_counter()
    await connections.get("default").execute_query("SELECT 1")
    return (time.perf_counter() - started) * 1000
