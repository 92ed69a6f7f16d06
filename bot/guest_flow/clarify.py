"""Asking a guest which of two close topics they mean, and reading their answer (issue 10).

When the matcher finds two topics about equally likely (`KnowledgeIndex.choices`), answering
either is a coin flip: the confident wrong answer guests hate most. The bot asks instead,
"Did you mean: 1. … 2. …? Reply with the number", each topic shown as one of its own phrasings
in the guest's language, and the guest's next message picks one by its number or its words.
When no model will answer, a message no entry answers clearly but one or two likely do
(`KnowledgeIndex.suggestions`) is asked about the same way (`UNSURE_TEMPLATE`), rather than
told "I don't know": the guest's tap finishes what the matcher could not.

The pending question needs no table of its own: it is the reply itself, kept in the outbox with
the source `clarify:<entry id>[,<entry id>]` (see `source`), so it survives a restart. It holds
only for the guest's very next message, within `CLARIFY_SECONDS` (`conversation.py` reads it).
Pure: no I/O here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.guest_flow import textnorm
from bot.guest_flow.matching import KnowledgeItem
from bot.guest_flow.scoring import Ranked

__all__ = [
    "SOURCE_PREFIX",
    "TEMPLATE",
    "UNSURE_TEMPLATE",
    "Clarification",
    "by_number",
    "by_yes",
    "by_words",
    "label",
    "options_text",
    "parse_source",
    "source",
]

TEMPLATE = "clarify"
# The question when no option is sure, only likely (`KnowledgeIndex.suggestions`): it says so,
# and how to reach a person when the guest meant something else.
UNSURE_TEMPLATE = "clarify_unsure"
SOURCE_PREFIX = "clarify:"
# "1", "1.", "#1", "1)", "nr 1", "1️⃣", "№1": the number alone, with at most a word around it.
_KEYCAP = "\ufe0f\u20e3"
_NUMBER = re.compile(r"^\W*(?:[^\W\d_]{1,3}\W*)?(\d)\W*$")
# "the first one", "второй", "die zweite": an ordinal in any built-in guest language, in a
# reply of at most _ORDINAL_WORDS words (normalised as textnorm.tokenize writes them).
_ORDINALS: dict[str, int] = {
    word: position
    for position, words in enumerate(
        (
            "first 1st первый первое первая первую первого erste ersten erster erstes"
            " primero primera primer premier première premiere primo prima",
            "second 2nd второй второе вторая вторую второго zweite zweiten zweiter zweites"
            " segundo segunda deuxième deuxieme seconde secondo seconda",
            "third 3rd третий третье третья третью третьего dritte dritten dritter drittes"
            " tercero tercera tercer troisième troisieme terzo terza",
        )
    )
    for word in words.split()
}
_ORDINAL_WORDS = 4
# "yes" to a single offered topic ("is it about this?") in the built-in guest languages: the
# words a yes may be made of ("yes please", "да, именно", as `textnorm.tokenize` writes them),
# and those of them that say yes.
_YES = frozenset(
    "yes yeah yep yup sure correct right exactly thats that it please pls"
    " да ага угу верно именно точно оно это пожалуйста"
    " ja genau richtig stimmt bitte sí si claro exacto eso correcto"
    " oui exactement cest ça voilà sì esatto certo giusto proprio".split()
)
_AFFIRM = frozenset(
    "yes yeah yep yup sure correct exactly да ага угу верно именно точно"
    " ja genau richtig stimmt sí si claro exacto oui exactement sì esatto certo".split()
)


@dataclass(frozen=True)
class Clarification:
    """Topics offered to a guest (two close ones, or one or two likely ones): what they are
    called in the reply, the source the reply is stored with (the entries' ids), and the
    question's template."""

    topics: tuple[str, ...]
    options: tuple[str, ...]
    source: str
    template: str = TEMPLATE


def label(item: KnowledgeItem, order: Sequence[str]) -> str:
    """How a topic is offered: its first phrasing in the first language of *order* that has
    one (the reply language, then the hotel's), else any phrasing, else the topic's name."""
    for lang in order:
        texts = item.questions.get(lang)
        if texts:
            return texts[0]
    for texts in item.questions.values():
        if texts:
            return texts[0]
    return item.topic.replace("_", " ")


def options_text(options: Sequence[str]) -> str:
    """The numbered list the `clarify` template shows as `{options}`."""
    return "\n".join(f"{number}. {option}" for number, option in enumerate(options, start=1))


def source(entry_ids: Sequence[int]) -> str:
    """The outbox source of the question: `clarify:12,15` (fits the column's 24 characters for
    ids up to seven digits)."""
    return SOURCE_PREFIX + ",".join(str(i) for i in entry_ids)


def parse_source(value: str | None) -> tuple[int, ...] | None:
    """The entry ids a stored question offered, or None when it is no such question."""
    if not value or not value.startswith(SOURCE_PREFIX):
        return None
    try:
        ids = tuple(int(part) for part in value.removeprefix(SOURCE_PREFIX).split(","))
    except ValueError:
        return None
    return ids if ids and all(i > 0 for i in ids) else None


def by_number(text: str, count: int) -> int | None:
    """The option a reply names by its number (0-based), or None: "2", "2.", "#2", "2️⃣",
    "nr 2", "the second one", "вторая" pick the second; "2 towels please" or "12" pick
    nothing."""
    found = _NUMBER.match(text.replace(_KEYCAP, "").strip())
    if found is not None:
        number = int(found.group(1))
        return number - 1 if 1 <= number <= count else None
    words = textnorm.tokenize(text)
    named = {_ORDINALS[word] for word in words if word in _ORDINALS}
    if len(words) > _ORDINAL_WORDS or len(named) != 1:
        return None
    option = named.pop()
    return option if option < count else None


def by_yes(text: str, count: int) -> int | None:
    """The one offered topic, when the reply to "is it about this?" is a yes ("yes", "да",
    "ja genau", "sí, eso"); None for anything else or when more than one was offered."""
    words = textnorm.tokenize(text)
    if count != 1 or not words or len(words) > _ORDINAL_WORDS:
        return None
    return 0 if all(w in _YES for w in words) and any(w in _AFFIRM for w in words) else None


def by_words(ranked: Ranked, offered: Mapping[int, int], margin: float) -> int | None:
    """The option a reply names by its words (0-based): among the offered entries (index item
    → option), the one the matcher ranks first, when the other has no evidence or trails by at
    least *margin*; None when the reply says nothing of either or both alike."""
    scores: dict[int, float] = {}
    for candidate in ranked.candidates:
        option = offered.get(candidate.item)
        if option is not None and option not in scores:
            scores[option] = candidate.score
    if not scores:
        return None
    ordered = sorted(scores.items(), key=lambda pair: pair[1], reverse=True)
    if len(ordered) > 1 and ordered[0][1] - ordered[1][1] < margin:
        return None
    return ordered[0][0] if ordered[0][1] > 0.0 else None


def words_in(text: str) -> int:
    """Content words of a reply (a number counts as one)."""
    return len(textnorm.tokenize(text))
