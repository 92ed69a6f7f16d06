"""Which language a guest writes in (lingua), decided only when the text says enough.

A two-letter "ok" must not flip a Russian guest to English, so short or ambiguous texts return
None and the guest's remembered language stands.
"""

from __future__ import annotations

import functools

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Languages we can recognise; replies fall back to the hotel's first language when we have no
# texts in the detected one.
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
    Language.ARABIC,
    Language.CHINESE,
)
MIN_LETTERS = 4
MIN_CONFIDENCE = 0.55


class LanguageDetection:
    def __init__(self) -> None:
        self._detector: LanguageDetector = (
            LanguageDetectorBuilder.from_languages(*_CANDIDATES)
            .with_low_accuracy_mode()
            .with_preloaded_language_models()
            .build()
        )

    def detect(self, text: str) -> str | None:
        if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
            return None
        values = self._detector.compute_language_confidence_values(text)
        if not values or values[0].value < MIN_CONFIDENCE:
            return None
        return str(values[0].language.iso_code_639_1.name.lower())


@functools.cache
def shared_detection() -> LanguageDetection:
    """Lingua's models take a moment and some memory to load: one detector per process."""
    return LanguageDetection()
