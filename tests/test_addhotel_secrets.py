"""/addhotel keeps the gateway token encrypted in the FSM storage (memory, or Redis in
production) between answers, and decrypts it only to check the credentials and save the hotel."""

from __future__ import annotations

import json
from typing import Any

from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage

from bot.app import runtime_key
from bot.store.crypto import TokenCipher
from bot.store.models import Hotel
from tests.conftest import SECRET_KEY, SUPER_ADMIN_ID, Chat, Client
from tests.fakes.greenapi import FakeGreenAPI

NEW_ID = 1101000078
NEW_TOKEN = "5ec7e7a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1"


def _storage(client: Client) -> tuple[BaseStorage, StorageKey]:
    """The dispatcher's FSM storage and the super admin's key in it (private chat: id == id)."""
    side = client.app[runtime_key].telegram
    assert side is not None
    key = StorageKey(bot_id=side.bot.id, chat_id=SUPER_ADMIN_ID, user_id=SUPER_ADMIN_ID)
    return side.dp.storage, key


async def _stored(client: Client) -> tuple[str | None, dict[str, Any]]:
    storage, key = _storage(client)
    return await storage.get_state(key), await storage.get_data(key)


def _everything(storage: BaseStorage) -> str:
    """All that the memory storage holds, for every chat, as text."""
    assert isinstance(storage, MemoryStorage)
    return repr({k: (r.state, r.data) for k, r in storage.storage.items()})


async def test_the_token_is_stored_encrypted_and_the_hotel_gets_it(
    admin_client: Client, chat: Chat, fake_green: FakeGreenAPI
) -> None:
    fake_green.add_instance(NEW_ID, NEW_TOKEN)
    admin = chat(SUPER_ADMIN_ID)
    storage, _ = _storage(admin_client)
    await admin.say("/addhotel")
    await admin.say("Casa Azul")
    await admin.say(str(NEW_ID))
    await admin.say(NEW_TOKEN)

    state, data = await _stored(admin_client)
    assert state == "AddHotel:api_url", "the token is in the draft"
    assert NEW_TOKEN not in json.dumps(data) and NEW_TOKEN not in _everything(storage)
    assert TokenCipher(SECRET_KEY).decrypt(data["token_encrypted"]) == NEW_TOKEN

    replies = await admin.say("-")  # the live check decrypts it: the gateway accepts it
    assert "authorized" in (replies[-1].text or "") and "5/8" in (replies[-1].text or "")
    state, data = await _stored(admin_client)
    assert state == "AddHotel:timezone"
    assert NEW_TOKEN not in _everything(storage)

    for answer in ("Europe/Lisbon", "en", "24h"):
        await admin.say(answer)
    assert NEW_TOKEN not in _everything(storage)
    saved = "\n".join(c.text or "" for c in await admin.say("-"))
    assert "saved" in saved and NEW_TOKEN not in saved

    hotel = await Hotel.get(instance_id=NEW_ID)
    assert hotel.name == "Casa Azul"
    assert TokenCipher(SECRET_KEY).decrypt(hotel.token_encrypted) == NEW_TOKEN
    assert await _stored(admin_client) == (None, {}), "the dialog is over, the draft is gone"


async def test_a_token_that_no_longer_decrypts_is_asked_for_again(
    admin_client: Client, chat: Chat, fake_green: FakeGreenAPI
) -> None:
    """A draft sealed with another SECRET_KEY (Redis outlives a restart with a new key)."""
    fake_green.add_instance(NEW_ID, NEW_TOKEN)
    admin = chat(SUPER_ADMIN_ID)
    await admin.say("/addhotel")
    await admin.say("Casa Azul")
    await admin.say(str(NEW_ID))
    await admin.say(NEW_TOKEN)
    storage, key = _storage(admin_client)
    data = await storage.get_data(key)
    data["token_encrypted"] = TokenCipher("another-secret-key").encrypt(NEW_TOKEN)
    await storage.set_data(key, data)

    replies = await admin.say("-")
    assert "can no longer read the token" in (replies[-1].text or "")
    assert "2/8" in (replies[-1].text or ""), "the instance id and token are asked for again"
    state, data = await _stored(admin_client)
    assert state == "AddHotel:instance"
    assert data == {"name": "Casa Azul"}
    await admin.say(str(NEW_ID))
    await admin.say(NEW_TOKEN)
    assert "5/8" in ((await admin.say("-"))[-1].text or "")
    assert not await Hotel.exists(instance_id=NEW_ID)
