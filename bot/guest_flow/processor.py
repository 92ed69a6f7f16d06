"""Runs the answer to each stored guest message in the background, in order per chat.

Different chats proceed concurrently; one chat's messages are answered one after another so
replies keep the order the guest wrote in. A failure is retried a few times and then surfaced
to staff, never dropped silently.

A message holds one of the shared slots while it is worked on, except while it waits for
something slow and outside (the model): `unslotted()` gives the slot to knowledge answers,
greetings, requests and other hotels meanwhile, and takes one back before writing the outcome.
The chat's own queue still waits, so its order is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from typing import Any

log = logging.getLogger(__name__)
MAX_TRIES = 3

# (message id, the notification when it was just stored, else None: read it back)
Handler = Callable[[int, Any], Awaitable[None]]
GiveUp = Callable[[int, BaseException], Awaitable[None]]


class _Held:
    """The slot one chat's task holds, if it holds one now."""

    def __init__(self, slots: asyncio.Semaphore) -> None:
        self._slots = slots
        self.held = False

    async def take(self) -> None:
        await self._slots.acquire()
        self.held = True

    def give(self) -> None:
        if self.held:
            self.held = False
            self._slots.release()


_current: ContextVar[_Held | None] = ContextVar("processor_slot", default=None)


@contextlib.asynccontextmanager
async def unslotted() -> AsyncIterator[None]:
    """Wait for something slow without holding a shared slot (a no-op outside the processor).

    A cancellation while the slot is being taken back leaves it not held, so nothing is
    released twice."""
    held = _current.get()
    if held is None or not held.held:
        yield
        return
    held.give()
    try:
        yield
    finally:
        await held.take()


class Processor:
    def __init__(self, handle: Handler, give_up: GiveUp, concurrency: int = 32) -> None:
        self._handle = handle
        self._give_up = give_up
        self._slots = asyncio.Semaphore(concurrency)
        self._queues: dict[tuple[int, str], deque[tuple[int, Any]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._queued: set[int] = set()  # message ids waiting or being worked on
        self._idle = asyncio.Event()
        self._idle.set()
        self.stranded = 0  # messages whose give-up could not be written either (see sweep)

    def submit(self, message_id: int, hotel_id: int, chat_id: str, fresh: Any = None) -> None:
        if message_id in self._queued:
            return  # already on its way (the sweep may find a message the processor holds)
        self._queued.add(message_id)
        key = (hotel_id, chat_id)
        queue = self._queues.get(key)
        if queue is not None:
            queue.append((message_id, fresh))
            return
        self._queues[key] = deque([(message_id, fresh)])
        self._idle.clear()
        task = asyncio.create_task(self._run_chat(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def pending(self) -> int:
        return sum(len(q) for q in self._queues.values())

    async def _run_chat(self, key: tuple[int, str]) -> None:
        queue = self._queues[key]
        try:
            while queue:
                message_id, fresh = queue[0]
                try:
                    await self._run_one(message_id, fresh)
                finally:
                    self._queued.discard(message_id)
                queue.popleft()
        finally:
            del self._queues[key]
            if not self._queues:
                self._idle.set()

    async def _run_one(self, message_id: int, fresh: Any) -> None:
        held = _Held(self._slots)
        _current.set(held)  # this chat's task only: each task has its own context
        for attempt in range(1, MAX_TRIES + 1):
            try:
                await held.take()
                try:
                    # A retry reads the message back: the first try may have half-run.
                    await self._handle(message_id, fresh if attempt == 1 else None)
                finally:
                    held.give()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.exception("processing message %s failed (try %s)", message_id, attempt)
                if attempt == MAX_TRIES:
                    await self._give_up_safely(message_id, exc)
                    return
                await asyncio.sleep(0.2 * attempt)
            else:
                return

    async def _give_up_safely(self, message_id: int, exc: BaseException) -> None:
        """A give-up that fails too (the database away) must not end the chat's queue: the
        message stays `received`, and the flow's sweep submits it again later."""
        try:
            await self._give_up(message_id, exc)
        except Exception:
            self.stranded += 1
            log.exception("giving up message %s failed too; the sweep retries it", message_id)

    async def drain(self) -> None:
        """Wait until every submitted message has been handled."""
        await self._idle.wait()

    async def stop(self) -> None:
        """Cancel work in flight: those messages stay `received` and are redone at start."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
