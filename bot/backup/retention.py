"""Guest data retention: texts older than a hotel's `retention_days` are erased every night.

The rows stay (direction, status, outcome, times), so `/stats` and the reports count the same
as before; what goes is what a guest wrote or was told: message texts and payloads, the text of
service requests done, the text copied into staff events, and raw notifications set aside.

"Erased" means gone from the live database, not just hidden: SQLite runs with
`secure_delete=ON` (bot/store/db.py), so the old bytes are overwritten with zeros, and
`purge_erased` checkpoints the WAL, which may still hold older page images; PostgreSQL is
vacuumed, so the dead row versions holding the text are removed. Backups made before keep
their copy until they age out (store.prune).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tortoise import connections
from tortoise.expressions import Q, RawSQL, Subquery
from tortoise.transactions import in_transaction

from bot import limits
from bot.scheduler import claim, due_date, finish
from bot.store.fast import STAFF_FILE_KINDS
from bot.store.models import (
    Direction,
    Event,
    Hotel,
    Message,
    MessageStatus,
    ServiceRequest,
    SetAside,
    StaffLink,
)

log = logging.getLogger(__name__)
# The tables whose old versions may hold erased text.
ERASED_TABLES = ("messages", "events", "service_requests", "set_aside", "guests")


async def purge_erased() -> None:
    """Leave no copy of just-erased text in the database's files (see the module's note)."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "sqlite":
        await conn.execute_script("PRAGMA wal_checkpoint(TRUNCATE)")
    elif conn.capabilities.dialect == "postgres":
        await conn.execute_script("VACUUM " + ", ".join(f'"{t}"' for t in ERASED_TABLES))


def _holds_text() -> RawSQL:
    """Whether an event's payload still has a "text" key: the database answers, so events
    stripped on earlier nights are never read again."""
    if connections.get("default").capabilities.dialect == "postgres":
        return RawSQL("jsonb_exists(payload::jsonb, 'text')")
    return RawSQL("(json_type(payload, '$.text') IS NOT NULL)")


async def _strip_event_texts(hotel_id: int, cutoff: datetime) -> int:
    """Drop "text" from old events' payloads, RETENTION_BATCH_ROWS at a time by id."""
    stripped, after = 0, 0
    while True:
        batch = (
            await Event.filter(hotel_id=hotel_id, created_at__lt=cutoff, id__gt=after)
            .annotate(holds_text=_holds_text())
            .filter(holds_text=True)
            .order_by("id")
            .limit(limits.RETENTION_BATCH_ROWS)
            .values_list("id", "payload")
        )
        if not batch:
            return stripped
        async with in_transaction():
            for event_id, payload in batch:
                kept = {k: v for k, v in payload.items() if k != "text"}
                await Event.filter(id=event_id).update(payload=kept)
        stripped += len(batch)
        after = batch[-1][0]


async def erase_old_texts(now: datetime) -> dict[int, int]:
    """Apply every hotel's retention; returns, per hotel that had any, how many rows it erased
    text from (messages, done requests, events, set-aside notifications)."""
    erased: dict[int, int] = {}
    for hotel in await Hotel.filter(retention_days__isnull=False):
        cutoff = now - timedelta(days=max(hotel.retention_days or 0, 0))
        old = Message.filter(hotel_id=hotel.id, created_at__lt=cutoff)
        count = await old.filter(~Q(text="") | Q(payload__isnull=False)).update(
            text="", payload=None
        )
        count += await (
            # Done ones only: staff still act on an open or in-progress request's words.
            ServiceRequest.filter(hotel_id=hotel.id, created_at__lt=cutoff, status="done")
            .exclude(text="")
            .update(text="")
        )
        count += await _strip_event_texts(hotel.id, cutoff)
        count += await SetAside.filter(hotel_id=hotel.id, created_at__lt=cutoff).delete()
        if count:
            erased[hotel.id] = count
    if erased:  # whatever was erased, its old page images may still be in the journal
        await purge_erased()
    return erased


