"""The circuit breaker: failed calls in a row send everyone down the knowledge path at once,
a background probe (a real chat call) brings the model back; /status, /health and /metrics
follow the real calls' outcomes, and staff hear once each way."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.config import Settings
from bot.store.models import AICall, Direction, Hotel, Message, Role, Staff
from tests.ai_support import FALLBACK_START, KNOWN, UNMATCHED, ai_app, ai_settings, guest, say
from tests.ai_support import settle as settle_flow
from tests.conftest import MANAGER_ID, SUPER_ADMIN_ID, SUPPORT_ID, Chat, Client
from tests.fakes.openai import FakeOpenAI
from tests.fakes.telegram import FakeTelegram

GOOD = "No casino, I'm afraid, but the bar is open in the evening."
DOWN = "the AI is not answering"
BACK = "the AI is answering again"


@pytest.fixture
async def fake_ai() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(reply=GOOD) as fake:
        yield fake


@pytest.fixture
async def client(
    aiohttp_client: Any,
    admin_settings: Settings,
    fake_tg: FakeTelegram,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> AsyncIterator[Client]:
    config = ai_settings(
        admin_settings, fake_ai, ai_breaker_failures=2, ai_probe_seconds=0.3, ai_retries=0
    )
    app, hotel = await ai_app(aiohttp_client, config, hotel_factory)
    await Staff.create(hotel=hotel, telegram_id=MANAGER_ID, role=Role.MANAGER, name="Maria")
    await Staff.create(hotel=hotel, telegram_id=SUPPORT_ID, role=Role.SUPPORT, name="Sam")
    await fake_tg.wait_for("getUpdates", 1, timeout=15.0)
    yield app
    await app.close()  # before the fake Bot API stops


async def ask(client: Client, n: int, text: str = UNMATCHED) -> str:
    await say(client, text, guest(n), f"B{n}")
    await settle_flow(client)
    replies = await Message.filter(direction=Direction.OUT, chat_id=guest(n)).order_by("id")
    return replies[-1].text


async def ai_health(client: Client) -> tuple[int, dict[str, Any], dict[str, Any]]:
    response = await client.get("/health")
    body = await response.json()
    return response.status, body, body["components"]["ai"]


async def wait_state(client: Client, state: str, timeout: float = 10.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        _, _, ai = await ai_health(client)
        if ai["state"] == state:
            return ai
        assert time.monotonic() < deadline, f"AI still {ai['state']}, not {state}"
        await asyncio.sleep(0.05)


def told(fake_tg: FakeTelegram, user: int, words: str) -> int:
    return sum(words in (m.text or "") for m in fake_tg.sent_messages(user))


async def wait_told(fake_tg: FakeTelegram, user: int, words: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not told(fake_tg, user, words):
        assert time.monotonic() < deadline, f"{user} was not told {words!r}"
        await asyncio.sleep(0.05)


async def test_the_breaker_opens_probes_and_closes(
    client: Client, fake_ai: FakeOpenAI, fake_tg: FakeTelegram, chat: Chat
) -> None:
    _, body, ai = await ai_health(client)
    assert ai["state"] == "closed" and ai["recent_calls"] == 0 and body["status"] == "ok"

    # Two failed calls in a row (ai_breaker_failures=2) open it; the first probe fails too.
    fake_ai.fail_next(3, status=500)
    assert (await ask(client, 1)).startswith(FALLBACK_START)
    assert (await wait_state(client, "closed"))["error_rate"] == 1.0
    assert (await ask(client, 2)).startswith(FALLBACK_START)
    status, body, ai = await ai_health(client)
    assert ai["state"] == "open" and ai["ok"] is False and "HTTP 500" in ai["last_error"]
    assert body["status"] == "degraded" and status == 200  # guests are still answered

    # Open: everyone goes down the knowledge path at once, no model call.
    asked = len(fake_ai.requests)
    started = time.monotonic()
    assert (await ask(client, 3)).startswith(FALLBACK_START)
    assert time.monotonic() - started < 1.0
    assert "breakfast" in (await ask(client, 4, KNOWN)).lower()
    assert len(fake_ai.requests) == asked
    assert await AICall.filter(message_id__isnull=False).count() == 2

    status_text = (await chat(SUPER_ADMIN_ID).say("/status"))[-1].text or ""
    assert "❌ AI: down for" in status_text and "HTTP 500" in status_text

    # The probe: a real minimal chat call, not a models listing; failing once keeps it open,
    # then it succeeds and the breaker closes.
    await wait_state(client, "closed")
    probes = fake_ai.requests[asked:]
    assert len(probes) == 2
    assert all(p["messages"] == [{"role": "user", "content": "ping"}] for p in probes)
    assert all(p["max_completion_tokens"] == 16 for p in probes)

    assert (await ask(client, 5)) == GOOD
    status_text = (await chat(SUPER_ADMIN_ID).say("/status"))[-1].text or ""
    # Back, with the recent calls' real record: 3 of 5 failed.
    assert "⚠️ AI: answering — 5 recent calls, 60% failed" in status_text
    metrics = await (await client.get("/metrics")).text()
    assert "hotelboost_ai_breaker_state 0.0" in metrics
    assert 'hotelboost_ai_calls_total{outcome="error"} 3.0' in metrics
    assert 'hotelboost_ai_calls_total{outcome="answered"} 2.0' in metrics

    # Staff heard it once each way; the failed probe told nobody.
    for person in (MANAGER_ID, SUPPORT_ID):
        await wait_told(fake_tg, person, BACK)
        assert told(fake_tg, person, DOWN) == 1 and told(fake_tg, person, BACK) == 1


async def test_health_reports_latency_of_real_calls(client: Client, fake_ai: FakeOpenAI) -> None:
    fake_ai.delay = 0.2
    for n in range(3):
        assert await ask(client, 10 + n) == GOOD
    _, _, ai = await ai_health(client)
    assert ai["recent_calls"] == 3 and ai["error_rate"] == 0.0
    assert 200 <= ai["p50_ms"] <= ai["p95_ms"] < 2000
