"""Each limit on input (bot/limits.py), through the function that enforces it: the value at the
limit is taken, one past it is refused (or, for outgoing text, cut)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from bot import limits
from bot.admin_flow.core.hotel_setup import parse_name, parse_token
from bot.admin_flow.core.hotel_templates import check_template
from bot.admin_flow.core.hotels import parse_budget, parse_retention
from bot.guest_flow.knowledge import parse_document, parse_entries
from bot.i18n import Refusal


def entry(topic: str = "wifi", question: str = "wifi?", answer: str = "yes") -> dict[str, Any]:
    return {"topic": topic, "questions": {"en": [question]}, "answer": {"en": answer}}


def entries(n: int) -> list[dict[str, Any]]:
    return [entry(topic=f"t{i}") for i in range(n)]


def yaml_of_bytes(size: int) -> bytes:
    """A valid knowledge file of exactly `size` bytes (a comment fills it up)."""
    doc = yaml.safe_dump({"entries": [entry()]}).encode() + b"#"
    return doc + b"x" * (size - len(doc))


def expanded(value: Any) -> int:
    """The expanded size as documented in knowledge._expanded, counted on the parsed data."""
    if isinstance(value, str):
        return 1 + len(value)
    items = [x for pair in value.items() for x in pair] if isinstance(value, dict) else value
    return 1 + sum(expanded(item) for item in items)


def yaml_expanding_to(size: int) -> bytes:
    """A valid knowledge file whose entries share one answer by a YAML alias, expanding to
    `size` (the last entry's own answer fills the remainder)."""
    shared = {"en": "a" * 2_000}  # one dict: safe_dump writes it once (&id001), then *id001

    def doc(n: int, last: str) -> dict[str, Any]:
        items = [{**entry(topic=f"t{i:05}"), "answer": shared} for i in range(n)]
        return {"entries": [*items, entry(topic="last", answer=last)]}

    base, per = expanded(doc(0, "")), expanded({**entry(topic="t00000"), "answer": shared})
    n = (size - base - 1) // per
    data = doc(n, "b" * (size - base - n * per))
    assert expanded(data) == size
    text = yaml.safe_dump(data, width=10**9).encode()
    assert len(text) < limits.KNOWLEDGE_FILE_BYTES and text.count(b"*id001") == n - 1
    return text


Check = Callable[[int], object]
CHECKS: dict[str, tuple[int, Check]] = {
    "template text": (limits.TEMPLATE_TEXT, lambda n: check_template("x" * n, set())),
    "knowledge topic": (
        limits.KNOWLEDGE_TOPIC,
        lambda n: parse_entries({"entries": [entry(topic="t" * n)]}),
    ),
    "knowledge question": (
        limits.KNOWLEDGE_QUESTION,
        lambda n: parse_entries({"entries": [entry(question="q" * n)]}),
    ),
    "knowledge answer": (
        limits.KNOWLEDGE_ANSWER,
        lambda n: parse_entries({"entries": [entry(answer="a" * n)]}),
    ),
    "knowledge entries": (
        limits.KNOWLEDGE_ENTRIES,
        lambda n: parse_entries({"entries": entries(n)}),
    ),
    "knowledge file bytes": (
        limits.KNOWLEDGE_FILE_BYTES,
        lambda n: parse_document("k.yaml", yaml_of_bytes(n)),
    ),
    "knowledge expanded chars": (
        limits.KNOWLEDGE_EXPANDED_CHARS,
        lambda n: parse_document("k.yaml", yaml_expanding_to(n)),
    ),
    "knowledge questions per language": (
        limits.KNOWLEDGE_QUESTIONS,
        lambda n: parse_entries(
            {
                "entries": [
                    {
                        "topic": "t",
                        "questions": {"en": [f"q{i}" for i in range(n)]},
                        "answer": {"en": "a"},
                    }
                ]
            }
        ),
    ),
    "retention days": (limits.RETENTION_DAYS_MAX, lambda n: parse_retention(str(n))),
    "AI tokens a day": (limits.AI_DAILY_TOKENS_MAX, lambda n: parse_budget(str(n))),
    "hotel name": (limits.HOTEL_NAME, lambda n: parse_name("n" * n)),
    "gateway token": (limits.GATEWAY_TOKEN, lambda n: parse_token("t" * n)),
}


@pytest.mark.parametrize("name", CHECKS)
def test_input_at_the_limit_is_taken_and_one_past_it_refused(name: str) -> None:
    limit, check = CHECKS[name]
    check(limit)
    with pytest.raises(Refusal) as refused:
        check(limit + 1)
    assert refused.value.values.get("limit", refused.value.values.get("kb")) is not None


@pytest.mark.parametrize(("unit", "units"), [("a", 1), ("я", 1), ("😀", 2)])
def test_outgoing_whatsapp_text_at_the_limit_is_sent_whole_and_one_past_it_cut(
    unit: str, units: int
) -> None:
    at_limit = unit * (limits.WHATSAPP_TEXT // units)
    assert limits.whatsapp_text(at_limit) == at_limit
    cut = limits.whatsapp_text(at_limit + "a")
    assert cut.endswith("…") and cut[:-1] == at_limit[: len(cut) - 1]
    assert len(cut.encode("utf-16-le")) // 2 == limits.WHATSAPP_TEXT - (units - 1)


@pytest.mark.parametrize("key", ["x" * 200_000, "EN", "e", "english", "", "ru_RU"])
def test_a_knowledge_language_key_must_be_a_language_code(key: str) -> None:
    with pytest.raises(Refusal) as refused:
        parse_entries(
            {"entries": [{"topic": "t", "questions": {key: ["q"]}, "answer": {"en": "a"}}]}
        )
    assert refused.value.key.endswith("knowledge_language")
    with pytest.raises(Refusal):
        parse_entries(
            {"entries": [{"topic": "t", "questions": {"en": ["q"]}, "answer": {key: "a"}}]}
        )
    parse_entries(
        {"entries": [{"topic": "t", "questions": {"pt-BR": ["q"]}, "answer": {"de": "a"}}]}
    )
