"""Answering one stored guest message: gather what we know, decide, write the outcome.

All reads and the optional AI call happen first (everything that needs no model is decided
before it; the model call waits without holding a processor slot, see `processor.unslotted`,
and only while the breaker is closed and the hotel's daily budget lasts); then one
transaction writes the guest, the conversation, any service request and events, the replies
(into the outbox) and marks the message processed. A crash before the commit leaves the
message `received`, and it is redone at the next start; after the commit, the replies are
safely in the outbox. The common answer (no request, no handoff) shares its transaction with
other answers finished at the same time.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tortoise import timezone
from tortoise.transactions import in_transaction

from bot import iso639
from bot.guest_flow import ai_context, clarify, followup, pending, service_requests
from bot.guest_flow.ai_budget import model_ready
from bot.guest_flow.ai_context import Question
from bot.guest_flow.ai_tools import ModelReply
from bot.guest_flow.batch import GroupCommit
from bot.guest_flow.decide import Decision, Reply, Situation, decide, is_open, settled
from bot.guest_flow.flood import FloodGuard
from bot.guest_flow.intents import Intent, IntentClassifier
from bot.guest_flow.knowledge import KnowledgeBase
from bot.guest_flow.language import (
    DECISIVE_VOTES,
    MIN_LETTERS,
    LanguageDetection,
    function_word_votes,
)
from bot.guest_flow.matching import KnowledgeIndex, Match, matched_item
from bot.guest_flow.notifications import IncomingMessage, parse
from bot.guest_flow.processor import unslotted
from bot.guest_flow.reply_language import NOTICE_TEMPLATE, ReplyLanguage, reply_language
from bot.guest_flow.templates import HotelTemplates, TemplateBook
from bot.guest_flow.textnorm import script_of
from bot.guest_flow.translate import Translator
from bot.i18n import I18n
from bot.limits import CLARIFY_REPLY_WORDS, GUEST_READ_CHARS
from bot.metrics import Metrics
from bot.store import fast
from bot.store.hotels import HotelAccess, HotelDirectory
from bot.store.models import (
    Conversation,
    ConversationState,
    Direction,
    Event,
    Guest,
    Message,
    MessageStatus,
)

if TYPE_CHECKING:  # openai loads only when an API key is configured
    from bot.guest_flow.ai import AIAnswerer
    from bot.guest_flow.ai_embed import Embeddings


@dataclass
class Brain:
    """The parts that understand a guest, shared by every message."""

    i18n: I18n
    directory: HotelDirectory
    templates: TemplateBook
    knowledge: KnowledgeBase
    intents: IntentClassifier
    language: LanguageDetection
    flood: FloodGuard
    ai: AIAnswerer | None
    handoff_release: timedelta
    metrics: Metrics
    # Set by the app: answers a registered staff phone (None: the sender is a guest).
    staff: StaffHook | None = None
    # With a model: hotel texts translated into a guest's language (translate.py).
    translator: Translator | None = None
    # Set by the app when OPENAI_EMBEDDINGS_MODEL is: a third ranking for retrieval.
    embeddings: Embeddings | None = None
    answers: GroupCommit[fast.Answer, None] = field(
        default_factory=lambda: GroupCommit(fast.store_answers, fast.store_answer_alone)
    )
    # Chats (hotel, chat id) known to have had the polite "we answer in X" line.
    told: set[tuple[int, str]] = field(default_factory=set)
    # Chats (hotel, chat id) known to have no "which one did you mean?" question pending: their
    # short messages need no look-up in the store (`_picked`). A restart starts it empty.
    unasked: set[tuple[int, str]] = field(default_factory=set)


StaffHook = Callable[[HotelAccess, str, str], Awaitable[str | None]]
NO_INTENT = Intent("none")
# Intents that win over picking one of the offered topics (`_picked`): the guest's consent and
# an ask for a person (a reply whose words an offered entry happens to hold, "STOP" or "a
# person" where an answer says "per person", is not a choice).
OVER_A_PICK = frozenset({"opt_out", "opt_in", "human", "angry"})
# `last_seen` is for people reading a guest card: a minute's precision spares a write per message.
GUEST_SEEN_RESOLUTION = timedelta(minutes=1)
# Chats remembered as told in one process before the set starts afresh (then the store says).
TOLD_REMEMBERED = 100_000
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "kk", "mk"})


def addressed(message: IncomingMessage, wid: str | None) -> bool:
    """In a group the bot speaks only when mentioned or when its own message is quoted."""
    if not wid:
        return False
    number = wid.split("@")[0]
    return f"@{number}" in message.text or message.quoted_participant == wid


def script_fits(lang: str, text: str) -> bool:
    """Whether `text` could be written in `lang`, judged by its letters' alphabet alone."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters) > len(letters) / 2
    return cyrillic == (lang in CYRILLIC_LANGUAGES)


