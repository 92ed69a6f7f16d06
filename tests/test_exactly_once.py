"""No guest gets the same reply twice, even when the server dies mid-send (issue 13).

The window: the gateway accepted a send and the sender never recorded it (the answer lost, the
process killed). Through the fake Green API, whose journals (lastOutgoingMessages,
getChatHistory) show what it accepted in the documented shape: in-process for lost answers,
echoes and failing journals; `python main.py` in a child process, killed with SIGKILL, for
the crash itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app import runtime_key
from bot.config import Settings
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.reconcile import match, parse_item
from bot.store import db, fast
from bot.store.crypto import TokenCipher
from bot.store.hotels import create_hotel
from bot.store.models import Direction, Hotel, Message, MessageStatus, ReceiveMode
from tests.conftest import (
    FIXTURES,
    MANAGER_ID,
    SECRET_KEY,
    WEBHOOK_TOKEN,
    Chat,
    Client,
    fixture_body,
    post_webhook,
    text_body,
)
from tests.fakes.greenapi import (
    DEFAULT_INSTANCE_ID,
    DEFAULT_TOKEN,
    FakeGreenAPI,
    SentMessage,
)

ROOT = Path(__file__).resolve().parent.parent
GUEST = "79001234567@c.us"
JOURNAL_DELAY = 0.5  # tests/conftest.py's reconcile_journal_delay; the child gets the same


async def outgoing() -> list[Message]:
    return await Message.filter(direction=Direction.OUT).order_by("id")


async def until(check: Callable[[], Awaitable[bool]], within: float = 15.0) -> None:
    deadline = time.monotonic() + within
    while not await check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)


async def until_true(check: Callable[[], bool], within: float = 15.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.01)


async def all_sent() -> bool:
    rows = await outgoing()
    return bool(rows) and all(r.status == MessageStatus.SENT for r in rows)


def counted(fake: FakeGreenAPI) -> Counter[tuple[str, str]]:
    return Counter((m.chat_id, m.message) for m in fake.sent)


# --- a send the gateway took, whose answer never came --------------------------------------


async def test_an_accepted_send_whose_answer_was_lost_is_not_sent_again(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    fake_green.drop_after_accept(1)
    await post_webhook(app_client, text_body("hello"))
    await until(all_sent)
    # Past the journal's delay and a few reconciliation passes: still the one send.
    await asyncio.sleep(JOURNAL_DELAY + 1.5)
    await flow.outbox.flush()
    assert len(fake_green.sent) == 1
    (reply,) = await outgoing()
    assert reply.status == MessageStatus.SENT
    assert reply.gateway_id == fake_green.sent[0].id_message
    assert reply.attempt_started_at is not None and reply.sent_at is not None


async def test_the_claim_is_committed_before_the_gateway_is_called(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    fake_green.set_delay(1.0, "sendMessage")
    await post_webhook(app_client, text_body("hello"))

    async def sending() -> bool:
        rows = await outgoing()
        return bool(rows) and rows[0].status == MessageStatus.SENDING

    await until(sending)
    assert not fake_green.sent, "the gateway has not answered yet, the row says so"
    await until(all_sent)
    assert len(fake_green.sent) == 1


async def test_a_lost_send_the_journal_lacks_is_sent_after_its_delay(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    """The connection dropped before the gateway took it: the journal never shows it, so once
    the journal had its time the reply goes out, once."""
    fake_green.drop_next(1)
    started = time.monotonic()
    await post_webhook(app_client, text_body("hello"))
    await until(all_sent)
    assert time.monotonic() - started >= JOURNAL_DELAY
    assert len(fake_green.sent) == 1
    assert any(c.method == "lastOutgoingMessages" for c in fake_green.calls)


async def test_an_earlier_identical_reply_is_not_taken_for_the_lost_one(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    """The same text twice in one chat: each journal item settles one reply, and an item whose
    idMessage another reply holds is that reply's."""
    now = datetime.now(UTC)
    await fast.insert_replies(hotel.id, None, GUEST, [("Same text", "staff")], None, now)
    flow.outbox.wake()
    await until(all_sent)
    fake_green.drop_after_accept(1)
    await fast.insert_replies(hotel.id, None, GUEST, [("Same text", "staff")], None, now)
    flow.outbox.wake()

    async def both_sent() -> bool:
        rows = await outgoing()
        return len(rows) == 2 and all(r.status == MessageStatus.SENT for r in rows)

    await until(both_sent)
    await asyncio.sleep(JOURNAL_DELAY + 1.5)
    first, second = await outgoing()
    assert [m.message for m in fake_green.sent] == ["Same text", "Same text"]
    assert first.gateway_id == fake_green.sent[0].id_message
    assert second.gateway_id == fake_green.sent[1].id_message


