"""/report through the fake Bot API (sendPhoto with its caption, CSV by sendDocument, roles),
from a staff phone through the fake Green API (sendFileByUpload to the media host), and
`python main.py report` from the shell."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from PIL import Image

from bot.guest_flow.flow import GuestFlow
from bot.store.models import AuditEntry, Hotel, Role, Staff
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    buttons,
    post_webhook,
    text_body,
)
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, FakeGreenAPI
from tests.fakes.telegram import FakeTelegram
from tests.test_cli import Cli, cli  # noqa: F401 - the fixture
from tests.test_reports_numbers import seed

OTHER_MANAGER = 2100
STAFF_PHONE = "79990001111"


@pytest.fixture
async def other(admin_hotel: Hotel, hotel_factory: Callable[..., Awaitable[Hotel]]) -> Hotel:
    hotel = await hotel_factory(name="Sakura Inn", instance_id=1101000002)
    await Staff.create(hotel=hotel, telegram_id=OTHER_MANAGER, role=Role.MANAGER)
    return hotel


async def test_report_is_a_photo_with_caption_periods_and_a_csv(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, fake_tg: FakeTelegram
) -> None:
    await seed(admin_hotel)
    manager = chat(MANAGER_ID)
    (photo,) = await manager.say("/report")  # one hotel: no question asked
    assert photo.method == "sendPhoto"
    assert (photo.text or "").startswith("Test Hotel — Yesterday, ")
    assert "Guest messages: " in (photo.text or "")
    image = Image.open(io.BytesIO(photo.files["photo"][1]))
    assert image.format == "PNG" and image.size[0] == 1080
    data = [d for _, d in buttons(photo)]
    assert data[:3] == [f"rep:show:{admin_hotel.id}:{p}" for p in ("yesterday", "7d", "30d")]
    assert data[3].startswith(f"rep:csv:{admin_hotel.id}:yesterday:")
    _, (week,) = await manager.click(photo, f"rep:show:{admin_hotel.id}:7d")
    assert week.method == "sendPhoto" and "Last 7 days" in (week.text or "")
    _, (document,) = await manager.click(photo, data[3])
    assert document.method == "sendDocument"
    name, content = document.files["document"]
    assert name.startswith(f"report-hotel{admin_hotel.id}-yesterday-") and name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    numbers = {r[0]: r[1:] for r in rows if len(r) == 3}
    caption_in = (photo.text or "").split("Guest messages: ")[1].split()[0]
    assert numbers["Guest messages"][0] == caption_in  # the same number, as the image shows


async def test_another_hotels_manager_is_refused_and_audited(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, other: Hotel, fake_tg: FakeTelegram
) -> None:
    stranger = chat(OTHER_MANAGER)
    said = await stranger.say(f"/report {admin_hotel.id} 7d")
    assert said[-1].method == "sendMessage" and "Not allowed" in (said[-1].text or "")
    refused = await AuditEntry.filter(action="refused", actor=f"tg:{OTHER_MANAGER}")
    assert [(e.hotel_id, e.details["after"]) for e in refused] == [
        (admin_hotel.id, {"permission": "report"})
    ]
    # A forged button naming the other hotel: the same refusal, as an alert.
    own = await stranger.say(f"/report {other.id}")
    answered, _ = await stranger.click(
        own[-1], f"rep:csv:{admin_hotel.id}:7d:20250310", replies=0, forged=True
    )
    assert answered.params.get("show_alert") is True
    assert "Not allowed" in str(answered.params.get("text"))
    assert await AuditEntry.filter(action="refused", hotel_id=admin_hotel.id).count() == 2
    assert not [c for c in fake_tg.calls if c.method == "sendDocument"]


async def test_support_sees_own_hotels_only_and_no_overview(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, other: Hotel
) -> None:
    support = chat(SUPPORT_ID)
    assert (await support.say(f"/report {admin_hotel.id} 30d"))[-1].method == "sendPhoto"
    assert "Not allowed" in ((await support.say(f"/report {other.id}"))[-1].text or "")
    assert "Not allowed" in ((await support.say("/report all"))[-1].text or "")
    assert "Not allowed" in ((await chat(MANAGER_ID).say("/report all"))[-1].text or "")
    usage = (await support.say("/report week"))[-1].text or ""
    assert "“week”" in usage and "Usage: /report" in usage


async def test_super_admin_picks_a_hotel_or_the_overview(
    admin_client: Client, chat: Chat, admin_hotel: Hotel, other: Hotel
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    (menu,) = await admin.say("/report 7d")
    assert menu.text == "Which hotel's report?"
    assert [d for _, d in buttons(menu)] == [
        "rep:show:0:7d",
        f"rep:show:{admin_hotel.id}:7d",
        f"rep:show:{other.id}:7d",
    ]
    _, (overview,) = await admin.click(menu, "rep:show:0:7d")
    assert overview.method == "sendPhoto"
    assert (overview.text or "").startswith("All hotels (2) — Last 7 days")
    _, (document,) = await admin.click(overview, [d for _, d in buttons(overview)][-1])
    rows = document.files["document"][1].decode("utf-8-sig")
    assert "Sakura Inn" in rows and "Test Hotel" in rows  # the table of every hotel
    ru = (await chat(SUPER_ADMIN_ID, "ru").say("/lang ru"))[-1]
    assert ru.text
    (photo,) = await admin.say(f"/report {other.id}")
    assert (photo.text or "").startswith("Sakura Inn — Вчера, ")


@pytest.fixture
async def media_host() -> AsyncIterator[FakeGreenAPI]:
    """A second gateway host: the hotel's media URL, where uploads go."""
    async with FakeGreenAPI() as fake:
        fake.add_instance(DEFAULT_INSTANCE_ID, DEFAULT_TOKEN)
        yield fake


