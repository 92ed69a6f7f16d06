"""Polling Green API's notification queue, for hotels with no public URL.

Per hotel: receive → persist → delete → receive again. Answering happens in the processor, so a
slow answer never holds up the next receive. A notification is deleted only after it is
stored, so a crash in between means Green API hands it out again (and dedupe drops it). One
that cannot be processed is set aside (kept raw) and deleted too: the queue is first in, first
out, so leaving it would block every notification behind it.

Each hotel's loop runs under the app's supervisor (`polling:<hotel id>`): what still escapes it
(the database down, a token that no longer decrypts) restarts it with backoff and shows in
/health and /status.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.greenapi import GreenAPIClient, GreenAPIError, Unauthorized
from bot.guest_flow.notifications import parse
from bot.store.hotels import HotelAccess
from bot.store.models import Hotel, ReceiveMode
from bot.supervisor import Supervisor

log = logging.getLogger(__name__)
REFRESH_SECONDS = 30.0
ERROR_PAUSE_SECONDS = 5.0
AUTH_PAUSE_SECONDS = 60.0


def task_name(hotel_id: int) -> str:
    return f"polling:{hotel_id}"


class Poller:
    def __init__(
        self,
        flow: GuestFlow,
        client: GreenAPIClient,
        receive_timeout: int,
        tasks: Supervisor,
    ) -> None:
        self._flow = flow
        self._client = client
        self._receive_timeout = receive_timeout
        self._tasks = tasks
        self._hotels: set[int] = set()

    async def run(self) -> None:
        """Keep one polling task per enabled polling hotel, following changes."""
        while True:
            await self.refresh()
            await asyncio.sleep(REFRESH_SECONDS)

    async def refresh(self) -> None:
        rows = await Hotel.filter(receive_mode=ReceiveMode.POLLING, enabled=True)
        wanted = {hotel.id for hotel in rows}
        for hotel_id in self._hotels - wanted:
            await self._tasks.stop(task_name(hotel_id))
        for hotel_id in wanted:  # also restarts a loop that ended (its hotel looked gone)
            poll = functools.partial(self._poll, hotel_id)
            self._tasks.start(task_name(hotel_id), poll, hotel_id=hotel_id)
        self._hotels = wanted

    async def stop(self) -> None:
        for hotel_id in self._hotels:
            await self._tasks.stop(task_name(hotel_id))
        self._hotels = set()

    async def _poll(self, hotel_id: int) -> None:
        while True:
            hotel = await self._flow.directory.by_id(hotel_id)
            if hotel is None:
                return
            try:
                got = await self._client.receive_notification(
                    hotel.instance, self._receive_timeout
                )
                if got is None:
                    continue
                receipt_id, body = got
                await self._ingest(hotel, body)
                await self._client.delete_notification(hotel.instance, receipt_id)
            except Unauthorized:
                log.error("hotel %s: Green API refused the instance credentials", hotel_id)
                await asyncio.sleep(AUTH_PAUSE_SECONDS)
            except GreenAPIError as exc:
                log.warning("hotel %s: polling failed (%s); retrying", hotel_id, exc.status)
                await asyncio.sleep(ERROR_PAUSE_SECONDS)

    async def _ingest(self, hotel: HotelAccess, body: Any) -> None:
        try:
            await self._flow.ingest(hotel, parse(body))
        except Exception as exc:  # whatever this one notification breaks, the queue goes on
            await self._flow.set_aside(hotel.hotel_id, "polling", body, exc)
