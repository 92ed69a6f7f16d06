"""Green API notification bodies → typed values.

One parser for both ways in (webhook and polling). It is strict about the envelope (a body that
does not say which instance and what kind it is is malformed) and lenient about the message
inside it (an unknown `typeMessage` still becomes a message the bot can say "sorry" to).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot import limits

# How each readable typeMessage carries its text: (data key, text field).
_TEXT_FIELDS: dict[str, tuple[str, str]] = {
    "textMessage": ("textMessageData", "textMessage"),
    "extendedTextMessage": ("extendedTextMessageData", "text"),
    "quotedMessage": ("extendedTextMessageData", "text"),
    "editedMessage": ("editedMessageData", "textMessage"),
    "buttonsResponseMessage": ("buttonsResponseMessage", "selectedButtonText"),
    "templateButtonReplyMessage": ("templateButtonReplyMessage", "selectedDisplayText"),
    "templateButtonsReplyMessage": ("templateButtonsReplyMessage", "selectedDisplayText"),
    "interactiveButtonsResponse": ("interactiveButtonsResponse", "selectedDisplayText"),
    "interactiveButtonsReply": ("interactiveButtonsReply", "selectedDisplayText"),
}
FILE_KINDS = frozenset(
    {"imageMessage", "videoMessage", "documentMessage", "audioMessage", "stickerMessage"}
)
# Kinds that carry nothing to answer: stored, never replied to.
SILENT_KINDS = frozenset(
    {"reactionMessage", "deletedMessage", "pollUpdateMessage", "editedMessage"}
)
PLACEHOLDERS = ("{{SWE001}}", "{{SWE003}}")
# A downloadUrl the gateway puts in place of a link to a file over 100 MB.
TOO_LARGE = "{{SWE002}}"


class MalformedNotification(ValueError):
    """The body is not a Green API notification we can trust (400 to the sender)."""


@dataclass(frozen=True)
class IncomingMessage:
    instance_id: int
    chat_id: str
    sender: str
    sender_name: str
    id_message: str
    timestamp: int
    kind: str
    text: str  # the readable text (caption for files); "" when there is none
    quoted_participant: str | None
    body: dict[str, Any]
    from_me: bool = False  # outgoingMessageReceived: typed on the hotel's own phone
    by_api: bool = False  # outgoingAPIMessageReceived: our own send, echoed back

    @property
    def is_group(self) -> bool:
        return self.chat_id.endswith("@g.us")

    @property
    def undecryptable(self) -> bool:
        return self.text.strip() in PLACEHOLDERS


@dataclass(frozen=True)
class OutgoingStatus:
    instance_id: int
    chat_id: str
    id_message: str
    status: str
    description: str


@dataclass(frozen=True)
class StateChanged:
    instance_id: int
    state: str
    wid: str


@dataclass(frozen=True)
class IncomingCall:
    instance_id: int
    caller: str
    status: str
    id_message: str


@dataclass(frozen=True)
class QuotaNotice:
    instance_id: int
    data: dict[str, Any]


@dataclass(frozen=True)
class Ignored:
    """A kind we don't act on (deprecated or new): acknowledged so the gateway moves on."""

    instance_id: int
    type_webhook: str


Notification = (
    IncomingMessage | OutgoingStatus | StateChanged | IncomingCall | QuotaNotice | Ignored
)


@dataclass(frozen=True)
class FileData:
    """A guest's file as the notification describes it (`fileMessageData`)."""

    url: str  # "" when the gateway gave no link, or TOO_LARGE
    caption: str
    file_name: str
    mime: str

    @property
    def too_large(self) -> bool:
        return self.url.strip() == TOO_LARGE


@dataclass(frozen=True)
class LocationData:
    """A guest's shared location (`locationMessageData`)."""

    latitude: float
    longitude: float
    name: str
    address: str


