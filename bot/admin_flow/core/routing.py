"""Where a hotel's cards go: its bound Telegram group, else its staff in private chats, and
super admins by their `/notify` choice.

Kept apart from sending (notifier.py) so /status can ask the same question without Telegram:
a hotel whose cards would reach nobody is said there, never discovered when a guest waits.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.admin_flow.core.access import Permission, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Reply
from bot.store.models import Hotel, Preference, Role, Staff


class NotifyMode(StrEnum):
    ALL = "all"  # every hotel's cards
    UNSTAFFED = "unstaffed"  # the cards of hotels with no staff of their own (the default)
    OFF = "off"


SYSTEM = Actor(key="system", name="system", language="en")


def notify_key(telegram_id: int) -> str:
    return f"notify:{telegram_id}"


@dataclass(frozen=True)
class Recipient:
    """One chat a card goes to. `full_phone`: whether its reader may see the guest's number
    unmasked (a manager or super admin alone in a private chat; never a group)."""

    chat_id: int
    language: str
    full_phone: bool
    group: bool = False


async def notify_modes(ctx: AdminContext) -> dict[int, NotifyMode]:
    keys = {notify_key(tid): tid for tid in ctx.settings.admin_ids}
    rows = await Preference.filter(key__in=list(keys))
    modes = dict.fromkeys(ctx.settings.admin_ids, NotifyMode.UNSTAFFED)
    for row in rows:
        if row.value in NotifyMode.__members__.values():
            modes[keys[row.key]] = NotifyMode(row.value)
    return modes


async def _staff(hotel_id: int, managers: bool) -> list[Recipient]:
    # Only the roles a stored row can grant: an old super_admin row grants nothing (the
    # environment alone makes super admins), so it receives nothing either.
    rows = await Staff.filter(
        hotel_id=hotel_id,
        telegram_id__isnull=False,
        role__in=[Role.MANAGER] if managers else [Role.MANAGER, Role.SUPPORT],
    )
    people: dict[int, Recipient] = {}
    for r in rows:
        if r.telegram_id is None:
            continue
        seen = people.get(int(r.telegram_id))
        full = r.role == Role.MANAGER or (seen is not None and seen.full_phone)
        people[int(r.telegram_id)] = Recipient(int(r.telegram_id), r.language or "en", full)
    return list(people.values())


async def super_admin_recipients(
    ctx: AdminContext, *, staffed: bool, forced: bool = False
) -> list[Recipient]:
    """Super admins who take a hotel's cards: by their mode, or (`forced`, nobody else was
    reached) all but those who said off."""
    modes = await notify_modes(ctx)
    wanted = [
        tid
        for tid, mode in modes.items()
        if mode is NotifyMode.ALL or (mode is NotifyMode.UNSTAFFED and (not staffed or forced))
    ]
    if not wanted:
        return []
    rows = await Staff.filter(telegram_id__in=wanted)
    languages = {r.telegram_id: r.language for r in rows if r.language}
    return [Recipient(tid, languages.get(tid) or "en", True) for tid in wanted]


async def recipients(
    ctx: AdminContext, hotel: Hotel, *, managers: bool = False
) -> list[Recipient]:
    """The chats a hotel's card goes to: its group when one is bound (money matters,
    `managers`, go to managers privately), else its staff; plus super admins by /notify."""
    staff = await _staff(hotel.id, managers)
    out: list[Recipient] = []
    if hotel.staff_chat_id is not None and not managers:
        lang = hotel.language_list[0]
        out.append(Recipient(int(hotel.staff_chat_id), lang, False, group=True))
    else:
        out += staff
    staffed = bool(out) or bool(staff)
    known = {r.chat_id for r in out}
    out += [
        r for r in await super_admin_recipients(ctx, staffed=staffed) if r.chat_id not in known
    ]
    return out


async def unreached_hotels(ctx: AdminContext, hotels: list[Hotel]) -> list[Hotel]:
    """Hotels whose cards would go to nobody: no group, no staff in Telegram, and no super
    admin taking them."""
    if not hotels:
        return []
    admins = await super_admin_recipients(ctx, staffed=False)
    if admins:
        return []
    rows = await Staff.filter(
        hotel_id__in=[h.id for h in hotels],
        telegram_id__isnull=False,
        role__in=[Role.MANAGER, Role.SUPPORT],
    )
    staffed = {r.hotel_id for r in rows}
    return [h for h in hotels if h.staff_chat_id is None and h.id not in staffed]


async def set_notify(ctx: AdminContext, actor: Actor, choice: str) -> Reply:
    """`/notify all|unstaffed|off`: which hotels' cards a super admin receives."""
    await require(actor, Permission.HOTEL_ADD)  # super admins only
    assert actor.telegram_id is not None
    key = notify_key(actor.telegram_id)
    before = await Preference.get_or_none(key=key)
    current = before.value if before else NotifyMode.UNSTAFFED.value
    word = choice.strip().lower()
    if not word:
        return Reply(ctx.t(actor, "admin.cards.notify_now", mode=current))
    if word not in NotifyMode.__members__.values():
        return Reply(ctx.t(actor, "admin.cards.notify_usage"))
    await Preference.update_or_create(defaults={"value": word}, key=key)
    await audit(actor, "notify_mode", before={"notify": current}, after={"notify": word})
    return Reply(ctx.t(actor, f"admin.cards.notify_{word}"))
