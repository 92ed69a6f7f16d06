"""The schema upgrades in place: a database at an older migration keeps its data."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from bot.store import db
from bot.store.crypto import TokenCipher
from bot.store.hotels import create_hotel
from bot.store.models import Hotel, Invite


async def test_upgrade_from_the_first_migration_keeps_data(db_url: str) -> None:
    config = db.tortoise_config(db_url)
    await tortoise_migrate(config=config, target="models.0001_initial")
    await Tortoise.close_connections()
    await Tortoise.init(config=config)
    try:
        await create_hotel(
            TokenCipher("k"), name="Old", instance_id=5, token="t", api_url="http://x"
        )
    finally:
        await Tortoise.close_connections()
    await db.init_db(db_url)  # what `python main.py` and `migrate` do
    try:
        assert [h.name for h in await Hotel.all()] == ["Old"]
        assert await Invite.all().count() == 0  # the newer table exists
    finally:
        await db.close_db()
    await db.migrate(db_url)  # and again: nothing left to do
