"""The hotel card's machine translations: the hotel texts the model translated for guests
writing a language the hotel did not write them in (`guest_flow/translate.py`), by language.

A manager reads one and either replaces it with their own wording, stored as the hotel's own
text (a template in that language, or the knowledge entry's answer in it), which wins over any
translation from then on, or deletes it, and the model makes it again for the next guest who
needs it. Either way the translation row goes, and the change is audited.
"""

from __future__ import annotations

from typing import Any

from bot.admin_flow.core.access import Permission, audit
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_common import (
    PAGE,
    Stale,
    fit,
    forget,
    hotel_for,
    paged_grid,
    prompt,
    reask,
    with_note,
)
from bot.admin_flow.core.hotel_setup import HOTEL_AREA, InvalidInput, Step, placeholders
from bot.admin_flow.core.hotel_templates import check_template
from bot.admin_flow.core.replies import Button, Reply
from bot.guest_flow.knowledge import InvalidKnowledge, check_text
from bot.guest_flow.matching import KnowledgeItem
from bot.guest_flow.templates import REQUEST_NAMES, TEMPLATE_KEYS
from bot.guest_flow.translate import (
    KINDS,
    TEMPLATE,
    Piece,
    knowledge_piece,
    request_piece,
    template_piece,
)
from bot.store.models import Hotel, KnowledgeEntry, Template, Translation


def _button(ctx: AdminContext, actor: Actor, label: str, action: str, *args: object) -> Button:
    return Button.of(ctx.t(actor, f"admin.translations.btn.{label}"), HOTEL_AREA, action, *args)


def _name(ctx: AdminContext, actor: Actor, row: Translation) -> str:
    if row.key.startswith(REQUEST_NAMES):
        name = row.key.removeprefix(REQUEST_NAMES)
        return ctx.t(actor, "admin.translations.kind_request", name=name)
    return ctx.t(actor, f"admin.translations.kind_{row.kind}", name=row.key)


async def _row(hotel: Hotel, translation_id: int) -> Translation:
    """The hotel's own translation row: an id of another hotel's names nothing here."""
    row = await Translation.get_or_none(id=translation_id, hotel_id=hotel.id)
    if row is None or row.kind not in KINDS:
        raise Stale(translation_id)
    return row


