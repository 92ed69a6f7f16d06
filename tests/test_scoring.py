"""The knowledge scorer (bot/guest_flow/scoring.py) on a small hand-made hotel: each case is one
property the design rests on (see the module docstring), not a tuning case."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.guest_flow import scoring, textnorm
from bot.guest_flow.intents import WONDER_ANSWER
from bot.guest_flow.matching import (
    CONCEPTS,
    DEFAULT_THRESHOLD,
    MOST_QUESTIONS,
    WEAK_WORDS,
    KnowledgeIndex,
)
from bot.guest_flow.matching import KnowledgeItem as Item
from bot.guest_flow.scoring import Candidate, Ranked, Scorer
from bot.guest_flow.thesaurus import THESAURUS

ITEMS = [
    Item(
        "wifi",
        {
            "en": ["What is the Wi-Fi password?"],
            "ru": ["Какой пароль от Wi-Fi?"],
            "de": ["Wie lautet das WLAN-Passwort?"],
        },
        {"en": "The network is Kontor-Guest, the password is on your key card."},
    ),
    Item(
        "kitchen",
        {"en": ["What is in the kitchen?"], "de": ["Was ist in der Küche?"]},
        {
            "en": "An induction hob, a dishwasher with tablets, a kettle and an oven.",
            "es": "Placa de inducción, lavavajillas, hervidor y horno.",
        },
    ),
    Item(
        "laundry",
        {"en": ["Is there a washing machine?"], "de": ["Gibt es eine Waschmaschine?"]},
        {"es": "Hay una lavadora en el sótano.", "en": "A washing machine is in the basement."},
    ),
    Item(
        "breakfast",
        {"en": ["When is breakfast?"], "ru": ["Когда завтрак?"]},
        {"en": "Breakfast is served from 7:00 to 10:30 in the lobby."},
    ),
    Item("pool_hours", {"en": ["When is the pool open?"]}, {"en": "The pool opens at 8:00."}),
    Item("pool_towels", {"en": ["Where do I get pool towels?"]}, {"en": "At the pool bar."}),
    Item(
        "parking",
        {"en": ["Is there parking?"]},
        {"en": "Our garage is under the hotel, 25 EUR a day."},
    ),
]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(ITEMS, CONCEPTS, WEAK_WORDS)


def top(scorer: Scorer, text: str, lang: str = "en") -> tuple[str | None, float]:
    ranked = scorer.rank(text, lang)
    best = ranked.top
    return (ITEMS[best.item].topic, best.score) if best else (None, 0.0)


def test_the_guests_own_extra_words_do_not_sink_the_match(scorer: Scorer) -> None:
    plain, plain_score = top(scorer, "wifi password")
    chatty, chatty_score = top(
        scorer, "hi!! we just landed, kids are tired, whats the wifi password 🙏"
    )
    assert plain == chatty == "wifi"
    assert chatty_score > 0.5 * plain_score


def test_the_answer_text_counts(scorer: Scorer) -> None:
    assert top(scorer, "is there an oven")[0] == "kitchen"
    assert top(scorer, "do you have a garage")[0] == "parking"


def test_function_words_of_every_language_are_dropped(scorer: Scorer) -> None:
    # Only "Aufzug" is content, and no entry knows it: nothing, not laundry's "Gibt es eine".
    assert scorer.rank("Gibt es einen Aufzug", "de").top is None
    assert scorer.rank("¿Hay un ascensor?", "es").top is None
    assert top(scorer, "Gibt es einen Backofen", "de")[0] != "laundry"
    # "can he crash on our sofa": "he" had weighed as a word no entry knows.
    assert all(scoring.is_stop(word) for word in ("he", "she", "him", "their", "whose"))
    # "oder nur bar?": "nur" (only) had weighed as a word of its own.
    assert all(scoring.is_stop(word) for word in ("nur", "vielleicht", "pues", "кстати"))


def test_compound_words_meet_their_parts(scorer: Scorer) -> None:
    assert top(scorer, "Passwort bitte", "de")[0] == "wifi"


def test_typos_transliteration_and_the_thesaurus(scorer: Scorer) -> None:
    assert top(scorer, "brekfast time?")[0] == "breakfast"
    assert top(scorer, "zavtrak vo skolko", "ru")[0] == "breakfast"
    assert top(scorer, "пароль от вайфая", "ru")[0] == "wifi"
    # A concept bridges words no entry uses: "internet" means the wifi.
    assert top(scorer, "internet code?")[0] == "wifi"


def test_typos_are_read_in_the_guests_language_only(scorer: Scorer) -> None:
    # "labrador" is one letter from the Spanish answer's "lavador(a)"; an English guest's dog
    # is not the washing machine.
    ranked = scorer.rank("can we bring our labrador", "en")
    assert all(ITEMS[c.item].topic != "laundry" for c in ranked.candidates)


def test_numbers_are_no_evidence(scorer: Scorer) -> None:
    assert scorer.rank("25", "en").top is None
    assert top(scorer, "at 7 or 8?")[0] is None


def test_the_words_that_decided_are_reported(scorer: Scorer) -> None:
    best = scorer.rank("wifi password pls", "en").top
    assert best is not None and set(best.words) == {"wifi", "password"}


def test_close_topics_are_reported_for_a_question(scorer: Scorer) -> None:
    ranked = scorer.rank("pool?", "en")
    assert ranked.top is not None and ranked.runner_up is not None
    assert {ITEMS[ranked.top.item].topic, ITEMS[ranked.runner_up.item].topic} == {
        "pool_hours",
        "pool_towels",
    }
    towels = scorer.rank("pool towels", "en")
    assert towels.top is not None and ITEMS[towels.top.item].topic == "pool_towels"
    assert not towels.close(0.0)
    a, b, c = Candidate(0, 0.8, ()), Candidate(1, 0.75, ()), Candidate(2, 0.5, ())
    assert Ranked((a, b, c), 0.1).close(0.7)  # both clear the bar, 0.05 apart: ask
    assert not Ranked((a, b, c), 0.1).close(0.78)  # the second is below the bar: answer
    assert not Ranked((a, c), 0.1).close(0.4)  # 0.3 apart: answer


def test_empty_and_meaningless_messages(scorer: Scorer) -> None:
    for text in ("", "   ", "?!", "👍", "ok thanks", "спасибо", "hola gracias"):
        assert scorer.rank(text, "en").top is None, text
    assert Ranked((), 0.1).top is None and not Ranked((), 0.1).close(0.0)


def test_stems_are_per_language() -> None:
    assert scoring.stem("towels", "en") == "towel"
    assert scoring.stem("Handtücher".casefold(), "de") == scoring.stem("handtuch", "de")
    assert scoring.stem("полотенца", "en") == scoring.stem("полотенце", "ru")
    assert scoring.stem("12", "de") == "12"


def test_two_questions_in_one_message_get_both_answers() -> None:
    index = KnowledgeIndex(ITEMS)
    both = index.answers("whats the wifi password? and is there parking", "en")
    assert [m.topic for m in both] == ["wifi", "parking"]
    assert [m.topic for m in index.answers("wifi password and breakfast time", "en")] == [
        "wifi",
        "breakfast",
    ]
    # One question, or one clear part and one that matches nothing: what `match` gives.
    assert [m.topic for m in index.answers("wifi password please", "en")] == ["wifi"]
    assert [m.topic for m in index.answers("wifi password? and is there a casino", "en")] == [
        "wifi"
    ]
    assert index.answers("thanks and bye", "en") == []
    # A part keeps the question mark that ended it: it asks.
    assert scoring.clauses("Pool und Sauna?") == ["Pool", "Sauna?"]
    assert scoring.clauses("wifi? and the gym") == ["wifi?", "the gym"]
    assert scoring.clauses("and what about parking") == ["what about parking"]
    # Russian in Latin letters joins with "i"; "i" is "I" in English.
    translit = "skolko stoit parkovka i mozhno li pozdniy vyezd"
    assert scoring.clauses(translit, "ru") == ["skolko stoit parkovka", "mozhno li pozdniy vyezd"]
    assert scoring.clauses("can i park here", "en") == ["can i park here"]
    # A join inside a time or an amount joins no questions; after a number it still may.
    half_past = "salimos a las 5 y media, hay algo para desayunar?"
    assert scoring.clauses(half_past, "es") == [half_past]
    assert scoring.clauses("kids (5 und 7)", "de") == ["kids (5 und 7)"]
    assert scoring.clauses("we land at 5 and is there parking?") == [
        "we land at 5",
        "is there parking?",
    ]
    # After a question, a joined part that asks nothing of its own is that question's.
    coffee = "till when can i grab coffee and croissants on sunday"
    assert scoring.clauses(coffee, "en") == ["till when can i grab coffee croissants on sunday"]
    laptop = "хочу оставить ноут и документы пока на выставке"
    assert len(scoring.clauses(laptop, "ru")) == 1
    # After a part that tells, too: the pram is the guest's, not a question about prams.
    told = "how far is the sea? we have a toddler and a pram"
    assert scoring.clauses(told, "en") == ["how far is the sea?", "we have a toddler a pram"]
    # "Or" opening the joined part offers the other way of the same question.
    pots = "gibt es töpfe und so, oder sollen wir was mitbringen?"
    assert len(scoring.clauses(pots, "de")) == 1


def test_a_price_after_a_question_asks_about_that_question(scorer: Scorer) -> None:
    """ "is there parking? how much per night": one question, not a second one about
    whatever names a price (read alone, it would rank every priced entry)."""
    for part, lang in (("cuánto cuesta", "es"), ("Kosten?", "de"), ("how much per night", "en")):
        assert scorer.names_no_topic(part, lang), part
    # Whom the price is for names no topic either ("the boat trip? how much for kids").
    for part, lang in (("how much for kids", "en"), ("сколько для детей", "ru")):
        assert scorer.names_no_topic(part, lang), part
    assert not scorer.names_no_topic("kids club hours", "en")
    assert not scorer.names_no_topic("и сколько стоит парковка", "ru")
    rates = Item("room_rates", {"en": ["What is the price per night?"]}, {"en": "From 120 EUR."})
    index = KnowledgeIndex([*ITEMS, rates])
    alone = index.match("price per night", "en")
    assert alone is not None and alone.topic == "room_rates"
    # The price settles nothing here: parking, not the room rates that "price per night" meets.
    asked = index.answers("is there parking? price per night", "en")
    assert [m.topic for m in asked] == ["parking"]


def test_a_message_of_many_parts_is_read_whole() -> None:
    """Up to `MOST_QUESTIONS` parts, each clear one is answered; more is a story, not a list:
    one reading, as `match` makes of it."""
    index = KnowledgeIndex(ITEMS)
    questions = ["wifi password?", "breakfast time?", "is there parking?"]
    assert [m.topic for m in index.answers(" ".join(questions), "en")] == [
        "wifi",
        "breakfast",
        "parking",
    ]
    story = " ".join(
        ["we land at 9.", "the kids are tired.", "the car is big.", "we love pools.", *questions]
    )
    assert len(scoring.clauses(story)) > MOST_QUESTIONS
    whole = index.match(story, "en")
    assert index.answers(story, "en") == ([] if whole is None else [whole])


def test_close_topics_are_a_question_not_a_guess() -> None:
    index = KnowledgeIndex(
        [
            Item("jacuzzi", {"en": ["Is there a jacuzzi in the spa?"]}, {"en": "Yes, two."}),
            Item("solarium", {"en": ["Is there a solarium in the spa?"]}, {"en": "No."}),
        ]
    )
    assert index.match("spa", "en") is None
    pair = index.choices("spa", "en")
    assert pair is not None and {m.topic for m in pair} == {"jacuzzi", "solarium"}
    assert index.choices("spa jacuzzi", "en") is None
    clear = index.match("spa jacuzzi", "en")
    assert clear is not None and clear.topic == "jacuzzi"
    assert index.scored("spa", "en").top is not None


def test_a_message_read_again_is_ranked_once() -> None:
    """`match`, `choices` and `suggestions` read one unanswered message in turn: the index
    keeps the latest rankings, per language, and forgets the oldest past a few."""
    index = KnowledgeIndex(ITEMS)
    first = index.scored("pool?", "en")
    assert index.scored("pool?", "en") is first
    assert index.scored("pool?", "de") is not first
    for n in range(40):
        index.scored(f"breakfast {n}", "en")
    again = index.scored("pool?", "en")
    assert again is not first and again == first


def test_a_concept_word_shares_no_stem_with_an_everyday_verb() -> None:
    """German "laut" (loud) stems as "lautet" (reads) does: the noise concept met every
    "Wie lautet ...?" phrasing, and "до скольки можно шуметь" was asked "wifi or rules?"."""
    index = KnowledgeIndex(
        [
            Item("wifi", {"de": ["Wie lautet das WLAN-Passwort?"]}, {"de": "Passwort: linde"}),
            Item("house_rules", {"en": ["Are parties allowed?"]}, {"en": "Quiet from 22:00."}),
        ]
    )
    ranked = index.scored("до скольки можно шуметь", "ru")
    assert [index.items[c.item].topic for c in ranked.candidates] == ["house_rules"]


@pytest.mark.parametrize(
    ("text", "lang", "not_meant"),
    [
        ("¿no hay nada para beber?", "es", "pool"),  # "nada", not "nadar"
        ("¿pueden guardar mi maleta?", "es", "kids"),  # "guardar", not "guardería"
        ("¿las bebidas están incluidas?", "es", "baby"),  # "bebidas", not "bebé"
        ("¿cómo llego a la estación?", "es", "parking"),  # "estación", not "estacionamiento"
        ("Wie lange dauert die Fahrt?", "de", "late_check_out"),  # "lange", not "länger"
        ("will my van fit in the garage", "en", "gym"),  # "fit", not "fitness"
    ],
)
def test_a_word_sharing_a_concept_words_stem_is_not_that_concept(
    text: str, lang: str, not_meant: str
) -> None:
    """The entries hold none of the words: only the thesaurus could lead the message there."""
    index = KnowledgeIndex(
        [
            Item("pool", {"es": ["¿Hay piscina?"]}, {"es": "Piscina climatizada."}),
            Item("kids", {"es": ["¿Hay club infantil?"]}, {"es": "Para niños de 4 a 12."}),
            Item("baby", {"es": ["¿Tienen cuna?"]}, {"es": "Cunas gratis."}),
            Item("parking", {"es": ["¿Hay aparcamiento?"]}, {"es": "Garaje, 20 EUR."}),
            Item("late_check_out", {"de": ["Kann ich später auschecken?"]}, {"de": "Bis 14 Uhr."}),
            Item("gym", {"en": ["Is there a gym?"]}, {"en": "Open from 6:00."}),
        ]
    )
    topics = [index.items[c.item].topic for c in index.scored(text, lang).candidates]
    assert not_meant not in topics


def test_a_word_written_as_a_concept_word_still_means_it() -> None:
    """ "sala" is the meeting room, though Snowball cuts it to the stem of "salida" too."""
    index = KnowledgeIndex(
        [
            Item("meeting_rooms", {"es": ["¿Hay espacio para reuniones?"]}, {"es": "Dos."}),
            Item("check_out", {"es": ["¿A qué hora es el check-out?"]}, {"es": "A las 12."}),
        ]
    )
    topics = [index.items[c.item].topic for c in index.scored("una sala grande", "es").candidates]
    assert topics == ["meeting_rooms"]


def test_words_snowball_would_merge_with_another_keep_their_own_stem() -> None:
    """ "sala" is no "salida", "fit" no "fitness", "wie lange" no "länger": in the entries'
    own words too, not only in the thesaurus."""
    index = KnowledgeIndex(
        [
            Item("meeting_rooms", {"es": ["¿Tienen salas de reuniones?"]}, {"es": "Dos salas."}),
            Item("check_out", {"es": ["¿A qué hora es la salida?"]}, {"es": "A las 12."}),
            Item("gym", {"en": ["What are the fitness room hours?"]}, {"en": "Open 24h."}),
            Item("parking", {"en": ["Is there a garage?"]}, {"en": "Yes, 2.1 m high."}),
            Item("late_check_out", {"de": ["Kann ich länger bleiben?"]}, {"de": "Bis 14 Uhr."}),
        ]
    )
    sala = index.match("necesito una sala para un taller", "es")
    assert sala is not None and sala.topic == "meeting_rooms"
    salir = index.match("hasta qué hora puedo salir", "es")
    assert salir is not None and salir.topic == "check_out"
    van = index.scored("will my van fit in the garage", "en").top
    assert van is not None and index.items[van.item].topic == "parking"
    long = [
        index.items[c.item].topic for c in index.scored("wie lange dauert es", "de").candidates
    ]
    assert "late_check_out" not in long


def test_a_statement_beside_the_question_only_says_why(scorer: Scorer) -> None:
    """ "we parked in your garage, where do I get pool towels" asks about towels: the words of
    the sentence that tells weigh `Weights.context` of their own, so the garage that ranked
    first no longer does."""
    said_fully = Scorer(ITEMS, CONCEPTS, WEAK_WORDS, scoring.Weights(context=1.0))
    text = "we parked in your garage, where do I get pool towels"
    assert top(said_fully, text)[0] == "parking"
    assert top(scorer, text)[0] == "pool_towels"
    # Nothing asks, or everything does: every word weighs fully.
    assert top(scorer, "we parked in the garage")[0] == "parking"
    both = "where is the garage, where do I get pool towels"
    assert scorer.rank(both, "en") == said_fully.rank(both, "en")
    # A bare "how much?" after the question names nothing, and leaves the statement a
    # statement; only when no question names anything is the statement the topic.
    priced = "we parked in your garage, where do I get pool towels? how much"
    assert top(scorer, priced)[0] == "pool_towels"
    assert top(scorer, "we parked in your garage, how much?")[0] == "parking"
    # A question pointing back with a pronoun asks about the statement's thing.
    pointing = "we parked two cars in your garage, how long can we leave them?"
    assert scorer.rank(pointing, "en") == said_fully.rank(pointing, "en")
    assert top(scorer, pointing)[0] == "parking"


@pytest.mark.parametrize(
    ("sentence", "lang", "asking"),
    [
        ("where do I get pool towels", "en", True),
        ("so when is breakfast", "en", True),
        ("the room's ready before lunch?", "en", True),
        ("we parked in your garage", "en", False),
        ("my flight is at 9pm", "en", False),
        ("когда завтрак", "ru", True),
        ("мы приедем поздно", "ru", False),
        ("gibt es eine Waschmaschine", "de", True),
        ("wir landen um 9", "de", False),
        ("a qué hora es el desayuno", "es", True),
        ("llegamos tarde", "es", False),
        ("où est la piscine", "fr", True),
        ("dove è la piscina", "it", True),
        ("I need a washing machine", "en", True),
        ("мне нужен утюг", "ru", True),
        ("ich brauche eine Waschmaschine", "de", True),
        ("breakfast", "en", True),  # a list of questions: "wifi, breakfast, parking?"
        ("we have heavy bags", "en", False),
        ("hey we're driving down from hamburg", "en", False),  # "we're" reads as "were"
        ("were there any calls for me", "en", True),
    ],
)
def test_a_sentence_asks_by_its_first_word_or_its_question_mark(
    sentence: str, lang: str, asking: bool
) -> None:
    assert scoring.asks(sentence, lang) is asking
    assert scoring.sentences(f"we land at 9, {sentence}") == ["we land at 9", sentence]
    # An ellipsis ends a sentence too: "my flight's not till 9pm… how much would it be".
    assert scoring.sentences(f"we land at 9… {sentence}") == ["we land at 9", sentence]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("is there an elevator", "en"),
        ("есть лифт?", "ru"),
        ("gibt es einen Fahrstuhl", "de"),
        ("¿tienen ascensor?", "es"),
        ("y a-t-il un ascenseur", "fr"),
        ("c'è l'ascensore", "it"),
    ],
)
def test_a_hotel_thing_is_met_in_every_language_by_its_everyday_words(
    text: str, lang: str
) -> None:
    """The thesaurus names the things guests ask about (a lift, a balcony, a bike) in six
    languages: the entry wrote "lift" once, in English."""
    index = KnowledgeIndex(
        [
            Item("lift", {"en": ["Is there a lift?"]}, {"en": "Yes, next to reception."}),
            *ITEMS,
        ]
    )
    found = index.match(text, lang)
    assert found is not None and found.topic == "lift", text


def test_a_hotel_thing_no_entry_names_is_not_another_entrys_answer() -> None:
    """ "can we rent bikes" at a hotel that wrote nothing about bikes: the bike weighs as
    what the guest asks about, so the parking entry's "garage" does not answer it."""
    index = KnowledgeIndex(ITEMS)
    assert index.match("can we rent bikes at the garage", "en") is None
    assert index.match("можно взять велосипед", "ru") is None
    # The bike counts more than a word no hotel would write down: the garage explains less.
    named = index.scored("can we rent bikes at the garage", "en").top
    unknown = index.scored("can we rent zorbels at the garage", "en").top
    assert named is not None and unknown is not None and named.score < unknown.score


