"""The hotel card's machine translations, through the fake Bot API, with the model configured
(the fake OpenAI server) and guests writing through the real webhook: what a manager does
there must reach the next guest, and nobody else's staff may see or touch it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.app import create_app
from bot.config import Settings
from bot.guest_flow.knowledge import import_entries, parse_entries
from bot.guest_flow.translate import source_hash
from bot.store.models import AuditEntry, Hotel, KnowledgeEntry, Role, Staff, Template, Translation
from tests.ai_support import ai_settings, flow_of, guest, replies_to, say, settle
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    TelegramChat,
    buttons,
    data_of,
    text,
)
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.openai import FakeOpenAI
from tests.fakes.telegram import ApiCall, FakeTelegram
from tests.test_ai_translate import (
    BREAKFAST_DE,
    BREAKFAST_EN,
    GERMAN,
    GREETING_DE,
    GREETING_EN,
    KNOWLEDGE,
    QUESTION_DE,
    asked,
    translating,
)

OTHER_ID = 1101000002
OTHER_TOKEN = "0ther0token0123456789abcdef0123456789abcdef0123456"
OTHER_MANAGER_ID = 4000


@pytest.fixture
async def client(
    aiohttp_client: Any,
    admin_settings: Settings,
    fake_ai: FakeOpenAI,
    fake_tg: FakeTelegram,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> Any:
    """The app with the admin bot and the model; the English-only test hotel translated into
    German once (greeting and breakfast answer), its manager and support agent."""
    app: Client = await aiohttp_client(create_app(ai_settings(admin_settings, fake_ai)))
    await fake_tg.wait_for("getUpdates", 1, timeout=15.0)
    hotel = await hotel_factory(languages="en")
    await import_entries(hotel.id, parse_entries(KNOWLEDGE))
    await Template.create(hotel=hotel, key="greeting", language="en", text=GREETING_EN)
    await Staff.create(hotel=hotel, telegram_id=MANAGER_ID, role=Role.MANAGER, name="Maria")
    await Staff.create(hotel=hotel, telegram_id=SUPPORT_ID, role=Role.SUPPORT, name="Sam")
    fake_ai.reply = translating(GERMAN)
    await say(app, QUESTION_DE, guest(1), "D1")
    await settle(app)
    assert await Translation.filter(hotel_id=hotel.id).count() == 2
    yield app
    await app.close()


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


async def open_menu(manager: TelegramChat, hotel_id: int) -> ApiCall:
    card = (await manager.say(f"/hotel {hotel_id}"))[0]
    return (await press(manager, card, f"h:xl:{hotel_id}:"))[0]


async def test_the_menu_lists_translations_by_language_and_shows_one(
    client: Client, chat: Chat
) -> None:
    hotel = await Hotel.get(name="Test Hotel")
    manager = chat(MANAGER_ID)
    menu = await open_menu(manager, hotel.id)
    assert "Machine translations of Test Hotel: 2" in (menu.text or "")
    assert "de: 2" in (menu.text or "")
    labels = [label for label, _ in buttons(menu)]
    assert "[de] answer breakfast" in labels and "[de] template greeting" in labels
    row = await Translation.get(key="greeting")
    view = (await press(manager, menu, f"h:xv:{hotel.id}:{row.id}"))[0]
    assert GREETING_DE in (view.text or "") and "machine translation" in (view.text or "")
    assert f"Made from the en text, as it still is:\n{GREETING_EN}" in (view.text or "")
    # The hotel's text changes: the view says the translation is made again.
    await Template.filter(hotel_id=hotel.id, key="greeting", language="en").update(text="Hi!")
    flow_of(client).brain.templates.forget(hotel.id)
    menu = (await press(manager, view, f"h:xl:{hotel.id}:0"))[0]
    again = (await press(manager, menu, f"h:xv:{hotel.id}:{row.id}"))[0]
    assert "has changed since" in (again.text or "") and "Now:\nHi!" in (again.text or "")


async def test_a_manager_replaces_a_translation_and_the_next_guest_reads_it(
    client: Client, chat: Chat, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    hotel = await Hotel.get(name="Test Hotel")
    manager = chat(MANAGER_ID)
    menu = await open_menu(manager, hotel.id)
    greeting = await Translation.get(key="greeting")
    view = (await press(manager, menu, f"h:xv:{hotel.id}:{greeting.id}"))[0]
    asked = text(await press(manager, view, f"h:xw:{hotel.id}:{greeting.id}"))
    assert "{hotel}" in asked and GREETING_DE in asked
    # Checked as any template: only its placeholders.
    assert "{hotel}" in text(await manager.say("Hallo, Ihr {room} ist bereit"))
    saved = text(await manager.say("Grüß Gott im {hotel}!"))
    assert "own de template" in saved and "de: 1" in saved
    own = await Template.get(hotel_id=hotel.id, key="greeting", language="de")
    assert own.text == "Grüß Gott im {hotel}!"
    assert not await Translation.exists(key="greeting")
    change = await AuditEntry.get(action="translation_replace", hotel_id=hotel.id)
    assert change.details["before"]["text"] == GREETING_DE
    assert change.details["after"]["text"] == "Grüß Gott im {hotel}!"

    # The knowledge answer: stored as the entry's German answer.
    menu = await open_menu(manager, hotel.id)
    answer = await Translation.get(key="breakfast")
    view = (await press(manager, menu, f"h:xv:{hotel.id}:{answer.id}"))[0]
    await press(manager, view, f"h:xw:{hotel.id}:{answer.id}")
    saved = text(await manager.say("Frühstück: 7:00 bis 10:30 im Garten."))
    assert "answer; the machine translation is gone" in saved
    entry = await KnowledgeEntry.get(hotel_id=hotel.id, topic="breakfast")
    assert entry.answer == {"en": BREAKFAST_EN, "de": "Frühstück: 7:00 bis 10:30 im Garten."}

    calls = len(fake_ai.requests)
    await say(client, QUESTION_DE, guest(2), "D2")
    sent = [m.message for m in await replies_to(fake_green, guest(2), 2)]
    assert sent == ["Grüß Gott im Test Hotel!", "Frühstück: 7:00 bis 10:30 im Garten."]
    await settle(client)
    assert len(fake_ai.requests) == calls  # the hotel's own texts need no translation


async def test_a_deleted_translation_is_made_again_for_the_next_guest(
    client: Client, chat: Chat, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    hotel = await Hotel.get(name="Test Hotel")
    manager = chat(MANAGER_ID)
    menu = await open_menu(manager, hotel.id)
    answer = await Translation.get(key="breakfast")
    view = (await press(manager, menu, f"h:xv:{hotel.id}:{answer.id}"))[0]
    done = text(await press(manager, view, f"h:xx:{hotel.id}:{answer.id}"))
    assert "deleted" in done and "de: 1" in done
    assert await AuditEntry.exists(action="translation_delete", hotel_id=hotel.id)

    await say(client, QUESTION_DE, guest(2), "D2")
    sent = [m.message for m in await replies_to(fake_green, guest(2), 2)]
    assert sent[1] == BREAKFAST_DE
    assert [t["id"] for t in asked(fake_ai.requests[-1])] == ["knowledge:breakfast"]
    again = await Translation.get(key="breakfast")
    assert again.source_hash == source_hash(BREAKFAST_EN)


async def test_other_staff_cannot_see_or_touch_a_hotels_translations(
    client: Client,
    chat: Chat,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    fake_green: FakeGreenAPI,
) -> None:
    hotel = await Hotel.get(name="Test Hotel")
    fake_green.add_instance(OTHER_ID, OTHER_TOKEN)
    other = await hotel_factory(
        name="Other Hotel", instance_id=OTHER_ID, token=OTHER_TOKEN, webhook_token="other-wh-1"
    )
    await Staff.create(hotel=other, telegram_id=OTHER_MANAGER_ID, role=Role.MANAGER, name="Olga")
    row = await Translation.get(key="greeting")
    stranger = chat(OTHER_MANAGER_ID)
    own_card = (await stranger.say(f"/hotel {other.id}"))[0]
    for data in (
        f"h:xl:{hotel.id}:0",
        f"h:xv:{hotel.id}:{row.id}",
        f"h:xw:{hotel.id}:{row.id}",
        f"h:xx:{hotel.id}:{row.id}",
    ):
        assert "Not allowed" in await forge(stranger, own_card, data)
    # Its own hotel's id with this hotel's row: the row names nothing there.
    assert "Not allowed" not in await forge(stranger, own_card, f"h:xx:{other.id}:{row.id}")
    assert await Translation.exists(id=row.id)
    # The support agent of this very hotel may not edit the card.
    support = chat(SUPPORT_ID)
    card = (await support.say(f"/hotel {hotel.id}"))[0]
    assert not [d for _, d in buttons(card) if d.startswith("h:xl:")]
    assert "Not allowed" in await forge(support, card, f"h:xx:{hotel.id}:{row.id}")
    assert await Translation.exists(id=row.id)
    refused = await AuditEntry.filter(action="refused", hotel_id=hotel.id).count()
    assert refused >= 5


async def test_a_forged_id_past_integer_is_a_stale_button(client: Client, chat: Chat) -> None:
    """Hotels, entries, translations and phones have INTEGER ids: a larger one in button data
    names nothing and is answered as a stale button (PostgreSQL refused the query, and the
    press went unanswered)."""
    hotel = await Hotel.get(name="Test Hotel")
    manager = chat(MANAGER_ID)
    menu = await open_menu(manager, hotel.id)
    past = 2**31
    for data in (f"h:xv:{hotel.id}:{past}", f"h:xx:{hotel.id}:{past}", f"h:ke:{hotel.id}:{past}"):
        assert "out of date" in await forge(manager, menu, data), data
    boss = chat(SUPER_ADMIN_ID)
    card = (await boss.say(f"/hotel {hotel.id}"))[0]
    assert "out of date" in await forge(boss, card, f"h:card:{past}")
    assert await Translation.exists(hotel_id=hotel.id)
