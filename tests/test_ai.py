"""AI answers through the real openai SDK against a fake OpenAI server, held to the facts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import create_app, runtime_key
from bot.config import Settings
from bot.demo.seed import KNOWLEDGE
from bot.guest_flow.ai import grounded
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.knowledge import import_entries, load_file
from bot.store.models import Direction, Message
from tests.conftest import Client, post_webhook, text_body
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.openai import DEFAULT_API_KEY, FakeOpenAI

QUESTION = "Can I bring my small dog along with me?"


@pytest.fixture
async def fake_ai() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
async def ai_client(
    aiohttp_client: Any, settings: Settings, fake_ai: FakeOpenAI, hotel_factory: Any
) -> Client:
    settings = settings.model_copy(
        update={"openai_api_key": SecretStr(DEFAULT_API_KEY), "openai_base_url": fake_ai.url}
    )
    client: Client = await aiohttp_client(create_app(settings))
    hotel = await hotel_factory()
    await import_entries(hotel.id, load_file(KNOWLEDGE))
    return client


async def ask(client: Client, text: str) -> str:
    flow: GuestFlow | None = client.app[runtime_key].flow
    assert flow is not None
    await post_webhook(client, text_body("hello", id_message="A"))
    await post_webhook(client, text_body(text, id_message="B"))
    await flow.processor.drain()
    await flow.outbox.flush()
    replies = await Message.filter(direction=Direction.OUT).order_by("id")
    return replies[-1].text + "|" + (replies[-1].source or "")


async def test_grounded_ai_answer_is_sent(
    ai_client: Client, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    fake_ai.reply = "Yes, small pets are welcome for 15 EUR per night."
    reply = await ask(ai_client, "Can our little companion Bella come along, she weighs 3 kg?")
    assert reply == "Yes, small pets are welcome for 15 EUR per night.|ai"
    system = fake_ai.requests[-1]["messages"][0]["content"]
    assert "Hotel facts" in system and "check_out" in system


async def test_invented_number_is_refused(ai_client: Client, fake_ai: FakeOpenAI) -> None:
    fake_ai.reply = "We have a casino on floor 99, entry 250 EUR."
    reply = await ask(ai_client, "Is there a casino somewhere in the building?")
    assert reply.endswith("|fallback")


async def test_unknown_and_errors_fall_back(ai_client: Client, fake_ai: FakeOpenAI) -> None:
    fake_ai.reply = "UNKNOWN"
    assert (await ask(ai_client, "Is there a casino somewhere in the building?")).endswith(
        "|fallback"
    )


async def test_ai_server_down_falls_back(ai_client: Client, fake_ai: FakeOpenAI) -> None:
    fake_ai.fail_next(5, status=500)
    assert (await ask(ai_client, "Is there a casino somewhere in the building?")).endswith(
        "|fallback"
    )


def test_grounding_rule() -> None:
    facts = "- breakfast: 7:00-10:30, 15 EUR"
    assert grounded("Breakfast is from 7:00 to 10:30.", facts)
    assert grounded("It costs 15 EUR.", facts)
    assert not grounded("It costs 20 EUR.", facts)
    assert grounded("Yes, we do.", facts)
