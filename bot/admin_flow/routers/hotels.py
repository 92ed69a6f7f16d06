"""/hotels, /hotel ID and the card's buttons and prompts: thin glue over core.hotels (the list
and the card) and core.hotel_actions (its buttons and prompts)."""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.admin_flow import render
from bot.admin_flow.core import hotel_actions, hotels
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_common import Stale
from bot.admin_flow.core.hotel_setup import HOTEL_AREA, Step
from bot.admin_flow.core.replies import Reply, parse_data
from bot.admin_flow.states import HotelEdit, state_for, step_of

NOT_COMMAND = ~F.text.startswith("/")


def router() -> Router:
    r = Router(name="hotels")
    r.message.register(hotels_command, Command("hotels"))
    r.message.register(hotel_command, Command("hotel"))
    r.callback_query.register(button, F.data.startswith(f"{HOTEL_AREA}:"))
    r.message.register(typed, StateFilter(HotelEdit), F.text, NOT_COMMAND)
    r.message.register(sent_file, StateFilter(HotelEdit.file), F.document)
    return r


async def hotels_command(message: Message, actor: Actor, ctx: AdminContext) -> None:
    await render.send(message, await hotels.list_hotels(ctx, actor))


async def hotel_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await render.send(message, await hotels.hotel_command(ctx, actor, command.args or ""))


async def _follow(state: FSMContext, step: Step) -> None:
    """Open the prompt the step asks for; a plain view closes an open card prompt."""
    if step.state is not None:
        await state.set_state(state_for(HotelEdit, step.state))
        await state.set_data(step.data)
    elif step_of(await state.get_state(), HotelEdit) is not None:
        await state.clear()


async def _replace(callback: CallbackQuery, reply: Reply) -> None:
    try:
        await render.show(callback, reply)
    except TelegramBadRequest as exc:
        if "not modified" not in str(exc):  # pressing a button that changes nothing is fine
            raise


async def button(
    callback: CallbackQuery, state: FSMContext, actor: Actor, ctx: AdminContext
) -> None:
    _, action, args = parse_data(callback.data or "")
    try:
        step = await hotel_actions.press(ctx, actor, action, args)
    except Stale:
        await render.refuse(callback, ctx.t(actor, "admin.common.stale_button"))
        return
    await _follow(state, step)
    if step.fresh and isinstance(callback.message, Message):
        await callback.answer()
        await render.send(callback.message, step.reply)
    else:
        await _replace(callback, step.reply)


async def _answer(message: Message, state: FSMContext, step: Step) -> None:
    await _follow(state, step)
    await render.send(message, step.reply)


async def _refused(message: Message, state: FSMContext, text: str) -> None:
    await state.clear()
    await message.answer(text)


async def typed(message: Message, state: FSMContext, actor: Actor, ctx: AdminContext) -> None:
    data = await state.get_data()
    if data.get("field") == "token":
        # The token should not stay readable in the chat history.
        with contextlib.suppress(TelegramAPIError):
            await message.delete()
    try:
        step = await hotel_actions.type_in(ctx, actor, data, message.text or "")
    except Stale:
        await _refused(message, state, ctx.t(actor, "admin.common.stale_button"))
        return
    await _answer(message, state, step)


async def sent_file(
    message: Message, state: FSMContext, actor: Actor, ctx: AdminContext, bot: Bot
) -> None:
    document = message.document
    assert document is not None  # the filter

    async def load() -> bytes:
        content = await bot.download(document)
        return content.read() if content else b""

    name = document.file_name or "file"
    try:
        step = await hotel_actions.send_in(
            ctx, actor, await state.get_data(), name, document.file_size or 0, load
        )
    except Stale:
        await _refused(message, state, ctx.t(actor, "admin.common.stale_button"))
        return
    await _answer(message, state, step)
