"""Access: who is staff, with which role where — invites, the welcome, and /staff changes.

Every path re-checks the role on the server: button data names a staff row, and the row's hotel
(not anything the client says) decides whether the actor may touch it. Invite codes are bearer
credentials: the store keeps their SHA-256 only, logs and the audit trail a masked form. An
invite is only as good as its maker: removing or demoting someone revokes the invites they made,
and redeeming re-checks that the maker could still make it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NoReturn

from tortoise.transactions import in_transaction

from bot.admin_flow.core.access import GRANTS, NotAllowed, Permission, allowed, audit, require
from bot.admin_flow.core.actor import Actor, phone_actor, phone_digits, rank, telegram_actor
from bot.admin_flow.core.audit_log import actor_names
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import Button, Reply, parse_id
from bot.limits import INVITES_SHOWN
from bot.logs import mask
from bot.store.models import Hotel, Invite, Role, Staff

log = logging.getLogger(__name__)

AREA = "staff"
INVITES_AREA = "invites"
INVITE_TTL = timedelta(hours=24)
PAGE_SIZE = 8
BUTTON_NAME_CHARS = 20
# Telegram's deep-link parameter: up to 64 of A-Z a-z 0-9 _ -.
_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Outcome:
    """A reply plus what the transport must do beside showing it.

    `refresh`: the Telegram user whose command menu changed; `greet`: the reply welcomes a new
    staff member (the transport adds their /help); `alert`: a short refusal, not a new screen;
    `refused`: an invite that let nobody in (a stranger hears that once, then silence).
    """

    reply: Reply
    refresh: int | None = None
    greet: bool = False
    alert: bool = False
    refused: bool = False


def code_hash(code: str) -> str:
    """What the store keeps of an invite code: a leaked database hands out no working link."""
    return hashlib.sha256(code.encode()).hexdigest()


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
    hotel_id = parse_id(parts[1])
    if hotel_id is None:
        return None
    # Super admins are global: a hotel given with that role means nothing.
    return role, None if role == Role.SUPER_ADMIN else hotel_id


async def create_invite(
    ctx: AdminContext, actor: Actor, args: str | None, bot_username: str
) -> Reply:
    """`/invite ROLE [HOTEL]` → a single-use deep link to this bot, valid for INVITE_TTL."""
    await require(actor, Permission.INVITE)
    parsed = parse_invite_args(args)
    if parsed is None:
        return await _invite_usage(ctx, actor)
    role, hotel_id = parsed
    if role == Role.SUPER_ADMIN:
        await audit(actor, "refused", None, after={"permission": "invite", "role": role.value})
        return Reply(ctx.t(actor, "admin.staff.invite_no_super_admin"))
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
        code=code_hash(code),
        role=role,
        hotel_id=hotel_id,
        created_by=actor.key,
        expires_at=expires,
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


async def _invite_refused(
    ctx: AdminContext, actor: Actor, invite: Invite, reason: str, text: str | None = None
) -> Outcome:
    await audit(
        actor,
        "invite_refused",
        invite.hotel_id,
        after={"reason": reason, "invite_id": invite.id, "role": invite.role.value},
    )
    return Outcome(Reply(ctx.t(actor, f"admin.staff.invite_{text or reason}")), refused=True)


async def _maker(ctx: AdminContext, invite: Invite) -> Actor | None:
    """Who made the invite, as they are now (None: no longer anyone we know)."""
    kind, _, who = invite.created_by.partition(":")
    telegram_id = parse_id(who) if kind == "tg" else None
    if telegram_id is not None:
        return await telegram_actor(telegram_id, "", "en", ctx.settings.admin_ids)
    if kind == "wa" and invite.hotel_id is not None:
        return await phone_actor(invite.hotel_id, who, "en")
    return None


async def _maker_still_may(ctx: AdminContext, invite: Invite) -> bool:
    """Whether the maker could make this invite today: a second guard beside revocation."""
    maker = await _maker(ctx, invite)
    return (
        maker is not None
        and invite.hotel_id is not None
        and allowed(maker, Permission.INVITE, invite.hotel_id)
        and invite.role in grantable(maker, invite.hotel_id)
    )


async def redeem_invite(ctx: AdminContext, actor: Actor, code: str) -> Outcome:
    """`/start CODE`: the opener becomes staff with the invite's role; the invite is spent.

    Spending is a conditional update inside the transaction, so two people opening the same
    link at once cannot both get in.
    """
    invite = await Invite.get_or_none(code=code_hash(code)) if _CODE.fullmatch(code) else None
    if invite is None:
        log.info("unknown invite code %s from %s", mask(code), actor.key)
        return Outcome(Reply(ctx.t(actor, "admin.staff.invite_unknown")), refused=True)
    now = datetime.now(UTC)
    if invite.used_at is not None:
        return await _invite_refused(ctx, actor, invite, "used")
    if invite.revoked_at is not None:
        return await _invite_refused(ctx, actor, invite, "revoked")
    if invite.expires_at <= now:
        return await _invite_refused(ctx, actor, invite, "expired")
    if invite.hotel_id is None or not await _maker_still_may(ctx, invite):
        return await _invite_refused(ctx, actor, invite, "maker_lost_role", "revoked")
    hotel_id = invite.hotel_id
    hotel = _hotel_label(ctx, actor, await hotel_names([hotel_id]), hotel_id)
    role = role_name(ctx, actor, invite.role)
    if covers(actor.role_at(hotel_id), invite.role):
        return Outcome(Reply(ctx.t(actor, "admin.staff.invite_already", role=role, hotel=hotel)))
    assert actor.telegram_id is not None  # invites are opened in Telegram
    async with in_transaction():
        spent = await Invite.filter(
            id=invite.id, used_at__isnull=True, revoked_at__isnull=True
        ).update(used_by=actor.telegram_id, used_at=now)
        if not spent:
            return await _invite_refused(ctx, actor, invite, "used")
        row = await Staff.filter(hotel_id=hotel_id, telegram_id=actor.telegram_id).first()
        before = {"role": row.role.value} if row else {}
        if row is None:
            await Staff.create(
                telegram_id=actor.telegram_id,
                hotel_id=hotel_id,
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
        hotel_id,
        before=before,
        after={
            "role": invite.role.value,
            "hotel_id": hotel_id,
            "invite_id": invite.id,
            "invited_by": invite.created_by,
        },
    )
    log.info("invite #%s redeemed by %s", invite.id, actor.key)
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
    return member.hotel_id is not None and allowed(actor, Permission.STAFF_MANAGE, member.hotel_id)


def _short(ctx: AdminContext, actor: Actor, member: Staff) -> str:
    name = member.name.strip() or ctx.t(actor, "admin.staff.no_name")
    return name if len(name) <= BUTTON_NAME_CHARS else name[: BUTTON_NAME_CHARS - 1] + "…"


def _contact(ctx: AdminContext, actor: Actor, member: Staff) -> str:
    if member.telegram_id is not None:
        return ctx.t(actor, "admin.staff.contact_telegram", telegram_id=member.telegram_id)
    return ctx.t(actor, "admin.staff.contact_phone", phone=member.phone or "?")


async def _members(hotels: dict[int, str]) -> list[Staff]:
    """Staff of these hotels. A row with no hotel is nobody's staff (it keeps a language)."""
    rows = await Staff.filter(hotel_id__in=list(hotels)) if hotels else []
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
    members = await _members(hotels)
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
    staff_id = parse_id(raw_id)
    member = await Staff.get_or_none(id=staff_id) if staff_id is not None else None
    if member is None:
        return None
    if member.hotel_id is None:
        await refuse(actor, Permission.STAFF_MANAGE, None, staff_id=member.id)
    await require(actor, Permission.STAFF_MANAGE, member.hotel_id)
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
    if rank(role) < rank(before):
        await revoke_invites_of(actor, [member])
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
    await revoke_invites_of(actor, [member])
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
        page = (parse_id(args[0], zero=True) or 0) if args else 0
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


