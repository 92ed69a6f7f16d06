"""Service requests new -> in progress -> done (issue 9), with the guest told, and duplicates
joined to the first request.

End to end: guests write through the fake Green API, staff press in the fake Telegram (which
drops an inline keyboard from a message edited without one, as Telegram does), the real app in
between. The room/time reader is tested on its own at the end, in the six languages.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.admin_flow.core import requests
from bot.admin_flow.core.actor import telegram_actor
from bot.admin_flow.core.requests import RequestState, RequestView, render_request
from bot.app import runtime_key
from bot.backup.retention import erase_old_texts
from bot.guest_flow.request_details import Details, parse
from bot.i18n import I18n
from bot.reports.numbers import key_numbers, window
from bot.store.models import (
    AuditEntry,
    Conversation,
    Event,
    Guest,
    Hotel,
    Message,
    ServiceRequest,
)
from tests.conftest import MANAGER_ID, SUPPORT_ID, Chat, Client
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.telegram import FakeTelegram
from tests.test_staff_cards import (
    GUEST,
    OTHER_SUPPORT_ID,
    card_for,
    delivered,
    guest_says,
    keys,
    now_reads,
    other_hotels_support,
    press,
)


def actions(message: Mapping[str, Any]) -> list[str]:
    return [data.split(":")[1] for data in keys(message)]


async def test_a_request_from_new_to_done_with_the_guest_told_in_russian(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    await guest_says(admin_client, "Поменяйте полотенца в номере 512 в 8:00, пожалуйста", "A")
    received = await fake_green.wait_for_sent(2)  # the greeting, then the request's number
    request = await ServiceRequest.get()
    assert f"#{request.id}" in received[-1].message and "полотенца" in received[-1].message
    assert request.details == {"room": "512", "time": "8:00"} and request.status == "open"
    cards = {
        MANAGER_ID: await card_for(fake_tg, MANAGER_ID, f"request #{request.id}"),
        SUPPORT_ID: await card_for(fake_tg, SUPPORT_ID, f"request #{request.id}"),
    }
    for card in cards.values():
        body = card.text or ""
        assert "fresh towels" in body and "Anna Smith" in body
        assert "Room: 512" in body and "Time: 8:00" in body
        assert "Поменяйте полотенца" in body and "New: nobody has taken it yet" in body
        assert actions(card.params) == ["take", "done"]
    assert "+79001234567" in (cards[MANAGER_ID].text or "")
    assert "79001234567" not in (cards[SUPPORT_ID].text or "")
    assert "+7900•••••67" in (cards[SUPPORT_ID].text or "")

    support = chat(SUPPORT_ID).user
    taken = await press(fake_tg, support, cards[SUPPORT_ID], f"req:take:{request.id}")
    assert f"Request #{request.id} is yours" in (taken.params.get("text") or "")
    for card in cards.values():  # every copy, with the buttons of its state
        current = await now_reads(fake_tg, card, "In progress: User3000")
        assert actions(current) == ["done"]
    assert (await ServiceRequest.get()).status == "in_progress"
    assert len(fake_green.sent) == 2  # taking it tells the guest nothing

    done = await press(fake_tg, support, cards[SUPPORT_ID], f"req:done:{request.id}")
    assert f"Request #{request.id} is done" in (done.params.get("text") or "")
    told = await fake_green.wait_for_sent(3)
    assert told[-1].chat_id == GUEST
    assert told[-1].message.startswith(f"Ваш запрос (свежие полотенца, №{request.id}) выполнен")
    for card in cards.values():
        current = await now_reads(fake_tg, card, "Done by User3000 at")
        assert keys(current) == []  # nothing left to press
    request = await ServiceRequest.get()
    assert request.status == "done" and request.closed_at is not None
    assert request.taken_at is not None and request.taken_by == SUPPORT_ID

    # A second Done (a stale copy, another person) says so; the guest hears nothing more.
    manager = chat(MANAGER_ID).user
    again = await press(fake_tg, manager, cards[MANAGER_ID], f"req:done:{request.id}", forged=True)
    assert "already done (User3000)" in (again.params.get("text") or "")
    assert again.params.get("show_alert")
    await asyncio.sleep(0.2)
    assert len(fake_green.sent) == 3
    assert await AuditEntry.filter(action="request_taken").count() == 1
    assert await AuditEntry.filter(action="request_done").count() == 1


async def test_two_staff_take_at_once_one_wins_the_other_is_told_who(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_tg: FakeTelegram
) -> None:
    await guest_says(admin_client, "fresh towels please, room 204", "A")
    request = await ServiceRequest.get()
    cards = {
        uid: await card_for(fake_tg, uid, f"request #{request.id}")
        for uid in (MANAGER_ID, SUPPORT_ID)
    }
    users = {uid: chat(uid).user for uid in cards}
    answers = len([c for c in fake_tg.calls if c.method == "answerCallbackQuery"])
    for uid, card in cards.items():  # both presses in one batch of updates: handled at once
        fake_tg.click(users[uid], card, f"req:take:{request.id}")
    answered = (await fake_tg.wait_for("answerCallbackQuery", answers + 2))[answers:]
    said = sorted(a.params.get("text") or "" for a in answered)
    request = await ServiceRequest.get()
    holder = f"User{request.taken_by}"
    assert said[0].startswith(f"Request #{request.id} is yours")
    assert said[1].startswith(f"{holder} is already on this request")
    assert [bool(a.params.get("show_alert")) for a in answered].count(True) == 1
    assert await AuditEntry.filter(action="request_taken").count() == 1
    for card in cards.values():
        assert actions(await now_reads(fake_tg, card, f"In progress: {holder}")) == ["done"]


async def test_take_and_done_are_atomic_in_the_store(
    admin_client: Client, admin_hotel: Hotel
) -> None:
    """The same races straight at the core, many presses at once: one UPDATE wins each, and
    the guest is told once."""
    guest = await Guest.create(hotel=admin_hotel, chat_id=GUEST, language="en")
    await Conversation.create(hotel=admin_hotel, guest=guest)
    request = await ServiceRequest.create(
        hotel=admin_hotel, guest=guest, kind="towels", text="towels"
    )
    ctx = admin_client.app[runtime_key].admin
    assert ctx is not None
    people = [
        await telegram_actor(uid, f"Person {uid}", "en", ctx.settings.admin_ids)
        for uid in (MANAGER_ID, SUPPORT_ID)
    ]
    taken = await asyncio.gather(*(requests.take(ctx, p, request.id) for p in people * 3))
    assert sum(o.changed for o in taken) == 1
    closed = await asyncio.gather(*(requests.done(ctx, p, request.id) for p in people * 3))
    assert sum(o.changed for o in closed) == 1
    told = await Message.filter(guest_id=guest.id).values_list("text", flat=True)
    assert len(told) == 1 and f"#{request.id}) is done" in told[0]


async def test_a_duplicate_request_joins_the_first_and_after_done_a_new_one_is_new(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    await guest_says(admin_client, "fresh towels please, room 512", "A")
    first = await ServiceRequest.get()
    card = await card_for(fake_tg, SUPPORT_ID, f"request #{first.id}")
    assert "Time:" not in (card.text or "")
    await guest_says(admin_client, "towels please! at 8 if possible", "B")
    sent = await fake_green.wait_for_sent(3)
    assert f"already with our staff as #{first.id}" in sent[-1].message
    assert await ServiceRequest.all().count() == 1  # no second ticket
    merged = await ServiceRequest.get()
    assert "fresh towels please, room 512" in merged.text and "at 8 if possible" in merged.text
    assert merged.details == {"room": "512", "time": "8:00"}
    # Staff see the new words on the card they have, not on a second one.
    current = await now_reads(fake_tg, card, "at 8 if possible")
    assert "Time: 8:00" in current["text"] and actions(current) == ["take", "done"]
    assert not [
        c
        for c in fake_tg.sent_messages(SUPPORT_ID)
        if c.method == "sendMessage" and "request #" in (c.text or "") and c is not card
    ]
    # The notifier marks an event delivered once Telegram has answered its last call, a moment
    # after the fake recorded the edit seen above.
    await delivered()
    assert not await Event.filter(delivered_at__isnull=True).exists()

    # A different kind is a request of its own.
    await guest_says(admin_client, "please send a taxi to the airport", "C")
    assert await ServiceRequest.all().count() == 2

    # Done: the next towels are a new ticket with a new number.
    support = chat(SUPPORT_ID).user
    await press(fake_tg, support, card, f"req:done:{first.id}")
    await now_reads(fake_tg, card, "Done by")
    await guest_says(admin_client, "more towels please", "D")
    newest = await ServiceRequest.filter(kind="towels").order_by("-id").first()
    assert newest is not None and newest.id != first.id and newest.status == "open"
    await card_for(fake_tg, SUPPORT_ID, f"request #{newest.id}")


async def test_a_request_older_than_the_window_is_not_joined(
    admin_client: Client, admin_hotel: Hotel, fake_green: FakeGreenAPI
) -> None:
    await guest_says(admin_client, "fresh towels please", "A")
    first = await ServiceRequest.get()
    await ServiceRequest.filter(id=first.id).update(
        created_at=first.created_at - timedelta(minutes=31)
    )
    await guest_says(admin_client, "fresh towels please", "B")
    assert await ServiceRequest.all().count() == 2
    sent = await fake_green.wait_for_sent(3)
    assert "has been passed to our staff" in sent[-1].message


async def test_another_hotels_support_can_neither_take_nor_mark_done(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
    hotel_factory: Any,
) -> None:
    await other_hotels_support(fake_green, hotel_factory)
    await guest_says(admin_client, "fresh towels please, room 512", "A")
    request = await ServiceRequest.get()
    card = await card_for(fake_tg, SUPPORT_ID, f"request #{request.id}")
    assert not [
        c for c in fake_tg.sent_messages(OTHER_SUPPORT_ID) if "request #" in (c.text or "")
    ]
    intruder = chat(OTHER_SUPPORT_ID).user
    for action in ("take", "done"):
        answer = await press(fake_tg, intruder, card, f"req:{action}:{request.id}", forged=True)
        assert answer.params.get("show_alert") and "Not allowed" in answer.params["text"]
    request = await ServiceRequest.get()
    assert request.status == "open" and request.taken_by is None
    assert await AuditEntry.filter(action="refused", hotel_id=admin_hotel.id).count() == 2
    assert len(fake_green.sent) == 2  # the guest heard nothing more


async def test_a_request_in_progress_is_open_for_the_numbers_and_keeps_its_words(
    admin_client: Client, admin_hotel: Hotel
) -> None:
    """In progress is not closed: /stats counts it open, and retention leaves its text."""
    await Hotel.filter(id=admin_hotel.id).update(retention_days=30)
    guest = await Guest.create(hotel=admin_hotel, chat_id=GUEST)
    taken = await ServiceRequest.create(
        hotel=admin_hotel, guest=guest, kind="taxi", text="taxi at 6", status="in_progress"
    )
    closed = await ServiceRequest.create(
        hotel=admin_hotel, guest=guest, kind="towels", text="towels", status="done"
    )
    now = datetime.now(UTC)
    for row in (taken, closed):
        await ServiceRequest.filter(id=row.id).update(created_at=now - timedelta(days=40))
    await erase_old_texts(now)
    assert (await ServiceRequest.get(id=taken.id)).text == "taxi at 6"
    assert (await ServiceRequest.get(id=closed.id)).text == ""
    stats = await key_numbers({admin_hotel.id: window("today", now, "UTC")})
    assert stats.open_requests == 1


def test_the_request_card_fits_its_state() -> None:
    i18n = I18n()
    base = RequestView(7, "Hotel", "towels", GUEST, "Anna", "towels to 512", "512", "7:00")
    new = render_request(i18n, "en", replace_view(base, day="tomorrow"), full_phone=False)
    assert "request #7: fresh towels" in new.text and "+7900•••••67" in new.text
    assert "Room: 512" in new.text and "Time: tomorrow 7:00" in new.text
    assert [b.data for row in new.buttons for b in row] == ["req:take:7", "req:done:7"]
    taken = render_request(
        i18n,
        "ru",
        replace_view(base, state=RequestState.IN_PROGRESS, holder="Pedro"),
        full_phone=True,
    )
    assert "В работе: Pedro" in taken.text and "+79001234567" in taken.text
    assert "свежие полотенца" in taken.text and "Номер: 512" in taken.text
    assert [b.data for row in taken.buttons for b in row] == ["req:done:7"]
    done = render_request(
        i18n,
        "en",
        replace_view(base, state=RequestState.DONE, holder="Pedro", closed_at="08:12"),
        full_phone=True,
    )
    assert "Done by Pedro at 08:12" in done.text and done.buttons == []
    bare = render_request(i18n, "en", replace_view(base, room=None, time=None), full_phone=True)
    assert "Room:" not in bare.text and "Time:" not in bare.text


def replace_view(view: RequestView, **changes: Any) -> RequestView:
    return replace(view, **changes)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("please bring towels to room 512 at 8", "towels", Details("512", "8:00")),
        ("towels to 512 at 7:30 pm", "towels", Details("512", "19:30")),
        ("taxi tomorrow 7am", "taxi", Details(None, "7:00", "tomorrow")),
        ("I am in 1204, the shower is broken", "repair", Details("1204")),
        ("towels please 1204", "towels", Details("1204")),
        ("a taxi for 2 people", "taxi", Details()),  # two people, not two o'clock
        ("taxi to terminal 512", "taxi", Details()),  # no room word, not a room request
        ("call me on 89001234567", "repair", Details()),
        ("Принесите полотенца в номер 512 в 8:00", "towels", Details("512", "8:00")),
        ("полотенца в 512, завтра в 7 утра", "towels", Details("512", "7:00", "tomorrow")),
        ("такси к 6 вечера", "taxi", Details(None, "18:00")),
        ("Bitte Handtücher auf Zimmer 512 um 8 Uhr", "towels", Details("512", "8:00")),
        ("Weckruf morgen um 6:45", "wake_up", Details(None, "6:45", "tomorrow")),
        ("toallas en la habitación 512 a las 8", "towels", Details("512", "8:00")),
        ("un taxi mañana a las 7 de la mañana", "taxi", Details(None, "7:00", "tomorrow")),
        ("des serviettes chambre 512 à 8h", "towels", Details("512", "8:00")),
        ("un taxi demain à 7h30", "taxi", Details(None, "7:30", "tomorrow")),
        ("asciugamani camera 512 alle 8", "towels", Details("512", "8:00")),
        ("sveglia domani alle 7", "wake_up", Details(None, "7:00", "tomorrow")),
    ],
)
def test_room_and_time_are_read_in_six_languages(text: str, kind: str, expected: Details) -> None:
    assert parse(text, kind) == expected


@pytest.mark.parametrize("word", ["room", "номер", "at", "in"])
def test_a_long_run_of_spaces_reads_in_linear_time(word: str) -> None:
    """No pattern may backtrack over a guest's whitespace: "room" then 20,000 spaces took 3 s
    with two optional runs of spaces around "no." (the whole server waits while it reads)."""
    started = time.perf_counter()
    assert parse(word + " " * 20_000 + "x", "towels") == Details()
    assert time.perf_counter() - started < 0.5
