"""Green API client: one shared aiohttp session, typed errors, tokens kept out of messages.

Each hotel has its own instance and API host, so every call takes the instance's credentials.
Errors say whether retrying can help, and whether the gateway may have acted on the request
anyway (`outcome_unknown`): the outbox sends again only what was surely not accepted.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

import aiohttp

from bot import limits
from bot.gateway_hosts import HostEntry, gateway_url_allowed, parse_hosts
from bot.store.hotels import Instance

log = logging.getLogger(__name__)


class GreenAPIError(Exception):
    """A call failed. `retryable` tells the outbox whether to try again later;
    `outcome_unknown` that the request may have been carried out (a timeout, a connection lost
    after the request was written, an answer that cannot be read), so a send must be checked
    against the gateway's journal instead of repeated."""

    retryable = False
    outcome_unknown = False

    def __init__(self, status: int | None, detail: str) -> None:
        super().__init__(f"Green API {status or 'error'}: {detail[:300]}")
        self.status = status
        self.detail = detail


class BadRequest(GreenAPIError):
    """400 validation: the same request will fail again."""


class InstanceStarting(GreenAPIError):
    """400 'instance in starting process': the instance reboots; try again soon."""

    retryable = True


class Unauthorized(GreenAPIError):
    """401/403: wrong token or instance id."""


class RateLimited(GreenAPIError):
    retryable = True


class QuotaExceeded(GreenAPIError):
    """466: the plan's quota is used up; retrying cannot help, staff must act."""

    def __init__(self, status: int | None, detail: str, body: Any = None) -> None:
        super().__init__(status, detail)
        self.body = body


class HostNotAllowed(GreenAPIError):
    """The hotel's API or media URL is outside GREEN_API_HOSTS (a row stored before that was
    checked): the call is not made, since its URL would carry the token there."""


class FileTooLarge(GreenAPIError):
    """A guest's file is larger than we read into memory (limits.GUEST_MEDIA_BYTES)."""


class ServerError(GreenAPIError):
    retryable = True


class UnreadableAnswer(ServerError):
    """200 with a body we cannot read: the gateway said yes to something, maybe the send."""

    outcome_unknown = True


class GatewayUnavailable(GreenAPIError):
    """Timeout or connection lost mid-call: the request may have been carried out."""

    retryable = True
    outcome_unknown = True


class NotConnected(GatewayUnavailable):
    """No connection was made (refused, unresolvable, TLS or connect timeout): nothing was sent."""

    outcome_unknown = False


def error_for(status: int, text: str) -> GreenAPIError:
    if status == 400:
        if "starting process" in text:
            return InstanceStarting(status, text)
        return BadRequest(status, text)
    if status in (401, 403):
        return Unauthorized(status, text)
    if status == 429:
        return RateLimited(status, text)
    if status == 466:
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        return QuotaExceeded(status, text, body)
    if status >= 500 or status == 499:
        return ServerError(status, text)
    return BadRequest(status, text)