# --- invites: revoking and /invites -------------------------------------------------------


def _keys_of(member: Staff) -> list[str]:
    """The audit keys ("tg:<id>", "wa:<chat>") a staff row acts under: what `created_by` holds."""
    keys = [f"tg:{member.telegram_id}"] if member.telegram_id is not None else []
    return keys + ([f"wa:{member.phone}@c.us"] if member.phone else [])


async def revoke_invites_of(actor: Actor, members: list[Staff]) -> None:
    """Every open invite these people made stops working, so a removed or demoted person's
    links cannot let anyone in (themselves included)."""
    keys = [key for member in members for key in _keys_of(member)]
    if not keys:
        return
    open_invites = Invite.filter(
        created_by__in=keys, used_at__isnull=True, revoked_at__isnull=True
    )
    ids = list(await open_invites.values_list("id", flat=True))
    if not ids:
        return
    await Invite.filter(id__in=ids, revoked_at__isnull=True).update(revoked_at=datetime.now(UTC))
    await audit(actor, "invites_revoked", after={"invite_ids": ids, "made_by": keys})
    log.info("invites %s made by %s revoked by %s", ids, keys, actor.key)


async def _inviting_hotels(actor: Actor) -> dict[int, str]:
    if actor.super_admin:
        return await hotel_names()
    ids = [h for h in sorted(actor.hotel_ids) if allowed(actor, Permission.INVITE, h)]
    return await hotel_names(ids) if ids else {}


