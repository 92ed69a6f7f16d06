"""A hotel template cannot make str.format do work: `Welcome to {hotel:>50000000}` once sent a
50 MB greeting. The admin bot refuses such a template by name; one already stored (saved
before the check, or written straight into the database) reaches the guest harmlessly."""

from __future__ import annotations

import pytest

from bot.guest_flow.templates import TEMPLATE_KEYS, HotelTemplates
from bot.i18n import I18n
from bot.store.models import Hotel, Template
from tests.conftest import MANAGER_ID, Chat, Client, data_of, post_webhook, text, text_body
from tests.fakes.greenapi import FakeGreenAPI

WIDE = "Welcome to {hotel:>50000000}"


async def test_a_template_with_a_format_spec_is_refused_by_the_admin_bot(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}"))[0]
    menu = (await manager.click(card, data_of(card, f"h:tpl:{admin_hotel.id}")))[1][0]
    view = (await manager.click(menu, data_of(menu, f"h:tk:{admin_hotel.id}:greeting")))[1][0]
    await manager.click(view, data_of(view, f"h:ts:{admin_hotel.id}:greeting:en"))
    for bad in (WIDE, "Hi from {hotel!r}", "Hi from {hotel.__class__}", "{hotel:{hotel}}"):
        refused = text(await manager.say(bad))
        field = bad[bad.index("{") :]
        assert f"{field}: a placeholder is just a name in braces" in refused, refused
        assert "Please send it again" in refused
    assert not await Template.exists(hotel_id=admin_hotel.id)
    russian = chat(MANAGER_ID, "ru")
    refused = text(await russian.say(WIDE))
    assert "{hotel:>50000000}: подстановка — это только имя в фигурных скобках" in refused
    assert "Saved" in text(await manager.say("Welcome to {hotel}!"))
    template = await Template.get(hotel_id=admin_hotel.id)
    assert template.text == "Welcome to {hotel}!"


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        (WIDE, "Welcome to Test Hotel"),  # the spec is ignored
        ("Welcome to {hotel!r:^{hotel}}", "Welcome to Test Hotel"),
        ("Hi from {hotel.__class__.__mro__}", "Hi from {hotel.__class__.__mro__}"),  # as written
        ("Hi from {0[0]} and {hotel}", "Hi from {0[0]} and {hotel}"),
    ],
)
async def test_a_stored_template_with_a_spec_greets_the_guest_harmlessly(
    app_client: Client, hotel: Hotel, fake_green: FakeGreenAPI, stored: str, sent: str
) -> None:
    await Template.create(hotel=hotel, key="greeting", language="en", text=stored)
    response = await post_webhook(app_client, text_body("Hello there"))
    assert response.status == 200
    greeting = (await fake_green.wait_for_sent(1))[0]
    assert greeting.message == sent


def test_rendering_never_expands_what_a_template_says() -> None:
    book = HotelTemplates(
        I18n(),
        {
            ("greeting", "en"): "{hotel:>99999999} {hotel!s:.1} {hotel:{number}}",
            ("fallback", "en"): "{{hotel}} is {hotel}",
        },
    )
    assert book.render("greeting", "en", hotel="Aurora", number=5) == "Aurora Aurora Aurora"
    assert book.render("fallback", "en", hotel="Aurora") == "{hotel} is Aurora"


def test_a_hotel_that_wrote_every_text_keeps_its_language_when_a_key_is_added() -> None:
    """`clarify_unsure` came after hotels wrote their own texts: their own `clarify` stands
    in, so a hotel that wrote every template in Polish still answers Polish guests in Polish."""
    own = {(key, "pl"): f"[pl] {key} {{options}}" for key in TEMPLATE_KEYS}
    del own[("clarify_unsure", "pl")]
    book = HotelTemplates(I18n(), own)
    assert "pl" in book.complete_languages()
    assert book.render("clarify_unsure", "pl", options="1. x") == "[pl] clarify 1. x"
    del own[("clarify", "pl")]
    assert "pl" not in HotelTemplates(I18n(), own).complete_languages()
