"""What the model is told about one question: the few relevant facts, the conversation so far,
and the hotel's clock.

Retrieval fuses two rankings: the matcher's (`KnowledgeIndex.rank`: what already decided the
question was no confident knowledge answer; its near misses are facts the model needs) and a
looser one (`Retriever`: character trigrams, stems and concepts of every phrasing and answer,
so clipped words, typos and words that only the answer uses still find their entry). As many
facts are sent as fit in `AI_FACTS_CHARS` characters; a follow-up ("and how late is it open?")
is ranked with the guest's previous message too, so its subject is found. Both rankings cost
well under a millisecond for 300 entries; bench/ai_retrieval.py measures how often the right
fact is among those sent (recall) and the prompt's size.

Not embeddings: this works offline with no extra call on the guest's path, and its recall
can be measured here; an embeddings endpoint could not be.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from bot.guest_flow import textnorm
from bot.guest_flow.followup import Refers, refers_back
from bot.guest_flow.matching import CONCEPTS, KnowledgeIndex, KnowledgeItem
from bot.limits import (
    AI_FACTS_ALL_CHARS,
    AI_FACTS_CHARS,
    AI_FACTS_SURE_CHARS,
    AI_FACTS_SURE_SCORE,
    AI_HISTORY_CHARS,
    AI_HISTORY_HOURS,
    AI_HISTORY_TURNS,
    FOLLOW_UP_MINUTES,
)
from bot.store.models import Direction, Message

__all__ = [
    "Question",
    "Retriever",
    "Turn",
    "clock_line",
    "earlier_question",
    "history",
    "relevant",
    "retriever",
]


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


class Retriever:
    """A second, looser reading of a hotel's knowledge for the model: every word of an
    entry (its topic, every phrasing and every answer, in every language) as character
    trigrams, whole stems and thesaurus concepts, TF-IDF weighted.

    The matcher is built to refuse when unsure; retrieval must instead find the entry even
    when the guest's words are clipped ("wlan"), misspelt, or stand only in the answer
    ("evening menu" → "four-course dinner"). Built once per knowledge index (in a thread,
    see `retriever`), queried in well under a millisecond for 300 entries.
    """

    def __init__(self, items: Sequence[KnowledgeItem]) -> None:
        self.items = tuple(items)
        self._concepts: dict[str, set[str]] = defaultdict(set)
        for thesaurus in (CONCEPTS, ASSOCIATIONS):
            for name, words in thesaurus.items():
                for word in words:
                    for token in textnorm.tokenize(word):
                        self._concepts[textnorm.stem(token)].add(name)
        docs = [self._features(_text_of(item)) for item in self.items]
        df: Counter[str] = Counter(f for doc in docs for f in doc)
        n = max(1, len(docs))
        self._idf = {f: math.log(1.0 + n / count) for f, count in df.items()}
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for position, doc in enumerate(docs):
            weights = {f: (1.0 + math.log(tf)) * self._idf[f] for f, tf in doc.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for feature, weight in weights.items():
                self._postings[feature].append((position, weight / norm))
        self.sizes = [max(map(len, item.answer.values()), default=0) for item in self.items]

    def _features(self, text: str) -> Counter[str]:
        features: Counter[str] = Counter()
        for token in textnorm.tokenize(text):
            if textnorm.is_stop_word(token) and token not in _TOPICAL:
                continue
            stem = textnorm.stem(token)
            forms = [stem]
            if textnorm.script_of(stem) == "cyrillic":
                forms.append(textnorm.transliterate(stem))
            for form in forms:
                padded = f"<{form}>"
                features.update(padded[i : i + 3] for i in range(len(padded) - 2))
            features["=" + stem] += _WORD_WEIGHT
            for concept in self._concepts.get(stem, ()):
                features["#" + concept] += _CONCEPT_WEIGHT
        return features

    def scores(self, text: str) -> dict[int, float]:
        """Cosine similarity of `text` with each entry sharing a feature (others omitted)."""
        query = self._features(text)
        weights = {
            f: (1.0 + math.log(tf)) * self._idf[f] for f, tf in query.items() if f in self._idf
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        found: dict[int, float] = defaultdict(float)
        for feature, weight in weights.items():
            for position, doc_weight in self._postings[feature]:
                found[position] += weight / norm * doc_weight
        return found


# Looser than the matcher's thesaurus (`matching.CONCEPTS`), so for retrieval only: words
# that suggest a topic without naming it ("morning" → breakfast, "plane" → airport). Sending
# one fact too many costs a few characters; the matcher answering from it would be wrong.
ASSOCIATIONS: dict[str, tuple[str, ...]] = {
    "breakfast": ("morning", "buffet", "утром", "утро", "кормят", "кормить"),
    "restaurant": ("supper", "ужинать", "кухня"),
    "ski": ("ski", "skis", "snowboard", "board", "лыжи", "лыжный", "сноуборд"),
    "transfer": ("transport", "bus", "транспорт", "gondola", "lift", "подъемник"),
    "airport": ("plane", "fly", "самолет", "рейс", "прилет", "вылет"),
    "checkin": ("key", "keys", "ключ", "ключи"),
    "laundry": ("сушилка", "сушить", "постирать"),
    "kids": ("child", "kid", "kids", "baby", "ребенок", "babysitter", "childcare"),
    "hiking": ("walk", "walks", "hike", "прогулка", "поход"),
    "bike": ("bike", "bicycle", "велосипед", "велик"),
    "spa": ("jacuzzi", "tub", "джакузи", "баня", "парилка"),
    "gym": ("exercise", "training", "тренироваться", "спорт"),
}  # fmt: skip
# Stop words for the matcher that still tell retrieval something ("the morning meal").
_TOPICAL = frozenset({"morning", "tonight", "утро", "вечер"})
# A whole stem and a thesaurus concept count as this many trigrams each: a shared word is
# stronger evidence than shared letters, a shared concept bridges languages and synonyms.
_WORD_WEIGHT = 2
_CONCEPT_WEIGHT = 3


def _text_of(item: KnowledgeItem) -> str:
    phrasings = " ".join(q for qs in item.questions.values() for q in qs)
    answers = " ".join(item.answer.values())
    return f"{item.topic.replace('_', ' ')} {item.topic.replace('_', '')} {phrasings} {answers}"


_RETRIEVERS: WeakKeyDictionary[KnowledgeIndex, Retriever] = WeakKeyDictionary()


async def retriever(index: KnowledgeIndex) -> Retriever:
    """The retriever of a knowledge index, built off the event loop on first use and
    dropped with the index (a changed knowledge base gets a new index, so a new one)."""
    found = _RETRIEVERS.get(index)
    if found is None:
        found = _RETRIEVERS[index] = await asyncio.to_thread(_build_retrieval, index)
    return found


def _build_retrieval(index: KnowledgeIndex) -> Retriever:
    """Both rankings `relevant` reads, in one trip to a thread: the index's own is built on
    first use too (a hotel without a model never needs it)."""
    index.prepare_ranking()
    return Retriever(index.items)


def relevant(
    index: KnowledgeIndex,
    retrieval: Retriever,
    question: str,
    earlier: str = "",
    *,
    budget: int = AI_FACTS_CHARS,
    sure_budget: int = AI_FACTS_SURE_CHARS,
    sure_score: float = AI_FACTS_SURE_SCORE,
    whole_under: int = AI_FACTS_ALL_CHARS,
    semantic: Sequence[int] = (),
) -> list[KnowledgeItem]:
    """The facts worth sending, best first, within `budget` characters of answers, or
    `sure_budget` when both rankings put the same entry first and the matcher scores it at
    least `sure_score` (a near miss of a knowledge answer needs few neighbours); the best one
    is sent even when it alone is longer.

    Two rankings are fused by reciprocal rank: the matcher's (the question's own, and the
    question read with the guest's `earlier` one) and the retriever's; and a third when
    embeddings are configured (`semantic`: positions nearest the question first, see
    `ai_embed`). A knowledge base of at most `whole_under` characters is sent whole."""
    items = index.items
    if sum(retrieval.sizes) <= whole_under:
        return list(items)
    fused: dict[int, float] = defaultdict(float)
    readings = [(question, 1.0)]
    if earlier:
        # Read with the earlier question: a follow-up whose subject is a pronoun ("and is
        # it heated?") only so (its own words are in that reading too, and alone they rank
        # noise); one opening with "and" may name its own subject, so both count; any other
        # question may still continue the earlier one, less likely.
        refers = refers_back(question)
        together = f"{earlier} {question}"
        if refers is Refers.PRONOUN:
            readings = [(together, 1.0)]
        elif refers is Refers.CONNECTOR:
            readings.append((together, 1.0))
        else:
            readings.append((together, _EARLIER_WEIGHT))
    for number, (text, weight) in enumerate(readings):
        matched = index.rank(text)
        for rank, (position, _) in enumerate(matched):
            fused[position] += weight / (_RRF_K + rank)
        ranked = sorted(retrieval.scores(text).items(), key=lambda pair: pair[1], reverse=True)
        for rank, (position, _) in enumerate(ranked):
            fused[position] += weight / (_RRF_K + rank)
        # Both rankings agree on a likely entry: a few neighbours are enough.
        if number == 0 and matched and ranked and matched[0][0] == ranked[0][0]:
            budget = min(budget, sure_budget) if matched[0][1] >= sure_score else budget
    for rank, position in enumerate(semantic):
        fused[position] += 1.0 / (_RRF_K + rank)
    chosen: list[KnowledgeItem] = []
    used = 0
    for position in sorted(fused, key=lambda p: fused[p], reverse=True):
        # The best fact goes whatever its size (a hotel may write KNOWLEDGE_ANSWER characters):
        # stopping at it told the model nothing at all.
        if chosen and used + retrieval.sizes[position] > budget:
            break
        chosen.append(items[position])
        used += retrieval.sizes[position]
    return chosen


_RRF_K = 10
_EARLIER_WEIGHT = 0.5


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


async def earlier_question(hotel_id: int, chat_id: str, before_id: int, now: datetime) -> str:
    """The guest's previous message, if it came within FOLLOW_UP_MINUTES ("" otherwise):
    what a follow-up ("and is it heated?") is about."""
    rows = (
        await Message.filter(
            hotel_id=hotel_id,
            chat_id=chat_id,
            direction=Direction.IN,
            id__lt=before_id,
            created_at__gte=now - timedelta(minutes=FOLLOW_UP_MINUTES),
        )
        .exclude(text="")
        .order_by("-id")
        .limit(1)
        .values_list("text", flat=True)
    )
    return str(rows[0])[:AI_HISTORY_CHARS] if rows else ""


def last_guest_text(turns: Sequence[Turn]) -> str:
    return next((t.text for t in reversed(turns) if t.role == "user"), "")


def clock_line(now: datetime, timezone: str, hours: str) -> str:
    """The hotel's local time (and the team's hours), for "is it still open?"."""
    local = now.astimezone(ZoneInfo(timezone))
    line = f"Local time at the hotel: {local:%A %Y-%m-%d %H:%M} ({timezone})."
    return f"{line} The hotel team answers messages {hours}." if hours else line
