"""Admin area: backups — /backup, /backups and its send buttons; nightly notices to super admins.

The backup file is sent from disk (`FSInputFile`), never read whole into memory here.
"""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, FSInputFile, Message

from bot.admin_flow.core import backups
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import parse_data
from bot.admin_flow.render import refuse, send
from bot.backup.nightly import Outcome
from bot.limits import TELEGRAM_CAPTION, TELEGRAM_TEXT

log = logging.getLogger(__name__)


def router() -> Router:
    r = Router(name="backups")
    r.message.register(backup_command, Command("backup"))
    r.message.register(backups_command, Command("backups"))
    r.callback_query.register(on_button, F.data.startswith("bkp:"))
    return r


async def deliver(message: Message, answer: backups.BackupAnswer) -> None:
    if answer.file is None:
        await send(message, answer.reply)
        return
    await message.answer_document(
        FSInputFile(answer.file, filename=answer.file.name),
        caption=answer.reply.text[:TELEGRAM_CAPTION],
    )


async def backup_command(message: Message, actor: Actor, ctx: AdminContext) -> None:
    await message.answer(await backups.begin(ctx, actor))
    await deliver(message, await backups.backup_now(ctx, actor))


async def backups_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext
) -> None:
    await send(message, await backups.list_backups(ctx, actor, command.args or ""))


async def on_button(callback: CallbackQuery, actor: Actor, ctx: AdminContext) -> None:
    _, action, args = parse_data(callback.data or "")
    if action != "send" or len(args) != 1 or not isinstance(callback.message, Message):
        await refuse(callback, ctx.t(actor, "admin.common.stale_button"))
        return
    answer = await backups.send_stored(ctx, actor, args[0])
    await callback.answer()
    await deliver(callback.message, answer)


async def tell_super_admins(ctx: AdminContext, bot: Bot, outcome: Outcome) -> None:
    """The nightly backup's notice, in each super admin's language."""
    for telegram_id, lang in await backups.super_admins(ctx):
        try:
            await bot.send_message(
                telegram_id, backups.nightly_text(ctx, lang, outcome)[:TELEGRAM_TEXT]
            )
        except TelegramAPIError as exc:
            log.warning("could not tell super admin %s about the backup: %s", telegram_id, exc)
