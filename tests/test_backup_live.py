"""Backups of the running server: consistent while guests write, nightly once per slot, retention.

These run the real app (`app_client`, `admin_client`) and drive its scheduler with a
controlled clock (`rt.scheduler.tick(now)`), as the server's loop would.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from bot import limits
from bot.app import runtime_key
from bot.backup import store
from bot.backup.service import check_file, make_backup
from bot.store.models import (
    Direction,
    Event,
    Guest,
    Hotel,
    Message,
    MessageStatus,
    Preference,
    ServiceRequest,
    SetAside,
    Slot,
)
from tests.backup_support import sqlite_only, stored_backups
from tests.conftest import (
    SECRET_KEY,
    SUPER_ADMIN_ID,
    Chat,
    Client,
    post_webhook,
    text_body,
)
from tests.fakes.telegram import FakeTelegram

GUEST = "79001234567@c.us"


async def test_a_backup_taken_while_writes_continue_holds_a_moment_whole(
    app_client: Client, hotel: Hotel, tmp_path: Path
) -> None:
    """Pairs (a message and its event) are written in one transaction each, non-stop, while
    the backup runs; the backup holds exactly the first k pairs for some k: no torn pair, no
    gap. The writer keeps going meanwhile: the backup does not stop the server's loop."""
    rt = app_client.app[runtime_key]
    guest = await Guest.create(hotel=hotel, chat_id=GUEST)
    written = 0
    stop = asyncio.Event()
    warmed = asyncio.Event()

    async def writer() -> None:
        nonlocal written
        while not stop.is_set():
            async with in_transaction():
                message = await Message.create(
                    hotel=hotel, guest=guest, chat_id=GUEST, direction=Direction.IN,
                    gateway_id=f"W{written}", text=f"pair {written}",
                    status=MessageStatus.PROCESSED,
                )  # fmt: skip
                await Event.create(
                    hotel=hotel, kind="guest_message", payload={"pair": written, "id": message.id}
                )
            written += 1
            if written >= 50:
                warmed.set()
            await asyncio.sleep(0)

    task = asyncio.create_task(writer())
    await warmed.wait()
    before = written
    made = await make_backup(rt.settings)
    during = written - before
    stop.set()
    await task
    assert during > 0, "the writer made no progress while the backup ran"

    work = tmp_path / "open"
    work.mkdir()
    checked = await asyncio.to_thread(check_file, made.path, SECRET_KEY, work)
    if checked.manifest["kind"] == "sqlite":
        with closing(sqlite3.connect(checked.payload)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            texts = [r[0] for r in conn.execute("SELECT text FROM messages ORDER BY id")]
            pairs = [
                json.loads(r[0])["pair"]
                for r in conn.execute("SELECT payload FROM events ORDER BY id")
            ]
    else:
        rows = [json.loads(line) for line in checked.payload.read_text("utf-8").splitlines()]
        texts = [r["row"]["text"] for r in rows if r["table"] == "messages"]
        pairs = [r["row"]["payload"]["pair"] for r in rows if r["table"] == "events"]
    k = len(texts)
    assert before <= k <= written
    assert texts == [f"pair {i}" for i in range(k)]
    assert pairs == list(range(k))
    assert checked.manifest["counts"]["messages"] == k


async def test_the_nightly_backup_runs_once_per_slot_and_prunes(
    app_client: Client, hotel: Hotel, tmp_path: Path
) -> None:
    rt = app_client.app[runtime_key]
    day = datetime(2026, 3, 2, tzinfo=UTC)
    await rt.scheduler.tick(day + timedelta(hours=2, minutes=59))  # before 03:00 UTC
    assert stored_backups(tmp_path) == []
    await rt.scheduler.tick(day + timedelta(hours=3))
    await rt.scheduler.tick(day + timedelta(hours=3, minutes=1))
    await rt.scheduler.tick(day + timedelta(hours=23))
    assert [p.name for p in stored_backups(tmp_path)] == ["hotel-backup-20260302T030000Z.backup"]
    slot = await Slot.get(key="backup:2026-03-02")
    assert slot.outcome == "done"
    listed = store.listing(tmp_path)
    assert listed[0].verified and listed[0].info["counts"]["hotels"] == 1

    # Nineteen more nights (to Saturday 21 March): the last 7 days are kept, and the newest
    # of each of the last 4 ISO weeks (Sunday 8 March is the one the days do not cover).
    for n in range(1, 20):
        await rt.scheduler.tick(day + timedelta(days=n, hours=3, minutes=5))
    days = sorted(p.name[13:21] for p in stored_backups(tmp_path))
    assert days == ["20260308", *[f"202603{d}" for d in range(15, 22)]]
    assert await Slot.filter(key__startswith="backup:").count() == 20


async def test_a_failed_nightly_backup_reaches_the_super_admins(
    admin_client: Client, admin_hotel: Hotel, fake_tg: FakeTelegram, tmp_path: Path
) -> None:
    rt = admin_client.app[runtime_key]
    (tmp_path / "backups").write_text("not a folder")  # the backups folder cannot be made
    before = len(fake_tg.sent_messages(SUPER_ADMIN_ID))
    await rt.scheduler.tick(datetime(2026, 3, 2, 3, 0, tzinfo=UTC))
    sent = fake_tg.sent_messages(SUPER_ADMIN_ID)[before:]
    assert len(sent) == 1 and "nightly backup failed" in (sent[0].text or ""), sent
    slot = await Slot.get(key="backup:2026-03-02")
    assert slot.outcome == "failed" and slot.error
    # Managers are not told: backups are the super admins' business.
    from tests.conftest import MANAGER_ID

    assert not [m for m in fake_tg.sent_messages(MANAGER_ID) if "backup" in (m.text or "")]

    # With notices on, a good night is reported too.
    (tmp_path / "backups").unlink()
    await Preference.create(key="backup:notify", value="on")
    await rt.scheduler.tick(datetime(2026, 3, 3, 3, 0, tzinfo=UTC))
    sent = fake_tg.sent_messages(SUPER_ADMIN_ID)[before + 1 :]
    assert len(sent) == 1 and "Nightly backup made" in (sent[0].text or ""), sent


async def _old(hotel: Hotel, days: int, **fields: Any) -> Message:
    message = await Message.create(
        hotel=hotel, chat_id=GUEST, direction=Direction.IN, status=MessageStatus.PROCESSED,
        outcome="knowledge", **fields,
    )  # fmt: skip
    await Message.filter(id=message.id).update(created_at=datetime.now(UTC) - timedelta(days=days))
    return message


async def test_retention_erases_old_texts_and_nothing_else(
    app_client: Client, hotel_factory: Callable[..., Awaitable[Hotel]], db_url: str
) -> None:
    rt = app_client.app[runtime_key]
    keeping = await hotel_factory()
    await Hotel.filter(id=keeping.id).update(retention_days=30)
    forever = await hotel_factory(name="Forever", instance_id=2202000002)
    guest = await Guest.create(hotel=keeping, chat_id=GUEST)
    old = await _old(keeping, 40, text="secret old text 🌙", payload={"caption": "x"})
    recent = await _old(keeping, 10, text="recent text")
    other = await _old(forever, 400, text="kept forever")
    closed = await ServiceRequest.create(
        hotel=keeping, guest=guest, kind="towels", text="old request", status="done"
    )
    still_open = await ServiceRequest.create(
        hotel=keeping, guest=guest, kind="taxi", text="open one"
    )
    event = await Event.create(
        hotel=keeping, kind="guest_message", payload={"text": "old", "chat_id": GUEST}
    )
    aside = await SetAside.create(hotel_id=keeping.id, source="webhook", body="raw old", error="x")
    long_ago = datetime.now(UTC) - timedelta(days=40)
    for model, row in (
        (ServiceRequest, closed),
        (ServiceRequest, still_open),
        (Event, event),
        (SetAside, aside),
    ):
        await model.filter(id=row.id).update(created_at=long_ago)
    counts = await Message.all().count()

    await rt.scheduler.tick(datetime.now(UTC).replace(hour=23, minute=59))

    assert (await Message.get(id=old.id)).text == "" and (
        await Message.get(id=old.id)
    ).payload is None
    assert (await Message.get(id=old.id)).outcome == "knowledge"  # what /stats counts stays
    assert (await Message.get(id=recent.id)).text == "recent text"
    assert (await Message.get(id=other.id)).text == "kept forever"
    assert await Message.all().count() == counts
    assert (await ServiceRequest.get(id=closed.id)).text == ""
    assert (await ServiceRequest.get(id=still_open.id)).text == "open one"
    assert (await Event.get(id=event.id)).payload == {"chat_id": GUEST}
    assert not await SetAside.exists(id=aside.id)
    assert (await Slot.get(key=f"retention:{datetime.now(UTC).date()}")).outcome == "done"
    if db_url.startswith("sqlite://"):
        assert not _on_disk(db_url, "secret old text")


async def test_retention_reads_only_events_with_text_in_batches_and_a_second_night_none(
    app_client: Client,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Events stripped on an earlier night are never read again, and the ones still holding a
    text are read RETENTION_BATCH_ROWS at a time: counted as the rows the database driver hands
    back for queries on the events table."""
    rt = app_client.app[runtime_key]
    hotel = await hotel_factory()
    await Hotel.filter(id=hotel.id).update(retention_days=30)
    with_text = limits.RETENTION_BATCH_ROWS + 20
    already_stripped = 300
    await Event.bulk_create(
        [Event(hotel=hotel, kind="guest_message", payload={"text": f"t{i}", "n": i})
         for i in range(with_text)]
        + [Event(hotel=hotel, kind="guest_message", payload={"n": -i - 1})
           for i in range(already_stripped)]
    )  # fmt: skip
    long_ago = datetime.now(UTC) - timedelta(days=40)
    await Event.filter(hotel_id=hotel.id).update(created_at=long_ago, delivered_at=long_ago)

    conn = connections.get("default")
    original = conn.execute_query
    read: list[int] = []

    async def counting(query: str, values: list[Any] | None = None) -> tuple[int, list[Any]]:
        result: tuple[int, list[Any]] = await original(query, values)
        if 'FROM "events"' in query:
            read.append(len(result[1]))
        return result

    monkeypatch.setattr(conn, "execute_query", counting)
    night = datetime.now(UTC).replace(hour=23, minute=59)
    await rt.scheduler.tick(night)
    first_night = list(read)

    assert await Event.filter(hotel_id=hotel.id).count() == with_text + already_stripped
    payloads: list[dict[str, Any]] = [e.payload for e in await Event.filter(hotel_id=hotel.id)]
    assert all("text" not in p for p in payloads)
    assert sorted(p["n"] for p in payloads if p["n"] >= 0) == list(range(with_text))
    assert max(first_night) <= limits.RETENTION_BATCH_ROWS, first_night
    assert sum(first_night) == with_text, first_night  # none of the already stripped ones

    read.clear()
    await rt.scheduler.tick(night + timedelta(days=1))
    assert sum(read) == 0, read  # the second night reads no event
    day2 = (night + timedelta(days=1)).date()
    assert (await Slot.get(key=f"retention:{day2}")).outcome == "done"


@sqlite_only()
async def test_retention_purges_the_journal_when_only_event_texts_were_erased(
    app_client: Client, hotel_factory: Callable[..., Awaitable[Hotel]], db_url: str
) -> None:
    rt = app_client.app[runtime_key]
    hotel = await hotel_factory()
    await Hotel.filter(id=hotel.id).update(retention_days=30)
    secret = "room 1207 door code 4471-unique"
    event = await Event.create(hotel=hotel, kind="guest_message", payload={"text": secret})
    long_ago = datetime.now(UTC) - timedelta(days=40)
    await Event.filter(id=event.id).update(created_at=long_ago, delivered_at=long_ago)
    assert _on_disk(db_url, secret)

    await rt.scheduler.tick(datetime.now(UTC).replace(hour=23, minute=59))

    assert (await Event.get(id=event.id)).payload == {}
    assert not _on_disk(db_url, secret)


def _on_disk(db_url: str, text: str) -> bool:
    """Whether the text's bytes are anywhere in the database's files (main, WAL)."""
    path = Path(db_url.removeprefix("sqlite://").partition("?")[0])
    needle = text.encode()
    return any(
        needle in p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    )


@sqlite_only()
async def test_forget_leaves_no_copy_of_the_text_in_the_database_files(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, db_url: str
) -> None:
    secret = "my passport number is QZ-7741-unique"
    response = await post_webhook(admin_client, text_body(secret, id_message="F1"))
    assert response.status == 200
    flow = admin_client.app[runtime_key].flow
    assert flow is not None
    await flow.processor.drain()
    from tortoise import connections

    await connections.get("default").execute_script("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _on_disk(db_url, secret)
    from tests.conftest import MANAGER_ID, buttons

    manager = chat(MANAGER_ID)
    prompt = (await manager.say("/forget 79001234567"))[0]
    erase = next(data for _, data in buttons(prompt) if data.startswith("guest:forget"))
    _, edited = await manager.click(prompt, erase)
    assert "Erased" in (edited[-1].text or "")
    assert not _on_disk(db_url, secret)
