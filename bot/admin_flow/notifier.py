"""Delivers the guest flow's events (handoffs, requests, failures) to staff in Telegram.

Events are rows written in the same transaction as the guest's answer, so a restart loses
none; an event is marked delivered only after Telegram took it for at least one recipient, or
when nobody could ever receive it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from tortoise import timezone

from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Button, Reply
from bot.admin_flow.render import keyboard
from bot.limits import TELEGRAM_TEXT
from bot.store.models import Conversation, Event, Hotel, Role, Staff

log = logging.getLogger(__name__)
BATCH = 50
IDLE_SECONDS = 2.0
EVENT_ATTEMPTS = 3
_KEYS = {
    "handoff": "notify_handoff",
    "service_request": "notify_request",
    "guest_message": "notify_message",
    "delivery_failed": "notify_delivery_failed",
    "quota_exceeded": "notify_quota",
    "gateway_unauthorized": "notify_unauthorized",
    "gateway_state": "notify_gateway_state",
    "processing_failed": "notify_processing_failed",
    "ai_down": "notify_ai_down",
    "ai_up": "notify_ai_up",
    "ai_budget": "notify_ai_budget",
}
# Events about money go to the hotel's managers only.
MANAGER_KINDS = frozenset({"ai_budget"})


async def recipients(
    ctx: AdminContext, hotel_id: int, *, managers: bool = False
) -> list[tuple[int, str]]:
    """(telegram id, language) of the hotel's staff (`managers`: its managers only); super
    admins when it has none."""
    # Only the roles a stored row can grant: an old super_admin row grants nothing (the
    # environment alone makes super admins), so it receives nothing either.
    rows = await Staff.filter(
        hotel_id=hotel_id,
        telegram_id__isnull=False,
        role__in=[Role.MANAGER] if managers else [Role.MANAGER, Role.SUPPORT],
    )
    people = {r.telegram_id: r.language or "en" for r in rows if r.telegram_id}
    if not people:
        admins = await Staff.filter(telegram_id__in=list(ctx.settings.admin_ids))
        languages = {r.telegram_id: r.language for r in admins if r.language}
        people = {tid: languages.get(tid) or "en" for tid in ctx.settings.admin_ids}
    return [(int(tid), lang) for tid, lang in people.items()]


async def render_event(ctx: AdminContext, event: Event, hotel: Hotel, lang: str) -> Reply | None:
    key = _KEYS.get(event.kind)
    if key is None:
        return None
    p: dict[str, Any] = event.payload if isinstance(event.payload, dict) else {}
    chat = str(p.get("chat_id") or "").split("@")[0]
    text = ctx.i18n.t(
        f"admin.guests.{key}",
        ctx.i18n.pick(lang),
        hotel=hotel.name,
        chat=chat,
        reason=p.get("reason") or "—",
        text=str(p.get("text") or "")[:500],
        number=p.get("request_id") or "",
        kind=p.get("request_kind") or "",
        error=str(p.get("error") or p.get("status") or p.get("description") or "")[:200],
        state=p.get("state") or "",
        limit=p.get("limit") or "",
    )
    buttons: list[list[Button]] = []

    def t(key: str, **values: object) -> str:
        return ctx.i18n.t(key, ctx.i18n.pick(lang), **values)

    if event.kind in ("handoff", "guest_message", "processing_failed") and p.get("guest_id"):
        conversation = await Conversation.get_or_none(guest_id=p["guest_id"])
        if conversation is not None:
            buttons.append(
                [
                    Button.of(
                        t("admin.guests.reply_button", chat=chat), "conv", "reply", conversation.id
                    ),
                    Button.of(
                        t("admin.guests.release_button"), "conv", "release", conversation.id
                    ),
                ]
            )
    if event.kind == "service_request" and p.get("request_id"):
        buttons.append(
            [
                Button.of(
                    t("admin.guests.done_button", number=p["request_id"]),
                    "req",
                    "done",
                    p["request_id"],
                )
            ]
        )
    return Reply(text, buttons)


class Notifier:
    def __init__(self, ctx: AdminContext, bot: Bot) -> None:
        self._ctx = ctx
        self._bot = bot
        self._failures: dict[int, int] = {}  # event id → passes it raised in

    async def run(self) -> None:
        while True:
            try:
                delivered = await self.deliver_pending()
            except Exception:
                log.exception("delivering staff notifications failed; retrying")
                delivered = 0
            if delivered == 0:
                await asyncio.sleep(IDLE_SECONDS)

    async def deliver_pending(self) -> int:
        events = await Event.filter(delivered_at__isnull=True).order_by("id").limit(BATCH)
        done = 0
        for event in events:
            try:
                delivered = await self._deliver(event)
            except Exception:
                delivered = self._given_up(event)
            if delivered:
                await Event.filter(id=event.id).update(delivered_at=timezone.now())
                self._failures.pop(event.id, None)
                done += 1
        return done

    def _given_up(self, event: Event) -> bool:
        """An event that cannot be rendered or sent must not hold back the ones behind it:
        after EVENT_ATTEMPTS passes it is logged and marked done."""
        failures = self._failures[event.id] = self._failures.get(event.id, 0) + 1
        log.exception(
            "staff notification %s (%s) failed (%d of %d)",
            event.id,
            event.kind,
            failures,
            EVENT_ATTEMPTS,
        )
        return failures >= EVENT_ATTEMPTS

    async def _deliver(self, event: Event) -> bool:
        hotel = await Hotel.get_or_none(id=event.hotel_id)
        managers = event.kind in MANAGER_KINDS
        people = await recipients(self._ctx, event.hotel_id, managers=managers) if hotel else []
        if hotel is None or not people:
            return True  # nobody can ever receive it; /inbox still shows the conversation
        reached = False
        failed = False
        for telegram_id, lang in people:
            reply = await render_event(self._ctx, event, hotel, lang)
            if reply is None:
                return True
            try:
                await self._bot.send_message(
                    telegram_id, reply.text[:TELEGRAM_TEXT], reply_markup=keyboard(reply)
                )
                reached = True
            except TelegramForbiddenError:
                continue  # this person blocked the bot; the others still hear
            except TelegramAPIError as exc:
                log.warning("could not notify %s: %s", telegram_id, exc)
                failed = True
        return reached or not failed
