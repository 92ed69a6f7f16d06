"""Every way a model call goes wrong ends in the honest fallback with a person offered and an
`ai_calls` row, never in a lost reply or a retried guest message; retries on 429/5xx are
bounded. Through the real app and the real openai SDK; the fake records the exact bodies."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator

import pytest

from bot.store.models import AICall, Direction, Message, MessageStatus
from tests.ai_support import FALLBACK_START, UNMATCHED, guest, say, settle
from tests.conftest import Client
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.openai import FakeOpenAI

GOOD = "No, there is no casino, but the bar is open until late."
_ids = itertools.count()


@pytest.fixture
async def fake_ai() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(reply=GOOD) as fake:
        yield fake


async def ask(ai_client: Client, text: str = UNMATCHED, n: int = 1) -> Message:
    """One guest's question; returns the bot's last reply to it (after the greeting)."""
    await say(ai_client, text, guest(n), f"Q{next(_ids)}")
    await settle(ai_client)
    replies = await Message.filter(direction=Direction.OUT, chat_id=guest(n)).order_by("id")
    return replies[-1]


async def test_the_request_body_is_what_the_api_wants(
    ai_client: Client, fake_ai: FakeOpenAI
) -> None:
    reply = await ask(ai_client, n=1)
    assert reply.text == GOOD and reply.source == "ai"
    await ask(ai_client, "Do you have a bowling alley?", n=1)
    await ask(ai_client, n=2)
    bodies = [json.loads(raw) for raw in fake_ai.bodies]
    first = bodies[0]
    assert set(first) == {
        "model",
        "messages",
        "temperature",
        "max_completion_tokens",
        "safety_identifier",
        "response_format",
        "tools",
    }
    assert first["max_completion_tokens"] == 300 and "max_tokens" not in first
    assert [m["role"] for m in first["messages"]] == ["system", "user"]
    assert first["messages"][1]["content"] == UNMATCHED
    # The guest, hashed with the server's secret: stable per guest, no phone number in it.
    ids = [b["safety_identifier"] for b in bodies]
    assert ids[0] == ids[1] != ids[2]
    assert len(ids[0]) == 32 and int(ids[0], 16) >= 0
    assert guest(1).split("@")[0] not in ids[0]
    row = await AICall.get(message_id=reply.reply_to_id)
    assert row.outcome == "answered" and row.model == "gpt-4o-mini"
    assert row.prompt_tokens > 0 and row.completion_tokens > 0 and row.latency_ms >= 0


@pytest.mark.parametrize(
    ("shape", "outcome"),
    [
        ("malformed", "error"),
        ("not_json", "error"),
        ("no_choices", "error"),
        ("empty_choices", "error"),
        ("refusal", "refused"),
        ("length", "truncated"),
        ("content_filter", "refused"),
    ],
)
async def test_a_broken_answer_gets_the_fallback_once(
    ai_client: Client, fake_ai: FakeOpenAI, shape: str, outcome: str
) -> None:
    fake_ai.shape_next(5, shape)
    reply = await ask(ai_client)
    assert reply.text.startswith(FALLBACK_START) and "person" in reply.text
    question = await Message.get(id=reply.reply_to_id)
    # Answered on the first try: no processing error, no retry of the guest's message.
    assert question.status == MessageStatus.PROCESSED and question.error is None
    assert question.outcome == "fallback"
    assert len(fake_ai.requests) == 1
    row = await AICall.get(message_id=question.id)
    assert row.outcome == outcome and row.detail


async def test_a_cut_off_answer_is_not_sent(ai_client: Client, fake_ai: FakeOpenAI) -> None:
    """finish_reason "length": the text is there, but half a sentence is not an answer."""
    fake_ai.shape_next(1, "length")
    reply = await ask(ai_client)
    assert GOOD not in reply.text


@pytest.mark.parametrize("said", ["Unknown.", "unknown", "UNKNOWN - sorry", ""])
async def test_unknown_in_any_dress_is_a_fallback_not_a_success(
    ai_client: Client, fake_ai: FakeOpenAI, said: str
) -> None:
    fake_ai.reply = said
    reply = await ask(ai_client)
    assert reply.text.startswith(FALLBACK_START)
    question = await Message.get(id=reply.reply_to_id)
    assert question.outcome == "fallback"  # /stats: not an automated answer
    assert (await AICall.get(message_id=question.id)).outcome == "unknown"


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_one_bounded_retry_then_the_answer(
    ai_client: Client, fake_ai: FakeOpenAI, status: int
) -> None:
    fake_ai.fail_next(1, status=status)
    reply = await ask(ai_client)
    assert reply.text == GOOD
    assert len(fake_ai.requests) == 2
    assert (await AICall.get(message_id=reply.reply_to_id)).outcome == "answered"


@pytest.mark.parametrize("status", [429, 500])
async def test_failures_past_the_retries_end_in_the_fallback(
    ai_client: Client, fake_ai: FakeOpenAI, status: int
) -> None:
    fake_ai.fail_next(10, status=status)
    reply = await ask(ai_client)
    assert reply.text.startswith(FALLBACK_START)
    assert len(fake_ai.requests) == 2  # the try and AI_RETRIES=1 retry, not the SDK's own
    row = await AICall.get(message_id=reply.reply_to_id)
    assert row.outcome == "error" and f"HTTP {status}" in (row.detail or "")


async def test_a_refused_request_is_not_retried(ai_client: Client, fake_ai: FakeOpenAI) -> None:
    fake_ai.fail_next(10, status=400)
    reply = await ask(ai_client)
    assert reply.text.startswith(FALLBACK_START)
    assert len(fake_ai.requests) == 1


async def test_no_connection_ends_in_the_fallback(
    ai_client: Client, fake_ai: FakeOpenAI, fake_green: FakeGreenAPI
) -> None:
    await fake_ai.stop()
    reply = await ask(ai_client)
    assert reply.text.startswith(FALLBACK_START)
    row = await AICall.get(message_id=reply.reply_to_id)
    assert row.outcome == "error" and "no connection" in (row.detail or "")
    question = await Message.get(id=reply.reply_to_id)
    assert question.error is None