async def invites_list(ctx: AdminContext, actor: Actor, note: str | None = None) -> Reply:
    """`/invites`: the open invites of the reader's hotels (super admins: all), each with a
    cancel button. Shown by id: the store keeps no code to show."""
    await require(actor, Permission.INVITE)
    hotels = await _inviting_hotels(actor)
    query = Invite.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=datetime.now(UTC)
    )
    if not actor.super_admin:
        query = query.filter(hotel_id__in=list(hotels))
    total = await query.count()
    invites = await query.order_by("expires_at", "id").limit(INVITES_SHOWN)
    head = [note] if note else []
    if not invites:
        return Reply("\n\n".join([*head, ctx.t(actor, "admin.staff.invites_empty")]))
    names = await actor_names([invite.created_by for invite in invites])
    lines = [ctx.t(actor, "admin.staff.invites_title", count=total)]
    rows: list[list[Button]] = []
    for invite in invites:
        maker = invite.created_by
        lines.append(
            ctx.t(
                actor,
                "admin.staff.invites_line",
                id=invite.id,
                role=role_name(ctx, actor, invite.role),
                hotel=_hotel_label(ctx, actor, hotels, invite.hotel_id),
                maker=f"{names[maker]} ({maker})" if maker in names else maker,
                expires=invite.expires_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
            )
        )
        label = ctx.t(actor, "admin.staff.button_cancel_invite", id=invite.id)
        rows.append([Button.of(label, INVITES_AREA, "cancel", invite.id)])
    if total > len(invites):
        lines.append(ctx.t(actor, "admin.staff.invites_more", count=total - len(invites)))
    return Reply("\n\n".join([*head, "\n".join(lines)]), rows)


async def invites_press(ctx: AdminContext, actor: Actor, action: str, args: list[str]) -> Outcome:
    """An /invites button: "cancel ID". The invite's own hotel, not the button, decides."""
    await require(actor, Permission.INVITE)
    invite_id = parse_id(args[0]) if action == "cancel" and len(args) == 1 else None
    if invite_id is None:
        return _alert(ctx, actor, "admin.common.stale_button")
    invite = await Invite.get_or_none(id=invite_id)
    if invite is None:
        return _alert(ctx, actor, "admin.staff.invite_gone")
    if invite.hotel_id is None and not actor.super_admin:
        await refuse(actor, Permission.INVITE, None, invite_id=invite.id)
    await require(actor, Permission.INVITE, invite.hotel_id)
    cancelled = await Invite.filter(
        id=invite.id, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=datetime.now(UTC))
    if not cancelled:
        note = ctx.t(actor, "admin.staff.invite_not_open", id=invite.id)
        return Outcome(await invites_list(ctx, actor, note=note))
    await audit(
        actor,
        "invite_cancelled",
        invite.hotel_id,
        before={"invite_id": invite.id, "role": invite.role.value, "made_by": invite.created_by},
    )
    note = ctx.t(actor, "admin.staff.invite_cancelled", id=invite.id)
    return Outcome(await invites_list(ctx, actor, note=note))
