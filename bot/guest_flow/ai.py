"""Answers from an OpenAI model, held to the hotel's own knowledge, and never in the way.

The model sees only the hotel's facts and must say UNKNOWN otherwise. Its answer is then
checked: a number (price, time, date) that appears nowhere in the facts means the model made it
up, and the guest gets the honest fallback instead.

Every way a call can go wrong (no answer by the deadline, no connection, 429, 5xx, a 200 whose
body is not a completion, no choices, a refusal, an answer cut off or filtered) ends the same:
`answer` returns None, so the guest gets the fallback with a person offered, and the call is
kept as an `ai_calls` row (tokens, latency, outcome, detail). `answer` never raises: a raise
would make the processor redo the guest's message, and call the model again.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import openai

from bot.guest_flow.ai_breaker import Breaker, CallPool
from bot.guest_flow.matching import KnowledgeItem
from bot.limits import AI_COMPLETION_TOKENS, AI_DETAIL, AI_PROBE_TOKENS, AI_QUESTION
from bot.metrics import Metrics
from bot.store.models import AICall

log = logging.getLogger(__name__)
UNKNOWN = "UNKNOWN"
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)?")
_NOT_WORD = re.compile(r"[\W_]+")
_LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}
# Before a retry on 429/5xx: long enough for a blip to pass, short against the deadline.
RETRY_PAUSE_SECONDS = 0.5
# A retry is only worth starting with at least this much of the deadline left; a call that
# got a pool slot later than this before the deadline had no fair chance, and its timeout
# says nothing about the model (it is not counted against it).
RETRY_MIN_SECONDS = 1.0

SYSTEM_PROMPT = """You are the WhatsApp assistant of the hotel "{hotel}".
Answer the guest's message using ONLY the hotel facts below. Reply in {language}, in one to three
short friendly sentences. Never state a price, time, date, availability or any other fact that
the facts do not contain. If the facts do not answer the message, reply with exactly {unknown}.

Hotel facts:
{facts}"""


def facts_text(items: Sequence[KnowledgeItem], lang: str) -> str:
    lines = []
    for item in items:
        answer = item.answer.get(lang) or next(iter(item.answer.values()))
        lines.append(f"- {item.topic}: {answer}")
    return "\n".join(lines)


def grounded(answer: str, facts: str) -> bool:
    """Every number in the answer must come from the facts."""
    known = {n.replace(",", ".") for n in _NUMBER.findall(facts)}
    return all(n.replace(",", ".") in known for n in _NUMBER.findall(answer))


def says_unknown(answer: str) -> bool:
    """The model's "I don't know", however it dressed it ("Unknown.", "UNKNOWN - sorry")."""
    return UNKNOWN in answer or _NOT_WORD.sub("", answer).upper() == UNKNOWN


@dataclass
class Outcome:
    """How one model call ended (`ai_calls.outcome`), with what it cost."""

    outcome: str  # answered, unknown, dropped, timeout, error, refused, truncated
    text: str | None = None
    detail: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retriable: bool = False  # 429, 5xx, no connection: another try may get an answer


def read_completion(completion: Any) -> Outcome:
    """A completion's verdict. `completion` is typed loosely on purpose: a 200 whose body is
    not a completion is built by the SDK without validation, and any field may be missing."""
    usage = getattr(completion, "usage", None)
    prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
    done = int(getattr(usage, "completion_tokens", 0) or 0)
    outcome, text, detail = _verdict(getattr(completion, "choices", None))
    return Outcome(outcome, text, detail, prompt, done)


def _verdict(choices: Any) -> tuple[str, str | None, str | None]:
    if not isinstance(choices, list) or not choices:
        return "error", None, "a response without choices"
    choice = choices[0]
    message = choice.message
    if getattr(message, "refusal", None):
        return "refused", None, f"refusal: {message.refusal}"
    if choice.finish_reason == "length":
        return "truncated", None, "cut off at max_completion_tokens"
    if choice.finish_reason == "content_filter":
        return "refused", None, "content_filter"
    content = message.content
    if not isinstance(content, str) or not content.strip():
        return "unknown", None, "an empty answer"
    return "answered", content.strip(), None