async def test_staff_phone_gets_the_image_by_upload_to_the_media_host(
    app_client: Client,
    flow: GuestFlow,
    fake_green: FakeGreenAPI,
    media_host: FakeGreenAPI,
    hotel: Hotel,
) -> None:
    await Hotel.filter(id=hotel.id).update(media_url=media_host.url)
    await Staff.create(hotel=hotel, phone=STAFF_PHONE, role=Role.MANAGER, name="Maria")
    chat_id = f"{STAFF_PHONE}@c.us"
    await seed(hotel)
    body = text_body("/report 7d", chat_id=chat_id, id_message="R1")
    assert (await post_webhook(app_client, body)).status == 200
    await flow.processor.drain()
    await flow.outbox.flush()
    (upload,) = media_host.sent_to(chat_id)
    assert upload.file_name == "report.png" and upload.file_data is not None
    assert Image.open(io.BytesIO(upload.file_data)).format == "PNG"
    assert upload.message.startswith("Test Hotel — Last 7 days")  # the caption
    assert "Guest messages: " in upload.message
    assert [c.method for c in media_host.calls] == ["sendFileByUpload"]
    # The text answer (through the outbox, on the API host) points at the other periods.
    (text,) = fake_green.sent_to(chat_id)
    assert text.file_name is None and "/report 30d" in text.message
    assert not [c for c in fake_green.calls if c.method == "sendFileByUpload"]


async def test_command_line_writes_the_image_and_the_csv(
    cli: Cli,  # noqa: F811 - the fixture
    tmp_path: Path,
    app_client: Client,
    hotel: Hotel,
) -> None:
    await seed(hotel)
    out = tmp_path / "report.png"
    done = await cli.run("report", "--hotel", str(hotel.id), "--period", "7d", "--out", str(out))
    assert done.code == 0, done
    assert "Report written" in done.stdout and "Test Hotel" in done.stdout
    assert Image.open(out).format == "PNG"
    table = tmp_path / "all.csv"
    done = await cli.run("report", "--all", "--period", "30d", "--out", str(table), "--lang", "ru")
    assert done.code == 0, done
    assert "Сообщения гостей" in table.read_text(encoding="utf-8-sig")
    missing = await cli.run("report", "--hotel", "999", "--out", str(tmp_path / "x.png"))
    assert missing.code == 2 and "999" in missing.stderr
    assert (await cli.run("report")).code == 2


async def test_a_manager_sets_the_report_time_in_the_hotel_card(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    manager = chat(MANAGER_ID)
    (card,) = await manager.say(f"/hotel {admin_hotel.id}")
    data = f"h:edit:{admin_hotel.id}:report_time"
    assert ("📊 Daily report at 09:00", data) in buttons(card)
    _, (prompt,) = await manager.click(card, data)
    assert "now 09:00" in (prompt.text or "")
    assert "08:30" in ((await manager.say("25:00"))[-1].text or "")  # refused, asked again
    assert (await Hotel.get(id=admin_hotel.id)).report_time == "09:00"
    saved = await manager.say("7:05")
    assert "Saved." in (saved[-1].text or "")
    assert (await Hotel.get(id=admin_hotel.id)).report_time == "07:05"
    assert ("📊 Daily report at 07:05", data) in buttons(saved[-1])
    assert "07:05" in ((await manager.say("/reports"))[-1].text or "")
    # Support may not change it: the button is not there, and a forged one is refused.
    (seen,) = await chat(SUPPORT_ID).say(f"/hotel {admin_hotel.id}")
    assert data not in [d for _, d in buttons(seen)]
