"""Admin area: guests — /guest, /forget, /inbox, and answering a guest from Telegram: the
card's Take / Reply / Resolve, pressed in a private chat or in the hotel's group."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.admin_flow.core import guests, handling
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply, parse_data, parse_id
from bot.admin_flow.notifier import CardDesk
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
    reply = await guests.reply_to_guest(
        ctx,
        actor,
        int(data["conversation"]),
        message.text or "",
        in_group=message.chat.type != "private",
    )
    await send(message, reply)


async def on_card(
    callback: CallbackQuery,
    action: str,
    number: int,
    actor: Actor,
    ctx: AdminContext,
    cards: CardDesk | None,
) -> None:
    """Take / Resolve: the card is not replaced by the answer; the presser gets a short note
    (an alert when someone else holds the chat) and every copy of the card is edited."""
    press = handling.take if action == "take" else handling.resolve
    outcome = await press(ctx, actor, number)
    await callback.answer(outcome.text, show_alert=not outcome.changed)
    if outcome.changed and outcome.conversation_id is not None and cards is not None:
        await cards.refresh(outcome.conversation_id, outcome.resolved_by)


async def on_button(
    callback: CallbackQuery,
    state: FSMContext,
    actor: Actor,
    ctx: AdminContext,
    cards: CardDesk | None = None,
) -> None:
    area, action, args = parse_data(callback.data or "")
    try:
        number = parse_id(args[0]) if args else 0
        if number is None:
            raise ValueError(args[0])  # "out of date", as below
        reply: Reply
        if area == "conv" and action in ("take", "resolve"):
            await on_card(callback, action, number, actor, ctx, cards)
            return
        if (area, action) == ("conv", "reply"):
            # A new message, never an edit of the card: the card keeps its text and buttons.
            group = (
                isinstance(callback.message, Message) and callback.message.chat.type != "private"
            )
            reply = await guests.reply_prompt(ctx, actor, number, in_group=group)
            await state.set_state(ReplyToGuest.text)
            await state.update_data(conversation=number)
            await callback.answer()
            if isinstance(callback.message, Message):
                await send(callback.message, reply)
            return
        if (area, action) == ("guest", "forget"):
            reply = await guests.forget_guest(ctx, actor, number)
        elif (area, action) == ("guest", "keep"):
            reply = Reply(ctx.t(actor, "admin.guests.kept"))
        elif (area, action) == ("conv", "release"):
            # /inbox's "Back to the bot" is Resolve: the guest is told, the cards follow.
            outcome = await handling.resolve(ctx, actor, number)
            if outcome.changed and outcome.conversation_id is not None and cards is not None:
                await cards.refresh(outcome.conversation_id, outcome.resolved_by)
            reply = Reply(outcome.text)
        elif (area, action) == ("req", "done"):
            reply = await guests.request_done(ctx, actor, number)
        else:
            await refuse(callback, ctx.t(actor, "admin.common.stale_button"))
            return
    except (ValueError, IndexError):
        await refuse(callback, ctx.t(actor, "admin.common.stale_button"))
        return
    await show(callback, reply)
