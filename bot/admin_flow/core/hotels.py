"""Hotels from the admin side: the list, the card, and every edit the card's buttons open.

Button data names a hotel (and maybe an entry or a staff row) by id; nothing in it is trusted:
every action re-checks the permission for that hotel, and an entry or staff id must belong to
that hotel. Edits invalidate the guest flow's caches at once, so the next guest message sees
them, and each is audited with what it was before and after.

Callback data: "h:<action>:<hotel id>[:<more>]". Prompts (a new value typed by the user) are
`Step`s with state "text" or "file" and the FSM data saying what the input edits.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import yaml

from bot.admin_flow.core.access import Permission, allowed, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_setup import (
    ALL_DAY,
    HOTEL_AREA,
    SKIP,
    InvalidInput,
    Step,
    check_placeholders,
    cipher_for,
    invalid_text,
    parse_api_url,
    parse_hours_text,
    parse_languages,
    parse_name,
    parse_phones,
    parse_timezone,
    parse_token,
    placeholders,
    probe,
    state_text,
)
from bot.admin_flow.core.replies import Button, Reply
from bot.guest_flow.knowledge import InvalidKnowledge, import_entries, parse_entries
from bot.guest_flow.matching import KnowledgeItem
from bot.guest_flow.templates import TEMPLATE_KEYS
from bot.logs import mask
from bot.store.hotels import HotelAccess, Instance
from bot.store.models import Hotel, KnowledgeEntry, Role, Staff, Template

PAGE = 10
TEXT_LIMIT = 4000  # Telegram takes 4096; the rest is room for a note above
MAX_TEMPLATE = 1000
MAX_ANSWER = 3000
MAX_TOPIC = 100
MAX_IMPORT_BYTES = 1024 * 1024
FIELDS = ("name", "api_url", "token", "timezone", "languages", "hours")
IMPORT_SUFFIXES = (".yaml", ".yml", ".json")
Loader = Callable[[], Awaitable[bytes]]


class Stale(Exception):
    """Button data or a dialog that names nothing valid any more (or never did)."""


class Missing(LookupError):
    """No hotel with this id."""

    def __init__(self, hotel_id: int) -> None:
        super().__init__(hotel_id)
        self.hotel_id = hotel_id


def fit(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _button(ctx: AdminContext, actor: Actor, label: str, action: str, *args: object) -> Button:
    return Button.of(ctx.t(actor, f"admin.hotels.btn.{label}"), HOTEL_AREA, action, *args)


def _back(ctx: AdminContext, actor: Actor, action: str, *args: object) -> list[Button]:
    return [_button(ctx, actor, "back", action, *args)]


async def _hotel(actor: Actor, permission: Permission, hotel_id: int) -> Hotel:
    """The permission first, so a forged id learns nothing, not even whether it exists."""
    await require(actor, permission, hotel_id)
    hotel = await Hotel.get_or_none(id=hotel_id)
    if hotel is None:
        raise Missing(hotel_id)
    return hotel


def _access(ctx: AdminContext, hotel: Hotel) -> HotelAccess | None:
    try:
        return ctx.flow.directory.access(hotel)
    except ValueError:  # SECRET_KEY changed since the token was stored
        return None


async def _state(ctx: AdminContext, hotel: Hotel) -> str:
    access = _access(ctx, hotel)
    return await ctx.wa_state(access.instance) if access else "error:secret"


def forget(ctx: AdminContext, hotel: Hotel) -> None:
    """After any change: the guest flow and the state cache must not serve the old hotel."""
    ctx.flow.directory.forget(hotel.instance_id)
    ctx.flow.brain.templates.forget(hotel.id)
    ctx.flow.brain.knowledge.forget(hotel.id)
    ctx.forget_state(hotel.instance_id)
    ctx.forget_staff_phones(hotel.id)


def _hours(hotel: Hotel) -> str:
    return f"{hotel.hours_open}-{hotel.hours_close}" if hotel.hours_open else ALL_DAY


def _with_note(note: str, reply: Reply) -> Reply:
    return Reply(fit(f"{note}\n\n{reply.text}") if note else reply.text, reply.buttons)


# --- the list and the card -------------------------------------------------------------------


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
        icon = "✅" if state == "authorized" else "❌" if state.startswith("error:") else "⚠️"
        off = "" if hotel.enabled else ctx.t(actor, "admin.hotels.disabled_mark")
        lines.append(f"#{hotel.id} {hotel.name} — {icon} {state}{off}")
    lines.append(ctx.t(actor, "admin.hotels.list_hint"))
    cards = [Button.of(f"#{h.id} {h.name}"[:40], HOTEL_AREA, "card", h.id) for h in hotels]
    rows = [cards[i : i + 2] for i in range(0, len(cards), 2)]
    paging = []
    if page > 0:
        paging.append(_button(ctx, actor, "prev", "list", page - 1))
    if (page + 1) * PAGE < total:
        paging.append(_button(ctx, actor, "next", "list", page + 1))
    if paging:
        rows.append(paging)
    return Reply(fit("\n".join(lines)), rows)


async def card(ctx: AdminContext, actor: Actor, hotel_id: int) -> Reply:
    hotel = await _hotel(actor, Permission.HOTEL_VIEW, hotel_id)
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
        state=state_text(ctx, actor, await _state(ctx, hotel)),
        entries=entries,
        phones=phones,
    )
    rows: list[list[Button]] = []
    hid = hotel.id
    if allowed(actor, Permission.HOTEL_EDIT, hid):
        rows += [
            [
                _button(ctx, actor, "name", "edit", hid, "name"),
                _button(ctx, actor, "api_url", "edit", hid, "api_url"),
                _button(ctx, actor, "token", "edit", hid, "token"),
            ],
            [
                _button(ctx, actor, "timezone", "edit", hid, "timezone"),
                _button(ctx, actor, "languages", "edit", hid, "languages"),
                _button(ctx, actor, "hours", "edit", hid, "hours"),
            ],
            [
                _button(ctx, actor, "templates", "tpl", hid),
                _button(ctx, actor, "knowledge", "kb", hid, 0),
                _button(ctx, actor, "phones", "ph", hid),
            ],
        ]
    last: list[Button] = []
    if allowed(actor, Permission.HOTEL_EDIT, hid):
        last.append(_button(ctx, actor, "disable" if hotel.enabled else "enable", "toggle", hid))
    if allowed(actor, Permission.HOTEL_DELETE, hid):
        last.append(_button(ctx, actor, "delete", "del", hid))
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
    if not value.isdigit():
        return Reply(ctx.t(actor, "admin.hotels.card_usage"))
    try:
        return await card(ctx, actor, int(value))
    except Missing:
        return Reply(ctx.t(actor, "admin.hotels.not_found", id=value))


# --- field edits -----------------------------------------------------------------------------


def _current(hotel: Hotel, field: str) -> str:
    values = {
        "name": hotel.name,
        "api_url": hotel.api_url,
        "timezone": hotel.timezone,
        "languages": hotel.languages,
        "hours": _hours(hotel),
    }
    return values.get(field, "")


def _prompt(
    ctx: AdminContext, actor: Actor, text: str, data: dict[str, Any], state: str = "text"
) -> Step:
    hint = ctx.t(actor, "admin.hotels.cancel_hint")
    return Step(Reply(f"{text}\n{hint}"), state, data, fresh=True)


async def edit_prompt(ctx: AdminContext, actor: Actor, hotel_id: int, field: str) -> Step:
    if field not in FIELDS:
        raise Stale(field)
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    text = ctx.t(
        actor,
        f"admin.hotels.edit.ask_{field}",
        name=hotel.name,
        current=_current(hotel, field),
        default=ctx.settings.green_api_url,
        languages=", ".join(ctx.i18n.languages),
    )
    return _prompt(ctx, actor, text, {"op": "field", "hotel_id": hotel.id, "field": field})


def _parse_field(ctx: AdminContext, field: str, text: str) -> str | None:
    if field == "name":
        return parse_name(text)
    if field == "api_url":
        return parse_api_url(text, ctx.settings.green_api_url)
    if field == "token":
        return parse_token(text)
    if field == "timezone":
        return parse_timezone(text)
    if field == "languages":
        return parse_languages(text, ctx.i18n.languages)
    return parse_hours_text(text)


async def edit_field(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    field = str(data.get("field"))
    if field not in FIELDS:
        raise Stale(field)
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    try:
        value = _parse_field(ctx, field, text)
    except InvalidInput as exc:
        return _reask(ctx, actor, data, invalid_text(ctx, actor, exc))
    notes = []
    if field in ("token", "api_url"):
        access = _access(ctx, hotel)
        token = str(value) if field == "token" else access.instance.token if access else ""
        url = str(value) if field == "api_url" else hotel.api_url
        state = await probe(ctx, Instance(hotel.instance_id, token, url))
        if state in ("error:401", "error:403"):
            why = ctx.t(actor, "admin.hotels.edit.refused", status=state.partition(":")[2])
            return _reask(ctx, actor, data, why)
        notes.append(state_text(ctx, actor, state))
    before: dict[str, Any] = {field: _current(hotel, field)}
    after: dict[str, Any] = {field: value or ALL_DAY}
    if field == "token":
        hotel.token_encrypted = cipher_for(ctx).encrypt(str(value))
        before, after = {"token": "***"}, {"token": "***"}
        updated = ["token_encrypted"]
    elif field == "hours":
        hotel.hours_open, hotel.hours_close = value.split("-") if value else (None, None)
        updated = ["hours_open", "hours_close"]
    else:
        setattr(hotel, field, value)
        updated = [field]
    await hotel.save(update_fields=updated)
    forget(ctx, hotel)
    await audit(actor, "hotel_edit", hotel.id, before=before, after=after)
    notes.insert(0, ctx.t(actor, "admin.hotels.edit.saved"))
    return Step(_with_note("\n".join(notes), await card(ctx, actor, hotel.id)), fresh=True)


def _reask(ctx: AdminContext, actor: Actor, data: dict[str, Any], why: str) -> Step:
    return Step(Reply(f"{why}\n{ctx.t(actor, 'admin.hotels.try_again')}"), "text", data)


async def toggle(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
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
    return Step(_with_note(ctx.t(actor, key), await card(ctx, actor, hotel.id)))


async def delete_ask(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_DELETE, hotel_id)
    text = ctx.t(actor, "admin.hotels.delete_ask", name=hotel.name, id=hotel.id)
    rows = [
        [
            _button(ctx, actor, "delete_yes", "delok", hotel.id),
            _button(ctx, actor, "keep", "card", hotel.id),
        ]
    ]
    return Step(Reply(text, rows))


async def delete(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_DELETE, hotel_id)
    before = {"name": hotel.name, "instance_id": hotel.instance_id}
    await hotel.delete()
    forget(ctx, hotel)
    await audit(actor, "hotel_delete", hotel_id, before=before)
    return Step(Reply(ctx.t(actor, "admin.hotels.deleted", name=hotel.name, id=hotel_id)))


# --- templates -------------------------------------------------------------------------------


def _builtin(ctx: AdminContext, key: str, lang: str) -> str:
    return ctx.i18n.raw(f"guest.templates.{key}", lang)


async def templates_menu(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    own = {str(k) for k in await Template.filter(hotel_id=hotel.id).values_list("key", flat=True)}
    keys = [
        Button.of(("✏️ " if key in own else "") + key, HOTEL_AREA, "tk", hotel.id, key)
        for key in TEMPLATE_KEYS
    ]
    rows = [keys[i : i + 2] for i in range(0, len(keys), 2)]
    rows.append(_back(ctx, actor, "card", hotel.id))
    return Step(Reply(ctx.t(actor, "admin.hotels.tpl.title", name=hotel.name), rows))


def _template_key(key: str) -> str:
    if key not in TEMPLATE_KEYS:
        raise Stale(key)
    return key


def _language(ctx: AdminContext, lang: str) -> str:
    if lang not in ctx.i18n.languages:
        raise Stale(lang)
    return lang


async def template_view(ctx: AdminContext, actor: Actor, hotel_id: int, key: str) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
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
        row = [_button_lang(ctx, actor, "tpl_set", lang, "ts", hotel.id, key, lang)]
        if lang in own:
            row.append(_button_lang(ctx, actor, "tpl_reset", lang, "tr", hotel.id, key, lang))
        rows.append(row)
    rows.append(_back(ctx, actor, "tpl", hotel.id))
    return Step(Reply(fit("\n\n".join(parts)), rows))


def _button_lang(
    ctx: AdminContext, actor: Actor, label: str, lang: str, action: str, *args: object
) -> Button:
    text = ctx.t(actor, f"admin.hotels.btn.{label}", language=lang)
    return Button.of(text, HOTEL_AREA, action, *args)


async def template_prompt(
    ctx: AdminContext, actor: Actor, hotel_id: int, key: str, lang: str
) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    key, lang = _template_key(key), _language(ctx, lang)
    names = ", ".join("{" + n + "}" for n in sorted(placeholders(_builtin(ctx, key, "en"))))
    text = ctx.t(
        actor, "admin.hotels.tpl.ask", template=key, language=lang, placeholders=names or "—"
    )
    data = {"op": "template", "hotel_id": hotel.id, "template": key, "language": lang}
    return _prompt(ctx, actor, text, data)


async def template_set(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    key, lang = _template_key(str(data["template"])), _language(ctx, str(data["language"]))
    value = text.strip()
    try:
        if not value:
            raise InvalidInput("empty")
        if len(value) > MAX_TEMPLATE:
            raise InvalidInput("too_long", limit=MAX_TEMPLATE)
        check_placeholders(value, placeholders(_builtin(ctx, key, "en")))
    except InvalidInput as exc:
        return _reask(ctx, actor, data, invalid_text(ctx, actor, exc))
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
    return Step(_with_note(ctx.t(actor, "admin.hotels.edit.saved"), view.reply), fresh=True)


async def template_reset(
    ctx: AdminContext, actor: Actor, hotel_id: int, key: str, lang: str
) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    key, lang = _template_key(key), _language(ctx, lang)
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
    return Step(_with_note(ctx.t(actor, "admin.hotels.tpl.reset_done", language=lang), view.reply))


# --- knowledge -------------------------------------------------------------------------------


async def knowledge_menu(ctx: AdminContext, actor: Actor, hotel_id: int, page: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    query = KnowledgeEntry.filter(hotel_id=hotel.id)
    total = await query.count()
    page = max(0, min(page, (total - 1) // PAGE)) if total else 0
    entries = await query.order_by("topic").offset(page * PAGE).limit(PAGE)
    text = ctx.t(actor, "admin.hotels.kb.title", name=hotel.name, count=total)
    if not total:
        text += "\n" + ctx.t(actor, "admin.hotels.kb.empty")
    topics = [Button.of(e.topic[:40], HOTEL_AREA, "ke", hotel.id, e.id) for e in entries]
    rows = [topics[i : i + 2] for i in range(0, len(topics), 2)]
    paging = []
    if page > 0:
        paging.append(_button(ctx, actor, "prev", "kb", hotel.id, page - 1))
    if (page + 1) * PAGE < total:
        paging.append(_button(ctx, actor, "next", "kb", hotel.id, page + 1))
    if paging:
        rows.append(paging)
    rows.append(
        [
            _button(ctx, actor, "kb_add", "ka", hotel.id),
            _button(ctx, actor, "kb_import", "ki", hotel.id),
        ]
    )
    rows.append(_back(ctx, actor, "card", hotel.id))
    return Step(Reply(text, rows))


async def _entry(hotel: Hotel, entry_id: int) -> KnowledgeEntry:
    entry = await KnowledgeEntry.get_or_none(id=entry_id, hotel_id=hotel.id)
    if entry is None:
        raise Stale(entry_id)
    return entry


async def entry_view(ctx: AdminContext, actor: Actor, hotel_id: int, entry_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    entry = await _entry(hotel, entry_id)
    parts = [ctx.t(actor, "admin.hotels.kb.entry", topic=entry.topic)]
    for lang, questions in entry.questions.items():
        parts.append(f"[{lang}] ? " + " | ".join(questions))
    parts += [f"[{lang}] → {text}" for lang, text in entry.answer.items()]
    langs = list(dict.fromkeys([*hotel.language_list, *entry.answer]))
    buttons = [
        _button_lang(ctx, actor, "kb_answer", lang, "kw", hotel.id, entry.id, lang)
        for lang in langs
        if lang in ctx.i18n.languages
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append(
        [
            _button(ctx, actor, "delete", "kd", hotel.id, entry.id),
            *_back(ctx, actor, "kb", hotel.id, 0),
        ]
    )
    return Step(Reply(fit("\n".join(parts)), rows))


async def entry_delete_ask(ctx: AdminContext, actor: Actor, hotel_id: int, entry_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    entry = await _entry(hotel, entry_id)
    rows = [
        [
            _button(ctx, actor, "delete_yes", "kx", hotel.id, entry.id),
            _button(ctx, actor, "keep", "ke", hotel.id, entry.id),
        ]
    ]
    return Step(Reply(ctx.t(actor, "admin.hotels.kb.delete_ask", topic=entry.topic), rows))


async def entry_delete(ctx: AdminContext, actor: Actor, hotel_id: int, entry_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    entry = await _entry(hotel, entry_id)
    before = {"topic": entry.topic, "questions": entry.questions, "answer": entry.answer}
    await entry.delete()
    forget(ctx, hotel)
    await audit(actor, "knowledge_delete", hotel.id, before=before)
    menu = await knowledge_menu(ctx, actor, hotel.id, 0)
    note = ctx.t(actor, "admin.hotels.kb.deleted", topic=entry.topic)
    return Step(_with_note(note, menu.reply))


async def answer_prompt(
    ctx: AdminContext, actor: Actor, hotel_id: int, entry_id: int, lang: str
) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    entry = await _entry(hotel, entry_id)
    lang = _language(ctx, lang)
    text = ctx.t(
        actor,
        "admin.hotels.kb.ask_answer_edit",
        topic=entry.topic,
        language=lang,
        current=entry.answer.get(lang, "—"),
    )
    data = {"op": "kb_answer", "hotel_id": hotel.id, "entry_id": entry.id, "language": lang}
    return _prompt(ctx, actor, fit(text), data)


def _answer_text(text: str) -> str:
    value = text.strip()
    if not value:
        raise InvalidInput("empty")
    if len(value) > MAX_ANSWER:
        raise InvalidInput("too_long", limit=MAX_ANSWER)
    return value


async def answer_set(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    entry = await _entry(hotel, int(data["entry_id"]))
    lang = _language(ctx, str(data["language"]))
    try:
        value = _answer_text(text)
    except InvalidInput as exc:
        return _reask(ctx, actor, data, invalid_text(ctx, actor, exc))
    old = entry.answer.get(lang)
    entry.answer = {**entry.answer, lang: value}
    await entry.save()
    forget(ctx, hotel)
    await audit(
        actor,
        "knowledge_edit",
        hotel.id,
        before={"topic": entry.topic, "language": lang, "answer": old},
        after={"topic": entry.topic, "language": lang, "answer": value},
    )
    view = await entry_view(ctx, actor, hotel.id, entry.id)
    return Step(_with_note(ctx.t(actor, "admin.hotels.edit.saved"), view.reply), fresh=True)


async def add_prompt(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    data = {"op": "kb_add", "hotel_id": hotel.id, "stage": "topic", "i": 0}
    return _prompt(ctx, actor, ctx.t(actor, "admin.hotels.kb.ask_topic"), data)


def _add_question(ctx: AdminContext, actor: Actor, hotel: Hotel, data: dict[str, Any]) -> str:
    lang = hotel.language_list[int(data["i"])]
    key = "ask_questions" if data["stage"] == "questions" else "ask_answer"
    return ctx.t(actor, f"admin.hotels.kb.{key}", language=lang, topic=data["topic"])


async def add_input(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    """topic → questions per hotel language → answer per hotel language; "-" skips one."""
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    langs = hotel.language_list
    new = dict(data)
    stage, index = str(data["stage"]), int(data["i"])
    try:
        if stage == "topic":
            topic = " ".join(text.split())
            if not topic:
                raise InvalidInput("empty")
            if len(topic) > MAX_TOPIC:
                raise InvalidInput("too_long", limit=MAX_TOPIC)
            if await KnowledgeEntry.exists(hotel_id=hotel.id, topic=topic):
                raise InvalidInput("topic_taken", topic=topic)
            new.update(topic=topic, stage="questions", i=0, questions={}, answer={})
        elif index >= len(langs):
            raise Stale(index)  # the hotel's languages changed under the dialog
        else:
            collected = dict(new["questions" if stage == "questions" else "answer"])
            last = index == len(langs) - 1
            if text.strip() == SKIP:
                if last and not collected:
                    raise InvalidInput("need_one")
            elif stage == "questions":
                lines = [x.strip() for x in text.splitlines() if x.strip()]
                if not lines:
                    raise InvalidInput("empty")
                collected[langs[index]] = lines
            else:
                collected[langs[index]] = _answer_text(text)
            new["questions" if stage == "questions" else "answer"] = collected
            new["i"] = index + 1
            if last and stage == "questions":
                new.update(stage="answers", i=0)
            elif last:
                return await _add_save(ctx, actor, hotel, new)
    except InvalidInput as exc:
        return _reask(ctx, actor, data, invalid_text(ctx, actor, exc))
    return Step(Reply(_add_question(ctx, actor, hotel, new)), "text", new)


async def _add_save(ctx: AdminContext, actor: Actor, hotel: Hotel, data: dict[str, Any]) -> Step:
    entry = {"topic": data["topic"], "questions": data["questions"], "answer": data["answer"]}
    try:
        items = parse_entries({"entries": [entry]})
    except InvalidKnowledge as exc:
        return Step(Reply(ctx.t(actor, "admin.hotels.kb.add_bad", error=str(exc))))
    await import_entries(hotel.id, items)
    forget(ctx, hotel)
    await audit(actor, "knowledge_add", hotel.id, after=entry)
    stored = await KnowledgeEntry.get(hotel_id=hotel.id, topic=items[0].topic)
    view = await entry_view(ctx, actor, hotel.id, stored.id)
    return Step(_with_note(ctx.t(actor, "admin.hotels.kb.added"), view.reply), fresh=True)


async def import_prompt(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    text = ctx.t(actor, "admin.hotels.kb.ask_file", name=hotel.name)
    return _prompt(ctx, actor, text, {"op": "kb_file", "hotel_id": hotel.id}, state="file")


def check_upload(name: str, size: int) -> None:
    """Before downloading: the right kind of file, and not too big to hold in memory."""
    if not name.lower().endswith(IMPORT_SUFFIXES):
        raise InvalidKnowledge(f"{name}: send a .yaml, .yml or .json file")
    if size > MAX_IMPORT_BYTES:
        raise InvalidKnowledge(f"{name} is larger than {MAX_IMPORT_BYTES // 1024} KB")


def read_knowledge(name: str, content: bytes) -> list[KnowledgeItem]:
    """The command line's import format (bot.guest_flow.knowledge), from an uploaded file."""
    check_upload(name, len(content))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidKnowledge(f"{name} is not UTF-8 text") from None
    try:
        data = json.loads(text) if name.lower().endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise InvalidKnowledge(f"{name} is not valid YAML/JSON: {exc}") from None
    return parse_entries(data)


