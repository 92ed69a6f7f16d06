"""Guest-facing templates: the hotel's own wording when it has one, else the built-in text."""

from __future__ import annotations

import string
import time
from collections.abc import Mapping
from typing import NamedTuple

from bot.i18n import I18n
from bot.store.models import Template

TEMPLATE_KEYS = (
    "greeting",
    "after_hours",
    "fallback",
    "handoff",
    "opt_out",
    "opt_in",
    "request_received",
    "cannot_read",
    "resend",
    "flood",
    "calls_unsupported",
    "welcome",
    "hello_again",
    "language_fallback",
    "clarify",
    "clarify_unsure",  # one or two likely topics, no model to answer: "is it about …?"
    "resolved",  # a person handed the chat back to the bot (Resolve)
    "joined",  # a person took the chat, when the hotel announces it ({name})
    "escalated",  # a handoff nobody took in the hotel's time: told once that the team is on it
    "request_done",  # staff marked a service request done ({request}, {number})
    "request_merged",  # the same request again within minutes joined the first ({number})
)


# Keys added after hotels wrote their own texts, and the hotel's own key that stands in for one
# the hotel has not written: a hotel that wrote every template in its language keeps it
# complete, and its guests keep reading its words ("which one do you mean?" for "is it about
# this?").
STAND_INS: Mapping[str, str] = {"clarify_unsure": "clarify"}

# A request kind's name (`guest.requests.<kind>`) among the texts a reply may have translated.
REQUEST_NAMES = "requests."


class Field(NamedTuple):
    """A {placeholder} as str.format reads it."""

    name: str
    spec: str
    conversion: str | None

    @property
    def plain(self) -> bool:
        """Just a name: no format spec, conversion, attribute or index, none of which a guest
        text needs, and each a way to make str.format do work (`{hotel:>50000000}` is 50 MB)."""
        return not self.spec and self.conversion is None and not any(c in self.name for c in ".[")

    @property
    def written(self) -> str:
        conversion = f"!{self.conversion}" if self.conversion else ""
        return "{" + self.name + conversion + (f":{self.spec}" if self.spec else "") + "}"


def parse(text: str) -> list[tuple[str, Field | None]]:
    """The text's literal runs, each with the field after it; ValueError for unbalanced braces."""
    return [
        (literal, None if name is None else Field(name, spec or "", conversion))
        for literal, name, spec, conversion in string.Formatter().parse(text)
    ]


def fill(text: str, values: Mapping[str, object]) -> str:
    """str.format without its mini-language: a field is replaced by its value's text alone.

    Templates are checked when saved (`Field.plain`), but rows saved before that check, or
    written straight into the database, must not be able to expand either: a format spec or
    conversion is ignored, and a text naming anything but a value (a typo, `{0[0]}`,
    `{hotel.__class__}`) or with unbalanced braces is sent as written.
    """
    try:
        parts = parse(text)
    except ValueError:
        return text
    out: list[str] = []
    for literal, field in parts:
        out.append(literal)
        if field is not None:
            if field.name not in values:
                return text
            out.append(str(values[field.name]))
    return "".join(out)


class HotelTemplates:
    def __init__(self, i18n: I18n, overrides: dict[tuple[str, str], str]) -> None:
        self._i18n = i18n
        self._overrides = overrides

    def render(self, key: str, lang: str, **values: object) -> str:
        text = (
            self._overrides.get((key, lang))
            or self._overrides.get((STAND_INS.get(key, key), lang))
            or self._i18n.raw(f"guest.templates.{key}", lang)
        )
        return fill(text, values)

    def complete_languages(self) -> frozenset[str]:
        """Languages the hotel wrote every template in itself (a guest in one of them, when
        the hotel declares it, reads only the hotel's own texts); a key with a stand-in the
        hotel wrote counts as written."""
        langs = {lang for _, lang in self._overrides}
        return frozenset(
            lang
            for lang in langs
            if all(
                (key, lang) in self._overrides
                or (STAND_INS.get(key, key), lang) in self._overrides
                for key in TEMPLATE_KEYS
            )
        )

    def request(self, kind: str, lang: str) -> str:
        """A request kind's name as a guest reads it (`{request}`): a translation made for this
        reply (`with_texts`, key `requests.<kind>`), else the built-in name."""
        own = self._overrides.get((f"{REQUEST_NAMES}{kind}", lang))
        return own or self._i18n.t(f"guest.requests.{kind}", lang)

    def own(self, key: str, lang: str) -> str | None:
        """The hotel's own wording of `key` in `lang`, if it wrote one."""
        return self._overrides.get((key, lang))

    def with_texts(self, texts: Mapping[tuple[str, str], str]) -> HotelTemplates:
        """These templates with more texts by (key, language): translations for one reply."""
        return HotelTemplates(self._i18n, {**texts, **self._overrides})


class TemplateBook:
    def __init__(self, i18n: I18n, ttl: float = 30.0) -> None:
        self._i18n = i18n
        self._ttl = ttl
        self._overrides: dict[int, tuple[float, dict[tuple[str, str], str]]] = {}

    async def _hotel(self, hotel_id: int) -> dict[tuple[str, str], str]:
        cached = self._overrides.get(hotel_id)
        now = time.monotonic()
        if cached and now - cached[0] < self._ttl:
            return cached[1]
        rows = await Template.filter(hotel_id=hotel_id).values_list("key", "language", "text")
        overrides = {(str(k), str(lang)): str(text) for k, lang, text in rows}
        self._overrides[hotel_id] = (now, overrides)
        return overrides

    async def for_hotel(self, hotel_id: int) -> HotelTemplates:
        """Load before a transaction: rendering itself then needs no database."""
        return HotelTemplates(self._i18n, await self._hotel(hotel_id))

    def forget(self, hotel_id: int | None = None) -> None:
        if hotel_id is None:
            self._overrides.clear()
        else:
            self._overrides.pop(hotel_id, None)
