"""Every built-in language has every text it promises: a missing key fails here, not in front
of a guest or a manager.

English and Russian hold every text (guests, staff, the command line). The other built-in
languages (de, es, fr, it) hold every text a guest reads (the `guest.` tree) with the same
{placeholders} as English, and the intent phrase lists; staff reading them get English.
"""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import pytest

from bot.guest_flow.templates import TEMPLATE_KEYS, HotelTemplates
from bot.i18n import DATA_FILES, GUEST_PREFIX, LOCALES_DIR, I18n, flatten, load_yaml

FULL = ("en", "ru")
GUEST_ONLY = ("de", "es", "fr", "it")
BUILT_IN = (*FULL, *GUEST_ONLY)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def catalog(locales: Path, lang: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((locales / lang).glob("*.yaml")):
        if path.name not in DATA_FILES:
            texts.update(flatten(load_yaml(path)))
    return texts


def problems(locales: Path) -> list[str]:
    """What each built-in language misses or adds, against English, file by file for the full
    languages and key by key over the guest tree for the others; [] when all is complete."""
    found: list[str] = []
    english = catalog(locales, "en")
    for lang in BUILT_IN:
        if not (locales / lang).is_dir():
            found.append(f"{lang}: no locales/{lang}/")
            continue
        texts = catalog(locales, lang)
        wanted = {
            key: text
            for key, text in english.items()
            if lang in FULL or key.startswith(GUEST_PREFIX)
        }
        found += [f"{lang}: misses {key}" for key in sorted(set(wanted) - set(texts))]
        found += [f"{lang}: has extra {key}" for key in sorted(set(texts) - set(wanted))]
        found += [
            f"{lang}: {key} placeholders {sorted(fields(texts[key]))} != {sorted(fields(text))}"
            for key, text in wanted.items()
            if key in texts and fields(texts[key]) != fields(text)
        ]
        for name in sorted(DATA_FILES):
            mine = locales / lang / name
            if not mine.exists():
                found.append(f"{lang}: no {name}")
                continue
            keys, theirs = set(flatten(load_yaml(locales / "en" / name))), flatten(load_yaml(mine))
            found += [f"{lang}/{name}: misses {key}" for key in sorted(keys - set(theirs))]
            found += [f"{lang}/{name}: has extra {key}" for key in sorted(set(theirs) - keys)]
    return found


def test_every_built_in_language_has_every_text_it_promises() -> None:
    assert {p.name for p in LOCALES_DIR.iterdir() if p.is_dir()} == set(BUILT_IN)
    assert problems(LOCALES_DIR) == []


@pytest.mark.parametrize("file_name", sorted({p.name for p in LOCALES_DIR.glob("ru/*.yaml")}))
def test_russian_has_english_files_key_for_key(file_name: str) -> None:
    """Keys never move between files (I18n refuses a key defined twice)."""
    english = flatten(load_yaml(LOCALES_DIR / "en" / file_name))
    assert set(flatten(load_yaml(LOCALES_DIR / "ru" / file_name))) == set(english)


@pytest.mark.parametrize(
    ("lang", "break_it"),
    [
        ("de", lambda t: t.replace("    welcome:", "    #welcome:")),
        ("fr", lambda t: t.replace("{hotel}", "{hôtel}")),
        ("ru", lambda t: t.replace("    hello_again:", "    #hello_again:")),
        ("it", lambda t: t + '  extra_key: "x"\n'),
    ],
)
def test_a_missing_key_in_any_built_in_language_is_caught(
    tmp_path: Path, lang: str, break_it: object
) -> None:
    shutil.copytree(LOCALES_DIR, tmp_path / "locales")
    messages = tmp_path / "locales" / lang / "messages.yaml"
    assert callable(break_it)
    messages.write_text(break_it(messages.read_text(encoding="utf-8")), encoding="utf-8")
    assert problems(tmp_path / "locales") != []


def test_a_guest_catalog_with_no_intents_is_caught(tmp_path: Path) -> None:
    shutil.copytree(LOCALES_DIR, tmp_path / "locales")
    (tmp_path / "locales" / "es" / "intents.yaml").unlink()
    assert problems(tmp_path / "locales") == ["es: no intents.yaml"]


def test_guests_read_every_built_in_language_staff_read_english_and_russian() -> None:
    i18n = I18n()
    assert i18n.guest_languages == frozenset(BUILT_IN)
    assert i18n.staff_languages == sorted(FULL)
    for lang in BUILT_IN:
        for key in TEMPLATE_KEYS:
            assert i18n.raw(f"guest.templates.{key}", lang).strip()
    # A German staff user reads English, never a German text with English holes.
    assert i18n.pick("de") == "en"
    assert i18n.pick("de", "ru") == "ru"
    assert i18n.t("admin.help.title", i18n.pick("de")) == i18n.t("admin.help.title", "en")
    assert i18n.raw("admin.help.title", "de") == i18n.raw("admin.help.title", "en")
    # A guest catalog is the guest's language.
    assert "Handtücher" in i18n.t("guest.requests.towels", "de")


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
    assert "Aurora" in book.render("greeting", "es", hotel="Aurora")