def test_what_a_guest_says_there_is_none_of_is_not_what_they_ask() -> None:
    """ "how do we get into the apartment when there is no reception": the reception is
    what the guest lacks; the word a negation names weighs `Weights.negated` of its own, so
    the self check-in answers clearly and the entry naming reception barely counts."""
    items = [
        Item(
            "self_check_in",
            {"en": ["How do I get into the apartment?"]},
            {"en": "The key box is by the door; the code comes by text."},
        ),
        Item("luggage", {"en": ["Can I leave my bags?"]}, {"en": "Yes, at reception from 8:00."}),
    ]
    index = KnowledgeIndex(items)
    for text, lang in (
        ("how do we get into the apartment when there is no reception", "en"),
        ("cómo entramos al apartamento si no hay recepción", "es"),
    ):
        found = index.match(text, lang)
        assert found is not None and found.topic == "self_check_in", text
    said = Scorer(items, CONCEPTS, WEAK_WORDS, scoring.Weights(negated=1.0))
    fully = said.rank("cómo entramos al apartamento si no hay recepción", "es").top
    assert fully is not None and fully.score < DEFAULT_THRESHOLD
    words = ["theres", "no", "reception", "ohne", "die", "kinder", "no", "2", "towels"]
    assert scoring.negated(words) == {2, 5}


