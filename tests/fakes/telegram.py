"""Fake Telegram Bot API: its HTTP protocol on loopback, with recording and failure injection.

A real server (not a mock of aiogram) so the admin bot's real `aiogram.Bot`, `Dispatcher` and
webhook handler are exercised end to end: multipart encoding, result parsing with pydantic,
error classes (TelegramRetryAfter, TelegramUnauthorizedError...), long polling and downloads.
Point a bot at it with
`Bot(fake.token, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.url)))`.

Behaviour follows https://core.telegram.org/bots/api:
- `POST {url}/bot{token}/{method}` with multipart, urlencoded or JSON parameters (GET with a
  query string works too); method names are case-insensitive. Wrong token 401, unknown method
  404, every answer `{"ok": true, "result": ...}` or `{"ok": false, "error_code", "description"}`.
- Files: `GET {url}/file/bot{token}/{file_path}` serves what `getFile` names.
- Checks that catch real bot bugs answer 400 with Telegram's wording: empty or too long texts
  (counted in UTF-16 code units), malformed HTML for parse_mode HTML, unescaped reserved
  characters for MarkdownV2, callback_data over 64 bytes, "message is not modified", editing a
  message that does not exist, answering a callback query that was never sent, getUpdates while
  a webhook is set (409) or from two pollers at once (409 to the older one).
- Sending to a user in `blocked` gets 403 "Forbidden: bot was blocked by the user".
- Groups: `add_group(chat_id, forum=...)` makes a group the bot is in (negative ids); a member
  writes there with `group_text_update`. A forum takes `createForumTopic`; a send with a
  `message_thread_id` the forum does not have (never made, or `delete_topic`) gets 400
  "message thread not found"; the message carries `message_thread_id` and `is_topic_message`.
  A chat in `kicked` (the bot was removed) answers every send 403 "bot was kicked".

Deliberate leniencies: any chat id may be messaged (no "bot can't initiate conversation"),
setWebhook accepts http:// URLs (tests serve the webhook on loopback), parse_mode "Markdown"
(legacy) is not checked and no entities are derived from markup.

Notes for tests:
- Message ids are counted per chat and shared by both directions, as in private chats.
- An update whose type is not in the `allowed_updates` of the last getUpdates/setWebhook is not
  queued (Telegram drops it too); `queue_update` still returns its update_id.
- `fail_next(method=None)` also hits getUpdates, which a running Dispatcher retries with backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import mimetypes
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import aiohttp
from aiohttp import web

from tests.fakes.server import LoopbackServer

__all__ = [
    "DEFAULT_TOKEN",
    "DEFAULT_USERNAME",
    "ApiCall",
    "CommandsKey",
    "FakeTelegram",
    "FakeUser",
]

DEFAULT_TOKEN: Final = "123456:TEST-fake-token"
DEFAULT_USERNAME: Final = "hotel_boost_test_bot"
MAX_TEXT: Final = 4096
MAX_CAPTION: Final = 1024
CLIENT_GONE: Final = 499
"""`ApiCall.status` of a call the client abandoned (timeout, cancelled poll) before the answer."""

CommandsKey = tuple[str, int | str | None, str]
"""(scope type, scope chat_id or None, language_code or "") under which commands are stored."""

_SENT_METHODS: Final = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}
    | {"sendVoice", "sendAudio", "sendVideo", "sendSticker", "sendLocation", "sendVenue"}
)
# Parameters whose multipart value is a JSON-serialized object (aiogram's prepare_value).
_JSON_FIELDS: Final = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "media",
        "results",
        "options",
        "permissions",
        "menu_button",
        "rights",
        "reaction",
    }
)
_INT_FIELDS: Final = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "message_thread_id",
        "reply_to_message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "max_connections",
        "user_id",
        "duration",
        "width",
        "height",
        "until_date",
    }
)
_BOOL_FIELDS: Final = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
        "allow_paid_broadcast",
    }
)
# Telegram's default when allowed_updates was never given: all but these.
_OPT_IN_UPDATES: Final = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_HTML_TAGS: Final = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>")
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_MARKDOWN_V2_RESERVED: Final = frozenset(".!-=+#{}()>")
_MARKDOWN_V2_MARKERS: Final = frozenset("*_~|[]")
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_DEFAULT_DESCRIPTIONS: Final[Mapping[int, str]] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One Bot API request the fake answered, with its decoded parameters and its outcome."""

    method: str
    """Canonical name ("sendMessage"), whatever case the client used; as sent if unknown."""
    params: Mapping[str, Any]
    """Parameters with JSON-string fields (reply_markup, commands, scope...) decoded and
    numeric/boolean fields (chat_id, message_id, show_alert...) converted, as the server sees them.
    """
    files: Mapping[str, tuple[str, bytes]] = field(default_factory=dict, repr=False)
    """Uploaded files as name -> (filename, bytes); the name is the parameter that referenced
    the upload ("photo" for `attach://...`), else the multipart field name."""
    at: float = 0.0
    """`time.monotonic()` when the request arrived."""
    status: int = 200
    result: Any = field(default=None, repr=False, compare=False)
    """The `result` Telegram answered (a Message dict for sends), None on errors."""

    @property
    def ok(self) -> bool:
        """Whether Telegram answered `"ok": true`."""
        return self.status == 200

    @property
    def chat_id(self) -> int | str | None:
        """The `chat_id` parameter (int when numeric, "@channel" otherwise)."""
        value = self.params.get("chat_id")
        return _chat_key(value) if value is not None else None

    @property
    def text(self) -> str | None:
        """`text`, or `caption` for media: what a person reads."""
        value = self.params.get("text", self.params.get("caption"))
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class FakeUser:
    """A Telegram user who talks to the bot in a private chat (chat id == user id).

    Made by `FakeTelegram.user()`; its methods feed updates for polling through that fake.
    """

    id: int
    first_name: str
    language_code: str | None = "en"
    username: str | None = None
    last_name: str | None = None
    fake: FakeTelegram | None = field(default=None, repr=False, compare=False)

    def as_user(self) -> dict[str, Any]:
        """The Telegram `User` object."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value:
                user[key] = value
        return user

    def as_chat(self) -> dict[str, Any]:
        """The Telegram `Chat` object of the private chat with the bot."""
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat

    def send_text(self, text: str) -> int:
        """Queue a text message from this user; returns its update_id."""
        return self._owner().send_text(self, text)

    def send_document(self, file_name: str, content: bytes, caption: str | None = None) -> int:
        """Queue a document from this user; returns its update_id."""
        return self._owner().send_document(self, file_name, content, caption)

    def click(self, message: ApiCall | Mapping[str, Any], callback_data: str) -> int:
        """Queue a press on an inline button of a bot message; returns its update_id."""
        return self._owner().click(self, message, callback_data)

    def _owner(self) -> FakeTelegram:
        if self.fake is None:
            raise RuntimeError("this FakeUser was not made by FakeTelegram.user()")
        return self.fake


@dataclass(slots=True)
class _Rule:
    remaining: int
    method: str | None
    error_code: int
    description: str
    retry_after: int | None


@dataclass(frozen=True, slots=True)
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes


class _ApiError(Exception):
    """A Telegram error answer, raised by method handlers."""

    def __init__(
        self, error_code: int, description: str, parameters: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters


PHOTO_BYTES = 10 * 1024 * 1024  # Telegram's limit for a photo; a document may be 50 MB


def _bad(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


_Files = dict[str, tuple[str, bytes]]
_Handler = Callable[[dict[str, Any], _Files], Awaitable[Any]]


class FakeTelegram(LoopbackServer):
    """Telegram Bot API on 127.0.0.1: `async with FakeTelegram() as fake:`, then build a `Bot`
    with `fake.token` and `TelegramAPIServer.from_base(fake.url)`.

    Every request is in `calls`; updates for the bot are made with `user()` and its helpers and
    delivered by getUpdates, or posted to a webhook with `post_update()`.
    """

    max_body = 51 * 1024 * 1024  # bots upload up to 50 MB

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        username: str = DEFAULT_USERNAME,
        first_name: str = "Hotel Boost Test",
        poll_cap: float = 0.5,
    ) -> None:
        super().__init__()
        bot_id, sep, _ = token.partition(":")
        if not sep or not bot_id.isdigit():
            raise ValueError(f"not a bot token: {token!r}")
        self.token = token
        self.bot_user: dict[str, Any] = {
            "id": int(bot_id),
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.poll_cap = poll_cap
        """Longest getUpdates wait, whatever `timeout` asks, so stopping a poller is quick."""
        self.calls: list[ApiCall] = []
        self.commands: dict[CommandsKey, list[dict[str, str]]] = {}
        """What setMyCommands stored, per (scope type, chat_id, language_code)."""
        self.blocked: set[int] = set()
        """Chat ids whose sends get 403 "bot was blocked by the user"."""
        self.kicked: set[int] = set()
        """Group chat ids the bot was removed from: every call there gets 403."""
        self.groups: dict[int, dict[str, Any]] = {}
        """Group chats the bot is in, by id: their Chat objects."""
        self.topics: dict[int, dict[int, str]] = {}
        """A forum's topics: chat id -> {message_thread_id: name}."""
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self._allowed_updates: frozenset[str] | None = None
        self._pending: list[dict[str, Any]] = []
        self._next_update_id = 100_000_000 + secrets.randbelow(1_000_000)
        self._poll_generation = 0
        self._waiting_polls = 0
        self._polls_changed = asyncio.Event()
        self._updates_changed = asyncio.Event()
        self._calls_changed = asyncio.Event()
        self._messages: dict[tuple[int | str, int], dict[str, Any]] = {}
        self._last_message_id: dict[int | str, int] = {}
        self._users: dict[int, FakeUser] = {}
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._callback_queries: set[str] = set()
        self._rules: list[_Rule] = []
        self._handlers: dict[str, tuple[str, _Handler]] = {
            name.lower(): (name, handler)
            for name, handler in (
                ("getMe", self._get_me),
                ("getUpdates", self._get_updates),
                ("sendMessage", self._send_message),
                ("editMessageText", self._edit_message_text),
                ("editMessageReplyMarkup", self._edit_message_reply_markup),
                ("sendPhoto", self._send_photo),
                ("sendDocument", self._send_document),
                ("sendVoice", self._send_voice),
                ("sendAudio", self._send_audio),
                ("sendVideo", self._send_video),
                ("sendSticker", self._send_sticker),
                ("sendLocation", self._send_location),
                ("sendVenue", self._send_venue),
                ("answerCallbackQuery", self._answer_callback_query),
                ("setMyCommands", self._set_my_commands),
                ("getMyCommands", self._get_my_commands),
                ("deleteMyCommands", self._delete_my_commands),
                ("setWebhook", self._set_webhook),
                ("deleteWebhook", self._delete_webhook),
                ("getWebhookInfo", self._get_webhook_info),
                ("deleteMessage", self._delete_message),
                ("sendChatAction", self._send_chat_action),
                ("getFile", self._get_file),
                ("createForumTopic", self._create_forum_topic),
                ("deleteForumTopic", self._delete_forum_topic),
            )
        }

    # --- lifecycle (LoopbackServer) ---------------------------------------------------------

    def _routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)

    def _on_stop(self) -> None:
        """Pending long polls answer an empty list."""
        self._wake_polls()

    # --- users and updates -----------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        language_code: str | None = "en",
        username: str | None = None,
        *,
        last_name: str | None = None,
    ) -> FakeUser:
        """A user who talks to the bot; bot messages to their chat carry their names."""
        person = FakeUser(user_id, first_name, language_code, username, last_name, fake=self)
        self._users[user_id] = person
        return person

    def add_group(
        self, chat_id: int, title: str = "Hotel staff", *, forum: bool = False
    ) -> dict[str, Any]:
        """A group the bot was added to (a supergroup for ids starting -100); `forum` turns
        its topics on. Returns its Chat object."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        kind = "supergroup" if str(chat_id).startswith("-100") or forum else "group"
        chat: dict[str, Any] = {"id": chat_id, "type": kind, "title": title}
        if forum:
            chat["is_forum"] = True
            self.topics.setdefault(chat_id, {})
        self.groups[chat_id] = chat
        return copy.deepcopy(chat)

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """A person deleted a forum topic: sends to it fail from now on."""
        self.topics.get(chat_id, {}).pop(thread_id, None)

    def group_text_update(
        self, user: FakeUser, chat_id: int, text: str, *, thread_id: int | None = None
    ) -> dict[str, Any]:
        """A `message` update: `user` wrote `text` in the group (in a topic: `thread_id`)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        if thread_id is not None:
            content.update(message_thread_id=thread_id, is_topic_message=True)
        self._users.setdefault(user.id, user)
        message = {
            "message_id": self._next_message_id(chat_id),
            "from": user.as_user(),
            "chat": copy.deepcopy(self.groups[chat_id]),
            "date": int(time.time()),
            **content,
        }
        self._messages[(chat_id, message["message_id"])] = message
        return self._update("message", copy.deepcopy(message))

    def reply_update(
        self,
        user: FakeUser,
        to: ApiCall | Mapping[str, Any],
        *,
        text: str | None = None,
        photo: bytes | None = None,
        document: tuple[str, bytes] | None = None,
        voice: bytes | None = None,
        video: bytes | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """A `message` update: `user` answers the bot message `to` with Telegram's reply
        gesture, in the chat `to` is in (private or group, in its topic if it has one), with
        a text, a photo (its sizes, as Telegram sends them), a document, a voice note or a
        video."""
        found = to.result if isinstance(to, ApiCall) else to
        if not isinstance(found, Mapping) or "message_id" not in found:
            raise ValueError(f"not a sent Message: {found!r}")
        chat_id = _chat_key(found["chat"]["id"])
        replied = dict(
            copy.deepcopy(self._messages.get((chat_id, int(found["message_id"])), found))
        )
        replied.pop("reply_to_message", None)  # Telegram nests one level only
        content: dict[str, Any] = {"reply_to_message": replied}
        if text is not None:
            content["text"] = text
        if photo is not None:
            size = {"width": 90, "height": 90}
            content["photo"] = [self._file_object(photo, "photos", "photo.jpg", **size)]
        if document is not None:
            name, data = document
            content["document"] = self._file_object(data, "documents", name, file_name=name)
        if voice is not None:
            sound = {"duration": 3, "mime_type": "audio/ogg"}
            content["voice"] = self._file_object(voice, "voice", "file_0.oga", **sound)
        if video is not None:
            clip = {"width": 320, "height": 240, "duration": 5, "mime_type": "video/mp4"}
            content["video"] = self._file_object(video, "videos", "file_0.mp4", **clip)
        if caption is not None:
            content["caption"] = caption
        if found.get("message_thread_id") is not None:
            content.update(message_thread_id=found["message_thread_id"], is_topic_message=True)
        self._users.setdefault(user.id, user)
        chat = self.groups[chat_id] if isinstance(chat_id, int) and chat_id < 0 else None
        message = {
            "message_id": self._next_message_id(chat_id),
            "from": user.as_user(),
            "chat": copy.deepcopy(chat) if chat is not None else user.as_chat(),
            "date": int(time.time()),
            **content,
        }
        self._messages[(chat_id, message["message_id"])] = message
        return self._update("message", copy.deepcopy(message))

    def send_reply(self, user: FakeUser, to: ApiCall | Mapping[str, Any], **content: Any) -> int:
        """Queue `reply_update(...)`; returns its update_id."""
        return self.queue_update(self.reply_update(user, to, **content))

    def send_group_text(
        self, user: FakeUser, chat_id: int, text: str, *, thread_id: int | None = None
    ) -> int:
        """Queue `group_text_update(...)`; returns its update_id."""
        return self.queue_update(self.group_text_update(user, chat_id, text, thread_id=thread_id))

    def text_update(self, user: FakeUser, text: str) -> dict[str, Any]:
        """A `message` update with `text` in the user's private chat (not queued).

        A leading "/command" gets its bot_command entity, which aiogram's Command filter needs.
        """
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        return self._update("message", self._user_message(user, **content))

    def document_update(
        self,
        user: FakeUser,
        file_name: str,
        content: bytes,
        caption: str | None = None,
        *,
        mime_type: str | None = None,
    ) -> dict[str, Any]:
        """A `message` update carrying a document (not queued); getFile and the download URL
        serve `content`."""
        document = self._file_object(content, "documents", file_name, file_name=file_name)
        mime = mime_type or mimetypes.guess_type(file_name)[0]
        if mime:
            document["mime_type"] = mime
        extra: dict[str, Any] = {"document": document}
        if caption is not None:
            extra["caption"] = caption
        return self._update("message", self._user_message(user, **extra))

    def click_update(
        self,
        user: FakeUser,
        message: ApiCall | Mapping[str, Any],
        callback_data: str,
        *,
        strict: bool = True,
    ) -> dict[str, Any]:
        """A `callback_query` update: the user pressed a button of a bot message (not queued).

        `message` is the ApiCall that sent it or a Message dict; the update carries the message
        as it is now (after edits). With `strict`, `callback_data` must be on one of its inline
        buttons, as a real user can only press buttons that exist.
        """
        found = message.result if isinstance(message, ApiCall) else message
        if not isinstance(found, Mapping) or "message_id" not in found or "chat" not in found:
            raise ValueError(f"not a sent Message: {found!r}")
        key = (_chat_key(found["chat"]["id"]), int(found["message_id"]))
        current = copy.deepcopy(self._messages.get(key, dict(found)))
        if strict:
            buttons = [
                button.get("callback_data")
                for row in current.get("reply_markup", {}).get("inline_keyboard", [])
                for button in row
            ]
            if callback_data not in buttons:
                raise ValueError(
                    f"message {key} has no button with callback_data {callback_data!r};"
                    f" it has {buttons!r}"
                )
        query_id = str(secrets.randbits(63))
        self._callback_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user.as_user(),
            "message": current,
            "chat_instance": str(abs(hash((self.token, key[0])))),  # one per chat
            "data": callback_data,
        }
        return self._update("callback_query", query)

    def queue_update(self, update: Mapping[str, Any]) -> int:
        """Queue an update for getUpdates (unless its type is filtered out); its update_id."""
        update_id = int(update["update_id"])
        kind = next((key for key in update if key != "update_id"), "")
        allowed = self._allowed_updates
        if (kind not in allowed) if allowed is not None else (kind in _OPT_IN_UPDATES):
            return update_id
        self._pending.append(dict(update))
        self._wake_polls()
        return update_id

    def send_text(self, user: FakeUser, text: str) -> int:
        """Queue `text_update(user, text)`; returns its update_id."""
        return self.queue_update(self.text_update(user, text))

    def send_document(
        self, user: FakeUser, file_name: str, content: bytes, caption: str | None = None
    ) -> int:
        """Queue `document_update(...)`; returns its update_id."""
        return self.queue_update(self.document_update(user, file_name, content, caption))

    def click(
        self,
        user: FakeUser,
        message: ApiCall | Mapping[str, Any],
        callback_data: str,
        *,
        strict: bool = True,
    ) -> int:
        """Queue `click_update(...)`; returns its update_id."""
        return self.queue_update(self.click_update(user, message, callback_data, strict=strict))

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        return list(self._pending)

    async def post_update(
        self,
        url: str,
        update: Mapping[str, Any],
        secret_token: str | None = None,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 (a plain argument reads best in tests)
    ) -> int:
        """POST an update to a webhook as Telegram does; returns the HTTP status.

        `secret_token` goes in the X-Telegram-Bot-Api-Secret-Token header when given.
        """
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token else {}
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.post(url, json=dict(update), headers=headers) as response,
        ):
            await response.read()
            return response.status

    # --- failure injection -----------------------------------------------------------------

    def fail_next(
        self,
        count: int = 1,
        method: str | None = None,
        error_code: int = 500,
        description: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """The next `count` calls of `method` (None = any, getUpdates included) fail.

        429 carries `parameters.retry_after` (default 1 s), which aiogram raises as
        TelegramRetryAfter; the description defaults to Telegram's wording for the code.
        """
        if error_code == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if error_code == 429
                else _DEFAULT_DESCRIPTIONS.get(error_code, "Error")
            )
        name = None if method is None else self._canonical(method)
        self._rules.append(_Rule(count, name, error_code, description, retry_after))

    def reset(self) -> None:
        """Forget recorded calls and pending injections; users, messages, files, commands,
        webhook and queued updates stay, so a test can check one phase at a time."""
        self.calls.clear()
        self._rules.clear()

    def backdate(self, sent: ApiCall | Mapping[str, Any], seconds: float) -> None:
        """Make a message the bot sent look *seconds* older, as a reply to it will show it."""
        found = sent.result if isinstance(sent, ApiCall) else sent
        if not isinstance(found, Mapping) or "message_id" not in found:
            raise ValueError(f"not a sent Message: {found!r}")
        key = (_chat_key(found["chat"]["id"]), int(found["message_id"]))
        self._messages[key]["date"] = int(self._messages[key]["date"] - seconds)

    # --- inspection ------------------------------------------------------------------------

    def sent_messages(self, chat_id: int | str | None = None) -> list[ApiCall]:
        """Successful sendMessage/sendPhoto/sendDocument/edit calls, optionally for one chat."""
        return self._matching(_SENT_METHODS, chat_id, ok_only=True)

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        """A message as it is now (after edits), or None if unknown or deleted."""
        found = self._messages.get((_chat_key(chat_id), message_id))
        return copy.deepcopy(found) if found is not None else None

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 (a plain argument reads best in tests)
        chat_id: int | str | None = None,
        *,
        ok_only: bool = True,
    ) -> list[ApiCall]:
        """Wait until at least `count` successful `method` calls (for `chat_id`) were made.

        Returns all matching calls; AssertionError listing recent calls after `timeout`.
        """
        names = frozenset({self._canonical(method)})
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._calls_changed
            matching = self._matching(names, chat_id, ok_only=ok_only)
            if len(matching) >= count:
                return matching
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    self._describe_shortfall(method, count, timeout, chat_id, len(matching))
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def wait_for_poll(
        self,
        timeout: float = 5.0,  # noqa: ASYNC109 (a plain argument reads best in tests)
    ) -> None:
        """Wait until a getUpdates call is being served: the poller (a Dispatcher) is up.

        AssertionError after `timeout`, listing recent calls.
        """
        try:
            await asyncio.wait_for(self._polls_changed.wait(), timeout)
        except TimeoutError:
            raise AssertionError(
                self._describe_shortfall("getUpdates (in progress)", 1, timeout, None, 0)
            ) from None

    # --- HTTP ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        at = time.monotonic()
        asked = request.match_info["method"]
        spec = self._handlers.get(asked.lower())
        method = spec[0] if spec else asked
        params: dict[str, Any] = {}
        files: _Files = {}
        status, result = 200, None
        try:
            try:
                if request.match_info["token"] != self.token:
                    raise _ApiError(401, "Unauthorized")
                if spec is None:
                    raise _ApiError(404, "Not Found: method not found")
                params, files = await _read_params(request)
                self._raise_injected(method)
                result = await spec[1](params, files)
            except _ApiError as error:
                status = error.error_code
                body: dict[str, Any] = {
                    "ok": False,
                    "error_code": error.error_code,
                    "description": error.description,
                }
                if error.parameters:
                    body["parameters"] = dict(error.parameters)
                return web.json_response(body, status=status)
            return web.json_response({"ok": True, "result": result})
        except asyncio.CancelledError:
            status, result = CLIENT_GONE, None
            raise
        finally:
            self._record(ApiCall(method, params, files, at, status, result))

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error_response(401, "Unauthorized")
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return _error_response(404, "Not Found")
        return web.Response(body=stored.data, content_type="application/octet-stream")

    # --- methods ---------------------------------------------------------------------------

    async def _get_me(self, params: dict[str, Any], files: _Files) -> Any:
        return dict(self.bot_user)

    async def _get_updates(self, params: dict[str, Any], files: _Files) -> Any:
        if self.webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active;"
                " use deleteWebhook to delete the webhook first",
            )
        offset = _int_param(params, "offset", 0)
        limit = min(max(_int_param(params, "limit", 100), 1), 100)
        timeout = max(_int_param(params, "timeout", 0), 0)
        self._set_allowed_updates(params.get("allowed_updates"))
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_polls()  # an older poll still waiting now gets its 409
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(timeout, self.poll_cap)
        self._waiting_polls += 1
        self._polls_changed.set()
        try:
            while True:
                event = self._updates_changed
                if generation != self._poll_generation:
                    raise _ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request;"
                        " make sure that only one bot instance is running",
                    )
                ready = self._pending[:limit]
                remaining = deadline - loop.time()
                if ready or remaining <= 0 or self._closing.is_set():
                    return copy.deepcopy(ready)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            self._waiting_polls -= 1
            if not self._waiting_polls:
                self._polls_changed.clear()

    async def _send_message(self, params: dict[str, Any], files: _Files) -> Any:
        chat = self._chat(params)
        text = _formatted(params.get("text"), params.get("parse_mode"), "text", MAX_TEXT)
        content: dict[str, Any] = {"text": text, **self._thread(chat, params)}
        return self._bot_message(chat, content, params.get("reply_markup"))

    async def _create_forum_topic(self, params: dict[str, Any], files: _Files) -> Any:
        chat = self._chat(params)
        if not chat.get("is_forum"):
            raise _bad("the chat is not a forum")
        name = params.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 128:
            raise _bad("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_TOO_LONG")
        # The topic's id is the id of the service message that opened it.
        thread_id = self._next_message_id(chat["id"])
        self.topics[chat["id"]][thread_id] = name
        return {"message_thread_id": thread_id, "name": name, "icon_color": 7322096}

    async def _delete_forum_topic(self, params: dict[str, Any], files: _Files) -> Any:
        chat = self._chat(params)
        thread_id = _int_param(params, "message_thread_id", 0)
        if self.topics.get(chat["id"], {}).pop(thread_id, None) is None:
            raise _bad("TOPIC_ID_INVALID")
        return True

    async def _edit_message_text(self, params: dict[str, Any], files: _Files) -> Any:
        if params.get("inline_message_id"):
            return True
        stored = self._editable(params)
        if "text" not in stored:
            raise _bad("there is no text in the message to edit")
        text = _formatted(params.get("text"), params.get("parse_mode"), "text", MAX_TEXT)
        markup = _inline_markup(params.get("reply_markup"))
        return self._edit(stored, {"text": text}, markup)

    async def _edit_message_reply_markup(self, params: dict[str, Any], files: _Files) -> Any:
        if params.get("inline_message_id"):
            return True
        stored = self._editable(params)
        return self._edit(stored, {}, _inline_markup(params.get("reply_markup")))

    async def _send_photo(self, params: dict[str, Any], files: _Files) -> Any:
        chat = self._chat(params)
        if "photo" in files and len(files["photo"][1]) > PHOTO_BYTES:
            raise _bad("PHOTO_INVALID_DIMENSIONS")  # what Telegram says to a photo over 10 MB
        stored = self._input_file(params, files, "photo", folder="photos")
        # Telegram stores a thumbnail and the full picture; the largest is the upload.
        thumb = self._store_file(stored.data[:1024], folder="photos")
        content: dict[str, Any] = {
            "photo": [
                _photo_size(thumb, 90, 67),
                _photo_size(stored, 1280, 960),
            ]
        }
        return self._bot_message(
            chat, self._captioned(content, params), params.get("reply_markup")
        )

    async def _send_document(self, params: dict[str, Any], files: _Files) -> Any:
        chat = self._chat(params)
        stored = self._input_file(params, files, "document", folder="documents")
        file_name = files["document"][0] if "document" in files else stored.file_path
        file_name = file_name.rsplit("/", 1)[-1]
        document: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "file_size": len(stored.data),
        }
        mime = mimetypes.guess_type(file_name)[0]
        if mime:
            document["mime_type"] = mime
        content = self._captioned({"document": document}, params)
        return self._bot_message(chat, content, params.get("reply_markup"))

    async def _send_voice(self, params: dict[str, Any], files: _Files) -> Any:
        return self._send_file(params, files, "voice", "voice", "audio/ogg")

    async def _send_audio(self, params: dict[str, Any], files: _Files) -> Any:
        return self._send_file(params, files, "audio", "music", "audio/mpeg")

    async def _send_video(self, params: dict[str, Any], files: _Files) -> Any:
        return self._send_file(params, files, "video", "videos", "video/mp4")

    async def _send_sticker(self, params: dict[str, Any], files: _Files) -> Any:
        if params.get("caption"):
            raise _bad("can't send a caption with a sticker")  # the method has no caption
        return self._send_file(params, files, "sticker", "stickers", "image/webp")

    def _send_file(
        self, params: dict[str, Any], files: _Files, name: str, folder: str, mime: str
    ) -> dict[str, Any]:
        """sendVoice/sendAudio/sendVideo/sendSticker: the message holds the file's id, name,
        size and type (the upload's name says the type when it can)."""
        chat = self._chat(params)
        stored = self._input_file(params, files, name, folder=folder)
        file_name = files[name][0] if name in files else stored.file_path.rsplit("/", 1)[-1]
        media: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "mime_type": mimetypes.guess_type(file_name)[0] or mime,
        }
        if name in ("audio", "video"):
            media["file_name"] = file_name
        if name != "sticker":
            media["duration"] = _int_param(params, "duration", 1)
        if name in ("video", "sticker"):
            media.update(
                width=_int_param(params, "width", 512), height=_int_param(params, "height", 512)
            )
        if name == "sticker":
            media.update(type="regular", is_animated=False, is_video=False)
        content = self._captioned({name: media, **self._thread(chat, params)}, params)
        return self._bot_message(chat, content, params.get("reply_markup"))

    async def _send_location(self, params: dict[str, Any], files: _Files) -> Any:
        chat = self._chat(params)
        content = {"location": _location(params), **self._thread(chat, params)}
        return self._bot_message(chat, content, params.get("reply_markup"))

    async def _send_venue(self, params: dict[str, Any], files: _Files) -> Any:
        chat = self._chat(params)
        title, address = params.get("title"), params.get("address")
        if not title or not address:
            raise _bad("venue title and address must be non-empty")
        location = _location(params)
        venue = {"location": location, "title": str(title), "address": str(address)}
        content = {"location": location, "venue": venue, **self._thread(chat, params)}
        return self._bot_message(chat, content, params.get("reply_markup"))

    async def _answer_callback_query(self, params: dict[str, Any], files: _Files) -> Any:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._callback_queries:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        text = params.get("text")
        if isinstance(text, str) and _utf16_len(text) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        self._callback_queries.discard(query_id)
        return True

    async def _set_my_commands(self, params: dict[str, Any], files: _Files) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH" if isinstance(commands, list) else "commands")
        cleaned: list[dict[str, str]] = []
        for item in commands:
            command = item.get("command") if isinstance(item, dict) else None
            description = item.get("description") if isinstance(item, dict) else None
            if not isinstance(command, str) or not _COMMAND.fullmatch(command):
                raise _bad("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": command, "description": description})
        self.commands[_commands_key(params)] = cleaned
        return True

    async def _get_my_commands(self, params: dict[str, Any], files: _Files) -> Any:
        return copy.deepcopy(self.commands.get(_commands_key(params), []))

    async def _delete_my_commands(self, params: dict[str, Any], files: _Files) -> Any:
        self.commands.pop(_commands_key(params), None)
        return True

    async def _set_webhook(self, params: dict[str, Any], files: _Files) -> Any:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if url and not url.startswith(("https://", "http://")):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not _SECRET_TOKEN.fullmatch(str(secret)):
            raise _bad("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._set_allowed_updates(params.get("allowed_updates"))
        self.webhook_url = url
        self.webhook_secret = str(secret) if url and secret is not None else None
        if url:
            self._wake_polls()
        return True

    async def _delete_webhook(self, params: dict[str, Any], files: _Files) -> Any:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook_url = ""
        self.webhook_secret = None
        return True

    async def _get_webhook_info(self, params: dict[str, Any], files: _Files) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = 40
        if self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    async def _delete_message(self, params: dict[str, Any], files: _Files) -> Any:
        chat = self._chat(params)
        key = (_chat_key(chat["id"]), _int_param(params, "message_id", 0))
        if self._messages.pop(key, None) is None:
            raise _bad("message to delete not found")
        return True

    async def _send_chat_action(self, params: dict[str, Any], files: _Files) -> Any:
        self._chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    async def _get_file(self, params: dict[str, Any], files: _Files) -> Any:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise _bad("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    # --- internals -------------------------------------------------------------------------

    def _canonical(self, method: str) -> str:
        spec = self._handlers.get(method.lower())
        return spec[0] if spec else method

    def _record(self, call: ApiCall) -> None:
        self.calls.append(call)
        event, self._calls_changed = self._calls_changed, asyncio.Event()
        event.set()

    def _wake_polls(self) -> None:
        """Wake every waiting getUpdates; later waiters get a fresh event."""
        event, self._updates_changed = self._updates_changed, asyncio.Event()
        event.set()

    def _raise_injected(self, method: str) -> None:
        for rule in self._rules:
            if rule.method is None or rule.method == method:
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self._rules.remove(rule)
                parameters = (
                    {"retry_after": rule.retry_after} if rule.retry_after is not None else None
                )
                raise _ApiError(rule.error_code, rule.description, parameters)

    def _set_allowed_updates(self, allowed: object) -> None:
        # Absent keeps the previous setting; an empty list restores the default.
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(str(kind) for kind in allowed) or None

    def _matching(
        self, names: frozenset[str], chat_id: int | str | None, *, ok_only: bool
    ) -> list[ApiCall]:
        wanted = None if chat_id is None else _chat_key(chat_id)
        return [
            call
            for call in self.calls
            if call.method in names
            and (call.ok or not ok_only)
            and (wanted is None or call.chat_id == wanted)
        ]

    def _update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        self._next_update_id += 1
        return {"update_id": self._next_update_id, kind: payload}

    def _next_message_id(self, chat_id: int | str) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _user_message(self, user: FakeUser, **content: Any) -> dict[str, Any]:
        self._users.setdefault(user.id, user)
        message = {
            "message_id": self._next_message_id(user.id),
            "from": user.as_user(),
            "chat": user.as_chat(),
            "date": int(time.time()),
            **content,
        }
        self._messages[(user.id, message["message_id"])] = message
        return copy.deepcopy(message)

    def _chat(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The Chat object for `chat_id`, or the error Telegram gives for it."""
        value = params.get("chat_id")
        if value is None or value == "":
            raise _bad("chat_id is empty")
        chat_id = _chat_key(value)
        if isinstance(chat_id, str):
            raise _bad("chat not found")  # no channels or public groups are known here
        if chat_id in self.blocked:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.kicked:
            kind = self.groups.get(chat_id, {}).get("type", "group")
            raise _ApiError(403, f"Forbidden: bot was kicked from the {kind} chat")
        if chat_id in self.groups:
            return copy.deepcopy(self.groups[chat_id])
        if chat_id in self._users:
            return self._users[chat_id].as_chat()
        if chat_id > 0:
            return {"id": chat_id, "type": "private"}
        if str(chat_id).startswith("-100"):
            return {"id": chat_id, "type": "supergroup", "title": "Test supergroup"}
        return {"id": chat_id, "type": "group", "title": "Test group"}

    def _thread(self, chat: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
        """Where in a forum a send goes: its topic's fields, or 400 for a topic that is gone.
        Outside forums Telegram ignores the parameter."""
        thread_id = params.get("message_thread_id")
        if not chat.get("is_forum") or not thread_id:
            return {}
        if int(thread_id) not in self.topics.get(chat["id"], {}):
            raise _bad("message thread not found")
        return {"message_thread_id": int(thread_id), "is_topic_message": True}

    def _bot_message(
        self, chat: dict[str, Any], content: dict[str, Any], markup: object
    ) -> dict[str, Any]:
        message = {
            "message_id": self._next_message_id(chat["id"]),
            "from": dict(self.bot_user),
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        inline = _inline_markup(markup)
        if inline is not None:
            message["reply_markup"] = inline
        self._messages[(chat["id"], message["message_id"])] = message
        return copy.deepcopy(message)

    def _editable(self, params: Mapping[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        message_id = _int_param(params, "message_id", 0)
        if message_id <= 0:
            raise _bad("message identifier is not specified")
        stored = self._messages.get((chat["id"], message_id))
        if stored is None:
            raise _bad("message to edit not found")
        if stored["from"]["id"] != self.bot_user["id"]:
            raise _bad("message can't be edited")
        return stored

    def _edit(
        self,
        stored: dict[str, Any],
        content: dict[str, Any],
        markup: dict[str, Any] | None,
    ) -> dict[str, Any]:
        # An edit without reply_markup removes the inline keyboard, as on Telegram.
        unchanged = all(stored.get(k) == v for k, v in content.items())
        if unchanged and stored.get("reply_markup") == markup:
            raise _bad(
                "message is not modified: specified new message content and reply markup are"
                " exactly the same as a current content and reply markup of the message"
            )
        stored.update(content)
        if markup is None:
            stored.pop("reply_markup", None)
        else:
            stored["reply_markup"] = markup
        stored["edit_date"] = int(time.time())
        return copy.deepcopy(stored)

    def _captioned(self, content: dict[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
        caption = params.get("caption")
        if caption:
            content["caption"] = _formatted(
                caption, params.get("parse_mode"), "caption", MAX_CAPTION
            )
        return content

    def _input_file(
        self, params: Mapping[str, Any], files: _Files, name: str, *, folder: str
    ) -> _StoredFile:
        """The file a send refers to: an upload, a known file_id, or (fetched lazily) a URL."""
        if name in files:
            file_name, data = files[name]
            if not data:
                raise _bad("file must be non-empty")
            return self._store_file(data, folder=folder, file_name=file_name)
        value = params.get(name)
        if not isinstance(value, str) or not value:
            raise _bad(f"there is no {name} in the request")
        if value in self._files:
            return self._files[value]
        if value.startswith(("http://", "https://")):
            return self._store_file(b"", folder=folder, file_name=value.rsplit("/", 1)[-1])
        raise _bad("wrong file identifier/HTTP URL specified")

    def _file_object(
        self, data: bytes, folder: str, stored_as: str, **fields: Any
    ) -> dict[str, Any]:
        """A Telegram file object (PhotoSize, Document, Voice, Video) for `data`, stored so
        getFile and the download URL serve it; `fields` are the type's own."""
        stored = self._store_file(data, folder=folder, file_name=stored_as)
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            **fields,
            "file_size": len(data),
        }

    def _store_file(
        self, data: bytes, *, folder: str, file_name: str | None = None
    ) -> _StoredFile:
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[-1]
        number = len(self._files)
        stored = _StoredFile(
            file_id=f"BQACAgIAAxk{secrets.token_urlsafe(24)}",
            file_unique_id=f"AgAD{secrets.token_urlsafe(8)}",
            file_path=f"{folder}/file_{number}{suffix}",
            data=data,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _describe_shortfall(
        self, method: str, count: int, timeout: float, chat_id: int | str | None, got: int
    ) -> str:
        where = f" for chat {chat_id}" if chat_id is not None else ""
        lines = [
            f"expected at least {count} successful {method} call(s){where} within {timeout}s,"
            f" got {got}; recent calls:"
        ]
        for call in self.calls[-10:]:
            detail = f" chat={call.chat_id}" if call.chat_id is not None else ""
            if call.text is not None:
                detail += f" text={call.text[:60]!r}"
            lines.append(f"  {call.method} -> {call.status}{detail}")
        if not self.calls:
            lines.append("  no calls reached the fake at all (wrong url or token?)")
        return "\n".join(lines)


# --- request decoding ------------------------------------------------------------------------


async def _read_params(request: web.Request) -> tuple[dict[str, Any], _Files]:
    """Parameters from the query string and the body (multipart, urlencoded or JSON)."""
    raw: dict[str, Any] = dict(request.query)
    files: _Files = {}
    if request.content_type == "application/json":
        try:
            body = await request.json() if request.can_read_body else {}
        except ValueError:
            raise _bad("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise _bad("can't parse JSON object")
        raw.update(body)
    elif request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.post()
        uploads: dict[str, tuple[str, bytes]] = {}
        for key, value in form.items():
            if isinstance(value, web.FileField):
                uploads[key] = (value.filename, value.file.read())
            else:
                raw[key] = value
        attached = {
            value.removeprefix("attach://"): key
            for key, value in raw.items()
            if isinstance(value, str) and value.startswith("attach://")
        }
        for key, upload in uploads.items():
            files[attached.get(key, key)] = upload
    return {key: _decode(key, value) for key, value in raw.items()}, files


def _decode(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            raise _bad(f"can't parse {key} JSON object") from None
    if key in _INT_FIELDS and re.fullmatch(r"-?\d+", value):
        return int(value)
    if key in _BOOL_FIELDS:
        return value.lower() in ("true", "1")
    return value


def _int_param(params: Mapping[str, Any], key: str, default: int) -> int:
    value = params.get(key, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad(f"wrong parameter {key}") from None


def _chat_key(value: object) -> int | str:
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def _commands_key(params: Mapping[str, Any]) -> CommandsKey:
    scope = params.get("scope") or {"type": "default"}
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise _bad("can't parse BotCommandScope")
    chat_id = scope.get("chat_id")
    return (
        scope["type"],
        None if chat_id is None else _chat_key(chat_id),
        str(params.get("language_code") or ""),
    )


def _inline_markup(markup: object) -> dict[str, Any] | None:
    """The inline keyboard a Message echoes (reply keyboards are not part of a Message)."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad("can't parse inline keyboard button: InlineKeyboardButtons must be an array")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise _bad("can't parse inline keyboard button: Text buttons are unallowed")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise _bad("BUTTON_DATA_INVALID")
    return markup


def _location(params: Mapping[str, Any]) -> dict[str, float]:
    """A send's latitude and longitude, or Telegram's 400 for a missing or impossible one."""
    try:
        latitude, longitude = float(params["latitude"]), float(params["longitude"])
    except (KeyError, TypeError, ValueError):
        raise _bad("wrong latitude or longitude specified") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise _bad("wrong latitude or longitude specified")
    return {"latitude": latitude, "longitude": longitude}


def _photo_size(stored: _StoredFile, width: int, height: int) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": width,
        "height": height,
        "file_size": len(stored.data),
    }


def _error_response(code: int, description: str) -> web.Response:
    body = {"ok": False, "error_code": code, "description": description}
    return web.json_response(body, status=code)


# --- text formatting -------------------------------------------------------------------------


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _formatted(value: object, parse_mode: object, what: str, limit: int) -> str:
    """The plain text Telegram stores for `value`, or the 400 it answers."""
    empty = "message text is empty" if what == "text" else "message caption is empty"
    if not isinstance(value, str) or not value.strip():
        raise _bad(empty)
    mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
    if mode == "html":
        plain = _html_to_plain(value)
    elif mode == "markdownv2":
        plain = _markdown_v2_to_plain(value)
    else:
        plain = value
    if not plain.strip():
        raise _bad(empty)
    if _utf16_len(plain) > limit:
        raise _bad("message is too long" if what == "text" else "message caption is too long")
    return plain


def _entity_error(problem: str) -> _ApiError:
    return _bad(f"can't parse entities: {problem}")


def _html_to_plain(text: str) -> str:
    """Check Telegram's HTML subset (known tags, balanced, escaped "<") and strip the tags."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            offset = len(text[:i].encode())
            match = _HTML_TAG.match(text, i)
            if match is None:
                raise _entity_error(f'Unsupported start tag "" at byte offset {offset}')
            closing, name = match.group(1) == "/", match.group(2).lower()
            if closing:
                if not stack:
                    raise _entity_error(f"Unexpected end tag at byte offset {offset}")
                if stack[-1] != name:
                    raise _entity_error(
                        f'Unmatched end tag at byte offset {offset}, expected "</{stack[-1]}>",'
                        f' found "</{name}>"'
                    )
                stack.pop()
            elif name not in _HTML_TAGS:
                raise _entity_error(f'Unsupported start tag "{name}" at byte offset {offset}')
            else:
                stack.append(name)
            i = match.end()
        elif char == "&" and (entity := _HTML_ENTITY.match(text, i)):
            name = entity.group(1)
            named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
            if name in named:
                out.append(named[name])
            else:
                digits = name[2:] if name.startswith("#x") else name[1:]
                out.append(chr(int(digits, 16 if name.startswith("#x") else 10)))
            i = entity.end()
        else:
            out.append(char)
            i += 1
    if stack:
        raise _entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def _markdown_v2_to_plain(text: str) -> str:
    """Check MarkdownV2's escaping rule and strip its markers (a simplified parser).

    Outside code and link URLs every reserved character must be escaped with "\\": the classic
    failure is an unescaped "." or "!" in user-provided text.
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif char == "`":
            fence = "```" if text.startswith("```", i) else "`"
            end = text.find(fence, i + len(fence))
            if end < 0:
                raise _entity_error(
                    f"Can't find end of {'Pre' if fence == '```' else 'Code'} entity"
                    f" at byte offset {len(text[:i].encode())}"
                )
            body = text[i + len(fence) : end]
            if fence == "```" and "\n" in body:
                body = body.split("\n", 1)[1]  # the first line names the language
            out.append(re.sub(r"\\(.)", r"\1", body))
            i = end + len(fence)
        elif char == "]" and text.startswith("](", i):
            end = text.find(")", i + 2)
            if end < 0:
                raise _entity_error("Can't find end of a URL")
            i = end + 1
        elif char == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1  # a blockquote marker
        elif char in _MARKDOWN_V2_MARKERS:
            i += 1
        elif char in _MARKDOWN_V2_RESERVED:
            raise _entity_error(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            out.append(char)
            i += 1
    return "".join(out)
