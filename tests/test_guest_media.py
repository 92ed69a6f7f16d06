"""The staff inbox (issue 9): a guest's media reach staff as media, downloaded through the
gateway, not as empty quotes.

End to end: a guest's file notification arrives at the webhook with a downloadUrl on the fake
Green API's storage; the real app downloads it (only from GREEN_API_MEDIA_HOSTS, a fresh link
through downloadFile when the stored one expired) and sends it to staff in the fake Telegram as
a voice, photo, document or location, linked so that a reply to it reaches the guest.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import pytest

from bot.admin_flow.core import guest_media
from bot.app import runtime_key
from bot.config import Settings
from bot.gateway_hosts import parse_hosts
from bot.guest_flow.greenapi import FileTooLarge, GreenAPIClient, HostNotAllowed
from bot.guest_flow.notifications import TOO_LARGE
from bot.store.models import Direction, Hotel, Message
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    fixture_body,
    post_webhook,
    text_body,
)
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, FakeGreenAPI
from tests.fakes.telegram import PHOTO_BYTES, ApiCall, FakeTelegram
from tests.test_staff_cards import GUEST, card_for, link_for
from tests.test_staff_reply import handed_off

VOICE = b"OggS\x00\x02" + bytes(range(256)) * 40  # an Ogg Opus voice note, as bytes go


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The fake's storage is on loopback: the media allow-list names it, as GREEN_API_HOSTS
    does for its API (conftest)."""
    return settings.model_copy(update={"green_api_media_hosts": "http://127.0.0.1"})


def file_body(
    type_message: str,
    id_message: str,
    url: str,
    *,
    mime: str,
    caption: str | None = None,
    file_name: str | None = None,
) -> dict[str, Any]:
    """The documented incomingMessageReceived body of a guest's file."""
    body = fixture_body("incomingMessageReceived.textMessage")
    body["idMessage"] = id_message
    body["senderData"].update(chatId=GUEST, sender=GUEST, senderName="Anna Smith")
    data: dict[str, Any] = {"downloadUrl": url, "mimeType": mime, "jpegThumbnail": ""}
    if caption is not None:
        data["caption"] = caption
    if file_name is not None:
        data["fileName"] = file_name
    body["messageData"] = {"typeMessage": type_message, "fileMessageData": data}
    return body


def location_body(id_message: str, **place: Any) -> dict[str, Any]:
    body = fixture_body("incomingMessageReceived.locationMessage")
    body["idMessage"] = id_message
    body["senderData"].update(chatId=GUEST, sender=GUEST, senderName="Anna Smith")
    body["messageData"]["locationMessageData"].update(place)
    return body


async def guest_sends(client: Client, body: dict[str, Any]) -> None:
    assert (await post_webhook(client, body)).status == 200
    flow = client.app[runtime_key].flow
    assert flow is not None
    await flow.processor.drain()


async def shown(fake: FakeTelegram, method: str, chat_id: int, count: int = 1) -> ApiCall:
    return (await fake.wait_for(method, count, chat_id=chat_id, timeout=15.0))[count - 1]


