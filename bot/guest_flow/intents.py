"""Intent classification of guest messages: opt-out/in, "a person please", anger, requests.

The phrase lists are data (``locales/<lang>/intents.yaml``) so that staff wording can be
extended without code changes and a new language is a new file. All languages' lists are
used for every message: guests mix languages, and a Russian guest typing "STOP" or
"operator" means exactly that.

Matching reuses :mod:`bot.guest_flow.textnorm` (normalise, stem per script) and rapidfuzz
(typo-tolerant token comparison). A phrase matches when every one of its tokens is found
in the message (a request's in one clause), in any order; its score is the mean token
similarity. Stop words are kept here, unlike in knowledge matching, because "can I get" is
exactly what makes a request.

Requests need a request-ish phrasing ("call a taxi", "не работает") or an object together
with a request marker ("can I get" + "towel"; a repair's objects with its own markers,
"can someone look at" + "kettle", where "bring" + "kettle" is an amenity); an object
inside a knowledge question ("what time is late check-out?", "do you have a shuttle?") is
not a request, so the bot answers it from the knowledge base instead of opening a ticket. A
clause asking a service's hours or price (`service_questions`: "until when is room service?")
makes no request even with a request phrase, though another clause of the message may ("call
a taxi, how much is it?"); a fault ("not working") is a repair ticket however it is asked.

A request asked rather than made "wonders" (`Intent.wondering`): room service asked about
impersonally ("se puede pedir comida a la habitación"), a fault with "what do I do?". The
conversation reads the knowledge for it too, and the hotel's clear answer settles it (`settle`);
without one the ticket is filed as before. A fault is read against the knowledge too
(`Intent.reads_knowledge`): when the hotel wrote an entry for that very fault, one of whose
phrasings is itself a fault ("What if the door code does not work?", `names_fault`), its clear
answer (the hotline to call) is what the guest gets; a fault the entry only names ("the
dishwasher is broken" beside the kitchen's equipment list) stays a repair ticket.

Trivial messages ("ok", "thanks", "👍", "hi") are whole messages made only of the `trivial_*`
words (at most `limits.TRIVIAL_WORDS`), or of emoji alone: `thanks`, `hello` or `ack`. They are
answered with a short template or quietly acknowledged, and never cost a model call.

Priority: opt_out/opt_in > human (whole message) > trivial > human > angry > request > none.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from bot.guest_flow import textnorm
from bot.guest_flow.scoring import JOINS, function_word_of, is_stop
from bot.i18n import LOCALES_DIR, load_yaml
from bot.limits import TRIVIAL_WORDS

__all__ = [
    "FAULTS",
    "PHRASE_THRESHOLD",
    "REQUEST_KINDS",
    "WONDER_ANSWER",
    "Intent",
    "IntentClassifier",
    "IntentKind",
    "settle",
]

IntentKind = Literal[
    "opt_out", "opt_in", "human", "angry", "request", "thanks", "hello", "ack", "none"
]

REQUEST_KINDS: tuple[str, ...] = (
    "towels",
    "cleaning",
    "repair",
    "taxi",
    "late_checkout",
    "wake_up",
    "amenities",
    "room_service",
)

_TRIVIAL_ORDER: tuple[IntentKind, ...] = ("thanks", "hello", "ack")

# Minimum phrase score (mean token similarity, typos penalised by textnorm.fuzzy_lookup):
# allows one typo in a two-word phrase but not a different word.
PHRASE_THRESHOLD = 0.75

# Tokens that never decide a phrase: "clean my room" == "clean the room" == "clean room".
_IGNORED = frozenset({"a", "an", "the", "my", "our", "your", "some", "any", "this"})
# Words stripped before comparing a whole message with the whole-message lists.
_POLITE = frozenset({"please", "pls", "plz", "пожалуйста", "пж", "плиз"})

# Shouting: at least this many cased letters, this share of them upper-case.
_SHOUT_MIN_LETTERS = 12
_SHOUT_UPPER_SHARE = 0.7
# "!!!" in a message of at least two words, without gratitude, reads as anger.
_EXCLAMATIONS = 3


# Shortest stem another language's stemmer may contribute (see IntentClassifier._forms).
FOREIGN_STEM_MIN = 4
# Words after an impersonal "can one" for the message to wonder rather than ask (`_wonders`).
WONDER_MIN_WORDS = 4
# The knowledge score a wondering request yields to. The ticket is a fair answer too (staff
# read the guest's words), so only an answer clear of the matcher's threshold (0.45) by the
# margin that tells two topics apart (0.1) replaces it: an entry met only through its answer's
# words ("a 150 EUR cleaning fee" in the smoking rule) stays below it.
WONDER_ANSWER = 0.55
# Request kinds a question about a service's hours or price does not turn into a question:
# "what time can someone look at the broken AC?" is still a repair.
FAULTS = frozenset({"repair"})
# Request kinds a guest may wonder about rather than want (`Intent.wondering`): whether food
# comes to the room at night is the room-service hours. "Can one order a taxi to the station"
# or "is it possible to get a wake-up call" wants the thing: a ticket, whatever is asked.
_ASKED_ABOUT = frozenset({"room_service"})
# Words opening a condition: a clause "if we stay until 6" beside "what does it cost" is the
# price question's, not a request.
_IF = frozenset({"if", "wenn", "falls", "si", "se", "если", "esli"})
# Knowledge entries `names_fault` remembers (every hotel's, a few hundred each at most).
_FAULT_ENTRIES_KEPT = 4096
# Where a message's clauses part ("call a taxi, how much is it?"); not inside a time or a
# number ("at 14:00 instead of 12", "9.30").
_CLAUSE_BREAK = re.compile(r"[?!;\n]+|(?<!\d)[.,:]+|[.,:]+(?!\d)")
# The shortest guest word a typo is read in (shorter ones count only exactly).
TYPO_MIN = 4


@dataclass(frozen=True)
class Intent:
    """What a guest message asks for, beyond a knowledge question."""

    kind: IntentKind
    request_kind: str | None = None
    score: float = 0.0
    # A request asked rather than made: whether the thing can be had at all ("можно заказать
    # еду в номер ночью", "se puede pedir comida a la habitación"), or what to do about a fault
    # ("el código no funciona, a quién llamo"). The hotel's own clear answer goes first; the
    # request is filed only when the knowledge has none (`settle`).
    wondering: bool = False

    @property
    def reads_knowledge(self) -> bool:
        """Whether the knowledge is read for this message before the intent stands (`settle`)."""
        return self.kind == "none" or self.wondering or self.request_kind in FAULTS


class _Vocabulary:
    """Stemmed phrase tokens with ids, searched fuzzily per message."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.words: list[str] = []
        # Short stems a phrase language's stemmer cut a longer word to, by the languages that
        # did, unless some phrase holds the stem as a whole word ("tv", "ac").
        self._cut: dict[int, set[str]] = {}
        self._whole: set[int] = set()
        self._langs: dict[int, set[str]] = {}  # the languages whose phrases hold a token

    def add(self, token: str, word: str = "", lang: str = "") -> int:
        """The id of *token*, the stem of a phrase's *word* in *lang*."""
        token_id = self._ids.get(token)
        if token_id is None:
            token_id = self._ids[token] = len(self.words)
            self.words.append(token)
        if lang:
            self._langs.setdefault(token_id, set()).add(lang)
        if len(token) >= FOREIGN_STEM_MIN or token_id in self._whole:
            return token_id
        if not word or word == token:
            self._whole.add(token_id)
            self._cut.pop(token_id, None)
        else:
            self._cut.setdefault(token_id, set()).add(lang)
        return token_id

    def counts_in(self, token_id: int, lang: str) -> bool:
        """A short stem another language cut a word to is that word only in that language:
        the English "VAT" is no Spanish "váter" (a toilet to repair)."""
        return lang in self._cut.get(token_id, (lang,))

    def of_language(self, token_id: int, lang: str) -> bool:
        """Whether the token is a word of *lang*'s phrases (or of no language's: the
        whole-message lists). A guest's word that is only near another language's word, or
        a function word of their own, is not that word: the German "serviert" is no French
        "serviette" (a towel), "drin" no English "drain", "über" no "Uber" (a taxi); exact
        words of every language still count ("STOP", "operator")."""
        langs = self._langs.get(token_id)
        return not langs or lang in langs


