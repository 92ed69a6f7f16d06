"""/stats periods (local days, clock changes) and argument parsing; the numbers themselves are
tested on stored rows in tests/test_reports_numbers.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.admin_flow.core.audit_log import compact_changes
from bot.admin_flow.core.replies import BadArgs
from bot.admin_flow.core.stats import StatsQuery, parse_stats_args
from bot.reports.numbers import window

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def test_today_starts_at_local_midnight() -> None:
    now = datetime(2025, 3, 10, 1, 30, tzinfo=UTC)  # 10:30 in Tokyo, 21:30 (9th) in New York
    assert window("today", now, "Asia/Tokyo").start == datetime(2025, 3, 9, 15, 0, tzinfo=UTC)
    assert window("today", now, "America/New_York").start == datetime(
        2025, 3, 9, 5, 0, tzinfo=UTC
    )  # the 9th began before the switch to summer time: UTC-5
    assert window("today", now, "UTC").start == datetime(2025, 3, 10, tzinfo=UTC)
    assert window("today", now, "Not/AZone").start == datetime(2025, 3, 10, tzinfo=UTC)
    assert window("today", now, "UTC").end == now


def test_yesterday_is_the_whole_local_day() -> None:
    now = datetime(2025, 3, 10, 1, 30, tzinfo=UTC)  # the 10th in Tokyo
    w = window("yesterday", now, "Asia/Tokyo")
    assert (w.start, w.end) == (
        datetime(2025, 3, 8, 15, 0, tzinfo=UTC),
        datetime(2025, 3, 9, 15, 0, tzinfo=UTC),
    )
    assert (w.first_day, w.days) == (date(2025, 3, 9), 1)
    before = w.previous()
    assert (before.start, before.end) == (
        datetime(2025, 3, 7, 15, 0, tzinfo=UTC),
        datetime(2025, 3, 8, 15, 0, tzinfo=UTC),
    )


def test_day_periods_count_local_days_with_today() -> None:
    w = window("7d", T0, "UTC")
    assert (w.start, w.end, w.days) == (datetime(2025, 3, 4, tzinfo=UTC), T0, 7)
    assert w.day_list[0] == date(2025, 3, 4) and w.day_list[-1] == date(2025, 3, 10)
    # The previous period: the same days and hours a week earlier.
    assert (w.previous().start, w.previous().end) == (
        datetime(2025, 2, 25, tzinfo=UTC),
        T0 - timedelta(days=7),
    )
    month = window("30d", T0, "Asia/Tokyo")  # 21:00 on the 10th in Tokyo
    assert month.start == datetime(2025, 2, 8, 15, 0, tzinfo=UTC)
    assert month.day_list[-1] == date(2025, 3, 10)


def test_a_day_across_a_clock_change_is_its_real_length() -> None:
    # New York moved to summer time on 9 March 2025: that day had 23 hours.
    now = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    w = window("yesterday", now, "America/New_York")
    assert w.end - w.start == timedelta(hours=23)


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
    with pytest.raises(BadArgs) as info:
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
