"""Cost in hand: tokens per call stored, a hotel's daily budget (set from the hotel card) after
which the bot answers from knowledge and managers are told once, /stats showing AI answers,
tokens and an estimated cost, and trivial messages costing no model call."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.config import Settings
from bot.store.models import AICall, Direction, Event, Hotel, Message, Role, Staff
from tests.ai_support import FALLBACK_START, UNMATCHED, ai_app, ai_settings, guest, say, settle
from tests.conftest import MANAGER_ID, SUPPORT_ID, Chat, Client, buttons, data_of
from tests.fakes.openai import FakeOpenAI
from tests.fakes.telegram import FakeTelegram

GOOD = "No casino here, but the bar is lovely in the evening."
SPENT = "today's AI budget"


@pytest.fixture
async def fake_ai() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(reply=GOOD) as fake:
        yield fake


@pytest.fixture
async def setup(
    aiohttp_client: Any,
    admin_settings: Settings,
    fake_tg: FakeTelegram,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> AsyncIterator[tuple[Client, Hotel]]:
    app, hotel = await ai_app(aiohttp_client, ai_settings(admin_settings, fake_ai), hotel_factory)
    await Staff.create(hotel=hotel, telegram_id=MANAGER_ID, role=Role.MANAGER, name="Maria")
    await Staff.create(hotel=hotel, telegram_id=SUPPORT_ID, role=Role.SUPPORT, name="Sam")
    await fake_tg.wait_for("getUpdates", 1, timeout=15.0)
    yield app, hotel
    await app.close()


_ids = iter(range(10**6))


async def ask(client: Client, n: int, text: str = UNMATCHED) -> list[str]:
    """Everything the bot answered this guest so far."""
    await say(client, text, guest(n), f"C{next(_ids)}")
    await settle(client)
    rows = await Message.filter(direction=Direction.OUT, chat_id=guest(n)).order_by("id")
    return [r.text for r in rows]


async def test_the_budget_runs_out_and_managers_hear_once(
    setup: tuple[Client, Hotel], fake_ai: FakeOpenAI, fake_tg: FakeTelegram, chat: Chat
) -> None:
    client, hotel = setup
    # The manager sets the budget from the hotel card.
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {hotel.id}"))[-1]
    label = next(text for text, _ in buttons(card) if "AI tokens a day" in text)
    assert label.endswith("—")
    _, prompt = await manager.click(card, data_of(card, f"h:edit:{hotel.id}:ai_daily"))
    assert "Daily AI budget" in (prompt[-1].text or "")
    refused = await manager.say("lots")
    assert "whole number of tokens" in (refused[-1].text or "")
    saved = await manager.say("100")
    assert "Saved." in (saved[0].text or "")
    assert (await Hotel.get(id=hotel.id)).ai_daily_tokens == 100

    assert (await ask(client, 1))[-1] == GOOD  # about 190 tokens: past the budget now
    used = await AICall.get(hotel_id=hotel.id)
    assert used.prompt_tokens + used.completion_tokens > 100
    asked = len(fake_ai.requests)
    for n in (2, 3, 4):
        assert (await ask(client, n))[-1].startswith(FALLBACK_START)
    assert "breakfast" in (await ask(client, 5, "What time is breakfast served?"))[-1].lower()
    assert len(fake_ai.requests) == asked  # knowledge only, no model call
    assert await Event.filter(hotel_id=hotel.id, kind="ai_budget").count() == 1

    deadline = time.monotonic() + 15
    while not any(SPENT in (m.text or "") for m in fake_tg.sent_messages(MANAGER_ID)):
        assert time.monotonic() < deadline, "the manager was not told"
        await asyncio.sleep(0.05)
    told = [m.text for m in fake_tg.sent_messages(MANAGER_ID) if SPENT in (m.text or "")]
    assert len(told) == 1 and "(100 tokens)" in (told[0] or "")
    assert not any(SPENT in (m.text or "") for m in fake_tg.sent_messages(SUPPORT_ID))

    # /stats: the AI's share, its tokens and an estimated cost, worded as an estimate.
    stats = (await manager.say(f"/stats {hotel.id}"))[-1].text or ""
    tokens = used.prompt_tokens + used.completion_tokens
    assert f"AI: 20% of the messages answered by the model; {tokens} tokens" in stats
    assert "estimated cost $0.000" in stats  # under a thousand tokens at cents a million

    # No limit again: the model answers.
    card = (await manager.say(f"/hotel {hotel.id}"))[-1]
    await manager.click(card, data_of(card, f"h:edit:{hotel.id}:ai_daily"))
    await manager.say("0")
    assert (await Hotel.get(id=hotel.id)).ai_daily_tokens is None
    assert (await ask(client, 6))[-1] == GOOD


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("ok", None),
        ("👍", None),
        ("😀😀", None),
        ("Ок, понятно", None),
        ("thanks!", "You're welcome!"),
        ("Thank you very much", "You're welcome!"),
        ("Спасибо большое!", "Пожалуйста!"),
        ("hi", "Hello again!"),
        ("Добрый вечер", "Здравствуйте ещё раз!"),
    ],
)
async def test_trivial_messages_cost_no_model_call(
    setup: tuple[Client, Hotel], fake_ai: FakeOpenAI, text: str, answer: str | None
) -> None:
    client, _ = setup
    await ask(client, 1, "Hello")  # greeted
    before = await ask(client, 1, UNMATCHED)
    assert before[-1] == GOOD and len(fake_ai.requests) == 1
    after = await ask(client, 1, text)
    assert len(fake_ai.requests) == 1
    if answer is None:
        assert after == before  # quietly acknowledged
        question = await Message.filter(direction=Direction.IN).order_by("-id").first()
        assert question is not None and question.outcome == "silent"
    else:
        assert len(after) == len(before) + 1 and after[-1].startswith(answer)