@dataclass(frozen=True)
class _PhraseSet:
    """Phrases as the vocabulary ids of their stemmed tokens, filed under their first token:
    a phrase matches only when all its tokens are in the message, so only phrases whose first
    token the message resembles are worth scoring (a few, instead of the whole list)."""

    by_first: Mapping[int, tuple[tuple[int, ...], ...]]

    @classmethod
    def build(cls, texts: Iterable[tuple[str, str]], vocabulary: _Vocabulary) -> _PhraseSet:
        """From (language, phrase) pairs: each phrase stemmed by its own language's stemmer."""
        by_first: dict[int, list[tuple[int, ...]]] = {}
        for lang, text in texts:
            tokens = [t for t in textnorm.tokenize(text) if t not in _IGNORED]
            if tokens:
                phrase = tuple(vocabulary.add(textnorm.stem_in(t, lang), t, lang) for t in tokens)
                by_first.setdefault(phrase[0], []).append(phrase)
        return cls({first: tuple(phrases) for first, phrases in by_first.items()})

    def best(self, sims: Mapping[int, float]) -> tuple[float, int]:
        """Best phrase score in the message and that phrase's length in tokens."""
        best_score, best_len = 0.0, 0
        for first in sims:
            for phrase in self.by_first.get(first, ()):
                total = 0.0
                for token_id in phrase:
                    sim = sims.get(token_id, 0.0)
                    if sim == 0.0:
                        break
                    total += sim
                else:
                    score = total / len(phrase)
                    if (score, len(phrase)) > (best_score, best_len):
                        best_score, best_len = score, len(phrase)
        return best_score, best_len


