"""The one definition of every number `/stats` and the report images show.

Both call `key_numbers` over the same `Window`s, so a report and `/stats` for the same hotel and
period cannot disagree. Each number is aggregated in the database (counts, a grouped count,
medians and percentiles picked by rank, `spreads`): no query loads a period's messages into
Python.

Periods are local calendar days in each hotel's own time zone (`Hotel.timezone`), so a hotel in
Tokyo and one in Lisbon each count their own day:
- `today`: from 00:00 today until now; `yesterday`: the whole of yesterday;
- `7d` / `30d`: the last 7 / 30 days, today (so far) included.
The previous period (for "change since") is the same local days and hours, that many days
earlier. A row belongs to a period when `start <= created_at < end`.

Definitions:
- **guest messages / messages out**: inbound messages / outbound messages (bot replies, staff
  replies and notices alike, queued ones included) created in the period. A hotel's staff phone
  writing commands to the hotel's number (inbound outcome `staff`, answered with source
  `staff_command`) is no guest: neither side of that exchange is counted anywhere here.
- **active guests**: distinct chats (per hotel) that wrote at least one message in the period.
- **automation rate**: inbound messages the bot answered fully by itself (outcome `knowledge`,
  `ai`, `request` — filed and confirmed without anyone —, `template`, or `clarify`: asking
  "which one do you mean?" is the bot's own answer) divided by every inbound message that got a
  decision and needed one: outcome set (not yet processed ones are excluded) and not `silent`
  (reactions, opted-out guests, flood quieting: nothing to answer). So `handoff`, `fallback`
  (the bot did not know), `unsure` (it only offered likely topics: "is it about this?") and
  `person` (a person holds the chat) are the messages the bot did not answer by itself.
- **AI answers**: inbound messages whose outcome is `ai` (one AI reply per such message).
- **service requests**: opened (created) in the period; done (closed as done) in the period;
  and, regardless of period, still `open` now. **By kind**: the requests opened in the period
  per kind, and the median time from opened to closed of those of them already done.
- **first reply by the bot**: for an inbound message of the period the bot answered itself (not
  a handoff, not one written while a person held the chat), its earliest reply
  (`reply_to_id`), at its `sent_at`, or `created_at` while it is not sent, minus the inbound
  `created_at`; the median is over those messages that got a reply. A handoff's "passed to our
  team" is the bot's notice, not an answer: handoffs are measured by a person's reply below.
- **failed deliveries**: outbound messages of the period the gateway did not deliver (`failed`,
  `noAccount`, `yellowCard`).

Handoffs, measured per handoff: a guest message of the period whose outcome is `handoff` (each
writes one `handoff` event; the message, unlike the conversation row, keeps every handoff of a
chat). A handoff lasts until the chat's next handoff.
- **handoffs**: those messages.
- **first response by a person**: from the handoff message to the first message a person wrote
  to that chat (outbound source `staff`, at its `created_at`: the moment the person answered,
  not the gateway's pace) within the handoff; median and 90th percentile (nearest rank) over the
  handoffs a person answered. Every automatic message (the handoff, after-hours, escalation
  notices, clarify questions) has another source and is never a person's response. A handoff
  without such a message (so far) is **unanswered by a person**, never fast.
- **time to take / to resolve**: from the handoff message to the conversation's `taken_at` /
  `resolved_at`, when that moment falls within the handoff. A conversation keeps only its latest
  take and resolve, so an earlier handoff of the same chat whose take was replaced by a later
  one has no time to take any more: these medians are over the handoffs whose take (resolve) is
  still stored, and their counts say how many.
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
from bot.store.models import Direction, Message, MessageStatus, ServiceRequest

PERIOD_DAYS: dict[str, int] = {"today": 1, "yesterday": 1, "7d": 7, "30d": 30}
AUTOMATED = frozenset({"knowledge", "ai", "request", "template", "clarify"})
NEEDS_NO_ANSWER = frozenset({"silent"})
# A staff phone's command to the hotel's number, and the bot's answer to it (`conversation.py`).
STAFF_COMMAND_OUTCOME = "staff"
STAFF_COMMAND_SOURCE = "staff_command"
# Inbound outcomes whose answer is a person's, not the bot's (measured per handoff instead).
PERSONS_TO_ANSWER = ("handoff", "person", STAFF_COMMAND_OUTCOME)
STAFF_SOURCE = "staff"  # outbound written by a person
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
class Kind:
    """The service requests of one kind opened in a period."""

    kind: str
    count: int
    done: int = 0  # of them, already done
    median_done: float = 0.0  # seconds from opened to done, over `done`


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
    answered: int = 0  # inbound messages the bot answered itself, with at least one reply
    median_first_response: float = 0.0  # seconds, the bot's first reply
    failed_deliveries: int = 0
    person_answered: int = 0  # handoffs a person answered
    median_person_response: float = 0.0  # seconds
    p90_person_response: float = 0.0  # seconds
    taken: int = 0  # handoffs with a stored take
    median_take: float = 0.0  # seconds
    resolved: int = 0  # handoffs with a stored resolve
    median_resolve: float = 0.0  # seconds
    request_kinds: tuple[Kind, ...] = ()  # most first

    @property
    def automation_rate(self) -> float:
        """Percent; 0 when nothing needed an answer."""
        return 100.0 * self.automated / self.decided if self.decided else 0.0

    @property
    def unanswered_by_person(self) -> int:
        return self.handoffs - self.person_answered


def _q(parts: Sequence[Span], column: str = "created_at") -> Q:
    clauses: list[Q] = []
    for s in parts:
        bounds: dict[str, Any] = {f"{column}__gte": s.start, f"{column}__lt": s.end}
        clauses.append(Q(hotel_id__in=s.hotel_ids, **bounds))
    return functools.reduce(operator.or_, clauses)


def not_staff_command() -> Q:
    """Messages that are no staff phone's command nor the answer to one."""
    return (Q(outcome__isnull=True) | Q(outcome__not=STAFF_COMMAND_OUTCOME)) & (
        Q(source__isnull=True) | Q(source__not=STAFF_COMMAND_SOURCE)
    )


