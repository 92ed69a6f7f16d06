"""Core replies → Telegram messages (inline keyboards, photos, documents)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)

from bot.admin_flow.core.access import NotAllowed
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply
from bot.limits import TELEGRAM_TEXT


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.text, callback_data=b.data) for b in row]
            for row in reply.buttons
        ]
    )


async def send(message: Message, reply: Reply) -> None:
    markup = keyboard(reply)
    if reply.photo is not None:
        await message.answer_photo(
            BufferedInputFile(reply.photo, filename="chart.png"),
            caption=reply.text[:1024],
            reply_markup=markup,
        )
    elif reply.document is not None:
        name, content = reply.document
        await message.answer_document(
            BufferedInputFile(content, filename=name), caption=reply.text[:1024]
        )
    else:
        await message.answer(reply.text[:TELEGRAM_TEXT], reply_markup=markup)


async def show(callback: CallbackQuery, reply: Reply) -> None:
    """Answer a button press by editing the message it belongs to, when we can."""
    await callback.answer()
    message = callback.message
    if isinstance(message, Message) and message.text and reply.photo is None:
        try:
            await message.edit_text(reply.text[:TELEGRAM_TEXT], reply_markup=keyboard(reply))
        except TelegramBadRequest as exc:
            if "message is not modified" not in exc.message:
                raise
    elif isinstance(message, Message):
        await send(message, reply)


async def refuse(callback: CallbackQuery, text: str) -> None:
    await callback.answer(text, show_alert=True)


async def refusals(
    handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    """Answers a refusal (NotAllowed, already audited by the core) the same way in every area:
    an alert for a button, a message for a message; and ends the dialog the refused step
    belonged to, if any (its FSM state and draft), so no half-done prompt stays open.

    A middleware around the handlers rather than an aiogram error handler: error handlers run
    outside the middleware that resolves the actor and their language.
    """
    try:
        return await handler(event, data)
    except NotAllowed:
        actor: Actor = data["actor"]
        ctx: AdminContext = data["ctx"]
        state: FSMContext | None = data.get("state")
        if state is not None and await state.get_state() is not None:
            await state.clear()
        text = ctx.t(actor, "admin.common.not_allowed")
        if isinstance(event, CallbackQuery):
            await refuse(event, text)
        elif isinstance(event, Message):
            await event.answer(text)
        else:
            raise
        return None
