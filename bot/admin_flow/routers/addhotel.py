"""/addhotel: the guided dialog over core.hotel_setup; one FSM state per question."""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.admin_flow import render
from bot.admin_flow.core import hotel_setup
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_setup import AREA, Step
from bot.admin_flow.core.replies import parse_data
from bot.admin_flow.states import AddHotel, state_for, step_of


def router() -> Router:
    r = Router(name="addhotel")
    r.message.register(addhotel_command, Command("addhotel"))
    r.message.register(answer_text, StateFilter(AddHotel), F.text, ~F.text.startswith("/"))
    r.callback_query.register(answer_button, StateFilter(AddHotel), F.data.startswith(f"{AREA}:"))
    return r


async def _follow(message: Message, state: FSMContext, step: Step) -> None:
    if step.state is None:
        await state.clear()
    else:
        await state.set_state(state_for(AddHotel, step.state))
        await state.set_data(step.data)
    await render.send(message, step.reply)


async def addhotel_command(
    message: Message, state: FSMContext, actor: Actor, ctx: AdminContext
) -> None:
    await _follow(message, state, await hotel_setup.start(ctx, actor))


async def answer_text(
    message: Message, state: FSMContext, actor: Actor, ctx: AdminContext
) -> None:
    step_name = step_of(await state.get_state(), AddHotel)
    assert step_name is not None  # the filter
    if step_name == "token":
        # The gateway token should not stay readable in the chat history.
        with contextlib.suppress(TelegramAPIError):
            await message.delete()
    step = await hotel_setup.answer(
        ctx, actor, step_name, message.text or "", await state.get_data()
    )
    await _follow(message, state, step)


async def answer_button(
    callback: CallbackQuery, state: FSMContext, actor: Actor, ctx: AdminContext
) -> None:
    """Buttons answer the question they were asked with ("say:<step>:<value>"), or retry
    or skip the live check; a button of an earlier question is stale."""
    step_name = step_of(await state.get_state(), AddHotel)
    _, action, args = parse_data(callback.data or "")
    data = await state.get_data()
    message = callback.message
    if not isinstance(message, Message) or step_name is None:
        await render.refuse(callback, ctx.t(actor, "admin.common.stale_button"))
        return
    if action == "say" and len(args) == 2 and args[0] == step_name:
        step = await hotel_setup.answer(ctx, actor, step_name, args[1], data)
    elif action == "retry" and step_name == "api_url":
        step = await hotel_setup.retry_check(ctx, actor, data)
    elif action == "skip" and step_name == "api_url":
        step = await hotel_setup.skip_check(ctx, actor, data)
    else:
        await render.refuse(callback, ctx.t(actor, "admin.common.stale_button"))
        return
    await callback.answer()
    await _follow(message, state, step)
