"""The few expressions SQLite and PostgreSQL spell differently, for the report queries.

Everything else the reports ask is plain SQL or the ORM. Times are compared as stored (UTC, the
same text format on SQLite as the ORM writes), so the `(hotel_id, created_at)` index serves
every window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from bot.store.fast import _sql as placeholders


def _conn() -> BaseDBAsyncClient:
    conn: BaseDBAsyncClient = connections.get("default")
    return conn


def postgres() -> bool:
    return bool(_conn().capabilities.dialect == "postgres")


def epoch(column: str) -> str:
    """Whole seconds since 1970 (floored, never rounded up into the next bucket)."""
    if postgres():
        return f"CAST(FLOOR(EXTRACT(EPOCH FROM {column})) AS BIGINT)"
    return f"CAST(strftime('%s', {column}) AS INTEGER)"


def seconds_between(later: str, earlier: str) -> str:
    if postgres():
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


async def fetch(query: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    conn = _conn()
    return await conn.execute_query_dict(placeholders(conn, query), list(params))


@dataclass(frozen=True)
class Span:
    """Some hotels' rows from `start` (included) to `end` (excluded), both UTC."""

    hotel_ids: tuple[int, ...]
    start: datetime
    end: datetime


def within(spans: Sequence[Span], alias: str, column: str = "created_at") -> tuple[str, list[Any]]:
    """`(alias.hotel_id IN (..) AND alias.column >= ? AND alias.column < ?) OR ...`."""
    clauses: list[str] = []
    params: list[Any] = []
    for span in spans:
        marks = ", ".join("?" for _ in span.hotel_ids)
        clauses.append(
            f"({alias}.hotel_id IN ({marks}) AND {alias}.{column} >= ? AND {alias}.{column} < ?)"
        )
        params += [*span.hotel_ids, span.start, span.end]
    return "(" + " OR ".join(clauses or ["1 = 0"]) + ")", params
