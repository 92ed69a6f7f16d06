"""/unanswered and "Save as answer": the week's guest questions the bot could not answer, grouped
and counted, with why the model did not answer; a manager teaches the bot from the list and the
next guest gets the answer from knowledge. Through the real app, the fake Green API, the fake
Telegram Bot API and the fake OpenAI server."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.admin_flow.core.unanswered import Asked, group, parse_args, question_key, suggest_topic
from bot.config import Settings
from bot.guest_flow.ai_guard import Sources, check
from bot.limits import AI_ANSWER_CHARS, GUEST_READ_CHARS, UNANSWERED_PAGE
from bot.store.models import (
    AuditEntry,
    Direction,
    Hotel,
    KnowledgeEntry,
    Message,
    Role,
    Staff,
)
from tests.ai_support import (
    OTHER_INSTANCE_ID,
    ai_app,
    ai_settings,
    guest,
    other_hotel,
    say,
    settle,
)
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    TelegramChat,
    buttons,
    data_of,
)
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.openai import FakeOpenAI
from tests.fakes.telegram import ApiCall, FakeTelegram

OTHER_MANAGER_ID = 2100
STAFF_PHONE = "79990001111"
CASINO = "Is there a casino somewhere in the building?"
CASINO_AGAIN = "is there a CASINO in the building??"
KARAOKE = "Do you have karaoke rooms?"
PARROT = "Can I bring my parrot along?"
INVENTED = "We have 45 karaoke rooms on the top floor."
CASINO_ANSWER = "No, there is no casino in the hotel; the reception can suggest one in town."
NOT_ALLOWED = "Not allowed: your role can't do that for this hotel."


def model(request: dict[str, Any]) -> dict[str, Any]:
    """The fake model: invents a detail about karaoke (the guard drops it), knows nothing else."""
    asked = str(request["messages"][-1]["content"])
    if "karaoke" in asked:
        return {"kind": "answer", "text": INVENTED, "fact_ids": [], "language": "en"}
    return {"kind": "unknown", "text": "UNKNOWN", "fact_ids": [], "language": "en"}


@pytest.fixture
async def fake_ai() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(reply=model) as fake:
        yield fake


@pytest.fixture
async def setup(
    aiohttp_client: Any,
    admin_settings: Settings,
    fake_tg: FakeTelegram,
    fake_ai: FakeOpenAI,
    fake_green: FakeGreenAPI,
    hotel_factory: Callable[..., Awaitable[Hotel]],
) -> AsyncIterator[tuple[Client, Hotel, Hotel]]:
    """The test hotel (demo knowledge; manager, support) and another hotel with its manager."""
    app, hotel = await ai_app(aiohttp_client, ai_settings(admin_settings, fake_ai), hotel_factory)
    other = await other_hotel(fake_green, hotel_factory)
    await Staff.create(hotel=hotel, telegram_id=MANAGER_ID, role=Role.MANAGER, name="Maria")
    await Staff.create(hotel=hotel, telegram_id=SUPPORT_ID, role=Role.SUPPORT, name="Sam")
    await Staff.create(hotel=other, telegram_id=OTHER_MANAGER_ID, role=Role.MANAGER, name="Olga")
    await fake_tg.wait_for("getUpdates", 1, timeout=15.0)
    yield app, hotel, other
    await app.close()


_ids = itertools.count()


async def ask(client: Client, n: int, text: str, instance_id: int | None = None) -> Message:
    """A guest's question; the bot's last reply to it."""
    await say(client, text, guest(n), f"U{next(_ids)}", instance_id)
    await settle(client)
    return (await Message.filter(direction=Direction.OUT, chat_id=guest(n)).order_by("-id"))[0]


def save_buttons(call: ApiCall) -> list[str]:
    return [data for _, data in buttons(call) if data.startswith("un:save:")]


async def refused(user: TelegramChat, message: ApiCall, data: str) -> str:
    """A forged press: the alert it got (nothing else is sent)."""
    answer, _ = await user.click(message, data, replies=0, forged=True)
    return str(answer.params.get("text"))


async def test_unanswered_questions_are_listed_and_the_bot_learns_one(
    setup: tuple[Client, Hotel, Hotel], chat: Chat, fake_ai: FakeOpenAI
) -> None:
    client, hotel, other = setup
    await ask(client, 1, CASINO)
    await ask(client, 2, CASINO_AGAIN)
    await ask(client, 3, CASINO)
    await ask(client, 4, KARAOKE)
    await ask(client, 5, "What time is breakfast served?")  # answered from knowledge
    await ask(client, 6, CASINO, OTHER_INSTANCE_ID)  # another hotel's guest

    manager = chat(MANAGER_ID)
    listing = (await manager.say(f"/unanswered {hotel.id}"))[-1]
    shown = listing.text or ""
    assert "Test Hotel, last 7 days: 2 different, asked 4 times" in shown
    casino_at, karaoke_at = shown.index("casino"), shown.index(KARAOKE)
    assert casino_at < karaoke_at  # most asked first
    assert "— asked 3×, last " in shown and "(UTC), language: en" in shown
    assert "AI: said it does not know" in shown
    assert "AI: answer dropped by the checks — a number '45' absent" in shown
    assert f"dropped answer: «{INVENTED}»" in shown
    assert "breakfast" not in shown.lower()
    assert len(save_buttons(listing)) == 2

    # Support of the hotel reads the list, without the buttons, and cannot save by forging one.
    support = chat(SUPPORT_ID)
    seen = (await support.say("/unanswered"))[-1]
    assert "asked 3×" in (seen.text or "") and save_buttons(seen) == []
    assert await refused(support, seen, save_buttons(listing)[0]) == NOT_ALLOWED
    # Another hotel's manager sees only their own hotel's question, and cannot save ours.
    olga = chat(OTHER_MANAGER_ID)
    assert NOT_ALLOWED in (await olga.say(f"/unanswered {hotel.id}"))[-1].text  # type: ignore[operator]
    theirs = (await olga.say("/unanswered"))[-1]
    assert "Sakura Inn" in (theirs.text or "") and "asked 1×" in (theirs.text or "")
    assert KARAOKE not in (theirs.text or "")
    assert await refused(olga, theirs, save_buttons(listing)[0]) == NOT_ALLOWED
    assert await refused(olga, theirs, "un:save:999999") == NOT_ALLOWED  # nothing learned
    assert await AuditEntry.filter(actor=f"tg:{OTHER_MANAGER_ID}", action="refused").count() == 3

    # Save as answer: type it, see the entry, rename its topic, confirm.
    casino_button = save_buttons(listing)[0]
    _, prompt = await manager.click(listing, casino_button)
    assert f"the guest asked «{CASINO}» (en)" in (prompt[-1].text or "")
    preview = (await manager.say(CASINO_ANSWER))[-1]
    assert "New knowledge entry (not saved yet)" in (preview.text or "")
    assert f"[en] question: {CASINO}" in (preview.text or "")
    assert f"[en] answer: {CASINO_ANSWER}" in (preview.text or "")
    _, asked_topic = await manager.click(preview, data_of(preview, "un:edit:t"))
    assert "The topic now: casino" in (asked_topic[-1].text or "")
    preview = (await manager.say("casino"))[-1]
    assert "Topic: casino\n" in (preview.text or "")
    _, done = await manager.click(preview, data_of(preview, "un:ok"))
    assert 'Saved in the knowledge under "casino"' in (done[-1].text or "")
    entry = await KnowledgeEntry.get(hotel_id=hotel.id, topic="casino")
    assert entry.questions == {"en": [CASINO]} and entry.answer == {"en": CASINO_ANSWER}
    saved = await AuditEntry.get(action="unanswered_saved")
    assert saved.actor == f"tg:{MANAGER_ID}" and saved.hotel_id == hotel.id
    assert saved.details["after"]["answer"] == CASINO_ANSWER
    assert not await KnowledgeEntry.exists(hotel_id=other.id, topic="casino")

    # The next guest asking gets it from the bot, without a model call.
    calls = len(fake_ai.requests)
    reply = await ask(client, 7, CASINO)
    assert reply.text == CASINO_ANSWER
    assert (await Message.get(id=reply.reply_to_id)).outcome == "knowledge"
    assert len(fake_ai.requests) == calls
    # And the question leaves the list.
    after = (await manager.say(f"/unanswered {hotel.id}"))[-1].text or ""
    assert "casino" not in after.lower() and KARAOKE in after
    assert "1 more were unanswered then but are answered from the knowledge now" in after


async def test_a_question_joins_an_existing_topic(
    setup: tuple[Client, Hotel, Hotel], chat: Chat
) -> None:
    client, hotel, _ = setup
    await ask(client, 1, PARROT)
    manager = chat(MANAGER_ID)
    listing = (await manager.say("/unanswered"))[-1]
    _, prompt = await manager.click(listing, save_buttons(listing)[0])
    _, topics = await manager.click(prompt[-1], data_of(prompt[-1], "un:topics:0"))
    pets = await KnowledgeEntry.get(hotel_id=hotel.id, topic="pets")
    page = topics[-1]
    while f"un:into:{pets.id}" not in [d for _, d in buttons(page)]:
        _, shown = await manager.click(page, data_of(page, "un:topics:"))
        page = shown[-1]
    _, preview = await manager.click(page, f"un:into:{pets.id}")
    text = preview[-1].text or ""
    assert 'Add a question to the topic "pets"' in text and f"question: {PARROT}" in text
    assert "Its answer stays: Dogs and cats up to 10 kg" in text
    _, done = await manager.click(preview[-1], data_of(preview[-1], "un:ok"))
    assert 'under "pets"' in (done[-1].text or "")
    pets = await KnowledgeEntry.get(id=pets.id)
    assert pets.questions["en"][-1] == PARROT and len(pets.questions["en"]) > 1
    assert (await AuditEntry.get(action="unanswered_phrasing")).details["after"]["topic"] == "pets"
    reply = await ask(client, 2, PARROT)
    assert reply.text.startswith("Dogs and cats up to 10 kg")


async def test_nonsense_gets_a_clear_answer(
    setup: tuple[Client, Hotel, Hotel], chat: Chat
) -> None:
    client, hotel, _ = setup
    manager = chat(MANAGER_ID)
    for line in ("/unanswered banana", "/unanswered 1 2", "/unanswered page x"):
        assert "Usage: /unanswered [HOTEL] [page N]" in ((await manager.say(line))[-1].text or "")
    assert NOT_ALLOWED in ((await manager.say("/unanswered 99999"))[-1].text or "")
    boss = chat(SUPER_ADMIN_ID)
    assert "There is no hotel 99999." in ((await boss.say("/unanswered 99999"))[-1].text or "")
    assert "no unanswered guest questions in the last 7 days" in (
        (await manager.say(f"/unanswered {hotel.id}"))[-1].text or ""
    )
    # In the dialog: an empty or too long answer is refused with the reason; the dialog stays.
    await ask(client, 1, CASINO)
    listing = (await manager.say("/unanswered"))[-1]
    await manager.click(listing, save_buttons(listing)[0])
    assert "That is too long: 5000 characters, at most 3000." in (
        (await manager.say("a" * 5000))[-1].text or ""
    )
    _, _ = await manager.click(listing, save_buttons(listing)[0])
    preview = (await manager.say(CASINO_ANSWER))[-1]
    await manager.click(preview, data_of(preview, "un:edit:t"))
    assert 'There already is an entry "pets"' in ((await manager.say("pets"))[-1].text or "")
    await manager.click(preview, data_of(preview, "un:edit:l"))
    refusal = (await manager.say("klingon"))[-1].text or ""
    assert '"klingon" is not a language code' in refusal and "Type it again" in refusal
    assert f"[de] question: {CASINO}" in ((await manager.say("DE"))[-1].text or "")
    # A dialog button after /cancel is stale; nothing was saved.
    await manager.say("/cancel")
    answer, _ = await manager.click(preview, data_of(preview, "un:ok"), replies=0)
    assert "out of date" in str(answer.params.get("text")).lower()
    assert not await AuditEntry.exists(action="unanswered_saved")


async def test_the_list_is_paged(
    setup: tuple[Client, Hotel, Hotel], chat: Chat, fake_green: FakeGreenAPI
) -> None:
    client, hotel, _ = setup
    await Staff.create(hotel=hotel, phone=STAFF_PHONE, role=Role.MANAGER, name="Pedro")
    things = ["casino", "karaoke", "bowling", "cinema", "helipad", "aquarium", "observatory"]
    for n, thing in enumerate(things, start=1):
        for repeat in range(n):  # asked 1..7 times: the order is known
            await ask(client, 10 * n + repeat, f"Is there a {thing} nearby?")
    boss = chat(SUPER_ADMIN_ID)
    first = (await boss.say(f"/unanswered {hotel.id}"))[-1]
    shown = first.text or ""
    assert "7 different, asked 28 times" in shown and "Page 1 of 2." in shown
    assert shown.index("observatory") < shown.index("aquarium") < shown.index("bowling")
    assert "karaoke" not in shown and len(save_buttons(first)) == UNANSWERED_PAGE
    # A page past the end (forged) shows the last one; its Previous goes back.
    _, second = await boss.click(first, f"un:page:{hotel.id}:99", forged=True)
    text = second[-1].text or ""
    assert "Page 2 of 2." in text and "«Is there a casino nearby?» — asked 1×" in text
    assert "6. «Is there a karaoke nearby?»" in text
    _, back = await boss.click(second[-1], data_of(second[-1], "un:page:"))
    assert "Page 1 of 2." in (back[-1].text or "")
    # Another hotel in a forged page button is refused, audited.
    manager = chat(MANAGER_ID)
    mine = (await manager.say("/unanswered"))[-1]
    answer, _ = await manager.click(mine, "un:page:999999:0", replies=0, forged=True)
    assert answer.params.get("text") == NOT_ALLOWED
    # Huge numbers typed or forged are answered, not a database error.
    assert "There is no hotel 999999999999999." in (
        (await boss.say("/unanswered 999999999999999"))[-1].text or ""
    )
    answer, _ = await boss.click(first, "un:save:999999999999999", replies=0, forged=True)
    assert "out of date" in str(answer.params.get("text"))
    _, prompt = await boss.click(first, save_buttons(first)[0])
    answer, _ = await boss.click(prompt[-1], "un:into:999999999999999", replies=0, forged=True)
    assert "out of date" in str(answer.params.get("text"))
    # The staff phone pages by typing.
    await say(client, "/unanswered page 2", f"{STAFF_PHONE}@c.us", "S1")
    await settle(client)
    text = fake_green.sent_to(f"{STAFF_PHONE}@c.us")[-1].message
    assert "Page 2 of 2." in text and "casino" in text and "observatory" not in text


def test_an_answer_at_the_limit_is_sent_whole_and_one_past_it_shortened() -> None:
    sentence = "The spa is open every day. "
    at_limit = (sentence * 30)[: AI_ANSWER_CHARS - 1] + "."
    assert len(at_limit) == AI_ANSWER_CHARS
    assert check(at_limit, Sources(question=at_limit)).text == at_limit
    verdict = check(at_limit + "!", Sources(question=at_limit))
    assert verdict.text is not None and len(verdict.text) < AI_ANSWER_CHARS
    assert verdict.shortened_from == AI_ANSWER_CHARS + 1


async def test_staff_phone_gets_the_list_as_text(
    setup: tuple[Client, Hotel, Hotel], fake_green: FakeGreenAPI
) -> None:
    client, hotel, _ = setup
    await Staff.create(hotel=hotel, phone=STAFF_PHONE, role=Role.SUPPORT, name="Pedro")
    await ask(client, 1, KARAOKE)
    await say(client, "/unanswered", f"{STAFF_PHONE}@c.us", "S1")
    await settle(client)
    text = fake_green.sent_to(f"{STAFF_PHONE}@c.us")[-1].message
    assert f"«{KARAOKE}» — asked 1×" in text and "a number '45'" in text
    assert "use /unanswered in the Telegram admin bot" in text


def test_alike_questions_group_and_the_busiest_come_first() -> None:
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)

    def asked(n: int, text: str, hotel: int = 1, lang: str = "en") -> Asked:
        return Asked(n, hotel, text, now - timedelta(minutes=10 - n), lang)

    groups = group(
        [
            asked(1, "Where can I rent a bike?"),
            asked(2, "Casino?"),
            asked(3, "rent a bike where", lang="ru"),
            asked(4, "where can i RENT a bike!!"),
            asked(5, "Casino?", hotel=2),
        ]
    )
    assert [(g.hotel_id, g.count, g.latest.message_id) for g in groups] == [
        (1, 3, 4),
        (2, 1, 5),
        (1, 1, 2),
    ]
    assert groups[0].languages.most_common() == [("en", 2), ("ru", 1)]
    assert question_key("Можно арендовать велосипед?") == question_key("велосипед арендовать")
    assert suggest_topic(CASINO, ["casino_somewhere_building"]).startswith("casino")
    assert suggest_topic(CASINO, ["casino_somewhere_building"]) != "casino_somewhere_building"
    assert parse_args(["page", "2", "7"]) is not None
    assert parse_args(["7", "page"]) is None


async def test_a_question_past_the_words_the_bot_reads_stays_listed(
    setup: tuple[Client, Hotel, Hotel], chat: Chat
) -> None:
    """The list judges a question by the words the guest flow read (GUEST_READ_CHARS): one the
    bot could not answer is not hidden as "answered from the knowledge now"."""
    client, hotel, _ = setup
    text = "." * GUEST_READ_CHARS + " What time is breakfast served?"
    reply = await ask(client, 1, text)
    assert (await Message.get(id=reply.reply_to_id)).outcome == "fallback"
    shown = (await chat(MANAGER_ID).say(f"/unanswered {hotel.id}"))[-1].text or ""
    assert "asked 1×" in shown, shown
    assert "answered from the knowledge now" not in shown
