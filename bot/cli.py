"""The command line (`python main.py ...`); its commands and flags are a stable interface."""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import logging
import os
import secrets
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.admin_flow.core import knowledge_try
from bot.config import Settings
from bot.demo.seed import seed_demo
from bot.gateway_hosts import check_gateway_url
from bot.guest_flow import knowledge_check
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.knowledge import (
    InvalidKnowledge,
    import_entries,
    import_warnings,
    load_file,
)
from bot.guest_flow.notifications import parse
from bot.i18n import I18n, Refusal
from bot.limits import TRY_QUESTION
from bot.logs import mask, setup_logging
from bot.metrics import Metrics
from bot.reports.command import add_parser as report_parser
from bot.reports.command import cmd_report
from bot.store import db
from bot.store.crypto import TokenCipher
from bot.store.hotels import HotelAccess, Instance, check_languages, create_hotel
from bot.store.models import Conversation, ConversationState, Guest, Hotel, ReceiveMode


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python main.py", description="hotel-boost")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help="run the server (the default)")
    sub.add_parser("migrate", help="bring the database schema up to date")

    hotel = sub.add_parser("hotel", help="provision hotels").add_subparsers(dest="action")
    add = hotel.add_parser("add", help="add a hotel")
    add.add_argument("--name", required=True)
    add.add_argument("--instance", required=True, type=int, help="Green API idInstance")
    add.add_argument("--token", required=True, help="Green API apiTokenInstance")
    add.add_argument(
        "--api-url", help="the instance's apiUrl (default: GREEN_API_URL; within GREEN_API_HOSTS)"
    )
    add.add_argument("--webhook-token", help="default: a fresh random token")
    add.add_argument("--receive", choices=["webhook", "polling"])
    add.add_argument("--timezone", default="UTC")
    add.add_argument("--languages", default="en,ru")
    add.add_argument("--hours", help="operating hours, HH:MM-HH:MM")
    hotel.add_parser("list", help="list hotels")

    knowledge = sub.add_parser("knowledge", help="hotel knowledge").add_subparsers(dest="action")
    imp = knowledge.add_parser("import", help="import YAML or JSON entries")
    imp.add_argument("--hotel", required=True, type=int)
    imp.add_argument("file", type=Path)
    try_ = knowledge.add_parser("try", help="what the bot would answer to a question, and why")
    try_.add_argument("--hotel", required=True, type=int)
    try_.add_argument("question")

    chat = sub.add_parser("chat", help="talk to a hotel as a guest, in this terminal")
    chat.add_argument("--hotel", type=int)
    chat.add_argument("--lang")
    report_parser(sub)

    sub.add_parser("backup", help="make an encrypted, verified backup under DATA_DIR/backups")
    restore = sub.add_parser("restore", help="restore a backup (checks it, saves a copy first)")
    restore.add_argument("--check", action="store_true", help="only verify it, say what it holds")
    restore.add_argument("file", type=Path)
    export = sub.add_parser("export", help="write every table to FILE (portable, encrypted)")
    export.add_argument("file", type=Path)
    load = sub.add_parser("import", help="load an export into this database")
    load.add_argument("file", type=Path)
    load.add_argument("--replace", action="store_true", help="replace the data it holds")
    return parser


