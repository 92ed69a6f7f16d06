"""The SQLite database holds guests' messages and phone numbers: its files are private."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.store import db
from bot.store.models import Hotel


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the common default, under which files come out 0644
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("usual_umask")
async def test_database_file_and_folder_are_created_private(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "data"
    settings = Settings(_env_file=None, data_dir=data, database_url="")  # type: ignore[call-arg]
    await db.init_db(settings.db_url)
    try:
        await Hotel.all().count()  # the server's usual open: WAL and shared memory files
        files = {p.name: _mode(p) for p in data.iterdir()}
    finally:
        await db.close_db()
    assert _mode(data) == 0o700
    assert files["hotel.db"] == 0o600 and "hotel.db-wal" in files
    assert {name: mode for name, mode in files.items() if mode != 0o600} == {}
    assert settings.resolved_secret_key()
    assert _mode(data / "secret.key") == 0o600 and _mode(data) == 0o700
