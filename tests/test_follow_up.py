"""Follow-up questions ("and how late is it open?" after "is there a pool?") are read with
their subject: the rules of `followup` on the demo knowledge base, and through the real app
without a model (with one: tests/test_ai_context.py).

CASES is the data the rules were chosen on: read alone, 9 of these 13 follow-ups get a wrong
or no knowledge answer (the pool's hours as late check-out, "is it free?" as wifi); read with
the previous question when they hold a pronoun, all 13 get theirs. Two are why a connector
alone ("and", "и") is not enough: "и где парковка?" and "and where is breakfast?" name their
own subject, and reading them with the previous question would answer that one instead.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.config import Settings
from bot.demo.seed import KNOWLEDGE
from bot.guest_flow.followup import Refers, reading, refers_back
from bot.guest_flow.knowledge import import_entries, load_file
from bot.guest_flow.matching import KnowledgeIndex
from bot.store.models import Direction, Hotel, Message
from tests.ai_support import guest, say, settle
from tests.conftest import Client

# (previous question, follow-up, the topic answered without a model, with a model: None is
# "the model answers, with the conversation").
CASES: list[tuple[str, str, str, str | None]] = [
    ("Is there a pool?", "and how late is it open?", "pool_gym", None),
    ("Is there a pool?", "And is it heated?", "pool_gym", None),
    ("есть бассейн?", "а до скольки он работает?", "pool_gym", None),
    ("когда завтрак?", "а до скольки он?", "breakfast", None),
    ("do you have a spa?", "how much is it?", "spa", None),
    ("is there parking?", "and how much is it?", "parking", None),
    ("is there parking?", "is it free?", "parking", None),
    ("do you have a restaurant?", "and when does it close?", "restaurant_bar", None),
    ("can I bring my dog?", "and how much is it per night?", "pets", None),
    ("когда завтрак?", "и где парковка?", "parking", "parking"),
    ("what's the wifi password?", "and where is breakfast?", "breakfast", "breakfast"),
    ("Is there a pool?", "and the gym?", "pool_gym", "pool_gym"),
    ("where is the hotel?", "and from the airport?", "airport_transfer", "airport_transfer"),
]  # fmt: skip


@pytest.fixture(scope="module")
def index() -> KnowledgeIndex:
    return KnowledgeIndex(load_file(KNOWLEDGE))


@pytest.mark.parametrize(
    ("text", "refers"),
    [
        ("and how late is it open?", Refers.PRONOUN),
        ("а до скольки он работает?", Refers.PRONOUN),
        ("is it free?", Refers.PRONOUN),
        ("и где парковка?", Refers.CONNECTOR),
        ("what about the gym?", Refers.CONNECTOR),
        ("and the sauna", Refers.CONNECTOR),
        ("What time is breakfast served?", None),
        ("is there parking?", None),
        ("what is the gym", None),
        ("", None),
        # Long messages say what they are about, whatever pronoun they hold.
        ("is it possible to get the room a bit before three in the afternoon", None),
    ],
)
def test_what_reads_as_a_follow_up(text: str, refers: Refers | None) -> None:
    assert refers_back(text) is refers


@pytest.mark.parametrize(("earlier", "text", "without_model", "with_model"), CASES)
def test_a_follow_up_is_answered_with_its_subject(
    index: KnowledgeIndex, earlier: str, text: str, without_model: str, with_model: str | None
) -> None:
    refers = refers_back(text)
    assert refers is not None
    alone, combined = index.best(text, "en"), index.best(f"{earlier} {text}", "en")
    answered = reading(alone, combined, refers, model=False)
    assert answered is not None and answered.topic == without_model
    modelled = reading(alone, combined, refers, model=True)
    assert (modelled.topic if modelled else None) == with_model


def test_alone_the_follow_ups_are_answered_wrongly(index: KnowledgeIndex) -> None:
    """Why the rules exist: the message alone is wrong or unanswered for most cases."""
    wrong = 0
    for _, text, topic, _ in CASES:
        found = index.match(text, "en")
        wrong += found is None or found.topic != topic
    assert wrong >= 9


_ids = itertools.count()


async def ask(client: Client, text: str, chat_id: str) -> Message:
    await say(client, text, chat_id, f"F{next(_ids)}")
    await settle(client)
    return (await Message.filter(direction=Direction.OUT, chat_id=chat_id).order_by("-id"))[0]


@pytest.fixture
async def client(
    aiohttp_client: Any, settings: Settings, hotel_factory: Callable[..., Awaitable[Hotel]]
) -> Client:
    """The app without a model, and a hotel with the demo knowledge."""
    from bot.app import create_app

    client: Client = await aiohttp_client(create_app(settings))
    hotel = await hotel_factory()
    await import_entries(hotel.id, load_file(KNOWLEDGE))
    return client


async def test_without_a_model_the_follow_up_gets_the_pools_hours(client: Client) -> None:
    items = load_file(KNOWLEDGE)
    pool = next(i.answer["en"] for i in items if i.topic == "pool_gym")
    late = next(i.answer["en"] for i in items if i.topic == "late_check_out")

    first = await ask(client, "Is there a pool?", guest(1))
    assert first.text == pool
    follow = await ask(client, "and how late is it open?", guest(1))
    assert follow.text == pool and follow.source == "knowledge"
    # Another guest asking the same words without the pool before: no subject to read it
    # with, so the matcher reads it alone, as before.
    alone = await ask(client, "and how late is it open?", guest(2))
    assert alone.text == late
    # A follow-up naming its own subject keeps it.
    await ask(client, "когда завтрак?", guest(3))
    parking = await ask(client, "и где парковка?", guest(3))
    assert parking.text == next(i.answer["ru"] for i in items if i.topic == "parking")


async def test_a_follow_up_asking_two_things_gets_both_answers(client: Client) -> None:
    """ "and wifi? and parking?" after a question: each part names its own subject."""
    answer = {i.topic: i.answer["en"] for i in load_file(KNOWLEDGE)}

    await ask(client, "what time is breakfast?", guest(1))
    await ask(client, "and wifi? and parking?", guest(1))
    replies = await Message.filter(direction=Direction.OUT, chat_id=guest(1)).order_by("id")
    assert [m.text for m in replies][-2:] == [answer["wifi"], answer["parking"]]
