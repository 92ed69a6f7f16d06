"""The staff inbox, part 2 (issue 9): answering with Telegram's reply gesture, photos,
documents, voice notes and videos from staff, and delivery marks that follow the gateway.

End to end: guests write through the fake Green API, staff answer in the fake Telegram (a
reply to the card or to a forwarded guest message, a message in the guest's forum topic), the
real app in between; the gateway's statuses arrive as its webhook notifications.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from tortoise import timezone

from bot.admin_flow.core.marks import render_mark
from bot.admin_flow.core.staff_reply import FILES_DIR
from bot.app import runtime_key
from bot.backup.retention import prune_staff_links
from bot.i18n import I18n
from bot.limits import STAFF_FILE_BYTES, STAFF_LINK_KEEP_DAYS
from bot.store.models import (
    AuditEntry,
    Conversation,
    ConversationState,
    Direction,
    Event,
    Hotel,
    Message,
    MessageStatus,
    StaffLink,
)
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    fixture_body,
    post_webhook,
)
from tests.fakes.greenapi import FakeGreenAPI, SentMessage
from tests.fakes.telegram import ApiCall, FakeTelegram
from tests.test_staff_cards import (
    FORUM,
    GUEST,
    OTHER_SUPPORT_ID,
    card_for,
    guest_says,
    in_group,
    keys,
    link_for,
    now_reads,
    other_hotels_support,
    press,
)


async def gateway_says(client: Client, sent: SentMessage, status: str) -> None:
    """The gateway's outgoingMessageStatus notification for a message it accepted."""
    body = fixture_body(
        "outgoingMessageStatus.sent", chatId=sent.chat_id, idMessage=sent.id_message, status=status
    )
    body["instanceData"]["idInstance"] = sent.instance_id
    assert (await post_webhook(client, body)).status == 200


async def staff_rows() -> list[Message]:
    return await Message.filter(direction=Direction.OUT, source="staff").order_by("id")


async def settled(message_id: int) -> Message:
    """The outbound row once the outbox wrote the gateway's answer into it."""
    for _ in range(250):
        row = await Message.get(id=message_id)
        if row.status not in (MessageStatus.PENDING, MessageStatus.SENDING):
            return row
        await asyncio.sleep(0.02)
    raise AssertionError(f"row {message_id} still {row.status}")


async def handed_off(
    client: Client, fake_tg: FakeTelegram, fake_green: FakeGreenAPI, chat_id: int
) -> ApiCall:
    """A guest asks for a person; the card reached `chat_id` and the bot's two replies (the
    greeting, "passed to our team") left, so what the gateway sends next is the staff's. The
    card's link is waited for too: the bot stores it once Telegram has answered the send, and
    a reply read before that would be the team's own talk."""
    await guest_says(client, "I need to speak to a human please", "A")
    await fake_green.wait_for_sent(2)
    card = await card_for(fake_tg, chat_id, "needs a person")
    await link_for(tg_chat_id=chat_id, tg_message_id=card.result["message_id"])
    return card


