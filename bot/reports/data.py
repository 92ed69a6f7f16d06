"""What a report image shows, as plain dataclasses, computed by aggregate queries.

The key numbers, request kinds included, come from `numbers.key_numbers` (the same as
`/stats`); a staff phone's commands are in no series either. The series are counted
in the database per quarter hour of UTC (every zone's offset is a whole number of quarter
hours), at most 96 rows a day per series, and only then placed on each hotel's local days and
hours, so days and hours follow the hotel's clock, clock changes included. Days without data
are zeros, never missing.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from tortoise.expressions import RawSQL
from tortoise.functions import Count

from bot import limits
from bot.reports.numbers import (
    STAFF_SOURCE,
    Stats,
    Window,
    key_numbers,
    not_staff_command,
    spans,
    window,
)
from bot.reports.sql import epoch, fetch, within
from bot.scheduler import zone
from bot.store.models import Direction, Hotel, Message

QUARTER = 900  # seconds in a bucket
STAFF_SOURCES = frozenset({STAFF_SOURCE})  # outbound written by a person (the rest is the bot's)


@dataclass(frozen=True)
class Day:
    day: date
    guest_in: int = 0
    bot_out: int = 0
    staff_out: int = 0


@dataclass(frozen=True)
class HotelRow:
    """One line of the overview's table."""

    hotel_id: int
    name: str
    numbers: Stats


@dataclass(frozen=True)
class Report:
    """One hotel's report (`hotels` empty), or the overview of several (`hotel_id` None)."""

    hotel_id: int | None
    title: str
    period: str
    tz: str
    window: Window
    generated_at: datetime  # local, in `tz`
    numbers: Stats
    previous: Stats
    days: tuple[Day, ...]
    hours: tuple[int, ...]  # guest messages per local hour, 24 values
    request_kinds: tuple[tuple[str, int], ...]  # most first
    languages: tuple[tuple[str, int], ...]  # active guests per language ("" unknown), most first
    hotels: tuple[HotelRow, ...] = field(default=())

    @property
    def overview(self) -> bool:
        return self.hotel_id is None

    @property
    def empty(self) -> bool:
        """Nothing happened at all: the image says so instead of drawing empty axes."""
        n = self.numbers
        return not (n.messages_in or n.messages_out or n.new_requests or n.handoffs)


async def _series(
    windows: dict[int, Window], days: Sequence[date]
) -> tuple[tuple[Day, ...], tuple[int, ...]]:
    """Per local day (in, bot out, staff out) and per local hour (in), summed over hotels."""
    per_day: dict[date, Counter[str]] = {d: Counter() for d in days}
    hours = [0] * 24
    for part in spans(windows):
        tz = windows[part.hotel_ids[0]].tz
        rows = (
            await Message.filter(
                not_staff_command(),
                hotel_id__in=part.hotel_ids,
                created_at__gte=part.start,
                created_at__lt=part.end,
            )
            .annotate(bucket=RawSQL(f"{epoch('created_at')} / {QUARTER}"), n=Count("id"))
            .group_by("bucket", "direction", "source")
            .values("bucket", "direction", "source", "n")
        )
        z = zone(tz)
        # Align each hotel's own local days on the report's days (position, not date), so an
        # overview adds each hotel's own "yesterday" together.
        offset = (days[0] - windows[part.hotel_ids[0]].first_day).days
        for r in rows:
            local = datetime.fromtimestamp(int(r["bucket"]) * QUARTER, UTC).astimezone(z)
            day = local.date() + timedelta(days=offset)
            if day not in per_day:
                continue
            n = int(r["n"])
            if r["direction"] == Direction.IN:
                per_day[day]["in"] += n
                hours[local.hour] += n
            elif r["source"] in STAFF_SOURCES:
                per_day[day]["staff"] += n
            else:
                per_day[day]["bot"] += n
    series = tuple(Day(d, c["in"], c["bot"], c["staff"]) for d, c in per_day.items())
    return series, tuple(hours)


async def _languages(windows: dict[int, Window]) -> tuple[tuple[str, int], ...]:
    """Active guests of the period by their remembered language."""
    where, params = within(spans(windows), "m")
    rows = await fetch(
        "SELECT g.language AS language, COUNT(DISTINCT g.id) AS n FROM guests g"
        " JOIN messages m ON m.hotel_id = g.hotel_id AND m.chat_id = g.chat_id"
        f" WHERE m.direction = 'in' AND {where} GROUP BY g.language",
        params,
    )
    counts: Counter[str] = Counter()
    for r in rows:
        counts[str(r["language"] or "")] += int(r["n"])
    return tuple(counts.most_common())


_gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _gate() -> asyncio.Semaphore:
    """One report's queries at a time per process (per event loop): on SQLite every statement
    shares one connection, so ten reports asked at once would queue a hundred aggregate queries
    ahead of the guests' webhooks; one at a time, a webhook waits behind one query at most."""
    loop = asyncio.get_running_loop()
    gate = _gates.get(loop)
    if gate is None:
        gate = _gates[loop] = asyncio.Semaphore(limits.REPORT_QUERIES_AT_ONCE)
    return gate


async def build(
    hotels: Sequence[Hotel], period: str, now: datetime, *, title: str, tz: str | None = None
) -> Report:
    """A report of one hotel, or (several hotels, `tz` the overview's zone) the overview."""
    async with _gate():
        return await _build(hotels, period, now, title=title, tz=tz)


async def _build(
    hotels: Sequence[Hotel], period: str, now: datetime, *, title: str, tz: str | None
) -> Report:
    single = len(hotels) == 1 and tz is None
    shown_tz = hotels[0].timezone if single else tz or "UTC"
    windows = {h.id: window(period, now, h.timezone) for h in hotels}
    shown = window(period, now, shown_tz)
    previous = {hid: w.previous() for hid, w in windows.items()}
    days, hours = await _series(windows, shown.day_list)
    numbers = await key_numbers(windows)
    rows: tuple[HotelRow, ...] = ()
    if not single:
        rows = tuple(
            [
                HotelRow(h.id, h.name, await key_numbers({h.id: windows[h.id]}))
                for h in sorted(hotels, key=lambda h: h.id)
            ]
        )
    return Report(
        hotel_id=hotels[0].id if single else None,
        title=title,
        period=period,
        tz=shown_tz,
        window=shown,
        generated_at=now.astimezone(zone(shown_tz)),
        numbers=numbers,
        previous=await key_numbers(previous),
        days=days,
        hours=hours,
        request_kinds=tuple((k.kind, k.count) for k in numbers.request_kinds),
        languages=await _languages(windows),
        hotels=rows,
    )


async def hotel_report(hotel: Hotel, period: str, now: datetime) -> Report:
    return await build([hotel], period, now, title=hotel.name)


async def overview(hotels: Sequence[Hotel], period: str, now: datetime, tz: str) -> Report:
    return await build(hotels, period, now, title="", tz=tz)
