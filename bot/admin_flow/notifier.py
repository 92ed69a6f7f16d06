"""Delivers the guest flow's events (handoffs, requests, failures) to staff in Telegram.

Events are rows written in the same transaction as the guest's answer, so a restart loses
none; an event is marked delivered only after Telegram took it for at least one recipient, or
when nobody could ever receive it.

Where they go is `core/routing.py`'s answer (the hotel's group, else its staff, and super
admins by /notify). A handoff is a card (`core/cards.py`), stored as a `StaffLink` per chat so
it is edited in place when taken or resolved; in a forum group each guest has a topic. What
Telegram refuses falls back, with an audit line, and never loses the card: a group the bot was
removed from is unbound and its cards go to the staff's private chats; a deleted topic is made
again (or the card goes to the group's main thread); when nobody at all was reached, the super
admins who have not turned cards off get it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import Message as TgMessage
from tortoise import timezone

from bot.admin_flow.core import guest_media, requests, routing
from bot.admin_flow.core.access import audit
from bot.admin_flow.core.cards import mask_phone, phone, render_card, topic_name, waiting_step
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.guest_media import GuestFile, GuestPlace, Media, Missing
from bot.admin_flow.core.handling import card_view
from bot.admin_flow.core.marks import SETTLED, render_mark
from bot.admin_flow.core.replies import Button, Reply, parse_id
from bot.admin_flow.core.routing import SYSTEM, Recipient
from bot.admin_flow.guest_media_send import send_media
from bot.admin_flow.render import keyboard
from bot.limits import MARK_WATCH_HOURS, TELEGRAM_TEXT
from bot.store.models import (
    Conversation,
    ConversationState,
    Event,
    Hotel,
    Message,
    Role,
    Staff,
    StaffLink,
)

log = logging.getLogger(__name__)
Post = Callable[[int, int | None], Awaitable[TgMessage]]  # (chat, thread) -> the message sent
BATCH = 50
IDLE_SECONDS = 2.0
EVENT_ATTEMPTS = 3
MARK_RESCAN_PASSES = 150  # about five minutes of idle passes
WAIT_REFRESH_SECONDS = 30.0  # how often open cards' waiting times are looked at
# Guest files downloaded at once (each up to GUEST_MEDIA_BYTES in memory), whatever the number
# of hotels delivering side by side.
FETCHES_AT_ONCE = 2
_KEYS = {
    "handoff": "notify_handoff",
    "service_request": "notify_request",
    "guest_message": "notify_message",
    "guest_call": "notify_call",
    "delivery_failed": "notify_delivery_failed",
    "quota_exceeded": "notify_quota",
    "gateway_unauthorized": "notify_unauthorized",
    "gateway_state": "notify_gateway_state",
    "processing_failed": "notify_processing_failed",
    "ai_down": "notify_ai_down",
    "ai_up": "notify_ai_up",
    "ai_budget": "notify_ai_budget",
    "handoff_waiting": "notify_waiting",
}
# Events about one guest's chat: their notice offers Reply and Resolve.
_CHAT_KINDS = frozenset({"handoff", "guest_message", "guest_call", "processing_failed"})
# Events about money, and handoffs nobody took (core/escalation.py), go to managers only.
MANAGER_KINDS = frozenset({"ai_budget", "handoff_waiting"})


async def render_event(
    ctx: AdminContext, event: Event, hotel: Hotel, lang: str, *, full_phone: bool = True
) -> Reply | None:
    key = _KEYS.get(event.kind)
    if key is None:
        return None
    p: dict[str, Any] = event.payload if isinstance(event.payload, dict) else {}
    if event.kind == "guest_call" and p.get("reason") == "paused":
        key = "notify_call_paused"  # nobody holds the chat: the bot is off for the hotel
    raw = str(p.get("chat_id") or "")
    chat = raw.split("@")[0] if full_phone or not raw else mask_phone(raw)
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

    if event.kind in _CHAT_KINDS and p.get("guest_id"):
        conversation = await Conversation.get_or_none(guest_id=p["guest_id"])
        if conversation is not None:
            buttons.append(
                [
                    Button.of(
                        t("admin.guests.reply_button", chat=chat), "conv", "reply", conversation.id
                    ),
                    Button.of(t("admin.cards.resolve"), "conv", "resolve", conversation.id),
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


def _gone(exc: TelegramAPIError) -> bool:
    """The group itself is out of reach: the bot was removed, or the chat is no more."""
    if isinstance(exc, TelegramForbiddenError):
        return True
    text = exc.message.lower()
    return isinstance(exc, TelegramBadRequest) and (
        "chat not found" in text or "group chat was upgraded" in text
    )


def _topic_gone(exc: TelegramAPIError) -> bool:
    text = exc.message.lower()
    return isinstance(exc, TelegramBadRequest) and (
        "thread not found" in text or "topic_deleted" in text or "topic_closed" in text
    )


class GroupLost(Exception):
    """The hotel's group can no longer be written to; it was unbound."""


