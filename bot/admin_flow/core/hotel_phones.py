"""The hotel card's staff phones: the numbers that may command the bot by writing to the
hotel's WhatsApp (admin_flow/whatsapp.py)."""

from __future__ import annotations

from typing import Any

from bot.admin_flow.core.access import Permission, audit
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_common import (
    Stale,
    back,
    button,
    fit,
    hotel_for,
    prompt,
    reask,
    with_note,
)
from bot.admin_flow.core.hotel_setup import (
    HOTEL_AREA,
    InvalidInput,
    Step,
    parse_phones,
)
from bot.admin_flow.core.replies import Button, Reply
from bot.store.models import Role, Staff


async def phones_menu(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    rows_db = await Staff.filter(hotel_id=hotel.id, phone__isnull=False).order_by("id")
    lines = [ctx.t(actor, "admin.hotels.ph.title", name=hotel.name, count=len(rows_db))]
    lines += [f"+{s.phone} ({s.role.value}){' ' + s.name if s.name else ''}" for s in rows_db]
    removes = [Button.of(f"❌ +{s.phone}", HOTEL_AREA, "pr", hotel.id, s.id) for s in rows_db[:30]]
    rows = [removes[i : i + 2] for i in range(0, len(removes), 2)]
    rows.append(
        [button(ctx, actor, "ph_add", "pa", hotel.id), *back(ctx, actor, "card", hotel.id)]
    )
    return Step(Reply(fit("\n".join(lines)), rows))


async def phones_prompt(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    text = ctx.t(actor, "admin.hotels.ph.ask", name=hotel.name)
    return prompt(ctx, actor, text, {"op": "phones", "hotel_id": hotel.id})


async def phones_add(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    try:
        phones = parse_phones(text)
        if not phones:
            raise InvalidInput("phones")
    except InvalidInput as exc:
        return reask(ctx, actor, data, ctx.refusal(actor, exc))
    rows = await Staff.filter(hotel_id=hotel.id, phone__in=phones).values_list("phone", flat=True)
    known = {str(p) for p in rows}
    added = [p for p in phones if p not in known]
    for phone in added:
        await Staff.create(hotel=hotel, phone=phone, role=Role.SUPPORT)
    ctx.forget_staff_phones(hotel.id)
    await audit(actor, "staff_phone_add", hotel.id, after={"phones": added})
    menu = await phones_menu(ctx, actor, hotel.id)
    note = ctx.t(actor, "admin.hotels.ph.added", count=len(added))
    return Step(with_note(note, menu.reply), fresh=True)


async def phone_remove(ctx: AdminContext, actor: Actor, hotel_id: int, staff_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    row = await Staff.get_or_none(id=staff_id, hotel_id=hotel.id, phone__isnull=False)
    if row is None:
        raise Stale(staff_id)
    phone = row.phone
    if row.telegram_id is not None:
        row.phone = None  # the person keeps their Telegram access
        await row.save(update_fields=["phone"])
    else:
        await row.delete()
    ctx.forget_staff_phones(hotel.id)
    await audit(actor, "staff_phone_remove", hotel.id, before={"phone": phone})
    menu = await phones_menu(ctx, actor, hotel.id)
    return Step(with_note(ctx.t(actor, "admin.hotels.ph.removed", phone=phone), menu.reply))
