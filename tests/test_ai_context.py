"""What the model is told with a question: the conversation so far, the hotel's clock, only the
facts relevant to the question (for a large knowledge base), and the guest's language, any of
them. Through the real app, the real openai SDK and the fake OpenAI server."""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.demo.seed import KNOWLEDGE
from bot.guest_flow.ai_context import Retriever, relevant
from bot.guest_flow.knowledge import import_entries, load_file
from bot.guest_flow.matching import KnowledgeIndex, KnowledgeItem
from bot.limits import AI_FACTS_CHARS
from bot.store.models import Direction, Hotel, Message
from tests.ai_support import ai_settings, guest, say, settle, system_prompt
from tests.conftest import Client
from tests.fakes.openai import FakeOpenAI

_ids = itertools.count()


@pytest.fixture
async def fake_ai() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(reply="Yes, it is.") as fake:
        yield fake


async def start(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    extra: int = 0,
    **hotel: Any,
) -> Client:
    from bot.app import create_app

    client: Client = await aiohttp_client(create_app(ai_settings(settings, fake_ai)))
    made = await hotel_factory(**hotel)
    await import_entries(made.id, [*load_file(KNOWLEDGE), *_filler(extra)])
    return client


def _filler(count: int) -> list[KnowledgeItem]:
    """Entries on other subjects: a large hotel's knowledge base."""
    return [
        KnowledgeItem(
            topic=f"room_type_{n}",
            questions={"en": [f"What is in the room category {n} suite number {n}?"]},
            answer={"en": f"Category {n} rooms have a desk, a kettle and a view of street {n}."},
        )
        for n in range(1, count + 1)
    ]


async def ask(client: Client, text: str, n: int = 1) -> Message:
    await say(client, text, guest(n), f"C{next(_ids)}")
    await settle(client)
    return (await Message.filter(direction=Direction.OUT, chat_id=guest(n)).order_by("-id"))[0]