def _text_of(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _degrees(value: Any, bound: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if -bound <= value <= bound else None


def media_of(body: Any) -> FileData | LocationData | None:
    """The file or location a stored notification carries; None for any other message, or a
    location without readable coordinates. Lenient like `message_text`: the body was
    accepted already, and a field missing or of another type reads as empty."""
    data = body.get("messageData") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        return None
    kind = data.get("typeMessage")
    if kind in FILE_KINDS:
        file = data.get("fileMessageData")
        file = file if isinstance(file, dict) else {}
        return FileData(
            url=_text_of(file, "downloadUrl"),
            caption=_text_of(file, "caption"),
            file_name=_text_of(file, "fileName"),
            mime=_text_of(file, "mimeType"),
        )
    if kind == "locationMessage":
        place = data.get("locationMessageData")
        place = place if isinstance(place, dict) else {}
        latitude = _degrees(place.get("latitude"), 90.0)
        longitude = _degrees(place.get("longitude"), 180.0)
        if latitude is None or longitude is None:
            return None
        return LocationData(
            latitude, longitude, _text_of(place, "nameLocation"), _text_of(place, "address")
        )
    return None


def _dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedNotification(f"{what} must be an object")
    return value


def _str(value: Any, what: str, limit: int = limits.GATEWAY_ID) -> str:
    """A non-empty string no longer than its column: an id or kind past that is no real one."""
    if not isinstance(value, str) or not value:
        raise MalformedNotification(f"{what} must be a non-empty string")
    if len(value) > limit:
        raise MalformedNotification(f"{what} is longer than {limit} characters")
    return value


def instance_of(body: Any) -> int:
    body = _dict(body, "notification")
    data = _dict(body.get("instanceData"), "instanceData")
    raw = data.get("idInstance")
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise MalformedNotification("instanceData.idInstance must be a number")
    try:
        instance_id = int(raw)
    except ValueError as exc:
        raise MalformedNotification("instanceData.idInstance must be a number") from exc
    if not 0 < instance_id <= limits.INSTANCE_ID_MAX:
        raise MalformedNotification("instanceData.idInstance is out of range")
    return instance_id


def within_depth(body: Any, limit: int) -> bool:
    """No object or array in `body` is nested deeper than `limit` (the body itself is 1).

    Level by level and containers only, so a real notification costs a few steps and a deep
    one is refused after `limit` levels, whatever its size.
    """
    level = [body] if isinstance(body, dict | list) else []
    for _ in range(limit):
        level = [
            child
            for value in level
            for child in (value.values() if isinstance(value, dict) else value)
            if isinstance(child, dict | list)
        ]
        if not level:
            return True
    return False


def _storable(text: str) -> bool:
    """Both databases refuse a lone UTF-16 surrogate in text (asyncpg, sqlite3) and PostgreSQL
    a NUL; JavaScript, which wrote the notification, allows both."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def check_storable(body: Any) -> None:
    """Raise MalformedNotification when any text in `body`, a key or a value, cannot be stored:
    the body is kept whole with the message, so one bad field anywhere would fail the write."""
    stack = [body]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if not _storable(value):
                raise MalformedNotification("holds text that cannot be stored (NUL or surrogate)")
        elif isinstance(value, dict):
            stack.extend(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def message_text(kind: str, data: dict[str, Any]) -> str:
    if kind in _TEXT_FIELDS:
        key, field = _TEXT_FIELDS[kind]
        value = (data.get(key) or {}).get(field)
        return value if isinstance(value, str) else ""
    if kind in FILE_KINDS:
        caption = (data.get("fileMessageData") or {}).get("caption")
        return caption if isinstance(caption, str) else ""
    return ""


def _message(body: dict[str, Any], instance_id: int, type_webhook: str) -> IncomingMessage:
    sender = _dict(body.get("senderData"), "senderData")
    data = _dict(body.get("messageData"), "messageData")
    kind = _str(data.get("typeMessage"), "messageData.typeMessage", limits.GATEWAY_WORD)
    quoted = data.get("quotedMessage")
    participant = quoted.get("participant") if isinstance(quoted, dict) else None
    if participant is None and isinstance(data.get("extendedTextMessageData"), dict):
        participant = data["extendedTextMessageData"].get("participant")
    timestamp = body.get("timestamp")
    return IncomingMessage(
        instance_id=instance_id,
        chat_id=_str(sender.get("chatId"), "senderData.chatId"),
        sender=str(sender.get("sender") or sender.get("chatId")),
        sender_name=str(sender.get("senderName") or "")[: limits.GUEST_NAME],
        id_message=_str(body.get("idMessage"), "idMessage"),
        timestamp=timestamp if isinstance(timestamp, int) else 0,
        kind=kind,
        text=message_text(kind, data),
        quoted_participant=participant if isinstance(participant, str) else None,
        body=body,
        from_me=type_webhook != "incomingMessageReceived",
        by_api=type_webhook == "outgoingAPIMessageReceived",
    )


def parse(body: Any) -> Notification:
    """Raise MalformedNotification when the envelope is broken or holds text no database
    would store; never for an unknown kind."""
    instance_id = instance_of(body)
    check_storable(body)
    type_webhook = _str(body.get("typeWebhook"), "typeWebhook", limits.GATEWAY_WORD * 2)
    if type_webhook in (
        "incomingMessageReceived",
        "outgoingMessageReceived",
        "outgoingAPIMessageReceived",
    ):
        return _message(body, instance_id, type_webhook)
    if type_webhook == "outgoingMessageStatus":
        return OutgoingStatus(
            instance_id=instance_id,
            chat_id=_str(body.get("chatId"), "chatId"),
            id_message=_str(body.get("idMessage"), "idMessage"),
            status=_str(body.get("status"), "status", limits.GATEWAY_WORD),
            description=str(body.get("description") or "")[: limits.GATEWAY_ERROR],
        )
    if type_webhook == "stateInstanceChanged":
        return StateChanged(
            instance_id=instance_id,
            state=_str(body.get("stateInstance"), "stateInstance", limits.GATEWAY_WORD),
            wid=str(body["instanceData"].get("wid") or "")[: limits.GATEWAY_WID],
        )
    if type_webhook == "incomingCall":
        return IncomingCall(
            instance_id=instance_id,
            caller=_str(body.get("from"), "from"),
            status=str(body.get("status") or "")[: limits.GATEWAY_WORD],
            id_message=str(body.get("idMessage") or "")[: limits.GATEWAY_ID],
        )
    if type_webhook == "quotaExceeded":
        quota = body.get("quotaData")
        return QuotaNotice(instance_id, quota if isinstance(quota, dict) else {})
    return Ignored(instance_id, type_webhook)
