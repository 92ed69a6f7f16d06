"""Asking instead of guessing (issue 10): two topics too close to choose between are offered to
the guest as a numbered choice, and the next message picks one by number or by its words.

End to end through the fake Green API: webhooks in, replies read off the fake. The pending
question lives in the outbox (the reply's source), so it survives a restart.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.admin_flow.core.unanswered import load_asked
from bot.app import create_app, runtime_key
from bot.config import Settings
from bot.guest_flow import clarify
from bot.guest_flow.decide import Situation, decide
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.knowledge import import_entries, parse_entries
from bot.guest_flow.matching import DEFAULT_THRESHOLD, UNSURE_FLOOR, KnowledgeIndex
from bot.limits import CLARIFY_SECONDS
from bot.store.models import Direction, Guest, Hotel, KnowledgeEntry, Message
from tests.ai_support import ai_settings, replies_to, settle
from tests.conftest import Client, post_webhook, text_body
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.openai import FakeOpenAI

GUEST = "79001234567@c.us"
TOWELS = "Pool towels are at the towel hut by the pool, 9:00-18:00."
HEATED = "Yes, the pool is heated to 28 degrees."
RU_TOWELS = "Полотенца для бассейна выдают в домике у бассейна, 9:00-18:00."
PARKING = "Parking is in the garage, 18 EUR a day."
POOL_KNOWLEDGE = {
    "entries": [
        {
            "topic": "pool_towels",
            "questions": {
                "en": ["Where do I get pool towels?"],
                "ru": ["Где взять полотенца для бассейна?"],
            },
            "answer": {"en": TOWELS, "ru": RU_TOWELS},
        },
        {
            "topic": "pool_heated",
            "questions": {
                "en": ["Is the pool heated?"],
                "ru": ["Бассейн с подогревом?"],
            },
            "answer": {"en": HEATED, "ru": "Да, вода в бассейне подогревается до 28 градусов."},
        },
        {
            "topic": "parking",
            "questions": {"en": ["Is there parking?"], "ru": ["Есть ли парковка?"]},
            "answer": {"en": PARKING, "ru": "Парковка в гараже, 18 EUR в сутки."},
        },
    ]
}


@pytest.fixture
async def pools(hotel: Hotel) -> Hotel:
    await import_entries(hotel.id, parse_entries(POOL_KNOWLEDGE))
    return hotel


async def say(client: Client, flow: GuestFlow, text: str, chat: str = GUEST) -> None:
    body = text_body(text, chat_id=chat, id_message=uuid.uuid4().hex[:20].upper())
    assert (await post_webhook(client, body)).status == 200
    await flow.processor.drain()


def number_of(asked: str, option: str) -> str:
    """The number the question gives an option ("2" for a line "2. Is the pool heated?")."""
    line = next(line for line in asked.splitlines() if line.endswith(option))
    return line.split(".")[0]


async def replies(fake: FakeGreenAPI, n: int) -> list[str]:
    return [s.message for s in await fake.wait_for_sent(n)]


async def test_a_close_call_is_asked_and_answered_by_number(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, pools: Hotel
) -> None:
    await say(app_client, flow, "pool?")
    greeting, asked = await replies(fake_green, 2)
    assert "welcome" in greeting.lower()
    assert "which one do you mean" in asked
    assert {
        number_of(asked, "Where do I get pool towels?"),
        number_of(asked, "Is the pool heated?"),
    } == {"1", "2"}
    assert TOWELS not in asked and HEATED not in asked  # no guess
    question = await Message.get(direction=Direction.OUT, source__startswith="clarify:")
    entries = dict(await KnowledgeEntry.all().values_list("topic", "id"))
    offered = sorted(clarify.parse_source(question.source) or ())
    assert offered == sorted([entries["pool_towels"], entries["pool_heated"]])
    inbound = await Message.filter(direction=Direction.IN).order_by("id")
    assert inbound[0].outcome == "clarify"

    await say(app_client, flow, number_of(asked, "Is the pool heated?"))
    assert (await replies(fake_green, 3))[2] == HEATED
    # Answered: a second number is an ordinary message again, not another pick.
    await say(app_client, flow, number_of(asked, "Where do I get pool towels?"))
    assert (await replies(fake_green, 4))[3] not in (TOWELS, HEATED)


async def test_the_choice_is_made_by_the_topics_words(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, pools: Hotel
) -> None:
    await say(app_client, flow, "pool?")
    await replies(fake_green, 2)
    await say(app_client, flow, "the heated one please")
    assert (await replies(fake_green, 3))[2] == HEATED


async def test_a_russian_guest_is_asked_in_russian(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, pools: Hotel
) -> None:
    await say(app_client, flow, "Здравствуйте")
    await replies(fake_green, 1)
    await say(app_client, flow, "бассейн")
    asked = (await replies(fake_green, 2))[1]
    assert "что именно вы имеете в виду" in asked
    assert "Где взять полотенца для бассейна?" in asked and "Бассейн с подогревом?" in asked
    await say(
        app_client, flow, number_of(asked, "Где взять полотенца для бассейна?") + "\ufe0f\u20e3"
    )
    assert (await replies(fake_green, 3))[2] == RU_TOWELS


async def test_a_number_with_nothing_pending_is_read_as_any_message(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, pools: Hotel
) -> None:
    await say(app_client, flow, "is there parking?")
    assert (await replies(fake_green, 2))[1] == PARKING
    await say(app_client, flow, "2")
    said = (await replies(fake_green, 3))[2]
    assert said not in (TOWELS, HEATED, PARKING)
    # A number past the options, right after a question, picks nothing either.
    await say(app_client, flow, "pool?")
    await replies(fake_green, 4)
    await say(app_client, flow, "3")
    assert (await replies(fake_green, 5))[4] not in (TOWELS, HEATED)


async def test_the_question_lapses_when_the_guest_moves_on_or_waits(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, pools: Hotel
) -> None:
    await say(app_client, flow, "pool?")
    await replies(fake_green, 2)
    await say(app_client, flow, "is there parking?")
    assert (await replies(fake_green, 3))[2] == PARKING
    await say(app_client, flow, "1")
    await say(app_client, flow, "2")
    assert not {TOWELS, HEATED} & set(await replies(fake_green, 5))

    # Asked again, then the question grows older than CLARIFY_SECONDS.
    await say(app_client, flow, "pool?")
    asked = (await replies(fake_green, 6))[5]
    assert "Is the pool heated?" in asked
    old = timedelta(seconds=CLARIFY_SECONDS + 1)
    question = await Message.filter(source__startswith="clarify:").order_by("-id").first()
    assert question is not None
    await Message.filter(id=question.id).update(created_at=question.created_at - old)
    await say(app_client, flow, number_of(asked, "Is the pool heated?"))
    assert (await replies(fake_green, 7))[6] != HEATED


async def test_the_pending_question_survives_a_restart(
    aiohttp_client: Any, settings: Settings, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    first: Client = await aiohttp_client(create_app(settings))
    hotel = await hotel_factory()
    await import_entries(hotel.id, parse_entries(POOL_KNOWLEDGE))
    flow = first.app[runtime_key].flow
    assert flow is not None
    await say(first, flow, "pool?")
    asked = (await replies(fake_green, 2))[1]
    await flow.outbox.flush()
    await first.close()

    second: Client = await aiohttp_client(create_app(settings))
    flow2 = second.app[runtime_key].flow
    assert flow2 is not None
    await say(second, flow2, number_of(asked, "Where do I get pool towels?"))
    assert (await replies(fake_green, 3))[2] == TOWELS


def test_reading_a_reply_number() -> None:
    picks = {"1": 0, "2.": 1, "#2": 1, "2️⃣": 1, "nr 1": 0, " 1) ": 0, "№2": 1}
    picks |= {"the first one": 0, "Вторую": 1, "die zweite bitte": 1, "la primera": 0}
    picks |= {"la deuxième": 1, "il secondo": 1, "2nd": 1}
    for text, option in picks.items():
        assert clarify.by_number(text, 2) == option, text
    for text in (
        "3",
        "12",
        "0",
        "2 towels please",
        "room 2 3",
        "",
        "the third",
        "first or second",
    ):
        assert clarify.by_number(text, 2) is None, text
    assert clarify.parse_source("clarify:12,15") == (12, 15)
    assert clarify.parse_source("clarify:12") == (12,)  # one likely topic offered
    for source in ("knowledge", "clarify:", "clarify:0", "clarify:a,b", None):
        assert clarify.parse_source(source) is None


def test_decide_asks_with_the_options_and_keeps_the_source() -> None:
    asking = clarify.Clarification(("a", "b"), ("Is A?", "Is B?"), "clarify:1,2")
    decision = decide(Situation(kind="textMessage", text="a or b", clarify=asking))
    assert decision.outcome == "clarify" and not decision.wants_ai
    (reply,) = decision.replies
    assert reply.template == clarify.TEMPLATE and reply.source == "clarify:1,2"
    assert dict(reply.values) == {"options": "1. Is A?\n2. Is B?"}


@pytest.mark.parametrize(
    ("answer_words", "reply", "outcome"),
    [
        (" Stop by any time.", "STOP", "template"),
        (" Poolside loungers are 5 EUR per person.", "a person please", "handoff"),
    ],
)
async def test_a_stop_or_an_ask_for_a_person_is_no_pick(
    app_client: Client,
    flow: GuestFlow,
    fake_green: FakeGreenAPI,
    hotel: Hotel,
    answer_words: str,
    reply: str,
    outcome: str,
) -> None:
    """The reply to the question holds a word of one offered entry's answer ("stop", "person"),
    yet it is the guest's opt-out or ask for a person, not a choice."""
    knowledge: dict[str, Any] = copy.deepcopy(POOL_KNOWLEDGE)
    knowledge["entries"][0]["answer"]["en"] += answer_words
    await import_entries(hotel.id, parse_entries(knowledge))
    await say(app_client, flow, "pool?")
    assert "which one do you mean" in (await replies(fake_green, 2))[1]
    await say(app_client, flow, reply)
    last = await Message.filter(direction=Direction.IN).order_by("-id").first()
    assert last is not None and last.outcome == outcome, last.outcome if last else None
    sent = await replies(fake_green, 2)
    assert not any(TOWELS in text for text in sent)
    assert (await Guest.get(chat_id=GUEST)).opted_out == (reply == "STOP")