@pytest.mark.parametrize(
    ("text", "lang", "topic"),
    [
        ("there are no towels at the pool", "en", "pool_towels"),
        ("нет wifi", "ru", "wifi"),
        ("no? and where is the parking?", "en", "parking"),
    ],
)
def test_what_is_missing_is_the_topic_when_nothing_else_is_named(
    text: str, lang: str, topic: str
) -> None:
    """A negation weighs its word down only beside another thing the guest names: "there are
    no towels" is about the towels, and a negation ends with its sentence."""
    found = KnowledgeIndex(ITEMS).match(text, lang)
    assert found is not None and found.topic == topic, text


def test_every_hotel_shares_one_reading_of_the_thesaurus() -> None:
    """The thesaurus is the same for every hotel and some seven thousand words and phrases: one
    copy, not one per hotel's index (bench/run.py's peak memory fell 21 MB with 10 hotels)."""
    first = Scorer(ITEMS[:2], CONCEPTS, WEAK_WORDS)
    second = Scorer(ITEMS[2:], CONCEPTS, WEAK_WORDS)
    assert first._lexicon is second._lexicon
    assert first.rank("wlan passwort", "de").top is not None
    assert second.rank("¿hay garaje?", "es").top is not None
    own = {"garage": ("garaje", "parkhaus")}
    assert scoring._lexicon(own) is not scoring._lexicon(CONCEPTS)
    assert scoring._lexicon(own).concepts[("en", "parkhaus")] == "#garage"


