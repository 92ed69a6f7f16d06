"""Access in Telegram: /start (and invite deep links), /invite, /invites, /staff and buttons.

A thin adapter over core.staff: it parses the update and does the Telegram-only part of a
change — rebuilding the affected user's menu. Refusals (NotAllowed) are answered by
render.refusals, as in every area.
"""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import BotCommandScopeChat, CallbackQuery, Message

from bot.admin_flow.core import staff as core
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply, parse_data
from bot.admin_flow.menu import help_text, set_user_menu
from bot.admin_flow.middleware import StrangerGate
from bot.admin_flow.render import refuse, send, show


def router() -> Router:
    r = Router(name="staff")
    r.message.register(invite_link_opened, CommandStart(deep_link=True))
    r.message.register(start_command, CommandStart(deep_link=False))
    r.message.register(invite_command, Command("invite"))
    r.message.register(invites_command, Command("invites"))
    r.message.register(staff_command, Command("staff"))
    r.callback_query.register(staff_button, F.data.startswith(f"{core.AREA}:"))
    r.callback_query.register(invites_button, F.data.startswith(f"{core.INVITES_AREA}:"))
    return r


async def refresh_menu(bot: Bot, ctx: AdminContext, telegram_id: int, language: str) -> Actor:
    """Give a user the menu of their role now; someone who lost every role loses their menu.

    `language` is used only when their staff rows keep none (the changer's: same hotel).
    """
    actor = await core.resolve_telegram(ctx, telegram_id, language)
    if actor.known:
        await set_user_menu(bot, actor, ctx.i18n)
        return actor
    # They never opened the bot, or blocked it: the default menu applies anyway.
    with contextlib.suppress(TelegramAPIError):
        await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=telegram_id))
    return actor


async def start_command(message: Message, actor: Actor, ctx: AdminContext, bot: Bot) -> None:
    # The middleware lets only known users reach a plain /start.
    await set_user_menu(bot, actor, ctx.i18n)
    await send(message, await core.welcome(ctx, actor, help_text(actor, ctx.i18n)))


async def invite_link_opened(
    message: Message,
    command: CommandObject,
    actor: Actor,
    ctx: AdminContext,
    bot: Bot,
    strangers: StrangerGate,
) -> None:
    outcome = await core.redeem_invite(ctx, actor, (command.args or "").strip())
    # A Telegram actor always has its id; `or 0` only satisfies the type.
    if outcome.refused and not actor.known and not strangers.first(actor.telegram_id or 0):
        return  # a stranger trying codes hears one refusal, then silence
    reply = outcome.reply
    if outcome.refresh is not None:
        updated = await refresh_menu(bot, ctx, outcome.refresh, actor.language)
        if outcome.greet:
            reply = Reply(f"{reply.text}\n\n{help_text(updated, ctx.i18n)}", reply.buttons)
    await send(message, reply)


async def invite_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext, bot: Bot
) -> None:
    me = await bot.me()
    reply = await core.create_invite(ctx, actor, command.args, me.username or str(me.id))
    await send(message, reply)


async def invites_command(message: Message, actor: Actor, ctx: AdminContext) -> None:
    await send(message, await core.invites_list(ctx, actor))


async def invites_button(callback: CallbackQuery, actor: Actor, ctx: AdminContext) -> None:
    _, action, args = parse_data(callback.data or "")
    outcome = await core.invites_press(ctx, actor, action, args)
    if outcome.alert:
        await refuse(callback, outcome.reply.text)
        return
    await show(callback, outcome.reply)


async def staff_command(message: Message, actor: Actor, ctx: AdminContext) -> None:
    await send(message, await core.staff_list(ctx, actor))


async def staff_button(callback: CallbackQuery, actor: Actor, ctx: AdminContext, bot: Bot) -> None:
    _, action, args = parse_data(callback.data or "")
    outcome = await core.press(ctx, actor, action, args)
    if outcome.alert:
        await refuse(callback, outcome.reply.text)
        return
    if outcome.refresh is not None:
        await refresh_menu(bot, ctx, outcome.refresh, actor.language)
    await show(callback, outcome.reply)
