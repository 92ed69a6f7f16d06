"""Answers from an OpenAI model, held to the hotel's own knowledge.

The model sees only the hotel's facts and must say UNKNOWN otherwise. Its answer is then
checked: a number (price, time, date) that appears nowhere in the facts means the model made it
up, and the guest gets the honest fallback instead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import openai

from bot.guest_flow.matching import KnowledgeItem

log = logging.getLogger(__name__)
UNKNOWN = "UNKNOWN"
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)?")
_LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}

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


class AIAnswerer:
    def __init__(self, client: openai.AsyncOpenAI, model: str) -> None:
        self._client = client
        self._model = model

    async def answer(
        self, question: str, lang: str, hotel: str, items: Sequence[KnowledgeItem]
    ) -> str | None:
        if not items or not question.strip():
            return None
        facts = facts_text(items, lang)
        prompt = SYSTEM_PROMPT.format(
            hotel=hotel,
            language=_LANGUAGE_NAMES.get(lang, lang),
            unknown=UNKNOWN,
            facts=facts,
        )
        try:
            completion = await self._client.chat.completions.create(
                model=self._model,
                messages=[
                    {"role": "system", "content": prompt},
                    {"role": "user", "content": question[:2000]},
                ],
                temperature=0,
                max_tokens=300,
            )
        except openai.APIError as exc:
            log.warning("AI answer unavailable: %s", type(exc).__name__)
            return None
        content = (
            (completion.choices[0].message.content or "").strip() if completion.choices else ""
        )
        if not content or UNKNOWN in content:
            return None
        if not grounded(content, facts):
            log.info("AI answer dropped: it states a number the hotel's knowledge lacks")
            return None
        return content

    async def ping(self) -> bool:
        try:
            await self._client.models.list()
        except openai.APIError:
            return False
        return True
