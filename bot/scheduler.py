"""The server's one scheduler: daily work (report images, the nightly backup) at its local time.

A small loop rather than a library: every job is "at HH:MM local time, once per day and
target", which a tick every few seconds and a unique row per slot (`Slot.key`) express fully.
The row is written before the work starts, so a restart, two quick ticks or two server
processes never do one slot twice; a slot missed while the server was down is still due when it
comes back the same local day (the key holds the local date), never the next.

Jobs take the time as an argument, so tests drive them with a controlled clock by calling
`Scheduler.tick(now)` instead of waiting.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise import timezone
from tortoise.exceptions import IntegrityError

from bot.store.models import Slot

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class Job(Protocol):
    """Something the scheduler asks, at every tick, to do whatever is due at `now` (UTC)."""

    name: str

    async def tick(self, now: datetime) -> None: ...


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_hhmm(value: str) -> time | None:
    """ "09:00" → 09:00; anything else → None (callers refuse it or use their default)."""
    match = _HHMM.match(value.strip())
    return time(int(match[1]), int(match[2])) if match else None


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def due_date(now: datetime, tz_name: str, at: str) -> date | None:
    """The local date whose `at` slot is due at `now` in zone `tz_name`, or None before `at`.

    Only today's slot is ever due: a slot of an earlier day that was missed stays missed.
    """
    local = now.astimezone(zone(tz_name))
    when = parse_hhmm(at)
    if when is None or local.time() < when:
        return None
    return local.date()


async def claim(key: str) -> bool:
    """Write the slot's row; False when it exists (done, or being done by someone else)."""
    try:
        await Slot.create(key=key)
    except IntegrityError:
        return False
    return True


async def claimed(key: str) -> bool:
    return await Slot.exists(key=key)


async def finish(key: str, outcome: str, error: str | None = None) -> None:
    """Record how a claimed slot ended (sent, failed, blocked, skipped)."""
    await Slot.filter(key=key).update(
        outcome=outcome[:16], error=(error or None) and error[:500], done_at=timezone.now()
    )


class Scheduler:
    def __init__(self, *, interval: float = 30.0, clock: Clock = utc_now) -> None:
        self._jobs: list[Job] = []
        self._interval = interval
        self._clock = clock

    def add(self, job: Job) -> None:
        self._jobs.append(job)

    @property
    def jobs(self) -> list[Job]:
        return list(self._jobs)

    async def tick(self, now: datetime | None = None) -> None:
        """Give every job its turn; one job failing never keeps the others from theirs."""
        at = now or self._clock()
        for job in self._jobs:
            try:
                await job.tick(at)
            except Exception:
                log.exception("scheduled job %s failed at %s", job.name, at.isoformat())

    async def run(self) -> None:
        """The loop the app runs under its supervisor."""
        while True:
            await self.tick()
            await asyncio.sleep(self._interval)
