"""Nobody forgotten (issue 9): a handoff nobody took within the hotel's minutes, counted
within its hours, pings its managers and tells the guest once.

End to end: the guest writes through the fake Green API, staff read and press in the fake
Telegram, the real app in between; the escalation job is driven with a controlled clock
(`tick(now)`), as the scheduler would call it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.admin_flow.core.escalation import EVENT_KIND, due_at, is_due
from bot.app import runtime_key
from bot.scheduler import Job
from bot.store.models import (
    Conversation,
    ConversationState,
    Direction,
    Event,
    Guest,
    Hotel,
    Message,
    Role,
    Staff,
)
from tests.conftest import MANAGER_ID, SUPER_ADMIN_ID, SUPPORT_ID, Chat, Client, data_of
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.telegram import FakeTelegram
from tests.test_staff_cards import GUEST, card_for, delivered, guest_says

OTHER_INSTANCE = 1101000002
OTHER_TOKEN = "0ther0token0123456789abcdef0123456789abcdef0123456"
OTHER_SUPPORT_ID = 3100
OTHER_MANAGER_ID = 2100
PATIENCE = "Thank you for your patience"
AWAY = "Our team is away right now"


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def test_minutes_count_only_within_the_hotels_hours() -> None:
    # Open 08:00-22:00: a 23:00 handoff is due at 08:05 the next morning.
    assert due_at(utc(2, 23), 5, "08:00", "22:00", "UTC") == utc(3, 8, 5)
    # Three minutes before closing: two more after opening.
    assert due_at(utc(2, 21, 57), 5, "08:00", "22:00", "UTC") == utc(3, 8, 2)
    # Inside hours: just the minutes.
    assert due_at(utc(2, 12), 5, "08:00", "22:00", "UTC") == utc(2, 12, 5)
    # Before opening, the same morning.
    assert due_at(utc(3, 6), 5, "08:00", "22:00", "UTC") == utc(3, 8, 5)
    # The hotel's clock: 08:00 in Berlin (winter) is 07:00 UTC.
    assert due_at(utc(2, 23), 5, "08:00", "22:00", "Europe/Berlin") == utc(3, 7, 5)
    # An overnight desk (20:00-04:00): a 05:00 handoff waits for 20:00.
    assert due_at(utc(2, 5), 10, "20:00", "04:00", "UTC") == utc(2, 20, 10)
    assert due_at(utc(2, 3, 58), 5, "20:00", "04:00", "UTC") == utc(2, 20, 3)
    # No hours: open around the clock; 0 minutes: escalation is off.
    assert due_at(utc(2, 23), 5, None, None, "UTC") == utc(2, 23, 5)
    assert due_at(utc(2, 23), 0, None, None, "UTC") is None
    assert not is_due(utc(9, 0), utc(2, 23), 0, None, None, "UTC")
    assert not is_due(utc(3, 8, 4), utc(2, 23), 5, "08:00", "22:00", "UTC")
    assert is_due(utc(3, 8, 5), utc(2, 23), 5, "08:00", "22:00", "UTC")


def escalation(client: Client) -> Job:
    """The job as the app registered it on its scheduler."""
    jobs = [j for j in client.app[runtime_key].scheduler.jobs if j.name == "escalation"]
    assert len(jobs) == 1
    job: Job = jobs[0]
    return job


async def handed_off(client: Client, chat_id: str = GUEST, prefix: str = "") -> Conversation:
    await guest_says(client, "hello", f"{prefix}A", chat_id=chat_id)
    await guest_says(client, "I need to speak to a human please", f"{prefix}B", chat_id=chat_id)
    conversation = await Conversation.get(guest__chat_id=chat_id)
    assert conversation.state == ConversationState.HUMAN and conversation.handed_off_at
    return conversation


def cards(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [
        c.text or ""
        for c in fake.sent_messages(chat_id)
        if c.method == "sendMessage" and "needs a person" in (c.text or "")
    ]


async def told(fake: FakeGreenAPI, words: str) -> list[Any]:
    await asyncio.sleep(0)
    return [m for m in fake.sent if m.chat_id == GUEST and words in m.message]


async def wait_told(fake: FakeGreenAPI, words: str) -> None:
    for _ in range(500):
        if await told(fake, words):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"the guest was never told {words!r}: {[m.message for m in fake.sent]}")


async def test_an_untaken_handoff_pings_managers_and_tells_the_guest_once(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
    hotel_factory: Any,
) -> None:
    fake_green.add_instance(OTHER_INSTANCE, OTHER_TOKEN)
    other = await hotel_factory(
        name="Other", instance_id=OTHER_INSTANCE, token=OTHER_TOKEN, webhook_token="other-wh-0001"
    )
    await Staff.create(hotel=other, telegram_id=OTHER_SUPPORT_ID, role=Role.SUPPORT)
    await Staff.create(hotel=other, telegram_id=OTHER_MANAGER_ID, role=Role.MANAGER)
    conversation = await handed_off(admin_client)
    await card_for(fake_tg, MANAGER_ID, "needs a person")
    await card_for(fake_tg, SUPPORT_ID, "needs a person")
    await delivered()
    job = escalation(admin_client)
    start = conversation.handed_off_at
    assert start is not None

    await job.tick(start + timedelta(minutes=4, seconds=59))
    assert not await Event.filter(kind=EVENT_KIND).exists()
    await job.tick(start + timedelta(minutes=5))
    await job.tick(start + timedelta(minutes=6))  # a second tick: nothing more
    assert await Event.filter(kind=EVENT_KIND).count() == 1
    assert (await Conversation.get(id=conversation.id)).escalated_at is not None
    await wait_told(fake_green, PATIENCE)
    await delivered()
    # The managers get the card again (full number, its Take button); support staff and
    # the other hotel's staff get nothing new, nor does the super admin of a staffed hotel.
    pinged = cards(fake_tg, MANAGER_ID)
    assert len(pinged) == 2 and "+79001234567" in pinged[-1]
    last = [c for c in fake_tg.sent_messages(MANAGER_ID) if c.method == "sendMessage"][-1]
    assert data_of(last, "conv:take:")
    assert len(cards(fake_tg, SUPPORT_ID)) == 1
    assert fake_tg.sent_messages(OTHER_SUPPORT_ID) == []
    assert fake_tg.sent_messages(OTHER_MANAGER_ID) == []
    assert fake_tg.sent_messages(SUPER_ADMIN_ID) == []
    await job.tick(start + timedelta(minutes=30))
    assert len(await told(fake_green, PATIENCE)) == 1
    assert await Event.filter(kind=EVENT_KIND).count() == 1


async def test_no_escalation_when_taken_resolved_answered_or_turned_off(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    conversation = await handed_off(admin_client)
    card = await card_for(fake_tg, MANAGER_ID, "needs a person")
    job = escalation(admin_client)
    start = conversation.handed_off_at
    assert start is not None
    # Taken: nobody is forgotten.
    await chat(MANAGER_ID).click(card, f"conv:take:{conversation.id}", replies=0)
    for _ in range(300):
        if (await Conversation.get(id=conversation.id)).taken_by is not None:
            break
        await asyncio.sleep(0.02)
    await job.tick(start + timedelta(minutes=10))
    assert not await Event.filter(kind=EVENT_KIND).exists()
    # Resolved: with the bot again.
    await chat(MANAGER_ID).click(card, f"conv:resolve:{conversation.id}", replies=0, forged=True)
    for _ in range(300):
        if (await Conversation.get(id=conversation.id)).state == ConversationState.BOT:
            break
        await asyncio.sleep(0.02)
    await job.tick(start + timedelta(minutes=10))
    assert not await Event.filter(kind=EVENT_KIND).exists()
    # Turned off (0 minutes): a fresh handoff waits as long as it likes.
    await Hotel.filter(id=admin_hotel.id).update(escalate_minutes=0)
    seen = len(fake_tg.sent_messages(SUPPORT_ID))
    await guest_says(admin_client, "I need to speak to a human please", "C")
    fresh = await card_for(fake_tg, SUPPORT_ID, "needs a person", after=seen)
    again = await Conversation.get(id=conversation.id)
    assert again.state == ConversationState.HUMAN and again.taken_by is None
    assert again.handed_off_at is not None
    await job.tick(again.handed_off_at + timedelta(hours=2))
    assert not await Event.filter(kind=EVENT_KIND).exists()
    # On again, and a person already answered without pressing Take: not forgotten either.
    await Hotel.filter(id=admin_hotel.id).update(escalate_minutes=5)
    reply = await chat(SUPPORT_ID).click(fresh, f"conv:reply:{conversation.id}")
    assert "Write your answer" in (reply[1][-1].text or "")
    await chat(SUPPORT_ID).say("Hello, Sam here.")
    answered = await Conversation.get(id=conversation.id)
    assert answered.handed_off_at is not None
    await job.tick(answered.handed_off_at + timedelta(minutes=10))
    assert not await Event.filter(kind=EVENT_KIND).exists()
    assert not await told(fake_green, PATIENCE)


async def test_a_later_handoff_of_the_same_guest_escalates_again(
    admin_client: Client, admin_hotel: Hotel, fake_green: FakeGreenAPI
) -> None:
    conversation = await handed_off(admin_client)
    job = escalation(admin_client)
    # This one waited six minutes by the time the clock reads now (the mark is set at `now`,
    # so the clock must not run ahead of the next handoff).
    now = datetime.now(UTC)
    await Conversation.filter(id=conversation.id).update(handed_off_at=now - timedelta(minutes=6))
    conversation = await Conversation.get(id=conversation.id)
    await job.tick(now)
    assert await Event.filter(kind=EVENT_KIND).count() == 1
    # Back with the bot (the store as Resolve leaves it), then a new handoff.
    await Conversation.filter(id=conversation.id).update(state=ConversationState.BOT)
    await guest_says(admin_client, "I need a human again", "C")
    again = await Conversation.get(id=conversation.id)
    assert again.handed_off_at is not None and again.handed_off_at > now
    await job.tick(again.handed_off_at + timedelta(minutes=4))
    assert await Event.filter(kind=EVENT_KIND).count() == 1
    await job.tick(again.handed_off_at + timedelta(minutes=5))
    assert await Event.filter(kind=EVENT_KIND).count() == 2


async def test_an_opted_out_guest_is_not_told(
    admin_client: Client, admin_hotel: Hotel, fake_green: FakeGreenAPI
) -> None:
    conversation = await handed_off(admin_client)
    await Guest.filter(chat_id=GUEST).update(opted_out=True)
    assert conversation.handed_off_at is not None
    await escalation(admin_client).tick(conversation.handed_off_at + timedelta(minutes=5))
    assert await Event.filter(kind=EVENT_KIND).count() == 1  # the managers still hear
    # Nothing was even queued for the guest (the outbox never sends what is not there).
    assert not await Message.filter(direction=Direction.OUT, text__contains=PATIENCE).exists()


async def test_a_paused_hotel_pings_its_managers_but_the_bot_tells_the_guest_nothing(
    admin_client: Client, admin_hotel: Hotel, fake_green: FakeGreenAPI
) -> None:
    conversation = await handed_off(admin_client)
    assert conversation.handed_off_at is not None
    await Hotel.filter(id=admin_hotel.id).update(bot_paused=True)
    await escalation(admin_client).tick(conversation.handed_off_at + timedelta(minutes=5))
    assert await Event.filter(kind=EVENT_KIND).count() == 1
    assert not await Message.filter(direction=Direction.OUT, text__contains=PATIENCE).exists()


async def test_a_disabled_hotel_escalates_nothing(
    admin_client: Client, admin_hotel: Hotel, fake_green: FakeGreenAPI
) -> None:
    conversation = await handed_off(admin_client)
    assert conversation.handed_off_at is not None
    await Hotel.filter(id=admin_hotel.id).update(enabled=False)
    await escalation(admin_client).tick(conversation.handed_off_at + timedelta(minutes=5))
    assert not await Event.filter(kind=EVENT_KIND).exists()


async def test_outside_hours_the_guest_hears_when_and_the_ping_waits_for_opening(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    # Closed now: the desk opens in two hours (by the real clock the guest flow reads).
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    opens, closes = now + timedelta(hours=2), now + timedelta(hours=4)
    await Hotel.filter(id=admin_hotel.id).update(
        hours_open=opens.strftime("%H:%M"), hours_close=closes.strftime("%H:%M")
    )
    flow = admin_client.app[runtime_key].flow
    assert flow is not None
    flow.directory.forget(admin_hotel.instance_id)
    conversation = await handed_off(admin_client)
    await wait_told(fake_green, AWAY)
    away = (await told(fake_green, AWAY))[0].message
    assert opens.strftime("%H:%M") in away  # when to expect a person
    start = conversation.handed_off_at
    assert start is not None
    job = escalation(admin_client)
    await job.tick(start + timedelta(minutes=30))  # long past 5 minutes, but closed
    await job.tick(opens + timedelta(minutes=4))
    assert not await Event.filter(kind=EVENT_KIND).exists()
    await job.tick(opens + timedelta(minutes=5))
    assert await Event.filter(kind=EVENT_KIND).count() == 1
    await wait_told(fake_green, PATIENCE)
