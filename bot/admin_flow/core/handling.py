"""Take and Resolve: who on the team holds a guest's conversation, and handing it back.

Both are single conditional UPDATEs, so two staff pressing at once cannot both win: the row
changes for the first, and the second reads who holds it. Both are audited, and the guest is
told in their own language (a hotel-overridable template) when the chat is handed back, and
when a person joins if the hotel wants that (`Hotel.announce_join`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise import timezone
from tortoise.transactions import in_transaction

from bot.admin_flow.core.access import Permission, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.cards import CardState, CardView, Line
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.unanswered import card_question
from bot.guest_flow.decide import UNANSWERED
from bot.store import fast
from bot.store.models import (
    Conversation,
    ConversationState,
    Direction,
    Event,
    Guest,
    Hotel,
    Message,
)

RECENT = 5
EVENTS_LOOKED_AT = 50  # how far back the card looks for the model's handoff reason


@dataclass(frozen=True)
class Outcome:
    """What a press did: the words for the person who pressed, and whether the cards of the
    conversation changed (so every copy is edited)."""

    text: str
    changed: bool
    conversation_id: int | None = None
    resolved_by: str | None = None


def guest_language(ctx: AdminContext, guest: Guest, hotel: Hotel) -> str:
    languages = ctx.i18n.guest_languages
    for lang in (guest.language, *hotel.language_list):
        if lang and lang in languages:
            return lang
    return "en"


async def tell_guest(
    ctx: AdminContext, conversation: Conversation, key: str, **values: object
) -> None:
    """A template to the guest through the outbox (stored, paced, retried); nothing to a
    guest who opted out."""
    guest = await Guest.get(id=conversation.guest_id)
    hotel = await Hotel.get(id=conversation.hotel_id)
    await tell(ctx, guest, hotel, key, **values)


async def tell(
    ctx: AdminContext, guest: Guest, hotel: Hotel, key: str, /, **values: object
) -> None:
    """`tell_guest` for a caller that holds the guest and hotel already."""
    if guest.opted_out:
        return
    book = await ctx.flow.brain.templates.for_hotel(hotel.id)
    text = book.render(key, guest_language(ctx, guest, hotel), hotel=hotel.name, **values)
    await fast.insert_replies(
        hotel.id, guest.id, guest.chat_id, [(text, "template")], None, timezone.now()
    )
    ctx.flow.outbox.wake()


def first_name(actor: Actor) -> str:
    return (actor.name or "").split()[0] if (actor.name or "").strip() else actor.key


async def take(ctx: AdminContext, actor: Actor, conversation_id: int) -> Outcome:
    conversation = await Conversation.get_or_none(id=conversation_id)
    if conversation is None:
        return Outcome(ctx.t(actor, "admin.guests.already_gone"), False)
    await require(actor, Permission.REPLY, conversation.hotel_id)
    who = actor.telegram_id or 0
    name = first_name(actor)
    now = timezone.now()
    won = await Conversation.filter(id=conversation.id, taken_by__isnull=True).update(
        taken_by=who,
        taken_by_name=name,
        taken_at=now,
        state=ConversationState.HUMAN,
        resolved_at=None,
    )
    if not won:
        await conversation.refresh_from_db()
        if conversation.taken_by == who:
            return Outcome(ctx.t(actor, "admin.cards.yours_already"), False)
        holder = conversation.taken_by_name or "—"
        return Outcome(ctx.t(actor, "admin.cards.held_by", name=holder), False)
    await audit(
        actor,
        "conversation_taken",
        conversation.hotel_id,
        before={"state": conversation.state.value},
        after={"taken_by": name, "conversation": conversation.id},
    )
    hotel = await Hotel.get(id=conversation.hotel_id)
    if hotel.announce_join:
        await tell_guest(ctx, conversation, "joined", name=name)
    return Outcome(ctx.t(actor, "admin.cards.you_took"), True, conversation.id)


async def resolve(ctx: AdminContext, actor: Actor, conversation_id: int) -> Outcome:
    conversation = await Conversation.get_or_none(id=conversation_id)
    if conversation is None:
        return Outcome(ctx.t(actor, "admin.guests.already_gone"), False)
    await require(actor, Permission.REPLY, conversation.hotel_id)
    name = first_name(actor)
    async with in_transaction():
        done = await Conversation.filter(id=conversation.id, state=ConversationState.HUMAN).update(
            state=ConversationState.BOT,
            resolved_at=timezone.now(),
            taken_by=None,
            taken_by_name=None,
        )
        if done:
            await tell_guest(ctx, conversation, "resolved")
    if not done:
        return Outcome(ctx.t(actor, "admin.cards.already_resolved"), False)
    await audit(
        actor,
        "conversation_resolved",
        conversation.hotel_id,
        before={"state": "human", "taken_by": conversation.taken_by_name},
        after={"state": "bot", "conversation": conversation.id},
    )
    return Outcome(ctx.t(actor, "admin.cards.you_resolved"), True, conversation.id, name)


def _minutes(since: datetime | None, now: datetime) -> int | None:
    if since is None:
        return None
    return max(0, int((now - since).total_seconds() // 60))


async def _note(conversation: Conversation) -> str | None:
    """The model's reason for an "ai" handoff, kept in the handoff event's payload."""
    events = (
        await Event.filter(hotel_id=conversation.hotel_id, kind="handoff")
        .order_by("-id")
        .limit(EVENTS_LOOKED_AT)
    )
    for event in events:
        p = event.payload if isinstance(event.payload, dict) else {}
        if p.get("guest_id") == conversation.guest_id:
            reason = p.get("reason")
            return str(reason) if reason else None
    return None


async def card_view(
    conversation_id: int, resolved_by: str | None = None, now: datetime | None = None
) -> CardView | None:
    """A conversation's card as the store has it now."""
    conversation = await Conversation.get_or_none(id=conversation_id).select_related(
        "guest", "hotel"
    )
    if conversation is None:
        return None
    now = now or timezone.now()
    guest, hotel = conversation.guest, conversation.hotel
    recent = list(
        reversed(await Message.filter(guest_id=guest.id).order_by("-id").limit(RECENT + 1))
    )
    incoming = [m for m in recent if m.direction == Direction.IN]
    trigger = next((m for m in reversed(incoming) if m.outcome == "handoff"), None)
    unanswered = None
    if trigger is not None:
        before = [m for m in incoming if m.id < trigger.id]
        if before and before[-1].outcome in UNANSWERED and before[-1].text:
            unanswered = before[-1].text
    if conversation.state == ConversationState.BOT:
        state = CardState.RESOLVED
    elif conversation.taken_by is not None:
        state = CardState.TAKEN
    else:
        state = CardState.OPEN
    lines = tuple(
        Line(
            m.direction == Direction.IN,
            m.kind,
            m.text or "",
            timezone.localtime(m.created_at, hotel.timezone).strftime("%H:%M")
            if m.created_at
            else "",
        )
        for m in recent[-RECENT:]
    )
    return CardView(
        conversation_id=conversation.id,
        hotel=hotel.name,
        chat_id=guest.chat_id,
        guest_name=guest.name,
        language=guest.language,
        reason=conversation.handoff_reason,
        note=await _note(conversation) if conversation.handoff_reason == "ai" else None,
        trigger_kind=trigger.kind if trigger else "textMessage",
        unanswered=unanswered,
        lines=lines,
        waited_minutes=_minutes(conversation.handed_off_at, now),
        state=state,
        holder=conversation.taken_by_name,
        resolved_by=resolved_by,
        teachable=await card_question(conversation) is not None,
    )
