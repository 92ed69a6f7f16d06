"""Guests in their own language: which language replies are in, and the polite line."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from bot import iso639
from bot.guest_flow.conversation import script_fits
from bot.guest_flow.flow import GuestFlow
from bot.guest_flow.intents import IntentClassifier
from bot.guest_flow.knowledge import import_entries, parse_document
from bot.guest_flow.language import shared_detection
from bot.guest_flow.reply_language import NOTICE_TEMPLATE, ReplyLanguage, reply_language
from bot.guest_flow.templates import TEMPLATE_KEYS
from bot.i18n import LOCALES_DIR, I18n
from bot.store.hotels import InvalidHotel, check_languages
from bot.store.models import (
    Conversation,
    ConversationState,
    Guest,
    Hotel,
    KnowledgeEntry,
    Message,
    ServiceRequest,
    Template,
)
from tests.conftest import Client, post_webhook, text_body
from tests.fakes.greenapi import FakeGreenAPI

BUILT_IN = {"en", "ru", "de", "es", "fr", "it"}


def test_a_declared_language_with_texts_is_answered_in_it() -> None:
    assert reply_language("de", ["en", "de"], BUILT_IN) == ReplyLanguage("de", "de")
    assert reply_language("de", ["en", "de"], BUILT_IN).served


def test_an_undeclared_language_gets_the_first_one_and_the_line_in_its_own_language() -> None:
    choice = reply_language("de", ["en", "ru"], BUILT_IN)
    assert choice == ReplyLanguage("en", "de", notice="de")
    assert not choice.served


def test_the_line_is_in_the_reply_language_when_we_have_no_texts_in_the_guests() -> None:
    assert reply_language("ja", ["ru", "en"], BUILT_IN) == ReplyLanguage("ru", "ja", notice="ru")


def test_the_line_is_said_once() -> None:
    assert reply_language("ja", ["en"], BUILT_IN, told=True) == ReplyLanguage("en", "ja")


def test_a_declared_language_without_texts_is_not_served() -> None:
    """A hotel declaring ja that wrote no Japanese templates answers in its next language."""
    assert reply_language("ja", ["ja", "en"], BUILT_IN) == ReplyLanguage("en", "ja", notice="en")
    # ...and once the hotel has every template in Japanese, Japanese guests read Japanese.
    assert reply_language("ja", ["ja", "en"], BUILT_IN | {"ja"}) == ReplyLanguage("ja", "ja")


def test_an_unknown_guest_language_gets_the_first_language_quietly() -> None:
    assert reply_language(None, ["fr", "en"], BUILT_IN) == ReplyLanguage("fr", None)
    assert reply_language(None, ["ja"], BUILT_IN) == ReplyLanguage("en", None)


# --- end to end: the real app, webhooks in, replies read off the fake Green API -------------

KNOWLEDGE_YAML = """
entries:
  - topic: breakfast
    questions:
      en: ["what time is breakfast", "when is breakfast served"]
      de: ["wann gibt es frühstück", "frühstückszeiten"]
      es: ["a qué hora es el desayuno", "horario del desayuno"]
      fr: ["à quelle heure est le petit-déjeuner", "horaires du petit-déjeuner"]
    answer:
      en: "Breakfast is served 7:00-10:30 in the Garden room."
      de: "Frühstück gibt es von 7:00 bis 10:30 im Gartensaal."
      es: "El desayuno se sirve de 7:00 a 10:30 en el salón Jardín."
      fr: "Le petit-déjeuner est servi de 7h00 à 10h30 dans le salon Jardin."
