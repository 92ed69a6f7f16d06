"""The model acts only through tools the product validates and executes along the same path
as the rules: a filed request is a ServiceRequest row and a staff event, a handoff holds the
chat for a person. A call that is not exactly one of ours is refused, logged and never
executed. Through the real app, the real openai SDK and the fake OpenAI server."""

from __future__ import annotations

import itertools

import pytest

from bot.store.models import (
    AICall,
    Conversation,
    ConversationState,
    Direction,
    Event,
    Guest,
    Message,
    ServiceRequest,
)
from tests.ai_support import FALLBACK_START, UNMATCHED, guest, say, settle
from tests.conftest import Client
from tests.fakes.openai import FakeOpenAI, ToolCall

# Neither the request phrases nor the demo knowledge know a yoga mat: only the model can file it.
# ("an iron" is an amenities request of its own now, and the knowledge answers where irons are.)
MAT = "Can someone bring a yoga mat to 512 at 8?"
_ids = itertools.count()


async def ask(ai_client: Client, text: str, n: int = 1) -> list[Message]:
    """A guest's question; the bot's replies to it."""
    await say(ai_client, text, guest(n), f"T{next(_ids)}")
    await settle(ai_client)
    question = await Message.filter(direction=Direction.IN, chat_id=guest(n)).order_by("-id")
    return await Message.filter(reply_to_id=question[0].id).order_by("id")


async def test_a_tool_call_files_a_request(ai_client: Client, fake_ai: FakeOpenAI) -> None:
    fake_ai.call_tools_next(
        (
            "file_service_request",
            {"kind": "amenities", "room": "512", "time": "8:00", "details": "a yoga mat"},
        )
    )
    replies = await ask(ai_client, MAT)
    request = await ServiceRequest.get()
    assert request.kind == "amenities" and request.status == "open"
    assert request.text == f"{MAT}\n(room 512, at 8:00: a yoga mat)"
    assert request.details == {"room": "512", "time": "8:00"}  # for the request card
    assert f"#{request.id}" in replies[-1].text and replies[-1].source == "request_received"
    event = await Event.get(kind="service_request")
    assert event.payload["request_id"] == request.id
    assert event.payload["request_kind"] == "amenities"
    question = await Message.get(id=replies[-1].reply_to_id)
    assert question.outcome == "request"
    row = await AICall.get(message_id=question.id)
    assert row.outcome == "tool" and "file_service_request amenities" in (row.detail or "")
    # The tools and their strict schemas, as sent.
    tools = {t["function"]["name"]: t["function"] for t in fake_ai.requests[-1]["tools"]}
    assert set(tools) == {"file_service_request", "handoff_to_person", "set_guest_language"}
    request_tool = tools["file_service_request"]
    assert request_tool["strict"] is True
    assert request_tool["parameters"]["additionalProperties"] is False
    assert request_tool["parameters"]["required"] == ["kind", "room", "time", "details"]
    assert request_tool["parameters"]["properties"]["kind"]["enum"] == [
        "towels", "cleaning", "repair", "taxi", "late_checkout", "wake_up", "amenities",
        "room_service", "other",
    ]  # fmt: skip


async def test_a_tool_call_hands_off(ai_client: Client, fake_ai: FakeOpenAI) -> None:
    fake_ai.call_tools_next(("handoff_to_person", {"reason": "a group discount"}))
    replies = await ask(ai_client, "I'd like to talk about a discount for our wedding group")
    assert replies[-1].source == "handoff"
    conversation = await Conversation.get()
    assert conversation.state == ConversationState.HUMAN
    assert conversation.handoff_reason == "ai"
    event = await Event.get(kind="handoff")
    assert event.payload["reason"] == "ai: a group discount"
    assert await ServiceRequest.all().count() == 0


async def test_set_guest_language(ai_client: Client, fake_ai: FakeOpenAI) -> None:
    fake_ai.call_tools_next(("set_guest_language", {"language": "ru"}))
    replies = await ask(ai_client, "Please write to me in Russian from now on, my friend")
    assert (await Guest.get()).language == "ru"
    assert replies[-1].text.startswith("Извините")  # the fallback, now in Russian


@pytest.mark.parametrize(
    ("call", "why"),
    [
        (("cancel_all_bookings", {}), "unknown or repeated tool"),
        (("file_service_request", "{not json"), "not a JSON object"),
        (
            ("file_service_request", {"kind": "helicopter", "room": None, "time": None,
                                      "details": "a ride"}),
            "unknown request kind",
        ),
        (
            ("file_service_request", {"kind": "towels", "room": "1", "time": None,
                                      "details": "x", "priority": "vip"}),
            "arguments",
        ),
        (("handoff_to_person", {"reason": ""}), "non-empty"),
        (("set_guest_language", {"language": "klingon"}), "ISO 639-1"),
    ],
)  # fmt: skip
async def test_a_bad_tool_call_is_refused_and_never_executed(
    ai_client: Client, fake_ai: FakeOpenAI, call: ToolCall, why: str
) -> None:
    fake_ai.call_tools_next(call)
    replies = await ask(ai_client, UNMATCHED)
    assert replies[-1].text.startswith(FALLBACK_START)
    assert await ServiceRequest.all().count() == 0
    assert await Event.filter(kind__in=["service_request", "handoff"]).count() == 0
    assert (await Conversation.get()).state == ConversationState.BOT
    row = await AICall.get(message_id=replies[-1].reply_to_id)
    assert row.outcome == "dropped" and "tool call refused" in (row.detail or "")
    assert why in (row.detail or "")
