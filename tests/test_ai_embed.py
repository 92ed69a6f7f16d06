"""Embeddings for retrieval (opt-in, OPENAI_EMBEDDINGS_MODEL): through the real app, the real
openai SDK's `embeddings.create` and the fake OpenAI server. The fake's vectors are taught one
meaning ("空港" is "airport"), so a question the lexical rankings cannot read still finds its
fact; the recall of real embeddings cannot be measured offline here."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.config import Settings
from bot.demo.seed import KNOWLEDGE
from bot.guest_flow.ai_embed import Embeddings, entry_text
from bot.guest_flow.knowledge import import_entries, load_file
from bot.guest_flow.matching import KnowledgeItem
from bot.limits import AI_EMBED_BATCH, AI_EMBED_CHARS, KNOWLEDGE_ANSWER
from bot.store.models import Direction, Hotel, Message
from tests.ai_support import ai_settings, flow_of, guest, say, settle, system_prompt
from tests.conftest import Client
from tests.fakes.openai import FakeOpenAI, bag_of_words

MODEL = "text-embedding-3-small"
# "Can you pick us up at the airport?" in Japanese: no letter in common with any entry.
AIRPORT = "空港まで迎えに来てもらえますか"
ANSWER = {"kind": "answer", "text": "Yes, we can.", "fact_ids": [], "language": "en"}
_ids = itertools.count()


def taught(text: str) -> list[float]:
    """The fake's vectors, plus one dimension of meaning: the airport."""
    return [*bag_of_words(text), 50.0 if "airport" in text.lower() or "空港" in text else 0.0]


def filler(count: int, word: str = "desk") -> list[KnowledgeItem]:
    return [
        KnowledgeItem(
            topic=f"room_type_{n}",
            questions={"en": [f"What is in the room category {n}?"]},
            answer={"en": f"Category {n} rooms have a {word}, a kettle and a view of street {n}."},
        )
        for n in range(1, count + 1)
    ]


async def start(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    **overrides: Any,
) -> tuple[Client, Hotel]:
    from bot.app import create_app

    fake_ai.reply = ANSWER
    fake_ai.embed = taught
    client: Client = await aiohttp_client(create_app(ai_settings(settings, fake_ai, **overrides)))
    hotel = await hotel_factory()
    await import_entries(hotel.id, [*load_file(KNOWLEDGE), *filler(280)])
    return client, hotel


async def ask(client: Client, text: str) -> Message:
    await say(client, text, guest(1), f"E{next(_ids)}")
    await settle(client)
    return (await Message.filter(direction=Direction.OUT, chat_id=guest(1)).order_by("-id"))[0]


def answers_asked(fake_ai: FakeOpenAI) -> list[dict[str, Any]]:
    """The requests for an answer (a guest the hotel cannot read also gets translations)."""
    return [r for r in fake_ai.requests if "Hotel facts" in system_prompt(r)]


def sent_topics(fake_ai: FakeOpenAI) -> list[str]:
    lines = system_prompt(answers_asked(fake_ai)[-1]).splitlines()
    return [line[2:].split(":")[0] for line in lines if line.startswith("- ")]


async def ready(client: Client, hotel: Hotel) -> Embeddings:
    flow = flow_of(client)
    embeddings = flow.brain.embeddings
    assert embeddings is not None
    index = await flow.brain.knowledge.index(hotel.id)
    for _ in range(500):
        if embeddings.ready(index):
            return embeddings
        await asyncio.sleep(0.01)
    raise AssertionError("the entries' vectors were never made")