"""

GUEST_CASES = [
    (
        "de",
        "Guten Tag, wann gibt es Frühstück?",
        ("willkommen", "Frühstück gibt es von 7:00"),
        "Können Sie mir bitte frische Handtücher bringen?",
        "frische Handtücher",
        "Ich brauche Hilfe von einem Menschen, mein Flug wurde gestrichen",
        "Mitarbeiter meldet sich",
    ),
    (
        "es",
        "Hola, ¿a qué hora es el desayuno?",
        ("bienvenido", "El desayuno se sirve"),
        "¿Me pueden traer más toallas, por favor?",
        "toallas limpias",
        "Necesito ayuda de una persona, me han cancelado el vuelo",
        "Una persona le responderá",
    ),
    (
        "fr",
        "Bonjour, à quelle heure est le petit-déjeuner ?",
        ("bienvenue", "Le petit-déjeuner est servi"),
        "Pourriez-vous m'apporter des serviettes propres ?",
        "des serviettes propres",
        "J'ai besoin de l'aide d'un humain, mon vol est annulé",
        "Quelqu'un va vous répondre",
    ),
]


async def _hotel_speaking(hotel_factory: Any, languages: str) -> Hotel:
    hotel: Hotel = await hotel_factory(languages=languages)
    await import_entries(hotel.id, parse_document("kb.yaml", KNOWLEDGE_YAML.encode()))
    return hotel


async def _say(client: Client, flow: GuestFlow, text: str, n: int, chat: str) -> None:
    response = await post_webhook(client, text_body(text, id_message=f"M{n}", chat_id=chat))
    assert response.status == 200
    await flow.processor.drain()


@pytest.mark.parametrize(
    ("lang", "question", "answers", "ask", "kind", "person", "handoff"), GUEST_CASES
)
async def test_a_guest_gets_greeting_answer_request_and_handoff_in_their_language(
    app_client: Client,
    flow: GuestFlow,
    fake_green: FakeGreenAPI,
    hotel_factory: Any,
    lang: str,
    question: str,
    answers: tuple[str, str],
    ask: str,
    kind: str,
    person: str,
    handoff: str,
) -> None:
    await _hotel_speaking(hotel_factory, f"en,{lang}")
    chat = f"3490000000{len(lang)}@c.us"
    await _say(app_client, flow, question, 1, chat)
    sent = await fake_green.wait_for_sent(2)
    assert answers[0] in sent[0].message, sent[0].message  # the greeting
    assert answers[1] in sent[1].message, sent[1].message  # the knowledge answer in it
    await _say(app_client, flow, ask, 2, chat)
    sent = await fake_green.wait_for_sent(3)
    assert kind in sent[2].message and "#" in sent[2].message, sent[2].message
    assert (await ServiceRequest.get()).kind == "towels"
    await _say(app_client, flow, person, 3, chat)
    sent = await fake_green.wait_for_sent(4)
    assert handoff in sent[3].message, sent[3].message
    assert (await Conversation.get()).state == ConversationState.HUMAN
    guest = await Guest.get(chat_id=chat)
    assert guest.language == lang
    # Served in their language: no "we answer in English" line.
    assert not await Message.exists(source=NOTICE_TEMPLATE)


async def test_a_guest_in_an_undeclared_language_gets_the_first_language_and_one_polite_line(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    await _hotel_speaking(hotel_factory, "en,ru")
    chat = "34911111111@c.us"
    await _say(app_client, flow, "Guten Tag, wann gibt es Frühstück?", 1, chat)
    sent = await fake_green.wait_for_sent(3)
    # The line in the guest's own German (we have German texts), naming English in German.
    assert "nicht auf Deutsch" in sent[0].message and "auf Englisch" in sent[0].message
    assert "welcome" in sent[1].message.lower()  # the hotel's first language
    assert "Breakfast is served" in sent[2].message  # the entry's answer in en
    await _say(app_client, flow, "Und gibt es auch Parkplätze beim Hotel?", 2, chat)
    sent = await fake_green.wait_for_sent(4)
    assert "Deutsch" not in sent[3].message  # said once
    assert await Message.filter(source=NOTICE_TEMPLATE).count() == 1
    assert (await Guest.get(chat_id=chat)).language == "de"


async def test_a_language_without_any_texts_gets_the_line_in_the_first_language(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    await _hotel_speaking(hotel_factory, "ru,en")
    await _say(app_client, flow, "朝食は何時ですか", 1, "81900000000@c.us")
    sent = await fake_green.wait_for_sent(2)
    assert "по-русски" in sent[0].message and "Извините" in sent[0].message
    assert "Здравствуйте" in sent[1].message
    assert (await Guest.get()).language == "ja"


async def test_a_hotel_overriding_every_template_in_japanese_serves_japanese_guests(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    hotel = await _hotel_speaking(hotel_factory, "en,ja")
    for key in TEMPLATE_KEYS:
        await Template.create(hotel_id=hotel.id, key=key, language="ja", text=f"[{key}] {{hotel}}")
    flow.brain.templates.forget()
    await _say(app_client, flow, "朝食は何時ですか", 1, "81900000001@c.us")
    sent = await fake_green.wait_for_sent(1)
    assert sent[0].message.startswith("[greeting] Test Hotel")
    assert not await Message.exists(source=NOTICE_TEMPLATE)


async def test_a_short_ok_does_not_flip_a_russian_guest(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    await _hotel_speaking(hotel_factory, "en,ru")
    await _say(app_client, flow, "Здравствуйте, во сколько завтрак?", 1, "79000000001@c.us")
    await fake_green.wait_for_sent(2)
    await _say(app_client, flow, "ok", 2, "79000000001@c.us")
    await _say(app_client, flow, "спасибо", 3, "79000000001@c.us")
    sent = await fake_green.wait_for_sent(3)
    assert "Пожалуйста" in sent[-1].message
    assert (await Guest.get()).language == "ru"


async def test_a_hotel_declaring_german_imports_german_knowledge(
    app_client: Client, hotel_factory: Any
) -> None:
    hotel = await _hotel_speaking(hotel_factory, "de,en")
    assert hotel.language_list == ["de", "en"]
    entry = await KnowledgeEntry.get(hotel_id=hotel.id, topic="breakfast")
    assert entry.answer["de"].startswith("Frühstück")
    assert "wann gibt es frühstück" in entry.questions["de"]


@pytest.mark.parametrize(
    ("value", "stored"),
    [("en,ja", "en,ja"), ("EN, de ,de,ja", "en,de,ja"), ("zh", "zh")],
)
def test_any_iso_639_1_codes_are_accepted(value: str, stored: str) -> None:
    assert check_languages(value) == stored


@pytest.mark.parametrize(
    ("value", "key", "said"),
    [
        ("en,xx", "hotel_languages", "two-letter ISO 639-1 codes"),
        ("en,eng", "hotel_languages", "not a code: eng"),
        ("en,pt-BR", "hotel_languages", "not a code: pt-br"),
        (" , ", "hotel_languages_empty", "at least one language"),
        (",".join(sorted(iso639.CODES)[:31]), "hotel_languages_many", "at most 30"),
    ],
)
def test_anything_else_is_refused_clearly(value: str, key: str, said: str) -> None:
    with pytest.raises(InvalidHotel) as refused:
        check_languages(value)
    assert refused.value.key == key
    i18n = I18n()
    assert said in i18n.refusal(refused.value, "en")
    assert "ISO 639-1" in i18n.refusal(InvalidHotel("hotel_languages", bad="xx"), "ru")


def test_detection_reads_short_messages_by_their_function_words() -> None:
    detect = shared_detection().detect
    assert detect("is there a casino?") == "en"  # letter statistics alone say Spanish
    assert detect("Hallo, wo ist der Pool?") == "de"
    assert detect("¿A qué hora es el desayuno?") == "es"
    assert detect("À quelle heure est le petit-déjeuner ?") == "fr"
    assert detect("A che ora è la colazione?") == "it"
    assert detect("朝食は何時ですか") == "ja"
    assert detect("O której jest śniadanie?") == "pl"
    assert detect("ok") is None


INTENT_CASES = [
    # An explicit ask for a person wins over the request words around it, in every language.
    ("human", "I need help from a human, my flight is cancelled"),
    ("human", "Мне нужна помощь живого человека, рейс отменили"),
    ("human", "Ich brauche Hilfe von einem Menschen, mein Flug wurde gestrichen"),
    ("human", "Necesito ayuda de una persona, me han cancelado el vuelo"),
    ("human", "J'ai besoin de l'aide d'un humain, mon vol est annulé"),
    ("human", "Ho bisogno di aiuto da un umano, il mio volo è stato cancellato"),
    ("human", "I need a person to fix the AC"),
    ("human", "Ich möchte mit einem Menschen sprechen"),
    ("human", "Mitarbeiter"),
    ("human", "persona"),
    ("human", "personne"),
    ("request:towels", "Können Sie mir bitte frische Handtücher bringen?"),
    ("request:towels", "¿Me pueden traer más toallas, por favor?"),
    ("request:towels", "Pourriez-vous m'apporter des serviettes propres ?"),
    ("request:towels", "Potete portarmi altri asciugamani per favore?"),
    ("request:repair", "Die Klimaanlage funktioniert nicht"),
    ("request:repair", "La climatisation ne marche pas"),
    ("request:taxi", "Mi chiamate un taxi per le 8?"),
    ("request:taxi", "¿Pueden pedirme un taxi para las 8?"),
    ("request:wake_up", "Bitte wecken Sie mich um 7"),
    ("angry", "Das ist eine Unverschämtheit, ich will mein Geld zurück"),
    ("angry", "È inaccettabile"),
    ("opt_out", "stopp"),
    ("opt_out", "darme de baja"),
    ("opt_out", "désabonner"),
    ("opt_in", "anmelden"),
    ("thanks", "vielen Dank"),
    ("thanks", "muchas gracias"),
    ("thanks", "grazie mille"),
    ("hello", "bonjour"),
    ("hello", "guten Morgen"),
    ("ack", "alles klar"),
    ("ack", "va bene"),
    # Knowledge questions about a thing are not requests for it.
    ("none", "Wann gibt es Frühstück?"),
    ("none", "Gibt es einen Safe im Zimmer?"),
    ("none", "Haben Sie ein Babybett?"),
    ("none", "can I get water"),
]


@pytest.mark.parametrize(("want", "text"), INTENT_CASES)
def test_intents_in_every_built_in_language(want: str, text: str) -> None:
    # Read in the language the guest flow would read it in: the message's own when it says
    # enough, else English.
    intent = _classifier().classify(text, shared_detection().detect(text) or "en")
    assert intent.kind + (f":{intent.request_kind}" if intent.request_kind else "") == want


@functools.cache
def _classifier() -> IntentClassifier:
    return IntentClassifier.from_locales(LOCALES_DIR)


async def test_an_entry_without_the_guests_language_answers_in_the_hotels_first(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    hotel: Hotel = await hotel_factory(languages="en,de,ru")
    entry = """
