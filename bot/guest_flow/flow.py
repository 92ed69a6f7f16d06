"""The guest flow as one object: both ways in (webhook, polling) end in `ingest`.

`ingest` persists first and schedules the answer second, so the caller can acknowledge the
gateway as soon as it returns: the webhook answers 200, the poller deletes the notification.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Collection
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from tortoise import timezone
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from bot.config import Settings
from bot.guest_flow.ai_breaker import BreakerState
from bot.guest_flow.conversation import Brain, pick_language, process_message
from bot.guest_flow.flood import FloodGuard
from bot.guest_flow.inbound import InboundWriter
from bot.guest_flow.intents import shared_intents
from bot.guest_flow.knowledge import KnowledgeBase
from bot.guest_flow.language import shared_detection
from bot.guest_flow.notifications import (
    IncomingCall,
    IncomingMessage,
    Notification,
    OutgoingStatus,
    QuotaNotice,
    StateChanged,
)
from bot.guest_flow.outbox import Outbox, Transport
from bot.guest_flow.processor import Processor
from bot.guest_flow.reconcile import Journal, Reconciler
from bot.guest_flow.templates import TemplateBook
from bot.guest_flow.translate import Translator
from bot.i18n import I18n
from bot.metrics import Metrics
from bot.store import fast
from bot.store.crypto import TokenCipher
from bot.store.hotels import HotelAccess, HotelDirectory
from bot.store.models import (
    Conversation,
    ConversationState,
    Direction,
    Event,
    Guest,
    Hotel,
    Message,
    MessageStatus,
    SetAside,
)
from bot.supervisor import Supervisor

log = logging.getLogger(__name__)

# Delivery statuses only move forward; a late "sent" must not undo "read".
SWEEP_SECONDS = 60.0
SWEEP_BATCH = 500
_STATUS_RANK = {
    MessageStatus.PENDING: 0,
    MessageStatus.SENT: 1,
    MessageStatus.DELIVERED: 2,
    MessageStatus.READ: 3,
}
_GATEWAY_STATUS = {s.value: s for s in MessageStatus}
_ALERT_STATUSES = {MessageStatus.FAILED, MessageStatus.NO_ACCOUNT, MessageStatus.YELLOW_CARD}

if TYPE_CHECKING:  # openai loads only when an API key is configured
    from bot.guest_flow.ai import AIAnswerer


class GuestFlow:
    def __init__(
        self,
        settings: Settings,
        cipher: TokenCipher,
        transport: Transport,
        metrics: Metrics,
        *,
        i18n: I18n | None = None,
        ai: AIAnswerer | None = None,
    ) -> None:
        self.settings = settings
        self.i18n = i18n or I18n()
        self.metrics = metrics
        self.directory = HotelDirectory(cipher)
        self.brain = Brain(
            i18n=self.i18n,
            directory=self.directory,
            templates=TemplateBook(self.i18n),
            knowledge=KnowledgeBase(),
            intents=shared_intents(),
            language=shared_detection(),
            flood=FloodGuard(settings.flood_messages, settings.flood_window_seconds),
            ai=ai,
            handoff_release=timedelta(hours=settings.handoff_release_hours),
            metrics=metrics,
            translator=None
            if ai is None
            else Translator(ai, self.i18n, settings.ai_deadline_seconds),
        )
        self.outbox = Outbox(
            transport,
            self.directory,
            metrics,
            rate_per_instance=settings.send_rate_per_instance,
            max_attempts=settings.outbox_max_attempts,
            base_delay=settings.outbox_base_delay,
        )
        # Replies whose send's outcome is unknown are looked up in the gateway's journal (the
        # transport's, when it keeps one: the terminal chat's does not).
        journal = transport if isinstance(transport, Journal) else None
        self.reconciler = Reconciler(
            journal,
            self.directory,
            self.outbox.in_hand,
            self.outbox.wake,
            journal_delay=settings.reconcile_journal_delay,
        )
        self.outbox.on_unknown = self.reconciler.wake
        self.processor = Processor(self._process, self._give_up)
        self.tasks = Supervisor(metrics)
        self.inbound = InboundWriter(self._stored)
        # Notifications being stored, so answering them needs no read-back.
        self._fresh: dict[tuple[int, str, str], IncomingMessage] = {}

    async def _process(self, message_id: int, fresh: IncomingMessage | None) -> None:
        await process_message(self.brain, message_id, self.outbox.wake, fresh)

    async def _give_up(self, message_id: int, exc: BaseException) -> None:
        """A message we could not answer goes to a person instead of vanishing."""
        message = await Message.get_or_none(id=message_id)
        if message is None:
            return
        await Message.filter(id=message_id).update(
            status=MessageStatus.PROCESSED,
            processed_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:500],
        )
        await Event.create(
            hotel_id=message.hotel_id,
            kind="processing_failed",
            payload={"message_id": message_id, "chat_id": message.chat_id, "text": message.text},
        )

    async def ai_state_changed(self, state: BreakerState) -> None:
        """The breaker's listener: every hotel's staff hear once that the AI is down (guests
        are answered from knowledge) and once that it is back."""
        kind = "ai_up" if state is BreakerState.CLOSED else "ai_down"
        try:
            ids = await Hotel.filter(enabled=True).values_list("id", flat=True)
            await Event.bulk_create([Event(hotel_id=i, kind=kind, payload={}) for i in ids])
        except Exception:  # the guest whose call tripped the breaker still gets an answer
            log.exception("could not tell staff the AI is %s", state.value)

    async def recover(self) -> int:
        """Answer what was stored but not answered before the last stop.

        Replies the last stop left `sending` (handed to the gateway, outcome unknown) are not
        resent here: the outbox never picks them, nor anything after them in their chat, until
        the reconciler (started with the workers, first pass at once) found them in the
        gateway's journal or proved them unsent.
        """
        unconfirmed = await Message.filter(
            direction=Direction.OUT, status=MessageStatus.SENDING
        ).count()
        if unconfirmed:
            log.info(
                "%d replies were being sent at the last stop: checking the gateway's journal "
                "before any is sent again",
                unconfirmed,
            )
            self.reconciler.wake()
        rows = (
            await Message.filter(direction=Direction.IN, status=MessageStatus.RECEIVED)
            .order_by("id")
            .values_list("id", "hotel_id", "chat_id")
        )
        for message_id, hotel_id, chat_id in rows:
            self.processor.submit(int(message_id), int(hotel_id), str(chat_id))
        if rows:
            log.info("resuming %d guest messages stored before the last stop", len(rows))
        return len(rows)

    async def sweep(self) -> None:
        """Every SWEEP_SECONDS, answer what was stored but is in no queue: a message whose
        processing and give-up both failed (the database away for a while) is not left for
        the next restart. Runs under the supervisor."""
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            await self.sweep_once()

    async def sweep_once(self, older_than: float = SWEEP_SECONDS) -> int:
        cutoff = timezone.now() - timedelta(seconds=older_than)
        rows = (
            await Message.filter(
                direction=Direction.IN, status=MessageStatus.RECEIVED, created_at__lt=cutoff
            )
            .order_by("id")
            .limit(SWEEP_BATCH)
            .values_list("id", "hotel_id", "chat_id")
        )
        for message_id, hotel_id, chat_id in rows:
            self.processor.submit(int(message_id), int(hotel_id), str(chat_id))
        return len(rows)

    async def ingest(self, hotel: HotelAccess, notification: Notification) -> bool:
        """Persist one notification; returns False for a duplicate we had already."""
        match notification:
            case IncomingMessage(by_api=True):
                # The echo of our own send: it settles a reply whose outcome was unknown.
                return await self.reconciler.echo(hotel.hotel_id, notification)
            case IncomingMessage(from_me=True):
                return await self._store_phone_message(hotel, notification)
            case IncomingMessage():
                return await self._store_guest_message(hotel, notification)
            case OutgoingStatus():
                await self._update_status(hotel, notification)
            case StateChanged():
                await self._update_state(hotel, notification)
            case IncomingCall():
                return await self._answer_call(hotel, notification)
            case QuotaNotice():
                await Event.create(
                    hotel_id=hotel.hotel_id, kind="quota_exceeded", payload=notification.data
                )
        return True

    async def set_aside(
        self, hotel_id: int | None, source: str, body: object, exc: BaseException
    ) -> None:
        """Keep a notification we could not process for a person to read, so the gateway's
        queue can move past it. Raises only when the database does (then nothing is lost:
        the caller leaves the notification with the gateway)."""
        error = storable(f"{type(exc).__name__}: {exc}")[:500]
        await SetAside.create(
            hotel_id=hotel_id,
            source=source,
            body=storable(json.dumps(body, ensure_ascii=False)),
            error=error,
        )
        self.metrics.set_aside.labels(source).inc()
        log.warning("hotel %s: a %s notification set aside: %s", hotel_id, source, error[:200])

    async def _store_guest_message(self, hotel: HotelAccess, n: IncomingMessage) -> bool:
        row = (hotel.hotel_id, n.chat_id, n.id_message, n.kind, n.text, n.body)
        self._fresh[(hotel.hotel_id, n.chat_id, n.id_message)] = n
        try:
            return await self.inbound.store(row)
        finally:
            self._fresh.pop((hotel.hotel_id, n.chat_id, n.id_message), None)

    def _stored(self, message_id: int, row: fast.InboundRow) -> None:
        hotel_id, chat_id, gateway_id = row[0], row[1], row[2]
        self.metrics.messages_in.inc()
        fresh = self._fresh.get((hotel_id, chat_id, gateway_id))
        self.processor.submit(message_id, hotel_id, chat_id, fresh)

    async def _store_phone_message(self, hotel: HotelAccess, n: IncomingMessage) -> bool:
        """Staff typed on the hotel's own phone: keep it in the history, answer nothing."""
        try:
            await Message.create(
                hotel_id=hotel.hotel_id,
                chat_id=n.chat_id,
                direction=Direction.OUT,
                gateway_id=n.id_message,
                kind=n.kind,
                text=n.text,
                status=MessageStatus.SENT,
                source="phone",
                sent_at=timezone.now(),
            )
        except IntegrityError:
            return False
        return True

    async def _update_status(self, hotel: HotelAccess, n: OutgoingStatus) -> None:
        status = _GATEWAY_STATUS.get(n.status)
        if status is None:
            status = MessageStatus.FAILED if n.status == "notInGroup" else None
        if status is None:
            return
        message = await Message.get_or_none(
            hotel_id=hotel.hotel_id, chat_id=n.chat_id, gateway_id=n.id_message
        )
        if message is None or message.status == status:
            return
        old_rank = _STATUS_RANK.get(message.status, 9)
        if status in _STATUS_RANK and _STATUS_RANK[status] <= old_rank:
            return
        message.status = status
        if n.description:
            message.error = n.description[:500]
        await message.save(update_fields=["status", "error"])
        if status in _ALERT_STATUSES and not await fast.watched_by_a_mark(message.id):
            await Event.create(
                hotel_id=hotel.hotel_id,
                kind="delivery_failed",
                payload={
                    "message_id": message.id,
                    "chat_id": n.chat_id,
                    "status": n.status,
                    "description": n.description,
                },
            )

    async def _update_state(self, hotel: HotelAccess, n: StateChanged) -> None:
        await Hotel.filter(id=hotel.hotel_id).update(
            wa_state=n.state, wa_state_at=timezone.now(), wid=n.wid or None
        )
        self.directory.forget(hotel.instance.id)
        if n.state != "authorized":
            await Event.create(
                hotel_id=hotel.hotel_id, kind="gateway_state", payload={"state": n.state}
            )

    async def _answer_call(self, hotel: HotelAccess, n: IncomingCall) -> bool:
        """A guest calling gets one written answer per call, in their language; when a person
        holds the chat (or the hotel's bot is paused) the bot stays silent and the person is
        told instead, so a call is never a knock nobody heard. The call's row and what it
        causes are written together: a crash between them loses neither (the gateway's
        redelivery finds the row and stops)."""
        if n.status != "offer" or not n.id_message:
            return True
        answered = hotel.enabled and not n.caller.endswith("@g.us")  # a group call is no guest's
        guest = await Guest.get_or_none(hotel_id=hotel.hotel_id, chat_id=n.caller)
        if guest is not None and guest.opted_out:
            answered = False
        released = timezone.now() - self.brain.handoff_release  # a chat nobody took for hours
        held = answered and (
            hotel.paused
            or (
                guest is not None
                and await Conversation.exists(
                    guest_id=guest.id, state=ConversationState.HUMAN, handed_off_at__gt=released
                )
            )
        )
        now = timezone.now()
        guest_id = guest.id if guest else None
        answer: tuple[str, str] | None = None
        if answered and not held:
            lang = pick_language(self.brain, hotel, guest.language if guest else None, "").language
            book = await self.brain.templates.for_hotel(hotel.hotel_id)
            answer = (book.render("calls_unsupported", lang), "calls_unsupported")
        try:
            async with in_transaction():
                await Message.create(
                    hotel_id=hotel.hotel_id,
                    chat_id=n.caller,
                    direction=Direction.IN,
                    gateway_id=n.id_message,
                    kind="incomingCall",
                    status=MessageStatus.PROCESSED,
                    processed_at=now,
                )
                if held:
                    await Event.create(
                        hotel_id=hotel.hotel_id,
                        kind="guest_call",
                        payload={
                            "chat_id": n.caller,
                            "guest_id": guest_id,
                            "reason": "paused" if hotel.paused else "held",
                        },
                    )
                elif answer is not None:
                    await fast.insert_replies(
                        hotel.hotel_id, guest_id, n.caller, [answer], None, now
                    )
        except IntegrityError:
            return False  # a redelivered call: answered (or told) the first time
        if answer is not None:
            self.outbox.wake()
        return True

    async def depths(self, hotel_ids: Collection[int] | None = None) -> dict[str, Any]:
        """Outbox and inbox depths for /health, /metrics and the admin's /status.

        `hotel_ids` limits them to those hotels (the admin's /status shows staff only their own
        hotels); None counts every hotel, and only that whole count updates the metrics.
        """
        if hotel_ids is not None and not hotel_ids:
            return {"outbox_pending": 0, "outbox_oldest_seconds": 0.0, "inbox_pending": 0}
        scope: dict[str, Any] = {} if hotel_ids is None else {"hotel_id__in": list(hotel_ids)}
        pending = Message.filter(direction=Direction.OUT, status=MessageStatus.PENDING, **scope)
        first = await pending.order_by("created_at").first()
        oldest = first.created_at if first else None
        outbox = await pending.count()
        inbox = await Message.filter(
            direction=Direction.IN, status=MessageStatus.RECEIVED, **scope
        ).count()
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        if hotel_ids is None:
            self.metrics.outbox_depth.set(outbox)
            self.metrics.inbox_depth.set(inbox)
        return {
            "outbox_pending": outbox,
            "outbox_oldest_seconds": round(age, 1),
            "inbox_pending": inbox,
        }


def storable(text: str) -> str:
    """`text` as the database takes it: a lone surrogate as its JSON escape (`\\ud800`), NUL
    dropped, so a body that broke processing can still be kept and read."""
    return text.replace("\x00", "").encode("utf-8", "backslashreplace").decode("utf-8")
