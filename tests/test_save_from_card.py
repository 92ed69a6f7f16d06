"""Teach the bot from the card (issue 9): staff answer a question the bot could not, the card
offers "Save as answer", one press opens /unanswered's preview with the staff answer filled
in, Save stores it, and the next guest asking gets the bot's answer from the knowledge.

End to end: guests write through the fake Green API, staff reply and press in the fake
Telegram (a private chat, and the hotel's group, where the draft goes on privately).
"""

from __future__ import annotations

from typing import Any

from bot.store.models import (
    AuditEntry,
    Conversation,
    Hotel,
    KnowledgeEntry,
    Role,
    Staff,
)
from tests.conftest import MANAGER_ID, SUPPORT_ID, Chat, Client
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.telegram import ApiCall, FakeTelegram
from tests.test_staff_cards import (
    FORUM,
    OTHER_GUEST,
    card_for,
    guest_says,
    in_group,
    keys,
    now_reads,
    press,
)

QUESTION = "Is there a casino somewhere in the building?"
ANSWER = "Yes: the casino is on the ground floor, open from 18:00 to 02:00."
OTHER_MANAGER_ID = 2100


async def unanswered_then_person(client: Client, fake_green: FakeGreenAPI) -> None:
    """The guest asks what the knowledge does not hold (the fallback), then asks for a person;
    the bot's replies (greeting, fallback, "passed to our team") have left."""
    await guest_says(client, QUESTION, "A")
    await guest_says(client, "I need to speak to a human please", "B")
    await fake_green.wait_for_sent(3)


async def staff_answer(fake_tg: FakeTelegram, fake_green: FakeGreenAPI, chat: Chat) -> ApiCall:
    """The manager answers on the card; returns the card once it offers "Save as answer"."""
    card = await card_for(fake_tg, MANAGER_ID, "question the bot could not answer")
    assert not [k for k in keys(card.params) if k.startswith("un:")]  # nobody answered yet
    before = len(fake_green.sent)
    fake_tg.send_reply(chat(MANAGER_ID).user, card, text=ANSWER)
    assert (await fake_green.wait_for_sent(before + 1))[-1].message == ANSWER
    return card


async def test_save_as_answer_on_the_card_teaches_the_bot_the_staff_answer(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
    hotel_factory: Any,
) -> None:
    await unanswered_then_person(admin_client, fake_green)
    card = await staff_answer(fake_tg, fake_green, chat)
    conversation = await Conversation.get()
    save = f"un:card:{conversation.id}"
    # The refresh after the staff reply shows the answer and the button, for every reader.
    for reader in (MANAGER_ID, SUPPORT_ID):
        copy = await card_for(fake_tg, reader, "needs a person")
        current = await now_reads(fake_tg, copy, "ground floor")
        assert save in keys(current) and f"conv:resolve:{conversation.id}" in keys(current)

    # Saving knowledge is a manager's: support is refused, and so is another hotel's manager.
    refused = await press(fake_tg, chat(SUPPORT_ID).user, card, save, forged=True)
    assert "Not allowed" in (refused.params.get("text") or "")
    fake_green.add_instance(2202000002, "other-token", wid="79990000002@c.us")
    other = await hotel_factory(name="Other", instance_id=2202000002, token="other-token")
    await Staff.create(hotel=other, telegram_id=OTHER_MANAGER_ID, role=Role.MANAGER)
    refused = await press(fake_tg, chat(OTHER_MANAGER_ID).user, card, save, forged=True)
    assert "Not allowed" in (refused.params.get("text") or "")
    assert await AuditEntry.filter(action="refused", hotel_id=admin_hotel.id).count() == 2

    # The manager's press: /unanswered's preview, the staff answer already in it.
    manager = chat(MANAGER_ID)
    _, shown = await manager.click(card, save)
    preview = shown[-1]
    assert "New knowledge entry (not saved yet)" in (preview.text or "")
    assert QUESTION in (preview.text or "") and ANSWER in (preview.text or "")
    _, done = await manager.click(preview, "un:ok")
    assert "Saved in the knowledge" in (done[-1].text or "")
    entry = await KnowledgeEntry.get(hotel_id=admin_hotel.id)
    assert entry.questions == {"en": [QUESTION]} and entry.answer == {"en": ANSWER}
    saved = await AuditEntry.get(action="unanswered_saved", hotel_id=admin_hotel.id)
    assert str(MANAGER_ID) in saved.actor
    assert saved.details["after"]["conversation"] == conversation.id

    # The next guest asking gets it from the bot: the greeting, then the staff's answer.
    before = len(fake_green.sent)
    await guest_says(admin_client, QUESTION, "N1", chat_id=OTHER_GUEST, name="Ben")
    sent = (await fake_green.wait_for_sent(before + 2))[before:]
    assert [m.chat_id for m in sent] == [OTHER_GUEST, OTHER_GUEST]
    assert sent[-1].message == ANSWER

    # The button stays on the card; a second press says the bot knows it, and saves nothing.
    _, again = await manager.click(card, save)
    assert "already answers this question" in (again[-1].text or "")
    assert entry.topic in (again[-1].text or "")
    assert await KnowledgeEntry.filter(hotel_id=admin_hotel.id).count() == 1


async def test_pressed_in_the_hotel_group_the_draft_goes_on_in_private(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    fake_tg: FakeTelegram,
    fake_green: FakeGreenAPI,
) -> None:
    fake_tg.add_group(FORUM, "Front desk")
    manager = chat(MANAGER_ID)
    assert "this group" in await in_group(fake_tg, manager.user, "/bindgroup")
    await unanswered_then_person(admin_client, fake_green)
    card = await card_for(fake_tg, FORUM, "question the bot could not answer")
    before = len(fake_green.sent)
    fake_tg.send_reply(manager.user, card, text=ANSWER)
    assert (await fake_green.wait_for_sent(before + 1))[-1].message == ANSWER
    conversation = await Conversation.get()
    save = f"un:card:{conversation.id}"
    current = await now_reads(fake_tg, card, "ground floor")
    assert save in keys(current)

    in_private = len(fake_tg.sent_messages(MANAGER_ID))
    answered = await press(fake_tg, manager.user, card, save)
    assert "private chat" in (answered.params.get("text") or "")
    preview = await card_for(fake_tg, MANAGER_ID, "New knowledge entry", after=in_private)
    assert ANSWER in (preview.text or "")
    assert not [c for c in fake_tg.sent_messages(FORUM) if "knowledge entry" in (c.text or "")]
    # The draft lives in the private chat: a typed topic there changes it, then Save.
    _, asked = await manager.click(preview, "un:edit:t")
    assert "topic" in (asked[-1].text or "").lower()
    shown = await manager.say("casino")
    assert "Topic: casino" in (shown[-1].text or "")
    _, done = await manager.click(shown[-1], "un:ok")
    assert 'under "casino"' in (done[-1].text or "")
    assert await KnowledgeEntry.exists(hotel_id=admin_hotel.id, topic="casino")
