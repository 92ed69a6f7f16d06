"""Seeing why the bot answers (issue 10): `knowledge try` on the command line and in the hotel
card, and the warnings an import gives about knowledge that will answer guests badly.

The command line runs as a user runs it (`tests/test_cli.py`'s child process); the card through
the fake Bot API, with the roles checked on every call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.demo.seed import KNOWLEDGE as DEMO_KNOWLEDGE
from bot.guest_flow.knowledge import import_entries, load_file
from bot.guest_flow.knowledge_check import KnowledgeWarning, check
from bot.guest_flow.matching import KnowledgeIndex
from bot.limits import TRY_QUESTION
from bot.store import db
from bot.store.models import AuditEntry, Hotel, KnowledgeEntry
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    SUPPORT_ID,
    Chat,
    Client,
    TelegramChat,
    data_of,
    text,
)
from tests.fakes.greenapi import FakeGreenAPI
from tests.fakes.telegram import ApiCall
from tests.test_cli import Cli, cli, provision_hotel  # noqa: F401 (cli: the fixture)

WARNINGS = Path(__file__).parent / "fixtures" / "knowledge" / "warnings.yaml"
OTHER_ID = 1101000002
OTHER_TOKEN = "0ther0token0123456789abcdef0123456789abcdef0123456"


async def with_demo_knowledge(db_url: str, api_url: str) -> int:
    hotel_id = await provision_hotel(db_url, api_url)
    await db.init_db(db_url, run_migrations=False)
    try:
        await import_entries(hotel_id, load_file(DEMO_KNOWLEDGE))
    finally:
        await db.close_db()
    return hotel_id


# --- the command line --------------------------------------------------------------------------


async def test_knowledge_try_on_the_command_line(
    cli: Cli,  # noqa: F811
    db_url: str,
    fake_green: FakeGreenAPI,
) -> None:
    hotel = str(await with_demo_knowledge(db_url, fake_green.url))

    def try_(question: str, hotel_id: str = hotel) -> list[str]:
        return ["knowledge", "try", "--hotel", hotel_id, question]

    answered, asked, likely, request, russian, missing, empty, two, wonders = await asyncio.gather(
        cli.run(*try_("brekfast hrs pls")),
        cli.run(*try_("check?")),
        cli.run(*try_("is the rooftop still serving drinks after midnight")),
        cli.run(*try_("can I get more towels please")),
        cli.run(*try_("какой пароль от вайфая"), LANG="ru_RU.UTF-8"),
        cli.run(*try_("wifi?", "999")),
        cli.run(*try_("   ")),
        cli.run(*try_("wifi password? and what time is breakfast")),
        cli.run(*try_("можно ли заказать еду в номер ночью"), LANG="en_US.UTF-8"),
    )
    for run in (answered, asked, likely, request, russian, two, wonders):
        assert run.code == 0 and "Traceback" not in run.output, str(run)
    # Answered: the entry, what the guest reads, the candidates and the words that decided.
    out = answered.stdout
    assert 'Question: "brekfast hrs pls" (read as en)' in out, out
    assert 'The bot would answer from the entry "breakfast"' in out, out
    assert "7:00-10:30" in out, "the answer the guest would read"
    assert "1. breakfast — 0." in out and "brekfast → breakfast" in out, out
    assert "closest phrasing:" in out, out
    # Two close topics: the bot would ask, and the guest's question is shown.
    out = asked.stdout
    assert "would ask the guest which one they mean (check_in, check_out)" in out, out
    assert "What time is check-in?" in out and "What time is check-out?" in out, out
    assert "reply with the number" in out, out
    # One or two topics only likely, and no model: the bot would ask whether the guest means them.
    out = likely.stdout
    assert "with no model to answer, the bot would ask the guest whether they mean" in out, out
    assert "restaurant_bar" in out and "not quite sure" in out, out
    # An intent decides before the knowledge, unless the hotel's answer settles it, as it
    # does for the guest: whether food comes to the room at night is the room service's hours.
    assert "as a request (towels)" in request.stdout, str(request)
    assert 'would answer from the entry "room_service"' in wonders.stdout, str(wonders)
    # Said in the shell's language; the Russian guest's words meet the entry's words.
    out = russian.stdout
    assert "Бот ответит из записи «wifi»" in out, out
    assert "пароля → пароль" in out or "пароль → пароль" in out, out
    # Two questions: both entries, and both answers as the guest would read them.
    out = two.stdout
    assert "the bot would answer each, from the entries wifi, breakfast" in out, out
    assert "Aurora" in out and "7:00-10:30" in out, out
    assert missing.code == 2 and "there is no hotel #999" in missing.output, str(missing)
    assert empty.code == 2 and "too long" not in empty.output and "Error" in empty.output


async def test_import_warns_and_still_imports_on_the_command_line(
    cli: Cli,  # noqa: F811
    db_url: str,
    fake_green: FakeGreenAPI,
) -> None:
    hotel = await provision_hotel(db_url, fake_green.url)  # serves en and ru
    # One after the other: two imports of the same topics at once race on PostgreSQL.
    english = await cli.run("knowledge", "import", "--hotel", str(hotel), str(WARNINGS))
    russian = await cli.run(
        "knowledge", "import", "--hotel", str(hotel), str(WARNINGS), LANG="ru_RU.UTF-8"
    )
    assert english.code == 0 and russian.code == 0, f"{english}\n{russian}"
    out = english.stdout
    assert "Imported 4 entries" in out, out
    assert "with 3 warning(s)" in out, out
    assert '"breakfast" and "morning_meal" are too alike' in out, out
    assert '"parking" has a single phrasing in en' in out, out
    assert '"parking" lacks ru' in out, out
    assert "spa" not in out.split("warning(s)")[1], "nothing to say about a good entry"
    assert "«breakfast» и «morning_meal» слишком похожи" in russian.stdout, str(russian)


# --- the hotel card ----------------------------------------------------------------------------


async def press(person: TelegramChat, call: ApiCall, prefix: str) -> list[ApiCall]:
    _, replies = await person.click(call, data_of(call, prefix))
    return replies


async def test_try_a_question_from_the_hotel_card(
    admin_client: Client,
    admin_hotel: Hotel,
    chat: Chat,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    fake_green: FakeGreenAPI,
) -> None:
    await import_entries(admin_hotel.id, load_file(DEMO_KNOWLEDGE))
    fake_green.add_instance(OTHER_ID, OTHER_TOKEN, state="notAuthorized")
    other = await hotel_factory(
        name="Other Hotel", instance_id=OTHER_ID, token=OTHER_TOKEN, webhook_token="other-wh-01"
    )
    await KnowledgeEntry.create(
        hotel=other,
        topic="casino_secret",
        questions={"en": ["Is there a casino?"]},
        answer={"en": "The casino is behind the red door."},
    )
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}"))[0]
    menu = (await press(manager, card, f"h:kb:{admin_hotel.id}"))[0]
    asked = text(await press(manager, menu, f"h:kt:{admin_hotel.id}"))
    assert "what the bot would do with it and why" in asked
    shown = text(await manager.say("wifi pasword?"))
    assert 'The bot would answer from the entry "wifi"' in shown, shown
    assert "sunrise2024" in shown and "pasword → password" in shown, shown
    # The prompt stays open: another question, a close call this time.
    shown = text(await manager.say("check?"))
    assert "which one they mean (check_in, check_out)" in shown, shown
    # Nothing of another hotel, even asked with its words.
    shown = text(await manager.say("is there a casino?"))
    assert "casino_secret" not in shown and "red door" not in shown, shown
    assert "no reliable answer" in shown or "would not reply" in shown, shown
    assert "/cancel" in shown
    # A question at the limit is tried; one character more is refused, the prompt still open.
    assert "Question:" in text(await manager.say("w" * TRY_QUESTION))
    assert "too long: at most 1000" in text(await manager.say("w" * (TRY_QUESTION + 1)))
    assert "wifi" in text(await manager.say("wifi?"))
    # A Russian-speaking manager reads it in Russian.
    russian = chat(SUPER_ADMIN_ID, "ru")
    card = (await russian.say(f"/hotel {admin_hotel.id}"))[0]
    menu = (await press(russian, card, f"h:kb:{admin_hotel.id}"))[0]
    await press(russian, menu, f"h:kt:{admin_hotel.id}")
    shown = text(await russian.say("во сколько завтрак"))
    assert "Бот ответит из записи «breakfast»" in shown, shown

    # Support staff may not, nor may the manager for another hotel: refused and audited.
    support = chat(SUPPORT_ID)
    card = (await support.say(f"/hotel {admin_hotel.id}"))[0]
    for person, hotel_id in ((support, admin_hotel.id), (manager, other.id)):
        fake = person.fake
        before = len(await fake.wait_for("answerCallbackQuery", 0))
        fake.click(person.user, card, f"h:kt:{hotel_id}", strict=False)
        answers = await fake.wait_for("answerCallbackQuery", before + 1)
        assert "Not allowed" in str(answers[before].params.get("text") or "")
    refused = {entry.hotel_id for entry in await AuditEntry.filter(action="refused")}
    assert admin_hotel.id in refused and other.id in refused


async def test_a_file_sent_to_the_bot_warns_and_imports(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}"))[0]
    menu = (await press(manager, card, f"h:kb:{admin_hotel.id}"))[0]
    await press(manager, menu, f"h:ki:{admin_hotel.id}")
    shown = text(await manager.send_file("warnings.yaml", WARNINGS.read_bytes()))
    assert "Imported 4 entries" in shown, shown
    assert '"breakfast" and "morning_meal" are too alike' in shown, shown
    assert '"parking" has a single phrasing in en' in shown and '"parking" lacks ru' in shown
    assert await KnowledgeEntry.filter(hotel_id=admin_hotel.id).count() == 4


# --- the warnings, case by case ----------------------------------------------------------------


def test_each_warning_and_none_for_good_knowledge() -> None:
    items = load_file(WARNINGS)
    index = KnowledgeIndex(items)
    topics = {item.topic for item in items}
    found = check(index, topics, ["en", "ru"])
    alike = [w for w in found if w.key == "alike"]
    assert len(alike) == 1 and {alike[0].values["topic"], alike[0].values["other"]} == {
        "breakfast",
        "morning_meal",
    }
    assert KnowledgeWarning("single", {"topic": "parking", "languages": "en"}) in found
    assert KnowledgeWarning("missing", {"topic": "parking", "languages": "ru"}) in found
    assert len(found) == 3
    # A language the hotel declares that no entry has is missing from every entry.
    german = check(index, {"spa"}, ["en", "ru", "de"])
    assert german == [KnowledgeWarning("missing", {"topic": "spa", "languages": "de"})]
    # Only the imported topics are warned about, though compared with the whole knowledge.
    assert [w.key for w in check(index, {"morning_meal"}, ["en", "ru"])] == ["alike"]
    # A large import's alike check stops at its time budget, and says where.
    assert check(index, topics, ["en", "ru"], seconds=0.0)[0] == KnowledgeWarning(
        "alike_partial", {"topic": items[0].topic}
    )
    # The demo knowledge, written with care, gets nothing to say.
    demo = load_file(DEMO_KNOWLEDGE)
    assert check(KnowledgeIndex(demo), {item.topic for item in demo}, ["en", "ru"]) == []
