"""Invites are only as good as their maker: revoked on removal or demotion, listed and
cancelled with /invites, kept hashed, and a stranger trying codes hears one refusal."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta

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
from tests.fakes.telegram import ApiCall, FakeTelegram
from tests.test_admin_staff import (
    NOT_ALLOWED,
    OTHER_MANAGER_ID,
    HotelFactory,
    forge,
    invite_code,
    other_hotel,
)

CANCELLED = "this invite was cancelled"


async def press_through(admin: TelegramChat, steps: list[str]) -> ApiCall:
    """Press /staff buttons one after another (each on the message as it is now)."""
    listing = (await admin.say("/staff"))[0]
    for data in steps:
        await admin.click(listing, data)
    return listing


async def test_a_removed_manager_cannot_walk_back_in(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    maria = await Staff.get(telegram_id=MANAGER_ID)
    code = await invite_code(chat(MANAGER_ID), f"manager {admin_hotel.id}")
    await press_through(chat(SUPER_ADMIN_ID), [f"staff:rm:{maria.id}", f"staff:rmok:{maria.id}"])
    invite = await Invite.get(created_by=f"tg:{MANAGER_ID}")
    assert invite.revoked_at is not None and invite.used_at is None
    revoked = await AuditEntry.get(action="invites_revoked")
    assert revoked.details["after"]["invite_ids"] == [invite.id]

    answer = text(await chat(MANAGER_ID).say(f"/start {code}"))
    assert CANCELLED in answer and "Welcome" not in answer
    assert not await Staff.exists(telegram_id=MANAGER_ID)
    assert (await Invite.get(id=invite.id)).used_at is None
    refused = await AuditEntry.get(action="invite_refused")
    assert refused.details["after"]["reason"] == "revoked"


async def test_a_demoted_managers_links_let_nobody_in(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    maria = await Staff.get(telegram_id=MANAGER_ID)
    manager = chat(MANAGER_ID)
    first = await invite_code(manager, f"support {admin_hotel.id}")
    second = await invite_code(manager, f"manager {admin_hotel.id}")
    await press_through(
        chat(SUPER_ADMIN_ID),
        [f"staff:role:{maria.id}", f"staff:set:{maria.id}:support"]
        + [f"staff:setok:{maria.id}:support"],
    )
    assert await Invite.filter(revoked_at__isnull=True).count() == 0

    assert CANCELLED in text(await chat(STRANGER_ID).say(f"/start {first}"))
    # Should an invite escape revocation (say, made while the demotion was being saved), the
    # maker's role is checked again when it is opened: a support agent can't invite.
    await Invite.filter(code=hashlib.sha256(second.encode()).hexdigest()).update(revoked_at=None)
    assert CANCELLED in text(await chat(STRANGER_ID + 1).say(f"/start {second}"))
    assert not await Staff.exists(telegram_id__in=[STRANGER_ID, STRANGER_ID + 1])
    reasons = await AuditEntry.filter(action="invite_refused").order_by("id")
    assert [r.details["after"]["reason"] for r in reasons] == ["revoked", "maker_lost_role"]


async def test_invites_lists_and_cancels_within_the_readers_hotels(
    admin_client: Client,
    chat: Chat,
    admin_hotel: Hotel,
    hotel_factory: HotelFactory,
    fake_green: FakeGreenAPI,
    fake_tg: FakeTelegram,
) -> None:
    other = await other_hotel(hotel_factory, fake_green)
    manager = chat(MANAGER_ID)
    kept = await invite_code(manager, f"support {admin_hotel.id}")
    doomed = await invite_code(manager, f"manager {admin_hotel.id}")
    await invite_code(chat(SUPER_ADMIN_ID), f"support {other.id}")
    ours = await Invite.filter(hotel_id=admin_hotel.id).order_by("id")
    theirs = await Invite.get(hotel_id=other.id)

    listing = (await manager.say("/invites"))[0]
    body = listing.text or ""
    assert "Open invites (2)" in body
    assert (
        f"#{ours[1].id} — manager at Test Hotel #{admin_hotel.id} — made by Maria (tg:2000)"
        in (body)
    )
    assert "Other Hotel" not in body and kept not in body and doomed not in body
    assert [d for _, d in buttons(listing)] == [f"invites:cancel:{i.id}" for i in ours]

    # Forged presses: a support agent, and another hotel's manager, can't cancel ours.
    for user in (SUPPORT_ID, OTHER_MANAGER_ID):
        answer = await forge(fake_tg, chat(user), listing, f"invites:cancel:{ours[1].id}")
        assert answer.params.get("show_alert") and NOT_ALLOWED in answer.params["text"]
    answer = await forge(fake_tg, manager, listing, f"invites:cancel:{theirs.id}")
    assert NOT_ALLOWED in answer.params["text"]
    assert await Invite.filter(revoked_at__isnull=True).count() == 3
    refusals = await AuditEntry.filter(action="refused").order_by("id")
    assert [(r.actor, r.hotel_id) for r in refusals] == [
        (f"tg:{SUPPORT_ID}", None),
        (f"tg:{OTHER_MANAGER_ID}", admin_hotel.id),
        (f"tg:{MANAGER_ID}", other.id),
    ]

    _, after = await manager.click(listing, f"invites:cancel:{ours[1].id}")
    assert f"invite #{ours[1].id} is cancelled" in (after[-1].text or "")
    assert "Open invites (1)" in (after[-1].text or "")
    cancelled = await AuditEntry.get(action="invite_cancelled")
    assert cancelled.actor == f"tg:{MANAGER_ID}" and cancelled.hotel_id == admin_hotel.id
    assert CANCELLED in text(await chat(STRANGER_ID).say(f"/start {doomed}"))
    assert "now support at Test Hotel" in text(await chat(STRANGER_ID + 1).say(f"/start {kept}"))

    everything = text(await chat(SUPER_ADMIN_ID).say("/invites"))
    assert "Open invites (1)" in everything and "Other Hotel" in everything
    assert NOT_ALLOWED in text(await chat(SUPPORT_ID).say("/invites"))


async def test_the_store_never_holds_a_plain_code(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    codes = [
        await invite_code(chat(SUPER_ADMIN_ID), f"manager {admin_hotel.id}"),
        await invite_code(chat(MANAGER_ID), f"support {admin_hotel.id}"),
    ]
    assert "now support" in text(await chat(STRANGER_ID).say(f"/start {codes[1]}"))
    stored = [await Invite.all().values(), await AuditEntry.all().values()]
    for code in codes:
        assert code not in str(stored)
    assert sorted(i.code for i in await Invite.all()) == sorted(
        hashlib.sha256(c.encode()).hexdigest() for c in codes
    )


async def test_a_stranger_trying_fifteen_bad_codes_hears_one_refusal(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    bad = [await invite_code(admin, f"support {admin_hotel.id}") for _ in range(5)]
    good = await invite_code(admin, f"support {admin_hotel.id}")
    spent, expired, revoked = bad[:2], bad[2:4], bad[4:]
    assert "now support" in text(await chat(STRANGER_ID + 1).say(f"/start {spent[0]}"))
    await Invite.filter(code__in=[hashlib.sha256(c.encode()).hexdigest() for c in spent]).update(
        used_at=datetime.now(UTC)
    )
    await Invite.filter(code__in=[hashlib.sha256(c.encode()).hexdigest() for c in expired]).update(
        expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )
    await Invite.filter(code__in=[hashlib.sha256(c.encode()).hexdigest() for c in revoked]).update(
        revoked_at=datetime.now(UTC)
    )

    stranger = chat(STRANGER_ID)
    codes = [f"made-up-code-{n}" for n in range(10)] + bad
    polls = len([c for c in fake_tg.calls if c.method == "getUpdates"])
    for code in codes:
        stranger.user.send_text(f"/start {code}")
    deadline = asyncio.get_running_loop().time() + 15
    while await AuditEntry.filter(action="invite_refused", actor=f"tg:{STRANGER_ID}").count() < 5:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)
    await fake_tg.wait_for("getUpdates", polls + 2)  # every update was taken
    await asyncio.sleep(0.5)  # the made-up codes' handlers finish (they write no audit)
    refusals = fake_tg.sent_messages(STRANGER_ID)
    assert len(refusals) == 1 and "Sorry" in (refusals[0].text or "")

    # One refusal earlier does not spoil a real invite.
    welcome = text(await stranger.say(f"/start {good}"))
    assert "now support at Test Hotel" in welcome
    assert len(fake_tg.sent_messages(STRANGER_ID)) == 2
    assert (await Staff.get(telegram_id=STRANGER_ID)).role == Role.SUPPORT


async def test_deleting_a_hotel_revokes_the_invites_its_staff_made(
    admin_client: Client,
    chat: Chat,
    admin_hotel: Hotel,
    hotel_factory: HotelFactory,
    fake_green: FakeGreenAPI,
) -> None:
    other = await other_hotel(hotel_factory, fake_green)
    await Staff.create(hotel=other, telegram_id=MANAGER_ID, role=Role.MANAGER, name="Maria")
    code = await invite_code(chat(MANAGER_ID), f"support {other.id}")
    admin = chat(SUPER_ADMIN_ID)
    card = (await admin.say(f"/hotel {admin_hotel.id}"))[0]
    _, confirm = await admin.click(card, f"h:del:{admin_hotel.id}")
    _, done = await admin.click(confirm[-1], f"h:delok:{admin_hotel.id}")
    assert "is deleted" in (done[-1].text or "")
    assert (await Invite.get(hotel_id=other.id)).revoked_at is not None
    assert CANCELLED in text(await chat(STRANGER_ID).say(f"/start {code}"))
