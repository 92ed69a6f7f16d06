"""Resolves every Telegram update's user to an Actor; strangers get one polite refusal.

It runs as an outer middleware, before any filter, so no handler can forget the check. The
handlers still check the permission for the hotel they touch: knowing who you are is not the
same as being allowed to do it.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, User

from bot.admin_flow.core.access import audit
from bot.admin_flow.core.actor import telegram_actor
from bot.admin_flow.core.context import AdminContext

STRANGER_QUIET_SECONDS = 3600.0

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def is_invite(event: TelegramObject) -> bool:
    if not isinstance(event, Message) or not event.text:
        return False
    parts = event.text.split()
    return len(parts) == 2 and parts[0] == "/start"


class ActorMiddleware(BaseMiddleware):
    def __init__(self, ctx: AdminContext) -> None:
        self._ctx = ctx
        self._refused: dict[int, float] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return None
        actor = await telegram_actor(
            user.id, user.full_name, user.language_code or "en", self._ctx.settings.admin_ids
        )
        data["actor"] = actor
        data["ctx"] = self._ctx
        if actor.known or is_invite(event):
            return await handler(event, data)
        now = time.monotonic()
        if now - self._refused.get(user.id, -STRANGER_QUIET_SECONDS) < STRANGER_QUIET_SECONDS:
            return None  # a stranger's flood gets silence
        self._refused[user.id] = now
        await audit(actor, "stranger_refused", after={"name": user.full_name})
        text = self._ctx.t(actor, "admin.common.stranger")
        if isinstance(event, Message):
            await event.answer(text)
        elif isinstance(event, CallbackQuery):
            await event.answer(text, show_alert=True)
        return None
