"""The aiohttp application: routes, security headers, and every background job's lifecycle.

`cleanup_ctx` order matters: the database first (everything needs it), then the HTTP clients
and the guest flow, then the background jobs that use them. aiohttp unwinds them in reverse, so
on SIGINT/SIGTERM the jobs stop first and the database closes last.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import aiohttp
import psutil
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

import bot
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.escalation import EscalationJob
from bot.admin_flow.core.staff_reply import FILES_DIR
from bot.admin_flow.whatsapp import staff_answer
from bot.backup.nightly import NightlyBackup, Outcome
from bot.backup.retention import RetentionJob
from bot.backup.store import ServerLocked, hold_server_lock
from bot.config import Settings
from bot.demo.seed import seed_demo
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.greenapi import GreenAPIClient
from bot.guest_flow.outbox import Transport
from bot.guest_flow.poller import Poller
from bot.guest_flow.webhook import flow_key, whatsapp_webhook
from bot.logs import register_secret
from bot.metrics import Metrics
from bot.reports.daily import DailyReports
from bot.scheduler import Scheduler
from bot.store import db
from bot.store.crypto import TokenCipher

if TYPE_CHECKING:  # aiogram and openai load only when their tokens are configured
    import openai

    from bot.admin_flow.telegram import TelegramSide

TELEGRAM_WEBHOOK_PATH = "/webhooks/telegram"

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass
class Runtime:
    """What the app owns while it runs; tests reach the same objects through `runtime_key`."""

    settings: Settings
    metrics: Metrics = field(default_factory=Metrics)
    started: float = field(default_factory=time.monotonic)
    http: aiohttp.ClientSession | None = None
    greenapi: GreenAPIClient | None = None
    flow: GuestFlow | None = None
    openai_client: openai.AsyncOpenAI | None = None
    transport: Transport | None = None  # None: the real Green API client
    poller: Poller | None = None
    admin: AdminContext | None = None
    telegram: TelegramSide | None = None
    # Daily jobs (reports, backups) register here before the workers start it.
    scheduler: Scheduler = field(default_factory=Scheduler)


runtime_key = web.AppKey("runtime", Runtime)


async def _on_prepare(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
    response.headers.pop("Server", None)


async def database_ctx(app: web.Application) -> AsyncIterator[None]:
    """The database, opened only under a shared hold of DATA_DIR/server.lock: a restore or
    import holds it exclusively, and a server that opened (and migrated) the database under
    it would write into the one being replaced, so it refuses to start (bot/backup/store.py)."""
    rt = app[runtime_key]
    try:
        lock = hold_server_lock(rt.settings.data_dir)
    except ServerLocked as exc:
        log.error("not starting: %s; start the server again when it has finished", exc)
        raise
    try:
        await db.init_db(rt.settings.db_url)
        if rt.settings.seed_demo:
            await seed_demo(
                TokenCipher(rt.settings.resolved_secret_key()), rt.settings.green_api_url
            )
        yield
        await db.close_db()
    finally:
        lock.release()


async def flow_ctx(app: web.Application) -> AsyncIterator[None]:
    rt = app[runtime_key]
    settings = rt.settings
    cipher = TokenCipher(settings.resolved_secret_key())
    ai = None
    if settings.openai_api_key is not None:
        import openai

        from bot.guest_flow.ai import AIAnswerer
        from bot.guest_flow.ai_breaker import Breaker, CallPool

        key = settings.openai_api_key.get_secret_value()
        register_secret(key)
        # No SDK retries: ours are bounded by the guest's deadline (AIAnswerer).
        rt.openai_client = openai.AsyncOpenAI(
            api_key=key,
            base_url=settings.openai_base_url,
            timeout=settings.ai_deadline_seconds,
            max_retries=0,
        )
        ai = AIAnswerer(
            rt.openai_client,
            settings.openai_model,
            breaker=Breaker(settings.ai_breaker_failures, settings.ai_probe_seconds, rt.metrics),
            pool=CallPool(settings.ai_concurrency, settings.ai_hotel_concurrency),
            metrics=rt.metrics,
            secret=settings.resolved_secret_key(),
            deadline=settings.ai_deadline_seconds,
            retries=settings.ai_retries,
        )
    rt.http = aiohttp.ClientSession()
    rt.greenapi = GreenAPIClient(
        rt.http, timeout=settings.greenapi_timeout, hosts=settings.gateway_hosts
    )
    rt.flow = GuestFlow(settings, cipher, rt.transport or rt.greenapi, rt.metrics, ai=ai)
    rt.admin = AdminContext(settings, rt.flow.i18n, rt.flow, rt.greenapi, cipher, ai=ai)
    rt.flow.brain.staff = functools.partial(staff_answer, rt.admin)
    if ai is not None:
        ai.breaker.listener = rt.flow.ai_state_changed
        if settings.openai_embeddings_model and rt.openai_client is not None:
            from bot.guest_flow.ai_embed import Embeddings

            embeddings = Embeddings(rt.openai_client, settings.openai_embeddings_model)
            rt.flow.brain.embeddings = embeddings
    app[flow_key] = rt.flow
    yield
    if rt.flow.brain.translator is not None:
        await rt.flow.brain.translator.close()
    if rt.flow.brain.embeddings is not None:
        await rt.flow.brain.embeddings.close()
    if rt.openai_client is not None:
        await rt.openai_client.close()
    await rt.http.close()


async def admin_ctx(app: web.Application) -> AsyncIterator[None]:
    """The Telegram admin bot, when a token is set; the server runs fine without it."""
    rt = app[runtime_key]
    assert rt.admin is not None
    if rt.settings.telegram_bot_token is None:
        log.info("admin bot is off: set TELEGRAM_BOT_TOKEN to turn it on")
        yield
        return
    register_secret(rt.settings.telegram_bot_token.get_secret_value())
    from bot.admin_flow.telegram import TelegramSide

    rt.telegram = await TelegramSide.start(rt.admin)
    yield
    await rt.telegram.stop()


async def telegram_webhook(request: web.Request) -> web.StreamResponse:
    side = request.app[runtime_key].telegram
    if side is None:
        raise web.HTTPNotFound()
    return await side.handle_webhook(request)


async def backup_notice(rt: Runtime, outcome: Outcome) -> None:
    """The nightly backup's notice to the super admins, through the admin bot when it runs."""
    if rt.telegram is None or rt.admin is None:
        if outcome.error is not None:
            log.error("nightly backup failed and no admin bot runs to say so: %s", outcome.error)
        return
    from bot.admin_flow.routers.backups import tell_super_admins

    await tell_super_admins(rt.admin, rt.telegram.bot, outcome)


