"""THE ROLE MATRIX: every command by every role, through the real bot, against a table.

The table is written out here on purpose instead of being computed from access.MATRIX: it is
the issue's promise, and this test must be able to disagree with the code.

"Refused" means the shared not-allowed text (strangers: the stranger text, once). "Allowed"
means answered with anything else — a card, a usage line, "not found" — except the catch-all
"I didn't understand", which says no handler took the command at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.admin_flow.menu import COMMANDS
from bot.i18n import I18n
from bot.store.models import AuditEntry, Guest, Hotel, Invite, Role, Staff
from tests.conftest import (
    MANAGER_ID,
    STRANGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    TelegramChat,
)
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.telegram import FakeTelegram

OTHER_INSTANCE = 1101000002
OTHER_MANAGER_ID = 2100
GUEST_PHONE = "79001234567"
Y, N = True, False

# command line ({hotel}: the test hotel's id) → allowed for
#                                 super_admin, manager, support, manager of ANOTHER hotel
EXPECTED: dict[str, tuple[bool, bool, bool, bool]] = {
    "/start": (Y, Y, Y, Y),
    "/status": (Y, Y, Y, Y),
    "/stats {hotel}": (Y, Y, Y, N),
    "/inbox": (Y, Y, Y, Y),
    "/unanswered {hotel}": (Y, Y, Y, N),
    "/hotels": (Y, Y, Y, Y),
    "/hotel {hotel}": (Y, Y, Y, N),
    "/addhotel": (Y, N, N, N),
    # The phone names no hotel: another hotel's manager is answered (no such guest of theirs).
    f"/guest {GUEST_PHONE}": (Y, Y, Y, Y),
    f"/forget {GUEST_PHONE}": (Y, Y, N, Y),
    "/staff": (Y, Y, N, Y),
    # In a private chat: "send it in the group" for anyone who manages a hotel.
    "/bindgroup": (Y, Y, N, Y),
    "/unbindgroup {hotel}": (Y, Y, N, N),
    "/notify": (Y, N, N, N),
    "/bot {hotel}": (Y, Y, N, N),
    "/invite support {hotel}": (Y, Y, N, N),
    "/invites": (Y, Y, N, Y),
    "/audit": (Y, N, N, N),
    "/backups": (Y, N, N, N),
    "/backup": (Y, N, N, N),
    "/report {hotel} 7d": (Y, Y, Y, N),
    "/report all": (Y, N, N, N),
    # Answered for everyone: managers and super admins with what they get, support with none.
    "/reports": (Y, Y, Y, Y),
    "/lang en": (Y, Y, Y, Y),
    "/help": (Y, Y, Y, Y),
    "/cancel": (Y, Y, Y, Y),
}
ROLES = {"super_admin": 0, "manager": 1, "support": 2, "other_manager": 3}
USERS = {
    "super_admin": SUPER_ADMIN_ID,
    "manager": MANAGER_ID,
    "support": SUPPORT_ID,
    "other_manager": OTHER_MANAGER_ID,
}

_EN = I18n()
NOT_ALLOWED = _EN.t("admin.common.not_allowed", "en")
STRANGER = _EN.t("admin.common.stranger", "en")
UNKNOWN = _EN.t("admin.common.unknown", "en")
CANCEL_ANSWERS = {
    _EN.t("admin.common.cancelled", "en"),
    _EN.t("admin.common.nothing_to_cancel", "en"),
}


def test_the_table_covers_every_menu_command() -> None:
    tested = {line.split()[0].removeprefix("/") for line in EXPECTED}
    assert tested == {name for name, _ in COMMANDS} | {"start"}


@pytest.fixture
async def world(
    admin_hotel: Hotel,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    fake_green: FakeGreenAPI,
) -> Hotel:
    """The test hotel (manager, support, one guest) and another hotel with its own manager."""
    fake_green.add_instance(OTHER_INSTANCE, "other-token-0123456789")
    other = await hotel_factory(name="Other Hotel", instance_id=OTHER_INSTANCE)
    await Staff.create(hotel=other, telegram_id=OTHER_MANAGER_ID, role=Role.MANAGER, name="Olga")
    await Guest.create(hotel=admin_hotel, chat_id=f"{GUEST_PHONE}@c.us", name="Guest")
    return admin_hotel


async def first_answer(fake: FakeTelegram, chat: TelegramChat, line: str) -> str:
    """The command's first reply; then /cancel, so a dialog it opened can't eat the next one."""
    reply = (await chat.say(line))[0].text or ""
    seen = len(fake.sent_messages(chat.user.id))
    chat.user.send_text("/cancel")
    deadline = asyncio.get_running_loop().time() + 5.0
    while not any(
        (m.text or "") in CANCEL_ANSWERS for m in fake.sent_messages(chat.user.id)[seen:]
    ):
        assert asyncio.get_running_loop().time() < deadline, f"/cancel after {line!r}: silence"
        await asyncio.sleep(0.01)
    return reply


def verdict(answer: str) -> str:
    if NOT_ALLOWED in answer:
        return "refused"
    if STRANGER in answer:
        return "stranger"
    if UNKNOWN in answer:
        return "unhandled"
    return "allowed"


@pytest.mark.parametrize("role", list(ROLES))
async def test_each_command_by_each_staff_role(
    admin_client: Client, chat: Chat, world: Hotel, fake_tg: FakeTelegram, role: str
) -> None:
    user = chat(USERS[role])
    wrong = []
    for template, allowed_for in EXPECTED.items():
        line = template.format(hotel=world.id)
        expected = "allowed" if allowed_for[ROLES[role]] else "refused"
        got = verdict(await first_answer(fake_tg, user, line))
        if got != expected:
            wrong.append(f"{role} {line}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


async def test_a_stranger_is_refused_everything_once(
    admin_client: Client, chat: Chat, world: Hotel, fake_tg: FakeTelegram
) -> None:
    stranger = chat(STRANGER_ID)
    for template in EXPECTED:
        polls = len([c for c in fake_tg.calls if c.method == "getUpdates"])
        stranger.user.send_text(template.format(hotel=world.id))
        await fake_tg.wait_for("getUpdates", polls + 2)  # the update was taken and handled
    answers = [m.text for m in fake_tg.sent_messages(STRANGER_ID)]
    assert answers == [STRANGER]
    assert await AuditEntry.filter(action="stranger_refused").count() == 1
    assert not await Staff.exists(telegram_id=STRANGER_ID)
    assert not await Invite.exists()
    assert await Guest.exists(chat_id=f"{GUEST_PHONE}@c.us")
