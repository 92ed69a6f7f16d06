"""Hotel texts translated by the model into a guest's language, once, cached and guarded.

Through the real app, the real openai SDK and the fake OpenAI server: an English-only hotel
(its own greeting, its knowledge answers in English) and guests writing German or Portuguese.
The requests the fake received are the proof of what was asked, and how often.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.app import create_app
from bot.config import Settings
from bot.guest_flow.knowledge import import_entries, parse_entries
from bot.guest_flow.translate import refusal, source_hash
from bot.store.models import AICall, Hotel, ServiceRequest, Template, Translation
from tests.ai_support import (
    KNOWN,
    OTHER_INSTANCE_ID,
    ai_settings,
    flow_of,
    guest,
    other_hotel,
    replies_to,
    say,
    settle,
)
from tests.conftest import Client
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.openai import FakeOpenAI

DEADLINE = 3.0
WAITING_GUESTS = 35  # more than the processor's 32 shared slots
GREETING_EN = "Welcome to {hotel}! We are glad you are here."
GREETING_DE = "Willkommen im {hotel}! Schön, dass Sie da sind."
BREAKFAST_EN = "Breakfast is served from 7:00 to 10:30 in the garden restaurant."
BREAKFAST_DE = "Frühstück gibt es von 7:00 bis 10:30 im Gartenrestaurant."
QUESTION_DE = "Wann gibt es morgens Frühstück im Hotel?"
QUESTION_PT = "A que horas é servido o pequeno-almoço no hotel?"
BREAKFAST_PT = "O pequeno-almoço é servido das 7:00 às 10:30 no restaurante do jardim."
GREETING_PT = "Bem-vindo ao {hotel}! Ficamos felizes por estar aqui."
PARKING_EN = "Our garage has 30 spaces at 18 EUR a day."
PARKING_DE = "Unsere Garage hat 30 Plätze für 18 EUR pro Tag."
FALLBACK_LINE = "so I'll reply in English"  # the polite line (language_fallback), in English
KNOWLEDGE = {
    "entries": [
        {
            "topic": "breakfast",
            "questions": {
                "en": ["When is breakfast served?"],
                "de": [QUESTION_DE],
                "pt": [QUESTION_PT],
            },
            "answer": {"en": BREAKFAST_EN},
        }
    ]
}
GERMAN = {GREETING_EN: GREETING_DE, BREAKFAST_EN: BREAKFAST_DE}


def translating(table: dict[str, str]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The fake model: a translation request answered from `table` (source → translation)."""

    def reply(request: dict[str, Any]) -> dict[str, Any]:
        if not is_translation(request):
            return {"kind": "unknown", "text": "", "fact_ids": [], "language": "de"}
        texts = asked(request)
        return {"texts": [{"id": t["id"], "text": table[t["text"]]} for t in texts]}

    return reply


def is_translation(request: dict[str, Any]) -> bool:
    return bool(
        request.get("response_format", {}).get("json_schema", {}).get("name") == "translations"
    )


def asked(request: dict[str, Any]) -> list[dict[str, str]]:
    texts: list[dict[str, str]] = json.loads(request["messages"][-1]["content"])["texts"]
    return texts


def translations(fake: FakeOpenAI) -> list[dict[str, Any]]:
    return [r for r in fake.requests if is_translation(r)]


async def english_hotel(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    **overrides: Any,
) -> Client:
    """The app with the model, and an English-only hotel with its own greeting."""
    config = ai_settings(settings, fake_ai, ai_deadline_seconds=DEADLINE, **overrides)
    app: Client = await aiohttp_client(create_app(config))
    hotel = await hotel_factory(languages="en")
    await import_entries(hotel.id, parse_entries(KNOWLEDGE))
    await Template.create(hotel=hotel, key="greeting", language="en", text=GREETING_EN)
    return app