def test_hotels_indexed_at_once_still_share_one_reading() -> None:
    """Hotels' indexes are built in worker threads at the same moment: the first to need a
    caller's concepts reads them, the others wait for that reading instead of making theirs."""
    concepts = {"garage": ("garaje", "parkhaus")}
    with ThreadPoolExecutor(max_workers=6) as pool:
        scorers = list(pool.map(lambda _: Scorer(ITEMS, concepts, WEAK_WORDS), range(6)))
    assert len({id(s._lexicon) for s in scorers}) == 1


@pytest.mark.parametrize(
    ("word", "lang", "head"),
    [
        ("chemist", "en", "pharmacy"),
        ("баня", "ru", "сауна"),
        ("masseuse", "en", "massage"),
        ("grocer", "en", "supermarket"),
        ("ocean", "en", "sea"),
        ("playpen", "en", "cot"),
        ("ужинать", "ru", "ужин"),
    ],
)
def test_a_things_everyday_words_mean_what_its_own_name_means(
    word: str, lang: str, head: str
) -> None:
    """One thing, one concept: "chemist" meets an entry that says "pharmacy"."""
    concepts = scoring._lexicon(CONCEPTS).concepts
    assert concepts[(lang, scoring.stem(word, lang))] == concepts[(lang, scoring.stem(head, lang))]