@dataclass(frozen=True)
class Spread:
    """How many waits, their median and 90th percentile (nearest rank), in seconds."""

    count: int = 0
    median: float = 0.0
    p90: float = 0.0


async def spreads(waits: str, params: Sequence[Any]) -> dict[Any, Spread]:
    """Per group, the spread of `waits` (a query of `grp` and `wait` columns), picked by rank in
    the database: only the middle and the 90th percentile rows come back."""
    ranked = (
        "SELECT w.grp AS grp, w.wait AS wait,"
        " ROW_NUMBER() OVER (PARTITION BY w.grp ORDER BY w.wait) AS rn,"
        " COUNT(*) OVER (PARTITION BY w.grp) AS n"
        f" FROM ({waits}) w"
    )
    rows = await fetch(
        f"SELECT r.grp AS grp, r.wait AS wait, r.rn AS rn, r.n AS n FROM ({ranked}) r"
        " WHERE r.rn = (r.n + 1) / 2 OR r.rn = r.n / 2 + 1 OR r.rn = (9 * r.n + 9) / 10",
        params,
    )
    picked: dict[Any, dict[int, float]] = {}
    counts: dict[Any, int] = {}
    for r in rows:
        # To the millisecond: SQLite's julianday arithmetic is only that precise.
        picked.setdefault(r["grp"], {})[int(r["rn"])] = max(0.0, round(float(r["wait"]), 3))
        counts[r["grp"]] = int(r["n"])
    out: dict[Any, Spread] = {}
    for grp, n in counts.items():
        at = picked[grp]
        middle = [at[(n + 1) // 2], at[n // 2 + 1]]
        out[grp] = Spread(n, round(sum(middle) / 2, 3), at[(9 * n + 9) // 10])
    return out


async def median_first_response(parts: Sequence[Span]) -> tuple[int, float]:
    """(inbound messages the bot answered, median seconds to its first reply)."""
    where, params = within(parts, "i")
    first = seconds_between("MIN(COALESCE(o.sent_at, o.created_at))", "i.created_at")
    persons = ", ".join(f"'{o}'" for o in PERSONS_TO_ANSWER)
    waits = (
        f"SELECT 0 AS grp, {first} AS wait FROM messages i"
        " JOIN messages o ON o.reply_to_id = i.id"
        f" WHERE i.direction = 'in' AND i.outcome NOT IN ({persons}) AND {where}"
        " GROUP BY i.id, i.created_at"
    )
    spread = (await spreads(waits, params)).get(0, Spread())
    return spread.count, spread.median


def _handoffs(parts: Sequence[Span]) -> tuple[str, list[Any]]:
    """Every handoff since the earliest start: its hotel, guest, time (`handed_at`), the first
    person's message in it (`answered_at`) and the chat's next handoff (`next_at`).

    One pass over the hotels' handoffs and staff messages in time order (the `(hotel_id,
    created_at)` index): a running count of each chat's handoffs numbers its spells, so a staff
    message belongs to the latest handoff before it. At the same instant the handoff comes
    first ('in' sorts before 'out')."""
    hotel_ids = sorted({h for part in parts for h in part.hotel_ids})
    marks = ", ".join("?" for _ in hotel_ids)
    handoff = "CASE WHEN m.direction = 'in' THEN 1 ELSE 0 END"
    spells = (
        f"SELECT m.hotel_id AS hotel_id, m.chat_id AS chat_id, m.guest_id AS guest_id,"
        f" m.created_at AS created_at, {handoff} AS h,"
        f" SUM({handoff}) OVER (PARTITION BY m.hotel_id, m.chat_id"
        " ORDER BY m.created_at, m.direction ROWS UNBOUNDED PRECEDING) AS spell"
        f" FROM messages m WHERE m.hotel_id IN ({marks}) AND m.created_at >= ?"
        " AND ((m.direction = 'in' AND m.outcome = 'handoff')"
        f" OR (m.direction = 'out' AND m.source = '{STAFF_SOURCE}'))"
    )
    grouped = (
        "SELECT s.hotel_id AS hotel_id, s.chat_id AS chat_id, s.spell AS spell,"
        " MAX(CASE WHEN s.h = 1 THEN s.guest_id END) AS guest_id,"
        " MIN(CASE WHEN s.h = 1 THEN s.created_at END) AS handed_at,"
        " MIN(CASE WHEN s.h = 0 THEN s.created_at END) AS answered_at"
        f" FROM ({spells}) s WHERE s.spell > 0 GROUP BY s.hotel_id, s.chat_id, s.spell"
    )
    query = (
        "SELECT g.hotel_id AS hotel_id, g.guest_id AS guest_id, g.handed_at AS handed_at,"
        " g.answered_at AS answered_at,"
        " LEAD(g.handed_at) OVER (PARTITION BY g.hotel_id, g.chat_id ORDER BY g.spell) AS next_at"
        f" FROM ({grouped}) g"
    )
    return query, [*hotel_ids, min(part.start for part in parts)]


async def handoff_times(parts: Sequence[Span]) -> tuple[Spread, Spread, Spread]:
    """(first response by a person, time to take, time to resolve) of the period's handoffs."""
    handoffs, params = _handoffs(parts)
    where, bounds = within(parts, "x", "handed_at")
    person = (
        f"SELECT 0 AS grp, {seconds_between('x.answered_at', 'x.handed_at')} AS wait"
        f" FROM ({handoffs}) x WHERE x.answered_at IS NOT NULL AND {where}"
    )

    def held(column: str) -> str:
        moment = f"c.{column}"
        return (
            f"SELECT 0 AS grp, {seconds_between(moment, 'x.handed_at')} AS wait"
            f" FROM ({handoffs}) x JOIN conversations c ON c.guest_id = x.guest_id"
            f" WHERE {moment} >= x.handed_at AND (x.next_at IS NULL OR {moment} < x.next_at)"
            f" AND {where}"
        )

    none = Spread()
    return (
        (await spreads(person, [*params, *bounds])).get(0, none),
        (await spreads(held("taken_at"), [*params, *bounds])).get(0, none),
        (await spreads(held("resolved_at"), [*params, *bounds])).get(0, none),
    )


async def request_kinds(parts: Sequence[Span]) -> tuple[Kind, ...]:
    """The period's requests per kind, most first, with the median time to done."""
    counts = _counts(
        await ServiceRequest.filter(_q(parts))
        .annotate(n=Count("id"))
        .group_by("kind")
        .values("kind", "n"),
        "kind",
    )
    where, params = within(parts, "r")
    done = await spreads(
        f"SELECT r.kind AS grp, {seconds_between('r.closed_at', 'r.created_at')} AS wait"
        " FROM service_requests r"
        f" WHERE r.status = 'done' AND r.closed_at IS NOT NULL AND {where}",
        params,
    )
    kinds = [
        Kind(str(k), n, done.get(k, Spread()).count, done.get(k, Spread()).median)
        for k, n in counts.items()
    ]
    return tuple(sorted(kinds, key=lambda k: (-k.count, k.kind)))


def _counts(rows: list[dict[str, Any]], key: str) -> dict[Any, int]:
    return {r[key]: int(r["n"]) for r in rows}


async def key_numbers(windows: dict[int, Window]) -> Stats:
    """Every number of the definitions above, for these hotels, each over its own window."""
    if not windows:
        return Stats()
    parts = spans(windows)
    mine = _q(parts) & not_staff_command()
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
    person, take, resolve = await handoff_times(parts)
    decided = {k: v for k, v in outcomes.items() if k is not None and k not in NEEDS_NO_ANSWER}
    return Stats(
        messages_in=sum(outcomes.values()),
        messages_out=sum(statuses.values()),
        active_guests=sum(int(r["n"]) for r in guests),
        automated=sum(v for k, v in decided.items() if k in AUTOMATED),
        decided=sum(decided.values()),
        ai_answers=outcomes.get("ai", 0),
        handoffs=outcomes.get("handoff", 0),
        new_requests=await ServiceRequest.filter(_q(parts)).count(),
        done_requests=await ServiceRequest.filter(_q(parts, "closed_at"), status="done").count(),
        open_requests=await ServiceRequest.filter(
            hotel_id__in=sorted(windows), status__in=("open", "in_progress")
        ).count(),
        answered=answered,
        median_first_response=median,
        failed_deliveries=sum(v for k, v in statuses.items() if k in UNDELIVERED),
        person_answered=person.count,
        median_person_response=person.median,
        p90_person_response=person.p90,
        taken=take.count,
        median_take=take.median,
        resolved=resolve.count,
        median_resolve=resolve.median,
        request_kinds=await request_kinds(parts),
    )