@pytest.fixture
async def client(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> Client:
    return await english_hotel(aiohttp_client, settings, fake_ai, hotel_factory)


async def test_a_german_guest_gets_greeting_and_answer_in_german_translated_once(
    client: Client, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    fake_ai.reply = translating(GERMAN)
    await say(client, QUESTION_DE, guest(1), "D1")
    greeting, answer = (m.message for m in await replies_to(fake_green, guest(1), 2))
    assert greeting == "Willkommen im Test Hotel! Schön, dass Sie da sind."
    assert answer == BREAKFAST_DE
    # One call for both texts, the hotel's own wording and its answer as the sources.
    [request] = fake_ai.requests
    assert is_translation(request)
    assert asked(request) == [
        {"id": "template:greeting", "text": GREETING_EN},
        {"id": "knowledge:breakfast", "text": BREAKFAST_EN},
    ]
    system = request["messages"][0]["content"]
    assert "into German" in system and "Test Hotel" in system and "placeholder" in system
    assert request["temperature"] == 0 and "tools" not in request
    rows = await Translation.all().order_by("kind").values_list("kind", "key", "language", "text")
    assert rows == [
        ("knowledge", "breakfast", "de", BREAKFAST_DE),
        ("template", "greeting", "de", GREETING_DE),
    ]
    [call] = await AICall.all()
    assert call.outcome == "translated" and call.prompt_tokens > 0

    # The next German guest is answered from the cache: no call.
    await say(client, QUESTION_DE, guest(2), "D2")
    second = [m.message for m in await replies_to(fake_green, guest(2), 2)]
    assert second == ["Willkommen im Test Hotel! Schön, dass Sie da sind.", BREAKFAST_DE]
    await settle(client)
    assert len(fake_ai.requests) == 1


async def test_both_answers_to_two_questions_are_translated_in_one_call(
    client: Client, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    hotel = await Hotel.get(name="Test Hotel")
    parking = {
        "topic": "parking",
        "questions": {"en": ["Is there parking?"], "de": ["Gibt es einen Parkplatz?"]},
        "answer": {"en": PARKING_EN},
    }
    await import_entries(hotel.id, parse_entries({"entries": [parking]}))
    fake_ai.reply = translating({**GERMAN, PARKING_EN: PARKING_DE})
    await say(client, f"{QUESTION_DE} Und gibt es einen Parkplatz?", guest(1), "D1")
    replies = [m.message for m in await replies_to(fake_green, guest(1), 3)]
    assert replies[1:] == [BREAKFAST_DE, PARKING_DE]
    [request] = fake_ai.requests
    assert [t["id"] for t in asked(request)] == [
        "template:greeting",
        "knowledge:breakfast",
        "knowledge:parking",
    ]


async def test_a_portuguese_guest_gets_the_built_in_texts_translated(
    client: Client, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    """No built-in Portuguese: the hotel's greeting and the knowledge answer are translated,
    a language the hotel never declared."""
    fake_ai.reply = translating({GREETING_EN: GREETING_PT, BREAKFAST_EN: BREAKFAST_PT})
    await say(client, QUESTION_PT, guest(1), "P1")
    sent = [m.message for m in await replies_to(fake_green, guest(1), 2)]
    assert sent == ["Bem-vindo ao Test Hotel! Ficamos felizes por estar aqui.", BREAKFAST_PT]
    assert "into Portuguese" in translations(fake_ai)[0]["messages"][0]["content"]


async def test_a_request_the_model_files_is_confirmed_in_the_guests_language(
    client: Client, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    """Portuguese has no built-in texts: the confirmation and the request's name are
    translated after the model filed the request (the greeting and the fallback, needed before
    the model answered, are translated already)."""
    i18n = flow_of(client).i18n
    hotel = await Hotel.get(name="Test Hotel")
    fallback_en = i18n.raw("guest.templates.fallback", "en")
    for key, source, done in (
        ("greeting", GREETING_EN, GREETING_PT),
        ("fallback", fallback_en, "Desculpe, não tenho uma resposta segura."),
    ):
        await Translation.create(
            hotel=hotel, kind="template", key=key, language="pt", source_hash=source_hash(source),
            text=done,
        )  # fmt: skip
    received_en = i18n.raw("guest.templates.request_received", "en")
    received_pt = "Obrigado! O seu pedido ({request}) foi enviado à equipa. Referência #{number}."
    fake_ai.reply = translating({received_en: received_pt, "fresh towels": "toalhas lavadas"})
    fake_ai.call_tools_next(
        (
            "file_service_request",
            {"kind": "towels", "room": None, "time": None, "details": "fresh towels"},
        )
    )
    await say(client, "Não tenho toalhas no quarto, vocês podem trazer algumas?", guest(1), "P1")
    sent = [m.message for m in await replies_to(fake_green, guest(1), 2)]
    request = await ServiceRequest.get()
    assert sent == [
        "Bem-vindo ao Test Hotel! Ficamos felizes por estar aqui.",
        "Obrigado! O seu pedido (toalhas lavadas) foi enviado à equipa. "
        f"Referência #{request.id}.",
    ]
    model, translation = fake_ai.requests
    assert "tools" in model and not is_translation(model)
    assert asked(translation) == [
        {"id": "template:request_received", "text": received_en},
        {"id": "template:requests.towels", "text": "fresh towels"},
    ]


@pytest.mark.parametrize(
    ("greeting", "answer", "why"),
    [
        ("Willkommen! Schön, dass Sie da sind.", BREAKFAST_DE, "placeholders differ"),
        (GREETING_DE, BREAKFAST_DE.replace("10:30", "11:30"), "missing"),
    ],
    ids=["placeholder dropped", "time changed"],
)
async def test_a_translation_that_loses_a_placeholder_or_changes_a_detail_is_refused(
    client: Client,
    fake_ai: FakeOpenAI,
    fake_green: FakeGreenAPI,
    greeting: str,
    answer: str,
    why: str,
) -> None:
    fake_ai.reply = translating({GREETING_EN: greeting, BREAKFAST_EN: answer})
    await say(client, QUESTION_DE, guest(1), "D1")
    sent = [m.message for m in await replies_to(fake_green, guest(1), 3)]
    # The hotel's first language, and the guest told so politely (in German: a built-in).
    assert "Welcome to Test Hotel! We are glad you are here." in sent
    assert BREAKFAST_EN in sent
    assert any("Englisch" in line for line in sent)
    [call] = await AICall.all()
    assert call.outcome == "dropped" and why in (call.detail or "")
    # Only what passed is kept; the refused text is not asked for again at once.
    kept = {str(key) for key in await Translation.all().values_list("key", flat=True)}
    assert kept == ({"greeting"} if why == "missing" else {"breakfast"})
    await say(client, QUESTION_DE, guest(2), "D2")
    await replies_to(fake_green, guest(2), 2)
    await settle(client)
    assert len(fake_ai.requests) == 1


async def test_a_hanging_model_costs_the_guest_one_deadline_and_the_late_text_is_kept(
    client: Client, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    fake_ai.reply = translating(GERMAN)
    fake_ai.delay = DEADLINE + 1.5  # later than the guest waits, sooner than the call's limit
    posted = await say(client, QUESTION_DE, guest(1), "D1")
    sent = await replies_to(fake_green, guest(1), 3, timeout=DEADLINE + 3)
    waited = time.monotonic() - posted
    assert DEADLINE - 0.5 < waited < DEADLINE + 1.2
    assert BREAKFAST_EN in [m.message for m in sent]
    # The translation arrives after the guest was answered, and is kept for the next one.
    until = time.monotonic() + DEADLINE * 3
    while await Translation.all().count() < 2:
        assert time.monotonic() < until, "the late translation was not kept"
        await asyncio.sleep(0.05)
    fake_ai.delay = 0.0
    await say(client, QUESTION_DE, guest(2), "D2")
    second = [m.message for m in await replies_to(fake_green, guest(2), 2)]
    assert second == ["Willkommen im Test Hotel! Schön, dass Sie da sind.", BREAKFAST_DE]
    assert len(fake_ai.requests) == 1


async def test_guests_waiting_for_a_translation_hold_no_one_else_up(
    client: Client,
    fake_ai: FakeOpenAI,
    fake_green: FakeGreenAPI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    """More German guests than the processor has shared slots wait for one hanging
    translation; another hotel's guest is answered from its knowledge at once meanwhile."""
    await other_hotel(fake_green, hotel_factory)
    fake_ai.reply = translating(GERMAN)
    fake_ai.delay = DEADLINE + 1.5
    for n in range(WAITING_GUESTS):
        await say(client, QUESTION_DE, guest(100 + n), f"D{n}")
    asked_at = await say(client, KNOWN, guest(9), "O1", instance_id=OTHER_INSTANCE_ID)
    _, other = await replies_to(fake_green, guest(9), 2)
    assert other.message.startswith("Breakfast is a buffet")
    assert time.monotonic() - asked_at < 1.0
    assert len(fake_ai.requests) == 1  # one translation for every German guest
    for n in range(WAITING_GUESTS):
        sent = await replies_to(fake_green, guest(100 + n), 3, timeout=DEADLINE + 10)
        assert BREAKFAST_EN in [m.message for m in sent]


async def test_a_changed_template_is_translated_again(
    client: Client, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    new_en = "Hello from {hotel}, welcome!"
    new_de = "Hallo aus dem {hotel}, willkommen!"
    fake_ai.reply = translating({**GERMAN, new_en: new_de})
    await say(client, QUESTION_DE, guest(1), "D1")
    await replies_to(fake_green, guest(1), 2)
    hotel = await Hotel.get(name="Test Hotel")
    await Template.filter(hotel_id=hotel.id, key="greeting", language="en").update(text=new_en)
    flow_of(client).brain.templates.forget(hotel.id)

    await say(client, QUESTION_DE, guest(2), "D2")
    sent = [m.message for m in await replies_to(fake_green, guest(2), 2)]
    assert sent == ["Hallo aus dem Test Hotel, willkommen!", BREAKFAST_DE]
    # Only the changed text was asked for; the cached answer still matched its source.
    assert asked(fake_ai.requests[1]) == [{"id": "template:greeting", "text": new_en}]
    row = await Translation.get(key="greeting", language="de")
    assert row.text == new_de and row.source_hash == source_hash(new_en)


async def test_no_call_when_the_budget_is_spent(
    client: Client, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    fake_ai.reply = translating(GERMAN)
    hotel = await Hotel.get(name="Test Hotel")
    await Hotel.filter(id=hotel.id).update(ai_daily_tokens=100)
    await AICall.create(hotel_id=hotel.id, model="m", prompt_tokens=150, outcome="answered")
    await say(client, QUESTION_DE, guest(1), "D1")
    sent = [m.message for m in await replies_to(fake_green, guest(1), 3)]
    assert BREAKFAST_EN in sent and any("Englisch" in line for line in sent)
    await settle(client)
    assert fake_ai.requests == []
    assert not await Translation.exists()


async def test_no_call_while_the_breaker_is_open(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    fake_green: FakeGreenAPI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    """A failed translation call counts against the model like any other; once the breaker
    is open, a German guest is answered as without a model, and nothing is asked."""
    client = await english_hotel(
        aiohttp_client, settings, fake_ai, hotel_factory, ai_breaker_failures=1
    )
    fake_ai.reply = translating(GERMAN)
    fake_ai.fail_next(2, status=500)  # the call and its one retry
    await say(client, QUESTION_DE, guest(1), "D1")
    first = [m.message for m in await replies_to(fake_green, guest(1), 3)]
    assert BREAKFAST_EN in first and any("Englisch" in line for line in first)
    assert [c.outcome for c in await AICall.all()] == ["error"]
    model = flow_of(client).brain.ai
    assert model is not None and not model.available  # the breaker opened
    await say(client, QUESTION_DE, guest(2), "D2")
    second = [m.message for m in await replies_to(fake_green, guest(2), 3)]
    assert BREAKFAST_EN in second and any("Englisch" in line for line in second)
    await settle(client)
    assert len(fake_ai.requests) == 2 and not await Translation.exists()


def test_the_guard_holds_a_translation_to_its_source() -> None:
    source = "Your request ({request}) is #{number}. Call +351 21 000 0000 or see aurora.pt."
    good = "Ihr Wunsch ({request}) hat #{number}. Rufen Sie +351 21 000 0000 an, aurora.pt."
    assert refusal(source, good) is None
    assert "placeholders" in (refusal(source, good.replace("{number}", "{nummer}")) or "")
    assert "missing" in (refusal(source, good.replace("aurora.pt", "")) or "")
    assert "missing" in (refusal(source, good.replace("+351 21 000 0000", "")) or "")
    assert "not in the source" in (refusal(source, good + " 20 EUR") or "")
    assert refusal(source, "  ") == "an empty translation"
    assert refusal(source, good.replace("{request}", "{request")) == "unbalanced braces"
    # "WLAN" is a German word, not an invented code; a made-up code still is.
    assert refusal("The Wi-Fi password is aurora2024.", "Das WLAN-Passwort: aurora2024.") is None
    assert refusal("The Wi-Fi is free.", "Das WLAN ist gratis, Code X7Y9.") is not None
    # A number in a compound is the number: "3-minute" may be "3 минуты", not "5 минут".
    assert refusal("A 3-minute walk.", "3 минуты пешком.") is None
    assert refusal("A 3-minute walk.", "5 минут пешком.") is not None
