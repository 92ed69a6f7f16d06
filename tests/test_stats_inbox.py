"""/stats and the reports for the staff inbox (issue 9): a handoff is measured by a person's
first message, never by the bot's own "passed to our team"; time to take and to resolve;
requests by kind with their time to done; a staff phone's commands are no guest messages; a
clarify question is the bot's own answer.

Rows are stored with known times (the numbers are aggregated from the store, so a controlled
clock is the rows' own `created_at`); the last test goes through the real guest flow, the fake
Green API and the fake Telegram.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from tortoise import timezone

from bot.admin_flow.core.stats import load_stats
from bot.app import runtime_key
from bot.i18n import I18n
from bot.reports import data, text
from bot.reports.numbers import Kind
from bot.store.models import (
    Conversation,
    ConversationState,
    Direction,
    Guest,
    Hotel,
    Message,
    MessageStatus,
    Role,
    ServiceRequest,
    Staff,
)
from tests.conftest import MANAGER_ID, SUPPORT_ID, Chat, Client, post_webhook, text_body
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.telegram import FakeTelegram
from tests.test_staff_cards import card_for
from tests.test_staff_reply import handed_off, staff_rows

STAFF_PHONE = "79990002222"
S = timedelta(seconds=1)
M = timedelta(minutes=1)


async def _guest(hotel: Hotel, chat: str) -> Guest:
    return await Guest.create(hotel=hotel, chat_id=chat, language="en")


async def _in(hotel: Hotel, chat: str, at: datetime, outcome: str, guest: Guest | None) -> Message:
    return await Message.create(
        hotel_id=hotel.id,
        guest_id=guest.id if guest else None,
        chat_id=chat,
        direction=Direction.IN,
        gateway_id=f"{chat}-{at.timestamp()}",
        text="hi",
        status=MessageStatus.PROCESSED,
        outcome=outcome,
        created_at=at,
    )


async def _out(
    hotel: Hotel, chat: str, at: datetime, source: str, to: Message | None = None
) -> None:
    await Message.create(
        hotel_id=hotel.id,
        chat_id=chat,
        direction=Direction.OUT,
        text="reply",
        source=source,
        status=MessageStatus.SENT,  # never pending: the outbox leaves these rows alone
        reply_to_id=to.id if to else None,
        created_at=at,
        sent_at=at + S,
    )


async def _request(
    hotel: Hotel, guest: Guest, kind: str, at: datetime, done_after: timedelta | None
) -> None:
    await ServiceRequest.create(
        hotel=hotel,
        guest=guest,
        kind=kind,
        text=kind,
        status="done" if done_after else "open",
        created_at=at,
        closed_at=at + done_after if done_after else None,
    )


async def seed(hotel: Hotel) -> None:
    """Two handoffs an hour ago, then a second handoff of the first guest's chat."""
    base = timezone.now() - timedelta(hours=3)
    a, b, c = "111@c.us", "222@c.us", "333@c.us"
    ga, gb, gc = [await _guest(hotel, chat) for chat in (a, b, c)]
    # A: handed off, the bot's "passed to our team" within a second, a person after 3 minutes;
    # taken after 1 minute, resolved after 10.
    first = await _in(hotel, a, base, "handoff", ga)
    await _out(hotel, a, base + S / 2, "handoff", first)
    await _out(hotel, a, base + 3 * M, "staff")
    await _out(hotel, a, base + 4 * M, "staff")  # the second message is no first response
    await Conversation.create(
        hotel=hotel,
        guest=ga,
        state=ConversationState.BOT,
        handed_off_at=base,
        taken_at=base + M,
        resolved_at=base + 10 * M,
    )
    # B: handed off out of hours; only the bot's notices, never a person.
    second = await _in(hotel, b, base + 10 * S, "handoff", gb)
    await _out(hotel, b, base + 10 * S + S / 2, "handoff", second)
    await _out(hotel, b, base + 10 * S + S / 2, "after_hours", second)
    await Conversation.create(
        hotel=hotel, guest=gb, state=ConversationState.HUMAN, handed_off_at=base + 10 * S
    )
    # A again, an hour later: its own handoff, which nobody answered (A's person answered the
    # first one, before this one began).
    again = await _in(hotel, a, base + 60 * M, "handoff", ga)
    await _out(hotel, a, base + 60 * M + S, "escalated", again)
    # C: "which one do you mean?" is the bot's own answer, 2 s later.
    which = await _in(hotel, c, base + 5 * M, "clarify", gc)
    await _out(hotel, c, base + 5 * M + 2 * S, "clarify:3,4", which)
    # The hotel's staff phone asks for /stats on the hotel's number: no guest, no answer.
    phone = f"{STAFF_PHONE}@c.us"
    command = await _in(hotel, phone, base + 6 * M, "staff", None)
    await _out(hotel, phone, base + 6 * M + S, "staff_command", command)
    # Requests: towels done in 30 and 90 minutes (median 1 h) and one open; a taxi in 10.
    await _request(hotel, gc, "towels", base, 30 * M)
    await _request(hotel, gc, "towels", base + 5 * M, 90 * M)
    await _request(hotel, ga, "towels", base + 6 * M, None)
    await _request(hotel, gb, "taxi", base + 7 * M, 10 * M)


