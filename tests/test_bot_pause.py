"""A chat a person holds, and a hotel whose bot is paused (`/bot off`), hear nothing from the
bot (issue 9): no greeting, answer, model answer, after-hours or flood line; staff see every
message; the bot speaks again once the chat is handed back or the bot turned on.

End to end: guests write through the fake Green API, staff read and press in the fake
Telegram, staff phones write on WhatsApp, the model is the fake OpenAI, the real app between.
Nothing the bot says can reach the gateway without an outbound row, so "no bot message" is
read in the store (no new row but staff's) and at the fake gateway (nothing new sent).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app import create_app, runtime_key
from bot.config import Settings
from bot.demo.seed import KNOWLEDGE
from bot.guest_flow.decide import Situation, decide
from bot.guest_flow.flood import FloodGuard, FloodVerdict
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.intents import Intent
from bot.guest_flow.knowledge import import_entries, load_file
from bot.store.models import (
    AuditEntry,
    Conversation,
    ConversationState,
    Direction,
    Event,
    Hotel,
    Message,
    Role,
    Staff,
)
from tests.ai_support import KNOWN, UNMATCHED, ai_settings
from tests.conftest import (
    MANAGER_ID,
    SUPPORT_ID,
    Chat,
    Client,
    TelegramChat,
    buttons,
    fixture_body,
    post_webhook,
    text_body,
)
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, FakeGreenAPI
from tests.fakes.openai import FakeOpenAI
from tests.fakes.telegram import FakeTelegram
from tests.test_staff_cards import GUEST, OTHER_GUEST, card_for, guest_says, press

FLOOD = 3  # messages a guest may send in the window before the flood line
OTHER_MANAGER_ID = 2100
STAFF_PHONE = "79990001111"
SUPPORT_PHONE = "79990002222"
CALLER = "79005550000"


def closed_now() -> str:
    """Opening hours that exclude the present hour (UTC), so the hotel is closed now."""
    now = datetime.now(UTC)
    opens, closes = now + timedelta(hours=2), now + timedelta(hours=3)
    return f"{opens:%H}:00-{closes:%H}:00"


def brain_window(client: Client) -> float:
    return float(client.app[runtime_key].settings.flood_window_seconds)


def flow_of(client: Client) -> GuestFlow:
    flow: GuestFlow | None = client.app[runtime_key].flow
    assert flow is not None
    return flow


async def manager_says(fake: FakeTelegram, manager: TelegramChat, line: str, expect: str) -> str:
    """The bot's answer containing `expect` (edits of cards and marks may come in between)."""
    before = len(fake.sent_messages(manager.user.id))
    manager.user.send_text(line)
    return (await card_for(fake, manager.user.id, expect, after=before)).text or ""


async def bot_rows() -> list[Message]:
    """Everything the bot (not a person) has put in the outbox."""
    rows = await Message.filter(direction=Direction.OUT).order_by("id")
    return [row for row in rows if row.source != "staff"]


async def settle(client: Client) -> None:
    """Every message processed and every queued reply handed to the gateway."""
    flow = flow_of(client)
    await flow.processor.drain()
    await flow.outbox.flush()


