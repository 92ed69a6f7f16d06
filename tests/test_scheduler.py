"""The daily scheduler: local due times, slots done once, one failing job never stops another."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.scheduler import Scheduler, claim, claimed, due_date, finish, parse_hhmm
from bot.store.models import Slot
from tests.conftest import Client


def test_due_date_follows_the_hotels_clock() -> None:
    # 23:30 UTC on the 1st is 08:30 on the 2nd in Tokyo: not yet 09:00 there.
    assert due_date(datetime(2026, 3, 1, 23, 30, tzinfo=UTC), "Asia/Tokyo", "09:00") is None
    assert due_date(datetime(2026, 3, 2, 0, 0, tzinfo=UTC), "Asia/Tokyo", "09:00") == date(
        2026, 3, 2
    )
    # Still the 1st in Honolulu at 20:00 UTC (10:00 local).
    assert due_date(datetime(2026, 3, 1, 20, 0, tzinfo=UTC), "Pacific/Honolulu", "09:00") == date(
        2026, 3, 1
    )
    assert due_date(datetime(2026, 3, 1, 12, 0, tzinfo=UTC), "Not/AZone", "09:00") == date(
        2026, 3, 1
    )
    assert parse_hhmm("24:00") is None and parse_hhmm("9:00") is None
    assert parse_hhmm("07:45") is not None


async def test_a_slot_is_claimed_once(app_client: Client) -> None:
    assert await claim("report:1:2000:2026-03-02")
    assert not await claim("report:1:2000:2026-03-02")
    assert await claimed("report:1:2000:2026-03-02")
    await finish("report:1:2000:2026-03-02", "sent")
    slot = await Slot.get(key="report:1:2000:2026-03-02")
    assert slot.outcome == "sent" and slot.done_at is not None


class _Broken:
    name = "broken"

    async def tick(self, now: datetime) -> None:
        raise RuntimeError("boom")


class _Counter:
    name = "counter"

    def __init__(self) -> None:
        self.seen: list[Any] = []

    async def tick(self, now: datetime) -> None:
        self.seen.append(now)


async def test_one_failing_job_does_not_stop_the_others() -> None:
    scheduler = Scheduler()
    counter = _Counter()
    scheduler.add(_Broken())
    scheduler.add(counter)
    moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    await scheduler.tick(moment)
    await scheduler.tick(moment)
    assert counter.seen == [moment, moment]
