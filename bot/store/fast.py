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

import itertools
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from bot.store.models import Conversation, Direction, Guest, Message, MessageStatus

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


async def insert_replies(
    hotel_id: int,
    guest_id: int | None,
    chat_id: str,
    replies: Sequence[tuple[str, str]],
    reply_to_id: int,
    now: datetime,
) -> None:
    """The bot's replies (text, source) into the outbox, in one statement."""
    if not replies:
        return
    rows = [
        (
            hotel_id,
            guest_id,
            chat_id,
            Direction.OUT,
            "text",
            text,
            MessageStatus.PENDING,
            source,
            0,
            now,
            reply_to_id,
            now,
        )
        for text, source in replies
    ]
    await _execute(*_insert(_REPLY, rows))


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


SentRow = tuple[int, str, int, datetime]  # message id, gateway id, attempts, when


async def mark_sent_many(rows: Sequence[SentRow]) -> list[None]:
    """Mark replies the gateway accepted, with one prepared statement for the batch."""
    conn = _db()
    await conn.execute_many(
        _sql(
            conn,
            "UPDATE messages SET gateway_id = ?, status = ?, sent_at = ?, attempts = ?, "
            "error = NULL WHERE id = ?",
        ),
        [
            [gateway_id, MessageStatus.SENT.value, _value("sent_at", when), attempts, message_id]
            for message_id, gateway_id, attempts, when in rows
        ],
    )
    return [None] * len(rows)


async def touch_guest(
    guest_id: int, now: datetime, language: str, opted_out: bool | None, name: str | None
) -> None:
    sets = ["last_seen = ?", "language = ?"]
    params: list[Any] = [_value("created_at", now), language]
    if opted_out is not None:
        sets.append("opted_out = ?")
        params.append(opted_out)
    if name is not None:
        sets.append("name = ?")
        params.append(name)
    await _execute(f"UPDATE guests SET {', '.join(sets)} WHERE id = ?", [*params, guest_id])


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
