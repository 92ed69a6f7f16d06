"""/stats: what the bot did for a hotel (or every hotel the actor sees) over a period.

The numbers and their definitions live in `bot/reports/numbers.py`, shared with the report
images, so `/stats` and a report for the same hotel and period show the same figures (and the
same words for a duration or a request kind, `reports.text.Words`). Here:
parsing the arguments, choosing the hotels the actor may see, and the text.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise import timezone
from tortoise.expressions import Q
from tortoise.functions import Sum

from bot.admin_flow.core.access import Permission, allowed, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import BadArgs, Button, Reply, parse_hotel_period
from bot.reports.numbers import PERIOD_DAYS, Stats, key_numbers, window
from bot.reports.text import Words
from bot.store.models import AICall, Hotel

PERIODS = tuple(PERIOD_DAYS)
DEFAULT_PERIOD = "today"


@dataclass(frozen=True)
class StatsQuery:
    hotel_id: int | None  # None: every hotel the actor sees
    period: str


def parse_stats_args(args: Sequence[str]) -> StatsQuery:
    """`[HOTEL] [PERIOD]` in either order; a hotel is its number, a period one of PERIODS."""
    hotel_id, _, period = parse_hotel_period(args, PERIODS)
    return StatsQuery(hotel_id, period or DEFAULT_PERIOD)


async def load_stats(hotels: Sequence[Hotel], period: str, now: datetime) -> Stats:
    """The period's numbers, each hotel over its own local days (`numbers.window`)."""
    return await key_numbers({h.id: window(period, now, h.timezone) for h in hotels})


def duration(ctx: AdminContext, actor: Actor, seconds: float, *, to_minute: bool = False) -> str:
    """A short human duration ("45s", "2m 5s", "3h 10m", "2d 4h") in the actor's language."""
    return Words(ctx.i18n, actor.language).duration(seconds, to_minute=to_minute)


def _handoff_lines(ctx: AdminContext, actor: Actor, stats: Stats) -> list[str]:
    """A person's first response, time to take and to resolve, when anything was handed off."""
    if not stats.handoffs:
        return []
    t = ctx.t

    def median(count: int, seconds: float) -> str:
        if not count:
            return t(actor, "admin.numbers.stats_none")
        return t(actor, "admin.numbers.stats_median", value=duration(ctx, actor, seconds))

    if stats.person_answered:
        person = t(
            actor,
            "admin.numbers.stats_person_response",
            median=duration(ctx, actor, stats.median_person_response),
            p90=duration(ctx, actor, stats.p90_person_response),
            answered=stats.person_answered,
            unanswered=stats.unanswered_by_person,
        )
    else:
        person = t(actor, "admin.numbers.stats_person_none", unanswered=stats.unanswered_by_person)
    return [
        person,
        t(
            actor,
            "admin.numbers.stats_take_resolve",
            take=median(stats.taken, stats.median_take),
            taken=stats.taken,
            resolve=median(stats.resolved, stats.median_resolve),
            resolved=stats.resolved,
        ),
    ]


def _kinds_line(ctx: AdminContext, actor: Actor, stats: Stats) -> list[str]:
    words = Words(ctx.i18n, actor.language)
    kinds = [
        ctx.t(
            actor,
            "admin.numbers.stats_kind_done",
            kind=words.kind(k.kind),
            count=k.count,
            median=duration(ctx, actor, k.median_done),
        )
        if k.done
        else ctx.t(actor, "admin.numbers.stats_kind", kind=words.kind(k.kind), count=k.count)
        for k in stats.request_kinds
    ]
    return [ctx.t(actor, "admin.numbers.stats_kinds", kinds=", ".join(kinds))] if kinds else []


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
        *_handoff_lines(ctx, actor, stats),
        t(
            actor,
            "admin.numbers.stats_requests",
            new=stats.new_requests,
            open=stats.open_requests,
        ),
        *_kinds_line(ctx, actor, stats),
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
    except BadArgs as exc:
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
    if query.period not in ("today", "yesterday"):
        label = ctx.t(actor, f"admin.numbers.period_{query.period}")
    elif len(hotels) == 1:
        label = ctx.t(actor, f"admin.numbers.period_{query.period}_in", tz=hotels[0].timezone)
    else:
        label = ctx.t(actor, f"admin.numbers.period_{query.period}")
    stats = await load_stats(hotels, query.period, timezone.now())
    text = render_stats(ctx, actor, stats, scope, label)
    text += await ai_usage_text(ctx, actor, hotels, query.period, stats)
    return Reply(text, _period_buttons(ctx, actor, query))


async def ai_tokens(hotels: Sequence[Hotel], period: str, now: datetime) -> tuple[int, int]:
    """Model tokens (prompt, completion) the hotels' `ai_calls` rows recorded in the period."""
    if not hotels:
        return 0, 0
    clauses = []
    for hotel in hotels:
        w = window(period, now, hotel.timezone)
        clauses.append(Q(hotel_id=hotel.id, created_at__gte=w.start, created_at__lt=w.end))
    rows = (
        await AICall.filter(functools.reduce(operator.or_, clauses))
        .annotate(p=Sum("prompt_tokens"), c=Sum("completion_tokens"))
        .values("p", "c")
    )
    row = rows[0] if rows else {}
    return int(row.get("p") or 0), int(row.get("c") or 0)


async def ai_usage_text(
    ctx: AdminContext, actor: Actor, hotels: Sequence[Hotel], period: str, stats: Stats
) -> str:
    """AI answers as a share of the decided messages, tokens, and a cost estimated from the
    configured prices (the provider's invoice is the real one). Empty when no model is set
    and none was used."""
    prompt, completion = await ai_tokens(hotels, period, timezone.now())
    if ctx.ai is None and not prompt + completion:
        return ""
    settings = ctx.settings
    cost = (
        prompt * settings.ai_price_prompt_per_1k + completion * settings.ai_price_completion_per_1k
    ) / 1000
    share = 100 * stats.ai_answers / stats.decided if stats.decided else 0.0
    return "\n" + ctx.t(
        actor,
        "admin.numbers.stats_ai_usage",
        share=f"{share:.0f}",
        tokens=prompt + completion,
        prompt=prompt,
        completion=completion,
        cost=f"{cost:.4f}" if cost < 1 else f"{cost:.2f}",
    )