async def test_a_guest_voice_note_reaches_staff_as_a_voice_and_a_reply_to_it_reaches_the_guest(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    # The first voice note: the bot cannot read it and hands the chat to a person; the card
    # says "voice message" and the voice itself follows it.
    url = fake_green.add_file(VOICE, "a1b2c3.oga")
    await guest_sends(
        admin_client, file_body("audioMessage", "V1", url, mime="audio/ogg; codecs=opus")
    )
    await card_for(fake_tg, SUPPORT_ID, "voice message")
    voice = await shown(fake_tg, "sendVoice", SUPPORT_ID)
    assert voice.files["voice"][1] == VOICE
    assert voice.result["voice"]["file_size"] == len(VOICE)
    caption = voice.text or ""
    assert "Test Hotel" in caption and "+7900•••••67" in caption and "“" not in caption
    manager_voice = await shown(fake_tg, "sendVoice", MANAGER_ID)
    assert "79001234567" in (manager_voice.text or "")  # a manager sees the full number
    row = await Message.get(direction=Direction.IN, gateway_id="V1")
    link = await link_for(tg_chat_id=SUPPORT_ID, tg_message_id=voice.result["message_id"])
    assert (link.kind, link.message_id) == ("forward", row.id)
    assert fake_green.file_requests == [url.split("/storage/", 1)[1]]  # fetched once for all

    # A reply to the voice note in Telegram reaches the guest.
    before = len(fake_green.sent)
    fake_tg.send_reply(chat(SUPPORT_ID).user, voice, text="We hear you, Anna: on our way")
    sent = (await fake_green.wait_for_sent(before + 1))[-1]
    assert (sent.chat_id, sent.message) == (GUEST, "We hear you, Anna: on our way")

    # Another voice note while a person holds the chat: the voice instead of the text line,
    # with the forward's buttons.
    second = fake_green.add_file(VOICE[:500], "d4e5.ogg")
    await guest_sends(admin_client, file_body("audioMessage", "V2", second, mime="audio/ogg"))
    again = await shown(fake_tg, "sendVoice", SUPPORT_ID, 2)
    assert again.files["voice"][1] == VOICE[:500]
    markup = again.params.get("reply_markup") or {}
    assert any("conv:reply:" in b["callback_data"] for r in markup["inline_keyboard"] for b in r)
    assert not [c for c in fake_tg.sent_messages(SUPPORT_ID) if "“”" in (c.text or "")]


async def test_a_photo_keeps_its_caption_a_document_its_name_and_a_location_is_a_location(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    await handed_off(admin_client, fake_tg, fake_green, SUPPORT_ID)
    photo = b"\xff\xd8\xff\xe0JFIF" + b"p" * 3000
    url = fake_green.add_file(photo, "e5f6.jpg")
    body = file_body("imageMessage", "P1", url, mime="image/jpeg", caption="The view from 412")
    await guest_sends(admin_client, body)
    sent = await shown(fake_tg, "sendPhoto", SUPPORT_ID)
    assert sent.files["photo"][1] == photo
    assert "+7900•••••67" in (sent.text or "") and "The view from 412" in (sent.text or "")

    # A caption longer than Telegram takes is cut to 1024 characters.
    url = fake_green.add_file(photo, "f7.jpg")
    body = file_body("imageMessage", "P2", url, mime="image/jpeg", caption="long " * 100)
    await guest_sends(admin_client, body)
    assert len((await shown(fake_tg, "sendPhoto", SUPPORT_ID, 2)).text or "") <= 1024

    pdf = b"%PDF-1.4 booking confirmation"
    url = fake_green.add_file(pdf, "0a1b2c.pdf")
    body = file_body(
        "documentMessage", "D1", url, mime="application/pdf", file_name="Booking 4711.pdf"
    )
    await guest_sends(admin_client, body)
    document = await shown(fake_tg, "sendDocument", SUPPORT_ID)
    assert document.files["document"] == ("Booking 4711.pdf", pdf)
    assert document.result["document"]["file_name"] == "Booking 4711.pdf"

    await guest_sends(admin_client, location_body("L1", latitude=41.3851, longitude=2.1734))
    place = await shown(fake_tg, "sendLocation", SUPPORT_ID)
    assert place.result["location"] == {"latitude": 41.3851, "longitude": 2.1734}
    body = location_body("L2", nameLocation="Sagrada Familia", address="C/ de Mallorca, 401")
    await guest_sends(admin_client, body)
    venue = await shown(fake_tg, "sendVenue", SUPPORT_ID)
    assert venue.result["venue"]["title"] == "Sagrada Familia"
    assert venue.result["venue"]["address"] == "C/ de Mallorca, 401"
    assert "location" in venue.result
    # Each is linked: a reply to any of them reaches the guest.
    for call in (sent, document, place, venue):
        link = await link_for(tg_chat_id=SUPPORT_ID, tg_message_id=call.result["message_id"])
        assert link.kind == "forward"


async def test_a_link_outside_the_media_hosts_is_never_fetched_and_staff_get_the_text_line(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    await handed_off(admin_client, fake_tg, fake_green, SUPPORT_ID)
    # The same storage by another name: "localhost" is not in the allow-list (127.0.0.1 is).
    url = fake_green.add_file(VOICE, "x.ogg").replace("127.0.0.1", "localhost")
    await guest_sends(admin_client, file_body("audioMessage", "X1", url, mime="audio/ogg"))
    line = await card_for(fake_tg, SUPPORT_ID, "Could not fetch the guest's file")
    assert "writes (a person holds this chat)" in (line.text or "")
    assert fake_green.file_requests == []
    assert not [c for c in fake_tg.calls if c.method == "sendVoice"]
    # The text line is linked as a forward would be.
    link = await link_for(tg_chat_id=SUPPORT_ID, tg_message_id=line.result["message_id"])
    assert link.kind == "forward"


async def test_an_expired_link_is_refreshed_through_download_file(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await handed_off(admin_client, fake_tg, fake_green, SUPPORT_ID)
    message = (DEFAULT_INSTANCE_ID, GUEST, "E1")
    url = fake_green.add_file(VOICE, "old.ogg", message=message, status=403)
    await guest_sends(admin_client, file_body("audioMessage", "E1", url, mime="audio/ogg"))
    voice = await shown(fake_tg, "sendVoice", SUPPORT_ID)
    assert voice.files["voice"][1] == VOICE
    assert [c.status for c in fake_green.calls if c.method == "downloadFile"] == [200]
    assert len(fake_green.file_requests) == 2  # the expired link, then the fresh one

    # A message the gateway has no file for (downloadFile refuses it): the text line with the
    # note that says so, and the token that travelled in downloadFile's path is in no log line.
    caplog.set_level(logging.DEBUG)
    gone = fake_green.add_file(VOICE, "gone.ogg", status=404)
    await guest_sends(admin_client, file_body("audioMessage", "E2", gone, mime="audio/ogg"))
    await card_for(fake_tg, SUPPORT_ID, "has no copy of the guest's file any more")
    assert [c.status for c in fake_green.calls if c.method == "downloadFile"] == [200, 400]
    assert DEFAULT_TOKEN not in caplog.text


async def test_a_file_too_large_for_the_gateway_gives_the_text_line_with_a_note(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    await handed_off(admin_client, fake_tg, fake_green, SUPPORT_ID)
    body = file_body("videoMessage", "B1", TOO_LARGE, mime="video/mp4", caption="our room")
    await guest_sends(admin_client, body)
    line = await card_for(fake_tg, SUPPORT_ID, "too large to show here")
    assert "our room" in (line.text or "")
    assert fake_green.file_requests == []
    assert not [c for c in fake_green.calls if c.method == "downloadFile"]


async def test_the_download_reads_up_to_the_cap_and_refuses_one_byte_more(
    fake_green: FakeGreenAPI,
) -> None:
    hosts = parse_hosts("http://127.0.0.1")
    async with aiohttp.ClientSession() as session:
        client = GreenAPIClient(session, hosts=hosts)
        url = fake_green.add_file(b"x" * 1000, "cap.bin")
        assert await client.fetch_file(url, hosts, 1000, 5.0) == b"x" * 1000
        with pytest.raises(FileTooLarge):
            await client.fetch_file(url, hosts, 999, 5.0)
        with pytest.raises(HostNotAllowed):
            await client.fetch_file(url, parse_hosts(""), 1000, 5.0)
    assert len(fake_green.file_requests) == 2


def test_which_telegram_message_fits_each_file() -> None:
    assert guest_media.send_for("audioMessage", "audio/ogg; codecs=opus") is guest_media.Send.VOICE
    assert guest_media.send_for("audioMessage", "audio/mpeg") is guest_media.Send.AUDIO
    assert guest_media.send_for("stickerMessage", "image/webp") is guest_media.Send.STICKER
    assert guest_media.send_for("documentMessage", "") is guest_media.Send.DOCUMENT
    assert guest_media.send_for("videoMessage", "video/mp4") is guest_media.Send.VIDEO


async def test_a_slow_file_of_one_hotel_holds_back_no_other_hotels_card(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
    hotel_factory: Any,
) -> None:
    """Staff notifications go hotel by hotel side by side: a voice note whose storage takes
    seconds to answer delays its own hotel's queue, not another hotel's handoff card."""
    fake_green.add_instance(2202000002, "other-token", wid="79990000002@c.us")
    await hotel_factory(name="Seaside", instance_id=2202000002, token="other-token")
    fake_green.storage_delay = 3.0
    url = fake_green.add_file(VOICE, "slow.oga")
    await guest_sends(admin_client, file_body("audioMessage", "V1", url, mime="audio/ogg"))
    other = text_body("I need to talk to a person", id_message="B1", chat_id="79005550000@c.us")
    other["instanceData"]["idInstance"] = 2202000002
    other["instanceData"]["wid"] = "79990000002@c.us"
    assert (await post_webhook(admin_client, other)).status == 200
    flow = admin_client.app[runtime_key].flow
    assert flow is not None
    await flow.processor.drain()
    # Seaside has no staff of its own: its card goes to the super admin, while the first
    # hotel's voice note is still downloading.
    await card_for(fake_tg, SUPER_ADMIN_ID, "Seaside")
    assert not [c for c in fake_tg.sent_messages(SUPPORT_ID) if c.method == "sendVoice"]
    voice = await shown(fake_tg, "sendVoice", SUPPORT_ID)
    assert voice.files["voice"][1] == VOICE


async def test_a_photo_over_telegrams_photo_limit_reaches_staff_as_a_file(
    admin_client: Client,
    admin_hotel: Hotel,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    """WhatsApp sends photos Telegram will not take as photos (over 10 MB): the same bytes go
    as a document, not as a "could not fetch" line."""
    await handed_off(admin_client, fake_tg, fake_green, SUPPORT_ID)
    photo = b"\xff\xd8\xff\xe0JFIF" + b"p" * (PHOTO_BYTES + 1)
    url = fake_green.add_file(photo, "big.jpg")
    body = file_body("imageMessage", "BIG", url, mime="image/jpeg", caption="The leak, room 412")
    await guest_sends(admin_client, body)
    sent = await shown(fake_tg, "sendDocument", SUPPORT_ID)
    assert sent.files["document"][1] == photo
    assert "The leak, room 412" in (sent.text or "")