class AIAnswerer:
    def __init__(
        self,
        client: openai.AsyncOpenAI,
        model: str,
        *,
        breaker: Breaker,
        pool: CallPool,
        metrics: Metrics,
        secret: str,
        deadline: float,
        retries: int,
    ) -> None:
        self._client = client
        self.model = model
        self.breaker = breaker
        self._pool = pool
        self._metrics = metrics
        self._secret = hmac.new(secret.encode(), b"openai safety_identifier", "sha256").digest()
        self._deadline = deadline
        self._retries = retries

    @property
    def available(self) -> bool:
        """False while the breaker is open: guests are answered from knowledge, no call."""
        return self.breaker.closed

    def safety_identifier(self, hotel_id: int, chat_id: str) -> str:
        """The guest, as OpenAI may see them: stable, and meaningless without SECRET_KEY."""
        guest = f"{hotel_id}:{chat_id}".encode()
        return hmac.new(self._secret, guest, hashlib.sha256).hexdigest()[:32]

    async def answer(
        self,
        question: str,
        lang: str,
        hotel: str,
        items: Sequence[KnowledgeItem],
        *,
        hotel_id: int,
        chat_id: str,
        message_id: int | None = None,
    ) -> str | None:
        if not items or not question.strip() or not self.available:
            return None
        facts = facts_text(items, lang)
        prompt = SYSTEM_PROMPT.format(
            hotel=hotel,
            language=_LANGUAGE_NAMES.get(lang, lang),
            unknown=UNKNOWN,
            facts=facts,
        )
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": prompt},
                {"role": "user", "content": question[:AI_QUESTION]},
            ],
            "temperature": 0,
            "max_completion_tokens": AI_COMPLETION_TOKENS,
            "safety_identifier": self.safety_identifier(hotel_id, chat_id),
        }
        started = time.monotonic()
        result, called = await self._call(hotel_id, body)
        if result.text is not None and says_unknown(result.text):
            result = Outcome("unknown", None, result.text[:100], *_tokens(result))
        elif result.text is not None and not grounded(result.text, facts):
            detail = f"a number the facts lack: {result.text}"
            result = Outcome("dropped", None, detail, *_tokens(result))
        await self._record(result, time.monotonic() - started, called, hotel_id, message_id)
        return result.text

    async def probe(self) -> None:
        """The breaker's probe: a real, minimal chat call (listing models proves nothing
        about answering), recorded like a guest's."""
        started = time.monotonic()
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "user", "content": "ping"}],
            "max_completion_tokens": AI_PROBE_TOKENS,
        }
        try:
            async with asyncio.timeout(self._deadline):
                result = await self._attempt(body, self._deadline)
        except TimeoutError:
            result = Outcome("timeout", detail=f"no answer within {self._deadline:g}s")
        await self._record(result, time.monotonic() - started, True, None, None)

    async def _call(self, hotel_id: int, body: dict[str, Any]) -> tuple[Outcome, bool]:
        """The call within the deadline, waiting for a pool slot included; and whether the
        model was called at all (a wait for a slot that ran out says nothing of the model)."""
        loop = asyncio.get_running_loop()
        ends = loop.time() + self._deadline
        slot_at: float | None = None
        try:
            async with asyncio.timeout_at(ends), self._pool.slot(hotel_id):
                slot_at = loop.time()
                if ends - slot_at < RETRY_MIN_SECONDS:  # too late for a fair try: don't
                    return Outcome(
                        "timeout", detail="no free model slot before the deadline"
                    ), False
                for attempt in range(self._retries + 1):
                    result = await self._attempt(body, ends - loop.time())
                    left = ends - loop.time()
                    if (
                        not result.retriable
                        or attempt == self._retries
                        or left < RETRY_MIN_SECONDS
                    ):
                        break
                    await asyncio.sleep(RETRY_PAUSE_SECONDS)
                return result, True
        except TimeoutError:
            if slot_at is None or ends - slot_at < RETRY_MIN_SECONDS:
                return Outcome("timeout", detail="no free model slot before the deadline"), False
            return Outcome("timeout", detail=f"no answer within {self._deadline:g}s"), True

    async def _attempt(self, body: dict[str, Any], seconds: float) -> Outcome:
        """One request, its failures told apart (never raised)."""
        try:
            completion = await self._client.chat.completions.create(
                **body, timeout=max(seconds, 0.1)
            )
            return read_completion(completion)
        except openai.APITimeoutError:
            return Outcome("timeout", detail="the request timed out")
        except openai.APIConnectionError as exc:
            return Outcome("error", detail=f"no connection ({exc})", retriable=True)
        except openai.APIStatusError as exc:
            again = exc.status_code == 429 or exc.status_code >= 500
            return Outcome(
                "error", detail=f"HTTP {exc.status_code}: {exc.message}", retriable=again
            )
        except Exception as exc:  # a 200 that is no completion: a decode or validation error
            log.warning("AI response unreadable: %s", type(exc).__name__)
            return Outcome("error", detail=f"malformed response: {type(exc).__name__}: {exc}")

    async def _record(
        self,
        result: Outcome,
        seconds: float,
        called: bool,
        hotel_id: int | None,
        message_id: int | None,
    ) -> None:
        """Metrics, the breaker (real calls only) and the `ai_calls` row (guests' calls)."""
        self._metrics.ai_calls.labels(result.outcome).inc()
        self._metrics.ai_tokens.labels("prompt").inc(result.prompt_tokens)
        self._metrics.ai_tokens.labels("completion").inc(result.completion_tokens)
        if result.outcome != "answered":
            log.info("AI call %s: %s", result.outcome, (result.detail or "")[:200])
        if called:
            self._metrics.ai_latency.observe(seconds)
            await self.breaker.record(result.outcome, seconds, result.detail)
        if hotel_id is None:
            return
        try:
            await AICall.create(
                hotel_id=hotel_id,
                message_id=message_id,
                model=self.model[:100],
                prompt_tokens=result.prompt_tokens,
                completion_tokens=result.completion_tokens,
                latency_ms=round(seconds * 1000),
                outcome=result.outcome,
                detail=result.detail[:AI_DETAIL] if result.detail else None,
            )
        except Exception:  # bookkeeping must not cost the guest the answer
            log.exception("could not store an ai_calls row")


def _tokens(result: Outcome) -> tuple[int, int]:
    return result.prompt_tokens, result.completion_tokens
