"""The staff inbox, part 1 (issue 9): where cards go, the card, Take and Resolve.

End to end: guests write through the fake Green API, staff read and press in the fake
Telegram (private chats, a group, a forum with topics), the real app in between.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

from bot.admin_flow.core.actor import telegram_actor
from bot.admin_flow.core.cards import (
    CardState,
    CardView,
    reason_words,
    render_card,
    topic_name,
    waiting_step,
)
from bot.admin_flow.core.handling import resolve, take
from bot.admin_flow.middleware import GROUP_DIALOGS
from bot.admin_flow.routers.guests import ReplyToGuest
from bot.app import runtime_key
from bot.i18n import I18n
from bot.store.models import (
    AuditEntry,
    Conversation,
    ConversationState,
    Event,
    Guest,
    Hotel,
    Message,
    Role,
    Staff,
    StaffLink,
)
from tests.conftest import (
    MANAGER_ID,
    STRANGER_ID,
    SUPER_ADMIN_ID,
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
from tests.fakes.telegram import ApiCall, FakeTelegram, FakeUser

GUEST = "79001234567@c.us"
OTHER_GUEST = "79007654321@c.us"
FORUM = -1001234567
OTHER_INSTANCE = 1101000002
OTHER_SUPPORT_ID = 3100


async def guest_says(
    client: Client, text: str, id_message: str, *, chat_id: str = GUEST, name: str = "Anna Smith"
) -> None:
    body = text_body(text, id_message=id_message, chat_id=chat_id)
    body["senderData"]["senderName"] = name
    assert (await post_webhook(client, body)).status == 200
    flow = client.app[runtime_key].flow
    assert flow is not None
    await flow.processor.drain()


async def other_hotels_support(fake: FakeGreenAPI, hotel_factory: Any) -> Hotel:
    """Another hotel, with its own support user (OTHER_SUPPORT_ID, "Olga"): the stranger every
    isolation test tries to see, take, answer or close this hotel's guests with."""
    fake.add_instance(OTHER_INSTANCE, "other-token-0123456789")
    other: Hotel = await hotel_factory(name="Other Hotel", instance_id=OTHER_INSTANCE)
    await Staff.create(hotel=other, telegram_id=OTHER_SUPPORT_ID, role=Role.SUPPORT, name="Olga")
    return other


async def card_for(fake: FakeTelegram, chat_id: int, contains: str, after: int = 0) -> ApiCall:
    """The first message sent to `chat_id` (from the `after`-th on) containing `contains`."""
    for _ in range(500):
        for call in fake.sent_messages(chat_id)[after:]:
            if call.method == "sendMessage" and contains in (call.text or ""):
                return call
        await asyncio.sleep(0.02)
    seen = [c.text for c in fake.sent_messages(chat_id)]
    raise AssertionError(f"no message with {contains!r} for {chat_id}: {seen}")


async def link_for(**filters: Any) -> StaffLink:
    """The newest StaffLink matching `filters`, waited for: the bot stores it once Telegram has
    answered the send, a moment after the fake recorded the call a test just saw."""
    for _ in range(500):
        link = await StaffLink.filter(**filters).order_by("-id").first()
        if link is not None:
            return link
        await asyncio.sleep(0.02)
    raise AssertionError(f"no staff link with {filters}")


async def delivered() -> None:
    """Every staff event delivered (the notifier's own pass; nothing left to arrive)."""
    for _ in range(500):
        if not await Event.filter(delivered_at__isnull=True).exists():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("staff events not delivered")


async def now_reads(fake: FakeTelegram, card: ApiCall, contains: str) -> dict[str, Any]:
    """The card as Telegram holds it now, once an edit made it contain `contains`."""
    chat_id, message_id = card.result["chat"]["id"], card.result["message_id"]
    for _ in range(500):
        current = fake.message(chat_id, message_id)
        if current is not None and contains in current.get("text", ""):
            return current
        await asyncio.sleep(0.02)
    raise AssertionError(f"card {message_id} in {chat_id} never said {contains!r}: {current}")


