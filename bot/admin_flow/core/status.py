"""/status: is every part alive, and when one is not, which one and what to do about it.

Each part is checked on its own, with a time limit, so a dead gateway or database makes its own
line say so while the rest of the report still arrives. Gateway states come from
`ctx.wa_state` (cached: Green API allows getStateInstance about once a second per instance).
The AI's line is its circuit breaker's state and the outcomes of its recent real calls
(listing models would say "reachable" while every chat call fails), so it costs no request.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

import psutil
from tortoise import timezone

import bot
from bot.admin_flow.core import bot_pause, routing
from bot.admin_flow.core.access import Permission, allowed, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Button, Reply
from bot.admin_flow.core.stats import duration
from bot.guest_flow.ai_breaker import BreakerState
from bot.store import db
from bot.store.models import Hotel, SetAside
from bot.supervisor import TaskRecord, TaskState

log = logging.getLogger(__name__)

CHECK_TIMEOUT_SECONDS = 5.0
AI_FAILING_SHARE = 0.1  # recent calls failing above this share make the AI line a warning
OUTBOX_STALE_SECONDS = 300.0
SET_ASIDE_DAYS = 7  # set-aside notifications this recent are mentioned (the texts say 7 days)
# getStateInstance answers we explain; anything else is shown as it came.
KNOWN_STATES = frozenset(
    {"authorized", "notAuthorized", "blocked", "sleepMode", "starting", "yellowCard"}
)


class Health(StrEnum):
    OK = "✅"
    WARN = "⚠️"
    DOWN = "❌"
    OFF = "➖"


@dataclass(frozen=True)
class Line:
    health: Health
    text: str

    def __str__(self) -> str:
        return f"{self.health.value} {self.text}"


def whatsapp_health(state: str) -> Health:
    if state == "authorized":
        return Health.OK
    if state in ("starting", "error:429"):
        return Health.WARN
    return Health.DOWN


def whatsapp_short_key(state: str) -> tuple[str, dict[str, object]]:
    """The same map in a few words, for a line in a list (`/hotels`)."""
    key, values = whatsapp_text_key(state)
    return key.replace("admin.numbers.wa_", "admin.numbers.wa_short.", 1), values


def whatsapp_text_key(state: str) -> tuple[str, dict[str, object]]:
    """The locale key (and values) that say what a WhatsApp state means for a person.

    The one map from a state to words, for /status, the hotel card and /addhotel alike. `state`
    is getStateInstance's answer or the "error:..." form of `ctx.wa_state` and
    `hotel_setup.probe` ("error:secret": the stored token does not decrypt).
    """
    if state in KNOWN_STATES:
        return f"admin.numbers.wa_{state}", {}
    if state == "error:unreachable":
        return "admin.numbers.wa_unreachable", {}
    if state == "error:secret":
        return "admin.numbers.wa_secret", {}
    if state in ("error:401", "error:403"):
        return "admin.numbers.wa_refused", {"status": state.removeprefix("error:")}
    if state.startswith("error:"):
        return "admin.numbers.wa_error", {"status": state.removeprefix("error:")}
    return "admin.numbers.wa_other", {"state": state}


def whatsapp_line(ctx: AdminContext, actor: Actor, state: str, hotel: str | None = None) -> Line:
    """ "❌ WhatsApp of <hotel>: not authorized — ...", or "❌ WhatsApp: ..." where the hotel is
    plain from the context (its card, /addhotel)."""
    key, values = whatsapp_text_key(state)
    said = ctx.t(actor, key, **values)
    if hotel is None:
        return Line(whatsapp_health(state), ctx.t(actor, "admin.numbers.wa_state", state=said))
    text = ctx.t(actor, "admin.numbers.wa_line", hotel=hotel, state=said)
    return Line(whatsapp_health(state), text)


async def _database(ctx: AdminContext, actor: Actor) -> Line:
    try:
        latency = await asyncio.wait_for(db.ping(), CHECK_TIMEOUT_SECONDS)
    except Exception as exc:  # any driver error means the same thing here: down
        log.warning("status: database check failed: %s", type(exc).__name__)
        return Line(Health.DOWN, ctx.t(actor, "admin.numbers.db_down", error=type(exc).__name__))
    return Line(Health.OK, ctx.t(actor, "admin.numbers.db_up", ms=f"{latency:.1f}"))


async def _whatsapp(ctx: AdminContext, actor: Actor, hotel: Hotel) -> Line | None:
    """None when the hotel was deleted while we looked."""
    try:
        access = await ctx.flow.directory.by_id(hotel.id)
    except ValueError:  # the stored token does not decrypt with this SECRET_KEY
        state = "error:secret"
    else:
        if access is None:
            return None
        try:
            state = await asyncio.wait_for(ctx.wa_state(access.instance), CHECK_TIMEOUT_SECONDS)
        except TimeoutError:
            state = "error:unreachable"
    line = whatsapp_line(ctx, actor, state, hotel.name)
    if hotel.enabled:
        return line
    return Line(line.health, f"{line.text} {ctx.t(actor, 'admin.numbers.wa_disabled')}")


async def _ai(ctx: AdminContext, actor: Actor) -> Line:
    if ctx.ai is None:
        return Line(Health.OFF, ctx.t(actor, "admin.numbers.ai_off"))
    health = ctx.ai.breaker.health()
    age = duration(ctx, actor, time.monotonic() - health.since)
    if health.state is BreakerState.OPEN:
        every = duration(ctx, actor, ctx.ai.breaker.probe_seconds)
        error = (health.last_error or "")[:200]
        text = ctx.t(actor, "admin.numbers.ai_down", age=age, every=every, error=error)
        return Line(Health.DOWN, text)
    if health.state is BreakerState.HALF_OPEN:
        return Line(Health.WARN, ctx.t(actor, "admin.numbers.ai_probing"))
    if not health.calls:
        return Line(Health.OK, ctx.t(actor, "admin.numbers.ai_idle"))
    text = ctx.t(
        actor,
        "admin.numbers.ai_ok",
        calls=health.calls,
        errors=f"{100 * health.error_rate:.0f}",
        p50=f"{health.p50_ms or 0:.0f}",
        p95=f"{health.p95_ms or 0:.0f}",
    )
    return Line(Health.WARN if health.error_rate > AI_FAILING_SHARE else Health.OK, text)


async def _telegram(ctx: AdminContext, actor: Actor) -> Line:
    if ctx.telegram_check is None:
        return Line(Health.OFF, ctx.t(actor, "admin.numbers.tg_off"))
    try:
        ok = await asyncio.wait_for(ctx.telegram_check(), CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        ok = False
    if ok:
        return Line(Health.OK, ctx.t(actor, "admin.numbers.tg_ok"))
    return Line(Health.DOWN, ctx.t(actor, "admin.numbers.tg_down"))


async def _queues(ctx: AdminContext, actor: Actor, hotels: list[Hotel]) -> list[Line]:
    """The queues of the hotels the actor sees: staff never learn of another hotel's traffic."""
    scope = None if actor.super_admin else {h.id for h in hotels}
    try:
        depths = await asyncio.wait_for(ctx.flow.depths(scope), CHECK_TIMEOUT_SECONDS)
    except Exception as exc:  # the database line already names the cause
        log.warning("status: queue check failed: %s", type(exc).__name__)
        return [Line(Health.DOWN, ctx.t(actor, "admin.numbers.queues_unknown"))]
    pending = int(depths["outbox_pending"])
    oldest = float(depths["outbox_oldest_seconds"])
    age = duration(ctx, actor, oldest)
    if pending and oldest > OUTBOX_STALE_SECONDS:
        outbox = Line(
            Health.DOWN, ctx.t(actor, "admin.numbers.outbox_stuck", count=pending, age=age)
        )
    elif pending:
        outbox = Line(Health.OK, ctx.t(actor, "admin.numbers.outbox", count=pending, age=age))
    else:
        outbox = Line(Health.OK, ctx.t(actor, "admin.numbers.outbox_empty"))
    inbox = Line(
        Health.OK, ctx.t(actor, "admin.numbers.inbox", count=int(depths["inbox_pending"]))
    )
    return [outbox, inbox]


