"""Which language a guest writes in, decided only when the text says enough.

Two readings, cheapest first. Function words ("is there", "wo ist der", "dónde está") are
the surest sign in a short message, where lingua's letter statistics often guess wrong ("is
there a casino?" reads as Spanish to them): when one language has at least two of its
function words in the message and clearly more than any other, it decides. Otherwise lingua
(low accuracy mode: trigram models for the Latin and Cyrillic languages below, ~80 µs a
message), and a lingua guess for a language with no function word in the message yields to one
that has any. Languages with a script of their own (Korean, Japanese, Chinese, Hebrew, Greek,
Hindi, Thai, Arabic) are read from their letters before either.

A two-letter "ok" must not flip a Russian guest to English, so short or unsure texts return
None and the guest's remembered language stands.
"""

from __future__ import annotations

import functools

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from bot.guest_flow.textnorm import tokenize

# Languages we recognise: the built-in ones, and the guests hotels meet most. Replies are in
# one of them only when the hotel serves it (`reply_language.py`); the others are recognised
# so that their guests are told politely which language we answer in.
_CANDIDATES = (
    Language.ENGLISH,
    Language.RUSSIAN,
    Language.GERMAN,
    Language.FRENCH,
    Language.SPANISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.TURKISH,
    Language.UKRAINIAN,
    Language.DUTCH,
    Language.POLISH,
)
# Languages whose script is their own need no statistics: the letters say it (and lingua's
# models for them would cost memory in every process, ~10 MB). Ranges of Unicode blocks; Han
# without kana is Chinese, any kana is Japanese.
_SCRIPTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("ko", ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F))),
    ("ja", ((0x3040, 0x30FF),)),
    ("zh", ((0x4E00, 0x9FFF), (0x3400, 0x4DBF))),
    ("he", ((0x0590, 0x05FF),)),
    ("el", ((0x0370, 0x03FF),)),
    ("hi", ((0x0900, 0x097F),)),
    ("th", ((0x0E00, 0x0E7F),)),
    ("ar", ((0x0600, 0x06FF), (0x0750, 0x077F))),
)
MIN_LETTERS = 4
MIN_SCRIPT_LETTERS = 2
MIN_CONFIDENCE = 0.55
# Function words that belong to one of these languages only (after textnorm.normalize):
# words two of them share ("a", "de", "la", "es", "con", "una", "non", "il") are left out.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the is are what whats where when how can could would you your there this have do does"
        " i me we with and for please pls of to it its my our any time".split()
    ),
    "de": frozenset(
        "der die das ist sind wann wo wie ich mich mir sie ihr wir bitte und nicht ein eine"
        " einen gibt kann können haben hat mit für noch auf bei zum zur möchte welche".split()
    ),
    "es": frozenset(
        "el los las qué dónde donde cuándo cuánto cómo hay por favor necesito quiero puedo"
        " tienen está están gracias para hasta hola habitación pueden".split()
    ),
    "fr": frozenset(
        "le les est je vous où quelle quel à avez des du pour dans pas une et nous au aux"
        " cest merci bonjour chambre estce ya".split()
    ),
    "it": frozenset(
        "lo gli è che dove quando come sono ho vorrei posso grazie della nel alla cè"
        " avete potete buongiorno fino quanto".split()
    ),
    "ru": frozenset(
        "что где когда как сколько можно есть мне у вас в на и не это пожалуйста ли".split()
    ),
}
# Decisive: this many function words of one language, more than twice any other's count.
DECISIVE_VOTES = 2


def function_word_votes(text: str) -> dict[str, int]:
    """How many of each language's function words the text holds (pure, for tests)."""
    tokens = tokenize(text)
    return {
        lang: hits
        for lang, words in _FUNCTION_WORDS.items()
        if (hits := sum(token in words for token in tokens))
    }


def script_language(text: str) -> str | None:
    """The language whose own script holds at least half of the text's letters (pure)."""
    letters = [ord(ch) for ch in text if ch.isalpha()]
    counts: dict[str, int] = {}
    for code in letters:
        for lang, ranges in _SCRIPTS:
            if any(low <= code <= high for low, high in ranges):
                counts[lang] = counts.get(lang, 0) + 1
                break
    if counts.get("ja") and counts.get("zh"):  # kanji with kana: Japanese
        counts["ja"] += counts.pop("zh")
    if not counts:
        return None
    lang, hits = max(counts.items(), key=lambda kv: kv[1])
    return lang if 2 * hits >= len(letters) else None


class LanguageDetection:
    def __init__(self) -> None:
        self._detector: LanguageDetector = (
            LanguageDetectorBuilder.from_languages(*_CANDIDATES)
            .with_low_accuracy_mode()
            .with_preloaded_language_models()
            .build()
        )

    def detect(self, text: str) -> str | None:
        """The ISO 639-1 code of the text's language, or None when it does not say enough."""
        letters = sum(ch.isalpha() for ch in text)
        script = script_language(text) if letters >= MIN_SCRIPT_LETTERS else None
        if script is not None:
            return script  # two ideographs can be a sentence ("谢谢"): fewer letters suffice
        if letters < MIN_LETTERS:
            return None
        votes = function_word_votes(text)
        ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
        if ranked and ranked[0][1] >= DECISIVE_VOTES:
            second = ranked[1][1] if len(ranked) > 1 else 0
            if ranked[0][1] > 2 * second:
                return ranked[0][0]
        values = self._detector.compute_language_confidence_values(text)
        if not values or values[0].value < MIN_CONFIDENCE:
            return ranked[0][0] if ranked and len(ranked) == 1 else None
        guess = str(values[0].language.iso_code_639_1.name.lower())
        if ranked and votes.get(guess, 0) < ranked[0][1]:
            return ranked[0][0]  # a word of one language beats letter statistics for another
        return guess


@functools.cache
def shared_detection() -> LanguageDetection:
    """Lingua's models take a moment and some memory to load: one detector per process."""
    return LanguageDetection()