async def test_embeddings_bring_the_fact_the_words_cannot(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    client, hotel = await start(
        aiohttp_client, settings, fake_ai, hotel_factory, openai_embeddings_model=MODEL
    )
    # The first question only starts the entries' vectors: it is answered lexically.
    await ask(client, AIRPORT)
    assert "airport_transfer" not in sent_topics(fake_ai)
    await ready(client, hotel)
    entries = [r for r in fake_ai.embedding_requests if len(r["input"]) > 1]
    assert all(r["model"] == MODEL and r["encoding_format"] == "float" for r in entries)
    assert all(len(r["input"]) <= AI_EMBED_BATCH for r in entries)
    assert sum(len(r["input"]) for r in entries) == 299  # every entry once

    await ask(client, AIRPORT)
    assert sent_topics(fake_ai)[0] == "airport_transfer"
    assert fake_ai.embedding_requests[-1]["input"] == [AIRPORT]

    # An edited entry gets a new vector; the others keep theirs.
    before = len(fake_ai.embedding_requests)
    changed = KnowledgeItem(
        "room_type_7",
        {"en": ["What is in the room category 7?"]},
        {"en": "Category 7 rooms have a balcony over the river."},
    )
    await import_entries(hotel.id, [changed])
    flow_of(client).brain.knowledge.forget(hotel.id)
    await ask(client, "Is there a casino somewhere in the building?")
    await ready(client, hotel)
    made = [r["input"] for r in fake_ai.embedding_requests[before:]]
    assert len(made) == 1 and len(made[0]) == 1 and "balcony" in made[0][0]


async def test_a_hanging_embeddings_endpoint_costs_a_guest_at_most_its_deadline(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, hotel = await start(
        aiohttp_client, settings, fake_ai, hotel_factory, openai_embeddings_model=MODEL
    )
    await ask(client, AIRPORT)
    embeddings = await ready(client, hotel)
    monkeypatch.setattr(embeddings, "_deadline", 0.3)
    fake_ai.embed_delay = 5.0
    started = time.monotonic()
    await ask(client, AIRPORT)
    assert time.monotonic() - started < 2.0
    answered = await Message.filter(direction=Direction.OUT, chat_id=guest(1), source="ai")
    assert len(answered) == 2 and answered[-1].text == ANSWER["text"]
    assert "airport_transfer" not in sent_topics(fake_ai)  # lexical alone, as before


async def test_without_the_setting_nothing_is_embedded(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    client, _ = await start(aiohttp_client, settings, fake_ai, hotel_factory)
    await ask(client, AIRPORT)
    await ask(client, AIRPORT)
    assert flow_of(client).brain.embeddings is None
    assert fake_ai.embedding_requests == [] and len(answers_asked(fake_ai)) == 2


async def test_entries_that_fail_to_embed_are_not_retried_by_every_question(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    client, _ = await start(
        aiohttp_client, settings, fake_ai, hotel_factory, openai_embeddings_model=MODEL
    )

    def broken(text: str) -> list[float]:
        raise RuntimeError("the embeddings server is broken")

    fake_ai.embed = broken
    await ask(client, AIRPORT)
    for _ in range(100):  # the background attempt fails (500)
        if fake_ai.embedding_requests:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.1)
    tried = len(fake_ai.embedding_requests)
    assert tried == 1
    for _ in range(3):
        await ask(client, AIRPORT)
    assert len(fake_ai.embedding_requests) == tried  # not again within AI_EMBED_RETRY_SECONDS
    assert len(answers_asked(fake_ai)) == 4  # every guest answered all the same


async def test_a_question_vector_of_another_shape_is_no_ranking(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> None:
    client, hotel = await start(
        aiohttp_client, settings, fake_ai, hotel_factory, openai_embeddings_model=MODEL
    )
    await ask(client, AIRPORT)
    await ready(client, hotel)
    fake_ai.embed = lambda text: [1.0, 0.0]  # a server that changed models meanwhile
    await ask(client, AIRPORT)
    assert fake_ai.embedding_requests[-1]["input"] == [AIRPORT]
    assert "airport_transfer" not in sent_topics(fake_ai)  # lexical alone
    assert len(answers_asked(fake_ai)) == 2


def test_an_entry_is_embedded_at_most_ai_embed_chars() -> None:
    # Five answers at the longest a hotel may write: past any embeddings model's input.
    answers = dict.fromkeys(("en", "ru", "de", "es", "fr"), "word " * (KNOWLEDGE_ANSWER // 5))
    item = KnowledgeItem("spa", {"en": ["is there a spa"]}, answers)
    text = entry_text(item)
    assert len(text) == AI_EMBED_CHARS and text.startswith("spa: is there a spa ")
