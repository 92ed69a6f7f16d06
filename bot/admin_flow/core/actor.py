"""Who is asking: a Telegram user or a staff phone, resolved to roles and hotels.

The super admin role comes from the environment (SUPER_ADMIN_IDS) and nowhere else: a stored
staff row saying `super_admin` (written by older versions) grants nothing, so taking an id out
of the environment takes the role away at the next restart. A row with no hotel grants nothing
either: it only keeps a language (see /lang).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.models import Role, Staff

# Weakest first: a role "covers" every role before it.
ROLE_ORDER = (Role.SUPPORT, Role.MANAGER, Role.SUPER_ADMIN)


def rank(role: Role) -> int:
    """The role's place in ROLE_ORDER: a stronger role ranks higher."""
    return ROLE_ORDER.index(role)


@dataclass(frozen=True)
class Actor:
    """`roles` maps a hotel id to the actor's role there; super admins see every hotel."""

    key: str  # "tg:<id>" or "wa:<chat id>": the audit trail's "who"
    name: str
    language: str
    super_admin: bool = False
    roles: tuple[tuple[int, Role], ...] = ()
    telegram_id: int | None = None

    @property
    def known(self) -> bool:
        return self.super_admin or bool(self.roles)

    @property
    def hotel_ids(self) -> frozenset[int]:
        return frozenset(hotel_id for hotel_id, _ in self.roles)

    def role_at(self, hotel_id: int | None) -> Role | None:
        if self.super_admin:
            return Role.SUPER_ADMIN
        if hotel_id is None:
            return self.top_role
        return next((role for hid, role in self.roles if hid == hotel_id), None)

    @property
    def top_role(self) -> Role | None:
        if self.super_admin:
            return Role.SUPER_ADMIN
        return max((role for _, role in self.roles), key=rank, default=None)


def _hotel_roles(rows: list[Staff]) -> tuple[tuple[int, Role], ...]:
    """The roles stored rows may grant: a hotel's manager or support, never super admin."""
    return tuple(
        (r.hotel_id, r.role)
        for r in rows
        if r.hotel_id is not None and r.role in (Role.MANAGER, Role.SUPPORT)
    )


async def telegram_actor(
    telegram_id: int, name: str, language: str, super_admin_ids: frozenset[int]
) -> Actor:
    rows = await Staff.filter(telegram_id=telegram_id)
    stored_language = next((r.language for r in rows if r.language), None)
    return Actor(
        key=f"tg:{telegram_id}",
        name=name,
        language=stored_language or language,
        super_admin=telegram_id in super_admin_ids,
        roles=_hotel_roles(rows),
        telegram_id=telegram_id,
    )


def phone_digits(chat_id: str) -> str:
    return "".join(ch for ch in chat_id.split("@")[0] if ch.isdigit())


async def phone_actor(hotel_id: int, chat_id: str, language: str) -> Actor | None:
    """A staff phone registered for this hotel, writing to the hotel's WhatsApp number."""
    if not chat_id.endswith("@c.us"):
        return None
    rows = await Staff.filter(hotel_id=hotel_id, phone=phone_digits(chat_id))
    roles = _hotel_roles(rows)
    if not roles:
        return None
    return Actor(
        key=f"wa:{chat_id}",
        name=rows[0].name or chat_id,
        language=rows[0].language or language,
        roles=roles,
    )
