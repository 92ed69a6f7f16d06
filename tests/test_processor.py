"""The processor keeps each chat's queue going whatever fails, and the sweep finds what is
stored but in no queue."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tortoise import timezone

from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.processor import Processor
from bot.store.models import Direction, Hotel, Message, MessageStatus
from tests.conftest import Client, post_webhook, text_body
from tests.fakes.greenapi import FakeGreenAPI


async def test_a_failing_give_up_does_not_drop_the_rest_of_the_chat() -> None:
    handled: list[int] = []

    async def handle(message_id: int, fresh: object) -> None:
        if message_id == 1:
            raise RuntimeError("cannot answer")
        handled.append(message_id)

    async def give_up(message_id: int, exc: BaseException) -> None:
        raise ConnectionError("database away")

    processor = Processor(handle, give_up)
    for message_id in (1, 2, 3):
        processor.submit(message_id, 1, "79001234567@c.us")
    await asyncio.wait_for(processor.drain(), 10)
    assert handled == [2, 3] and processor.stranded == 1
    processor.submit(1, 1, "79001234567@c.us")  # the sweep may submit it again later
    await asyncio.wait_for(processor.drain(), 10)
    assert processor.stranded == 2


async def test_the_sweep_answers_a_message_left_in_no_queue(
    app_client: Client, flow: GuestFlow, hotel: Hotel, fake_green: FakeGreenAPI
) -> None:
    assert (await post_webhook(app_client, text_body("hello", id_message="A1"))).status == 200
    await flow.processor.drain()
    await fake_green.wait_for_sent(1)
    # A second question stored as ingest stores it, but in no queue (its processing and its
    # give-up both failed while the database was away).
    first = await Message.get(gateway_id="A1")
    stranded = await Message.create(
        hotel_id=first.hotel_id,
        guest_id=first.guest_id,
        chat_id=first.chat_id,
        direction=Direction.IN,
        gateway_id="A2",
        kind=first.kind,
        text="What time is breakfast?",
        payload=first.payload,
        status=MessageStatus.RECEIVED,
    )
    assert await flow.sweep_once() == 0  # too fresh: it may still be on its way
    old = timezone.now() - timedelta(minutes=5)
    await Message.filter(id=stranded.id).update(created_at=old)
    assert await flow.sweep_once() == 1
    await flow.processor.drain()
    answered = await Message.get(id=stranded.id)
    assert answered.status == MessageStatus.PROCESSED and answered.error is None
    assert await Message.filter(reply_to_id=stranded.id, direction=Direction.OUT).exists()
