"""Raw SQL for the few statements every guest message runs.

Measured on SQLite (one connection, every query serialised): an ORM update by primary key
costs ~490 µs, of which ~330 µs is building the query in Python, against ~160 µs for the same
statement as text. On the hot path (store a message, answer it, mark the reply sent) that
overhead capped the whole server, so those statements are written out here, once, in SQL that
SQLite and PostgreSQL both accept. Values go through the models' own field converters, so
rows are exactly what the ORM would write. Inside `in_transaction()`, `connections.get`
returns the transaction, so these statements join it.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise import connections, timezone
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from bot.limits import GATEWAY_ID, whatsapp_text
from bot.store.models import (
    Conversation,
    ConversationState,
    Direction,
    Guest,
    Message,
    MessageStatus,
    StaffLink,
)

_PLACEHOLDER = re.compile(r"\?")
_INBOUND = (
    "hotel_id",
    "chat_id",
    "direction",
    "gateway_id",
    "kind",
    "text",
    "status",
    "payload",
    "attempts",
    "created_at",
)
_REPLY = (
    "hotel_id",
    "guest_id",
    "chat_id",
    "direction",
    "kind",
    "text",
    "status",
    "source",
    "attempts",
    "next_attempt_at",
    "reply_to_id",
    "created_at",
)


def _db() -> BaseDBAsyncClient:
    conn: BaseDBAsyncClient = connections.get("default")
    return conn


def _sql(conn: BaseDBAsyncClient, query: str) -> str:
    """Our queries use `?`; asyncpg wants `$1, $2, ...`."""
    if conn.capabilities.dialect != "postgres":
        return query
    counter = itertools.count(1)
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", query)


def _value(column: str, value: Any) -> Any:
    field = Message._meta.fields_map.get(column)
    return value if field is None else field.to_db_value(value, Message)


async def _execute(query: str, params: Sequence[Any]) -> int:
    conn = _db()
    rows, _ = await conn.execute_query(_sql(conn, query), list(params))
    return int(rows)


async def _execute_many(query: str, rows: Sequence[Sequence[Any]]) -> None:
    """One prepared statement for many rows; SQLite's own version opens a transaction unless
    it is already inside one."""
    conn = _db()
    await conn.execute_many(_sql(conn, query), [list(row) for row in rows])


async def _fetch(query: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    conn = _db()
    return await conn.execute_query_dict(_sql(conn, query), list(params))


def _insert(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> tuple[str, list[Any]]:
    one = f"({', '.join('?' for _ in columns)})"
    query = f"INSERT INTO messages ({', '.join(columns)}) VALUES {', '.join(one for _ in rows)}"
    return query, [_value(c, v) for row in rows for c, v in zip(columns, row, strict=True)]


InboundRow = tuple[int, str, str, str, str, Any]  # hotel, chat, gateway id, kind, text, body


async def insert_inbound_many(
    rows: Sequence[InboundRow], now: datetime
) -> dict[tuple[int, str, str], int]:
    """Store guests' messages with one statement; returns the ids of those that were new.

    A message we already had (the gateway redelivers) is skipped by the unique key instead of
    failing the whole statement.
    """
    values = [
        (
            hotel_id,
            chat_id,
            Direction.IN,
            gateway_id,
            kind,
            text,
            MessageStatus.RECEIVED,
            body,
            0,
            now,
        )
        for hotel_id, chat_id, gateway_id, kind, text, body in rows
    ]
    query, params = _insert(_INBOUND, values)
    found = await _fetch(
        query + " ON CONFLICT (hotel_id, chat_id, gateway_id) DO NOTHING"
        " RETURNING id, hotel_id, chat_id, gateway_id",
        params,
    )
    return {
        (int(r["hotel_id"]), str(r["chat_id"]), str(r["gateway_id"])): int(r["id"]) for r in found
    }


def _reply_row(
    hotel_id: int,
    guest_id: int | None,
    chat_id: str,
    text: str,
    source: str,
    reply_to_id: int | None,
    now: datetime,
) -> tuple[Any, ...]:
    """Every reply waiting to be sent is written here (`insert_replies`, `store_answers`), so
    this is where its text is capped at what WhatsApp takes, whoever wrote it."""
    return (
        hotel_id,
        guest_id,
        chat_id,
        Direction.OUT,
        "text",
        whatsapp_text(text),
        MessageStatus.PENDING,
        source,
        0,
        now,
        reply_to_id,
        now,
    )


async def insert_replies(
    hotel_id: int,
    guest_id: int | None,
    chat_id: str,
    replies: Sequence[tuple[str, str]],
    reply_to_id: int | None,
    now: datetime,
) -> None:
    """Replies (text, source) into the outbox, in one statement: the bot's, answering message
    `reply_to_id`, and a person's (None: answering nothing in particular)."""
    if replies:
        rows = [
            _reply_row(hotel_id, guest_id, chat_id, text, source, reply_to_id, now)
            for text, source in replies
        ]
        await _execute(*_insert(_REPLY, rows))


