"""What every admin command may use, built once by the app."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.admin_flow.core.actor import Actor
from bot.config import Settings
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.greenapi import GreenAPIClient, GreenAPIError
from bot.i18n import I18n, Refusal
from bot.store.crypto import TokenCipher
from bot.store.hotels import Instance
from bot.store.models import Staff

STATE_TTL_SECONDS = 30.0

if TYPE_CHECKING:  # openai loads only when an API key is configured
    from bot.guest_flow.ai import AIAnswerer


@dataclass
class AdminContext:
    settings: Settings
    i18n: I18n
    flow: GuestFlow
    greenapi: GreenAPIClient
    # Encrypts gateway tokens (the app's, from SECRET_KEY): at rest, and in dialog drafts.
    cipher: TokenCipher
    ai: AIAnswerer | None = None
    started: float = field(default_factory=time.monotonic)
    # Set by the Telegram side when the admin bot runs: answers whether Telegram is reachable.
    telegram_check: Callable[[], Awaitable[bool]] | None = None
    _states: dict[int, tuple[float, str]] = field(default_factory=dict)
    _phones: dict[int, tuple[float, frozenset[str]]] = field(default_factory=dict)

    def t(self, actor: Actor, key: str, **values: object) -> str:
        return self.i18n.t(key, self.i18n.pick(actor.language), **values)

    def refusal(self, actor: Actor, refusal: Refusal) -> str:
        return self.i18n.refusal(refusal, self.i18n.pick(actor.language))

    async def wa_state(self, instance: Instance) -> str:
        """getStateInstance, cached briefly (Green API allows it once a second per instance)."""
        cached = self._states.get(instance.id)
        now = time.monotonic()
        if cached and now - cached[0] < STATE_TTL_SECONDS:
            return cached[1]
        try:
            state = await self.greenapi.get_state(instance) or "starting"
        except GreenAPIError as exc:
            state = f"error:{exc.status or 'unreachable'}"
        self._states[instance.id] = (now, state)
        return state

    def forget_state(self, instance_id: int) -> None:
        self._states.pop(instance_id, None)

    async def staff_phones(self, hotel_id: int) -> frozenset[str]:
        """The hotel's staff phone numbers (digits), cached: every guest message asks."""
        cached = self._phones.get(hotel_id)
        now = time.monotonic()
        if cached and now - cached[0] < STATE_TTL_SECONDS:
            return cached[1]
        rows = await Staff.filter(hotel_id=hotel_id, phone__isnull=False).values_list(
            "phone", flat=True
        )
        phones = frozenset(str(p) for p in rows)
        self._phones[hotel_id] = (now, phones)
        return phones

    def forget_staff_phones(self, hotel_id: int) -> None:
        self._phones.pop(hotel_id, None)
