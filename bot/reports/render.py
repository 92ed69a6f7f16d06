"""Report images: a `Sheet` (every text already in the reader's language) drawn as a PNG.

Drawn for a phone held upright: 1080 px wide, at most `TALLEST` times as tall (a phone screen's
shape; the 20-hotel overview is the tallest: 1:2.23 as in docs/, 1:2.27 with a wrapped header
line), every text at least 26 px, so the whole image is readable in Telegram's viewer without
zooming. Panels are placed at fixed pixel positions, each tick label has its own slot (30 days:
one label every few days; hotel names cut to a fixed length), so nothing can overlap. Texts
whose width depends on the language, the zone or the hotel's name (the header's lines, a tile's
value) are measured with the font itself and wrapped or made smaller: a count of characters
says little about the width of "ШШШ" or "iii". Colours are the Okabe-Ito palette
(distinguishable with any colour vision), and each series also differs by form (bars, line
style) and is named in a legend.

Matplotlib's object API with the Agg canvas only: no pyplot, no global state, so two threads
may draw at once. `render` runs the drawing in a small bounded thread pool, never on the event
loop (see bench/reports.py for what that costs webhooks).
"""

from __future__ import annotations

import asyncio
import io
import textwrap
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyBboxPatch
from matplotlib.ticker import MaxNLocator

from bot import limits
from bot.reports.sheet import Bars, Series, Sheet, Tile

__all__ = ["Bars", "Series", "Sheet", "Tile", "figure", "height", "render"]

WIDTH = 1080  # px
DPI = 100
PT = 72 / DPI  # points per pixel: sizes below are written in pixels
MARGIN = 48

# Okabe & Ito (2008), "Color Universal Design".
BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
SKY, PURPLE, YELLOW = "#56B4E9", "#CC79A7", "#F0E442"
PALETTE = (BLUE, ORANGE, GREEN, SKY, PURPLE, VERMILLION, YELLOW)
INK, MUTED, FAINT, PAPER, TILE = "#1F2328", "#59636E", "#D0D7DE", "#FFFFFF", "#F2F5F8"
REST = "#AEB6BF"  # "other": grey, so it never passes for one more hotel
TONES = {1: BLUE, -1: VERMILLION, 0: MUTED}  # better, worse, neither

# Pixel heights of the parts of a sheet.
HEADER = 200  # with one line each for the title, the period and "made at"; more lines add LINE
LINE = 36  # one more line of the period or of "made at"
TILE_ROW = 140
CHART = 440  # a chart with its title, legend and axis labels
SHARE = 360
BAR_ROW = 70
BAR_HEAD = 70
TABLE_ROW = 50
TABLE_HEAD = 110
EMPTY_BODY = 480
NOTE = 40  # the line under the overview's table
GAP = 40
TALLEST = 2.3  # height:width at most, a phone screen's shape (tests check every sample)


def _px(size: float) -> float:
    return size * PT


def _bar_rows(bars: Bars) -> int:
    return max(1, len(bars.items))


