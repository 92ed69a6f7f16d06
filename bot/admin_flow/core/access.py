"""What each role may do, checked on every call, with every refusal audited."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from bot.admin_flow.core.actor import Actor
from bot.store.models import AuditEntry, Role


class Permission(StrEnum):
    STATUS = "status"
    STATS = "stats"
    INBOX = "inbox"
    REPLY = "reply"
    GUEST_VIEW = "guest_view"
    GUEST_FORGET = "guest_forget"
    HOTEL_VIEW = "hotel_view"
    HOTEL_EDIT = "hotel_edit"
    # A hotel's API and media URLs: where its gateway token is sent. Super admins only.
    HOTEL_GATEWAY = "hotel_gateway"
    HOTEL_ADD = "hotel_add"
    HOTEL_DELETE = "hotel_delete"
    STAFF_MANAGE = "staff_manage"
    INVITE = "invite"
    AUDIT = "audit"
    BACKUP = "backup"
    REPORT = "report"  # a hotel's report image (/report), for its own staff
    REPORT_OVERVIEW = "report_overview"  # the overview of all hotels: super admins only


_SUPPORT = {
    Permission.STATUS,
    Permission.STATS,
    Permission.INBOX,
    Permission.REPLY,
    Permission.GUEST_VIEW,
    Permission.HOTEL_VIEW,
    Permission.REPORT,
}
_MANAGER = _SUPPORT | {
    Permission.GUEST_FORGET,
    Permission.HOTEL_EDIT,
    Permission.STAFF_MANAGE,
    Permission.INVITE,
}
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.SUPPORT: frozenset(_SUPPORT),
    Role.MANAGER: frozenset(_MANAGER),
    Role.SUPER_ADMIN: frozenset(Permission),
}
# Roles a role may hand out (invites, staff changes). Nobody hands out super admin: that role
# comes from SUPER_ADMIN_IDS alone, and a stored one would grant nothing (actor.py).
GRANTS: dict[Role, frozenset[Role]] = {
    Role.SUPER_ADMIN: frozenset({Role.MANAGER, Role.SUPPORT}),
    Role.MANAGER: frozenset({Role.MANAGER, Role.SUPPORT}),
    Role.SUPPORT: frozenset(),
}


class NotAllowed(Exception):
    """The actor may not do this; the refusal is already audited."""


def allowed(actor: Actor, permission: Permission, hotel_id: int | None = None) -> bool:
    """With no hotel: whether the actor may do this anywhere (e.g. to show the command)."""
    if actor.super_admin:
        return True
    if hotel_id is None:
        return any(permission in MATRIX[role] for _, role in actor.roles)
    role = actor.role_at(hotel_id)
    return role is not None and permission in MATRIX[role]


async def require(actor: Actor, permission: Permission, hotel_id: int | None = None) -> None:
    if not allowed(actor, permission, hotel_id):
        await audit(actor, "refused", hotel_id, after={"permission": permission.value})
        raise NotAllowed(permission.value)


def visible(actor: Actor, hotel_ids: list[int]) -> list[int]:
    return hotel_ids if actor.super_admin else [h for h in hotel_ids if h in actor.hotel_ids]


_SECRET_WORDS = ("token", "secret", "password", "key")


def scrub(values: dict[str, Any] | None) -> dict[str, Any]:
    """Audit entries keep what changed, never a credential."""
    if not values:
        return {}
    return {
        k: ("***" if any(word in k.lower() for word in _SECRET_WORDS) else v)
        for k, v in values.items()
    }


async def audit(
    actor: Actor,
    action: str,
    hotel_id: int | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    await AuditEntry.create(
        actor=actor.key,
        action=action,
        hotel_id=hotel_id,
        details={"before": scrub(before), "after": scrub(after)},
    )
