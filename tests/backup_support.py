"""Shared by the backup tests: a database with something of everything, and raw dumps of it.

Dumps read the database with its own driver (sqlite3, asyncpg), not with the app's code, so a
restore or import that lost or changed a value cannot hide behind the same conversion.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from bot.store import db
from bot.store.crypto import TokenCipher
from bot.store.hotels import create_hotel
from bot.store.models import (
    AuditEntry,
    Direction,
    Event,
    Guest,
    KnowledgeEntry,
    Message,
    MessageStatus,
    Preference,
    ReceiveMode,
    Role,
    ServiceRequest,
    Slot,
    Staff,
    Template,
)
from tests.conftest import SECRET_KEY
from tests.test_cli import Cli, query

UNICODE = "Добрый вечер! 🌙 Can I get 2 towels? — ¿Mañana? 你好 \u200d👩‍👩‍👧"
PG = os.environ.get("HOTEL_TEST_DB")


def cli_for(db_url: str, data_dir: Path, **extra: str) -> Cli:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(data_dir),
        "LANG": "en_US.UTF-8",
        "DATABASE_URL": db_url,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": SECRET_KEY,
        "GREEN_API_URL": "http://127.0.0.1:9",
        "GREEN_API_HOSTS": "http://127.0.0.1",
        "SEED_DEMO": "false",
        # A server started from here must not make its own nightly backup: past 03:00 UTC it
        # did at start, and retention (a day's newest) deleted the backup the test had made.
        "SCHEDULER_ENABLED": "false",
        **extra,
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    return Cli(env=env, cwd=data_dir)


async def populate(db_url: str, *, messages: int = 30) -> None:
    """A hotel with guests, messages (unicode, JSON payloads, several zones' times), knowledge,
    templates, staff, requests, events, audit entries, a slot and a preference."""
    await db.init_db(db_url)
    try:
        hotel, _ = await create_hotel(
            TokenCipher(SECRET_KEY),
            name="Отель «Аврора» 🌅",
            instance_id=1101000001,
            token="t" * 20,
            api_url="http://127.0.0.1:9",
            webhook_token="w" * 24,
            receive_mode=ReceiveMode.WEBHOOK,
            timezone="Europe/Lisbon",
            languages="en,ru",
        )
        hotel.retention_days = 90
        await hotel.save()
        guest = await Guest.create(hotel=hotel, chat_id="79001234567@c.us", name="Анна 🌸")
        other = await Guest.create(hotel=hotel, chat_id="34600000000@c.us", name=None)
        # A time given in another zone: stored as the same instant, read back aware.
        tokyo = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=9)))
        for i in range(messages):
            await Message.create(
                hotel=hotel,
                guest=guest if i % 2 else other,
                chat_id=guest.chat_id if i % 2 else other.chat_id,
                direction=Direction.IN if i % 3 else Direction.OUT,
                gateway_id=f"GW{i}",
                text=f"{UNICODE} #{i}",
                status=MessageStatus.PROCESSED,
                payload={"n": i, "emoji": "🛎", "nested": {"ok": True, "none": None}},
                outcome="knowledge",
                processed_at=tokyo + timedelta(minutes=i),
            )
        await KnowledgeEntry.create(
            hotel=hotel,
            topic="завтрак",
            questions={"ru": ["Когда завтрак?"], "en": ["When is breakfast?"]},
            answer={"ru": "С 7 до 10 ☕", "en": "7 to 10 ☕"},
        )
        await Template.create(hotel=hotel, key="greeting", language="ru", text="Привет, {hotel}!")
        await Staff.create(hotel=hotel, telegram_id=2000, role=Role.MANAGER, name="Мария")
        request = await ServiceRequest.create(
            hotel=hotel, guest=guest, kind="towels", text="Два полотенца, пожалуйста"
        )
        await Event.create(hotel=hotel, kind="service_request", payload={"request_id": request.id})
        await AuditEntry.create(actor="tg:1000", action="hotel_added", hotel_id=hotel.id)
        await Slot.create(key="report:1:2000:2026-03-02", outcome="sent")
        await Preference.create(key="backup:notify", value="on")
    finally:
        await db.close_db()


async def tables(db_url: str) -> list[str]:
    if db_url.startswith("sqlite://"):
        sql = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = (
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()"
        )
    names = [str(r[0]) for r in await query(db_url, sql)]
    return sorted(n for n in names if n != "tortoise_migrations")


async def dump(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, by id, as the database's own driver reads it."""
    return {
        t: await query(db_url, f'SELECT * FROM "{t}" ORDER BY id') for t in await tables(db_url)
    }


def stored_backups(data_dir: Path) -> list[Path]:
    folder = data_dir / "backups"
    return sorted(folder.glob("*.backup")) if folder.exists() else []


def sqlite_only() -> pytest.MarkDecorator:
    return pytest.mark.skipif(bool(PG), reason="SQLite-specific: runs in the SQLite pass")


def now_utc() -> datetime:
    return datetime.now(UTC)