async def test_a_handoff_is_answered_by_a_person_not_by_the_bots_notice(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    await seed(admin_hotel)
    now = timezone.now()
    stats = await load_stats([admin_hotel], "7d", now)
    assert (stats.messages_in, stats.messages_out, stats.active_guests) == (4, 7, 3)
    assert (stats.automated, stats.decided) == (1, 4)  # clarify is automated; 3 handoffs
    assert (stats.answered, stats.median_first_response) == (1, 3.0)  # clarify's, sent at 3 s
    assert stats.handoffs == 3
    assert (stats.person_answered, stats.unanswered_by_person) == (1, 2)
    assert (stats.median_person_response, stats.p90_person_response) == (180.0, 180.0)
    assert (stats.taken, stats.median_take) == (1, 60.0)
    assert (stats.resolved, stats.median_resolve) == (1, 600.0)
    assert stats.request_kinds == (Kind("towels", 3, 2, 3600.0), Kind("taxi", 1, 1, 600.0))
    said = (await chat(MANAGER_ID).say(f"/stats {admin_hotel.id} 7d"))[-1].text or ""
    for line in (
        "Messages: 4 in, 7 out",
        "Active guests: 3",
        "Answered by the bot without a person: 25% (1 of 4)",
        "Handoffs to a person: 3",
        "First response by a person: median 3m 0s, 90% within 3m 0s"
        " (1 answered, 2 unanswered by a person)",
        "Time to take: median 1m 0s (1 taken); to resolve: median 10m 0s (1 resolved)",
        "Requests by kind: Towels 3 (done in 1h 0m), Taxi 1 (done in 10m 0s)",
        "Median first reply by the bot: 3s (1 answered)",
    ):
        assert line in said.splitlines(), (line, said)
    assert I18n().t("admin.numbers.dur_under_second", "en") not in said
    # The report says the same, in the caption and on the tile.
    report = await data.hotel_report(admin_hotel, "7d", now)
    assert report.numbers == stats
    caption = text.caption(I18n(), "ru", report)
    for line in (
        "Первый ответ человека: 3 мин 0 с",
        "Без ответа человека: 2 (▲ +2)",
        "Время до «Взять»: 1 мин 0 с (1 из 3)",
        "Время до решения: 10 мин 0 с (1 из 3)",
        "Заявки по видам: Полотенца 3 (выполнено за 1 ч 0 мин), Такси 1 (выполнено за 10 мин 0 с)",
    ):
        assert line in caption.splitlines(), (line, caption)
    tiles = {tile.label: tile.value for tile in text.sheet(I18n(), "en", report).tiles}
    assert tiles["Person's first reply"] == "3m 0s"
    assert "Bot's first reply" not in tiles  # the caption and the CSV have it
    rows = list(csv.reader(io.StringIO(text.csv_bytes(I18n(), "en", report).decode("utf-8-sig"))))
    assert ["handoffs unanswered by a person", "2", "0"] in rows
    assert ["median first response by a person, seconds", "180.0", "0.0"] in rows
    assert ["median time to take, seconds", "60.0", "0.0"] in rows
    assert ["Towels", "3", "2", "3600.0"] in rows


async def test_percentiles_and_a_message_before_the_handoff(
    app_client: Client, hotel_factory: object
) -> None:
    """Ten handoffs answered after 1..10 minutes: median 5.5, 90th percentile 9 (nearest
    rank); a person's message written before the chat's handoff answers nothing."""
    assert callable(hotel_factory)
    hotel = await hotel_factory()
    base = timezone.now() - timedelta(hours=2)
    for n in range(1, 11):
        chat = f"{n}@c.us"
        asked = await _in(hotel, chat, base, "handoff", await _guest(hotel, chat))
        await _out(hotel, chat, base + S / 2, "handoff", asked)
        await _out(hotel, chat, base + n * M, "staff")
    early = "99@c.us"
    await _out(hotel, early, base - M, "staff")
    await _in(hotel, early, base, "handoff", await _guest(hotel, early))
    # Seven days, not "today": two hours ago is yesterday for a run just after midnight.
    stats = await load_stats([hotel], "7d", timezone.now())
    assert (stats.handoffs, stats.person_answered, stats.unanswered_by_person) == (11, 10, 1)
    assert (stats.median_person_response, stats.p90_person_response) == (330.0, 540.0)
    assert stats.answered == 0  # the handoffs' notices are no bot answers


async def test_through_the_inbox_a_persons_reply_and_a_staff_phone(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    """The real flow: a guest asks for a person, support answers twice with the reply
    gesture, and the hotel's staff phone asks /status on WhatsApp."""
    await Staff.create(hotel=admin_hotel, phone=STAFF_PHONE, role=Role.MANAGER, name="Maria")
    card = await handed_off(admin_client, fake_tg, fake_green, SUPPORT_ID)
    support = chat(SUPPORT_ID).user
    before = len(fake_green.sent)
    fake_tg.send_reply(support, card, text="Hello, this is Sam")
    await fake_green.wait_for_sent(before + 1)
    first = (await Conversation.get()).first_staff_reply_at
    [row] = await staff_rows()
    assert first is not None and abs(first - row.created_at) < S
    fake_tg.send_reply(support, card, text="Your taxi is booked")
    await fake_green.wait_for_sent(before + 2)
    assert (await Conversation.get()).first_staff_reply_at == first  # set once
    phone = f"{STAFF_PHONE}@c.us"
    body = text_body("/status", chat_id=phone, id_message="S1")
    assert (await post_webhook(admin_client, body)).status == 200
    flow = admin_client.app[runtime_key].flow
    assert flow is not None
    await flow.processor.drain()
    await fake_green.wait_for_sent(before + 3)
    assert fake_green.sent[-1].chat_id == phone  # the staff phone got its /status
    await card_for(fake_tg, MANAGER_ID, "needs a person")  # not to arrive amid the answer
    said = (await chat(MANAGER_ID).say(f"/stats {admin_hotel.id}"))[-1].text or ""
    lines = said.splitlines()
    assert "Messages: 1 in, 4 out" in lines  # the greeting, "passed to our team", Sam twice
    assert "Active guests: 1" in lines
    assert "Handoffs to a person: 1" in lines
    assert any(
        line.startswith("First response by a person: median ")
        and line.endswith("(1 answered, 0 unanswered by a person)")
        for line in lines
    ), said
    assert "Median first reply by the bot: 0s (0 answered)" in lines