async def test_a_chats_history_answers_when_the_instance_has_no_journal(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    """lastOutgoingMessages refused (400): getChatHistory for the chat, whose documented body
    mixes the guest's own messages in, settles the reply."""
    fake_green.fail_next(10_000, status=400, method="lastOutgoingMessages")
    history = json.loads((FIXTURES / "getChatHistory.response.json").read_text())
    for item in history:
        if item["type"] == "incoming":
            fake_green.add_history(
                DEFAULT_INSTANCE_ID, {**item, "chatId": GUEST, "timestamp": int(time.time())}
            )
    fake_green.drop_after_accept(1)
    await post_webhook(app_client, text_body("hello"))
    await until(all_sent)
    await asyncio.sleep(JOURNAL_DELAY + 1.5)
    assert len(fake_green.sent) == 1
    (reply,) = await outgoing()
    assert reply.gateway_id == fake_green.sent[0].id_message
    assert any(c.method == "getChatHistory" and c.status == 200 for c in fake_green.calls)


async def test_the_gateways_echo_settles_a_lost_send(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel: Hotel
) -> None:
    """outgoingAPIMessageReceived is another source: with the journals failing, the echo
    alone records the send."""
    fake_green.fail_next(10_000, status=500, method="lastOutgoingMessages")
    fake_green.drop_after_accept(1)
    await post_webhook(app_client, text_body("hello"))
    await fake_green.wait_for_sent(1)

    async def waiting() -> bool:
        return bool(await flow.reconciler.waiting())

    await until(waiting)
    sent = fake_green.sent[0]
    echo = fixture_body(
        "outgoingAPIMessageReceived.extendedTextMessage",
        idMessage=sent.id_message,
        timestamp=int(sent.timestamp),
    )
    echo["instanceData"]["idInstance"] = DEFAULT_INSTANCE_ID
    echo["senderData"]["chatId"] = sent.chat_id
    echo["messageData"] = {
        "typeMessage": "textMessage",
        "textMessageData": {"textMessage": sent.message},
    }
    assert (await post_webhook(app_client, echo)).status == 200
    (reply,) = await outgoing()
    assert reply.status == MessageStatus.SENT and reply.gateway_id == sent.id_message
    await asyncio.sleep(JOURNAL_DELAY + 1.0)
    assert len(fake_green.sent) == 1


# --- journals that cannot be read: replies wait, /status says why ---------------------------


FAULTS: dict[str, tuple[int | None, str]] = {
    "error": (500, "Green API answers error 500 for its journal"),
    "refused": (401, "Green API refused the credentials (401) for its journal"),
    "down": (None, "Green API's journal cannot be read (unreachable)"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_unreadable_journals_hold_replies_and_status_says_why(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_green: FakeGreenAPI,
    chat: Chat,
    fault: str,
) -> None:
    status, said = FAULTS[fault]
    fake_green.drop_after_accept(1)
    if status is not None:
        fake_green.fail_next(10_000, status=status, method="lastOutgoingMessages")
    else:  # down before its journal shows the send
        fake_green.journal_delay = 60.0
    await post_webhook(admin_client, text_body("hello"))
    await fake_green.wait_for_sent(1)
    if status is None:
        await fake_green.stop()  # the gateway goes down with the answer unsent
    try:
        # Well past the journal's delay: held, not resent.
        await asyncio.sleep(JOURNAL_DELAY + 2.5)
        (reply,) = await outgoing()
        assert reply.status == MessageStatus.SENDING
        text = (await chat(MANAGER_ID).say("/status"))[-1].text or ""
        assert f"sending not confirmed yet: 1 — {said}" in text, text
        assert "they are held, not sent again" in text
        assert "❌" in text.split(said)[0].splitlines()[-1]
    finally:
        if status is None:
            await fake_green.start()
    fake_green.heal()
    fake_green.journal_delay = 0.0
    await until(all_sent)
    assert len(fake_green.sent) == 1
    (reply,) = await outgoing()
    assert reply.gateway_id == fake_green.sent[0].id_message
    text = (await chat(MANAGER_ID).say("/status"))[-1].text or ""
    assert "not confirmed" not in text


async def test_status_in_russian(
    admin_client: Client, admin_hotel: Hotel, fake_green: FakeGreenAPI, chat: Chat
) -> None:
    fake_green.drop_after_accept(1)
    fake_green.fail_next(10_000, status=500, method="lastOutgoingMessages")
    await post_webhook(admin_client, text_body("hello"))
    await fake_green.wait_for_sent(1)
    flow = admin_client.app[runtime_key].flow
    assert flow is not None

    async def failing() -> bool:
        return any(reason.failing for reason in await flow.reconciler.waiting())

    await until(failing)
    text = (await chat(MANAGER_ID, "ru").say("/status"))[-1].text or ""
    assert "отправка ещё не подтверждена: 1" in text, text
    assert "ошибкой 500" in text


# --- matching, on the documented bodies ------------------------------------------------------


def _row(message_id: int, text: str, started: datetime, chat_id: str) -> fast.Unconfirmed:
    return fast.Unconfirmed(message_id, 1, chat_id, "text", text, None, started)


def test_documented_history_matches_by_chat_text_and_time() -> None:
    history = json.loads((FIXTURES / "getChatHistory.response.json").read_text())
    items = [item for item in map(parse_item, history) if item is not None]
    assert [i.id_message for i in items] == ["3EB08816FEBCCC3FACD2"]  # incoming ones left out
    chat_id = "11001234567@c.us"
    sent_at = datetime.fromtimestamp(1603964445, UTC)
    text = "I use Green-API to send this message to you!"
    found = match([_row(7, text, sent_at - timedelta(seconds=3), chat_id)], items)
    assert found[7].id_message == "3EB08816FEBCCC3FACD2"
    assert not match([_row(7, text + "?", sent_at, chat_id)], items)
    assert not match([_row(7, text, sent_at, "11009999999@c.us")], items)
    assert not match([_row(7, text, sent_at + timedelta(minutes=5), chat_id)], items)


def test_one_journal_item_settles_one_reply() -> None:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [_row(1, "Hi", base, GUEST), _row(2, "Hi", base + timedelta(seconds=1), GUEST)]
    journal = [
        {
            "type": "outgoing",
            "idMessage": "B",
            "timestamp": int(base.timestamp()) + 2,
            "statusMessage": "sent",
            "sendByApi": True,
            "typeMessage": "textMessage",
            "chatId": GUEST,
            "textMessage": "Hi",
        },
        {  # typed on the hotel's phone: not one of ours
            "type": "outgoing",
            "idMessage": "P",
            "timestamp": int(base.timestamp()) + 1,
            "sendByApi": False,
            "typeMessage": "textMessage",
            "chatId": GUEST,
            "textMessage": "Hi",
        },
    ]
    items = [item for item in map(parse_item, journal) if item is not None]
    found = match(rows, items)
    assert {k: v.id_message for k, v in found.items()} == {1: "B"}


# --- the process killed: `python main.py` in a child process, SIGKILL ------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """`python main.py` against the test's database and fake gateway; killed with SIGKILL."""

    def __init__(self, settings: Settings, tmp: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        keys = {name.upper() for name in Settings.model_fields}
        self.env = {k: v for k, v in os.environ.items() if k.upper() not in keys}
        self.env.update(
            DATABASE_URL=settings.db_url,
            DATA_DIR=str(tmp),
            SECRET_KEY=SECRET_KEY,
            GREEN_API_URL=settings.green_api_url,
            GREEN_API_HOSTS="http://127.0.0.1",
            SEED_DEMO="false",
            SCHEDULER_ENABLED="false",
            LOG_LEVEL="WARNING",
            HOST="127.0.0.1",
            PORT=str(self.port),
            OUTBOX_BASE_DELAY="0.05",
            GREENAPI_TIMEOUT="2",
            RECONCILE_JOURNAL_DELAY=str(JOURNAL_DELAY),
        )
        self.log = tmp / "server.log"
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                str(ROOT / "main.py"),
                cwd=ROOT,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        async with aiohttp.ClientSession() as session:
            while True:
                assert self.proc.returncode is None, self.log.read_text()
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(self.url + "/health") as resp:
                        if resp.status == 200:
                            return
                assert time.monotonic() < deadline, self.log.read_text()
                await asyncio.sleep(0.1)

    def kill_now(self) -> None:
        """SIGKILL, and wait (synchronously, a few ms) until the process is gone, so nothing
        it did after this moment can reach the database."""
        assert self.proc is not None
        pid = self.proc.pid
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                return
            if state in ("Z", "X"):
                return
            time.sleep(0.001)

    async def reap(self) -> None:
        if self.proc is not None:
            if self.proc.returncode is None:
                self.proc.kill()
            await self.proc.wait()


@pytest.fixture
async def server(
    settings: Settings, tmp_path: Path, fake_green: FakeGreenAPI
) -> AsyncIterator[Server]:
    """A hotel on the fake gateway in the test's database, and a server to start on it."""
    await db.init_db(settings.db_url)
    try:
        await create_hotel(
            TokenCipher(SECRET_KEY),
            name="Test Hotel",
            instance_id=DEFAULT_INSTANCE_ID,
            token=DEFAULT_TOKEN,
            api_url=fake_green.url,
            webhook_token=WEBHOOK_TOKEN,
            receive_mode=ReceiveMode.WEBHOOK,
            timezone="UTC",
            languages="en,ru",
        )
    finally:
        await db.close_db()
    child = Server(settings, tmp_path)
    yield child
    await child.reap()


async def post(server: Server, bodies: list[dict[str, Any]]) -> list[bool]:
    """Post webhooks, a few at a time; which were acknowledged (200)."""
    acknowledged = [False] * len(bodies)
    headers = {"Authorization": f"Bearer {WEBHOOK_TOKEN}"}
    gate = asyncio.Semaphore(8)

    async def one(i: int, session: aiohttp.ClientSession) -> None:
        async with gate:
            with contextlib.suppress(aiohttp.ClientError, OSError):
                async with session.post(
                    server.url + "/webhooks/whatsapp", json=bodies[i], headers=headers
                ) as resp:
                    acknowledged[i] = resp.status == 200

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(one(i, session) for i in range(len(bodies))))
    return acknowledged


async def settled_store(settings: Settings, within: float = 30.0) -> list[Message]:
    """Wait (reading the database from here) until no reply is pending or sending and no
    message waits to be processed; the replies then."""
    await db.init_db(settings.db_url, run_migrations=False)
    try:
        deadline = time.monotonic() + within
        while True:
            busy = await Message.filter(
                status__in=[MessageStatus.PENDING, MessageStatus.SENDING, MessageStatus.RECEIVED]
            ).count()
            if not busy:
                return await outgoing()
            assert time.monotonic() < deadline, f"{busy} messages never settled"
            await asyncio.sleep(0.1)
    finally:
        await db.close_db()


def check_once(
    fake: FakeGreenAPI, replies: list[Message], bodies: list[dict[str, Any]], acked: list[bool]
) -> tuple[int, int]:
    """(duplicates, losses): a (chat, text) the gateway accepted twice; an acknowledged guest
    message with no reply at the gateway, or a reply row whose send the gateway lacks."""
    recorded = {r.gateway_id for r in replies}
    accepted = {m.id_message for m in fake.sent}
    duplicates = sum(n - 1 for n in counted(fake).values()) + len(accepted - recorded)
    answered = {m.chat_id for m in fake.sent}
    asked = [body["senderData"]["chatId"] for body, ok in zip(bodies, acked, strict=True) if ok]
    losses = sum(1 for chat_id in asked if chat_id not in answered)
    losses += sum(
        1 for r in replies if r.status != MessageStatus.SENT or r.gateway_id not in accepted
    )
    return duplicates, losses


async def test_killed_right_after_the_gateway_accepted_sends_once(
    server: Server, settings: Settings, fake_green: FakeGreenAPI
) -> None:
    killed: list[SentMessage] = []

    def kill(message: SentMessage) -> None:
        if not killed:
            killed.append(message)
            server.kill_now()  # the gateway took it; its answer goes to a dead process

    fake_green.on_send = kill
    await server.start()
    bodies = [text_body("hello", id_message="K1")]
    assert await post(server, bodies) == [True]
    await until_true(lambda: bool(killed))
    await server.reap()
    fake_green.on_send = None
    await server.start()
    replies = await settled_store(settings)
    assert killed[0].id_message in {r.gateway_id for r in replies}
    assert check_once(fake_green, replies, bodies, [True]) == (0, 0)


async def test_killed_before_the_gateway_took_it_sends_after_restart(
    server: Server, settings: Settings, fake_green: FakeGreenAPI
) -> None:
    """Claimed (`sending`) and on its way, but the process died before the gateway took it:
    the journal lacks it, so after the restart it goes out, once."""
    fake_green.set_delay(30.0, "sendMessage")
    await server.start()
    bodies = [text_body("hello", id_message="K2")]
    assert await post(server, bodies) == [True]
    await db.init_db(settings.db_url, run_migrations=False)
    try:

        async def claimed() -> bool:
            return await Message.filter(status=MessageStatus.SENDING).exists()

        await until(claimed)
    finally:
        await db.close_db()
    server.kill_now()
    await server.reap()
    fake_green.heal()
    await server.start()
    replies = await settled_store(settings)
    assert len(fake_green.sent) == len(replies) >= 1
    assert check_once(fake_green, replies, bodies, [True]) == (0, 0)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_a_burst_killed_at_a_random_point_never_doubles_nor_loses(
    server: Server, settings: Settings, fake_green: FakeGreenAPI, seed: int
) -> None:
    rng = random.Random(seed)
    guests = 24
    fake_green.set_delay(0.05, "sendMessage")  # a realistic round trip
    kill_at = rng.randint(1, guests)
    seen: list[SentMessage] = []

    def kill(message: SentMessage) -> None:
        seen.append(message)
        if len(seen) == kill_at:
            server.kill_now()

    fake_green.on_send = kill
    bodies = [
        text_body(
            rng.choice(["hello", "hi", "good evening"]),
            chat_id=f"7900{i:07d}@c.us",
            id_message=f"B{seed}-{i}",
        )
        for i in range(guests)
    ]
    await server.start()
    acked = await post(server, bodies)
    await until_true(lambda: len(seen) >= kill_at)
    await server.reap()
    fake_green.on_send = None
    await server.start()
    replies = await settled_store(settings)
    assert check_once(fake_green, replies, bodies, acked) == (0, 0)
