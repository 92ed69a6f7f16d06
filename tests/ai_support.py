"""What the AI tests share: the real app with the model pointed at the fake OpenAI server, a
second hotel, and a guest asking through the fake Green API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import SecretStr

from bot.app import create_app, runtime_key
from bot.config import Settings
from bot.demo.seed import KNOWLEDGE
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.knowledge import import_entries, load_file
from bot.store.models import Hotel
from tests.conftest import Client, post_webhook, text_body
from tests.fakes.greenapi import FakeGreenAPI, SentMessage
from tests.fakes.openai import DEFAULT_API_KEY, FakeOpenAI

OTHER_INSTANCE_ID = 1101000002
OTHER_TOKEN = "e86c4b77485053d6c4d12a7d9bcd3178f262669bbdce523456"
# Not in the demo knowledge, no intent: these go to the model.
UNMATCHED = "Is there a casino somewhere in the building?"
KNOWN = "What time is breakfast served?"  # a knowledge answer, no model
FALLBACK_START = "I'm sorry, I don't have a reliable answer"


def ai_settings(settings: Settings, fake: FakeOpenAI, **overrides: Any) -> Settings:
    return settings.model_copy(
        update={
            "openai_api_key": SecretStr(DEFAULT_API_KEY),
            "openai_base_url": fake.url,
            "ai_deadline_seconds": 3.0,
            **overrides,
        }
    )


async def ai_app(
    aiohttp_client: Any, settings: Settings, hotel_factory: Callable[..., Awaitable[Hotel]]
) -> tuple[Client, Hotel]:
    client: Client = await aiohttp_client(create_app(settings))
    hotel = await hotel_factory()
    await import_entries(hotel.id, load_file(KNOWLEDGE))
    return client, hotel


async def other_hotel(
    fake_green: FakeGreenAPI, hotel_factory: Callable[..., Awaitable[Hotel]]
) -> Hotel:
    fake_green.add_instance(OTHER_INSTANCE_ID, OTHER_TOKEN, wid="79990000002@c.us")
    hotel = await hotel_factory(
        name="Sakura Inn", instance_id=OTHER_INSTANCE_ID, token=OTHER_TOKEN
    )
    await import_entries(hotel.id, load_file(KNOWLEDGE))
    return hotel


def flow_of(client: Client) -> GuestFlow:
    flow: GuestFlow | None = client.app[runtime_key].flow
    assert flow is not None
    return flow


def guest(n: int) -> str:
    return f"7900{n:07d}@c.us"


async def say(
    client: Client, text: str, chat_id: str, id_message: str, instance_id: int | None = None
) -> float:
    """Post one guest message; returns when it was posted (`time.monotonic()`)."""
    body = text_body(text, chat_id=chat_id, id_message=id_message)
    if instance_id is not None:
        body["instanceData"]["idInstance"] = instance_id
    posted = time.monotonic()
    response = await post_webhook(client, body)
    assert response.status == 200
    return posted


async def settle(client: Client) -> None:
    flow = flow_of(client)
    await flow.processor.drain()
    await flow.outbox.flush()


async def replies_to(
    fake_green: FakeGreenAPI, chat_id: str, count: int, timeout: float = 10.0
) -> list[SentMessage]:
    """The first `count` messages the gateway accepted for this chat, waiting for them."""
    deadline = time.monotonic() + timeout
    while len(fake_green.sent_to(chat_id)) < count:
        if time.monotonic() > deadline:
            got = [m.message[:60] for m in fake_green.sent_to(chat_id)]
            raise AssertionError(f"{chat_id}: expected {count} replies, got {got}")
        await asyncio.sleep(0.01)
    return fake_green.sent_to(chat_id)[:count]


def system_prompt(request: dict[str, Any]) -> str:
    return str(request["messages"][0]["content"])
