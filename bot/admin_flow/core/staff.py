"""Access: who is staff, with which role where — invites, the welcome, and /staff changes.

Every path re-checks the role on the server: button data names a staff row, and the row's hotel
(not anything the client says) decides whether the actor may touch it. Invite codes are bearer
credentials, so only a masked form reaches logs and the audit trail.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NoReturn

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from bot.admin_flow.core.access import GRANTS, NotAllowed, Permission, allowed, audit, require
from bot.admin_flow.core.actor import Actor, phone_digits, rank, telegram_actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Button, Reply
from bot.logs import mask
from bot.store.models import Hotel, Invite, Role, Staff

log = logging.getLogger(__name__)

AREA = "staff"
INVITE_TTL = timedelta(hours=24)
PAGE_SIZE = 8
BUTTON_NAME_CHARS = 20
# Telegram's deep-link parameter: up to 64 of A-Z a-z 0-9 _ -.
_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Outcome:
    """A reply plus what the transport must do beside showing it.

    `refresh`: the Telegram user whose command menu changed; `greet`: the reply welcomes a new
    staff member (the transport adds their /help); `alert`: a short refusal, not a new screen.
    """

    reply: Reply
    refresh: int | None = None
    greet: bool = False
    alert: bool = False


def role_name(ctx: AdminContext, actor: Actor, role: Role) -> str:
    return ctx.t(actor, f"admin.staff.roles.{role.value}")


def grantable(actor: Actor, hotel_id: int | None) -> frozenset[Role]:
    """Roles the actor may hand out at this hotel (None: anywhere, i.e. their top role)."""
    role = actor.role_at(hotel_id)
    return GRANTS[role] if role is not None else frozenset()


def covers(current: Role | None, wanted: Role) -> bool:
    return current is not None and rank(current) >= rank(wanted)


async def refuse(
    actor: Actor, permission: Permission, hotel_id: int | None, **why: object
) -> NoReturn:
    """Like access.require failing: audited, then NotAllowed for the transport to answer."""
    await audit(actor, "refused", hotel_id, after={"permission": permission.value, **why})
    raise NotAllowed(permission.value)


async def hotel_names(hotel_ids: list[int] | None = None) -> dict[int, str]:
    query = Hotel.all() if hotel_ids is None else Hotel.filter(id__in=hotel_ids)
    rows = await query.order_by("id").values_list("id", "name")
    return {int(hid): str(name) for hid, name in rows}


def _hotel_label(
    ctx: AdminContext, actor: Actor, names: dict[int, str], hotel_id: int | None
) -> str:
    if hotel_id is None:
        return ctx.t(actor, "admin.staff.all_hotels")
    return f"{names.get(hotel_id, '?')} #{hotel_id}"


async def manageable_hotels(actor: Actor) -> dict[int, str]:
    """Hotels whose staff the actor may manage, by id."""
    if actor.super_admin:
        return await hotel_names()
    ids = [h for h in sorted(actor.hotel_ids) if allowed(actor, Permission.STAFF_MANAGE, h)]
    return await hotel_names(ids) if ids else {}


# --- /start -------------------------------------------------------------------------------


async def describe_roles(ctx: AdminContext, actor: Actor) -> str:
    if actor.super_admin:
        return ctx.t(
            actor,
            "admin.staff.role_at",
            role=role_name(ctx, actor, Role.SUPER_ADMIN),
            hotel=ctx.t(actor, "admin.staff.all_hotels"),
        )
    names = await hotel_names(sorted(actor.hotel_ids))
    return "; ".join(
        ctx.t(
            actor,
            "admin.staff.role_at",
            role=role_name(ctx, actor, role),
            hotel=_hotel_label(ctx, actor, names, hotel_id),
        )
        for hotel_id, role in sorted(actor.roles)
    )


async def welcome(ctx: AdminContext, actor: Actor, help_text: str) -> Reply:
    """Plain /start from someone already known: who they are here, then what they can do."""
    roles = await describe_roles(ctx, actor)
    greeting = ctx.t(actor, "admin.staff.welcome", name=actor.name, roles=roles)
    return Reply(f"{greeting}\n\n{help_text}")


# --- /invite ------------------------------------------------------------------------------


async def _invite_usage(ctx: AdminContext, actor: Actor) -> Reply:
    hotels = await manageable_hotels(actor)
    roles = sorted(grantable(actor, None), key=rank)
    return Reply(
        ctx.t(
            actor,
            "admin.staff.invite_usage",
            roles=", ".join(r.value for r in roles),
            hotels=", ".join(f"{hid} {name}" for hid, name in hotels.items()) or "—",
        )
    )


def parse_invite_args(args: str | None) -> tuple[Role, int | None] | None:
    """`ROLE [HOTEL]` → (role, hotel id); None when it doesn't read as that."""
    parts = (args or "").split()
    if not 1 <= len(parts) <= 2 or parts[0].lower() not in {r.value for r in Role}:
        return None
    role = Role(parts[0].lower())
    if len(parts) == 1:
        return (role, None) if role == Role.SUPER_ADMIN else None
    if not parts[1].isdigit():
        return None
    # Super admins are global: a hotel given with that role means nothing.
    return role, None if role == Role.SUPER_ADMIN else int(parts[1])


