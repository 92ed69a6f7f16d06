"""Report images: a valid PNG of the expected size for every shape of report, nothing drawn
outside the image, and no two texts overlapping (30-day axis, 20 long hotel names, Russian)."""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import random
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from matplotlib.text import Text
from PIL import Image

from bot.i18n import I18n
from bot.reports import render, text
from bot.reports.data import Day, HotelRow, Report
from bot.reports.numbers import Kind, Stats, window
from bot.scheduler import zone

NOW = datetime(2025, 3, 10, 0, 5, tzinfo=UTC)
LONG = "Гранд-отель «Северное сияние» на набережной реки Мойки, корпус"
I18N = I18n()


def _stats(r: random.Random, scale: float = 1.0) -> Stats:
    m = int(r.randint(20, 80) * scale)
    return Stats(
        messages_in=m,
        messages_out=m + 3,
        active_guests=m // 3,
        automated=m // 2,
        decided=m - 2,
        ai_answers=m // 6,
        handoffs=m // 12,
        new_requests=m // 8,
        done_requests=m // 10,
        open_requests=3,
        answered=m - 3,
        median_first_response=r.uniform(3, 9000),
        failed_deliveries=r.randint(0, 2),
        # Not drawn from `r`: the charts' random data stays the same as before these numbers.
        person_answered=m // 14,
        median_person_response=60.0 * m,
        p90_person_response=300.0 * m,
        taken=m // 15,
        median_take=10.0 * m,
        resolved=m // 16,
        median_resolve=900.0 * m,
        request_kinds=(Kind("towels", 120, 100, 1800.0), Kind("late_checkout", 7)),
    )


def report(
    period: str = "7d",
    *,
    hotels: int = 0,
    name: str = "Test Hotel",
    empty: bool = False,
    tz: str = "Asia/Tokyo",
    first_response: float | None = None,
    kind: str = "late_checkout",
) -> Report:
    r = random.Random(7)
    w = window(period, NOW, tz)
    days = tuple(
        Day(d, r.randint(0, 999), r.randint(0, 999), r.randint(0, 99)) for d in w.day_list
    )
    rows = tuple(
        HotelRow(i + 1, f"{LONG} {i + 1}" if i % 2 else f"Grand Palace Hotel & Spa {i + 1}",
                 _stats(r, r.uniform(0.1, 30)))
        for i in range(hotels)
    )  # fmt: skip
    kinds = (("towels", 120), (kind, 7), ("room_service", 5), ("wake_up", 3),
             ("amenities", 2), ("repair", 2), ("cleaning", 1), ("a_new_kind", 1))  # fmt: skip
    numbers = Stats() if empty else _stats(r)
    if first_response is not None:
        # The bot's reply in the caption and the table, a person's on its tile.
        numbers = replace(
            numbers, median_first_response=first_response, median_person_response=first_response
        )
    return Report(
        hotel_id=None if hotels else 1,
        title=name,
        period=period,
        tz=tz,
        window=w,
        generated_at=NOW.astimezone(zone(tz)),
        numbers=numbers,
        previous=Stats() if empty else _stats(r),
        days=days,
        hours=tuple(r.randint(0, 500) for _ in range(24)),
        request_kinds=() if empty else kinds,
        languages=() if empty else (("en", 30), ("ru", 12), ("xx", 4), ("", 2)),
        hotels=rows,
    )


def overlaps(sheet: render.Sheet) -> list[tuple[str, str]]:
    """Pairs of visible texts whose boxes intersect, and texts outside the image."""
    fig = render.figure(sheet)
    canvas = fig.canvas
    canvas.draw()
    renderer = canvas.get_renderer()  # type: ignore[attr-defined]
    width, height = fig.bbox.width, fig.bbox.height
    boxes = []
    for t in fig.findobj(Text):
        if not t.get_visible() or not t.get_text().strip():
            continue
        box = t.get_window_extent(renderer)
        if box.width == 0:
            continue
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            boxes.append((t.get_text(), box))
            return [(t.get_text(), "outside the image")]
        boxes.append((t.get_text(), box))
    return [
        (a, b)
        for (a, p), (b, q) in itertools.combinations(boxes, 2)
        if p.x0 < q.x1 - 1 and q.x0 < p.x1 - 1 and p.y0 < q.y1 - 1 and q.y0 < p.y1 - 1
    ]


