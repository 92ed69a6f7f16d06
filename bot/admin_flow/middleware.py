"""Resolves every Telegram update's user to an Actor; strangers get one polite refusal.

It runs as an outer middleware, before any filter, so no handler can forget the check. The
handlers still check the permission for the hotel they touch: knowing who you are is not the
same as being allowed to do it.

Two more rules live here because they hold for every handler: a stranger hears one refusal an
hour, whatever they send (a wrong invite code included), and admin data is never answered in a
group: a command sent there is answered to the person privately, buttons under a message in a
group are refused, other group talk is not the bot's business, and strangers in a group hear
nothing at all. The exceptions are a hotel's bound staff group: `/bindgroup` and
`/unbindgroup` are answered there, the card buttons (`CARD_AREAS`) work there (the core checks
the presser's role for the card's hotel on every press), a person who pressed Reply there
may type the answer there, and a reply to a bot message or a message in a forum topic reaches
the guests router, which answers the guest it stands for (if any) and is silent otherwise.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject, User

from bot.admin_flow.core.access import audit
from bot.admin_flow.core.actor import Actor, telegram_actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.menu import GROUP_COMMANDS

STRANGER_QUIET_SECONDS = 3600.0
STRANGERS_REMEMBERED = 10_000

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
# Button areas of the staff cards (and a reply's delivery mark, its Retry), pressed in the
# hotel's group as well as in private.
CARD_AREAS = ("conv:", "req:", "mark:", "un:card:")
# The one dialog a group may hold: the answer typed after a card's Reply (routers/guests.py).
# Any other dialog's state in a group (a command answered privately still keys its state to
# the group) must never turn the team's talk there into a dialog's input.
GROUP_DIALOGS = frozenset({"ReplyToGuest:text"})


def is_invite(event: TelegramObject) -> bool:
    if not isinstance(event, Message) or not event.text:
        return False
    parts = event.text.split()
    return len(parts) == 2 and parts[0] == "/start"


def in_group(event: TelegramObject) -> bool:
    chat = event.message.chat if isinstance(event, CallbackQuery) and event.message else None
    if isinstance(event, Message):
        chat = event.chat
    return chat is not None and chat.type != "private"


def answers_guest(message: Message) -> bool:
    """Telegram's reply gesture, or a message in a forum topic: maybe an answer to a guest
    (routers/guests.py looks up what the message replies to, or the topic; else it is the
    team's own talk and nobody hears back)."""
    return message.reply_to_message is not None or bool(message.is_topic_message)


def command_of(event: TelegramObject) -> str | None:
    if not isinstance(event, Message) or not event.text or not event.text.startswith("/"):
        return None
    return event.text.split(maxsplit=1)[0][1:].split("@")[0].lower()


def private_only(event: TelegramObject) -> bool:
    """A command sent in a group whose answer must not land there (all but GROUP_COMMANDS)."""
    command = command_of(event)
    return in_group(event) and command is not None and command not in GROUP_COMMANDS


class StrangerGate:
    """Who was refused lately: a stranger's flood, of commands or of wrong invite codes, gets
    one answer and then silence (in this process; a restart forgets, which is fine)."""

    def __init__(self) -> None:
        self._refused: dict[int, float] = {}

    def first(self, user_id: int) -> bool:
        """True once per quiet period: this refusal may be said; it is recorded as said."""
        now = time.monotonic()
        if now - self._refused.get(user_id, -STRANGER_QUIET_SECONDS) < STRANGER_QUIET_SECONDS:
            return False
        if len(self._refused) >= STRANGERS_REMEMBERED:  # a flood of strangers: keep the recent
            cutoff = now - STRANGER_QUIET_SECONDS
            self._refused = {uid: t for uid, t in self._refused.items() if t > cutoff}
        self._refused[user_id] = now
        return True


class ActorMiddleware(BaseMiddleware):
    def __init__(self, ctx: AdminContext) -> None:
        self._ctx = ctx
        self._strangers = StrangerGate()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return None
        actor = await telegram_actor(
            user.id, user.full_name, user.language_code or "en", self._ctx.settings.admin_ids
        )
        data["actor"] = actor
        data["ctx"] = self._ctx
        data["strangers"] = self._strangers
        if in_group(event):
            return await self._in_group(handler, event, data, actor, user)
        if actor.known or is_invite(event):
            return await handler(event, data)
        if not self._strangers.first(user.id):
            return None  # a stranger's flood gets silence
        await audit(actor, "stranger_refused", after={"name": user.full_name})
        text = self._ctx.t(actor, "admin.common.stranger")
        if isinstance(event, Message):
            await event.answer(text)
        elif isinstance(event, CallbackQuery):
            await event.answer(text, show_alert=True)
        return None

    async def _in_group(
        self,
        handler: Handler,
        event: TelegramObject,
        data: dict[str, Any],
        actor: Actor,
        user: User,
    ) -> Any:
        if isinstance(event, CallbackQuery) and (event.data or "").startswith(CARD_AREAS):
            return await handler(event, data)  # the core refuses, audited, whoever may not
        if not actor.known:
            return None  # a group's other members are not the bot's to refuse
        if isinstance(event, CallbackQuery):
            text = self._ctx.t(actor, "admin.common.group_buttons")
            await event.answer(text, show_alert=True)
            return None
        if isinstance(event, Message) and private_only(event):
            return await self._answer_privately(handler, event, data, actor, user)
        if command_of(event) in GROUP_COMMANDS:
            return await handler(event, data)
        state: FSMContext | None = data.get("state")
        dialog = await state.get_state() if state is not None else None
        if command_of(event) is None and dialog in GROUP_DIALOGS:
            return await handler(event, data)  # an answer after pressing a card's Reply here
        if isinstance(event, Message) and command_of(event) is None and answers_guest(event):
            # The guests router reads whose it is, if any; a command's dialog keyed to the
            # group (not the Reply's, handled above) must not take it as its input.
            data["raw_state"] = None
            return await handler(event, data)
        return None  # the team's own talk in the group

    async def _answer_privately(
        self, handler: Handler, event: Message, data: dict[str, Any], actor: Actor, user: User
    ) -> Any:
        """Run the command as if sent in the person's private chat; the group hears only
        where the answer went, or how to let the bot write to them."""
        private = event.model_copy(
            update={
                "chat": Chat(id=user.id, type="private", first_name=user.first_name),
                "message_thread_id": None,
                "is_topic_message": None,
            }
        )
        try:
            result = await handler(private, data)
        except TelegramForbiddenError:  # they never opened the bot, or blocked it
            bot: Bot = data["bot"]
            me = await bot.me()
            text = self._ctx.t(actor, "admin.common.open_private", bot=me.username or me.id)
            await event.reply(text)
            return None
        await event.reply(self._ctx.t(actor, "admin.common.sent_privately"))
        return result
