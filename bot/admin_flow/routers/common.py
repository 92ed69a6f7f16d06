"""/help, /lang, /cancel, and the answer to anything no other router understood."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.admin_flow.core.access import audit
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.menu import help_text, set_user_menu
from bot.store.models import Role, Staff


def router() -> Router:
    r = Router(name="common")
    r.message.register(help_command, Command("help"))
    r.message.register(lang_command, Command("lang"))
    r.message.register(cancel_command, Command("cancel"))
    r.message.register(unknown_message, F.chat.type == "private")
    r.callback_query.register(stale_button)
    return r


async def help_command(message: Message, actor: Actor, ctx: AdminContext) -> None:
    await message.answer(help_text(actor, ctx.i18n))


async def lang_command(
    message: Message, command: CommandObject, actor: Actor, ctx: AdminContext, bot: Bot
) -> None:
    choice = (command.args or "").strip().lower()
    if choice not in ctx.i18n.languages:
        await message.answer(
            ctx.t(actor, "admin.common.lang_usage", languages=", ".join(ctx.i18n.languages))
        )
        return
    before = actor.language
    await Staff.filter(telegram_id=actor.telegram_id).update(language=choice)
    if not await Staff.exists(telegram_id=actor.telegram_id):
        # A super admin (from SUPER_ADMIN_IDS) may have no row to keep the language in: this
        # one has no hotel, so it grants no role anywhere (actor.py); it holds the language.
        await Staff.create(
            telegram_id=actor.telegram_id, role=Role.SUPPORT, language=choice, name=actor.name
        )
    await audit(actor, "lang", before={"language": before}, after={"language": choice})
    updated = Actor(**{**actor.__dict__, "language": choice})
    await set_user_menu(bot, updated, ctx.i18n)
    await message.answer(ctx.t(updated, "admin.common.lang_set"))


async def cancel_command(
    message: Message, state: FSMContext, actor: Actor, ctx: AdminContext
) -> None:
    had_dialog = await state.get_state() is not None
    await state.clear()
    key = "admin.common.cancelled" if had_dialog else "admin.common.nothing_to_cancel"
    await message.answer(ctx.t(actor, key))


async def unknown_message(message: Message, actor: Actor, ctx: AdminContext) -> None:
    await message.answer(ctx.t(actor, "admin.common.unknown"))


async def stale_button(callback: CallbackQuery, actor: Actor, ctx: AdminContext) -> None:
    await callback.answer(ctx.t(actor, "admin.common.stale_button"), show_alert=True)
