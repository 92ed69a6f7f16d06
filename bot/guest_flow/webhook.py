"""`POST /webhooks/whatsapp`: authenticate, persist, acknowledge. Nothing slow happens here.

Status codes are what Green API acts on: 200 removes the notification from its queue (so an
unknown kind or a duplicate still gets 200), anything else makes it retry the same
notification every minute, which is right only when we really refused it.
"""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web

from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.notifications import MalformedNotification, instance_of, parse

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


async def whatsapp_webhook(request: web.Request) -> web.Response:
    flow = request.app[flow_key]
    try:
        body = json.loads(await request.read())
        instance_id = instance_of(body)
    except (ValueError, UnicodeDecodeError, MalformedNotification) as exc:
        return _reject(flow, 400, "malformed", f"malformed notification: {exc}")
    hotel = await flow.directory.by_instance(instance_id)
    if hotel is None:
        return _reject(flow, 404, "unknown_instance", "unknown instance")
    if not bearer_matches(request.headers.get("Authorization"), hotel.webhook_token):
        log.warning("webhook for instance %s with a wrong or missing token", instance_id)
        return _reject(flow, 401, "unauthorized", "unauthorized")
    try:
        notification = parse(body)
    except MalformedNotification as exc:
        return _reject(flow, 400, "malformed", f"malformed notification: {exc}")
    fresh = await flow.ingest(hotel, notification)
    flow.metrics.webhooks.labels("accepted" if fresh else "duplicate").inc()
    return web.json_response({"ok": True})
