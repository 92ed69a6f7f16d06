"""Admin area: numbers — /status, /stats, /audit and their buttons (refresh, period).

Thin: parse the Telegram input, call the core, render. The core re-checks the role for the
hotel a button names, so forged callback data gets "not allowed" like a typed command.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.audit_log import audit_press, audit_report
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import parse_data, parse_id
from bot.admin_flow.core.stats import stats_report
from bot.admin_flow.core.status import status_report
from bot.admin_flow.render import refuse, send, show


def router() -> Router:
    r = Router(name="numbers")
    r.message.register(status_command, Command("status"))
    r.message.register(stats_command, Command("stats"))
    r.message.register(audit_command, Command("audit"))
    r.callback_query.register(on_button, F.data.startswith("numbers:"))
    return r


async def status_command(message: Message, actor: Actor, ctx: AdminContext) -> None:
    await send(message, await status_report(ctx, actor))


async def stats_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await stats_report(ctx, actor, (command.args or "").split()))


async def audit_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await audit_report(ctx, actor, (command.args or "").split()))


async def on_button(callback: CallbackQuery, actor: Actor, ctx: AdminContext) -> None:
    """numbers:status (refresh), numbers:stats:<hotel or 0>:<period>, numbers:audit:<page>."""
    _, action, args = parse_data(callback.data or "")
    audit_page = await audit_press(ctx, actor, args) if action == "audit" else None
    if audit_page is not None:
        reply = audit_page
    elif action == "status":
        reply = await status_report(ctx, actor)
    elif action == "stats" and len(args) == 2 and parse_id(args[0], zero=True) is not None:
        hotel, period = args
        reply = await stats_report(ctx, actor, [period] if hotel == "0" else [hotel, period])
    else:
        await refuse(callback, ctx.t(actor, "admin.common.stale_button"))
        return
    # Pressing the period already shown, or refreshing within the same second, edits the
    # message into identical text, which Telegram rejects as "message is not modified".
    try:
        await show(callback, reply)
    except TelegramBadRequest as exc:
        if "not modified" not in str(exc):
            raise
