"""Text normalisation, tokenisation, stemming and fuzzy token lookup for guest messages.

Everything that compares guest text with hotel data (knowledge matching, intent
classification) goes through this module so both sides of a comparison are treated
identically: casefolded, ``ё`` folded to ``е``, punctuation and emoji removed, hyphenated
words glued (``wi-fi`` → ``wifi``, ``check-out`` → ``checkout``) and every token stemmed
by the Snowball stemmer of its own script. Choosing the stemmer per token rather than per
message is what makes mixed messages ("во сколько breakfast?") work.

Pure and synchronous; stemming is memoised because guest vocabulary is small and
repetitive while the pure-Python Snowball stemmer is the slowest step.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Literal

import snowballstemmer
from rapidfuzz import fuzz, process

__all__ = [
    "OWN_STEMS",
    "SNOWBALL_LANGUAGES",
    "STOP_WORDS",
    "FuzzyIndex",
    "Script",
    "content_tokens",
    "fuzzy_lookup",
    "is_stop_word",
    "looks_like_stop_word",
    "normalize",
    "script_of",
    "stem",
    "stem_in",
    "stems",
    "tokenize",
    "transliterate",
]

Script = Literal["cyrillic", "latin", "other"]

# Apostrophes and hyphens *inside* a word are dropped so that compounds and contractions
# become a single token ("wi-fi", "check-out", "what's", "вай-фай"); digits are excluded so
# that ranges like "7-10" stay two numbers.
_JOINERS = re.compile(r"(?<=[^\W\d_])[-'’‐‑`´](?=[^\W\d_])")
# Except the elided articles, pronouns and prepositions of French and Italian, which are words
# of their own and are dropped: "l'aéroport" is "aéroport" (glued, "laeroport" matched nothing),
# "j'exige", "qu'on", "dell'hotel", "all'aeroporto". Words written with an apostrophe
# ("quelqu'un", "aujourd'hui", "dov'è") stay glued, and so do "c'est" and "c'è": "è" alone is
# in every other Italian sentence, "c'è" asks whether there is.
_ELISION = re.compile(
    r"(?<![^\W\d_])(?:jusqu|lorsqu|puisqu|quoiqu|qu|dell|dall|nell|sull|coll|all|quest|quell|un"
    r"|[djlmnst])['’`´](?=[^\W\d_])"
)
# Anything that is not a letter or digit (punctuation, symbols, emoji, underscores).
_NON_WORD = re.compile(r"[\W_]+")

# Small, hand-picked stop-word lists. They remove words that carry no topic on their own
# (function words, politeness, greetings, generic question words) so that the knowledge
# matcher scores content words only. Intent classification does NOT drop them: phrases
# like "can I get" are exactly what signals a request.
STOP_WORDS: Mapping[str, frozenset[str]] = {
    "en": frozenset(
        """
        a an the is are am was were be been being do does did done doing i im ive id me my
        mine we our ours us you your yours youre u ur it its itd this that these those there
        theres here to of in on at for with from by about into out up off over as and or but
        if so than then too also just can cant could couldnt would wouldnt will wont shall
        should may might must have has had having get got getting need needs want wanna like
        please pls plz pleas hi hello hey hiya yo ok okay okey k thanks thank thx ty tnx
        cheers yes yeah yep no nope not dont doesnt what whats when whens where wheres how
        hows which who whos why any some much many more tell know let lets possible there
        good morning evening afternoon dear sir madam guys team today tomorrow tonight
        yesterday now bring take come go use find give make put send see
        """.split()
    ),
    "ru": frozenset(
        """
        и в во на с со к ко у о об обо от до по за из изо для а но или либо ли же ж бы б не
        ни это этот эта эти то тот та те как что чтобы где когда куда откуда какой какая
        какое какие каков какого какому каким каком какую каких какими сколько скольки
        я мне меня мной мы нам нас нами вы вам вас вами
        ваш ваша ваше ваши наш наша наше наши он она оно они его ее её их им ему ей есть
        быть будет будут был была было можно нужно надо пожалуйста пж пжл плиз плз привет
        приветствую здравствуйте здрасте здравствуй добрый доброе доброго добрая день вечер
        утро спасибо спс благодарю ок окей ok да нет ага угу подскажите скажите
        подскажи скажи будьте добры так уже еще ещё тут там здесь очень просто вот мой моя
        мое моё мои свой свою свои у а же ну хочу хотел хотела хотим хотелось бы хотели
        могу можем мочь ли либо разве вообще также тоже сегодня завтра вчера сейчас который
        которая которое которые которого которой котором нужен нужна нужны скока скоко
        че чё шо чо щас
        принести принесите взять дать дайте сделать сделайте
        """.split()
    ),
}
_STEMMER_LANGUAGES = {"latin": "english", "cyrillic": "russian"}
# A Snowball stemmer keeps the word it works on in itself, so one shared by two threads (the
# event loop matching a guest's words while a knowledge index is built in a worker thread)
# mixes their words up: each thread gets stemmers of its own.
_LOCAL = threading.local()


def _stemmers() -> dict[str, Any]:
    own: dict[str, Any] | None = getattr(_LOCAL, "stemmers", None)
    if own is None:
        own = _LOCAL.stemmers = {
            script: snowballstemmer.stemmer(language)
            for script, language in _STEMMER_LANGUAGES.items()
        }
    return own


# Russian → Latin, the way guests type Russian on a Latin keyboard ("zavtrak", "parol").
# Used to compare tokens across scripts ("брекфаст" ~ "breakfast", "zavtrak" ~ "завтрак").
_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
        "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip

# Russian typed on a Latin keyboard ("zavtrak vo skolko") needs the transliterated
# Russian stop words too.
_ALL_STOP_WORDS: frozenset[str] = frozenset().union(
    *STOP_WORDS.values(),
    (word.translate(_TRANSLIT) for word in STOP_WORDS["ru"]),
)


def normalize(text: str) -> str:
    """Return *text* casefolded, ``ё``→``е``, without punctuation/emoji, single-spaced.

    NFKC first so that full-width letters and ligatures compare equal to plain ones.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    joined = _JOINERS.sub("", _ELISION.sub("", folded))
    return _NON_WORD.sub(" ", joined).strip()


