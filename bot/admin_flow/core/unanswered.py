"""/unanswered: this week's guest questions the bot could not answer, and teaching it the answer.

A question "could not be answered" when its inbound message's outcome is `fallback` or
`unsure` (only likely topics were offered, "is it about this?"): nothing in the knowledge
matched clearly and no model answer was sent (no model, the model did not know, its answer
was dropped by the guard, it timed out or failed; the `ai_calls` row of the message says which,
and for a dropped answer `ai_guard.kept_detail` keeps the reason and the text). Alike questions
are grouped by their content words' stems (`textnorm`), most frequent first, so "Is there a
casino?" and "is there a casino in the building" count together. A question the knowledge
answers by now (one was saved since) is left out and counted.

"Save as answer" turns a question into knowledge: the manager types the answer, sees the entry
it will create (the guest's question as a phrasing in its language, the answer, a topic name),
may change any of them or add the phrasing to an existing topic instead, and confirms. The entry
passes the same validation as `knowledge import` (`knowledge.parse_entries`), the hotel's index
is rebuilt at once, and the next guest asking gets the answer from the bot. A conversation's
card offers the same dialog once staff answered the question that preceded the handoff
(`card_prompt`), the staff's last answer filled in, so the preview shows straight away.

Reading needs INBOX at the hotel (its support staff may read), saving HOTEL_EDIT (its managers
and super admins), checked on every command and press; a message id in a button is never
trusted: the hotel it belongs to is checked before anything about it is said.

Callback data: "un:<action>[:<args>]"; the draft being saved lives in the dialog's state.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise import timezone

from bot.admin_flow.core.access import Permission, allowed, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_common import Stale, fit, forget
from bot.admin_flow.core.hotel_setup import InvalidInput, Step
from bot.admin_flow.core.replies import Button, Reply, parse_id
from bot.guest_flow.ai_guard import read_detail
from bot.guest_flow.decide import UNANSWERED
from bot.guest_flow.knowledge import InvalidKnowledge, check_text, import_entries, parse_entries
from bot.guest_flow.matching import KnowledgeIndex
from bot.guest_flow.textnorm import content_tokens, normalize, stems
from bot.i18n import Refusal
from bot.iso639 import is_code
from bot.limits import (
    CARD_PAGE,
    GUEST_READ_CHARS,
    INTEGER_ID_MAX,
    KNOWLEDGE_QUESTION,
    KNOWLEDGE_QUESTIONS,
    KNOWLEDGE_TOPIC,
    UNANSWERED_DAYS,
    UNANSWERED_PAGE,
    UNANSWERED_SCAN,
)
from bot.store.models import (
    AICall,
    Conversation,
    Direction,
    Guest,
    Hotel,
    KnowledgeEntry,
    Message,
)

AREA = "un"
SHOWN_QUESTION = 200  # characters of a question in the list
SHOWN_DROPPED = 200  # characters of a dropped model answer in the list
SHOWN_ANSWER = 1_000  # characters of an existing entry's answer in a preview
SHOWN_REASON = 120  # characters of why a model answer was dropped
_IN_CHUNK = 500  # ids per `IN (...)` query
INT_MAX = INTEGER_ID_MAX  # hotels.id and knowledge_entries.id are INTEGER: a larger id is no row
ALIKE = 0.6  # the share of content words two questions must share to be listed as one
_MODEL_OUTCOMES = ("unknown", "dropped", "timeout", "error", "refused", "truncated", "tool")


# --- reading: pure ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """One guest message the bot could not answer."""

    message_id: int
    hotel_id: int
    text: str
    at: datetime
    language: str | None
    model: str | None = None  # the ai_calls outcome, None when no model was called
    detail: str | None = None


@dataclass
class Question:
    """Alike questions of one hotel, shown as one line with how often they were asked."""

    hotel_id: int
    latest: Asked
    count: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    members: list[int] = field(default_factory=list)  # every message id in the group


def question_key(text: str) -> frozenset[str]:
    """What alike questions share: their content words' stems, in any order; a question of
    stop words only ("what?") by its normalised words."""
    words = stems(content_tokens(text))
    if words:
        return frozenset(words)
    return frozenset(normalize(text).split()) or frozenset({text.strip().lower()})


def alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two questions are one when most of their content words are shared (Jaccard at least
    ALIKE): "casino in the building" and "a casino somewhere in the building" are, "breakfast"
    and "breakfast price" are not."""
    return len(a & b) >= ALIKE * len(a | b)