async def create_invite(
    ctx: AdminContext, actor: Actor, args: str | None, bot_username: str
) -> Reply:
    """`/invite ROLE [HOTEL]` → a single-use deep link to this bot, valid for INVITE_TTL."""
    await require(actor, Permission.INVITE)
    parsed = parse_invite_args(args)
    if parsed is None:
        return await _invite_usage(ctx, actor)
    role, hotel_id = parsed
    names: dict[int, str] = {}
    if hotel_id is not None:
        await require(actor, Permission.INVITE, hotel_id)
        names = await hotel_names([hotel_id])
        if hotel_id not in names:
            return Reply(ctx.t(actor, "admin.staff.invite_no_hotel", hotel_id=hotel_id))
    if role not in grantable(actor, hotel_id):
        await refuse(actor, Permission.INVITE, hotel_id, role=role.value)
    code = secrets.token_urlsafe(24)
    expires = datetime.now(UTC) + INVITE_TTL
    await Invite.create(
        code=code, role=role, hotel_id=hotel_id, created_by=actor.key, expires_at=expires
    )
    await audit(
        actor,
        "invite_created",
        hotel_id,
        after={
            "role": role.value,
            "hotel_id": hotel_id,
            "expires_at": expires.isoformat(timespec="seconds"),
            "code": mask(code),
        },
    )
    log.info("invite %s created by %s: %s at hotel %s", mask(code), actor.key, role, hotel_id)
    link = f"https://t.me/{bot_username}?start={code}"
    when = expires.strftime("%Y-%m-%d %H:%M")
    if hotel_id is None:
        return Reply(ctx.t(actor, "admin.staff.invite_created_admin", link=link, expires=when))
    return Reply(
        ctx.t(
            actor,
            "admin.staff.invite_created",
            role=role_name(ctx, actor, role),
            hotel=_hotel_label(ctx, actor, names, hotel_id),
            link=link,
            expires=when,
        )
    )


async def _invite_refused(ctx: AdminContext, actor: Actor, invite: Invite, reason: str) -> Outcome:
    await audit(
        actor,
        "invite_refused",
        invite.hotel_id,
        after={"reason": reason, "code": mask(invite.code), "role": invite.role.value},
    )
    return Outcome(Reply(ctx.t(actor, f"admin.staff.invite_{reason}")))


