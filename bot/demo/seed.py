"""The demo hotel a fresh install starts with, so `python main.py chat` works at once."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.guest_flow.knowledge import import_entries, load_file
from bot.store.crypto import TokenCipher
from bot.store.hotels import create_hotel
from bot.store.models import Hotel, ReceiveMode

log = logging.getLogger(__name__)
DEMO_INSTANCE_ID = 1
KNOWLEDGE = Path(__file__).with_name("knowledge.yaml")


async def seed_demo(cipher: TokenCipher, api_url: str) -> Hotel | None:
    """Create the demo hotel when the database has no hotel at all; otherwise do nothing."""
    if await Hotel.exists():
        return None
    hotel, _ = await create_hotel(
        cipher,
        name="Hotel Aurora (demo)",
        instance_id=DEMO_INSTANCE_ID,
        token="demo-token-not-a-real-instance",
        api_url=api_url,
        receive_mode=ReceiveMode.WEBHOOK,
        timezone="Europe/Lisbon",
        languages="en,ru",
        hours="07:00-23:00",
    )
    await import_entries(hotel.id, load_file(KNOWLEDGE))
    log.info(
        "created the demo hotel #%s with sample knowledge; try it with `python main.py chat`",
        hotel.id,
    )
    return hotel
