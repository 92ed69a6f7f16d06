"""Reconciliation: settling replies whose send's outcome is unknown, from the gateway's journals.

A reply stays `sending` when the gateway may have taken it without us hearing so: the process
died mid-send, the call timed out, the connection dropped after the request was written.
Sending it again could make a guest read it twice, and not sending it could lose it, so the
gateway is asked what it sent: `lastOutgoingMessages` for the instance (and a chat's
`getChatHistory` when that journal cannot help), matched by chat, text (or file name) and a
time after the attempt started. A match records the gateway's idMessage and marks the reply
sent; no match once the journal had time to show it (Green API: up to 2 minutes,
`Settings.reconcile_journal_delay`) means it was not sent, and it goes back to the outbox.
While the gateway cannot be asked (down, credentials refused), replies wait, never resent, and
`/status` says how many and why (`waiting`). `outgoingAPIMessageReceived` notifications, the
gateway's echo of a send, settle a reply the same way (`echo`).

One journal item settles one reply: the same text sent twice to a chat needs two items, and an
item whose idMessage another reply already holds is that reply's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from tortoise import timezone

from bot import limits
from bot.guest_flow.greenapi import BadRequest, GreenAPIError, HostNotAllowed, Unauthorized
from bot.guest_flow.notifications import IncomingMessage
from bot.store import fast
from bot.store.hotels import HotelDirectory, Instance
from bot.store.models import Direction, Message, MessageStatus

log = logging.getLogger(__name__)

# The gateway's clock and ours may differ a little: an item this much older than the attempt
# still counts as the attempt's.
CLOCK_SKEW_SECONDS = 10.0
RECHECK_SECONDS = 5.0  # between passes while replies wait (the journal is asked again)
IDLE_SECONDS = 10.0  # between passes when nothing was waiting (the outbox wakes us sooner)
# Paced a little slower than the gateway's limit, so clock jitter never costs a 429.
PACE_MARGIN = 1.1


@runtime_checkable
class Journal(Protocol):
    """What the gateway remembers sending (`GreenAPIClient` is one)."""

    async def last_outgoing_messages(
        self, instance: Instance, minutes: int
    ) -> list[dict[str, Any]]: ...

    async def get_chat_history(
        self, instance: Instance, chat_id: str, count: int
    ) -> list[dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class Sent:
    """One outgoing message as a journal (or an echo) shows it."""

    id_message: str
    chat_id: str
    timestamp: float  # unix seconds
    text: str | None
    file_name: str | None


@dataclass(frozen=True, slots=True)
class Reason:
    """Why replies of a hotel still wait: a key under admin.numbers.unconfirmed_why."""

    key: str
    status: int | None = None

    @property
    def failing(self) -> bool:
        return self.key not in ("journal_delay", "checking")


CHECKING = Reason("checking")
JOURNAL_DELAY = Reason("journal_delay")


def parse_item(raw: Mapping[str, Any]) -> Sent | None:
    """A journal item we can match, or None: incoming, sent from the phone, or malformed."""
    if raw.get("type") != "outgoing" or raw.get("sendByApi") is False:
        return None
    id_message, chat_id, timestamp = raw.get("idMessage"), raw.get("chatId"), raw.get("timestamp")
    if not isinstance(id_message, str) or not isinstance(chat_id, str):
        return None
    if not isinstance(timestamp, int | float) or isinstance(timestamp, bool):
        return None
    extended = raw.get("extendedTextMessage")
    texts = (
        raw.get("textMessage"),
        extended.get("text") if isinstance(extended, dict) else None,
        raw.get("caption"),
    )
    text = next((t for t in texts if isinstance(t, str)), None)
    name = raw.get("fileName")
    return Sent(
        id_message, chat_id, float(timestamp), text, name if isinstance(name, str) else None
    )


def _same_content(row: fast.Unconfirmed, item: Sent) -> bool:
    if row.file_name is not None:  # the gateway may rename a file: its caption counts too
        return item.file_name == row.file_name or bool(row.text and item.text == row.text)
    return item.text is not None and item.text.strip() == row.text.strip()


def match(rows: Iterable[fast.Unconfirmed], items: Iterable[Sent]) -> dict[int, Sent]:
    """Reply id → the journal item that is its send; each item settles one reply at most.

    Oldest attempt first takes the earliest fitting item, so two identical texts in one chat
    take the two sends in order.
    """
    ordered = sorted(items, key=lambda i: (i.timestamp, i.id_message))
    used: set[str] = set()
    found: dict[int, Sent] = {}
    for row in sorted(rows, key=lambda r: (r.started, r.id)):
        earliest = row.started.timestamp() - CLOCK_SKEW_SECONDS
        for item in ordered:
            if (
                item.id_message not in used
                and item.chat_id == row.chat_id
                and item.timestamp >= earliest
                and _same_content(row, item)
            ):
                used.add(item.id_message)
                found[row.id] = item
                break
    return found


class Reconciler:
    def __init__(
        self,
        journal: Journal | None,
        directory: HotelDirectory,
        in_hand: Callable[[], Collection[int]],
        resend: Callable[[], None],
        *,
        journal_delay: float,
    ) -> None:
        """`in_hand`: replies the outbox is still writing the outcome of (not ours to judge);
        `resend`: wakes the outbox when replies go back to it. Without a journal (the
        terminal chat) nothing can be looked up: a reply counts as not sent after the delay."""
        self._journal = journal
        self._directory = directory
        self._in_hand = in_hand
        self._resend = resend
        self._delay = journal_delay
        self._gap = PACE_MARGIN / limits.GREEN_API_JOURNAL_CALLS_PER_SECOND
        self._next_call: dict[int, float] = {}
        self._wake = asyncio.Event()
        self._stopping = False
        self._reasons: dict[int, Reason] = {}
        # Chats with a reply waiting, for `echo` to skip the database for every other chat;
        # None until the first pass has looked.
        self._suspects: set[tuple[int, str]] | None = None
        self._noted: set[tuple[int, str]] = set()  # told during the current pass

    def wake(self, hotel_id: int | None = None, chat_id: str | None = None) -> None:
        """The outbox left a reply `sending`: look soon, and listen for its echo."""
        if hotel_id is not None and chat_id is not None:
            self._noted.add((hotel_id, chat_id))
            if self._suspects is not None:
                self._suspects.add((hotel_id, chat_id))
        self._wake.set()

    async def run(self) -> None:
        """The reconciler loop, started by the app's lifecycle (first pass at once: replies
        left `sending` by the last stop are settled before anything of theirs is resent)."""
        while not self._stopping:
            self._wake.clear()
            try:
                wait = await self.reconcile()
            except Exception:
                log.exception("reconciliation pass failed; retrying")
                wait = RECHECK_SECONDS
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def reconcile(self) -> float:
        """One pass over every reply waiting; returns the seconds until the next is useful."""
        self._noted = set()
        in_hand = self._in_hand()
        rows = [
            r for r in await fast.unconfirmed_replies(limits.RECONCILE_ROWS) if r.id not in in_hand
        ]
        by_hotel: dict[int, list[fast.Unconfirmed]] = defaultdict(list)
        for row in rows:
            by_hotel[row.hotel_id].append(row)
        results = await asyncio.gather(
            *(self._hotel(hotel_id, hotel_rows) for hotel_id, hotel_rows in by_hotel.items())
        )
        waiting = [row for left in results for row in left]
        self._reasons = {h: r for h, r in self._reasons.items() if h in by_hotel}
        self._suspects = {(row.hotel_id, row.chat_id) for row in waiting} | self._noted
        if not waiting:
            return IDLE_SECONDS
        # Ask again when the first waiting reply becomes decidable, and at least every
        # RECHECK_SECONDS (a late journal entry, a gateway back up), never faster than the pace.
        later = max(self._gap, min(RECHECK_SECONDS, self._delay))
        now = timezone.now()
        due = [
            (row.started - now).total_seconds() + self._delay
            for row in waiting
            if not self._reasons.get(row.hotel_id, CHECKING).failing
        ]
        return max(self._gap, min([later, *due]))

    async def echo(self, hotel_id: int, notification: IncomingMessage) -> bool:
        """The gateway's echo of a send we made (`outgoingAPIMessageReceived`): settles the
        reply it is, if one waits. True when it settled one."""
        key = (hotel_id, notification.chat_id)
        if self._suspects is not None and key not in self._suspects:
            return False
        in_hand = self._in_hand()
        rows = [
            r
            for r in await fast.unconfirmed_replies(
                limits.RECONCILE_ROWS, hotel_id=hotel_id, chat_id=notification.chat_id
            )
            if r.id not in in_hand
        ]
        if not rows:
            return False
        data = notification.body.get("messageData")
        file_data = data.get("fileMessageData") if isinstance(data, dict) else None
        name = file_data.get("fileName") if isinstance(file_data, dict) else None
        item = Sent(
            notification.id_message,
            notification.chat_id,
            float(notification.timestamp),
            notification.text,
            name if isinstance(name, str) else None,
        )
        return bool(await self._settle(hotel_id, rows, [item]))

    async def waiting(self, hotel_ids: Collection[int] | None = None) -> dict[Reason, int]:
        """Replies waiting for reconciliation, by why (for /status): all hotels with None."""
        scope: dict[str, Any] = {} if hotel_ids is None else {"hotel_id__in": list(hotel_ids)}
        rows = await Message.filter(
            direction=Direction.OUT, status=MessageStatus.SENDING, **scope
        ).values_list("id", "hotel_id")
        in_hand = self._in_hand()
        counts: dict[Reason, int] = defaultdict(int)
        for message_id, hotel_id in rows:
            if message_id not in in_hand:
                counts[self._reasons.get(int(hotel_id), CHECKING)] += 1
        return dict(counts)

    # --- one hotel -------------------------------------------------------------------------

    async def _hotel(self, hotel_id: int, rows: list[fast.Unconfirmed]) -> list[fast.Unconfirmed]:
        """Settle what the journal shows; returns the replies still waiting."""
        try:
            access = await self._directory.by_id(hotel_id)
        except ValueError:  # the stored token does not decrypt with this SECRET_KEY
            self._reasons[hotel_id] = Reason("secret")
            return rows
        if access is None:
            return []  # the hotel is gone, and its messages with it
        now = timezone.now()
        try:
            items = await self._look_up(access.instance, rows, now)
        except GreenAPIError as exc:
            reason = _reason_for(exc)
            if self._reasons.get(hotel_id) != reason:  # said once, not on every pass
                log.warning(
                    "hotel %s: %d replies of unknown outcome wait: the gateway's journal "
                    "cannot be read (%s); none is resent meanwhile",
                    hotel_id,
                    len(rows),
                    exc,
                )
            self._reasons[hotel_id] = reason
            return rows
        settled = await self._settle(hotel_id, rows, items)
        left = [row for row in rows if row.id not in settled]
        decided = [row for row in left if _decidable(row, now, self._delay)]
        released = await fast.release_unsent(
            [row.id for row in decided], now, "not in the gateway's journal: sent again"
        )
        if released:
            log.warning(
                "hotel %s: %d replies of unknown outcome are not in the gateway's journal; "
                "sending them again",
                hotel_id,
                len(released),
            )
            self._resend()
        waiting = [row for row in left if row.id not in set(released)]
        if waiting:
            self._reasons[hotel_id] = JOURNAL_DELAY
        return waiting

    async def _look_up(
        self, instance: Instance, rows: Sequence[fast.Unconfirmed], now: datetime
    ) -> list[Sent]:
        """The journal items that could be these replies' sends."""
        if self._journal is None:
            return []
        reach = now - timedelta(minutes=limits.GREEN_API_JOURNAL_MINUTES)
        recent = [row for row in rows if row.started - _skew() > reach]
        old_chats = {row.chat_id for row in rows if row not in recent}
        items: list[Sent] = []
        if recent:
            oldest = min(row.started for row in recent) - _skew()
            minutes = min(
                limits.GREEN_API_JOURNAL_MINUTES,
                math.ceil((now - oldest).total_seconds() / 60) + 1,
            )
            await self._pace(instance.id)
            try:
                raw = await self._journal.last_outgoing_messages(instance, minutes)
            except BadRequest:  # this instance has no such journal: each chat's history then
                old_chats |= {row.chat_id for row in recent}
            else:
                items += _parsed(raw)
        for chat_id in sorted(old_chats):
            await self._pace(instance.id)
            raw = await self._journal.get_chat_history(
                instance, chat_id, limits.CHAT_HISTORY_COUNT
            )
            items += _parsed(raw)
        return items

    async def _settle(
        self, hotel_id: int, rows: Sequence[fast.Unconfirmed], items: Sequence[Sent]
    ) -> set[int]:
        """Record the matches; returns the replies settled."""
        chats = {row.chat_id for row in rows}
        earliest = min(row.started for row in rows).timestamp() - CLOCK_SKEW_SECONDS
        candidates = [i for i in items if i.chat_id in chats and i.timestamp >= earliest]
        if not candidates:
            return set()
        taken: set[str] = set()
        ids = sorted({i.id_message for i in candidates})
        for start in range(0, len(ids), limits.RECONCILE_ROWS):
            chunk = ids[start : start + limits.RECONCILE_ROWS]
            taken |= await fast.recorded_gateway_ids(hotel_id, chunk)
        found = match(rows, [i for i in candidates if i.id_message not in taken])
        settled = set()
        for message_id, item in found.items():
            when = datetime.fromtimestamp(item.timestamp, UTC)
            if await fast.confirm_sent(message_id, item.id_message, when):
                settled.add(message_id)
        if settled:
            log.info(
                "hotel %s: %d replies of unknown outcome found in the gateway's journal: "
                "marked sent, not sent again",
                hotel_id,
                len(settled),
            )
        return settled

    async def _pace(self, instance_id: int) -> None:
        """The journals' per-instance rate limit, kept across passes."""
        wait = self._next_call.get(instance_id, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        self._next_call[instance_id] = time.monotonic() + self._gap


def _skew() -> timedelta:
    return timedelta(seconds=CLOCK_SKEW_SECONDS)


def _decidable(row: fast.Unconfirmed, now: datetime, delay: float) -> bool:
    """The journal had time to show this attempt, so its absence there means not sent."""
    return (now - row.started).total_seconds() >= delay


def _parsed(raw: Iterable[Mapping[str, Any]]) -> list[Sent]:
    return [item for item in (parse_item(r) for r in raw) if item is not None]


def _reason_for(exc: GreenAPIError) -> Reason:
    if isinstance(exc, HostNotAllowed):
        return Reason("host")
    if isinstance(exc, Unauthorized):
        return Reason("refused", exc.status)
    if exc.status is None:
        return Reason("unreachable")
    return Reason("error", exc.status)
