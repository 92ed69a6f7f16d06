"""/status counts only the queues of the hotels the asker sees: staff of one hotel never learn
of another hotel's traffic, while the super admin (and /health, /metrics) see every hotel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from tortoise import timezone

from bot.app import runtime_key
from bot.guest_flow.flow import GuestFlow
from bot.store.models import Direction, Hotel, Message, MessageStatus, Role, Staff
from tests.conftest import MANAGER_ID, SUPER_ADMIN_ID, SUPPORT_ID, Chat, Client
from tests.fakes.greenapi import FakeGreenAPI

OTHER_INSTANCE_ID = 1101000003
OTHER_TOKEN = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607182"
OTHER_MANAGER_ID = 2001


@pytest.fixture
async def other_hotel(
    admin_hotel: Hotel, fake_green: FakeGreenAPI, hotel_factory: Callable[..., Awaitable[Hotel]]
) -> Hotel:
    """Hotel B, with its own manager; the test hotel's manager and support don't see it."""
    fake_green.add_instance(OTHER_INSTANCE_ID, OTHER_TOKEN, wid="79990000003@c.us")
    hotel = await hotel_factory(
        name="Sakura Inn",
        instance_id=OTHER_INSTANCE_ID,
        token=OTHER_TOKEN,
        webhook_token="other-webhook-token-0123456789",
    )
    await Staff.create(hotel=hotel, telegram_id=OTHER_MANAGER_ID, role=Role.MANAGER, name="Ken")
    return hotel


async def _outbox(hotel: Hotel, count: int, age: timedelta) -> None:
    """Replies waiting to go out; not due for an hour, so the sender leaves them waiting."""
    for i in range(count):
        await Message.create(
            hotel_id=hotel.id,
            chat_id=f"7900000{i:04d}@c.us",
            direction=Direction.OUT,
            text="waiting",
            status=MessageStatus.PENDING,
            created_at=timezone.now() - age,
            next_attempt_at=timezone.now() + timedelta(hours=1),
        )


async def _inbox(hotel: Hotel, count: int) -> None:
    """Guest messages stored and not processed yet (recovery ran at start, before them)."""
    for i in range(count):
        await Message.create(
            hotel_id=hotel.id,
            chat_id=f"7911000{i:04d}@c.us",
            direction=Direction.IN,
            gateway_id=f"IN-{hotel.id}-{i}",
            text="hello",
            status=MessageStatus.RECEIVED,
        )


@pytest.fixture
async def queues(admin_hotel: Hotel, other_hotel: Hotel) -> None:
    """Hotel A: 2 replies waiting (2 minutes), 1 guest message; hotel B: 3 replies stuck for
    20 minutes, 4 guest messages."""
    await _outbox(admin_hotel, 2, timedelta(minutes=2))
    await _inbox(admin_hotel, 1)
    await _outbox(other_hotel, 3, timedelta(minutes=20))
    await _inbox(other_hotel, 4)


async def _status(chat: Chat, user_id: int) -> str:
    replies = await chat(user_id).say("/status")
    return replies[-1].text or ""


async def test_hotel_staff_see_only_their_hotels_queues(
    admin_client: Client, chat: Chat, queues: None
) -> None:
    for user_id in (MANAGER_ID, SUPPORT_ID):
        text = await _status(chat, user_id)
        assert "outbox: 2 waiting, the oldest for 2m" in text
        assert "guest messages waiting to be processed: 1" in text
        assert "not going out" not in text, "hotel B's stuck replies are not A's problem"
        assert "Sakura Inn" not in text
    text = await _status(chat, OTHER_MANAGER_ID)
    assert "outbox: 3 waiting, the oldest for 20m" in text and "not going out" in text
    assert "guest messages waiting to be processed: 4" in text
    assert "Test Hotel" not in text


async def test_super_admin_sees_every_hotels_queues(
    admin_client: Client, chat: Chat, queues: None
) -> None:
    text = await _status(chat, SUPER_ADMIN_ID)
    assert "outbox: 5 waiting, the oldest for 20m" in text and "not going out" in text
    assert "guest messages waiting to be processed: 5" in text


async def test_depths_by_hotel_and_metrics_only_from_the_whole(
    admin_client: Client, admin_hotel: Hotel, other_hotel: Hotel, queues: None
) -> None:
    flow: GuestFlow | None = admin_client.app[runtime_key].flow
    assert flow is not None
    whole = await flow.depths()
    assert (whole["outbox_pending"], whole["inbox_pending"]) == (5, 5)
    assert whole["outbox_oldest_seconds"] >= 20 * 60
    own = await flow.depths({admin_hotel.id})
    assert (own["outbox_pending"], own["inbox_pending"]) == (2, 1)
    assert 2 * 60 <= own["outbox_oldest_seconds"] < 20 * 60
    both = await flow.depths([admin_hotel.id, other_hotel.id])
    assert (both["outbox_pending"], both["inbox_pending"]) == (5, 5)
    none = await flow.depths(set())
    assert (none["outbox_pending"], none["inbox_pending"]) == (0, 0)
    # The gauges keep the whole count: a scoped look must not overwrite what /metrics says.
    registry = flow.metrics.registry
    assert registry.get_sample_value("hotelboost_outbox_pending") == 5
    assert registry.get_sample_value("hotelboost_inbox_pending") == 5
    health = await (await admin_client.get("/health")).json()
    assert health["components"]["queues"]["outbox_pending"] == 5
    assert health["components"]["queues"]["inbox_pending"] == 5
