"""Nothing accepted is lost: gateway failures, restarts, duplicates, every documented body."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from tortoise import timezone

from bot.app import create_app, runtime_key
from bot.config import Settings
from bot.guest_flow.flow import GuestFlow
from bot.store.crypto import TokenCipher
from bot.store.models import (
    Direction,
    Event,
    Hotel,
    Message,
    MessageStatus,
    ReceiveMode,
    SetAside,
)
from tests.conftest import FIXTURES, Client, fixture_body, post_webhook, text_body
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, FakeGreenAPI


async def settle(flow: GuestFlow) -> None:
    await flow.processor.drain()
    await flow.outbox.flush()


async def test_gateway_fails_then_recovers(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    fake_green.fail_next(2, status=500)
    fake_green.fail_next(1, status=429)
    fake_green.drop_next(1)
    await post_webhook(app_client, text_body("hello"))
    sent = await fake_green.wait_for_sent(1, timeout=10)
    assert "welcome" in sent[0].message.lower()
    await settle(flow)
    reply = await Message.get(direction=Direction.OUT)
    assert reply.status == MessageStatus.SENT and reply.attempts == 5


async def test_validation_error_is_not_retried(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    fake_green.fail_next(1, status=400)
    await post_webhook(app_client, text_body("hello"))
    await flow.processor.drain()
    for _ in range(50):
        await flow.outbox.flush()
        if await Event.filter(kind="delivery_failed").exists():
            break
        await asyncio.sleep(0.05)
    reply = await Message.get(direction=Direction.OUT)
    assert reply.status == MessageStatus.FAILED
    assert [c.status for c in fake_green.calls if c.method == "sendMessage"] == [400]


async def test_quota_exceeded_tells_staff(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    fake_green.fail_next(1, status=466)
    await post_webhook(app_client, text_body("hello"))
    await settle(flow)
    assert (await Message.get(direction=Direction.OUT)).status == MessageStatus.FAILED
    event = await Event.get(kind="quota_exceeded")
    assert "QUOTE_EXCEEDED" in event.payload["detail"]


async def test_sends_are_paced_per_instance(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    fake_green.rate_limit = 50  # the gateway answers 429 above its limit
    for i in range(120):
        await post_webhook(
            app_client, text_body("hello", chat_id=f"7900{i:04d}@c.us", id_message=f"P{i}")
        )
    await fake_green.wait_for_sent(120, timeout=20)
    assert fake_green.max_sends_per_second(DEFAULT_INSTANCE_ID) <= 50
    assert not [c for c in fake_green.calls if c.status == 429]


async def test_restart_loses_nothing_and_sends_nothing_twice(
    aiohttp_client: Any, settings: Settings, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    first: Client = await aiohttp_client(create_app(settings))
    await hotel_factory()
    flow = first.app[runtime_key].flow
    assert flow is not None
    await post_webhook(first, text_body("hello", id_message="BEFORE"))
    await fake_green.wait_for_sent(1)
    await settle(flow)
    # The gateway goes down: the next reply stays in the outbox when we stop.
    fake_green.fail_next(1000, status=502)
    await post_webhook(first, text_body("is there parking?", id_message="DURING"))
    await flow.processor.drain()
    await first.close()
    pending = await _count(settings, direction=Direction.OUT, status=MessageStatus.PENDING)
    assert pending == 1
    # A message acknowledged just before a crash: stored, never processed.
    await _insert_received(
        settings, text_body("hi again", id_message="CRASH", chat_id="79005550000@c.us")
    )
    fake_green.reset()
    second: Client = await aiohttp_client(create_app(settings))
    flow2 = second.app[runtime_key].flow
    assert flow2 is not None
    sent = await fake_green.wait_for_sent(2, timeout=10)
    await settle(flow2)
    await asyncio.sleep(0.2)
    assert len(fake_green.sent) == 2  # the parking answer and the crash survivor's greeting
    assert {s.chat_id for s in sent} == {"79001234567@c.us", "79005550000@c.us"}
    assert await Message.filter(direction=Direction.IN, status=MessageStatus.RECEIVED).count() == 0
    assert await Message.filter(direction=Direction.OUT, status=MessageStatus.PENDING).count() == 0


async def _count(settings: Settings, **filters: Any) -> int:
    from bot.store import db

    await db.init_db(settings.db_url, run_migrations=False)
    try:
        return await Message.filter(**filters).count()
    finally:
        await db.close_db()


async def _insert_received(settings: Settings, body: dict[str, Any]) -> None:
    from bot.store import db

    await db.init_db(settings.db_url, run_migrations=False)
    try:
        hotel = await Hotel.get()
        await Message.create(
            hotel_id=hotel.id,
            chat_id=body["senderData"]["chatId"],
            direction=Direction.IN,
            gateway_id=body["idMessage"],
            kind="textMessage",
            text=body["messageData"]["textMessageData"]["textMessage"],
            status=MessageStatus.RECEIVED,
            payload=body,
        )
    finally:
        await db.close_db()


async def test_delivery_statuses_only_move_forward(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    await post_webhook(app_client, text_body("hello"))
    sent = (await fake_green.wait_for_sent(1))[0]
    await settle(flow)

    async def status(value: str) -> MessageStatus:
        body = fixture_body(
            "outgoingMessageStatus.sent",
            chatId=sent.chat_id,
            idMessage=sent.id_message,
            status=value,
        )
        assert (await post_webhook(app_client, body)).status == 200
        return (await Message.get(gateway_id=sent.id_message)).status

    assert await status("delivered") == MessageStatus.DELIVERED
    assert await status("sent") == MessageStatus.DELIVERED  # late, out of order
    assert await status("read") == MessageStatus.READ
    assert await status("failed") == MessageStatus.FAILED
    assert await Event.filter(kind="delivery_failed").count() == 1


async def test_state_change_updates_the_hotel(
    app_client: Client, flow: GuestFlow, hotel: Hotel
) -> None:
    body = fixture_body("stateInstanceChanged")
    body["instanceData"]["idInstance"] = DEFAULT_INSTANCE_ID
    assert (await post_webhook(app_client, body)).status == 200
    assert (await Hotel.get(id=hotel.id)).wa_state == "notAuthorized"
    assert await Event.filter(kind="gateway_state").count() == 1


async def test_a_call_gets_one_written_answer(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    body = fixture_body("incomingCall", status="offer")
    for _ in range(2):
        assert (await post_webhook(app_client, body)).status == 200
    sent = await fake_green.wait_for_sent(1)
    await settle(flow)
    assert len(fake_green.sent) == 1 and "call" in sent[0].message.lower()
    assert sent[0].chat_id == body["from"]


async def test_every_documented_notification_is_acknowledged(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    names = []
    for path in sorted(FIXTURES.glob("*.json")):
        body = json.loads(path.read_text())
        if "typeWebhook" not in body:
            continue
        body["instanceData"]["idInstance"] = DEFAULT_INSTANCE_ID
        response = await post_webhook(app_client, body)
        assert response.status == 200, path.name
        names.append(path.name)
    assert len(names) >= 35
    await settle(flow)
    assert await Event.filter(kind="processing_failed").count() == 0
    assert await Message.filter(direction=Direction.IN, status=MessageStatus.RECEIVED).count() == 0
    assert (await app_client.get("/health")).status == 200


async def test_polling_hotel_is_answered_and_queue_emptied(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    hotel.receive_mode = ReceiveMode.POLLING
    await hotel.save()
    flow.directory.forget()
    body = text_body("what time is check-out?", id_message="POLL1")
    fake_green.queue_notification(DEFAULT_INSTANCE_ID, body)
    fake_green.queue_notification(DEFAULT_INSTANCE_ID, body)  # the gateway's duplicate
    poller = app_client.app[runtime_key].poller
    assert poller is not None
    await poller.refresh()  # what the app does every 30 s
    await fake_green.wait_for_sent(1, timeout=5)
    for _ in range(50):
        if not fake_green.pending_notifications(DEFAULT_INSTANCE_ID):
            break
        await asyncio.sleep(0.05)
    await settle(flow)
    assert fake_green.pending_notifications(DEFAULT_INSTANCE_ID) == []
    assert await Message.filter(direction=Direction.IN).count() == 1


async def test_answered_but_unmarked_message_is_not_answered_again(
    aiohttp_client: Any, settings: Settings, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    """A crash between storing the replies and marking the message processed."""
    from bot.store import db

    await db.init_db(settings.db_url)
    try:
        hotel = await hotel_factory()
        body = text_body("hello", id_message="HALF")
        inbound = await Message.create(
            hotel_id=hotel.id,
            chat_id=body["senderData"]["chatId"],
            direction=Direction.IN,
            gateway_id="HALF",
            kind="textMessage",
            text="hello",
            status=MessageStatus.RECEIVED,
            payload=body,
        )
        await Message.create(
            hotel_id=hotel.id,
            chat_id=inbound.chat_id,
            direction=Direction.OUT,
            text="Hi!",
            status=MessageStatus.PENDING,
            reply_to_id=inbound.id,
            source="greeting",
            next_attempt_at=timezone.now(),
        )
    finally:
        await db.close_db()
    client: Client = await aiohttp_client(create_app(settings))
    flow = client.app[runtime_key].flow
    assert flow is not None
    sent = await fake_green.wait_for_sent(1)
    await settle(flow)
    await asyncio.sleep(0.2)
    assert [s.message for s in fake_green.sent] == ["Hi!"]
    assert (await Message.get(id=inbound.id)).status == MessageStatus.PROCESSED
    assert sent


async def _polling(app_client: Client, flow: GuestFlow, hotel: Hotel, **changes: Any) -> None:
    """Turn the test hotel to polling and start its polling task, as the app does every 30 s."""
    await Hotel.filter(id=hotel.id).update(receive_mode=ReceiveMode.POLLING, **changes)
    flow.directory.forget()
    poller = app_client.app[runtime_key].poller
    assert poller is not None
    await poller.refresh()


async def _queue_emptied(fake_green: FakeGreenAPI, within: float = 5.0) -> None:
    for _ in range(int(within / 0.05)):
        if not fake_green.pending_notifications(DEFAULT_INSTANCE_ID):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not emptied: {fake_green.pending_notifications(DEFAULT_INSTANCE_ID)}")


async def test_an_unprocessable_notification_is_set_aside_and_polling_goes_on(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    """A lone surrogate (valid JSON, not storable text) once stopped the hotel's polling for
    good; now it and a body that is no notification at all are set aside, kept raw, and
    deleted from the queue, and the good notification behind them is answered."""
    fake_green.queue_notification(DEFAULT_INSTANCE_ID, text_body("hi \ud800", id_message="BAD"))
    fake_green.queue_raw_notification(DEFAULT_INSTANCE_ID, ["not", "a", "notification"])
    fake_green.queue_notification(DEFAULT_INSTANCE_ID, text_body("hello", id_message="GOOD"))
    await _polling(app_client, flow, hotel)
    sent = await fake_green.wait_for_sent(1, timeout=10)
    assert "welcome" in sent[0].message.lower()
    await _queue_emptied(fake_green)
    await settle(flow)
    kept = await SetAside.all().order_by("id")
    assert [(s.hotel_id, s.source) for s in kept] == [(hotel.id, "polling")] * 2
    assert json.loads(kept[0].body)["messageData"]["textMessageData"]["textMessage"] == (
        "hi \ud800"
    )
    assert json.loads(kept[1].body) == ["not", "a", "notification"]
    assert kept[0].error.startswith("MalformedNotification")
    assert [m.gateway_id for m in await Message.filter(direction=Direction.IN)] == ["GOOD"]
    metrics = await (await app_client.get("/metrics")).text()
    assert 'hotelboost_set_aside_total{source="polling"} 2.0' in metrics
    health = await (await app_client.get("/health")).json()
    assert health["status"] == "ok" and health["components"]["tasks"]["ok"] is True


async def test_a_polling_task_that_keeps_failing_shows_in_health_and_metrics(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    """SECRET_KEY changed: the hotel's token no longer decrypts, so its polling task fails at
    every start. It is restarted with backoff and /health says so instead of staying ok."""
    other_key = TokenCipher("another-secret-key")
    await _polling(app_client, flow, hotel, token_encrypted=other_key.encrypt("token"))
    for _ in range(100):
        response = await app_client.get("/health")
        if response.status == 503:
            break
        await asyncio.sleep(0.1)
    body = await response.json()
    assert response.status == 503 and body["status"] == "degraded"
    assert body["components"]["database"]["ok"] is True
    task = body["components"]["tasks"]["problems"][f"polling:{hotel.id}"]
    assert task["state"] == "failing" and task["restarts"] >= 3
    assert task["last_error"] == "ValueError"
    metrics = await (await app_client.get("/metrics")).text()
    assert f'hotelboost_task_restarts_total{{task="polling:{hotel.id}"}}' in metrics
    assert "hotelboost_tasks_failing 1.0" in metrics


async def test_a_repeated_gateway_id_does_not_resend(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    """The gateway once gave an idMessage it had already given in the chat: recording the send
    failed on the unique key and the reply went out again at once, 403 times in 10 s."""
    await post_webhook(app_client, text_body("hello", id_message="IN1"))
    await fake_green.wait_for_sent(1)
    await settle(flow)
    fake_green.repeat_id_next(5)
    await post_webhook(app_client, text_body("what time is check-out?", id_message="IN2"))
    await fake_green.wait_for_sent(2)
    await asyncio.sleep(2.0)
    replies = await Message.filter(direction=Direction.OUT).order_by("id")
    sends = [c for c in fake_green.calls if c.method == "sendMessage"]
    assert len(sends) == len(replies) == len(fake_green.sent)
    assert [r.status for r in replies] == [MessageStatus.SENT] * len(replies)
    assert len({s.id_message for s in fake_green.sent}) == 1  # every id was the same one
    assert "repeated" in (replies[-1].error or "")


async def test_a_disabled_hotel_does_not_answer_a_call(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    await Hotel.filter(id=hotel.id).update(enabled=False)
    flow.directory.forget()
    body = fixture_body("incomingCall", status="offer")
    assert (await post_webhook(app_client, body)).status == 200
    await settle(flow)
    await asyncio.sleep(0.3)
    assert fake_green.sent == []
    assert await Message.filter(kind="incomingCall").count() == 1  # kept, not answered
    assert await Message.filter(direction=Direction.OUT).count() == 0


async def test_a_group_call_is_not_answered_in_the_group(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    body = fixture_body("incomingCall", status="offer")
    body["from"] = "120363043968066561@g.us"
    assert (await post_webhook(app_client, body)).status == 200
    await settle(flow)
    await asyncio.sleep(0.3)
    assert fake_green.sent == []
    assert await Message.filter(kind="incomingCall").count() == 1


async def test_an_idmessage_longer_than_any_real_one_sends_once(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    """PostgreSQL refuses an id past the column's width: the reply is settled from the
    gateway's journal as sent (without the id), never sent again, and the next one flows."""
    fake_green.long_ids_next(1)
    await post_webhook(app_client, text_body("hello", id_message="IN1"))
    await fake_green.wait_for_sent(1)
    await post_webhook(app_client, text_body("what time is check-out?", id_message="IN2"))
    await fake_green.wait_for_sent(2)
    for _ in range(300):
        replies = await Message.filter(direction=Direction.OUT).order_by("id")
        if replies and all(r.status == MessageStatus.SENT for r in replies):
            break
        await asyncio.sleep(0.02)
    assert [r.status for r in replies] == [MessageStatus.SENT] * len(replies)
    assert replies[0].gateway_id is None and "too long" in (replies[0].error or "")
    await asyncio.sleep(1.0)
    assert len(fake_green.sent) == len(replies)