def guest_language(
    brain: Brain, served: Sequence[str], remembered: str | None, text: str
) -> str | None:
    """The language the guest writes in: detected when the text says enough; else the one
    remembered (always for a short text: "ok" must not flip a Russian guest to English, and
    otherwise when its alphabet fits); else the first served language whose alphabet fits.

    A guest known to write a served language keeps it when the message is read as an unserved
    one by letter statistics alone (fewer than `DECISIVE_VOTES` of its function words): they
    read short Russian as Ukrainian ("до скольки надо выехать") and Russian in Latin letters
    as Polish, French, Spanish... (15 of the quality corpus' 181 Russian messages), which
    answered a Russian guest in English, told so in French, or translated into French."""
    detected = brain.language.detect(text) if text else None
    if (
        detected
        and remembered in served
        and detected not in served
        and script_of(text) != "other"  # Greek, Japanese...: the alphabet itself tells
        and function_word_votes(text).get(detected, 0) < DECISIVE_VOTES
    ):
        return remembered
    if detected and script_fits(detected, text):
        return detected
    letters = sum(ch.isalpha() for ch in text)
    if remembered and (letters < MIN_LETTERS or script_fits(remembered, text)):
        return remembered
    fitting = [lang for lang in served if script_fits(lang, text)]
    return fitting[0] if fitting and letters else remembered


def texts_in(brain: Brain, book: HotelTemplates) -> frozenset[str]:
    """Languages every guest text can be written in for this hotel: the built-in guest
    catalogs and the languages the hotel wrote every template in itself."""
    return brain.i18n.guest_languages | book.complete_languages()


def pick_language(
    brain: Brain,
    hotel: HotelAccess,
    remembered: str | None,
    text: str,
    book: HotelTemplates | None = None,
    *,
    told: bool = True,
) -> ReplyLanguage:
    """The guest's language and the reply language (`reply_language`'s rules); `told`: the
    polite line is not due (the caller checks the store when the first answer says it is)."""
    texts = texts_in(brain, book) if book is not None else brain.i18n.guest_languages
    served = [lang for lang in hotel.languages if lang in texts]
    own = guest_language(brain, served, remembered, text)
    return reply_language(own, hotel.languages, texts, told=told)


def _translation_target(brain: Brain, choice: ReplyLanguage) -> str | None:
    """The guest's language when its texts may be translated for this reply: a model is
    configured and up, and the guest is answered in another language (`translate.py`)."""
    translator = brain.translator
    if translator is None or not translator.available or choice.served:
        return None
    return choice.guest


def answers_in(
    matches: Iterable[Match], index: KnowledgeIndex, order: Sequence[str]
) -> list[Match]:
    """Each of `matches` with its entry's answer in the first language of `order` it has."""
    return [_answer_in(match, index, order) for match in matches]


def _answer_in(match: Match, index: KnowledgeIndex, order: Sequence[str]) -> Match:
    """The matched entry's answer in the first language of `order` it has (the reply language,
    then the hotel's in its order), not merely the entry's first one; else as matched."""
    if match.language == order[0]:
        return match
    item = matched_item(index, match)
    for lang in order:
        text = item.answer.get(lang) if item is not None else None
        if text:
            return replace(match, answer=text, language=lang)
    return match