def test_a_thing_in_its_own_language_is_no_other_languages_function_word() -> None:
    """ "Kind" is a German child, not the English "kind of": it meets the kids' club."""
    index = KnowledgeIndex(
        [
            Item("kids", {"de": ["Gibt es einen Kinderclub?"]}, {"de": "Ab 4 Jahren."}),
            Item("pool", {"de": ["Gibt es einen Pool?"]}, {"de": "Ja, beheizt."}),
        ]
    )
    found = index.match("was kann mein Kind hier machen", "de")
    assert found is not None and found.topic == "kids"
    assert index.answers("und für mein Kind?", "de") != []  # a part of its own, not all stop
    # In English it is still "kind of": no word of the message, so the kids' club is not met.
    english = index.scored("what kind of pool is it", "en").top
    assert english is not None and "kind" not in english.words
    bins = KnowledgeIndex(
        [Item("rubbish", {"en": ["Where does the rubbish go?"]}, {"en": "Out."})]
    )
    found = bins.match("where is the bin", "en")
    assert found is not None and found.topic == "rubbish"


def test_a_part_that_tells_is_no_question_of_its_own() -> None:
    """ "is there parking? we check in at 15": one question; the check-in only says when.
    A message of nothing but a statement is still read as it is."""
    check_in = Item("check_in", {"en": ["When can we check in?"]}, {"en": "From 15:00."})
    index = KnowledgeIndex([*ITEMS, check_in])
    for text in ("is there parking? we check in at 15", "we check in at 15. is there parking?"):
        assert [m.topic for m in index.answers(text, "en")] == ["parking"], text
    alone = index.answers("we check in at 15", "en")
    assert [m.topic for m in alone] == ["check_in"]
    # A question after a comma in the same part still asks; a statement between two
    # questions leaves both answered.
    for text in (
        "is there parking? i am arriving at 9, when can we check in",
        "is there parking? we come by car. when can we check in?",
    ):
        assert [m.topic for m in index.answers(text, "en")] == ["parking", "check_in"], text
    assert scoring.tells("we check in at 15", "en")
    assert scoring.tells("we have a car", "en")  # short, but it tells
    assert scoring.tells("i am arriving at 9", "en")
    assert not scoring.tells("i am arriving at 9, when can we check in", "en")
    assert not scoring.tells("we need towels", "en")  # a wish asks
    assert not scoring.tells("i am looking for the gym", "en")
    assert not scoring.tells("is there parking", "en")
    # Spanish and Italian leave the subject out: the verb's ending names the guest.
    assert scoring.tells("vamos en coche", "es")
    assert scoring.tells("llego a las 9", "es")
    assert scoring.tells("arriviamo tardi", "it")
    assert not scoring.tells("podemos aparcar en el hotel", "es")  # asks
    assert not scoring.tells("cuánto cuesta el parking", "es")


