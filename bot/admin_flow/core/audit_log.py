"""/audit: audit entries, for super admins, newest first, one compact line pair each.

Who is shown by staff name when we know it (with the raw key, which is what the store holds),
hotels by name, and a change as `key: before→after`, so a refusal or an edit reads at a glance.
Filters (changes or refusals, a hotel, a person) and pages keep a change from hiding behind a
flood of refusals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from bot.admin_flow.core.access import Permission, allowed, require
from bot.admin_flow.core.actor import Actor, phone_digits
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Button, Reply, parse_id
from bot.limits import AUDIT_PAGE
from bot.store.models import AuditEntry, Hotel, Staff

# Button data: "numbers:audit:<kind a|c|r>:<hotel or 0>:<person - | t<id> | w<phone>>:<page>".
AREA = "numbers"
REFUSALS = ("refused", "stranger_refused", "invite_refused")
KINDS = {"a": "", "c": "changes", "r": "refusals"}
_PHONE = re.compile(r"[0-9]{5,15}")  # E.164: at most 15 digits
VALUE_CHARS = 40
CHANGE_CHARS = 300


def _short(value: Any) -> str:
    text = "∅" if value is None or value == "" else str(value)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def compact_changes(details: Any) -> str:
    """`before`/`after` dicts → "key: old→new, key: new"; unchanged keys show their value."""
    if not isinstance(details, dict):
        return ""
    before = details.get("before") or {}
    after = details.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return ""
    parts = []
    for key in [*after, *(k for k in before if k not in after)]:
        if key in before and key in after and before[key] != after[key]:
            parts.append(f"{key}: {_short(before[key])}→{_short(after[key])}")
        elif key in after:
            parts.append(f"{key}: {_short(after[key])}")
        else:
            parts.append(f"{key}: {_short(before[key])}→∅")
    text = ", ".join(parts)
    return text if len(text) <= CHANGE_CHARS else text[: CHANGE_CHARS - 1] + "…"


async def actor_names(keys: Iterable[str]) -> dict[str, str]:
    """Audit keys ("tg:<id>", "wa:<chat>") → the staff member's name, where there is one."""
    wanted = set(keys)
    telegram_ids = {parse_id(k[3:]) for k in wanted if k.startswith("tg:")} - {None}
    phones = {phone_digits(k[3:]): k for k in wanted if k.startswith("wa:")}
    names: dict[str, str] = {}
    for row in await Staff.filter(telegram_id__in=telegram_ids):
        if row.name:
            names[f"tg:{row.telegram_id}"] = row.name
    for row in await Staff.filter(phone__in=list(phones)):
        if row.name and row.phone:
            names[phones[row.phone]] = row.name
    return names


@dataclass(frozen=True)
class AuditQuery:
    """Which entries: `kind` "", "changes" or "refusals"; `person` an audit key or ""."""

    kind: str = ""
    hotel_id: int | None = None
    person: str = ""
    page: int = 0


def _person(word: str) -> str:
    """A person as typed (tg:123, 123, wa:79001234567) → their audit key; "" if it isn't one."""
    if parse_id(word) is not None:
        return f"tg:{word}"
    prefix, _, rest = word.partition(":")
    if prefix == "tg" and parse_id(rest) is not None:
        return word
    digits = rest.removesuffix("@c.us").removeprefix("+")
    if prefix == "wa" and _PHONE.fullmatch(digits):
        return f"wa:{digits}@c.us"
    return ""


def parse_audit_args(words: list[str]) -> AuditQuery | None:
    """`[changes|refusals] [hotel ID] [PERSON]` in any order, each at most once; None if not."""
    kind, hotel_id, person = "", None, ""
    rest = [w.lower() for w in words]
    while rest:
        word = rest.pop(0)
        if word in ("changes", "refusals") and not kind:
            kind = word
        elif word == "hotel" and hotel_id is None and rest and parse_id(rest[0]) is not None:
            hotel_id = parse_id(rest.pop(0))
        elif not person and _person(word):
            person = _person(word)
        else:
            return None
    return AuditQuery(kind, hotel_id, person)


def _button_args(query: AuditQuery, page: int) -> list[object]:
    person = "-"
    if query.person.startswith("tg:"):
        person = "t" + query.person[3:]
    elif query.person.startswith("wa:"):
        person = "w" + phone_digits(query.person[3:])
    return [query.kind[:1] or "a", query.hotel_id or 0, person, page]


def _from_button(args: list[str]) -> AuditQuery | None:
    """Button data back into a query: read as strictly as typed input (it is typed input)."""
    if len(args) != 4:
        return None
    kind, hotel, person, page = args
    hotel_id, page_number = parse_id(hotel, zero=True), parse_id(page, zero=True)
    if kind not in KINDS or hotel_id is None or page_number is None:
        return None
    if person == "-":
        key = ""
    elif person.startswith("t") and parse_id(person[1:]) is not None:
        key = f"tg:{person[1:]}"
    elif person.startswith("w") and _PHONE.fullmatch(person[1:]):
        key = f"wa:{person[1:]}@c.us"
    else:
        return None
    return AuditQuery(KINDS[kind], hotel_id or None, key, page_number)