@dataclass(slots=True)
class Answer:
    """What answering a guest message writes in the common case (no request, no handoff)."""

    message_id: int
    hotel_id: int
    guest_id: int | None
    chat_id: str
    replies: list[tuple[str, str]]  # (text, source)
    outcome: str
    now: datetime
    # Set when the guest row changes: (language, opted out or None, name or None).
    touch: tuple[str, bool | None, str | None] | None = None


async def store_answers(answers: Sequence[Answer]) -> list[None]:
    """Many answers with three statements, each its own commit: all replies in one INSERT,
    then one UPDATE marking the messages processed, then one UPDATE of the guests touched.

    No transaction on purpose: on SQLite a transaction would hold the single connection
    across six round trips, and the webhooks' inserts would wait behind it. Order keeps a
    crash safe: a message whose replies exist counts as answered. The INSERT is all or
    nothing, so when it fails nothing of the batch was written. (RETURNING already needs
    SQLite 3.35, whose 32766 parameters a batch of `batch.MAX_BATCH` stays far below.)
    """
    replies = [
        _reply_row(a.hotel_id, a.guest_id, a.chat_id, text, source, a.message_id, a.now)
        for a in answers
        for text, source in a.replies
    ]
    if replies:
        await _execute(*_insert(_REPLY, replies))
    now = _value("processed_at", max(a.now for a in answers))
    await _execute(
        *_update_by_id(
            "messages",
            [a.message_id for a in answers],
            {"status": MessageStatus.PROCESSED.value, "processed_at": now},
            {
                "guest_id": ("CAST(? AS INTEGER)", [a.guest_id for a in answers]),
                "outcome": ("?", [a.outcome for a in answers]),
            },
        )
    )
    touched = [(a.guest_id, a.touch) for a in answers if a.touch and a.guest_id is not None]
    if touched:
        languages, opted_out, names = zip(*(touch for _, touch in touched), strict=True)
        await _execute(
            *_update_by_id(
                "guests",
                [guest_id for guest_id, _ in touched],
                {"last_seen": now},
                {
                    "language": ("?", list(languages)),
                    "opted_out": ("COALESCE(CAST(? AS BOOLEAN), opted_out)", list(opted_out)),
                    "name": ("COALESCE(?, name)", list(names)),
                },
            )
        )
    return [None] * len(answers)


async def store_answer_alone(answer: Answer) -> None:
    """The careful way, for an answer whose batch failed: one transaction, and replies that a
    half-written batch already stored are not stored again."""
    async with in_transaction():
        if not await _fetch(
            "SELECT id FROM messages WHERE reply_to_id = ? LIMIT 1", [answer.message_id]
        ):
            await insert_replies(
                answer.hotel_id,
                answer.guest_id,
                answer.chat_id,
                answer.replies,
                answer.message_id,
                answer.now,
            )
        if answer.touch is not None and answer.guest_id is not None:
            await touch_guest(answer.guest_id, answer.now, *answer.touch)
        await mark_processed(answer.message_id, answer.guest_id, answer.outcome, answer.now)


