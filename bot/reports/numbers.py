"""The one definition of every number `/stats` and the report images show.

Both call `key_numbers` over the same `Window`s, so a report and `/stats` for the same hotel and
period cannot disagree. Each number is aggregated in the database (counts, a grouped count, the
median by ORDER BY/OFFSET): no query loads a period's messages into Python.

Periods are local calendar days in each hotel's own time zone (`Hotel.timezone`), so a hotel in
Tokyo and one in Lisbon each count their own day:
- `today`: from 00:00 today until now; `yesterday`: the whole of yesterday;
- `7d` / `30d`: the last 7 / 30 days, today (so far) included.
The previous period (for "change since") is the same local days and hours, that many days
earlier. A row belongs to a period when `start <= created_at < end`.

Definitions:
- **guest messages / messages out**: inbound messages / outbound messages (bot replies, staff
  replies and notices alike, queued ones included) created in the period.
- **active guests**: distinct chats (per hotel) that wrote at least one message in the period.
- **automation rate**: inbound messages the bot answered fully by itself (outcome `knowledge`,
  `ai`, `request` — filed and confirmed without anyone — or `template`) divided by every inbound
  message that got a decision and needed one: outcome set (not yet processed ones are excluded)
  and not `silent` (reactions, opted-out guests, flood quieting: nothing to answer). So
  `handoff`, `fallback` (the bot did not know) and `person` (a person holds the chat) are the
  messages a person had to take.
- **AI answers**: inbound messages whose outcome is `ai` (one AI reply per such message).
- **handoffs**: `handoff` events created in the period.
- **service requests**: opened (created) in the period; done (closed as done) in the period;
  and, regardless of period, still `open` now.
- **first response**: for an inbound message of the period, its earliest reply (`reply_to_id`),
  at its `sent_at`, or `created_at` while it is not sent, minus the inbound `created_at`; the
  median is over the inbound messages that got a reply.
- **failed deliveries**: outbound messages of the period the gateway did not deliver (`failed`,
  `noAccount`, `yellowCard`).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Count

from bot.reports.sql import Span, fetch, seconds_between, within
from bot.scheduler import zone
from bot.store.models import Direction, Event, Message, MessageStatus, ServiceRequest

PERIOD_DAYS: dict[str, int] = {"today": 1, "yesterday": 1, "7d": 7, "30d": 30}
AUTOMATED = frozenset({"knowledge", "ai", "request", "template"})
NEEDS_NO_ANSWER = frozenset({"silent"})
UNDELIVERED = frozenset(
    {MessageStatus.FAILED, MessageStatus.NO_ACCOUNT, MessageStatus.YELLOW_CARD}
)


@dataclass(frozen=True)
class Window:
    """One hotel's period: UTC bounds and the local days they cover."""

    start: datetime
    end: datetime
    first_day: date
    days: int
    tz: str

    @property
    def day_list(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range(self.days)]

    def previous(self) -> Window:
        """The same local days and hours, `days` days earlier (for "change since")."""
        z = zone(self.tz)
        local_end = self.end.astimezone(z)
        end_day = local_end.date() - timedelta(days=self.days)
        into_day = local_end - datetime.combine(local_end.date(), time(), tzinfo=z)
        first = self.first_day - timedelta(days=self.days)
        return Window(
            midnight(first, self.tz),
            midnight(end_day, self.tz) + into_day,
            first,
            self.days,
            self.tz,
        )


def midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone(tz)).astimezone(UTC)


def window(period: str, now: datetime, tz: str) -> Window:
    """The period ending at `now` (see the module docstring), in zone `tz`."""
    days = PERIOD_DAYS[period]
    today = now.astimezone(zone(tz)).date()
    if period == "yesterday":
        first = today - timedelta(days=1)
        return Window(midnight(first, tz), midnight(today, tz), first, 1, tz)
    first = today - timedelta(days=days - 1)
    return Window(midnight(first, tz), now.astimezone(UTC), first, days, tz)


def spans(windows: dict[int, Window]) -> list[Span]:
    """Hotels sharing the same bounds share one clause."""
    groups: dict[tuple[datetime, datetime], list[int]] = {}
    for hotel_id, w in sorted(windows.items()):
        groups.setdefault((w.start, w.end), []).append(hotel_id)
    return [Span(tuple(ids), start, end) for (start, end), ids in groups.items()]