def height(sheet: Sheet) -> int:
    """The image's height in pixels, from what the sheet holds (tests check the PNG's size)."""
    h = _header_height(sheet) + GAP
    if sheet.empty is not None:
        return h + EMPTY_BODY
    h += TILE_ROW * ((len(sheet.tiles) + 1) // 2) + GAP
    if sheet.share is not None:
        h += SHARE + GAP
    if sheet.table:
        h += TABLE_HEAD + TABLE_ROW * len(sheet.table) + GAP + (NOTE if sheet.table_note else 0)
    if sheet.series:
        h += CHART + GAP
    if sheet.hours:
        h += CHART + GAP
    if sheet.bars:
        h += BAR_HEAD + BAR_ROW * max(_bar_rows(b) for b in sheet.bars) + GAP
    return h


class _Page:
    """Places axes by pixels from the top, so panels never overlap whatever they hold."""

    def __init__(self, fig: Figure, total: int) -> None:
        self.fig = fig
        self.total = total
        self.top = 0

    def axes(
        self, h: int, *, left: int = MARGIN, right: int = MARGIN, top: int = 0, bottom: int = 0
    ) -> Axes:
        """Axes in the next `h` px, the plot area inset by `top`/`bottom` px for what is
        drawn outside it (legend, tick labels), which so stays inside the `h` px."""
        ax = self.fig.add_axes(
            (
                left / WIDTH,
                (self.total - (self.top + h) + bottom) / self.total,
                (WIDTH - left - right) / WIDTH,
                (h - top - bottom) / self.total,
            )
        )
        self.top += h
        return ax

    def text(self, x: int, dy: int, s: str, size: int, **kw: Any) -> None:
        """Text whose top is `dy` px below the current top."""
        y = 1 - (self.top + dy) / self.total
        self.fig.text(x / WIDTH, y, s, fontsize=_px(size), va="top", **{"color": INK, **kw})

    def skip(self, h: int) -> None:
        self.top += h


def _clean(ax: Axes) -> None:
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(FAINT)
    ax.tick_params(colors=MUTED, labelsize=_px(26), length=0, pad=10)
    ax.set_facecolor(PAPER)


def _panel_title(page: _Page, title: str) -> None:
    page.text(MARGIN, 0, title, 34, fontweight="bold")


def _header(page: _Page, sheet: Sheet) -> None:
    """The title on one line, or two smaller ones when the hotel's name is wide; the period and
    the "made at" line wrapped (a long zone name in Russian is wider than the image)."""
    big, lines, sub, made = _header_lines(sheet)
    if big:
        page.text(MARGIN, 30, lines[0], 46, fontweight="bold")
    else:
        first = 22 if len(lines) > 1 else 40  # one smaller line: in the middle of the room
        for i, line in enumerate(lines):
            page.text(MARGIN, first + i * 42, line, 34, fontweight="bold")
    for i, line in enumerate(sub):
        page.text(MARGIN, 112 + i * LINE, line, 30)
    for i, line in enumerate(made):
        page.text(MARGIN, 154 + (len(sub) - 1 + i) * LINE, line, 26, color=MUTED)
    page.skip(_header_height(sheet) + GAP)


def _header_lines(sheet: Sheet) -> tuple[bool, list[str], list[str], list[str]]:
    """(title on one big line?, title lines, period lines, "made at" lines)."""
    room = WIDTH - 2 * MARGIN
    sub = _wrap(sheet.subtitle, 30, room, lines=2)
    made = _wrap(sheet.generated, 26, room, lines=2)
    if len(made) > 1 and " · " in sheet.generated:  # break where the sentence does
        parts = sheet.generated.split(" · ", 1)
        made = parts if all(_width(p, 26) <= room for p in parts) else made
    if _width(sheet.title, 46, bold=True) <= room:
        return True, [sheet.title], sub, made
    return False, _wrap(sheet.title, 34, room, lines=2, bold=True), sub, made


def _header_height(sheet: Sheet) -> int:
    _, _, sub, made = _header_lines(sheet)
    return HEADER + LINE * (len(sub) - 1 + len(made) - 1)


# Measures only (never drawn on): fonts are cached per thread, so the loop and the drawing
# thread may measure at once.
_measure = RendererAgg(1, 1, DPI)  # type: ignore[no-untyped-call]


def _width(text: str, size: int, *, bold: bool = False) -> float:
    """`text`'s width in px at `size` px, with the font the image uses."""
    font = FontProperties(size=_px(size), weight="bold" if bold else "normal")
    w, _, _ = _measure.get_text_width_height_descent(text, font, ismath=False)  # type: ignore[no-untyped-call]
    return float(w)


def _wrap(text: str, size: int, room: float, *, lines: int, bold: bool = False) -> list[str]:
    """`text` in at most `lines` lines no wider than `room` px; a word wider than a line is
    broken, and what does not fit ends in "…"."""
    out: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if _width(joined, size, bold=bold) <= room:
            line = joined
            continue
        if line:
            out.append(line)
        line = word
        while _width(line, size, bold=bold) > room:  # one word wider than the image
            cut = len(line) - 1
            while cut > 1 and _width(line[:cut], size, bold=bold) > room:
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
    if line:
        out.append(line)
    if len(out) > lines:
        last = out[lines - 1]
        while last and _width(last + "…", size, bold=bold) > room:
            last = last[:-1].rstrip()
        out = [*out[: lines - 1], last + "…"]
    return out or [""]


def _tiles(page: _Page, tiles: Sequence[Tile]) -> None:
    col = (WIDTH - 2 * MARGIN - 24) // 2
    for i, tile in enumerate(tiles):
        row, c = divmod(i, 2)
        x = MARGIN + c * (col + 24)
        top = page.top + row * TILE_ROW
        h = TILE_ROW - 20
        box = FancyBboxPatch(
            (x / WIDTH, 1 - (top + h) / page.total),
            col / WIDTH,
            h / page.total,
            boxstyle="round,pad=0,rounding_size=0.012",
            transform=page.fig.transFigure,
            facecolor=TILE,
            edgecolor="none",
        )
        page.fig.patches.append(box)
        fx = (x + 22) / WIDTH
        page.fig.text(
            fx, 1 - (top + 14) / page.total, tile.label, fontsize=_px(26), va="top", color=MUTED
        )
        size = _value_size(tile, col - 44)
        page.fig.text(
            fx,
            1 - (top + 52 + (50 - size) * 0.6) / page.total,
            tile.value,
            fontsize=_px(size),
            va="top",
            color=INK,
            fontweight="bold",
        )
        if tile.change:
            page.fig.text(
                (x + col - 22) / WIDTH,
                1 - (top + 70) / page.total,
                tile.change,
                fontsize=_px(26),
                va="top",
                ha="right",
                color=TONES.get(tile.tone, MUTED),
                fontweight="bold",
            )
    page.skip(TILE_ROW * ((len(tiles) + 1) // 2) + GAP)


def _value_size(tile: Tile, room: int) -> int:
    """The value's size in px: 50, or smaller so the value and its change share the line
    ("13 мин 39 с" beside "▼ −89%"); 30 at least, which every value this report makes fits."""
    if tile.change:
        room -= int(_width(tile.change, 26, bold=True)) + 20
    wide = _width(tile.value, 50, bold=True)
    return 50 if wide <= room else max(30, int(50 * room / wide))


def _days(page: _Page, sheet: Sheet) -> None:
    _panel_title(page, sheet.days_title)
    ax = page.axes(CHART, left=MARGIN + 70, right=MARGIN + 40, top=130, bottom=50)
    _clean(ax)
    n = len(sheet.day_labels)
    xs = list(range(n))
    styles = ("-", "--", ":")
    if n <= 7:
        width = 0.8 / max(1, len(sheet.series))
        for k, s in enumerate(sheet.series):
            offset = (k - (len(sheet.series) - 1) / 2) * width
            ax.bar(
                [x + offset for x in xs],
                s.values,
                width=width * 0.92,
                color=PALETTE[k],
                label=s.name,
                hatch=("", "//", "..")[k % 3],
                edgecolor=PAPER,
                linewidth=0,
            )
    else:
        for k, s in enumerate(sheet.series):
            ax.plot(
                xs,
                s.values,
                linestyle=styles[k % 3],
                linewidth=4 if k == 0 else 3,
                marker="o" if k == 0 else None,
                markersize=7,
                color=PALETTE[k],
                label=s.name,
            )
    ax.set_xticks(xs, sheet.day_labels)
    ax.set_xlim(-0.6, n - 0.4)
    _y_axis(ax, max((max(s.values, default=0) for s in sheet.series), default=0))
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(-0.07, 1.0),
        ncol=3,
        frameon=False,
        fontsize=_px(26),
        handlelength=1.6,
        columnspacing=1.2,
        labelcolor=INK,
    )
    page.skip(GAP)


def _y_axis(ax: Axes, top: int) -> None:
    """Whole numbers, few gridlines; an axis of zeros still shows 0 to 1."""
    ax.set_ylim(0, max(1, top) * 1.12)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.grid(axis="y", color=FAINT, linewidth=1)
    ax.set_axisbelow(True)


def _hours(page: _Page, sheet: Sheet) -> None:
    _panel_title(page, sheet.hours_title)
    ax = page.axes(CHART, left=MARGIN + 70, right=MARGIN + 20, top=80, bottom=90)
    _clean(ax)
    peak = max(sheet.hours, default=0)
    colors = [ORANGE if v == peak and peak > 0 else SKY for v in sheet.hours]
    ax.bar(range(24), sheet.hours, width=0.8, color=colors)
    ax.set_xticks(range(0, 24, 3), [f"{h}:00" for h in range(0, 24, 3)])
    ax.set_xlim(-0.6, 23.6)
    _y_axis(ax, peak)
    ax.set_xlabel(sheet.hours_axis, fontsize=_px(26), color=MUTED, labelpad=8)
    page.skip(GAP)


def _bars(page: _Page, all_bars: Sequence[Bars]) -> None:
    """Side by side, each bar under its label, so a long label takes no room from the bar."""
    col = (WIDTH - 2 * MARGIN - 48) // max(1, len(all_bars))
    rows = max(_bar_rows(b) for b in all_bars)
    for k, bars in enumerate(all_bars):
        x = MARGIN + k * (col + 48)
        color = (GREEN, PURPLE)[k % 2]
        page.text(x, 0, bars.title, 32, fontweight="bold")
        if not bars.items:
            page.text(x, BAR_HEAD, bars.none, 26, color=MUTED, wrap=True)
            continue
        peak = max(v for _, v in bars.items)
        room = col - 80  # the count is written after the bar
        for i, (name, count) in enumerate(bars.items):
            top = page.top + BAR_HEAD + i * BAR_ROW
            page.text(x, top - page.top, name, 26)
            length = max(4.0, room * count / peak)
            page.fig.patches.append(
                FancyBboxPatch(
                    (x / WIDTH, 1 - (top + 58) / page.total),
                    length / WIDTH,
                    20 / page.total,
                    boxstyle="square,pad=0",
                    transform=page.fig.transFigure,
                    facecolor=color,
                    edgecolor="none",
                )
            )
            page.text(x + int(length) + 12, top - page.top + 34, str(count), 26, fontweight="bold")
    page.skip(BAR_HEAD + BAR_ROW * rows + GAP)


def _share(page: _Page, share: Bars) -> None:
    _panel_title(page, share.title)
    top = page.top
    ax = page.axes(SHARE, left=MARGIN, right=WIDTH - MARGIN - 330, top=70)
    total = sum(v for _, v in share.items)
    colors = [
        REST if name == share.rest else PALETTE[i] for i, (name, _) in enumerate(share.items)
    ]
    if total:
        ax.pie(
            [v for _, v in share.items],
            colors=colors,
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.38, "edgecolor": PAPER, "linewidth": 3},
        )
        ax.text(0, 0, str(total), ha="center", va="center", fontsize=_px(40), color=INK)
    else:
        ax.axis("off")
        page.fig.text(MARGIN / WIDTH, 1 - (top + 90) / page.total, share.none, fontsize=_px(28))
    ax.set_aspect("equal")
    for i, (name, value) in enumerate(share.items):
        y = 1 - (top + 110 + i * 48) / page.total
        x = (MARGIN + 360) / WIDTH
        page.fig.text(x, y, "■", color=colors[i], fontsize=_px(34), va="center")
        page.fig.text(x + 44 / WIDTH, y, name, fontsize=_px(28), va="center", color=INK)
        page.fig.text(
            (WIDTH - MARGIN) / WIDTH,
            y,
            f"{value}",
            fontsize=_px(28),
            va="center",
            ha="right",
            color=INK,
            fontweight="bold",
        )
    page.skip(GAP)


def _table(page: _Page, sheet: Sheet) -> None:
    _panel_title(page, sheet.table_title)
    first = 320  # px for the hotel's name
    # Right edges of the number columns: the reply time ("1 ч 27 мин") needs the most room.
    weights = (1.0, 1.0, 0.9, 1.7, 1.0)[: len(sheet.table_head) - 1]
    unit = (WIDTH - 2 * MARGIN - first) / sum(weights)
    edges = [MARGIN + first + unit * sum(weights[: k + 1]) - 8 for k in range(len(weights))]

    def row(y: int, cells: Sequence[str], *, head: bool = False) -> None:
        fy = 1 - (page.top + y) / page.total
        color = MUTED if head else INK
        size = _px(24 if head else 27)
        page.fig.text(MARGIN / WIDTH, fy, cells[0], fontsize=size, va="center", color=color)
        for x, cell in zip(edges, cells[1:], strict=False):
            page.fig.text(x / WIDTH, fy, cell, fontsize=size, va="center", ha="right", color=color)

    row(80, sheet.table_head, head=True)
    for i, cells in enumerate(sheet.table):
        y = TABLE_HEAD + i * TABLE_ROW + TABLE_ROW // 2
        if i % 2 == 0:
            band = FancyBboxPatch(
                (MARGIN / WIDTH, 1 - (page.top + y + TABLE_ROW / 2) / page.total),
                (WIDTH - 2 * MARGIN) / WIDTH,
                TABLE_ROW / page.total,
                boxstyle="square,pad=0",
                transform=page.fig.transFigure,
                facecolor=TILE,
                edgecolor="none",
            )
            page.fig.patches.append(band)
        row(y, cells)
    page.skip(TABLE_HEAD + TABLE_ROW * len(sheet.table))
    if sheet.table_note:
        page.text(MARGIN, 8, sheet.table_note, 24, color=MUTED)
        page.skip(NOTE)
    page.skip(GAP)


def _empty(page: _Page, text: str) -> None:
    h = EMPTY_BODY - 80
    page.fig.patches.append(
        FancyBboxPatch(
            (MARGIN / WIDTH, 1 - (page.top + h) / page.total),
            (WIDTH - 2 * MARGIN) / WIDTH,
            h / page.total,
            boxstyle="round,pad=0,rounding_size=0.02",
            transform=page.fig.transFigure,
            facecolor=TILE,
            edgecolor="none",
        )
    )
    lines = textwrap.wrap(text, 36)[:4]
    first = (h - 56 * len(lines)) // 2
    for i, line in enumerate(lines):
        page.text(WIDTH // 2, first + i * 56, line, 38, ha="center", color=MUTED)


def figure(sheet: Sheet) -> Figure:
    total = height(sheet)
    fig = Figure(figsize=(WIDTH / DPI, total / DPI), dpi=DPI, facecolor=PAPER)
    FigureCanvasAgg(fig)
    page = _Page(fig, total)
    _header(page, sheet)
    if sheet.empty is not None:
        _empty(page, sheet.empty)
        return fig
    _tiles(page, sheet.tiles)
    if sheet.share is not None:
        _share(page, sheet.share)
    if sheet.table:
        _table(page, sheet)
    if sheet.series:
        _days(page, sheet)
    if sheet.hours:
        _hours(page, sheet)
    if sheet.bars:
        _bars(page, sheet.bars)
    return fig


def png(sheet: Sheet) -> bytes:
    """The sheet as PNG bytes (blocking: call `render` from async code)."""
    fig = figure(sheet)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor=PAPER)
    return out.getvalue()


_pool: ThreadPoolExecutor | None = None


def pool() -> ThreadPoolExecutor:
    """One small pool for the process (created on first use): drawing holds the GIL, so more
    threads than `REPORT_RENDER_THREADS` would only take turns with the event loop."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(limits.REPORT_RENDER_THREADS, thread_name_prefix="report")
    return _pool


async def render(sheet: Sheet) -> bytes:
    return await asyncio.get_running_loop().run_in_executor(pool(), png, sheet)
