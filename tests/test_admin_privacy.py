"""Who is super admin (the environment alone) and where admin data is answered (never in a
group chat)."""

from __future__ import annotations

from typing import Any

from bot.admin_flow.core.actor import phone_actor
from bot.app import create_app
from bot.config import Settings
from bot.i18n import I18n
from bot.store.models import AuditEntry, Guest, Hotel, Role, Staff
from tests.conftest import (
    MANAGER_ID,
    STRANGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    text,
)
from tests.fakes.telegram import DEFAULT_USERNAME, FakeTelegram, FakeUser

_I18N = I18n()
GROUP_ID = -5001
GUEST_PHONE = "79001234567"


async def test_super_admin_comes_from_the_environment_only(
    aiohttp_client: Any,
    admin_client: Client,
    admin_settings: Settings,
    chat: Chat,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    assert "по-русски" in text(await admin.say("/lang ru"))
    row = await Staff.get(telegram_id=SUPER_ADMIN_ID)
    assert row.language == "ru" and row.hotel_id is None and row.role != Role.SUPER_ADMIN
    # An older version wrote super_admin rows; one stays behind for someone else.
    await Staff.create(telegram_id=SUPER_ADMIN_ID + 1, role=Role.SUPER_ADMIN, name="Old boss")
    await Staff.create(hotel=admin_hotel, phone=GUEST_PHONE, role=Role.SUPER_ADMIN)
    assert await phone_actor(admin_hotel.id, f"{GUEST_PHONE}@c.us", "en") is None

    # The server restarts with SUPER_ADMIN_IDS emptied.
    await admin_client.close()
    polls = len([c for c in fake_tg.calls if c.method == "getUpdates"])
    restarted = await aiohttp_client(
        create_app(admin_settings.model_copy(update={"super_admin_ids": ""}))
    )
    await fake_tg.wait_for("getUpdates", polls + 1, timeout=15.0)
    stranger_ru = _I18N.t("admin.common.stranger", "ru")
    assert text(await admin.say("/status")) == stranger_ru  # their stored language, refused
    assert "staff only" in text(await chat(SUPER_ADMIN_ID + 1).say("/addhotel"))
    await restarted.close()


def group_says(fake: FakeTelegram, user: FakeUser, line: str) -> None:
    """`line` sent by `user` in a group chat the bot is in."""
    update = fake.text_update(user, line)
    update["message"]["chat"] = {"id": GROUP_ID, "type": "group", "title": "Front desk"}
    fake.queue_update(update)


async def test_admin_data_asked_in_a_group_is_answered_privately(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    await Guest.create(hotel=admin_hotel, chat_id=f"{GUEST_PHONE}@c.us", name="Anna Guest")
    manager = chat(MANAGER_ID)
    in_group = 0
    for line, private_text in (
        ("/staff", "Sam — Telegram 3000"),
        (f"/guest {GUEST_PHONE}", "Anna Guest"),
        ("/invites", "No open invites"),
    ):
        before = len(fake_tg.sent_messages(MANAGER_ID))
        group_says(fake_tg, manager.user, line)
        in_group += 1
        said = await fake_tg.wait_for("sendMessage", in_group, chat_id=GROUP_ID, timeout=15.0)
        assert "sent it to you in a private chat" in (said[-1].text or "")
        private = fake_tg.sent_messages(MANAGER_ID)[before:]
        assert len(private) == 1 and private_text in (private[0].text or "")
    group_texts = " ".join(m.text or "" for m in fake_tg.sent_messages(GROUP_ID))
    assert "Sam" not in group_texts and "Anna" not in group_texts

    # Someone the bot can't write to privately is told how to open the chat; nothing leaks.
    fake_tg.blocked.add(SUPPORT_ID)
    group_says(fake_tg, chat(SUPPORT_ID).user, f"/guest {GUEST_PHONE}")
    said = await fake_tg.wait_for("sendMessage", in_group + 1, chat_id=GROUP_ID, timeout=15.0)
    assert f"t.me/{DEFAULT_USERNAME}" in (said[-1].text or "")
    assert "Anna" not in (said[-1].text or "")

    # A refusal goes privately too, and harmless commands are still answered in the group.
    fake_tg.blocked.discard(SUPPORT_ID)
    before = len(fake_tg.sent_messages(SUPPORT_ID))
    group_says(fake_tg, chat(SUPPORT_ID).user, "/staff")
    await fake_tg.wait_for("sendMessage", in_group + 2, chat_id=GROUP_ID, timeout=15.0)
    assert "Not allowed" in (fake_tg.sent_messages(SUPPORT_ID)[before].text or "")
    group_says(fake_tg, manager.user, "/help")
    said = await fake_tg.wait_for("sendMessage", in_group + 3, chat_id=GROUP_ID, timeout=15.0)
    assert "/status" in (said[-1].text or "")


async def test_a_group_gets_no_hotel_data_and_no_buttons(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    """Cards, status and buttons in a group would show a hotel's staff and settings to every
    member (and ask for the gateway token there): they go to the private chat."""
    await Staff.create(hotel=admin_hotel, phone="79005550001", role=Role.SUPPORT, name="Phone")
    manager = chat(MANAGER_ID)
    for n, line in enumerate((f"/hotel {admin_hotel.id}", "/status", "/stats", "/hotels"), 1):
        before = len(fake_tg.sent_messages(MANAGER_ID))
        group_says(fake_tg, manager.user, line)
        said = await fake_tg.wait_for("sendMessage", n, chat_id=GROUP_ID, timeout=15.0)
        assert "sent it to you in a private chat" in (said[-1].text or "")
        assert len(fake_tg.sent_messages(MANAGER_ID)) > before
    # A button under a message in the group (the card, had it been posted there) is refused.
    card = {
        "message_id": 77,
        "chat": {"id": GROUP_ID, "type": "group", "title": "Front desk"},
        "text": "card",
    }
    answers = len([c for c in fake_tg.calls if c.method == "answerCallbackQuery"])
    fake_tg.click(manager.user, card, f"h:ph:{admin_hotel.id}", strict=False)
    answered = await fake_tg.wait_for("answerCallbackQuery", answers + 1, timeout=15.0)
    assert "private chat" in (answered[-1].params.get("text") or "")
    # Team talk and strangers in the group get nothing from the bot.
    group_says(fake_tg, manager.user, "lunch at 2?")
    group_says(fake_tg, chat(STRANGER_ID).user, "/status")
    group_says(fake_tg, manager.user, "/help")
    said = await fake_tg.wait_for("sendMessage", 5, chat_id=GROUP_ID, timeout=15.0)
    assert "/status" in (said[-1].text or "")
    group = " ".join(m.text or "" for m in fake_tg.sent_messages(GROUP_ID))
    assert "79005550001" not in group and "staff only" not in group
    assert len(fake_tg.sent_messages(GROUP_ID)) == 5
    assert not await AuditEntry.filter(action="stranger_refused").exists()
