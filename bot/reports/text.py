"""A report in one reader's language: the image's sheet, the caption, the CSV file.

Every word comes from `locales/<lang>/admin_reports.yaml`; numbers are formatted here once, so
the image, the caption and `/stats` say the same thing the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

from bot import limits
from bot.i18n import I18n
from bot.reports.data import Report
from bot.reports.numbers import Stats
from bot.reports.sheet import Bars, Series, Sheet, Tile

# (label key, value, better when it goes up (+1) or down (-1), 0 for neither)
Metric = tuple[str, Callable[[Stats], float], int]
METRICS: tuple[Metric, ...] = (
    ("guest_messages", lambda s: s.messages_in, 0),
    ("active_guests", lambda s: s.active_guests, 0),
    ("automation", lambda s: s.automation_rate, 1),
    ("ai_answers", lambda s: s.ai_answers, 0),
    ("handoffs", lambda s: s.handoffs, -1),
    ("requests", lambda s: s.new_requests, 0),
    ("first_response", lambda s: s.median_first_response, -1),
    ("failed", lambda s: s.failed_deliveries, -1),
    ("person_response", lambda s: s.median_person_response, -1),
    ("unanswered", lambda s: s.unanswered_by_person, -1),
)
# The image's tiles (a phone screen holds eight): a person's first reply rather than the bot's,
# which the caption, the CSV and the overview's table still show.
TILES = (
    "guest_messages",
    "active_guests",
    "automation",
    "ai_answers",
    "handoffs",
    "requests",
    "person_response",
    "failed",
)


class Words:
    """One language's texts for reports."""

    def __init__(self, i18n: I18n, language: str | None) -> None:
        self.i18n = i18n
        self.lang = i18n.pick(language)
        self.months = self.t("months").split()
        self.weekdays = self.t("weekdays").split()

    def t(self, key: str, **values: object) -> str:
        return self.i18n.t(f"admin.reports.{key}", self.lang, **values)

    def known(self, key: str) -> bool:
        return f"admin.reports.{key}" in self.i18n.catalogs.get(self.lang, {})

    def day(self, d: date) -> str:
        return self.t("day", day=d.day, month=self.months[d.month - 1])

    def weekday(self, d: date) -> str:
        return self.t("weekday_day", weekday=self.weekdays[d.weekday()], day=d.day)

    def duration(self, seconds: float, *, to_minute: bool = False) -> str:
        """A short human duration ("45s", "2m 5s", "3h 10m", "2d 4h").

        *to_minute* counts whole minutes only ("12m"): how long a guest has waited is read at a
        glance in a list, where the seconds would only flicker."""
        t = self.i18n.t
        whole = 60 * int(max(0.0, seconds) // 60) if to_minute else round(seconds)
        if seconds > 0 and whole == 0 and not to_minute:
            return t("admin.numbers.dur_under_second", self.lang)
        days, rest = divmod(whole, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
        if days:
            return t("admin.numbers.dur_days", self.lang, d=days, h=hours)
        if hours:
            return t("admin.numbers.dur_hours", self.lang, h=hours, m=minutes)
        if to_minute:
            return t("admin.numbers.dur_whole_minutes", self.lang, m=minutes)
        if minutes:
            return t("admin.numbers.dur_minutes", self.lang, m=minutes, s=secs)
        return t("admin.numbers.dur_seconds", self.lang, s=secs)

    def kind(self, kind: str) -> str:
        return self.t(f"kind.{kind}") if self.known(f"kind.{kind}") else kind.replace("_", " ")

    def language(self, code: str) -> str:
        if not code:
            return self.t("language_unknown")
        return self.t(f"language.{code}") if self.known(f"language.{code}") else code.upper()


def cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def short(text: str, chars: int) -> str:
    """Cut in the middle: hotels of one chain differ at the end ("Sunrise … Sochi")."""
    if len(text) <= chars:
        return text
    tail = chars // 3
    return text[: chars - tail - 1].rstrip() + "…" + text[-tail:].lstrip()


def title(w: Words, report: Report) -> str:
    if report.overview:
        return w.t("overview_title", count=len(report.hotels))
    return cut(report.title, limits.REPORT_TITLE_CHARS)


def period(w: Words, report: Report) -> str:
    days = report.window.day_list
    if report.period == "yesterday":
        return w.t("period_yesterday", date=f"{w.weekdays[days[0].weekday()]} {w.day(days[0])}")
    return w.t(f"period_{report.period}", first=w.day(days[0]), last=w.day(days[-1]))


def value(w: Words, key: str, stats: Stats) -> str:
    if key == "automation":
        return f"{stats.automation_rate:.0f}%"
    if key == "requests":
        return f"{stats.new_requests} / {stats.done_requests}"
    if key == "first_response":
        return w.duration(stats.median_first_response) if stats.answered else "—"
    if key == "person_response":
        return w.duration(stats.median_person_response) if stats.person_answered else "—"
    return str(next(get(stats) for k, get, _ in METRICS if k == key))


def change(w: Words, key: str, now: Stats, before: Stats) -> tuple[str, int]:
    """("▲ +12%", tone) against the previous period; ("", 0) when there is nothing to say."""
    get, better = next((g, b) for k, g, b in METRICS if k == key)
    a, b = get(before), get(now)
    if key == "first_response" and not (now.answered and before.answered):
        return "", 0
    if key == "person_response" and not (now.person_answered and before.person_answered):
        return "", 0
    if key == "automation":
        if not (now.decided and before.decided):
            return "", 0
        diff = round(b - a)
        shown = w.t("points", value=f"{diff:+d}".replace("-", "−"))
    elif a == b:
        return w.t("same"), 0
    elif a == 0:
        diff = round(b)
        shown = f"+{diff}"
    else:
        diff = round(100 * (b - a) / a)
        shown = f"{diff:+d}%".replace("-", "−")
    if diff == 0:
        return w.t("same"), 0
    arrow = w.t("up" if diff > 0 else "down", value=shown)
    return arrow, (better if diff > 0 else -better)


def tiles(w: Words, report: Report) -> tuple[Tile, ...]:
    out = []
    for key in TILES:
        shown, tone = change(w, key, report.numbers, report.previous)
        out.append(Tile(w.t(key), value(w, key, report.numbers), shown, tone))
    return tuple(out)


def _top(items: tuple[tuple[str, int], ...], w: Words) -> tuple[tuple[str, int], ...]:
    """The largest rows, and the rest together as "other"."""
    keep = limits.REPORT_BAR_ROWS
    if len(items) <= keep:
        return items
    rest = sum(n for _, n in items[keep - 1 :])
    return (*items[: keep - 1], (w.t("other"), rest))


def _day_labels(w: Words, report: Report) -> tuple[str, ...]:
    days = report.window.day_list
    if len(days) <= 7:
        return tuple(w.weekday(d) for d in days)
    # Thirty days: every fifth, counted back from the last, so the latest day is labelled.
    return tuple(w.day(d) if (len(days) - 1 - i) % 5 == 0 else "" for i, d in enumerate(days))


def _generated(w: Words, report: Report) -> str:
    at = report.generated_at
    key = "generated_one" if report.window.days == 1 else "generated"
    if report.empty:
        key = "generated_plain"
    return w.t(
        key,
        date=w.day(at.date()),
        time=at.strftime("%H:%M"),
        tz=report.tz,
        days=report.window.days,
    )


def _table(w: Words, report: Report) -> tuple[tuple[str, ...], ...]:
    rows = sorted(report.hotels, key=lambda r: (-r.numbers.messages_in, r.hotel_id))
    return tuple(
        (
            short(f"#{r.hotel_id} {r.name}", limits.REPORT_LABEL_CHARS),
            str(r.numbers.messages_in),
            str(r.numbers.active_guests),
            f"{r.numbers.automation_rate:.0f}%",
            w.duration(r.numbers.median_first_response) if r.numbers.answered else "—",
            str(r.numbers.failed_deliveries),
        )
        for r in rows[: limits.REPORT_TABLE_ROWS]
    )


def sheet(i18n: I18n, language: str | None, report: Report) -> Sheet:
    """Everything the image says, in the reader's language."""
    w = Words(i18n, language)
    head, sub = title(w, report), period(w, report)
    if report.empty:
        return Sheet(head, sub, _generated(w, report), empty=w.t("empty"))
    series: tuple[Series, ...] = ()
    if report.window.days > 1:
        series = (
            Series(w.t("series_in"), tuple(d.guest_in for d in report.days)),
            Series(w.t("series_bot"), tuple(d.bot_out for d in report.days)),
            Series(w.t("series_staff"), tuple(d.staff_out for d in report.days)),
        )
    kinds = tuple((cut(w.kind(k), limits.REPORT_LABEL_CHARS), n) for k, n in report.request_kinds)
    languages = tuple(
        (cut(w.language(code), limits.REPORT_LABEL_CHARS), n) for code, n in report.languages
    )
    share = None
    table: tuple[tuple[str, ...], ...] = ()
    note = ""
    if report.overview:
        busiest = sorted(report.hotels, key=lambda r: (-r.numbers.messages_in, r.hotel_id))
        slices = [
            (short(f"#{r.hotel_id} {r.name}", limits.REPORT_LABEL_CHARS), r.numbers.messages_in)
            for r in busiest
            if r.numbers.messages_in
        ]
        if len(slices) > limits.REPORT_SLICES:
            rest = sum(n for _, n in slices[limits.REPORT_SLICES - 1 :])
            slices = [*slices[: limits.REPORT_SLICES - 1], (w.t("other"), rest)]
        share = Bars(w.t("share_title"), tuple(slices), w.t("share_none"), rest=w.t("other"))
        table = _table(w, report)
        hidden = len(report.hotels) - len(table)
        note = w.t("table_more", count=hidden) if hidden > 0 else ""
    return Sheet(
        head,
        sub,
        _generated(w, report),
        tiles=tiles(w, report),
        days_title=w.t("days_title"),
        day_labels=_day_labels(w, report),
        series=series,
        hours_title=w.t("hours_title"),
        hours_axis=w.t("hours_axis", tz=report.tz),
        # The overview has its table instead: a phone screen holds no more (the CSV has all).
        hours=() if report.overview else report.hours,
        bars=()
        if report.overview
        else (
            Bars(w.t("kinds_title"), _top(kinds, w), w.t("kinds_none")),
            Bars(w.t("languages_title"), _top(languages, w), w.t("languages_none")),
        ),
        share=share,
        table_title=w.t("table_title"),
        table_head=tuple(
            w.t(f"table_{k}")
            for k in ("hotel", "messages", "guests", "automation", "response", "failed")
        ),
        table=table,
        table_note=note,
    )


def caption(i18n: I18n, language: str | None, report: Report) -> str:
    """The key numbers as text under the image (Telegram: 1,024 characters at most)."""
    w = Words(i18n, language)
    lines = [f"{title(w, report)} — {period(w, report)}"]
    for key, _, _ in METRICS:
        shown = value(w, key, report.numbers)
        delta, _ = change(w, key, report.numbers, report.previous)
        if delta:
            shown = w.t("caption_change", value=shown, change=delta)
        lines.append(w.t("caption_line", label=w.t(key), value=shown))
    lines += handling_lines(w, report.numbers)
    return "\n".join(lines)[: limits.TELEGRAM_CAPTION]


def handling_lines(w: Words, stats: Stats) -> list[str]:
    """Time to take and to resolve the handoffs, and the requests by kind with their time to
    done: the caption's lines for what the image has no tiles for."""
    lines = []
    if stats.handoffs:
        for key, count, median in (
            ("take", stats.taken, stats.median_take),
            ("resolve", stats.resolved, stats.median_resolve),
        ):
            shown = w.duration(median) if count else "—"
            value = w.t("handled", median=shown, count=count, handoffs=stats.handoffs)
            lines.append(w.t("caption_line", label=w.t(key), value=value))
    kinds = [
        w.t("kind_done", kind=w.kind(k.kind), count=k.count, median=w.duration(k.median_done))
        if k.done
        else w.t("kind_count", kind=w.kind(k.kind), count=k.count)
        for k in stats.request_kinds[: limits.REPORT_BAR_ROWS]
    ]
    if kinds:
        lines.append(w.t("caption_line", label=w.t("kinds_line"), value=", ".join(kinds)))
    return lines


def csv_bytes(i18n: I18n, language: str | None, report: Report) -> bytes:
    """The same numbers for a spreadsheet: the key numbers, then one table per chart.

    UTF-8 with a byte-order mark, so Excel opens Cyrillic correctly.
    """
    w = Words(i18n, language)
    out = io.StringIO()
    writer = csv.writer(out)

    def put(cells: list[object]) -> None:
        writer.writerow([_inert(c) for c in cells])

    put([title(w, report), period(w, report)])
    put([w.t("csv_metric"), w.t("csv_this"), w.t("csv_previous")])
    numbers: list[tuple[str, Callable[[Stats], float]]] = [
        (w.t("guest_messages"), lambda s: s.messages_in),
        (w.t("csv_messages_out"), lambda s: s.messages_out),
        (w.t("active_guests"), lambda s: s.active_guests),
        (w.t("csv_automation"), lambda s: round(s.automation_rate, 1)),
        (w.t("ai_answers"), lambda s: s.ai_answers),
        (w.t("handoffs"), lambda s: s.handoffs),
        (w.t("csv_requests_opened"), lambda s: s.new_requests),
        (w.t("csv_requests_done"), lambda s: s.done_requests),
        (w.t("csv_requests_open"), lambda s: s.open_requests),
        (w.t("csv_answered"), lambda s: s.answered),
        (w.t("csv_first_response"), lambda s: round(s.median_first_response, 1)),
        (w.t("failed"), lambda s: s.failed_deliveries),
        (w.t("csv_person_answered"), lambda s: s.person_answered),
        (w.t("csv_unanswered"), lambda s: s.unanswered_by_person),
        (w.t("csv_person_response"), lambda s: round(s.median_person_response, 1)),
        (w.t("csv_person_p90"), lambda s: round(s.p90_person_response, 1)),
        (w.t("csv_taken"), lambda s: s.taken),
        (w.t("csv_take"), lambda s: round(s.median_take, 1)),
        (w.t("csv_resolved"), lambda s: s.resolved),
        (w.t("csv_resolve"), lambda s: round(s.median_resolve, 1)),
    ]
    for label, get in numbers:
        put([label, get(report.numbers), get(report.previous)])
    put([])
    put([w.t("csv_date"), w.t("csv_guests_in"), w.t("csv_bot_out"), w.t("csv_staff_out")])
    for d in report.days:
        put([d.day.isoformat(), d.guest_in, d.bot_out, d.staff_out])
    put([])
    put([w.t("csv_hour"), w.t("csv_guests_in")])
    for hour, n in enumerate(report.hours):
        put([f"{hour:02d}:00", n])
    put([])
    put([w.t("csv_kind"), w.t("csv_count"), w.t("csv_done"), w.t("csv_done_median")])
    done_of = {k.kind: k for k in report.numbers.request_kinds}
    for kind, n in report.request_kinds:
        kind_done = done_of.get(kind)
        put(
            [
                w.kind(kind),
                n,
                *((kind_done.done, round(kind_done.median_done, 1)) if kind_done else (0, 0)),
            ]
        )
    put([])
    put([w.t("csv_language"), w.t("csv_count")])
    for code, n in report.languages:
        put([w.language(code), n])
    if report.overview:
        put([])
        put(
            [
                w.t("csv_hotel_id"),
                w.t("csv_hotel"),
                w.t("guest_messages"),
                w.t("active_guests"),
                w.t("csv_automation"),
                w.t("ai_answers"),
                w.t("handoffs"),
                w.t("csv_requests_opened"),
                w.t("csv_requests_done"),
                w.t("csv_first_response"),
                w.t("failed"),
            ]
        )
        for row in report.hotels:
            one = row.numbers
            put(
                [
                    row.hotel_id,
                    row.name,
                    one.messages_in,
                    one.active_guests,
                    round(one.automation_rate, 1),
                    one.ai_answers,
                    one.handoffs,
                    one.new_requests,
                    one.done_requests,
                    round(one.median_first_response, 1),
                    one.failed_deliveries,
                ]
            )
    return ("\ufeff" + out.getvalue()).encode()


def _inert(cell: object) -> object:
    """A text a spreadsheet would run as a formula (a hotel named "=HYPERLINK(...)") is kept a
    text by a leading apostrophe, as the spreadsheets themselves do."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def file_name(report: Report, suffix: str) -> str:
    who = "all" if report.overview else f"hotel{report.hotel_id}"
    days = report.window.day_list
    return f"report-{who}-{report.period}-{days[-1].isoformat()}.{suffix}"
