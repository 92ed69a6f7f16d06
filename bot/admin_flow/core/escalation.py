"""Nobody forgotten: a handoff nobody took within the hotel's time pings its managers and
tells the guest, once, that the team is on it.

The time counts only while the hotel is open (a 23:00 handoff for an 08:00-22:00 hotel with
5 minutes is due at 08:05), so nobody is pinged at night about what the after-hours text
already told the guest. A scheduler job (`bot/scheduler.py`): it takes the time as an
argument, so tests drive it with a controlled clock. Marking is one conditional UPDATE, so two
ticks or two server processes never escalate one handoff twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.handling import tell_guest
from bot.scheduler import zone
from bot.store.models import Conversation, ConversationState, Event

log = logging.getLogger(__name__)

EVENT_KIND = "handoff_waiting"
LOOKAHEAD_DAYS = 8  # open windows looked through; a week covers any daily schedule


def _windows(
    start: datetime, opens: time, closes: time, tz_name: str
) -> list[tuple[datetime, datetime]]:
    """The hotel's open windows (UTC) from the local day before `start` on, in order; an
    overnight range (22:00-06:00) ends on the next day."""
    tz = zone(tz_name)
    first: date = start.astimezone(tz).date() - timedelta(days=1)
    out = []
    for n in range(LOOKAHEAD_DAYS + 1):
        day = first + timedelta(days=n)
        begin = datetime.combine(day, opens, tzinfo=tz)
        end_day = day if opens < closes else day + timedelta(days=1)
        end = datetime.combine(end_day, closes, tzinfo=tz)
        # In UTC, so a day that changes its clocks counts its real minutes.
        out.append((begin.astimezone(UTC), end.astimezone(UTC)))
    return out


def due_at(
    handed_off_at: datetime,
    minutes: int,
    opens: str | None,
    closes: str | None,
    tz_name: str,
) -> datetime | None:
    """When a handoff has waited `minutes` of the hotel's open time; None when escalation is
    off (0 minutes). No hours (or equal ones) is open around the clock."""
    if minutes <= 0:
        return None
    wait = timedelta(minutes=minutes)
    start = handed_off_at.astimezone(UTC)
    if not opens or not closes or opens == closes:
        return start + wait
    open_at, close_at = time.fromisoformat(opens), time.fromisoformat(closes)
    left = wait
    for begin, end in _windows(start, open_at, close_at, tz_name):
        if end <= start:
            continue
        at = max(begin, start)
        if at + left <= end:
            return at + left
        left -= end - at
    return start + wait  # not reached with a daily schedule


def is_due(
    now: datetime,
    handed_off_at: datetime,
    minutes: int,
    opens: str | None,
    closes: str | None,
    tz_name: str,
) -> bool:
    when = due_at(handed_off_at, minutes, opens, closes, tz_name)
    return when is not None and now >= when


async def escalate_due(ctx: AdminContext, now: datetime) -> int:
    """Escalates every handoff due at `now`; how many this call escalated. All of the handoffs
    still waiting are read (no page): the handoff release bounds them, and a page of ones
    that are not due (outside hours, answered without Take) must not hide one that is."""
    since = now - ctx.flow.brain.handoff_release  # older ones are with the bot again
    waiting = (
        await Conversation.filter(
            # Not escalated since this handoff (an earlier handoff's mark is older).
            Q(escalated_at__isnull=True) | Q(escalated_at__lt=F("handed_off_at")),
            state=ConversationState.HUMAN,
            taken_by__isnull=True,
            # A person already answered this handoff without pressing Take: it is not waiting.
            first_staff_reply_at__isnull=True,
            handed_off_at__isnull=False,
            handed_off_at__gt=since,
            hotel__escalate_minutes__gt=0,
            hotel__enabled=True,
        )
        .select_related("hotel", "guest")
        .order_by("handed_off_at")
    )
    done = 0
    for conversation in waiting:
        handed = conversation.handed_off_at
        assert handed is not None
        hotel = conversation.hotel
        if not is_due(
            now,
            handed,
            hotel.escalate_minutes,
            hotel.hours_open,
            hotel.hours_close,
            hotel.timezone,
        ):
            continue
        if await _escalate(ctx, conversation, now):
            done += 1
    return done


async def _escalate(ctx: AdminContext, conversation: Conversation, now: datetime) -> bool:
    handed = conversation.handed_off_at
    assert handed is not None
    async with in_transaction():
        won = await Conversation.filter(
            Q(escalated_at__isnull=True) | Q(escalated_at__lt=handed),
            id=conversation.id,
            state=ConversationState.HUMAN,
            taken_by__isnull=True,
            first_staff_reply_at__isnull=True,
            handed_off_at=handed,  # still this handoff, not one begun during the tick
        ).update(escalated_at=now)
        if not won:
            return False  # taken, resolved or escalated meanwhile (another process)
        guest = conversation.guest
        await Event.create(
            hotel_id=conversation.hotel_id,
            kind=EVENT_KIND,
            payload={
                "guest_id": guest.id,
                "chat_id": guest.chat_id,
                "conversation_id": conversation.id,
                "reason": conversation.handoff_reason,
                "minutes": int((now - handed).total_seconds() // 60),
            },
        )
        if not conversation.hotel.bot_paused:  # paused: the bot says nothing, staff are pinged
            await tell_guest(ctx, conversation, "escalated")
    log.info("hotel %s: handoff %s escalated", conversation.hotel_id, conversation.id)
    return True


class EscalationJob:
    """The scheduler's job: every tick, the handoffs that waited too long."""

    name = "escalation"

    def __init__(self, ctx: AdminContext) -> None:
        self._ctx = ctx

    async def tick(self, now: datetime) -> None:
        await escalate_due(self._ctx, now)