@dataclass(frozen=True)
class _RequestKind:
    phrases: _PhraseSet
    objects: _PhraseSet
    # The markers its objects need instead of the general ones, when it has its own: a
    # kettle brought is an amenity, a kettle looked at a repair (`requests.repair.markers`).
    markers: _PhraseSet | None = None


class IntentClassifier:
    """Classifies a guest message with the phrase lists of all loaded languages."""

    def __init__(self, locales: Mapping[str, Mapping[str, Any]]) -> None:
        """Build from parsed ``intents.yaml`` data per language (``{lang: data}``)."""
        self._vocabulary = _Vocabulary()
        vocab = self._vocabulary

        def merged(key: str) -> list[str]:
            return [phrase for data in locales.values() for phrase in _strings(data, key)]

        self._langs = tuple(lang for lang in locales if lang in textnorm.SNOWBALL_LANGUAGES)

        # Words of the Latin-script phrases: a Russian phrase typed in Latin letters that
        # spells one of them is another language's ("оператор" is the English "operator").
        latin = frozenset(
            word
            for lang, data in locales.items()
            if lang != "ru"
            for text in _all_strings(data)
            for word in textnorm.tokenize(text)
        )

        def tagged(key: str) -> list[tuple[str, str]]:
            return _typed_in_latin(
                [(lang, p) for lang, data in locales.items() for p in _strings(data, key)],
                latin,
            )

        self._opt_out = frozenset(textnorm.normalize(p) for p in merged("opt_out"))
        self._opt_in = frozenset(textnorm.normalize(p) for p in merged("opt_in"))
        # Normalised as a message is: "appelez-moi" is "appelezmoi", as a guest's is read.
        self._human_whole = frozenset(
            _whole_message_key(textnorm.normalize(p)) for p in merged("human_whole_message")
        )
        self._trivial = {
            kind: frozenset(textnorm.normalize(w) for w in merged(f"trivial_{kind}"))
            for kind in ("thanks", "hello", "ack", "filler")
        }
        self._human = _PhraseSet.build(tagged("human"), vocab)
        self._angry = _PhraseSet.build(tagged("angry"), vocab)
        self._calm = _PhraseSet.build(tagged("calm"), vocab)
        self._markers = _PhraseSet.build(tagged("request_markers"), vocab)
        self._questions = _PhraseSet.build(tagged("question_markers"), vocab)
        self._service_questions = _PhraseSet.build(tagged("service_questions"), vocab)
        self._follow_up_whole = frozenset(
            _whole_message_key(textnorm.normalize(p)) for p in merged("price_follow_ups")
        )
        self._permission = _PhraseSet.build(tagged("permission_questions"), vocab)
        said = [_plain(textnorm.normalize(o)).split() for o in merged("wondering_openers")]
        openers = {tuple(words) for words in said}
        self._wondering = tuple(sorted(openers, key=len, reverse=True))
        self._asking = _PhraseSet.build(tagged("wondering_questions"), vocab)
        self._fault_entries: dict[tuple[tuple[str, str], ...], bool] = {}
        self._own = frozenset(_plain(textnorm.normalize(w)) for w in merged("own_words"))
        kinds: list[str] = []
        for data in locales.values():
            for kind in _mapping(data, "requests"):
                if kind not in kinds:
                    kinds.append(kind)
        self._requests: dict[str, _RequestKind] = {}
        for kind in kinds:
            phrases: list[tuple[str, str]] = []
            objects: list[tuple[str, str]] = []
            markers: list[tuple[str, str]] = []
            for lang, data in locales.items():
                spec = _mapping(data, "requests").get(kind) or {}
                phrases.extend((lang, p) for p in _strings(spec, "phrases"))
                objects.extend((lang, p) for p in _strings(spec, "objects"))
                markers.extend((lang, p) for p in _strings(spec, "markers"))
            self._requests[kind] = _RequestKind(
                phrases=_PhraseSet.build(_typed_in_latin(phrases, latin), vocab),
                objects=_PhraseSet.build(_typed_in_latin(objects, latin), vocab),
                markers=_PhraseSet.build(_typed_in_latin(markers, latin), vocab)
                if markers
                else None,
            )
        self._fuzzy = textnorm.FuzzyIndex(vocab.words)

    @classmethod
    def from_locales(cls, locales_dir: Path) -> IntentClassifier:
        """Load every ``locales/<lang>/intents.yaml`` under *locales_dir*."""
        locales: dict[str, Mapping[str, Any]] = {}
        for path in sorted(locales_dir.glob("*/intents.yaml")):
            data = load_yaml(path)
            if not data:
                raise ValueError(f"{path}: no phrases in it")
            locales[path.parent.name] = data
        if not locales:
            raise FileNotFoundError(f"no */intents.yaml under {locales_dir}")
        return cls(locales)

    @property
    def request_kinds(self) -> tuple[str, ...]:
        """Request kinds known from the loaded data."""
        return tuple(self._requests)

    def classify(self, text: str, lang: str) -> Intent:
        """Classify *text*. Phrases of every language are used whatever *lang* is.

        The phrase lists are deliberately not restricted to *lang* (the conversation
        language, which a short message can get wrong), and the message's words are stemmed
        as every phrase language would stem them; *lang* only decides which languages' short
        stems may count (see `_forms`).
        """
        normalized = textnorm.normalize(text)
        if not normalized:
            if _emoji_only(text):
                return Intent("ack", score=1.0)
            return _shouting_intent(text, calm=False) or Intent("none")
        if normalized in self._opt_out:
            return Intent("opt_out", score=1.0)
        if normalized in self._opt_in:
            return Intent("opt_in", score=1.0)
        if _whole_message_key(normalized) in self._human_whole:
            return Intent("human", score=1.0)
        trivial = self._trivial_kind(_whole_message_key(normalized).split())
        if trivial is not None:
            return Intent(trivial, score=1.0)

        tokens = normalized.split()
        sims = self._similarities(tokens, lang)
        uncounted = _without_counted(tokens)
        # "a hall for 30 people" asks for no person: a counted noun is a head count.
        talk = sims if len(uncounted) == len(tokens) else self._similarities(uncounted, lang)
        human, _ = self._human.best(talk)
        if human >= PHRASE_THRESHOLD:
            return Intent("human", score=human)
        angry, _ = self._angry.best(talk)
        if angry >= PHRASE_THRESHOLD:
            return Intent("angry", score=angry)
        calm, _ = self._calm.best(sims)
        shouting = _shouting_intent(text, calm=calm >= PHRASE_THRESHOLD)
        if shouting is not None:
            return shouting
        found = self._request_in(text, lang, sims)
        if found is None:
            return Intent("none")
        impersonal = found.request_kind in _ASKED_ABOUT and self._wonders(tokens)
        if impersonal or self._asks_about(text, lang):
            return replace(found, wondering=True)
        return found

    def names_fault(self, questions: Mapping[str, Sequence[str]]) -> bool:
        """Whether a knowledge entry was written for a fault: one of its phrasings (by
        language) is itself a fault, "What if the door code does not work?". Remembered per
        entry: its phrasings are read once, not at every fault a guest reports."""
        key = tuple((lang, text) for lang, texts in questions.items() for text in texts)
        known = self._fault_entries.get(key)
        if known is None:
            known = any(self.classify(text, lang).request_kind in FAULTS for lang, text in key)
            if len(self._fault_entries) >= _FAULT_ENTRIES_KEPT:
                self._fault_entries.clear()
            self._fault_entries[key] = known
        return known

    def _trivial_kind(self, words: Sequence[str]) -> IntentKind | None:
        """thanks > hello > ack, when every word is a trivial one and one of them decides."""
        if not words or len(words) > TRIVIAL_WORDS:
            return None
        known = self._trivial
        if not all(any(w in known[k] for k in known) for w in words):
            return None
        for kind in _TRIVIAL_ORDER:
            if any(w in known[kind] for w in words):
                return kind
        return None

    def _request_in(self, text: str, lang: str, sims: Mapping[int, float]) -> Intent | None:
        """The request a message makes.

        A request phrase's or object's words must share a clause: "checking out, flight is
        late" names no late check-out. "Until when is room service?", "how much is a late
        check-out?": a service's hours or price asked about, answered from the knowledge, so a
        clause holding such a question makes no request but a fault; another clause still may
        ("call a taxi for 7, how much is it?" is a taxi), though not a condition of the
        question ("what does it cost, if we stay until 6?"). A clause that is only "how much?"
        after one asking permission ("can we get a late check-out? how much?") asks about
        it: the guest wants the price before deciding. After an order ("call a taxi please.
        price?") or with more words ("cost doesn't matter") it asks nothing.
        """
        clauses = [
            words
            for part in _CLAUSE_BREAK.split(text)
            if (words := textnorm.normalize(part).split())
        ]
        if len(clauses) <= 1:
            alone = self._service_questions.best(sims)[0] >= PHRASE_THRESHOLD
            return self._request(sims, [sims], asking=alone)
        clause_sims = [self._similarities(words, lang) for words in clauses]
        asking = [self._service_questions.best(s)[0] >= PHRASE_THRESHOLD for s in clause_sims]
        for i in range(1, len(clauses)):
            if (
                self._bare_follow_up(clauses[i])
                and self._permission.best(clause_sims[i - 1])[0] >= PHRASE_THRESHOLD
            ):
                asking[i - 1] = True
        for i in range(1, len(clauses)):
            # "what does it cost if we stay until 6?": the condition is the question's own.
            if asking[i - 1] and clauses[i][0] in _IF or asking[i] and clauses[i - 1][0] in _IF:
                asking[i - 1] = asking[i] = True
        if not any(asking):
            return self._request(sims, clause_sims)
        found: Intent | None = None
        for part_sims, part_asking in zip(clause_sims, asking, strict=True):
            got = self._request(part_sims, [part_sims], asking=part_asking)
            if got is not None and (found is None or got.score > found.score):
                found = got
        return found

    def _asks_about(self, text: str, lang: str) -> bool:
        """Whether a clause of the message asks about a thing rather than for it (what to do,
        whom to call, where, how often: `wondering_questions`); within one clause, as a request
        phrase is: "i cant do anything, what a place" asks nothing."""
        return any(
            self._asking.best(self._similarities(words, lang))[0] >= PHRASE_THRESHOLD
            for part in _CLAUSE_BREAK.split(text)
            if (words := textnorm.normalize(part).split())
        )

    def _wonders(self, tokens: Sequence[str]) -> bool:
        """Whether a message asks whether a thing can be had at all rather than asks for it.

        It opens with an impersonal "can one" (`wondering_openers`: "можно ли", "se puede",
        "kann man", "is it possible to"), after a join at most, and names nobody and no
        moment after it (`own_words`: "мне", "we", "tomorrow", "more"; no number).
        "можно заказать такси на 7", "можно ли мне ещё полотенца" and "is it possible to get
        more towels" ask for something; a short "можно полотенце?" too: at least
        `WONDER_MIN_WORDS` words follow the opener.
        """
        words = [_plain(t) for t in tokens]
        start = 1 if words and words[0] in JOINS else 0
        for opener in self._wondering:
            if tuple(words[start : start + len(opener)]) == opener:
                rest = words[start + len(opener) :]
                return len(rest) >= WONDER_MIN_WORDS and not any(
                    w in self._own or any(ch.isdigit() for ch in w) for w in rest
                )
        return False

    def _bare_follow_up(self, words: Sequence[str]) -> bool:
        """Whether a clause is nothing but a price question ("how much?", "и сколько стоит",
        "Preis?"): "cost doesn't matter" or "the price is fine" is no question."""
        start = 1 if words and words[0] in JOINS else 0
        return _whole_message_key(" ".join(words[start:])) in self._follow_up_whole

    def _request(
        self,
        sims: Mapping[int, float],
        clause_sims: Sequence[Mapping[int, float]],
        *,
        asking: bool = False,
    ) -> Intent | None:
        """The best request kind: a phrase or an object within one of `clause_sims` (an
        object with a marker, the kind's own when it has them, anywhere in `sims`, and no
        question marker); `asking`: a service question is in them, so only a fault counts."""
        marker, _ = self._markers.best(sims)
        questioned = self._questions.best(sims)[0] >= PHRASE_THRESHOLD
        best: tuple[float, float, str] | None = None
        for kind, spec in self._requests.items():
            if asking and kind not in FAULTS:
                continue
            score, length = max(spec.phrases.best(s) for s in clause_sims)
            if score < PHRASE_THRESHOLD:
                # A phrase below the threshold is another word ("fitness" is not the French
                # "fuit", a leak); an object with a marker counts a little below it.
                own = marker if spec.markers is None else spec.markers.best(sims)[0]
                if questioned or own < PHRASE_THRESHOLD:
                    continue
                score, length = max(spec.objects.best(s) for s in clause_sims)
                score = min(score, own) * 0.9
                if score < PHRASE_THRESHOLD * 0.9:
                    continue
            # Longer phrases are more specific: "toilet paper" beats "toilet".
            ranked = score + 0.05 * length
            if best is None or ranked > best[0]:
                best = (ranked, score, kind)
        if best is None:
            return None
        return Intent("request", request_kind=best[2], score=best[1])

    def _similarities(self, tokens: Sequence[str], lang: str) -> dict[int, float]:
        """Best similarity of the message to every vocabulary token it resembles.

        Adjacent words are also tried glued ("wake up" ~ "wakeup", "check out").
        """
        index = self._fuzzy
        vocabulary = self._vocabulary
        vocab_words = vocabulary.words
        sims: dict[int, float] = {}
        for token in tokens:
            if token in _IGNORED:
                continue
            stemmed = textnorm.stem(token)
            own = function_word_of(token, lang)
            # A typo is read only in a word long enough to tell one from another word: "fit"
            # is one letter from the French "fuit" (a leak), and "will it fit" was a repair;
            # and never in a function word, which is spelt right: "after checking out" had
            # read "after" as "later" and filed a late check-out.
            if len(token) >= TYPO_MIN and not is_stop(token):
                found = [  # the exact word alone when there is one
                    (token_id, sim)
                    for token_id, sim in index.lookup(stemmed)
                    if not _is_prefixed(stemmed, vocab_words[token_id])
                ]
            else:
                exact = index.exact(stemmed)
                found = [] if exact is None else [(exact, 1.0)]
            for token_id, sim in found:
                if not vocabulary.counts_in(token_id, lang):
                    continue
                if (sim < 1.0 or own) and not vocabulary.of_language(token_id, lang):
                    continue
                if sim > sims.get(token_id, 0.0):
                    sims[token_id] = sim
            # Each phrase language's own stem of the word counts only exactly: those stems
            # are shorter, and a typo-tolerant look-up of "cog" (cogen) finds "clog".
            for form in self._forms(token, lang):
                own_id = index.exact(form)
                if own_id is None or not vocabulary.counts_in(own_id, lang):
                    continue
                if not own or vocabulary.of_language(own_id, lang):
                    sims[own_id] = 1.0
        for left, right in zip(tokens, tokens[1:], strict=False):
            if left.isalpha() and right.isalpha():
                # Glued forms only count when exact: they exist for compounds, not typos. And
                # only a stem that keeps most of the right word: "man die" glued is "mandie",
                # which Spanish stems to "mand" (mandar, a request marker).
                glued = left + right
                for form in self._forms(glued, lang):
                    if len(form) < max(len(left) + 2, len(glued) - 2):
                        continue
                    glued_id = index.exact(form)
                    if glued_id is not None and vocabulary.counts_in(glued_id, lang):
                        sims[glued_id] = 1.0
        return sims

    def _forms(self, token: str, lang: str) -> set[str]:
        """The token's stems by its script's stemmer and by every phrase language's (phrases
        are stemmed by their own language's: "Handtücher" meets "Handtuch" in German).

        Another language's stem counts only when it is long enough to mean something: the
        French stemmer makes English "tell" into "tel", which is French "télé" (a TV to
        repair), and "Tell me about relaxing options please" became a repair ticket.
        """
        forms = {textnorm.stem(token)}
        for other in self._langs:
            stem = textnorm.stem_in(token, other)
            if other == lang or len(stem) >= FOREIGN_STEM_MIN:
                forms.add(stem)
        return forms


