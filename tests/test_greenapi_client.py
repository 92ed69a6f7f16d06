"""Our Green API client against the fake gateway: success, typed errors, no token in messages."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.gateway_hosts import parse_hosts
from bot.guest_flow.greenapi import (
    BadRequest,
    GatewayUnavailable,
    GreenAPIClient,
    InstanceStarting,
    QuotaExceeded,
    RateLimited,
    ServerError,
    Unauthorized,
)
from bot.store.hotels import Instance
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, FakeGreenAPI

CHAT = "79001234567@c.us"


@pytest.fixture
async def client() -> AsyncIterator[GreenAPIClient]:
    async with aiohttp.ClientSession() as session:
        yield GreenAPIClient(session, timeout=0.5, hosts=parse_hosts("http://127.0.0.1"))


@pytest.fixture
def instance(fake_green: FakeGreenAPI) -> Instance:
    return Instance(DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, fake_green.url)


async def test_send_and_state(
    client: GreenAPIClient, instance: Instance, fake_green: FakeGreenAPI
) -> None:
    id_message = await client.send_message(instance, CHAT, "hello")
    assert fake_green.sent[0].id_message == id_message
    assert await client.get_state(instance) == "authorized"
    assert await client.set_settings(instance, {"incomingWebhook": "yes"})
    file_id = await client.send_file_by_upload(instance, CHAT, b"\x89PNG", "r.png", "report")
    assert file_id and fake_green.sent[-1].message == "report"


@pytest.mark.parametrize(
    ("status", "error", "retryable"),
    [
        (400, BadRequest, False),
        (401, Unauthorized, False),
        (429, RateLimited, True),
        (466, QuotaExceeded, False),
        (500, ServerError, True),
        (502, ServerError, True),
    ],
)
async def test_typed_errors(
    client: GreenAPIClient,
    instance: Instance,
    fake_green: FakeGreenAPI,
    status: int,
    error: type[Exception],
    retryable: bool,
) -> None:
    fake_green.fail_next(1, status=status)
    with pytest.raises(error) as caught:
        await client.send_message(instance, CHAT, "hello")
    assert caught.value.retryable is retryable  # type: ignore[attr-defined]
    assert DEFAULT_TOKEN not in str(caught.value)


async def test_starting_instance_is_retryable(
    client: GreenAPIClient, instance: Instance, fake_green: FakeGreenAPI
) -> None:
    fake_green.set_state(DEFAULT_INSTANCE_ID, "starting")
    with pytest.raises(InstanceStarting):
        await client.send_message(instance, CHAT, "hello")


async def test_timeout_and_drop_are_gateway_unavailable(
    client: GreenAPIClient, instance: Instance, fake_green: FakeGreenAPI
) -> None:
    fake_green.set_delay(2.0, method="sendMessage")
    with pytest.raises(GatewayUnavailable):
        await client.send_message(instance, CHAT, "slow")
    fake_green.set_delay(0.0, method="sendMessage")
    fake_green.drop_next(1, method="sendMessage")
    with pytest.raises(GatewayUnavailable) as caught:
        await client.send_message(instance, CHAT, "dropped")
    assert DEFAULT_TOKEN not in str(caught.value)
    assert fake_green.sent == []


async def test_wrong_token_is_unauthorized(
    client: GreenAPIClient, fake_green: FakeGreenAPI
) -> None:
    with pytest.raises(Unauthorized):
        await client.get_state(Instance(DEFAULT_INSTANCE_ID, "wrong-token", fake_green.url))


async def test_notification_queue_round_trip(
    client: GreenAPIClient, instance: Instance, fake_green: FakeGreenAPI
) -> None:
    assert await client.receive_notification(instance, receive_timeout=1) is None
    receipt = fake_green.queue_notification(DEFAULT_INSTANCE_ID, {"typeWebhook": "x"})
    got = await client.receive_notification(instance, receive_timeout=1)
    assert got == (receipt, {"typeWebhook": "x"})
    assert await client.delete_notification(instance, receipt)
    assert not await client.delete_notification(instance, receipt)