async def workers_ctx(app: web.Application) -> AsyncIterator[None]:
    """Outbox sender, message recovery and polling, stopped before the database closes.

    The sender, the poller and each hotel's polling loop run under `flow.tasks` (the
    supervisor): one that raises is restarted with backoff instead of ending silently. The
    processor's per-chat tasks live only while a chat has messages and retry on their own.
    """
    rt = app[runtime_key]
    assert rt.flow is not None and rt.greenapi is not None
    flow = rt.flow
    # Before the sender: replies the last stop left `sending` are settled from the gateway's
    # journal, never resent blindly (the sender skips them and their chats meanwhile).
    flow.tasks.start("reconcile", flow.reconciler.run)
    flow.tasks.start("outbox", flow.outbox.run)
    flow.tasks.start("inbox-sweep", flow.sweep)
    rt.poller = Poller(flow, rt.greenapi, rt.settings.polling_receive_timeout, flow.tasks)
    flow.tasks.start("poller", rt.poller.run)
    rt.scheduler.add(NightlyBackup(rt.settings, functools.partial(backup_notice, rt)))
    rt.scheduler.add(RetentionJob(rt.settings.backup_time, rt.settings.data_dir / FILES_DIR))
    if rt.telegram is not None:
        # Each morning's report images (bot/reports/daily.py), sent through the admin bot.
        rt.scheduler.add(DailyReports(rt.settings, flow.i18n, rt.telegram.send_report))
    if rt.admin is not None:
        rt.scheduler.add(EscalationJob(rt.admin))  # handoffs nobody took (core/escalation.py)
    if rt.settings.scheduler_enabled:
        flow.tasks.start("scheduler", rt.scheduler.run)
    ai = flow.brain.ai
    if ai is not None:
        flow.tasks.start("ai_probe", functools.partial(ai.breaker.run, ai.probe))
    await flow.recover()
    yield
    await flow.tasks.stop("poller")
    await rt.poller.stop()
    await flow.processor.stop()
    await flow.outbox.stop()
    flow.reconciler.stop()
    await flow.tasks.stop_all()


