"""What the model is told about one question: the few relevant facts, the conversation so far,
and the hotel's clock.

Retrieval uses the matcher's own ranking (`KnowledgeIndex.rank`), not embeddings: it is what
already decided the question was no confident knowledge answer, it costs well under a
millisecond, and its near misses are exactly the facts the model needs. A follow-up ("and how
late is it open?") is ranked with the guest's previous message too, so its subject is found.
bench/ai_retrieval.py measures how often the right fact is among those sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.guest_flow.matching import KnowledgeIndex, KnowledgeItem
from bot.limits import (
    AI_FACTS_ALL_CHARS,
    AI_FACTS_FLOOR,
    AI_FACTS_MAX,
    AI_FACTS_TOP,
    AI_HISTORY_CHARS,
    AI_HISTORY_HOURS,
    AI_HISTORY_TURNS,
)
from bot.store.models import Direction, Message

__all__ = ["Question", "Turn", "clock_line", "history", "relevant"]


@dataclass(frozen=True)
class Turn:
    role: str  # "user" (the guest) or "assistant" (the hotel's replies)
    text: str


@dataclass(frozen=True)
class Question:
    """One guest question and what the model is told with it."""

    text: str
    language: str  # ISO 639-1 of the answer (the guest's, which may be no catalog's)
    hotel: str
    facts: Sequence[KnowledgeItem]
    fact_language: str  # which of the hotel's texts to send
    history: Sequence[Turn] = ()
    clock: str = ""


def relevant(
    index: KnowledgeIndex,
    question: str,
    earlier: str = "",
    *,
    top: int = AI_FACTS_TOP,
    floor: float = AI_FACTS_FLOOR,
    whole_under: int = AI_FACTS_ALL_CHARS,
) -> list[KnowledgeItem]:
    """The facts worth sending: the best `top` candidates and any other above `floor`, the
    question's own first, then those of the question read with the guest's `earlier` one.
    A knowledge base of at most `whole_under` characters is sent whole."""
    items = index.items
    if sum(max(map(len, item.answer.values()), default=0) for item in items) <= whole_under:
        return list(items)
    chosen: list[int] = []
    rankings = [index.rank(question)]
    if earlier:
        rankings.append(index.rank(f"{earlier} {question}"))
    for ranked in rankings:
        for position, (item, score) in enumerate(ranked):
            if (position < top or score >= floor) and item not in chosen:
                chosen.append(item)
    return [items[i] for i in chosen[:AI_FACTS_MAX]]


async def history(hotel_id: int, chat_id: str, before_id: int, now: datetime) -> list[Turn]:
    """The chat's last few messages before this one, oldest first (guest's as user turns,
    the hotel's replies as assistant turns)."""
    rows = (
        await Message.filter(
            hotel_id=hotel_id,
            chat_id=chat_id,
            id__lt=before_id,
            created_at__gte=now - timedelta(hours=AI_HISTORY_HOURS),
        )
        .exclude(text="")
        .order_by("-id")
        .limit(AI_HISTORY_TURNS)
        .values_list("direction", "text")
    )
    return [
        Turn("user" if direction == Direction.IN else "assistant", text[:AI_HISTORY_CHARS])
        for direction, text in reversed(rows)
    ]


def last_guest_text(turns: Sequence[Turn]) -> str:
    return next((t.text for t in reversed(turns) if t.role == "user"), "")


def clock_line(now: datetime, timezone: str, hours: str) -> str:
    """The hotel's local time (and the team's hours), for "is it still open?"."""
    local = now.astimezone(ZoneInfo(timezone))
    line = f"Local time at the hotel: {local:%A %Y-%m-%d %H:%M} ({timezone})."
    return f"{line} The hotel team answers messages {hours}." if hours else line
