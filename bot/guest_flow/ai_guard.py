"""What the model wrote, checked before a guest reads it: pure functions, no I/O.

A model answer is sent only when every concrete detail in it (number, time, price, phone,
e-mail, URL, code) stands in what the model was given: the facts sent, the conversation
history sent, or the guest's own message (the guest's "room 512" may be repeated back). Numbers
written as words count too ("eighty-nine", "nine in the evening", "двадцать"): they are turned
into digits first, so one check covers both.

The check is by value, not by fact: "20 EUR" taken from the taxi fact into an answer about
early check-in passes when the taxi fact was sent. Telling which fact an answer is about is
beyond a lexical check; what it guarantees is that no detail was made up, and retrieval
(`ai_context`) keeps the facts sent few, so a borrowed detail has little to be borrowed from.

Beyond details: an answer too long for a WhatsApp reader is shortened to the whole paragraphs
and sentences from its start that fit (`shorten`), and refused only when no such cut still says
something; an answer repeating the instructions or reciting many facts word for word (a prompt
leak) is refused, and an answer claiming an action (a booking, an upgrade, "Done!") is refused
unless a tool performed one. Markdown, which WhatsApp shows as stray symbols, becomes WhatsApp's
own formatting.

What is refused is kept for `/unanswered` and audit in `ai_calls.detail` as the reason, a line
break, then the refused text (`kept_detail`, read back by `read_detail`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.guest_flow.textnorm import content_tokens
from bot.limits import AI_ANSWER_CHARS, AI_DETAIL, AI_LEAK_FACTS, AI_LEAK_WORDS, AI_SHORT_WORDS

__all__ = [
    "Sources",
    "Verdict",
    "check",
    "claims_action",
    "invented",
    "kept_detail",
    "read_detail",
    "shorten",
    "to_whatsapp",
]


@dataclass(frozen=True)
class Sources:
    """Everything the model was given that an answer may quote."""

    facts: Iterable[str] = ()  # each fact's text, as sent
    history: str = ""  # the earlier turns sent
    question: str = ""  # the guest's own message
    instructions: str = ""  # the system prompt's own rules (not the facts): must not leak
    # The hotel's clock line: it lends its times and its date, said as a time or a date, never
    # its bare numbers (at 10:45 on the 30th, "45 karaoke rooms" or "30 suites" is made up).
    clock: str = ""

    @property
    def text(self) -> str:
        return "\n".join([*self.facts, self.history, self.question])


@dataclass(frozen=True)
class Verdict:
    text: str | None  # what the guest may read (WhatsApp formatted), or None: refused
    reason: str | None = None  # why refused, for ai_calls.detail and /unanswered
    shortened_from: int | None = None  # the answer's length, when `text` is a cut of it


def check(answer: str, sources: Sources, *, acted: bool = False) -> Verdict:
    """The answer as the guest may read it, or why not. `acted`: a tool did act, so saying
    so is true.

    A prompt leak or a claimed action anywhere in the answer refuses it, even in a part a
    shortening would cut: the model did not follow its rules. Details are checked in what the
    guest would read."""
    full = to_whatsapp(answer)
    leak = leaks(full, sources)
    if leak:
        return Verdict(None, f"prompt leak: {leak}")
    claim = None if acted else claims_action(full)
    if claim:
        return Verdict(None, f"claims an action no tool performed: {claim!r}")
    text = full if len(full) <= AI_ANSWER_CHARS else shorten(full, AI_ANSWER_CHARS)
    if text is None:
        return Verdict(None, f"too long ({len(full)} characters) and no shorter cut says enough")
    made_up = invented(text, sources.text, clock=sources.clock)
    if made_up:
        return Verdict(None, f"{made_up[0]} absent from the facts, history and question")
    return Verdict(text, shortened_from=len(full) if text != full else None)


def kept_detail(reason: str, text: str | None = None) -> str:
    """What `ai_calls.detail` keeps of a refused answer: the reason, then the text as far as
    the column holds it (AI_DETAIL characters; the reason comes first, so it is never cut)."""
    kept = reason if text is None else f"{reason}\n{text}"
    return kept if len(kept) <= AI_DETAIL else kept[: AI_DETAIL - 1] + "…"


def read_detail(detail: str | None) -> tuple[str, str | None]:
    """`kept_detail` read back: (reason, refused text or None). A reason has no line break:
    the guard's quote marks (`!r`) escape any in the words it names."""
    reason, newline, text = (detail or "").partition("\n")
    return reason, (text if newline and text else None)


