"""The store: every table the bot keeps.

Timestamps are UTC-aware (Tortoise `use_tz=True`). An outbound reply *is* the outbox: a
`Message` with direction `out` and status `pending` is waiting for the sender, so a reply is
stored before it is sent and survives a restart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ReceiveMode(StrEnum):
    WEBHOOK = "webhook"
    POLLING = "polling"


class ConversationState(StrEnum):
    BOT = "bot"
    HUMAN = "human"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class MessageStatus(StrEnum):
    # inbound
    RECEIVED = "received"
    PROCESSED = "processed"
    # outbound
    PENDING = "pending"
    SENDING = "sending"  # handed to the gateway; whether it arrived is not known yet
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    NO_ACCOUNT = "noAccount"
    YELLOW_CARD = "yellowCard"


class Role(StrEnum):
    SUPER_ADMIN = "super_admin"
    MANAGER = "manager"
    SUPPORT = "support"


class Hotel(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    instance_id = fields.BigIntField(unique=True)
    api_url = fields.CharField(max_length=300)
    media_url = fields.CharField(max_length=300, null=True)
    token_encrypted = fields.TextField()
    webhook_token_encrypted = fields.TextField()
    receive_mode = fields.CharEnumField(ReceiveMode, max_length=16, default=ReceiveMode.WEBHOOK)
    timezone = fields.CharField(max_length=64, default="UTC")
    languages = fields.CharField(max_length=100, default="en,ru")
    hours_open = fields.CharField(max_length=5, null=True)
    hours_close = fields.CharField(max_length=5, null=True)
    enabled = fields.BooleanField(default=True)
    wa_state = fields.CharField(max_length=32, null=True)
    wa_state_at = fields.DatetimeField(null=True)
    wid = fields.CharField(max_length=64, null=True)
    # Local time ("HH:MM") at which managers get yesterday's report image.
    report_time = fields.CharField(max_length=5, default="09:00", db_default="09:00")
    # Days after which guest message texts are erased (counts stay); None keeps them.
    retention_days = fields.IntField(null=True)
    # Model tokens the hotel may spend per local day; None: no budget.
    ai_daily_tokens = fields.IntField(null=True)
    # The Telegram group the hotel's cards go to (`/bindgroup`); a forum gets a topic per guest.
    staff_chat_id = fields.BigIntField(null=True)
    staff_chat_forum = fields.BooleanField(default=False, db_default=False)
    # Minutes a handoff may wait untaken (within hours) before managers are pinged.
    escalate_minutes = fields.IntField(default=5, db_default=5)
    # `/bot off`: every guest message goes to staff as a card, the bot says nothing.
    bot_paused = fields.BooleanField(default=False, db_default=False)
    # Whether the guest is told when a person takes the chat.
    announce_join = fields.BooleanField(default=False, db_default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "hotels"

    @property
    def language_list(self) -> list[str]:
        return [x.strip() for x in self.languages.split(",") if x.strip()] or ["en"]


class Guest(Model):
    id = fields.IntField(primary_key=True)
    hotel: fields.ForeignKeyRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="guests", on_delete=fields.CASCADE
    )
    hotel_id: int
    chat_id = fields.CharField(max_length=100)
    name = fields.CharField(max_length=200, null=True)
    language = fields.CharField(max_length=8, null=True)
    opted_out = fields.BooleanField(default=False)
    first_seen = fields.DatetimeField(auto_now_add=True)
    last_seen = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "guests"
        unique_together = (("hotel_id", "chat_id"),)


class Conversation(Model):
    """One per guest: who holds the chat (the bot or a person) and why."""

    id = fields.IntField(primary_key=True)
    hotel: fields.ForeignKeyRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="conversations", on_delete=fields.CASCADE
    )
    hotel_id: int
    guest: fields.OneToOneRelation[Guest] = fields.OneToOneField(
        "models.Guest", related_name="conversation", on_delete=fields.CASCADE
    )
    guest_id: int
    state = fields.CharEnumField(ConversationState, max_length=16, default=ConversationState.BOT)
    handoff_reason = fields.CharField(max_length=32, null=True)
    handed_off_at = fields.DatetimeField(null=True)
    # Who holds the chat ("Take"), when a person first answered, when it was handed back, when
    # managers were pinged about it, and its forum topic when the hotel's group is a forum.
    taken_by = fields.BigIntField(null=True)
    taken_by_name = fields.CharField(max_length=200, null=True)
    taken_at = fields.DatetimeField(null=True)
    first_staff_reply_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    escalated_at = fields.DatetimeField(null=True)
    topic_id = fields.BigIntField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "conversations"


class Message(Model):
    id = fields.BigIntField(primary_key=True)
    hotel: fields.ForeignKeyRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="messages", on_delete=fields.CASCADE
    )
    hotel_id: int
    guest: fields.ForeignKeyNullableRelation[Guest] = fields.ForeignKeyField(
        "models.Guest", related_name="messages", null=True, on_delete=fields.CASCADE
    )
    guest_id: int | None
    chat_id = fields.CharField(max_length=100)
    direction = fields.CharEnumField(Direction, max_length=4)
    # Green API's idMessage: unique only within one chat, so the key is (hotel, chat, id).
    gateway_id = fields.CharField(max_length=100, null=True)
    kind = fields.CharField(max_length=40, default="text")
    text = fields.TextField(default="")
    status = fields.CharEnumField(MessageStatus, max_length=16)
    source = fields.CharField(max_length=24, null=True)
    payload: Any = fields.JSONField(null=True)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    # When the latest send attempt started: the lower bound when matching the gateway's
    # journal of outgoing messages after a crash.
    attempt_started_at = fields.DatetimeField(null=True)
    error = fields.CharField(max_length=500, null=True)
    # inbound: what the bot did with it (knowledge, ai, request, handoff, fallback, template,
    # silent); outbound: the guest message it answers. Both feed /stats.
    outcome = fields.CharField(max_length=16, null=True)
    reply_to_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    processed_at = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "messages"
        unique_together = (("hotel_id", "chat_id", "gateway_id"),)
        # ("guest_id", "id"): a guest's latest messages (the staff card, /inbox, the card's
        # "Save as answer"), read newest first without scanning every hotel's messages.
        indexes = (
            ("status", "next_attempt_at"),
            ("hotel_id", "created_at"),
            ("reply_to_id",),
            ("guest_id", "id"),
        )


class KnowledgeEntry(Model):
    id = fields.IntField(primary_key=True)
    hotel: fields.ForeignKeyRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="knowledge", on_delete=fields.CASCADE
    )
    hotel_id: int
    topic = fields.CharField(max_length=100)
    questions: Any = fields.JSONField()  # {lang: [phrasing, ...]}
    answer: Any = fields.JSONField()  # {lang: text}
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "knowledge_entries"
        unique_together = (("hotel_id", "topic"),)


class Template(Model):
    """A hotel's own wording of a built-in template (locales/) in one language."""

    id = fields.IntField(primary_key=True)
    hotel: fields.ForeignKeyRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="templates", on_delete=fields.CASCADE
    )
    hotel_id: int
    key = fields.CharField(max_length=50)
    language = fields.CharField(max_length=8)
    text = fields.TextField()

    class Meta:
        table = "templates"
        unique_together = (("hotel_id", "key", "language"),)


