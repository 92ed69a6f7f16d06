"""What a report image shows, as plain data: the text module fills it in the reader's
language, `render` draws it. Kept apart from `render` so that making a report's words needs
no matplotlib (which the server then loads only when it first draws one)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    change: str  # "▲ +12%" against the previous period; "" when there is nothing to compare
    tone: int = 0  # +1 the change is good news, -1 bad news, 0 neither


@dataclass(frozen=True)
class Bars:
    """Horizontal bars, largest first (request kinds, languages, activity per hotel)."""

    title: str
    items: tuple[tuple[str, int], ...]
    none: str  # said instead of bars when `items` is empty
    rest: str = ""  # the label of the row that gathers the smaller ones, drawn in grey


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Sheet:
    title: str
    subtitle: str
    generated: str
    tiles: tuple[Tile, ...] = ()
    empty: str | None = None  # the "no activity yet" message, drawn instead of any chart
    days_title: str = ""
    day_labels: tuple[str, ...] = ()  # one per day; "" where no label fits
    series: tuple[Series, ...] = ()  # per day; none for a one-day report
    hours_title: str = ""
    hours_axis: str = ""
    hours: tuple[int, ...] = ()
    bars: tuple[Bars, ...] = ()
    share: Bars | None = None  # the overview's doughnut
    table_title: str = ""
    table_head: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    table_note: str = ""


__all__ = ["Bars", "Series", "Sheet", "Tile"]