async def translations_menu(ctx: AdminContext, actor: Actor, hotel_id: int, page: int) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    query = Translation.filter(hotel_id=hotel.id)
    total = await query.count()
    page = max(0, min(page, (total - 1) // PAGE)) if total else 0
    rows = await query.order_by("language", "kind", "key").offset(page * PAGE).limit(PAGE)
    counts: dict[str, int] = {}
    for lang in await query.values_list("language", flat=True):
        counts[str(lang)] = counts.get(str(lang), 0) + 1
    lines = [ctx.t(actor, "admin.translations.title", name=hotel.name, count=total)]
    if total:
        lines += [
            ctx.t(actor, "admin.translations.language_line", language=lang, count=n)
            for lang, n in sorted(counts.items())
        ]
        lines.append(ctx.t(actor, "admin.translations.hint"))
    else:
        lines.append(ctx.t(actor, "admin.translations.empty"))
    buttons = [
        Button.of(f"[{r.language}] {_name(ctx, actor, r)}"[:40], HOTEL_AREA, "xv", hotel.id, r.id)
        for r in rows
    ]
    grid = paged_grid(
        buttons,
        page,
        total,
        _button(ctx, actor, "prev", "xl", hotel.id, page - 1),
        _button(ctx, actor, "next", "xl", hotel.id, page + 1),
    )
    grid.append([_button(ctx, actor, "back", "card", hotel.id)])
    return Step(Reply(fit("\n".join(lines)), grid))


async def _source(ctx: AdminContext, hotel: Hotel, row: Translation) -> tuple[str, Piece | None]:
    """The hotel's first language and what the guest flow would translate for this row now
    (None: nothing, the hotel has its own text in that language or the entry is gone)."""
    book = await ctx.flow.brain.templates.for_hotel(hotel.id)
    texts = ctx.i18n.guest_languages | book.complete_languages()
    first = next((lang for lang in hotel.language_list if lang in texts), "en")
    if row.key.startswith(REQUEST_NAMES):
        kind = row.key.removeprefix(REQUEST_NAMES)
        return first, request_piece(book, ctx.i18n, kind, row.language, first)
    if row.kind == TEMPLATE:
        if row.key not in TEMPLATE_KEYS:
            return first, None
        return first, template_piece(book, ctx.i18n, row.key, row.language, first)
    entry = await KnowledgeEntry.get_or_none(hotel_id=hotel.id, topic=row.key)
    if entry is None:
        return first, None
    item = KnowledgeItem(entry.topic, entry.questions, entry.answer)
    return first, knowledge_piece(item, row.language, first)


async def translation_view(
    ctx: AdminContext, actor: Actor, hotel_id: int, translation_id: int
) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    row = await _row(hotel, translation_id)
    first, piece = await _source(ctx, hotel, row)
    if piece is None:
        state = ctx.t(actor, "admin.translations.unused")
    else:
        current = piece.digest == row.source_hash
        key = "admin.translations.source" if current else "admin.translations.outdated"
        state = ctx.t(actor, key, language=first, source=piece.text)
    text = ctx.t(
        actor,
        "admin.translations.view",
        what=_name(ctx, actor, row),
        language=row.language,
        text=row.text,
    )
    text = f"{text}\n\n{state}"
    buttons = [
        [
            _button(ctx, actor, "replace", "xw", hotel.id, row.id),
            _button(ctx, actor, "delete", "xx", hotel.id, row.id),
        ],
        [_button(ctx, actor, "back", "xl", hotel.id, 0)],
    ]
    return Step(Reply(fit(text), buttons))


async def translation_prompt(
    ctx: AdminContext, actor: Actor, hotel_id: int, translation_id: int
) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    row = await _row(hotel, translation_id)
    names = ""
    if row.kind == TEMPLATE:
        names = ", ".join("{" + n + "}" for n in sorted(_allowed(ctx, row.key)))
    text = ctx.t(
        actor,
        "admin.translations.ask",
        what=_name(ctx, actor, row),
        language=row.language,
        current=row.text,
        placeholders=names or "—",
    )
    data = {"op": "translation", "hotel_id": hotel.id, "translation_id": row.id}
    return prompt(ctx, actor, fit(text), data)


def _allowed(ctx: AdminContext, key: str) -> set[str]:
    """The placeholders a template may use; a request's name has none."""
    if key.startswith(REQUEST_NAMES):
        return set()
    if key not in TEMPLATE_KEYS:
        raise Stale(key)
    return placeholders(ctx.i18n.raw(f"guest.templates.{key}", "en"))


async def translation_set(
    ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str
) -> Step:
    """The manager's wording replaces the translation: the hotel's own text from now on."""
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    row = await _row(hotel, int(data["translation_id"]))
    try:
        if row.kind == TEMPLATE:
            value = check_template(text, _allowed(ctx, row.key))
        else:
            value = check_text("answer", text)
            if not value:
                raise InvalidInput("empty")
    except (InvalidInput, InvalidKnowledge) as exc:
        return reask(ctx, actor, data, ctx.refusal(actor, exc))
    kept = row.key.startswith(REQUEST_NAMES)
    if kept:
        # A request's name has no hotel wording to hold it (hotels do not override them):
        # the manager's words stay in the translation row, which then is the hotel's text.
        await Translation.filter(id=row.id).update(text=value)
    elif row.kind == TEMPLATE:
        await Template.update_or_create(
            hotel_id=hotel.id, key=row.key, language=row.language, defaults={"text": value}
        )
    else:
        entry = await KnowledgeEntry.get_or_none(hotel_id=hotel.id, topic=row.key)
        if entry is None:  # the entry was deleted since: its translation names nothing
            await row.delete()
            raise Stale(row.key)
        entry.answer = {**entry.answer, row.language: value}
        await entry.save()
    if not kept:
        await row.delete()
    forget(ctx, hotel)
    await audit(
        actor,
        "translation_replace",
        hotel.id,
        before=_described(row, row.text),
        after=_described(row, value),
    )
    menu = await translations_menu(ctx, actor, hotel.id, 0)
    done = "request" if kept else row.kind
    note = ctx.t(actor, f"admin.translations.replaced_{done}", language=row.language)
    return Step(with_note(note, menu.reply), fresh=True)


async def translation_delete(
    ctx: AdminContext, actor: Actor, hotel_id: int, translation_id: int
) -> Step:
    hotel = await hotel_for(actor, Permission.HOTEL_EDIT, hotel_id)
    row = await _row(hotel, translation_id)
    await row.delete()
    await audit(actor, "translation_delete", hotel.id, before=_described(row, row.text))
    menu = await translations_menu(ctx, actor, hotel.id, 0)
    note = ctx.t(actor, "admin.translations.deleted", language=row.language)
    return Step(with_note(note, menu.reply))


def _described(row: Translation, text: str) -> dict[str, Any]:
    return {"kind": row.kind, "key": row.key, "language": row.language, "text": text}
