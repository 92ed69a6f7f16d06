"""Warnings about imported knowledge that will answer guests badly (issue 10).

An import succeeds whatever these say; they tell the manager what to improve:

* **too alike**: two topics whose phrasings the matcher cannot tell apart: a phrasing of one
  ranks the other first, or within the matcher's own "ask which one" margin
  (`Ranked.close_margin`). Guests asking either get the "which one?" question, or worse;
* **a single phrasing** in a language: one way of asking is all the matcher knows there;
* **languages missing**: a language the hotel declares that an entry has no phrasing or no
  answer in (its guests are matched through other languages and answered in another one).

Pure and synchronous, over the hotel's whole knowledge (`KnowledgeIndex`) after the import:
phrasings are ranked against every entry, not only the file's. A 300-entry base takes about a
second: callers run it off the event loop. The cost grows with the square of the entries (2,000
alike ones took 26 s), so the alike check stops after `KNOWLEDGE_CHECK_SECONDS` and says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from bot.guest_flow.matching import KnowledgeIndex
from bot.limits import KNOWLEDGE_CHECK_SECONDS

__all__ = ["SHOWN", "KnowledgeWarning", "check", "render"]

SHOWN = 20  # warnings listed; the rest are counted


@dataclass(frozen=True)
class KnowledgeWarning:
    """One warning: its text's key (`admin.hotels.warn.<key>`) and values."""

    key: str
    values: dict[str, str] = field(default_factory=dict)


def _alike(
    index: KnowledgeIndex, topics: Collection[str], seconds: float
) -> list[KnowledgeWarning]:
    items = index.items
    found: dict[frozenset[str], KnowledgeWarning] = {}
    until = time.monotonic() + seconds
    for item in items:
        if item.topic not in topics:
            continue
        if time.monotonic() > until:
            return [*found.values(), KnowledgeWarning("alike_partial", {"topic": item.topic})]
        for lang, phrasings in item.questions.items():
            for phrasing in phrasings:
                ranked = index.scored(phrasing, lang)
                own = max(
                    (c.score for c in ranked.candidates if items[c.item].topic == item.topic),
                    default=0.0,
                )
                other = next(
                    (c for c in ranked.candidates if items[c.item].topic != item.topic), None
                )
                if other is None or other.score <= 0.0:
                    continue
                if other.score < own - ranked.close_margin:
                    continue
                rival = items[other.item].topic
                pair = frozenset((item.topic, rival))
                if pair not in found:
                    found[pair] = KnowledgeWarning(
                        "alike", {"topic": item.topic, "other": rival, "phrasing": phrasing}
                    )
    return list(found.values())


def check(
    index: KnowledgeIndex,
    topics: Collection[str],
    languages: Sequence[str],
    seconds: float = KNOWLEDGE_CHECK_SECONDS,
) -> list[KnowledgeWarning]:
    """Warnings about the entries named by *topics* (those just imported), against the whole
    knowledge in *index*, for a hotel declaring *languages*; the alike check for at most
    *seconds*."""
    out: list[KnowledgeWarning] = []
    for item in index.items:
        if item.topic not in topics:
            continue
        missing = [
            lang for lang in languages if not item.questions.get(lang) or not item.answer.get(lang)
        ]
        if missing:
            out.append(
                KnowledgeWarning("missing", {"topic": item.topic, "languages": ", ".join(missing)})
            )
        single = [lang for lang, texts in item.questions.items() if len(texts) == 1]
        if single:
            out.append(
                KnowledgeWarning("single", {"topic": item.topic, "languages": ", ".join(single)})
            )
    return _alike(index, topics, seconds) + out


def render(warnings: Sequence[KnowledgeWarning], say: Callable[..., str]) -> str:
    """The warnings as lines for a manager, the first `SHOWN` of them; "" when there are none."""
    if not warnings:
        return ""
    lines = [say("admin.hotels.warn.title", count=len(warnings))]
    lines += ["• " + say(f"admin.hotels.warn.{w.key}", **w.values) for w in warnings[:SHOWN]]
    if len(warnings) > SHOWN:
        lines.append(say("admin.hotels.warn.more", count=len(warnings) - SHOWN))
    return "\n".join(lines)
