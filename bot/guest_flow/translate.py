"""Hotel texts the model translated, once, into a language the hotel did not write them in.

A guest writing a language the hotel has no texts in (a German guest of an English hotel) is
answered in it when the model can translate what the reply needs: a template (the hotel's own
wording in its first language, else the built-in text) or a knowledge answer. Each text is
translated once per language and kept in the `translations` table with the digest of its
source; a source the hotel changed no longer matches its digest and is translated again. A
manager's own wording (a template row, or the entry's answer in that language) wins over any
translation, and the hotel card edits them (`admin_flow/core/hotel_translations.py`).

The call goes the guests' way (`AIAnswerer.complete`: the pool, the breaker, retries), only
while the breaker is closed and the hotel's daily budget lasts, and is kept as an `ai_calls`
row (outcome `translated`, or `dropped` when the guard refused a text). The guard (`refusal`)
holds a translation to its source: the same `{placeholders}`, and every detail (number, time,
price, phone, e-mail, URL, code) of the source kept and none added (`ai_guard.invented`, both
ways). A refused text is logged, not cached, and not asked for again for a while.

The guest never waits longer than the AI deadline for it: the call itself may take longer
(`AI_TRANSLATION_DEADLINES` deadlines) in the background, so a late translation is still cached
for the next guest, while this one is answered in the hotel's first language and told so.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from bot.guest_flow import ai_guard
from bot.guest_flow.ai_budget import model_ready
from bot.guest_flow.decide import Reply
from bot.guest_flow.matching import KnowledgeItem, entry_of
from bot.guest_flow.processor import unslotted
from bot.guest_flow.templates import REQUEST_NAMES, HotelTemplates, parse
from bot.i18n import I18n
from bot.limits import (
    AI_DETAIL,
    AI_TRANSLATION_DEADLINES,
    AI_TRANSLATION_RETRY_SECONDS,
    AI_TRANSLATION_TOKENS,
)
from bot.store.models import Translation

if TYPE_CHECKING:  # openai loads only when an API key is configured
    from bot.guest_flow.ai import AIAnswerer
    from bot.store.hotels import HotelAccess

log = logging.getLogger(__name__)

# `translations.kind`: a template (or a request's name, key `requests.<kind>`), or a knowledge
# answer (key: its topic).
TEMPLATE = "template"
KNOWLEDGE = "knowledge"
KINDS = (TEMPLATE, KNOWLEDGE)

INSTRUCTIONS = """You translate the WhatsApp texts of the hotel "{hotel}" into {language}.
Translate each text faithfully and completely, in the same friendly tone; add nothing and
leave nothing out. Keep every placeholder in curly braces exactly as written, untranslated
(such as {{hotel}}). Keep every number, time, price, phone number, e-mail, link and code
exactly as the source writes it, in digits. Answer with each text's id and its translation."""
RESPONSE_FORMAT: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {
        "name": "translations",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {
                "texts": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                        "required": ["id", "text"],
                        "additionalProperties": False,
                    },
                }
            },
            "required": ["texts"],
            "additionalProperties": False,
        },
    },
}
# Texts kept from being asked for again (`Translator._quiet`) before the memory starts afresh.
QUIET_REMEMBERED = 10_000
# An all-capital word a language writes as a word ("WLAN") is no code a translation invents.
_CAPITALS = re.compile(r"[^\W\d_]{4,}")
# A number joined to a word by a hyphen ("3-minute", "4-Gänge"), which languages write apart.
_COMPOUND = re.compile(r"(\d)-(?=[^\W\d_]{2,})")


def source_hash(text: str) -> str:
    """`translations.source_hash`: what a translation was made from."""
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Piece:
    """One hotel text a reply needs in another language: `kind` and `key` name it (a template
    key or a knowledge topic), `text` is its source."""

    kind: str
    key: str
    text: str

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}"

    @property
    def digest(self) -> str:
        return source_hash(self.text)