def out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def err(text: str) -> None:
    """Errors go to stderr, so scripts reading a command's output never mistake one for data."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


async def _with_db(settings: Settings) -> None:
    await db.init_db(settings.db_url)


async def cmd_hotel_add(settings: Settings, i18n: I18n, args: argparse.Namespace) -> int:
    lang = i18n.pick(settings.cli_language)
    await _with_db(settings)
    try:
        mode = args.receive or ("webhook" if settings.public_url else "polling")
        api_url = check_gateway_url(args.api_url or settings.green_api_url, settings.gateway_hosts)
        hotel, webhook_token = await create_hotel(
            TokenCipher(settings.resolved_secret_key()),
            name=args.name,
            instance_id=args.instance,
            token=args.token,
            api_url=api_url,
            webhook_token=args.webhook_token,
            receive_mode=ReceiveMode(mode),
            timezone=args.timezone,
            languages=check_languages(args.languages),
            hours=args.hours,
        )
    except Refusal as exc:
        err(i18n.t("cli.error", lang, error=i18n.refusal(exc, lang)))
        return 2
    finally:
        await db.close_db()
    base = (settings.public_url or "").rstrip("/")
    out(
        i18n.t(
            "cli.hotel_added",
            lang,
            id=hotel.id,
            name=hotel.name,
            instance=hotel.instance_id,
            mode=mode,
        )
    )
    if mode == "polling":
        out(i18n.t("cli.polling_note", lang))
    else:
        out(i18n.t("cli.webhook_url", lang, url=f"{base}/webhooks/whatsapp"))
        if not base:
            out(i18n.t("cli.webhook_hint", lang))
    out(i18n.t("cli.webhook_token", lang, token=webhook_token))
    return 0


async def cmd_hotel_list(settings: Settings, i18n: I18n) -> int:
    await _with_db(settings)
    try:
        hotels = await Hotel.all().order_by("id")
    finally:
        await db.close_db()
    lang = i18n.pick(settings.cli_language)
    if not hotels:
        out(i18n.t("cli.no_hotels", lang))
    for h in hotels:
        out(
            i18n.t(
                "cli.hotel_line",
                lang,
                id=h.id,
                name=h.name,
                instance=h.instance_id,
                mode=h.receive_mode.value,
                timezone=h.timezone,
                hours=f"{h.hours_open}-{h.hours_close}"
                if h.hours_open
                else i18n.t("cli.all_day", lang),
                languages=h.languages,
                state=h.wa_state or "?",
                disabled="" if h.enabled else i18n.t("cli.disabled", lang),
            )
        )
    return 0


async def cmd_knowledge_import(settings: Settings, i18n: I18n, args: argparse.Namespace) -> int:
    lang = i18n.pick(settings.cli_language)
    try:
        items = load_file(args.file)
    except InvalidKnowledge as exc:
        err(i18n.t("cli.error", lang, error=i18n.refusal(exc, lang)))
        return 2
    await _with_db(settings)
    try:
        if not await Hotel.exists(id=args.hotel):
            err(
                i18n.t(
                    "cli.error",
                    lang,
                    error=i18n.refusal(Refusal("no_hotel", hotel=args.hotel), lang),
                )
            )
            return 2
        count, replaced = await import_entries(args.hotel, items)
        warnings = await import_warnings(args.hotel, [item.topic for item in items])
    finally:
        await db.close_db()
    out(i18n.t("cli.knowledge_imported", lang, count=count, hotel=args.hotel, replaced=replaced))

    def say(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    if warnings:
        out(knowledge_check.render(warnings, say))
    return 0


async def cmd_knowledge_try(settings: Settings, i18n: I18n, args: argparse.Namespace) -> int:
    """What the bot would do with a guest's question, and why (`core.knowledge_try`)."""
    lang = i18n.pick(settings.cli_language)
    question = args.question.strip()
    if not question or len(question) > TRY_QUESTION:
        why = (
            i18n.t("admin.hotels.try.too_long", lang, limit=TRY_QUESTION)
            if question
            else i18n.t("admin.hotels.invalid.empty", lang)
        )
        err(i18n.t("cli.error", lang, error=why))
        return 2
    await _with_db(settings)
    try:
        row = await Hotel.get_or_none(id=args.hotel)
        if row is None:
            refusal = i18n.refusal(Refusal("no_hotel", hotel=args.hotel), lang)
            err(i18n.t("cli.error", lang, error=refusal))
            return 2
        flow = GuestFlow(
            settings,
            TokenCipher(settings.resolved_secret_key()),
            ConsoleTransport(""),
            Metrics(),
            i18n=i18n,
        )
        result = await knowledge_try.trial(flow.brain, flow.directory.access(row), question)
    finally:
        await db.close_db()

    def say(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    out(knowledge_try.render(result, say))
    return 0


class ConsoleTransport:
    """Delivers the outbox to this terminal instead of WhatsApp."""

    def __init__(self, label: str) -> None:
        self._label = label

    async def send_message(self, instance: Instance, chat_id: str, message: str) -> str:
        out(f"{self._label}> {message}")
        return uuid.uuid4().hex[:20].upper()

    async def send_file_by_upload(
        self,
        instance: Instance,
        chat_id: str,
        content: bytes,
        file_name: str,
        caption: str | None = None,
    ) -> str:
        out(f"{self._label}> [{file_name}, {len(content)} bytes] {caption or ''}".rstrip())
        return uuid.uuid4().hex[:20].upper()


def text_notification(hotel: HotelAccess, chat_id: str, text: str) -> dict[str, Any]:
    """The body Green API would post for this text, so the terminal takes WhatsApp's path."""
    return {
        "typeWebhook": "incomingMessageReceived",
        "instanceData": {
            "idInstance": hotel.instance.id,
            "wid": hotel.wid or "",
            "typeInstance": "whatsapp",
        },
        "timestamp": int(time.time()),
        "idMessage": uuid.uuid4().hex[:20].upper(),
        "senderData": {"chatId": chat_id, "sender": chat_id, "senderName": "Terminal guest"},
        "messageData": {"typeMessage": "textMessage", "textMessageData": {"textMessage": text}},
    }


async def cmd_chat(settings: Settings, i18n: I18n, args: argparse.Namespace) -> int:
    lang = i18n.pick(args.lang, settings.cli_language)
    await _with_db(settings)
    cipher = TokenCipher(settings.resolved_secret_key())
    if args.hotel is None:
        await seed_demo(cipher, settings.green_api_url)
    hotel_row = await (Hotel.get_or_none(id=args.hotel) if args.hotel else Hotel.first())
    if hotel_row is None:
        err(
            i18n.t(
                "cli.error", lang, error=i18n.refusal(Refusal("no_hotel", hotel=args.hotel), lang)
            )
        )
        await db.close_db()
        return 2
    flow = GuestFlow(
        settings, cipher, ConsoleTransport(i18n.t("cli.chat_bot", lang)), Metrics(), i18n=i18n
    )
    hotel = flow.directory.access(hotel_row)
    chat_id = f"{secrets.randbelow(10**10) + 10**10}@c.us"
    out(i18n.t("cli.chat_intro", lang, hotel=hotel.name, chat=chat_id))
    if args.lang:
        await Guest.create(hotel_id=hotel.hotel_id, chat_id=chat_id, language=args.lang)
    try:
        while True:
            try:
                line = await asyncio.to_thread(input, "you> ")
            except EOFError:
                break
            if line.strip() in ("/quit", "/exit"):
                break
            if not line.strip():
                continue
            await flow.ingest(hotel, parse(text_notification(hotel, chat_id, line)))
            await flow.processor.drain()
            await flow.outbox.flush()
            conversation = await Conversation.get_or_none(
                hotel_id=hotel.hotel_id, guest__chat_id=chat_id
            )
            if conversation and conversation.state == ConversationState.HUMAN:
                out(i18n.t("cli.chat_staff_note", lang))
    finally:
        await flow.processor.stop()
        await flow.outbox.stop()
        await db.close_db()
    return 0


async def cmd_migrate(settings: Settings, i18n: I18n) -> int:
    await db.migrate(settings.db_url)
    url = settings.db_url
    shown = url if "@" not in url else url.split("://")[0] + "://" + mask(url.split("@")[0]) + "@…"
    out(i18n.t("cli.migrated", i18n.pick(settings.cli_language), url=shown))
    return 0


def event_loop() -> asyncio.AbstractEventLoop:
    """uvloop where it is installed (everywhere but Windows), else asyncio's own loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    loop: asyncio.AbstractEventLoop = uvloop.new_event_loop()
    return loop


# glibc's mallopt parameter for the number of malloc arenas (malloc.h: M_ARENA_MAX).
_M_ARENA_MAX = -8
MALLOC_ARENAS = 2


def limit_malloc_arenas() -> bool:
    """Two malloc arenas instead of glibc's eight per core.

    glibc gives each thread that allocates an arena of its own, and memory freed in one is
    not reused by another: the index builds, database and report threads left 6-10 MB of
    the 10-hotel benchmark's peak in half-empty arenas (159 MB against 149 with two). Only on
    glibc, before any thread starts, and never over a MALLOC_ARENA_MAX the operator set.
    """
    if sys.platform != "linux" or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl, for one): nothing to tune
    return bool(mallopt(_M_ARENA_MAX, MALLOC_ARENAS))


def serve(settings: Settings) -> int:
    limit_malloc_arenas()
    from bot.app import create_app  # the server's stack (aiogram, openai) only when serving

    log = logging.getLogger("bot")
    loop = event_loop()
    log.info(
        "serving on http://%s:%s (database %s, event loop %s)",
        settings.host,
        settings.port,
        settings.db_url.split("://")[0],
        type(loop).__module__.split(".")[0],
    )
    from bot.backup.store import ServerLocked

    try:
        web.run_app(
            create_app(settings),
            loop=loop,
            host=settings.host,
            port=settings.port,
            shutdown_timeout=10.0,
            print=None,
            access_log=None,
        )
    except ServerLocked:
        return 3  # already logged: a restore or import holds DATA_DIR/server.lock
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    setup_logging(settings.log_level)
    i18n = I18n()
    command = args.command or "serve"
    if command == "serve":
        return serve(settings)
    if command == "migrate":
        return asyncio.run(cmd_migrate(settings, i18n))
    if command == "hotel":
        if args.action == "add":
            return asyncio.run(cmd_hotel_add(settings, i18n, args))
        return asyncio.run(cmd_hotel_list(settings, i18n))
    if command == "knowledge" and args.action == "try":
        logging.getLogger().setLevel(logging.WARNING)
        return asyncio.run(cmd_knowledge_try(settings, i18n, args))
    if command == "knowledge":
        return asyncio.run(cmd_knowledge_import(settings, i18n, args))
    if command == "chat":
        logging.getLogger().setLevel(logging.WARNING)
        return asyncio.run(cmd_chat(settings, i18n, args))
    if command == "report":
        return asyncio.run(cmd_report(settings, i18n, args, out, err))
    if command in ("backup", "restore", "export", "import"):
        from bot.backup.commands import run_backup_command  # the backup stack only when asked

        return asyncio.run(run_backup_command(settings, i18n, command, args))
    return 2
