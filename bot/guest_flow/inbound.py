"""Group commit for guests' messages: webhooks that arrive together share one INSERT.

Every statement waits its turn on the database connection (SQLite has exactly one), so under
load one multi-row INSERT per batch instead of one per webhook is what keeps acknowledgements
fast and leaves the connection to the answering work. Batches form by themselves: while one
INSERT runs, the next webhooks queue up and go together in the following one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from tortoise import timezone

from bot.store import fast

log = logging.getLogger(__name__)
MAX_BATCH = 200

Stored = Callable[[int, fast.InboundRow], None]


class InboundWriter:
    def __init__(self, on_stored: Stored) -> None:
        """`on_stored(id, row)` runs for each new message, inside the flush, so a webhook
        request that goes away before its answer cannot leave a stored message unanswered."""
        self._on_stored = on_stored
        self._pending: list[tuple[fast.InboundRow, asyncio.Future[bool]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def store(self, row: fast.InboundRow) -> bool:
        """True when the message is new, False for a duplicate we already had."""
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending.append((row, future))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        return await asyncio.shield(future)

    async def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                ids = await fast.insert_inbound_many([row for row, _ in batch], timezone.now())
            except Exception as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for row, future in batch:
                # The same message twice in one batch: only its first copy is new.
                message_id = ids.pop((row[0], row[1], row[2]), None)
                if message_id is not None:
                    self._on_stored(message_id, row)
                if not future.done():
                    future.set_result(message_id is not None)
