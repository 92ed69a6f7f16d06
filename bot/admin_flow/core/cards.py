"""The staff card of a guest conversation: a pure renderer, no database, no Telegram.

One card stands for one conversation in each chat it was sent to and is edited in place as
the conversation moves (open -> taken -> resolved); every edit sends the card's full keyboard,
since Telegram drops an inline keyboard from a message edited without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.admin_flow.core.actor import phone_digits
from bot.admin_flow.core.replies import Button, Reply
from bot.i18n import I18n
from bot.limits import TELEGRAM_TEXT
from bot.reports.text import Words

LAST_MESSAGES = 5
MESSAGE_CHARS = 200
QUESTION_CHARS = 300
# Guest message kinds a card names in words (admin.cards.kinds.<key>).
KIND_WORDS = {
    "audioMessage": "voice",
    "imageMessage": "photo",
    "videoMessage": "video",
    "documentMessage": "document",
    "stickerMessage": "sticker",
    "locationMessage": "location",
    "contactMessage": "contact",
    "contactsArrayMessage": "contact",
}


class CardState(StrEnum):
    OPEN = "open"
    TAKEN = "taken"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class Line:
    incoming: bool
    kind: str
    text: str
    at: str  # "HH:MM"


@dataclass(frozen=True)
class CardView:
    """What a card shows, read from the store by the caller."""

    conversation_id: int
    hotel: str
    chat_id: str
    guest_name: str | None
    language: str | None
    reason: str | None  # Conversation.handoff_reason: human, angry, unreadable, ai, shared_...
    note: str | None = None  # the model's reason for an "ai" handoff
    trigger_kind: str = "textMessage"  # the kind of the message that caused the handoff
    unanswered: str | None = None  # the question the bot could not answer just before
    lines: tuple[Line, ...] = field(default_factory=tuple)
    waited_minutes: int | None = None
    state: CardState = CardState.OPEN
    holder: str | None = None
    resolved_by: str | None = None
    # Staff answered the question the bot could not: "Save as answer" teaches the bot it.
    teachable: bool = False


def mask_phone(chat_id: str) -> str:
    """A guest's number as support staff and groups see it: country and area code and the
    last two digits, enough to tell guests apart, not enough to dial."""
    digits = phone_digits(chat_id)
    if len(digits) < 7:
        return "•" * len(digits)
    return f"+{digits[:4]}{'•' * (len(digits) - 6)}{digits[-2:]}"


def phone(chat_id: str, full: bool) -> str:
    return f"+{phone_digits(chat_id)}" if full else mask_phone(chat_id)


def topic_name(view: CardView) -> str:
    """A forum topic's name: who the guest is, at a glance (Telegram allows 128 characters)."""
    name = (view.guest_name or "").strip()
    masked = mask_phone(view.chat_id)
    return (f"{name[:100]} {masked}" if name else masked)[:128]


def reason_words(i18n: I18n, lang: str, view: CardView) -> str:
    reason = view.reason or ""
    kind = KIND_WORDS.get(view.trigger_kind)
    if reason == "human" and view.unanswered:
        question = view.unanswered[:QUESTION_CHARS]
        return i18n.t("admin.cards.why.human_after", lang, question=question)
    if reason in ("human", "angry"):
        return i18n.t(f"admin.cards.why.{reason}", lang)
    if reason == "unreadable" or reason.startswith("shared_"):
        what = i18n.t(f"admin.cards.kinds.{kind or 'other'}", lang)
        return i18n.t("admin.cards.why.sent", lang, what=what)
    if reason == "ai":
        note = (view.note or "").removeprefix("ai:").strip()
        return i18n.t("admin.cards.why.ai", lang, note=note or "—")
    if reason == "paused":
        return i18n.t("admin.cards.why.paused", lang)
    return i18n.t("admin.cards.why.other", lang, reason=reason or "—")


def _line(i18n: I18n, lang: str, line: Line) -> str:
    arrow = "→" if line.incoming else "←"
    text = line.text.strip()[:MESSAGE_CHARS]
    if not text:
        kind = KIND_WORDS.get(line.kind, "other")
        text = "[" + i18n.t(f"admin.cards.kinds.{kind}", lang) + "]"
    return f"{arrow} {line.at} {text}"


def card_buttons(i18n: I18n, lang: str, view: CardView) -> list[list[Button]]:
    """The buttons that fit the card's state: Take / Reply / Resolve while nobody holds it,
    Reply / Resolve once taken, none once resolved; and "Save as answer" in any state once
    staff answered a question the bot could not (teaching often follows Resolve)."""
    cid = view.conversation_id
    take = Button.of(i18n.t("admin.cards.take", lang), "conv", "take", cid)
    reply = Button.of(i18n.t("admin.cards.reply", lang), "conv", "reply", cid)
    resolve = Button.of(i18n.t("admin.cards.resolve", lang), "conv", "resolve", cid)
    rows: list[list[Button]] = []
    if view.state is CardState.OPEN:
        rows = [[take, reply], [resolve]]
    elif view.state is CardState.TAKEN:
        rows = [[reply, resolve]]
    if view.teachable:
        rows.append([Button.of(i18n.t("admin.cards.save_answer", lang), "un", "card", cid)])
    return rows


# The waiting times an open card is edited at: often at first, when a minute matters, then
# seldom (Telegram limits edits in a group to about 20 a minute).
WAIT_STEPS = (1, 2, 3, 5, 10, 15, 20, 30, 45, 60)


def waiting_step(minutes: int) -> int:
    """The last step an open card's waiting time has passed: 0 before the first minute, then
    WAIT_STEPS, then every full hour."""
    if minutes >= 60:
        return 60 * (minutes // 60)
    return max((step for step in WAIT_STEPS if step <= minutes), default=0)


def render_card(i18n: I18n, lang: str, view: CardView, *, full_phone: bool) -> Reply:
    """The card in `lang`: the full number only for a reader who may see it (`full_phone`)."""
    t = i18n.t
    head = t(
        "admin.cards.head",
        lang,
        hotel=view.hotel,
        name=view.guest_name or t("admin.cards.no_name", lang),
        phone=phone(view.chat_id, full_phone),
    )
    lines = [
        head,
        t("admin.cards.language", lang, language=view.language or "—"),
        t("admin.cards.why_line", lang, why=reason_words(i18n, lang, view)),
    ]
    if view.state is CardState.OPEN and view.waited_minutes is not None:
        waited = Words(i18n, lang).duration(60 * view.waited_minutes, to_minute=True)
        lines.append(t("admin.cards.waiting", lang, waited=waited))
    elif view.state is CardState.TAKEN:
        lines.append(t("admin.cards.taken", lang, name=view.holder or "—"))
    elif view.state is CardState.RESOLVED:
        lines.append(t("admin.cards.resolved", lang, name=view.resolved_by or "—"))
    if view.lines:
        lines.append(t("admin.cards.recent", lang))
        lines += [_line(i18n, lang, line) for line in view.lines[-LAST_MESSAGES:]]
    return Reply("\n".join(lines)[:TELEGRAM_TEXT], card_buttons(i18n, lang, view))