class ServiceRequest(Model):
    id = fields.IntField(primary_key=True)
    hotel: fields.ForeignKeyRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="service_requests", on_delete=fields.CASCADE
    )
    hotel_id: int
    guest: fields.ForeignKeyRelation[Guest] = fields.ForeignKeyField(
        "models.Guest", related_name="service_requests", on_delete=fields.CASCADE
    )
    guest_id: int
    message: fields.ForeignKeyNullableRelation[Message] = fields.ForeignKeyField(
        "models.Message", related_name="service_requests", null=True, on_delete=fields.SET_NULL
    )
    kind = fields.CharField(max_length=32)
    text = fields.TextField()
    status = fields.CharField(max_length=16, default="open")
    created_at = fields.DatetimeField(auto_now_add=True)
    closed_at = fields.DatetimeField(null=True)
    # open -> in_progress (taken_by) -> done; room and time the guest gave, for the card.
    taken_by = fields.BigIntField(null=True)
    taken_by_name = fields.CharField(max_length=200, null=True)
    taken_at = fields.DatetimeField(null=True)
    details: Any = fields.JSONField(null=True)

    class Meta:
        table = "service_requests"


class Staff(Model):
    id = fields.IntField(primary_key=True)
    hotel: fields.ForeignKeyNullableRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="staff", null=True, on_delete=fields.CASCADE
    )
    hotel_id: int | None
    telegram_id = fields.BigIntField(null=True)
    phone = fields.CharField(max_length=32, null=True)
    name = fields.CharField(max_length=200, default="")
    role = fields.CharEnumField(Role, max_length=16)
    language = fields.CharField(max_length=8, null=True)
    reports_enabled = fields.BooleanField(default=True, db_default=True)  # `/reports off`
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff"


class Event(Model):
    """Something staff must hear about (handoff, new request, quota hit, gateway state).

    Written by the guest flow, delivered to staff by the admin bot; `delivered_at` marks it done.
    """

    id = fields.BigIntField(primary_key=True)
    hotel: fields.ForeignKeyRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="events", on_delete=fields.CASCADE
    )
    hotel_id: int
    kind = fields.CharField(max_length=32)
    payload: Any = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "events"
        indexes = (("delivered_at", "id"),)