# --- shortening ------------------------------------------------------------------------------

_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")
_LIST_LINE = re.compile(r"^\s*(?:[-•*]|\d{1,2}[.)])\s+", re.MULTILINE)
# Where a sentence may end: terminal punctuation (and closing quotes or brackets) before a
# space, a line break, or a CJK full stop. Whether it does end is `_ends_sentence`'s call.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s)|[。！？]+|(?=\n)")
# Words a full stop follows without ending the sentence ("Mr. Silva", "approx. 20").
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st no nr approx appr ca incl excl vs etc eg ie e.g i.e tel ул д г им".split()
)


def _ends_sentence(text: str, end: int) -> bool:
    """Whether the cut at `end` closes a sentence: what follows starts a new one (not a
    lowercase word: "7 a.m. to 10" goes on) and the dot does not end an abbreviation."""
    rest = text[end:].lstrip(" \t")
    if not rest or rest[0] == "\n":
        return True
    if rest[0].islower():
        return False
    words = text[:end].rstrip(".!?…\"'»”’)]").split()
    return not (words and words[-1].lower().strip("(") in _ABBREVIATIONS)


def _fit_sentences(paragraph: str, room: int) -> str:
    """The whole sentences (or lines) from the paragraph's start that fit in `room`."""
    best = ""
    for m in _SENTENCE_END.finditer(paragraph):
        end = m.end()
        if end > room:
            break
        if end and _ends_sentence(paragraph, end):
            best = paragraph[:end].rstrip()
    return best


def _without_lead_in(text: str) -> str:
    """A kept text ending on a lead-in ("Our options are:") promises what was cut: drop it."""
    while text.endswith(":"):
        text = _fit_sentences(text, len(text) - 1)
    return text


def shorten(text: str, limit: int) -> str | None:
    """The answer cut to whole paragraphs and sentences from its start within `limit`
    characters, or None when no such cut says something (AI_SHORT_WORDS content words).

    A list is kept whole or not at all: half a list of restaurants reads as all of them, so a
    cut never falls inside one. A lead-in whose list or explanation was cut goes too.
    """
    kept: list[str] = []
    size = 0
    for paragraph in _PARAGRAPHS.split(text.strip()):
        gap = 2 if kept else 0
        if size + gap + len(paragraph) <= limit:
            kept.append(paragraph)
            size += gap + len(paragraph)
            continue
        listed = _LIST_LINE.search(paragraph)  # sentences before a list may be cut; it not
        prose = paragraph[: listed.start()].rstrip() if listed else paragraph
        part = _fit_sentences(prose, limit - size - gap)
        if part:
            kept.append(part)
        break
    short = _without_lead_in("\n\n".join(kept).strip())
    return short if len(content_tokens(short)) >= AI_SHORT_WORDS else None


# --- numbers written as words -----------------------------------------------------------------

_EN_UNITS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_RU_UNITS = {
    "два": 2, "две": 2, "двух": 2, "три": 3, "трёх": 3, "трех": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11,
    "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
    "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19,
}  # fmt: skip
_RU_TENS = {
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
}  # fmt: skip
_HUNDREDS = {"hundred": 100, "сто": 100, "двести": 200, "триста": 300, "пятьсот": 500}
# "one", "один", "a": counted as a detail they would drop every "one moment, please".
_ONES = {"one": 1, "один": 1, "одна": 1, "одну": 1, "одно": 1}
_WORD_VALUES = {**_EN_UNITS, **_EN_TENS, **_RU_UNITS, **_RU_TENS, **_HUNDREDS}
_NUMBER_WORD = re.compile(
    r"\b(?:"
    + "|".join(sorted({*_WORD_VALUES, *_ONES}, key=len, reverse=True))
    + r")(?:(?:[\s-]+(?:and[\s-]+)?)(?:"
    + "|".join(sorted({*_WORD_VALUES, *_ONES}, key=len, reverse=True))
    + r"))*\b",
    re.IGNORECASE,
)


