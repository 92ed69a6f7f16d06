"""The admin bot's frame: polling against the fake Bot API, strangers, /help per role, /lang."""

from __future__ import annotations

from bot.store.models import AuditEntry, Hotel
from tests.conftest import (
    MANAGER_ID,
    STRANGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
)
from tests.fakes.telegram import FakeTelegram


async def test_stranger_gets_one_polite_refusal_and_is_audited(
    admin_client: Client, chat: Chat, fake_tg: FakeTelegram
) -> None:
    stranger = chat(STRANGER_ID)
    replies = await stranger.say("/status")
    assert "staff only" in (replies[0].text or "")
    for text in ("/status", "hello", "/hotels"):
        stranger.user.send_text(text)
    await fake_tg.wait_for(
        "getUpdates", len([c for c in fake_tg.calls if c.method == "getUpdates"]) + 2
    )
    assert len(fake_tg.sent_messages(STRANGER_ID)) == 1  # the flood gets silence
    assert (
        await AuditEntry.filter(action="stranger_refused", actor=f"tg:{STRANGER_ID}").count() == 1
    )


async def test_help_shows_only_what_the_role_may_do(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    admin = (await chat(SUPER_ADMIN_ID).say("/help"))[0].text or ""
    manager = (await chat(MANAGER_ID).say("/help"))[0].text or ""
    support = (await chat(SUPPORT_ID).say("/help"))[0].text or ""
    assert "/addhotel" in admin and "/audit" in admin
    assert "/addhotel" not in manager and "/invite" in manager and "/forget" in manager
    assert "/invite" not in support and "/forget" not in support and "/status" in support


async def test_lang_switches_the_admin_language(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    manager = chat(MANAGER_ID)
    assert "Usage" in ((await manager.say("/lang xx"))[0].text or "")
    assert "по-русски" in ((await manager.say("/lang ru"))[0].text or "")
    assert "Что вы можете" in ((await manager.say("/help"))[0].text or "")
    menus = [
        c
        for c in fake_tg.calls
        if c.method == "setMyCommands"
        and (c.params.get("scope") or {}).get("chat_id") == MANAGER_ID
    ]
    assert menus and "status" in [cmd["command"] for cmd in menus[-1].params["commands"]]


async def test_unknown_input_gets_a_clear_answer(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    assert "/help" in ((await chat(SUPPORT_ID).say("blah blah"))[0].text or "")
    assert "nothing to cancel" in ((await chat(SUPPORT_ID).say("/cancel"))[0].text or "")


async def test_default_menu_is_set_for_strangers(
    admin_client: Client, fake_tg: FakeTelegram
) -> None:
    defaults = [
        c
        for c in fake_tg.calls
        if c.method == "setMyCommands"
        and (c.params.get("scope") or {"type": "default"})["type"] == "default"
    ]
    assert {c.params.get("language_code") for c in defaults} >= {None, "ru"}