CASES = {
    "no data": (report("yesterday", empty=True), "en"),
    "one day": (report("yesterday"), "en"),
    "seven days": (report("7d"), "en"),
    "30 days": (report("30d"), "en"),
    "20 hotels with long names": (report("30d", hotels=20), "en"),
    "Russian, long name, 30 days": (report("30d", name=LONG), "ru"),
    "Russian overview": (report("7d", hotels=20), "ru"),
    # A long zone name in a long language: the "made at" line wraps instead of running off.
    "Buenos Aires, Russian": (report("30d", tz="America/Argentina/Buenos_Aires"), "ru"),
    "Buenos Aires, English": (report("7d", tz="America/Argentina/Buenos_Aires"), "en"),
    "New York, Russian": (report("30d", tz="America/New_York"), "ru"),
    "Buenos Aires, Russian overview": (
        report("30d", hotels=20, tz="America/Argentina/Buenos_Aires"),
        "ru",
    ),
    # 34 wide letters: within the one-line length, but wider than the image at that size.
    "wide Cyrillic title": (report("7d", name="ГОСТИНИЦА МЕЖДУНАРОДНАЯ ШЕРЕМЕТЬЕВ"), "ru"),
    "wide Latin title": (report("yesterday", name="WWWW MMMM WWWW MMMM WWWW MMMM WWWW"), "en"),
    "one wide word": (report("yesterday", name="Ш" * 34), "ru"),
    # A reply time in minutes and hours next to its change, in Russian.
    "Russian 7 days": (report("7d"), "ru"),
    "Russian, reply in minutes": (report("7d", first_response=13 * 60 + 39), "ru"),
    "Russian, reply in hours": (report("yesterday", first_response=5220), "ru"),
    "Russian, reply in days": (report("30d", first_response=2 * 86400 + 4 * 3600), "ru"),
    "a long custom request kind": (
        report("7d", kind="extra_pillows_and_blankets_for_family_room"),
        "en",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_png_is_valid_of_the_expected_size_and_nothing_overlaps(case: str) -> None:
    made, lang = CASES[case]
    sheet = text.sheet(I18N, lang, made)
    png = render.png(sheet)
    image = Image.open(io.BytesIO(png))
    image.verify()  # a complete, uncorrupted PNG
    assert image.format == "PNG"
    assert image.size == (render.WIDTH, render.height(sheet))
    # A phone screen's shape at most, so Telegram's viewer shows it whole.
    assert image.size[1] <= render.TALLEST * render.WIDTH
    assert overlaps(sheet) == []


def test_no_activity_is_a_short_clean_image_saying_so() -> None:
    sheet = text.sheet(I18N, "en", report("yesterday", empty=True))
    assert sheet.empty == I18N.t("admin.reports.empty", "en")
    assert not sheet.tiles and not sheet.series and not sheet.hours
    assert render.height(sheet) < 800


def test_days_are_labelled_without_crowding() -> None:
    month = text.sheet(I18N, "en", report("30d")).day_labels
    assert len(month) == 30 and month[-1] == "10 Mar"
    assert sum(1 for label in month if label) == 6
    week = text.sheet(I18N, "ru", report("7d")).day_labels
    assert week == ("Вт 4", "Ср 5", "Чт 6", "Пт 7", "Сб 8", "Вс 9", "Пн 10")


def test_many_rows_are_gathered_as_other_and_names_cut_in_the_middle() -> None:
    sheet = text.sheet(I18N, "en", report("7d", hotels=20))
    assert sheet.share is not None
    assert len(sheet.share.items) == 5 and sheet.share.items[-1][0] == "other"
    assert len(sheet.table) == 10 and "10 more hotels" in sheet.table_note
    assert all(len(row[0]) <= 20 for row in sheet.table)
    named = text.sheet(I18N, "en", report("7d"))
    kinds = dict(named.bars[0].items)
    assert kinds["Towels"] == 120 and kinds["other"] == 4  # the three smallest, together
    assert "XX" in dict(named.bars[1].items)  # a language without a name: its code


def test_csv_rows_say_what_they_hold_and_no_cell_is_a_formula() -> None:
    made = report("7d", hotels=3)
    rows = (HotelRow(1, "=HYPERLINK(\"http://x\",\"y\")", made.hotels[0].numbers),
            HotelRow(2, "+7 Sea View", made.hotels[1].numbers),
            HotelRow(3, "@home -hostel", made.hotels[2].numbers))  # fmt: skip
    made = replace(made, hotels=rows)
    for lang, sent, opened in (
        ("en", "messages sent", "requests opened"),
        ("ru", "отправлено сообщений", "заявки открыты за период"),
    ):
        table = list(csv.reader(io.StringIO(text.csv_bytes(I18N, lang, made).decode("utf-8-sig"))))
        numbers = {r[0]: r[1:] for r in table if len(r) == 3}
        assert numbers[sent][0] == str(made.numbers.messages_out)
        assert numbers[opened][0] == str(made.numbers.new_requests)
        names = [r[1] for r in table if r and r[0] in ("1", "2", "3")]
        assert names == ['\'=HYPERLINK("http://x","y")', "'+7 Sea View", "'@home -hostel"]


async def test_render_runs_off_the_event_loop() -> None:
    """The loop keeps turning while a report is drawn: drawing on it would stall these ticks."""
    sheet = text.sheet(I18N, "en", report("30d"))
    ticks = 0
    drawing = asyncio.ensure_future(render.render(sheet))

    async def ticker() -> None:
        nonlocal ticks
        while not drawing.done():
            ticks += 1
            await asyncio.sleep(0.005)

    await asyncio.gather(ticker(), drawing)
    assert drawing.result().startswith(b"\x89PNG")
    assert ticks >= 5
    assert render.pool()._max_workers == 1  # bounded: limits.REPORT_RENDER_THREADS
