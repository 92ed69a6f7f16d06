"""`/bindgroup` and `/unbindgroup`: a hotel's cards go to one Telegram group of its team.

Only a manager of the hotel (or a super admin) binds or unbinds it, and only from inside the
group itself for binding, so nobody can point a hotel's guests at a chat they are not in.
"""

from __future__ import annotations

from bot.admin_flow.core.access import Permission, allowed, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply, parse_id
from bot.store.models import Conversation, Hotel


async def _editable(actor: Actor) -> list[Hotel]:
    return [
        h for h in await Hotel.all().order_by("id") if allowed(actor, Permission.HOTEL_EDIT, h.id)
    ]


async def chosen_hotel(
    ctx: AdminContext, actor: Actor, args: str, usage: str, *, listed: bool = True
) -> Hotel | Reply:
    """The hotel the command names, or the only one the actor manages; else the usage, with
    the actor's hotels `listed` (never in a group: its members need not learn them)."""
    await require(actor, Permission.HOTEL_EDIT)
    word = args.strip()
    if word:
        number = parse_id(word)
        hotel = await Hotel.get_or_none(id=number) if number else None
        if hotel is None:
            return Reply(ctx.t(actor, "admin.cards.no_such_hotel", hotel=word))
        await require(actor, Permission.HOTEL_EDIT, hotel.id)
        return hotel
    hotels = await _editable(actor)
    if len(hotels) == 1:
        return hotels[0]
    if not listed:
        return Reply(ctx.t(actor, "admin.cards.which_hotel_group", command=usage))
    names = "\n".join(f"/{usage} {h.id} — {h.name}" for h in hotels)
    return Reply(ctx.t(actor, "admin.cards.which_hotel", hotels=names))


async def bind_group(
    ctx: AdminContext, actor: Actor, chat_id: int, chat_type: str, forum: bool, args: str
) -> Reply:
    if chat_type == "private":
        await require(actor, Permission.HOTEL_EDIT)
        return Reply(ctx.t(actor, "admin.cards.bind_in_group"))
    found = await chosen_hotel(ctx, actor, args, "bindgroup", listed=False)
    if isinstance(found, Reply):
        return found
    hotel = found
    before = {"staff_chat_id": hotel.staff_chat_id, "forum": hotel.staff_chat_forum}
    await Hotel.filter(id=hotel.id).update(staff_chat_id=chat_id, staff_chat_forum=forum)
    # Topics belong to the group they were made in: a new group makes its own.
    await Conversation.filter(hotel_id=hotel.id).update(topic_id=None)
    await audit(
        actor,
        "group_bound",
        hotel.id,
        before=before,
        after={"staff_chat_id": chat_id, "forum": forum},
    )
    key = "admin.cards.bound_forum" if forum else "admin.cards.bound"
    return Reply(ctx.t(actor, key, hotel=hotel.name))


async def unbind_group(
    ctx: AdminContext, actor: Actor, chat_id: int, chat_type: str, args: str
) -> Reply:
    """In a group: the hotels bound to it (that the actor manages); in private: the one named
    or the only one."""
    if chat_type != "private" and not args.strip():
        await require(actor, Permission.HOTEL_EDIT)
        hotels = [h for h in await _editable(actor) if h.staff_chat_id == chat_id]
        if not hotels:
            return Reply(ctx.t(actor, "admin.cards.not_bound_here"))
    else:
        found = await chosen_hotel(ctx, actor, args, "unbindgroup", listed=chat_type == "private")
        if isinstance(found, Reply):
            return found
        if found.staff_chat_id is None:
            return Reply(ctx.t(actor, "admin.cards.not_bound", hotel=found.name))
        hotels = [found]
    for hotel in hotels:
        await Hotel.filter(id=hotel.id).update(staff_chat_id=None, staff_chat_forum=False)
        await Conversation.filter(hotel_id=hotel.id).update(topic_id=None)
        await audit(
            actor,
            "group_unbound",
            hotel.id,
            before={"staff_chat_id": hotel.staff_chat_id},
            after={"staff_chat_id": None},
        )
    names = ", ".join(h.name for h in hotels)
    return Reply(ctx.t(actor, "admin.cards.unbound", hotel=names))
