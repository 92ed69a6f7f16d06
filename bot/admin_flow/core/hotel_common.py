"""What the hotel card's screens share (core.hotels and the hotel_* modules beside it).

Button data names a hotel (and maybe an entry or a staff row) by id; nothing in it is trusted:
every action re-checks the permission for that hotel (`hotel_for`), and an entry or staff id
must belong to that hotel. Edits invalidate the guest flow's caches at once (`forget`), so the
next guest message sees them, and each is audited with what it was before and after.

Callback data: "h:<action>:<hotel id>[:<more>]". Prompts (a new value typed by the user) are
`Step`s with state "text" or "file" and the FSM data saying what the input edits.
"""

from __future__ import annotations

from typing import Any

from bot import iso639
from bot.admin_flow.core.access import Permission, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_setup import HOTEL_AREA, Step
from bot.admin_flow.core.replies import Button, Reply
from bot.limits import CARD_PAGE, TELEGRAM_SCREEN
from bot.store.models import Hotel

PAGE = CARD_PAGE


class Stale(Exception):
    """Button data or a dialog that names nothing valid any more (or never did)."""


class Missing(LookupError):
    """No hotel with this id."""

    def __init__(self, hotel_id: int) -> None:
        super().__init__(hotel_id)
        self.hotel_id = hotel_id


def paged_grid(
    buttons: list[Button], page: int, total: int, prev: Button, next_: Button
) -> list[list[Button]]:
    """A page of a card's list: its buttons two to a row, then prev/next where there are
    pages before or after this one (`PAGE` to a page)."""
    grid = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    paging = ([prev] if page > 0 else []) + ([next_] if (page + 1) * PAGE < total else [])
    if paging:
        grid.append(paging)
    return grid


def fit(text: str, limit: int = TELEGRAM_SCREEN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def button(ctx: AdminContext, actor: Actor, label: str, action: str, *args: object) -> Button:
    return Button.of(ctx.t(actor, f"admin.hotels.btn.{label}"), HOTEL_AREA, action, *args)


def back(ctx: AdminContext, actor: Actor, action: str, *args: object) -> list[Button]:
    return [button(ctx, actor, "back", action, *args)]


def button_lang(
    ctx: AdminContext, actor: Actor, label: str, lang: str, action: str, *args: object
) -> Button:
    text = ctx.t(actor, f"admin.hotels.btn.{label}", language=lang)
    return Button.of(text, HOTEL_AREA, action, *args)


async def hotel_for(actor: Actor, permission: Permission, hotel_id: int) -> Hotel:
    """The permission first, so a forged id learns nothing, not even whether it exists."""
    await require(actor, permission, hotel_id)
    hotel = await Hotel.get_or_none(id=hotel_id)
    if hotel is None:
        raise Missing(hotel_id)
    return hotel


def forget(ctx: AdminContext, hotel: Hotel) -> None:
    """After any change: the guest flow and the state cache must not serve the old hotel."""
    ctx.flow.directory.forget(hotel.instance_id)
    ctx.flow.brain.templates.forget(hotel.id)
    ctx.flow.brain.knowledge.forget(hotel.id)
    ctx.forget_state(hotel.instance_id)
    ctx.forget_staff_phones(hotel.id)


def with_note(note: str, reply: Reply) -> Reply:
    return Reply(fit(f"{note}\n\n{reply.text}") if note else reply.text, reply.buttons)


def prompt(
    ctx: AdminContext, actor: Actor, text: str, data: dict[str, Any], state: str = "text"
) -> Step:
    hint = ctx.t(actor, "admin.hotels.cancel_hint")
    return Step(Reply(f"{text}\n{hint}"), state, data, fresh=True)


def reask(ctx: AdminContext, actor: Actor, data: dict[str, Any], why: str) -> Step:
    return Step(Reply(f"{why}\n{ctx.t(actor, 'admin.hotels.try_again')}"), "text", data)


def language(ctx: AdminContext, lang: str) -> str:
    if not iso639.is_code(lang):
        raise Stale(lang)
    return lang