def settle(intent: Intent, answer_score: float | None, *, for_fault: bool = False) -> Intent:
    """The intent that stands once the knowledge has been read (*answer_score*: its best
    answer's, None without one): a wondering request yields to a clear answer the hotel wrote
    (`Intent.wondering`, `WONDER_ANSWER`). A fault yields to any answer the matcher gives from
    an entry written for a fault (*for_fault*: `IntentClassifier.names_fault` of the entry):
    the hotel chose that answer for faults, and "the door code isnt working" meets "What if
    the door code does not work?" at about 0.52, below the margin a mere wondering needs."""
    if answer_score is None:
        return intent
    if intent.wondering and answer_score >= WONDER_ANSWER:
        return Intent("none")
    if for_fault and intent.request_kind in FAULTS:
        return Intent("none")
    return intent


def _typed_in_latin(
    phrases: list[tuple[str, str]], taken: frozenset[str]
) -> list[tuple[str, str]]:
    """*phrases* and, for each Cyrillic one, the way a guest types it on a Latin keyboard
    ("продлите выезд" is "prodlite vyezd" too), as the knowledge matcher reads "zavtrak";
    not when a word of it is a word of the *taken* ones (another language's phrases)."""
    typed_in: list[tuple[str, str]] = []
    for lang, phrase in phrases:
        words = [textnorm.transliterate(word) for word in textnorm.tokenize(phrase)]
        if " ".join(words) != textnorm.normalize(phrase) and taken.isdisjoint(words):
            typed_in.append((lang, " ".join(words)))
    return phrases + typed_in