# --- a likely topic, no model to answer (KnowledgeIndex.suggestions) -------------------------

LIKELY = "garage price"  # parking, below the threshold: likely, not sure


async def test_without_a_model_a_likely_topic_is_offered_not_given_up(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, pools: Hotel
) -> None:
    await say(app_client, flow, LIKELY)
    _, asked = await replies(fake_green, 2)
    assert "not quite sure" in asked and "1. Is there parking?" in asked, asked
    assert '"person"' in asked  # the way to a colleague when it is something else
    assert PARKING not in asked  # offered, not answered
    question = await Message.get(direction=Direction.OUT, source__startswith="clarify:")
    parking = await KnowledgeEntry.get(topic="parking")
    assert clarify.parse_source(question.source) == (parking.id,)
    assert (await Message.get(direction=Direction.IN)).outcome == "unsure"
    # The bot did not know: /unanswered lists the question for the manager to teach it.
    listed = await load_asked([pools.id], datetime.now(UTC) - timedelta(days=1))
    assert [asked.text for asked in listed] == [LIKELY]

    await say(app_client, flow, "1")
    assert (await replies(fake_green, 3))[2] == PARKING


async def test_something_else_after_a_likely_topic_is_read_as_any_message(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, pools: Hotel
) -> None:
    await say(app_client, flow, LIKELY)
    await replies(fake_green, 2)
    await say(app_client, flow, "person")
    last = await Message.filter(direction=Direction.IN).order_by("-id").first()
    assert last is not None and last.outcome == "handoff"
    assert PARKING not in (await replies(fake_green, 3))[2]