def _task_name(ctx: AdminContext, actor: Actor, record: TaskRecord, names: dict[int, str]) -> str:
    if record.hotel_id is not None:
        hotel = names.get(record.hotel_id, str(record.hotel_id))
        return ctx.t(actor, "admin.numbers.task_polling", hotel=hotel)
    if record.name in ("outbox", "poller"):
        return ctx.t(actor, f"admin.numbers.task_{record.name}")
    return ctx.t(actor, "admin.numbers.task_other", name=record.name)


def _tasks(ctx: AdminContext, actor: Actor, hotels: list[Hotel]) -> list[Line]:
    """Background tasks restarting or failing: the shared ones for everyone (every hotel
    depends on them), a hotel's own polling only for those who see that hotel."""
    names = {h.id: h.name for h in hotels}
    lines = []
    for record in ctx.flow.tasks.problems():
        if record.hotel_id is not None and record.hotel_id not in names:
            continue
        failing = record.state is TaskState.FAILING
        key = "admin.numbers.task_failing" if failing else "admin.numbers.task_restarting"
        text = ctx.t(
            actor,
            key,
            task=_task_name(ctx, actor, record, names),
            error=record.last_error or "",
            count=record.restarts,
        )
        lines.append(Line(Health.DOWN if failing else Health.WARN, text))
    return lines