async def _told(brain: Brain, hotel_id: int, chat_id: str) -> bool:
    """Whether this chat already had the polite line (kept in the outbox: nothing to migrate)."""
    key = (hotel_id, chat_id)
    if key in brain.told:
        return True
    told = await Message.exists(
        hotel_id=hotel_id, chat_id=chat_id, direction=Direction.OUT, source=NOTICE_TEMPLATE
    )
    if told:
        if len(brain.told) > TOLD_REMEMBERED:
            brain.told.clear()
        brain.told.add(key)
    return told


def _with_notice(
    replies: list[tuple[str, str]],
    choice: ReplyLanguage,
    book: HotelTemplates,
    hotel: HotelAccess,
    brain: Brain,
) -> list[tuple[str, str]]:
    """The polite line first, in its own language, when due and the bot says anything."""
    if not replies or choice.notice is None:
        return replies
    name = brain.i18n.catalogs.get(choice.notice, {}).get(
        f"guest.language_names.{choice.language}"
    ) or iso639.name(choice.language)
    notice = book.render(NOTICE_TEMPLATE, choice.notice, hotel=hotel.name, language=name)
    return [(notice, NOTICE_TEMPLATE), *replies]


async def _guest_and_conversation(
    hotel_id: int, chat_id: str, name: str
) -> tuple[Guest, Conversation, bool]:
    """One query for a known guest; a new one is created (one chat is never processed twice
    at once, so there is no race to create the same guest)."""
    found = await fast.guest_with_conversation(hotel_id, chat_id)
    if found is None:
        return (*await fast.create_guest(hotel_id, chat_id, name or None, timezone.now()), True)
    guest, known = found
    if known is not None:
        return guest, known, False
    return guest, await fast.create_conversation(hotel_id, guest.id, timezone.now()), False


def _render(
    decision: Decision,
    book: HotelTemplates,
    lang: str,
    hotel: HotelAccess,
    brain: Brain,
    request_number: int | None,
) -> list[tuple[str, str]]:
    values: dict[str, Any] = {
        "hotel": hotel.name,
        "hours": hotel.hours,
        "number": request_number or "",
        "request": book.request(decision.request_kind or "other", lang),
    }
    rendered = []
    for reply in decision.replies:
        if reply.template:
            text = book.render(reply.template, lang, **values, **dict(reply.values))
            source = reply.template if reply.source == "template" else reply.source
            rendered.append((text, source))
        elif reply.text:
            rendered.append((reply.text, reply.source))
    return rendered


