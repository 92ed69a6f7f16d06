"""A guest's photo, voice note, video, document, sticker or location, for staff to see as what
it is rather than as an empty quote.

Planning only (which kind of Telegram message fits the file, and its caption) and the download;
the notifier sends. The file is read through the gateway into memory, at most what a bot may
upload (limits.GUEST_MEDIA_BYTES), and only from a host in GREEN_API_MEDIA_HOSTS: the link
comes in a webhook body, and fetching whatever it names would let anyone who can post one make
the server call any address. A link that expired is asked for once more (downloadFile). When
the file cannot be had, staff get the text line with a note saying why: a notification is never
lost for its file.
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.admin_flow.core.context import AdminContext
from bot.guest_flow.greenapi import FileTooLarge, GreenAPIError
from bot.guest_flow.notifications import FileData, LocationData, media_of
from bot.limits import GUEST_MEDIA_BYTES, TELEGRAM_CAPTION
from bot.store.hotels import Instance
from bot.store.models import Direction, Message

log = logging.getLogger(__name__)

# A slow download holds the notifier's pass: long enough for 50 MB, short enough not to hold it.
DOWNLOAD_SECONDS = 30.0
# Events whose guest message is shown with its file: a guest writing to a person (instead of
# the text line), and a handoff (after its card, which names the message in words).
EVENT_KINDS = frozenset({"guest_message", "handoff"})
_MEDIA_KINDS = frozenset(
    {
        "imageMessage",
        "videoMessage",
        "documentMessage",
        "audioMessage",
        "stickerMessage",
        "locationMessage",
    }
)
_EXPIRED = (403, 404)  # the storage's answer to a link past its time


class Send(StrEnum):
    VOICE = "voice"
    AUDIO = "audio"
    PHOTO = "photo"
    VIDEO = "video"
    DOCUMENT = "document"
    STICKER = "sticker"


@dataclass(frozen=True)
class GuestFile:
    send: Send
    data: bytes
    file_name: str
    caption: str  # the guest's own, "" when none


@dataclass(frozen=True)
class GuestPlace:
    latitude: float
    longitude: float
    name: str
    address: str


@dataclass(frozen=True)
class Missing:
    """The file could not be had; `note` is its admin.media key: too_large, not_available or
    failed."""

    note: str


Media = GuestFile | GuestPlace | Missing


def send_for(kind: str, mime: str) -> Send:
    """A WhatsApp voice note is Ogg Opus, which Telegram plays as a voice message; other audio
    (a forwarded song, a recording sent as a file) is a track."""
    mime = mime.lower()
    if kind == "audioMessage":
        return Send.VOICE if mime.startswith("audio/ogg") else Send.AUDIO
    if kind == "imageMessage":
        return Send.PHOTO
    if kind == "videoMessage":
        return Send.VIDEO
    if kind == "stickerMessage":
        return Send.STICKER
    return Send.DOCUMENT


def file_name(send: Send, file: FileData) -> str:
    """The guest's own file name, else one whose extension says the type (a document keeps
    its name; Telegram shows it)."""
    if file.file_name.strip():
        return file.file_name.strip()[:200]
    mime = file.mime.split(";")[0].strip().lower()
    extension = mimetypes.guess_extension(mime) if mime else None
    if send is Send.VOICE:
        extension = ".ogg"
    return f"{send.value}{extension or ''}"


def caption(rendered: str, media: GuestFile) -> str:
    """The text forward's words as the file's caption: whole when the guest wrote a caption
    (it is the forward's quote), else its first line alone, the header naming the guest (the
    quote would be empty); cut to what Telegram takes."""
    text = rendered if media.caption.strip() else rendered.split("\n", 1)[0]
    return text[:TELEGRAM_CAPTION]


def noted(rendered: str, note: str) -> str:
    return f"{rendered}\n{note}"


def wanted(event_kind: str, payload: dict[str, Any]) -> bool:
    """Whether the event's guest message may carry a file; only then is it read again."""
    return (
        event_kind in EVENT_KINDS
        and payload.get("kind") in _MEDIA_KINDS
        and isinstance(payload.get("message_id"), int)
    )


async def fetch(ctx: AdminContext, hotel_id: int, message_id: int) -> Media | None:
    """The guest message's file or place, ready to send; None when it carries neither."""
    row = await Message.get_or_none(id=message_id, hotel_id=hotel_id, direction=Direction.IN)
    media = media_of(row.payload) if row is not None else None
    if row is None or media is None:
        return None
    if isinstance(media, LocationData):
        return GuestPlace(media.latitude, media.longitude, media.name, media.address)
    if media.too_large:
        return Missing("too_large")
    send = send_for(str(row.kind), media.mime)
    try:
        access = await ctx.flow.directory.by_id(hotel_id)
    except ValueError:  # its token does not decrypt: no downloadFile, and /status says so
        access = None
    try:
        data = await _download(
            ctx, access.instance if access else None, row.chat_id, row.gateway_id, media.url
        )
    except FileTooLarge:
        return Missing("too_large")
    except GreenAPIError as exc:
        log.warning("guest file of message %s not fetched: %s", message_id, exc)
        return Missing("failed")
    if data is None:
        return Missing("not_available")
    return GuestFile(send, data, file_name(send, media), media.caption)


async def _download(
    ctx: AdminContext, instance: Instance | None, chat_id: str, id_message: str | None, url: str
) -> bytes | None:
    """The file's bytes from the notification's link; once more from a fresh one (downloadFile)
    when that link expired or is missing. None when the gateway has no link to give."""
    client, hosts = ctx.greenapi, ctx.settings.media_hosts
    if url:
        try:
            return await client.fetch_file(url, hosts, GUEST_MEDIA_BYTES, DOWNLOAD_SECONDS)
        except GreenAPIError as exc:
            if exc.status not in _EXPIRED:
                raise
    if instance is None or not id_message:
        return None
    try:
        fresh = await client.download_file(instance, chat_id, id_message)
    except GreenAPIError as exc:
        if exc.status is None:
            raise  # the gateway was not reached: the file may well be there
        return None  # it answered: no fresh link (WhatsApp no longer holds the file)
    return await client.fetch_file(fresh, hosts, GUEST_MEDIA_BYTES, DOWNLOAD_SECONDS)
