"""/addhotel: the guided dialog, driven through the fake Bot API against the fake Green API.

Every step gets a bad answer first (the same question must come back with the reason), then a
good one; the credentials are checked live before anything is saved.
"""

from __future__ import annotations

import json

import pytest

from bot.admin_flow.core import hotel_setup
from bot.admin_flow.core.status import KNOWN_STATES, whatsapp_short_key, whatsapp_text_key
from bot.config import Settings
from bot.gateway_hosts import GatewayUrlRefused, parse_hosts
from bot.i18n import I18n
from bot.store.crypto import TokenCipher
from bot.store.models import AuditEntry, Hotel, ReceiveMode, Role, Staff
from tests.conftest import (
    MANAGER_ID,
    SECRET_KEY,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    TelegramChat,
    buttons,
    data_of,
    text,
)
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, FakeGreenAPI
from tests.fakes.telegram import FakeTelegram

NEW_ID = 1101000077
NEW_TOKEN = "f00dcafe1234567890abcdef1234567890abcdef12345678ab"
PUBLIC = "https://bot.example.com"


@pytest.fixture
def public_url() -> str | None:
    return None


@pytest.fixture
def admin_settings(admin_settings: Settings, public_url: str | None) -> Settings:
    """The admin bot's settings, with PUBLIC_URL when a test parametrizes `public_url`."""
    return admin_settings.model_copy(update={"public_url": public_url})


async def reach_api_url(admin: TelegramChat, token: str = NEW_TOKEN) -> None:
    await admin.say("/addhotel")
    await admin.say("Casa Azul")
    await admin.say(str(NEW_ID))
    await admin.say(token)


async def test_whole_dialog_with_bad_input_at_each_step_saves_a_polling_hotel(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_green: FakeGreenAPI,
    fake_tg: FakeTelegram,
) -> None:
    fake_green.add_instance(NEW_ID, NEW_TOKEN)
    admin = chat(SUPER_ADMIN_ID)
    assert "1/8" in text(await admin.say("/addhotel"))
    replies = await admin.say("   ")
    assert "must not be empty" in text(replies) and "1/8" in text(replies)
    assert "2/8" in text(await admin.say("Casa Azul"))
    replies = await admin.say("12ab")
    assert "is a number" in text(replies) and "2/8" in text(replies)
    replies = await admin.say(str(DEFAULT_INSTANCE_ID))
    assert "already belongs" in text(replies) and "2/8" in text(replies)
    assert "3/8" in text(await admin.say(str(NEW_ID)))
    replies = await admin.say("two words")
    assert "without spaces" in text(replies) and "3/8" in text(replies)
    asked_url = (await admin.say(NEW_TOKEN))[0]
    assert "4/8" in (asked_url.text or "") and fake_green.url in (asked_url.text or "")
    deleted = [c for c in fake_tg.calls if c.method == "deleteMessage"]
    assert deleted, "the message holding the token is deleted from the chat"
    replies = await admin.say("ftp://green.example.com")
    assert "URL must look like" in text(replies) and "4/8" in text(replies)
    _, replies = await admin.click(asked_url, data_of(asked_url, "addhotel:say:api_url"))
    assert "authorized" in text(replies) and "5/8" in text(replies)
    replies = await admin.say("Mars/Olympus_Mons")
    assert "Unknown timezone" in text(replies) and "5/8" in text(replies)
    assert "6/8" in text(await admin.say("Europe/Lisbon"))
    replies = await admin.say("en,xx")
    assert "not a code: xx" in text(replies) and "6/8" in text(replies)
    assert "7/8" in text(await admin.say("en, ru"))
    replies = await admin.say("25:00-26:00")
    assert "08:00-22:00" in text(replies) and "7/8" in text(replies)
    assert "8/8" in text(await admin.say("08:00-22:00"))
    replies = await admin.say("+351 912 345 678, 12")
    assert '"12" is not an international number' in text(replies) and "8/8" in text(replies)
    saved = text(await admin.say("+351 912 345 678, +7 900 123-45-67"))

    hotel = await Hotel.get(instance_id=NEW_ID)
    cipher = TokenCipher(SECRET_KEY)
    webhook_token = cipher.decrypt(hotel.webhook_token_encrypted)
    assert "saved" in saved and "polling" in saved
    assert "/webhooks/whatsapp" in saved and webhook_token in saved
    assert NEW_TOKEN not in saved
    assert hotel.name == "Casa Azul" and hotel.receive_mode is ReceiveMode.POLLING
    assert (hotel.timezone, hotel.languages) == ("Europe/Lisbon", "en,ru")
    assert (hotel.hours_open, hotel.hours_close) == ("08:00", "22:00")
    assert hotel.api_url == fake_green.url and cipher.decrypt(hotel.token_encrypted) == NEW_TOKEN
    phones = await Staff.filter(hotel_id=hotel.id).order_by("phone")
    assert [(s.phone, s.role) for s in phones] == [
        ("351912345678", Role.SUPPORT),
        ("79001234567", Role.SUPPORT),
    ]
    entry = await AuditEntry.get(action="hotel_add", hotel_id=hotel.id)
    assert entry.actor == f"tg:{SUPER_ADMIN_ID}" and entry.details["after"]["name"] == "Casa Azul"
    assert NEW_TOKEN not in json.dumps(entry.details)
    assert "nothing to cancel" in text(await admin.say("/cancel")), "the dialog is over"