def test_a_sentence_after_a_question_that_asks_nothing_is_no_question() -> None:
    """ "how do i get online? there's no password on the card they gave us": the card names
    no second topic (a card the towels are swapped with was answered too). A list joined by
    "and" is still read part by part, and a later part that asks is answered."""
    towels = Item(
        "pool_towels",
        {"en": ["Where do I get pool towels?"]},
        {"en": "Show your towel card at the pool bar."},
    )
    index = KnowledgeIndex([*(i for i in ITEMS if i.topic != "pool_towels"), towels])
    text = "what is the wifi password? there's no password on the card they gave us"
    assert [m.topic for m in index.answers(text, "en")] == ["wifi"]
    asked = "what is the wifi password? the pool towels, where do i get them?"
    assert [m.topic for m in index.answers(asked, "en")] == ["wifi", "pool_towels"]
    # The guest as subject before a verb tells ("wir sind ... zurück"); the verb first asks.
    assert scoring.tells("wir sind erst um 10 zurück", "de")
    assert not scoring.tells("sind wir zu spät für das Frühstück", "de")
    assert scoring.tells("we are back at 10", "en")
    assert not scoring.asks("we are back from the beach at 10", "en")
    assert scoring.asks("are we too late for breakfast", "en")
    assert scoring.asks("we need towels", "en")  # a wish after the subject still asks
    # Russian typed in Latin letters opens a question as it does in Cyrillic.
    assert scoring.asks("mozhno li pozdniy vyezd", "ru")


