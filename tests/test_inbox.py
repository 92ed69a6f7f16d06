"""/inbox (issue 9): what waits for a person, the longest waiting first, with its waiting time
and holder; the hotel card's inbox settings (escalation minutes, "a person joined").

End to end through the fake Green API and the fake Telegram Bot API with the real app.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from tortoise import timezone

from bot.store.models import (
    AuditEntry,
    Conversation,
    ConversationState,
    Hotel,
    Role,
    ServiceRequest,
    Staff,
)
from tests.conftest import MANAGER_ID, SUPPORT_ID, Chat, Client, buttons, data_of
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.telegram import FakeTelegram
from tests.test_staff_cards import GUEST, OTHER_GUEST, card_for, guest_says

OTHER_INSTANCE = 1101000002
OTHER_TOKEN = "0ther0token0123456789abcdef0123456789abcdef0123456"
OTHER_SUPPORT_ID = 3100


async def two_waiting(client: Client) -> tuple[Conversation, Conversation]:
    """Anna handed off 2h 5m ago, Boris 12m ago (the store's clock set back)."""
    await guest_says(client, "hello", "A")
    await guest_says(client, "I need to speak to a human please", "B")
    await guest_says(client, "hello", "C", chat_id=OTHER_GUEST, name="Boris")
    await guest_says(client, "can I talk to a person", "D", chat_id=OTHER_GUEST, name="Boris")
    now = timezone.now()
    anna = await Conversation.get(guest__chat_id=GUEST)
    boris = await Conversation.get(guest__chat_id=OTHER_GUEST)
    assert anna.state == boris.state == ConversationState.HUMAN
    await Conversation.filter(id=anna.id).update(handed_off_at=now - timedelta(minutes=125))
    await Conversation.filter(id=boris.id).update(handed_off_at=now - timedelta(minutes=12))
    return anna, boris


async def test_inbox_lists_the_longest_waiting_first_with_time_and_holder(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, fake_tg: FakeTelegram
) -> None:
    assert "Nothing is waiting" in ((await chat(SUPPORT_ID).say("/inbox"))[0].text or "")
    anna, boris = await two_waiting(admin_client)
    card = await card_for(fake_tg, MANAGER_ID, "Boris")
    # Boris's conversation is taken by the manager; Anna's by nobody.
    await chat(MANAGER_ID).click(card, f"conv:take:{boris.id}", replies=0)
    for _ in range(300):
        if (await Conversation.get(id=boris.id)).taken_by_name:
            break
        await asyncio.sleep(0.02)
    holder = (await Conversation.get(id=boris.id)).taken_by_name
    await guest_says(admin_client, "can I have extra towels", "E", chat_id="7911@c.us")
    request = await ServiceRequest.get()
    await ServiceRequest.filter(id=request.id).update(
        created_at=timezone.now() - timedelta(minutes=3)
    )

    support = (await chat(SUPPORT_ID).say("/inbox"))[0]
    body = support.text or ""
    assert body.index("Anna Smith") < body.index("Boris")  # the longest waiting first
    anna_line = body[body.index("Anna Smith") : body.index("Boris")]
    assert "waiting 2h 5m" in anna_line and "nobody has it yet" in anna_line
    assert "Why: asked for a person" in anna_line
    assert "waiting 12m" in body and f"{holder} has it" in body
    assert "Open requests (1)" in body and f"#{request.id}" in body and "waiting 3m" in body
    # Support staff read masked numbers; one hotel: its name is not repeated on each line.
    assert "79001234567" not in body and "+7900•••••67" in body
    assert ", Test Hotel" not in body
    # The buttons stay: reply and hand back per conversation, done per request.
    data = [d for _, d in buttons(support)]
    assert data[:4] == [
        f"conv:reply:{anna.id}",
        f"conv:release:{anna.id}",
        f"conv:reply:{boris.id}",
        f"conv:release:{boris.id}",
    ]
    assert any(d.startswith("req:") and str(request.id) in d for d in data)

    manager = (await chat(MANAGER_ID).say("/inbox"))[0].text or ""
    assert "+79001234567" in manager  # managers read the full number

    # A chat nobody took for HANDOFF_RELEASE_HOURS is the bot's again: it waits for nobody.
    await Conversation.filter(id=anna.id).update(
        handed_off_at=timezone.now() - timedelta(hours=13)
    )
    after = (await chat(SUPPORT_ID).say("/inbox"))[0]
    assert "waiting 2h 5m" not in (after.text or "") and "Boris" in (after.text or "")
    assert f"conv:reply:{anna.id}" not in [d for _, d in buttons(after)]


async def test_a_support_user_of_another_hotel_sees_none_of_it(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_green: FakeGreenAPI,
    hotel_factory: Any,
) -> None:
    fake_green.add_instance(OTHER_INSTANCE, OTHER_TOKEN)
    other = await hotel_factory(
        name="Other", instance_id=OTHER_INSTANCE, token=OTHER_TOKEN, webhook_token="other-wh-0001"
    )
    await Staff.create(hotel=other, telegram_id=OTHER_SUPPORT_ID, role=Role.SUPPORT)
    await two_waiting(admin_client)
    theirs = (await chat(OTHER_SUPPORT_ID).say("/inbox"))[0]
    assert "Nothing is waiting" in (theirs.text or "") and buttons(theirs) == []
    # A manager of both hotels: each line names its hotel.
    await Staff.create(hotel=other, telegram_id=MANAGER_ID, role=Role.MANAGER)
    both = (await chat(MANAGER_ID).say("/inbox"))[0].text or ""
    assert ", Test Hotel" in both


async def test_managers_set_escalation_minutes_and_the_joined_line_audited(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    hid = admin_hotel.id
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {hid}"))[-1]
    _, shown = await manager.click(card, data_of(card, f"h:ib:{hid}"))
    screen = shown[-1]
    assert "within: 5 min" in (screen.text or "") and "person joins: off" in (screen.text or "")
    _, asked = await manager.click(screen, data_of(screen, f"h:iw:{hid}"))
    assert "0 to turn it off" in (asked[-1].text or "")
    assert "whole number from 0 to 240" in ((await manager.say("300"))[-1].text or "")
    assert "whole number from 0 to 240" in ((await manager.say("soon"))[-1].text or "")
    saved = (await manager.say("15"))[0]
    assert "Saved." in (saved.text or "") and "within: 15 min" in (saved.text or "")
    assert (await Hotel.get(id=hid)).escalate_minutes == 15
    change = await AuditEntry.filter(action="hotel_edit", hotel_id=hid).last()
    assert change is not None and change.details["before"] == {"escalate_minutes": 5}
    assert change.details["after"] == {"escalate_minutes": 15}

    _, toggled = await manager.click(saved, data_of(saved, f"h:ij:{hid}"))
    assert "person joins: on" in (toggled[-1].text or "")
    assert (await Hotel.get(id=hid)).announce_join is True
    change = await AuditEntry.filter(action="hotel_edit", hotel_id=hid).last()
    assert change is not None and change.details["after"] == {"announce_join": True}

    _, asked = await manager.click(toggled[-1], data_of(toggled[-1], f"h:iw:{hid}"))
    await manager.say("0")
    assert (await Hotel.get(id=hid)).escalate_minutes == 0

    # Support staff may not: every press is checked, refused and audited.
    support = chat(SUPPORT_ID)
    for data in (f"h:ib:{hid}", f"h:iw:{hid}", f"h:ij:{hid}"):
        answer, _ = await support.click(card, data, replies=0, forged=True)
        assert "Not allowed" in str(answer.params.get("text"))
    assert (await Hotel.get(id=hid)).announce_join is True
    refused = await AuditEntry.filter(action="refused", actor=f"tg:{SUPPORT_ID}", hotel_id=hid)
    assert len(refused) == 3
