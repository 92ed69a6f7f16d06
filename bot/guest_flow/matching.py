"""Fuzzy multilingual matching of a guest question to a hotel's knowledge base.

Which entry answers a guest (`KnowledgeIndex.match`, `best`, `choices`) is scored by
:mod:`bot.guest_flow.scoring` (issue 10: how much of an entry's evidence the guest's words
cover, every language stemmed and stopped on its own, the answers counted, the thesaurus in
six languages; measured on `bench/quality/`). The ranking below (`KnowledgeIndex.rank`) is the
older scorer, kept for the model's retrieval, which fuses it with its own (`ai_context.py`).

Why lexical and not embeddings: the bot must answer in well under a millisecond, offline,
with no model to ship, and wrong answers are worse than no answer. So a question is
compared with every knowledge phrasing token by token:

* tokens are normalised and stemmed per script (:mod:`bot.guest_flow.textnorm`);
* each token is compared with the index vocabulary by rapidfuzz's ratio, so typos
  ("chek", "brekfast", "wfi") still meet their word, and by a Latin transliteration, so
  "брекфаст" meets "breakfast" and "zavtrak" meets "завтрак";
* a small hotel-domain thesaurus (:data:`CONCEPTS`) maps synonyms in English and
  Russian to one concept ("online", "internet", "вайфай" → wifi; "leave", "выезд",
  "съехать" → check-out). That is how a Russian question finds an item that only has
  English phrasings, and how simple paraphrases find their topic;
* a word followed by a particle is read as one compound when the glued form is a known
  word ("chek out" ~ "checkout", "вай фай" = "вайфай"), so "check in" is not "check out";
* every token is weighted by its IDF over the hotel's items, so "password" decides
  while "room" barely counts, and unknown words in the question ("casino") count
  against a match instead of being ignored; everyday words (:data:`WEAK_WORDS`:
  "night", "time", "room") are capped low whatever their IDF, and an item matched only
  through such words is scaled down ("good night" must not answer "reception at night").

A phrasing scores the weighted geometric mean of how much of the question it explains
and how much of the phrasing the question covers; an item scores its best phrasing,
blended with how well all its phrasings and (more weakly) its answers together explain
the question, and discounted when a different topic is almost as good (ambiguity is
where wrong answers come from).
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.guest_flow import textnorm
from bot.guest_flow.scoring import Candidate, Ranked, Scorer, asks, clauses, sentences, tells

__all__ = [
    "CONCEPTS",
    "DEFAULT_THRESHOLD",
    "MOST_QUESTIONS",
    "UNSURE_FLOOR",
    "WEAK_WORDS",
    "KnowledgeIndex",
    "KnowledgeItem",
    "Match",
]

# The scorer's threshold (bot/guest_flow/scoring.py), chosen on the tuning half of
# bench/quality/ with tests/test_matching_quality.py as a check (bench/README.md): from 0.425
# to 0.45 the tuning half's facts answered right fall from 74% to 72%, its wrong answers from
# 1.8% to 1.4% and its unknown questions answered from 2.1% to none; the demo cases keep 92.5%
# right and halve their wrong answers (2.7% to 1.4%). The same value as before the scorer, so
# what builds on it (followup.FOLLOW_UP_THRESHOLD) keeps its meaning.
DEFAULT_THRESHOLD = 0.45
# Below the threshold but at least this, the best entry is a likely guess: with no model to
# answer, the guest is asked whether they mean it (or the runner-up, at half this or more)
# rather than told "I don't know". Chosen on the tuning half (bench/README.md, stop 10): at 0.3,
# 33 of its fact questions are asked, the right topic offered in 28; 11 of its 47 unknown
# questions are asked too, and learn from the options that it is something else.
UNSURE_FLOOR = 0.3
# The most questions one message is read as (`KnowledgeIndex.answers`), each answered.
MOST_QUESTIONS = 6

# Hotel-domain synonyms across English and Russian (words, not phrases; stemmed on load).
# Deliberately generic to hotels, not to one knowledge base: it bridges languages and
# everyday paraphrases that share no letters with the official wording.
CONCEPTS: Mapping[str, tuple[str, ...]] = {
    "checkin": ("checkin", "arrival", "arrive", "arriving", "заезд", "заселение",
                "заселиться", "заселяться", "заселяете", "заехать", "приезд", "приехать",
                "чекин"),
    "checkout": ("checkout", "departure", "depart", "leave", "vacate", "выезд",
                 "выселение", "выселиться", "выехать", "съехать", "съезжать", "отъезд",
                 "освободить", "чекаут"),
    "late": ("late", "later", "longer", "extend", "поздний", "позже", "попозже", "подольше",
             "продлить"),
    "early": ("early", "earlier", "ранний", "раньше", "пораньше"),
    "wifi": ("wifi", "wlan", "internet", "online", "вайфай", "интернет", "wi", "вай"),
    "password": ("password", "code", "пароль", "код"),
    "breakfast": ("breakfast", "завтрак", "завтракать", "брекфаст"),
    "restaurant": ("restaurant", "dinner", "lunch", "dine", "ресторан", "ужин", "обед",
                   "поужинать", "пообедать"),
    "bar": ("bar", "drink", "drinks", "cocktail", "бар", "коктейль", "выпить"),
    "food": ("food", "eat", "meal", "еда", "поесть", "покушать", "кушать"),
    "parking": ("parking", "park", "garage", "парковка", "стоянка", "парковаться",
                "припарковаться", "гараж", "паркинг"),
    "car": ("car", "vehicle", "машина", "автомобиль", "авто"),
    "airport": ("airport", "аэропорт"),
    "transfer": ("transfer", "shuttle", "pickup", "трансфер", "шаттл"),
    "taxi": ("taxi", "cab", "uber", "такси"),
    "pool": ("pool", "swim", "swimming", "бассейн", "плавать", "поплавать"),
    "gym": ("gym", "fitness", "workout", "тренажерный", "фитнес", "спортзал", "тренажерка"),
    "spa": ("spa", "sauna", "hammam", "massage", "спа", "сауна", "хаммам", "хамам", "массаж"),
    "pet": ("pet", "pets", "dog", "cat", "animal", "питомец", "собака", "кошка", "кот",
            "животное", "животными", "пес"),
    "luggage": ("luggage", "baggage", "bags", "suitcase", "suitcases", "багаж", "чемодан",
                "чемоданы", "сумки"),
    "store": ("store", "keep", "storage", "хранение", "хранить", "оставить"),
    "laundry": ("laundry", "wash", "washing", "clothes", "стирка", "постирать", "прачечная",
                "одежда"),
    "iron": ("iron", "ironing", "утюг", "гладить", "погладить", "глажка"),
    "pay": ("pay", "payment", "paying", "оплата", "оплатить", "платить", "заплатить",
            "расплатиться"),
    "card": ("card", "credit", "visa", "mastercard", "amex", "карта", "картой", "кредитка"),
    "cash": ("cash", "наличные", "наличка", "наличными", "кэш"),
    "address": ("address", "location", "located", "directions", "адрес", "находитесь",
                "находится", "расположен", "добраться", "доехать"),
    "smoke": ("smoke", "smoking", "cigarette", "vape", "курить", "покурить", "курение",
              "сигарета", "вейп"),
    "reception": ("reception", "frontdesk", "desk", "ресепшен", "ресепшн", "ресепшин",
                  "рецепция", "стойка"),
    "phone": ("phone", "call", "number", "телефон", "позвонить", "звонить"),
    "cancel": ("cancel", "cancellation", "отмена", "отменить", "аннулировать"),
    "booking": ("booking", "reservation", "book", "бронь", "бронирование", "бронировать"),
    "price": ("price", "cost", "fee", "charge", "paid", "цена", "стоимость", "стоит",
              "платный", "платная", "платно"),
    "free": ("free", "complimentary", "бесплатный", "бесплатно", "бесплатная"),
    "open": ("open", "opening", "close", "closes", "closing", "hours", "открыт", "открыто",
             "открывается", "закрывается", "работает", "работают", "часы"),
    "room": ("room", "номер", "комната"),
    "hotel": ("hotel", "отель", "гостиница"),
    "night": ("night", "ночь", "ночью"),
}  # fmt: skip

# Everyday words that are frequent in any chat but never name a topic on their own
# ("good night", "what time", "the room"). The KB's IDF cannot know this when such a word
# happens to occur in a single item, so their weight is capped at _WEAK_WEIGHT of a
# unique word's IDF: they still help to confirm a topic, but cannot establish one.
WEAK_WORDS: tuple[str, ...] = (
    "time", "hour", "hours", "day", "days", "night", "nights", "week", "minute", "minutes",
    "morning", "evening", "open", "close", "room", "rooms", "hotel", "place", "floor",
    "people", "person", "guest", "guests", "work", "working", "stay", "way", "thing",
    "время", "времени", "час", "часа", "часов", "день", "дня", "ночь", "ночи", "ночью",
    "неделя", "минута", "минут", "утром", "вечером", "открыт", "работает", "номер", "номере",
    "номера", "отель", "отеле", "гостиница", "место", "этаж", "человек", "гость", "гости",
)  # fmt: skip
_WEAK_WEIGHT = 0.35

# Weight of a form that is not the token itself (transliteration, thesaurus concept,
# glued neighbour): such evidence is real but less certain than the guest's own word.
_TRANSLIT_FACTOR = 0.9
_CONCEPT_FACTOR = 0.9
_SPLIT_FACTOR = 0.6
# Answers are written for guests, not as questions: their words only weakly suggest a topic.
_ANSWER_FACTOR = 0.5
# Exponents of query coverage and phrasing coverage in the phrasing score. A short
# question ("wifi?") may cover little of a long phrasing, but every content word of the
# question must be explained: an unexplained word ("bring *towels*") is strong evidence
# that the question is about something the item does not cover.
_QUERY_EXPONENT = 1.0
_PHRASING_EXPONENT = 0.45
# Share of the best single phrasing in an item's score; the rest is the coverage of the
# question by all the item's phrasings and answers together.
_PHRASING_SHARE = 0.75
# An item whose runner-up (another topic) is within this margin is penalised by
# _AMBIGUITY_SLOPE per point of missing margin (a tie costs margin * slope).
_AMBIGUITY_MARGIN = 0.1
_AMBIGUITY_SLOPE = 1.0
# Specificity (IDF of the item's most specific matched question word, relative to the IDF
# of a word unique to one item) at which an item's score is no longer scaled down: a
# question made only of words every topic uses ("time", "room", "hotel") says nothing.
_SPECIFIC_ENOUGH = 0.75
_SPECIFICITY_EXPONENT = 2.0
_CONCEPT_PREFIX = "#"
# Rankings `KnowledgeIndex` keeps: a few, so messages of concurrent chats do not evict each other.
_RECENT_RANKINGS = 16


@dataclass(frozen=True)
class KnowledgeItem:
    """One topic of a hotel's knowledge base: question phrasings and answers per language."""

    topic: str
    questions: Mapping[str, Sequence[str]]
    answer: Mapping[str, str]