entries:
  - topic: parking
    questions:
      ru: ["есть ли парковка"]
      de: ["gibt es parkplätze", "parkplatz"]
    answer:
      ru: "Парковка во дворе, 15 евро в сутки."
      en: "Parking is in the courtyard, 15 EUR a day."
"""
    await import_entries(hotel.id, parse_document("kb.yaml", entry.encode()))
    await _say(app_client, flow, "Guten Tag, gibt es Parkplätze?", 1, "4915100000000@c.us")
    sent = await fake_green.wait_for_sent(2)
    assert "willkommen" in sent[0].message  # German texts: the hotel declares de
    assert sent[1].message == "Parking is in the courtyard, 15 EUR a day."  # not the Russian


async def test_a_russian_guest_read_as_ukrainian_once_stays_russian(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    """Letter statistics read some short Russian as Ukrainian ("до скольки надо выехать"): a
    guest known to write Russian, served in it, is not flipped to English and told so."""
    await _hotel_speaking(hotel_factory, "en,ru")
    chat = "34933333333@c.us"
    assert shared_detection().detect("до скольки надо выехать") == "uk"
    await _say(app_client, flow, "Здравствуйте, где можно оставить машину?", 1, chat)
    sent = await fake_green.wait_for_sent(2)
    assert (await Guest.get(chat_id=chat)).language == "ru"
    await _say(app_client, flow, "до скольки надо выехать", 2, chat)
    sent = await fake_green.wait_for_sent(len(sent) + 1)
    assert all(script_fits("ru", message.message) for message in sent), sent
    assert not await Message.exists(source=NOTICE_TEMPLATE)
    assert (await Guest.get(chat_id=chat)).language == "ru"


async def test_a_russian_guest_writing_latin_letters_is_answered_in_russian(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    """Russian in Latin letters reads as Spanish to letter statistics ("kak poluchit
    klyuchi"): no Spanish function word backs that, so the Russian guest stays Russian (not
    English with a line in Spanish)."""
    await _hotel_speaking(hotel_factory, "en,ru")
    chat = "34944444444@c.us"
    assert shared_detection().detect("kak poluchit klyuchi") == "es"
    await _say(app_client, flow, "Здравствуйте, где можно оставить машину?", 1, chat)
    sent = await fake_green.wait_for_sent(2)
    await _say(app_client, flow, "kak poluchit klyuchi", 2, chat)
    sent = await fake_green.wait_for_sent(len(sent) + 1)
    assert all(script_fits("ru", message.message) for message in sent), sent
    assert not await Message.exists(source=NOTICE_TEMPLATE)
    assert (await Guest.get(chat_id=chat)).language == "ru"


async def test_a_guest_switching_language_in_words_that_say_so_is_followed(
    app_client: Client, flow: GuestFlow, fake_green: FakeGreenAPI, hotel_factory: Any
) -> None:
    """A known Russian guest who writes German function words is read as German."""
    await _hotel_speaking(hotel_factory, "en,ru")
    chat = "34955555555@c.us"
    await _say(app_client, flow, "Здравствуйте, где можно оставить машину?", 1, chat)
    await fake_green.wait_for_sent(2)
    await _say(app_client, flow, "Guten Tag, wann gibt es Frühstück?", 2, chat)
    await fake_green.wait_for_sent(4)
    assert (await Guest.get(chat_id=chat)).language == "de"
    assert await Message.exists(source=NOTICE_TEMPLATE)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("안녕하세요 조식은 몇 시인가요", "ko"),
        ("朝食は何時ですか", "ja"),
        ("早餐几点开始", "zh"),
        ("谢谢", "zh"),
        ("ארוחת בוקר מתי", "he"),
        ("Τι ώρα είναι το πρωινό", "el"),
        ("नाश्ता कितने बजे है", "hi"),
        ("อาหารเช้ากี่โมง", "th"),
        ("متى الفطور", "ar"),
        ("What time is breakfast, 谢谢", "en"),  # a few ideographs in an English sentence
        ("好", None),  # one letter says nothing, in any script
    ],
)
def test_a_script_of_its_own_names_its_language(text: str, lang: str | None) -> None:
    assert shared_detection().detect(text) == lang
