"""Shared fixtures: a fresh database per test, the fakes of the outside world, the real app.

The database is SQLite in a temporary folder unless HOTEL_TEST_DB names a PostgreSQL database;
there every test starts from an empty `public` schema, so both passes run the same migrations.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from bot.app import create_app, runtime_key
from bot.config import Settings
from bot.guest_flow.flow import GuestFlow
from bot.store.crypto import TokenCipher
from bot.store.hotels import create_hotel
from bot.store.models import Hotel, ReceiveMode
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, DEFAULT_WID, FakeGreenAPI

FIXTURES = Path(__file__).parent / "fixtures" / "greenapi"
WEBHOOK_TOKEN = "test-webhook-token-0123456789"
SECRET_KEY = "test-secret-key"


def fixture_body(name: str, **overrides: Any) -> dict[str, Any]:
    """A documented notification body, optionally with top-level fields replaced."""
    body: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    body.update(overrides)
    return body


def text_body(
    text: str,
    *,
    chat_id: str = "79001234567@c.us",
    id_message: str = "MSG1",
    instance_id: int = DEFAULT_INSTANCE_ID,
    type_message: str = "textMessage",
) -> dict[str, Any]:
    body = fixture_body("incomingMessageReceived.textMessage")
    body["instanceData"]["idInstance"] = instance_id
    body["idMessage"] = id_message
    body["senderData"].update(chatId=chat_id, sender=chat_id)
    body["messageData"] = {"typeMessage": type_message, "textMessageData": {"textMessage": text}}
    return body


@pytest.fixture
async def db_url(tmp_path: Path) -> AsyncIterator[str]:
    url = os.environ.get("HOTEL_TEST_DB")
    if not url:
        yield f"sqlite://{tmp_path / 'test.db'}"
        return
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()
    yield url


@pytest.fixture
async def fake_green() -> AsyncIterator[FakeGreenAPI]:
    async with FakeGreenAPI(receive_timeout_cap=0.3) as fake:
        fake.add_instance(DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, wid=DEFAULT_WID)
        yield fake


@pytest.fixture
def settings(db_url: str, tmp_path: Path, fake_green: FakeGreenAPI) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=db_url,
        data_dir=tmp_path,
        secret_key=SECRET_KEY,  # type: ignore[arg-type]
        green_api_url=fake_green.url,
        seed_demo=False,
        outbox_base_delay=0.05,
        greenapi_timeout=2.0,
        polling_receive_timeout=1,
    )


@pytest.fixture
async def app_client(
    aiohttp_client: Any, settings: Settings
) -> AsyncIterator[TestClient[Any, Any]]:
    """The real app, started with its cleanup contexts, on a loopback port."""
    client: TestClient[Any, Any] = await aiohttp_client(create_app(settings))
    yield client


@pytest.fixture
def flow(app_client: TestClient[Any, Any]) -> GuestFlow:
    flow: GuestFlow | None = app_client.app[runtime_key].flow
    assert flow is not None
    return flow


@pytest.fixture
def hotel_factory(fake_green: FakeGreenAPI) -> Callable[..., Awaitable[Hotel]]:
    """Creates the test hotel (instance DEFAULT_INSTANCE_ID) once a database is up."""

    async def make(**overrides: Any) -> Hotel:
        values: dict[str, Any] = {
            "name": "Test Hotel",
            "instance_id": DEFAULT_INSTANCE_ID,
            "token": DEFAULT_TOKEN,
            "api_url": fake_green.url,
            "webhook_token": WEBHOOK_TOKEN,
            "receive_mode": ReceiveMode.WEBHOOK,
            "timezone": "UTC",
            "languages": "en,ru",
            **overrides,
        }
        hotel, _ = await create_hotel(TokenCipher(SECRET_KEY), **values)
        return hotel

    return make


@pytest.fixture
async def hotel(
    app_client: TestClient[Any, Any], hotel_factory: Callable[..., Awaitable[Hotel]]
) -> Hotel:
    return await hotel_factory()


async def post_webhook(
    client: TestClient[Any, Any], body: Any, token: str | None = WEBHOOK_TOKEN
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return await client.post("/webhooks/whatsapp", data=data, headers=headers)
