"""What anyone can POST to the webhook: refused with 400 and one short log line, never a 500 or
a traceback; an authenticated notification we cannot store is set aside and acknowledged."""

from __future__ import annotations

import json
import logging

import pytest

from bot import limits
from bot.store.models import Direction, Hotel, Message, SetAside
from tests.conftest import Client, post_webhook, text_body


def _nested(depth: int) -> bytes:
    body = text_body("hi")
    return json.dumps(body).replace('"hi"', "[" * depth + "]" * depth, 1).encode()


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 1000 + b"]" * 1000,  # deeper than the parser's recursion limit
        _nested(200),  # parses, still far deeper than any notification
        _nested(limits.WEBHOOK_JSON_DEPTH),
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
