"""/audit: the latest audit entries, for super admins, one compact line pair each.

Who is shown by staff name when we know it (with the raw key, which is what the store holds),
hotels by name, and a change as `key: before→after`, so a refusal or an edit reads at a glance.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from bot.admin_flow.core.access import Permission, require
from bot.admin_flow.core.actor import Actor, phone_digits
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply
from bot.store.models import AuditEntry, Hotel, Staff

AUDIT_LIMIT = 20
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


async def _names(entries: list[AuditEntry]) -> dict[str, str]:
    """Audit keys ("tg:<id>", "wa:<chat>") → the staff member's name, where there is one."""
    telegram_ids = {
        int(e.actor[3:]) for e in entries if e.actor.startswith("tg:") and e.actor[3:].isdigit()
    }
    phones = {phone_digits(e.actor[3:]): e.actor for e in entries if e.actor.startswith("wa:")}
    names: dict[str, str] = {}
    for row in await Staff.filter(telegram_id__in=telegram_ids):
        if row.name:
            names[f"tg:{row.telegram_id}"] = row.name
    for row in await Staff.filter(phone__in=list(phones)):
        if row.name and row.phone:
            names[phones[row.phone]] = row.name
    return names


async def audit_report(ctx: AdminContext, actor: Actor) -> Reply:
    """The latest AUDIT_LIMIT entries, newest first; raises NotAllowed (audited) for others."""
    await require(actor, Permission.AUDIT)
    entries = await AuditEntry.all().order_by("-id").limit(AUDIT_LIMIT)
    if not entries:
        return Reply(ctx.t(actor, "admin.numbers.audit_empty"))
    names = await _names(entries)
    hotel_ids = {e.hotel_id for e in entries if e.hotel_id is not None}
    hotels = {h.id: h.name for h in await Hotel.filter(id__in=hotel_ids)}
    lines = [ctx.t(actor, "admin.numbers.audit_title", count=len(entries))]
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
    return Reply("\n".join(lines))
