"""Guests seen from the admin side: the guest card, erasing a guest (the inbox: core/inbox.py).

A phone number identifies a guest only within a hotel, so every lookup is limited to the
hotels the actor may see, and the card names the hotel.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from bot.admin_flow.core import staff_reply
from bot.admin_flow.core.access import Permission, audit, require, visible
from bot.admin_flow.core.actor import Actor, phone_digits
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Button, Reply
from bot.admin_flow.core.staff_reply import shown_phone
from bot.backup.retention import purge_erased
from bot.store.models import (
    Conversation,
    ConversationState,
    Direction,
    Event,
    Guest,
    Hotel,
    Message,
    ServiceRequest,
)

RECENT_MESSAGES = 10


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "—"


async def find_guests(actor: Actor, phone: str) -> list[Guest]:
    digits = phone_digits(phone)
    if len(digits) < 5:
        return []
    hotel_ids = visible(actor, [h.id for h in await Hotel.all().only("id")])
    guests = await Guest.filter(hotel_id__in=hotel_ids, chat_id__startswith=digits)
    return [g for g in guests if phone_digits(g.chat_id) == digits]


async def guest_card(ctx: AdminContext, actor: Actor, phone: str) -> Reply:
    await require(actor, Permission.GUEST_VIEW)  # before the lookup: no probing for numbers
    if not phone.strip():
        return Reply(ctx.t(actor, "admin.guests.guest_usage"))
    guests = await find_guests(actor, phone)
    if not guests:
        return Reply(ctx.t(actor, "admin.guests.not_found", phone=phone))
    parts = []
    for guest in guests:
        await require(actor, Permission.GUEST_VIEW, guest.hotel_id)
        hotel = await Hotel.get(id=guest.hotel_id)
        conversation = await Conversation.get_or_none(guest_id=guest.id)
        messages = await Message.filter(guest_id=guest.id).order_by("-id").limit(RECENT_MESSAGES)
        lines = [
            ctx.t(
                actor,
                "admin.guests.card",
                chat=guest.chat_id,
                hotel=hotel.name,
                name=guest.name or "—",
                language=guest.language or "—",
                first_seen=_when(guest.first_seen),
                last_seen=_when(guest.last_seen),
                opted_out=ctx.t(
                    actor, "admin.guests.yes" if guest.opted_out else "admin.guests.no"
                ),
                state=ctx.t(
                    actor,
                    "admin.guests.with_person"
                    if conversation and conversation.state == ConversationState.HUMAN
                    else "admin.guests.with_bot",
                ),
            )
        ]
        for m in reversed(messages):
            arrow = "→" if m.direction == Direction.IN else "←"
            lines.append(
                f"{arrow} {_when(m.created_at)[11:16]} {m.text[:200] or '[' + m.kind + ']'}"
            )
        parts.append("\n".join(lines))
    return Reply("\n\n".join(parts))


async def forget_prompt(ctx: AdminContext, actor: Actor, phone: str) -> Reply:
    """Erasing is irreversible, so it always takes a second, explicit step."""
    await require(actor, Permission.GUEST_FORGET)
    if not phone.strip():
        return Reply(ctx.t(actor, "admin.guests.forget_usage"))
    guests = await find_guests(actor, phone)
    if not guests:
        return Reply(ctx.t(actor, "admin.guests.not_found", phone=phone))
    for guest in guests:
        await require(actor, Permission.GUEST_FORGET, guest.hotel_id)
    buttons = [
        [
            Button.of(
                ctx.t(actor, "admin.guests.forget_yes", chat=g.chat_id), "guest", "forget", g.id
            )
        ]
        for g in guests
    ]
    buttons.append([Button.of(ctx.t(actor, "admin.guests.forget_no"), "guest", "keep")])
    return Reply(ctx.t(actor, "admin.guests.forget_confirm", phone=phone), buttons)


async def forget_guest(ctx: AdminContext, actor: Actor, guest_id: int) -> Reply:
    guest = await Guest.get_or_none(id=guest_id)
    if guest is None:
        return Reply(ctx.t(actor, "admin.guests.already_gone"))
    await require(actor, Permission.GUEST_FORGET, guest.hotel_id)
    async with in_transaction():
        messages = await Message.filter(hotel_id=guest.hotel_id, chat_id=guest.chat_id).count()
        await Message.filter(hotel_id=guest.hotel_id, chat_id=guest.chat_id).delete()
        await ServiceRequest.filter(guest_id=guest.id).delete()
        # Events carry message text: drop the ones about this chat.
        for event in await Event.filter(hotel_id=guest.hotel_id):
            if isinstance(event.payload, dict) and event.payload.get("chat_id") == guest.chat_id:
                await event.delete()
        await guest.delete()
    await purge_erased()  # no copy of the erased texts left in the database's files
    await audit(
        actor,
        "guest_forgotten",
        guest.hotel_id,
        before={"guest_id": guest_id, "messages": messages},
    )
    return Reply(ctx.t(actor, "admin.guests.forgotten", messages=messages))


async def reply_to_guest(
    ctx: AdminContext, actor: Actor, conversation_id: int, text: str, *, in_group: bool = False
) -> Reply:
    """A person's answer goes through the same outbox as the bot's: stored, paced, retried
    (`staff_reply.answer`; Telegram's handlers answer with a delivery mark instead)."""
    conversation = await staff_reply.target(ctx, actor, conversation_id)
    if conversation is None:
        return Reply(ctx.t(actor, "admin.guests.already_gone"))
    queued = await staff_reply.answer(ctx, actor, conversation, text, in_group=in_group)
    if queued.message_id is None:
        return queued.reply
    return Reply(ctx.t(actor, "admin.guests.reply_sent", chat=queued.chat))


async def reply_prompt(
    ctx: AdminContext, actor: Actor, conversation_id: int, *, in_group: bool = False
) -> Reply:
    """Checked before the staff member types, so nobody writes an answer they can't send."""
    conversation = await Conversation.get_or_none(id=conversation_id).select_related("guest")
    if conversation is None:
        return Reply(ctx.t(actor, "admin.guests.already_gone"))
    await require(actor, Permission.REPLY, conversation.hotel_id)
    chat = shown_phone(actor, conversation.hotel_id, conversation.guest.chat_id, in_group=in_group)
    return Reply(ctx.t(actor, "admin.guests.reply_prompt", chat=chat))