async def process_message(
    brain: Brain,
    message_id: int,
    wake_outbox: Callable[[], None],
    fresh: IncomingMessage | None = None,
) -> None:
    """`fresh`: the notification just stored, so it need not be read back; None on recovery."""
    started = time.perf_counter()
    incoming: object = fresh
    if fresh is None:
        stored = await Message.get_or_none(id=message_id)
        if stored is None or stored.status != MessageStatus.RECEIVED:
            return  # already handled (a duplicate submit or a restart race)
        if await Message.exists(reply_to_id=message_id):
            # Answered just before a crash, not yet marked: mark it, don't answer twice.
            await fast.mark_processed(message_id, stored.guest_id, "recovered", timezone.now())
            return
        incoming = parse(stored.payload)
        hotel = await brain.directory.by_id(stored.hotel_id)
    else:
        hotel = await brain.directory.by_instance(fresh.instance_id)
    if hotel is None or not isinstance(incoming, IncomingMessage):
        await fast.mark_processed(message_id, None, "silent", timezone.now())
        return
    chat_id = incoming.chat_id
    if brain.staff is not None and not incoming.is_group and incoming.text:
        answer = await brain.staff(hotel, chat_id, incoming.text)
        if answer is not None:
            now = timezone.now()
            async with in_transaction():
                await fast.insert_replies(
                    hotel.hotel_id, None, chat_id, [(answer, "staff_command")], message_id, now
                )
                await fast.mark_processed(message_id, None, "staff", now)
            wake_outbox()
            return
    guest, conversation, first = await _guest_and_conversation(
        hotel.hotel_id, chat_id, incoming.sender_name
    )
    book = await brain.templates.for_hotel(hotel.hotel_id)
    choice = pick_language(brain, hotel, guest.language, incoming.text, book, told=False)
    if choice.notice is not None and await _told(brain, hotel.hotel_id, chat_id):
        choice = ReplyLanguage(choice.language, choice.guest)
    lang = choice.language
    now = timezone.now()
    held = conversation.state == ConversationState.HUMAN
    if (
        held
        and conversation.handed_off_at
        and now - conversation.handed_off_at > (brain.handoff_release)
    ):
        held = False  # nobody took the chat for hours: the bot helps again
    text = incoming.text
    # What the guest's words are read in (kept whole in the store): reading costs the loop
    # time growing with the words (`GUEST_READ_CHARS`).
    words = text[:GUEST_READ_CHARS]
    index = await brain.knowledge.index(hotel.hotel_id)
    reads = choice.guest or lang  # the language the guest's words are read in
    # The answer to "which one did you mean?" (clarify.py), when the bot just asked that.
    picked = await _picked(brain, index, hotel.hotel_id, incoming, message_id, reads, first, now)
    intent = brain.intents.classify(words, reads) if text else NO_INTENT
    if intent.kind in OVER_A_PICK:
        picked = None  # "STOP" is no pick of the entry that says "stop by any time"
    elif picked is not None:
        intent = NO_INTENT  # "towels" picks the pool towels topic: it files no request
    situation = Situation(
        kind=incoming.kind,
        text=text,
        is_group=incoming.is_group,
        addressed=addressed(incoming, hotel.wid),
        undecryptable=incoming.undecryptable,
        first_message=first,
        opted_out=guest.opted_out,
        held_by_person=held,
        paused=hotel.paused,
        flood=brain.flood.check(hotel.hotel_id, chat_id, time.monotonic()),
        open_now=is_open(now, hotel.timezone, hotel.hours_open, hotel.hours_close),
        intent=intent,
    )
    # Matching is the costliest step: skip it when the intent already decides.
    if text and intent.reads_knowledge and not incoming.undecryptable:
        found = (
            [picked]
            if picked is not None
            else await _read(brain, index, hotel.hotel_id, chat_id, message_id, words, reads, now)
        )
        answered = answers_in(found, index, [lang, *hotel.languages])
        intent, answered = settled(brain.intents, intent, answered, index)
        situation = replace(situation, intent=intent)
        if answered:
            situation = replace(situation, match=answered[0], also=tuple(answered[1:]))
    if situation.match is None and situation.intent.kind == "none" and text:
        # Two topics too close to choose: ask the guest rather than guess; with no model to
        # answer, one or two likely topics too, rather than give up (clarify.py).
        async def no_model() -> bool:
            return not await model_ready(brain.ai, hotel.hotel_id, hotel.timezone, now)

        asking = await pending.ask(
            index, hotel.hotel_id, words, reads, [lang, *hotel.languages], no_model=no_model
        )
        situation = replace(situation, clarify=asking)
        if asking is not None:
            brain.unasked.discard((hotel.hotel_id, chat_id))
    # A disabled hotel keeps every message but says nothing.
    decision = decide(situation) if hotel.enabled else Decision()
    # With a model, a guest whose language the hotel lacks may still read it: the texts the
    # reply needs are translated (begun now, so the model's answer is not waited for twice).
    target = _translation_target(brain, choice)
    items = (
        [i for m in (situation.match, *situation.also) if (i := matched_item(index, m))]
        if target
        else []
    )
    until = 0.0
    if target and brain.translator is not None:
        until = brain.translator.deadline()
        await brain.translator.prepare(
            hotel, target, lang, decision.replies, book, items, now, decision.request_kind
        )
    if decision.wants_ai and brain.ai is not None:
        modelled = await _ask_model(
            brain.ai, brain, hotel, chat_id, message_id, words, lang, now, index
        )
        if modelled is not None:
            lang = _apply(decision, modelled, lang, brain, hotel, situation.open_now)
    if lang != choice.language:  # the model set the guest's language
        choice = ReplyLanguage(lang, lang)
    elif target and brain.translator is not None:
        localized = await brain.translator.localize(
            hotel, target, lang, decision.replies, book, items, now, until, decision.request_kind
        )
        if localized is not None:  # else: the first language, and the polite line
            decision.replies, book = localized
            lang, choice = target, ReplyLanguage(target, target)
    own = choice.guest or lang  # remembered as the guest's, even when we answer in another
    new_name = incoming.sender_name if incoming.sender_name and not guest.name else None
    release = conversation.state == ConversationState.HUMAN and not held
    if not (decision.request_kind or decision.handoff or decision.notify_staff or release):
        # The common case: replies, the guest's row and the processed mark, written together
        # with the answers to other guests finished at the same moment (group commit).
        replies = _with_notice(
            _render(decision, book, lang, hotel, brain, None), choice, book, hotel, brain
        )
        changed = (
            new_name
            or decision.opt_out is not None
            or guest.language != own
            or now - guest.last_seen > GUEST_SEEN_RESOLUTION
        )
        await brain.answers.add(
            fast.Answer(
                message_id,
                hotel.hotel_id,
                guest.id,
                chat_id,
                replies,
                decision.outcome,
                now,
                (own, decision.opt_out, new_name) if changed else None,
            )
        )
        _done(brain, replies, wake_outbox, started)
        return

    async with in_transaction():
        request_number, merged = None, False
        if decision.request_kind:
            kind, note = decision.request_kind, decision.note
            filed = await service_requests.file(
                hotel.hotel_id, guest.id, message_id, kind, text, note, now
            )
            request_number, merged = filed.number, filed.merged
            if merged:  # the same request still open: told it joined, not a new number
                decision.replies = service_requests.merged_replies(decision.replies)
        replies = _with_notice(
            _render(decision, book, lang, hotel, brain, request_number), choice, book, hotel, brain
        )
        await fast.insert_replies(hotel.hotel_id, guest.id, chat_id, replies, message_id, now)
        await fast.touch_guest(guest.id, now, own, decision.opt_out, new_name)
        if decision.handoff and not held:  # a paused hotel's held chat: the same handoff
            # A new handoff starts clean: whoever held or answered the last one (a chat the
            # 12-hour release handed back keeps them) is not the holder of this one.
            await Conversation.filter(id=conversation.id).update(
                state=ConversationState.HUMAN,
                handoff_reason=decision.handoff,
                handed_off_at=now,
                taken_by=None,
                taken_by_name=None,
                taken_at=None,
                first_staff_reply_at=None,
            )
        elif release:
            await Conversation.filter(id=conversation.id).update(state=ConversationState.BOT)
        if decision.notify_staff:
            await Event.create(
                hotel_id=hotel.hotel_id,
                kind=_event_kind(decision),
                payload={
                    "chat_id": chat_id,
                    "guest_id": guest.id,
                    "message_id": message_id,
                    "text": text[:1000],
                    "kind": incoming.kind,
                    "reason": decision.note or decision.handoff,
                    "request_id": request_number,
                    "request_kind": decision.request_kind,
                    "merged": merged,  # staff's request card is edited, not sent again
                },
            )
        await fast.mark_processed(message_id, guest.id, decision.outcome, timezone.now())
    _done(brain, replies, wake_outbox, started)


