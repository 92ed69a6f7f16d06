"""Access: invite deep links, the welcome, /invite limits per role, /staff with confirmations."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from bot.admin_flow.core.staff import code_hash
from bot.store.models import AuditEntry, Hotel, Invite, Role, Staff
from tests.conftest import (
    MANAGER_ID,
    STRANGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    TelegramChat,
    buttons,
    text,
)
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.telegram import DEFAULT_USERNAME, ApiCall, FakeTelegram

HotelFactory = Callable[..., Awaitable[Hotel]]

NOT_ALLOWED = "Not allowed"
NO_SUPER_ADMIN = "No invite can make a super admin"
LINK = re.compile(r"https://t\.me/(\w+)\?start=([A-Za-z0-9_-]+)")
OTHER_INSTANCE = 1101000002
OTHER_MANAGER_ID = 2100


async def invite_code(chat: TelegramChat, args: str) -> str:
    reply = text(await chat.say(f"/invite {args}"))
    found = LINK.search(reply)
    assert found, reply
    assert found.group(1) == DEFAULT_USERNAME
    return found.group(2)


async def other_hotel(hotel_factory: HotelFactory, fake_green: FakeGreenAPI) -> Hotel:
    """A second hotel with its own manager, whom the test hotel's manager must not touch."""
    fake_green.add_instance(OTHER_INSTANCE, "other-token-0123456789")
    hotel = await hotel_factory(name="Other Hotel", instance_id=OTHER_INSTANCE)
    await Staff.create(hotel=hotel, telegram_id=OTHER_MANAGER_ID, role=Role.MANAGER, name="Olga")
    return hotel


def menu_of(fake: FakeTelegram, chat_id: int) -> list[str] | None:
    """The commands last set for this chat (None: deleted or never set)."""
    for call in reversed(fake.calls):
        scope = call.params.get("scope") or {}
        if scope.get("chat_id") != chat_id or not call.ok:
            continue
        if call.method == "deleteMyCommands":
            return None
        if call.method == "setMyCommands":
            return [c["command"] for c in call.params["commands"]]
    return None


async def forge(fake: FakeTelegram, chat: TelegramChat, message: ApiCall, data: str) -> ApiCall:
    """Press a button that is not on the message: what a client forging callback data does."""
    answers = len([c for c in fake.calls if c.method == "answerCallbackQuery"])
    fake.click(chat.user, message, data, strict=False)
    return (await fake.wait_for("answerCallbackQuery", answers + 1))[answers]


