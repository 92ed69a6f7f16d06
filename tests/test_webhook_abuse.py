"""What anyone can POST to the webhook: refused with 400 and one short log line, never a 500 or
a traceback; an authenticated notification we cannot store is set aside and acknowledged."""

from __future__ import annotations

import json
import logging

import pytest

from bot import limits
from bot.store.models import Direction, Guest, Hotel, Message, SetAside
from tests.conftest import Client, post_webhook, text_body
from tests.fakes.greenapi import FakeGreenAPI


def _nested(depth: int) -> bytes:
    body = text_body("hi")
    return json.dumps(body).replace('"hi"', "[" * depth + "]" * depth, 1).encode()


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 1000 + b"]" * 1000,  # deeper than the parser's recursion limit
        _nested(200),  # parses, still far deeper than any notification
        _nested(limits.WEBHOOK_JSON_DEPTH - 2),
    ],
    ids=["1000-deep", "200-deep", "one-past-the-limit"],
)
async def test_deep_json_is_400_with_one_short_line(
    app_client: Client, hotel: Hotel, raw: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    response = await post_webhook(app_client, raw, token=None)
    assert response.status == 400
    assert "nested too deeply" in (await response.json())["error"]
    mine = [r for r in caplog.records if r.name.startswith("bot.")]
    assert len(mine) == 1 and mine[0].exc_info is None and len(mine[0].getMessage()) < 200


async def test_a_notification_at_the_depth_limit_is_accepted(
    app_client: Client, hotel: Hotel
) -> None:
    # The body is 1, messageData 2, textMessageData 3: the text's lists take the rest.
    response = await post_webhook(app_client, _nested(limits.WEBHOOK_JSON_DEPTH - 3))
    assert response.status == 200


@pytest.mark.parametrize("raw", [b"null", b"5", b'"text"', b"true"])
async def test_a_body_that_is_no_object_is_400(
    app_client: Client, hotel: Hotel, raw: bytes
) -> None:
    assert (await post_webhook(app_client, raw, token=None)).status == 400


@pytest.mark.parametrize("instance_id", [10**30, str(10**30), -1, 0, limits.INSTANCE_ID_MAX + 1])
async def test_an_impossible_instance_id_is_400(
    app_client: Client, hotel: Hotel, instance_id: object, caplog: pytest.LogCaptureFixture
) -> None:
    body = text_body("hi")
    body["instanceData"]["idInstance"] = instance_id
    response = await post_webhook(app_client, body, token=None)
    assert response.status == 400
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize(
    "field", ["text", "chat_id", "sender_name", "nul"], ids=lambda f: f"surrogate-in-{f}"
)
async def test_text_no_database_stores_is_set_aside_not_500(
    app_client: Client, hotel: Hotel, field: str
) -> None:
    body = text_body("hi")
    if field == "text":
        body = text_body("hi \ud800 there")
    elif field == "chat_id":
        body = text_body("hi", chat_id="7900\udfff@c.us")
    elif field == "sender_name":
        body["senderData"]["senderName"] = "Ann \ud83d"
    else:
        body = text_body("hi \x00")
    response = await post_webhook(app_client, body)
    assert response.status == 200 and (await response.json())["set_aside"] is True
    assert await Message.filter(direction=Direction.IN).count() == 0
    kept = await SetAside.get()
    assert json.loads(kept.body) == body  # kept whole: the surrogate as its JSON escape


async def test_a_strangers_surrogates_are_refused_without_a_500(
    app_client: Client, hotel: Hotel
) -> None:
    body = text_body("hi \ud800")
    assert (await post_webhook(app_client, body, token="wrong")).status == 401
    body["instanceData"]["idInstance"] = "1\ud800"
    assert (await post_webhook(app_client, body, token=None)).status == 400
    assert await SetAside.all().count() == 0


async def test_a_very_long_sender_name_is_kept_short_and_answered(
    app_client: Client, hotel: Hotel, fake_green: FakeGreenAPI
) -> None:
    """PostgreSQL refuses text past a column's width: the name is cut, the guest answered."""
    body = text_body("hello", id_message="LONGNAME")
    body["senderData"]["senderName"] = "N" * 5000
    assert (await post_webhook(app_client, body)).status == 200
    await fake_green.wait_for_sent(1)
    guest = await Guest.get(chat_id="79001234567@c.us")
    assert guest.name is not None and len(guest.name) == limits.GUEST_NAME


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("chatId", "7" * (limits.GATEWAY_ID + 1) + "@c.us"),
        ("idMessage", "M" * (limits.GATEWAY_ID + 1)),
        ("typeMessage", "t" * (limits.GATEWAY_WORD + 1)),
    ],
)
async def test_an_id_longer_than_any_real_one_is_set_aside(
    app_client: Client, hotel: Hotel, field: str, value: str
) -> None:
    body = text_body("hello")
    if field == "chatId":
        body["senderData"]["chatId"] = value
    elif field == "idMessage":
        body["idMessage"] = value
    else:
        body["messageData"]["typeMessage"] = value
    response = await post_webhook(app_client, body)
    assert response.status == 200  # authenticated: kept for a person, not retried forever
    assert await Message.all().count() == 0
    assert "longer than" in (await SetAside.get()).error


async def test_the_body_limit_holds_at_the_limit_and_one_past(
    app_client: Client, hotel: Hotel
) -> None:
    raw = json.dumps(text_body("hi", id_message="BIG")).encode()
    at_limit = raw + b" " * (limits.WEBHOOK_BODY_BYTES - len(raw))  # JSON allows the padding
    assert len(at_limit) == limits.WEBHOOK_BODY_BYTES
    assert (await post_webhook(app_client, at_limit)).status == 200
    assert (await post_webhook(app_client, at_limit + b" ")).status == 413
