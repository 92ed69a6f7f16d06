"""/unanswered's work on a full week: grouping alike questions and checking which the knowledge
answers by now, on UNANSWERED_SCAN guest messages (the most it reads), and how well alike
questions end up together.

Run: `.venv/bin/python bench/unanswered.py`. The messages are the quality corpus' labelled
guest messages (bench/quality, three hotels in en/ru/de/es), repeated and shuffled to
UNANSWERED_SCAN, all asked to one hotel whose knowledge is the resort's. Prints the time of each
step (both run in a worker thread, off the event loop) and, on the corpus' test half only (ALIKE
was chosen without looking at it), the groups' purity: the share of messages that sit in a group
whose most common label is their own (two questions of one topic apart lower it less than two
topics in one group, which is the costlier mistake: a saved answer would not fit all of them).
"""

from __future__ import annotations

import hashlib
import random
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.admin_flow.core.unanswered import ALIKE, Asked, group, still_open  # noqa: E402
from bot.guest_flow.knowledge import load_file  # noqa: E402
from bot.guest_flow.matching import KnowledgeIndex  # noqa: E402
from bot.limits import UNANSWERED_SCAN  # noqa: E402

QUALITY = Path(__file__).resolve().parent / "quality"
RUNS = 5


def corpus() -> list[tuple[str, str, str, bool]]:
    """(language, label, text, in the test half) of every labelled message."""
    found = []
    for path in sorted(QUALITY.glob("*_messages.yaml")):
        for lang, label, text in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]:
            test_half = hashlib.sha256(text.encode()).digest()[0] % 2 == 1
            found.append((lang, f"{path.stem}:{label}", text, test_half))
    return found


def week(messages: list[tuple[str, str, str, bool]], count: int) -> list[Asked]:
    rng = random.Random(7)
    start = datetime(2026, 11, 23, tzinfo=UTC)
    picked = [messages[i % len(messages)] for i in range(count)]
    rng.shuffle(picked)
    return [
        Asked(n, 1, text, start + timedelta(seconds=120 * n), lang)
        for n, (lang, _, text, _) in enumerate(picked, start=1)
    ]


def purity(messages: list[tuple[str, str, str, bool]]) -> tuple[float, int, int]:
    """Of the test half's messages, each once: the share in a group whose most common label is
    theirs; the number of groups; the number of labels."""
    half = [m for m in messages if m[3]]
    label_of = {n: m[1] for n, m in enumerate(half, start=1)}
    at = datetime(2026, 11, 30, tzinfo=UTC)
    groups = group(Asked(n, 1, m[2], at, m[0]) for n, m in enumerate(half, start=1))
    right = sum(Counter(label_of[i] for i in q.members).most_common(1)[0][1] for q in groups)
    return right / len(half), len(groups), len(set(label_of.values()))


def main() -> None:
    messages = corpus()
    asked = week(messages, UNANSWERED_SCAN)
    index = KnowledgeIndex(load_file(QUALITY / "resort_knowledge.yaml"))
    grouping, checking = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        groups = group(asked)
        grouping.append(time.perf_counter() - started)
        started = time.perf_counter()
        still = still_open(groups, {1: index}, {1: "en"})
        checking.append(time.perf_counter() - started)
    print(f"{len(asked)} unanswered messages ({len(messages)} distinct texts), ALIKE={ALIKE}")
    print(f"grouping: {statistics.median(grouping) * 1000:.0f} ms median of {RUNS}")
    print(
        f"still unanswered by the knowledge: {statistics.median(checking) * 1000:.0f} ms median"
        f" ({len(groups)} groups, {len(still)} still open)"
    )
    share, count, labels = purity(messages)
    print(
        f"test half: {count} groups for {labels} labels; {share:.1%} of the messages sit in a"
        " group whose most common label is their own"
    )


if __name__ == "__main__":
    main()
