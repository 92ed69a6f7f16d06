"""A report's numbers from known stored rows, around local midnight far from UTC, and /stats.

The hotel is in Pacific/Kiritimati (UTC+14): its day starts ten hours before UTC's previous
midnight, so a window computed in UTC by mistake misses or double-counts the rows at its edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import timezone

from bot.admin_flow.core.stats import load_stats
from bot.i18n import I18n
from bot.reports import data, text
from bot.reports.numbers import Kind, Stats, midnight
from bot.scheduler import zone
from bot.store.models import (
    Direction,
    Guest,
    Hotel,
    Message,
    MessageStatus,
    ServiceRequest,
)
from tests.conftest import MANAGER_ID, Chat, Client

TZ = "Pacific/Kiritimati"


@dataclass
class Seeded:
    now: datetime
    midnight: datetime  # today's local midnight, UTC


async def _in(hotel: Hotel, guest: Guest, at: datetime, outcome: str | None, gid: str) -> Message:
    return await Message.create(
        hotel_id=hotel.id,
        guest_id=guest.id,
        chat_id=guest.chat_id,
        direction=Direction.IN,
        gateway_id=gid,
        text="hi",
        status=MessageStatus.RECEIVED if outcome is None else MessageStatus.PROCESSED,
        outcome=outcome,
        created_at=at,
    )


async def _out(
    hotel: Hotel,
    guest: Guest,
    at: datetime,
    *,
    to: Message | None = None,
    source: str = "knowledge",
    sent_at: datetime | None = None,
    status: MessageStatus = MessageStatus.SENT,
) -> None:
    await Message.create(
        hotel_id=hotel.id,
        guest_id=guest.id,
        chat_id=guest.chat_id,
        direction=Direction.OUT,
        text="reply",
        source=source,
        status=status,  # never pending: the outbox leaves these rows alone
        reply_to_id=to.id if to else None,
        created_at=at,
        sent_at=sent_at,
    )


async def seed(hotel: Hotel) -> Seeded:
    """Rows around yesterday's edges; the expected numbers are written in the tests.

    No `events` rows: handoffs are counted from the guest messages, and an undelivered event
    would reach the manager as a card in the middle of the test's /report."""
    now = timezone.now()
    m = midnight(now.astimezone(zone(TZ)).date(), TZ)
    s = timedelta(seconds=1)
    g1 = await Guest.create(hotel=hotel, chat_id="111@c.us", language="ru")
    g2 = await Guest.create(hotel=hotel, chat_id="222@c.us", language="en")
    g3 = await Guest.create(hotel=hotel, chat_id="333@c.us")
    day = timedelta(days=1)
    await _in(hotel, g1, m - day - s, "ai", "before")  # the day before yesterday
    in1 = await _in(hotel, g1, m - day + s, "knowledge", "first")  # yesterday's first second
    await _out(hotel, g1, m - day + 11 * s, to=in1, sent_at=m - day + 13 * s)  # 12 s
    in2 = await _in(hotel, g2, m - s, "ai", "last")  # yesterday's last second
    # Answered after midnight: a first response of 30 s, but a message of today.
    await _out(hotel, g2, m + 29 * s, to=in2, source="ai", status=MessageStatus.FAILED)
    await _in(hotel, g2, m, "handoff", "today")  # today's first instant
    in4 = await _in(hotel, g3, m - timedelta(hours=12), "handoff", "noon")
    await _out(
        hotel,
        g3,
        m - timedelta(hours=12) + 120 * s,
        to=in4,
        source="staff",
        sent_at=m - timedelta(hours=12) + 125 * s,
    )
    await _in(hotel, g3, m - timedelta(hours=6), "silent", "reaction")
    await _in(hotel, g3, m - timedelta(hours=5), None, "unprocessed")
    await _out(hotel, g3, m - timedelta(hours=3), source="staff", status=MessageStatus.NO_ACCOUNT)
    await ServiceRequest.create(
        hotel=hotel,
        guest=g3,
        kind="towels",
        text="towels",
        status="done",
        created_at=m - timedelta(hours=2),
        closed_at=m - timedelta(hours=1),
    )
    await ServiceRequest.create(
        hotel=hotel, guest=g1, kind="taxi", text="taxi", created_at=m - timedelta(hours=20)
    )
    await ServiceRequest.create(
        hotel=hotel, guest=g1, kind="taxi", text="taxi", created_at=m - day - 5 * 3600 * s
    )
    return Seeded(now, m)