async def _set_aside(ctx: AdminContext, actor: Actor, hotels: list[Hotel]) -> list[Line]:
    since = timezone.now() - timedelta(days=SET_ASIDE_DAYS)
    kept = SetAside.filter(created_at__gte=since)
    if not actor.super_admin:  # a notification of no known hotel is the super admin's
        kept = kept.filter(hotel_id__in=[h.id for h in hotels])
    count = await kept.count()
    if not count:
        return []
    return [Line(Health.WARN, ctx.t(actor, "admin.numbers.set_aside", count=count))]


async def _unconfirmed(ctx: AdminContext, actor: Actor, hotels: list[Hotel]) -> list[Line]:
    """Replies whose send's outcome is unknown and why they wait (reconcile.py): held, never
    resent, until the gateway's journal says whether they went out."""
    scope = None if actor.super_admin else {h.id for h in hotels}
    if scope is not None and not scope:
        return []
    waiting = await ctx.flow.reconciler.waiting(scope)
    minutes = max(1, math.ceil(ctx.flow.settings.reconcile_journal_delay / 60))
    lines = []
    for reason, count in sorted(waiting.items(), key=lambda item: item[0].key):
        why = ctx.t(
            actor,
            f"admin.numbers.unconfirmed_why.{reason.key}",
            status=reason.status or "",
            minutes=minutes,
        )
        text = ctx.t(actor, "admin.numbers.unconfirmed", count=count, why=why)
        lines.append(Line(Health.DOWN if reason.failing else Health.WARN, text))
    return lines


async def _unreached(ctx: AdminContext, actor: Actor, hotels: list[Hotel]) -> list[Line]:
    """A hotel whose guest cards would reach nobody (routing.py) is said, not discovered."""
    nobody = await routing.unreached_hotels(ctx, hotels)
    if not nobody:
        return []
    names = ", ".join(h.name for h in nobody)
    return [Line(Health.WARN, ctx.t(actor, "admin.cards.status_unreached", hotels=names))]


async def _visible_hotels(actor: Actor) -> list[Hotel]:
    return [h for h in await Hotel.all().order_by("id") if allowed(actor, Permission.STATUS, h.id)]


async def status_report(ctx: AdminContext, actor: Actor) -> Reply:
    """The /status answer (also the staff-WhatsApp channel's); raises NotAllowed, audited."""
    await require(actor, Permission.STATUS)
    database = await _database(ctx, actor)
    lines = [database]
    hotels: list[Hotel] = []
    if database.health is Health.OK:
        hotels = await _visible_hotels(actor)
        if not hotels:
            lines.append(Line(Health.OFF, ctx.t(actor, "admin.numbers.no_hotels")))
        states = await asyncio.gather(*(_whatsapp(ctx, actor, h) for h in hotels))
        lines += [line for line in states if line is not None]
    else:
        lines.append(Line(Health.DOWN, ctx.t(actor, "admin.numbers.wa_unknown")))
    lines += await asyncio.gather(_ai(ctx, actor), _telegram(ctx, actor))
    if database.health is Health.OK:
        lines += await _queues(ctx, actor, hotels)
        lines += await _set_aside(ctx, actor, hotels)
        lines += await _unconfirmed(ctx, actor, hotels)
        lines += await _unreached(ctx, actor, hotels)
        lines += [Line(Health.WARN, text) for text in bot_pause.status_texts(ctx, actor, hotels)]
    lines += _tasks(ctx, actor, hotels)
    problems = sum(1 for line in lines if line.health in (Health.DOWN, Health.WARN))
    if problems:
        title = ctx.t(actor, "admin.numbers.status_problems", count=problems)
    else:
        title = ctx.t(actor, "admin.numbers.status_ok")
    footer = ctx.t(
        actor,
        "admin.numbers.status_footer",
        version=bot.__version__,
        uptime=duration(ctx, actor, time.monotonic() - ctx.started),
        memory=f"{psutil.Process().memory_info().rss / 2**20:.0f}",
    )
    text = "\n".join([title, *(str(line) for line in lines), footer])
    refresh = Button.of(ctx.t(actor, "admin.numbers.refresh"), "numbers", "status")
    return Reply(text, [[refresh]])
