"""The translation guard (`translate.refusal`) on translations people wrote: how many faithful
ones it lets through, and how many broken ones it stops.

Run: `.venv/bin/python bench/translate_guard.py` (`--tune`: the tuning half and its refusals).

Faithful pairs are real, written by people and never for this guard: every built-in guest text
in English beside its ru, de, es, fr and it version (`locales/`, written "as a native
receptionist would", not word for word), and every knowledge answer in English beside its
Russian one (the demo city hotel and the mountain lodge). Broken pairs are made from each
faithful one by the mistakes a model makes: a number changed, a number added, a placeholder
lost, a placeholder renamed, a phone, URL or e-mail dropped. A faithful pair refused costs a
guest the first language for a while; a broken one let through puts a wrong detail before a
guest.

Split by a fixed rule chosen before any tuning: pairs at even positions tune (`--tune` prints
their refusals), odd positions test; only the test half is the result.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.demo.seed import KNOWLEDGE  # noqa: E402
from bot.guest_flow.knowledge import load_file  # noqa: E402
from bot.guest_flow.translate import refusal  # noqa: E402
from bot.i18n import I18n  # noqa: E402

LODGE = Path(__file__).resolve().parent / "lodge_knowledge.yaml"
Pair = tuple[str, str, str]  # (name, source, translation)


def faithful() -> list[Pair]:
    i18n = I18n()
    pairs: list[Pair] = []
    english = i18n.catalogs["en"]
    for lang in sorted(i18n.guest_languages - {"en"}):
        for key, source in english.items():
            other = i18n.catalogs[lang].get(key)
            if key.startswith("guest.") and other is not None:
                pairs.append((f"{lang} {key}", source, other))
    for path in (KNOWLEDGE, LODGE):
        for item in load_file(path):
            answer = item.answer.get("en")
            for lang, text in item.answer.items():
                if answer and lang != "en":
                    pairs.append((f"{lang} {path.stem}:{item.topic}", answer, text))
    return pairs


_NUMBER = re.compile(r"\d+")
_FIELD = re.compile(r"\{[a-z_]+\}")
_CONTACT = re.compile(r"\+?\d[\d ]{6,}\d|\S+@\S+\.\w+|\b[\w-]+\.(?:pt|com|ru|org)\b")


def _change_number(text: str) -> str | None:
    found = _NUMBER.search(text)
    if found is None:
        return None
    value = str(int(found.group()) + 1)
    return text[: found.start()] + value + text[found.end() :]


def _add_number(text: str) -> str | None:
    return f"{text} 99 EUR."


def _lose_field(text: str) -> str | None:
    found = _FIELD.search(text)
    return None if found is None else text[: found.start()] + text[found.end() :]


def _rename_field(text: str) -> str | None:
    found = _FIELD.search(text)
    return None if found is None else text.replace(found.group(), "{name}", 1)


def _drop_contact(text: str) -> str | None:
    found = _CONTACT.search(text)
    return None if found is None else text[: found.start()] + text[found.end() :]


BREAKS: dict[str, Callable[[str], str | None]] = {
    "number changed": _change_number,
    "number added": _add_number,
    "placeholder lost": _lose_field,
    "placeholder renamed": _rename_field,
    "contact dropped": _drop_contact,
}


def measure(pairs: list[Pair], show: bool) -> None:
    refused = [(name, why) for name, source, text in pairs if (why := refusal(source, text))]
    kept = len(pairs) - len(refused)
    print(f"  faithful translations let through: {kept}/{len(pairs)} ({kept / len(pairs):.1%})")
    if show:
        for name, why in refused:
            print(f"    refused {name}: {why}")
    for label, breaking in BREAKS.items():
        broken = [
            (name, source, bad)
            for name, source, text in pairs
            if (bad := breaking(text)) is not None and bad != text
        ]
        missed = [name for name, source, bad in broken if refusal(source, bad) is None]
        caught = len(broken) - len(missed)
        share = f"{caught / len(broken):.1%}" if broken else "-"
        print(f"  {label:<20} stopped {caught}/{len(broken)} ({share})")
        if show:
            for name in missed:
                print(f"    let through {name}")


def main() -> None:
    pairs = faithful()
    tune, test = pairs[0::2], pairs[1::2]
    if "--tune" in sys.argv:
        print(f"tuning half ({len(tune)} pairs):")
        measure(tune, show=True)
        return
    print(f"test half ({len(test)} pairs; never tuned on):")
    measure(test, show="--misses" in sys.argv)


if __name__ == "__main__":
    main()
