"""End to end: documented webhook bodies posted at the running app, replies read off the fake
Green API. Nothing of ours is mocked."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from tortoise import Tortoise

from bot.demo.seed import KNOWLEDGE
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.knowledge import import_entries, load_file
from bot.guest_flow.matching import KnowledgeItem
from bot.store.models import (
    Conversation,
    ConversationState,
    Direction,
    Event,
    Guest,
    Hotel,
    Message,
    MessageStatus,
    ServiceRequest,
    SetAside,
    Template,
)
from tests.conftest import WEBHOOK_TOKEN, Client, post_webhook, text_body
from tests.fakes.greenapi import FakeGreenAPI

GUEST = "79001234567@c.us"


@pytest.fixture
async def knowledge(hotel: Hotel) -> None:
    await import_entries(hotel.id, load_file(KNOWLEDGE))


async def say(client: Client, flow: GuestFlow, text: str, n: int, **kw: Any) -> Any:
    response = await post_webhook(client, text_body(text, **kw))
    assert response.status == 200
    await flow.processor.drain()
    return response


async def test_first_question_gets_greeting_and_answer(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    await say(app_client, flow, "hi, what time is breakfast tomorrow?", 2)
    sent = await fake_green.wait_for_sent(2)
    assert [s.chat_id for s in sent] == [GUEST, GUEST]
    assert "welcome" in sent[0].message.lower()
    assert "7:00-10:30" in sent[1].message  # the demo knowledge's breakfast hours
    await flow.outbox.flush()
    stored = await Message.filter(direction=Direction.OUT).order_by("id")
    assert [m.status for m in stored] == [MessageStatus.SENT, MessageStatus.SENT]
    assert {m.gateway_id for m in stored} == {s.id_message for s in sent}


async def test_russian_guest_is_answered_in_russian(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    await say(app_client, flow, "Здравствуйте! Какой пароль от вайфая?", 2)
    sent = await fake_green.wait_for_sent(2)
    assert "Здравствуйте" in sent[0].message
    assert "Aurora" in sent[1].message and "пароль" in sent[1].message.lower()
    guest = await Guest.get(chat_id=GUEST)
    assert guest.language == "ru"


async def test_two_questions_in_one_message_get_both_answers(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    """Each clearly about its own topic: both are answered, in the order the guest asked."""
    await say(app_client, flow, "what is the wifi password? and what time is breakfast", 3)
    sent = await fake_green.wait_for_sent(3)
    assert "welcome" in sent[0].message.lower()
    assert "Aurora" in sent[1].message  # the demo knowledge's network name
    assert "7:00-10:30" in sent[2].message
    await flow.outbox.flush()
    replies = await Message.filter(direction=Direction.OUT).order_by("id")
    assert [m.source for m in replies] == ["greeting", "knowledge", "knowledge"]


async def test_duplicate_delivery_is_answered_once(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    body = text_body("Is there parking?", id_message="DUP1")
    for _ in range(3):
        assert (await post_webhook(app_client, body)).status == 200
    await flow.processor.drain()
    await fake_green.wait_for_sent(2)
    await asyncio.sleep(0.2)
    assert len(fake_green.sent) == 2
    assert await Message.filter(direction=Direction.IN).count() == 1
    # The same id in another chat is another message.
    await say(app_client, flow, "Is there parking?", 2, id_message="DUP1", chat_id="7900@c.us")
    await fake_green.wait_for_sent(4)


@pytest.mark.parametrize(
    ("token", "status"), [(None, 401), ("wrong", 401), ("test-webhook-token-012345678", 401)]
)
async def test_bad_token_is_refused_and_nothing_stored(
    app_client: Client, hotel: Hotel, token: str | None, status: int
) -> None:
    response = await post_webhook(app_client, text_body("hello"), token=token)
    assert response.status == status
    assert await Message.all().count() == 0


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (f"Bearer {WEBHOOK_TOKEN}", 200),
        (f"bearer  {WEBHOOK_TOKEN}", 200),
        (WEBHOOK_TOKEN, 200),
        # If the gateway prefixes the setting ("Bearer <token>") with a "Bearer " of its own.
        (f"Bearer Bearer {WEBHOOK_TOKEN}", 200),
        ("Bearer", 401),
        (f"Bearer Bearer Bearer {WEBHOOK_TOKEN}", 401),
        (f"Basic {WEBHOOK_TOKEN}", 401),
    ],
)
async def test_forms_of_the_authorization_header(
    app_client: Client, flow: GuestFlow, hotel: Hotel, header: str, status: int
) -> None:
    response = await app_client.post(
        "/webhooks/whatsapp",
        data=json.dumps(text_body("hello")),
        headers={"Authorization": header},
    )
    assert response.status == status
    assert await Message.filter(direction=Direction.IN).count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"[]", 400),
        ({"typeWebhook": "incomingMessageReceived"}, 400),
        ({"instanceData": {"idInstance": "abc"}, "typeWebhook": "x"}, 400),
        ({"instanceData": {"idInstance": 42}, "typeWebhook": "incomingMessageReceived"}, 404),
    ],
)
async def test_malformed_and_unknown_instance(
    app_client: Client, hotel: Hotel, body: Any, status: int
) -> None:
    response = await post_webhook(app_client, body)
    assert response.status == status
    assert "error" in await response.json()
    assert await Message.all().count() == 0


async def test_authenticated_but_broken_message_is_set_aside(
    app_client: Client, hotel: Hotel
) -> None:
    """Refused with 400, the gateway would retry it every minute forever: it is kept for a
    person instead (the set_aside table) and acknowledged."""
    body = text_body("x")
    del body["senderData"]
    response = await post_webhook(app_client, body)
    assert response.status == 200 and (await response.json())["set_aside"] is True
    assert await Message.all().count() == 0
    kept = await SetAside.get()
    assert (kept.hotel_id, kept.source) == (hotel.id, "webhook")
    assert json.loads(kept.body) == body


async def test_unknown_type_is_acknowledged(app_client: Client, hotel: Hotel) -> None:
    body = text_body("x")
    body["typeWebhook"] = "somethingNewFromGreenApi"
    assert (await post_webhook(app_client, body)).status == 200


async def test_body_size_limit(app_client: Client, hotel: Hotel) -> None:
    response = await post_webhook(app_client, text_body("x" * 2_000_000))
    assert response.status == 413


async def test_security_headers_everywhere(app_client: Client, hotel: Hotel) -> None:
    for response in (
        await app_client.get("/health"),
        await app_client.get("/nope"),
        await post_webhook(app_client, text_body("x"), token="bad"),
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "max-age" in response.headers["Strict-Transport-Security"]
        assert "Server" not in response.headers


async def test_health_and_metrics(app_client: Client, hotel: Hotel) -> None:
    response = await app_client.get("/health")
    assert response.status == 200
    body = await response.json()
    assert body["status"] == "ok"
    assert body["components"]["database"]["ok"] is True
    assert body["components"]["queues"]["outbox_pending"] == 0
    metrics = await (await app_client.get("/metrics")).text()
    assert "hotelboost_outbox_pending" in metrics


async def test_opt_out_is_honoured_and_confirmed(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    await say(app_client, flow, "STOP", 1, id_message="A")
    sent = await fake_green.wait_for_sent(1)
    assert "START" in sent[0].message
    assert (await Guest.get(chat_id=GUEST)).opted_out
    await say(app_client, flow, "what time is breakfast?", 0, id_message="B")
    await asyncio.sleep(0.3)
    assert len(fake_green.sent) == 1  # nothing more to an opted-out guest
    assert await Message.filter(direction=Direction.IN).count() == 2  # but it is stored
    await say(app_client, flow, "start", 1, id_message="C")
    sent = await fake_green.wait_for_sent(2)
    assert "welcome back" in sent[1].message.lower()
    assert not (await Guest.get(chat_id=GUEST)).opted_out


async def test_service_request_is_filed_and_confirmed(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    await say(app_client, flow, "hello", 1, id_message="A")
    await say(
        app_client, flow, "Could you bring two more towels to room 305 please", 1, id_message="B"
    )
    sent = await fake_green.wait_for_sent(2)
    request = await ServiceRequest.get()
    assert request.kind == "towels" and request.status == "open"
    assert f"#{request.id}" in sent[1].message
    assert await Event.filter(kind="service_request").count() == 1


@pytest.mark.parametrize(
    ("answered", "hotels_words", "filed", "kind"),
    [
        # "Can one order food to the room at night?" wonders: the room-service entry answers.
        # Asked the same way, a taxi is wanted: filed, though the transfer entry names taxis.
        (
            "можно ли заказать еду в номер ночью",
            "с 7:00 до 23:00",  # the demo's room-service hours
            "можно ли заказать такси от отеля до вокзала",
            "taxi",
        ),
        # "The wifi does not work, what do I do?" is what the wifi entry tells; a broken
        # shower, which no entry covers, is a repair ticket however it is asked.
        (
            "wifi не работает, что делать",
            "sunrise2024",  # the demo's wifi password
            "the shower is broken, what should i do",
            "repair",
        ),
    ],
)
async def test_a_request_asked_about_gets_the_hotels_answer_or_a_ticket(
    app_client: Client,
    flow: GuestFlow,
    fake_green: FakeGreenAPI,
    knowledge: None,
    answered: str,
    hotels_words: str,
    filed: str,
    kind: str,
) -> None:
    await say(app_client, flow, "здравствуйте", 1, id_message="A")
    await say(app_client, flow, answered, 1, id_message="B")
    sent = await fake_green.wait_for_sent(2)
    assert hotels_words in sent[1].message
    assert await ServiceRequest.all().count() == 0
    await say(app_client, flow, filed, 1, id_message="C")
    sent = await fake_green.wait_for_sent(3)
    request = await ServiceRequest.get()
    assert request.kind == kind and f"#{request.id}" in sent[2].message


async def test_a_fault_the_hotel_wrote_an_entry_for_gets_its_answer(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel, knowledge: None
) -> None:
    """The hotel wrote what to do when the door code fails: that is the answer, not a ticket.
    The wifi entry tells the password and says nothing of faults: a dead wifi is a repair."""
    door = KnowledgeItem(
        topic="door_code",
        questions={"en": ["What if the door code does not work?", "The door code is wrong"]},
        answer={"en": "Call our 24-hour line +43 1 234 5678; someone comes within 30 minutes."},
    )
    await import_entries(hotel.id, [door])
    await say(app_client, flow, "hello", 1, id_message="A")
    await say(app_client, flow, "the door code isnt working", 1, id_message="B")
    sent = await fake_green.wait_for_sent(2)
    assert "+43 1 234 5678" in sent[1].message
    assert await ServiceRequest.all().count() == 0
    await say(app_client, flow, "the wifi is not working", 1, id_message="C")
    sent = await fake_green.wait_for_sent(3)
    request = await ServiceRequest.get()
    assert request.kind == "repair" and f"#{request.id}" in sent[2].message
    # Asking about the code, with nothing broken, is not told whom to call when it fails.
    await say(app_client, flow, "when do we get the door code?", 1, id_message="D")
    sent = await fake_green.wait_for_sent(4)
    assert "+43 1 234 5678" not in sent[3].message
    assert await ServiceRequest.all().count() == 1


async def test_handoff_to_a_person_then_bot_stays_quiet(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    await say(app_client, flow, "hello", 1, id_message="A")
    await say(app_client, flow, "I want to talk to a real person", 1, id_message="B")
    sent = await fake_green.wait_for_sent(2)
    assert "team" in sent[1].message
    conversation = await Conversation.get()
    assert conversation.state == ConversationState.HUMAN
    assert conversation.handoff_reason == "human"
    await say(app_client, flow, "what time is breakfast?", 0, id_message="C")
    await asyncio.sleep(0.3)
    assert len(fake_green.sent) == 2
    assert await Event.filter(kind="guest_message").count() == 1


async def test_angry_guest_goes_to_a_person(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    await say(app_client, flow, "hello", 1, id_message="A")
    await say(
        app_client,
        flow,
        "This is unacceptable, the worst service I have ever seen!!!",
        1,
        id_message="B",
    )
    await fake_green.wait_for_sent(2)
    conversation = await Conversation.get()
    assert conversation.handoff_reason == "angry"


async def test_unknown_question_gets_honest_fallback(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    await say(app_client, flow, "hello", 1, id_message="A")
    await say(app_client, flow, "Is there a casino somewhere in the building?", 1, id_message="B")
    sent = await fake_green.wait_for_sent(2)
    assert "person" in sent[1].message
    assert not any(ch.isdigit() for ch in sent[1].message)


async def test_undecryptable_message_asks_to_resend(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    await say(app_client, flow, "{{SWE001}}", 1)
    sent = await fake_green.wait_for_sent(1)
    assert "send it again" in sent[0].message


async def test_group_chat_quiet_unless_addressed(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    group = "120363043968066561@g.us"
    await say(app_client, flow, "what time is breakfast?", 0, chat_id=group, id_message="G1")
    await asyncio.sleep(0.3)
    assert fake_green.sent == []
    hotel = await Hotel.get()
    hotel.wid = "79990000001@c.us"
    await hotel.save()
    flow.directory.forget()
    await say(
        app_client, flow, "@79990000001 what time is breakfast?", 1, chat_id=group, id_message="G2"
    )
    sent = await fake_green.wait_for_sent(1)
    assert all(s.chat_id == group for s in sent)


async def test_flood_gets_one_notice_and_everything_is_stored(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    limit = flow.settings.flood_messages
    for i in range(limit + 6):
        assert (
            await post_webhook(app_client, text_body(f"msg {i}", id_message=f"F{i}"))
        ).status == 200
    await flow.processor.drain()
    await flow.outbox.flush()
    flood_notices = [s for s in fake_green.sent if "several messages" in s.message]
    assert len(flood_notices) == 1
    assert await Message.filter(direction=Direction.IN).count() == limit + 6


async def test_health_is_503_when_the_database_is_gone(app_client: Client, hotel: Hotel) -> None:
    await Tortoise.close_connections()
    response = await app_client.get("/health")
    assert response.status == 503
    body = await response.json()
    assert body["status"] == "unavailable"
    assert body["components"]["database"]["ok"] is False


async def test_hotel_template_overrides_the_built_in_one(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    await Template.create(
        hotel=hotel, key="greeting", language="en", text="Ahoy from {hotel}! Ask away."
    )
    await say(app_client, flow, "hello", 1, id_message="A")
    await say(app_client, flow, "Привет, это отель?", 1, id_message="B", chat_id="7911@c.us")
    await fake_green.wait_for_sent(2)
    # Two chats are sent to side by side: read each chat's reply, not the arrival order.
    assert fake_green.sent_to(GUEST)[0].message == "Ahoy from Test Hotel! Ask away."
    russian = fake_green.sent_to("7911@c.us")[0].message
    assert russian.startswith("Здравствуйте")  # no Russian override: built-in text


async def test_concurrent_duplicates_are_answered_once(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, knowledge: None
) -> None:
    """Redeliveries arriving together land in one batch insert: still one message."""
    bodies = [text_body("Is there parking?", id_message="SAME")] * 5
    bodies += [
        text_body("hello", id_message=f"OTHER{i}", chat_id=f"7922{i}@c.us") for i in range(5)
    ]
    responses = await asyncio.gather(*(post_webhook(app_client, b) for b in bodies))
    assert [r.status for r in responses] == [200] * 10
    await flow.processor.drain()
    await flow.outbox.flush()
    assert await Message.filter(direction=Direction.IN).count() == 6
    assert len(fake_green.sent_to(GUEST)) == 2  # greeting + the parking answer, once