async def audit_report(ctx: AdminContext, actor: Actor, words: list[str] | None = None) -> Reply:
    """`/audit [filters]`: the first page; raises NotAllowed (audited) for those without AUDIT."""
    await require(actor, Permission.AUDIT)
    query = parse_audit_args(words or [])
    if query is None:
        return Reply(ctx.t(actor, "admin.numbers.audit_usage"))
    return await _audit_page(ctx, actor, query)


async def audit_press(ctx: AdminContext, actor: Actor, args: list[str]) -> Reply | None:
    """A Prev/Next button; None when its data doesn't read as one (the button is stale)."""
    await require(actor, Permission.AUDIT)
    query = _from_button(args)
    return None if query is None else await _audit_page(ctx, actor, query)


def _filters(ctx: AdminContext, actor: Actor, query: AuditQuery, hotels: dict[int, str]) -> str:
    parts = [ctx.t(actor, f"admin.numbers.audit_only_{query.kind}")] if query.kind else []
    if query.hotel_id is not None:
        parts.append(hotels.get(query.hotel_id, f"#{query.hotel_id}"))
    if query.person:
        parts.append(query.person)
    return ", ".join(parts)


async def _audit_page(ctx: AdminContext, actor: Actor, query: AuditQuery) -> Reply:
    if query.hotel_id is not None:
        await require(actor, Permission.AUDIT, query.hotel_id)
    rows = AuditEntry.all()
    if not actor.super_admin:  # should AUDIT reach other roles, they see their hotels only
        rows = rows.filter(
            hotel_id__in=[h for h in actor.hotel_ids if allowed(actor, Permission.AUDIT, h)]
        )
    if query.kind == "refusals":
        rows = rows.filter(action__in=REFUSALS)
    elif query.kind == "changes":
        rows = rows.exclude(action__in=REFUSALS)
    if query.hotel_id is not None:
        rows = rows.filter(hotel_id=query.hotel_id)
    if query.person:
        rows = rows.filter(actor=query.person)
    total = await rows.count()
    filtered = query != AuditQuery(page=query.page)
    if not total:
        key = "admin.numbers.audit_nothing" if filtered else "admin.numbers.audit_empty"
        return Reply(ctx.t(actor, key))
    pages = (total + AUDIT_PAGE - 1) // AUDIT_PAGE
    page = min(query.page, pages - 1)
    entries = await rows.order_by("-id").offset(page * AUDIT_PAGE).limit(AUDIT_PAGE)
    names = await actor_names(e.actor for e in entries)
    hotel_ids = {e.hotel_id for e in entries if e.hotel_id is not None} | (
        {query.hotel_id} if query.hotel_id is not None else set()
    )
    hotels = {h.id: h.name for h in await Hotel.filter(id__in=hotel_ids)}
    if page == 0:
        lines = [ctx.t(actor, "admin.numbers.audit_title", count=len(entries))]
    else:
        first = page * AUDIT_PAGE + 1
        lines = [
            ctx.t(
                actor,
                "admin.numbers.audit_title_page",
                first=first,
                last=first + len(entries) - 1,
                total=total,
            )
        ]
    for entry in entries:
        who = f"{names[entry.actor]} ({entry.actor})" if entry.actor in names else entry.actor
        if entry.hotel_id is None:
            where = ctx.t(actor, "admin.numbers.audit_no_hotel")
        else:
            where = hotels.get(entry.hotel_id, f"#{entry.hotel_id}")
        lines.append(
            ctx.t(
                actor,
                "admin.numbers.audit_entry",
                when=entry.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
                who=who,
                action=entry.action,
                hotel=where,
            )
        )
        changes = compact_changes(entry.details)
        if changes:
            lines.append(f"   {changes}")
    if filtered or pages > 1:
        shown = _filters(ctx, actor, query, hotels) or ctx.t(actor, "admin.numbers.audit_all")
        lines.append(
            ctx.t(
                actor,
                "admin.numbers.audit_footer",
                filters=shown,
                page=page + 1,
                pages=pages,
                total=total,
            )
        )
    nav: list[Button] = []
    if page > 0:
        label = ctx.t(actor, "admin.numbers.audit_previous")
        nav.append(Button.of(label, AREA, "audit", *_button_args(query, page - 1)))
    if page < pages - 1:
        label = ctx.t(actor, "admin.numbers.audit_next")
        nav.append(Button.of(label, AREA, "audit", *_button_args(query, page + 1)))
    return Reply("\n".join(lines), [nav] if nav else [])
