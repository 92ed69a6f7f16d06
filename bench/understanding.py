"""Micro-benchmark of the guest flow's pure text understanding: how much CPU one message costs.

Run: `.venv/bin/python bench/understanding.py`. Prints per-call times for matching against a
50-entry knowledge base (the demo hotel plus synthetic entries with their own vocabulary, which
is what lookup time depends on), building that index, intent classification and language
detection.
"""

from __future__ import annotations

import itertools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.demo.seed import KNOWLEDGE  # noqa: E402
from bot.guest_flow.intents import IntentClassifier  # noqa: E402
from bot.guest_flow.knowledge import load_file  # noqa: E402
from bot.guest_flow.language import LanguageDetection  # noqa: E402
from bot.guest_flow.matching import KnowledgeIndex, KnowledgeItem  # noqa: E402
from bot.i18n import LOCALES_DIR  # noqa: E402

TEXTS = [
    "what time is breakfast?",
    "wifi pasword pls",
    "how do I get from the airport",
    "can I get more towels",
    "Во сколько завтрак?",
    "как подключиться к интернету",
    "можно поздний выезд?",
    "is there a casino?",
    "thanks!",
    "I want to talk to a person",
]


def fifty_items() -> list[KnowledgeItem]:
    rng = random.Random(50)
    latin, cyrillic = "abcdefghiklmnoprstuvwy", "абвгдежзиклмнопрстуфхцчшы"

    def words(alphabet: str, count: int) -> str:
        return " ".join(
            "".join(rng.choice(alphabet) for _ in range(rng.randint(4, 10))) for _ in range(count)
        )

    items = load_file(KNOWLEDGE)
    while len(items) < 50:
        items.append(
            KnowledgeItem(
                topic=f"synthetic_{len(items)}",
                questions={
                    "en": [words(latin, 6) for _ in range(3)],
                    "ru": [words(cyrillic, 6) for _ in range(3)],
                },
                answer={"en": words(latin, 30), "ru": words(cyrillic, 30)},
            )
        )
    return items


def per_call(label: str, rounds: int, call: object) -> None:
    assert callable(call)
    start = time.perf_counter()
    for _ in range(rounds):
        for text in TEXTS:
            call(text)
    elapsed = (time.perf_counter() - start) / (rounds * len(TEXTS))
    print(f"{label:<28} {elapsed * 1e6:8.0f} µs per message")


def main() -> None:
    items = fifty_items()
    start = time.perf_counter()
    index = KnowledgeIndex(items)
    print(f"{'index build (50 entries)':<28} {(time.perf_counter() - start) * 1e3:8.0f} ms (cold)")
    start = time.perf_counter()
    KnowledgeIndex(items)
    print(f"{'index build (50 entries)':<28} {(time.perf_counter() - start) * 1e3:8.0f} ms (warm)")
    # Each call's text gets a number of its own, which the knowledge scorer does not read as
    # a word: the index keeps its latest rankings (`KnowledgeIndex._ranked`), and the same
    # ten texts again would time that memory, not a message.
    numbers = itertools.count()
    per_call("knowledge match", 50, lambda t: index.best(f"{t} {next(numbers)}", "en"))
    classifier = IntentClassifier.from_locales(LOCALES_DIR)
    per_call("intent classification", 50, lambda t: classifier.classify(t, "en"))
    detection = LanguageDetection()
    per_call("language detection", 50, detection.detect)


if __name__ == "__main__":
    main()
