"""Answering a guest with Telegram's own gesture: a reply to the card or to a forwarded guest
message, or a message written in the guest's forum topic, reaches the guest.

Which conversation a Telegram message stands for is read from `StaffLink` (and a topic from
`Conversation.topic_id`), never from memory, so the gesture works after a restart. The answer
is an outbound `messages` row like every other reply (stored, paced, retried by the outbox);
a photo, document, voice note, audio or video rides on the same row (`kind`, `payload.file`),
kept in DATA_DIR until the outbox has sent it. The role is checked on every message, for the
conversation's hotel.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tortoise import timezone
from tortoise.transactions import in_transaction

from bot.admin_flow.core.access import Permission, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.cards import phone
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.marks import FAILED
from bot.admin_flow.core.replies import Reply
from bot.limits import STAFF_LINK_KEEP_DAYS, whatsapp_text
from bot.store.models import (
    Conversation,
    ConversationState,
    Direction,
    Hotel,
    Message,
    MessageStatus,
    Role,
    StaffLink,
)

# The folder under DATA_DIR where a staff member's file waits for the outbox.
FILES_DIR = "outbox_files"


@dataclass(frozen=True)
class Media:
    """A file a staff member sent, saved where the outbox reads it after a restart."""

    path: str
    name: str
    kind: str  # the WhatsApp message kind, one of `fast.STAFF_FILE_KINDS`


@dataclass(frozen=True)
class Queued:
    """What answering did: the outbound row (None when nothing was queued, and `reply` says
    why), and the guest's number as the writer may see it."""

    reply: Reply
    message_id: int | None = None
    hotel_id: int | None = None
    chat: str = ""


def shown_phone(actor: Actor, hotel_id: int, chat_id: str, *, in_group: bool) -> str:
    """A guest's number as this reader may see it: in full for the hotel's managers (and
    super admins) in a private chat; masked for support staff and in a group."""
    full = not in_group and actor.role_at(hotel_id) in (Role.MANAGER, Role.SUPER_ADMIN)
    return phone(chat_id, full)


def files_dir(ctx: AdminContext) -> Path:
    return Path(ctx.settings.data_dir) / FILES_DIR


def _new_path(folder: Path, name: str) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / f"{uuid.uuid4().hex}{Path(name).suffix[:10]}"


async def new_file(ctx: AdminContext, name: str) -> Path:
    """A fresh name for a staff file under DATA_DIR (off the event loop: it may make the
    folder); the original name travels in the row, never as a path."""
    return await asyncio.to_thread(_new_path, files_dir(ctx), name)


async def discard(path: str | Path) -> None:
    await asyncio.to_thread(Path(path).unlink, missing_ok=True)


async def conversation_of(
    tg_chat_id: int, reply_to: int | None, thread_id: int | None
) -> int | None:
    """The conversation a staff message answers: the card, forward or mark it replies to, else
    the guest's forum topic it was written in (only in the hotel's bound group)."""
    if reply_to is not None:
        link = await StaffLink.get_or_none(tg_chat_id=tg_chat_id, tg_message_id=reply_to)
        if link is not None and link.conversation_id is not None:
            return int(link.conversation_id)
    if thread_id is not None and tg_chat_id < 0:
        hotels = await Hotel.filter(staff_chat_id=tg_chat_id, staff_chat_forum=True).values_list(
            "id", flat=True
        )
        if hotels:
            conversation = await Conversation.get_or_none(
                hotel_id__in=list(hotels), topic_id=thread_id
            ).only("id")
            if conversation is not None:
                return int(conversation.id)
    return None


def forgotten(sent_by_bot: bool, sent_at: datetime, now: datetime) -> bool:
    """Whether a staff message replies to a bot message older than the links retention keeps
    (`STAFF_LINK_KEEP_DAYS`): its guest is forgotten, and the writer should hear so rather than
    be ignored as the team's own talk."""
    return sent_by_bot and now - sent_at > timedelta(days=STAFF_LINK_KEEP_DAYS)


async def target(ctx: AdminContext, actor: Actor, conversation_id: int) -> Conversation | None:
    """The conversation, once the writer's role for its hotel is checked (before any file is
    downloaded); None when it is gone."""
    conversation = await Conversation.get_or_none(id=conversation_id).select_related("guest")
    if conversation is None:
        return None
    await require(actor, Permission.REPLY, conversation.hotel_id)
    return conversation


async def answer(
    ctx: AdminContext,
    actor: Actor,
    conversation: Conversation,
    text: str,
    *,
    in_group: bool,
    media: Media | None = None,
) -> Queued:
    """Queue a person's answer: one outbound row, and the chat stays with a person."""
    await require(actor, Permission.REPLY, conversation.hotel_id)  # on every message
    text = text.strip()
    if not text and media is None:
        return Queued(Reply(ctx.t(actor, "admin.guests.empty_reply")))
    now = timezone.now()
    guest = conversation.guest
    async with in_transaction():
        row = await Message.create(
            hotel_id=conversation.hotel_id,
            guest_id=guest.id,
            chat_id=guest.chat_id,
            direction=Direction.OUT,
            kind=media.kind if media else "text",
            text=whatsapp_text(text),
            status=MessageStatus.PENDING,
            source="staff",
            payload={"file": media.path, "fileName": media.name} if media else None,
            attempts=0,
            next_attempt_at=now,
        )
        # The person holds the chat now; the bot stays quiet until it is handed back.
        await Conversation.filter(id=conversation.id).update(
            state=ConversationState.HUMAN, handed_off_at=now
        )
        # Once: a person's first answer (the stats measure it per handoff from the messages).
        await Conversation.filter(id=conversation.id, first_staff_reply_at__isnull=True).update(
            first_staff_reply_at=now
        )
    ctx.flow.outbox.wake()
    await audit(
        actor,
        "guest_answered",
        conversation.hotel_id,
        after={"conversation": conversation.id, "message": row.id, "kind": row.kind},
    )
    chat = shown_phone(actor, conversation.hotel_id, guest.chat_id, in_group=in_group)
    return Queued(Reply(""), int(row.id), conversation.hotel_id, chat)


async def link(
    hotel_id: int,
    conversation_id: int | None,
    tg_chat_id: int,
    tg_message_id: int,
    kind: str,
    message_id: int | None = None,
) -> None:
    """Remember what a Telegram message stands for (a mark, a forward, a card)."""
    await StaffLink.create(
        hotel_id=hotel_id,
        conversation_id=conversation_id,
        tg_chat_id=tg_chat_id,
        tg_message_id=tg_message_id,
        kind=kind,
        message_id=message_id,
    )


async def retry(ctx: AdminContext, actor: Actor, message_id: int) -> tuple[str, bool]:
    """A failed staff reply back in the outbox: the same row, so never a second copy; the
    words for the presser and whether anything changed."""
    row = await Message.get_or_none(id=message_id, direction=Direction.OUT, source="staff")
    if row is None:
        return ctx.t(actor, "admin.guests.already_gone"), False
    await require(actor, Permission.REPLY, row.hotel_id)
    done = await Message.filter(id=row.id, status__in=list(FAILED)).update(
        status=MessageStatus.PENDING,
        attempts=0,
        error=None,
        next_attempt_at=timezone.now(),
    )
    if not done:
        return ctx.t(actor, "admin.marks.not_failed"), False
    await audit(actor, "reply_retried", row.hotel_id, after={"message": row.id})
    ctx.flow.outbox.wake()
    return ctx.t(actor, "admin.marks.retrying"), True
