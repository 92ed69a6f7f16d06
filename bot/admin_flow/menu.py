"""The command menu: one table, filtered by role for /help and for Telegram's menu button."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.admin_flow.core.access import Permission, allowed
from bot.admin_flow.core.actor import Actor
from bot.i18n import I18n

log = logging.getLogger(__name__)

# (command, permission needed or None for everyone known); order is the menu's order.
COMMANDS: tuple[tuple[str, Permission | None], ...] = (
    ("status", Permission.STATUS),
    ("stats", Permission.STATS),
    ("report", Permission.REPORT),
    ("reports", Permission.REPORT),
    ("inbox", Permission.INBOX),
    ("unanswered", Permission.INBOX),
    ("hotels", Permission.HOTEL_VIEW),
    ("hotel", Permission.HOTEL_VIEW),
    ("addhotel", Permission.HOTEL_ADD),
    ("guest", Permission.GUEST_VIEW),
    ("forget", Permission.GUEST_FORGET),
    ("bindgroup", Permission.HOTEL_EDIT),
    ("unbindgroup", Permission.HOTEL_EDIT),
    ("notify", Permission.HOTEL_ADD),
    ("bot", Permission.HOTEL_EDIT),
    ("staff", Permission.STAFF_MANAGE),
    ("invite", Permission.INVITE),
    ("invites", Permission.INVITE),
    ("audit", Permission.AUDIT),
    ("backup", Permission.BACKUP),
    ("backups", Permission.BACKUP),
    ("lang", None),
    ("help", None),
    ("cancel", None),
)
PUBLIC = ("start", "help", "lang")
# Commands whose answer shows guests, staff, invites or the audit trail: in a group chat they
# are answered to the person privately (middleware.py), never to the group.
# What may be answered in a group: everything else shows a hotel's data or changes it, so its
# answer goes to the sender's private chat (bot/admin_flow/middleware.py).
# /cancel too: a Reply pressed under a card in the group is ended where it was begun.
GROUP_COMMANDS = frozenset({"help", "cancel", "bindgroup", "unbindgroup"})


def commands_for(actor: Actor) -> list[str]:
    return [name for name, perm in COMMANDS if perm is None or allowed(actor, perm)]


def help_text(actor: Actor, i18n: I18n) -> str:
    lang = i18n.pick(actor.language)
    lines = [i18n.t("admin.help.title", lang)]
    lines += [f"/{name} — {i18n.t(f'admin.help.{name}', lang)}" for name in commands_for(actor)]
    return "\n".join(lines)


def _bot_commands(names: list[str], i18n: I18n, lang: str) -> list[BotCommand]:
    return [BotCommand(command=n, description=i18n.t(f"admin.help.{n}", lang)) for n in names]


async def set_default_menu(bot: Bot, i18n: I18n) -> None:
    """What a stranger sees: just enough to open an invite and ask for help."""
    for lang in i18n.languages:
        await bot.set_my_commands(
            _bot_commands(list(PUBLIC), i18n, lang),
            scope=BotCommandScopeDefault(),
            language_code=None if lang == "en" else lang,
        )


async def set_user_menu(bot: Bot, actor: Actor, i18n: I18n) -> None:
    """The menu of this user's role, in their language, in their private chat."""
    if actor.telegram_id is None or not actor.known:
        return
    lang = i18n.pick(actor.language)
    try:
        await bot.set_my_commands(
            _bot_commands(commands_for(actor), i18n, lang),
            scope=BotCommandScopeChat(chat_id=actor.telegram_id),
        )
    except TelegramAPIError as exc:
        log.warning("could not set the command menu for %s: %s", actor.key, exc)
