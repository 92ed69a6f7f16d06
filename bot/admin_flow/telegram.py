"""The aiogram side: Bot, Dispatcher and the two ways updates arrive (polling or webhook)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import BufferedInputFile
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply
from bot.admin_flow.menu import set_default_menu
from bot.admin_flow.middleware import ActorMiddleware
from bot.admin_flow.notifier import CardDesk, Notifier
from bot.admin_flow.render import keyboard
from bot.admin_flow.routers import all_routers
from bot.config import Settings
from bot.limits import TELEGRAM_CAPTION
from bot.reports.daily import Blocked, NotSent
from bot.supervisor import Supervisor

log = logging.getLogger(__name__)
NOTIFIER_TASK = "staff-notifier"


def webhook_secret(settings: Settings) -> str:
    """Stable across restarts (derived from SECRET_KEY), in Telegram's allowed alphabet."""
    seed = f"telegram-webhook:{settings.resolved_secret_key()}".encode()
    return hashlib.sha256(seed).hexdigest()[:48]


def build_storage(settings: Settings) -> BaseStorage:
    if settings.redis_url:
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(settings.redis_url)
    return MemoryStorage()


def build_dispatcher(ctx: AdminContext, storage: BaseStorage) -> Dispatcher:
    dp = Dispatcher(storage=storage)
    actors = ActorMiddleware(ctx)
    dp.message.outer_middleware(actors)
    dp.callback_query.outer_middleware(actors)
    dp.include_routers(*all_routers())
    return dp


@dataclass
class TelegramSide:
    bot: Bot
    dp: Dispatcher
    webhook: SimpleRequestHandler | None = None
    polling: asyncio.Task[None] | None = None
    tasks: Supervisor | None = None  # keeps the staff notifier alive

    @classmethod
    async def start(cls, ctx: AdminContext) -> TelegramSide:
        settings = ctx.settings
        assert settings.telegram_bot_token is not None
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
        bot = Bot(settings.telegram_bot_token.get_secret_value(), session=session)
        side = cls(bot, build_dispatcher(ctx, build_storage(settings)))
        ctx.telegram_check = side.reachable
        try:
            await set_default_menu(bot, ctx.i18n)
        except TelegramAPIError as exc:
            log.warning("Telegram did not take the command menu: %s", exc)
        if settings.telegram_webhook_url:
            secret = webhook_secret(settings)
            side.webhook = SimpleRequestHandler(side.dp, bot, secret_token=secret)
            await side.dp.emit_startup(bot=bot)
            try:
                await bot.set_webhook(
                    settings.telegram_webhook_url,
                    secret_token=secret,
                    allowed_updates=side.dp.resolve_used_update_types(),
                )
            except TelegramAPIError as exc:
                log.error("Telegram refused the webhook URL: %s", exc)
            log.info("admin bot on: webhook mode")
        else:
            side.polling = asyncio.create_task(
                side.dp.start_polling(
                    bot, handle_signals=False, close_bot_session=False, polling_timeout=20
                ),
                name="telegram-polling",
            )
            log.info("admin bot on: long polling")
        side.tasks = ctx.flow.tasks
        desk = CardDesk(ctx, bot)
        side.dp["cards"] = desk  # handlers edit a conversation's cards after Take / Resolve
        side.tasks.start(NOTIFIER_TASK, Notifier(ctx, desk).run)
        return side

    async def reachable(self) -> bool:
        try:
            await self.bot.get_me()
        except (TimeoutError, TelegramAPIError, OSError):
            return False
        return True

    async def send_report(self, chat_id: int, reply: Reply) -> None:
        """A report image to a person, unasked (the daily report): Blocked on 403; NotSent when
        Telegram did not take it, saying whether it surely did not arrive (5xx, 429, no
        connection) or may have (a timeout after the upload)."""
        assert reply.photo is not None
        try:
            await self.bot.send_photo(
                chat_id,
                BufferedInputFile(reply.photo, filename="report.png"),
                caption=reply.text[:TELEGRAM_CAPTION],
                reply_markup=keyboard(reply),
            )
        except TelegramForbiddenError as exc:
            raise Blocked(exc.message) from exc
        except (TelegramServerError, TelegramRetryAfter) as exc:
            raise NotSent(f"{type(exc).__name__}: {exc.message}", undelivered=True) from exc
        except TelegramNetworkError as exc:
            timeout = "timeout" in exc.message.lower()
            raise NotSent(f"{type(exc).__name__}: {exc.message}", undelivered=not timeout) from exc

    async def handle_webhook(self, request: web.Request) -> web.StreamResponse:
        if self.webhook is None:
            raise web.HTTPNotFound()
        return await self.webhook.handle(request)

    async def stop(self) -> None:
        if self.tasks is not None:
            await self.tasks.stop(NOTIFIER_TASK)
        if self.polling is not None:
            with contextlib.suppress(RuntimeError):  # polling had not started yet
                await self.dp.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await self.polling
        if self.webhook is not None:
            await self.dp.emit_shutdown(bot=self.bot)
        await self.dp.storage.close()
        await self.bot.session.close()