def _word_number(words: str) -> int | None:
    """ "eighty-nine" → 89, "двадцать пять" → 25, "one hundred and five" → 105; a lone "one"
    → None (not a detail)."""
    parts = [w for w in re.split(r"[\s-]+", words.lower()) if w and w != "and"]
    if len(parts) == 1 and parts[0] in _ONES:
        return None
    total = 0
    for part in parts:
        value = _WORD_VALUES.get(part, _ONES.get(part, 0))
        if part == "hundred":
            total = max(total, 1) * 100
        else:
            total += value
    return total


def words_to_digits(text: str) -> str:
    def digits(match: re.Match[str]) -> str:
        value = _word_number(match.group(0))
        return match.group(0) if value is None else str(value)

    return _NUMBER_WORD.sub(digits, text)


# --- details -------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()\"']+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|io|eu|pt|ru|de|es|fr|it|uk|co|biz|"
    r"travel|hotel|app|me|ly)\b(?:/[^\s<>()\"']*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Month names as whole words, English and Russian, each form a date may use ("Nov",
# "November", "ноября"): on 30 June "30 junior suites" names no month.
_MONTHS = (
    r"jan(?:uary)?|январ[ьяе]", r"feb(?:ruary)?|феврал[ьяе]", r"mar(?:ch)?|март[ае]?",
    r"apr(?:il)?|апрел[ьяе]", r"may|ма[яйе]", r"june?|июн[ьяе]", r"july?|июл[ьяе]",
    r"aug(?:ust)?|август[ае]?", r"sep(?:t(?:ember)?)?|сентябр[ьяе]",
    r"oct(?:ober)?|октябр[ьяе]", r"nov(?:ember)?|ноябр[ьяе]", r"dec(?:ember)?|декабр[ьяе]",
)  # fmt: skip
# Words before an hour said alone ("from 8 to 22", "до 22", "bis 22"), in the six languages.
_HOUR_BEFORE = (
    r"from|until|till|to|by|at|after|before|с|до|по|после|bis|ab|von|um|nach|vor|hasta|desde"
    r"|a las|de|à|jusqu'à|dès|dalle|alle|fino alle"
)
_TIME = re.compile(
    r"\b(\d{1,2})(?:[:.](\d{2}))?\s*"
    r"(am|pm|a\.m\.|p\.m\.|in the morning|in the afternoon|in the evening|at night|"
    r"утра|дня|вечера|ночи)(?!\w)"
    r"|\b(\d{1,2}):(\d{2})\b",
    re.IGNORECASE,
)
_CURRENCIES = {
    "eur": "EUR", "€": "EUR", "euro": "EUR", "euros": "EUR", "евро": "EUR",
    "usd": "USD", "$": "USD", "dollar": "USD", "dollars": "USD", "долларов": "USD",
    "доллара": "USD", "gbp": "GBP", "£": "GBP", "pound": "GBP", "pounds": "GBP",
    "rub": "RUB", "₽": "RUB", "руб": "RUB", "рублей": "RUB", "рубля": "RUB", "рубль": "RUB",
    "chf": "CHF", "cny": "CNY", "¥": "CNY", "юаней": "CNY",
}  # fmt: skip
_CURRENCY = "|".join(re.escape(c) for c in sorted(_CURRENCIES, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(\d+(?:[.,]\d+)?)\s*({_CURRENCY})(?!\w)|(?<!\w)({_CURRENCY})\s*(\d+(?:[.,]\d+)?)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*")
_MIXED = re.compile(r"(?=.*\d)(?=.*[^\W\d_])")
_MEASURE = re.compile(r"\d+(?:[.,]\d+)?(?:[a-zа-я]{1,3}|st|nd|rd|th)", re.IGNORECASE)
_CAPS = re.compile(r"\b[A-ZА-ЯЁ]{4,}\b")


def _num(value: str) -> str:
    number = float(value.replace(",", "."))
    return str(int(number)) if number.is_integer() else str(number)


def _times(text: str) -> set[int]:
    """Times of day as minutes after midnight: "21:00", "9 pm", "9 in the evening"."""
    found = set()
    for m in _TIME.finditer(text):
        if m.group(4):
            hour, minute, part = int(m.group(4)), int(m.group(5)), ""
        else:
            hour, minute, part = int(m.group(1)), int(m.group(2) or 0), m.group(3).lower()
        if part in ("pm", "p.m.", "in the afternoon", "in the evening", "дня", "вечера") or (
            part in ("at night", "ночи") and hour >= 6
        ):
            hour = hour % 12 + 12
        elif part in ("am", "a.m.") and hour == 12:
            hour = 0
        if hour <= 24 and minute < 60:
            found.add(hour % 24 * 60 + minute)
    return found


def _numbers(text: str) -> set[str]:
    """Every number, and each time's hour both ways (21:00 lets "9" be said)."""
    found = {_num(n) for n in _NUMBER.findall(text)}
    for minutes in _times(text):
        hour = minutes // 60
        found |= {str(hour), str(hour % 12 or 12)}
    return found


def _amounts(text: str) -> set[tuple[str, str]]:
    found = set()
    for m in _AMOUNT.finditer(text):
        value, currency = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        found.add((_num(value), _CURRENCIES[currency.lower()]))
    return found


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text.lower())


def _url_key(url: str) -> str:
    url = url.lower().rstrip(".,;:!?)")
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url).rstrip("/")


