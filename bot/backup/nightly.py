"""The nightly backup: one per UTC day at BACKUP_TIME, then old backups pruned.

Its slot (`backup:<UTC date>`) is claimed before the work starts (bot/scheduler.py), so a
restart or a second process never makes a second one that night. Super admins hear of a
failure always, and of every backup when one of them said `/backups notify on`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.backup import store
from bot.backup.service import Made, make_backup
from bot.config import Settings
from bot.scheduler import claim, due_date, finish
from bot.store.models import Preference

log = logging.getLogger(__name__)
NOTIFY_KEY = "backup:notify"


@dataclass(frozen=True)
class Outcome:
    made: Made | None
    error: BaseException | None
    pruned: int = 0


Notify = Callable[[Outcome], Awaitable[None]]


async def notify_always() -> bool:
    return await Preference.filter(key=NOTIFY_KEY, value="on").exists()


class NightlyBackup:
    name = "backup"

    def __init__(self, settings: Settings, notify: Notify | None = None) -> None:
        self.settings = settings
        self.notify = notify

    async def tick(self, now: datetime) -> None:
        day = due_date(now, "UTC", self.settings.backup_time)
        if day is None:
            return
        key = f"backup:{day.isoformat()}"
        if not await claim(key):
            return
        try:
            made = await make_backup(self.settings, at=now)
            pruned = await asyncio.to_thread(
                store.prune,
                self.settings.data_dir,
                self.settings.backup_keep_daily,
                self.settings.backup_keep_weekly,
            )
        except Exception as exc:
            log.exception("nightly backup failed")
            await finish(key, "failed", f"{type(exc).__name__}: {exc}")
            await self._tell(Outcome(None, exc))
            return
        await finish(key, "done")
        log.info("nightly backup %s (%s bytes)", made.path.name, made.size)
        if await notify_always():
            await self._tell(Outcome(made, None, len(pruned)))

    async def _tell(self, outcome: Outcome) -> None:
        if self.notify is None:
            return
        try:
            await self.notify(outcome)
        except Exception:
            log.exception("could not tell the super admins about the nightly backup")
