"""`python main.py backup | restore [--check] | export | import`, run as a user runs them.

Each test works on its own database (SQLite in its folder, or this run's PostgreSQL schema)
and reads the result with the database's own driver.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from pathlib import Path

import pytest

from bot.backup import archive
from bot.backup.snapshot import known_migrations
from tests.backup_support import (
    PG,
    cli_for,
    dump,
    populate,
    sqlite_only,
    stored_backups,
)
from tests.conftest import SECRET_KEY, Client
from tests.test_cli import query


def backup_path(stdout: str) -> Path:
    found = re.search(r"^Backup written: (\S+)$", stdout, re.MULTILINE)
    assert found, stdout
    return Path(found[1])


async def test_backup_then_restore_gives_back_the_same_data(db_url: str, tmp_path: Path) -> None:
    await populate(db_url)
    cli = cli_for(db_url, tmp_path)
    made = await cli.run("backup")
    assert made.code == 0, str(made)
    assert "verified" in made.stdout and "messages 30" in made.stdout, str(made)
    file = backup_path(made.stdout)
    assert file.parent == tmp_path / "backups"
    assert file.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    source = await dump(db_url)

    checked = await cli.run("restore", "--check", str(file))
    assert checked.code == 0, str(checked)
    assert "messages 30" in checked.stdout and known_migrations()[-1] in checked.stdout

    # The database changes after the backup; restore brings back the moment it was taken.
    if PG:
        from tests.conftest import pg_connect

        conn = await pg_connect(db_url)
        try:
            await conn.execute("DELETE FROM messages WHERE id % 2 = 0")
            await conn.execute("UPDATE hotels SET name = 'changed'")
        finally:
            await conn.close()
    else:
        import sqlite3

        path = db_url.removeprefix("sqlite://").partition("?")[0]
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM messages WHERE id % 2 = 0")
            conn.execute("UPDATE hotels SET name = 'changed'")
    assert await dump(db_url) != source

    restored = await cli.run("restore", str(file))
    assert restored.code == 0, str(restored)
    assert "Restored from" in restored.stdout and "saved in" in restored.stdout, str(restored)
    assert await dump(db_url) == source
    # The database as it was before the restore is kept, and is itself a good backup.
    saved = [p for p in stored_backups(tmp_path) if "before-restore" in p.name]
    assert len(saved) == 1
    again = await cli.run("restore", "--check", str(saved[0]))
    assert again.code == 0 and "messages 15" in again.stdout, str(again)

    # New rows continue after the restored ids (PostgreSQL's sequences were reset).
    hotels = await cli.run(
        "hotel", "add", "--name", "Second", "--instance", "1101000002", "--token", "x" * 20,
        "--api-url", "http://127.0.0.1:9", "--receive", "polling",
    )  # fmt: skip
    assert hotels.code == 0, str(hotels)
    ids = [r[0] for r in await query(db_url, "SELECT id FROM hotels ORDER BY id")]
    assert ids == [1, 2]


async def test_bad_files_are_refused_and_nothing_changes(db_url: str, tmp_path: Path) -> None:
    await populate(db_url, messages=5)
    cli = cli_for(db_url, tmp_path)
    made = await cli.run("backup")
    assert made.code == 0, str(made)
    good = backup_path(made.stdout)
    data = good.read_bytes()
    before = await dump(db_url)
    backups_before = stored_backups(tmp_path)

    bad = tmp_path / "bad"
    bad.mkdir()
    corrupt = bytearray(data)
    corrupt[len(data) // 2] ^= 0x01
    (bad / "corrupt.backup").write_bytes(bytes(corrupt))
    (bad / "truncated.backup").write_bytes(data[: len(data) - 40])
    (bad / "foreign.backup").write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    (bad / "empty.backup").write_bytes(b"")
    # A backup written by newer code: a migration this version does not know.
    newer = known_migrations()[-1][:4]
    future = f"{int(newer) + 1:04d}_from_the_future"
    work = tmp_path / "work"
    work.mkdir()
    head, payload = archive.read_archive(good, SECRET_KEY, work)
    if head["kind"] == "sqlite":
        import sqlite3

        with sqlite3.connect(payload) as conn:
            conn.execute(
                "INSERT INTO tortoise_migrations (app, name, applied_at) "
                "VALUES ('models', ?, '2030-01-01 00:00:00+00:00')",
                (future,),
            )
    head["schema"] = future
    archive.write_archive(
        bad / "newer.backup", SECRET_KEY, head, payload,
        "database.sqlite3" if head["kind"] == "sqlite" else "data.jsonl",
    )  # fmt: skip

    expected = {
        "corrupt.backup": "damaged",
        "truncated.backup": "cut short",
        "foreign.backup": "not a hotel-boost backup",
        "empty.backup": "not a hotel-boost backup",
        "newer.backup": "newer",
    }
    # Checks run side by side; restores one at a time (each holds DATA_DIR's lock).
    checks = await asyncio.gather(
        *(cli.run("restore", "--check", str(bad / name)) for name in expected),
        cli.run("restore", "--check", str(good), SECRET_KEY="another-key"),
    )
    restores = [await cli.run("restore", str(bad / name)) for name in expected]
    restores.append(await cli.run("restore", str(good), SECRET_KEY="another-key"))
    restores.append(await cli.run("restore", str(bad / "missing.backup")))
    reasons = [*expected.values(), "another SECRET_KEY"]
    for run, reason in zip([*checks, *restores], [*reasons, *reasons, "cannot read"], strict=True):
        assert run.code == 2, str(run)
        assert reason in run.stderr, str(run)
        assert "Traceback" not in run.output, str(run)
    # In the shell's language.
    ru = await cli.run("restore", "--check", str(bad / "truncated.backup"), LANG="ru_RU.UTF-8")
    assert ru.code == 2 and "обрезан" in ru.stderr, str(ru)

    assert await dump(db_url) == before
    assert stored_backups(tmp_path) == backups_before  # not even a copy was made


async def test_the_shell_names_tables_and_disk_errors_in_its_language(
    db_url: str, tmp_path: Path
) -> None:
    await populate(db_url, messages=3)
    cli = cli_for(db_url, tmp_path)
    made = await cli.run("backup", LANG="ru_RU.UTF-8")
    assert made.code == 0, str(made)
    assert "сообщения 3" in made.stdout and "записи базы знаний 1" in made.stdout, str(made)
    assert "knowledge_entries" not in made.stdout, str(made)
    # A place the server may not write (sysfs refuses even root): a reason, not a traceback.
    refused = await cli.run("export", "/sys/hotel.export", LANG="ru_RU.UTF-8")
    assert refused.code == 2, str(refused)
    assert "не удаётся записать в /sys" in refused.stderr, str(refused)
    assert "Traceback" not in refused.output, str(refused)


async def test_restore_refuses_while_the_server_runs(
    app_client: Client, db_url: str, tmp_path: Path
) -> None:
    cli = cli_for(db_url, tmp_path)
    made = await cli.run("backup")  # backups are online: fine while the server runs
    assert made.code == 0, str(made)
    file = backup_path(made.stdout)
    for args in (("restore", str(file)), ("import", "--replace", str(file))):
        run = await cli.run(*args)
        assert run.code == 2, str(run)
        assert "a running server holds this database" in run.stderr, str(run)
    assert (tmp_path / "server.lock").exists()
    assert [p for p in stored_backups(tmp_path) if "before-restore" in p.name] == []


async def test_import_into_a_database_with_data_needs_replace(db_url: str, tmp_path: Path) -> None:
    await populate(db_url, messages=4)
    cli = cli_for(db_url, tmp_path)
    exported = await cli.run("export", str(tmp_path / "all.export"))
    assert exported.code == 0, str(exported)
    assert "messages 4" in exported.stdout
    before = await dump(db_url)

    refused = await cli.run("import", str(tmp_path / "all.export"))
    assert refused.code == 2 and "--replace" in refused.stderr, str(refused)
    assert await dump(db_url) == before

    replaced = await cli.run("import", "--replace", str(tmp_path / "all.export"))
    assert replaced.code == 0, str(replaced)
    assert "messages 4" in replaced.stdout and "saved in" in replaced.stdout, str(replaced)
    assert await dump(db_url) == before

    # A snapshot is not an export (on SQLite `backup` writes one).
    if not PG:
        made = await cli.run("backup")
        run = await cli.run("import", "--replace", str(backup_path(made.stdout)))
        assert run.code == 2 and "not an export" in run.stderr, str(run)


@sqlite_only()
@pytest.mark.empty_db
async def test_an_older_snapshot_is_migrated_after_restore(db_url: str, tmp_path: Path) -> None:
    """A backup made by the previous version (one migration behind) restores, then is brought
    up to date; its rows are kept."""
    from tortoise import Tortoise
    from tortoise.migrations.api.migrate import migrate

    from bot.store.db import create_sqlite_file, tortoise_config

    old_dir, old_url = tmp_path / "old", f"sqlite://{tmp_path / 'old' / 'hotel.db'}"
    previous = known_migrations()[-2]
    create_sqlite_file(old_url)
    await migrate(config=tortoise_config(old_url), target=f"models.{previous}")
    await Tortoise.close_connections()
    await query(old_url, "SELECT 1")
    import sqlite3

    with sqlite3.connect(old_url.removeprefix("sqlite://")) as conn:
        conn.execute(
            "INSERT INTO audit_entries (actor, action, details, created_at) "
            "VALUES ('tg:1', 'old_version', '{}', '2026-01-01 00:00:00+00:00')"
        )
    made = await cli_for(old_url, old_dir).run("backup")
    assert made.code == 0 and previous in made.stdout, str(made)
    older = backup_path(made.stdout)

    cli = cli_for(db_url, tmp_path)
    checked = await cli.run("restore", "--check", str(older))
    assert checked.code == 0 and "older" in checked.stdout, str(checked)
    restored = await cli.run("restore", str(older))
    assert restored.code == 0 and "migrated" in restored.stdout, str(restored)
    names = [r[0] for r in await query(db_url, "SELECT name FROM tortoise_migrations")]
    assert known_migrations()[-1] in names
    assert await query(db_url, "SELECT action FROM audit_entries") == [("old_version",)]


def test_backups_folder_is_private(tmp_path: Path) -> None:
    from bot.backup import store

    folder = store.folder(tmp_path)
    shutil.rmtree(folder)
    folder = store.folder(tmp_path)
    assert folder.stat().st_mode & 0o777 == 0o700