async def test_a_follow_up_carries_the_earlier_turns(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    client = await start(aiohttp_client, settings, fake_ai, hotel_factory)
    pool = await ask(client, "Is there a pool?")  # a knowledge answer: no model call
    assert pool.source == "knowledge" and not fake_ai.requests
    await ask(client, "And is it heated?")
    messages = fake_ai.requests[-1]["messages"]
    roles = [m["role"] for m in messages]
    assert roles[0] == "system" and roles[-1] == "user"
    assert {"role": "user", "content": "Is there a pool?"} in messages
    assert {"role": "assistant", "content": pool.text} in messages
    assert messages[-1] == {"role": "user", "content": "And is it heated?"}
    # Another guest's conversation is not this one's.
    await ask(client, "And is it heated?", n=2)
    assert [m["role"] for m in fake_ai.requests[-1]["messages"]][1:] != roles[1:]
    assert "Is there a pool?" not in str(fake_ai.requests[-1]["messages"])


async def test_the_clock_and_hours_are_in_the_system_message(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    client = await start(
        aiohttp_client,
        settings,
        fake_ai,
        hotel_factory,
        timezone="Asia/Tokyo",
        hours="08:00-20:00",
    )
    before = datetime.now(UTC).astimezone(ZoneInfo("Asia/Tokyo"))
    await ask(client, "Is there a casino somewhere in the building?")
    system = system_prompt(fake_ai.requests[-1])
    found = re.search(r"Local time at the hotel: (\w+) (\S+ \d\d:\d\d) \(Asia/Tokyo\)\.", system)
    assert found, system
    told = datetime.strptime(found.group(2), "%Y-%m-%d %H:%M").replace(tzinfo=before.tzinfo)
    assert abs((told - before.replace(second=0, microsecond=0)).total_seconds()) <= 120
    assert found.group(1) == told.strftime("%A")
    assert "The hotel team answers messages 08:00-20:00." in system


async def test_a_large_knowledge_base_sends_only_the_relevant_facts(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    client = await start(aiohttp_client, settings, fake_ai, hotel_factory, extra=280)
    # Not a knowledge answer (the casino is unknown): the model answers, from a few facts.
    await ask(client, "Anything to relax my back muscles after hiking, like a sauna or a casino?")
    system = system_prompt(fake_ai.requests[-1])
    facts = [line for line in system.splitlines() if line.startswith("- ")]
    assert any(line.startswith("- spa: ") for line in facts)
    assert sum(len(line.split(": ", 1)[1]) for line in facts) <= AI_FACTS_CHARS
    assert len(system) < 3_500  # against about 25,000 characters sent whole


async def test_a_follow_up_goes_to_the_model_with_its_subject(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    """Read alone, "and how late is it open?" is the late check-out answer; after a
    question about the pool the model answers it, told the earlier turn and the pool's fact
    (retrieval at work: the base is large, so only the relevant facts are sent)."""
    client = await start(aiohttp_client, settings, fake_ai, hotel_factory, extra=280)
    items = load_file(KNOWLEDGE)
    pool = next(i.answer["en"] for i in items if i.topic == "pool_gym")
    late = next(i.answer["en"] for i in items if i.topic == "late_check_out")
    answer = "The rooftop pool is open until 20:00, May to October."
    fake_ai.reply = {"kind": "answer", "text": answer, "fact_ids": ["pool_gym"], "language": "en"}

    first = await ask(client, "Is there a pool?")
    assert first.text == pool and not fake_ai.requests
    follow = await ask(client, "and how late is it open?")
    assert follow.text == answer and follow.source == "ai"
    assert follow.text != late
    body = fake_ai.requests[-1]
    assert {"role": "user", "content": "Is there a pool?"} in body["messages"]
    assert {"role": "assistant", "content": pool} in body["messages"]
    assert body["messages"][-1] == {"role": "user", "content": "and how late is it open?"}
    system = system_prompt(body)
    assert f"- pool_gym: {pool}" in system
    assert len(system) < 3_500


def _large(extra: int = 280) -> list[KnowledgeItem]:
    return [*load_file(KNOWLEDGE), *_filler(extra)]


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # Shaped like the tuning half of bench/ai_retrieval.py: no word shared with the
        # entry's phrasings; clipped words, typos, a word only the answer uses.
        ("where do guests eat in the morning", "breakfast"),
        ("is there wlan", "wifi"),
        ("brekfast hours", "breakfast"),
        ("can I keep my bags somewhere after I leave", "luggage_storage"),
        ("где утром кормят", "breakfast"),
        ("how do we get here from the plane", "airport_transfer"),
        ("towels at the rooftop?", "pool_gym"),
    ],
)
def test_the_right_fact_is_sent(question: str, topic: str) -> None:
    items = _large()
    sent = relevant(KnowledgeIndex(items), Retriever(items), question, whole_under=0)
    assert topic in [item.topic for item in sent]
    assert sum(max(map(len, item.answer.values())) for item in sent) <= AI_FACTS_CHARS


def test_the_earlier_question_brings_its_subject() -> None:
    items = _large()
    index, retrieval = KnowledgeIndex(items), Retriever(items)
    sent = relevant(index, retrieval, "and is it heated?", "Is there a pool?", whole_under=0)
    assert sent[0].topic == "pool_gym"
    alone = relevant(index, retrieval, "and is it heated?", whole_under=0)
    assert "pool_gym" not in [item.topic for item in alone[:3]]


def test_the_budget_holds_and_a_small_base_goes_whole() -> None:
    items = _large()
    index, retrieval = KnowledgeIndex(items), Retriever(items)
    for budget in (300, 800, AI_FACTS_CHARS):
        sent = relevant(index, retrieval, "sauna and massage prices", budget=budget, whole_under=0)
        assert 0 < sum(max(map(len, i.answer.values())) for i in sent) <= budget
    small = load_file(KNOWLEDGE)
    assert relevant(KnowledgeIndex(small), Retriever(small), "casino?") == small
    # Nothing shares a letter with a question in another alphabet: nothing is sent, no error.
    assert relevant(index, retrieval, "カジノ", whole_under=0) == []


@pytest.mark.parametrize(
    ("question", "language", "answer"),
    [
        (
            "Gibt es hier im Haus irgendwo ein Casino, wo man abends spielen kann?",
            "German",
            "Leider haben wir kein Casino im Haus.",
        ),
        ("请问酒店里有赌场吗？我晚上想去玩一玩。", "Chinese", "很抱歉，酒店里没有赌场。"),
    ],
)
async def test_the_model_answers_in_the_guests_language(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    question: str,
    language: str,
    answer: str,
) -> None:
    client = await start(aiohttp_client, settings, fake_ai, hotel_factory)

    def in_language(request: dict[str, Any]) -> str:
        told = f"Reply in {language}," in system_prompt(request)
        return answer if told else "Sorry, there is no casino."

    fake_ai.reply = in_language
    reply = await ask(client, question)
    assert reply.text == answer and reply.source == "ai"
    assert f"Reply in {language}," in system_prompt(fake_ai.requests[-1])


VENUES = KnowledgeItem(
    topic="restaurants",
    questions={"en": ["What restaurants do you have?", "Where can I have dinner?"]},
    answer={
        "en": "Our restaurants: "
        + " ".join(
            f"Venue {n} on floor {n} serves dishes of region {n} from 18:00 to 23:00."
            for n in range(1, 26)
        )
    },
)


async def test_the_best_fact_is_sent_even_when_longer_than_the_budget(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    """An answer longer than AI_FACTS_CHARS (a hotel may write 3,000 characters) ranked first
    is sent alone: the budget stopped at it, and the model was told no fact at all."""
    from bot.app import create_app

    assert len(VENUES.answer["en"]) > AI_FACTS_CHARS
    client: Client = await aiohttp_client(create_app(ai_settings(settings, fake_ai)))
    hotel = await hotel_factory()
    await import_entries(hotel.id, [*_filler(280), VENUES])
    await ask(client, "any nice places for dinner with live music tonight?")
    system = system_prompt(fake_ai.requests[-1])
    assert f"- restaurants: {VENUES.answer['en']}" in system
    facts = [line for line in system.splitlines() if line.startswith("- ")]
    assert len(facts) == 1
