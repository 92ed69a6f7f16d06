"""Which language a guest's replies are written in, and whether the guest must be told.

A hotel declares the languages it serves (any ISO 639-1 codes, the first one its own); we have
texts in some languages (the built-in guest catalogs in `locales/`, and any language in which
the hotel wrote every template itself). A guest writing a language the hotel declares and we
have texts for is answered in it, every text. Anyone else is answered in the hotel's first
language (the first declared one we have texts for), and told so once, politely: in their own
language when we have texts in it, else in the reply language.

Pure: the caller gathers the guest's language (detected or remembered), the hotel's declared
languages, the languages with texts, and whether this guest was already told. The model
translation layer (`translate.py`) adds a language to `texts` when it holds a translation.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

__all__ = ["NOTICE_TEMPLATE", "ReplyLanguage", "reply_language"]

# The guest template key of the polite line ("we answer in English"); hotels may override it.
NOTICE_TEMPLATE = "language_fallback"
# When nothing declared has texts (a hotel declaring only "ja" and writing none of it).
LAST_RESORT = "en"


@dataclass(frozen=True)
class ReplyLanguage:
    """The outcome for one guest message.

    `language`: every text of this reply is in it. `guest`: the guest's own language (None when
    never known). `notice`: the language to write the polite "we answer in `language`" line in,
    or None when no line is due (the guest is served in their language, or was told already).
    """

    language: str
    guest: str | None
    notice: str | None = None

    @property
    def served(self) -> bool:
        """Whether the guest reads their own language (or we never knew theirs)."""
        return self.guest is None or self.guest == self.language


def reply_language(
    guest: str | None,
    declared: Sequence[str],
    texts: Collection[str],
    *,
    told: bool = False,
) -> ReplyLanguage:
    """The reply language for a guest writing `guest` (an ISO 639-1 code or None).

    `declared`: the hotel's languages in its order (the first is its own). `texts`: languages
    we can write every guest text in for this hotel. `told`: the guest already had the polite
    line (it is said once per guest).
    """
    usable = [lang for lang in declared if lang in texts]
    first = usable[0] if usable else LAST_RESORT
    if guest is None or guest in usable:
        return ReplyLanguage(guest or first, guest)
    if told:
        return ReplyLanguage(first, guest)
    return ReplyLanguage(first, guest, notice=guest if guest in texts else first)