async def _picked(
    brain: Brain,
    index: KnowledgeIndex,
    hotel_id: int,
    incoming: IncomingMessage,
    message_id: int,
    lang: str,
    first: bool,
    now: datetime,
) -> Match | None:
    """The topic a guest picks, by number or words, in the message right after the bot asked
    which one they meant (`pending.offered`); None for any other message. Only a short
    message of a chat that may have a question pending can be such an answer, so most
    messages cost no query."""
    text = incoming.text
    key = (hotel_id, incoming.chat_id)
    if (
        first
        or incoming.is_group
        or incoming.undecryptable
        or not text
        or key in brain.unasked
        or clarify.words_in(text) > CLARIFY_REPLY_WORDS
    ):
        return None
    ids = await pending.offered(hotel_id, incoming.chat_id, message_id, now)
    if ids is None:
        if len(brain.unasked) > TOLD_REMEMBERED:
            brain.unasked.clear()
        brain.unasked.add(key)
        return None
    return await pending.chosen(index, hotel_id, ids, text, lang)


async def _read(
    brain: Brain,
    index: KnowledgeIndex,
    hotel_id: int,
    chat_id: str,
    message_id: int,
    text: str,
    lang: str,
    now: datetime,
) -> list[Match]:
    """The knowledge answers for a message: one, or one per question when it asks several,
    each clearly about its own topic (`KnowledgeIndex.answers`); a follow-up ("and is it
    heated?") is read with the guest's previous question too (`followup.reading` decides
    which reading counts), unless it asks several things that name their own topics ("and
    wifi? and parking?")."""
    answers = index.answers(text, lang)
    refers = followup.refers_back(text)
    if refers is None or len(answers) > 1:
        return answers
    earlier = await ai_context.earlier_question(hotel_id, chat_id, message_id, now)
    if not earlier:
        return answers
    follow_up = followup.reading(
        index.best(text, lang),
        index.best(f"{earlier} {text}", lang),
        refers,
        model=brain.ai is not None and brain.ai.available,
    )
    return [] if follow_up is None else [follow_up]


