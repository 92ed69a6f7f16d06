"""What the bot does with one guest message: a pure function of what we know.

Everything with I/O (loading the guest, matching, the AI call, writing the outcome) lives in
`conversation.py`; keeping the rules here makes every branch testable without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.guest_flow import clarify
from bot.guest_flow.flood import FloodVerdict
from bot.guest_flow.intents import FAULTS, Intent, IntentClassifier, settle
from bot.guest_flow.matching import KnowledgeIndex, Match, matched_item
from bot.guest_flow.notifications import FILE_KINDS, SILENT_KINDS

TEXT_KINDS = frozenset(
    {
        "textMessage",
        "extendedTextMessage",
        "quotedMessage",
        "buttonsResponseMessage",
        "templateButtonReplyMessage",
        "templateButtonsReplyMessage",
        "interactiveButtonsResponse",
        "interactiveButtonsReply",
        "listResponseMessage",
    }
)
QUIET_KINDS = SILENT_KINDS | {"pollMessage", "groupInviteMessage", "interactiveButtons"}
PERSON_KINDS = frozenset({"locationMessage", "contactMessage", "contactsArrayMessage"})
SMALL_TALK_WORDS = 3


# The outcomes of a question the bot could not answer: the fallback ("I don't know"), and likely
# topics offered with no model to answer ("is it about this?"). /unanswered lists them.
UNANSWERED: tuple[str, ...] = ("fallback", "unsure")


@dataclass(frozen=True)
class Situation:
    kind: str
    text: str
    is_group: bool = False
    addressed: bool = False
    undecryptable: bool = False
    first_message: bool = False
    opted_out: bool = False
    held_by_person: bool = False
    paused: bool = False  # `/bot off`: the hotel's staff answer every guest themselves
    flood: FloodVerdict = FloodVerdict.OK
    open_now: bool = True
    intent: Intent = field(default_factory=lambda: Intent("none"))
    match: Match | None = None
    # The answers to the message's further questions, each clearly about a topic of its own
    # ("wifi password? and is there parking"): sent after `match`'s, in the guest's order.
    also: tuple[Match, ...] = ()
    # Two topics too close to choose between, or (no model) one or two only likely: the guest
    # is asked which one they mean (`clarify.py`).
    clarify: clarify.Clarification | None = None


@dataclass(frozen=True)
class Reply:
    """A template by key, or a ready text (a knowledge or AI answer). `values`: this reply's
    own placeholders (the options of a `clarify` question); `source`, when not "template",
    is what the outbox row records for a template too (the pending question's entries);
    `topic`: the entry a knowledge answer is, for its translation (`translate.py`)."""

    template: str | None = None
    text: str | None = None
    source: str = "template"
    values: tuple[tuple[str, str], ...] = ()
    topic: str | None = None


@dataclass
class Decision:
    replies: list[Reply] = field(default_factory=list)
    handoff: str | None = None
    request_kind: str | None = None
    opt_out: bool | None = None  # True: opt out; False: opt back in; None: unchanged
    wants_ai: bool = False  # nothing reliable matched: an AI answer may replace the fallback
    notify_staff: bool = False  # a person should see this message
    note: str | None = None  # the model's details of a request or reason for a handoff
    # For /stats: knowledge, ai, request, handoff, fallback, clarify (asked which of two close
    # topics), unsure (asked whether a likely topic is meant), template, person (held), silent.
    outcome: str = "silent"

    @property
    def involves_person(self) -> bool:
        return bool(self.handoff or self.request_kind or self.wants_ai)


def _template(key: str) -> Reply:
    return Reply(template=key)


def words(text: str) -> int:
    """Words in a message; each CJK ideograph or kana counts as one, since Chinese and
    Japanese put no spaces between words (a question of 15 characters is no "hi")."""
    ideographs = sum("\u3040" <= ch <= "\u9fff" for ch in text)
    return len(text.split()) + ideographs


def is_open(now: datetime, timezone: str, opens: str | None, closes: str | None) -> bool:
    """Operating hours in the hotel's timezone; overnight ranges (22:00-06:00) work."""
    if not opens or not closes:
        return True
    local = now.astimezone(ZoneInfo(timezone)).time()
    start, end = time.fromisoformat(opens), time.fromisoformat(closes)
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def decide(s: Situation) -> Decision:
    d = Decision()
    if s.kind in QUIET_KINDS or (s.is_group and not s.addressed):
        return d
    if s.intent.kind == "opt_out":
        d.opt_out, d.outcome = True, "template"
        d.replies.append(_template("opt_out"))
        return d
    if s.intent.kind == "opt_in" and s.opted_out:
        d.opt_out, d.outcome = False, "template"
        d.replies.append(_template("opt_in"))
        return d
    if s.opted_out:
        return d
    if s.held_by_person:
        d.notify_staff, d.outcome = True, "person"
        return d
    if s.paused:  # the held road: a card for staff, nothing from the bot
        d.handoff, d.notify_staff, d.outcome = "paused", True, "handoff"
        return d
    if s.flood is FloodVerdict.QUIET:
        return d
    if s.flood is FloodVerdict.NOTICE:
        d.replies.append(_template("flood"))
        d.notify_staff, d.outcome = True, "template"
        return d
    if s.undecryptable:
        d.replies.append(_template("resend"))
        d.outcome = "template"
        return d
    if s.first_message:
        d.replies.append(_template("greeting"))
        d.outcome = "template"
    readable = s.kind in TEXT_KINDS or (s.kind in FILE_KINDS and s.text.strip())
    if s.kind in PERSON_KINDS:
        d.handoff, d.outcome = "shared_" + s.kind.removesuffix("Message").lower(), "handoff"
        d.replies.append(_template("handoff"))
    elif not readable:
        d.handoff, d.outcome = "unreadable", "handoff"
        d.replies.append(_template("cannot_read"))
    elif s.intent.kind in ("human", "angry"):
        d.handoff, d.outcome = s.intent.kind, "handoff"
        d.replies.append(_template("handoff"))
    elif s.intent.kind == "request" and s.intent.request_kind:
        d.request_kind, d.outcome = s.intent.request_kind, "request"
        d.replies.append(_template("request_received"))
    elif s.intent.kind == "thanks":
        d.outcome = "template"
        d.replies.append(_template("welcome"))
    elif s.intent.kind == "hello":
        if not s.first_message:  # the first one gets the greeting above
            d.outcome = "template"
            d.replies.append(_template("hello_again"))
    elif s.intent.kind == "ack":
        pass  # "ok", "👍": nothing to answer, and nothing worth a model call
    elif s.match is not None:
        d.outcome = "knowledge"
        for match in (s.match, *s.also):
            d.replies.append(Reply(text=match.answer, source="knowledge", topic=match.topic))
    elif s.clarify is not None:
        # Only likely topics offered: the bot did not know, as with the fallback (/unanswered
        # lists it, the automation rate does not count it); two close ones: its own answer.
        d.outcome = "unsure" if s.clarify.template == clarify.UNSURE_TEMPLATE else "clarify"
        options = clarify.options_text(s.clarify.options)
        d.replies.append(
            Reply(
                template=s.clarify.template,
                source=s.clarify.source,
                values=(("options", options),),
            )
        )
    elif s.first_message and words(s.text) <= SMALL_TALK_WORDS:
        pass  # "hi" on a first message: the greeting is the answer
    else:
        d.wants_ai, d.outcome = True, "fallback"
        d.replies.append(_template("fallback"))
    if d.handoff or d.request_kind:
        d.notify_staff = True
    if not s.open_now and d.involves_person:
        d.replies.append(_template("after_hours"))
    return d


def settled(
    intents: IntentClassifier, intent: Intent, answered: Sequence[Match], index: KnowledgeIndex
) -> tuple[Intent, list[Match]]:
    """The intent that stands once the knowledge has been read for it (`intents.settle`),
    and the answers the guest gets: none when a request stands (the ticket is the answer).
    A fault yields only to an entry written for a fault (`IntentClassifier.names_fault`);
    and such an entry's fault phrasing answers only a fault: "when do we get the door code?"
    came closest to "What if the door code does not work?", yet reports nothing broken, so
    the guest is asked rather than told whom to call. The bot, `knowledge try` and
    `bench/quality.py` all settle through here."""
    reported = intent.request_kind in FAULTS
    kept = [m for m in answered if reported or not _met_as_fault(intents, m)]
    entry = matched_item(index, kept[0]) if kept else None
    for_fault = entry is not None and intents.names_fault(entry.questions)
    intent = settle(intent, kept[0].score if kept else None, for_fault=for_fault)
    return intent, kept if intent.kind == "none" else []


def _met_as_fault(intents: IntentClassifier, match: Match) -> bool:
    """Whether the entry's phrasing the message came closest to is itself a fault."""
    if match.phrasing is None:
        return False
    lang, text = match.phrasing
    return intents.names_fault({lang: [text]})