# --- the guard (pure) ----------------------------------------------------------------------


def _fields(text: str) -> Counter[str] | None:
    try:
        return Counter(field.written for _, field in parse(text) if field is not None)
    except ValueError:
        return None


def refusal(source: str, translated: str) -> str | None:
    """Why `translated` may not stand in for `source`, or None when it may."""
    if not translated.strip():
        return "an empty translation"
    want, got = _fields(source), _fields(translated)
    if want is None or got is None:
        return "unbalanced braces"
    if want != got:
        lost = sorted((want - got).elements())
        added = sorted((got - want).elements())
        return f"placeholders differ (lost {lost}, added {added})"
    # "a 3-minute walk" is "3 минуты пешком": a number in a compound is the number, not a code.
    source, translated = (
        _COMPOUND.sub(r"\1 ", ai_guard.words_to_digits(text)) for text in (source, translated)
    )
    lost_details = ai_guard.invented(source, translated)
    if lost_details:
        return f"{lost_details[0]} of the source is missing"
    capitals = " ".join(w for w in _CAPITALS.findall(translated) if w.isupper())
    added_details = ai_guard.invented(translated, f"{source}\n{capitals}")
    if added_details:
        return f"{added_details[0]} is not in the source"
    return None


# --- what a reply needs (pure) -----------------------------------------------------------


def builtin(i18n: I18n, key: str, lang: str) -> str | None:
    """The built-in text of template `key` in `lang`, when `lang` has one (no fallback)."""
    return i18n.catalogs.get(lang, {}).get(f"guest.templates.{key}")


def template_piece(
    book: HotelTemplates, i18n: I18n, key: str, lang: str, first: str
) -> Piece | None:
    """What template `key` needs translated for a reply in `lang`, or None when `lang` has it:
    the hotel's own wording in `lang`, or a built-in one while the hotel kept the built-in
    text in its first language too. Otherwise the source is the hotel's own wording in its
    first language (its voice, which a built-in text in `lang` would lose), else the built-in
    text of that language."""
    if book.own(key, lang) is not None:
        return None
    own = book.own(key, first)
    if own is None and builtin(i18n, key, lang) is not None:
        return None
    source = own if own is not None else i18n.raw(f"guest.templates.{key}", first)
    return Piece(TEMPLATE, key, source)


def knowledge_piece(item: KnowledgeItem, lang: str, first: str) -> Piece | None:
    """What a knowledge answer needs translated for `lang`: nothing when the hotel wrote it in
    `lang`; else its answer in the hotel's first language (or the first it has)."""
    if item.answer.get(lang):
        return None
    source = item.answer.get(first) or next((a for a in item.answer.values() if a), "")
    return Piece(KNOWLEDGE, item.topic, source) if source else None


def request_piece(
    book: HotelTemplates, i18n: I18n, kind: str, lang: str, first: str
) -> Piece | None:
    """A request kind's name (`{request}` of request_received) when `lang` has none."""
    key = f"{REQUEST_NAMES}{kind}"
    if book.own(key, lang) is not None or f"guest.{key}" in i18n.catalogs.get(lang, {}):
        return None
    return Piece(TEMPLATE, key, i18n.raw(f"guest.{key}", first))


def pieces_for(
    replies: Iterable[Reply],
    book: HotelTemplates,
    i18n: I18n,
    lang: str,
    first: str,
    items: Sequence[KnowledgeItem],
    request_kind: str | None = None,
) -> list[Piece]:
    """Every text of `replies` that `lang` lacks (a model answer is written in the guest's
    language already), the request's name included; `items`: the entries the knowledge
    answers among them are from."""
    found: dict[str, Piece] = {}
    for reply in replies:
        pieces = []
        item = _entry_of(reply, items)
        if reply.template:
            pieces.append(template_piece(book, i18n, reply.template, lang, first))
            if reply.template == "request_received":
                pieces.append(request_piece(book, i18n, request_kind or "other", lang, first))
        elif item is not None:
            pieces.append(knowledge_piece(item, lang, first))
        for piece in pieces:
            if piece is not None:
                found.setdefault(piece.id, piece)
    return list(found.values())