async def test_wrong_credentials_are_asked_again_and_not_authorized_gets_advice(
    admin_client: Client, chat: Chat, fake_green: FakeGreenAPI
) -> None:
    fake_green.add_instance(NEW_ID, NEW_TOKEN, state="notAuthorized")
    admin = chat(SUPER_ADMIN_ID)
    await reach_api_url(admin, token="wrong-token")
    replies = await admin.say("-")
    assert "refused instance" in text(replies) and "401" in text(replies)
    assert "2/8" in text(replies), "a wrong token asks for the instance id and token again"
    await admin.say(str(NEW_ID))
    await admin.say(NEW_TOKEN)
    replies = await admin.say("-")
    assert "not authorized" in text(replies) and "QR code" in text(replies)
    assert "5/8" in text(replies), "a fresh instance may be saved and linked later"
    assert "Cancelled" in text(await admin.say("/cancel"))
    assert "didn't understand" in text(await admin.say("Europe/Lisbon"))
    assert not await Hotel.exists(instance_id=NEW_ID)


async def test_unreachable_gateway_offers_retry_or_continue(
    admin_client: Client, chat: Chat, fake_green: FakeGreenAPI
) -> None:
    fake_green.add_instance(NEW_ID, NEW_TOKEN)
    admin = chat(SUPER_ADMIN_ID)
    await reach_api_url(admin)
    fake_green.fail_next(1, status=502, method="getStateInstance")
    asked = (await admin.say(fake_green.url + "/"))[0]
    assert "could not reach" in (asked.text or "") and "502" in (asked.text or "")
    _, replies = await admin.click(asked, "addhotel:retry")
    assert "authorized" in text(replies) and "5/8" in text(replies)
    stale = await admin.fake.wait_for("answerCallbackQuery", 1)
    before = len(stale)
    admin.user.click(asked, "addhotel:skip")  # a button of a question already answered
    answers = await admin.fake.wait_for("answerCallbackQuery", before + 1)
    assert "out of date" in (answers[-1].params.get("text") or "")
    assert "Cancelled" in text(await admin.say("/cancel"))


@pytest.mark.parametrize("public_url", [PUBLIC])
async def test_public_url_and_yes_points_the_instance_webhook_at_us(
    admin_client: Client, chat: Chat, fake_green: FakeGreenAPI
) -> None:
    fake_green.add_instance(NEW_ID, NEW_TOKEN)
    admin = chat(SUPER_ADMIN_ID)
    await reach_api_url(admin)
    await admin.say("-")
    await admin.say("UTC")
    hours = (await admin.say("en"))[0]
    _, replies = await admin.click(hours, data_of(hours, "addhotel:say:hours:24h"))
    phones = replies[0]
    _, replies = await admin.click(phones, data_of(phones, "addhotel:say:phones:-"))
    question = replies[0]
    assert f"{PUBLIC}/webhooks/whatsapp" in (question.text or "")
    replies = await admin.say("maybe")
    assert "yes or no" in text(replies)
    _, replies = await admin.click(question, "addhotel:say:webhook:yes")
    assert "now points at" in text(replies)

    hotel = await Hotel.get(instance_id=NEW_ID)
    webhook_token = TokenCipher(SECRET_KEY).decrypt(hotel.webhook_token_encrypted)
    settings = fake_green.settings(NEW_ID)
    assert settings["webhookUrl"] == f"{PUBLIC}/webhooks/whatsapp"
    assert settings["webhookUrlToken"] == f"Bearer {webhook_token}"
    assert settings["incomingWebhook"] == settings["stateWebhook"] == "yes"
    assert hotel.receive_mode is ReceiveMode.WEBHOOK and hotel.hours_open is None
    assert await Staff.filter(hotel_id=hotel.id).count() == 0
    assert buttons(replies[0]) == [("Open the hotel's card", f"h:card:{hotel.id}")]


