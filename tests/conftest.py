"""Shared fixtures: a fresh database per test, the fakes of the outside world, the real app.

The database is SQLite in a temporary folder unless HOTEL_TEST_DB names a PostgreSQL database.
Either way a test starts from a copy of a database this run migrated from nothing once (a file
copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL): running the migrations costs
about two seconds of CPU, which per test was most of the suite's time. A test about migrating
itself asks for an empty database with `@pytest.mark.empty_db`.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import pytest
from aiohttp.test_utils import TestClient
from pydantic import SecretStr

from bot.app import create_app, runtime_key
from bot.config import Settings
from bot.guest_flow.flow import GuestFlow
from bot.store.crypto import TokenCipher
from bot.store.hotels import create_hotel
from bot.store.models import Hotel, ReceiveMode, Role, Staff
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, DEFAULT_WID, FakeGreenAPI
from tests.fakes.openai import FakeOpenAI
from tests.fakes.telegram import ApiCall, FakeTelegram, FakeUser

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


# A run on PostgreSQL works in databases (or, where its role may not create databases, a schema
# of HOTEL_TEST_DB) named for it alone, by its process and a random part: runs sharing a server,
# even from containers where process ids repeat, never drop each other's. It needs PostgreSQL 13
# or newer (`DROP DATABASE ... WITH (FORCE)`).
_RUN = f"{os.getpid()}_{secrets.token_hex(4)}"
PG_SCHEMA = f"hotel_test_{_RUN}"
PG_TEMPLATE = f"hotel_template_{_RUN}"
PG_DATABASE = f"hotel_test_{_RUN}"


async def pg_connect(url: str) -> asyncpg.Connection:
    """A plain asyncpg connection to a test URL, in the schema its `?schema=` names."""
    base, _, query = url.partition("?")
    schema = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("schema")
    settings = {"search_path": schema} if schema else None
    return await asyncpg.connect(
        base.replace("postgres://", "postgresql://", 1), server_settings=settings
    )


def _with_database(url: str, name: str) -> str:
    """`url` pointing at database `name` on the same server."""
    return urlsplit(url)._replace(path=f"/{name}").geturl()


async def _reset_schema(url: str, *, create: bool) -> None:
    conn = await pg_connect(url)
    try:
        await conn.execute(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE")
        if create:
            await conn.execute(f"CREATE SCHEMA {PG_SCHEMA}")
    finally:
        await conn.close()


class _Templates:
    """This run's migrated databases, made on first use: a SQLite file; on PostgreSQL, whether
    a template was made (None: not tried yet, False: the role may not create databases) and
    whether its database was created (so the end of the run drops it, even half made)."""

    sqlite: Path | None = None
    postgres: bool | None = None
    pg_created = False


async def _sqlite_copy(target: Path, base: Path) -> str:
    if _Templates.sqlite is None:
        from bot.store.db import migrate

        template = base / "template.db"
        await migrate(f"sqlite://{template}")
        _Templates.sqlite = template
    await asyncio.to_thread(shutil.copy, _Templates.sqlite, target)  # mode too: 0600
    return f"sqlite://{target}"


async def _pg_copy(url: str) -> str | None:
    """A fresh database copied from this run's migrated template; None if not allowed."""
    if _Templates.postgres is False:
        return None
    conn = await pg_connect(url)
    try:
        if _Templates.postgres is None:
            from bot.store.db import migrate

            # The named database's encoding and collation, not whatever template1 has.
            encoding, collate, ctype = await conn.fetchrow(
                "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database"
                " WHERE datname = current_database()"
            )
            try:
                await conn.execute(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)")
                await conn.execute(
                    f"CREATE DATABASE {PG_TEMPLATE} TEMPLATE template0 ENCODING '{encoding}'"
                    f" LC_COLLATE '{collate}' LC_CTYPE '{ctype}'"
                )
            except asyncpg.InsufficientPrivilegeError:
                _Templates.postgres = False
                return None
            _Templates.pg_created = True
            await migrate(_with_database(url, PG_TEMPLATE))
            _Templates.postgres = True
        await conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        await conn.execute(f"CREATE DATABASE {PG_DATABASE} TEMPLATE {PG_TEMPLATE}")
    finally:
        await conn.close()
    return _with_database(url, PG_DATABASE)


async def _drop_pg_run(url: str) -> None:
    await _reset_schema(url, create=False)
    if _Templates.pg_created:
        conn = await pg_connect(url)
        try:
            for name in (PG_DATABASE, PG_TEMPLATE):
                await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await conn.close()


@pytest.fixture(scope="session", autouse=True)
def _drop_pg_schema_at_end() -> Iterator[None]:
    yield
    url = os.environ.get("HOTEL_TEST_DB")
    if url:
        asyncio.run(_drop_pg_run(url))


@pytest.fixture
async def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """This test's database: SQLite in its folder or (HOTEL_TEST_DB) PostgreSQL, migrated,
    or empty for a test marked `empty_db`."""
    empty = request.node.get_closest_marker("empty_db") is not None
    url = os.environ.get("HOTEL_TEST_DB")
    if not url:
        target = tmp_path / "test.db"
        yield (
            f"sqlite://{target}"
            if empty
            else await _sqlite_copy(target, tmp_path_factory.getbasetemp())
        )
        return
    copied = None if empty else await _pg_copy(url)
    if copied:
        yield copied
        return
    await _reset_schema(url, create=True)
    yield f"{url}{'&' if '?' in url else '?'}schema={PG_SCHEMA}"


@pytest.fixture
async def fake_ai() -> AsyncIterator[FakeOpenAI]:
    """The fake OpenAI server; a module needing another default answer overrides it."""
    async with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