@dataclass(frozen=True)
class Stats:
    messages_in: int = 0
    messages_out: int = 0
    active_guests: int = 0
    automated: int = 0
    decided: int = 0  # the automation rate's denominator
    ai_answers: int = 0
    handoffs: int = 0
    new_requests: int = 0
    done_requests: int = 0
    open_requests: int = 0
    answered: int = 0  # inbound messages with at least one reply
    median_first_response: float = 0.0  # seconds
    failed_deliveries: int = 0

    @property
    def automation_rate(self) -> float:
        """Percent; 0 when nothing needed an answer."""
        return 100.0 * self.automated / self.decided if self.decided else 0.0


def _q(parts: Sequence[Span], column: str = "created_at") -> Q:
    clauses: list[Q] = []
    for s in parts:
        bounds: dict[str, Any] = {f"{column}__gte": s.start, f"{column}__lt": s.end}
        clauses.append(Q(hotel_id__in=s.hotel_ids, **bounds))
    return functools.reduce(operator.or_, clauses)


async def median_first_response(parts: Sequence[Span]) -> tuple[int, float]:
    """(inbound messages answered, median seconds to the first reply), both in the database."""
    where, params = within(parts, "i")
    first = seconds_between("MIN(COALESCE(o.sent_at, o.created_at))", "i.created_at")
    waits = (
        f"SELECT i.id AS id, {first} AS wait FROM messages i"
        " JOIN messages o ON o.reply_to_id = i.id"
        f" WHERE i.direction = 'in' AND {where} GROUP BY i.id, i.created_at"
    )
    rows = await fetch(f"SELECT COUNT(*) AS n FROM ({waits}) w", params)
    count = int(rows[0]["n"]) if rows else 0
    if not count:
        return 0, 0.0
    middle = await fetch(
        f"SELECT w.wait AS wait FROM ({waits}) w ORDER BY w.wait LIMIT ? OFFSET ?",
        [*params, 2 - count % 2, (count - 1) // 2],
    )
    values = [float(r["wait"]) for r in middle]
    # To the millisecond: SQLite's julianday arithmetic is only that precise.
    return count, max(0.0, round(sum(values) / len(values), 3))


def _counts(rows: list[dict[str, Any]], key: str) -> dict[Any, int]:
    return {r[key]: int(r["n"]) for r in rows}


async def key_numbers(windows: dict[int, Window]) -> Stats:
    """Every number of the definitions above, for these hotels, each over its own window."""
    if not windows:
        return Stats()
    parts = spans(windows)
    mine = _q(parts)
    outcomes = _counts(
        await Message.filter(mine, direction=Direction.IN)
        .annotate(n=Count("id"))
        .group_by("outcome")
        .values("outcome", "n"),
        "outcome",
    )
    guests = await (
        Message.filter(mine, direction=Direction.IN)
        .annotate(n=Count("chat_id", distinct=True))
        .group_by("hotel_id")
        .values("hotel_id", "n")
    )
    statuses = _counts(
        await Message.filter(mine, direction=Direction.OUT)
        .annotate(n=Count("id"))
        .group_by("status")
        .values("status", "n"),
        "status",
    )
    answered, median = await median_first_response(parts)
    decided = {k: v for k, v in outcomes.items() if k is not None and k not in NEEDS_NO_ANSWER}
    return Stats(
        messages_in=sum(outcomes.values()),
        messages_out=sum(statuses.values()),
        active_guests=sum(int(r["n"]) for r in guests),
        automated=sum(v for k, v in decided.items() if k in AUTOMATED),
        decided=sum(decided.values()),
        ai_answers=outcomes.get("ai", 0),
        handoffs=await Event.filter(mine, kind="handoff").count(),
        new_requests=await ServiceRequest.filter(mine).count(),
        done_requests=await ServiceRequest.filter(_q(parts, "closed_at"), status="done").count(),
        open_requests=await ServiceRequest.filter(
            hotel_id__in=sorted(windows), status="open"
        ).count(),
        answered=answered,
        median_first_response=median,
        failed_deliveries=sum(v for k, v in statuses.items() if k in UNDELIVERED),
    )
