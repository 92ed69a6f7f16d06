"""Admin area: unanswered — /unanswered, its pages and "Save as answer" (the draft in the FSM),
also from a conversation's card ("un:card:<conversation>"), pressed in private or in the
hotel's group; from the group the dialog goes on in the presser's private chat.

Thin: parse the Telegram input, call core.unanswered, render. The core re-checks the role on
every press; a draft button pressed after the dialog ended (restart, /cancel) is stale.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import CallbackQuery, Message

from bot.admin_flow.core import unanswered
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_common import Stale
from bot.admin_flow.core.hotel_setup import Step
from bot.admin_flow.core.replies import parse_data, parse_id
from bot.admin_flow.render import keyboard, refuse, send, show
from bot.limits import TELEGRAM_TEXT


class TeachBot(StatesGroup):
    """A "Save as answer" dialog: the FSM data is the draft (core.unanswered)."""

    text = State()


def router() -> Router:
    r = Router(name="unanswered")
    r.message.register(unanswered_command, Command("unanswered"))
    r.message.register(typed, TeachBot.text, F.text, ~F.text.startswith("/"))
    r.callback_query.register(on_button, F.data.startswith(f"{unanswered.AREA}:"))
    return r


async def unanswered_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    words = (command.args or "").split()
    await send(message, await unanswered.unanswered_report(ctx, actor, words))


async def _follow(state: FSMContext, step: Step) -> None:
    if step.state is None:
        await state.clear()
    else:
        await state.set_state(TeachBot.text)
        await state.set_data(step.data)


async def typed(message: Message, state: FSMContext, actor: Actor, ctx: AdminContext) -> None:
    step = await unanswered.typed(ctx, actor, await state.get_data(), message.text or "")
    await _follow(state, step)
    await send(message, step.reply)


async def _press(
    ctx: AdminContext, actor: Actor, action: str, args: list[str], draft: dict[str, Any]
) -> Step:
    """The step a dialog button leads to (the list's pages are not part of the dialog)."""
    if action == "save" and len(args) == 1 and (number := parse_id(args[0])) is not None:
        return await unanswered.save_prompt(ctx, actor, number)
    if action == "card" and len(args) == 1 and (number := parse_id(args[0])) is not None:
        return await unanswered.card_prompt(ctx, actor, number)
    if action == "edit":
        return await unanswered.edit_press(ctx, actor, draft, args)
    if action == "topics":
        return await unanswered.topics_press(ctx, actor, draft, args)
    if action == "into":
        return await unanswered.into_press(ctx, actor, draft, args)
    if action == "ok" and not args:
        return await unanswered.confirm(ctx, actor, draft)
    raise Stale(action)


async def _privately(
    callback: CallbackQuery,
    state: FSMContext,
    bot: Bot,
    actor: Actor,
    ctx: AdminContext,
    step: Step,
) -> None:
    """A card's button pressed in the group: the draft is shown, and typed into, in the
    presser's private chat (the group may hold no other dialog than Reply's)."""
    user = callback.from_user
    try:
        await bot.send_message(
            user.id, step.reply.text[:TELEGRAM_TEXT], reply_markup=keyboard(step.reply)
        )
    except TelegramForbiddenError:  # they never opened the bot, or blocked it
        me = await bot.me()
        text = ctx.t(actor, "admin.common.open_private", bot=me.username or me.id)
        await refuse(callback, text)
        return
    key = StorageKey(bot_id=bot.id, chat_id=user.id, user_id=user.id)
    await _follow(FSMContext(storage=state.storage, key=key), step)
    await callback.answer(ctx.t(actor, "admin.common.sent_privately"))


async def on_button(
    callback: CallbackQuery, state: FSMContext, actor: Actor, ctx: AdminContext, bot: Bot
) -> None:
    _, action, args = parse_data(callback.data or "")
    try:
        if action == "page":
            reply = await unanswered.page_press(ctx, actor, args)
            try:
                await show(callback, reply)
            except TelegramBadRequest as exc:
                if "not modified" not in str(exc):
                    raise
            return
        step = await _press(ctx, actor, action, args, await state.get_data())
    except Stale:
        await refuse(callback, ctx.t(actor, "admin.common.stale_button"))
        return
    in_group = isinstance(callback.message, Message) and callback.message.chat.type != "private"
    if in_group and step.fresh:
        await _privately(callback, state, bot, actor, ctx, step)
        return
    await _follow(state, step)
    if step.fresh and isinstance(callback.message, Message):
        await callback.answer()
        await send(callback.message, step.reply)
    else:
        await show(callback, step.reply)