def _update_by_id(
    table: str,
    ids: Sequence[int],
    shared: dict[str, Any],
    per_row: dict[str, tuple[str, Sequence[Any]]],
) -> tuple[str, list[Any]]:
    """One UPDATE of the rows `ids`, giving each its own values: `col = CASE id WHEN ? THEN ...`.

    `per_row` maps a column to an SQL expression of one `?` and the values in the order of
    `ids`; the casts in those expressions let PostgreSQL type parameters only CASE sees.
    """
    sets = [f"{column} = ?" for column in shared]
    params: list[Any] = list(shared.values())
    for column, (expr, values) in per_row.items():
        whens = " ".join(f"WHEN ? THEN {expr}" for _ in ids)
        sets.append(f"{column} = CASE id {whens} END")
        params.extend(p for pair in zip(ids, values, strict=True) for p in pair)
    where = ", ".join("?" for _ in ids)
    return f"UPDATE {table} SET {', '.join(sets)} WHERE id IN ({where})", [*params, *ids]


async def mark_processed(
    message_id: int, guest_id: int | None, outcome: str, now: datetime
) -> None:
    await _execute(
        "UPDATE messages SET status = ?, processed_at = ?, guest_id = ?, outcome = ? WHERE id = ?",
        [
            MessageStatus.PROCESSED.value,
            _value("processed_at", now),
            guest_id,
            outcome,
            message_id,
        ],
    )


# The kinds of a staff member's reply that carry a file (its payload names it), sent by upload.
STAFF_FILE_KINDS = ("imageMessage", "documentMessage", "audioMessage", "videoMessage")


@dataclass(slots=True)
class Outgoing:
    """A reply waiting in the outbox: just what sending it needs."""

    id: int
    hotel_id: int
    chat_id: str
    text: str
    attempts: int
    # A staff member's file (one of STAFF_FILE_KINDS): where it waits and its name; the text is
    # its caption. None for a text.
    file: tuple[str, str] | None = None


def _file_of(kind: str, raw: Any) -> tuple[str, str] | None:
    """A staff file row's (path, fileName): its name under the gateway's own key, which the
    reconciler matches against the gateway's journal."""
    if kind == "text" or raw is None:
        return None
    payload = Message._meta.fields_map["payload"].to_python_value(raw)
    if not isinstance(payload, dict) or not payload.get("file"):
        return None
    return str(payload["file"]), str(payload.get("fileName") or "file")


async def due_replies(now: datetime, limit: int) -> list[Outgoing]:
    """Replies due for sending, oldest first (the outbox's read, run on every pass).

    A chat with a reply `sending` (in flight, or waiting for reconciliation) is left out: a
    later reply must not overtake it, and its rows would only be read to be skipped. The
    subquery is not correlated, so both databases read the few `sending` rows once.
    """
    rows = await _fetch(
        "SELECT id, hotel_id, chat_id, text, attempts, kind, payload FROM messages"
        " WHERE status = ? AND direction = ? AND next_attempt_at <= ?"
        " AND (hotel_id, chat_id) NOT IN (SELECT hotel_id, chat_id FROM messages"
        " WHERE status = ? AND direction = ?) ORDER BY id LIMIT ?",
        [
            MessageStatus.PENDING.value,
            Direction.OUT.value,
            _value("next_attempt_at", now),
            MessageStatus.SENDING.value,
            Direction.OUT.value,
            limit,
        ],
    )
    return [
        Outgoing(
            int(r["id"]),
            int(r["hotel_id"]),
            str(r["chat_id"]),
            str(r["text"]),
            int(r["attempts"]),
            _file_of(str(r["kind"]), r["payload"]),
        )
        for r in rows
    ]


async def mark_sending_many(ids: Sequence[int]) -> list[bool]:
    """Claim replies for a send attempt, committed before the gateway is called: a crash after
    this leaves them `sending`, to be checked against the gateway's journal, never resent
    blindly. False for a reply no longer pending (someone else settled it): not to be sent."""
    now = _value("attempt_started_at", timezone.now())
    where = ", ".join("?" for _ in ids)
    found = await _fetch(
        f"UPDATE messages SET status = ?, attempt_started_at = ? WHERE id IN ({where})"
        " AND status = ? RETURNING id",
        [MessageStatus.SENDING.value, now, *ids, MessageStatus.PENDING.value],
    )
    claimed = {int(r["id"]) for r in found}
    return [message_id in claimed for message_id in ids]


@dataclass(slots=True)
class Unconfirmed:
    """A reply handed to the gateway whose outcome is unknown: what matching it needs."""

    id: int
    hotel_id: int
    chat_id: str
    kind: str
    text: str
    file_name: str | None
    started: datetime


