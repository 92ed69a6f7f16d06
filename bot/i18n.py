"""Texts people read, from `locales/<lang>/*.yaml` (one file per area, keys never shared).

YAML rather than gettext because hotels edit these very texts as templates: the file is the
documentation of what can be overridden. Keys are dotted paths (`guest.greeting`).

English and Russian hold every text; other built-in languages (de, es, fr, it) hold only what
guests read (the `guest.` tree), so staff reading one of them get English (`pick`), and a
guest catalog's language is one replies can be written in (`guest_languages`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DEFAULT_LANGUAGE = "en"
# Files in locales/ that hold phrase data for the matchers, not texts people read.
DATA_FILES = frozenset({"intents.yaml"})
# The texts guests read: a language whose catalog has all of them can answer guests.
GUEST_PREFIX = "guest."


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{path}."))
        else:
            flat[path] = str(value)
    return flat


# libyaml's parser where PyYAML was built with it: the same documents, read several times faster
# (every start, and every test's app, reads all of locales/).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


class Refusal(ValueError):
    """Input we refuse, said to each person in their own language.

    The code that checks input knows what is wrong but not who will read it (the command line,
    a Telegram admin, a test), so it names the text: `key` under `prefix` (`refusals.`, in
    `locales/<lang>/refusals.yaml`, unless a subclass keeps its texts elsewhere), filled with
    `values`. `str()` is for logs.
    """

    prefix = "refusals."

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(f"{key} {values}" if values else key)
        self.key = key
        self.values = values


class I18n:
    def __init__(self, locales_dir: Path = LOCALES_DIR) -> None:
        self.catalogs: dict[str, dict[str, str]] = {}
        for path in sorted(locales_dir.glob("*/*.yaml")):
            if path.name in DATA_FILES:
                continue
            catalog = self.catalogs.setdefault(path.parent.name, {})
            texts = flatten(load_yaml(path))
            clash = set(catalog) & set(texts)
            if clash:
                raise RuntimeError(f"{path}: keys defined twice: {sorted(clash)[:5]}")
            catalog.update(texts)
        if DEFAULT_LANGUAGE not in self.catalogs:
            raise RuntimeError(f"no {DEFAULT_LANGUAGE} catalogue in {locales_dir}")
        every = set(self.catalogs[DEFAULT_LANGUAGE])
        guest = {key for key in every if key.startswith(GUEST_PREFIX)}
        self.staff_languages: list[str] = sorted(
            lang for lang, texts in self.catalogs.items() if every <= texts.keys()
        )
        self.guest_languages: frozenset[str] = frozenset(
            lang for lang, texts in self.catalogs.items() if guest <= texts.keys()
        )

    @property
    def languages(self) -> list[str]:
        """Languages staff can read everything in (`/lang`, menus, reports)."""
        return self.staff_languages

    def pick(self, *candidates: str | None) -> str:
        """The first candidate language a person on the staff side can read everything in,
        else English (a German staff user reads English: admin texts are en and ru only)."""
        for lang in candidates:
            if lang and lang in self.staff_languages:
                return lang
        return DEFAULT_LANGUAGE

    def raw(self, key: str, lang: str) -> str:
        catalog = self.catalogs.get(lang) or self.catalogs[DEFAULT_LANGUAGE]
        text = catalog.get(key)
        if text is None:
            text = self.catalogs[DEFAULT_LANGUAGE].get(key)
        if text is None:
            raise KeyError(f"missing text {key!r}")
        return text

    def t(self, key: str, lang: str, **values: object) -> str:
        text = self.raw(key, lang)
        return text.format(**values) if values else text

    def refusal(self, refusal: Refusal, lang: str) -> str:
        return self.t(f"{refusal.prefix}{refusal.key}", lang, **refusal.values)