def test_the_longest_phrase_stands_for_its_words() -> None:
    """ "get in touch" asks for a contact, not the check-in's "how do we get in"."""
    index = KnowledgeIndex(
        [
            Item("checkin", {"en": ["When can we check in?", "How do we get in?"]}, {"en": "15h"}),
            Item("reception", {"en": ["What is the reception phone number?"]}, {"en": "Dial 9"}),
        ]
    )
    found = index.match("how can i get in touch with you", "en")
    assert found is not None and found.topic == "reception"
    found = index.match("how do we get in after midnight", "en")
    assert found is not None and found.topic == "checkin"


def test_a_word_that_is_a_thing_here_is_no_negation_or_function_word_there() -> None:
    """The Spanish NIE (a foreigner's ID number) is no German "nie" (never); the French "court"
    (short) is no tennis court, which English and "court de tennis" still are."""
    assert scoring.negated(["nie", "wifi"], "es") == set()
    assert scoring.negated(["nie", "wifi"], "de") == {1}
    papers = KnowledgeIndex(
        [
            Item("docs", {"es": ["¿Qué documentos necesito para el registro?"]}, {"es": "DNI."}),
            Item("wifi", {"es": ["¿Hay wifi?"]}, {"es": "Sí."}),
        ]
    )
    ranked = papers.scored("vale el NIE en vez del pasaporte", "es").top
    assert ranked is not None and "nie" in ranked.words
    tennis = KnowledgeIndex(
        [
            Item(
                "tennis",
                {"fr": ["Y a-t-il un court de tennis ?"], "en": ["Is there a tennis court?"]},
                {"fr": "Oui, deux.", "en": "Yes, two."},
            ),
            Item("shuttle", {"fr": ["Avez-vous une navette ?"]}, {"fr": "Oui, 30 EUR."}),
        ]
    )
    assert tennis.scored("le trajet est court ?", "fr").top is None
    for text, lang in [("y a-t-il un court de tennis", "fr"), ("is there a court", "en")]:
        found = tennis.match(text, lang)
        assert found is not None and found.topic == "tennis"


def test_getting_into_the_flat_is_no_getting_to_the_town() -> None:
    """ "Wie kommen wir in die Wohnung" asks how to get in (check-in), not the way there."""
    index = KnowledgeIndex(
        [
            Item(
                "self_check_in",
                {"de": ["Wie funktioniert der Self-Check-in?"]},
                {"de": "Die Codes für die Schlüsselbox senden wir am Anreisetag."},
            ),
            Item(
                "getting_here",
                {"de": ["Wie komme ich vom Flughafen zu Ihnen?"]},
                {"de": "Mit der S7 bis Wien Mitte, dann U3."},
            ),
        ]
    )
    inside = index.scored("wie kommen wir in die Wohnung", "de").top
    assert inside is not None and index.items[inside.item].topic == "self_check_in"
    found = index.match("wie komme ich vom Flughafen in die Innenstadt", "de")
    assert found is not None and found.topic == "getting_here"


def test_a_charge_is_a_price_not_a_car_charger() -> None:
    """English stems "charging" and "charge" alike: a charger's word had made the "charge"
    of "is there a charge" a car charger, so it met no price."""
    index = KnowledgeIndex(
        [
            Item(
                topic="ev",
                questions={"en": ["Is there a charger for electric cars?"]},
                answer={"en": "Two chargers in the garage, 0.45 EUR per kWh."},
            ),
            Item(
                topic="sauna",
                questions={"en": ["Is there a sauna?", "When is the sauna open?"]},
                answer={"en": "The sauna is open 16-22 and costs 10 EUR."},
            ),
        ]
    )
    top = index.scored("is there a charge for the sauna", "en").top
    assert top is not None and index.items[top.item].topic == "sauna"
    assert "charge" in top.words  # the sauna's price


