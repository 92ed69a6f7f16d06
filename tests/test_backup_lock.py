"""DATA_DIR/server.lock: servers share it, `restore` and `import --replace` hold it alone.

Real processes: `python main.py` servers and `restore` runs, next to the in-process app.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from bot.backup.store import ServerLocked, no_server
from bot.config import Settings
from tests.backup_support import PG, cli_for
from tests.conftest import Client
from tests.test_backup_restore import backup_path
from tests.test_cli import Server


@pytest.mark.empty_db  # it shows the database is not even opened
async def test_a_server_refuses_to_start_while_a_restore_holds_the_lock(
    db_url: str, tmp_path: Path
) -> None:
    cli = cli_for(db_url, tmp_path)
    with no_server(tmp_path):  # what `restore` and `import --replace` hold while they run
        server = await Server.start(cli)
        try:
            code = await asyncio.wait_for(server.proc.wait(), 60)
        finally:
            await server.close()
    assert code == 3, str(server)
    assert "not starting" in server.log and "server.lock" in server.log, str(server)
    assert "Traceback" not in server.log, str(server)
    if not PG:  # it did not even open (and migrate) the database
        assert not await asyncio.to_thread(Path(db_url.removeprefix("sqlite://")).exists)


async def test_the_in_process_app_refuses_too(aiohttp_client: object, settings: Settings) -> None:
    from bot.app import create_app

    with no_server(settings.data_dir), pytest.raises(ServerLocked):
        await aiohttp_client(create_app(settings))  # type: ignore[operator]


async def test_two_servers_share_the_lock_and_restore_waits_for_both(
    app_client: Client, db_url: str, tmp_path: Path
) -> None:
    cli = cli_for(db_url, tmp_path)
    made = await cli.run("backup")
    assert made.code == 0, str(made)
    file = backup_path(made.stdout)

    second = await Server.start(cli)  # a second server process on the same database
    try:
        await second.health()
        await app_client.close()  # the first server stops; the second still runs
        refused = await cli.run("restore", str(file))
        assert refused.code == 2, str(refused)
        assert "a running server holds this database" in refused.stderr, str(refused)
        assert await second.stop(signal.SIGTERM) == 0, str(second)
    finally:
        await second.close()

    restored = await cli.run("restore", str(file))
    assert restored.code == 0, str(restored)
