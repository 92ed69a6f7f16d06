"""A staff reply's delivery mark: a short message under the staff member's own, edited as the
outbound row moves through the gateway (queued, sent, delivered, read, or failed with the
reason and a Retry button). A pure renderer, no database, no Telegram.

The mark reads the row's status, which the outbox and the gateway's `outgoingMessageStatus`
notifications already keep; the notifier compares what each mark shows with the row and edits
the ones that moved (`notifier.MarkWatch`), so the webhook's path stays as fast as it was.
"""

from __future__ import annotations

from bot.admin_flow.core.replies import Button, Reply
from bot.i18n import I18n
from bot.store.models import MessageStatus

REASON_CHARS = 200
# What a mark says for each status of the outbound row (admin.marks.<word>).
WORDS = {
    MessageStatus.PENDING: "queued",
    MessageStatus.SENDING: "queued",
    MessageStatus.SENT: "sent",
    MessageStatus.DELIVERED: "delivered",
    MessageStatus.READ: "read",
    MessageStatus.FAILED: "failed",
    MessageStatus.NO_ACCOUNT: "failed",
    MessageStatus.YELLOW_CARD: "failed",
}
# Statuses after which nothing about the row will change by itself.
SETTLED = frozenset({MessageStatus.READ})
FAILED = frozenset({MessageStatus.FAILED, MessageStatus.NO_ACCOUNT, MessageStatus.YELLOW_CARD})


def word(status: str) -> str:
    try:
        return WORDS.get(MessageStatus(status), "queued")
    except ValueError:
        return "queued"


def reason(status: str, error: str | None) -> str:
    """Why a reply failed, in the gateway's words: its error, else the status it reported."""
    text = (error or "").strip()
    if not text and status != MessageStatus.FAILED.value:
        text = status  # noAccount, yellowCard: the status is the reason
    return text[:REASON_CHARS] or "—"


def render_mark(
    i18n: I18n, lang: str, message_id: int, status: str, error: str | None, chat: str
) -> Reply:
    """The mark of outbound row `message_id` as `status` reads now; a failed one offers Retry,
    which puts the same row back in the outbox (never a second copy of the reply)."""
    what = word(status)
    if what != "failed":
        return Reply(i18n.t(f"admin.marks.{what}", lang, chat=chat))
    text = i18n.t("admin.marks.failed", lang, chat=chat, reason=reason(status, error))
    retry = Button.of(i18n.t("admin.marks.retry", lang), "mark", "retry", message_id)
    return Reply(text, [[retry]])
