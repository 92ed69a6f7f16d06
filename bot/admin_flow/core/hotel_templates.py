"""The hotel card's templates: a hotel's own wording of the guest texts, per language, over
the built-in ones (`guest.templates` in locales/)."""

from __future__ import annotations

from typing import Any

from bot.admin_flow.core.access import Permission, audit
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_common import (
    Stale,
    back,
    button_lang,
    fit,
    forget,
    hotel_for,
    language,
    prompt,
    reask,
    with_note,
)
from bot.admin_flow.core.hotel_setup import (
    HOTEL_AREA,
    InvalidInput,
    Step,
    check_placeholders,
    placeholders,
)
from bot.admin_flow.core.replies import Button, Reply
from bot.guest_flow.templates import TEMPLATE_KEYS, parse
from bot.limits import TEMPLATE_TEXT
from bot.store.models import Template


def _builtin(ctx: AdminContext, key: str, lang: str) -> str:
    return ctx.i18n.raw(f"guest.templates.{key}", lang)


async def templates_menu(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    own = {str(k) for k in await Template.filter(hotel_id=hotel.id).values_list("key", flat=True)}
    keys = [
        Button.of(("✏️ " if key in own else "") + key, HOTEL_AREA, "tk", hotel.id, key)
        for key in TEMPLATE_KEYS
    ]
    rows = [keys[i : i + 2] for i in range(0, len(keys), 2)]
    rows.append(back(ctx, actor, "card", hotel.id))
    return Step(Reply(ctx.t(actor, "admin.hotels.tpl.title", name=hotel.name), rows))


def check_template(text: str, allowed: set[str]) -> str:
    """What a hotel may save as a guest text: bounded, and placeholders written plainly.

    A format spec, conversion, attribute or index (`{hotel:>50000000}`, `{hotel!r}`,
    `{hotel.__class__}`) is refused by name, though rendering ignores them too
    (`templates.fill`): the manager learns now that it will not work.
    """
    value = text.strip()
    if not value:
        raise InvalidInput("empty")
    if len(value) > TEMPLATE_TEXT:
        raise InvalidInput("too_long", limit=TEMPLATE_TEXT)
    try:
        fields = [field for _, field in parse(value) if field is not None]
    except ValueError:
        raise InvalidInput("braces") from None
    for field in fields:
        if not field.plain:
            raise InvalidInput("placeholder_format", field=field.written)
    check_placeholders(value, allowed)
    return value


def _template_key(key: str) -> str:
    if key not in TEMPLATE_KEYS:
        raise Stale(key)
    return key


async def template_view(ctx: AdminContext, actor: Actor, hotel_id: int, key: str) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    key = _template_key(key)
    rows_db = await Template.filter(hotel_id=hotel.id, key=key)
    own = {row.language: row.text for row in rows_db}
    langs = list(dict.fromkeys([*hotel.language_list, *own]))
    parts = [ctx.t(actor, "admin.hotels.tpl.view_title", template=key, name=hotel.name)]
    rows: list[list[Button]] = []
    for lang in langs:
        if lang in own:
            label, text = "admin.hotels.tpl.own", own[lang]
        else:
            label, text = "admin.hotels.tpl.builtin", _builtin(ctx, key, lang)
        parts.append(f"[{lang}] {ctx.t(actor, label)}\n{text}")
        row = [button_lang(ctx, actor, "tpl_set", lang, "ts", hotel.id, key, lang)]
        if lang in own:
            row.append(button_lang(ctx, actor, "tpl_reset", lang, "tr", hotel.id, key, lang))
        rows.append(row)
    rows.append(back(ctx, actor, "tpl", hotel.id))
    return Step(Reply(fit("\n\n".join(parts)), rows))


async def template_prompt(
    ctx: AdminContext, actor: Actor, hotel_id: int, key: str, lang: str
) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    key, lang = _template_key(key), language(ctx, lang)
    names = ", ".join("{" + n + "}" for n in sorted(placeholders(_builtin(ctx, key, "en"))))
    text = ctx.t(
        actor, "admin.hotels.tpl.ask", template=key, language=lang, placeholders=names or "—"
    )
    data = {"op": "template", "hotel_id": hotel.id, "template": key, "language": lang}
    return prompt(ctx, actor, text, data)


async def template_set(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    key, lang = _template_key(str(data["template"])), language(ctx, str(data["language"]))
    try:
        value = check_template(text, placeholders(_builtin(ctx, key, "en")))
    except InvalidInput as exc:
        return reask(ctx, actor, data, ctx.refusal(actor, exc))
    old = await Template.get_or_none(hotel_id=hotel.id, key=key, language=lang)
    await Template.update_or_create(
        hotel_id=hotel.id, key=key, language=lang, defaults={"text": value}
    )
    forget(ctx, hotel)
    await audit(
        actor,
        "template_set",
        hotel.id,
        before={"template": key, "language": lang, "text": old.text if old else None},
        after={"template": key, "language": lang, "text": value},
    )
    view = await template_view(ctx, actor, hotel.id, key)
    return Step(with_note(ctx.t(actor, "admin.hotels.edit.saved"), view.reply), fresh=True)


async def template_reset(
    ctx: AdminContext, actor: Actor, hotel_id: int, key: str, lang: str
) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    key, lang = _template_key(key), language(ctx, lang)
    old = await Template.get_or_none(hotel_id=hotel.id, key=key, language=lang)
    if old is None:
        raise Stale(key)
    await old.delete()
    forget(ctx, hotel)
    await audit(
        actor,
        "template_reset",
        hotel.id,
        before={"template": key, "language": lang, "text": old.text},
        after={"template": key, "language": lang, "text": None},
    )
    view = await template_view(ctx, actor, hotel.id, key)
    return Step(with_note(ctx.t(actor, "admin.hotels.tpl.reset_done", language=lang), view.reply))