async def _ask_model(
    ai: AIAnswerer,
    brain: Brain,
    hotel: HotelAccess,
    chat_id: str,
    message_id: int,
    text: str,
    lang: str,
    now: datetime,
    index: KnowledgeIndex,
) -> ModelReply | None:
    """The model's answer or action, or None: breaker open, budget spent, or the call failed.

    The model answers in the language the guest wrote in, whichever it is (the templates
    around it stay in the hotel's languages); the facts go in the hotel's language."""
    if not await model_ready(ai, hotel.hotel_id, hotel.timezone, now):
        return None
    turns = await ai_context.history(hotel.hotel_id, chat_id, message_id, now)
    semantic: list[int] = []
    if brain.embeddings is not None:
        async with unslotted():  # at most AI_EMBED_SECONDS, and only once entries have vectors
            semantic = await brain.embeddings.ranking(hotel.hotel_id, index, text)
    question = Question(
        text=text,
        language=brain.language.detect(text) or lang,
        hotel=hotel.name,
        facts=ai_context.relevant(
            index,
            await ai_context.retriever(index),
            text,
            ai_context.last_guest_text(turns),
            semantic=semantic,
        ),
        fact_language=lang,
        history=turns,
        clock=ai_context.clock_line(now, hotel.timezone, hotel.hours),
    )
    async with unslotted():
        return await ai.answer(
            question, hotel_id=hotel.hotel_id, chat_id=chat_id, message_id=message_id
        )


def _apply(
    decision: Decision,
    answer: ModelReply,
    lang: str,
    brain: Brain,
    hotel: HotelAccess,
    open_now: bool,
) -> str:
    """The model's answer or action written into the decision, as the rules would have
    decided it (so it is stored the same way, in the same transaction); returns the guest's
    language, changed when the model set one the hotel offers."""
    action = answer.action
    decision.wants_ai = False
    decision.replies = [
        r for r in decision.replies if r.template not in ("fallback", "after_hours")
    ]
    if action.request_kind:
        decision.request_kind, decision.outcome = action.request_kind, "request"
        decision.note, decision.notify_staff = action.request_details, True
        decision.replies.append(Reply(template="request_received"))
    elif action.handoff:
        decision.handoff, decision.outcome = "ai", "handoff"
        decision.note, decision.notify_staff = f"ai: {action.handoff}", True
        decision.replies.append(Reply(template="handoff"))
    if answer.text:
        decision.replies.append(Reply(text=answer.text, source="ai"))
        if not action.acts:
            decision.outcome = "ai"
    elif not action.acts:  # only a language set: the fallback stays the answer
        decision.replies.append(Reply(template="fallback"))
    if action.acts and not open_now:
        decision.replies.append(Reply(template="after_hours"))
    offered = [code for code in hotel.languages if code in brain.i18n.guest_languages]
    return action.language if action.language in offered else lang


def _done(
    brain: Brain, replies: list[tuple[str, str]], wake_outbox: Callable[[], None], started: float
) -> None:
    if replies:
        wake_outbox()
    brain.metrics.processing.observe(time.perf_counter() - started)


def _event_kind(decision: Decision) -> str:
    if decision.handoff:
        return "handoff"
    if decision.request_kind:
        return "service_request"
    return "guest_message"
