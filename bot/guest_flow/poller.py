"""Polling Green API's notification queue, for hotels with no public URL.

Per hotel: receive → persist → delete → receive again. Answering happens in the processor, so a
slow answer never holds up the next receive. A notification is deleted only after it is
stored, so a crash in between means Green API hands it out again (and dedupe drops it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.greenapi import GreenAPIClient, GreenAPIError, Unauthorized
from bot.guest_flow.notifications import MalformedNotification, parse
from bot.store.models import Hotel, ReceiveMode

log = logging.getLogger(__name__)
REFRESH_SECONDS = 30.0
ERROR_PAUSE_SECONDS = 5.0
AUTH_PAUSE_SECONDS = 60.0


class Poller:
    def __init__(self, flow: GuestFlow, client: GreenAPIClient, receive_timeout: int) -> None:
        self._flow = flow
        self._client = client
        self._receive_timeout = receive_timeout
        self._tasks: dict[int, asyncio.Task[None]] = {}

    async def run(self) -> None:
        """Keep one polling task per enabled polling hotel, following changes."""
        try:
            while True:
                await self.refresh()
                await asyncio.sleep(REFRESH_SECONDS)
        finally:
            await self.stop()

    async def refresh(self) -> None:
        rows = await Hotel.filter(receive_mode=ReceiveMode.POLLING, enabled=True)
        wanted = {hotel.id for hotel in rows}
        for hotel_id in set(self._tasks) - wanted:
            self._tasks.pop(hotel_id).cancel()
        for hotel_id in wanted - set(self._tasks):
            self._tasks[hotel_id] = asyncio.create_task(self._poll(hotel_id))

    async def stop(self) -> None:
        tasks = list(self._tasks.values())
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

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
                try:
                    await self._flow.ingest(hotel, parse(body))
                except MalformedNotification as exc:
                    log.warning("hotel %s: dropping a malformed notification: %s", hotel_id, exc)
                await self._client.delete_notification(hotel.instance, receipt_id)
            except Unauthorized:
                log.error("hotel %s: Green API refused the instance credentials", hotel_id)
                await asyncio.sleep(AUTH_PAUSE_SECONDS)
            except GreenAPIError as exc:
                log.warning("hotel %s: polling failed (%s); retrying", hotel_id, exc.status)
                await asyncio.sleep(ERROR_PAUSE_SECONDS)
