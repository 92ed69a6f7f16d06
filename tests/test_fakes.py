"""The fakes behave like the services they stand in for, as seen by plain HTTP clients.

Other tests trust these fakes to fail the way Green API and OpenAI fail, so their protocol
details are pinned here with a bare aiohttp session (and the real openai SDK).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import openai
import pytest

from tests.fakes.greenapi import DROPPED, Call, FakeGreenAPI, SentMessage
from tests.fakes.openai import FakeOpenAI

ID = 1101000001
TOKEN = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345"
WID = "79990000001@c.us"
GUEST = "79001234568@c.us"
FIXTURES = Path(__file__).parent / "fixtures" / "greenapi"


@pytest.fixture
async def greenapi() -> AsyncIterator[FakeGreenAPI]:
    async with FakeGreenAPI(receive_timeout_cap=0.2) as fake:
        fake.add_instance(ID, TOKEN)
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def openai_fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as fake:
        yield fake


def api(fake: FakeGreenAPI, method: str, *tail: str, token: str = TOKEN, id_: int = ID) -> str:
    return "/".join([f"{fake.url}/waInstance{id_}", method, token, *tail])


async def send(
    http: aiohttp.ClientSession, fake: FakeGreenAPI, text: str, method: str = "sendMessage"
) -> tuple[int, Any]:
    body = {"chatId": GUEST, "message": text}
    async with http.post(api(fake, method), json=body) as response:
        if response.content_type == "application/json":
            return response.status, await response.json()
        return response.status, await response.text()


# --- Green API -------------------------------------------------------------------------------


async def test_send_message_is_recorded(
    greenapi: FakeGreenAPI, http: aiohttp.ClientSession
) -> None:
    status, first = await send(http, greenapi, "Welcome!", method="SendMessage")
    assert status == 200
    assert re.fullmatch(r"[0-9A-F]{20}", first["idMessage"])
    status, second = await send(http, greenapi, "Breakfast is at 8.")
    assert second["idMessage"] != first["idMessage"]

    assert [(m.chat_id, m.message) for m in greenapi.sent] == [
        (GUEST, "Welcome!"),
        (GUEST, "Breakfast is at 8."),
    ]
    message = greenapi.sent[0]
    assert isinstance(message, SentMessage)
    assert (message.instance_id, message.id_message) == (ID, first["idMessage"])
    assert greenapi.sent_to(GUEST) == greenapi.sent
    assert greenapi.sent_to("70000000000@c.us") == []
    assert greenapi.calls == [Call(ID, "sendMessage", 200), Call(ID, "sendMessage", 200)]


async def test_wrong_token_and_unknown_instance(
    greenapi: FakeGreenAPI, http: aiohttp.ClientSession
) -> None:
    body = {"chatId": GUEST, "message": "hi"}
    async with http.post(api(greenapi, "sendMessage", token="wrong"), json=body) as response:
        assert (response.status, await response.text()) == (401, "Unauthorized")
    async with http.post(api(greenapi, "sendMessage", id_=1101999999), json=body) as response:
        assert (response.status, await response.text()) == (403, "Forbidden")
    async with http.get(api(greenapi, "sendMessage")) as response:
        assert response.status == 405
    assert not greenapi.sent
    assert [c.status for c in greenapi.calls] == [401, 403, 405]


async def test_validation_errors(greenapi: FakeGreenAPI, http: aiohttp.ClientSession) -> None:
    async with http.post(api(greenapi, "sendMessage"), json={"message": "hi"}) as response:
        assert response.status == 400
        assert await response.text() == "Validation failed. Details: 'chatId' is required"
    status, text = await send(http, greenapi, "x" * 20001)
    assert (status, text) == (
        400,
        "Validation failed. Details: 'message' length must be less than or equal to"
        " 20000 characters long",
    )
    # The gateway counts UTF-16 code units: 10001 emoji are 20002 units.
    assert (await send(http, greenapi, "🙂" * 10001))[0] == 400
    assert (await send(http, greenapi, "x" * 20000))[0] == 200
    assert len(greenapi.sent) == 1


async def test_fail_next_then_success(greenapi: FakeGreenAPI, http: aiohttp.ClientSession) -> None:
    greenapi.fail_next(2, status=429)
    assert await send(http, greenapi, "one") == (429, "Too Many Requests")
    assert (await send(http, greenapi, "two"))[0] == 429
    assert (await send(http, greenapi, "three"))[0] == 200
    assert [m.message for m in greenapi.sent] == ["three"]

    greenapi.fail_next(1, status=502, method=None, instance_id=ID)
    async with http.get(api(greenapi, "getStateInstance")) as response:
        assert (response.status, await response.text()) == (502, "Bad Gateway")


async def test_466_has_the_documented_quota_body(
    greenapi: FakeGreenAPI, http: aiohttp.ClientSession
) -> None:
    greenapi.fail_next(1, status=466)
    status, body = await send(http, greenapi, "hi")
    assert status == 466
    assert body["correspondentsStatus"]["status"] == "CORRESPONDENTS_QUOTE_EXCEEDED"
    assert body["invokeStatus"]["method"] == "sendmessage"
    assert not greenapi.sent


async def test_drop_next_closes_the_connection(
    greenapi: FakeGreenAPI, http: aiohttp.ClientSession
) -> None:
    greenapi.drop_next(1)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await send(http, greenapi, "lost")
    assert (await send(http, greenapi, "kept"))[0] == 200
    assert [m.message for m in greenapi.sent] == ["kept"]
    assert greenapi.calls[0] == Call(ID, "sendMessage", DROPPED)


async def test_delay_lets_the_client_time_out_without_sending(
    greenapi: FakeGreenAPI, http: aiohttp.ClientSession
) -> None:
    greenapi.set_delay(0.25, method="sendMessage")
    with pytest.raises(TimeoutError):
        body = {"chatId": GUEST, "message": "slow"}
        timeout = aiohttp.ClientTimeout(total=0.05)
        async with http.post(api(greenapi, "sendMessage"), json=body, timeout=timeout):
            pass
    await asyncio.sleep(0.3)
    assert not greenapi.sent
    assert greenapi.calls == [Call(ID, "sendMessage", 499)]


async def test_receive_and_delete_notification(
    greenapi: FakeGreenAPI, http: aiohttp.ClientSession
) -> None:
    body = json.loads((FIXTURES / "incomingMessageReceived.textMessage.json").read_text())
    receipt_id = greenapi.queue_notification(ID, body)

    for _ in range(2):  # not deleted yet: the same notification comes back
        async with http.get(api(greenapi, "receiveNotification")) as response:
            assert await response.json() == {"receiptId": receipt_id, "body": body}

    async with http.delete(api(greenapi, "deleteNotification", str(receipt_id))) as response:
        assert await response.json() == {"result": True}
    async with http.delete(api(greenapi, "deleteNotification", str(receipt_id))) as response:
        assert await response.json() == {"result": False}
    assert greenapi.pending_notifications(ID) == []

    started = time.monotonic()
    async with http.get(api(greenapi, "receiveNotification") + "?receiveTimeout=5") as response:
        assert response.status == 200
        assert await response.json() is None
    assert 0.15 < time.monotonic() - started < 1.0  # capped at receive_timeout_cap

    async with http.get(api(greenapi, "receiveNotification") + "?receiveTimeout=x") as response:
        assert response.status == 400


async def test_long_poll_wakes_when_a_notification_arrives(
    greenapi: FakeGreenAPI, http: aiohttp.ClientSession
) -> None:
    greenapi.receive_timeout_cap = 10.0
    url = api(greenapi, "receiveNotification") + "?receiveTimeout=60"

    async def poll() -> Any:
        async with http.get(url) as response:
            return await response.json()

    task = asyncio.create_task(poll())
    await asyncio.sleep(0.05)
    started = time.monotonic()
    receipt_id = greenapi.queue_notification(ID, {"typeWebhook": "incomingCall"})
    result = await asyncio.wait_for(task, 2.0)
    assert result["receiptId"] == receipt_id
    assert time.monotonic() - started < 0.5


async def test_wait_for_sent(greenapi: FakeGreenAPI, http: aiohttp.ClientSession) -> None:
    with pytest.raises(AssertionError, match="expected at least 1 sent message"):
        await greenapi.wait_for_sent(1, timeout=0.05)

    waiting = asyncio.create_task(greenapi.wait_for_sent(3))
    await asyncio.gather(*(send(http, greenapi, f"m{i}") for i in range(3)))
    assert len(await waiting) == 3


async def test_state_settings_and_starting(
    greenapi: FakeGreenAPI, http: aiohttp.ClientSession
) -> None:
    async with http.get(api(greenapi, "getStateInstance")) as response:
        assert await response.json() == {"stateInstance": "authorized"}
    body = {"webhookUrl": "", "incomingWebhook": "yes"}
    async with http.post(api(greenapi, "setSettings"), json=body) as response:
        assert await response.json() == {"saveSettings": True}
    async with http.get(api(greenapi, "getSettings")) as response:
        settings = await response.json()
    assert (settings["wid"], settings["webhookUrl"]) == (WID, "")
    assert settings["delaySendMessagesMilliseconds"] == 3000

    greenapi.set_state(ID, "starting")
    assert await send(http, greenapi, "hi") == (400, "instance in starting process try later")
    async with http.get(api(greenapi, "getStateInstance")) as response:
        assert await response.json() == {"stateInstance": "starting"}


async def test_send_file_by_upload(greenapi: FakeGreenAPI, http: aiohttp.ClientSession) -> None:
    form = aiohttp.FormData()
    form.add_field("chatId", GUEST)
    form.add_field("fileName", "menu.png")
    form.add_field("caption", "Our menu")
    form.add_field("file", b"\x89PNG\r\n", filename="menu.png", content_type="image/png")
    async with http.post(api(greenapi, "sendFileByUpload"), data=form) as response:
        assert response.status == 200
        body = await response.json()
    assert set(body) == {"idMessage", "urlFile"}
    [sent] = greenapi.sent
    assert (sent.message, sent.file_name, sent.file_data) == (
        "Our menu",
        "menu.png",
        b"\x89PNG\r\n",
    )


async def test_send_rate(greenapi: FakeGreenAPI, http: aiohttp.ClientSession) -> None:
    await asyncio.gather(*(send(http, greenapi, f"m{i}") for i in range(20)))
    assert greenapi.max_sends_per_second(ID) == 20
    assert greenapi.max_sends_per_second(1101999999) == 0

    greenapi.reset()
    greenapi.rate_limit = 5
    results = await asyncio.gather(*(send(http, greenapi, f"r{i}") for i in range(8)))
    assert sorted(status for status, _ in results) == [200] * 5 + [429] * 3


def test_fixtures_are_valid_and_normalised() -> None:
    files = sorted(FIXTURES.glob("*.json"))
    assert len(files) > 50
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        body = data.get("body") if path.name.startswith("receiveNotification") else data
        if isinstance(body, dict) and "instanceData" in body:
            assert body["instanceData"]["idInstance"] == ID, path.name
            expected_wid = "" if path.name == "stateInstanceChanged.json" else WID
            assert body["instanceData"]["wid"] == expected_wid, path.name


# --- OpenAI ----------------------------------------------------------------------------------


async def test_openai_sdk_round_trip(openai_fake: FakeOpenAI) -> None:
    openai_fake.reply = lambda request: "echo: " + request["messages"][-1]["content"]
    async with openai.AsyncOpenAI(
        api_key=openai_fake.api_key, base_url=openai_fake.url, max_retries=0
    ) as client:
        completion = await client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[
                {"role": "system", "content": "You are a hotel concierge."},
                {"role": "user", "content": "Is breakfast included?"},
            ],
        )
    assert completion.object == "chat.completion"
    assert completion.choices[0].message.content == "echo: Is breakfast included?"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None and completion.usage.total_tokens > 0
    assert openai_fake.requests[0]["model"] == "gpt-4o-mini"
    assert openai_fake.prompts == ["Is breakfast included?"]


async def test_openai_errors(openai_fake: FakeOpenAI) -> None:
    messages: list[Any] = [{"role": "user", "content": "hi"}]
    async with openai.AsyncOpenAI(
        api_key="sk-wrong", base_url=openai_fake.url, max_retries=0
    ) as client:
        with pytest.raises(openai.AuthenticationError) as denied:
            await client.chat.completions.create(model="m", messages=messages)
    assert denied.value.status_code == 401
    assert denied.value.code == "invalid_api_key"
    assert openai_fake.requests == []

    async with openai.AsyncOpenAI(
        api_key=openai_fake.api_key, base_url=openai_fake.url, max_retries=0
    ) as client:
        openai_fake.fail_next(1, status=500)
        with pytest.raises(openai.InternalServerError):
            await client.chat.completions.create(model="m", messages=messages)
        openai_fake.fail_next(1, status=429)
        with pytest.raises(openai.RateLimitError):
            await client.chat.completions.create(model="m", messages=messages)
        openai_fake.delay = 0.3
        with pytest.raises(openai.APITimeoutError):
            await client.with_options(timeout=0.05).chat.completions.create(
                model="m", messages=messages
            )
        openai_fake.delay = 0
        ok = await client.chat.completions.create(model="m", messages=messages)
    assert ok.choices[0].message.content == openai_fake.reply
