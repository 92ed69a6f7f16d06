"""/stats: what the bot did for a hotel (or every hotel the actor sees) over a period.

Three layers, so the arithmetic is testable without a database: `parse_stats_args` (text →
query), `load_stats` (database → rows, one round per distinct period start), `compute_stats`
(rows → numbers, pure). `stats_report` joins them and renders the text.

Definitions (every figure is real data from the store; nothing there gives zeros):
- **period**: `today` starts at 00:00 in the hotel's own timezone (`Hotel.timezone`), so a
  hotel in Tokyo and one in Lisbon each count their own day; `7d` and `30d` are the rolling
  7×24 h and 30×24 h before now. A row belongs to the period when `created_at >= start`.
- **messages in / out**: inbound guest messages created in the period / outbound messages
  created in the period (bot replies, staff replies and notices alike, queued ones included:
  they are already written to the guest and the outbox delivers them).
- **active guests**: distinct chats (per hotel) that wrote at least one message in the period.
- **automation rate**: inbound messages the bot answered fully by itself (outcome `knowledge`,
  `ai`, `request` — the request is filed and confirmed without anyone — or `template`) divided
  by every inbound message that got a decision and needed one: outcome set (not yet processed
  ones are excluded) and not `silent` (reactions, opted-out guests, flood quieting: nothing to
  answer). So `handoff`, `fallback` (the bot did not know) and `person` (a person holds the
  chat) are the messages a person had to take.
- **AI answers**: inbound messages whose outcome is `ai` (one AI reply per such message).
- **handoffs**: `handoff` events created in the period.
- **service requests**: created in the period ("new") and, regardless of period, still `open`.
- **first response**: for an inbound message of the period, the earliest reply to it
  (`reply_to_id`) at its `sent_at`, or `created_at` while it is not sent, minus the inbound
  `created_at`; the median is over the inbound messages that got a reply.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise import timezone

from bot.admin_flow.core.access import Permission, allowed, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Button, Reply, parse_id
from bot.store.models import Direction, Event, Hotel, Message, ServiceRequest

PERIODS: dict[str, timedelta | None] = {
    "today": None,
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
}
DEFAULT_PERIOD = "today"
AUTOMATED = frozenset({"knowledge", "ai", "request", "template"})
NEEDS_NO_ANSWER = frozenset({"silent"})


@dataclass(frozen=True)
class Inbound:
    id: int
    hotel_id: int
    chat_id: str
    created_at: datetime
    outcome: str | None


@dataclass(frozen=True)
class Outbound:
    reply_to_id: int | None
    created_at: datetime
    sent_at: datetime | None


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
    open_requests: int = 0
    answered: int = 0  # inbound messages with at least one reply
    median_first_response: float = 0.0  # seconds

    @property
    def automation_rate(self) -> float:
        """Percent; 0 when nothing needed an answer."""
        return 100.0 * self.automated / self.decided if self.decided else 0.0


def compute_stats(
    inbound: Iterable[Inbound],
    outbound: Iterable[Outbound],
    *,
    handoffs: int = 0,
    new_requests: int = 0,
    open_requests: int = 0,
) -> Stats:
    """The numbers of one period from its rows (see the module docstring for definitions).

    `outbound` holds every outbound message of the period; replies to inbound messages outside
    `inbound` are counted as messages out but not as first responses.
    """
    inbound = list(inbound)
    outbound = list(outbound)
    first_reply: dict[int, datetime] = {}
    for out in outbound:
        if out.reply_to_id is None:
            continue
        at = out.sent_at or out.created_at
        known = first_reply.get(out.reply_to_id)
        if known is None or at < known:
            first_reply[out.reply_to_id] = at
    waits = [
        max(0.0, (first_reply[m.id] - m.created_at).total_seconds())
        for m in inbound
        if m.id in first_reply
    ]
    decided = [m for m in inbound if m.outcome is not None and m.outcome not in NEEDS_NO_ANSWER]
    return Stats(
        messages_in=len(inbound),
        messages_out=len(outbound),
        active_guests=len({(m.hotel_id, m.chat_id) for m in inbound}),
        automated=sum(1 for m in decided if m.outcome in AUTOMATED),
        decided=len(decided),
        ai_answers=sum(1 for m in inbound if m.outcome == "ai"),
        handoffs=handoffs,
        new_requests=new_requests,
        open_requests=open_requests,
        answered=len(waits),
        median_first_response=statistics.median(waits) if waits else 0.0,
    )


@dataclass(frozen=True)
class StatsQuery:
    hotel_id: int | None  # None: every hotel the actor sees
    period: str


class BadStatsArgs(ValueError):
    """Arguments /stats does not understand; `arg` is the offending word."""

    def __init__(self, arg: str) -> None:
        super().__init__(arg)
        self.arg = arg


def parse_stats_args(args: Sequence[str]) -> StatsQuery:
    """`[HOTEL] [PERIOD]` in either order; a hotel is its number, a period one of PERIODS."""
    hotel_id: int | None = None
    period: str | None = None
    for raw in args:
        word = raw.strip().lower()
        if not word:
            continue
        if word in PERIODS and period is None:
            period = word
        elif hotel_id is None and (number := parse_id(word)) is not None:
            hotel_id = number
        else:
            raise BadStatsArgs(raw.strip())
    return StatsQuery(hotel_id, period or DEFAULT_PERIOD)


def period_start(period: str, now: datetime, tz: str) -> datetime:
    """The period's first instant, in UTC; `today` is midnight in the hotel's timezone."""
    length = PERIODS[period]
    if length is not None:
        return now - length
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    midnight = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC)


async def load_stats(hotels: Sequence[Hotel], period: str, now: datetime) -> Stats:
    """Rows of the period from the store, one query set per distinct start (per timezone)."""
    if not hotels:
        return Stats()
    groups: dict[datetime, list[int]] = {}
    for hotel in hotels:
        groups.setdefault(period_start(period, now, hotel.timezone), []).append(hotel.id)
    inbound: list[Inbound] = []
    outbound: list[Outbound] = []
    handoffs = new_requests = 0
    for start, ids in groups.items():
        recent = Message.filter(hotel_id__in=ids, created_at__gte=start)
        rows = await recent.filter(direction=Direction.IN).values(
            "id", "hotel_id", "chat_id", "created_at", "outcome"
        )
        inbound += [
            Inbound(r["id"], r["hotel_id"], r["chat_id"], r["created_at"], r["outcome"])
            for r in rows
        ]
        rows = await recent.filter(direction=Direction.OUT).values(
            "reply_to_id", "created_at", "sent_at"
        )
        outbound += [Outbound(r["reply_to_id"], r["created_at"], r["sent_at"]) for r in rows]
        handoffs += await Event.filter(
            hotel_id__in=ids, kind="handoff", created_at__gte=start
        ).count()
        new_requests += await ServiceRequest.filter(
            hotel_id__in=ids, created_at__gte=start
        ).count()
    open_requests = await ServiceRequest.filter(
        hotel_id__in=[h.id for h in hotels], status="open"
    ).count()
    return compute_stats(
        inbound,
        outbound,
        handoffs=handoffs,
        new_requests=new_requests,
        open_requests=open_requests,
    )


def duration(ctx: AdminContext, actor: Actor, seconds: float) -> str:
    """A short human duration ("45s", "2m 5s", "3h 10m", "2d 4h") in the actor's language."""
    whole = round(seconds)
    if seconds > 0 and whole == 0:
        return ctx.t(actor, "admin.numbers.dur_under_second")
    days, rest = divmod(whole, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return ctx.t(actor, "admin.numbers.dur_days", d=days, h=hours)
    if hours:
        return ctx.t(actor, "admin.numbers.dur_hours", h=hours, m=minutes)
    if minutes:
        return ctx.t(actor, "admin.numbers.dur_minutes", m=minutes, s=secs)
    return ctx.t(actor, "admin.numbers.dur_seconds", s=secs)


def _usage(ctx: AdminContext, actor: Actor, problem: str) -> Reply:
    usage = ctx.t(actor, "admin.numbers.stats_usage", periods="|".join(PERIODS))
    return Reply(f"{problem}\n{usage}")


def _period_buttons(ctx: AdminContext, actor: Actor, query: StatsQuery) -> list[list[Button]]:
    row = []
    for period in PERIODS:
        label = ctx.t(actor, f"admin.numbers.button_{period}")
        if period == query.period:
            label = f"• {label}"
        row.append(Button.of(label, "numbers", "stats", query.hotel_id or 0, period))
    return [row]


def render_stats(
    ctx: AdminContext, actor: Actor, stats: Stats, scope: str, period_label: str
) -> str:
    t = ctx.t
    lines = [
        t(actor, "admin.numbers.stats_title", scope=scope, period=period_label),
        t(
            actor,
            "admin.numbers.stats_messages",
            inbound=stats.messages_in,
            out=stats.messages_out,
        ),
        t(actor, "admin.numbers.stats_guests", count=stats.active_guests),
        t(
            actor,
            "admin.numbers.stats_automation",
            rate=f"{stats.automation_rate:.0f}",
            automated=stats.automated,
            total=stats.decided,
        ),
        t(actor, "admin.numbers.stats_ai", count=stats.ai_answers),
        t(actor, "admin.numbers.stats_handoffs", count=stats.handoffs),
        t(
            actor,
            "admin.numbers.stats_requests",
            new=stats.new_requests,
            open=stats.open_requests,
        ),
        t(
            actor,
            "admin.numbers.stats_first_response",
            median=duration(ctx, actor, stats.median_first_response),
            answered=stats.answered,
        ),
    ]
    return "\n".join(lines)


async def stats_report(ctx: AdminContext, actor: Actor, args: list[str]) -> Reply:
    """The /stats answer (also the staff-WhatsApp channel's); raises NotAllowed, audited."""
    await require(actor, Permission.STATS)
    try:
        query = parse_stats_args(args)
    except BadStatsArgs as exc:
        return _usage(ctx, actor, ctx.t(actor, "admin.numbers.stats_bad_arg", arg=exc.arg))
    if query.hotel_id is not None:
        # Permission before existence: a manager learns nothing about other hotels' numbers.
        await require(actor, Permission.STATS, query.hotel_id)
        hotel = await Hotel.get_or_none(id=query.hotel_id)
        if hotel is None:
            return _usage(
                ctx, actor, ctx.t(actor, "admin.numbers.stats_no_hotel", hotel=query.hotel_id)
            )
        hotels = [hotel]
        scope = hotel.name
    else:
        hotels = [
            h for h in await Hotel.all().order_by("id") if allowed(actor, Permission.STATS, h.id)
        ]
        scope = ctx.t(actor, "admin.numbers.scope_all", count=len(hotels))
    if query.period != "today":
        label = ctx.t(actor, f"admin.numbers.period_{query.period}")
    elif len(hotels) == 1:
        label = ctx.t(actor, "admin.numbers.period_today_in", tz=hotels[0].timezone)
    else:
        label = ctx.t(actor, "admin.numbers.period_today")
    stats = await load_stats(hotels, query.period, timezone.now())
    text = render_stats(ctx, actor, stats, scope, label)
    return Reply(text, _period_buttons(ctx, actor, query))
