"""The model's circuit breaker, its health from real calls, and the pool its calls run in.

A model that fails (hangs, refuses connections, answers 5xx) must not cost every guest a
deadline each: after `threshold` failed calls in a row the breaker opens and every guest is
answered from knowledge at once, with no model call; a background probe (a real, minimal chat
call) asks every `probe_seconds` whether the model is back, and closes the breaker when it is.
What `/status`, `/health` and `/metrics` say about the AI comes from the same calls' outcomes.

The pool bounds model calls in flight, per hotel and overall, so one hotel's burst of
questions cannot take every slot the model has, and nothing else waits for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.limits import AI_HEALTH_WINDOW
from bot.metrics import Metrics

# Outcomes that say the model's service failed; the others (an answer, a refusal, a cut-off
# answer, "unknown") prove it works, whatever we then make of the text.
FAILURES = frozenset({"timeout", "error"})


class BreakerState(StrEnum):
    CLOSED = "closed"
    HALF_OPEN = "half-open"
    OPEN = "open"


_GAUGE = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}

# Called on the way down (OPEN) and back (CLOSED), once each, to tell staff.
Listener = Callable[[BreakerState], Awaitable[None]]


@dataclass(frozen=True)
class AIHealth:
    """The AI's state as /status, /health and /metrics show it."""

    state: BreakerState
    calls: int  # recent calls the numbers are over
    error_rate: float  # 0..1
    p50_ms: float | None
    p95_ms: float | None
    since: float  # time.monotonic() of the last state change
    last_error: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "state": self.state.value,
            "recent_calls": self.calls,
            "error_rate": round(self.error_rate, 3),
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "state_seconds": round(time.monotonic() - self.since, 1),
            "last_error": self.last_error,
        }


class Breaker:
    def __init__(self, threshold: int, probe_seconds: float, metrics: Metrics) -> None:
        self.threshold = threshold
        self.probe_seconds = probe_seconds
        self._metrics = metrics
        self.state = BreakerState.CLOSED
        self._since = time.monotonic()
        self._failures = 0  # in a row
        self._recent: deque[tuple[bool, float]] = deque(maxlen=AI_HEALTH_WINDOW)
        self._last_error: str | None = None
        self.listener: Listener | None = None
        metrics.ai_breaker.set(0)

    @property
    def closed(self) -> bool:
        """Whether guests' questions may go to the model now."""
        return self.state is BreakerState.CLOSED

    async def record(self, outcome: str, seconds: float, detail: str | None = None) -> None:
        """One real call's outcome (a guest's or the probe's)."""
        failed = outcome in FAILURES
        self._recent.append((failed, seconds))
        self._update_gauges()
        if not failed:
            self._failures = 0
            if self.state is not BreakerState.CLOSED:
                await self._move(BreakerState.CLOSED)
            return
        self._last_error = f"{outcome}: {detail}" if detail else outcome
        self._failures += 1
        if self.state is BreakerState.HALF_OPEN or (
            self.state is BreakerState.CLOSED and self._failures >= self.threshold
        ):
            await self._move(BreakerState.OPEN)

    async def _move(self, state: BreakerState) -> None:
        was, self.state = self.state, state
        self._since = time.monotonic()
        self._metrics.ai_breaker.set(_GAUGE[state])
        # Staff hear of the way down and the way back, not of each failed probe.
        told = (was is BreakerState.CLOSED) != (state is BreakerState.CLOSED)
        if told and self.listener is not None:
            await self.listener(state)

    def _update_gauges(self) -> None:
        health = self.health()
        self._metrics.ai_error_rate.set(health.error_rate)
        for name, value in (("0.5", health.p50_ms), ("0.95", health.p95_ms)):
            if value is not None:
                self._metrics.ai_latency_p.labels(name).set(value / 1000)

    def health(self) -> AIHealth:
        failed = sum(1 for f, _ in self._recent if f)
        latencies = sorted(s * 1000 for _, s in self._recent)
        p50 = p95 = None
        if len(latencies) == 1:
            p50 = p95 = round(latencies[0], 1)
        elif latencies:
            cuts = statistics.quantiles(latencies, n=20, method="inclusive")
            p50, p95 = round(statistics.median(latencies), 1), round(cuts[18], 1)
        return AIHealth(
            state=self.state,
            calls=len(self._recent),
            error_rate=failed / len(self._recent) if self._recent else 0.0,
            p50_ms=p50,
            p95_ms=p95,
            since=self._since,
            last_error=self._last_error,
        )

    async def run(self, probe: Callable[[], Awaitable[None]]) -> None:
        """The probe loop (run under the app's supervisor): while the breaker is open, one
        real call every `probe_seconds`; the probe records its own outcome."""
        while True:
            await asyncio.sleep(self.probe_seconds)
            if self.state is not BreakerState.OPEN:
                continue
            if time.monotonic() - self._since < self.probe_seconds:
                continue  # opened just now: give the model its interval
            await self._move(BreakerState.HALF_OPEN)
            try:
                await probe()
            finally:
                if self.probing:  # the probe died without a verdict
                    await self._move(BreakerState.OPEN)

    @property
    def probing(self) -> bool:
        return self.state is BreakerState.HALF_OPEN


class CallPool:
    """Model calls in flight: at most `overall`, at most `per_hotel` for one hotel."""

    def __init__(self, overall: int, per_hotel: int) -> None:
        self._overall = asyncio.Semaphore(overall)
        self._per_hotel = per_hotel
        self._hotels: dict[int, asyncio.Semaphore] = {}
        self._users: dict[int, int] = {}

    @contextlib.asynccontextmanager
    async def slot(self, hotel_id: int) -> AsyncIterator[None]:
        hotel = self._hotels.setdefault(hotel_id, asyncio.Semaphore(self._per_hotel))
        self._users[hotel_id] = self._users.get(hotel_id, 0) + 1
        try:
            async with hotel, self._overall:
                yield
        finally:
            self._users[hotel_id] -= 1
            if not self._users[hotel_id]:  # no hotel keeps a semaphore it no longer uses
                del self._users[hotel_id], self._hotels[hotel_id]
