"""A hotel's knowledge: validated import, and a per-hotel match index kept in memory.

Every way into the knowledge (a file by the command line or the admin bot, an entry added or
an answer edited in the hotel card) is bounded by the same checks and `bot.limits`: the file's
bytes, its size once YAML aliases are expanded (checked on the parsed nodes, before any Python
object is built from them), its number of entries, and each topic, question and answer
(`check_text`).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Literal

import yaml
from tortoise.transactions import in_transaction

from bot.guest_flow import knowledge_check
from bot.guest_flow.knowledge_check import KnowledgeWarning
from bot.guest_flow.matching import KnowledgeIndex, KnowledgeItem
from bot.i18n import Refusal
from bot.limits import (
    KNOWLEDGE_ANSWER,
    KNOWLEDGE_ENTRIES,
    KNOWLEDGE_EXPANDED_CHARS,
    KNOWLEDGE_FILE_BYTES,
    KNOWLEDGE_QUESTION,
    KNOWLEDGE_QUESTIONS,
    KNOWLEDGE_TOPIC,
)
from bot.store.models import Hotel, KnowledgeEntry

_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z]{2,4})?")

Part = Literal["topic", "question", "answer"]
TEXT_LIMITS: dict[Part, int] = {
    "topic": KNOWLEDGE_TOPIC,
    "question": KNOWLEDGE_QUESTION,
    "answer": KNOWLEDGE_ANSWER,
}


class InvalidKnowledge(Refusal):
    """A knowledge file we refuse; the text names the entry at fault."""


def check_text(part: Part, text: str, **where: object) -> str:
    """The one length check of a topic, question or answer, whichever path brought it.

    `where` names the entry (and language) in a file; a dialog asking for one text names none,
    and its refusal then says only the lengths. Returns the text stripped.
    """
    value = text.strip()
    limit = TEXT_LIMITS[part]
    if len(value) > limit:
        key = f"knowledge_{part}_long" if where else "knowledge_text_long"
        raise InvalidKnowledge(key, limit=limit, length=len(value), **where)
    return value


def check_language(lang: object, where: str) -> str:
    """A language key as hotels write them ("en", "pt-BR"): anything else is no language."""
    if not isinstance(lang, str) or not _LANGUAGE.fullmatch(lang):
        shown = str(lang)[:20]
        raise InvalidKnowledge("knowledge_language", entry=where, language=shown)
    return lang


def _texts(value: Any, where: str) -> dict[str, list[str]]:
    if not isinstance(value, dict) or not value:
        raise InvalidKnowledge("knowledge_questions", entry=where)
    out: dict[str, list[str]] = {}
    for lang, texts in value.items():
        check_language(lang, where)
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            raise InvalidKnowledge("knowledge_question_texts", entry=where, language=lang)
        if len(texts) > KNOWLEDGE_QUESTIONS:
            raise InvalidKnowledge(
                "knowledge_questions_many", entry=where, language=lang, limit=KNOWLEDGE_QUESTIONS
            )
        out[str(lang)] = [check_text("question", t, entry=where, language=lang) for t in texts]
    return out


def parse_entries(data: Any) -> list[KnowledgeItem]:
    """Check the whole document before anything is written, so nothing is half-imported."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InvalidKnowledge("knowledge_entries")
    if len(data["entries"]) > KNOWLEDGE_ENTRIES:
        raise InvalidKnowledge(
            "knowledge_too_many", count=len(data["entries"]), limit=KNOWLEDGE_ENTRIES
        )
    items: list[KnowledgeItem] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["entries"], start=1):
        where = str(number)
        if not isinstance(entry, dict):
            raise InvalidKnowledge("knowledge_entry", entry=where)
        topic = entry.get("topic")
        if not isinstance(topic, str) or not topic.strip():
            raise InvalidKnowledge("knowledge_topic", entry=where)
        topic = check_text("topic", topic, entry=where)
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
        answers = {
            check_language(lang, where): check_text("answer", text, entry=where, language=lang)
            for lang, text in answer.items()
        }
        items.append(KnowledgeItem(topic=topic, questions=questions, answer=answers))
    return items


def check_size(name: str, size: int) -> None:
    """Before reading or downloading a file: not too big to hold in memory."""
    if size > KNOWLEDGE_FILE_BYTES:
        raise InvalidKnowledge("knowledge_file_size", name=name, kb=KNOWLEDGE_FILE_BYTES // 1024)


def load_file(path: Path) -> list[KnowledgeItem]:
    try:
        with path.open("rb") as file:  # one byte past the limit is enough to refuse it
            content = file.read(KNOWLEDGE_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidKnowledge("knowledge_unreadable", path=path, reason=exc.strerror) from exc
    return parse_document(path.name, content)


def _expanded(node: yaml.Node, limit: int) -> int:
    """The document's size with every alias filled in: each scalar's characters plus one for
    every scalar, list and mapping (so a tree of empty strings counts too); an alias inside
    itself is endless. Stops counting past `limit`.

    PyYAML's nodes share what an alias names, so a "billion laughs" file is a few small nodes
    here; each node's size is computed once, and no expanded copy is ever made.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(n: yaml.Node) -> int:
        key = id(n)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            return limit + 1
        if isinstance(n, yaml.ScalarNode):
            total = 1 + len(n.value)
        else:
            open_nodes.add(key)
            children = n.value if isinstance(n, yaml.SequenceNode) else chain(*n.value)
            total = 1
            for child in children:
                total += size(child)
                if total > limit:
                    break
            open_nodes.discard(key)
        sizes[key] = total
        return total

    return size(node)


def _load_yaml(name: str, text: str) -> Any:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded(node, KNOWLEDGE_EXPANDED_CHARS) > KNOWLEDGE_EXPANDED_CHARS:
            raise InvalidKnowledge("knowledge_expanded", name=name, limit=KNOWLEDGE_EXPANDED_CHARS)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def parse_document(name: str, content: bytes) -> list[KnowledgeItem]:
    """A knowledge file's bytes, JSON when the name says so and YAML otherwise (the command
    line's file and a file sent to the admin bot alike). JSON has no aliases: its parsed size
    is bounded by its bytes."""
    check_size(name, len(content))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidKnowledge("knowledge_encoding", name=name) from None
    try:
        data = json.loads(text) if name.lower().endswith(".json") else _load_yaml(name, text)
    except InvalidKnowledge:
        raise
    except (ValueError, yaml.YAMLError, RecursionError) as exc:
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


async def import_warnings(
    hotel_id: int, topics: Sequence[str], index: KnowledgeIndex | None = None
) -> list[KnowledgeWarning]:
    """What `knowledge_check` says of the entries just imported, against the hotel's whole
    knowledge (*index* when the caller has it built) and its declared languages."""
    hotel = await Hotel.get(id=hotel_id)
    if index is None:
        rows = await KnowledgeEntry.filter(hotel_id=hotel_id).order_by("id")
        items = [KnowledgeItem(r.topic, r.questions, r.answer) for r in rows]
        index = await asyncio.to_thread(KnowledgeIndex, items)
    return await asyncio.to_thread(knowledge_check.check, index, set(topics), hotel.language_list)


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
