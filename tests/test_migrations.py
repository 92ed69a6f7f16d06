"""The schema upgrades in place: a database at an older migration keeps its data."""

from __future__ import annotations

import pytest
from tortoise import Tortoise, connections
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from bot.store import db
from bot.store.models import Hotel, Invite

pytestmark = pytest.mark.empty_db


async def test_upgrade_from_the_first_migration_keeps_data(db_url: str) -> None:
    config = db.tortoise_config(db_url)
    await tortoise_migrate(config=config, target="models.0001_initial")
    await Tortoise.close_connections()
    await Tortoise.init(config=config)
    try:
        # Raw SQL in the first schema's columns: today's models know columns it lacks.
        await connections.get("default").execute_script(
            "INSERT INTO hotels (name, instance_id, api_url, token_encrypted,"
            " webhook_token_encrypted, receive_mode, timezone, languages, enabled, created_at)"
            " VALUES ('Old', 5, 'https://api.greenapi.com', 'x', 'y', 'polling', 'UTC', 'en',"
            " TRUE, CURRENT_TIMESTAMP)"
        )
    finally:
        await Tortoise.close_connections()
    await db.init_db(db_url)  # what `python main.py` and `migrate` do
    try:
        assert [(h.name, h.report_time) for h in await Hotel.all()] == [("Old", "09:00")]
        assert await Invite.all().count() == 0  # the newer table exists
    finally:
        await db.close_db()
    await db.migrate(db_url)  # and again: nothing left to do
