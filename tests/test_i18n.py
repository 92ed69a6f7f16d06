"""Every language has every text: a missing key fails here, not in front of a guest."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from bot.guest_flow.templates import TEMPLATE_KEYS, HotelTemplates
from bot.i18n import DATA_FILES, LOCALES_DIR, I18n, flatten, load_yaml

FILES = sorted({p.name for p in LOCALES_DIR.glob("*/*.yaml")})
LANGUAGES = sorted(p.name for p in LOCALES_DIR.iterdir() if p.is_dir())


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_at_least_english_and_russian() -> None:
    assert {"en", "ru"} <= set(LANGUAGES)


@pytest.mark.parametrize("file_name", FILES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_keys_and_placeholders_as_english(file_name: str, lang: str) -> None:
    english = flatten(load_yaml(LOCALES_DIR / "en" / file_name))
    path: Path = LOCALES_DIR / lang / file_name
    assert path.exists(), f"{lang} has no {file_name}"
    other = flatten(load_yaml(path))
    assert sorted(set(english) - set(other)) == [], f"{lang}/{file_name} misses keys"
    assert sorted(set(other) - set(english)) == [], f"{lang}/{file_name} has extra keys"
    if file_name not in DATA_FILES:
        for key, text in english.items():
            assert fields(other[key]) == fields(text), f"{lang}: {key} placeholders differ"


def test_every_guest_template_exists() -> None:
    i18n = I18n()
    for lang in i18n.languages:
        for key in TEMPLATE_KEYS:
            assert i18n.raw(f"guest.templates.{key}", lang).strip()


def test_unknown_language_falls_back_to_english() -> None:
    i18n = I18n()
    assert i18n.pick("xx", None) == "en"
    assert i18n.t("guest.templates.handoff", "xx") == i18n.t("guest.templates.handoff", "en")


def test_a_hotel_template_with_a_broken_placeholder_still_reaches_the_guest() -> None:
    """Templates written before the admin bot checked them (or straight into the database)."""
    book = HotelTemplates(
        I18n(),
        {("greeting", "en"): "Hi from {hotel}, your {room} awaits {", ("fallback", "en"): "{0}"},
    )
    assert book.render("greeting", "en", hotel="Aurora") == "Hi from {hotel}, your {room} awaits {"
    assert book.render("fallback", "en", hotel="Aurora") == "{0}"
    # Without an override the built-in text is filled in as usual.
    assert "Aurora" in book.render("greeting", "ru", hotel="Aurora")
