"""The daily report: each hotel's managers get yesterday's report at the hotel's report time
(`Hotel.report_time`, local), super admins the overview of all hotels at
REPORT_OVERVIEW_TIME in REPORT_OVERVIEW_TIMEZONE (UTC by default).

A job of the server's one scheduler (`bot/scheduler.py`). Exactly once per person, hotel and
local day: the slot `report:<hotel>:<telegram id>:<local date>` (`report:all:...` for the
overview) is claimed before sending, so a restart, two quick ticks or two processes never send
it twice; a day missed while the server was down is sent when it comes back the same local day,
never later. A send Telegram refused without delivering it (a network error before an answer,
a 5xx, a 429 flood limit) is tried again on the next ticks of the same local day, up to
REPORT_SEND_ATTEMPTS times: a 30-second hiccup at 09:00 must not cost every manager the day's
report. The slot says so (`retry <n>`), and a tick takes it back only by changing that exact
outcome, so two processes never retry one slot both. A timeout is not retried: the photo may
have arrived, and at most once beats twice. A person who blocked the bot (403) is recorded as
`blocked` and their daily reports are turned off, so nobody is written to forever against their
will (`/reports on` turns them back on).
Support staff get no daily report; managers who said `/reports off` neither.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime

from bot import limits
from bot.admin_flow.core.replies import Reply
from bot.admin_flow.core.reports import (
    buttons,
    make,
    overview_enabled,
    overview_hotels,
    overview_key,
)
from bot.config import Settings
from bot.i18n import I18n
from bot.scheduler import claim, claimed, due_date, finish
from bot.store.models import Hotel, Preference, Role, Slot, Staff

log = logging.getLogger(__name__)

RETRY = "retry"  # the outcome of a slot to try again, with the attempts made: "retry 2"


class Blocked(Exception):
    """The person blocked the bot (Telegram 403): sending again cannot help."""


class NotSent(Exception):
    """Telegram did not take the report (network, 5xx, 429). `undelivered` is False when it
    may have arrived all the same (a timeout after the upload): that is not tried again.
    Raised by the transport, so this module needs no Telegram library."""

    def __init__(self, detail: str, *, undelivered: bool) -> None:
        super().__init__(detail)
        self.undelivered = undelivered


# Sends a photo reply to a Telegram user; raises Blocked on 403, NotSent when not taken.
Send = Callable[[int, Reply], Awaitable[None]]


class DailyReports:
    name = "reports"

    def __init__(self, settings: Settings, i18n: I18n, send: Send) -> None:
        self._settings = settings
        self._i18n = i18n
        self._send = send

    async def tick(self, now: datetime) -> None:
        for hotel in await Hotel.filter(enabled=True).order_by("id"):
            day = due_date(now, hotel.timezone, hotel.report_time)
            if day is not None:
                await self._hotel(hotel, day, now)
        day = due_date(
            now, self._settings.report_overview_timezone, self._settings.report_overview_time
        )
        if day is not None:
            await self._overview(day, now)

    async def _hotel(self, hotel: Hotel, day: date, now: datetime) -> None:
        rows = await Staff.filter(
            hotel_id=hotel.id, role=Role.MANAGER, telegram_id__isnull=False, reports_enabled=True
        )
        people = sorted({int(r.telegram_id) for r in rows if r.telegram_id is not None})
        await self._deliver(f"report:{hotel.id}", day, people, [hotel], now, None)

    async def _overview(self, day: date, now: datetime) -> None:
        people = [t for t in sorted(self._settings.admin_ids) if await overview_enabled(t)]
        hotels = await overview_hotels()
        if hotels and people:
            tz = self._settings.report_overview_timezone
            await self._deliver("report:all", day, people, hotels, now, tz)

    async def _language(self, telegram_id: int, hotels: Sequence[Hotel]) -> str:
        """The person's own language (/lang), else the hotel's first one."""
        stored = await Staff.filter(telegram_id=telegram_id, language__isnull=False).first()
        if stored is not None and stored.language:
            return stored.language
        return hotels[0].language_list[0] if len(hotels) == 1 else self._i18n.pick(None)

    async def _deliver(
        self,
        prefix: str,
        day: date,
        people: Sequence[int],
        hotels: Sequence[Hotel],
        now: datetime,
        overview_tz: str | None,
    ) -> None:
        """Each person's slot claimed, then sent; the report drawn once per language."""
        made: dict[str, Reply] = {}
        key_id = 0 if overview_tz is not None else hotels[0].id
        for person in people:
            key = f"{prefix}:{person}:{day.isoformat()}"
            waiting = False
            if await claimed(key):  # cheap: most ticks find everything done
                waiting = await _waiting(key)
                if not waiting:
                    continue
            lang = self._i18n.pick(await self._language(person, hotels))
            if lang not in made:
                m = await make(self._i18n, lang, hotels, "yesterday", now, overview_tz=overview_tz)
                last = m.report.window.day_list[-1]
                made[lang] = Reply(
                    m.caption, buttons(self._i18n, lang, key_id, "yesterday", last), photo=m.png
                )
            attempt = await _retake(key) if waiting else int(await claim(key))
            if not attempt:
                continue  # another tick or process took it between the check and here
            try:
                await self._send(person, made[lang])
            except NotSent as exc:
                error = f"{type(exc).__name__}: {exc}"
                if exc.undelivered and attempt < limits.REPORT_SEND_ATTEMPTS:
                    await finish(key, f"{RETRY} {attempt}", error)
                    log.warning(
                        "daily report %s not sent (try %d), again later: %s", key, attempt, exc
                    )
                else:
                    await finish(key, "failed", error)
                    log.warning("daily report %s not sent, given up: %s", key, exc)
            except Blocked as exc:
                await finish(key, "blocked", str(exc))
                await self._stop(person)
                log.info("daily report %s: the person blocked the bot; reports turned off", key)
            except Exception as exc:
                await finish(key, "failed", f"{type(exc).__name__}: {exc}")
                log.warning("daily report %s not sent: %s", key, exc)
            else:
                await finish(key, "sent")

    async def _stop(self, telegram_id: int) -> None:
        await Staff.filter(telegram_id=telegram_id, role=Role.MANAGER).update(
            reports_enabled=False
        )
        if telegram_id in self._settings.admin_ids:
            await Preference.update_or_create(
                defaults={"value": "off"}, key=overview_key(telegram_id)
            )


async def _waiting(key: str) -> bool:
    return await Slot.filter(key=key, outcome__startswith=RETRY).exists()


async def _retake(key: str) -> int:
    """The attempt a slot waiting for a retry is taken back for, 0 when it is not waiting
    (any more). The update is conditional on the outcome read, so of two ticks or processes
    only one takes it."""
    slot = await Slot.get_or_none(key=key)
    if slot is None or not (slot.outcome or "").startswith(RETRY):
        return 0
    tried = int((slot.outcome or "").removeprefix(RETRY) or 0)
    taken = await Slot.filter(key=key, outcome=slot.outcome).update(outcome=f"try {tried + 1}")
    return tried + 1 if taken else 0
