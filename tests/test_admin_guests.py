"""Staff hear about guests in Telegram and answer them there; guest cards and erasure."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.app import runtime_key
from bot.store.models import (
    AuditEntry,
    Conversation,
    ConversationState,
    Event,
    Guest,
    Hotel,
    Message,
    Role,
    ServiceRequest,
    Staff,
)
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    buttons,
    post_webhook,
    text_body,
)
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.telegram import ApiCall, FakeTelegram

GUEST = "79001234567@c.us"


async def guest_says(client: Client, text: str, id_message: str) -> None:
    assert (await post_webhook(client, text_body(text, id_message=id_message))).status == 200
    flow = client.app[runtime_key].flow
    assert flow is not None
    await flow.processor.drain()


async def notification(fake_tg: FakeTelegram, user_id: int, contains: str) -> ApiCall:
    for _ in range(300):
        for call in fake_tg.sent_messages(user_id):
            if contains in (call.text or ""):
                return call
        await asyncio.sleep(0.02)
    raise AssertionError(f"no notification with {contains!r} for {user_id}")


async def test_handoff_reaches_staff_who_answer_from_telegram(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    await guest_says(admin_client, "hello", "A")
    await guest_says(admin_client, "I need to speak to a human please", "B")
    await notification(fake_tg, MANAGER_ID, "needs a person")  # every staff member hears
    note = await notification(fake_tg, SUPPORT_ID, "needs a person")
    reply_data = next(data for text, data in buttons(note) if data.startswith("conv:reply"))
    support = chat(SUPPORT_ID)
    _, prompt = await support.click(note, reply_data)
    assert "Write your answer" in (prompt[-1].text or "")
    await support.say("Hello, this is Sam from reception. How can I help?")
    sent = await fake_green.wait_for_sent(3)
    assert sent[-1].message.startswith("Hello, this is Sam") and sent[-1].chat_id == GUEST
    # The person keeps the chat: the bot does not answer the guest's next message.
    await guest_says(admin_client, "what time is breakfast?", "C")
    await notification(fake_tg, SUPPORT_ID, "writes")
    assert len(fake_green.sent) == 3
    # The card itself is edited to show the new message (before /inbox, so replies don't mix).
    for _ in range(300):
        card = fake_tg.message(SUPPORT_ID, note.result["message_id"]) or {}
        if "what time is breakfast" in card.get("text", ""):
            break
        await asyncio.sleep(0.02)
    assert "what time is breakfast" in card.get("text", "") and card.get("reply_markup")
    inbox = (await support.say("/inbox"))[0]
    release = next(data for text, data in buttons(inbox) if data.startswith("conv:release"))
    await support.click(inbox, release)
    assert (await Conversation.get()).state == ConversationState.BOT
    assert await AuditEntry.filter(action="conversation_resolved").count() == 1
    # Handing back tells the guest, and the card shows it is resolved, with no buttons left.
    told = await fake_green.wait_for_sent(4)
    assert told[-1].chat_id == GUEST and "finished here" in told[-1].message
    for _ in range(300):
        current = fake_tg.message(SUPPORT_ID, note.result["message_id"]) or {}
        if "Resolved by" in current.get("text", ""):
            break
        await asyncio.sleep(0.02)
    assert "Resolved by" in current.get("text", "") and "reply_markup" not in current


async def test_request_notification_and_done_button(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_tg: FakeTelegram
) -> None:
    await guest_says(admin_client, "hello", "A")
    await guest_says(admin_client, "please send a taxi to the airport at 6am", "B")
    note = await notification(fake_tg, MANAGER_ID, "request #")
    done = next(data for text, data in buttons(note) if data.startswith("req:done"))
    answer, edited = await chat(MANAGER_ID).click(note, done)
    assert "is done" in (answer.params.get("text") or "")
    assert "Done by User2000" in (edited[-1].text or "")  # the card itself, edited in place
    assert (await ServiceRequest.get()).status == "done"


async def test_inbox_lists_what_waits_for_a_person(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    assert "Nothing is waiting" in ((await chat(SUPPORT_ID).say("/inbox"))[0].text or "")
    await guest_says(admin_client, "hello", "A")
    await guest_says(admin_client, "I want to talk to a manager", "B")
    other_guest = text_body("can I have extra towels", id_message="C", chat_id="7911@c.us")
    await post_webhook(admin_client, other_guest)
    await guest_says(admin_client, "hello", "D")
    text = (await chat(SUPPORT_ID).say("/inbox"))[0].text or ""
    # Support staff read the number masked (core/inbox.py; tests/test_inbox.py for the rest).
    assert "+7900•••••67" in text and "Open requests (1)" in text


async def test_guest_card_and_forget_with_confirmation(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    await guest_says(admin_client, "hello, is there parking?", "A")
    card = (await chat(SUPPORT_ID).say("/guest +7 900 123-45-67"))[0].text or ""
    assert "79001234567@c.us" in card and "Test Hotel" in card and "is there parking" in card
    assert "No guest" in ((await chat(SUPPORT_ID).say("/guest 70000000000"))[0].text or "")
    assert "Usage" in ((await chat(SUPPORT_ID).say("/guest"))[0].text or "")
    assert "Not allowed" in ((await chat(SUPPORT_ID).say("/forget 79001234567"))[0].text or "")
    manager = chat(MANAGER_ID)
    prompt = (await manager.say("/forget 79001234567"))[0]
    keep = next(data for text, data in buttons(prompt) if data == "guest:keep")
    await manager.click(prompt, keep)
    assert await Guest.exists(chat_id=GUEST)
    prompt = (await manager.say("/forget 79001234567"))[0]
    erase = next(data for text, data in buttons(prompt) if data.startswith("guest:forget"))
    _, edited = await manager.click(prompt, erase)
    assert "Erased" in (edited[-1].text or "")
    assert not await Guest.exists(chat_id=GUEST)
    assert await Message.filter(chat_id=GUEST).count() == 0
    assert await AuditEntry.filter(action="guest_forgotten").count() == 1


async def test_forged_buttons_for_another_hotel_are_refused(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    hotel_factory: Any,
) -> None:
    other = await hotel_factory(name="Other", instance_id=2202000002)
    guest = await Guest.create(hotel=other, chat_id="79005550000@c.us")
    conversation = await Conversation.create(
        hotel=other, guest=guest, state=ConversationState.HUMAN
    )
    manager = chat(MANAGER_ID)
    menu = (await manager.say("/inbox"))[0]
    for data in (
        f"guest:forget:{guest.id}",
        f"conv:release:{conversation.id}",
        f"conv:reply:{conversation.id}",
    ):
        answer, _ = await manager.click(menu, data, replies=0, forged=True)
        assert answer.params.get("show_alert") and "Not allowed" in (answer.params["text"])
    assert await Guest.exists(id=guest.id)
    assert (await Conversation.get(id=conversation.id)).state == ConversationState.HUMAN
    assert await AuditEntry.filter(action="refused", hotel_id=other.id).count() == 3
    assert SUPER_ADMIN_ID not in [c.chat_id for c in fake_tg.sent_messages()]


async def test_a_stored_super_admin_row_receives_no_cards(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    """Only the environment makes super admins: an old stored row is neither staff nor admin."""
    await Staff.create(hotel=admin_hotel, telegram_id=7777, role=Role.SUPER_ADMIN, name="Ex")
    await guest_says(admin_client, "I need to speak to a human please", "X1")
    await notification(fake_tg, MANAGER_ID, "needs a person")
    assert fake_tg.sent_messages(7777) == []


async def test_an_event_that_cannot_be_shown_holds_back_no_other(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    """A card whose data breaks rendering (here: button data past Telegram's 64 bytes) is
    given up after a few passes; the cards behind it reach staff at once."""
    bad = await Event.create(
        hotel=admin_hotel, kind="service_request", payload={"request_id": "9" * 70}
    )
    await guest_says(admin_client, "I need to speak to a human please", "H1")
    await notification(fake_tg, MANAGER_ID, "needs a person")
    for _ in range(600):
        await bad.refresh_from_db()
        if bad.delivered_at is not None:
            break
        await asyncio.sleep(0.02)
    assert bad.delivered_at is not None
