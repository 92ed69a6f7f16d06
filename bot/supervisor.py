"""Long-running background tasks, kept alive: a task that raises is logged and restarted.

Without this, an exception ended a task for good with nothing said until shutdown (a hotel's
polling once stopped that way on one bad notification). Each task is restarted with capped
exponential backoff, so a task that fails at every start costs one log line per backoff step,
not a hot loop; its restarts and last error are kept for /health, /metrics and /status.

A task counts as `restarting` after a failure, `failing` once it failed FAILING_AFTER times
without a stable run (STABLE_SECONDS) in between, and `ok` again after such a run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from bot.metrics import Metrics

log = logging.getLogger(__name__)

FIRST_DELAY_SECONDS = 0.5
MAX_DELAY_SECONDS = 60.0
STABLE_SECONDS = 60.0
FAILING_AFTER = 3


class TaskState(StrEnum):
    OK = "ok"
    RESTARTING = "restarting"
    FAILING = "failing"


@dataclass
class TaskRecord:
    name: str
    hotel_id: int | None  # the hotel a per-hotel task serves (its staff may see it in /status)
    restarts: int = 0
    failures_in_row: int = 0
    last_error: str | None = None
    last_error_at: datetime | None = None
    run_started: float | None = field(default_factory=time.monotonic)  # None: waiting
    task: asyncio.Task[None] | None = None

    @property
    def state(self) -> TaskState:
        if not self.failures_in_row or self.stable:
            return TaskState.OK
        if self.failures_in_row >= FAILING_AFTER:
            return TaskState.FAILING
        return TaskState.RESTARTING

    @property
    def stable(self) -> bool:
        """Running for STABLE_SECONDS since its last restart: past failures are forgiven."""
        started = self.run_started
        return started is not None and time.monotonic() - started >= STABLE_SECONDS

    def describe(self) -> dict[str, object]:
        return {
            "state": self.state.value,
            "restarts": self.restarts,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at.isoformat() if self.last_error_at else None,
        }


def backoff(failures_in_row: int) -> float:
    return float(min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (failures_in_row - 1)))


class Supervisor:
    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics
        self._records: dict[str, TaskRecord] = {}

    def start(
        self, name: str, run: Callable[[], Awaitable[None]], *, hotel_id: int | None = None
    ) -> None:
        """Run `run()` as task `name` until it returns or is stopped; a name runs once."""
        if name in self._records:
            return
        record = self._records[name] = TaskRecord(name, hotel_id)
        record.task = asyncio.create_task(self._keep(record, run), name=name)

    def running(self, name: str) -> bool:
        return name in self._records

    def records(self) -> list[TaskRecord]:
        return list(self._records.values())

    def problems(self) -> list[TaskRecord]:
        return [r for r in self._records.values() if r.state is not TaskState.OK]

    def failing(self) -> int:
        """How many tasks are failing now; also the gauge /metrics shows."""
        count = sum(1 for r in self._records.values() if r.state is TaskState.FAILING)
        self._metrics.tasks_failing.set(count)
        return count

    async def stop(self, name: str) -> None:
        record = self._records.pop(name, None)
        if record is None or record.task is None:
            return
        record.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await record.task

    async def stop_all(self) -> None:
        for name in list(self._records):
            await self.stop(name)

    async def _keep(self, record: TaskRecord, run: Callable[[], Awaitable[None]]) -> None:
        try:
            while True:
                record.run_started = time.monotonic()
                try:
                    await run()
                except Exception as exc:
                    await self._failed(record, exc)
                else:
                    return  # finished on purpose (its hotel is gone, the app stops)
        finally:
            if self._records.get(record.name) is record:
                del self._records[record.name]

    async def _failed(self, record: TaskRecord, exc: Exception) -> None:
        if record.stable:
            record.failures_in_row = 0
        record.run_started = None
        record.failures_in_row += 1
        record.restarts += 1
        record.last_error = type(exc).__name__
        record.last_error_at = datetime.now(UTC)
        self._metrics.task_restarts.labels(record.name).inc()
        delay = backoff(record.failures_in_row)
        # The traceback once per run of failures; a task failing at every start says one line.
        log.error(
            "task %s failed (%s: %.200s); restart %d in %.1f s",
            record.name,
            record.last_error,
            exc,
            record.restarts,
            delay,
            exc_info=exc if record.failures_in_row == 1 else None,
        )
        await asyncio.sleep(delay)