@pytest.mark.parametrize("public_url", [PUBLIC])
async def test_public_url_and_no_shows_what_to_paste(
    admin_client: Client, chat: Chat, fake_green: FakeGreenAPI
) -> None:
    fake_green.add_instance(NEW_ID, NEW_TOKEN)
    admin = chat(SUPER_ADMIN_ID)
    await reach_api_url(admin)
    for answer in ("-", "Asia/Dubai", "ru", "24h", "-"):
        await admin.say(answer)
    saved = text(await admin.say("no"))
    hotel = await Hotel.get(instance_id=NEW_ID)
    webhook_token = TokenCipher(SECRET_KEY).decrypt(hotel.webhook_token_encrypted)
    assert f"{PUBLIC}/webhooks/whatsapp" in saved and webhook_token in saved
    assert hotel.receive_mode is ReceiveMode.WEBHOOK
    assert fake_green.settings(NEW_ID)["webhookUrlToken"] == ""


async def test_managers_and_support_may_not_add_hotels(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    for user in (MANAGER_ID, SUPPORT_ID):
        assert "Not allowed" in text(await chat(user).say("/addhotel"))
        assert "didn't understand" in text(await chat(user).say("Casa Azul"))
    refused = await AuditEntry.filter(action="refused").values_list("actor", flat=True)
    assert {str(actor) for actor in refused} == {f"tg:{MANAGER_ID}", f"tg:{SUPPORT_ID}"}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+351 912 345 678", "351912345678"),
        ("+7 (900) 123-45-67", "79001234567"),
        ("00351912345678", "351912345678"),
    ],
)
def test_phone_numbers_are_stored_as_whatsapp_digits(typed: str, stored: str) -> None:
    assert hotel_setup.parse_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "12",
        "0912345678",
        "+351 912 abc",
        "",
        "1234567890123456",
        "+351 912 345 67²",
        "٣٥١٩١٢٣٤٥٦٧٨",
    ],
)
def test_phone_numbers_that_are_not_international_are_refused(typed: str) -> None:
    with pytest.raises(hotel_setup.InvalidInput):
        hotel_setup.parse_phone(typed)


def test_answer_parsers() -> None:
    assert hotel_setup.parse_hours_text(" 24H ") is None
    assert hotel_setup.parse_hours_text("08:00 – 22:00") == "08:00-22:00"
    green = parse_hosts("")
    assert hotel_setup.parse_api_url("-", "https://api.green-api.com/", green) == (
        "https://api.green-api.com"
    )
    assert hotel_setup.parse_languages("ru, en, RU, ja") == "ru,en,ja"
    assert hotel_setup.parse_phones("-") == []
    for bad in (
        lambda: hotel_setup.parse_hours_text("08:00-08:00"),
        lambda: hotel_setup.parse_instance_id("-5"),
        lambda: hotel_setup.parse_instance_id("²"),
        lambda: hotel_setup.parse_instance_id("9" * 19),
        lambda: hotel_setup.parse_yes_no("perhaps"),
        lambda: hotel_setup.check_placeholders("Hi {guest}", {"hotel"}),
        lambda: hotel_setup.check_placeholders("Hi {hotel", {"hotel"}),
    ):
        with pytest.raises(hotel_setup.InvalidInput):
            bad()
    for url in ("green-api.com", "https://[::1", "http://", "https://evil.example"):
        with pytest.raises(GatewayUrlRefused):
            hotel_setup.parse_api_url(url, "https://x", green)
    hotel_setup.check_placeholders("Welcome to {hotel}!", {"hotel"})


def test_webhook_settings_and_state_texts() -> None:
    settings = hotel_setup.webhook_settings("https://bot.example.com/", "tok")
    assert settings["webhookUrl"] == "https://bot.example.com/webhooks/whatsapp"
    assert settings["webhookUrlToken"] == "Bearer tok"
    assert whatsapp_text_key("error:403") == ("admin.numbers.wa_refused", {"status": "403"})
    assert whatsapp_text_key("error:unreachable")[0] == "admin.numbers.wa_unreachable"
    assert whatsapp_text_key("notAuthorized")[0] == "admin.numbers.wa_notAuthorized"


def test_every_whatsapp_state_has_its_words_long_and_short() -> None:
    i18n = I18n()
    states = [*KNOWN_STATES, "error:unreachable", "error:secret", "error:401", "error:500", "odd"]
    for state in states:
        for key, values in (whatsapp_text_key(state), whatsapp_short_key(state)):
            for lang in ("en", "ru"):
                assert i18n.t(key, lang, **values), (state, key, lang)
        long_key, values = whatsapp_text_key(state)
        short = i18n.t(whatsapp_short_key(state)[0], "en", **values)
        assert len(short) <= len(i18n.t(long_key, "en", **values)), state