def keys(message: Mapping[str, Any]) -> list[str]:
    """The callback data of a stored message's buttons (what a person can press now)."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b.get("callback_data", "") for row in rows for b in row]


async def press(
    fake: FakeTelegram,
    user: FakeUser,
    message: ApiCall | Mapping[str, Any],
    data: str,
    *,
    forged: bool = False,
) -> ApiCall:
    """A button press anywhere (a private chat or a group); the callback's answer."""
    answers = len([c for c in fake.calls if c.method == "answerCallbackQuery"])
    fake.click(user, message, data, strict=not forged)
    return (await fake.wait_for("answerCallbackQuery", answers + 1, timeout=15.0))[answers]


async def in_group(fake: FakeTelegram, user: FakeUser, line: str, replies: int = 1) -> str:
    before = len([c for c in fake.sent_messages(FORUM) if c.method == "sendMessage"])
    fake.send_group_text(user, FORUM, line)
    said = await fake.wait_for("sendMessage", before + replies, chat_id=FORUM, timeout=15.0)
    return said[-1].text or ""


async def test_cards_reach_staff_privately_masked_for_support_full_for_managers(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    await guest_says(admin_client, "hello", "A")
    await guest_says(admin_client, "what is the wifi password of the moon?", "B")
    await guest_says(admin_client, "I need to speak to a human please", "C")
    manager = await card_for(fake_tg, MANAGER_ID, "needs a person")
    support = await card_for(fake_tg, SUPPORT_ID, "needs a person")
    for card in (manager, support):
        body = card.text or ""
        assert "Anna Smith" in body and "Language: en" in body
        assert "Why: asked for a person after a question the bot could not answer" in body
        assert "wifi password of the moon" in body
        assert "→" in body and "I need to speak to a human" in body  # the last messages
        assert "Waiting 0m" in body
        assert [data.split(":")[1] for _, data in buttons(card)] == ["take", "reply", "resolve"]
    assert "+79001234567" in (manager.text or "")
    assert "79001234567" not in (support.text or "") and "+7900•••••67" in (support.text or "")
    # The hotel has staff of its own: the super admin (default "unstaffed") gets nothing.
    assert fake_tg.sent_messages(SUPER_ADMIN_ID) == []
    conversation = await Conversation.get()
    links = await StaffLink.filter(conversation_id=conversation.id, kind="card")
    assert {link.tg_chat_id for link in links} == {MANAGER_ID, SUPPORT_ID}


async def test_two_staff_press_take_at_once_one_wins_and_every_card_keeps_its_buttons(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_tg: FakeTelegram
) -> None:
    await guest_says(admin_client, "I want to talk to a manager", "A")
    cards = {
        MANAGER_ID: await card_for(fake_tg, MANAGER_ID, "needs a person"),
        SUPPORT_ID: await card_for(fake_tg, SUPPORT_ID, "needs a person"),
    }
    conversation = await Conversation.get()
    take_data = f"conv:take:{conversation.id}"
    users = {uid: chat(uid).user for uid in cards}
    answers = len([c for c in fake_tg.calls if c.method == "answerCallbackQuery"])
    for uid, card in cards.items():  # both presses in one batch of updates: handled at once
        fake_tg.click(users[uid], card, take_data)
    answered = (await fake_tg.wait_for("answerCallbackQuery", answers + 2))[answers:]
    said = sorted(a.params.get("text") or "" for a in answered)
    assert said[0].startswith("It's yours") and "is already handling" in said[1]
    assert [bool(a.params.get("show_alert")) for a in answered].count(True) == 1
    conversation = await Conversation.get()
    holder = f"User{conversation.taken_by}"
    assert conversation.taken_by in cards and conversation.taken_by_name == holder
    assert f"{holder} is already handling" in said[1]
    assert await AuditEntry.filter(action="conversation_taken").count() == 1
    for card in cards.values():
        # Edited in place, for everyone, with the buttons of a taken card (an edit without a
        # keyboard would have dropped them, as Telegram does).
        current = await now_reads(fake_tg, card, f"{holder} is handling this")
        assert [d.split(":")[1] for d in keys(current)] == ["reply", "resolve"]
    # A late press from a stale copy is told who holds it; nothing changes.
    loser = SUPPORT_ID if conversation.taken_by == MANAGER_ID else MANAGER_ID
    late = await press(fake_tg, users[loser], cards[loser], take_data, forged=True)
    assert f"{holder} is already handling" in (late.params.get("text") or "")
    assert await AuditEntry.filter(action="conversation_taken").count() == 1


async def test_take_is_atomic_in_the_store(admin_client: Client, admin_hotel: Hotel) -> None:
    """The same race straight at the core, many times at once: exactly one UPDATE wins."""
    guest = await Guest.create(hotel=admin_hotel, chat_id=GUEST)
    conversation = await Conversation.create(
        hotel=admin_hotel, guest=guest, state=ConversationState.HUMAN, handoff_reason="human"
    )
    ctx = admin_client.app[runtime_key].admin
    assert ctx is not None
    people = [
        await telegram_actor(uid, f"Person {uid}", "en", ctx.settings.admin_ids)
        for uid in (MANAGER_ID, SUPPORT_ID, SUPER_ADMIN_ID)
    ]
    outcomes = await asyncio.gather(*(take(ctx, p, conversation.id) for p in people * 3))
    assert sum(o.changed for o in outcomes) == 1
    await conversation.refresh_from_db()
    assert conversation.taken_by in (MANAGER_ID, SUPPORT_ID, SUPER_ADMIN_ID)


async def test_a_new_handoff_after_the_release_has_no_holder_from_the_last_one(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    """Nobody resolved the last handoff; the 12-hour release gave the chat back to the bot.
    The guest's next call for a person is a new handoff: untaken, unanswered, waiting now."""
    await guest_says(admin_client, "I want to talk to a manager", "A")
    await card_for(fake_tg, SUPPORT_ID, "needs a person")
    conversation = await Conversation.get()
    assert conversation.handed_off_at is not None
    long_ago = conversation.handed_off_at - timedelta(hours=13)
    await Conversation.filter(id=conversation.id).update(
        taken_by=SUPPORT_ID,
        taken_by_name="Pedro",
        taken_at=long_ago,
        first_staff_reply_at=long_ago,
        handed_off_at=long_ago,
    )
    await guest_says(admin_client, "Can I speak to a person please?", "B")
    conversation = await Conversation.get()
    assert conversation.state == ConversationState.HUMAN
    assert conversation.handed_off_at is not None
    assert conversation.handed_off_at > long_ago
    assert conversation.taken_by is None and conversation.taken_by_name is None
    assert conversation.taken_at is None and conversation.first_staff_reply_at is None


async def test_an_untaken_card_keeps_its_waiting_time_true(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_tg: FakeTelegram
) -> None:
    await guest_says(admin_client, "I want to talk to a manager", "A")
    card = await card_for(fake_tg, SUPPORT_ID, "needs a person")
    side = admin_client.app[runtime_key].telegram
    assert side is not None
    desk = side.dp["cards"]
    conversation = await Conversation.get()
    assert conversation.handed_off_at is not None
    await desk.refresh_waiting(conversation.handed_off_at + timedelta(seconds=20))
    later = conversation.handed_off_at + timedelta(minutes=12, seconds=5)
    assert await desk.refresh_waiting(later) == 2  # the manager's copy and support's
    assert waiting_step(12) == 10
    current = await now_reads(fake_tg, card, "Waiting 12m")
    assert [d.split(":")[1] for d in keys(current)] == ["take", "reply", "resolve"]
    # Within the same step nothing is edited again; a taken card shows its holder instead.
    assert await desk.refresh_waiting(later + timedelta(minutes=2)) == 0
    assert (await press(fake_tg, chat(SUPPORT_ID).user, card, f"conv:take:{conversation.id}")).ok
    assert await desk.refresh_waiting(later + timedelta(hours=1)) == 0


async def test_resolve_tells_the_guest_in_their_language_and_the_card_closes(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    await Hotel.filter(id=admin_hotel.id).update(announce_join=True)
    await guest_says(admin_client, "Здравствуйте, позовите менеджера пожалуйста", "A")
    card = await card_for(fake_tg, SUPPORT_ID, "needs a person")
    assert "Language: ru" in (card.text or "")
    conversation = await Conversation.get()
    support = chat(SUPPORT_ID).user
    assert (await press(fake_tg, support, card, f"conv:take:{conversation.id}")).ok
    joined = await fake_green.wait_for_sent(3)  # greeting, handoff, joined
    assert "User3000 из нашей команды присоединился" in joined[-1].message
    await now_reads(fake_tg, card, "User3000 is handling this")
    answer = await press(fake_tg, support, card, f"conv:resolve:{conversation.id}")
    assert "Resolved" in (answer.params.get("text") or "")
    sent = await fake_green.wait_for_sent(4)
    assert sent[-1].chat_id == GUEST and sent[-1].message.startswith("Спасибо, что написали")
    for uid in (MANAGER_ID, SUPPORT_ID):
        copy = await card_for(fake_tg, uid, "needs a person")
        current = await now_reads(fake_tg, copy, "Resolved by User3000")
        assert keys(current) == []  # nothing left to press
    conversation = await Conversation.get()
    assert conversation.state == ConversationState.BOT and conversation.taken_by is None
    assert conversation.resolved_at is not None
    assert await AuditEntry.filter(action="conversation_resolved").count() == 1
    # Pressing Resolve again (a stale copy) tells the presser; the guest hears nothing more.
    again = await press(fake_tg, support, card, f"conv:resolve:{conversation.id}", forged=True)
    assert "already back with the bot" in (again.params.get("text") or "")
    await asyncio.sleep(0.3)
    assert len(fake_green.sent) == 4
    # The bot answers the guest again.
    await guest_says(admin_client, "Спасибо!", "B")
    assert len(await fake_green.wait_for_sent(5)) == 5


async def test_a_forum_group_gets_the_cards_with_a_topic_per_guest(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    fake_tg.add_group(FORUM, "Front desk", forum=True)
    manager, support = chat(MANAGER_ID).user, chat(SUPPORT_ID).user
    assert "Not allowed" in await in_group(fake_tg, support, "/bindgroup")
    assert "each guest in a topic" in await in_group(fake_tg, manager, "/bindgroup")
    hotel = await Hotel.get(id=admin_hotel.id)
    assert hotel.staff_chat_id == FORUM and hotel.staff_chat_forum
    assert await AuditEntry.filter(action="group_bound", hotel_id=hotel.id).count() == 1

    await guest_says(admin_client, "I need to speak to a human please", "A")
    await guest_says(admin_client, "I need a person", "B", chat_id=OTHER_GUEST, name="Bob")
    first = await card_for(fake_tg, FORUM, "Anna Smith")
    second = await card_for(fake_tg, FORUM, "Bob")
    topics = fake_tg.topics[FORUM]
    assert sorted(topics.values()) == ["Anna Smith +7900•••••67", "Bob +7900•••••21"]
    assert first.params["message_thread_id"] != second.params["message_thread_id"]
    assert first.result["is_topic_message"] and first.params["message_thread_id"] in topics
    assert "79001234567" not in (first.text or "")  # a group reads masked numbers
    conversation = await Conversation.get(guest__chat_id=GUEST)
    assert conversation.topic_id == first.params["message_thread_id"]
    # Nobody gets the cards privately any more.
    assert not [c for c in fake_tg.sent_messages(MANAGER_ID) if "needs a person" in (c.text or "")]
    # The guest's next messages go to their topic too.
    await guest_says(admin_client, "are you there?", "C")
    note = await card_for(fake_tg, FORUM, "are you there?")
    assert note.params["message_thread_id"] == conversation.topic_id
    current = await now_reads(fake_tg, first, "are you there?")  # the card follows too
    assert [d.split(":")[1] for d in keys(current)] == ["take", "reply", "resolve"]

    # Buttons work in the group, checked per press, per person.
    stranger = chat(STRANGER_ID).user
    refused = await press(fake_tg, stranger, first, f"conv:take:{conversation.id}")
    assert "Not allowed" in (refused.params.get("text") or "")
    assert (await Conversation.get(id=conversation.id)).taken_by is None
    taken = await press(fake_tg, support, first, f"conv:take:{conversation.id}")
    assert taken.params.get("text", "").startswith("It's yours")
    current = await now_reads(fake_tg, first, "User3000 is handling this")
    assert [d.split(":")[1] for d in keys(current)] == ["reply", "resolve"]
    # Reply in the group: the prompt goes in the topic, the card keeps its text and buttons.
    await press(fake_tg, support, first, f"conv:reply:{conversation.id}")
    prompt = await card_for(fake_tg, FORUM, "Write your answer")
    assert prompt.params.get("message_thread_id") == conversation.topic_id
    assert keys(fake_tg.message(FORUM, first.result["message_id"]) or {}) == keys(current)
    assert "79001234567" not in (prompt.text or "") and "+7900•••••67" in (prompt.text or "")
    answer = "Hello from the front desk, Anna"
    fake_tg.send_group_text(support, FORUM, answer, thread_id=conversation.topic_id)
    sent = await fake_green.wait_for_sent(5)  # 2 to each guest, then the answer
    assert (sent[-1].chat_id, sent[-1].message) == (GUEST, answer)
    # Its delivery mark answers the staff message: queued, then sent once the gateway has it.
    mark = await card_for(fake_tg, FORUM, "Queued for +7900•••••67")
    await now_reads(fake_tg, mark, "Sent to +7900•••••67")
    # Reply pressed, then /cancel in the group: the team's next words stay in the group.
    prompts = len([c for c in fake_tg.sent_messages(FORUM) if c.method == "sendMessage"])
    await press(fake_tg, support, first, f"conv:reply:{conversation.id}")
    await fake_tg.wait_for("sendMessage", prompts + 1, chat_id=FORUM)
    assert "Cancelled" in await in_group(fake_tg, support, "/cancel")
    # (Written in the guest's topic it would reach the guest: test_staff_reply.py.)
    fake_tg.send_group_text(support, FORUM, "lunch at 2?")
    await in_group(fake_tg, manager, "/help")
    assert len(fake_green.sent) == 5

    assert "private chats again" in await in_group(fake_tg, manager, "/unbindgroup")
    assert (await Hotel.get(id=hotel.id)).staff_chat_id is None


async def test_a_deleted_topic_and_a_lost_group_fall_back_without_losing_a_card(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_tg: FakeTelegram
) -> None:
    fake_tg.add_group(FORUM, "Front desk", forum=True)
    manager = chat(MANAGER_ID).user
    await in_group(fake_tg, manager, "/bindgroup")
    await guest_says(admin_client, "I need to speak to a human please", "A")
    first = await card_for(fake_tg, FORUM, "Anna Smith")
    conversation = await Conversation.get()
    await press(fake_tg, manager, first, f"conv:resolve:{conversation.id}")
    await now_reads(fake_tg, first, "Resolved by")

    # Someone deletes the guest's topic; the guest asks for a person again.
    fake_tg.delete_topic(FORUM, first.params["message_thread_id"])
    seen = len(fake_tg.sent_messages(FORUM))
    await guest_says(admin_client, "I want to talk to a manager", "B")
    again = await card_for(fake_tg, FORUM, "Anna Smith", after=seen)
    assert again.params["message_thread_id"] in fake_tg.topics[FORUM]  # a new topic
    assert again.params["message_thread_id"] != first.params["message_thread_id"]
    assert await AuditEntry.filter(action="staff_topic_lost").count() == 1

    # The bot is removed from the group: the next card goes to the staff privately.
    fake_tg.kicked.add(FORUM)
    await guest_says(admin_client, "I need a person", "C", chat_id=OTHER_GUEST, name="Bob")
    private = await card_for(fake_tg, MANAGER_ID, "Bob")
    await card_for(fake_tg, SUPPORT_ID, "Bob")
    assert "+79007654321" in (private.text or "")
    assert (await Hotel.get(id=admin_hotel.id)).staff_chat_id is None
    assert await AuditEntry.filter(action="staff_group_lost").count() == 1
    assert not await Event.filter(kind="handoff", delivered_at__isnull=True).exists()


async def test_super_admins_choose_with_notify_and_status_says_when_nobody_receives(
    admin_client: Client,
    hotel_factory: Any,
    chat: Chat,
    fake_tg: FakeTelegram,
) -> None:
    await hotel_factory()  # no staff of its own
    admin = chat(SUPER_ADMIN_ID)
    assert "You receive cards: unstaffed" in ((await admin.say("/notify"))[0].text or "")
    await guest_says(admin_client, "I need to speak to a human please", "A")
    card = await card_for(fake_tg, SUPER_ADMIN_ID, "needs a person")
    assert "+79001234567" in (card.text or "")  # a super admin reads the full number

    assert "no guest cards" in ((await admin.say("/notify off"))[0].text or "")
    assert await AuditEntry.filter(action="notify_mode").count() == 1
    status = (await admin.say("/status"))[0].text or ""
    assert "Nobody receives the guest cards of Test Hotel" in status
    seen = len(fake_tg.sent_messages(SUPER_ADMIN_ID))
    await guest_says(admin_client, "hello?", "B", chat_id=OTHER_GUEST)
    await guest_says(admin_client, "a person please", "C", chat_id=OTHER_GUEST)
    for _ in range(300):  # the notifier passes every 2 s when idle
        if not await Event.filter(delivered_at__isnull=True).exists():
            break
        await asyncio.sleep(0.05)
    assert await Event.filter(kind="handoff").count() == 2
    assert not await Event.filter(delivered_at__isnull=True).exists()  # done: nobody to tell
    assert fake_tg.sent_messages(SUPER_ADMIN_ID)[seen:] == []

    assert "every hotel" in ((await admin.say("/notify all"))[0].text or "")
    assert "Nobody receives" not in ((await admin.say("/status"))[0].text or "")
    assert "Usage" in ((await admin.say("/notify sometimes"))[0].text or "")


async def test_notify_all_adds_the_super_admin_and_blocked_staff_fall_back_to_them(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_tg: FakeTelegram
) -> None:
    manager = chat(MANAGER_ID)
    assert "Not allowed" in ((await manager.say("/notify all"))[0].text or "")
    # Everyone on the hotel's staff blocked the bot: the card still reaches a super admin.
    fake_tg.blocked.update({MANAGER_ID, SUPPORT_ID})
    await guest_says(admin_client, "I need to speak to a human please", "A")
    await card_for(fake_tg, SUPER_ADMIN_ID, "needs a person")
    assert await AuditEntry.filter(action="card_undelivered").count() == 2
    assert await AuditEntry.filter(action="card_fallback").count() == 1


async def test_another_hotels_staff_can_neither_see_take_nor_resolve(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
    hotel_factory: Any,
) -> None:
    await other_hotels_support(fake_green, hotel_factory)
    await guest_says(admin_client, "I need to speak to a human please", "A")
    card = await card_for(fake_tg, SUPPORT_ID, "needs a person")
    conversation = await Conversation.get()
    assert not [c for c in fake_tg.sent_messages(OTHER_SUPPORT_ID) if "Anna" in (c.text or "")]
    intruder: TelegramChat = chat(OTHER_SUPPORT_ID)
    for action in ("take", "resolve", "reply"):
        answer = await press(
            fake_tg, intruder.user, card, f"conv:{action}:{conversation.id}", forged=True
        )
        assert answer.params.get("show_alert") and "Not allowed" in answer.params["text"]
    conversation = await Conversation.get()
    assert conversation.taken_by is None and conversation.state == ConversationState.HUMAN
    assert await AuditEntry.filter(action="refused", hotel_id=admin_hotel.id).count() == 3


async def test_a_voice_note_makes_a_card_that_says_so(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    body = fixture_body("incomingMessageReceived.audioMessage.quotedText")
    body["instanceData"]["idInstance"] = DEFAULT_INSTANCE_ID
    body["senderData"].update(chatId=GUEST, sender=GUEST, senderName="Anna Smith")
    del body["messageData"]["quotedMessage"]
    assert (await post_webhook(admin_client, body)).status == 200
    flow = admin_client.app[runtime_key].flow
    assert flow is not None
    await flow.processor.drain()
    card = await card_for(fake_tg, MANAGER_ID, "needs a person")
    assert "Why: sent a voice message the bot cannot read" in (card.text or "")
    assert "→" in (card.text or "") and "[voice message]" in (card.text or "")


def test_the_only_dialog_a_group_may_hold_is_the_reply_to_a_guest() -> None:
    assert {ReplyToGuest.text.state} == GROUP_DIALOGS


def test_the_card_says_why_in_words_and_fits_its_state() -> None:
    """The renderer alone: every reason the guest flow writes, the phone by reader, the
    buttons by state."""
    i18n = I18n()
    base = CardView(1, "Hotel", GUEST, "Anna", "de", "angry", waited_minutes=7)

    def why(**changes: Any) -> str:
        return reason_words(i18n, "en", replace(base, **changes))

    assert why() == "is angry"
    assert why(reason="human") == "asked for a person"
    assert "“is the pool heated?”" in why(reason="human", unanswered="is the pool heated?")
    assert why(reason="unreadable", trigger_kind="imageMessage") == (
        "sent a photo the bot cannot read"
    )
    assert why(reason="shared_location", trigger_kind="locationMessage") == (
        "sent a location the bot cannot read"
    )
    assert why(reason="ai", note="ai: wants a refund") == "the AI passed it on: wants a refund"
    assert "прислал(а) голосовое сообщение" in reason_words(
        i18n, "ru", replace(base, reason="unreadable", trigger_kind="audioMessage")
    )
    open_card = render_card(i18n, "en", base, full_phone=False)
    assert "Waiting 7m" in open_card.text and "+7900•••••67" in open_card.text
    assert "Language: de" in open_card.text and "Anna" in open_card.text
    assert [b.data for row in open_card.buttons for b in row] == [
        "conv:take:1",
        "conv:reply:1",
        "conv:resolve:1",
    ]
    taken = render_card(
        i18n, "ru", replace(base, state=CardState.TAKEN, holder="Pedro"), full_phone=True
    )
    assert "Этим занимается Pedro" in taken.text and "+79001234567" in taken.text
    assert [b.data for row in taken.buttons for b in row] == ["conv:reply:1", "conv:resolve:1"]
    done = render_card(
        i18n, "en", replace(base, state=CardState.RESOLVED, resolved_by="Pedro"), full_phone=True
    )
    assert "Resolved by Pedro" in done.text and done.buttons == []
    assert topic_name(base) == "Anna +7900•••••67"
    assert topic_name(replace(base, guest_name=None)) == "+7900•••••67"
    assert len(topic_name(replace(base, guest_name="A" * 300))) <= 128


async def test_binding_asks_which_hotel_without_naming_them_in_the_group(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
    hotel_factory: Any,
) -> None:
    fake_green.add_instance(OTHER_INSTANCE, "other-token-0123456789")
    other = await hotel_factory(name="Secret Other Hotel", instance_id=OTHER_INSTANCE)
    fake_tg.add_group(FORUM, "Front desk")  # a plain group: no topics
    admin = chat(SUPER_ADMIN_ID)
    asked = await in_group(fake_tg, admin.user, "/bindgroup")
    assert "/bindgroup HOTEL" in asked and "Secret" not in asked and "Test Hotel" not in asked
    assert "Not allowed" in await in_group(
        fake_tg, chat(MANAGER_ID).user, f"/bindgroup {other.id}"
    )
    assert "this group" in await in_group(fake_tg, admin.user, f"/bindgroup {other.id}")
    bound = await Hotel.get(id=other.id)
    assert bound.staff_chat_id == FORUM and not bound.staff_chat_forum
    assert (await Hotel.get(id=admin_hotel.id)).staff_chat_id is None
    # In a private chat, the command says where to send it.
    assert "in the Telegram group" in ((await admin.say("/bindgroup"))[0].text or "")
    assert await AuditEntry.filter(action="group_bound").count() == 1
    assert await AuditEntry.filter(action="refused", hotel_id=other.id).count() == 1


async def test_resolving_the_chat_of_a_guest_who_opted_out_sends_them_nothing(
    admin_client: Client, admin_hotel: Hotel
) -> None:
    guest = await Guest.create(hotel=admin_hotel, chat_id=GUEST, opted_out=True, language="en")
    conversation = await Conversation.create(
        hotel=admin_hotel, guest=guest, state=ConversationState.HUMAN, handoff_reason="human"
    )
    await Hotel.filter(id=admin_hotel.id).update(announce_join=True)
    ctx = admin_client.app[runtime_key].admin
    assert ctx is not None
    manager = await telegram_actor(MANAGER_ID, "Maria", "en", ctx.settings.admin_ids)
    assert (await take(ctx, manager, conversation.id)).changed
    assert (await resolve(ctx, manager, conversation.id)).changed
    assert not await Message.exists(guest_id=guest.id)
    assert (await Conversation.get(id=conversation.id)).state == ConversationState.BOT


async def test_a_telegram_hiccup_is_retried_where_the_card_belongs(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_tg: FakeTelegram
) -> None:
    """A 5xx is not a lost group: the card is sent again to the group, not elsewhere."""
    fake_tg.add_group(FORUM, "Front desk")
    await in_group(fake_tg, chat(MANAGER_ID).user, "/bindgroup")
    fake_tg.fail_next(1, "sendMessage", 502)
    await guest_says(admin_client, "I need to speak to a human please", "A")
    await card_for(fake_tg, FORUM, "needs a person")
    refused = [c for c in fake_tg.calls if c.method == "sendMessage" and c.status == 502]
    assert [c.chat_id for c in refused] == [FORUM]  # the first try was the card's
    assert (await Hotel.get(id=admin_hotel.id)).staff_chat_id == FORUM
    assert fake_tg.sent_messages(SUPER_ADMIN_ID) == []
    assert not await AuditEntry.filter(action__in=["card_fallback", "staff_group_lost"]).exists()
    assert await StaffLink.filter(kind="card", tg_chat_id=FORUM).count() == 1


async def test_a_dialog_begun_by_a_command_in_the_group_never_reads_the_groups_talk(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_tg: FakeTelegram
) -> None:
    """/addhotel sent in the group is answered privately; what the admin then says in the
    group is team talk, not the new hotel's name, and gets no answer there."""
    fake_tg.add_group(FORUM, "Front desk")
    admin = chat(SUPER_ADMIN_ID).user
    assert "private chat" in await in_group(fake_tg, admin, "/addhotel")
    private = len(fake_tg.sent_messages(SUPER_ADMIN_ID))
    fake_tg.send_group_text(admin, FORUM, "lunch at 2?")
    assert "/status" in await in_group(fake_tg, admin, "/help")  # handled after the talk
    assert len(fake_tg.sent_messages(SUPER_ADMIN_ID)) == private
    group = [c.text or "" for c in fake_tg.sent_messages(FORUM)]
    assert len(group) == 2 and group[0].startswith("I've sent it")  # nothing said to the talk
