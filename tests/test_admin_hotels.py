"""/hotels, /hotel ID and the card's buttons, through the fake Bot API.

The guest side is checked through the real webhook: an edit made in Telegram must reach the
next guest at once (caches invalidated), and a forged button must change nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.store.models import AuditEntry, Hotel, KnowledgeEntry, Role, Staff, Template
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    TelegramChat,
    buttons,
    data_of,
    post_webhook,
    text,
    text_body,
)
from tests.fakes.greenapi import DEFAULT_TOKEN, FakeGreenAPI
from tests.fakes.telegram import ApiCall, FakeTelegram

KNOWLEDGE = Path(__file__).parent / "fixtures" / "knowledge"
OTHER_ID = 1101000002
OTHER_TOKEN = "0ther0token0123456789abcdef0123456789abcdef0123456"


async def press(person: TelegramChat, call: ApiCall, prefix: str) -> list[ApiCall]:
    _, replies = await person.click(call, data_of(call, prefix))
    return replies


async def forge(person: TelegramChat, call: ApiCall, data: str) -> str:
    """Press a button that is not on the message (crafted callback data); the alert text."""
    fake = person.fake
    before = len(await fake.wait_for("answerCallbackQuery", 0))
    fake.click(person.user, call, data, strict=False)
    answers = await fake.wait_for("answerCallbackQuery", before + 1)
    return str(answers[before].params.get("text") or "")


@pytest.fixture
async def other_hotel(
    admin_hotel: Hotel,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    fake_green: FakeGreenAPI,
) -> Hotel:
    """A second hotel, where MANAGER_ID and SUPPORT_ID have no role."""
    fake_green.add_instance(OTHER_ID, OTHER_TOKEN, state="notAuthorized")
    return await hotel_factory(
        name="Other Hotel", instance_id=OTHER_ID, token=OTHER_TOKEN, webhook_token="other-wh-0001"
    )


async def test_hotels_lists_only_own_hotels_with_live_state(
    admin_client: Client, admin_hotel: Hotel, other_hotel: Hotel, chat: Chat
) -> None:
    manager = text(await chat(MANAGER_ID).say("/hotels"))
    support = text(await chat(SUPPORT_ID).say("/hotels"))
    admin = text(await chat(SUPER_ADMIN_ID).say("/hotels"))
    for own in (manager, support):
        assert "Test Hotel" in own and "authorized" in own and "Other Hotel" not in own
    assert "Test Hotel" in admin and "Other Hotel — ❌ not linked" in admin
    refused = text(await chat(MANAGER_ID).say(f"/hotel {other_hotel.id}"))
    assert "Not allowed" in refused and "Other Hotel" not in refused


async def test_card_shows_the_hotel_with_buttons_by_role(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    await KnowledgeEntry.create(
        hotel=admin_hotel, topic="wifi", questions={"en": ["wifi?"]}, answer={"en": "guest"}
    )
    card = (await chat(MANAGER_ID).say(f"/hotel {admin_hotel.id}"))[0]
    body = card.text or ""
    assert "Test Hotel" in body and "d75b…2345" in body and DEFAULT_TOKEN not in body
    assert "Receiving: webhook" in body and "Hours: 24h" in body and "authorized" in body
    assert "Knowledge entries: 1" in body and "Staff phones: 0" in body
    manager_data = [data for _, data in buttons(card)]
    assert f"h:edit:{admin_hotel.id}:hours" in manager_data
    assert f"h:del:{admin_hotel.id}" not in manager_data
    admin_card = (await chat(SUPER_ADMIN_ID).say("/hotel"))[0]
    assert "Usage" in (admin_card.text or "")
    admin_card = (await chat(SUPER_ADMIN_ID).say(f"/hotel {admin_hotel.id}"))[0]
    assert f"h:del:{admin_hotel.id}" in [data for _, data in buttons(admin_card)]
    support = (await chat(SUPPORT_ID).say("/hotel"))[0]  # the only hotel they have
    assert "Test Hotel" in (support.text or "") and buttons(support) == []
    assert "no hotel #999" in text(await chat(SUPER_ADMIN_ID).say("/hotel 999"))


async def test_edit_hours_and_token_from_the_card(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}"))[0]
    asked = await press(manager, card, f"h:edit:{admin_hotel.id}:hours")
    assert "HH:MM-HH:MM" in text(asked)
    assert "08:00-22:00" in text(await manager.say("8am to 10pm"))
    saved = text(await manager.say("08:00-22:00"))
    assert "Saved" in saved and "Hours: 08:00-22:00" in saved
    hotel = await Hotel.get(id=admin_hotel.id)
    assert (hotel.hours_open, hotel.hours_close) == ("08:00", "22:00")
    entry = await AuditEntry.get(action="hotel_edit", hotel_id=hotel.id)
    assert entry.details == {"before": {"hours": "24h"}, "after": {"hours": "08:00-22:00"}}

    await press(manager, card, f"h:edit:{admin_hotel.id}:token")
    refused = text(await manager.say("not-the-right-token"))
    assert "refused these credentials (401)" in refused and "again" in refused
    assert "Saved" in text(await manager.say(DEFAULT_TOKEN))
    assert await AuditEntry.filter(action="hotel_edit", hotel_id=hotel.id).count() == 2


async def test_template_set_reaches_the_next_guest(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_green: FakeGreenAPI
) -> None:
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}"))[0]
    menu = (await press(manager, card, f"h:tpl:{admin_hotel.id}"))[0]
    view = (await press(manager, menu, f"h:tk:{admin_hotel.id}:greeting"))[0]
    assert "(built-in)" in (view.text or "")
    asked = text(await press(manager, view, f"h:ts:{admin_hotel.id}:greeting:en"))
    assert "{hotel}" in asked
    assert "{hotel}" in text(await manager.say("Hi, your {room} is ready"))
    saved = text(await manager.say("Welcome to {hotel}, dear guest! Ask me anything."))
    assert "Saved" in saved and "(the hotel's wording)" in saved

    response = await post_webhook(admin_client, text_body("Hello there"))
    assert response.status == 200
    sent = await fake_green.wait_for_sent(1)
    assert sent[0].message == "Welcome to Test Hotel, dear guest! Ask me anything."
    change = await AuditEntry.get(action="template_set", hotel_id=admin_hotel.id)
    assert change.details["after"]["text"].startswith("Welcome to {hotel}")


async def test_toggle_and_delete_with_confirmation(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    card = (await admin.say(f"/hotel {admin_hotel.id}"))[0]
    toggled = await press(admin, card, f"h:toggle:{admin_hotel.id}")
    assert "disabled" in text(toggled) and "Enabled: no" in text(toggled)
    assert not (await Hotel.get(id=admin_hotel.id)).enabled
    toggled = await press(admin, toggled[0], f"h:toggle:{admin_hotel.id}")
    assert (await Hotel.get(id=admin_hotel.id)).enabled
    assert await AuditEntry.filter(action="hotel_enable").count() == 2

    confirm = (await press(admin, toggled[0], f"h:del:{admin_hotel.id}"))[0]
    assert "cannot be undone" in (confirm.text or "")
    kept = (await press(admin, confirm, f"h:card:{admin_hotel.id}"))[0]
    assert await Hotel.exists(id=admin_hotel.id)
    confirm = (await press(admin, kept, f"h:del:{admin_hotel.id}"))[0]
    done = text(await press(admin, confirm, f"h:delok:{admin_hotel.id}"))
    assert "is deleted" in done and not await Hotel.exists(id=admin_hotel.id)
    assert await AuditEntry.exists(action="hotel_delete", hotel_id=admin_hotel.id)
    assert "no hotel" in text(await chat(SUPER_ADMIN_ID).say(f"/hotel {admin_hotel.id}"))


async def test_knowledge_import_by_file_good_and_bad(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_green: FakeGreenAPI
) -> None:
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}"))[0]
    menu = (await press(manager, card, f"h:kb:{admin_hotel.id}"))[0]
    assert "0 entries" in (menu.text or "")
    asked = text(await press(manager, menu, f"h:ki:{admin_hotel.id}"))
    assert "YAML or JSON" in asked
    assert ".yaml or .json" in text(await manager.say("here it comes"))
    bad = (KNOWLEDGE / "bad_missing_answer.yaml").read_bytes()
    refused = text(await manager.send_file("bad.yaml", bad))
    assert "Nothing was imported" in refused and "entry 2 (cli_bad_second)" in refused
    assert await KnowledgeEntry.filter(hotel_id=admin_hotel.id).count() == 0
    good = (KNOWLEDGE / "good.json").read_bytes()
    imported = (await manager.send_file("good.json", good))[0]
    assert "Imported 2 entries (0 replaced)" in (imported.text or "")
    assert "cli_spa" in [label for label, _ in buttons(imported)]
    topics = await KnowledgeEntry.filter(hotel_id=admin_hotel.id).values_list("topic", flat=True)
    assert sorted(str(topic) for topic in topics) == ["cli_pool", "cli_spa"]
    assert "didn't understand" in text(await manager.say("more?")), "the prompt is closed"
    entry = await AuditEntry.get(action="knowledge_import", hotel_id=admin_hotel.id)
    assert entry.details["after"]["imported"] == 2

    await post_webhook(admin_client, text_body("Do you have a spa?"))
    sent = await fake_green.wait_for_sent(2)
    assert any("floor -1" in m.message for m in sent)


async def test_knowledge_add_edit_delete_and_staff_phones(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}"))[0]
    menu = (await press(manager, card, f"h:kb:{admin_hotel.id}"))[0]
    await press(manager, menu, f"h:ka:{admin_hotel.id}")
    assert "questions guests ask in en" in text(await manager.say("parking"))
    assert "in ru" in text(await manager.say("Do you have parking?\nWhere can I park?"))
    assert "answer in en" in text(await manager.say("-"))
    assert "answer in ru" in text(await manager.say("Garage, 18 EUR a day."))
    shown = (await manager.say("Гараж, 18 EUR в сутки."))[0]
    assert "Entry added" in (shown.text or "")
    entry = await KnowledgeEntry.get(hotel_id=admin_hotel.id, topic="parking")
    assert entry.questions == {"en": ["Do you have parking?", "Where can I park?"]}
    assert entry.answer == {"en": "Garage, 18 EUR a day.", "ru": "Гараж, 18 EUR в сутки."}

    await press(manager, shown, f"h:kw:{admin_hotel.id}:{entry.id}:en")
    edited = (await manager.say("Garage under the hotel, 20 EUR a day."))[0]
    assert (await KnowledgeEntry.get(id=entry.id)).answer["en"].endswith("20 EUR a day.")
    confirm = (await press(manager, edited, f"h:kd:{admin_hotel.id}:{entry.id}"))[0]
    gone = (await press(manager, confirm, f"h:kx:{admin_hotel.id}:{entry.id}"))[0]
    assert "deleted" in (gone.text or "") and not await KnowledgeEntry.exists(id=entry.id)

    card = (await press(manager, gone, f"h:card:{admin_hotel.id}"))[0]
    phones = (await press(manager, card, f"h:ph:{admin_hotel.id}"))[0]
    await press(manager, phones, f"h:pa:{admin_hotel.id}")
    assert "not an international number" in text(await manager.say("call me"))
    listed = (await manager.say("+351 912 345 678"))[0]
    row = await Staff.get(hotel_id=admin_hotel.id, phone="351912345678")
    assert row.role is Role.SUPPORT and "+351912345678" in (listed.text or "")
    removed = text(await press(manager, listed, f"h:pr:{admin_hotel.id}:{row.id}"))
    assert "removed" in removed and not await Staff.exists(id=row.id)
    actions = set(await AuditEntry.all().values_list("action", flat=True))
    assert {"knowledge_add", "knowledge_edit", "knowledge_delete"} <= actions
    assert {"staff_phone_add", "staff_phone_remove"} <= actions


async def test_forged_buttons_for_another_hotel_are_refused_and_audited(
    admin_client: Client,
    admin_hotel: Hotel,
    other_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
) -> None:
    theirs = await KnowledgeEntry.create(
        hotel=other_hotel, topic="spa", questions={"en": ["spa?"]}, answer={"en": "Yes."}
    )
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}"))[0]
    b = other_hotel.id
    for data in (f"h:toggle:{b}", f"h:delok:{b}", f"h:edit:{b}:hours", f"h:kx:{b}:{theirs.id}"):
        assert "Not allowed" in await forge(manager, card, data)
    assert "Not allowed" in await forge(manager, card, f"h:delok:{admin_hotel.id}")
    # An entry of hotel B named under hotel A, where the manager may edit: names nothing.
    stale = await forge(manager, card, f"h:kx:{admin_hotel.id}:{theirs.id}")
    assert "out of date" in stale

    other = await Hotel.get(id=b)
    assert other.enabled and other.hours_open is None and await Hotel.exists(id=admin_hotel.id)
    assert await KnowledgeEntry.exists(id=theirs.id)
    assert await Template.filter(hotel_id=b).count() == 0
    refusals = await AuditEntry.filter(action="refused", actor=f"tg:{MANAGER_ID}")
    assert [r.hotel_id for r in refusals].count(b) == 4
    assert not await AuditEntry.filter(action__in=["hotel_enable", "hotel_delete"]).exists()
    assert "didn't understand" in text(await manager.say("09:00-17:00")), "no prompt opened"


async def test_a_manager_sets_how_long_guest_texts_are_kept(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}"))[-1]
    label = next(text for text, _ in buttons(card) if "Guest texts kept" in text)
    assert label.endswith("for good")
    _, prompt = await manager.click(card, data_of(card, f"h:edit:{admin_hotel.id}:retention"))
    assert "How many days" in (prompt[-1].text or "")
    assert "whole number of days" in ((await manager.say("a year"))[-1].text or "")
    assert "whole number of days" in ((await manager.say("99999"))[-1].text or "")
    saved = await manager.say("90")
    assert "Saved." in (saved[0].text or "")
    assert (await Hotel.get(id=admin_hotel.id)).retention_days == 90
    assert any("Guest texts kept: 90 days" in text for text, _ in buttons(saved[-1]))
    change = await AuditEntry.filter(action="hotel_edit", hotel_id=admin_hotel.id).last()
    assert change is not None and change.details["after"] == {"retention_days": 90}

    card = (await manager.say(f"/hotel {admin_hotel.id}"))[-1]
    await manager.click(card, data_of(card, f"h:edit:{admin_hotel.id}:retention"))
    await manager.say("0")
    assert (await Hotel.get(id=admin_hotel.id)).retention_days is None
