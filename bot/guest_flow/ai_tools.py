"""What the model may do besides talking, and the strict reading of what it asked for.

The model never acts itself: it names a tool, and `read_tool_calls` turns the call into an
`Action` that `conversation.py` writes exactly as it writes a rule-based decision (the same
ServiceRequest row, staff event, handoff and guest language, in the same transaction). Any
call that is not exactly one of ours, with arguments of exactly the declared shape, is refused
as a whole: nothing of it is executed, the refusal is logged and kept in `ai_calls`, and the
guest gets the fallback with a person offered.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lingua import IsoCode639_1

from bot.guest_flow.intents import REQUEST_KINDS
from bot.limits import AI_TOOL_TEXT

__all__ = ["TOOLS", "Action", "ModelReply", "ToolRefused", "read_tool_calls", "request_kinds"]


def request_kinds() -> tuple[str, ...]:
    """The product's fixed list, "other" for what fits none."""
    return (*REQUEST_KINDS, "other")


def _function(name: str, description: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "strict": True,
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": list(properties),
                "additionalProperties": False,
            },
        },
    }


_NULLABLE = {"type": ["string", "null"]}
TOOLS: list[dict[str, Any]] = [
    _function(
        "file_service_request",
        "File a request for the hotel staff when the guest asks for something to be done or "
        "brought (towels, cleaning, a repair, a taxi, late check-out, a wake-up call, "
        "amenities, room service). Staff see it and act; do not promise more than that.",
        {
            "kind": {"type": "string", "enum": list(request_kinds())},
            "room": {**_NULLABLE, "description": "room number, only as the guest wrote it"},
            "time": {**_NULLABLE, "description": "when, only as the guest wrote it"},
            "details": {"type": "string", "description": "what exactly, in a few words"},
        },
    ),
    _function(
        "handoff_to_person",
        "Hand the conversation to a member of staff: the guest wants a person, is upset, or "
        "asks for something only a person can decide (a booking, a discount, a complaint).",
        {"reason": {"type": "string", "description": "why, in a few words"}},
    ),
    _function(
        "set_guest_language",
        "Remember the language the guest wants to be answered in.",
        {"language": {"type": "string", "description": "ISO 639-1 code, e.g. de, zh"}},
    ),
]


class ToolRefused(ValueError):
    """A tool call the product will not execute (its message goes to ai_calls.detail)."""


@dataclass(frozen=True)
class Action:
    """What the model's tool calls ask for, validated."""

    request_kind: str | None = None
    request_details: str | None = None  # "room 512, at 8:00: an iron"
    handoff: str | None = None  # the model's reason, for staff to read
    language: str | None = None

    @property
    def acts(self) -> bool:
        """A request filed or a person called: something was done that the guest may be told."""
        return bool(self.request_kind or self.handoff)


def _arguments(call: Any, expected: set[str]) -> dict[str, Any]:
    raw = getattr(getattr(call, "function", None), "arguments", None)
    try:
        args = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        args = None
    if not isinstance(args, dict):
        raise ToolRefused(f"arguments are not a JSON object: {str(raw)[:100]!r}")
    if set(args) != expected:
        raise ToolRefused(f"arguments {sorted(args)} instead of {sorted(expected)}")
    return args


def _text(args: dict[str, Any], key: str, *, nullable: bool = False) -> str | None:
    value = args[key]
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ToolRefused(f"{key} must be a non-empty string")
    return value.strip()[:AI_TOOL_TEXT]


def read_tool_calls(calls: Sequence[Any]) -> Action:
    """The calls as one Action, or ToolRefused (unknown tool, bad JSON, a kind not on the
    list, a language that is no ISO 639-1 code, two actions at once)."""
    kind = details = handoff = language = None
    for call in calls:
        name = getattr(getattr(call, "function", None), "name", None)
        if name == "file_service_request" and kind is None:
            args = _arguments(call, {"kind", "room", "time", "details"})
            if args["kind"] not in request_kinds():
                raise ToolRefused(f"unknown request kind {str(args['kind'])[:40]!r}")
            kind = str(args["kind"])
            parts = [
                f"room {room}" if (room := _text(args, "room", nullable=True)) else None,
                f"at {at}" if (at := _text(args, "time", nullable=True)) else None,
            ]
            where = ", ".join(p for p in parts if p)
            what = _text(args, "details")
            details = f"{where}: {what}" if where else what
        elif name == "handoff_to_person" and handoff is None:
            handoff = _text(_arguments(call, {"reason"}), "reason")
        elif name == "set_guest_language" and language is None:
            code = _text(_arguments(call, {"language"}), "language") or ""
            try:
                IsoCode639_1.from_str(code.lower())
            except ValueError:
                raise ToolRefused(f"not an ISO 639-1 code: {code[:10]!r}") from None
            if len(code) != 2:
                raise ToolRefused(f"not an ISO 639-1 code: {code[:10]!r}")
            language = code.lower()
        else:
            raise ToolRefused(f"unknown or repeated tool {str(name)[:40]!r}")
    if kind and handoff:
        raise ToolRefused("a request and a handoff at once")
    return Action(kind, details, handoff, language)


@dataclass(frozen=True)
class ModelReply:
    """What the guest is to get: a checked text, an action (its template speaks), or both."""

    text: str | None
    action: Action = Action()