def tokenize(text: str) -> list[str]:
    """Split *text* into normalised tokens (letters/digits only)."""
    return normalize(text).split()


def script_of(token: str) -> Script:
    """Classify a token by the script of its letters (majority wins for mixed tokens)."""
    cyrillic = latin = 0
    for ch in token:
        if "а" <= ch <= "я" or ch in "ёіїєґў" or "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
        elif "a" <= ch <= "z" or "\u00c0" <= ch <= "\u024f":
            latin += 1
    if cyrillic == latin == 0:
        return "other"
    return "cyrillic" if cyrillic >= latin else "latin"


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """Stem one normalised token with the Snowball stemmer of its script.

    Numbers and scripts without a configured stemmer are returned unchanged.
    """
    if token.isdigit():
        return token
    stemmer = _stemmers().get(script_of(token))
    if stemmer is None:
        return token
    result: str = stemmer.stemWord(token)
    return result or token


# Snowball stemmers of the languages with built-in texts, for text whose language is known
# (a phrase list's file): "Handtücher" and "Handtuch" are one German stem, not English ones.
SNOWBALL_LANGUAGES: Mapping[str, str] = {
    "en": "english",
    "ru": "russian",
    "de": "german",
    "es": "spanish",
    "fr": "french",
    "it": "italian",
}


# Words Snowball cuts to the stem of an unrelated everyday word, given a stem of their own:
# "sala" (a hall) and "salida" (check-out) are both "sal", "nada" (nothing) is "nadar"
# (to swim), "bebé" "bebidas" (drinks), "fitness" "fit", "wie lange" "länger" (a later
# check-out), "Wie lautet das Passwort?" "laut" (loud). Found by reading every stem of the
# thesaurus against the words of `locales/` and the knowledge bases. One side of each pair is
# enough; it is read the same in the entries, the messages, the thesaurus and the intent
# phrases (`stem_in`): "so lange bleiben" is no "länger bleiben" (a late check-out).
OWN_STEMS: Mapping[str, Mapping[str, str]] = {
    "en": {"fitness": "fitness", "bedding": "bedding"},
    "de": {
        "länger": "länger",
        "laenger": "länger",
        "lautet": "lautet",
        "lauten": "lautet",
        "passen": "passen",
        "verlangen": "verlangen",
        "verlange": "verlangen",
    },
    "es": {
        "sala": "sala",
        "salas": "sala",
        "nada": "nada",
        "bebé": "bebé",
        "bebés": "bebé",
        "estacionamiento": "estacionamient",
        "estacionamientos": "estacionamient",
        "guardería": "guarderi",
        "guarderías": "guarderi",
        "recibo": "recibo",
        "recibos": "recibo",
        "costa": "costa",
        "costas": "costa",
    },
    "fr": {"adresser": "adresser"},
    "it": {"rifiuti": "rifiut", "rifiuto": "rifiut"},
}