def localize(
    replies: Sequence[Reply],
    book: HotelTemplates,
    texts: Mapping[str, str],
    lang: str,
    items: Sequence[KnowledgeItem],
) -> tuple[list[Reply], HotelTemplates]:
    """The replies and templates to render in `lang` with the translations `texts` (by
    `Piece.id`): each knowledge answer in `lang` (the hotel's own, else its translation), and
    the templates over the hotel's own."""
    out = []
    for reply in replies:
        item = _entry_of(reply, items)
        if item is not None:
            text = item.answer.get(lang) or texts.get(f"{KNOWLEDGE}:{item.topic}")
            out.append(replace(reply, text=text) if text else reply)
        else:
            out.append(reply)
    templates = {
        (key.removeprefix(f"{TEMPLATE}:"), lang): text
        for key, text in texts.items()
        if key.startswith(f"{TEMPLATE}:")
    }
    return out, book.with_texts(templates)


def _entry_of(reply: Reply, items: Sequence[KnowledgeItem]) -> KnowledgeItem | None:
    """The entry a knowledge reply answers from, among `items`."""
    return entry_of(items, reply.topic) if reply.source == "knowledge" else None


# --- the model ---------------------------------------------------------------------------


_Slot = tuple[int, str, str, str, str]  # hotel, kind, key, language, source digest


