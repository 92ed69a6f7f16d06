"""A guest's very long message: its words are read up to GUEST_READ_CHARS characters (the
intents, the knowledge matcher, the "which one?" question, follow-ups and retrieval all run on
the event loop, and their cost grows with the words read: a 65,536-character WhatsApp message
of misspelt words held the loop for seconds), and it is still answered and kept whole."""

from __future__ import annotations

import random
import string
from typing import Any

from bot.guest_flow.flow import GuestFlow
from bot.limits import GUEST_READ_CHARS
from bot.store.models import Direction, Message, ServiceRequest
from tests.conftest import Client, post_webhook, text_body
from tests.fakes.greenapi import FakeGreenAPI

ASK = "Could you bring fresh towels please?"
WHATSAPP_MAX = 65_536  # the longest text WhatsApp lets a person send


def misspelt_words(chars: int) -> str:
    """Words that are each near many known ones (the costliest to read), `chars` long."""
    rng = random.Random(7)
    base = "towels breakfast parking pool heated taxi airport sauna laundry iron".split()
    words = []
    size = 0
    while size < chars:
        word = rng.choice(base) + rng.choice(string.ascii_lowercase)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:chars]


async def _say(client: Client, flow: GuestFlow, text: str) -> None:
    response = await post_webhook(client, text_body(text, chat_id="34922222222@c.us"))
    assert response.status == 200
    await flow.processor.drain()


async def test_a_request_at_the_end_of_the_words_read_is_filed(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    await hotel_factory()
    text = "." * (GUEST_READ_CHARS - len(ASK)) + ASK
    await _say(app_client, flow, text)
    assert (await ServiceRequest.get()).kind == "towels"
    assert await fake_green.wait_for_sent(2)  # the greeting and the confirmation


async def test_words_past_the_limit_are_not_read_and_the_guest_is_still_answered(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    await hotel_factory()
    text = "." * GUEST_READ_CHARS + ASK
    await _say(app_client, flow, text)
    assert not await ServiceRequest.exists()
    sent = await fake_green.wait_for_sent(2)  # the greeting and the honest fallback
    assert len(sent) == 2
    stored = await Message.get(direction=Direction.IN)
    assert stored.text == text and stored.outcome == "fallback"  # kept whole


async def test_the_longest_whatsapp_message_is_read_and_answered(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    await hotel_factory()
    text = ASK + " " + misspelt_words(WHATSAPP_MAX - len(ASK) - 1)
    await _say(app_client, flow, text)
    assert (await ServiceRequest.get()).kind == "towels"
    assert len(await fake_green.wait_for_sent(2)) == 2