async def import_file(
    ctx: AdminContext, actor: Actor, data: dict[str, Any], name: str, size: int, load: Loader
) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    try:
        check_upload(name, size)
        items = read_knowledge(name, await load())
    except InvalidKnowledge as exc:
        # Nothing was written; the prompt stays open for a corrected file.
        text = ctx.t(actor, "admin.hotels.kb.import_bad", error=str(exc))
        return Step(Reply(fit(text)), "file", data)
    imported, replaced = await import_entries(hotel.id, items)
    forget(ctx, hotel)
    topics = [item.topic for item in items]
    await audit(
        actor,
        "knowledge_import",
        hotel.id,
        before={"replaced": replaced},
        after={"file": name, "imported": imported, "topics": topics[:50]},
    )
    menu = await knowledge_menu(ctx, actor, hotel.id, 0)
    note = ctx.t(actor, "admin.hotels.kb.imported", count=imported, replaced=replaced)
    return Step(_with_note(note, menu.reply), fresh=True)


# --- staff phones ----------------------------------------------------------------------------


async def phones_menu(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    rows_db = await Staff.filter(hotel_id=hotel.id, phone__isnull=False).order_by("id")
    lines = [ctx.t(actor, "admin.hotels.ph.title", name=hotel.name, count=len(rows_db))]
    lines += [f"+{s.phone} ({s.role.value}){' ' + s.name if s.name else ''}" for s in rows_db]
    removes = [Button.of(f"❌ +{s.phone}", HOTEL_AREA, "pr", hotel.id, s.id) for s in rows_db[:30]]
    rows = [removes[i : i + 2] for i in range(0, len(removes), 2)]
    rows.append(
        [_button(ctx, actor, "ph_add", "pa", hotel.id), *_back(ctx, actor, "card", hotel.id)]
    )
    return Step(Reply(fit("\n".join(lines)), rows))


async def phones_prompt(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
    text = ctx.t(actor, "admin.hotels.ph.ask", name=hotel.name)
    return _prompt(ctx, actor, text, {"op": "phones", "hotel_id": hotel.id})


async def phones_add(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, int(data["hotel_id"]))
    try:
        phones = parse_phones(text)
        if not phones:
            raise InvalidInput("phones")
    except InvalidInput as exc:
        return _reask(ctx, actor, data, invalid_text(ctx, actor, exc))
    rows = await Staff.filter(hotel_id=hotel.id, phone__in=phones).values_list("phone", flat=True)
    known = {str(p) for p in rows}
    added = [p for p in phones if p not in known]
    for phone in added:
        await Staff.create(hotel=hotel, phone=phone, role=Role.SUPPORT)
    ctx.forget_staff_phones(hotel.id)
    await audit(actor, "staff_phone_add", hotel.id, after={"phones": added})
    menu = await phones_menu(ctx, actor, hotel.id)
    note = ctx.t(actor, "admin.hotels.ph.added", count=len(added))
    return Step(_with_note(note, menu.reply), fresh=True)


async def phone_remove(ctx: AdminContext, actor: Actor, hotel_id: int, staff_id: int) -> Step:
    hotel = await _hotel(actor, Permission.HOTEL_EDIT, hotel_id)
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
    return Step(_with_note(ctx.t(actor, "admin.hotels.ph.removed", phone=phone), menu.reply))


# --- dispatch --------------------------------------------------------------------------------

Action = Callable[..., Awaitable[Step]]


async def _card_step(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    return Step(await card(ctx, actor, hotel_id))


async def _list_step(ctx: AdminContext, actor: Actor, page: int) -> Step:
    return Step(await list_hotels(ctx, actor, page))


# action → (function, argument types after ctx and actor)
ACTIONS: dict[str, tuple[Action, tuple[type, ...]]] = {
    "list": (_list_step, (int,)),
    "card": (_card_step, (int,)),
    "edit": (edit_prompt, (int, str)),
    "toggle": (toggle, (int,)),
    "del": (delete_ask, (int,)),
    "delok": (delete, (int,)),
    "tpl": (templates_menu, (int,)),
    "tk": (template_view, (int, str)),
    "ts": (template_prompt, (int, str, str)),
    "tr": (template_reset, (int, str, str)),
    "kb": (knowledge_menu, (int, int)),
    "ke": (entry_view, (int, int)),
    "kw": (answer_prompt, (int, int, str)),
    "kd": (entry_delete_ask, (int, int)),
    "kx": (entry_delete, (int, int)),
    "ka": (add_prompt, (int,)),
    "ki": (import_prompt, (int,)),
    "ph": (phones_menu, (int,)),
    "pa": (phones_prompt, (int,)),
    "pr": (phone_remove, (int, int)),
}
TEXT_OPS: dict[str, Callable[[AdminContext, Actor, dict[str, Any], str], Awaitable[Step]]] = {
    "field": edit_field,
    "template": template_set,
    "kb_answer": answer_set,
    "kb_add": add_input,
    "phones": phones_add,
}


def _args(types: tuple[type, ...], raw: list[str]) -> list[Any]:
    if len(raw) != len(types):
        raise Stale(raw)
    out: list[Any] = []
    for kind, value in zip(types, raw, strict=True):
        if kind is int:
            if not value.isdigit():
                raise Stale(value)
            out.append(int(value))
        else:
            out.append(value)
    return out


async def press(ctx: AdminContext, actor: Actor, action: str, raw: list[str]) -> Step:
    """A card button: Stale for data that names nothing; NotAllowed (audited) passes up."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Stale(action)
    function, types = spec
    try:
        return await function(ctx, actor, *_args(types, raw))
    except Missing as exc:
        return Step(Reply(ctx.t(actor, "admin.hotels.not_found", id=exc.hotel_id)))


async def type_in(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    """Text typed into an open prompt."""
    op = str(data.get("op"))
    try:
        if op == "kb_file":
            return Step(Reply(ctx.t(actor, "admin.hotels.kb.want_file")), "file", data)
        handler = TEXT_OPS.get(op)
        if handler is None or "hotel_id" not in data:
            raise Stale(op)
        return await handler(ctx, actor, data, text)
    except Missing as exc:
        return Step(Reply(ctx.t(actor, "admin.hotels.not_found", id=exc.hotel_id)))


async def send_in(
    ctx: AdminContext, actor: Actor, data: dict[str, Any], name: str, size: int, load: Loader
) -> Step:
    """A file sent into an open prompt (only the knowledge import takes one); `load` fetches
    its content, called only once the name and size are acceptable."""
    if data.get("op") != "kb_file" or "hotel_id" not in data:
        raise Stale(data.get("op"))
    try:
        return await import_file(ctx, actor, data, name, size, load)
    except Missing as exc:
        return Step(Reply(ctx.t(actor, "admin.hotels.not_found", id=exc.hotel_id)))
