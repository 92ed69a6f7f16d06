"""Group commit: writes that arrive together share one statement.

Every statement waits its turn on the database connection (SQLite has exactly one), so under
load one multi-row statement per batch instead of one per item keeps the connection free for
the rest. Batches form by themselves: while one write runs, the next items queue up and go
together in the following one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
MAX_BATCH = 200


class GroupCommit(Generic[Item, Result]):
    def __init__(
        self,
        write: Callable[[Sequence[Item]], Awaitable[Sequence[Result]]],
        write_alone: Callable[[Item], Awaitable[Result]] | None = None,
    ) -> None:
        """`write(items)` stores a batch and returns one result per item, in order. When it
        fails, each item is written again alone, with `write_alone` if given (it must cope
        with whatever part of the batch was written), else with `write`."""
        self._write = write
        self._write_alone = write_alone
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def add(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        # Shielded: a caller that goes away must not cancel a write others wait for.
        return await asyncio.shield(future)

    async def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                results = await self._write([item for item, _ in batch])
            except Exception as exc:
                if len(batch) == 1 and self._write_alone is None:
                    _settle(batch[0][1], exc)
                else:
                    # One bad item (a guest deleted meanwhile...) must not fail the others.
                    await self._one_by_one(batch)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                _settle(future, result)

    async def _one_by_one(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        for item, future in batch:
            try:
                if self._write_alone is not None:
                    result = await self._write_alone(item)
                else:
                    (result,) = await self._write([item])
            except Exception as exc:
                _settle(future, exc)
            else:
                _settle(future, result)


def _settle(future: asyncio.Future[Result], outcome: Result | BaseException) -> None:
    if future.done():
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
