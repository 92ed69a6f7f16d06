"""Hotels from the admin side: the list, the card, and the card's own edits (its fields,
enabling and disabling, deleting the hotel).

The card's other screens live beside it: `hotel_templates`, `hotel_knowledge`, `hotel_phones`;
`hotel_actions` maps the card's buttons and prompts to them, and `hotel_common` holds what they
share (how button data is checked, caches forgotten, prompts opened).
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.admin_flow.core import hotel_inbox
from bot.admin_flow.core.access import Permission, allowed, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_common import (
    PAGE,
    Missing,
    Stale,
    button,
    fit,
    forget,
    hotel_for,
    prompt,
    reask,
    with_note,
)
from bot.admin_flow.core.hotel_setup import (
    ALL_DAY,
    HOTEL_AREA,
    InvalidInput,
    Step,
    parse_api_url,
    parse_hours_text,
    parse_languages,
    parse_name,
    parse_timezone,
    parse_token,
    probe,
)
from bot.admin_flow.core.replies import Button, Reply, parse_id
from bot.admin_flow.core.staff import revoke_invites_of
from bot.admin_flow.core.status import whatsapp_health, whatsapp_line, whatsapp_short_key
from bot.i18n import Refusal
from bot.limits import AI_DAILY_TOKENS_MAX, RETENTION_DAYS_MAX
from bot.logs import mask
from bot.scheduler import parse_hhmm
from bot.store.hotels import HotelAccess, Instance
from bot.store.models import Hotel, KnowledgeEntry, Staff

FIELDS = (
    "name",
    "api_url",
    "token",
    "timezone",
    "languages",
    "hours",
    "ai_daily_tokens",
    "report_time",
    "retention_days",
)
# What a manager types for "no AI budget" (unlimited).
NO_BUDGET = frozenset({"0", "-", "none", "off", "unlimited", "нет", "без"})
# What a manager types for "keep guests' texts" (no retention limit).
KEEP_TEXTS = frozenset({"0", "-", "none", "off", "keep", "forever", "нет", "навсегда", "хранить"})
# Where the gateway token is sent: changed by super admins only (HOTEL_GATEWAY).
GATEWAY_FIELDS = frozenset({"api_url"})


def _access(ctx: AdminContext, hotel: Hotel) -> HotelAccess | None:
    try:
        return ctx.flow.directory.access(hotel)
    except ValueError:  # SECRET_KEY changed since the token was stored
        return None


async def _state(ctx: AdminContext, hotel: Hotel) -> str:
    access = _access(ctx, hotel)
    return await ctx.wa_state(access.instance) if access else "error:secret"


def _hours(hotel: Hotel) -> str:
    return f"{hotel.hours_open}-{hotel.hours_close}" if hotel.hours_open else ALL_DAY


async def list_hotels(ctx: AdminContext, actor: Actor, page: int = 0) -> Reply:
    await require(actor, Permission.HOTEL_VIEW)
    query = Hotel.all() if actor.super_admin else Hotel.filter(id__in=sorted(actor.hotel_ids))
    total = await query.count()
    page = max(0, min(page, (total - 1) // PAGE)) if total else 0
    hotels = await query.order_by("id").offset(page * PAGE).limit(PAGE)
    if not hotels:
        key = (
            "admin.hotels.none_admin"
            if allowed(actor, Permission.HOTEL_ADD)
            else "admin.hotels.none"
        )
        return Reply(ctx.t(actor, key))
    states = await asyncio.gather(*(_state(ctx, h) for h in hotels))
    lines = [ctx.t(actor, "admin.hotels.list_title", count=total)]
    for hotel, state in zip(hotels, states, strict=True):
        # A few words for a list; the card says what to do about it.
        icon = whatsapp_health(state).value
        key, values = whatsapp_short_key(state)
        said = ctx.t(actor, key, **values)
        off = "" if hotel.enabled else ctx.t(actor, "admin.hotels.disabled_mark")
        lines.append(f"#{hotel.id} {hotel.name} — {icon} {said}{off}")
    lines.append(ctx.t(actor, "admin.hotels.list_hint"))
    cards = [Button.of(f"#{h.id} {h.name}"[:40], HOTEL_AREA, "card", h.id) for h in hotels]
    rows = [cards[i : i + 2] for i in range(0, len(cards), 2)]
    paging = []
    if page > 0:
        paging.append(button(ctx, actor, "prev", "list", page - 1))
    if (page + 1) * PAGE < total:
        paging.append(button(ctx, actor, "next", "list", page + 1))
    if paging:
        rows.append(paging)
    return Reply(fit("\n".join(lines)), rows)


async def card(ctx: AdminContext, actor: Actor, hotel_id: int) -> Reply:
    hotel = await hotel_for(actor, Permission.HOTEL_VIEW, hotel_id)
    access = _access(ctx, hotel)
    token = mask(access.instance.token) if access else "?"
    entries = await KnowledgeEntry.filter(hotel_id=hotel.id).count()
    phones = await Staff.filter(hotel_id=hotel.id, phone__isnull=False).count()
    yes_no = "admin.hotels.yes" if hotel.enabled else "admin.hotels.no"
    text = ctx.t(
        actor,
        "admin.hotels.card",
        id=hotel.id,
        name=hotel.name,
        instance=hotel.instance_id,
        token=token,
        api_url=hotel.api_url,
        mode=hotel.receive_mode.value,
        timezone=hotel.timezone,
        languages=", ".join(hotel.language_list),
        hours=_hours(hotel),
        enabled=ctx.t(actor, yes_no),
        state=str(whatsapp_line(ctx, actor, await _state(ctx, hotel))),
        entries=entries,
        phones=phones,
    )
    rows: list[list[Button]] = []
    hid = hotel.id
    if allowed(actor, Permission.HOTEL_EDIT, hid):
        first = [button(ctx, actor, "name", "edit", hid, "name")]
        if allowed(actor, Permission.HOTEL_GATEWAY, hid):
            first.append(button(ctx, actor, "api_url", "edit", hid, "api_url"))
        first.append(button(ctx, actor, "token", "edit", hid, "token"))
        rows += [
            first,
            [
                button(ctx, actor, "timezone", "edit", hid, "timezone"),
                button(ctx, actor, "languages", "edit", hid, "languages"),
                button(ctx, actor, "hours", "edit", hid, "hours"),
            ],
            [
                button(ctx, actor, "templates", "tpl", hid),
                button(ctx, actor, "knowledge", "kb", hid, 0),
                button(ctx, actor, "phones", "ph", hid),
            ],
        ]
    if ctx.ai is not None and allowed(actor, Permission.HOTEL_EDIT, hid):
        # The model's budget, and the hotel texts it translated (core.hotel_translations).
        said = ctx.t(actor, "admin.translations.btn.open")
        rows.append([_budget_button(ctx, actor, hotel), Button.of(said, HOTEL_AREA, "xl", hid, 0)])
    if allowed(actor, Permission.HOTEL_EDIT, hid):
        # When the managers' daily report image arrives (bot/reports/daily.py).
        said = ctx.t(actor, "admin.hotels.btn.report_time", time=hotel.report_time)
        rows.append([Button.of(said, HOTEL_AREA, "edit", hid, "report_time")])
        # How long guests' message texts are kept (bot/backup/retention.py erases older ones).
        kept = _retention(ctx, actor, hotel)
        said = ctx.t(actor, "admin.hotels.btn.retention", kept=kept)
        rows.append([Button.of(said, HOTEL_AREA, "edit", hid, "retention_days")])
        # Escalation of untaken handoffs and the "a person joined" line (core.hotel_inbox).
        rows.append([hotel_inbox.open_button(ctx, actor, hid)])
    last: list[Button] = []
    if allowed(actor, Permission.HOTEL_EDIT, hid):
        last.append(button(ctx, actor, "disable" if hotel.enabled else "enable", "toggle", hid))
    if allowed(actor, Permission.HOTEL_DELETE, hid):
        last.append(button(ctx, actor, "delete", "del", hid))
    if last:
        rows.append(last)
    return Reply(fit(text), rows)


async def hotel_command(ctx: AdminContext, actor: Actor, args: str) -> Reply:
    """/hotel ID; with no id, the only hotel the actor has, if just one."""
    value = args.strip().lstrip("#")
    if not value:
        await require(actor, Permission.HOTEL_VIEW)
        ids = sorted(actor.hotel_ids)
        if actor.super_admin or len(ids) != 1:
            return Reply(ctx.t(actor, "admin.hotels.card_usage"))
        value = str(ids[0])
    hotel_id = parse_id(value)
    if hotel_id is None:
        return Reply(ctx.t(actor, "admin.hotels.card_usage"))
    try:
        return await card(ctx, actor, hotel_id)
    except Missing:
        return Reply(ctx.t(actor, "admin.hotels.not_found", id=value))


def _budget_button(ctx: AdminContext, actor: Actor, hotel: Hotel) -> Button:
    text = ctx.t(actor, "admin.hotels.btn.ai_budget", budget=_current(hotel, "ai_daily_tokens"))
    return Button.of(text, HOTEL_AREA, "edit", hotel.id, "ai_daily_tokens")


def _retention(ctx: AdminContext, actor: Actor, hotel: Hotel) -> str:
    if hotel.retention_days is None:
        return ctx.t(actor, "admin.hotels.retention_forever")
    return ctx.t(actor, "admin.hotels.retention_days", days=hotel.retention_days)


def parse_retention(text: str) -> str | None:
    """Days to keep guests' message texts ("90"), or None to keep them ("0", "keep", "-")."""
    value = text.strip().lower()
    if value in KEEP_TEXTS:
        return None
    days = parse_id(value)
    if days is None or days > RETENTION_DAYS_MAX:
        raise InvalidInput("retention_days", limit=RETENTION_DAYS_MAX)
    return str(days)


