"""Guest-facing templates: the hotel's own wording when it has one, else the built-in text."""

from __future__ import annotations

import time

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
)


class HotelTemplates:
    def __init__(self, i18n: I18n, overrides: dict[tuple[str, str], str]) -> None:
        self._i18n = i18n
        self._overrides = overrides

    def render(self, key: str, lang: str, **values: object) -> str:
        text = self._overrides.get((key, lang)) or self._i18n.raw(f"guest.templates.{key}", lang)
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            # A hotel's template with a typo in a {placeholder} still reaches the guest.
            return text


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
