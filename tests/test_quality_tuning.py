"""The understanding-quality corpus's TUNING half, with what the bot reaches on it as floors
(issue 10), and the fresh set written in stops 15, 16 and 24 (tuned on too). The test half and
the blind set are never run here: `bench/quality.py --half test` reports them.

Measured when these floors were last raised (bench/README.md, "Understanding quality", stop 24),
on the corpus's tuning half: the matcher alone answers 86.7% of the fact questions right, none
with another topic, no unknown question; the whole reading (intents first, then
`KnowledgeIndex.answers`, as `conversation.py` does) 87.6% right, none with another topic, 0.5%
a request ticket (an intent misfire, listed by the bench), no unknown answered, every request
and every handoff caught; both questions of 7 of the 8 two-question messages answered; 95.4%
right or offered their right topic (with no model, "is it about this?").
The floors sit a little below, so honest changes elsewhere do not fail the build while a real
regression does. Issue 10's targets (>= 90% right, <= 1% wrong) are not reached yet: these
numbers are where the matcher stands, not the goal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest

from bench import quality
from bot.guest_flow.intents import IntentClassifier
from bot.guest_flow.matching import KnowledgeIndex
from bot.i18n import LOCALES_DIR

TUNE = quality.load_corpus("tune", origins=("corpus",))


@pytest.fixture(scope="module")
def indexes() -> dict[str, KnowledgeIndex]:
    return {hotel: KnowledgeIndex(quality.load_knowledge(hotel)) for hotel in quality.HOTELS}


def test_only_the_tuning_half_is_here() -> None:
    assert all(m.half == "tune" for messages in TUNE.values() for m in messages)
    assert sum(len(messages) for messages in TUNE.values()) == 320


def test_the_matcher_alone(indexes: dict[str, KnowledgeIndex]) -> None:
    alone = [quality.matcher_alone(indexes[hotel], TUNE[hotel]) for hotel in quality.HOTELS]
    facts = sum(a.facts for a in alone)
    unknown = sum(a.unknown for a in alone)
    right = sum(a.right for a in alone) / facts
    other = sum(a.other_topic for a in alone) / facts
    answered = sum(a.unknown_answered for a in alone) / unknown
    print(f"\nmatcher alone: right {right:.3f}, another topic {other:.3f}, unknown {answered:.3f}")
    assert right >= 0.84
    assert other <= 0.015
    assert answered <= 0.01


@dataclass(frozen=True)
class Reading:
    """What the whole reading (intents, then `KnowledgeIndex.answers`) reaches on messages."""

    right: float
    wrong: float
    other_topic: float
    unknown_answered: float
    right_or_offered: float
    requests: float
    handoffs: float
    both: int


def whole_reading(
    indexes: dict[str, KnowledgeIndex], corpus: dict[str, list[quality.Message]]
) -> Reading:
    classifier = IntentClassifier.from_locales(LOCALES_DIR)
    outcomes = [
        o
        for hotel in quality.HOTELS
        for o in quality.run(indexes[hotel], classifier, corpus[hotel])
    ]
    by_kind: dict[str, Counter[str]] = {}
    for o in outcomes:
        by_kind.setdefault(o.message.kind, Counter())[o.verdict] += 1
    facts = by_kind["fact"]
    n_facts = sum(facts.values())
    other_topic = sum(
        o.message.kind == "fact" and o.verdict == "wrong" and o.action.startswith("topic:")
        for o in outcomes
    )
    unknown = [o for o in outcomes if o.message.kind == "unknown"]

    def caught(kind: str) -> float:
        return by_kind[kind]["right"] / sum(by_kind[kind].values())

    # Two close topics ("asked:") or, with no model, a likely one ("unsure:") offered: the
    # guest's one reply finishes it when the right topic is among the options.
    offered_right = sum(
        o.message.kind == "fact"
        and o.action.startswith(("asked:", "unsure:"))
        and bool(set(o.action.partition(":")[2].split(",")) & set(o.message.topics))
        for o in outcomes
    )
    two = [o for o in outcomes if len(o.message.topics) > 1]
    return Reading(
        right=facts["right"] / n_facts,
        wrong=facts["wrong"] / n_facts,  # another topic or a ticket for a question
        other_topic=other_topic / n_facts,
        unknown_answered=sum(o.action.startswith("topic:") for o in unknown) / len(unknown),
        right_or_offered=(facts["right"] + offered_right) / n_facts,
        requests=caught("request"),
        handoffs=caught("handoff"),
        both=sum(set(o.message.topics) <= set(o.topics) for o in two),
    )


def test_the_whole_reading(indexes: dict[str, KnowledgeIndex]) -> None:
    got = whole_reading(indexes, TUNE)
    assert got.right >= 0.85
    assert got.both >= 6, f"both questions answered in {got.both} of 8 messages"
    assert got.other_topic <= 0.015
    assert got.wrong <= 0.015
    assert got.unknown_answered <= 0.01
    assert got.right_or_offered >= 0.93
    assert got.requests >= 0.96
    assert got.handoffs >= 0.98


def test_the_fresh_set(indexes: dict[str, KnowledgeIndex]) -> None:
    """Written in three batches (stops 15, 16 and 24) by someone who read only the knowledge
    files; each measured blind once (46.2% of the first's facts right then, 8.3% wrong; 42.9%
    and 6.3% of the second's, 13.3% of its unknown questions answered; 45.9% and 10.3% of the
    third's, 86.8% of its requests and 90% of its handoffs caught), and tuned on since. All
    three together in stop 24: 58.7% right, 3.0% wrong, 2.5% of the unknown answered, 99% of
    the requests and every handoff caught."""
    got = whole_reading(indexes, quality.load_corpus(origins=("fresh",)))
    assert got.right >= 0.56
    assert got.wrong <= 0.045
    assert got.unknown_answered <= 0.04
    assert got.requests >= 0.96
    assert got.handoffs >= 0.97
