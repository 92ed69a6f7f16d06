"""The sender: delivers stored replies through the gateway, in order per chat.

A reply is a `Message(direction=out, status=pending)` row, stored before the guest's message is
marked processed, so nothing is lost to a crash. Before the gateway is called the row is
claimed, `sending` with the attempt's start time, in a committed write of its own (claims made
together share one statement, `batch.GroupCommit`). What follows decides the row's fate:

- the gateway's answer: `sent` with its idMessage (a mark that fails to be written is
  remembered here and retried on every pass: never sent again);
- an error proving the gateway did not take it (an HTTP status with a body, no connection
  made): `pending` again with backoff, or `failed` when retrying cannot help;
- anything else (a timeout, a connection lost after the request was written, the process
  dying): the row stays `sending`, and `reconcile.py` looks for it in the gateway's journal
  before anything is sent again. A chat with such a row sends nothing else meanwhile, so its
  replies keep their order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
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

    async def send_file_by_upload(
        self,
        instance: Instance,
        chat_id: str,
        content: bytes,
        file_name: str,
        caption: str | None = None,
    ) -> str: ...


class FileGone(Exception):
    """A staff file the outbox should send is no longer on disk: retrying cannot help."""


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
        self._claims: GroupCommit[int, bool] = GroupCommit(fast.mark_sending_many)
        # Claimed (or being claimed) by a delivery task here: their outcome is ours to write.
        self._in_flight: set[int] = set()
        # Told (hotel, chat) when a send's outcome is unknown: the reconciler, set by the flow.
        self.on_unknown: Callable[[int, str], None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def in_hand(self) -> set[int]:
        """Replies whose outcome this process is still writing: `sending` in the database,
        but not for the reconciler to judge."""
        return self._in_flight | self._unmarked.keys()

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
        """Returns False when the chat must pause (this message will be retried later, or
        waits for reconciliation)."""
        self._in_flight.add(message.id)  # before the claim: the reconciler must not judge it
        try:
            return await self._attempt(message)
        finally:
            self._in_flight.discard(message.id)

    async def _attempt(self, message: fast.Outgoing) -> bool:
        try:
            access = await self._directory.by_id(message.hotel_id)
            if access is None:
                await self._give_up(message, "hotel no longer exists")
                return True
            async with self._slots, self._limiter(access.instance.id):
                if not await self._claims.add(message.id):
                    return True  # no longer pending: settled elsewhere, nothing to send
                try:
                    gateway_id = await self._send(access.instance, message)
                except FileGone as exc:
                    await self._give_up(message, str(exc))
                    return True
                except GreenAPIError as exc:
                    if exc.outcome_unknown:
                        return await self._unknown(message, exc)
                    raise
                except Exception as exc:  # whatever broke, the request may have gone out
                    return await self._unknown(message, exc)
        except GreenAPIError as exc:
            return await self._failed(message, exc)
        except Exception as exc:  # not sent: back off, never resend at once
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
        if message.file is not None:  # sent: the gateway has it, the copy here goes
            with contextlib.suppress(OSError):
                await asyncio.to_thread(Path(message.file[0]).unlink, missing_ok=True)
        return True

    async def _send(self, instance: Instance, message: fast.Outgoing) -> str:
        """One way to send: a text, or a staff member's file (read off the event loop) with
        the text as its caption."""
        if message.file is None:
            return await self._transport.send_message(instance, message.chat_id, message.text)
        path, name = message.file
        try:
            content = await asyncio.to_thread(Path(path).read_bytes)
        except OSError as exc:
            raise FileGone(f"the file to send is gone ({type(exc).__name__})") from None
        return await self._transport.send_file_by_upload(
            instance, message.chat_id, content, name, message.text or None
        )

    async def _unknown(self, message: fast.Outgoing, exc: Exception) -> bool:
        """The gateway may have taken it: the row stays `sending` for the reconciler, and the
        chat waits behind it."""
        message.attempts += 1
        said = exc if isinstance(exc, GreenAPIError) else type(exc).__name__
        cause = f"outcome unknown: {said}"
        log.warning(
            "hotel %s: reply %s handed to the gateway, %s; checking its journal before any resend",
            message.hotel_id,
            message.id,
            cause[:200],
        )
        self._metrics.messages_out.labels("unknown").inc()
        try:
            await Message.filter(id=message.id, status=MessageStatus.SENDING).update(
                attempts=message.attempts, error=cause[:500]
            )
        except Exception:  # the row is `sending` already; the note is only for people
            log.warning("reply %s: could not note the unknown outcome", message.id)
        if self.on_unknown is not None:
            self.on_unknown(message.hotel_id, message.chat_id)
        return False

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
                status=MessageStatus.PENDING,
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
        if await fast.watched_by_a_mark(message.id):
            return
        await Event.create(
            hotel_id=message.hotel_id,
            kind="delivery_failed",
            payload={"message_id": message.id, "chat_id": message.chat_id, "error": reason},
        )
