"""Nightly retention: old guest texts erased (rows kept for the numbers), and the staff files
nothing will send swept from DATA_DIR/outbox_files."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from tortoise import timezone

from bot.admin_flow.core.staff_reply import conversation_of
from bot.backup.retention import (
    RetentionJob,
    erase_old_texts,
    prune_staff_links,
    sweep_staff_files,
)
from bot.limits import STAFF_FILE_KEEP_DAYS, STAFF_LINK_KEEP_DAYS
from bot.scheduler import claimed
from bot.store.models import (
    Conversation,
    Direction,
    Event,
    Guest,
    Hotel,
    Message,
    MessageStatus,
    ServiceRequest,
    StaffLink,
)


async def _message(hotel: Hotel, guest: Guest, text: str, age: timedelta) -> Message:
    values: dict[str, Any] = {
        "hotel": hotel,
        "guest": guest,
        "chat_id": guest.chat_id,
        "direction": Direction.IN,
        "text": text,
        "status": MessageStatus.PROCESSED,
    }
    row = await Message.create(**values)
    await Message.filter(id=row.id).update(created_at=timezone.now() - age)
    return row


async def test_old_texts_are_erased_and_the_rows_stay(hotel: Hotel) -> None:
    hotel.retention_days = 30
    await hotel.save()
    guest = await Guest.create(hotel=hotel, chat_id="79001112233@c.us")
    old = await _message(hotel, guest, "my passport number is 1234", timedelta(days=40))
    new = await _message(hotel, guest, "towels please", timedelta(days=2))
    closed = await ServiceRequest.create(
        hotel=hotel, guest=guest, kind="towels", text="towels to 512", status="done"
    )
    still_open = await ServiceRequest.create(
        hotel=hotel, guest=guest, kind="taxi", text="taxi at 8", status="open"
    )
    await ServiceRequest.filter(id__in=[closed.id, still_open.id]).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    event = await Event.create(hotel=hotel, kind="handoff", payload={"text": "old", "reason": "x"})
    await Event.filter(id=event.id).update(created_at=timezone.now() - timedelta(days=40))

    erased = await erase_old_texts(timezone.now())

    assert erased == {hotel.id: 3}  # the old message, the done request, the event's text
    assert (await Message.get(id=old.id)).text == ""
    assert (await Message.get(id=new.id)).text == "towels please"
    assert (await ServiceRequest.get(id=closed.id)).text == ""
    assert (await ServiceRequest.get(id=still_open.id)).text == "taxi at 8"  # staff act on it
    assert (await Event.get(id=event.id)).payload == {"reason": "x"}
    assert await Message.filter(hotel_id=hotel.id).count() == 2  # rows stay for /stats


async def test_a_hotel_without_retention_keeps_everything(hotel: Hotel) -> None:
    guest = await Guest.create(hotel=hotel, chat_id="79001112233@c.us")
    row = await _message(hotel, guest, "kept", timedelta(days=4000))
    assert await erase_old_texts(timezone.now()) == {}
    assert (await Message.get(id=row.id)).text == "kept"


def _file(folder: Path, name: str, age: timedelta) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"\x89PNG staff photo")
    stamp = (timezone.now() - age).timestamp()
    os.utime(path, (stamp, stamp))
    return path


async def _staff_file_row(hotel: Hotel, guest: Guest, path: Path, status: MessageStatus) -> None:
    await Message.create(
        hotel=hotel,
        guest=guest,
        chat_id=guest.chat_id,
        direction=Direction.OUT,
        kind="imageMessage",
        text="here is the map",
        status=status,
        source="staff",
        payload={"file": str(path), "fileName": "map.png"},
    )


async def test_staff_files_nothing_will_send_are_swept(hotel: Hotel, tmp_path: Path) -> None:
    folder = tmp_path / "outbox_files"
    guest = await Guest.create(hotel=hotel, chat_id="79001112233@c.us")
    waiting = _file(folder, "waiting.png", timedelta(days=STAFF_FILE_KEEP_DAYS + 3))
    await _staff_file_row(hotel, guest, waiting, MessageStatus.PENDING)
    failed_recently = _file(folder, "failed.png", timedelta(days=1))
    await _staff_file_row(hotel, guest, failed_recently, MessageStatus.FAILED)
    failed_long_ago = _file(folder, "failed_old.png", timedelta(days=STAFF_FILE_KEEP_DAYS + 1))
    await _staff_file_row(hotel, guest, failed_long_ago, MessageStatus.FAILED)
    orphan = _file(folder, "orphan.png", timedelta(hours=2))  # its row was never written
    just_written = _file(folder, "fresh.png", timedelta(minutes=1))  # its row comes next

    removed = await sweep_staff_files(folder, timezone.now())

    assert removed == 2
    assert waiting.exists() and failed_recently.exists() and just_written.exists()
    assert not failed_long_ago.exists() and not orphan.exists()


async def test_no_folder_is_nothing_to_sweep(hotel: Hotel, tmp_path: Path) -> None:
    assert await sweep_staff_files(tmp_path / "missing", timezone.now()) == 0


async def test_the_nightly_job_erases_and_sweeps_once(hotel: Hotel, tmp_path: Path) -> None:
    folder = tmp_path / "outbox_files"
    orphan = _file(folder, "orphan.pdf", timedelta(days=2))
    job = RetentionJob("03:00", folder)
    now = timezone.now().replace(hour=3, minute=0, second=30)
    await job.tick(now)
    assert not orphan.exists()
    assert await claimed(f"retention:{now.date().isoformat()}")
    again = _file(folder, "again.pdf", timedelta(days=2))
    await job.tick(now + timedelta(seconds=30))  # the same night: claimed, not run twice
    assert again.exists()


async def test_old_staff_links_are_pruned_but_an_open_requests_card_stays(hotel: Hotel) -> None:
    guest = await Guest.create(hotel=hotel, chat_id="79001112233@c.us")
    conversation = await Conversation.create(hotel=hotel, guest=guest)
    open_request = await ServiceRequest.create(
        hotel=hotel, guest=guest, kind="taxi", text="taxi at 8", status="open"
    )
    done_request = await ServiceRequest.create(
        hotel=hotel, guest=guest, kind="towels", text="towels", status="done"
    )
    old = timezone.now() - timedelta(days=STAFF_LINK_KEEP_DAYS + 1)
    links = {
        "old forward": ("forward", None, old),
        "old card": ("card", None, old),
        "open request": ("request", open_request.id, old),
        "done request": ("request", done_request.id, old),
        "recent forward": ("forward", None, timezone.now() - timedelta(days=2)),
    }
    ids: dict[str, int] = {}
    for number, (name, (kind, request_id, created)) in enumerate(links.items(), start=1):
        link = await StaffLink.create(
            hotel=hotel,
            conversation_id=conversation.id,
            request_id=request_id,
            tg_chat_id=-100123,
            tg_message_id=number,
            kind=kind,
        )
        await StaffLink.filter(id=link.id).update(created_at=created)
        ids[name] = link.id

    assert await prune_staff_links(timezone.now()) == 3

    left = {link.id for link in await StaffLink.all()}
    assert left == {ids["open request"], ids["recent forward"]}
    # The staff chat's old message no longer routes a reply; a recent one still does.
    assert await conversation_of(-100123, 1, None) is None
    assert await conversation_of(-100123, 5, None) == conversation.id