def parse_budget(text: str) -> str | None:
    """Tokens a day ("50000", "50 000"), or None for no budget ("0", "none", "-")."""
    value = text.strip().lower().replace(" ", "").replace("_", "").replace(",", "")
    if value in NO_BUDGET:
        return None
    number = parse_id(value)
    if number is None or number > AI_DAILY_TOKENS_MAX:
        raise InvalidInput("ai_tokens", limit=AI_DAILY_TOKENS_MAX)
    return str(number)


def _current(hotel: Hotel, field: str) -> str:
    values = {
        "name": hotel.name,
        "api_url": hotel.api_url,
        "timezone": hotel.timezone,
        "languages": hotel.languages,
        "hours": _hours(hotel),
        "ai_daily_tokens": "—" if hotel.ai_daily_tokens is None else str(hotel.ai_daily_tokens),
        "report_time": hotel.report_time,
        "retention_days": "—" if hotel.retention_days is None else str(hotel.retention_days),
    }
    return values.get(field, "")


def _edit_permission(field: str) -> Permission:
    if field not in FIELDS:
        raise Stale(field)
    return Permission.HOTEL_GATEWAY if field in GATEWAY_FIELDS else Permission.HOTEL_EDIT


async def edit_prompt(ctx: AdminContext, actor: Actor, hotel_id: int, field: str) -> Step:
    hotel = await hotel_for(actor, _edit_permission(field), hotel_id)
    text = ctx.t(
        actor,
        f"admin.hotels.edit.ask_{field}",
        name=hotel.name,
        current=_current(hotel, field),
        default=ctx.settings.green_api_url,
        languages=", ".join(sorted(ctx.i18n.guest_languages)),
    )
    return prompt(ctx, actor, text, {"op": "field", "hotel_id": hotel.id, "field": field})


