"""Admin area: reports — /report, /reports and the report's buttons (periods, CSV).

Thin: parse the Telegram input, call the core, render. The core re-checks the role for the
hotel a button names, so forged callback data gets "not allowed" like a typed command.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import parse_data
from bot.admin_flow.core.reports import AREA, report_command, report_press, reports_setting
from bot.admin_flow.render import refuse, send, show


def router() -> Router:
    r = Router(name="reports")
    r.message.register(report_command_handler, Command("report"))
    r.message.register(reports_handler, Command("reports"))
    r.callback_query.register(on_button, F.data.startswith(f"{AREA}:"))
    return r


async def report_command_handler(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await report_command(ctx, actor, (command.args or "").split()))


async def reports_handler(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await reports_setting(ctx, actor, (command.args or "").split()))


async def on_button(callback: CallbackQuery, actor: Actor, ctx: AdminContext) -> None:
    _, action, args = parse_data(callback.data or "")
    reply = await report_press(ctx, actor, action, args)
    if reply is None:
        await refuse(callback, ctx.t(actor, "admin.common.stale_button"))
        return
    await show(callback, reply)