async def test_a_reply_to_the_card_reaches_the_guest_and_its_mark_follows_the_gateway(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    card = await handed_off(admin_client, fake_tg, fake_green, SUPPORT_ID)
    support = chat(SUPPORT_ID).user
    before = len(fake_green.sent)
    fake_tg.send_reply(support, card, text="Hello Anna, this is Sam from the front desk")
    sent = (await fake_green.wait_for_sent(before + 1))[-1]
    assert (sent.chat_id, sent.message) == (GUEST, "Hello Anna, this is Sam from the front desk")
    conversation = await Conversation.get()
    assert conversation.state == ConversationState.HUMAN
    [row] = await staff_rows()
    assert (await settled(row.id)).gateway_id == sent.id_message
    # The mark answers the staff message: queued first, then what the gateway reports.
    mark = await card_for(fake_tg, SUPPORT_ID, "Queued for +7900•••••67")
    staff_message = mark.params.get("reply_parameters", {}).get("message_id") or mark.params.get(
        "reply_to_message_id"
    )
    assert staff_message is not None  # a reply to the staff member's own message
    link = await link_for(kind="mark", tg_message_id=mark.result["message_id"])
    assert (link.message_id, link.conversation_id) == (row.id, conversation.id)
    await now_reads(fake_tg, mark, "✓ Sent to +7900•••••67")
    await gateway_says(admin_client, sent, "delivered")
    await now_reads(fake_tg, mark, "Delivered to +7900•••••67")
    await gateway_says(admin_client, sent, "read")
    current = await now_reads(fake_tg, mark, "Read by +7900•••••67")
    assert keys(current) == []
    assert await AuditEntry.filter(action="guest_answered").count() == 1

    # The guest writes again while a person holds the chat: shown to staff, and stored as a
    # link, so a reply to that message reaches the guest too.
    await guest_says(admin_client, "thank you! and late checkout?", "B")
    shown = await card_for(fake_tg, SUPPORT_ID, "late checkout")
    forward = await link_for(tg_chat_id=SUPPORT_ID, tg_message_id=shown.result["message_id"])
    guest_row = await Message.get(direction=Direction.IN, gateway_id="B")
    assert (forward.kind, forward.message_id) == ("forward", guest_row.id)
    before = len(fake_green.sent)
    fake_tg.send_reply(support, shown, text="Late checkout until 14:00 is fine")
    sent = (await fake_green.wait_for_sent(before + 1))[-1]
    assert (sent.chat_id, sent.message) == (GUEST, "Late checkout until 14:00 is fine")
    assert len(await staff_rows()) == 2

    # The manager's private card: a reply there reaches the guest as well, and the manager's
    # mark shows the full number.
    manager_card = await card_for(fake_tg, MANAGER_ID, "needs a person")
    fake_tg.send_reply(chat(MANAGER_ID).user, manager_card, text="Maria here, welcome!")
    sent = (await fake_green.wait_for_sent(before + 2))[-1]
    assert sent.message == "Maria here, welcome!"
    await card_for(fake_tg, MANAGER_ID, "Queued for +79001234567")


async def test_a_reply_to_anything_else_is_not_sent_and_the_button_flow_still_works(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    card = await handed_off(admin_client, fake_tg, fake_green, SUPPORT_ID)
    support = chat(SUPPORT_ID)
    help_answer = (await support.say("/help"))[-1]
    before = len(fake_green.sent)
    # A reply to a message that stands for no guest is an ordinary message.
    replies = len(fake_tg.sent_messages(SUPPORT_ID))
    fake_tg.send_reply(support.user, help_answer, text="what does this mean?")
    await fake_tg.wait_for("sendMessage", replies + 1, chat_id=SUPPORT_ID)
    await asyncio.sleep(0.3)
    assert len(fake_green.sent) == before
    # Reply pressed, then the answer typed: the same way out, with a mark.
    conversation = await Conversation.get()
    await press(fake_tg, support.user, card, f"conv:reply:{conversation.id}")
    await card_for(fake_tg, SUPPORT_ID, "Write your answer")
    support.user.send_text("Typed after pressing Reply")
    sent = (await fake_green.wait_for_sent(before + 1))[-1]
    assert sent.message == "Typed after pressing Reply"
    await card_for(fake_tg, SUPPORT_ID, "Queued for")
    # A document after pressing Reply goes the same way.
    await press(fake_tg, support.user, card, f"conv:reply:{conversation.id}")
    await support.send_file("rules.txt", b"Quiet hours from 22:00")
    sent = (await fake_green.wait_for_sent(before + 2))[-1]
    assert (sent.file_name, sent.file_data) == ("rules.txt", b"Quiet hours from 22:00")
    # A file over what a bot may download is refused in words; nothing is queued.
    huge = b"x" * (STAFF_FILE_BYTES + 1)
    said = len([c for c in fake_tg.sent_messages(SUPPORT_ID) if c.method == "sendMessage"])
    fake_tg.send_reply(support.user, card, document=("video.mp4", huge))
    answer = (await fake_tg.wait_for("sendMessage", said + 1, chat_id=SUPPORT_ID))[-1]
    assert "a guest can be sent files up to 20 MB" in (answer.text or "")
    assert len(await staff_rows()) == 2


async def test_the_guest_topic_and_a_photo_reach_the_guest_through_the_outbox(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    fake_tg.add_group(FORUM, "Front desk", forum=True)
    manager, support = chat(MANAGER_ID).user, chat(SUPPORT_ID).user
    await in_group(fake_tg, manager, "/bindgroup")
    card = await handed_off(admin_client, fake_tg, fake_green, FORUM)
    conversation = await Conversation.get()
    assert conversation.topic_id is not None
    before = len(fake_green.sent)
    # Written in the guest's topic, no reply, no button: it reaches the guest.
    fake_tg.send_group_text(support, FORUM, "We are on it, Anna", thread_id=conversation.topic_id)
    sent = (await fake_green.wait_for_sent(before + 1))[-1]
    assert (sent.chat_id, sent.message) == (GUEST, "We are on it, Anna")
    mark = await card_for(fake_tg, FORUM, "Queued for +7900•••••67")
    assert mark.params.get("message_thread_id") == conversation.topic_id
    # The team's talk outside any topic stays in the group.
    fake_tg.send_group_text(support, FORUM, "who takes 512?")
    # A photo with a caption, as a reply to the card: one outbound row, sent by upload.
    picture = b"\xff\xd8\xff\xe0 a map of the way to the spa"
    fake_tg.send_reply(support, card, photo=picture, caption="The way to the spa")
    sent = (await fake_green.wait_for_sent(before + 2))[-1]
    assert sent.chat_id == GUEST and sent.message == "The way to the spa"
    assert sent.file_data == picture and (sent.file_name or "").endswith(".jpg")
    rows = await staff_rows()
    assert [r.kind for r in rows] == ["text", "imageMessage"]
    photo_row = await settled(rows[1].id)
    assert (photo_row.status, photo_row.gateway_id) == (MessageStatus.SENT, sent.id_message)
    # A document keeps its name; the kept copies are gone once the gateway has them.
    fake_tg.send_reply(support, card, document=("menu.pdf", b"%PDF-1.4 the menu"))
    sent = (await fake_green.wait_for_sent(before + 3))[-1]
    assert (sent.file_name, sent.file_data, sent.message) == ("menu.pdf", b"%PDF-1.4 the menu", "")
    # A voice note goes as audio; its caption, which WhatsApp would not show under audio, goes
    # first as its own message. A video goes as a video with its caption.
    voice = b"OggS\x00\x02 a voice note"
    fake_tg.send_reply(support, card, voice=voice, caption="Listen, please")
    words, audio = (await fake_green.wait_for_sent(before + 5))[-2:]
    assert (words.message, words.file_data) == ("Listen, please", None)
    assert (audio.file_data, audio.file_name, audio.message) == (voice, "voice.ogg", "")
    clip = b"\x00\x00\x00\x18ftypmp42 the way to the spa"
    fake_tg.send_reply(support, card, video=clip, caption="The way")
    sent = (await fake_green.wait_for_sent(before + 6))[-1]
    assert (sent.file_data, sent.file_name, sent.message) == (clip, "video.mp4", "The way")
    kinds = [r.kind for r in await staff_rows()]
    assert kinds[-3:] == ["text", "audioMessage", "videoMessage"]
    ctx = admin_client.app[runtime_key].admin
    assert ctx is not None
    folder = Path(ctx.settings.data_dir) / FILES_DIR
    for _ in range(100):
        if not any(folder.iterdir()):
            break
        await asyncio.sleep(0.02)
    assert list(folder.iterdir()) == []
    assert len(fake_green.sent) == before + 6  # "who takes 512?" never left


async def test_a_support_user_of_another_hotel_is_refused_and_nothing_is_sent(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
    hotel_factory: Any,
) -> None:
    await other_hotels_support(fake_green, hotel_factory)
    fake_tg.add_group(FORUM, "Front desk", forum=True)
    await in_group(fake_tg, chat(MANAGER_ID).user, "/bindgroup")
    card = await handed_off(admin_client, fake_tg, fake_green, FORUM)
    conversation = await Conversation.get()
    before = len(fake_green.sent)
    intruder = chat(OTHER_SUPPORT_ID).user
    said = len(fake_tg.sent_messages(FORUM))
    fake_tg.send_reply(intruder, card, text="I am not from this hotel")
    answer = (await fake_tg.wait_for("sendMessage", said + 1, chat_id=FORUM))[-1]
    assert "Not allowed" in (answer.text or "")
    fake_tg.send_group_text(intruder, FORUM, "nor here", thread_id=conversation.topic_id)
    await fake_tg.wait_for("sendMessage", said + 2, chat_id=FORUM)
    await asyncio.sleep(0.3)
    assert len(fake_green.sent) == before
    assert await staff_rows() == []
    assert await AuditEntry.filter(action="refused", hotel_id=admin_hotel.id).count() == 2


async def test_a_reply_the_gateway_refuses_is_shown_failed_and_retry_sends_the_same_row(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    card = await handed_off(admin_client, fake_tg, fake_green, SUPPORT_ID)
    support = chat(SUPPORT_ID).user
    before = len(fake_green.sent)
    fake_green.fail_next(1, 400, "Validation failed. Details: the chat is closed")
    fake_tg.send_reply(support, card, text="Your taxi is booked for 7:00")
    mark = await card_for(fake_tg, SUPPORT_ID, "Queued for")
    current = await now_reads(fake_tg, mark, "Not delivered to +7900•••••67")
    assert "the chat is closed" in current["text"]
    [row] = await staff_rows()
    assert (await settled(row.id)).status == MessageStatus.FAILED
    [retry] = keys(current)
    assert retry == f"mark:retry:{row.id}"
    # Retry: the same row goes back in the outbox; the guest gets the reply once.
    answer = await press(fake_tg, support, current, retry)
    assert answer.params.get("text") == "Queued again."
    sent = (await fake_green.wait_for_sent(before + 1))[-1]
    assert (sent.chat_id, sent.message) == (GUEST, "Your taxi is booked for 7:00")
    await now_reads(fake_tg, mark, "✓ Sent to")
    assert [r.id for r in await staff_rows()] == [row.id]
    assert await AuditEntry.filter(action="reply_retried").count() == 1
    # A stale Retry on a reply that is no longer failed changes nothing.
    again = await press(fake_tg, support, current, retry, forged=True)
    assert "nothing to retry" in (again.params.get("text") or "")
    await asyncio.sleep(0.3)
    assert len(fake_green.sent) == before + 1

    # The gateway reports a later failure (noAccount): the mark shows it, with Retry.
    fake_tg.send_reply(support, card, text="Are you still there?")
    sent = (await fake_green.wait_for_sent(before + 2))[-1]
    asked = (await staff_rows())[-1].id
    await settled(asked)  # the row knows its idMessage
    await gateway_says(admin_client, sent, "noAccount")
    link = await link_for(kind="mark", message_id=asked)
    current = await mark_reads(fake_tg, link, "Not delivered to +7900•••••67: noAccount")
    assert keys(current) == [f"mark:retry:{link.message_id}"]
    # The marks said both failures, with Retry: no second "not delivered" notice for staff.
    assert not await Event.filter(kind="delivery_failed").exists()


async def mark_reads(fake: FakeTelegram, link: StaffLink, contains: str) -> dict[str, Any]:
    """A mark as Telegram holds it now, once an edit made it contain `contains`."""
    current = None
    for _ in range(500):
        current = fake.message(int(link.tg_chat_id), int(link.tg_message_id))
        if current is not None and contains in current.get("text", ""):
            return current
        await asyncio.sleep(0.02)
    raise AssertionError(f"mark {link.id} never said {contains!r}: {current}")


def test_a_mark_says_each_status_in_the_readers_language() -> None:
    """The renderer alone: every gateway status has words in en and ru, a failure its reason
    (the gateway's error, else the status it reported) and Retry of that same row."""
    i18n = I18n()
    for lang in ("en", "ru"):
        said = {
            status: render_mark(i18n, lang, 7, status.value, None, "+7900•••••67")
            for status in MessageStatus
            if status not in (MessageStatus.RECEIVED, MessageStatus.PROCESSED)
        }
        assert all("+7900•••••67" in reply.text for reply in said.values())
        assert said[MessageStatus.PENDING].text == said[MessageStatus.SENDING].text
        assert len({said[s].text for s in (MessageStatus.SENT, MessageStatus.READ)}) == 2
        for status in (MessageStatus.FAILED, MessageStatus.NO_ACCOUNT, MessageStatus.YELLOW_CARD):
            assert [[b.data for b in row] for row in said[status].buttons] == [["mark:retry:7"]]
        assert all(not said[s].buttons for s in (MessageStatus.SENT, MessageStatus.DELIVERED))
    failed = render_mark(i18n, "en", 7, "failed", "SWE004: 1000", "+7900•••••67")
    assert "Not delivered to +7900•••••67: SWE004: 1000" in failed.text
    assert ": noAccount." in render_mark(i18n, "en", 7, "noAccount", None, "x").text
    assert ": —." in render_mark(i18n, "en", 7, "failed", None, "x").text


async def test_a_dialog_begun_in_the_group_does_not_swallow_an_answer_to_a_guest(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    """/addhotel sent in the group keys its dialog there; the manager's reply to the card in
    the group still reaches the guest and is not read as the new hotel's name."""
    fake_tg.add_group(FORUM, "Front desk")  # a plain group: replies to the card, no topics
    manager = chat(MANAGER_ID).user
    await in_group(fake_tg, manager, "/bindgroup")
    card = await handed_off(admin_client, fake_tg, fake_green, FORUM)
    admin = chat(SUPER_ADMIN_ID).user
    assert "private chat" in await in_group(fake_tg, admin, "/addhotel")
    private = len(fake_tg.sent_messages(SUPER_ADMIN_ID))
    before = len(fake_green.sent)
    fake_tg.send_reply(admin, card, text="Welcome, Anna: the spa opens at 9")
    sent = (await fake_green.wait_for_sent(before + 1))[-1]
    assert (sent.chat_id, sent.message) == (GUEST, "Welcome, Anna: the spa opens at 9")
    await card_for(fake_tg, FORUM, "Queued for +7900•••••67")
    assert len(fake_tg.sent_messages(SUPER_ADMIN_ID)) == private  # no "hotel name?" answer


async def test_a_reply_to_a_card_older_than_its_link_is_told_so_and_sends_nothing(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    """Retention forgets which guest a staff chat message stands for after
    STAFF_LINK_KEEP_DAYS: a reply to it in the group hears why nothing was sent, instead of
    being taken for the team's own talk."""
    fake_tg.add_group(FORUM, "Front desk")
    manager = chat(MANAGER_ID).user
    await in_group(fake_tg, manager, "/bindgroup")
    card = await handed_off(admin_client, fake_tg, fake_green, FORUM)
    later = timezone.now() + timedelta(days=STAFF_LINK_KEEP_DAYS + 1)
    assert await prune_staff_links(later) >= 1
    fake_tg.backdate(card, timedelta(days=STAFF_LINK_KEEP_DAYS + 1).total_seconds())
    before = len(fake_green.sent)
    told = len(fake_tg.sent_messages(FORUM))
    fake_tg.send_reply(manager, card, text="Anna, your taxi is booked")
    await card_for(fake_tg, FORUM, f"more than {STAFF_LINK_KEEP_DAYS} days old", after=told)
    assert len(fake_green.sent) == before
    assert await staff_rows() == []