def _merge(into: Question, other: Question) -> None:
    if (other.latest.at, other.latest.message_id) > (into.latest.at, into.latest.message_id):
        into.latest = other.latest
    into.count += other.count
    into.languages.update(other.languages)
    into.members += other.members


def group(asked: Iterable[Asked]) -> list[Question]:
    """Alike questions per hotel, most asked first, then the most recently asked.

    The same words first (a dictionary), then each such group, most asked first, joins the
    first bigger group it is `alike` to; only groups sharing a word are compared."""
    exact: dict[tuple[int, frozenset[str]], Question] = {}
    for item in asked:
        same = (item.hotel_id, question_key(item.text))
        langs = Counter([item.language] if item.language else [])
        one = Question(item.hotel_id, item, 1, langs, [item.message_id])
        if same in exact:
            _merge(exact[same], one)
        else:
            exact[same] = one
    seeds: list[tuple[frozenset[str], Question]] = []
    by_word: dict[tuple[int, str], list[int]] = {}
    order = sorted(exact.items(), key=lambda kv: (-kv[1].count, -kv[1].latest.message_id))
    for (hotel_id, key), question in order:
        near = {i for word in key for i in by_word.get((hotel_id, word), ())}
        home = next((i for i in sorted(near) if alike(seeds[i][0], key)), None)
        if home is not None:
            _merge(seeds[home][1], question)
            continue
        for word in key:
            by_word.setdefault((hotel_id, word), []).append(len(seeds))
        seeds.append((key, question))
    return sorted(
        (q for _, q in seeds),
        key=lambda q: (-q.count, -q.latest.at.timestamp(), -q.latest.message_id),
    )


def still_open(
    questions: Sequence[Question],
    indexes: dict[int, KnowledgeIndex],
    first_language: dict[int, str],
) -> list[Question]:
    """The questions the hotel's knowledge still does not answer (CPU: run off the loop)."""
    kept = []
    for q in questions:
        index = indexes.get(q.hotel_id)
        lang = q.latest.language or first_language.get(q.hotel_id, "en")
        if index is None or not index.answers(q.latest.text, lang):
            kept.append(q)
    return kept


def suggest_topic(text: str, taken: Iterable[str]) -> str:
    """A topic name from the question's content words ("casino_building"), not yet taken."""
    words = [re.sub(r"\W+", "", w) for w in content_tokens(text)]
    base = "_".join(w for w in words if w)[: KNOWLEDGE_TOPIC - 4].strip("_") or "question"
    used = set(taken)
    name, n = base, 2
    while name in used:
        name, n = f"{base}_{n}", n + 1
    return name


# --- reading: the store ----------------------------------------------------------------------


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield ids[start : start + _IN_CHUNK]


async def load_asked(hotel_ids: Sequence[int], since: datetime) -> list[Asked]:
    """The hotels' unanswered guest messages since `since`, newest first, at most
    UNANSWERED_SCAN (a week of a busy hotel; older ones beyond it are not counted)."""
    if not hotel_ids:
        return []
    rows = (
        await Message.filter(
            hotel_id__in=list(hotel_ids),
            direction=Direction.IN,
            outcome__in=UNANSWERED,
            created_at__gte=since,
        )
        .order_by("-id")
        .limit(UNANSWERED_SCAN)
        .values("id", "hotel_id", "guest_id", "text", "created_at")
    )
    rows = [r for r in rows if str(r["text"] or "").strip()]
    guest_ids = sorted({int(r["guest_id"]) for r in rows if r["guest_id"] is not None})
    languages: dict[int, str | None] = {}
    for chunk in _chunks(guest_ids):
        for g in await Guest.filter(id__in=list(chunk)).values("id", "language"):
            languages[int(g["id"])] = g["language"]
    calls: dict[int, tuple[str, str | None]] = {}
    for chunk in _chunks([int(r["id"]) for r in rows]):
        found = (
            await AICall.filter(message_id__in=list(chunk))
            .order_by("id")
            .values("message_id", "outcome", "detail")
        )
        for c in found:  # the last call of a message is the one that decided it
            calls[int(c["message_id"])] = (str(c["outcome"]), c["detail"])
    return [
        Asked(
            message_id=int(r["id"]),
            hotel_id=int(r["hotel_id"]),
            # The words the guest flow read (`GUEST_READ_CHARS`): judged and grouped as the bot
            # read them, at a bounded cost however long the message.
            text=str(r["text"])[:GUEST_READ_CHARS],
            at=r["created_at"],
            language=languages.get(int(r["guest_id"])) if r["guest_id"] is not None else None,
            model=calls.get(int(r["id"]), (None, None))[0],
            detail=calls.get(int(r["id"]), (None, None))[1],
        )
        for r in rows
    ]