def _all_strings(data: object) -> Iterable[str]:
    """Every string in a parsed ``intents.yaml``, at any depth."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, Mapping):
        for value in data.values():
            yield from _all_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _all_strings(value)


def _plain(text: str) -> str:
    """*text* without accents: guests write "si puo" and "es posible" as often as "si può"."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _whole_message_key(normalized: str) -> str:
    tokens = [t for t in normalized.split() if t not in _POLITE and t not in _IGNORED]
    return " ".join(tokens)


def _without_counted(tokens: Sequence[str]) -> list[str]:
    """The tokens less each one right after a number: "30 человек", "4 people", "12 Personen"
    count heads, and a person asked for is never counted ("нужен человек", "a person")."""
    return [t for i, t in enumerate(tokens) if i == 0 or not tokens[i - 1].isdigit()]


def _is_prefixed(word: str, known: str) -> bool:
    """Whether *word* is *known* with letters put before it: another word, not a typo of it
    ("flight" is no "light" to repair, "blocked" no "locked")."""
    return len(word) > len(known) and word.endswith(known)


def _emoji_only(text: str) -> bool:
    """A lone "👍" or "😀😀": symbols only (joiners and variation selectors aside)."""
    chars = [ch for ch in text if not ch.isspace()]
    return (
        bool(chars)
        and all(unicodedata.category(ch) in ("So", "Sk", "Mn", "Cf") for ch in chars)
        and any(unicodedata.category(ch) == "So" for ch in chars)
    )


def _shouting_intent(text: str, *, calm: bool) -> Intent | None:
    """Anger read from typography: long mostly upper-case text, or "!!!" in a sentence."""
    if calm:
        return None
    cased = [ch for ch in text if ch.isupper() or ch.islower()]
    upper = sum(1 for ch in cased if ch.isupper())
    if len(cased) >= _SHOUT_MIN_LETTERS and upper >= _SHOUT_UPPER_SHARE * len(cased):
        return Intent("angry", score=0.8)
    words = len(text.split())
    if text.count("!") >= _EXCLAMATIONS and words >= 2:
        return Intent("angry", score=0.6)
    return None


def _mapping(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"intents: {key!r} must be a mapping")
    return value


def _strings(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"intents: {key!r} must be a list of strings")
    return list(value)


@functools.cache
def shared_intents() -> IntentClassifier:
    """The built-in phrase lists, stemmed once per process (a fifth of a second): a classifier
    holds no state after it is built, so every guest flow in the process can share it."""
    return IntentClassifier.from_locales(LOCALES_DIR)
