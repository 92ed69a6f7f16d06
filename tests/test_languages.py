"""Guests in their own language: which language replies are in, and the polite line."""

from __future__ import annotations

from bot.guest_flow.reply_language import ReplyLanguage, reply_language

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
