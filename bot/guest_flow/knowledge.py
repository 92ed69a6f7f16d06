"""A hotel's knowledge: validated import, and a per-hotel match index kept in memory."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from tortoise.transactions import in_transaction

from bot.guest_flow.matching import KnowledgeIndex, KnowledgeItem
from bot.i18n import Refusal
from bot.store.models import KnowledgeEntry


class InvalidKnowledge(Refusal):
    """A knowledge file we refuse; the text names the entry at fault."""


def _texts(value: Any, where: str) -> dict[str, list[str]]:
    if not isinstance(value, dict) or not value:
        raise InvalidKnowledge("knowledge_questions", entry=where)
    out: dict[str, list[str]] = {}
    for lang, texts in value.items():
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            raise InvalidKnowledge("knowledge_question_texts", entry=where, language=lang)
        out[str(lang)] = [t.strip() for t in texts]
    return out


def parse_entries(data: Any) -> list[KnowledgeItem]:
    """Check the whole document before anything is written, so nothing is half-imported."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InvalidKnowledge("knowledge_entries")
    items: list[KnowledgeItem] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["entries"], start=1):
        where = str(number)
        if not isinstance(entry, dict):
            raise InvalidKnowledge("knowledge_entry", entry=where)
        topic = entry.get("topic")
        if not isinstance(topic, str) or not topic.strip():
            raise InvalidKnowledge("knowledge_topic", entry=where)
        where = f"{number} ({topic})"
        if topic in seen:
            raise InvalidKnowledge("knowledge_topic_twice", entry=where)
        seen.add(topic)
        questions = _texts(entry.get("questions"), where)
        answer = entry.get("answer")
        if (
            not isinstance(answer, dict)
            or not answer
            or not all(isinstance(a, str) and a.strip() for a in answer.values())
        ):
            raise InvalidKnowledge("knowledge_answer", entry=where)
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
        content = path.read_bytes()
    except OSError as exc:
        raise InvalidKnowledge("knowledge_unreadable", path=path, reason=exc.strerror) from exc
    return parse_document(path.name, content)


def parse_document(name: str, content: bytes) -> list[KnowledgeItem]:
    """A knowledge file's bytes, JSON when the name says so and YAML otherwise (the command
    line's file and a file sent to the admin bot alike)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidKnowledge("knowledge_encoding", name=name) from None
    try:
        data = json.loads(text) if name.lower().endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise InvalidKnowledge("knowledge_syntax", name=name, error=exc) from None
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


@dataclass
class _Cached:
    checked: float
    version: int
    index: KnowledgeIndex
    items: list[KnowledgeItem]


class KnowledgeBase:
    """Per-hotel match indexes, built off the event loop and only when the knowledge changed.

    Building an index costs tens to hundreds of milliseconds of CPU, so it runs in a thread.
    Every `ttl` seconds a cheap query (ids and update times) tells whether another process,
    such as a command-line import, changed the hotel's entries.
    """

    def __init__(self, ttl: float = 30.0) -> None:
        self._ttl = ttl
        self._cache: dict[int, _Cached] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    async def _load(self, hotel_id: int) -> _Cached:
        cached = self._cache.get(hotel_id)
        if cached and time.monotonic() - cached.checked < self._ttl:
            return cached
        async with self._locks.setdefault(hotel_id, asyncio.Lock()):
            cached = self._cache.get(hotel_id)
            if cached and time.monotonic() - cached.checked < self._ttl:
                return cached
            stamps = await KnowledgeEntry.filter(hotel_id=hotel_id).values_list("id", "updated_at")
            version = hash(tuple(sorted((int(i), str(u)) for i, u in stamps)))
            if cached and cached.version == version:
                cached.checked = time.monotonic()
                return cached
            rows = await KnowledgeEntry.filter(hotel_id=hotel_id).order_by("id")
            items = [KnowledgeItem(r.topic, r.questions, r.answer) for r in rows]
            index = await asyncio.to_thread(KnowledgeIndex, items)
            cached = self._cache[hotel_id] = _Cached(time.monotonic(), version, index, items)
            return cached

    async def index(self, hotel_id: int) -> KnowledgeIndex:
        return (await self._load(hotel_id)).index

    async def items(self, hotel_id: int) -> list[KnowledgeItem]:
        return (await self._load(hotel_id)).items

    def forget(self, hotel_id: int | None = None) -> None:
        if hotel_id is None:
            self._cache.clear()
        else:
            self._cache.pop(hotel_id, None)