YESTERDAY = Stats(
    messages_in=5,
    messages_out=3,
    active_guests=3,
    automated=2,
    decided=3,
    ai_answers=1,
    handoffs=1,
    new_requests=2,
    done_requests=1,
    open_requests=2,
    answered=2,  # the handoff's answer is a person's: 12 s and 30 s are the bot's
    median_first_response=21.0,
    failed_deliveries=1,
    person_answered=1,
    median_person_response=120.0,  # when the person wrote it, not when the gateway sent it
    p90_person_response=120.0,
    request_kinds=(Kind("taxi", 1), Kind("towels", 1, 1, 3600.0)),
)


async def test_yesterday_in_a_far_zone_counts_its_own_day(
    app_client: Client, hotel_factory: object
) -> None:
    assert callable(hotel_factory)
    hotel = await hotel_factory(timezone=TZ)
    seeded = await seed(hotel)
    report = await data.hotel_report(hotel, "yesterday", seeded.now)
    assert report.window.start == seeded.midnight - timedelta(days=1)
    assert report.numbers == YESTERDAY
    assert report.previous == Stats(
        messages_in=1, active_guests=1, automated=1, decided=1, ai_answers=1, new_requests=1,
        open_requests=2, request_kinds=(Kind("taxi", 1),),
    )  # fmt: skip
    (day,) = report.days
    assert (day.guest_in, day.bot_out, day.staff_out) == (5, 1, 2)
    hours = {h: n for h, n in enumerate(report.hours) if n}
    assert hours == {0: 1, 12: 1, 18: 1, 19: 1, 23: 1}  # local hours, not UTC's
    assert dict(report.request_kinds) == {"towels": 1, "taxi": 1}
    assert dict(report.languages) == {"ru": 1, "en": 1, "": 1}
    # The report and /stats share one definition: the same numbers for the same period.
    for period in ("yesterday", "7d", "30d", "today"):
        mine = await data.hotel_report(hotel, period, seeded.now)
        assert mine.numbers == await load_stats([hotel], period, seeded.now), period
    caption = text.caption(I18n(), "en", report).splitlines()
    assert caption[0].startswith("Test Hotel — Yesterday, ")
    assert caption[1:] == [
        "Guest messages: 5 (▲ +400%)",
        "Active guests: 3 (▲ +200%)",
        "Answered by the bot alone: 67% (▼ −33 pp)",
        "AI answers: 1 (= same)",
        "Handed to a person: 1 (▲ +1)",
        "Requests opened / done: 2 / 1 (▲ +100%)",
        "Bot's first reply: 21s",
        "Failed deliveries: 1 (▲ +1)",
        "Person's first reply: 2m 0s",
        "Unanswered by a person: 0 (= same)",
        "Time to take: — (0 of 1)",
        "Time to resolve: — (0 of 1)",
        "Requests by kind: Taxi 1, Towels 1 (done in 1h 0m)",
    ]


async def test_thirty_days_have_every_day_zeros_included(
    app_client: Client, hotel_factory: object
) -> None:
    assert callable(hotel_factory)
    hotel = await hotel_factory(timezone=TZ)
    seeded = await seed(hotel)
    report = await data.hotel_report(hotel, "30d", seeded.now)
    assert len(report.days) == 30
    assert [d.day for d in report.days] == report.window.day_list
    by_day = {d.day: d.guest_in for d in report.days}
    today = seeded.now.astimezone(zone(TZ)).date()
    assert by_day[today] == 1
    assert by_day[today - timedelta(days=1)] == 5
    assert by_day[today - timedelta(days=2)] == 1
    assert sum(by_day.values()) == 7  # the other 27 days are there, as zeros
    assert report.numbers.messages_in == 7


async def test_a_report_equals_stats_through_the_admin_bot(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    await Hotel.filter(id=admin_hotel.id).update(timezone=TZ)
    hotel = await Hotel.get(id=admin_hotel.id)
    seeded = await seed(hotel)
    said = (await chat(MANAGER_ID).say(f"/stats {hotel.id} yesterday"))[-1].text or ""
    assert f"yesterday (00:00–24:00, {TZ})" in said
    for line in (
        "Messages: 5 in, 3 out",
        "Active guests: 3",
        "Answered by the bot without a person: 67% (2 of 3)",
        "AI answers: 1",
        "Handoffs to a person: 1",
        "First response by a person: median 2m 0s, 90% within 2m 0s"
        " (1 answered, 0 unanswered by a person)",
        "Service requests: 2 new, 2 open now",
        "Requests by kind: Taxi 1, Towels 1 (done in 1h 0m)",
        "Median first reply by the bot: 21s (2 answered)",
    ):
        assert line in said
    report = await data.hotel_report(hotel, "yesterday", seeded.now)
    photo = (await chat(MANAGER_ID).say(f"/report {hotel.id} yesterday"))[-1]
    assert photo.method == "sendPhoto", photo.text
    assert photo.text == text.caption(I18n(), "en", report)
    assert "Guest messages: 5" in (photo.text or "")
