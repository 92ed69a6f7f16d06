"""The sender: delivers stored replies through the gateway, in order per chat.

A reply is a `Message(direction=out, status=pending)` row, stored before the guest's message is
marked processed, so nothing is lost to a crash and nothing is sent twice: a row leaves
`pending` only after the gateway accepted it (or can never accept it). A reply the gateway
accepted is never sent again, whatever fails after: one whose sent mark could not be written is
remembered here and its mark retried on every pass. Any failure before the gateway accepted
backs off like a gateway error, so no failure makes a hot resend loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections import defaultdict
from datetime import timedelta
from typing import Protocol

from aiolimiter import AsyncLimiter
from tortoise import timezone

from bot.guest_flow.batch import GroupCommit
from bot.guest_flow.greenapi import GreenAPIError, QuotaExceeded, Unauthorized
from bot.metrics import Metrics
from bot.store import fast
from bot.store.hotels import HotelDirectory, Instance
from bot.store.models import Event, Message, MessageStatus

log = logging.getLogger(__name__)
BATCH = 200
MAX_BACKOFF_SECONDS = 600.0
IDLE_POLL_SECONDS = 1.0
COALESCE_SECONDS = 0.005
FINISHED_MEMORY = 10_000


class Transport(Protocol):
    async def send_message(self, instance: Instance, chat_id: str, message: str) -> str: ...


def backoff(attempt: int, base: float) -> float:
    """Exponential with jitter, so many failed sends don't all come back in the same second."""
    delay: float = min(MAX_BACKOFF_SECONDS, base * 2 ** max(0, attempt - 1))
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not cryptography


