"""Per-guest flood control: a sliding window over message arrival times.

In memory on purpose: it guards the outbox from one noisy chat, and losing it on restart only
means one more polite notice.
"""

from __future__ import annotations

from collections import deque
from enum import Enum


class FloodVerdict(Enum):
    OK = "ok"
    NOTICE = "notice"  # just crossed the limit: say so once
    QUIET = "quiet"  # still over the limit: store, answer nothing


class FloodGuard:
    def __init__(self, limit: int, window_seconds: float, max_chats: int = 100_000) -> None:
        self._limit = limit
        self._window = window_seconds
        self._max_chats = max_chats
        self._seen: dict[tuple[int, str], deque[float]] = {}
        self._noticed: set[tuple[int, str]] = set()

    def check(self, hotel_id: int, chat_id: str, now: float) -> FloodVerdict:
        key = (hotel_id, chat_id)
        times = self._seen.get(key)
        if times is None:
            if len(self._seen) >= self._max_chats:
                self._evict(now)
            times = self._seen[key] = deque()
        while times and now - times[0] > self._window:
            times.popleft()
        times.append(now)
        if len(times) <= self._limit:
            self._noticed.discard(key)
            return FloodVerdict.OK
        if key in self._noticed:
            return FloodVerdict.QUIET
        self._noticed.add(key)
        return FloodVerdict.NOTICE

    def _evict(self, now: float) -> None:
        stale = [k for k, t in self._seen.items() if not t or now - t[-1] > self._window]
        for key in stale:
            del self._seen[key]
            self._noticed.discard(key)
