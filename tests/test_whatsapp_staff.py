"""Staff phones command the bot over WhatsApp through the same core; guests stay guests."""

from __future__ import annotations

from typing import Any

from bot.guest_flow.flow import GuestFlow
from bot.store.models import Guest, Hotel, Role, Staff
from tests.conftest import Client, post_webhook, text_body
from tests.fakes.greenapi import FakeGreenAPI

STAFF_PHONE = "79990001111"


async def say(client: Client, flow: GuestFlow, text: str, chat: str, id_message: str) -> None:
    body = text_body(text, chat_id=chat, id_message=id_message)
    assert (await post_webhook(client, body)).status == 200
    await flow.processor.drain()
    await flow.outbox.flush()


async def test_staff_phone_gets_status_stats_inbox_and_help(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    await Staff.create(hotel=hotel, phone=STAFF_PHONE, role=Role.MANAGER, name="Maria")
    staff_chat = f"{STAFF_PHONE}@c.us"
    await say(app_client, flow, "/status", staff_chat, "S1")
    await say(app_client, flow, "/stats today", staff_chat, "S2")
    await say(app_client, flow, "/inbox", staff_chat, "S3")
    await say(app_client, flow, "hello?", staff_chat, "S4")
    replies = [s.message for s in fake_green.sent_to(staff_chat)]
    assert len(replies) == 4
    assert "Test Hotel" in replies[0]  # the hotel's WhatsApp state is part of /status
    assert "0" in replies[1]
    assert "Nothing is waiting" in replies[2]
    assert "/status" in replies[3] and "/inbox" in replies[3]
    assert not await Guest.exists(chat_id=staff_chat)  # staff are not guests


async def test_guest_typing_a_command_gets_a_guest_answer(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    await say(app_client, flow, "/status", "79001234567@c.us", "G1")
    replies = [s.message for s in fake_green.sent_to("79001234567@c.us")]
    assert replies and "welcome" in replies[0].lower()
    assert await Guest.exists(chat_id="79001234567@c.us")


async def test_staff_of_another_hotel_is_a_guest_here(
    app_client: Client,
    flow: GuestFlow,
    fake_green: FakeGreenAPI,
    hotel: Hotel,
    hotel_factory: Any,
) -> None:
    other = await hotel_factory(name="Other", instance_id=2202000002)
    await Staff.create(hotel=other, phone=STAFF_PHONE, role=Role.MANAGER)
    await say(app_client, flow, "/status", f"{STAFF_PHONE}@c.us", "X1")
    assert "welcome" in fake_green.sent_to(f"{STAFF_PHONE}@c.us")[0].message.lower()