async def unconfirmed_replies(
    limit: int, *, hotel_id: int | None = None, chat_id: str | None = None
) -> list[Unconfirmed]:
    """Replies left `sending`, oldest first (the reconciler's read), of every chat or one."""
    where, params = "", []
    if hotel_id is not None and chat_id is not None:
        where, params = " AND hotel_id = ? AND chat_id = ?", [hotel_id, chat_id]
    rows = await _fetch(
        "SELECT id, hotel_id, chat_id, kind, text, payload, attempt_started_at, created_at"
        f" FROM messages WHERE status = ? AND direction = ?{where} ORDER BY id LIMIT ?",
        [MessageStatus.SENDING.value, Direction.OUT.value, *params, limit],
    )
    found = []
    for r in rows:
        payload = Message._meta.fields_map["payload"].to_python_value(r["payload"])
        name = payload.get("fileName") if isinstance(payload, dict) else None
        started = r["attempt_started_at"] or r["created_at"]
        found.append(
            Unconfirmed(
                int(r["id"]),
                int(r["hotel_id"]),
                str(r["chat_id"]),
                str(r["kind"]),
                str(r["text"]),
                name if isinstance(name, str) else None,
                _aware(Message._meta.fields_map["attempt_started_at"].to_python_value(started)),
            )
        )
    return found


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


async def recorded_gateway_ids(hotel_id: int, gateway_ids: Sequence[str]) -> set[str]:
    """Which of these idMessages a reply of the hotel already holds (a journal item that is
    another reply's, not the one being reconciled)."""
    if not gateway_ids:
        return set()
    where = ", ".join("?" for _ in gateway_ids)
    rows = await _fetch(
        f"SELECT gateway_id FROM messages WHERE hotel_id = ? AND direction = ?"
        f" AND gateway_id IN ({where})",
        [hotel_id, Direction.OUT.value, *gateway_ids],
    )
    return {str(r["gateway_id"]) for r in rows}


async def confirm_sent(message_id: int, gateway_id: str, when: datetime) -> bool:
    """A `sending` reply found in the gateway's journal: sent, with the gateway's idMessage.
    False when it was no longer `sending` (settled meanwhile). An id that is another row's
    already, or longer than the column holds, is kept out: the reply is sent all the same."""
    sent = [MessageStatus.SENT.value, _value("sent_at", when)]
    where = " WHERE id = ? AND status = ? RETURNING id"
    still_sending = [message_id, MessageStatus.SENDING.value]
    if len(gateway_id) <= GATEWAY_ID:
        with contextlib.suppress(IntegrityError):  # the id is another reply's: no id then
            return bool(
                await _fetch(
                    "UPDATE messages SET gateway_id = ?, status = ?, sent_at = ?, error = NULL"
                    + where,
                    [gateway_id, *sent, *still_sending],
                )
            )
    note = f"journal idMessage {gateway_id[:60]} is another reply's or too long"
    return bool(
        await _fetch(
            "UPDATE messages SET status = ?, sent_at = ?, error = ?" + where,
            [*sent, note, *still_sending],
        )
    )


async def release_unsent(ids: Sequence[int], now: datetime, reason: str) -> list[int]:
    """`sending` replies the gateway's journal proves it never accepted: pending again, due
    now. Returns those released (a reply settled meanwhile is left alone)."""
    if not ids:
        return []
    where = ", ".join("?" for _ in ids)
    found = await _fetch(
        f"UPDATE messages SET status = ?, next_attempt_at = ?, error = ? WHERE id IN ({where})"
        " AND status = ? RETURNING id",
        [
            MessageStatus.PENDING.value,
            _value("next_attempt_at", now),
            reason[:500],
            *ids,
            MessageStatus.SENDING.value,
        ],
    )
    return [int(r["id"]) for r in found]


SentRow = tuple[int, str, int, datetime]  # message id, gateway id, attempts, when


async def mark_sent_many(rows: Sequence[SentRow]) -> list[None]:
    """Mark replies the gateway accepted, with one prepared statement for the batch."""
    await _execute_many(
        "UPDATE messages SET gateway_id = ?, status = ?, sent_at = ?, attempts = ?, "
        "error = NULL WHERE id = ?",
        [
            [gateway_id, MessageStatus.SENT.value, _value("sent_at", when), attempts, message_id]
            for message_id, gateway_id, attempts, when in rows
        ],
    )
    return [None] * len(rows)


