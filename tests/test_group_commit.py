"""Group commit: writes finished together share statements, and one bad item spoils nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

import pytest
from tortoise import timezone

from bot.guest_flow.batch import GroupCommit
from bot.store import db, fast
from bot.store.models import Direction, Guest, Hotel, Message, MessageStatus


async def test_a_failing_item_does_not_fail_its_batch() -> None:
    batches: list[list[str]] = []

    async def write(items: Sequence[str]) -> list[str]:
        batches.append(list(items))
        if "bad" in items:
            raise ValueError("bad item")
        return [item.upper() for item in items]

    commit: GroupCommit[str, str] = GroupCommit(write)
    results = await asyncio.gather(
        commit.add("a"), commit.add("bad"), commit.add("b"), return_exceptions=True
    )
    assert results[0] == "A" and results[2] == "B"
    assert isinstance(results[1], ValueError)
    # Written together first, then each alone after the failure.
    assert batches == [["a", "bad", "b"], ["a"], ["bad"], ["b"]]


@pytest.fixture
async def store(
    settings: Any, hotel_factory: Callable[..., Awaitable[Hotel]]
) -> AsyncIterator[tuple[Hotel, Guest]]:
    await db.init_db(settings.db_url)
    try:
        hotel = await hotel_factory()
        guest = await Guest.create(hotel_id=hotel.id, chat_id="79001112233@c.us", language="en")
        yield hotel, guest
    finally:
        await db.close_db()


async def _inbound(hotel: Hotel, guest: Guest, gateway_id: str) -> Message:
    return await Message.create(
        hotel_id=hotel.id,
        chat_id=guest.chat_id,
        direction=Direction.IN,
        gateway_id=gateway_id,
        kind="textMessage",
        text="hello",
        status=MessageStatus.RECEIVED,
    )


def _answer(message: Message, guest_id: int, **changes: Any) -> fast.Answer:
    values: dict[str, Any] = {
        "message_id": message.id,
        "hotel_id": message.hotel_id,
        "guest_id": guest_id,
        "chat_id": message.chat_id,
        "replies": [("Hello!", "greeting"), ("Breakfast is at 7.", "answer")],
        "outcome": "answer",
        "now": timezone.now(),
        "touch": ("ru", True, "Anna"),
    }
    values.update(changes)
    return fast.Answer(**values)


async def test_answers_in_one_batch_are_stored_whole(store: tuple[Hotel, Guest]) -> None:
    hotel, guest = store
    other = await Guest.create(hotel_id=hotel.id, chat_id="79004445566@c.us", name="Boris")
    first, second = await _inbound(hotel, guest, "A1"), await _inbound(hotel, other, "B1")
    await fast.store_answers(
        [
            _answer(first, guest.id),
            _answer(
                second,
                other.id,
                replies=[("Towels are on their way.", "request")],
                outcome="request",
                touch=("en", None, None),
            ),
        ]
    )
    replies = await Message.filter(direction=Direction.OUT).order_by("id")
    assert [(r.reply_to_id, r.text, r.status) for r in replies] == [
        (first.id, "Hello!", MessageStatus.PENDING),
        (first.id, "Breakfast is at 7.", MessageStatus.PENDING),
        (second.id, "Towels are on their way.", MessageStatus.PENDING),
    ]
    marked = {m.id: m for m in await Message.filter(direction=Direction.IN)}
    assert marked[first.id].status == MessageStatus.PROCESSED
    assert (marked[first.id].outcome, marked[first.id].guest_id) == ("answer", guest.id)
    assert (marked[second.id].outcome, marked[second.id].guest_id) == ("request", other.id)
    await guest.refresh_from_db()
    await other.refresh_from_db()
    assert (guest.language, guest.opted_out, guest.name) == ("ru", True, "Anna")
    # None changes nothing: the name and the opt-out stay as they were.
    assert (other.language, other.opted_out, other.name) == ("en", False, "Boris")


async def test_an_answer_for_a_deleted_guest_spoils_nothing(store: tuple[Hotel, Guest]) -> None:
    """/forget removed a guest while their message was being answered."""
    hotel, guest = store
    gone = await Guest.create(hotel_id=hotel.id, chat_id="79007778899@c.us")
    kept, lost = await _inbound(hotel, guest, "K1"), await _inbound(hotel, gone, "L1")
    gone_id = gone.id
    await gone.delete()
    commit = GroupCommit(fast.store_answers, fast.store_answer_alone)
    results = await asyncio.gather(
        commit.add(_answer(kept, guest.id)),
        commit.add(_answer(lost, gone_id)),
        return_exceptions=True,
    )
    assert results[0] is None and isinstance(results[1], Exception)
    replies = await Message.filter(direction=Direction.OUT).values_list("reply_to_id", flat=True)
    assert sorted(replies) == [kept.id, kept.id]
    assert (await Message.get(id=kept.id)).status == MessageStatus.PROCESSED
    assert (await Message.get(id=lost.id)).status == MessageStatus.RECEIVED


async def test_answer_alone_does_not_store_replies_twice(store: tuple[Hotel, Guest]) -> None:
    """A batch that failed after its INSERT: the replies exist, the mark does not."""
    hotel, guest = store
    message = await _inbound(hotel, guest, "H1")
    answer = _answer(message, guest.id)
    await fast.insert_replies(
        hotel.id, guest.id, guest.chat_id, answer.replies, message.id, answer.now
    )
    await fast.store_answer_alone(answer)
    assert await Message.filter(direction=Direction.OUT).count() == 2
    stored = await Message.get(id=message.id)
    assert (stored.status, stored.outcome) == (MessageStatus.PROCESSED, "answer")
    await guest.refresh_from_db()
    assert guest.language == "ru"
