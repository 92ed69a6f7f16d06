"""Knowledge is bounded on every path into it (a file by the command line or the admin bot, an
answer edited or an entry added in the hotel card), and what leaves for WhatsApp is capped
whatever wrote it."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from bot import limits
from bot.guest_flow.knowledge import InvalidKnowledge, parse_document
from bot.store.models import Hotel, KnowledgeEntry
from tests.conftest import MANAGER_ID, Chat, Client, data_of, post_webhook, text, text_body
from tests.fakes.greenapi import FakeGreenAPI
from tests.test_cli import Cli, knowledge, provision_hotel
from tests.test_cli import cli as cli  # the fixture

LONG = 50_000


def billion_laughs() -> bytes:
    """Nine levels of nine aliases: 19 lines that expand to 9**9 * 3 characters."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &l{i} [{','.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    return ("\n".join(lines) + "\nentries: *l8\n").encode()


def long_answer() -> bytes:
    entry = {"topic": "spa", "questions": {"en": ["A spa?"]}, "answer": {"en": "a" * LONG}}
    return yaml.safe_dump({"entries": [entry]}).encode()


def test_billion_laughs_is_refused_quickly_and_with_little_memory() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InvalidKnowledge) as refused:
            parse_document("laughs.yaml", billion_laughs())
        took = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.key == "knowledge_expanded"
    assert took < 1.0 and peak < 1024 * 1024, (took, peak)


async def test_the_command_line_refuses_a_long_answer_and_billion_laughs(
    cli: Cli, db_url: str, tmp_path: Path, fake_green: FakeGreenAPI
) -> None:
    hotel_id = await provision_hotel(db_url, fake_green.url)
    (tmp_path / "long.yaml").write_bytes(long_answer())
    (tmp_path / "laughs.yaml").write_bytes(billion_laughs())
    expected = {
        "long.yaml": "entry 1 (spa): the answer in en is too long (50000 characters; at most",
        "laughs.yaml": "laughs.yaml is too large once its YAML aliases (*name) are filled in",
    }
    for name, says in expected.items():
        run = await cli.run("knowledge", "import", "--hotel", str(hotel_id), str(tmp_path / name))
        assert run.code == 2 and says in run.stderr and "Traceback" not in run.output, str(run)
    assert await knowledge(db_url) == {}


async def test_the_admin_bot_refuses_a_long_answer_on_every_path(
    admin_client: Client, admin_hotel: Hotel, chat: Chat
) -> None:
    entry = await KnowledgeEntry.create(
        hotel=admin_hotel, topic="wifi", questions={"en": ["wifi?"]}, answer={"en": "Aurora"}
    )
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}"))[0]
    menu = (await manager.click(card, data_of(card, f"h:kb:{admin_hotel.id}")))[1][0]

    # A file, sent as a document: the long answer, then billion laughs.
    await manager.click(menu, data_of(menu, f"h:ki:{admin_hotel.id}"))
    refused = text(await manager.send_file("long.yaml", long_answer()))
    assert "Nothing was imported: entry 1 (spa): the answer in en is too long" in refused
    refused = text(await manager.send_file("laughs.yaml", billion_laughs()))
    assert "Nothing was imported: laughs.yaml is too large once its YAML aliases" in refused
    assert text(await manager.say("/cancel"))

    # One answer edited in the card.
    view = (await manager.click(menu, data_of(menu, f"h:ke:{admin_hotel.id}:{entry.id}")))[1][0]
    await manager.click(view, data_of(view, f"h:kw:{admin_hotel.id}:{entry.id}:en"))
    refused = text(await manager.say("a" * LONG))
    assert "That is too long: 50000 characters, at most 3000." in refused
    assert len(refused) < 500
    await manager.say("/cancel")

    # An entry added question by question.
    menu = (await manager.click(view, data_of(view, f"h:kb:{admin_hotel.id}")))[1][0]
    await manager.click(menu, data_of(menu, f"h:ka:{admin_hotel.id}"))
    assert "questions guests ask in en" in text(await manager.say("spa"))
    assert "That is too long: 600 characters, at most 500." in text(await manager.say("q" * 600))
    assert "in ru" in text(await manager.say("Is there a spa?"))
    assert "answer in en" in text(await manager.say("-"))
    assert "That is too long: 50000 characters" in text(await manager.say("a" * LONG))

    assert await KnowledgeEntry.filter(hotel_id=admin_hotel.id).count() == 1
    assert (await KnowledgeEntry.get(id=entry.id)).answer == {"en": "Aurora"}


async def test_an_answer_too_long_for_whatsapp_leaves_cut_to_what_it_takes(
    app_client: Client, hotel: Hotel, fake_green: FakeGreenAPI
) -> None:
    """Written straight into the database, past every check: the outbox still caps it."""
    await KnowledgeEntry.create(
        hotel=hotel,
        topic="history",
        questions={"en": ["Tell me the history of the hotel"]},
        answer={"en": "h" * LONG},
    )
    response = await post_webhook(app_client, text_body("Tell me the history of the hotel"))
    assert response.status == 200
    sent = await fake_green.wait_for_sent(2)
    answer = max(sent, key=lambda m: len(m.message))
    assert answer.message == "h" * (limits.WHATSAPP_TEXT - 1) + "…"
