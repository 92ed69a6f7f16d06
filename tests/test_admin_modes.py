"""How updates reach the admin bot: webhook mode with Telegram's secret header; Redis FSM."""

from __future__ import annotations

from typing import Any

import pytest
import redis.asyncio as aioredis

from bot.admin_flow.telegram import build_storage, webhook_secret
from bot.app import create_app
from bot.config import Settings
from bot.store.models import Hotel
from tests.conftest import SUPER_ADMIN_ID, Client, TelegramChat
from tests.fakes.telegram import FakeTelegram

REDIS_URL = "redis://127.0.0.1:6379/15"


async def test_webhook_mode_checks_the_secret(
    aiohttp_client: Any, admin_settings: Settings, fake_tg: FakeTelegram
) -> None:
    settings = admin_settings.model_copy(
        update={"telegram_webhook_url": "https://bot.example/webhooks/telegram"}
    )
    client: Client = await aiohttp_client(create_app(settings))
    registered = await fake_tg.wait_for("setWebhook")
    secret = webhook_secret(settings)
    assert registered[-1].params["url"] == "https://bot.example/webhooks/telegram"
    assert registered[-1].params["secret_token"] == secret
    url = str(client.make_url("/webhooks/telegram"))
    admin = fake_tg.user(SUPER_ADMIN_ID, "Ada")
    update = fake_tg.text_update(admin, "/help")
    assert await fake_tg.post_update(url, update, secret_token="wrong") == 401
    assert await fake_tg.post_update(url, update) == 401
    assert fake_tg.sent_messages(SUPER_ADMIN_ID) == []
    assert await fake_tg.post_update(url, update, secret_token=secret) == 200
    replies = await fake_tg.wait_for("sendMessage", chat_id=SUPER_ADMIN_ID)
    assert "/addhotel" in (replies[0].text or "")
    assert not [c for c in fake_tg.calls if c.method == "getUpdates"]  # no polling
    await client.close()


async def test_telegram_webhook_route_absent_in_polling_mode(app_client: Client) -> None:
    assert (await app_client.post("/webhooks/telegram", json={})).status in (404, 405)


@pytest.fixture
async def redis_settings(admin_settings: Settings) -> Settings:
    client = aioredis.from_url(REDIS_URL)
    try:
        await client.ping()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    finally:
        await client.flushdb()
        await client.aclose()
    return admin_settings.model_copy(update={"redis_url": REDIS_URL})


async def test_dialog_state_lives_in_redis_when_configured(
    aiohttp_client: Any,
    redis_settings: Settings,
    fake_tg: FakeTelegram,
    hotel_factory: Any,
) -> None:
    storage = build_storage(redis_settings)
    assert type(storage).__name__ == "RedisStorage"
    await storage.close()
    client: Client = await aiohttp_client(create_app(redis_settings))
    await fake_tg.wait_for("getUpdates")
    admin = TelegramChat(fake_tg, fake_tg.user(SUPER_ADMIN_ID, "Ada"))
    await admin.say("/addhotel")
    redis = aioredis.from_url(REDIS_URL, decode_responses=True)
    try:
        keys = [str(k) for k in await redis.keys("fsm:*")]
        assert any(str(SUPER_ADMIN_ID) in k for k in keys), keys
        assert "Cancelled" in ((await admin.say("/cancel"))[0].text or "")
        assert await Hotel.all().count() == 0
    finally:
        await redis.flushdb()
        await redis.aclose()
        await client.close()