async def redeem_invite(ctx: AdminContext, actor: Actor, code: str) -> Outcome:
    """`/start CODE`: the opener becomes staff with the invite's role; the invite is spent.

    Spending is a conditional update inside the transaction, so two people opening the same
    link at once cannot both get in.
    """
    invite = await Invite.get_or_none(code=code) if _CODE.fullmatch(code) else None
    if invite is None:
        log.info("unknown invite code %s from %s", mask(code), actor.key)
        return Outcome(Reply(ctx.t(actor, "admin.staff.invite_unknown")))
    now = datetime.now(UTC)
    if invite.used_at is not None:
        return await _invite_refused(ctx, actor, invite, "used")
    if invite.expires_at <= now:
        return await _invite_refused(ctx, actor, invite, "expired")
    names = await hotel_names([invite.hotel_id]) if invite.hotel_id is not None else {}
    hotel = _hotel_label(ctx, actor, names, invite.hotel_id)
    role = role_name(ctx, actor, invite.role)
    if covers(actor.role_at(invite.hotel_id), invite.role):
        return Outcome(Reply(ctx.t(actor, "admin.staff.invite_already", role=role, hotel=hotel)))
    assert actor.telegram_id is not None  # invites are opened in Telegram
    async with in_transaction():
        spent = await Invite.filter(id=invite.id, used_at__isnull=True).update(
            used_by=actor.telegram_id, used_at=now
        )
        if not spent:
            return await _invite_refused(ctx, actor, invite, "used")
        place = Q(hotel_id=invite.hotel_id) if invite.hotel_id else Q(hotel_id__isnull=True)
        row = await Staff.filter(place, telegram_id=actor.telegram_id).first()
        before = {"role": row.role.value} if row else {}
        if row is None:
            await Staff.create(
                telegram_id=actor.telegram_id,
                hotel_id=invite.hotel_id,
                role=invite.role,
                name=actor.name,
                language=actor.language[:8],
            )
        else:
            row.role = invite.role
            await row.save(update_fields=["role"])
    await audit(
        actor,
        "invite_redeemed",
        invite.hotel_id,
        before=before,
        after={
            "role": invite.role.value,
            "hotel_id": invite.hotel_id,
            "code": mask(invite.code),
            "invited_by": invite.created_by,
        },
    )
    log.info("invite %s redeemed by %s", mask(invite.code), actor.key)
    text = ctx.t(actor, "admin.staff.invite_redeemed", name=actor.name, role=role, hotel=hotel)
    return Outcome(Reply(text), refresh=actor.telegram_id, greet=True)


async def resolve_telegram(ctx: AdminContext, telegram_id: int, language: str) -> Actor:
    """Who a Telegram user is now (after a change made by someone else)."""
    return await telegram_actor(telegram_id, "", language, ctx.settings.admin_ids)


# --- /staff -------------------------------------------------------------------------------


def _is_self(actor: Actor, member: Staff) -> bool:
    if actor.telegram_id is not None and member.telegram_id == actor.telegram_id:
        return True
    return (
        actor.key.startswith("wa:")
        and member.phone is not None
        and member.phone == phone_digits(actor.key.removeprefix("wa:"))
    )


def may_touch(actor: Actor, member: Staff) -> bool:
    """Whether to offer buttons for this member (the press is checked again, on the server)."""
    if _is_self(actor, member) or member.role not in grantable(actor, member.hotel_id):
        return False
    if member.hotel_id is None:
        return actor.super_admin
    return allowed(actor, Permission.STAFF_MANAGE, member.hotel_id)


def _short(ctx: AdminContext, actor: Actor, member: Staff) -> str:
    name = member.name.strip() or ctx.t(actor, "admin.staff.no_name")
    return name if len(name) <= BUTTON_NAME_CHARS else name[: BUTTON_NAME_CHARS - 1] + "…"


def _contact(ctx: AdminContext, actor: Actor, member: Staff) -> str:
    if member.telegram_id is not None:
        return ctx.t(actor, "admin.staff.contact_telegram", telegram_id=member.telegram_id)
    return ctx.t(actor, "admin.staff.contact_phone", phone=member.phone or "?")


async def _members(actor: Actor, hotels: dict[int, str]) -> list[Staff]:
    place = Q(hotel_id__in=list(hotels)) if hotels else Q(id__in=[])
    if actor.super_admin:
        place |= Q(hotel_id__isnull=True)
    rows = await Staff.filter(place)
    return sorted(
        rows,
        key=lambda m: (
            m.hotel_id is not None,
            m.hotel_id or 0,
            -rank(m.role),
            m.name.lower(),
            m.id,
        ),
    )