async def prune_staff_links(now: datetime) -> int:
    """Forget which guest the staff chat's old messages stand for (`STAFF_LINK_KEEP_DAYS`);
    how many links went. An open request's card keeps its link, to be edited when it is done."""
    cutoff = now - timedelta(days=limits.STAFF_LINK_KEEP_DAYS)
    open_requests = ServiceRequest.exclude(status="done").values("id")
    return await (
        StaffLink.filter(created_at__lt=cutoff)
        .filter(Q(kind__not="request") | ~Q(request_id__in=Subquery(open_requests)))
        .delete()
    )


# Staff files a reply still needs: one waiting to be sent (however long the gateway is down)
# is never deleted; a failed one is kept for the mark's Retry, for STAFF_FILE_KEEP_DAYS.
_WAITING = (MessageStatus.PENDING, MessageStatus.SENDING)


async def _needed_files() -> tuple[set[str], set[str]]:
    """(files of replies still to be sent, files of failed replies). A file is deleted when
    it is sent, so the ones left behind belong to replies that failed for good, were
    forgotten with their guest, or were written by a server that stopped between saving the
    file and its row."""
    rows: list[Any] = await Message.filter(
        direction=Direction.OUT,
        kind__in=STAFF_FILE_KINDS,
        status__in=(*_WAITING, MessageStatus.FAILED),
    ).values_list("status", "payload")
    waiting: set[str] = set()
    failed: set[str] = set()
    for status, payload in rows:
        if isinstance(payload, dict) and isinstance(payload.get("file"), str):
            (waiting if status in _WAITING else failed).add(payload["file"])
    return waiting, failed


def _sweep(folder: Path, waiting: set[str], failed: set[str], now: datetime) -> int:
    """Deletes what no reply needs, once it is an hour old (a file is written just before
    its row), and what a failed reply has kept longer than a retry is likely."""
    if not folder.is_dir():
        return 0
    keep = {str(Path(name).resolve()) for name in waiting}
    retry = {str(Path(name).resolve()) for name in failed}
    orphan_before = (now - timedelta(hours=1)).timestamp()
    failed_before = (now - timedelta(days=limits.STAFF_FILE_KEEP_DAYS)).timestamp()
    removed = 0
    for path in folder.iterdir():
        name = str(path.resolve())
        if not path.is_file() or name in keep:
            continue
        limit = failed_before if name in retry else orphan_before
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


async def sweep_staff_files(folder: Path, now: datetime) -> int:
    """Staff files left in DATA_DIR/outbox_files that nothing will send; how
    many were deleted. The folder is read off the event loop."""
    waiting, failed = await _needed_files()
    return await asyncio.to_thread(_sweep, folder, waiting, failed, now.astimezone(UTC))


class RetentionJob:
    """Nightly, at the backup's time (after it, when both are due at one tick)."""

    name = "retention"

    def __init__(self, at: str, files: Path | None = None) -> None:
        self.at = at
        self.files = files  # DATA_DIR/outbox_files: staff files swept with the texts

    async def tick(self, now: datetime) -> None:
        day = due_date(now, "UTC", self.at)
        if day is None:
            return
        key = f"retention:{day.isoformat()}"
        if not await claim(key):
            return
        try:
            erased = await erase_old_texts(now)
        except Exception as exc:
            log.exception("retention failed")
            await finish(key, "failed", f"{type(exc).__name__}: {exc}")
            return
        log.info("retention: erased texts of %s rows", sum(erased.values()))
        try:
            pruned = await prune_staff_links(now)
        except Exception:
            log.exception("pruning staff links failed")  # the texts were erased: done
        else:
            log.info("retention: forgot %s staff chat messages' guests", pruned)
        if self.files is not None:
            try:
                swept = await sweep_staff_files(self.files, now)
            except Exception:
                log.exception("sweeping staff files failed")  # the texts were erased: done
            else:
                log.info("retention: deleted %s staff files nothing will send", swept)
        await finish(key, "done")