async def test_invite_link_makes_a_stranger_support_once(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    code = await invite_code(admin, f"support {admin_hotel.id}")
    assert len(code) <= 64
    created = await AuditEntry.get(action="invite_created")
    assert created.hotel_id == admin_hotel.id and created.actor == f"tg:{SUPER_ADMIN_ID}"
    assert created.details["after"]["role"] == "support"
    assert code not in str(created.details)  # the audit keeps a masked code only
    assert created.details["after"]["code"].startswith(code[:4])

    stranger = chat(STRANGER_ID)
    welcome = text(await stranger.say(f"/start {code}"))
    assert "now support at Test Hotel" in welcome and "/status" in welcome
    row = await Staff.get(telegram_id=STRANGER_ID)
    assert (row.hotel_id, row.role, row.name, row.language) == (
        admin_hotel.id,
        Role.SUPPORT,
        f"User{STRANGER_ID}",
        "en",
    )
    invite = await Invite.get(code=code_hash(code))
    assert invite.used_by == STRANGER_ID and invite.used_at is not None
    assert await AuditEntry.exists(action="invite_redeemed", actor=f"tg:{STRANGER_ID}")
    assert "status" in (menu_of(fake_tg, STRANGER_ID) or [])

    helped = text(await stranger.say("/help"))  # passes the middleware now
    assert "/status" in helped and "/inbox" in helped and "/invite" not in helped

    assert "already used" in text(await chat(STRANGER_ID + 1).say(f"/start {code}"))
    assert "already used" in text(await stranger.say(f"/start {code}"))
    assert not await Staff.exists(telegram_id=STRANGER_ID + 1)


async def test_expired_and_unknown_invites_are_refused(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    code = await invite_code(chat(SUPER_ADMIN_ID), f"manager {admin_hotel.id}")
    await Invite.filter(code=code_hash(code)).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )
    stranger = chat(STRANGER_ID)
    assert "expired" in text(await stranger.say(f"/start {code}"))
    assert "not valid" in text(await chat(STRANGER_ID + 1).say("/start no-such-code"))
    assert not await Staff.exists(telegram_id=STRANGER_ID)
    assert (await Invite.get(code=code_hash(code))).used_at is None


async def test_plain_start_welcomes_known_staff_with_their_role(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    welcome = text(await chat(MANAGER_ID).say("/start"))
    assert "manager at Test Hotel" in welcome and "/invite" in welcome
    assert "invite" in (menu_of(fake_tg, MANAGER_ID) or [])
    assert "super admin at all hotels" in text(await chat(SUPER_ADMIN_ID).say("/start"))


async def test_invite_limits_per_role(
    admin_client: Client,
    chat: Chat,
    admin_hotel: Hotel,
    hotel_factory: HotelFactory,
    fake_green: FakeGreenAPI,
) -> None:
    other = await other_hotel(hotel_factory, fake_green)
    manager = chat(MANAGER_ID)
    await invite_code(manager, f"support {admin_hotel.id}")
    await invite_code(manager, f"manager {admin_hotel.id}")
    assert NOT_ALLOWED in text(await manager.say(f"/invite support {other.id}"))
    assert NO_SUPER_ADMIN in text(await manager.say("/invite super_admin"))
    assert NO_SUPER_ADMIN in text(await manager.say(f"/invite super_admin {admin_hotel.id}"))
    assert "Usage" in text(await manager.say("/invite support"))
    assert "Usage" in text(await manager.say("/invite boss 1"))
    assert NOT_ALLOWED in text(await chat(SUPPORT_ID).say(f"/invite support {admin_hotel.id}"))

    refusals = await AuditEntry.filter(action="refused").order_by("id")
    assert [(r.actor, r.hotel_id) for r in refusals] == [
        (f"tg:{MANAGER_ID}", other.id),
        (f"tg:{MANAGER_ID}", None),
        (f"tg:{MANAGER_ID}", None),
        (f"tg:{SUPPORT_ID}", None),
    ]
    assert await Invite.filter(created_by=f"tg:{MANAGER_ID}").count() == 2
    assert "no hotel with id 999" in text(await chat(SUPER_ADMIN_ID).say("/invite support 999"))


async def test_staff_change_role_and_remove_with_confirmation(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    manager = chat(MANAGER_ID)
    sam = await Staff.get(telegram_id=SUPPORT_ID)
    maria = await Staff.get(telegram_id=MANAGER_ID)
    listing = (await manager.say("/staff"))[0]
    assert "Maria — Telegram 2000 — manager — Test Hotel" in (listing.text or "")
    assert "Sam — Telegram 3000 — support — Test Hotel" in (listing.text or "")
    datas = [data for _, data in buttons(listing)]
    assert datas == [f"staff:role:{sam.id}", f"staff:rm:{sam.id}"]  # nothing for herself

    _, picked = await manager.click(listing, f"staff:role:{sam.id}")
    assert f"staff:set:{sam.id}:manager" in [d for _, d in buttons(picked[-1])]
    assert "super_admin" not in str(buttons(picked[-1]))  # a manager can't grant that
    _, confirm = await manager.click(listing, f"staff:set:{sam.id}:manager")
    assert "from support to manager?" in (confirm[-1].text or "")
    assert (await Staff.get(id=sam.id)).role == Role.SUPPORT  # not before "yes"
    _, done = await manager.click(listing, f"staff:setok:{sam.id}:manager")
    assert "Sam is now manager" in (done[-1].text or "")
    assert (await Staff.get(id=sam.id)).role == Role.MANAGER
    changed = await AuditEntry.get(action="staff_role_changed")
    assert changed.details["before"]["role"] == "support"
    assert changed.details["after"]["role"] == "manager"
    assert "invite" in (menu_of(fake_tg, SUPPORT_ID) or [])

    _, confirm = await manager.click(listing, f"staff:rm:{sam.id}")
    assert "Remove Sam" in (confirm[-1].text or "")
    assert [t for t, _ in buttons(confirm[-1])] == ["Yes, remove", "Cancel"]
    _, cancelled = await manager.click(listing, "staff:cancel")
    assert "Nothing changed" in (cancelled[-1].text or "")
    assert await Staff.exists(id=sam.id)

    await manager.click(listing, f"staff:rm:{sam.id}")
    _, removed = await manager.click(listing, f"staff:rmok:{sam.id}")
    assert "Sam no longer works at Test Hotel" in (removed[-1].text or "")
    assert not await Staff.exists(id=sam.id)
    gone = await AuditEntry.get(action="staff_removed")
    assert gone.details["before"]["role"] == "manager" and gone.hotel_id == admin_hotel.id
    assert menu_of(fake_tg, SUPPORT_ID) is None
    assert "staff only" in text(await chat(SUPPORT_ID).say("/status"))

    answer = await forge(fake_tg, manager, listing, f"staff:rmok:{maria.id}")
    assert "can't change or remove yourself" in answer.params["text"]
    assert await Staff.exists(id=maria.id)


async def test_forged_buttons_for_other_hotels_and_super_admins_are_refused(
    admin_client: Client,
    chat: Chat,
    admin_hotel: Hotel,
    hotel_factory: HotelFactory,
    fake_green: FakeGreenAPI,
    fake_tg: FakeTelegram,
) -> None:
    other = await other_hotel(hotel_factory, fake_green)
    olga = await Staff.get(telegram_id=OTHER_MANAGER_ID)
    boss = await Staff.create(telegram_id=SUPER_ADMIN_ID + 1, role=Role.SUPER_ADMIN, name="Boss")
    manager = chat(MANAGER_ID)
    listing = (await manager.say("/staff"))[0]
    assert "Olga" not in (listing.text or "") and "Boss" not in (listing.text or "")

    for data in (f"staff:rmok:{olga.id}", f"staff:setok:{olga.id}:support"):
        answer = await forge(fake_tg, manager, listing, data)
        assert answer.params.get("show_alert") and NOT_ALLOWED in answer.params["text"]
    for data in (f"staff:rmok:{boss.id}", f"staff:setok:{boss.id}:support"):
        answer = await forge(fake_tg, manager, listing, data)
        assert NOT_ALLOWED in answer.params["text"]
    sam = await Staff.get(telegram_id=SUPPORT_ID)
    answer = await forge(fake_tg, manager, listing, f"staff:setok:{sam.id}:super_admin")
    assert NOT_ALLOWED in answer.params["text"]

    refusals = await AuditEntry.filter(action="refused", actor=f"tg:{MANAGER_ID}").order_by("id")
    assert [r.hotel_id for r in refusals] == [other.id, other.id, None, None, admin_hotel.id]
    assert (await Staff.get(id=olga.id)).role == Role.MANAGER
    assert (await Staff.get(id=boss.id)).role == Role.SUPER_ADMIN
    assert (await Staff.get(id=sam.id)).role == Role.SUPPORT
    assert not await AuditEntry.filter(action__in=["staff_removed", "staff_role_changed"]).exists()

    admin_view = (await chat(SUPER_ADMIN_ID).say("/staff"))[0]
    # A stored super_admin row is nobody's staff: the role comes from SUPER_ADMIN_IDS alone.
    assert "Olga" in (admin_view.text or "") and "Boss" not in (admin_view.text or "")
    assert f"staff:rm:{olga.id}" in [d for _, d in buttons(admin_view)]


async def test_support_cannot_manage_staff(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    support = chat(SUPPORT_ID)
    assert NOT_ALLOWED in text(await support.say("/staff"))
    listing = (await chat(MANAGER_ID).say("/staff"))[0]
    maria = await Staff.get(telegram_id=MANAGER_ID)
    before = len(fake_tg.sent_messages(SUPPORT_ID))
    answers = len([c for c in fake_tg.calls if c.method == "answerCallbackQuery"])
    fake_tg.click(
        support.user,
        {**(listing.result or {}), "chat": {"id": SUPPORT_ID, "type": "private"}},
        f"staff:rmok:{maria.id}",
        strict=False,
    )
    answer = (await fake_tg.wait_for("answerCallbackQuery", answers + 1))[answers]
    assert NOT_ALLOWED in answer.params["text"]
    assert len(fake_tg.sent_messages(SUPPORT_ID)) == before
    assert await Staff.exists(id=maria.id)


async def test_no_invite_makes_a_super_admin(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    """Super admins come from SUPER_ADMIN_IDS: not even a super admin can invite one, and an
    old super_admin invite still in the store lets nobody in."""
    admin = chat(SUPER_ADMIN_ID)
    assert NO_SUPER_ADMIN in text(await admin.say("/invite super_admin"))
    assert not await Invite.exists()
    assert await AuditEntry.exists(action="refused", actor=f"tg:{SUPER_ADMIN_ID}")
    usage = text(await admin.say("/invite"))
    assert "Roles you can invite: support, manager." in usage

    await Invite.create(
        code=code_hash("old-super-admin-link"),
        role=Role.SUPER_ADMIN,
        created_by=f"tg:{SUPER_ADMIN_ID}",
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    refused = text(await chat(STRANGER_ID).say("/start old-super-admin-link"))
    assert "was cancelled" in refused
    assert not await Staff.exists(telegram_id=STRANGER_ID)
    assert menu_of(fake_tg, STRANGER_ID) is None