async def staff_list(
    ctx: AdminContext, actor: Actor, page: int = 0, note: str | None = None
) -> Reply:
    """`/staff`: members of the hotels the actor manages, a page at a time, with buttons."""
    await require(actor, Permission.STAFF_MANAGE)
    hotels = await manageable_hotels(actor)
    members = await _members(actor, hotels)
    head = [note] if note else []
    if not members:
        return Reply("\n\n".join([*head, ctx.t(actor, "admin.staff.list_empty")]))
    pages = (len(members) + PAGE_SIZE - 1) // PAGE_SIZE
    page = min(max(page, 0), pages - 1)
    first = page * PAGE_SIZE
    lines = [ctx.t(actor, "admin.staff.list_title", count=len(members))]
    rows: list[list[Button]] = []
    for number, member in enumerate(members[first : first + PAGE_SIZE], start=first + 1):
        lines.append(
            ctx.t(
                actor,
                "admin.staff.list_line",
                number=number,
                name=member.name or ctx.t(actor, "admin.staff.no_name"),
                contact=_contact(ctx, actor, member),
                role=role_name(ctx, actor, member.role),
                hotel=_hotel_label(ctx, actor, hotels, member.hotel_id),
            )
        )
        if may_touch(actor, member):
            short = _short(ctx, actor, member)
            rows.append(
                [
                    Button.of(
                        ctx.t(actor, "admin.staff.button_role", name=short),
                        AREA,
                        "role",
                        member.id,
                    ),
                    Button.of(
                        ctx.t(actor, "admin.staff.button_remove", name=short),
                        AREA,
                        "rm",
                        member.id,
                    ),
                ]
            )
    nav: list[Button] = []
    if page > 0:
        nav.append(Button.of(ctx.t(actor, "admin.staff.button_previous"), AREA, "list", page - 1))
    if page < pages - 1:
        nav.append(Button.of(ctx.t(actor, "admin.staff.button_next"), AREA, "list", page + 1))
    if nav:
        rows.append(nav)
    return Reply("\n\n".join([*head, "\n".join(lines)]), rows)


async def _target(actor: Actor, raw_id: str, new_role: Role | None = None) -> Staff | None:
    """The staff row a button names, if the actor may change it (to `new_role`)."""
    member = await Staff.get_or_none(id=int(raw_id)) if raw_id.isdigit() else None
    if member is None:
        return None
    if member.hotel_id is not None:
        await require(actor, Permission.STAFF_MANAGE, member.hotel_id)
    elif not actor.super_admin:
        await refuse(actor, Permission.STAFF_MANAGE, None, staff_id=member.id)
    grants = grantable(actor, member.hotel_id)
    if member.role not in grants or (new_role is not None and new_role not in grants):
        await refuse(
            actor,
            Permission.STAFF_MANAGE,
            member.hotel_id,
            staff_id=member.id,
            role=(new_role or member.role).value,
        )
    return member


def _parse_role(raw: str) -> Role | None:
    return Role(raw) if raw in {r.value for r in Role} else None


async def _labels(ctx: AdminContext, actor: Actor, member: Staff) -> dict[str, str]:
    ids = [member.hotel_id] if member.hotel_id is not None else []
    names = await hotel_names(ids) if ids else {}
    return {
        "name": member.name or ctx.t(actor, "admin.staff.no_name"),
        "role": role_name(ctx, actor, member.role),
        "hotel": _hotel_label(ctx, actor, names, member.hotel_id),
    }


def _cancel_row(ctx: AdminContext, actor: Actor) -> list[Button]:
    return [Button.of(ctx.t(actor, "admin.staff.button_cancel"), AREA, "cancel")]


async def _pick_role(ctx: AdminContext, actor: Actor, member: Staff) -> Outcome:
    labels = await _labels(ctx, actor, member)
    choices = sorted(grantable(actor, member.hotel_id) - {member.role}, key=rank)
    rows = [
        [Button.of(role_name(ctx, actor, r), AREA, "set", member.id, r.value)] for r in choices
    ]
    rows.append([Button.of(ctx.t(actor, "admin.staff.button_back"), AREA, "list", 0)])
    return Outcome(Reply(ctx.t(actor, "admin.staff.pick_role", **labels), rows))


