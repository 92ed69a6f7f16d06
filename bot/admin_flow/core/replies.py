"""What a command answers: text plus optional buttons, rendered by each transport.

Button data is a short "area:action:arg..." string (Telegram allows 64 bytes); the server never
trusts it: every handler re-checks the permission for the hotel it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class Reply:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    photo: bytes | None = None
    document: tuple[str, bytes] | None = None  # (file name, content)