@pytest.fixture
async def staffed(
    aiohttp_client: Any,
    admin_settings: Settings,
    fake_tg: FakeTelegram,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> AsyncIterator[tuple[Client, Hotel]]:
    """The real app with the admin bot and a model; a hotel closed now, with the demo
    knowledge, a manager and a support agent."""
    settings = ai_settings(admin_settings, fake_ai, flood_messages=FLOOD)
    client: Client = await aiohttp_client(create_app(settings))
    await fake_tg.wait_for("getUpdates", 1, timeout=15.0)
    hotel = await hotel_factory(hours=closed_now())
    await import_entries(hotel.id, load_file(KNOWLEDGE))
    await Staff.create(hotel=hotel, telegram_id=MANAGER_ID, role=Role.MANAGER, name="Maria")
    await Staff.create(hotel=hotel, telegram_id=SUPPORT_ID, role=Role.SUPPORT, name="Sam")
    yield client, hotel
    await client.close()


async def test_a_held_chat_gets_no_bot_message_of_any_kind_until_handed_back(
    staffed: tuple[Client, Hotel],
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
    fake_ai: FakeOpenAI,
) -> None:
    client, _ = staffed
    await guest_says(client, "I need to speak to a human please", "A")
    card = await card_for(fake_tg, SUPPORT_ID, "needs a person")
    await settle(client)
    said = [row.source for row in await bot_rows()]
    assert said == ["greeting", "handoff", "after_hours"]  # the hotel is closed now
    sent_before = len(fake_green.sent)
    asked_model = len(fake_ai.requests)

    held = [
        "hello",  # a greeting word: "hello again" in a chat the bot holds
        KNOWN,  # a question the knowledge answers
        UNMATCHED,  # a question only the model would answer
        *(f"are you there? ({n})" for n in range(FLOOD + 2)),  # over the flood limit
    ]
    for n, words in enumerate(held):
        await guest_says(client, words, f"H{n}")
    # A call, which the bot answers in writing when no person holds the chat.
    call = fixture_body("incomingCall", status="offer", idMessage="CALL1")
    call["from"] = GUEST
    call["instanceData"]["idInstance"] = DEFAULT_INSTANCE_ID
    assert (await post_webhook(client, call)).status == 200
    assert await Message.exists(kind="incomingCall", chat_id=GUEST)
    await settle(client)
    assert [row.source for row in await bot_rows()] == said
    assert len(fake_green.sent) == sent_before
    assert len(fake_ai.requests) == asked_model
    # Staff heard every one of them, the flood included, and the call, with Reply on it; the
    # gateway redelivering the call tells them once.
    for words in held:
        await card_for(fake_tg, SUPPORT_ID, words)
    call_notice = await card_for(fake_tg, SUPPORT_ID, "a WhatsApp call from")
    assert any(data.startswith("conv:reply:") for _, data in buttons(call_notice))
    assert (await post_webhook(client, call)).status == 200
    await settle(client)
    assert await Event.filter(kind="guest_call").count() == 1
    assert await Message.filter(kind="incomingCall", chat_id=GUEST).count() == 1
    conversation = await Conversation.get()
    assert conversation.state == ConversationState.HUMAN

    # Resolve hands the chat back: the guest is told, and the bot answers again. (The flood
    # window is wall-clock time; a fresh guard stands for it having passed, with no sleep.)
    brain = flow_of(client).brain
    brain.flood = FloodGuard(FLOOD, brain_window(client))
    resolved = await press(fake_tg, chat(SUPPORT_ID).user, card, f"conv:resolve:{conversation.id}")
    assert "Resolved" in (resolved.params.get("text") or "")
    await guest_says(client, KNOWN, "B1")
    await settle(client)
    told, answered = (await bot_rows())[len(said) :]
    assert "back" in told.text.lower() or told.source == "template"
    assert answered.source == "knowledge"
    await guest_says(client, UNMATCHED, "B2")
    await settle(client)
    assert len(fake_ai.requests) == asked_model + 1
    assert (await bot_rows())[-1].source == "ai"


async def test_bot_off_makes_every_guest_message_a_card_and_the_bot_silent(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    manager = chat(MANAGER_ID)
    # Another guest first, so the hotel's settings are in the guest flow's cache: the pause
    # must reach the very next message without a restart.
    await guest_says(admin_client, "hello", "O1", chat_id=OTHER_GUEST)
    await settle(admin_client)
    assert [row.source for row in await bot_rows()] == ["greeting"]

    assert "Test Hotel" in await manager_says(fake_tg, manager, "/bot", "the bot answers guests")
    assert "Not allowed" in ((await chat(SUPPORT_ID).say("/bot off"))[0].text or "")
    paused = await manager_says(fake_tg, manager, "/bot off", "Paused")
    assert paused.startswith("Paused") and "Test Hotel" in paused
    await manager_says(fake_tg, manager, "/bot off", "already paused")
    assert (await Hotel.get(id=admin_hotel.id)).bot_paused
    await manager_says(fake_tg, manager, "/status", "Bot paused (/bot on to resume): Test Hotel")
    assert await AuditEntry.filter(action="bot_paused", hotel_id=admin_hotel.id).count() == 1

    await guest_says(admin_client, "hello", "A")
    card = await card_for(fake_tg, MANAGER_ID, "Why: the bot is paused for this hotel")
    assert "→" in (card.text or "") and "hello" in (card.text or "")
    conversation = await Conversation.get(guest__chat_id=GUEST)
    assert (conversation.state, conversation.handoff_reason) == (ConversationState.HUMAN, "paused")
    await guest_says(admin_client, "what time is breakfast?", "B")
    sticker = fixture_body("incomingMessageReceived.stickerMessage", idMessage="C")
    sticker["instanceData"]["idInstance"] = DEFAULT_INSTANCE_ID
    sticker["senderData"].update(chatId=GUEST, sender=GUEST)
    del sticker["messageData"]["quotedMessage"]
    assert (await post_webhook(admin_client, sticker)).status == 200
    await settle(admin_client)
    await card_for(fake_tg, MANAGER_ID, "what time is breakfast?")
    assert [row.source for row in await bot_rows()] == ["greeting"]  # nothing new from the bot
    # A call while paused: no written answer, and staff are told nobody answered it.
    call = fixture_body("incomingCall", status="offer", idMessage="CALL-P")
    call["from"] = GUEST
    call["instanceData"]["idInstance"] = DEFAULT_INSTANCE_ID
    assert (await post_webhook(admin_client, call)).status == 200
    await settle(admin_client)
    notice = await card_for(fake_tg, MANAGER_ID, "while the bot is paused")
    assert any(data.startswith("conv:reply:") for _, data in buttons(notice))
    assert [row.source for row in await bot_rows()] == ["greeting"]

    # Staff answer with the usual gesture; the guest gets it.
    before = len(fake_green.sent)
    fake_tg.send_reply(manager.user, card, text="Breakfast is 7 to 10, Maria")
    sent = (await fake_green.wait_for_sent(before + 1))[-1]
    assert (sent.chat_id, sent.message) == (GUEST, "Breakfast is 7 to 10, Maria")

    # Opting out is the guest's right, paused or not.
    await guest_says(admin_client, "STOP", "D")
    await settle(admin_client)
    assert [row.source for row in await bot_rows()] == ["greeting", "opt_out"]

    # A manager of another hotel cannot touch this one.
    fake_green.add_instance(2202000002, "other-token", wid="79990000002@c.us")
    other = await hotel_factory(name="Other", instance_id=2202000002, token="other-token")
    await Staff.create(hotel=other, telegram_id=OTHER_MANAGER_ID, role=Role.MANAGER)
    refused = await chat(OTHER_MANAGER_ID).say(f"/bot on {admin_hotel.id}")
    assert "Not allowed" in (refused[0].text or "")
    assert (await Hotel.get(id=admin_hotel.id)).bot_paused

    resumed = await manager_says(fake_tg, manager, "/bot on", "again")
    assert "answers the guests of Test Hotel again" in resumed
    assert await AuditEntry.filter(action="bot_resumed", hotel_id=admin_hotel.id).count() == 1
    await guest_says(admin_client, "hello", "O2", chat_id=OTHER_GUEST)
    await settle(admin_client)
    assert [row.source for row in await bot_rows()][-1] == "hello_again"


async def test_a_staff_phone_pauses_and_resumes_the_bot_on_whatsapp(
    app_client: Client, hotel: Hotel, fake_green: FakeGreenAPI
) -> None:
    await Staff.create(hotel=hotel, phone=STAFF_PHONE, role=Role.MANAGER, name="Maria")
    await Staff.create(hotel=hotel, phone=SUPPORT_PHONE, role=Role.SUPPORT, name="Sam")

    async def says(who: str, words: str, id_message: str) -> list[str]:
        body = text_body(words, chat_id=f"{who}@c.us", id_message=id_message)
        assert (await post_webhook(app_client, body)).status == 200
        await settle(app_client)
        return [s.message for s in fake_green.sent_to(f"{who}@c.us")]

    async def calls(who: str, id_message: str) -> list[str]:
        body = fixture_body("incomingCall", status="offer", idMessage=id_message)
        body["from"] = f"{who}@c.us"
        body["instanceData"]["idInstance"] = DEFAULT_INSTANCE_ID
        assert (await post_webhook(app_client, body)).status == 200
        await settle(app_client)
        return [s.message for s in fake_green.sent_to(f"{who}@c.us")]

    assert "the bot answers guests" in (await says(STAFF_PHONE, "/bot", "S1"))[-1]
    assert "Not allowed" in (await says(SUPPORT_PHONE, "/bot off", "P1"))[-1]
    assert (await says(STAFF_PHONE, "/bot off", "S2"))[-1].startswith("Paused")
    assert await says(GUEST.removesuffix("@c.us"), "hello", "G1") == []
    assert await calls(CALLER, "CALL2") == []  # not even the written answer to a call
    assert "answers the guests" in (await says(STAFF_PHONE, "/bot on", "S3"))[-1]
    # The paused guest's chat stays with staff until resolved; a new guest hears the bot.
    assert await says(GUEST.removesuffix("@c.us"), "anyone?", "G2") == []
    assert await says(OTHER_GUEST.removesuffix("@c.us"), "hello", "G3")
    assert await calls(CALLER, "CALL3")


def test_paused_is_the_held_road_but_opting_out_still_works() -> None:
    """The rules alone: a paused hotel's every message is a handoff to staff with no reply,
    whatever it is (a first message, a flood, an unreadable one); STOP is still answered."""
    for situation in (
        Situation(kind="textMessage", text="hi", first_message=True, paused=True),
        Situation(kind="textMessage", text="again", flood=FloodVerdict.NOTICE, paused=True),
        Situation(kind="textMessage", text="later", flood=FloodVerdict.QUIET, paused=True),
        Situation(kind="stickerMessage", text="", open_now=False, paused=True),
        Situation(kind="textMessage", text="?", undecryptable=True, paused=True),
    ):
        d = decide(situation)
        assert (d.replies, d.handoff, d.notify_staff) == ([], "paused", True), situation
    stop = decide(
        Situation(kind="textMessage", text="STOP", intent=Intent("opt_out"), paused=True)
    )
    assert stop.opt_out and [r.template for r in stop.replies] == ["opt_out"]


async def test_a_call_after_the_release_is_answered_again(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    """A chat nobody took for HANDOFF_RELEASE_HOURS is the bot's again: a call is answered."""
    await guest_says(admin_client, "I need to speak to a human please", "A")
    await settle(admin_client)
    conversation = await Conversation.get()
    assert conversation.handed_off_at is not None
    await Conversation.filter(id=conversation.id).update(
        handed_off_at=conversation.handed_off_at - timedelta(hours=13)
    )
    call = fixture_body("incomingCall", status="offer", idMessage="CALL9")
    call["from"] = GUEST
    call["instanceData"]["idInstance"] = DEFAULT_INSTANCE_ID
    assert (await post_webhook(admin_client, call)).status == 200
    await settle(admin_client)
    assert (await bot_rows())[-1].source == "calls_unsupported"