async def _confirm_role(ctx: AdminContext, actor: Actor, member: Staff, role: Role) -> Outcome:
    labels = await _labels(ctx, actor, member)
    after = role_name(ctx, actor, role)
    text = ctx.t(
        actor,
        "admin.staff.confirm_role",
        name=labels["name"],
        hotel=labels["hotel"],
        before=labels["role"],
        after=after,
    )
    yes = Button.of(
        ctx.t(actor, "admin.staff.button_confirm_role", role=after), AREA, "setok", member.id, role
    )
    return Outcome(Reply(text, [[yes], _cancel_row(ctx, actor)]))


async def _change_role(ctx: AdminContext, actor: Actor, member: Staff, role: Role) -> Outcome:
    labels = await _labels(ctx, actor, member)
    if member.role == role:
        return Outcome(await staff_list(ctx, actor, note=ctx.t(actor, "admin.staff.unchanged")))
    before = member.role
    member.role = role
    await member.save(update_fields=["role"])
    await audit(
        actor,
        "staff_role_changed",
        member.hotel_id,
        before={"staff_id": member.id, "role": before.value},
        after={"staff_id": member.id, "role": role.value, "telegram_id": member.telegram_id},
    )
    note = ctx.t(
        actor,
        "admin.staff.role_changed",
        name=labels["name"],
        role=role_name(ctx, actor, role),
        hotel=labels["hotel"],
    )
    return Outcome(await staff_list(ctx, actor, note=note), refresh=member.telegram_id)


async def _confirm_remove(ctx: AdminContext, actor: Actor, member: Staff) -> Outcome:
    labels = await _labels(ctx, actor, member)
    yes = Button.of(ctx.t(actor, "admin.staff.button_confirm_remove"), AREA, "rmok", member.id)
    return Outcome(
        Reply(
            ctx.t(actor, "admin.staff.confirm_remove", **labels), [[yes], _cancel_row(ctx, actor)]
        )
    )


async def _remove(ctx: AdminContext, actor: Actor, member: Staff) -> Outcome:
    labels = await _labels(ctx, actor, member)
    gone = {
        "staff_id": member.id,
        "name": member.name,
        "role": member.role.value,
        "telegram_id": member.telegram_id,
        "phone": member.phone,
    }
    await member.delete()
    await audit(actor, "staff_removed", member.hotel_id, before=gone)
    note = ctx.t(actor, "admin.staff.removed", name=labels["name"], hotel=labels["hotel"])
    return Outcome(await staff_list(ctx, actor, note=note), refresh=member.telegram_id)


_ROLE_ACTIONS = frozenset({"set", "setok"})
_MEMBER_ACTIONS = _ROLE_ACTIONS | {"role", "rm", "rmok"}


def _alert(ctx: AdminContext, actor: Actor, key: str) -> Outcome:
    return Outcome(Reply(ctx.t(actor, key)), alert=True)


async def press(ctx: AdminContext, actor: Actor, action: str, args: list[str]) -> Outcome:
    """A /staff button: "list PAGE", "role ID", "set ID ROLE", "setok ID ROLE", "rm ID",
    "rmok ID", "cancel". Changes happen only on the *ok actions, after a confirmation screen.
    """
    await require(actor, Permission.STAFF_MANAGE)
    if action == "list":
        page = int(args[0]) if args and args[0].isdigit() else 0
        return Outcome(await staff_list(ctx, actor, page))
    if action == "cancel":
        return Outcome(await staff_list(ctx, actor, note=ctx.t(actor, "admin.staff.unchanged")))
    wanted = _parse_role(args[1]) if len(args) == 2 else None
    if action not in _MEMBER_ACTIONS or not args or (action in _ROLE_ACTIONS) != bool(wanted):
        return _alert(ctx, actor, "admin.common.stale_button")
    member = await _target(actor, args[0], wanted)
    if member is None:
        return _alert(ctx, actor, "admin.staff.gone")
    if _is_self(actor, member):
        return _alert(ctx, actor, "admin.staff.not_yourself")
    if action == "role":
        return await _pick_role(ctx, actor, member)
    if action == "rm":
        return await _confirm_remove(ctx, actor, member)
    if action == "rmok":
        return await _remove(ctx, actor, member)
    if wanted is not None and action == "set":
        return await _confirm_role(ctx, actor, member, wanted)
    if wanted is not None and action == "setok":
        return await _change_role(ctx, actor, member, wanted)
    return _alert(ctx, actor, "admin.common.stale_button")
