"""Numbers typed by people and carried in button data, through the fake Bot API.

`str.isdigit` is true for "²" (and `int("²")` raises), and an id of 38 digits overflows the
database's BIGINT: each must get the command's usage answer or "out of date", never silence and a
traceback, and the bot must go on answering afterwards.
"""

from __future__ import annotations

import pytest

from bot.admin_flow.core.replies import parse_id
from bot.store.models import Hotel
from tests.conftest import SUPER_ADMIN_ID, Chat, Client, TelegramChat, data_of, text
from tests.fakes.telegram import ApiCall

BAD_NUMBERS = ["²", "10^23", "1" * 38, "٣", "1_000", "-1", "0", "+7", "0x10"]


@pytest.mark.parametrize(
    ("typed", "number"),
    [("42", 42), (" 7 ", 7), ("9" * 18, int("9" * 18)), ("007", 7)],
)
def test_an_id_is_ascii_digits_only(typed: str, number: int) -> None:
    assert parse_id(typed) == number


@pytest.mark.parametrize("typed", [*BAD_NUMBERS, "", "9" * 19, "1 2", "１２"])
def test_anything_else_is_no_id(typed: str) -> None:
    assert parse_id(typed) is None


def test_a_page_may_be_zero() -> None:
    assert parse_id("0", zero=True) == 0 and parse_id("0") is None
    assert parse_id("²", zero=True) is None


async def forge(person: TelegramChat, call: ApiCall, data: str) -> str:
    """Press a button that is not on the message (crafted callback data); the alert text."""
    fake = person.fake
    before = len(await fake.wait_for("answerCallbackQuery", 0))
    fake.click(person.user, call, data, strict=False)
    answers = await fake.wait_for("answerCallbackQuery", before + 1)
    return str(answers[before].params.get("text") or "")


async def test_bad_numbers_get_the_usage_answer_and_the_bot_goes_on(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    for bad in BAD_NUMBERS:
        said = text(await admin.say(f"/hotel {bad}"))
        assert "Usage: /hotel ID" in said, (bad, said)
        said = text(await admin.say(f"/stats {bad}"))
        assert "Usage: /stats" in said, (bad, said)
        said = text(await admin.say(f"/invite manager {bad}"))
        assert "Usage: /invite" in said, (bad, said)
    card = (await admin.say(f"/hotel #{admin_hotel.id}"))[0]
    assert "Test Hotel" in (card.text or "")
    assert "Test Hotel" in text(await admin.say(f"/stats {admin_hotel.id}"))


async def test_forged_button_numbers_are_out_of_date(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    card = (await admin.say(f"/hotel {admin_hotel.id}"))[0]
    hid = admin_hotel.id
    forged = [
        "h:card:²",
        f"h:card:{'1' * 38}",
        "h:card:0",
        "h:list:²",
        f"h:list:{'9' * 19}",
        f"h:kb:{hid}:²",
        f"h:ke:{hid}:{'1' * 38}",
        f"h:pr:{hid}:٣",
        "numbers:stats:²:week",
        f"numbers:stats:{'1' * 38}:week",
        "guest:forget:²",
        f"conv:release:{'1' * 38}",
        "req:done:10^23",
        "staff:rm:²",
        f"staff:role:{'1' * 38}",
    ]
    for data in forged:
        said = await forge(admin, card, data)
        assert "out of date" in said or "no longer in the list" in said, (data, said)
    # Page 0 is a page; the real buttons still work.
    _, shown = await admin.click(card, data_of(card, f"h:kb:{hid}:0"))
    assert "Knowledge of Test Hotel" in text(shown)
    _, shown = await admin.click(card, "h:list:0", forged=True)
    assert "Hotels (1)" in text(shown)
    assert "Test Hotel" in text(await admin.say(f"/hotel {hid}"))


@pytest.mark.parametrize(
    "url", ["https://[::1", "http://", "https://", "https://api.green-api.com:x", "https://a b"]
)
async def test_a_malformed_addhotel_url_is_asked_again(
    admin_client: Client, chat: Chat, url: str
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    await admin.say("/addhotel")
    await admin.say("Casa Azul")
    await admin.say("1101000099")
    await admin.say("0123456789abcdef0123456789abcdef0123456789abcdef01")
    said = text(await admin.say(url))
    assert "URL must look like" in said and "4/8" in said
    assert "Cancelled" in text(await admin.say("/cancel"))
    assert "Usage: /hotel ID" in text(await admin.say("/hotel"))