class GreenAPIClient:
    """`hosts`: where a call may go (Settings.gateway_hosts); Green API's own by default."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        timeout: float = 20.0,
        hosts: Sequence[HostEntry] | None = None,
    ) -> None:
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._hosts = tuple(hosts) if hosts is not None else parse_hosts("")
        self._refused: set[tuple[int, str]] = set()  # said once in the log, not every poll

    def _url(self, instance: Instance, method: str, *suffix: str, media: bool = False) -> str:
        """The call's URL, token included, only for a host the allow-list has."""
        base = instance.media_url if media and instance.media_url else instance.api_url
        if not gateway_url_allowed(base, self._hosts):
            if (instance.id, base) not in self._refused:
                self._refused.add((instance.id, base))
                log.warning(
                    "instance %s: Green API not called: the hotel's URL is outside "
                    "GREEN_API_HOSTS",
                    instance.id,
                )
            raise HostNotAllowed(None, "the hotel's URL is outside GREEN_API_HOSTS")
        return instance.url(method, *suffix, media=media)

    async def _call(
        self,
        http_method: str,
        url: str,
        *,
        json_body: Any = None,
        data: Any = None,
        wait: aiohttp.ClientTimeout | None = None,
    ) -> Any:
        try:
            async with self._session.request(
                http_method, url, json=json_body, data=data, timeout=wait or self._timeout
            ) as response:
                text = await response.text()
                if response.status != 200:
                    raise error_for(response.status, text)
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            # Before any byte of the request left: the exception text can hold the URL, and
            # with it the token, so only its kind is kept (as below).
            raise NotConnected(None, type(exc).__name__) from None
        except TimeoutError as exc:
            raise GatewayUnavailable(None, "timed out") from exc
        except aiohttp.ClientError as exc:
            raise GatewayUnavailable(None, type(exc).__name__) from None
        try:
            return json.loads(text) if text else None
        except ValueError as exc:
            raise UnreadableAnswer(200, "response is not JSON") from exc

    async def send_message(self, instance: Instance, chat_id: str, message: str) -> str:
        body = {"chatId": chat_id, "message": message}
        result = await self._call("POST", self._url(instance, "sendMessage"), json_body=body)
        return _id_message(result)

    async def send_file_by_upload(
        self,
        instance: Instance,
        chat_id: str,
        content: bytes,
        file_name: str,
        caption: str | None = None,
    ) -> str:
        form = aiohttp.FormData()
        form.add_field("chatId", chat_id)
        form.add_field("fileName", file_name)
        if caption:
            form.add_field("caption", caption)
        form.add_field("file", content, filename=file_name)
        url = self._url(instance, "sendFileByUpload", media=True)
        result = await self._call("POST", url, data=form)
        return _id_message(result)

    async def download_file(self, instance: Instance, chat_id: str, id_message: str) -> str:
        """downloadFile: a fresh link to a received message's file (the one in its
        notification expires)."""
        body = {"chatId": chat_id, "idMessage": id_message}
        result = await self._call("POST", self._url(instance, "downloadFile"), json_body=body)
        url = result.get("downloadUrl") if isinstance(result, dict) else None
        if not isinstance(url, str) or not url:
            raise UnreadableAnswer(200, "the answer has no downloadUrl")
        return url

    async def fetch_file(
        self, url: str, hosts: Sequence[HostEntry], limit: int, seconds: float
    ) -> bytes:
        """A guest's file, read into memory: only from a host in `hosts` (the link comes in a
        webhook body, so anything else would let a sender make us fetch any address), without
        following redirects, and never more than `limit` bytes."""
        if not gateway_url_allowed(url, hosts):
            raise HostNotAllowed(None, "the file's host is outside GREEN_API_MEDIA_HOSTS")
        wait = aiohttp.ClientTimeout(total=seconds)
        try:
            async with self._session.get(url, timeout=wait, allow_redirects=False) as response:
                if response.status != 200:
                    detail = await response.content.read(300)
                    raise error_for(response.status, detail.decode(errors="replace"))
                if (response.content_length or 0) > limit:
                    raise FileTooLarge(200, f"{response.content_length} bytes")
                data = bytearray()
                async for chunk in response.content.iter_chunked(256 * 1024):
                    data += chunk
                    if len(data) > limit:
                        raise FileTooLarge(200, f"over {limit} bytes")
                return bytes(data)
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            raise NotConnected(None, type(exc).__name__) from None
        except TimeoutError as exc:
            raise GatewayUnavailable(None, "timed out") from exc
        except aiohttp.ClientError as exc:
            raise GatewayUnavailable(None, type(exc).__name__) from None

    async def get_state(self, instance: Instance) -> str | None:
        result = await self._call("GET", self._url(instance, "getStateInstance"))
        return None if result is None else str(result.get("stateInstance"))

    async def set_settings(self, instance: Instance, settings: dict[str, Any]) -> bool:
        result = await self._call("POST", self._url(instance, "setSettings"), json_body=settings)
        return bool(result and result.get("saveSettings"))

    async def receive_notification(
        self, instance: Instance, receive_timeout: int = 20
    ) -> tuple[int, Any] | None:
        url = self._url(instance, "receiveNotification") + f"?receiveTimeout={receive_timeout}"
        wait = aiohttp.ClientTimeout(total=receive_timeout + 10)
        result = await self._call("GET", url, wait=wait)
        if not result:
            return None
        return int(result["receiptId"]), result.get("body")

    async def delete_notification(self, instance: Instance, receipt_id: int) -> bool:
        result = await self._call(
            "DELETE", self._url(instance, "deleteNotification", str(receipt_id))
        )
        return bool(result and result.get("result"))

    async def last_outgoing_messages(
        self, instance: Instance, minutes: int
    ) -> list[dict[str, Any]]:
        """The instance's journal of messages sent in the last `minutes` (the gateway allows
        about one call a second per instance; a message can take up to 2 minutes to appear)."""
        url = self._url(instance, "lastOutgoingMessages") + f"?minutes={int(minutes)}"
        return _items(await self._call("GET", url))

    async def get_chat_history(
        self, instance: Instance, chat_id: str, count: int
    ) -> list[dict[str, Any]]:
        """The last `count` messages of one chat, incoming and outgoing mixed (same pace)."""
        body = {"chatId": chat_id, "count": int(count)}
        url = self._url(instance, "getChatHistory")
        return _items(await self._call("POST", url, json_body=body))


def _id_message(result: Any) -> str:
    """A send's idMessage; a 200 without a readable one (missing, empty, or longer than any
    real id, which the messages table could not store) leaves the send's outcome unknown, for
    the reconciler to settle from the gateway's journal."""
    value = result.get("idMessage") if isinstance(result, dict) else None
    if not isinstance(value, str) or not 0 < len(value) <= limits.GATEWAY_ID:
        raise UnreadableAnswer(200, "the answer has no readable idMessage")
    return value


def _items(result: Any) -> list[dict[str, Any]]:
    """A journal's array; anything else is a gateway answer we cannot read."""
    if not isinstance(result, list):
        raise UnreadableAnswer(200, "a journal that is not an array")
    return [item for item in result if isinstance(item, dict)]
