"""The hotel card's inbox settings: after how many minutes a handoff nobody took pings the
managers (core/escalation.py; 0 is off), and whether the guest is told when a person joins
(core/handling.py `take`). Managers only, re-checked on every press, audited."""

from __future__ import annotations

from typing import Any

from bot.admin_flow.core.access import Permission, audit
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_common import back, fit, hotel_for, prompt, reask, with_note
from bot.admin_flow.core.hotel_setup import HOTEL_AREA, Step
from bot.admin_flow.core.replies import Button, Reply, parse_id
from bot.store.models import Hotel

ESCALATE_MINUTES_MAX = 240  # four hours: longer is no reminder any more


def _minutes(ctx: AdminContext, actor: Actor, hotel: Hotel) -> str:
    if hotel.escalate_minutes <= 0:
        return ctx.t(actor, "admin.inbox.settings.off")
    return ctx.t(actor, "admin.inbox.settings.minutes", minutes=hotel.escalate_minutes)


def _join(ctx: AdminContext, actor: Actor, hotel: Hotel) -> str:
    return ctx.t(actor, f"admin.inbox.settings.{'on' if hotel.announce_join else 'off'}")


def open_button(ctx: AdminContext, actor: Actor, hotel_id: int) -> Button:
    """The card's way in."""
    return Button.of(ctx.t(actor, "admin.inbox.settings.open"), HOTEL_AREA, "ib", hotel_id)


async def inbox_menu(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    minutes, join = _minutes(ctx, actor, hotel), _join(ctx, actor, hotel)
    text = ctx.t(actor, "admin.inbox.settings.title", name=hotel.name, minutes=minutes, join=join)
    said = ctx.t(actor, "admin.inbox.settings.minutes_button", minutes=minutes)
    toggle = ctx.t(actor, "admin.inbox.settings.join_button", join=join)
    rows = [
        [Button.of(said, HOTEL_AREA, "iw", hotel.id)],
        [Button.of(toggle, HOTEL_AREA, "ij", hotel.id)],
        back(ctx, actor, "card", hotel.id),
    ]
    return Step(Reply(fit(text), rows))


async def minutes_prompt(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    text = ctx.t(
        actor,
        "admin.inbox.settings.ask_minutes",
        name=hotel.name,
        max=ESCALATE_MINUTES_MAX,
        current=_minutes(ctx, actor, hotel),
    )
    return prompt(ctx, actor, text, {"op": "escalate", "hotel_id": hotel.id})


async def minutes_set(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    minutes = parse_id(text.strip(), zero=True)
    if minutes is None or minutes > ESCALATE_MINUTES_MAX:
        why = ctx.t(actor, "admin.inbox.settings.bad_minutes", max=ESCALATE_MINUTES_MAX)
        return reask(ctx, actor, data, why)
    before = hotel.escalate_minutes
    await Hotel.filter(id=hotel.id).update(escalate_minutes=minutes)
    await audit(
        actor,
        "hotel_edit",
        hotel.id,
        before={"escalate_minutes": before},
        after={"escalate_minutes": minutes},
    )
    menu = await inbox_menu(ctx, actor, hotel.id)
    return Step(with_note(ctx.t(actor, "admin.inbox.settings.saved"), menu.reply), fresh=True)


async def join_toggle(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    now = not hotel.announce_join
    await Hotel.filter(id=hotel.id).update(announce_join=now)
    await audit(
        actor,
        "hotel_edit",
        hotel.id,
        before={"announce_join": not now},
        after={"announce_join": now},
    )
    menu = await inbox_menu(ctx, actor, hotel.id)
    return Step(with_note(ctx.t(actor, "admin.inbox.settings.saved"), menu.reply))
