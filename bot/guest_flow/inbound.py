"""Guests' messages are stored by group commit: webhooks arriving together share one INSERT."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tortoise import timezone

from bot.guest_flow.batch import GroupCommit
from bot.store import fast

Stored = Callable[[int, fast.InboundRow], None]


class InboundWriter:
    def __init__(self, on_stored: Stored) -> None:
        """`on_stored(id, row)` runs for each new message inside the write, so a webhook
        request that goes away before its answer cannot leave a stored message unanswered."""
        self._on_stored = on_stored
        self._commit: GroupCommit[fast.InboundRow, bool] = GroupCommit(self._write)

    async def store(self, row: fast.InboundRow) -> bool:
        """True when the message is new, False for a duplicate we already had."""
        return await self._commit.add(row)

    async def _write(self, rows: Sequence[fast.InboundRow]) -> list[bool]:
        ids = await fast.insert_inbound_many(rows, timezone.now())
        fresh = []
        for row in rows:
            # The same message twice in one batch: only its first copy is new.
            message_id = ids.pop((row[0], row[1], row[2]), None)
            if message_id is not None:
                self._on_stored(message_id, row)
            fresh.append(message_id is not None)
        return fresh
