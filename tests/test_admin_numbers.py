"""/status, /stats and /audit through the real admin bot and the fake Bot API and Green API."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr
from tortoise import timezone

from bot.app import create_app
from bot.config import Settings
from bot.store.crypto import TokenCipher
from bot.store.models import (
    AuditEntry,
    Direction,
    Guest,
    Hotel,
    Message,
    MessageStatus,
    ServiceRequest,
)
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    buttons,
)
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, FakeGreenAPI
from tests.fakes.openai import DEFAULT_API_KEY, FakeOpenAI
from tests.fakes.telegram import ApiCall, FakeTelegram

OTHER_INSTANCE_ID = 1101000002
OTHER_TOKEN = "e86c4b77485053d6c4d12a7d9bcd3178f262669bbdce523456"


@pytest.fixture
async def other_hotel(
    admin_hotel: Hotel, fake_green: FakeGreenAPI, hotel_factory: Callable[..., Awaitable[Hotel]]
) -> Hotel:
    """A second hotel (Tokyo time) that the manager and support of the test hotel don't see."""
    fake_green.add_instance(OTHER_INSTANCE_ID, OTHER_TOKEN, wid="79990000002@c.us")
    return await hotel_factory(
        name="Sakura Inn",
        instance_id=OTHER_INSTANCE_ID,
        token=OTHER_TOKEN,
        webhook_token="other-webhook-token-0123456789",
        timezone="Asia/Tokyo",
    )