class Translator:
    """Translations made once per hotel, text and language, shared by every guest.

    A text being translated is in `_pending`: a second guest needing it waits for the same
    call instead of making another. `start` begins what is missing and returns at once; the
    caller waits as long as its guest may (`wait`).
    """

    def __init__(self, ai: AIAnswerer, i18n: I18n, deadline: float) -> None:
        self._ai = ai
        self._i18n = i18n
        self.wait_seconds = deadline  # what a guest waits for translations at most
        self._deadline = deadline * AI_TRANSLATION_DEADLINES
        self._pending: dict[_Slot, asyncio.Future[str | None]] = {}
        # Texts not asked for again before a time (time.monotonic()): a refused translation
        # for AI_TRANSLATION_RETRY_SECONDS, a failed call for one guest's wait.
        self._quiet: dict[_Slot, float] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def available(self) -> bool:
        """False while the model's breaker is open: guests get the first language, as
        without a model."""
        return self._ai.available

    def deadline(self) -> float:
        """When a guest waiting for translations from now must be answered (loop clock)."""
        return asyncio.get_running_loop().time() + self.wait_seconds

    async def prepare(
        self,
        hotel: HotelAccess,
        lang: str,
        first: str,
        replies: Sequence[Reply],
        book: HotelTemplates,
        items: Sequence[KnowledgeItem],
        now: datetime,
        request_kind: str | None = None,
    ) -> None:
        """Begin the translations a reply will likely need while the model is still asked
        (the greeting, the fallback), so its guest waits for both at once."""
        pieces = pieces_for(replies, book, self._i18n, lang, first, items, request_kind)
        if pieces:
            await self.start(hotel.hotel_id, hotel.name, hotel.timezone, lang, pieces, now)

    async def localize(
        self,
        hotel: HotelAccess,
        lang: str,
        first: str,
        replies: Sequence[Reply],
        book: HotelTemplates,
        items: Sequence[KnowledgeItem],
        now: datetime,
        until: float,
        request_kind: str | None = None,
    ) -> tuple[list[Reply], HotelTemplates] | None:
        """The replies and templates to render in `lang`, every text in it (the hotel's own,
        built-in or translated) by `until` (the event loop's clock); None: reply in `first`."""
        pieces = pieces_for(replies, book, self._i18n, lang, first, items, request_kind)
        texts: dict[str, str] | None = {}
        if pieces:
            futures = await self.start(
                hotel.hotel_id, hotel.name, hotel.timezone, lang, pieces, now
            )
            texts = None if futures is None else await self.wait(futures, until)
        if texts is None:
            return None
        return localize(replies, book, texts, lang, items)

    async def cached(self, hotel_id: int, lang: str, pieces: Sequence[Piece]) -> dict[str, str]:
        """The pieces' translations into `lang` that match their source, by `Piece.id`."""
        if not pieces:
            return {}
        rows = await Translation.filter(
            hotel_id=hotel_id, language=lang, key__in=[p.key for p in pieces]
        ).values_list("kind", "key", "source_hash", "text")
        stored = {(str(k), str(key)): (str(h), str(t)) for k, key, h, t in rows}
        found = {}
        for piece in pieces:
            digest, text = stored.get((piece.kind, piece.key), ("", ""))
            if digest == piece.digest:
                found[piece.id] = text
        return found

    async def start(
        self,
        hotel_id: int,
        hotel: str,
        timezone: str,
        lang: str,
        pieces: Sequence[Piece],
        now: datetime,
    ) -> dict[str, asyncio.Future[str | None]] | None:
        """A future per piece (done at once for a cached one), the missing ones translated in
        the background; None when some piece cannot be had: the model is down, the hotel's
        budget is spent, or that text's translation was refused a moment ago."""
        loop = asyncio.get_running_loop()
        found = await self.cached(hotel_id, lang, pieces)
        out: dict[str, asyncio.Future[str | None]] = {}
        new: list[Piece] = []
        for piece in pieces:
            slot = (hotel_id, piece.kind, piece.key, lang, piece.digest)
            if piece.id in found:
                out[piece.id] = loop.create_future()
                out[piece.id].set_result(found[piece.id])
            elif slot in self._pending:
                out[piece.id] = self._pending[slot]
            elif time.monotonic() < self._quiet.get(slot, 0.0):
                return None
            else:
                new.append(piece)
        if not new:
            return out
        if not await model_ready(self._ai, hotel_id, timezone, now):
            return None
        futures = {}
        for piece in new:
            slot = (hotel_id, piece.kind, piece.key, lang, piece.digest)
            if slot in self._pending:  # another guest began it while the budget was read
                out[piece.id] = self._pending[slot]
                continue
            futures[piece.id] = self._pending[slot] = out[piece.id] = loop.create_future()
        batch = [p for p in new if p.id in futures]
        if batch:
            task = asyncio.create_task(self._run(hotel_id, hotel, lang, batch, futures))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return out

    async def wait(
        self, futures: Mapping[str, asyncio.Future[str | None]], until: float
    ) -> dict[str, str] | None:
        """Every translation by `until` (the event loop's clock), or None. The calls go on
        after it: a late translation is still cached. The wait holds no processor slot (other
        guests' answers need them, as for the model's answer)."""
        waiting = [future for future in futures.values() if not future.done()]
        left = until - asyncio.get_running_loop().time()
        if waiting and left > 0:
            async with unslotted():
                await asyncio.wait(waiting, timeout=left)
        out = {}
        for key, future in futures.items():
            text = future.result() if future.done() and not future.cancelled() else None
            if text is None:
                return None
            out[key] = text
        return out

    async def close(self) -> None:
        """Translations still running when the app stops are dropped (made again later)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _run(
        self,
        hotel_id: int,
        hotel: str,
        lang: str,
        pieces: list[Piece],
        futures: dict[str, asyncio.Future[str | None]],
    ) -> None:
        results: dict[str, str] = {}
        try:
            results = await self._translate(hotel_id, hotel, lang, pieces)
        except Exception:  # a guest answered in the first language beats a crash
            log.exception("translation into %s failed", lang)
        finally:
            for piece in pieces:
                self._pending.pop((hotel_id, piece.kind, piece.key, lang, piece.digest), None)
                future = futures[piece.id]
                if not future.done():
                    future.set_result(results.get(piece.id))

    async def _translate(
        self, hotel_id: int, hotel: str, lang: str, pieces: list[Piece]
    ) -> dict[str, str]:
        from bot.guest_flow.ai import Outcome, language_name

        chars = sum(len(p.text) for p in pieces)
        body: dict[str, Any] = {
            "model": self._ai.model,
            "messages": [
                {
                    "role": "system",
                    "content": INSTRUCTIONS.format(hotel=hotel, language=language_name(lang)),
                },
                {
                    "role": "user",
                    "content": json.dumps(
                        {"texts": [{"id": p.id, "text": p.text} for p in pieces]},
                        ensure_ascii=False,
                    ),
                },
            ],
            "temperature": 0,
            "max_completion_tokens": min(AI_TRANSLATION_TOKENS, 200 + 2 * chars),
            "response_format": RESPONSE_FORMAT,
        }
        started = time.monotonic()
        result, called = await self._ai.complete(hotel_id, body, self._deadline)
        translated: dict[str, str] = {}
        refused: dict[str, str] = {}
        if result.outcome == "answered" and result.text is not None:
            translated, refused = _judge(result.text, pieces)
            for piece_id, why in refused.items():
                log.warning("translation of %s into %s refused: %s", piece_id, lang, why)
        if len(self._quiet) > QUIET_REMEMBERED:
            self._quiet.clear()
        for piece in pieces:
            if piece.id not in translated:  # the same message does not ask twice
                pause = AI_TRANSLATION_RETRY_SECONDS if piece.id in refused else self.wait_seconds
                slot = (hotel_id, piece.kind, piece.key, lang, piece.digest)
                self._quiet[slot] = time.monotonic() + pause
        if result.outcome == "answered" and result.text is not None:
            detail = "; ".join(f"{k}: {why}" for k, why in refused.items()) or None
            result = Outcome(
                "dropped" if refused else "translated",
                None,
                f"{lang}: {detail}"[:AI_DETAIL] if detail else f"{lang}: {len(translated)}",
                result.prompt_tokens,
                result.completion_tokens,
            )
            await self._store(hotel_id, lang, pieces, translated)
        await self._ai.record(result, time.monotonic() - started, called, hotel_id)
        return translated

    async def _store(
        self, hotel_id: int, lang: str, pieces: list[Piece], texts: Mapping[str, str]
    ) -> None:
        for piece in pieces:
            if piece.id not in texts:
                continue
            try:
                async with in_transaction():
                    await Translation.update_or_create(
                        hotel_id=hotel_id,
                        kind=piece.kind,
                        key=piece.key,
                        language=lang,
                        defaults={"source_hash": piece.digest, "text": texts[piece.id]},
                    )
            except IntegrityError:
                pass  # another process stored the same translation a moment ago


def _judge(content: str, pieces: Sequence[Piece]) -> tuple[dict[str, str], dict[str, str]]:
    """(translations that passed the guard, why each other piece has none), by piece id."""
    try:
        data = json.loads(content)
    except ValueError:
        data = None
    items = data.get("texts") if isinstance(data, dict) else None
    given: dict[str, str] = {}
    if isinstance(items, list):
        for entry in items:
            if isinstance(entry, dict) and isinstance(entry.get("text"), str):
                given.setdefault(str(entry.get("id")), entry["text"].strip())
    if len(pieces) == 1 and not given and not content.lstrip().startswith("{"):
        given[pieces[0].id] = content.strip()  # a server that ignored response_format
    good, refused = {}, {}
    for piece in pieces:
        text = given.get(piece.id)
        why = "no translation given" if text is None else refusal(piece.text, text)
        if why is None and text is not None:
            good[piece.id] = text
        else:
            refused[piece.id] = why or "no translation given"
    return good, refused
