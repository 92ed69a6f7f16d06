"""/inbox: what waits for a person, the longest waiting first, so nobody is forgotten.

Open conversations (a person holds the chat) and open or in-progress service requests, each
with how long it has waited and who holds it. The guest's number is masked as everywhere else
for support staff and in groups (`staff_reply.shown_phone`); the card's words say why the guest
asked (`cards.reason_words`). Telegram and the staff WhatsApp channel both call `inbox`.
"""

from __future__ import annotations

from datetime import datetime

from tortoise import timezone

from bot.admin_flow.core.access import Permission, allowed, require, visible
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.cards import reason_words
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.handling import card_view
from bot.admin_flow.core.replies import Button, Reply
from bot.admin_flow.core.staff_reply import shown_phone
from bot.admin_flow.core.stats import duration
from bot.limits import INBOX_PAGE, TELEGRAM_TEXT
from bot.store.models import Conversation, ConversationState, Hotel, ServiceRequest

OPEN_REQUESTS = ("open", "in_progress")
TEXT_CHARS = 120


def waited(ctx: AdminContext, actor: Actor, since: datetime | None, now: datetime) -> str:
    """ "12m", "2h 5m", "3d 4h": read at a glance in a list."""
    if since is None:
        return "—"
    return duration(ctx, actor, (now - since).total_seconds(), to_minute=True)


def _holder(ctx: AdminContext, actor: Actor, name: str | None) -> str:
    if name:
        return ctx.t(actor, "admin.inbox.held_by", name=name)
    return ctx.t(actor, "admin.inbox.nobody")


async def inbox(ctx: AdminContext, actor: Actor, *, in_group: bool = False) -> Reply:
    await require(actor, Permission.INBOX)
    hotel_ids = [
        h
        for h in visible(actor, [h.id for h in await Hotel.all().only("id")])
        if allowed(actor, Permission.INBOX, h)
    ]
    # A chat nobody answered for HANDOFF_RELEASE_HOURS is the bot's again at the guest's next
    # message: it waits for nobody, and must not fill the page before today's handoffs.
    released = timezone.now() - ctx.flow.brain.handoff_release
    held = (
        await Conversation.filter(
            hotel_id__in=hotel_ids, state=ConversationState.HUMAN, handed_off_at__gt=released
        )
        .select_related("guest", "hotel")
        .order_by("handed_off_at", "id")
        .limit(INBOX_PAGE)
    )
    requests = (
        await ServiceRequest.filter(hotel_id__in=hotel_ids, status__in=OPEN_REQUESTS)
        .select_related("guest", "hotel")
        .order_by("created_at", "id")
        .limit(INBOX_PAGE)
    )
    if not held and not requests:
        return Reply(ctx.t(actor, "admin.inbox.empty"))
    now = timezone.now()
    lang = ctx.i18n.pick(actor.language)
    several = len(hotel_ids) > 1

    def who(hotel: Hotel, name: str | None, chat_id: str) -> tuple[str, str]:
        """The guest as this reader may see them, and the line's words."""
        phone = shown_phone(actor, hotel.id, chat_id, in_group=in_group)
        where = ctx.t(actor, "admin.inbox.at_hotel", hotel=hotel.name) if several else ""
        guest = ctx.t(actor, "admin.inbox.guest", name=name or "—", phone=phone, hotel=where)
        return phone, guest

    lines: list[str] = []
    buttons: list[list[Button]] = []
    if held:
        lines.append(ctx.t(actor, "admin.inbox.held", count=len(held)))
        for c in held:
            phone, guest = who(c.hotel, c.guest.name, c.guest.chat_id)
            view = await card_view(c.id, now=now)
            why = reason_words(ctx.i18n, lang, view) if view is not None else "—"
            last = (
                next((line.text for line in reversed(view.lines) if line.incoming), "")
                if view
                else ""
            )
            lines.append(
                ctx.t(
                    actor,
                    "admin.inbox.conversation",
                    guest=guest,
                    waited=waited(ctx, actor, c.handed_off_at, now),
                    holder=_holder(ctx, actor, c.taken_by_name),
                    why=why,
                    last=last[:TEXT_CHARS] or "—",
                )
            )
            buttons.append(
                [
                    Button.of(
                        ctx.t(actor, "admin.guests.reply_button", chat=phone),
                        "conv",
                        "reply",
                        c.id,
                    ),
                    Button.of(
                        ctx.t(actor, "admin.guests.release_button"), "conv", "release", c.id
                    ),
                ]
            )
    if requests:
        lines.append(ctx.t(actor, "admin.inbox.requests", count=len(requests)))
        for r in requests:
            _, guest = who(r.hotel, r.guest.name, r.guest.chat_id)
            lines.append(
                ctx.t(
                    actor,
                    "admin.inbox.request",
                    number=r.id,
                    kind=r.kind,
                    guest=guest,
                    waited=waited(ctx, actor, r.created_at, now),
                    holder=_holder(ctx, actor, r.taken_by_name),
                    text=r.text[:TEXT_CHARS],
                )
            )
            buttons.append(
                [
                    Button.of(
                        ctx.t(actor, "admin.guests.done_button", number=r.id), "req", "done", r.id
                    )
                ]
            )
    return Reply("\n".join(lines)[:TELEGRAM_TEXT], buttons)
