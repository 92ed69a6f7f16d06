"""`/bot off|on [HOTEL]`: a hotel's team takes every guest conversation themselves for a while.

Paused, the guest flow says nothing of its own (`decide.py`: the road a chat held by a person
takes) and every guest message reaches staff as a card; opting out still works, since that
is the guest's right, not the bot's talk. Only the hotel's managers and super admins pause or
resume it, checked on every call and audited. The guest flow's cached hotel (`HotelDirectory`,
where it reads the flag) is forgotten at once, so the next guest message already sees it.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.admin_flow.core.access import Permission, allowed, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply
from bot.admin_flow.core.staff_group import chosen_hotel
from bot.store.models import Hotel

OFF = frozenset({"off", "выкл"})
ON = frozenset({"on", "вкл"})


async def bot_command(ctx: AdminContext, actor: Actor, args: str) -> Reply:
    """`/bot` shows whether the bot answers; `/bot off|on [HOTEL]` pauses or resumes it."""
    await require(actor, Permission.HOTEL_EDIT)
    words = args.split()
    switch: bool | None = None
    if words and words[0].lower() in OFF | ON:
        switch = words.pop(0).lower() in ON
    if len(words) > 1:
        return Reply(ctx.t(actor, "admin.pause.usage"))
    found = await chosen_hotel(ctx, actor, " ".join(words), "bot")
    if isinstance(found, Reply):
        return found
    hotel = found
    if switch is None:
        key = "admin.pause.state_paused" if hotel.bot_paused else "admin.pause.state_on"
        return Reply(ctx.t(actor, key, hotel=hotel.name))
    paused = not switch
    if hotel.bot_paused == paused:
        key = "admin.pause.already_paused" if paused else "admin.pause.already_on"
        return Reply(ctx.t(actor, key, hotel=hotel.name))
    await Hotel.filter(id=hotel.id).update(bot_paused=paused)
    ctx.flow.directory.forget(hotel.instance_id)  # where the guest flow reads the flag
    await audit(
        actor,
        "bot_paused" if paused else "bot_resumed",
        hotel.id,
        before={"bot_paused": hotel.bot_paused},
        after={"bot_paused": paused},
    )
    key = "admin.pause.paused" if paused else "admin.pause.resumed"
    return Reply(ctx.t(actor, key, hotel=hotel.name))


def status_texts(ctx: AdminContext, actor: Actor, hotels: Sequence[Hotel]) -> list[str]:
    """/status's line for the paused hotels the actor sees, so a pause is never forgotten."""
    paused = [h.name for h in hotels if h.bot_paused and allowed(actor, Permission.STATUS, h.id)]
    if not paused:
        return []
    return [ctx.t(actor, "admin.pause.status", hotels=", ".join(paused))]
