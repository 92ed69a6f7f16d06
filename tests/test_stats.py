"""The /stats arithmetic on hand-built rows: definitions, medians, periods, argument parsing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.admin_flow.core.audit_log import compact_changes
from bot.admin_flow.core.stats import (
    BadStatsArgs,
    Inbound,
    Outbound,
    Stats,
    StatsQuery,
    compute_stats,
    parse_stats_args,
    period_start,
)

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def inbound(id: int, outcome: str | None, *, chat: str = "1@c.us", hotel: int = 1) -> Inbound:
    return Inbound(id, hotel, chat, T0 + timedelta(minutes=id), outcome)


def reply(to: int | None, after: float, *, sent_after: float | None = None) -> Outbound:
    base = T0 + timedelta(minutes=to or 0)
    sent = None if sent_after is None else base + timedelta(seconds=sent_after)
    return Outbound(to, base + timedelta(seconds=after), sent)


def test_nothing_gives_zeros() -> None:
    stats = compute_stats([], [])
    assert stats == Stats()
    assert stats.automation_rate == 0.0
    assert stats.median_first_response == 0.0


def test_every_figure_from_rows() -> None:
    rows = [
        inbound(1, "knowledge", chat="a"),
        inbound(2, "ai", chat="a"),
        inbound(3, "handoff", chat="b"),
        inbound(4, "person", chat="b"),
        inbound(5, "silent", chat="c"),
        inbound(6, "request", chat="c"),
        inbound(7, "template", chat="c", hotel=2),  # same chat id, other hotel: another guest
        inbound(8, None, chat="d"),  # not processed yet
        inbound(9, "fallback", chat="d"),
    ]
    out = [
        reply(1, 5),
        reply(2, 30),
        reply(3, 100, sent_after=120),
        reply(3, 200, sent_after=210),  # a second reply: only the first counts
        reply(6, 60),
        reply(None, 1),  # a staff notice answering nothing
    ]
    stats = compute_stats(rows, out, handoffs=2, new_requests=1, open_requests=3)
    assert stats.messages_in == 9
    assert stats.messages_out == 6
    assert stats.active_guests == 5
    assert (stats.automated, stats.decided) == (4, 7)  # knowledge, ai, request, template
    assert round(stats.automation_rate) == 57
    assert stats.ai_answers == 1
    assert (stats.handoffs, stats.new_requests, stats.open_requests) == (2, 1, 3)
    assert stats.answered == 4
    assert stats.median_first_response == 45.0  # median of 5, 30, 60, 120


def test_median_of_an_odd_count_and_sent_at_wins_over_created_at() -> None:
    rows = [inbound(1, "ai"), inbound(2, "ai"), inbound(3, "ai")]
    out = [reply(1, 1, sent_after=9), reply(2, 4), reply(3, 300)]
    stats = compute_stats(rows, out)
    assert stats.median_first_response == 9.0
    assert stats.answered == 3


def test_earliest_reply_counts_whatever_the_order() -> None:
    stats = compute_stats([inbound(1, "knowledge")], [reply(1, 50), reply(1, 7)])
    assert stats.median_first_response == 7.0


def test_replies_to_messages_outside_the_period_are_only_messages_out() -> None:
    stats = compute_stats([inbound(2, "ai")], [reply(1, 3), reply(2, 8)])
    assert stats.messages_out == 2
    assert stats.answered == 1
    assert stats.median_first_response == 8.0


def test_only_silent_or_unprocessed_gives_a_zero_rate() -> None:
    stats = compute_stats([inbound(1, "silent"), inbound(2, None)], [])
    assert (stats.automated, stats.decided, stats.automation_rate) == (0, 0, 0.0)


def test_today_starts_at_local_midnight() -> None:
    now = datetime(2025, 3, 10, 1, 30, tzinfo=UTC)  # 10:30 in Tokyo, 21:30 (9th) in New York
    assert period_start("today", now, "Asia/Tokyo") == datetime(2025, 3, 9, 15, 0, tzinfo=UTC)
    assert period_start("today", now, "America/New_York") == datetime(
        2025, 3, 9, 5, 0, tzinfo=UTC
    )  # the 9th began before the switch to summer time: UTC-5
    assert period_start("today", now, "UTC") == datetime(2025, 3, 10, tzinfo=UTC)
    assert period_start("today", now, "Not/AZone") == datetime(2025, 3, 10, tzinfo=UTC)


def test_rolling_periods() -> None:
    assert period_start("7d", T0, "Asia/Tokyo") == T0 - timedelta(days=7)
    assert period_start("30d", T0, "UTC") == T0 - timedelta(days=30)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], StatsQuery(None, "today")),
        (["7d"], StatsQuery(None, "7d")),
        (["3"], StatsQuery(3, "today")),
        (["3", "30D"], StatsQuery(3, "30d")),
        (["today", "12"], StatsQuery(12, "today")),
    ],
)
def test_arguments(args: list[str], expected: StatsQuery) -> None:
    assert parse_stats_args(args) == expected


@pytest.mark.parametrize(
    ("args", "bad"),
    [(["abc"], "abc"), (["1", "2"], "2"), (["7d", "30d"], "30d"), (["0"], "0"), (["-1"], "-1")],
)
def test_bad_arguments(args: list[str], bad: str) -> None:
    with pytest.raises(BadStatsArgs) as info:
        parse_stats_args(args)
    assert info.value.arg == bad


def test_audit_changes_are_compact() -> None:
    details = {
        "before": {"name": "Old", "hours": "08:00-22:00"},
        "after": {"name": "New", "token": "***"},
    }
    assert compact_changes(details) == "name: Old→New, token: ***, hours: 08:00-22:00→∅"
    assert compact_changes({"before": {}, "after": {}}) == ""
    assert compact_changes("junk") == ""
    assert compact_changes({"after": {"text": "x" * 100}}).endswith("…")
