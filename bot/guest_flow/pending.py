"""The store side of asking which topic a guest means (`clarify.py` holds the rules).

The question is the bot's reply itself, in the outbox with the source `clarify:<ids>`: nothing
else is written, so a restart forgets nothing. A question is pending for a message when it is
the chat's latest reply, made within `CLARIFY_SECONDS`, and the guest has written nothing else
since: only the very next message can answer it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from bot.guest_flow import clarify
from bot.guest_flow.matching import KnowledgeIndex, Match
from bot.limits import CLARIFY_SECONDS
from bot.store.models import Direction, KnowledgeEntry, Message

__all__ = ["ask", "chosen", "offered"]


async def offered(
    hotel_id: int, chat_id: str, message_id: int, now: datetime
) -> tuple[int, ...] | None:
    """The entry ids this chat was asked to choose between, when *message_id* is the guest's
    next message after the question and the question is recent; else None."""
    since = now - timedelta(seconds=CLARIFY_SECONDS)
    last = (
        await Message.filter(
            hotel_id=hotel_id, chat_id=chat_id, direction=Direction.OUT, created_at__gte=since
        )
        .order_by("-id")
        .first()
        .values("source", "reply_to_id")
    )
    if not last or last["reply_to_id"] is None:
        return None
    ids = clarify.parse_source(last["source"])
    if ids is None:
        return None
    between = Message.filter(
        hotel_id=hotel_id,
        chat_id=chat_id,
        direction=Direction.IN,
        id__gt=last["reply_to_id"],
        id__lt=message_id,
    )
    return None if await between.exists() else ids


async def chosen(
    index: KnowledgeIndex, hotel_id: int, ids: Sequence[int], text: str, lang: str
) -> Match | None:
    """The offered entry the reply picks, by number, by a yes to a single one, or by its words;
    None when it picks none (the message is then read as any other) or an offered entry is
    gone."""
    rows = dict(
        await KnowledgeEntry.filter(hotel_id=hotel_id, id__in=list(ids)).values_list("id", "topic")
    )
    topics = [rows.get(i) for i in ids]
    positions = {item.topic: n for n, item in enumerate(index.items)}
    if any(topic is None or topic not in positions for topic in topics):
        return None
    items = [positions[str(topic)] for topic in topics]
    option = clarify.by_number(text, len(items))
    if option is None:
        option = clarify.by_yes(text, len(items))
    if option is None:
        ranked = index.scored(text, lang)
        offered_items = {item: n for n, item in enumerate(items)}
        option = clarify.by_words(ranked, offered_items, ranked.close_margin)
    if option is None:
        return None
    item = index.items[items[option]]
    language = lang if item.answer.get(lang) else next(iter(item.answer), lang)
    return Match(
        topic=item.topic, score=1.0, answer=item.answer.get(language, ""), language=language
    )


async def ask(
    index: KnowledgeIndex,
    hotel_id: int,
    text: str,
    lang: str,
    order: Sequence[str],
    *,
    no_model: Callable[[], Awaitable[bool]] | None = None,
) -> clarify.Clarification | None:
    """The question to ask when two topics are too close to choose between, or when one or
    two are only likely and *no_model* says no model will answer (asked only then: it may
    read the day's budget), each offered as one of its phrasings in the first language of
    *order*; None when one answer is clear or nothing is likely."""
    template = clarify.TEMPLATE
    offer: Sequence[Match] | None = index.choices(text, lang)
    if offer is None and no_model is not None:
        likely = index.suggestions(text, lang)
        if likely is not None and await no_model():
            offer, template = likely, clarify.UNSURE_TEMPLATE
    if offer is None:
        return None
    topics = tuple(match.topic for match in offer)
    found = dict(
        await KnowledgeEntry.filter(hotel_id=hotel_id, topic__in=list(topics)).values_list(
            "topic", "id"
        )
    )
    if len(found) != len(topics):
        return None  # the index is older than the store: read the message as usual
    items = {item.topic: item for item in index.items}
    return clarify.Clarification(
        topics=topics,
        options=tuple(clarify.label(items[topic], order) for topic in topics),
        source=clarify.source([int(found[topic]) for topic in topics]),
        template=template,
    )