class CardDesk:
    """Sends staff notifications and cards, and edits a conversation's cards in place."""

    def __init__(self, ctx: AdminContext, bot: Bot) -> None:
        self._ctx = ctx
        self._bot = bot
        # Delivery marks: what each shows now (status, error), and those that will not move.
        self._shown: dict[int, tuple[str, str | None]] = {}
        self._settled: set[int] = set()
        self._marks_from = 0  # the lowest StaffLink id a watched mark can have
        self._mark_passes = 0
        # Open cards: the waiting step each shows (`cards.waiting_step`), and when last looked.
        self._waited: dict[int, int] = {}
        self._fetching = asyncio.Semaphore(FETCHES_AT_ONCE)
        self._waits_seen = -WAIT_REFRESH_SECONDS

    # --- sending ---------------------------------------------------------------------------

    async def deliver(self, event: Event) -> bool:
        """True when the event is done: reached someone, or nobody could ever receive it."""
        hotel = await Hotel.get_or_none(id=event.hotel_id)
        if hotel is None:
            return True
        merged = event.payload.get("merged") if isinstance(event.payload, dict) else None
        if event.kind == "service_request" and merged:  # a request joined an earlier one
            await self.refresh_request(int(event.payload["request_id"]))
            return True
        managers = event.kind in MANAGER_KINDS
        people = await routing.recipients(self._ctx, hotel, managers=managers)
        if not people:
            return True  # nobody can ever receive it; /status says so, /inbox shows it
        p: dict[str, Any] = event.payload if isinstance(event.payload, dict) else {}
        conversation = (
            await Conversation.get_or_none(guest_id=p["guest_id"]) if p.get("guest_id") else None
        )
        reached, failed, blocked = await self._send_all(event, hotel, people, conversation)
        if event.kind == "guest_message" and conversation is not None:
            await self.refresh(conversation.id)  # the card's last messages and waiting time
        if not reached and blocked:
            # Everyone blocked the bot or the group is gone: never a lost card. (A failure
            # that may pass, a 5xx or 429, is retried on the next pass instead.)
            known = {r.chat_id for r in people}
            admins = [
                r
                for r in await routing.super_admin_recipients(self._ctx, staffed=True, forced=True)
                if r.chat_id not in known
            ]
            if admins:
                await audit(
                    SYSTEM, "card_fallback", hotel.id, after={"event": event.id, "to": "admins"}
                )
                reached, _, _ = await self._send_all(event, hotel, admins, conversation)
        # Blocked by everyone is final (retrying will not unblock); other failures retry.
        return reached or not failed

    async def _send_all(
        self,
        event: Event,
        hotel: Hotel,
        people: list[Recipient],
        conversation: Conversation | None,
    ) -> tuple[bool, bool, bool]:
        """Sends to each person: (reached anyone, a failure worth retrying, someone out of
        reach for good: blocked the bot, or the group is gone)."""
        reached = failed = blocked = False
        queue = list(people)
        media = await self._media(event)
        while queue:
            person = queue.pop(0)
            reply, card = await self._render(event, hotel, person, conversation)
            if reply is None:
                return True, False, False
            try:
                sent = await self._send(
                    hotel, person, reply, conversation, None if card else media
                )
            except GroupLost:
                blocked = True
                hotel = await Hotel.get(id=hotel.id)
                known = {r.chat_id for r in people}
                queue += [
                    r
                    for r in await routing.recipients(
                        self._ctx, hotel, managers=event.kind in MANAGER_KINDS
                    )
                    if r.chat_id not in known
                ]
                continue
            except TelegramForbiddenError:
                await audit(SYSTEM, "card_undelivered", hotel.id, after={"chat": person.chat_id})
                blocked = True  # this person blocked the bot; the others still hear
                continue
            except TelegramAPIError as exc:
                log.warning("could not notify %s: %s", person.chat_id, exc)
                failed = True
                continue
            reached = True
            if conversation is not None:
                # A card, or a guest's message shown to staff: replying to either reaches the
                # guest (routers/guests.py), after a restart too.
                p: dict[str, Any] = event.payload if isinstance(event.payload, dict) else {}
                request = p.get("request_id") if event.kind == "service_request" else None
                await StaffLink.create(
                    hotel_id=hotel.id,
                    conversation_id=conversation.id,
                    request_id=request,
                    tg_chat_id=sent.chat.id,
                    tg_message_id=sent.message_id,
                    kind="card" if card else "request" if request else "forward",
                    message_id=None if card else p.get("message_id"),
                )
                if card and isinstance(media, GuestFile | GuestPlace):
                    await self._after_card(event, hotel, person, conversation, media)
        return reached, failed, blocked

    async def _render(
        self,
        event: Event,
        hotel: Hotel,
        person: Recipient,
        conversation: Conversation | None,
    ) -> tuple[Reply | None, bool]:
        lang = self._ctx.i18n.pick(person.language)
        raw = event.payload.get("request_id") if isinstance(event.payload, dict) else None
        number = parse_id(str(raw or ""))
        if event.kind == "service_request" and number is not None:
            card = await requests.card(self._ctx, lang, number, full_phone=person.full_phone)
            if card is not None:  # else the event's own words, the request being gone
                return card, False
        if event.kind in ("handoff", "handoff_waiting") and conversation is not None:
            view = await card_view(conversation.id)
            if view is not None:
                return render_card(self._ctx.i18n, lang, view, full_phone=person.full_phone), True
        return await render_event(
            self._ctx, event, hotel, lang, full_phone=person.full_phone
        ), False

    async def _send(
        self,
        hotel: Hotel,
        person: Recipient,
        reply: Reply,
        conversation: Conversation | None,
        media: Media | None = None,
        post: Post | None = None,
    ) -> TgMessage:
        """`media`: the guest's file instead of the text; `post`: how to send to a chat and
        thread (the text by default), so a file takes the same route and fallbacks."""
        text, markup = reply.text[:TELEGRAM_TEXT], keyboard(reply)
        if media is not None:
            return await self._send_media(hotel, person, reply, conversation, media)
        if post is None:

            async def post(chat_id: int, thread: int | None) -> TgMessage:
                return await self._bot.send_message(
                    chat_id, text, reply_markup=markup, message_thread_id=thread
                )

        if not person.group:
            return await post(person.chat_id, None)
        thread = None
        if hotel.staff_chat_forum and conversation is not None:
            thread = await self._topic(hotel, conversation)
        try:
            return await post(person.chat_id, thread)
        except TelegramAPIError as exc:
            if thread is not None and _topic_gone(exc) and conversation is not None:
                await audit(
                    SYSTEM,
                    "staff_topic_lost",
                    hotel.id,
                    before={"topic": thread},
                    after={"conversation": conversation.id},
                )
                await Conversation.filter(id=conversation.id).update(topic_id=None)
                conversation.topic_id = None
                again = await self._topic(hotel, conversation)
                return await post(person.chat_id, again)
            if _gone(exc):
                await self._lose_group(hotel, exc)
            raise

    # --- a guest's file (core/guest_media.py) ------------------------------------------------

    async def _media(self, event: Event) -> Media | None:
        """The event's guest file or place, fetched once for all its recipients."""
        p: dict[str, Any] = event.payload if isinstance(event.payload, dict) else {}
        if not guest_media.wanted(event.kind, p):
            return None
        async with self._fetching:  # files held in memory at once: FETCHES_AT_ONCE at most
            return await guest_media.fetch(self._ctx, event.hotel_id, int(p["message_id"]))

    async def _send_media(
        self,
        hotel: Hotel,
        person: Recipient,
        reply: Reply,
        conversation: Conversation | None,
        media: Media,
    ) -> TgMessage:
        """The guest's file where the text line would go (same chat, topic and fallbacks);
        the text line with a note when the file could not be had or Telegram refuses it."""
        if isinstance(media, GuestFile | GuestPlace):
            shown, markup = media, keyboard(reply)
            caption = (
                guest_media.caption(reply.text, shown) if isinstance(shown, GuestFile) else ""
            )

            async def post(chat_id: int, thread: int | None) -> TgMessage:
                return await send_media(self._bot, chat_id, shown, caption, markup, thread)

            try:
                return await self._send(hotel, person, reply, conversation, post=post)
            except TelegramAPIError as exc:
                if isinstance(exc, TelegramForbiddenError) or _gone(exc) or _topic_gone(exc):
                    raise
                log.warning("guest file not shown in %s: %s", person.chat_id, exc)
                media = Missing("failed")
        note = self._ctx.i18n.t(f"admin.media.{media.note}", self._ctx.i18n.pick(person.language))
        return await self._send(
            hotel, person, Reply(guest_media.noted(reply.text, note), reply.buttons), conversation
        )

    async def _after_card(
        self,
        event: Event,
        hotel: Hotel,
        person: Recipient,
        conversation: Conversation,
        media: GuestFile | GuestPlace,
    ) -> None:
        """A handoff's card names the guest's message ("voice message"); the file follows it
        as the guest's next messages will (a person holds the chat now), linked so that a reply
        to it reaches the guest too. The card reached them: a failure here is logged only."""
        lang = self._ctx.i18n.pick(person.language)
        forward = Event(hotel_id=hotel.id, kind="guest_message", payload=event.payload)
        reply = await render_event(self._ctx, forward, hotel, lang, full_phone=person.full_phone)
        if reply is None:
            return
        try:
            sent = await self._send(hotel, person, reply, conversation, media)
        except (GroupLost, TelegramAPIError) as exc:
            log.warning("guest file after the card not shown in %s: %s", person.chat_id, exc)
            return
        p: dict[str, Any] = event.payload if isinstance(event.payload, dict) else {}
        await StaffLink.create(
            hotel_id=hotel.id,
            conversation_id=conversation.id,
            tg_chat_id=sent.chat.id,
            tg_message_id=sent.message_id,
            kind="forward",
            message_id=p.get("message_id"),
        )

    async def _topic(self, hotel: Hotel, conversation: Conversation) -> int | None:
        """The guest's topic in the hotel's forum, made on first need; None (the group's main
        thread) when Telegram will not make one."""
        if conversation.topic_id is not None:
            return int(conversation.topic_id)
        view = await card_view(conversation.id)
        if view is None or hotel.staff_chat_id is None:
            return None
        try:
            topic = await self._bot.create_forum_topic(hotel.staff_chat_id, topic_name(view))
        except TelegramAPIError as exc:
            if _gone(exc):
                await self._lose_group(hotel, exc)
            await audit(SYSTEM, "staff_topic_failed", hotel.id, after={"error": exc.message[:200]})
            return None
        conversation.topic_id = topic.message_thread_id
        await Conversation.filter(id=conversation.id).update(topic_id=topic.message_thread_id)
        return int(topic.message_thread_id)

    async def _lose_group(self, hotel: Hotel, exc: TelegramAPIError) -> None:
        """Unbind a group the bot can no longer write to; its cards go to private chats."""
        await Hotel.filter(id=hotel.id, staff_chat_id=hotel.staff_chat_id).update(
            staff_chat_id=None, staff_chat_forum=False
        )
        await Conversation.filter(hotel_id=hotel.id).update(topic_id=None)
        await audit(
            SYSTEM,
            "staff_group_lost",
            hotel.id,
            before={"staff_chat_id": hotel.staff_chat_id},
            after={"error": exc.message[:200]},
        )
        raise GroupLost(hotel.staff_chat_id) from exc

    # --- delivery marks ---------------------------------------------------------------------

    async def refresh_marks(self) -> int:
        """Edit every staff reply's mark whose outbound row moved since it was last shown (the
        outbox and the gateway's status notifications move the row; this reads it, so the
        webhook's path gains nothing). What each mark shows is remembered here; after a
        restart each watched mark is written once more (Telegram's "not modified" is fine)."""
        since = timezone.now() - timedelta(hours=MARK_WATCH_HOURS)
        self._mark_passes += 1
        below = 0  # marks under this id were settled already, unless missed as said below
        if self._mark_passes % MARK_RESCAN_PASSES == 0:
            # Now and then the whole window: a mark whose insert committed after a later one
            # was read (two staff answering at once) may have been left below the range.
            below, self._marks_from = self._marks_from, 0
        # From the oldest mark still watched on (the primary key's range, not the whole table).
        links = await StaffLink.filter(
            id__gte=self._marks_from, kind="mark", created_at__gte=since
        ).values("id", "hotel_id", "tg_chat_id", "tg_message_id", "message_id")
        watched = [link for link in links if link["id"] not in self._settled]
        # Ids only grow: marks below the oldest one still watched are never read again.
        self._marks_from = (
            min(link["id"] for link in watched)
            if watched
            else max((link["id"] + 1 for link in links), default=self._marks_from)
        )
        self._settled = {i for i in self._settled if i >= self._marks_from}
        if below:  # the whole window was read: forget what left it
            ids = {link["id"] for link in links}
            self._shown = {i: v for i, v in self._shown.items() if i in ids}
        if not watched:
            return 0
        rows = {
            int(r["id"]): r
            for r in await Message.filter(
                id__in=[int(link["message_id"]) for link in watched if link["message_id"]]
            ).values("id", "chat_id", "status", "error")
        }
        edited = 0
        for link in watched:
            row = rows.get(int(link["message_id"] or 0))
            if row is None:
                self._settled.add(link["id"])  # the guest was erased: nothing more to say
                continue
            status = str(row["status"])
            seen = (status, row["error"])
            if link["id"] < below and status in SETTLED:
                self._settled.add(link["id"])  # said so before the range moved past it
                continue
            if self._shown.get(link["id"]) == seen:
                continue
            if await self._edit_mark(link, row, status):
                edited += 1
            self._shown[link["id"]] = seen
            if status in SETTLED:
                self._settled.add(link["id"])
                self._shown.pop(link["id"], None)
        return edited

    async def _edit_mark(self, link: dict[str, Any], row: dict[str, Any], status: str) -> bool:
        hotel = await Hotel.get_or_none(id=link["hotel_id"])
        if hotel is None:
            return False
        chat_id = int(link["tg_chat_id"])
        person = await self._reader(hotel, chat_id)
        lang = self._ctx.i18n.pick(person.language)
        chat = phone(str(row["chat_id"]), person.full_phone)
        reply = render_mark(self._ctx.i18n, lang, int(row["id"]), status, row["error"], chat)
        try:
            await self._bot.edit_message_text(
                reply.text[:TELEGRAM_TEXT],
                chat_id=chat_id,
                message_id=int(link["tg_message_id"]),
                reply_markup=keyboard(reply),
            )
        except TelegramAPIError as exc:
            if "not modified" not in exc.message:
                log.warning("mark %s in %s not edited: %s", link["id"], chat_id, exc)
            return False
        return True

    # --- editing in place ------------------------------------------------------------------

    async def _reader(self, hotel: Hotel, chat_id: int) -> Recipient:
        """Who reads a card in `chat_id`, for its language and how much of the phone shows."""
        if chat_id < 0:
            return Recipient(chat_id, hotel.language_list[0], False, group=True)
        rows = await Staff.filter(telegram_id=chat_id)
        lang = next((r.language for r in rows if r.language), None) or "en"
        full = chat_id in self._ctx.settings.admin_ids or any(
            r.hotel_id == hotel.id and r.role == Role.MANAGER for r in rows
        )
        return Recipient(chat_id, lang, full)

    async def refresh(
        self, conversation_id: int, resolved_by: str | None = None, now: datetime | None = None
    ) -> int:
        """Edit the latest card of the conversation in every chat it went to; how many."""
        view = await card_view(conversation_id, resolved_by, now)
        if view is None:
            return 0
        links = await StaffLink.filter(conversation_id=conversation_id, kind="card").order_by(
            "-tg_message_id"
        )
        latest: dict[int, StaffLink] = {}
        for link in links:
            latest.setdefault(int(link.tg_chat_id), link)
        hotel = await Hotel.get(id=links[0].hotel_id) if links else None
        edited = 0
        for chat_id, link in latest.items():
            assert hotel is not None
            person = await self._reader(hotel, chat_id)
            lang = self._ctx.i18n.pick(person.language)
            reply = render_card(self._ctx.i18n, lang, view, full_phone=person.full_phone)
            try:
                # Always with the keyboard (or none): an edit without one drops the buttons.
                await self._bot.edit_message_text(
                    reply.text[:TELEGRAM_TEXT],
                    chat_id=chat_id,
                    message_id=int(link.tg_message_id),
                    reply_markup=keyboard(reply),
                )
                edited += 1
            except TelegramAPIError as exc:
                if "not modified" not in exc.message:
                    log.warning("card %s in %s not edited: %s", link.id, chat_id, exc)
        return edited

    async def refresh_waiting(self, now: datetime | None = None) -> int:
        """Edit the open cards whose waiting time passed a step (`cards.waiting_step`) since
        they were last drawn, so "waiting 12 min" on a card nobody took stays true; how many
        were edited. Looked at every WAIT_REFRESH_SECONDS (a `now` given looks at once)."""
        if now is None:
            clock = asyncio.get_running_loop().time()
            if clock - self._waits_seen < WAIT_REFRESH_SECONDS:
                return 0
            self._waits_seen = clock
        now = now or timezone.now()
        waiting = await Conversation.filter(
            state=ConversationState.HUMAN,
            taken_by__isnull=True,
            handed_off_at__gt=now - self._ctx.flow.brain.handoff_release,  # not released
        ).values_list("id", "handed_off_at")
        edited = 0
        for conversation_id, since in waiting:
            step = waiting_step(int((now - since).total_seconds() // 60))
            shown = self._waited.get(conversation_id)
            self._waited[conversation_id] = step
            if shown is None and step == 0:
                continue  # drawn a moment ago, when it was sent
            if shown != step and await StaffLink.exists(
                conversation_id=conversation_id, kind="card"
            ):
                edited += await self.refresh(conversation_id, now=now)
        still = {conversation_id for conversation_id, _ in waiting}
        for conversation_id in [c for c in self._waited if c not in still]:
            del self._waited[conversation_id]  # taken, resolved or gone: the edit that did it
        return edited

    async def refresh_request(self, request_id: int) -> int:
        """Edit every message of a service request to its card now, with the buttons of its
        state (the latest words, who has it, done); how many."""
        links = await StaffLink.filter(request_id=request_id, kind="request")
        hotel = await Hotel.get_or_none(id=links[0].hotel_id) if links else None
        edited = 0
        for link in links if hotel is not None else []:
            assert hotel is not None
            person = await self._reader(hotel, int(link.tg_chat_id))
            reply = await requests.card(
                self._ctx, person.language, request_id, full_phone=person.full_phone
            )
            if reply is None:
                return edited
            try:
                await self._bot.edit_message_text(
                    reply.text[:TELEGRAM_TEXT],
                    chat_id=int(link.tg_chat_id),
                    message_id=int(link.tg_message_id),
                    reply_markup=keyboard(reply),
                )
                edited += 1
            except TelegramAPIError as exc:
                if "not modified" not in exc.message:
                    log.warning(
                        "request %s in %s not edited: %s", request_id, link.tg_chat_id, exc
                    )
        return edited


class Notifier:
    def __init__(self, ctx: AdminContext, desk: CardDesk) -> None:
        self._ctx = ctx
        self._desk = desk
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
        try:
            done += await self._desk.refresh_marks()
        except Exception:
            log.exception("editing delivery marks failed; trying again on the next pass")
        try:
            await self._desk.refresh_waiting()  # edits, not deliveries: the pass may idle
        except Exception:
            log.exception("editing waiting cards failed; trying again on the next pass")
        by_hotel: dict[int, list[Event]] = {}
        for event in events:
            by_hotel.setdefault(event.hotel_id, []).append(event)
        # Hotels side by side, each in its own order: one hotel's slow file download or
        # Telegram upload (`guest_media.DOWNLOAD_SECONDS`) holds back no other hotel's cards.
        passes = await asyncio.gather(
            *(self._deliver_in_order(e) for e in by_hotel.values()), return_exceptions=True
        )
        for failed in passes:
            if not isinstance(failed, BaseException):
                continue
            if not isinstance(failed, Exception):
                raise failed  # cancelled: the notifier is stopping
            # One hotel's pass broke off (its database write failed): the others finished
            # theirs, and what it left undelivered is read again on the next pass.
            log.error("delivering a hotel's staff notifications failed", exc_info=failed)
        return done + sum(p for p in passes if isinstance(p, int))

    async def _deliver_in_order(self, events: list[Event]) -> int:
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
        return await self._desk.deliver(event)