@lru_cache(maxsize=65536)
def stem_in(token: str, language: str) -> str:
    """Stem one normalised token with *language*'s Snowball stemmer when the token is written
    in that language's script; otherwise (or for another language) as :func:`stem` does."""
    name = SNOWBALL_LANGUAGES.get(language)
    wanted: Script = "cyrillic" if language == "ru" else "latin"
    if name is None or token.isdigit() or script_of(token) != wanted:
        return stem(token)
    own_stem = OWN_STEMS.get(language, {}).get(token)
    if own_stem is not None:
        return own_stem
    own: dict[str, Any] | None = getattr(_LOCAL, "by_language", None)
    if own is None:
        own = _LOCAL.by_language = {}
    stemmer = own.get(name)
    if stemmer is None:
        stemmer = own[name] = snowballstemmer.stemmer(name)
    result: str = stemmer.stemWord(token)
    return result or token


def stems(tokens: Iterable[str]) -> list[str]:
    """Stem every token of *tokens*."""
    return [stem(token) for token in tokens]


def is_stop_word(token: str) -> bool:
    """Whether a normalised token is a stop word in any supported language."""
    return token in _ALL_STOP_WORDS


def looks_like_stop_word(token: str) -> bool:
    """Whether *token* is a stop word or a one-typo variant of a longer one ("сколко").

    A misspelt function word must not be mistaken for an unknown content word, which
    would count against every knowledge match.
    """
    if token in _ALL_STOP_WORDS:
        return True
    if len(token) < 4:
        return False
    return bool(_stop_word_index().lookup(token))


def content_tokens(text: str) -> list[str]:
    """Normalised tokens of *text* without stop words (still unstemmed)."""
    return [token for token in tokenize(text) if token not in _ALL_STOP_WORDS]


@lru_cache(maxsize=65536)
def transliterate(token: str) -> str:
    """Latin transliteration of a Cyrillic token; other tokens are returned unchanged."""
    return token.translate(_TRANSLIT)


# Latin → Russian, the other way: the longest spelling first ("shch" before "sh" before "s").
_CYRILLIC = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"),
    ("ts", "ц"), ("tz", "ц"), ("yu", "ю"), ("ju", "ю"), ("ya", "я"), ("ja", "я"), ("yo", "е"),
    ("ye", "е"), ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"),
    ("e", "е"), ("z", "з"), ("i", "и"), ("j", "й"), ("k", "к"), ("q", "к"), ("l", "л"),
    ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"),
    ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "ц"), ("x", "кс"),
)  # fmt: skip
_VOWELS = frozenset("аеиоуыэюя")


@lru_cache(maxsize=65536)
def cyrillize(token: str) -> str:
    """Russian typed in Latin letters written back in Cyrillic ("zavtrak" → "завтрак",
    "vklyucheno" → "включено"), so that it is stemmed, and meets stop words and thesaurus
    words, as Russian; "y" is "й" after a vowel ("moy") and "ы" elsewhere ("korty",
    "tennisnye"). A token with a letter outside the table is returned unchanged."""
    out: list[str] = []
    i = 0
    while i < len(token):
        after_vowel = bool(out) and out[-1] in _VOWELS
        lone_y = token[i] == "y" and not token.startswith(("yu", "ya", "yo", "ye"), i)
        if lone_y or (token.startswith("ye", i) and out and not after_vowel):
            out.append("й" if after_vowel else "ы")  # "moy", "korty", "tennisnye"
            i += 1
            continue
        for latin, cyrillic in _CYRILLIC:
            if token.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            return token
    return "".join(out)


def _typo_penalised(score: float) -> float:
    """Rescale a rapidfuzz ratio (0-100) so one typo counts clearly less than the word."""
    return max(0.0, 1.0 - 2.0 * (1.0 - score / 100.0))


