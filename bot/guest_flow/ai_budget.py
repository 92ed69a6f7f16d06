"""A hotel's daily model budget (`Hotel.ai_daily_tokens`): past it, knowledge only.

The day is the hotel's own (midnight in `Hotel.timezone`), the tokens those its `ai_calls`
rows of that day recorded. The first guest question past the budget writes one `ai_budget`
event for the hotel's managers; a `slots` row keyed by hotel and day makes it once a day,
across restarts and processes. Read only when a question would go to the model, so the
common message pays nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from bot.store.models import AICall, Event, Hotel, Slot


class _Model(Protocol):
    @property
    def available(self) -> bool: ...


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_midnight(now: datetime, tz: str) -> datetime:
    """The start of the hotel's day, in UTC."""
    midnight = now.astimezone(_zone(tz)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC)


async def tokens_since(hotel_id: int, start: datetime) -> int:
    rows = (
        await AICall.filter(hotel_id=hotel_id, created_at__gte=start)
        .annotate(p=Sum("prompt_tokens"), c=Sum("completion_tokens"))
        .values("p", "c")
    )
    row = rows[0] if rows else {}
    return int(row.get("p") or 0) + int(row.get("c") or 0)


async def within_budget(hotel_id: int, tz: str, now: datetime) -> bool:
    """Whether the hotel may still ask the model today; tells managers once when it may not."""
    hotel = await Hotel.get_or_none(id=hotel_id).only("id", "ai_daily_tokens")
    limit = hotel.ai_daily_tokens if hotel is not None else None
    if limit is None:
        return True
    start = local_midnight(now, tz)
    used = await tokens_since(hotel_id, start)
    if used < limit:
        return True
    key = f"ai_budget:{hotel_id}:{now.astimezone(_zone(tz)).date().isoformat()}"
    if await Slot.exists(key=key):
        return False
    try:
        async with in_transaction():
            await Slot.create(key=key, outcome="sent", done_at=now)
            await Event.create(
                hotel_id=hotel_id, kind="ai_budget", payload={"limit": limit, "used": used}
            )
    except IntegrityError:
        pass  # another process told them a moment ago
    return False


async def model_ready(ai: _Model | None, hotel_id: int, tz: str, now: datetime) -> bool:
    """Whether a model would be asked now: one is configured, its breaker is closed and the
    hotel's day has budget left. Answers and translations both ask it first."""
    return ai is not None and ai.available and await within_budget(hotel_id, tz, now)