async def open_questions(
    ctx: AdminContext, hotels: Sequence[Hotel], now: datetime
) -> tuple[list[Question], int]:
    """The hotels' questions still unanswered over the last UNANSWERED_DAYS, and how many
    groups the knowledge answers by now (left out)."""
    asked = await load_asked([h.id for h in hotels], now - timedelta(days=UNANSWERED_DAYS))
    asking = {a.hotel_id for a in asked}  # a hotel with no question needs no index built
    indexes = {h: await ctx.flow.brain.knowledge.index(h) for h in sorted(asking)}
    first = {h.id: h.language_list[0] for h in hotels}

    def work() -> tuple[list[Question], int]:
        groups = group(asked)
        kept = still_open(groups, indexes, first)
        return kept, len(groups) - len(kept)

    return await asyncio.to_thread(work)


# --- the list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    hotel_id: int | None = None  # None: every hotel the actor may read
    page: int = 0


def parse_args(words: Sequence[str]) -> ListQuery | None:
    """`[HOTEL] [page N]` in either order; None when the words are not that."""
    hotel_id: int | None = None
    page: int | None = None
    rest = [w.strip().lower() for w in words if w.strip()]
    while rest:
        word = rest.pop(0)
        if word in ("page", "стр", "страница") and page is None and rest:
            number = parse_id(rest.pop(0))
            if number is None:
                return None
            page = number - 1
        elif hotel_id is None and (number := parse_id(word)) is not None:
            hotel_id = number
        else:
            return None
    return ListQuery(hotel_id, page or 0)


def _when(at: datetime, tz: str) -> str:
    return at.astimezone(ZoneInfo(tz)).strftime("%d.%m %H:%M")