@dataclass(frozen=True)
class Match:
    """A knowledge answer chosen for a guest message."""

    topic: str
    score: float
    answer: str
    language: str
    # The entry's phrasing the message came closest to, (language, text), when one met it.
    phrasing: tuple[str, str] | None = None


@dataclass(frozen=True)
class _QueryToken:
    """One content token of a question: similar vocabulary ids and the token's weight."""

    sims: dict[int, float]
    weight: float


def _word_forms(stemmed: str, concepts: Mapping[str, str]) -> list[tuple[str, float]]:
    """A stemmed word, its transliteration (Cyrillic only) and its concept."""
    forms: list[tuple[str, float]] = [(stemmed, 1.0)]
    if textnorm.script_of(stemmed) == "cyrillic":
        forms.append((textnorm.transliterate(stemmed), _TRANSLIT_FACTOR))
    concept = concepts.get(stemmed)
    if concept is not None:
        forms.append((concept, _CONCEPT_FACTOR))
    return forms


def _never(_: str) -> bool:
    return False


def _token_forms(
    tokens: Sequence[str],
    concepts: Mapping[str, str],
    is_stop: Callable[[str], bool] = textnorm.is_stop_word,
    is_compound: Callable[[str], bool] = _never,
) -> list[list[tuple[str, float]]]:
    """Comparable forms of each content token (position) of a normalised token sequence.

    Forms are strings; concept forms carry :data:`_CONCEPT_PREFIX` so they can never be
    fuzzily confused with words. A word followed by a particle or short word is read as
    one compound when the glued form is a known word ("check in" = "checkin",
    "вай фай" = "вайфай"); the bare first word then stays only as a weak alternative,
    so "check in" is not mistaken for "check out".
    """
    result: list[list[tuple[str, float]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if (
                token.isalpha()
                and nxt.isalpha()
                and not is_stop(token)
                and (len(nxt) <= 3 or textnorm.is_stop_word(nxt))
                and textnorm.script_of(token) == textnorm.script_of(nxt)
            ):
                glued = textnorm.stem(token + nxt)
                if glued in concepts or is_compound(glued):
                    forms = _word_forms(glued, concepts)
                    forms.append((textnorm.stem(token), _SPLIT_FACTOR))
                    result.append(forms)
                    i += 2
                    continue
        if not is_stop(token):
            result.append(_word_forms(textnorm.stem(token), concepts))
        i += 1
    return result


class KnowledgeIndex:
    """Index of one hotel's knowledge items, built once and queried per guest message.

    Construction builds the scorer (`scoring.py`) that matching reads; the model's retrieval
    ranking (stemming, vocabulary, IDF, postings) is built on its first use
    (`prepare_ranking`). A query only stems its own few tokens, runs rapidfuzz over the
    vocabulary in C and walks the postings of the terms it actually hit.
    """

    def __init__(self, items: Sequence[KnowledgeItem]) -> None:
        self._items: tuple[KnowledgeItem, ...] = tuple(items)
        self._scorer = Scorer(self._items, CONCEPTS, WEAK_WORDS)
        # The latest messages' rankings: a message nothing answers is read three times
        # (`match`, then `choices` and `suggestions` when the bot asks back), and its ranking
        # is the whole cost of each. Rankings are immutable, so sharing them is safe.
        self._ranked = lru_cache(maxsize=_RECENT_RANKINGS)(self._scorer.rank)
        self._ranking_lock = threading.Lock()
        self._ranking_built = False

    def prepare_ranking(self) -> None:
        """Build the ranking `rank` reads (the earlier matcher's postings and fuzzy index).

        Only the model's retrieval ranks, so it is built on first use, not with the index: a
        hotel without a model never holds it (about half of an index's memory, times every
        hotel). Thread-safe; call it off the event loop (`ai_context.retriever` does).
        """
        with self._ranking_lock:
            if not self._ranking_built:
                self._build_ranking()
                self._ranking_built = True

    def _build_ranking(self) -> None:
        self._concepts: dict[str, str] = {}
        for name, words in CONCEPTS.items():
            for word in words:
                for token in textnorm.tokenize(word):
                    self._concepts[textnorm.stem(token)] = _CONCEPT_PREFIX + name
        self._concept_words: list[str] = list(self._concepts)
        self._vocab: dict[str, int] = {}
        self._words: list[str] = []  # fuzzy-searchable terms (no concepts), by id

        # Words of the hotel's own texts: a glued pair is a compound only if it is one.
        known_words = {
            textnorm.stem(token)
            for item in self._items
            for text in [*(q for qs in item.questions.values() for q in qs), *item.answer.values()]
            for token in textnorm.tokenize(text)
        }

        def is_compound(glued: str) -> bool:
            return glued in known_words

        # Pass 1: forms of every question phrasing and answer, document frequencies.
        question_forms: list[list[list[list[tuple[str, float]]]]] = []
        answer_forms: list[list[list[tuple[str, float]]]] = []
        question_df: dict[str, int] = defaultdict(int)
        answer_df: dict[str, int] = defaultdict(int)
        for item in self._items:
            phrasings = [
                _token_forms(textnorm.tokenize(text), self._concepts, is_compound=is_compound)
                for texts in item.questions.values()
                for text in texts
            ]
            answers = [
                position
                for text in item.answer.values()
                for position in _token_forms(
                    textnorm.tokenize(text), self._concepts, is_compound=is_compound
                )
            ]
            question_forms.append(phrasings)
            answer_forms.append(answers)
            for term in {f for p in phrasings for pos in p for f, _ in pos}:
                question_df[term] += 1
            for term in {f for pos in answers for f, _ in pos}:
                answer_df[term] += 1

        n_items = max(1, len(self._items))
        self._unknown_weight = math.log(1.0 + n_items)
        idf_by_term: dict[str, float] = {}
        for term, df in answer_df.items():
            idf_by_term[term] = math.log(1.0 + n_items / df)
        for term, df in question_df.items():
            idf_by_term[term] = math.log(1.0 + n_items / df)
        weak_cap = _WEAK_WEIGHT * self._unknown_weight
        self._weak_terms = frozenset(
            textnorm.stem(token) for word in WEAK_WORDS for token in textnorm.tokenize(word)
        )
        for term in self._weak_terms & idf_by_term.keys():
            idf_by_term[term] = min(idf_by_term[term], weak_cap)

        # Pass 2: positions with vocabulary ids, and postings from terms to positions.
        self._phrasing_item: list[int] = []
        self._phrasing_weight: list[float] = []
        self._postings: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
        self._answer_postings: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for item_index, phrasings in enumerate(question_forms):
            for phrasing in phrasings:
                phrasing_index = len(self._phrasing_item)
                self._phrasing_item.append(item_index)
                total = 0.0
                for pos_index, forms in enumerate(phrasing):
                    total += idf_by_term[forms[0][0]]
                    for form, factor in forms:
                        self._postings[self._term_id(form)].append(
                            (phrasing_index, pos_index, factor)
                        )
                self._phrasing_weight.append(total)
            for forms in answer_forms[item_index]:
                for form, factor in forms:
                    self._answer_postings[self._term_id(form)].append(
                        (item_index, factor * _ANSWER_FACTOR)
                    )
        self._position_weights: list[list[float]] = [
            [idf_by_term[forms[0][0]] for forms in phrasing]
            for phrasings in question_forms
            for phrasing in phrasings
        ]
        self._idf: list[float] = [idf_by_term.get(term, 0.0) for term in self._vocab]
        # Typos are looked up among question words only: answer words are weak evidence
        # anyway and would triple the vocabulary each lookup scans. They match exactly.
        self._fuzzy = textnorm.FuzzyIndex(
            [word if word in question_df else "" for word in self._words]
        )
        self._concept_fuzzy = textnorm.FuzzyIndex(self._concept_words, cutoff=0.85)

    def _term_id(self, term: str) -> int:
        term_id = self._vocab.get(term)
        if term_id is None:
            term_id = len(self._vocab)
            self._vocab[term] = term_id
            if not term.startswith(_CONCEPT_PREFIX):
                self._words.append(term)
            else:
                self._words.append("")  # keeps ids aligned; never fuzzily similar
        return term_id

    @property
    def items(self) -> tuple[KnowledgeItem, ...]:
        """The indexed items, in input order."""
        return self._items

    def match(self, text: str, lang: str, threshold: float = DEFAULT_THRESHOLD) -> Match | None:
        """The best knowledge answer for *text*, or ``None`` if nothing is good enough.

        ``None`` too when two topics are about equally good (`choices` names them): a guess
        between them is the confident wrong answer guests hate most. *lang* is the guest's
        language: it selects the answer (falling back to the item's first answer) and how the
        message's words are stemmed; matching uses the phrasings of every language.
        """
        ranked = self._ranked(text, lang)
        top = ranked.top
        if top is None or top.score < threshold or ranked.close(threshold):
            return None
        return self._match(top, lang)

    def best(self, text: str, lang: str) -> Match | None:
        """The best candidate regardless of threshold (for diagnostics and tuning)."""
        top = self._ranked(text, lang).top
        return None if top is None else self._match(top, lang)

    def answers(self, text: str, lang: str, threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
        """Every clear answer a message asks for: one per question when it holds several,
        each clearly about its own topic ("wifi password? and is there a kettle"), else what
        `match` gives (one or none). A message of more than `MOST_QUESTIONS` parts is read
        whole: a long story is no list of questions, and each part read costs a ranking."""
        pieces = clauses(text, lang)
        if len(pieces) > MOST_QUESTIONS:
            whole = self.match(text, lang, threshold)
            return [] if whole is None else [whole]
        parts = self._questions(pieces, lang)
        if len(parts) > 1:
            found: dict[str, Match] = {}
            for question, read in parts:
                match = self._question(question, read, lang, threshold)
                if match is not None and match.topic not in found:
                    found[match.topic] = match
            if len(found) > 1:
                return list(found.values())
        if len(parts) == 1 and parts[0][0] != parts[0][1]:
            match = self._question(*parts[0], lang, threshold)
        else:
            match = self.match(text, lang, threshold)
        return [] if match is None else [match]

    def _questions(self, pieces: Sequence[str], lang: str) -> list[tuple[str, str]]:
        """The message's questions, each as (itself, read with the parts after it that name
        only a price or everyday words: "late check-out? how much"), and with the parts that
        tell rather than ask ("is there parking? we check in at 15": the check-in is no
        question of its own), which `Scorer.rank` weighs as a statement beside a question. So
        does a sentence after a question that asks nothing ("how do i log in? there's no
        password on the card they gave us": the card is no question about cards)."""
        parts: list[tuple[str, str]] = []
        told: list[str] = []  # statements before the first question
        for part in pieces:
            after_question = bool(parts) and parts[-1][0].endswith("?")
            if parts and self._scorer.names_no_topic(part, lang):
                question, read = parts[-1]
                parts[-1] = (question, f"{read} {part}")
            elif tells(part, lang) or (
                after_question and not any(asks(s, lang) for s in sentences(part))
            ):
                if parts:
                    question, read = parts[-1]
                    parts[-1] = (question, f"{read}, {part}")
                else:
                    told.append(part)
            else:
                parts.append((part, ", ".join([*told, part])))
                told = []
        if told:  # nothing but statements (no question came to read them with)
            whole = ", ".join(told)
            parts.append((whole, whole))
        return parts

    def _question(self, question: str, read: str, lang: str, threshold: float) -> Match | None:
        """A question read with the price asked after it, which may settle it ("можно
        задержаться в номере до 4? сколько стоит" is the late check-out) but not turn it into
        another topic: an answer only the price's words decided ("is there parking? price per
        night" meets the room rates) gives way to the question's own."""
        match = self.match(read, lang, threshold)
        if read == question:
            return match
        top = self._ranked(read, lang).top
        own = set(textnorm.tokenize(question))
        if (
            match is not None
            and top is not None
            and any(own.intersection(word.split()) for word in top.words)
        ):
            return match
        return self.match(question, lang, threshold)

    def choices(
        self, text: str, lang: str, threshold: float = DEFAULT_THRESHOLD
    ) -> tuple[Match, Match] | None:
        """The two topics a message is about equally likely to mean, both good enough, for
        asking the guest which one; ``None`` when one answer is clear or none is good."""
        ranked = self._ranked(text, lang)
        top, second = ranked.top, ranked.runner_up
        if top is None or second is None or not ranked.close(threshold):
            return None
        return self._match(top, lang), self._match(second, lang)

    def suggestions(
        self, text: str, lang: str, threshold: float = DEFAULT_THRESHOLD
    ) -> tuple[Match, ...] | None:
        """The likely topics of a message no entry answers (the best one scored from
        `UNSURE_FLOOR` up to *threshold*), to ask the guest whether they mean one of them;
        None when one answer is clear or nothing is likely."""
        ranked = self._ranked(text, lang)
        top, second = ranked.top, ranked.runner_up
        if top is None or not UNSURE_FLOOR <= top.score < threshold:
            return None
        likely = [top] if second is None or second.score < UNSURE_FLOOR / 2 else [top, second]
        return tuple(self._match(c, lang) for c in likely)

    def scored(self, text: str, lang: str) -> Ranked:
        """Every candidate with its score and the words that decided (`knowledge try`)."""
        return self._ranked(text, lang)

    def _match(self, candidate: Candidate, lang: str) -> Match:
        item = self._items[candidate.item]
        language, answer = _pick_answer(item, lang)
        return Match(item.topic, candidate.score, answer, language, candidate.phrasing)

    def rank(self, text: str) -> list[tuple[int, float]]:
        """Item indices with their scores, best candidate first.

        Items with no evidence are omitted. The first item's score is discounted when
        another topic is nearly as good, so it can end up below the runner-up's: it is
        still the best candidate, only a less confident one.
        """
        self.prepare_ranking()
        query = self._query(text)
        if not query:
            return []
        total_weight = sum(token.weight for token in query)
        n_query = len(query)

        # Best similarity of each question token within each phrasing, and of each phrasing
        # position within the question; only phrasings sharing a term are ever touched.
        query_best: dict[int, list[float]] = {}
        phrasing_best: dict[int, dict[int, float]] = {}
        union_best: dict[int, list[float]] = {}
        for q_index, token in enumerate(query):
            for term_id, sim in token.sims.items():
                for phrasing_index, pos_index, factor in self._postings.get(term_id, ()):
                    value = sim * factor
                    row = query_best.get(phrasing_index)
                    if row is None:
                        row = query_best[phrasing_index] = [0.0] * n_query
                        phrasing_best[phrasing_index] = {}
                    if value > row[q_index]:
                        row[q_index] = value
                    positions = phrasing_best[phrasing_index]
                    if value > positions.get(pos_index, 0.0):
                        positions[pos_index] = value
                    item_index = self._phrasing_item[phrasing_index]
                    union = union_best.get(item_index)
                    if union is None:
                        union = union_best[item_index] = [0.0] * n_query
                    if value > union[q_index]:
                        union[q_index] = value
                for item_index, factor in self._answer_postings.get(term_id, ()):
                    value = sim * factor
                    union = union_best.get(item_index)
                    if union is None:
                        union = union_best[item_index] = [0.0] * n_query
                    if value > union[q_index]:
                        union[q_index] = value

        phrasing_scores: dict[int, float] = defaultdict(float)
        for phrasing_index, row in query_best.items():
            query_cov = sum(t.weight * s for t, s in zip(query, row, strict=True)) / total_weight
            weights = self._position_weights[phrasing_index]
            covered = sum(weights[p] * s for p, s in phrasing_best[phrasing_index].items())
            phrasing_cov = covered / self._phrasing_weight[phrasing_index]
            score = query_cov**_QUERY_EXPONENT * phrasing_cov**_PHRASING_EXPONENT
            item_index = self._phrasing_item[phrasing_index]
            if score > phrasing_scores[item_index]:
                phrasing_scores[item_index] = score

        scores: list[tuple[int, float]] = []
        for item_index, union in union_best.items():
            union_cov = sum(t.weight * s for t, s in zip(query, union, strict=True)) / total_weight
            specificity = max(t.weight * s for t, s in zip(query, union, strict=True))
            score = (
                _PHRASING_SHARE * phrasing_scores.get(item_index, 0.0)
                + (1.0 - _PHRASING_SHARE) * union_cov
            ) * min(
                1.0, specificity / (_SPECIFIC_ENOUGH * self._unknown_weight)
            ) ** _SPECIFICITY_EXPONENT
            scores.append((item_index, score))
        scores.sort(key=lambda pair: pair[1], reverse=True)
        return _penalise_ambiguity(scores, self._items)

    def _query(self, text: str) -> list[_QueryToken]:
        """Content tokens of a question with their similar vocabulary terms and weights."""
        query: list[_QueryToken] = []
        tokens = textnorm.tokenize(text)
        for forms in _token_forms(tokens, {}, self._is_query_stop_word, self._is_compound):
            sims: dict[int, float] = {}
            if forms[0][0] in self._vocab:
                # The word itself is known: its look-alikes and transliteration add only
                # noise (and time); its concept still bridges languages and synonyms.
                forms = forms[:1]
            for form, factor in forms:
                self._add_similar(form, factor, sims)
                for concept_id, similarity in self._concepts_of(form):
                    term_id = self._vocab.get(concept_id)
                    if term_id is not None:
                        _keep_max(sims, term_id, similarity * factor * _CONCEPT_FACTOR)
            if forms[0][0] in self._weak_terms:
                weight = _WEAK_WEIGHT * self._unknown_weight
            elif sims:
                # A known word weighs its IDF, floored so that a typo of a rare word that
                # happens to resemble a common one still counts as content.
                best_id = max(sims, key=lambda term_id: (sims[term_id], self._idf[term_id]))
                weight = max(self._idf[best_id], 0.5 * self._unknown_weight)
            else:
                weight = self._unknown_weight
            query.append(_QueryToken(sims=sims, weight=weight))
        return query

    def _is_compound(self, glued: str) -> bool:
        """Whether a glued pair of question words is (a misspelling of) a known word."""
        if glued in self._concepts:
            return True
        return any(sim >= 0.8 for _, sim in self._fuzzy.lookup(glued))

    def _is_query_stop_word(self, token: str) -> bool:
        """Stop words and their misspellings, unless the hotel's own texts use the word."""
        if textnorm.is_stop_word(token):
            return True
        return textnorm.stem(token) not in self._vocab and textnorm.looks_like_stop_word(token)

    def _add_similar(self, form: str, factor: float, sims: dict[int, float]) -> None:
        exact = self._vocab.get(form)
        if exact is not None:
            _keep_max(sims, exact, factor)
        for term_id, similarity in self._fuzzy.lookup(form):
            _keep_max(sims, term_id, similarity * factor)

    def _concepts_of(self, form: str) -> Iterable[tuple[str, float]]:
        exact = self._concepts.get(form)
        if exact is not None:
            return [(exact, 1.0)]
        return [
            (self._concepts[self._concept_words[i]], similarity)
            for i, similarity in self._concept_fuzzy.lookup(form)
        ]


def _keep_max(sims: dict[int, float], term_id: int, value: float) -> None:
    if value > sims.get(term_id, 0.0):
        sims[term_id] = value


def _penalise_ambiguity(
    scores: list[tuple[int, float]], items: Sequence[KnowledgeItem]
) -> list[tuple[int, float]]:
    """Lower the top score when a different topic is nearly as good.

    Two topics explaining a question equally well means the question is really about
    neither or both; answering either is a coin flip, which precision cannot afford.
    """
    if len(scores) < 2:
        return scores
    (top_index, top), (second_index, second) = scores[0], scores[1]
    if items[top_index].topic == items[second_index].topic:
        return scores
    gap = top - second
    if gap >= _AMBIGUITY_MARGIN:
        return scores
    penalty = (_AMBIGUITY_MARGIN - gap) * _AMBIGUITY_SLOPE
    return [(top_index, max(0.0, top - penalty)), *scores[1:]]


def matched_item(index: KnowledgeIndex, match: Match | None) -> KnowledgeItem | None:
    """The knowledge entry a match answered from (its answers in every language)."""
    return None if match is None else entry_of(index.items, match.topic)


def entry_of(items: Iterable[KnowledgeItem], topic: str | None) -> KnowledgeItem | None:
    """The entry of *topic* among *items*."""
    return next((item for item in items if item.topic == topic), None)


def _pick_answer(item: KnowledgeItem, lang: str) -> tuple[str, str]:
    """The answer in *lang*, else the item's first available answer."""
    text = item.answer.get(lang)
    if text:
        return lang, text
    for language, answer in item.answer.items():
        if answer:
            return language, answer
    return lang, ""
