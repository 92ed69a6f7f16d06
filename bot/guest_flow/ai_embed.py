"""Knowledge entries as vectors from the embeddings endpoint: a third ranking for retrieval.

Opt-in (`OPENAI_EMBEDDINGS_MODEL`, with `OPENAI_API_KEY`): the lexical rankings
(`ai_context`) need nothing, this one needs a call per question. It ranks by meaning, which
is what the lexical rankings miss ("can you pick us up when we land" shares no word with the
airport transfer entry). Its recall cannot be measured offline here: bench/ai_retrieval.py
measures the lexical rankings alone.

Never in a guest's way: the entries' vectors are made in the background (a guest's question
only starts it), cached per entry by a hash of the model and the entry's text (an edited
entry gets a new vector; vectors no index uses any more are dropped when a hotel's are
refreshed), and the question's own vector is awaited at most `deadline` seconds. Until the
vectors are ready, and on any failure or delay, retrieval is lexical alone.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from bot.guest_flow.matching import KnowledgeIndex, KnowledgeItem
from bot.limits import (
    AI_EMBED_BATCH,
    AI_EMBED_CHARS,
    AI_EMBED_RETRY_SECONDS,
    AI_EMBED_SECONDS,
    AI_EMBED_TOP,
    AI_QUESTION,
)

if TYPE_CHECKING:  # openai loads only when an API key is configured
    import openai

log = logging.getLogger(__name__)

__all__ = ["Embeddings", "entry_text"]

Vector = npt.NDArray[np.float32]


def entry_text(item: KnowledgeItem) -> str:
    """What is embedded of an entry: its topic, every phrasing and every answer, cut at
    `AI_EMBED_CHARS` (an entry may hold 40,000 characters, past the models' input limit, and
    one entry refused fails its whole batch on every retry)."""
    phrasings = " ".join(q for qs in item.questions.values() for q in qs)
    answers = " ".join(item.answer.values())
    return f"{item.topic.replace('_', ' ')}: {phrasings} {answers}"[:AI_EMBED_CHARS]


@dataclass
class _Prepared:
    keys: list[str]
    matrix: Vector | None = None  # rows: the entries' unit vectors, in the index's order


class Embeddings:
    def __init__(
        self,
        client: openai.AsyncOpenAI,
        model: str,
        *,
        deadline: float = AI_EMBED_SECONDS,
        batch: int = AI_EMBED_BATCH,
    ) -> None:
        self._client = client
        self.model = model
        self._deadline = deadline
        self._batch = batch
        self._vectors: dict[str, Vector] = {}
        self._indexes: WeakKeyDictionary[KnowledgeIndex, _Prepared] = WeakKeyDictionary()
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._failed: dict[int, float] = {}  # hotel → when making its vectors last failed

    def _key(self, item: KnowledgeItem) -> str:
        text = json.dumps([self.model, entry_text(item)], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def ready(self, index: KnowledgeIndex) -> bool:
        prepared = self._indexes.get(index)
        return prepared is not None and prepared.matrix is not None

    async def ranking(self, hotel_id: int, index: KnowledgeIndex, question: str) -> list[int]:
        """Positions of the index's entries, nearest the question first (at most
        AI_EMBED_TOP); empty when the entries' vectors are not ready or the call fails."""
        prepared = self._indexes.get(index)
        if prepared is None:
            keys = await asyncio.to_thread(lambda: [self._key(item) for item in index.items])
            prepared = self._indexes[index] = _Prepared(keys)
        if prepared.matrix is None:
            self._start(hotel_id, index, prepared)
            return []
        try:
            async with asyncio.timeout(self._deadline):
                vector = (await self._embed([question[:AI_QUESTION]]))[0]
            nearest = np.argsort(-(prepared.matrix @ vector))[:AI_EMBED_TOP]
        except Exception as error:  # noqa: BLE001 - any failure: lexical retrieval alone
            log.warning("question embedding failed: %s", type(error).__name__)
            return []
        return [int(position) for position in nearest]

    def _start(self, hotel_id: int, index: KnowledgeIndex, prepared: _Prepared) -> None:
        running = self._tasks.get(hotel_id)
        if running is not None and not running.done():
            return
        if time.monotonic() < self._failed.get(hotel_id, 0.0) + AI_EMBED_RETRY_SECONDS:
            return  # failed a moment ago: not one batch of requests per question meanwhile
        self._tasks[hotel_id] = asyncio.create_task(self._prepare(hotel_id, index, prepared))

    async def _prepare(self, hotel_id: int, index: KnowledgeIndex, prepared: _Prepared) -> None:
        """The entries' vectors, made in batches; a failure leaves them to the next question."""
        try:
            missing = [
                (key, item)
                for key, item in zip(prepared.keys, index.items, strict=True)
                if key not in self._vectors
            ]
            for start in range(0, len(missing), self._batch):
                part = missing[start : start + self._batch]
                vectors = await self._embed([entry_text(item) for _, item in part])
                self._vectors.update((key, v) for (key, _), v in zip(part, vectors, strict=True))
            prepared.matrix = np.stack([self._vectors[key] for key in prepared.keys])
            in_use = {key for p in self._indexes.values() for key in p.keys}
            for key in set(self._vectors) - in_use:
                del self._vectors[key]
        except Exception as error:  # noqa: BLE001 - retried by a later question
            self._failed[hotel_id] = time.monotonic()
            log.warning("knowledge embeddings failed: %s", type(error).__name__)

    async def _embed(self, texts: Sequence[str]) -> list[Vector]:
        response = await self._client.embeddings.create(
            model=self.model, input=list(texts), encoding_format="float"
        )
        ordered = sorted(response.data, key=lambda item: item.index)
        if len(ordered) != len(texts):
            raise ValueError(f"{len(ordered)} vectors for {len(texts)} texts")
        vectors = []
        for item in ordered:
            vector = np.asarray(item.embedding, dtype=np.float32)
            norm = float(np.linalg.norm(vector))
            vectors.append(vector / norm if norm else vector)
        return vectors

    async def close(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
