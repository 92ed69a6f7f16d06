"""Admin area: where cards go — /bindgroup, /unbindgroup (in the group), /notify, and /bot off|on
(every guest message a card)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.admin_flow.core import bot_pause, routing, staff_group
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.render import send


def router() -> Router:
    r = Router(name="staff_group")
    r.message.register(bind_command, Command("bindgroup"))
    r.message.register(unbind_command, Command("unbindgroup"))
    r.message.register(notify_command, Command("notify"))
    r.message.register(bot_command, Command("bot"))
    return r


async def bind_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    chat = message.chat
    reply = await staff_group.bind_group(
        ctx, actor, chat.id, chat.type, bool(chat.is_forum), command.args or ""
    )
    await send(message, reply)


async def unbind_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    chat = message.chat
    reply = await staff_group.unbind_group(ctx, actor, chat.id, chat.type, command.args or "")
    await send(message, reply)


async def notify_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await routing.set_notify(ctx, actor, command.args or ""))


async def bot_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await bot_pause.bot_command(ctx, actor, command.args or ""))