async def health(request: web.Request) -> web.Response:
    """Each component's state. 503 with status "unavailable" when the database is down;
    503 with status "degraded" when a background task is failing (it failed at every one of its
    last restarts), so a plain uptime check notices a hotel that stopped receiving; status
    "degraded" with 200 while a task is restarting after a failure. Restarting the process
    rarely mends a failing task: the "tasks" component and the log say which one and why.
    The AI's component is its breaker's state and its recent calls' error rate and latency;
    "degraded" (200) while the breaker is open: guests are answered, from knowledge only."""
    rt = request.app[runtime_key]
    components: dict[str, object] = {}
    healthy = True
    degraded = failing = False
    if rt.flow is not None:
        problems = rt.flow.tasks.problems()
        failing = rt.flow.tasks.failing() > 0
        degraded = bool(problems)
        components["tasks"] = {
            "ok": not problems,
            "running": len(rt.flow.tasks.records()),
            "problems": {r.name: r.describe() for r in problems},
        }
    try:
        latency = await asyncio.wait_for(db.ping(), 3.0)
        components["database"] = {"ok": True, "latency_ms": round(latency, 2)}
    except Exception as exc:
        healthy = False
        components["database"] = {"ok": False, "error": type(exc).__name__}
    if healthy and rt.flow is not None:
        components["queues"] = await rt.flow.depths()
    ai = rt.flow.brain.ai if rt.flow is not None else None
    ai_component: dict[str, object] = {"configured": ai is not None}
    if ai is not None:
        ai_component.update(ai.breaker.health().as_json(), ok=ai.available)
        degraded = degraded or not ai.available
    components["ai"] = ai_component
    components["telegram"] = {
        "configured": rt.settings.telegram_bot_token is not None,
        "mode": "webhook" if rt.settings.telegram_webhook_url else "polling",
    }
    status = "unavailable" if not healthy else "degraded" if degraded else "ok"
    body = {
        "status": status,
        "version": bot.__version__,
        "uptime_seconds": round(time.monotonic() - rt.started, 1),
        "memory_mb": round(psutil.Process().memory_info().rss / 2**20, 1),
        "components": components,
    }
    return web.json_response(body, status=200 if healthy and not failing else 503)


async def metrics(request: web.Request) -> web.Response:
    rt = request.app[runtime_key]
    if rt.flow is not None:
        rt.flow.tasks.failing()  # sets the gauge
        with contextlib.suppress(Exception):
            await rt.flow.depths()
    return web.Response(
        body=generate_latest(rt.metrics.registry),
        headers={"Content-Type": CONTENT_TYPE_LATEST},
    )


def create_app(settings: Settings, *, transport: Transport | None = None) -> web.Application:
    """The same app `python main.py` serves; tests pass their own settings (and fakes' URLs)."""
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[runtime_key] = Runtime(
        settings=settings,
        transport=transport,
        scheduler=Scheduler(interval=settings.scheduler_interval),
    )
    app.on_response_prepare.append(_on_prepare)
    app.cleanup_ctx.extend([database_ctx, flow_ctx, admin_ctx, workers_ctx])
    app.router.add_post("/webhooks/whatsapp", whatsapp_webhook)
    if settings.telegram_webhook_url:
        app.router.add_post(TELEGRAM_WEBHOOK_PATH, telegram_webhook)
    app.router.add_get("/health", health)
    app.router.add_get("/metrics", metrics)
    return app
