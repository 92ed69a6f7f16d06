"""What a command answers: text plus optional buttons, rendered by each transport.

Button data is a short "area:action:arg..." string (Telegram allows 64 bytes); the server never
trusts it: every handler re-checks the permission for the hotel it names.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot import limits


@dataclass(frozen=True)
class Button:
    text: str
    data: str

    @classmethod
    def of(cls, text: str, area: str, action: str, *args: object) -> Button:
        data = ":".join([area, action, *(str(a) for a in args)])
        if len(data.encode()) > 64:
            raise ValueError(f"button data too long: {data!r}")
        return cls(text, data)


def parse_data(data: str) -> tuple[str, str, list[str]]:
    area, _, rest = data.partition(":")
    action, _, args = rest.partition(":")
    return area, action, args.split(":") if args else []


def parse_id(text: str, *, zero: bool = False) -> int | None:
    """A number a person typed or a button carries (an id; a page with `zero`), or None.

    ASCII digits only: `str.isdigit` and `int` also take "²", "٣" or "1_000", and `int` of one
    would raise; at most `limits.ID_DIGITS` of them, so it fits the database's BIGINT. None
    makes the caller answer with its usage or "stale button", never a traceback.
    """
    value = text.strip()
    if not value or len(value) > limits.ID_DIGITS or value.strip(string.digits):
        return None
    number = int(value)
    return number if number > 0 or zero else None


@dataclass
class Reply:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    photo: bytes | None = None
    document: tuple[str, bytes] | None = None  # (file name, content)


class BadArgs(ValueError):
    """A command's arguments it does not understand; `arg` is the offending word."""

    def __init__(self, arg: str) -> None:
        super().__init__(arg)
        self.arg = arg


def parse_hotel_period(
    args: Sequence[str], periods: Sequence[str], *, all_word: str | None = None
) -> tuple[int | None, bool, str | None]:
    """`[HOTEL|ALL] [PERIOD]` in either order, as /stats and /report take them: the hotel's
    number (None when not named), whether `all_word` was said, and the period (None when not
    named). Raises BadArgs naming the first word that is none of these, or one said twice."""
    hotel_id: int | None = None
    every = False
    period: str | None = None
    for raw in args:
        word = raw.strip().lower()
        if not word:
            continue
        if word in periods and period is None:
            period = word
        elif all_word is not None and word == all_word and hotel_id is None and not every:
            every = True
        elif hotel_id is None and not every and (number := parse_id(word)) is not None:
            hotel_id = number
        else:
            raise BadArgs(raw.strip())
    return hotel_id, every, period