class Outbox:
    def __init__(
        self,
        transport: Transport,
        directory: HotelDirectory,
        metrics: Metrics,
        *,
        rate_per_instance: float,
        max_attempts: int,
        base_delay: float,
        concurrency: int = 64,
    ) -> None:
        self._transport = transport
        self._directory = directory
        self._metrics = metrics
        self._rate = rate_per_instance
        self._max_attempts = max_attempts
        self._base_delay = base_delay
        self._limiters: dict[int, AsyncLimiter] = {}
        self._slots = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self._busy: set[tuple[int, str]] = set()
        # When each chat's last delivery task ended: rows read before that moment are stale.
        self._finished: dict[tuple[int, str], float] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._sent: GroupCommit[fast.SentRow, None] = GroupCommit(
            fast.mark_sent_many, fast.mark_sent_alone
        )
        # Accepted by the gateway but not yet marked sent: never to be sent again.
        self._unmarked: dict[int, fast.SentRow] = {}

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        """The sender loop, started by the app's lifecycle."""
        while not self._stopping:
            self._wake.clear()
            try:
                await self.dispatch_due()
            except Exception:
                log.exception("outbox pass failed; retrying in a second")
            # Passes run when something changed (a new reply, a chat done), never in a busy
            # loop: re-reading a backlog of replies for chats still sending costs the most CPU.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), IDLE_POLL_SECONDS)
            await asyncio.sleep(COALESCE_SECONDS)

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def dispatch_due(self) -> int:
        """Start a delivery task for every chat with due replies that isn't already sending.

        A chat whose delivery finished while the query ran is skipped: the rows read for it
        may already be sent (the next pass reads them fresh), and sending them would repeat.
        """
        if self._unmarked:
            await self._mark_unmarked()
        asked = time.monotonic()
        now = timezone.now()
        rows = await fast.due_replies(now, BATCH)
        by_chat: dict[tuple[int, str], list[fast.Outgoing]] = defaultdict(list)
        for row in rows:
            key = (row.hotel_id, row.chat_id)
            if row.id in self._unmarked:
                continue
            if key not in self._busy and self._finished.get(key, 0.0) < asked:
                by_chat[key].append(row)
        for key, messages in by_chat.items():
            self._busy.add(key)
            task = asyncio.create_task(self._deliver_chat(key, messages))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(by_chat)

    async def flush(self) -> None:
        """Deliver everything due now and wait for it (the terminal chat and tests use it)."""
        while await self.dispatch_due() or self._tasks:
            if self._tasks:
                await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _limiter(self, instance_id: int) -> AsyncLimiter:
        limiter = self._limiters.get(instance_id)
        if limiter is None:
            # Tenths of a second: smooth pacing instead of a burst at the top of each second.
            limiter = self._limiters[instance_id] = AsyncLimiter(max(1.0, self._rate / 10), 0.1)
        return limiter

    async def _deliver_chat(self, key: tuple[int, str], messages: list[fast.Outgoing]) -> None:
        try:
            for message in messages:
                if not await self._deliver(message):
                    break  # keep the chat's order: later replies wait for this one
        except Exception:
            log.exception("delivery to a chat of hotel %s failed", key[0])
        finally:
            self._finished[key] = time.monotonic()
            if len(self._finished) > FINISHED_MEMORY:
                cutoff = time.monotonic() - 60.0
                self._finished = {k: t for k, t in self._finished.items() if t > cutoff}
            self._busy.discard(key)
            self._wake.set()

    async def _deliver(self, message: fast.Outgoing) -> bool:
        """Returns False when the chat must pause (this message will be retried later)."""
        try:
            access = await self._directory.by_id(message.hotel_id)
            if access is None:
                await self._give_up(message, "hotel no longer exists")
                return True
            async with self._slots, self._limiter(access.instance.id):
                gateway_id = await self._transport.send_message(
                    access.instance, message.chat_id, message.text
                )
        except GreenAPIError as exc:
            return await self._failed(message, exc)
        except Exception as exc:  # not sent (or not known to be): back off, never resend at once
            log.exception("sending a reply of hotel %s failed", message.hotel_id)
            return await self._failed(message, exc)
        message.attempts += 1
        row = (message.id, gateway_id, message.attempts, timezone.now())
        self._metrics.messages_out.labels("sent").inc()
        try:
            await self._sent.add(row)
        except Exception:
            log.exception(
                "hotel %s: reply %s was sent but not marked; marking it again later",
                message.hotel_id,
                message.id,
            )
            self._unmarked[message.id] = row
        return True

    async def _mark_unmarked(self) -> None:
        for message_id, row in list(self._unmarked.items()):
            try:
                await fast.mark_sent_alone(row)
            except Exception as exc:
                log.warning("reply %s still not marked sent (%s)", message_id, type(exc).__name__)
                return  # the database is still failing: the next pass tries again
            del self._unmarked[message_id]

    async def _failed(self, message: fast.Outgoing, exc: Exception) -> bool:
        message.attempts += 1
        error = str(exc)[:500]
        if isinstance(exc, GreenAPIError):
            retryable, cause = exc.retryable, exc.status or "no response"
        else:
            retryable, cause = True, type(exc).__name__
        if retryable and message.attempts < self._max_attempts:
            delay = backoff(message.attempts, self._base_delay)
            await Message.filter(id=message.id).update(
                attempts=message.attempts,
                error=error,
                next_attempt_at=timezone.now() + timedelta(seconds=delay),
            )
            self._metrics.messages_out.labels("retry").inc()
            log.warning(
                "send to hotel %s failed (%s); retry in %.1fs",
                message.hotel_id,
                cause,
                delay,
            )
            return False
        await self._give_up(message, error)
        if isinstance(exc, QuotaExceeded | Unauthorized):
            kind = "quota_exceeded" if isinstance(exc, QuotaExceeded) else "gateway_unauthorized"
            await Event.create(
                hotel_id=message.hotel_id,
                kind=kind,
                payload={
                    "message_id": message.id,
                    "chat_id": message.chat_id,
                    "detail": exc.detail[:300],
                },
            )
        return True

    async def _give_up(self, message: fast.Outgoing, reason: str | None) -> None:
        await Message.filter(id=message.id).update(
            status=MessageStatus.FAILED, error=(reason or "")[:500], attempts=message.attempts
        )
        self._metrics.messages_out.labels("failed").inc()
        await Event.create(
            hotel_id=message.hotel_id,
            kind="delivery_failed",
            payload={"message_id": message.id, "chat_id": message.chat_id, "error": reason},
        )
