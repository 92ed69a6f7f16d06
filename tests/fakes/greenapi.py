"""Fake Green API gateway: its HTTP protocol on loopback, with recording and failure injection.

A real server (not a mock of our client) so the bot's own aiohttp client is exercised end to end:
URL scheme, verbs, status codes, error bodies, slow calls and dropped connections.

Behaviour follows Green API's docs (see tests/fixtures/greenapi/README.md):
- `{url}/waInstance{id}/{method}/{token}`, method name case-insensitive; unknown instance 403,
  wrong token 401, unknown method 404, wrong HTTP verb 405.
- 400 bodies use the gateway's Joi-style validation text; `message` length is counted in UTF-16
  code units, as the JavaScript validator does (an emoji counts 2).
- An instance in state "starting" answers 400 "instance in starting process try later" to
  everything but getStateInstance.
- Error bodies are plain text holding the documented error id ("Unauthorized", "Too Many
  Requests", ...; the docs show no JSON shape for them), except 466's documented JSON.

Notes for tests:
- aiohttp's client retries an idempotent request (GET, DELETE) once when the connection drops,
  so `drop_next(1, method="receiveNotification")` is invisible to it: drop 2 to see the error.
- A delay happens before a call takes effect: a client that times out does not cause a send
  (the call is recorded with status 499).
- The journals (`lastOutgoingMessages`, `getChatHistory`) show what `sent` holds, newest first,
  in the documented item shape; `journal_delay` hides a send from them for a while, as the
  gateway may for up to 2 minutes; each answers once a second per instance, 429 beyond.
- `drop_after_accept` and `on_send` model the window exactly-once sending must survive: the
  gateway took a message and the sender never heard (a lost answer, a process killed).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Final

from aiohttp import web

from tests.fakes.server import LoopbackServer

__all__ = [
    "CLIENT_GONE",
    "DEFAULT_INSTANCE_ID",
    "DEFAULT_SETTINGS",
    "DEFAULT_TOKEN",
    "DEFAULT_WID",
    "DROPPED",
    "Call",
    "FakeGreenAPI",
    "SentMessage",
    "quota_body",
]

DEFAULT_INSTANCE_ID: Final = 1101000001
DEFAULT_WID: Final = "79990000001@c.us"
DEFAULT_TOKEN: Final = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345"
MAX_TEXT: Final = 20000
DROPPED: Final = 0
"""`Call.status` of a call whose connection the fake closed without answering."""
CLIENT_GONE: Final = 499
"""`Call.status` of a call the client abandoned (timeout) before the fake answered."""

# The documented getSettings body (Apidog example); `wid` is filled in per instance.
DEFAULT_SETTINGS: Final[Mapping[str, Any]] = {
    "wid": DEFAULT_WID,
    "countryInstance": "",
    "typeAccount": "",
    "webhookUrl": "https://mysite.com/webhook/green-api/",
    "webhookUrlToken": "",
    "delaySendMessagesMilliseconds": 3000,
    "markIncomingMessagesReaded": "no",
    "markIncomingMessagesReadedOnReply": "yes",
    "sharedSession": "no",
    "proxyInstance": "system proxy",
    "outgoingWebhook": "yes",
    "outgoingMessageWebhook": "yes",
    "outgoingAPIMessageWebhook": "yes",
    "incomingWebhook": "yes",
    "deviceWebhook": "no",
    "statusInstanceWebhook": "no",
    "stateWebhook": "yes",
    "enableMessagesHistory": "no",
    "keepOnlineStatus": "yes",
    "pollMessageWebhook": "yes",
    "incomingBlockWebhook": "no",
    "incomingCallWebhook": "yes",
    "editedMessageWebhook": "no",
    "deletedMessageWebhook": "no",
}

_CHAT_ID = re.compile(r"\d+(-\d+)?@(c|g)\.us|\d+@lid")
_REASONS: Final[Mapping[int, str]] = {
    400: "bad request data",
    401: "Unauthorized",
    403: "Forbidden",
    429: "Too Many Requests",
    499: "Client Closed Request",
    502: "Bad Gateway",
}


def quota_body(method: str = "sendMessage") -> dict[str, Any]:
    """The documented 466 body for the Developer plan's chat quota (3 chats a month)."""
    return {
        "invokeStatus": {
            "method": method.lower(),
            "used": 67,
            "total": 0,
            "status": "QUOTE_ALLOWED",
        },
        "correspondentsStatus": {
            "method": "correspondents",
            "used": 3,
            "total": 3,
            "status": "CORRESPONDENTS_QUOTE_EXCEEDED",
            "description": (
                "Monthly quota has been exceeded. You can only send or receive messages from"
                " these numbers: 12345678901@c.us,12345678910@c.us,12345678911@c.us. Please go"
                " to your personal account and change the tariff to business"
                " https://console.green-api.com"
            ),
        },
    }