class AuditEntry(Model):
    id = fields.BigIntField(primary_key=True)
    actor = fields.CharField(max_length=100)
    action = fields.CharField(max_length=64)
    hotel_id = fields.IntField(null=True)
    details: Any = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_entries"


class Invite(Model):
    """A single-use deep link that makes whoever opens it staff with `role` at `hotel`.

    `code` holds the SHA-256 of the link's code, never the code itself: a leaked database does
    not hand out working links. `revoked_at` is set when the invite is cancelled, or when the
    person who made it is removed or demoted.
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64, unique=True)
    role = fields.CharEnumField(Role, max_length=16)
    hotel: fields.ForeignKeyNullableRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="invites", null=True, on_delete=fields.CASCADE
    )
    hotel_id: int | None
    created_by = fields.CharField(max_length=100)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_by = fields.BigIntField(null=True)
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invites"


class SetAside(Model):
    """A gateway notification that could not be processed, kept raw for a person to read.

    Setting it aside (and deleting it from the gateway's queue) keeps one bad notification from
    blocking every one behind it.
    """

    id = fields.BigIntField(primary_key=True)
    hotel_id = fields.IntField(null=True)
    source = fields.CharField(max_length=16)  # "polling" or "webhook"
    body = fields.TextField()
    error = fields.CharField(max_length=500)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "set_aside"


class Slot(Model):
    """One scheduled thing done once: a daily report to one person, one night's backup.

    The row is written (unique `key`) before the work starts, so a restart, two quick ticks or
    two server processes never do the same slot twice; `outcome` says how it ended.
    """

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=200, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    done_at = fields.DatetimeField(null=True)
    outcome = fields.CharField(max_length=16, null=True)  # sent, failed, blocked, skipped
    error = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "slots"


class Translation(Model):
    """A hotel text the model translated into a language the hotel did not write it in.

    Made once and reused, so a guest in a new language costs one call per text, not one per
    message. `source_hash` is the digest of the text it was made from: when the hotel changes
    that text, the translation no longer matches and is made again. A manager who edits a
    translation writes the hotel's own wording (a template or the entry's answer), which wins.
    """

    id = fields.IntField(primary_key=True)
    hotel: fields.ForeignKeyRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="translations", on_delete=fields.CASCADE
    )
    hotel_id: int
    kind = fields.CharField(max_length=16)  # "template" or "knowledge"
    key = fields.CharField(max_length=100)  # the template key or the knowledge topic
    language = fields.CharField(max_length=8)
    source_hash = fields.CharField(max_length=64)
    text = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "translations"
        unique_together = (("hotel_id", "kind", "key", "language"),)


class StaffLink(Model):
    """A Telegram message in a staff chat that stands for something of a guest's conversation.

    A card, a forwarded guest message or a staff reply's mark: replying to any of them reaches
    the guest, a mark is edited as the gateway reports delivery, and a card is edited in place.
    Stored, not kept in memory, so a reply still finds its guest after a restart.
    """

    id = fields.BigIntField(primary_key=True)
    hotel: fields.ForeignKeyRelation[Hotel] = fields.ForeignKeyField(
        "models.Hotel", related_name="staff_links", on_delete=fields.CASCADE
    )
    hotel_id: int
    conversation_id = fields.IntField(null=True)
    request_id = fields.IntField(null=True)
    tg_chat_id = fields.BigIntField()
    tg_message_id = fields.BigIntField()
    kind = fields.CharField(max_length=16)  # card, forward, mark, request
    message_id = fields.BigIntField(null=True)  # the guest's message or the staff reply's row
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff_links"
        unique_together = (("tg_chat_id", "tg_message_id"),)
        indexes = (("conversation_id",), ("message_id",), ("request_id",))


class Preference(Model):
    """A deployment-wide or per-person choice made from chat (e.g. backup notifications)."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=100, unique=True)
    value = fields.CharField(max_length=500)

    class Meta:
        table = "preferences"


class AICall(Model):
    """One call to the model: what it cost and how it ended (for budgets, /stats and health)."""

    id = fields.BigIntField(primary_key=True)
    hotel_id = fields.IntField()
    message_id = fields.BigIntField(null=True)
    model = fields.CharField(max_length=100)
    prompt_tokens = fields.IntField(default=0)
    completion_tokens = fields.IntField(default=0)
    latency_ms = fields.IntField(default=0)
    # answered, unknown, tool, dropped, timeout, error, refused, truncated
    outcome = fields.CharField(max_length=16)
    detail = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ai_calls"
        indexes = (("hotel_id", "created_at"),)