def fuzzy_lookup(
    term: str, choices: Sequence[str], *, cutoff: float = 0.8
) -> list[tuple[int, float]]:
    """Indices of *choices* similar to *term* with a typo-penalised similarity in (0, 1].

    Similarity is rapidfuzz's normalised Indel ratio, then rescaled so that an exact match
    is 1.0 and a match right at *cutoff* keeps ``1 - 2 * (1 - cutoff)``: one typo in a
    short word ("wfi" ~ "wifi") still counts, but clearly less than the correct word, which
    keeps typo matches from outranking exact ones. Tokens of one or two characters and
    numbers only match exactly because any edit changes their meaning.
    For repeated lookups in the same choices use :class:`FuzzyIndex`.
    """
    if len(term) <= 2 or term.isdigit():
        return [(i, 1.0) for i, choice in enumerate(choices) if choice == term]
    hits = process.extract(
        term, choices, scorer=fuzz.ratio, score_cutoff=cutoff * 100.0, limit=None
    )
    return [(index, _typo_penalised(score)) for _, score, index in hits]


class FuzzyIndex:
    """A fixed word list prepared for fast repeated :func:`fuzzy_lookup`-style queries.

    Scoring every word per lookup is what makes fuzzy matching slow, so words are
    bucketed by length and by first and by last letter. A query only scores words whose
    length can reach the cutoff at all (Indel ratio >= c needs the shorter word to be at
    least ``c / (2 - c)`` of the longer one) and that share its first or its last letter:
    a typo rarely hits both ends of a word ("wfi", "chek", "brekfast", "towles").
    An exact hit is returned alone: when the guest's word is in the vocabulary, its
    look-alikes ("car" for "card") are noise. Empty strings are placeholders that never
    match (they keep the caller's ids aligned).
    """

    def __init__(self, words: Sequence[str], *, cutoff: float = 0.8) -> None:
        self._cutoff = cutoff
        self._exact: dict[str, int] = {}
        # Per anchor, its words shortest first: the lengths a query can reach are one slice,
        # scored by one rapidfuzz call (a call per length cost more than the scoring).
        anchored: dict[str, list[tuple[int, str, int]]] = {}
        for index, word in enumerate(words):
            if not word:
                continue
            self._exact.setdefault(word, index)
            for anchor in ("^" + word[0], "$" + word[-1]):
                anchored.setdefault(anchor, []).append((len(word), word, index))
        self._anchored: dict[str, tuple[list[int], list[str], list[int]]] = {}
        for anchor, entries in anchored.items():
            entries.sort(key=lambda entry: entry[0])
            self._anchored[anchor] = (
                [size for size, _, _ in entries],
                [word for _, word, _ in entries],
                [index for _, _, index in entries],
            )

    def exact(self, term: str) -> int | None:
        """Index of *term* if it is one of the words, else ``None``."""
        return self._exact.get(term)

    def lookup(self, term: str) -> list[tuple[int, float]]:
        """``(index, similarity)`` of words similar to *term*, similarity in (0, 1]."""
        exact = self._exact.get(term)
        if exact is not None:
            return [(exact, 1.0)]
        if len(term) <= 2 or term.isdigit():
            return []
        size = len(term)
        low = math.ceil(size * self._cutoff / (2.0 - self._cutoff) - 1e-9)
        high = math.floor(size * (2.0 - self._cutoff) / self._cutoff + 1e-9)
        found: dict[int, float] = {}
        for anchor in ("^" + term[0], "$" + term[-1]):
            bucket = self._anchored.get(anchor)
            if bucket is None:
                continue
            sizes, words, ids = bucket
            start = bisect_left(sizes, max(3, low))
            end = bisect_right(sizes, high)
            if start >= end:
                continue
            for _, score, position in process.extract(
                term,
                words[start:end],
                scorer=fuzz.ratio,
                score_cutoff=self._cutoff * 100.0,
                limit=None,
            ):
                found[ids[start + position]] = _typo_penalised(score)
        return list(found.items())


@lru_cache(maxsize=1)
def _stop_word_index() -> FuzzyIndex:
    """Fuzzy index of the longer stop words (built on first use)."""
    return FuzzyIndex(sorted(w for w in _ALL_STOP_WORDS if len(w) >= 4), cutoff=0.85)
