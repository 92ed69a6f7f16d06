"""The room number and the time a guest gives in a service request, read from their words.

Staff act on a request card without reading the whole message, so the room and the time are
pulled out and shown on their own lines. Pure and conservative: a number is a room only when a
word says so ("room 512", "номер 512", "zimmer 512", ...), or it follows "in"/"в" and has three
or four digits, or the request is about a room (towels, cleaning, ...) and it is a bare three
or four digit number that is no time; an hour is a time only after "at"/"в"/"um"/"a las"/"à"/
"alle", or with minutes, or with am/pm. What is not found stays out of the card: the guest's
own words are on it anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Request kinds that happen in the guest's room: a bare number in them is the room.
ROOM_KINDS = frozenset(
    {"towels", "cleaning", "repair", "wake_up", "amenities", "room_service", "late_checkout"}
)

_ROOM_WORDS = (
    r"room|rm|номер[а-я]*|комнат[а-я]*|zimmer(?:nummer)?|habitaci[oó]n|cuarto|chambre|"
    r"camera|stanza"
)
# "room 512", "room #512", "room no. 512", "номер 512", "в номере № 512", "zimmer 12a".
_ROOM = re.compile(
    rf"(?<!\w)(?:{_ROOM_WORDS})\s*(?:(?:no\.?|nr\.?|n°|№|#|number|num\.?)\s*)?"
    r"(\d{1,5}[a-z]?)(?!\w|[:.]\d)",
    re.IGNORECASE,
)
# "in 512", "to 512", "в 512", "into 1204": three or four digits, not a time.
_ROOM_AFTER = re.compile(
    r"(?<!\w)(?:in|into|to|в|во)\s+(\d{3,4})(?!\d|[\w:.,]\d|\s*(?:am|pm|h\b|uhr|час|год|year|jahr|año|anno))",
    re.IGNORECASE,
)
_BARE = re.compile(
    r"(?<![\w#+:.,/-])(\d{3,4})(?![\w:.,/-]*\d|\s*(?:am|pm|h\b|uhr|час|год|year|%|€|\$))"
)

_TOMORROW = r"tomorrow|завтра|morgen(?!s)|ma[ñn]ana|demain|domani"  # es "mañana": not after "la"
_MORNING = r"(?:la|por la|de la|esta)\s+ma[ñn]ana|(?:am|guten|jeden)\s+morgen"
_TODAY = r"today|tonight|сегодня|heute|hoy|aujourd'hui|aujourd’hui|oggi|stasera|ce soir"
_PM = re.compile(
    r"^\s*(?:pm|p\.m\.|вечера|дня|abends|nachmittags|de la tarde|de la noche|du soir|"
    r"de l'après-midi|di sera|del pomeriggio|di pomeriggio)",
    re.IGNORECASE,
)
_AM = re.compile(
    r"^\s*(?:am|a\.m\.|утра|ночи|morgens|früh|de la ma[ñn]ana|du matin|di mattina|del mattino)",
    re.IGNORECASE,
)
# An hour after its preposition: "at 8", "в 8", "к 8", "um 8", "a las 8", "à 8h", "alle 8",
# "by 8", "around 8" ("for 2" is more often people than an hour).
_AT = re.compile(
    r"(?<!\w)(?:at|by|around|в|во|к|um|gegen|ab|a\s+las|sobre\s+las|hacia\s+las|à|vers|"
    r"alle|all'|verso\s+le|per\s+le)\s*"
    r"(\d{1,2})(?:\s*[:.h]\s*(\d{2})|\s*h(?!\w))?(?!\d|[.,]\d|\s*(?:%|€|\$|min|мин))",
    re.IGNORECASE,
)
# An hour that says it is one on its own: "7:30", "7am", "7 pm", "8h30", "8 uhr", "8 утра".
_CLOCK = re.compile(
    r"(?<![\w:.])(\d{1,2})(?:\s*[:h]\s*(\d{2})|(?=\s*(?:am|pm|a\.m\.|p\.m\.|uhr|утра|вечера)(?!\w)))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Details:
    """What the card shows besides the guest's words; None when the guest did not say."""

    room: str | None = None
    time: str | None = None  # "8:00", "19:30"
    day: str | None = None  # "today" or "tomorrow"

    def as_json(self) -> dict[str, str]:
        pairs = (("room", self.room), ("time", self.time), ("day", self.day))
        return {key: value for key, value in pairs if value}


def _hour(match: re.Match[str], text: str) -> tuple[str, tuple[int, int]] | None:
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    after = text[match.end() :]
    if _PM.match(after) and hour < 12:
        hour += 12
    elif _AM.match(after) and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour}:{minute:02d}", match.span(1)


def _time(text: str) -> tuple[str | None, tuple[int, int] | None]:
    for pattern in (_CLOCK, _AT):
        for match in pattern.finditer(text):
            found = _hour(match, text)
            if found is not None:
                return found[0], (match.start(), match.end())
    return None, None


def _day(text: str) -> str | None:
    # Spanish "la mañana" and German "am Morgen" are the morning, not tomorrow.
    lowered = re.sub(_MORNING, " ", text.lower())
    if re.search(rf"(?<!\w)(?:{_TOMORROW})(?!\w)", lowered):
        return "tomorrow"
    if re.search(rf"(?<!\w)(?:{_TODAY})(?!\w)", lowered):
        return "today"
    return None


def _outside(span: tuple[int, int], taken: tuple[int, int] | None) -> bool:
    return taken is None or span[1] <= taken[0] or span[0] >= taken[1]


def parse(text: str, kind: str | None = None) -> Details:
    """The room and the time in `text` (a guest's request, in any of the six languages)."""
    when, taken = _time(text)
    room = None
    for pattern in (_ROOM, _ROOM_AFTER):
        for match in pattern.finditer(text):
            if _outside(match.span(1), taken):
                room = match.group(1).upper()
                break
        if room:
            break
    if room is None and kind in ROOM_KINDS:
        for match in _BARE.finditer(text):
            if _outside(match.span(1), taken):
                room = match.group(1)
                break
    return Details(room, when, _day(text) if when else None)
