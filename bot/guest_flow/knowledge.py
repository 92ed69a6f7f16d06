"""A hotel's knowledge: validated import, and a per-hotel match index kept in memory."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from tortoise.transactions import in_transaction

from bot.guest_flow.matching import KnowledgeIndex, KnowledgeItem
from bot.store.models import KnowledgeEntry


class InvalidKnowledge(ValueError):
    """A knowledge file we refuse; the message names the entry at fault."""


def _texts(value: Any, where: str) -> dict[str, list[str]]:
    if not isinstance(value, dict) or not value:
        raise InvalidKnowledge(f"{where}: questions must map a language to a list of texts")
    out: dict[str, list[str]] = {}
    for lang, texts in value.items():
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            raise InvalidKnowledge(f"{where}: questions.{lang} must be a list of non-empty texts")
        out[str(lang)] = [t.strip() for t in texts]
    return out


def parse_entries(data: Any) -> list[KnowledgeItem]:
    """Check the whole document before anything is written, so nothing is half-imported."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InvalidKnowledge("the file must have a top-level 'entries' list")
    items: list[KnowledgeItem] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["entries"], start=1):
        where = f"entry {number}"
        if not isinstance(entry, dict):
            raise InvalidKnowledge(f"{where}: must be a mapping with topic, questions, answer")
        topic = entry.get("topic")
        if not isinstance(topic, str) or not topic.strip():
            raise InvalidKnowledge(f"{where}: 'topic' must be a non-empty text")
        where = f"entry {number} ({topic})"
        if topic in seen:
            raise InvalidKnowledge(f"{where}: topic appears twice")
        seen.add(topic)
        questions = _texts(entry.get("questions"), where)
        answer = entry.get("answer")
        if (
            not isinstance(answer, dict)
            or not answer
            or not all(isinstance(a, str) and a.strip() for a in answer.values())
        ):
            raise InvalidKnowledge(f"{where}: answer must map a language to a non-empty text")
        items.append(
            KnowledgeItem(
                topic=topic.strip(),
                questions=questions,
                answer={str(k): v.strip() for k, v in answer.items()},
            )
        )
    return items


def load_file(path: Path) -> list[KnowledgeItem]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidKnowledge(f"cannot read {path}: {exc.strerror}") from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise InvalidKnowledge(f"{path.name} is not valid YAML/JSON: {exc}") from exc
    return parse_entries(data)


async def import_entries(hotel_id: int, items: Sequence[KnowledgeItem]) -> tuple[int, int]:
    """Replace the hotel's entries of the same topics; returns (imported, replaced)."""
    topics = [item.topic for item in items]
    async with in_transaction():
        replaced = await KnowledgeEntry.filter(hotel_id=hotel_id, topic__in=topics).delete()
        await KnowledgeEntry.bulk_create(
            [
                KnowledgeEntry(
                    hotel_id=hotel_id,
                    topic=item.topic,
                    questions=dict(item.questions),
                    answer=dict(item.answer),
                )
                for item in items
            ]
        )
    return len(items), replaced


class KnowledgeBase:
    """Per-hotel indexes, rebuilt when stale or when told the hotel's knowledge changed."""

    def __init__(self, ttl: float = 60.0) -> None:
        self._ttl = ttl
        self._indexes: dict[int, tuple[float, KnowledgeIndex, list[KnowledgeItem]]] = {}

    async def _load(self, hotel_id: int) -> tuple[KnowledgeIndex, list[KnowledgeItem]]:
        cached = self._indexes.get(hotel_id)
        now = time.monotonic()
        if cached and now - cached[0] < self._ttl:
            return cached[1], cached[2]
        rows = await KnowledgeEntry.filter(hotel_id=hotel_id).order_by("id")
        items = [KnowledgeItem(r.topic, r.questions, r.answer) for r in rows]
        index = KnowledgeIndex(items)
        self._indexes[hotel_id] = (now, index, items)
        return index, items

    async def index(self, hotel_id: int) -> KnowledgeIndex:
        return (await self._load(hotel_id))[0]

    async def items(self, hotel_id: int) -> list[KnowledgeItem]:
        return (await self._load(hotel_id))[1]

    def forget(self, hotel_id: int | None = None) -> None:
        if hotel_id is None:
            self._indexes.clear()
        else:
            self._indexes.pop(hotel_id, None)