def _said_as_clock(answer: str, clock: str) -> str:
    """`answer` without the times and dates it says that the clock line holds ("10:45",
    "30 November 2026", "2026-11-30", "30.11.2026"): those are lent by the clock, and their
    digits must not be judged again as bare numbers (or a date as a phone number). The hour of
    an on-the-hour time of the clock (the team's "08:00-22:00") is lent alone only after a
    word such as "from" or "until" ("from 8 to 22"), never as a count ("8 villas")."""
    if not clock:
        return answer
    times = _times(clock)

    def known_time(m: re.Match[str]) -> str:
        found = _times(m.group(0))
        return " " if found and found <= times else m.group(0)

    answer = _TIME.sub(known_time, answer)
    hours = {h for t in times if t % 60 == 0 for h in (t // 60, t // 60 % 12 or 12)}
    if hours:
        said = "|".join(str(h) for h in sorted(hours, reverse=True))
        answer = re.sub(
            rf"(?<!\w)({_HOUR_BEFORE})\s+0?(?:{said})(?![\w:.,]\d)\b",
            lambda m: m.group(1) + " ",
            answer,
            flags=re.IGNORECASE,
        )
    for year, month, day in _ISO_DATE.findall(clock):
        name = _MONTHS[int(month) - 1]
        day, month = str(int(day)), str(int(month))
        then = rf"(?:,?\s+{year})?"
        spoken = (
            rf"\b0?{day}(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{name})\b\.?{then}"
            rf"|\b(?:{name})\b\.?\s+0?{day}(?:st|nd|rd|th)?\b{then}"
            rf"|\b{year}-0?{month}-0?{day}\b"
            rf"|\b0?{day}[./]0?{month}[./](?:{year}|{year[2:]})\b"
            rf"|\b0?{month}/0?{day}/(?:{year}|{year[2:]})\b"
        )
        answer = re.sub(spoken, " ", answer, flags=re.IGNORECASE)
    return answer


def invented(answer: str, sources: str, *, clock: str = "") -> list[str]:
    """The details of `answer` that `sources` (and the hotel's `clock` line, see `Sources`)
    lack ("an amount '89 EUR'", ...), first found first. E-mails and URLs are taken out before
    numbers, so "hotel2024.com" is judged once, as a URL."""
    answer, sources = words_to_digits(answer), words_to_digits(sources)
    known = sources.lower()
    missing = [f"an e-mail {e!r}" for e in _EMAIL.findall(answer) if e.lower() not in known]
    answer = _EMAIL.sub(" ", answer)
    known_urls = {_url_key(u) for u in _URL.findall(_EMAIL.sub(" ", sources))}
    for url in _URL.findall(answer):
        key = _url_key(url)
        if key not in known_urls and key not in known:
            missing.append(f"a URL {url!r}")
    answer = _URL.sub(" ", answer)
    # Before phones ("2026-11-30" is no phone number); a time it leaves is one the clock lacks.
    answer = _said_as_clock(answer, clock)
    known_phones = {_digits(p) for p in _PHONE.findall(sources)}
    for phone in _PHONE.findall(answer):
        digits = _digits(phone)
        is_range = re.fullmatch(r"[\d:.,\s-]+", phone) and len(digits) < 7
        if not is_range and not any(k.endswith(digits) for k in known_phones):
            missing.append(f"a phone number {phone.strip()!r}")
    known_amounts = _amounts(sources)
    missing += [f"an amount '{v} {c}'" for v, c in sorted(_amounts(answer) - known_amounts)]
    known_times = _times(sources)
    missing += [f"a time {t // 60:02d}:{t % 60:02d}" for t in sorted(_times(answer) - known_times)]
    missing += [f"a number {n!r}" for n in sorted(_numbers(answer) - _numbers(sources))]
    flat, cased = _flat(sources), re.sub(r"\s+", "", sources)
    for word in _WORD.findall(answer):
        if _MIXED.match(word) and not _MEASURE.fullmatch(word) and word.lower() not in flat:
            missing.append(f"a code {word!r}")
        elif _CAPS.fullmatch(word) and word.lower() not in _CURRENCIES and word not in cased:
            missing.append(f"a code {word!r}")  # "WELCOME" is a code; "welcome" is a word
    return missing


# --- actions claimed -----------------------------------------------------------------------

_DONE_VERBS = (
    r"arranged|booked|reserved|ordered|upgraded|scheduled|cancell?ed|sent|requested|organi[sz]ed"
    r"|confirmed|extended|prepared|added|called|notified|informed|forwarded|blocked|moved"
    r"|changed|refunded|charged|fixed|taken care"
)
_CLAIMS = re.compile(
    rf"\b(?:i|we)(?:'ve| have| just| already)*\s+(?:{_DONE_VERBS})\b"
    rf"|\b(?:i|we)(?:'ll| will)\s+(?:arrange|book|reserve|order|upgrade|send|bring|schedule"
    r"|cancel|organi[sz]e|extend|prepare|call|notify|inform|forward|move|refund)\b"
    rf"|\b(?:has|have) been (?:{_DONE_VERBS})\b"
    r"|^\W*done\b|\ball set\b|\byour (?:room|table|transfer|taxi|booking) is (?:now )?"
    r"(?:free|ready|booked|reserved|confirmed|upgraded)\b"
    r"|\bя\s+(?:уже\s+)?(?:заказал|забронировал|организовал|оформил|отправил|передал|вызвал"
    r"|отменил|перенёс|перенес|продлил|подтвердил|договорился)а?\b"
    r"|\bмы\s+(?:уже\s+)?(?:заказали|забронировали|организовали|оформили|отправили|передали"
    r"|вызвали|отменили|перенесли|продлили|подтвердили|повысили|улучшили)\b"
    r"|^\W*готово\b|\b(?:уже\s+)?(?:заказан|забронирован|оформлен|организован|подтвержд[её]н)[аоы]?\b",
    re.IGNORECASE | re.MULTILINE,
)


def claims_action(text: str) -> str | None:
    """The words claiming something was done ("I have arranged", "мы забронировали"), if any."""
    m = _CLAIMS.search(text)
    return m.group(0).strip() if m else None


# --- prompt leaks --------------------------------------------------------------------------


def _grams(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[^\W_]+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def leaks(text: str, sources: Sources) -> str | None:
    """Whether the answer repeats the instructions (a run of AI_LEAK_WORDS of their words)
    or recites AI_LEAK_FACTS facts or more word for word (what "repeat everything above"
    gets)."""
    if _grams(text, AI_LEAK_WORDS) & _grams(sources.instructions, AI_LEAK_WORDS):
        return "it repeats the instructions"
    answer = _grams(text, AI_LEAK_WORDS)
    recited = sum(
        1 for fact in sources.facts if (grams := _grams(fact, AI_LEAK_WORDS)) and grams <= answer
    )
    if recited >= AI_LEAK_FACTS:
        return f"it recites {recited} facts"
    return None


# --- Markdown → WhatsApp -------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]\n]+)\]\((\S+?)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.DOTALL)
_STRIKE = re.compile(r"~~(.+?)~~")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)[*+]\s+", re.MULTILINE)


def to_whatsapp(text: str) -> str:
    """**b** → *b*, ~~s~~ → ~s~, "# Title" → "Title", [text](url) → "text url", "* item" →
    "- item" (a lone star would start bold in WhatsApp)."""
    text = _LINK.sub(lambda m: f"{m.group(1)} {m.group(2)}", text)
    text = _HEADING.sub(r"\1", text)
    text = _BULLET.sub(r"\1- ", text)
    text = _BOLD.sub(lambda m: f"*{m.group(1) or m.group(2)}*", text)
    text = _STRIKE.sub(r"~\1~", text)
    return text.strip()