async def ai_client(
    aiohttp_client: Any,
    settings: Settings,
    fake_ai: FakeOpenAI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> TestClient[Any, Any]:
    """The real app with the model pointed at `fake_ai` and the demo knowledge imported."""
    from tests.ai_support import ai_app, ai_settings  # it imports this module

    app, _ = await ai_app(aiohttp_client, ai_settings(settings, fake_ai), hotel_factory)
    return app


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
        green_api_hosts="http://127.0.0.1",
        seed_demo=False,
        scheduler_enabled=False,
        outbox_base_delay=0.05,
        greenapi_timeout=2.0,
        reconcile_journal_delay=0.5,  # the fake's journals show a send at once
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


# --- the Telegram admin bot ---------------------------------------------------------------

SUPER_ADMIN_ID = 1000
MANAGER_ID = 2000
SUPPORT_ID = 3000
STRANGER_ID = 9000


class TelegramChat:
    """One user's private chat with the admin bot, driven through the fake Bot API."""

    def __init__(self, fake: FakeTelegram, user: FakeUser) -> None:
        self.fake = fake
        self.user = user

    def _seen(self) -> int:
        return len(self.fake.sent_messages(self.user.id))

    async def _wait(self, before: int, replies: int, timeout: float) -> list[ApiCall]:
        deadline = asyncio.get_running_loop().time() + timeout
        while self._seen() < before + replies:
            if asyncio.get_running_loop().time() > deadline:
                got = [c.text for c in self.fake.sent_messages(self.user.id)[before:]]
                raise AssertionError(f"expected {replies} replies, got {got}")
            await asyncio.sleep(0.01)
        return self.fake.sent_messages(self.user.id)[before:]

    async def say(self, text: str, replies: int = 1, timeout: float = 15.0) -> list[ApiCall]:
        """Send `text`; returns the bot's messages (and edits) that followed."""
        before = self._seen()
        self.user.send_text(text)
        return await self._wait(before, replies, timeout)

    async def send_file(
        self, name: str, content: bytes, replies: int = 1, timeout: float = 15.0
    ) -> list[ApiCall]:
        before = self._seen()
        self.user.send_document(name, content)
        return await self._wait(before, replies, timeout)

    async def click(
        self,
        message: ApiCall,
        data: str,
        replies: int = 1,
        timeout: float = 15.0,
        *,
        forged: bool = False,
    ) -> tuple[ApiCall, list[ApiCall]]:
        """Press a button; returns the callback's answer and the messages/edits that followed.

        `forged`: send callback data the message has no button for, as a tampered client could.
        """
        answers = len([c for c in self.fake.calls if c.method == "answerCallbackQuery"])
        before = self._seen()
        self.fake.click(self.user, message, data, strict=not forged)
        answered = await self.fake.wait_for("answerCallbackQuery", answers + 1, timeout)
        sent = await self._wait(before, replies, timeout)
        return answered[answers], sent

    async def last(self) -> str:
        messages = self.fake.sent_messages(self.user.id)
        return (messages[-1].text or "") if messages else ""


def buttons(call: ApiCall) -> list[tuple[str, str]]:
    """(text, callback_data) of every inline button on a sent message."""
    markup = call.params.get("reply_markup") or {}
    return [
        (b["text"], b.get("callback_data", ""))
        for row in markup.get("inline_keyboard", [])
        for b in row
    ]


def text(calls: list[ApiCall]) -> str:
    """Everything the bot wrote in these calls, one message a line."""
    return "\n".join(c.text or "" for c in calls)


def data_of(call: ApiCall, prefix: str) -> str:
    """The callback data of the first button on `call` whose data starts with `prefix`."""
    found = [data for _, data in buttons(call) if data.startswith(prefix)]
    assert found, f"no button {prefix!r} in {buttons(call)}"
    return found[0]


@pytest.fixture
async def fake_tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(poll_cap=0.2) as fake:
        yield fake


@pytest.fixture
def admin_settings(settings: Settings, fake_tg: FakeTelegram) -> Settings:
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(fake_tg.token),
            "telegram_api_url": fake_tg.url,
            "super_admin_ids": str(SUPER_ADMIN_ID),
        }
    )


@pytest.fixture
async def admin_client(
    aiohttp_client: Any, admin_settings: Settings, fake_tg: FakeTelegram
) -> AsyncIterator[TestClient[Any, Any]]:
    """The real app with the admin bot polling the fake Bot API.

    Closed here, before the fake Bot API stops, so polling ends cleanly.
    """
    client: TestClient[Any, Any] = await aiohttp_client(create_app(admin_settings))
    await fake_tg.wait_for("getUpdates", 1, timeout=15.0)
    yield client
    await client.close()


@pytest.fixture
async def admin_hotel(
    admin_client: TestClient[Any, Any], hotel_factory: Callable[..., Awaitable[Hotel]]
) -> Hotel:
    """The test hotel, with a manager (MANAGER_ID) and a support agent (SUPPORT_ID)."""
    hotel = await hotel_factory()
    await Staff.create(hotel=hotel, telegram_id=MANAGER_ID, role=Role.MANAGER, name="Maria")
    await Staff.create(hotel=hotel, telegram_id=SUPPORT_ID, role=Role.SUPPORT, name="Sam")
    return hotel


@pytest.fixture
def chat(fake_tg: FakeTelegram) -> Callable[[int], TelegramChat]:
    def make(user_id: int, language: str = "en") -> TelegramChat:
        return TelegramChat(fake_tg, fake_tg.user(user_id, f"User{user_id}", language))

    return make


# The types tests annotate their fixtures with.
Client = TestClient[Any, Any]
Chat = Callable[..., TelegramChat]