async def test_with_a_model_a_likely_topic_goes_to_the_model(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    fake_green: FakeGreenAPI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    """The model reads the hotel's facts in the guest's own words: better than a guess."""
    client = await aiohttp_client(create_app(ai_settings(settings, fake_ai)))
    hotel = await hotel_factory()
    await import_entries(hotel.id, parse_entries(POOL_KNOWLEDGE))
    model_flow = client.app[runtime_key].flow
    assert model_flow is not None
    await say(client, model_flow, "Hello")  # a first short message is greeted, not answered
    await say(client, model_flow, LIKELY)
    await settle(client)
    await replies_to(fake_green, GUEST, 2)
    assert fake_ai.prompts and LIKELY in fake_ai.prompts[-1]
    assert not await Message.filter(source__startswith="clarify:").exists()
    last = await Message.filter(direction=Direction.IN).order_by("-id").first()
    assert last is not None and last.outcome == "ai", last.outcome if last else None


def test_suggestions_only_below_the_threshold_and_above_the_floor() -> None:
    index = KnowledgeIndex(parse_entries(POOL_KNOWLEDGE))
    likely = index.suggestions(LIKELY, "en")
    assert likely is not None and [m.topic for m in likely] == ["parking"]
    assert UNSURE_FLOOR <= likely[0].score < DEFAULT_THRESHOLD
    assert index.suggestions("Is there parking?", "en") is None  # answered outright
    assert index.suggestions("pool?", "en") is None  # two close: `choices` asks
    assert index.suggestions("do you rent kayaks", "en") is None  # nothing likely


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        # A yes picks the one likely topic, in the guest's language.
        ("yes", PARKING),
        ("Yes please", PARKING),
        ("да", PARKING),
        ("ja genau", PARKING),
        ("sí, eso", PARKING),
        # Naming another topic gets that topic's answer, not the offered one.
        ("no, i mean pool towels", TOWELS),
    ],
)
async def test_the_reply_to_a_likely_topic(
    app_client: Client,
    flow: GuestFlow,
    fake_green: FakeGreenAPI,
    pools: Hotel,
    reply: str,
    answer: str,
) -> None:
    await say(app_client, flow, LIKELY)
    await replies(fake_green, 2)
    await say(app_client, flow, reply)
    assert (await replies(fake_green, 3))[2] == answer


def test_reading_a_yes() -> None:
    for yes in ("yes", "Yes please", "да, именно", "ja genau", "sí", "oui", "sì", "yep 👍"):
        assert clarify.by_yes(yes, 1) == 0, yes
    for other in ("no", "yes, and the towels?", "1", "", "please"):
        assert clarify.by_yes(other, 1) is None, other
    assert clarify.by_yes("yes", 2) is None  # two offered: a yes says neither
