"""`knowledge try`: what the bot would do with a question, and why (issue 10).

A manager types a guest's question (the command line's `knowledge try --hotel ID "..."`, or the
hotel card's "Try a question"); the answer says what the bot would do (the intent when one
decides, else the knowledge answer, the "which one?" question, with no model the "is it about
this?" question, or the fallback), what the guest would read, and the best candidate entries
with their scores, closest phrasings and the words that decided (`guest_flow.explain`).

It runs the guest flow's own steps (`conversation.pick_language`, the intent classifier,
`KnowledgeIndex.answers`, `pending.ask`, `decide`) on a fresh guest with no history, so it shows
what a new guest would get; nothing is written. Only the named hotel's knowledge is read; the
card checks HOTEL_EDIT (the hotel's managers and super admins) before calling it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from bot.guest_flow import pending
from bot.guest_flow.conversation import Brain, answers_in, pick_language
from bot.guest_flow.decide import Situation, decide, settled
from bot.guest_flow.explain import Explained, explain
from bot.guest_flow.intents import Intent
from bot.guest_flow.matching import DEFAULT_THRESHOLD, Match
from bot.store.hotels import HotelAccess

__all__ = ["Trial", "render", "trial"]

Say = Callable[..., str]  # (key, **values) -> text in the reader's language


@dataclass(frozen=True)
class Trial:
    question: str
    language: str  # the language the question's words were read in
    outcome: str  # the decision's outcome, as /stats counts it
    intent: Intent
    topics: tuple[str, ...]  # the entries answered from (one per question the message asks)
    options: tuple[str, ...]  # the topics the guest would be asked to choose between
    says: tuple[str, ...]  # what the guest would read
    candidates: tuple[Explained, ...]


async def trial(brain: Brain, hotel: HotelAccess, text: str) -> Trial:
    """What a new guest writing *text* to *hotel* would get, and why."""
    book = await brain.templates.for_hotel(hotel.hotel_id)
    choice = pick_language(brain, hotel, None, text, book)
    lang = choice.language
    reads = choice.guest or lang
    index = await brain.knowledge.index(hotel.hotel_id)
    intent = brain.intents.classify(text, reads)
    answered: list[Match] = []
    asking = None
    if intent.reads_knowledge:
        answered = answers_in(index.answers(text, reads), index, [lang, *hotel.languages])
        intent, answered = settled(brain.intents, intent, answered, index)
        if intent.kind == "none" and not answered:

            async def no_model() -> bool:  # the budget is not read: a trial writes nothing
                return brain.ai is None or not brain.ai.available

            asking = await pending.ask(
                index, hotel.hotel_id, text, reads, [lang, *hotel.languages], no_model=no_model
            )
    decision = decide(
        Situation(
            kind="textMessage",
            text=text,
            intent=intent,
            match=answered[0] if answered else None,
            also=tuple(answered[1:]),
            clarify=asking,
        )
    )
    values: dict[str, object] = {
        "hotel": hotel.name,
        "hours": hotel.hours,
        "number": "…",
        "request": book.request(decision.request_kind or "other", lang),
    }
    says = tuple(
        book.render(reply.template, lang, **values, **dict(reply.values))
        if reply.template
        else reply.text or ""
        for reply in decision.replies
    )
    candidates = await asyncio.to_thread(explain, index, text, reads)
    return Trial(
        question=text,
        language=reads,
        outcome=decision.outcome,
        intent=intent,
        topics=tuple(m.topic for m in answered),
        options=asking.topics if asking is not None else (),
        says=says,
        candidates=tuple(candidates),
    )


def _verdict(result: Trial, say: Say) -> str:
    intent = result.intent
    if result.outcome == "knowledge" and len(result.topics) > 1:
        return say("admin.hotels.try.knowledge_each", topics=", ".join(result.topics))
    if result.outcome == "knowledge" and result.topics:
        return say("admin.hotels.try.knowledge", topic=result.topics[0])
    if result.outcome == "clarify":
        return say("admin.hotels.try.clarify", topics=", ".join(result.options))
    if result.outcome == "unsure":
        return say("admin.hotels.try.clarify_unsure", topics=", ".join(result.options))
    if result.outcome == "request":
        return say("admin.hotels.try.request", kind=intent.request_kind or "other")
    if result.outcome == "handoff":
        return say("admin.hotels.try.handoff", kind=intent.kind)
    if result.outcome == "fallback":
        return say("admin.hotels.try.fallback", threshold=f"{DEFAULT_THRESHOLD:.2f}")
    if intent.kind != "none":
        return say("admin.hotels.try.intent", kind=intent.kind)
    return say("admin.hotels.try.silent")


def render(result: Trial, say: Say) -> str:
    """The trial as text for a manager (Telegram or the terminal): verdict, reply, candidates."""
    lines = [
        say("admin.hotels.try.question", question=result.question, language=result.language),
        _verdict(result, say),
    ]
    if result.says:
        lines.append(say("admin.hotels.try.says"))
        lines += ["  " + line for text in result.says for line in text.splitlines()]
    if not result.candidates:
        lines.append(say("admin.hotels.try.no_candidates"))
    else:
        lines.append(say("admin.hotels.try.candidates"))
    for number, candidate in enumerate(result.candidates, start=1):
        lines.append(f"{number}. {candidate.topic} — {candidate.score:.2f}")
        if candidate.phrasing:
            lines.append("   " + say("admin.hotels.try.phrasing", phrasing=candidate.phrasing))
        pairs = [
            f"{w.said} → {', '.join(w.meets)}" if w.meets else w.said for w in candidate.words
        ]
        if pairs:
            lines.append("   " + say("admin.hotels.try.words", words="; ".join(pairs)))
    return "\n".join(lines)