@pytest.fixture
async def fake_ai() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
async def ai_admin_client(
    aiohttp_client: Any,
    admin_settings: Settings,
    fake_tg: FakeTelegram,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> Client:
    """The admin bot with the AI configured (pointed at the fake OpenAI), and the test hotel."""
    settings = admin_settings.model_copy(
        update={"openai_api_key": SecretStr(DEFAULT_API_KEY), "openai_base_url": fake_ai.url}
    )
    client: Client = await aiohttp_client(create_app(settings))
    await fake_tg.wait_for("getUpdates", 1)
    await hotel_factory()
    return client


def text_of(calls: list[ApiCall]) -> str:
    return calls[-1].text or ""


# --- /status ------------------------------------------------------------------------------


async def test_status_as_super_admin_shows_every_part(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    replies = await admin.say("/status")
    text = text_of(replies)
    assert "everything works" in text
    assert "database: up" in text and " ms" in text
    assert "WhatsApp of Test Hotel: authorized" in text
    assert "AI: not configured" in text
    assert "Telegram: reachable" in text
    assert "outbox: nothing waiting" in text
    assert "guest messages waiting to be processed: 0" in text
    assert "Version 0.1.0" in text and "memory" in text
    assert buttons(replies[-1]) == [("Refresh", "numbers:status")]
    # Refresh edits the message in place; within the same second the text can be identical,
    # which Telegram refuses as "not modified" and the bot takes as already current.
    answered, _ = await admin.click(replies[-1], "numbers:status", replies=0)
    assert answered.ok
    assert "WhatsApp of Test Hotel: authorized" in await admin.last()


async def test_status_names_the_broken_parts_plainly(
    admin_client: Client,
    chat: Chat,
    other_hotel: Hotel,
    fake_green: FakeGreenAPI,
) -> None:
    fake_green.set_state(DEFAULT_INSTANCE_ID, "notAuthorized")
    fake_green.fail_next(method="getStateInstance", instance_id=OTHER_INSTANCE_ID, status=500)
    await Message.create(
        hotel_id=other_hotel.id,
        chat_id="333@c.us",
        direction=Direction.OUT,
        text="stuck",
        status=MessageStatus.PENDING,
        created_at=timezone.now() - timedelta(minutes=20),
        next_attempt_at=timezone.now() + timedelta(hours=1),
    )
    text = text_of(await chat(SUPER_ADMIN_ID).say("/status"))
    assert "problems found (3)" in text
    assert (
        "❌ WhatsApp of Test Hotel: not authorized — scan the QR code in the Green API console"
        in text
    )
    assert "❌ WhatsApp of Sakura Inn: Green API error 500" in text
    assert "outbox: 1 waiting, the oldest for 20m" in text and "not going out" in text
    assert "✅ database: up" in text


async def test_status_still_answers_with_the_gateway_down(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_green: FakeGreenAPI
) -> None:
    await fake_green.stop()
    text = text_of(await chat(MANAGER_ID).say("/status"))
    assert "❌ WhatsApp of Test Hotel: Green API unreachable" in text
    assert "Telegram: reachable" in text


async def test_status_says_the_ai_is_configured_before_any_call(
    ai_admin_client: Client, chat: Chat, fake_ai: FakeOpenAI
) -> None:
    """The AI's line comes from real calls (tests/test_ai_breaker.py): none yet, no request."""
    admin = chat(SUPER_ADMIN_ID)
    assert "✅ AI: configured, no model calls yet" in text_of(await admin.say("/status"))
    assert fake_ai.requests == []


async def test_status_names_a_token_that_does_not_decrypt(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    await Hotel.filter(id=admin_hotel.id).update(
        token_encrypted=TokenCipher("another-secret-key").encrypt("token")
    )
    text = text_of(await chat(SUPER_ADMIN_ID).say("/status"))
    assert "❌ WhatsApp of Test Hotel: the stored token cannot be decrypted" in text


async def test_support_sees_only_their_hotel(
    admin_client: Client, chat: Chat, other_hotel: Hotel
) -> None:
    support = text_of(await chat(SUPPORT_ID).say("/status"))
    assert "WhatsApp of Test Hotel: authorized" in support
    assert "Sakura Inn" not in support
    admin = text_of(await chat(SUPER_ADMIN_ID).say("/status"))
    assert "WhatsApp of Test Hotel" in admin and "WhatsApp of Sakura Inn: authorized" in admin


async def test_status_in_russian(admin_client: Client, chat: Chat, admin_hotel: Hotel) -> None:
    text = text_of(await chat(SUPPORT_ID, "ru").say("/status"))
    assert "WhatsApp отеля Test Hotel: авторизован" in text


# --- /stats -------------------------------------------------------------------------------


async def _guest(hotel: Hotel, chat_id: str) -> Guest:
    return await Guest.create(hotel=hotel, chat_id=chat_id)


async def _in(guest: Guest, at: datetime, outcome: str | None, gateway_id: str) -> Message:
    status = MessageStatus.RECEIVED if outcome is None else MessageStatus.PROCESSED
    return await Message.create(
        hotel_id=guest.hotel_id,
        guest_id=guest.id,
        chat_id=guest.chat_id,
        direction=Direction.IN,
        gateway_id=gateway_id,
        text="guest text",
        status=status,
        outcome=outcome,
        created_at=at,
    )


async def _out(
    guest: Guest,
    to: Message | None,
    after: float,
    *,
    sent_after: float | None = None,
    source: str = "knowledge",
    at: datetime | None = None,
) -> None:
    base = to.created_at if to is not None else (at or timezone.now())
    await Message.create(
        hotel_id=guest.hotel_id,
        guest_id=guest.id,
        chat_id=guest.chat_id,
        direction=Direction.OUT,
        text="reply",
        source=source,
        # Not pending, so the outbox sender leaves these rows (and their times) alone.
        status=MessageStatus.SENT if sent_after is not None else MessageStatus.FAILED,
        reply_to_id=to.id if to is not None else None,
        created_at=base + timedelta(seconds=after),
        sent_at=None if sent_after is None else base + timedelta(seconds=sent_after),
    )


async def _seed(hotel: Hotel, other: Hotel) -> None:
    """Known rows; the figures each /stats must show are in the tests below."""
    now = timezone.now()
    g1, g2, g3 = [await _guest(hotel, f"{n}@c.us") for n in (111, 222, 333)]
    i1 = await _in(g1, now - timedelta(hours=2), "knowledge", "i1")
    await _out(g1, i1, 4, sent_after=5)
    i2 = await _in(g1, now - timedelta(hours=3), "ai", "i2")
    await _out(g1, i2, 30, source="ai")  # not sent: its created_at counts
    i3 = await _in(g2, now - timedelta(days=1), "handoff", "i3")
    await _out(g2, i3, 100, sent_after=120, source="template")
    await _out(g2, i3, 200, sent_after=210, source="template")
    await _in(g2, now - timedelta(days=1) + timedelta(hours=1), "person", "i4")
    await _in(g3, now - timedelta(days=2), "silent", "i5")
    i6 = await _in(g3, now - timedelta(days=2) + timedelta(hours=1), "request", "i6")
    await _out(g3, i6, 60, sent_after=60, source="template")
    i7 = await _in(g1, now - timedelta(days=8), "knowledge", "i7")  # outside 7d
    await _out(g1, i7, 3, sent_after=3)
    await _in(g1, now - timedelta(hours=1), None, "i8")  # not processed yet
    await _out(g2, None, 0, sent_after=1, source="staff", at=now - timedelta(minutes=30))
    await ServiceRequest.create(
        hotel=hotel, guest=g3, kind="towels", text="towels", created_at=i6.created_at
    )
    await ServiceRequest.create(
        hotel=hotel, guest=g3, kind="taxi", text="taxi", created_at=now - timedelta(days=9)
    )
    await ServiceRequest.create(
        hotel=hotel,
        guest=g2,
        kind="iron",
        text="iron",
        status="done",
        created_at=now - timedelta(days=3),
        closed_at=now - timedelta(days=2),
    )
    # The other hotel: one message at its local midnight (today) and one just before.
    midnight = (
        now.astimezone(ZoneInfo("Asia/Tokyo"))
        .replace(hour=0, minute=0, second=0, microsecond=0)
        .astimezone(ZoneInfo("UTC"))
    )
    gb = await _guest(other, "444@c.us")
    await _in(gb, midnight, "knowledge", "b1")
    await _in(gb, midnight - timedelta(seconds=1), "ai", "b2")
    await ServiceRequest.create(
        hotel=other, guest=gb, kind="taxi", text="taxi", created_at=now - timedelta(days=20)
    )


async def test_stats_show_the_stored_numbers(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, other_hotel: Hotel
) -> None:
    await _seed(admin_hotel, other_hotel)
    manager = chat(MANAGER_ID)
    replies = await manager.say(f"/stats {admin_hotel.id} 7d")
    assert text_of(replies).splitlines() == [
        "Numbers for Test Hotel, last 7 days:",
        "Messages: 7 in, 6 out",
        "Active guests: 3",
        "Answered by the bot without a person: 60% (3 of 5)",
        "AI answers: 1",
        "Handoffs to a person: 1",
        # The handoff of a day ago; a person wrote in that chat 30 minutes ago.
        "First response by a person: median 23h 30m, 90% within 23h 30m"
        " (1 answered, 0 unanswered by a person)",
        "Time to take: — (0 taken); to resolve: — (0 resolved)",
        "Service requests: 2 new, 2 open now",
        "Requests by kind: iron 1 (done in 1d 0h), Towels 1",
        # The handoff's "passed to our team" is no reply of the bot's: 5, 30, 60.
        "Median first reply by the bot: 30s (3 answered)",
    ]
    # Without a hotel: every hotel the manager sees, which is the same one.
    mine = text_of(await manager.say("/stats 7d"))
    assert mine.startswith("Numbers for all your hotels (1), last 7 days:")
    assert "Messages: 7 in, 6 out" in mine
    # The period buttons re-run the command for the same scope.
    assert [data for _, data in buttons(replies[-1])] == [
        f"numbers:stats:{admin_hotel.id}:today",
        f"numbers:stats:{admin_hotel.id}:yesterday",
        f"numbers:stats:{admin_hotel.id}:7d",
        f"numbers:stats:{admin_hotel.id}:30d",
    ]
    _, edited = await manager.click(replies[-1], f"numbers:stats:{admin_hotel.id}:30d")
    month = text_of(edited)
    assert "last 30 days" in month and "Messages: 8 in, 7 out" in month
    assert "Median first reply by the bot: 18s (4 answered)" in month  # 3, 5, 30, 60


async def test_stats_today_uses_the_hotels_timezone_and_aggregates(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, other_hotel: Hotel
) -> None:
    await _seed(admin_hotel, other_hotel)
    admin = chat(SUPER_ADMIN_ID)
    today = text_of(await admin.say(f"/stats {other_hotel.id}"))
    assert today.splitlines() == [
        "Numbers for Sakura Inn, today (since 00:00, Asia/Tokyo):",
        "Messages: 1 in, 0 out",
        "Active guests: 1",
        "Answered by the bot without a person: 100% (1 of 1)",
        "AI answers: 0",
        "Handoffs to a person: 0",
        "Service requests: 0 new, 1 open now",
        "Median first reply by the bot: 0s (0 answered)",
    ]
    both = text_of(await admin.say("/stats 7d"))
    assert both.splitlines() == [
        "Numbers for all your hotels (2), last 7 days:",
        "Messages: 9 in, 6 out",
        "Active guests: 4",
        "Answered by the bot without a person: 71% (5 of 7)",
        "AI answers: 2",
        "Handoffs to a person: 1",
        # The handoff of a day ago; a person wrote in that chat 30 minutes ago.
        "First response by a person: median 23h 30m, 90% within 23h 30m"
        " (1 answered, 0 unanswered by a person)",
        "Time to take: — (0 taken); to resolve: — (0 resolved)",
        "Service requests: 2 new, 3 open now",
        "Requests by kind: iron 1 (done in 1d 0h), Towels 1",
        # The handoff's "passed to our team" is no reply of the bot's: 5, 30, 60.
        "Median first reply by the bot: 30s (3 answered)",
    ]


async def test_stats_with_nothing_stored_are_zeros(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    text = text_of(await chat(SUPPORT_ID).say("/stats"))
    assert "Messages: 0 in, 0 out" in text
    assert "Answered by the bot without a person: 0% (0 of 0)" in text
    assert "Median first reply by the bot: 0s (0 answered)" in text


async def test_stats_for_another_hotel_is_refused_and_audited(
    admin_client: Client,
    chat: Chat,
    admin_hotel: Hotel,
    other_hotel: Hotel,
    fake_tg: FakeTelegram,
) -> None:
    manager = chat(MANAGER_ID)
    assert "Not allowed" in text_of(await manager.say(f"/stats {other_hotel.id} 7d"))
    refusals = await AuditEntry.filter(action="refused", actor=f"tg:{MANAGER_ID}")
    assert [(e.hotel_id, e.details["after"]) for e in refusals] == [
        (other_hotel.id, {"permission": "stats"})
    ]
    # A forged period button naming the other hotel gets the same answer.
    own = await manager.say(f"/stats {admin_hotel.id}")
    answers = len([c for c in fake_tg.calls if c.method == "answerCallbackQuery"])
    fake_tg.click(manager.user, own[-1], f"numbers:stats:{other_hotel.id}:7d", strict=False)
    answered = (await fake_tg.wait_for("answerCallbackQuery", answers + 1))[answers]
    assert answered.params.get("show_alert") is True
    assert "Not allowed" in str(answered.params.get("text"))
    assert await AuditEntry.filter(action="refused", hotel_id=other_hotel.id).count() == 2


async def test_stats_bad_arguments_get_the_usage(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    abc = text_of(await admin.say("/stats abc"))
    assert "“abc”" in abc and "Usage: /stats [HOTEL] [today|yesterday|7d|30d]" in abc
    missing = text_of(await admin.say("/stats 999"))
    assert "There is no hotel 999." in missing and "Usage:" in missing
    period = text_of(await admin.say("/stats 1 week"))
    assert "“week”" in period and "Usage:" in period


# --- /audit -------------------------------------------------------------------------------


async def test_audit_is_for_super_admins_only(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    assert "Not allowed" in text_of(await chat(SUPPORT_ID).say("/audit"))
    assert await AuditEntry.filter(action="refused", actor=f"tg:{SUPPORT_ID}").count() == 1
    await AuditEntry.create(
        actor=f"tg:{MANAGER_ID}",
        action="hotel_edit",
        hotel_id=admin_hotel.id,
        details={"before": {"hours": "08:00-22:00"}, "after": {"hours": "07:00-23:00"}},
    )
    text = text_of(await chat(SUPER_ADMIN_ID).say("/audit"))
    lines = text.splitlines()
    assert lines[0] == "Audit log, the latest 2 (UTC, newest first):"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d · Maria \(tg:2000\) · hotel_edit · Test Hotel", lines[1]
    )
    assert lines[2].strip() == "hours: 08:00-22:00→07:00-23:00"
    assert " · Sam (tg:3000) · refused · no hotel" in lines[3]
    assert lines[4].strip() == "permission: audit"


async def test_audit_lists_at_most_twenty(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    await AuditEntry.bulk_create(
        [AuditEntry(actor="cli", action=f"action_{n}", details={}) for n in range(25)]
    )
    text = text_of(await chat(SUPER_ADMIN_ID).say("/audit"))
    assert "Audit log, the latest 20 " in text
    assert "action_24" in text and "action_5" in text and "action_4 " not in text