def _quote(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _model_line(ctx: AdminContext, actor: Actor, asked: Asked) -> list[str]:
    if asked.model not in _MODEL_OUTCOMES:
        return [ctx.t(actor, "admin.unanswered.model_none")]
    if asked.model != "dropped":
        return [ctx.t(actor, f"admin.unanswered.model_{asked.model}")]
    reason, text = read_detail(asked.detail)
    lines = [ctx.t(actor, "admin.unanswered.model_dropped", reason=_quote(reason, SHOWN_REASON))]
    if text:
        lines.append(
            ctx.t(actor, "admin.unanswered.dropped_text", text=_quote(text, SHOWN_DROPPED))
        )
    return lines


async def unanswered_report(
    ctx: AdminContext, actor: Actor, words: Sequence[str], *, text_only: bool = False
) -> Reply:
    """`/unanswered [HOTEL] [page N]` (also the staff-WhatsApp channel's, `text_only`)."""
    await require(actor, Permission.INBOX)
    query = parse_args(words)
    if query is None:
        return Reply(ctx.t(actor, "admin.unanswered.usage"))
    return await _page(ctx, actor, query, text_only)


async def page_press(ctx: AdminContext, actor: Actor, args: Sequence[str]) -> Reply:
    """A Prev/Next button: "un:page:<hotel or 0>:<page>", read as strictly as typed input."""
    await require(actor, Permission.INBOX)
    if len(args) != 2:
        raise Stale(args)
    hotel, page = parse_id(args[0], zero=True), parse_id(args[1], zero=True)
    if hotel is None or page is None:
        raise Stale(args)
    return await _page(ctx, actor, ListQuery(hotel or None, page), False)


async def _page(ctx: AdminContext, actor: Actor, query: ListQuery, text_only: bool) -> Reply:
    if query.hotel_id is not None:
        # Permission before existence: another hotel's staff learn nothing, not even that.
        await require(actor, Permission.INBOX, query.hotel_id)
        hotel = await Hotel.get_or_none(id=query.hotel_id) if query.hotel_id <= INT_MAX else None
        if hotel is None:
            return Reply(ctx.t(actor, "admin.unanswered.no_hotel", hotel=query.hotel_id))
        hotels = [hotel]
    else:
        hotels = [
            h for h in await Hotel.all().order_by("id") if allowed(actor, Permission.INBOX, h.id)
        ]
    questions, answered_now = await open_questions(ctx, hotels, timezone.now())
    names = {h.id: h for h in hotels}
    scope = hotels[0].name if len(hotels) == 1 else ctx.t(actor, "admin.unanswered.scope_all")
    if not questions:
        text = ctx.t(actor, "admin.unanswered.empty", scope=scope, days=UNANSWERED_DAYS)
        if answered_now:
            text += "\n" + ctx.t(actor, "admin.unanswered.answered_now", count=answered_now)
        return Reply(text)
    pages = (len(questions) + UNANSWERED_PAGE - 1) // UNANSWERED_PAGE
    page = min(query.page, pages - 1)
    shown = questions[page * UNANSWERED_PAGE : (page + 1) * UNANSWERED_PAGE]
    asked_total = sum(q.count for q in questions)
    lines = [
        ctx.t(
            actor,
            "admin.unanswered.title",
            scope=scope,
            days=UNANSWERED_DAYS,
            questions=len(questions),
            asked=asked_total,
        )
    ]
    rows: list[list[Button]] = []
    for number, q in enumerate(shown, start=page * UNANSWERED_PAGE + 1):
        hotel = names[q.hotel_id]
        langs = ", ".join(lang for lang, _ in q.languages.most_common()) or "?"
        lines.append("")
        lines.append(
            ctx.t(
                actor,
                "admin.unanswered.item",
                number=number,
                text=_quote(q.latest.text, SHOWN_QUESTION),
                count=q.count,
                when=_when(q.latest.at, hotel.timezone),
                tz=hotel.timezone,
                languages=langs,
            )
        )
        if len(hotels) > 1:
            lines.append("   " + ctx.t(actor, "admin.unanswered.item_hotel", hotel=hotel.name))
        lines += ["   " + line for line in _model_line(ctx, actor, q.latest)]
        if not text_only and allowed(actor, Permission.HOTEL_EDIT, q.hotel_id):
            label = ctx.t(actor, "admin.unanswered.btn_save", number=number)
            rows.append([Button.of(label, AREA, "save", q.latest.message_id)])
    lines.append("")
    if pages > 1:
        lines.append(ctx.t(actor, "admin.unanswered.footer", page=page + 1, pages=pages))
        if text_only and page + 1 < pages:
            lines.append(ctx.t(actor, "admin.unanswered.more_text", next=page + 2))
    if answered_now:
        lines.append(ctx.t(actor, "admin.unanswered.answered_now", count=answered_now))
    if text_only:
        lines.append(ctx.t(actor, "admin.unanswered.save_in_telegram"))
    nav: list[Button] = []
    if page > 0:
        label = ctx.t(actor, "admin.unanswered.btn_previous")
        nav.append(Button.of(label, AREA, "page", query.hotel_id or 0, page - 1))
    if page < pages - 1:
        label = ctx.t(actor, "admin.unanswered.btn_next")
        nav.append(Button.of(label, AREA, "page", query.hotel_id or 0, page + 1))
    if nav and not text_only:
        rows.append(nav)
    return Reply(fit("\n".join(lines).strip()), rows)


# --- teaching the bot ------------------------------------------------------------------------
# The draft (FSM data): hotel_id, message_id, question, language, topic, answer, entry_id (an
# existing topic chosen instead of a new one), and `field`: what a typed text changes.

FIELDS = ("answer", "question", "topic", "language")


class BadDraft(Refusal):
    """A typed part of the draft we refuse; its text is under admin.unanswered.invalid."""

    prefix = "admin.unanswered.invalid."


async def _question_of(actor: Actor, message_id: int) -> tuple[Hotel, Message]:
    """The unanswered guest message a button names, once the actor may save for its hotel."""
    message = await Message.get_or_none(id=message_id)
    if message is None:
        # Refused like another hotel's message (audited), so a forged id learns nothing;
        # only a super admin, who may see every hotel, is told it is stale.
        if not actor.super_admin:
            await require(actor, Permission.HOTEL_EDIT, -1)
        raise Stale(message_id)
    await require(actor, Permission.HOTEL_EDIT, message.hotel_id)
    hotel = await Hotel.get_or_none(id=message.hotel_id)
    if (
        hotel is None
        or message.direction != Direction.IN
        or message.outcome not in UNANSWERED
        or not message.text.strip()
    ):
        raise Stale(message_id)
    return hotel, message


async def save_prompt(
    ctx: AdminContext, actor: Actor, message_id: int, answer: str | None = None
) -> Step:
    """ "Save as answer": ask for the answer to the guest's question; with the `answer` staff
    already gave the guest (the card's button), the preview of the entry straight away."""
    hotel, message = await _question_of(actor, message_id)
    guest = await Guest.get_or_none(id=message.guest_id) if message.guest_id else None
    language = (guest.language if guest else None) or hotel.language_list[0]
    question = " ".join(message.text.split())[:KNOWLEDGE_QUESTION]
    taken = await KnowledgeEntry.filter(hotel_id=hotel.id).values_list("topic", flat=True)
    draft: dict[str, Any] = {
        "hotel_id": hotel.id,
        "message_id": message.id,
        "question": question,
        "language": language,
        "topic": suggest_topic(question, [str(t) for t in taken]),
        "answer": "",
        "entry_id": None,
        "field": "answer",
    }
    try:
        draft["answer"] = check_text("answer", answer or "")
    except InvalidKnowledge:
        draft["answer"] = ""  # too long to be an entry's answer: typed instead
    if draft["answer"]:
        return replace(await preview(ctx, actor, hotel, draft), fresh=True)
    return Step(_ask_answer(ctx, actor, question, language, hotel), "text", draft, fresh=True)


async def card_question(conversation: Conversation) -> tuple[int, str] | None:
    """What a conversation's card may teach the bot: the guest's question it could not answer
    right before the guest was handed to a person (the fallback, then the handoff), and the
    last text staff answered since; None while either is missing."""
    trigger = (
        await Message.filter(
            guest_id=conversation.guest_id, direction=Direction.IN, outcome="handoff"
        )
        .order_by("-id")
        .first()
    )
    if trigger is None:
        return None
    before = (
        await Message.filter(
            guest_id=conversation.guest_id, direction=Direction.IN, id__lt=trigger.id
        )
        .order_by("-id")
        .first()
    )
    if before is None or before.outcome not in UNANSWERED or not before.text.strip():
        return None
    answered = (
        await Message.filter(
            guest_id=conversation.guest_id,
            direction=Direction.OUT,
            source="staff",
            id__gt=trigger.id,
        )
        .exclude(text="")
        .order_by("-id")
        .first()
    )
    return (before.id, answered.text) if answered is not None else None


async def _known_topic(
    ctx: AdminContext, conversation: Conversation, message_id: int
) -> str | None:
    """The topic that answers the card's question by now, as the bot would match it for the
    guest (the same test /unanswered leaves answered questions out with)."""
    message = await Message.get(id=message_id)
    guest = await Guest.get_or_none(id=conversation.guest_id)
    hotel = await Hotel.get(id=conversation.hotel_id)
    language = (guest.language if guest else None) or hotel.language_list[0]
    index = await ctx.flow.brain.knowledge.index(hotel.id)
    found = await asyncio.to_thread(index.match, message.text, language)
    return found.topic if found is not None else None


async def card_prompt(ctx: AdminContext, actor: Actor, conversation_id: int) -> Step:
    """A card's "Save as answer": the /unanswered dialog for the guest's question, the staff
    answer filled in. The role is checked before anything about the conversation is said."""
    conversation = await Conversation.get_or_none(id=conversation_id)
    if conversation is None:
        if not actor.super_admin:
            await require(actor, Permission.HOTEL_EDIT, -1)
        raise Stale(conversation_id)
    await require(actor, Permission.HOTEL_EDIT, conversation.hotel_id)
    found = await card_question(conversation)
    if found is None:
        raise Stale(conversation_id)
    message_id, answer = found
    known = await _known_topic(ctx, conversation, message_id)
    if known is not None:  # saved already (the button stays on the card): no second entry
        return Step(Reply(ctx.t(actor, "admin.unanswered.card_known", topic=known)), fresh=True)
    step = await save_prompt(ctx, actor, message_id, answer)
    return replace(step, data={**step.data, "conversation_id": conversation.id})


def _ask_answer(
    ctx: AdminContext, actor: Actor, question: str, language: str, hotel: Hotel
) -> Reply:
    """The prompt for the answer to save, with the way to add the question to a topic."""
    text = ctx.t(
        actor,
        "admin.unanswered.ask_answer",
        question=question,
        language=language,
        hotel=hotel.name,
    )
    rows = [[Button.of(ctx.t(actor, "admin.unanswered.btn_existing"), AREA, "topics", 0)]]
    return Reply(fit(text), rows)


async def _draft_hotel(actor: Actor, draft: dict[str, Any]) -> Hotel:
    """The draft's hotel, with the role re-checked (roles change; the draft may be old)."""
    hotel_id = draft.get("hotel_id")
    if not isinstance(hotel_id, int) or not isinstance(draft.get("message_id"), int):
        raise Stale(hotel_id)
    await require(actor, Permission.HOTEL_EDIT, hotel_id)
    hotel = await Hotel.get_or_none(id=hotel_id)
    if hotel is None:
        raise Stale(hotel_id)
    return hotel


def _checked(field_name: str, text: str) -> str:
    """A typed answer, question or topic, by the knowledge's own length checks."""
    if field_name == "language":
        value = text.strip().lower()
        if not is_code(value):
            raise BadDraft("language", language=value[:20])
    elif field_name == "answer":
        value = check_text("answer", text)
    elif field_name == "question":
        value = check_text("question", " ".join(text.split()))
    else:
        value = check_text("topic", " ".join(text.split()))
    if not value:
        raise InvalidInput("empty")
    return value


async def typed(ctx: AdminContext, actor: Actor, draft: dict[str, Any], text: str) -> Step:
    """A text typed in the dialog: it changes the draft's `field`; then the preview."""
    hotel = await _draft_hotel(actor, draft)
    field_name = str(draft.get("field") or "answer")
    if field_name not in FIELDS:
        raise Stale(field_name)
    try:
        value = _checked(field_name, text)
        if field_name == "topic" and await KnowledgeEntry.exists(hotel_id=hotel.id, topic=value):
            raise InvalidInput("topic_taken", topic=value)
    except (InvalidInput, InvalidKnowledge, BadDraft) as exc:
        again = ctx.t(actor, "admin.unanswered.try_again")
        return Step(Reply(f"{ctx.refusal(actor, exc)}\n{again}"), "text", draft)
    new = {**draft, field_name: value}
    if field_name == "answer":
        new["entry_id"] = None  # a typed answer makes a new entry, whatever was picked before
    return await preview(ctx, actor, hotel, new)


async def preview(ctx: AdminContext, actor: Actor, hotel: Hotel, draft: dict[str, Any]) -> Step:
    """The knowledge entry the draft will store (or the phrasing it adds), with its buttons."""
    lang, question = str(draft["language"]), str(draft["question"])
    entry_id = draft.get("entry_id")
    if entry_id is not None:
        entry = await KnowledgeEntry.get_or_none(id=entry_id, hotel_id=hotel.id)
        if entry is None:
            raise Stale(entry_id)
        current = entry.answer.get(lang) or next(iter(entry.answer.values()), "")
        text = ctx.t(
            actor,
            "admin.unanswered.preview_add",
            topic=entry.topic,
            language=lang,
            question=question,
            answer=_quote(str(current), SHOWN_ANSWER),
        )
        rows = [
            [Button.of(ctx.t(actor, "admin.unanswered.btn_confirm"), AREA, "ok")],
            [
                Button.of(ctx.t(actor, "admin.unanswered.btn_edit_question"), AREA, "edit", "q"),
                Button.of(ctx.t(actor, "admin.unanswered.btn_other_topic"), AREA, "topics", 0),
            ],
            [Button.of(ctx.t(actor, "admin.unanswered.btn_new_entry"), AREA, "edit", "a")],
        ]
        return Step(Reply(fit(text), rows), "text", {**draft, "field": "question"})
    if not draft.get("answer"):  # nothing to show yet: ask for the answer again
        draft = {**draft, "field": "answer"}
        return Step(_ask_answer(ctx, actor, question, lang, hotel), "text", draft)
    text = ctx.t(
        actor,
        "admin.unanswered.preview_new",
        topic=draft["topic"],
        language=lang,
        question=question,
        answer=draft["answer"],
        field=ctx.t(actor, f"admin.unanswered.field_{draft.get('field') or 'answer'}"),
    )
    rows = [
        [Button.of(ctx.t(actor, "admin.unanswered.btn_confirm"), AREA, "ok")],
        [
            Button.of(ctx.t(actor, "admin.unanswered.btn_edit_answer"), AREA, "edit", "a"),
            Button.of(ctx.t(actor, "admin.unanswered.btn_edit_question"), AREA, "edit", "q"),
            Button.of(ctx.t(actor, "admin.unanswered.btn_edit_topic"), AREA, "edit", "t"),
        ],
        [
            Button.of(ctx.t(actor, "admin.unanswered.btn_edit_language"), AREA, "edit", "l"),
            Button.of(ctx.t(actor, "admin.unanswered.btn_existing"), AREA, "topics", 0),
        ],
    ]
    return Step(Reply(fit(text), rows), "text", draft)


_EDIT = {"a": "answer", "q": "question", "t": "topic", "l": "language"}


async def edit_press(
    ctx: AdminContext, actor: Actor, draft: dict[str, Any], args: Sequence[str]
) -> Step:
    """Change the answer, the question or the topic: the next typed text replaces it."""
    hotel = await _draft_hotel(actor, draft)
    field_name = _EDIT.get(args[0]) if len(args) == 1 else None
    if field_name is None:
        raise Stale(args)
    new = {**draft, "field": field_name}
    if field_name == "answer":
        new["entry_id"] = None
    current = str(draft.get(field_name) or "—")
    text = ctx.t(
        actor, f"admin.unanswered.ask_{field_name}_edit", current=current, hotel=hotel.name
    )
    return Step(Reply(fit(text)), "text", new, fresh=True)


async def topics_press(
    ctx: AdminContext, actor: Actor, draft: dict[str, Any], args: Sequence[str]
) -> Step:
    """The hotel's topics to add the question to: the matcher's candidates first, then the
    rest by name, CARD_PAGE a page."""
    hotel = await _draft_hotel(actor, draft)
    page = parse_id(args[0], zero=True) if len(args) == 1 else None
    if page is None:
        raise Stale(args)
    entries = await KnowledgeEntry.filter(hotel_id=hotel.id).order_by("topic")
    if not entries:
        return Step(Reply(ctx.t(actor, "admin.unanswered.no_topics")), "text", draft)
    index = await ctx.flow.brain.knowledge.index(hotel.id)
    ranked = await asyncio.to_thread(index.rank, str(draft["question"]))
    first = [index.items[i].topic for i, _ in ranked[:CARD_PAGE]]
    by_topic = {e.topic: e for e in entries}
    ordered = [by_topic[t] for t in first if t in by_topic]
    ordered += [e for e in entries if e.topic not in first]
    pages = (len(ordered) + CARD_PAGE - 1) // CARD_PAGE
    page = min(page, pages - 1)
    shown = ordered[page * CARD_PAGE : (page + 1) * CARD_PAGE]
    rows = [[Button.of(e.topic[:40], AREA, "into", e.id)] for e in shown]
    nav = []
    if page > 0:
        nav.append(
            Button.of(ctx.t(actor, "admin.unanswered.btn_previous"), AREA, "topics", page - 1)
        )
    if page < pages - 1:
        nav.append(Button.of(ctx.t(actor, "admin.unanswered.btn_next"), AREA, "topics", page + 1))
    if nav:
        rows.append(nav)
    text = ctx.t(
        actor,
        "admin.unanswered.pick_topic",
        question=draft["question"],
        page=page + 1,
        pages=pages,
    )
    return Step(Reply(fit(text), rows), "text", draft)


async def into_press(
    ctx: AdminContext, actor: Actor, draft: dict[str, Any], args: Sequence[str]
) -> Step:
    """A topic picked: the preview of the phrasing added to it."""
    hotel = await _draft_hotel(actor, draft)
    entry_id = parse_id(args[0]) if len(args) == 1 else None
    if (
        entry_id is None
        or entry_id > INT_MAX
        or not await KnowledgeEntry.exists(id=entry_id, hotel_id=hotel.id)
    ):
        raise Stale(args)
    return await preview(ctx, actor, hotel, {**draft, "entry_id": entry_id})


async def confirm(ctx: AdminContext, actor: Actor, draft: dict[str, Any]) -> Step:
    """Store the draft as knowledge (validated as an import is), rebuild the hotel's index,
    audit it. A refusal (a taken topic, a limit) keeps the dialog open to fix it."""
    hotel = await _draft_hotel(actor, draft)
    lang, question = str(draft["language"]), str(draft["question"])
    entry_id = draft.get("entry_id")
    try:
        if entry_id is not None:
            entry = await KnowledgeEntry.get_or_none(id=entry_id, hotel_id=hotel.id)
            if entry is None:
                raise Stale(entry_id)
            phrasings = list(entry.questions.get(lang, []))
            if question not in phrasings:
                phrasings.append(question)
            if len(phrasings) > KNOWLEDGE_QUESTIONS:
                raise InvalidKnowledge(
                    "knowledge_questions_many",
                    entry=entry.topic,
                    language=lang,
                    limit=KNOWLEDGE_QUESTIONS,
                )
            questions = {**entry.questions, lang: phrasings}
            parse_entries(
                {
                    "entries": [
                        {"topic": entry.topic, "questions": questions, "answer": entry.answer}
                    ]
                }
            )
            before = {"topic": entry.topic, "questions": entry.questions.get(lang, [])}
            entry.questions = questions
            await entry.save()
            topic, action, answer = entry.topic, "unanswered_phrasing", None
        else:
            if not draft.get("answer"):
                raise Stale("answer")
            topic = str(draft["topic"])
            if await KnowledgeEntry.exists(hotel_id=hotel.id, topic=topic):
                raise InvalidInput("topic_taken", topic=topic)
            answer = str(draft["answer"])
            items = parse_entries(
                {
                    "entries": [
                        {"topic": topic, "questions": {lang: [question]}, "answer": {lang: answer}}
                    ]
                }
            )
            await import_entries(hotel.id, items)
            before, action = {}, "unanswered_saved"
    except (InvalidInput, InvalidKnowledge) as exc:
        shown = await preview(ctx, actor, hotel, draft)
        why = f"{ctx.refusal(actor, exc)}\n{ctx.t(actor, 'admin.unanswered.fix_and_confirm')}"
        return Step(
            Reply(fit(f"{why}\n\n{shown.reply.text}"), shown.reply.buttons), "text", shown.data
        )
    forget(ctx, hotel)
    await ctx.flow.brain.knowledge.index(hotel.id)  # rebuilt now, not by the next guest
    after: dict[str, Any] = {
        "topic": topic,
        "language": lang,
        "question": question,
        "message_id": draft["message_id"],
    }
    if answer is not None:
        after["answer"] = answer
    if draft.get("conversation_id") is not None:  # saved from a conversation's card
        after["conversation"] = draft["conversation_id"]
    await audit(actor, action, hotel.id, before=before, after=after)
    text = ctx.t(actor, "admin.unanswered.saved", topic=topic, question=question)
    return Step(Reply(fit(text)))
