"""Why the matcher ranks entries as it does for one message (`knowledge try`, issue 10).

A manager asking "why did the bot answer that?" needs three things per candidate entry: its
score, the entry phrasing closest to the message, and which of the message's words met which of
the entry's words (a typo, a transliteration or a thesaurus concept shows as the pair it joined).

Built only on the matcher's public surface (`KnowledgeIndex.scored`), so it follows whatever
scorer `KnowledgeIndex` uses: the phrasing and the word pairs are found by asking a small index
of that one entry's phrasings, and of its words, the same question. That costs a few
milliseconds per candidate, which is fine for a diagnostic and never runs for a guest.
Pure and synchronous; callers run it off the event loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.guest_flow import textnorm
from bot.guest_flow.matching import KnowledgeIndex, KnowledgeItem

__all__ = ["Explained", "WordMatch", "explain"]

CANDIDATES = 3  # entries shown
WORD_PARTNERS = 2  # entry words shown per guest word


@dataclass(frozen=True)
class WordMatch:
    """A word of the message and the entry's words it met (none: it counted, but only as a
    phrase or through the entry as a whole)."""

    said: str
    meets: tuple[str, ...]


@dataclass(frozen=True)
class Explained:
    """One candidate entry for a message."""

    topic: str
    score: float
    phrasing: str | None  # the entry's phrasing closest to the message
    words: tuple[WordMatch, ...]


def _words(item: KnowledgeItem) -> list[KnowledgeItem]:
    """Each distinct content word of an entry's phrasings and answers, as an entry of its own
    (in its text's language, so it is stemmed as the matcher stems it)."""
    seen: set[str] = set()
    out: list[KnowledgeItem] = []
    texts = [(lang, q) for lang, qs in item.questions.items() for q in qs]
    texts += list(item.answer.items())
    for lang, text in texts:
        for token in textnorm.tokenize(text):
            if token in seen or textnorm.is_stop_word(token) or not token.isalpha():
                continue
            seen.add(token)
            out.append(KnowledgeItem(topic=token, questions={lang: [token]}, answer={}))
    return out


def _phrasings(item: KnowledgeItem) -> list[KnowledgeItem]:
    return [
        KnowledgeItem(topic=text, questions={lang: [text]}, answer={})
        for lang, texts in item.questions.items()
        for text in texts
    ]


def _pairs(item: KnowledgeItem, said: Sequence[str], lang: str) -> tuple[WordMatch, ...]:
    words = _words(item)
    if not words:
        return tuple(WordMatch(word, ()) for word in said)
    index = KnowledgeIndex(words)
    pairs: list[WordMatch] = []
    for word in said:
        met = index.scored(word, lang).candidates[:WORD_PARTNERS]
        pairs.append(WordMatch(word, tuple(words[c.item].topic for c in met)))
    return tuple(pairs)


def _closest(item: KnowledgeItem, text: str, lang: str) -> str | None:
    phrasings = _phrasings(item)
    if not phrasings:
        return None
    top = KnowledgeIndex(phrasings).scored(text, lang).top
    return phrasings[top.item].topic if top is not None else None


def explain(
    index: KnowledgeIndex, text: str, lang: str, limit: int = CANDIDATES
) -> list[Explained]:
    """The best `limit` candidates for *text* read in *lang*, best first, each with its score,
    closest phrasing and the words that decided."""
    ranked = index.scored(text, lang)
    out: list[Explained] = []
    for candidate in ranked.candidates[:limit]:
        item = index.items[candidate.item]
        out.append(
            Explained(
                topic=item.topic,
                score=candidate.score,
                phrasing=_closest(item, text, lang),
                words=_pairs(item, candidate.words, lang),
            )
        )
    return out
