"""The daily report through the real scheduler and the fake Bot API, on a controlled clock:
once per manager, hotel and local day; not twice across a restart; a missed day caught up the
same day and never the next; /reports off obeyed; roles; a blocked bot recorded, not retried."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import create_app, runtime_key
from bot.config import Settings
from bot.store.models import Hotel, Preference, Role, Slot, Staff
from tests.conftest import MANAGER_ID, SUPER_ADMIN_ID, SUPPORT_ID, Chat, Client
from tests.fakes.telegram import FakeTelegram

TZ = "Asia/Tokyo"  # UTC+9: 09:00 there is 00:00 UTC
MORNING = datetime(2025, 3, 10, 0, 30, tzinfo=UTC)  # 09:30 on the 10th in Tokyo
OTHER_MANAGER = 2100


def photos(fake: FakeTelegram, user: int) -> list[Any]:
    return [c for c in fake.sent_messages(user) if c.method == "sendPhoto"]


async def tick(client: Client, at: datetime) -> None:
    await client.app[runtime_key].scheduler.tick(at)


async def tokyo(admin_hotel: Hotel) -> Hotel:
    await Hotel.filter(id=admin_hotel.id).update(timezone=TZ)
    return await Hotel.get(id=admin_hotel.id)


async def test_each_manager_gets_one_report_per_hotel_and_day(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    hotel = await tokyo(admin_hotel)
    await tick(admin_client, MORNING - timedelta(hours=1))  # 08:30: not yet
    assert photos(fake_tg, MANAGER_ID) == []
    await tick(admin_client, MORNING)
    await tick(admin_client, MORNING + timedelta(seconds=20))  # a second tick: nothing new
    (sent,) = photos(fake_tg, MANAGER_ID)
    assert sent.text and sent.text.startswith("Test Hotel — Yesterday, Sun 9 Mar")
    assert "photo" in sent.files
    assert [b["callback_data"] for b in sent.params["reply_markup"]["inline_keyboard"][1]] == [
        f"rep:csv:{hotel.id}:yesterday:20250309"
    ]
    slot = await Slot.get(key=f"report:{hotel.id}:{MANAGER_ID}:2025-03-10")
    assert slot.outcome == "sent"
    # Support staff get no daily report. The super admin gets the overview at 09:00 UTC: the
    # first tick (23:30 UTC on the 9th) caught up the 9th's, the 10th's comes at its time.
    assert photos(fake_tg, SUPPORT_ID) == []
    assert len(photos(fake_tg, SUPER_ADMIN_ID)) == 1
    assert await Slot.exists(key=f"report:all:{SUPER_ADMIN_ID}:2025-03-09")
    await tick(admin_client, datetime(2025, 3, 10, 8, 59, tzinfo=UTC))
    assert len(photos(fake_tg, SUPER_ADMIN_ID)) == 1
    await tick(admin_client, datetime(2025, 3, 10, 9, 0, tzinfo=UTC))
    overview = photos(fake_tg, SUPER_ADMIN_ID)[-1]
    assert overview.text and overview.text.startswith("All hotels (1) — Yesterday, Sun 9 Mar")
    assert len(photos(fake_tg, MANAGER_ID)) == 1
    # The next day: the next report.
    await tick(admin_client, MORNING + timedelta(days=1))
    assert len(photos(fake_tg, MANAGER_ID)) == 2
    assert (photos(fake_tg, MANAGER_ID)[-1].text or "").startswith(
        "Test Hotel — Yesterday, Mon 10 Mar"
    )


async def test_a_manager_of_two_hotels_gets_each_and_the_other_hotel_is_not_theirs(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    hotel = await tokyo(admin_hotel)
    second = await hotel_factory(name="Second", instance_id=1101000002, timezone=TZ)
    await Staff.create(hotel=second, telegram_id=MANAGER_ID, role=Role.MANAGER)
    await Staff.create(hotel=second, telegram_id=OTHER_MANAGER, role=Role.MANAGER)
    await tick(admin_client, MORNING)
    titles = sorted((c.text or "").split(" — ")[0] for c in photos(fake_tg, MANAGER_ID))
    assert titles == ["Second", "Test Hotel"]
    assert [(c.text or "").split(" — ")[0] for c in photos(fake_tg, OTHER_MANAGER)] == ["Second"]
    assert hotel.id != second.id


async def test_none_twice_across_a_restart_and_a_missed_one_same_day_only(
    aiohttp_client: Any,
    admin_settings: Settings,
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
) -> None:
    hotel = await tokyo(admin_hotel)
    await tick(admin_client, MORNING)
    assert len(photos(fake_tg, MANAGER_ID)) == 1
    await admin_client.close()
    # The server comes back (same database): the morning's report is not sent again.
    again: Client = await aiohttp_client(create_app(admin_settings))
    await fake_tg.wait_for("getUpdates", 1)
    await tick(again, MORNING + timedelta(minutes=5))
    assert len(photos(fake_tg, MANAGER_ID)) == 1
    # Down for the whole of the 11th (Tokyo): nothing for that day when it comes back on the
    # 12th, only the 12th's report; the 11th's was due on the 11th only.
    await tick(again, MORNING + timedelta(days=2, hours=3))
    assert len(photos(fake_tg, MANAGER_ID)) == 2
    keys = {s.key for s in await Slot.all()}
    assert f"report:{hotel.id}:{MANAGER_ID}:2025-03-11" not in keys
    assert f"report:{hotel.id}:{MANAGER_ID}:2025-03-12" in keys
    # Missed at 09:00 but back at 23:50 the same day: caught up.
    await tick(again, datetime(2025, 3, 13, 14, 50, tzinfo=UTC))  # 23:50 on the 13th, Tokyo
    assert len(photos(fake_tg, MANAGER_ID)) == 3
    await again.close()


async def test_reports_off_is_obeyed_and_on_again(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram, chat: Chat
) -> None:
    await tokyo(admin_hotel)
    manager = chat(MANAGER_ID)
    status = (await manager.say("/reports"))[-1].text or ""
    assert "Test Hotel: at 09:00 (Asia/Tokyo)" in status
    assert "off" in ((await manager.say("/reports off"))[-1].text or "")
    assert [s.reports_enabled for s in await Staff.filter(telegram_id=MANAGER_ID)] == [False]
    await tick(admin_client, MORNING)
    assert photos(fake_tg, MANAGER_ID) == []
    assert "turns them back on" in ((await manager.say("/reports"))[-1].text or "")
    await manager.say("/reports on")
    await tick(admin_client, MORNING + timedelta(days=1))
    assert len(photos(fake_tg, MANAGER_ID)) == 1
    # Support: no daily report to turn on.
    said = (await chat(SUPPORT_ID).say("/reports on"))[-1].text or ""
    assert "your role gets none" in said
    # A super admin turns the overview off: a preference, no staff row needed.
    await chat(SUPER_ADMIN_ID).say("/reports off")
    assert await Preference.filter(key=f"reports:overview:{SUPER_ADMIN_ID}", value="off").exists()
    await tick(admin_client, datetime(2025, 3, 11, 9, 0, tzinfo=UTC))
    assert photos(fake_tg, SUPER_ADMIN_ID) == []


async def test_a_blocked_bot_is_recorded_and_not_retried(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    hotel = await tokyo(admin_hotel)
    fake_tg.blocked.add(MANAGER_ID)
    await tick(admin_client, MORNING)
    slot = await Slot.get(key=f"report:{hotel.id}:{MANAGER_ID}:2025-03-10")
    assert slot.outcome == "blocked" and "blocked" in (slot.error or "")
    sends = len([c for c in fake_tg.calls if c.method == "sendPhoto"])
    await tick(admin_client, MORNING + timedelta(minutes=1))
    await tick(admin_client, MORNING + timedelta(days=1))
    assert len([c for c in fake_tg.calls if c.method == "sendPhoto"]) == sends
    # Turned off, as /reports off would: `/reports on` brings them back.
    assert not (await Staff.get(telegram_id=MANAGER_ID)).reports_enabled


async def test_a_telegram_error_is_retried_on_a_later_tick_the_same_day(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    hotel = await tokyo(admin_hotel)
    key = f"report:{hotel.id}:{MANAGER_ID}:2025-03-10"
    fake_tg.fail_next(1, "sendPhoto", 500)  # a Telegram hiccup at 09:30
    await tick(admin_client, MORNING)
    assert photos(fake_tg, MANAGER_ID) == []
    assert (await Slot.get(key=key)).outcome == "retry 1"
    await tick(admin_client, MORNING + timedelta(seconds=30))
    (sent,) = photos(fake_tg, MANAGER_ID)
    assert (sent.text or "").startswith("Test Hotel — Yesterday, Sun 9 Mar")
    assert (await Slot.get(key=key)).outcome == "sent"
    await tick(admin_client, MORNING + timedelta(minutes=1))
    assert len(photos(fake_tg, MANAGER_ID)) == 1  # sent: never again


async def test_retries_stop_after_three_attempts_and_at_the_end_of_the_day(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    hotel = await tokyo(admin_hotel)
    key = f"report:{hotel.id}:{MANAGER_ID}:2025-03-10"
    fake_tg.fail_next(5, "sendPhoto", 429, retry_after=1)
    for minute in range(5):
        await tick(admin_client, MORNING + timedelta(minutes=minute))
    slot = await Slot.get(key=key)
    assert slot.outcome == "failed" and "TelegramRetryAfter" in (slot.error or "")
    tries = [
        c for c in fake_tg.calls if c.method == "sendPhoto" and c.params["chat_id"] == MANAGER_ID
    ]
    assert len(tries) == 3
    # A failure late in the day is not carried into the next one: that day has its own report.
    late_key = f"report:{hotel.id}:{MANAGER_ID}:2025-03-11"
    fake_tg.fail_next(1, "sendPhoto", 502)
    late = datetime(2025, 3, 11, 14, 59, 30, tzinfo=UTC)  # 23:59:30 in Tokyo
    await tick(admin_client, late)
    assert (await Slot.get(key=late_key)).outcome == "retry 1"
    await tick(admin_client, late + timedelta(minutes=1))  # 00:00:30 on the 12th
    await tick(admin_client, MORNING + timedelta(days=2))  # 09:30 on the 12th
    assert (await Slot.get(key=late_key)).outcome == "retry 1"
    # Only the 12th's own report (of the 11th): the 10th's and the 11th's were given up.
    sent = [(c.text or "").splitlines()[0] for c in photos(fake_tg, MANAGER_ID)]
    assert sent == ["Test Hotel — Yesterday, Tue 11 Mar"]


async def test_the_overview_leaves_out_disabled_hotels(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    closed = await hotel_factory(name="Closed for winter", instance_id=1101000003)
    await Hotel.filter(id=closed.id).update(enabled=False)
    await tick(admin_client, datetime(2025, 3, 10, 9, 0, tzinfo=UTC))
    overview = photos(fake_tg, SUPER_ADMIN_ID)[-1]
    assert (overview.text or "").startswith("All hotels (1) — Yesterday, Sun 9 Mar")