async def mark_sent_alone(row: SentRow) -> None:
    """Mark one accepted reply, even when the gateway gave an idMessage it had already given in
    that chat: the unique (hotel, chat, gateway id) key refuses it, so the row is marked sent
    without it (the repeated id is kept in `error`). Left pending, it would be sent again."""
    try:
        await mark_sent_many([row])
    except IntegrityError:
        message_id, gateway_id, attempts, when = row
        await _execute(
            "UPDATE messages SET status = ?, sent_at = ?, attempts = ?, error = ? WHERE id = ?",
            [
                MessageStatus.SENT.value,
                _value("sent_at", when),
                attempts,
                f"gateway repeated idMessage {gateway_id}"[:500],
                message_id,
            ],
        )


async def touch_guest(
    guest_id: int, now: datetime, language: str, opted_out: bool | None, name: str | None
) -> None:
    # None keeps the stored value: a guest's opt-out or name changes only when we say so.
    await _execute(
        "UPDATE guests SET last_seen = ?, language = ?,"
        " opted_out = COALESCE(?, opted_out), name = COALESCE(?, name) WHERE id = ?",
        [_value("created_at", now), language, opted_out, name, guest_id],
    )


async def create_guest(
    hotel_id: int, chat_id: str, name: str | None, now: datetime
) -> tuple[Guest, Conversation]:
    """A new guest and their conversation as two plain INSERTs (the ORM's `create` costs
    about three times as much, and every guest's first message pays it)."""
    when = _value("created_at", now)
    found = await _fetch(
        "INSERT INTO guests (hotel_id, chat_id, name, language, opted_out, first_seen, last_seen)"
        " VALUES (?, ?, ?, NULL, ?, ?, ?) RETURNING id",
        [hotel_id, chat_id, name, False, when, when],
    )
    guest = Guest._init_from_db(
        id=found[0]["id"],
        hotel_id=hotel_id,
        chat_id=chat_id,
        name=name,
        language=None,
        opted_out=False,
        first_seen=now,
        last_seen=now,
    )
    return guest, await create_conversation(hotel_id, guest.id, now)


async def create_conversation(hotel_id: int, guest_id: int, now: datetime) -> Conversation:
    found = await _fetch(
        "INSERT INTO conversations (hotel_id, guest_id, state, updated_at)"
        " VALUES (?, ?, ?, ?) RETURNING id",
        [hotel_id, guest_id, ConversationState.BOT.value, _value("created_at", now)],
    )
    return Conversation._init_from_db(
        id=found[0]["id"],
        hotel_id=hotel_id,
        guest_id=guest_id,
        state=ConversationState.BOT,
        handoff_reason=None,
        handed_off_at=None,
        updated_at=now,
    )


async def guest_with_conversation(
    hotel_id: int, chat_id: str
) -> tuple[Guest, Conversation | None] | None:
    """The guest and their conversation in one query (None: a new guest)."""
    guest_columns = sorted(Guest._meta.db_fields)
    conv_columns = sorted(Conversation._meta.db_fields)
    select = ", ".join(
        [f"g.{c} AS g_{c}" for c in guest_columns] + [f"c.{c} AS c_{c}" for c in conv_columns]
    )
    rows = await _fetch(
        f"SELECT {select} FROM guests g LEFT JOIN conversations c ON c.guest_id = g.id "
        "WHERE g.hotel_id = ? AND g.chat_id = ?",
        [hotel_id, chat_id],
    )
    if not rows:
        return None
    row = rows[0]
    guest = Guest._init_from_db(**{c: row[f"g_{c}"] for c in guest_columns})
    if row["c_id"] is None:
        return guest, None
    return guest, Conversation._init_from_db(**{c: row[f"c_{c}"] for c in conv_columns})


async def watched_by_a_mark(message_id: int) -> bool:
    """A staff reply whose delivery mark in Telegram follows it (`core/marks.py`): a failure
    shows there, with Retry, so no second "not delivered" notice is raised for it."""
    return await StaffLink.exists(kind="mark", message_id=message_id)
