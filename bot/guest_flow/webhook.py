"""`POST /webhooks/whatsapp`: authenticate, persist, acknowledge. Nothing slow happens here.

Status codes are what Green API acts on: 200 removes the notification from its queue (so an
unknown kind or a duplicate still gets 200), anything else makes it retry the same
notification every minute, which is right only when we really refused it. So a stranger's
broken body gets 400 and one short log line (no traceback: anyone can send them), while an
authenticated notification we cannot process is set aside (kept raw for a person) and gets 200;
only when even that fails (the database is down) does the gateway get 503, and retries.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiohttp import web

from bot import limits
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.notifications import (
    MalformedNotification,
    instance_of,
    parse,
    within_depth,
)
from bot.store.hotels import HotelAccess

log = logging.getLogger(__name__)
flow_key = web.AppKey("guest_flow", GuestFlow)


def bearer_matches(header: str | None, token: str) -> bool:
    """Green API sends its `webhookUrlToken` setting as the Authorization header. We set that
    setting to "Bearer <token>"; whether the gateway adds "Bearer " of its own is not
    documented (its Java receiver strips one), so "<token>", "Bearer <token>" and
    "Bearer Bearer <token>" all carry the same token. The token itself must match exactly."""
    if not header:
        return False
    given = header.strip()
    for _ in range(2):
        scheme, _, rest = given.partition(" ")
        if scheme.lower() != "bearer":
            break
        given = rest.strip()
    return hmac.compare_digest(given.encode(), token.encode())


def _reject(flow: GuestFlow, status: int, outcome: str, reason: str) -> web.Response:
    flow.metrics.webhooks.labels(outcome).inc()
    return web.json_response({"ok": False, "error": reason}, status=status)


def _malformed(flow: GuestFlow, reason: str) -> web.Response:
    log.info("webhook refused: malformed notification (%s)", reason)
    return _reject(flow, 400, "malformed", f"malformed notification: {reason}")


async def _set_aside(
    flow: GuestFlow, hotel: HotelAccess, body: Any, exc: Exception
) -> web.Response:
    try:
        await flow.set_aside(hotel.hotel_id, "webhook", body, exc)
    except Exception as failure:
        log.error("hotel %s: could not set a notification aside (%s)", hotel.hotel_id, failure)
        return _reject(flow, 503, "unavailable", "try again later")
    flow.metrics.webhooks.labels("set_aside").inc()
    return web.json_response({"ok": True, "set_aside": True})


async def whatsapp_webhook(request: web.Request) -> web.Response:
    flow = request.app[flow_key]
    try:
        body = json.loads(await request.read())
    except RecursionError:
        return _malformed(flow, "nested too deeply")
    except ValueError as exc:  # UnicodeDecodeError included
        return _malformed(flow, f"not JSON ({type(exc).__name__})")
    if not within_depth(body, limits.WEBHOOK_JSON_DEPTH):
        return _malformed(flow, "nested too deeply")
    try:
        instance_id = instance_of(body)
    except MalformedNotification as exc:
        return _malformed(flow, str(exc))
    hotel = await flow.directory.by_instance(instance_id)
    if hotel is None:
        return _reject(flow, 404, "unknown_instance", "unknown instance")
    if not bearer_matches(request.headers.get("Authorization"), hotel.webhook_token):
        log.warning("webhook for instance %s with a wrong or missing token", instance_id)
        return _reject(flow, 401, "unauthorized", "unauthorized")
    try:
        fresh = await flow.ingest(hotel, parse(body))
    except Exception as exc:  # authenticated: retrying the same body cannot help
        return await _set_aside(flow, hotel, body, exc)
    flow.metrics.webhooks.labels("accepted" if fresh else "duplicate").inc()
    return web.json_response({"ok": True})