def _parse_field(ctx: AdminContext, field: str, text: str) -> str | None:
    if field == "name":
        return parse_name(text)
    if field == "api_url":
        return parse_api_url(text, ctx.settings.green_api_url, ctx.settings.gateway_hosts)
    if field == "token":
        return parse_token(text)
    if field == "timezone":
        return parse_timezone(text)
    if field == "languages":
        return parse_languages(text)
    if field == "ai_daily_tokens":
        return parse_budget(text)
    if field == "retention_days":
        return parse_retention(text)
    if field == "report_time":
        when = parse_hhmm(text.strip().zfill(5))  # "7:05" is 07:05
        if when is None:
            raise InvalidInput("report_time")
        return when.strftime("%H:%M")
    return parse_hours_text(text)


async def edit_field(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    field = str(data.get("field"))
    hotel = await hotel_for(actor, _edit_permission(field), int(data["hotel_id"]))
    try:
        value = _parse_field(ctx, field, text)
    except Refusal as exc:
        return reask(ctx, actor, data, ctx.refusal(actor, exc))
    notes = []
    if field in ("token", "api_url"):
        access = _access(ctx, hotel)
        token = str(value) if field == "token" else access.instance.token if access else ""
        url = str(value) if field == "api_url" else hotel.api_url
        state = await probe(ctx, Instance(hotel.instance_id, token, url))
        if state in ("error:401", "error:403"):
            why = ctx.t(actor, "admin.hotels.edit.refused", status=state.partition(":")[2])
            return reask(ctx, actor, data, why)
        notes.append(str(whatsapp_line(ctx, actor, state)))
    before: dict[str, Any] = {field: _current(hotel, field)}
    after: dict[str, Any] = {field: value or ALL_DAY}
    if field == "token":
        hotel.token_encrypted = ctx.cipher.encrypt(str(value))
        before, after = {"token": "***"}, {"token": "***"}
        updated = ["token_encrypted"]
    elif field == "hours":
        hotel.hours_open, hotel.hours_close = value.split("-") if value else (None, None)
        updated = ["hours_open", "hours_close"]
    elif field in ("ai_daily_tokens", "retention_days"):
        setattr(hotel, field, int(value) if value else None)
        after = {field: getattr(hotel, field)}
        updated = [field]
    else:
        setattr(hotel, field, value)
        updated = [field]
    await hotel.save(update_fields=updated)
    forget(ctx, hotel)
    await audit(actor, "hotel_edit", hotel.id, before=before, after=after)
    notes.insert(0, ctx.t(actor, "admin.hotels.edit.saved"))
    return Step(with_note("\n".join(notes), await card(ctx, actor, hotel.id)), fresh=True)


async def toggle(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    hotel.enabled = not hotel.enabled
    await hotel.save(update_fields=["enabled"])
    forget(ctx, hotel)
    await audit(
        actor,
        "hotel_enable",
        hotel.id,
        before={"enabled": not hotel.enabled},
        after={"enabled": hotel.enabled},
    )
    key = "admin.hotels.enabled_now" if hotel.enabled else "admin.hotels.disabled_now"
    return Step(with_note(ctx.t(actor, key), await card(ctx, actor, hotel.id)))


async def delete_ask(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_DELETE, hotel_id)
    text = ctx.t(actor, "admin.hotels.delete_ask", name=hotel.name, id=hotel.id)
    rows = [
        [
            button(ctx, actor, "delete_yes", "delok", hotel.id),
            button(ctx, actor, "keep", "card", hotel.id),
        ]
    ]
    return Step(Reply(text, rows))


async def delete(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_DELETE, hotel_id)
    before = {"name": hotel.name, "instance_id": hotel.instance_id}
    # Its staff are removed with it: the invites they made stop working, as on any removal.
    await revoke_invites_of(actor, await Staff.filter(hotel_id=hotel.id))
    await hotel.delete()
    forget(ctx, hotel)
    await audit(actor, "hotel_delete", hotel_id, before=before)
    return Step(Reply(ctx.t(actor, "admin.hotels.deleted", name=hotel.name, id=hotel_id)))
