"""What every fake of the outside world shares: an aiohttp app on a loopback port.

After `stop()` a fake keeps its `url` and `start()` reuses the port, so a test can take a
service down and bring it back under the same address, as in a real outage.
"""

from __future__ import annotations

import abc
import asyncio
from types import TracebackType
from typing import Self

from aiohttp import web


class LoopbackServer(abc.ABC):
    url_suffix = ""  # appended to "http://127.0.0.1:PORT" in `url`
    max_body = 1024**2

    def __init__(self) -> None:
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._url: str | None = None
        self._port = 0

    @abc.abstractmethod
    def _routes(self, app: web.Application) -> None:
        """Add the fake's routes to its fresh application."""

    def _on_stop(self) -> None:
        """Wake whatever waits inside the fake (long polls), before the server closes."""
        return

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError(f"{type(self).__name__} is already started")
        app = web.Application(client_max_size=self.max_body)
        self._routes(app)
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", self._port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._closing.clear()
        self._runner = runner
        self._port = site.port
        self._url = f"http://127.0.0.1:{self._port}{self.url_suffix}"

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is None:
            return
        self._closing.set()
        self._on_stop()
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return self._url