# Concepts sharing a word on purpose: a toddler is a child and a baby, a "Reinigung" cleans a
# room or a suit, ironing is laundry.
_MEANT_BOTH = {
    frozenset({"kids", "baby"}),
    frozenset({"laundry", "cleaning"}),
    frozenset({"laundry", "iron"}),
}


def test_a_word_means_one_concept_unless_both_are_meant() -> None:
    """The first concept to claim a stem takes it (`scoring._read_lexicon`): a word added to
    a second concept silently means the first. "twins" (kids) took the "twin" of twin beds,
    and the "charging" of car chargers the English "charge"."""
    claims: dict[tuple[str, str], set[str]] = {}
    for name, by_lang in THESAURUS.items():
        for lang, words in by_lang.items():
            for token in textnorm.tokenize(words):
                claims.setdefault((lang, scoring.stem(token, lang)), set()).add(name)
    for name, mixed in CONCEPTS.items():
        for word in mixed:
            lang = "ru" if textnorm.script_of(word) == "cyrillic" else "en"
            for token in textnorm.tokenize(word):
                claims.setdefault((lang, scoring.stem(token, lang)), set()).add(name)
    shared = {key: names for key, names in claims.items() if len(names) > 1}
    assert {
        key: names for key, names in shared.items() if frozenset(names) not in _MEANT_BOTH
    } == {}


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("zavtrak", "завтрак"),
        ("vklyucheno", "включено"),
        ("stoit", "стоит"),
        ("klyuchi", "ключи"),
        ("moy", "мой"),
        ("korty", "корты"),
        ("tennisnye", "теннисные"),
        ("yest", "ест"),
        ("shchi", "щи"),
        ("wifi", "вифи"),
        ("café", "café"),  # a letter outside the table: left as it is
    ],
)
def test_russian_typed_in_latin_letters_is_written_back(latin: str, cyrillic: str) -> None:
    assert textnorm.cyrillize(latin) == cyrillic


def test_russian_in_latin_letters_is_read_as_russian() -> None:
    """Read as Russian, a Latin word is also the Russian word it spells: "stoit" is the
    price's "стоит", "vse" a function word, "napitki" the drinks."""
    index = KnowledgeIndex(
        [
            Item(
                "all_inclusive",
                {"ru": ["Что входит в всё включено?"], "en": ["What is all inclusive?"]},
                {"ru": "Напитки и еда с 10:00 до 23:00.", "en": "Drinks and food 10-23."},
            ),
            Item("spa", {"ru": ["Сколько стоит массаж?"]}, {"ru": "Массаж 60 EUR за час."}),
            Item("wifi", {"ru": ["Какой пароль от вайфая?"]}, {"ru": "Пароль на ключ-карте."}),
        ]
    )
    assert [m.topic for m in index.answers("vse vklyucheno do skolki napitki", "ru")] == [
        "all_inclusive"
    ]
    ranked = index.scored("a massazh dorogo stoit?", "ru")
    assert ranked.top is not None and "stoit" in ranked.top.words
    # Read as English, the same letters are English words.
    assert index.scored("stoit", "en").top is None


def test_a_german_participle_is_its_verb() -> None:
    """Snowball leaves "geputzt" whole; it is "putzen", a thesaurus word for cleaning."""
    index = KnowledgeIndex(
        [
            Item("cleaning", {"en": ["How often is the apartment cleaned?"]}, {"en": "Weekly."}),
            Item("parking", {"en": ["Is there parking?"]}, {"en": "In the yard, 10 EUR."}),
        ]
    )
    top = index.scored("Wird zwischendurch auch mal geputzt?", "de").top
    assert top is not None and index.items[top.item].topic == "cleaning"
    assert "geputzt" in top.words


def test_a_phrase_meets_a_phrasing_that_spells_it_out() -> None:
    """A guest's thesaurus phrase is one token, its concept; an entry's phrasing that holds the
    same phrase keeps its words as positions too. The phrase's own words cover those positions
    (no evidence of their own), so the entry that spells it out is met as fully as it reads."""
    items = [
        Item(
            "room_service",
            {
                "ru": [
                    "Есть ли обслуживание в номерах?",
                    "До какого времени можно заказать еду в номер?",
                ]
            },
            {"ru": "Обслуживание в номерах с 7:00 до 23:00."},
        ),
        Item("reception", {"ru": ["Ресепшен работает ночью?"]}, {"ru": "Круглосуточно."}),
    ]
    ranked = Scorer(items, CONCEPTS, WEAK_WORDS).rank("можно ли заказать еду в номер ночью", "ru")
    assert ranked.top is not None and items[ranked.top.item].topic == "room_service"
    assert ranked.top.phrasing == ("ru", "До какого времени можно заказать еду в номер?")
    assert ranked.top.score >= WONDER_ANSWER  # the hotel's answer settles the asked request
