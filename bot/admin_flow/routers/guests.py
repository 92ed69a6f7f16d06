"""Admin area: guests — /guest, /forget, /inbox, and answering a guest from Telegram."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.admin_flow.core import guests
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply, parse_data, parse_id
from bot.admin_flow.render import refuse, send, show


class ReplyToGuest(StatesGroup):
    text = State()


def router() -> Router:
    r = Router(name="guests")
    r.message.register(guest_command, Command("guest"))
    r.message.register(forget_command, Command("forget"))
    r.message.register(inbox_command, Command("inbox"))
    r.message.register(reply_text, ReplyToGuest.text, F.text, ~F.text.startswith("/"))
    r.callback_query.register(on_button, F.data.regexp(r"^(guest|conv|req):"))
    return r


async def guest_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await guests.guest_card(ctx, actor, command.args or ""))


async def forget_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await guests.forget_prompt(ctx, actor, command.args or ""))


async def inbox_command(message: Message, actor: Actor, ctx: AdminContext) -> None:
    await send(message, await guests.inbox(ctx, actor))


async def reply_text(message: Message, state: FSMContext, actor: Actor, ctx: AdminContext) -> None:
    data = await state.get_data()
    await state.clear()
    reply = await guests.reply_to_guest(ctx, actor, int(data["conversation"]), message.text or "")
    await send(message, reply)


async def on_button(
    callback: CallbackQuery, state: FSMContext, actor: Actor, ctx: AdminContext
) -> None:
    area, action, args = parse_data(callback.data or "")
    try:
        number = parse_id(args[0]) if args else 0
        if number is None:
            raise ValueError(args[0])  # "out of date", as below
        reply: Reply
        if (area, action) == ("guest", "forget"):
            reply = await guests.forget_guest(ctx, actor, number)
        elif (area, action) == ("guest", "keep"):
            reply = Reply(ctx.t(actor, "admin.guests.kept"))
        elif (area, action) == ("conv", "reply"):
            reply = await guests.reply_prompt(ctx, actor, number)
            await state.set_state(ReplyToGuest.text)
            await state.update_data(conversation=number)
        elif (area, action) == ("conv", "release"):
            reply = await guests.release(ctx, actor, number)
        elif (area, action) == ("req", "done"):
            reply = await guests.request_done(ctx, actor, number)
        else:
            await refuse(callback, ctx.t(actor, "admin.common.stale_button"))
            return
    except (ValueError, IndexError):
        await refuse(callback, ctx.t(actor, "admin.common.stale_button"))
        return
    await show(callback, reply)