@dataclass(frozen=True, slots=True)
class SentMessage:
    """One message the gateway accepted (sendMessage, or sendFileByUpload with its caption)."""

    instance_id: int
    chat_id: str
    message: str
    id_message: str
    at: float
    """`time.monotonic()` when accepted."""
    file_name: str | None = None
    file_data: bytes | None = field(default=None, repr=False, compare=False)
    payload: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Every request field but the file (e.g. quotedMessageId, linkPreview)."""
    timestamp: float = 0.0
    """`time.time()` when accepted: the journals' `timestamp`."""


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake routed: which instance and method, and the status it got."""

    instance_id: int
    method: str
    status: int


@dataclass(slots=True)
class _Instance:
    token: str
    state: str
    wid: str
    settings: dict[str, Any] = field(default_factory=dict)
    queue: OrderedDict[int, Any] = field(default_factory=OrderedDict)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    recent_sends: deque[float] = field(default_factory=deque)

    def wake(self) -> None:
        """Wake every long-poll waiting on this instance; later waiters get a fresh event."""
        event, self.changed = self.changed, asyncio.Event()
        event.set()


@dataclass(slots=True)
class _Rule:
    remaining: int
    method: str | None
    instance_id: int | None
    status: int
    body: str | Mapping[str, Any] | list[Any] | None
    drop: bool

    def matches(self, instance_id: int, method: str) -> bool:
        return (self.method is None or self.method == method.lower()) and (
            self.instance_id is None or self.instance_id == instance_id
        )


_Handler = Callable[[web.Request, int, _Instance], Awaitable[web.Response | None]]


class FakeGreenAPI(LoopbackServer):
    """Green API on 127.0.0.1: `async with FakeGreenAPI() as fake:` then point clients at `url`.

    No instance exists until `add_instance()`; every request is in `calls`, every accepted
    message in `sent`.
    """

    max_body = 101 * 1024 * 1024  # files up to 100 MB

    def __init__(self, *, receive_timeout_cap: float = 1.0) -> None:
        super().__init__()
        self.sent: list[SentMessage] = []
        self.calls: list[Call] = []
        self.delay: float = 0.0
        """Seconds every call waits before it takes effect (see `set_delay` for one method)."""
        self.receive_timeout_cap = receive_timeout_cap
        """Longest receiveNotification wait, whatever `receiveTimeout` asks, to keep tests fast."""
        self.rate_limit: int | None = None
        """When set, sends beyond this many per second per instance get 429, as on the gateway."""
        self.journal_rate_limit: int | None = 1
        """Journal calls per second per instance and method beyond which the fake answers 429."""
        self.journal_delay: float = 0.0
        self.storage_delay: float = 0.0
        """Seconds each download from the fake's object storage takes (a slow storage host)."""
        """Seconds before an accepted message shows in the journals."""
        self.on_send: Callable[[SentMessage], None] | None = None
        """Called with each accepted message before its answer is written (a test kills the
        sender's process here: the gateway took the message, the sender never heard)."""
        self._drop_after_accept = 0
        self._journal_calls: dict[tuple[int, str], deque[float]] = {}
        self._history: dict[tuple[int, str], list[dict[str, Any]]] = {}
        self._instances: dict[int, _Instance] = {}
        self._rules: list[_Rule] = []
        self._delays: dict[str, float] = {}
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._id_prefix = secrets.token_hex(4).upper()
        self._id_counter = 0
        self._repeat_ids = 0
        self._long_ids = 0
        self._receipt_counter = 0
        self._files: dict[str, tuple[bytes, int]] = {}  # path -> (content, status it answers)
        self._downloads: dict[tuple[int, str, str], str] = {}  # (instance, chat, id) -> path
        self.file_requests: list[str] = []
        """Paths of every file download asked of the fake's storage, in order."""
        self._handlers: dict[str, tuple[str, str, _Handler]] = {
            name.lower(): (name, verb, handler)
            for name, verb, handler in (
                ("sendMessage", "POST", self._send_message),
                ("sendFileByUpload", "POST", self._send_file_by_upload),
                ("getStateInstance", "GET", self._get_state_instance),
                ("getSettings", "GET", self._get_settings),
                ("setSettings", "POST", self._set_settings),
                ("readChat", "POST", self._read_chat),
                ("receiveNotification", "GET", self._receive_notification),
                ("deleteNotification", "DELETE", self._delete_notification),
                ("lastOutgoingMessages", "GET", self._last_outgoing_messages),
                ("getChatHistory", "POST", self._get_chat_history),
                ("downloadFile", "POST", self._download_file),
            )
        }

    # --- lifecycle (LoopbackServer) ---------------------------------------------------------

    def _routes(self, app: web.Application) -> None:
        app.router.add_route("*", r"/waInstance{instance:\d+}/{method}/{token}", self._handle)
        app.router.add_route(
            "*", r"/waInstance{instance:\d+}/{method}/{token}/{tail:.*}", self._handle
        )

        app.router.add_get("/storage/{path:.+}", self._storage)

    def _on_stop(self) -> None:
        """Pending long polls answer null; delayed calls end with 502 (not a send)."""
        for instance in self._instances.values():
            instance.wake()

    # --- set-up ----------------------------------------------------------------------------

    def add_instance(
        self,
        instance_id: int = DEFAULT_INSTANCE_ID,
        token: str = DEFAULT_TOKEN,
        state: str = "authorized",
        *,
        wid: str = DEFAULT_WID,
    ) -> None:
        """Create (or replace) an instance; calls to any other id get 403."""
        self._instances[instance_id] = _Instance(token=token, state=state, wid=wid)

    def set_state(self, instance_id: int, state: str) -> None:
        """Change what getStateInstance says ("authorized", "notAuthorized", "starting", ...)."""
        self._instance(instance_id).state = state

    def settings(self, instance_id: int) -> dict[str, Any]:
        """What getSettings would answer now."""
        instance = self._instance(instance_id)
        return {**DEFAULT_SETTINGS, "wid": instance.wid, **instance.settings}

    def queue_notification(self, instance_id: int, body: Mapping[str, Any]) -> int:
        """Queue a notification for receiveNotification; returns its receiptId."""
        instance = self._instance(instance_id)
        self._receipt_counter += 1
        instance.queue[self._receipt_counter] = dict(body)
        instance.wake()
        return self._receipt_counter

    def queue_raw_notification(self, instance_id: int, body: Any) -> int:
        """Queue any JSON value as a notification's body (a list, a string, a broken object),
        as a faulty gateway could; returns its receiptId."""
        instance = self._instance(instance_id)
        self._receipt_counter += 1
        instance.queue[self._receipt_counter] = body
        instance.wake()
        return self._receipt_counter

    def pending_notifications(self, instance_id: int) -> list[dict[str, Any]]:
        """Notifications not deleted yet, oldest first."""
        return list(self._instance(instance_id).queue.values())

    def add_file(
        self,
        content: bytes,
        file_name: str = "file.bin",
        *,
        message: tuple[int, str, str] | None = None,
        status: int = 200,
    ) -> str:
        """Keep a guest's file in the fake's storage (as Green API keeps them in object
        storage) and return its downloadUrl. `message` (instance, chatId, idMessage): the
        message whose file downloadFile hands out a fresh link to. `status`: what the link
        answers instead of the file (403 for one that expired)."""
        path = f"{secrets.token_hex(8)}/{file_name}"
        self._files[path] = (content, status)
        if message is not None:
            self._downloads[message] = path
        return f"{self.url}/storage/{path}"

    # --- failure injection -----------------------------------------------------------------

    def fail_next(
        self,
        count: int = 1,
        status: int = 500,
        body: str | Mapping[str, Any] | list[Any] | None = None,
        method: str | None = "sendMessage",
        instance_id: int | None = None,
    ) -> None:
        """The next `count` matching calls get `status` (method/instance None = any).

        Default bodies: the documented quota JSON for 466, the gateway's text otherwise.
        """
        self._rules.append(_Rule(count, _lower(method), instance_id, status, body, drop=False))

    def drop_next(
        self, count: int = 1, method: str | None = "sendMessage", instance_id: int | None = None
    ) -> None:
        """The next `count` matching calls lose their connection without any response."""
        self._rules.append(_Rule(count, _lower(method), instance_id, 0, None, drop=True))

    def drop_after_accept(self, count: int = 1) -> None:
        """The next `count` messages are accepted (sent, in the journals) but their connection
        is closed before the answer: the sender cannot know they went out."""
        self._drop_after_accept += count

    def add_history(self, instance_id: int, item: Mapping[str, Any]) -> None:
        """A getChatHistory item of the gateway's own (an incoming message, a message typed on
        the phone), shown among the accepted messages by its timestamp."""
        self._history.setdefault((instance_id, str(item["chatId"])), []).append(dict(item))

    def repeat_id_next(self, count: int = 1) -> None:
        """The next `count` accepted messages get the idMessage the previous one got, as the
        gateway was seen to do (an id it had already given in that chat)."""
        self._repeat_ids += count

    def long_ids_next(self, count: int = 1) -> None:
        """The next `count` accepted messages get an idMessage of 150 characters: longer than
        any real one, and than the column that stores it."""
        self._long_ids += count

    def set_delay(self, seconds: float, method: str | None = None) -> None:
        """Slow down one method (or, with None, every method) to trigger client timeouts."""
        if method is None:
            self.delay = seconds
        else:
            self._delays[method.lower()] = seconds

    def heal(self) -> None:
        """Forget pending injections (failures, drops, delays) but keep every record: the
        gateway recovers with its journals intact."""
        self._rules.clear()
        self._delays.clear()
        self._drop_after_accept = 0
        self.delay = 0.0

    def reset(self) -> None:
        """Forget records, pending injections and delays; instances and queues stay."""
        self.sent.clear()
        self.calls.clear()
        self._rules.clear()
        self._delays.clear()
        self._repeat_ids = 0
        self._long_ids = 0
        self._drop_after_accept = 0
        self.delay = 0.0

    # --- inspection ------------------------------------------------------------------------

    def sent_to(self, chat_id: str) -> list[SentMessage]:
        """Messages accepted for one chat, in order."""
        return [message for message in self.sent if message.chat_id == chat_id]

    async def wait_for_sent(
        self,
        n: int,
        timeout: float = 5.0,  # noqa: ASYNC109 (a plain argument reads best in tests)
    ) -> list[SentMessage]:
        """Wait until at least `n` messages were accepted; AssertionError after `timeout`."""
        if len(self.sent) < n:
            waiter = (n, asyncio.get_running_loop().create_future())
            self._waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter[1], timeout)
            except TimeoutError:
                raise AssertionError(self._describe_shortfall(n, timeout)) from None
            finally:
                self._waiters.remove(waiter)
        return list(self.sent)

    def max_sends_per_second(self, instance_id: int | None = None, window: float = 1.0) -> int:
        """Most messages accepted within any `window` seconds (one instance, or all with None)."""
        times = [m.at for m in self.sent if instance_id is None or m.instance_id == instance_id]
        best = start = 0
        for end, at in enumerate(times):
            while at - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best

    # --- HTTP ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        info = request.match_info
        instance_id = int(info["instance"])
        spec = self._handlers.get(info["method"].lower())
        method = spec[0] if spec else info["method"]
        try:
            response = await self._dispatch(request, instance_id, spec, info["token"])
        except asyncio.CancelledError:
            self.calls.append(Call(instance_id, method, CLIENT_GONE))
            raise
        if response is None:  # dropped: the transport is closed, nothing will be written
            self.calls.append(Call(instance_id, method, DROPPED))
            return web.Response()
        self.calls.append(Call(instance_id, method, response.status))
        return response

    async def _dispatch(
        self,
        request: web.Request,
        instance_id: int,
        spec: tuple[str, str, _Handler] | None,
        token: str,
    ) -> web.Response | None:
        """The response for this call, or None when the connection was dropped on purpose."""
        instance = self._instances.get(instance_id)
        if instance is None:
            return _text(403)
        if token != instance.token:
            return _text(401)
        if spec is None:
            return web.Response(status=404, text="Not Found")
        name, verb, handler = spec
        if request.method != verb:
            return web.Response(status=405, text="Method Not Allowed")
        if request.match_info.get("tail") is not None and name != "deleteNotification":
            return web.Response(status=404, text="Not Found")
        delay = self._delays.get(name.lower(), self.delay)
        if delay > 0:
            await self._sleep(delay)
            if self._closing.is_set():
                return _text(502)
        rule = self._take_rule(instance_id, name)
        if rule is not None:
            if rule.drop:
                if request.transport is not None:
                    request.transport.close()
                return None
            return _injected(rule, name)
        if instance.state == "starting" and name != "getStateInstance":
            return _text(400, "instance in starting process try later")
        return await handler(request, instance_id, instance)

    async def _send_message(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response | None:
        if request.content_type != "application/json":
            return _text(400)
        try:
            data = await request.json()
        except ValueError:
            return _text(400)
        if not isinstance(data, dict):
            return _text(400)
        error = _check_chat_id(data.get("chatId")) or _check_text(
            "message", data.get("message"), required=True
        )
        if error:
            return _text(400, error)
        if self._over_rate_limit(instance):
            return _text(429)
        id_message = self._record_sent(instance_id, data["chatId"], data["message"], payload=data)
        if self._drop_after_accept > 0:
            self._drop_after_accept -= 1
            if request.transport is not None:
                request.transport.close()
            return None
        return web.json_response({"idMessage": id_message})

    async def _send_file_by_upload(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response:
        if request.content_type != "multipart/form-data":
            return _text(400)
        form = await request.post()
        upload = form.get("file")
        caption = form.get("caption", "")
        error = _check_chat_id(form.get("chatId")) or _check_text("caption", caption)
        if not error and not isinstance(upload, web.FileField):
            error = "Validation failed. Details: 'file' is required"
        if error:
            return _text(400, error)
        assert isinstance(upload, web.FileField)
        named = form.get("fileName")
        file_name = named if isinstance(named, str) and named else upload.filename
        if self._over_rate_limit(instance):
            return _text(429)
        fields = {k: v for k, v in form.items() if isinstance(v, str) and k != "file"}
        id_message = self._record_sent(
            instance_id,
            str(form["chatId"]),
            str(caption),
            file_name=file_name,
            file_data=upload.file.read(),
            payload=fields,
        )
        url_file = f"{self.url}/files/{instance_id}/{id_message}/{file_name}"
        return web.json_response({"idMessage": id_message, "urlFile": url_file})

    async def _get_state_instance(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response:
        return web.json_response({"stateInstance": instance.state})

    async def _get_settings(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response:
        return web.json_response(self.settings(instance_id))

    async def _set_settings(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response:
        try:
            data = await request.json()
        except ValueError:
            return _text(400)
        if not isinstance(data, dict):
            return _text(400)
        instance.settings.update(data)
        return web.json_response({"saveSettings": True})

    async def _read_chat(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response:
        body = await _chat_body(request)
        if isinstance(body, web.Response):
            return body
        return web.json_response({"setRead": True})

    async def _receive_notification(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response:
        try:
            asked = int(request.query.get("receiveTimeout", "5"))
        except ValueError:
            return _text(400, "Validation failed. Details: 'receiveTimeout' must be a number")
        # The docs give 5..60 s but not what happens outside it: clamp rather than guess a 400.
        wait = min(max(asked, 5), 60, self.receive_timeout_cap)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            event = instance.changed
            if instance.queue:
                receipt_id, body = next(iter(instance.queue.items()))
                return web.json_response({"receiptId": receipt_id, "body": body})
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing.is_set():
                return web.json_response(None)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def _last_outgoing_messages(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response:
        try:
            minutes = int(request.query.get("minutes", "1440"))
        except ValueError:
            return _text(400, "Validation failed. Details: 'minutes' must be a number")
        if self._journal_over_limit(instance_id, "lastOutgoingMessages"):
            return _text(429)
        since = time.time() - minutes * 60
        items = [
            {**_journal_item(m), "sendByApi": True}
            for m in self._journal(instance_id)
            if m.timestamp >= since
        ]
        return web.json_response(items)

    async def _get_chat_history(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response:
        body = await _chat_body(request)
        if isinstance(body, web.Response):
            return body
        data, chat_id = body
        count = data.get("count", 100)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            return _text(400, "Validation failed. Details: 'count' must be a positive number")
        if self._journal_over_limit(instance_id, "getChatHistory"):
            return _text(429)
        ours = [_journal_item(m) for m in self._journal(instance_id) if m.chat_id == chat_id]
        theirs = self._history.get((instance_id, str(chat_id)), [])
        items = sorted([*ours, *theirs], key=lambda item: -int(item.get("timestamp", 0)))
        return web.json_response(items[:count])

    async def _download_file(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response:
        """downloadFile: a new link to a received message's file, served from the storage."""
        body = await _chat_body(request)
        if isinstance(body, web.Response):
            return body
        data, chat_id = body
        error = _check_text("idMessage", data.get("idMessage"), required=True)
        if error:
            return _text(400, error)
        found = self._downloads.get((instance_id, chat_id, str(data["idMessage"])))
        if found is None:
            return _text(400, "File not found")
        content, _ = self._files[found]
        fresh = self.add_file(content, found.rsplit("/", 1)[-1])
        return web.json_response({"downloadUrl": fresh})

    async def _storage(self, request: web.Request) -> web.StreamResponse:
        """The object storage behind downloadUrl: no token, a file per path."""
        path = request.match_info["path"]
        self.file_requests.append(path)
        if self.storage_delay:
            await asyncio.sleep(self.storage_delay)
        content, status = self._files.get(path, (b"", 404))
        if status != 200:
            return _text(status, "AccessDenied" if status == 403 else None)
        return web.Response(body=content, content_type="application/octet-stream")

    async def _delete_notification(
        self, request: web.Request, instance_id: int, instance: _Instance
    ) -> web.Response:
        tail = request.match_info.get("tail") or ""
        if not tail.isdigit():
            return _text(400, "Validation failed. Details: 'receiptId' must be a number")
        found = instance.queue.pop(int(tail), None) is not None
        return web.json_response({"result": found})

    # --- internals -------------------------------------------------------------------------

    def _instance(self, instance_id: int) -> _Instance:
        try:
            return self._instances[instance_id]
        except KeyError:
            raise KeyError(f"no instance {instance_id}: call add_instance() first") from None

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but end early when the fake stops so shutdown never waits on a delay."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    def _take_rule(self, instance_id: int, method: str) -> _Rule | None:
        for rule in self._rules:
            if rule.matches(instance_id, method):
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self._rules.remove(rule)
                return rule
        return None

    def _journal(self, instance_id: int) -> list[SentMessage]:
        """What the journals show now: accepted, and older than `journal_delay`; newest first."""
        shown = time.time() - self.journal_delay
        found = [m for m in self.sent if m.instance_id == instance_id and m.timestamp <= shown]
        return found[::-1]

    def _journal_over_limit(self, instance_id: int, method: str) -> bool:
        if self.journal_rate_limit is None:
            return False
        now = time.monotonic()
        recent = self._journal_calls.setdefault((instance_id, method), deque())
        while recent and now - recent[0] >= 1.0:
            recent.popleft()
        if len(recent) >= self.journal_rate_limit:
            return True
        recent.append(now)
        return False

    def _over_rate_limit(self, instance: _Instance) -> bool:
        if self.rate_limit is None:
            return False
        now = time.monotonic()
        recent = instance.recent_sends
        while recent and now - recent[0] >= 1.0:
            recent.popleft()
        if len(recent) >= self.rate_limit:
            return True
        recent.append(now)
        return False

    def _record_sent(
        self,
        instance_id: int,
        chat_id: str,
        message: str,
        *,
        file_name: str | None = None,
        file_data: bytes | None = None,
        payload: Mapping[str, Any],
    ) -> str:
        if self._repeat_ids and self.sent:
            self._repeat_ids -= 1
            id_message = self.sent[-1].id_message
        elif self._long_ids:
            self._long_ids -= 1
            self._id_counter += 1
            id_message = f"{self._id_prefix}{self._id_counter:012X}".ljust(150, "L")
        else:
            self._id_counter += 1
            id_message = f"{self._id_prefix}{self._id_counter:012X}"
        sent = SentMessage(
            instance_id,
            chat_id,
            message,
            id_message,
            time.monotonic(),
            file_name=file_name,
            file_data=file_data,
            payload={k: v for k, v in payload.items() if k != "file"},
            timestamp=time.time(),
        )
        self.sent.append(sent)
        if self.on_send is not None:
            self.on_send(sent)
        if self._waiters:
            count = len(self.sent)
            for n, future in self._waiters:
                if count >= n and not future.done():
                    future.set_result(None)
        return id_message

    def _describe_shortfall(self, n: int, timeout: float) -> str:
        failed: dict[tuple[str, int], int] = {}
        for call in self.calls:
            if call.status != 200:
                key = (call.method, call.status)
                failed[key] = failed.get(key, 0) + 1
        lines = [f"expected at least {n} sent message(s) within {timeout}s, got {len(self.sent)}"]
        lines += [f"  sent: {m.chat_id}: {m.message[:80]!r}" for m in self.sent[-5:]]
        lines += [f"  {count} x {m} -> {status}" for (m, status), count in failed.items()]
        if not self.calls:
            lines.append("  no calls reached the fake at all (wrong url, instance or token?)")
        return "\n".join(lines)


def _journal_item(message: SentMessage) -> dict[str, Any]:
    """An accepted message as the journals show it (the documented outgoing item)."""
    item: dict[str, Any] = {
        "type": "outgoing",
        "idMessage": message.id_message,
        "timestamp": int(message.timestamp),
        "statusMessage": "sent",
        "chatId": message.chat_id,
    }
    if message.file_name is None:
        item.update(typeMessage="textMessage", textMessage=message.message)
        return item
    image = message.file_name.lower().endswith((".jpg", ".jpeg", ".png", ".gif", ".webp"))
    item.update(
        typeMessage="imageMessage" if image else "documentMessage",
        downloadUrl=f"https://example.invalid/files/{message.id_message}/{message.file_name}",
        caption=message.message,
        fileName=message.file_name,
    )
    return item


def _lower(method: str | None) -> str | None:
    return None if method is None else method.lower()


def _text(status: int, text: str | None = None) -> web.Response:
    reason = _REASONS.get(status) or _phrase(status)
    return web.Response(status=status, text=text or reason)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _injected(rule: _Rule, method: str) -> web.Response:
    body = rule.body
    if body is None and rule.status == 466:
        body = quota_body(method)
    if body is None or isinstance(body, str):
        return _text(rule.status, body)
    return web.Response(status=rule.status, text=json.dumps(body), content_type="application/json")


async def _chat_body(request: web.Request) -> tuple[dict[str, Any], str] | web.Response:
    """A JSON object naming a valid chatId (readChat, getChatHistory, downloadFile), or the
    400 the gateway answers instead."""
    try:
        data = await request.json()
    except ValueError:
        return _text(400)
    chat_id = data.get("chatId") if isinstance(data, dict) else None
    error = _check_chat_id(chat_id)
    if error:
        return _text(400, error)
    return data, str(chat_id)


def _check_chat_id(value: object) -> str | None:
    if value is None:
        return "Validation failed. Details: 'chatId' is required"
    if value == "":
        return "Validation failed. Details: 'chatId' is not allowed to be empty"
    if not isinstance(value, str):
        return "Validation failed. Details: 'chatId' must be a string"
    if not _CHAT_ID.fullmatch(value):
        return (
            f"Validation failed. Details: 'chatId' with value '{value}'"
            " fails to match the required pattern"
        )
    return None


def _check_text(name: str, value: object, *, required: bool = False) -> str | None:
    if value is None or value == "":
        if not required:
            return None
        problem = "is required" if value is None else "is not allowed to be empty"
        return f"Validation failed. Details: '{name}' {problem}"
    if not isinstance(value, str):
        return f"Validation failed. Details: '{name}' must be a string"
    if len(value) > MAX_TEXT // 2 and len(value.encode("utf-16-le")) // 2 > MAX_TEXT:
        return (
            f"Validation failed. Details: '{name}' length must be less than or equal to"
            f" {MAX_TEXT} characters long"
        )
    return None
