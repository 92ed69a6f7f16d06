"""The hotel card's buttons and prompts, each to the function behind it (core.hotels and the
hotel_* screens). Button data is parsed here, never trusted: the functions re-check it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, NewType

from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.hotel_common import Missing, Stale
from bot.admin_flow.core.hotel_inbox import inbox_menu, join_toggle, minutes_prompt, minutes_set
from bot.admin_flow.core.hotel_knowledge import (
    Loader,
    add_input,
    add_prompt,
    answer_prompt,
    answer_set,
    entry_delete,
    entry_delete_ask,
    entry_view,
    import_file,
    import_prompt,
    knowledge_menu,
    try_input,
    try_prompt,
)
from bot.admin_flow.core.hotel_phones import phone_remove, phones_add, phones_menu, phones_prompt
from bot.admin_flow.core.hotel_setup import Step
from bot.admin_flow.core.hotel_templates import (
    template_prompt,
    template_reset,
    template_set,
    template_view,
    templates_menu,
)
from bot.admin_flow.core.hotel_translations import (
    translation_delete,
    translation_prompt,
    translation_set,
    translation_view,
    translations_menu,
)
from bot.admin_flow.core.hotels import (
    card,
    delete,
    delete_ask,
    edit_field,
    edit_prompt,
    list_hotels,
    toggle,
)
from bot.admin_flow.core.replies import Reply, parse_id
from bot.limits import INTEGER_ID_MAX

Action = Callable[..., Awaitable[Step]]
# In an action's argument types: `int` is an id (> 0), `Page` a page number (0 is the first).
Page = NewType("Page", int)


async def _card_step(ctx: AdminContext, actor: Actor, hotel_id: int) -> Step:
    return Step(await card(ctx, actor, hotel_id))


async def _list_step(ctx: AdminContext, actor: Actor, page: int) -> Step:
    return Step(await list_hotels(ctx, actor, page))


# action → (function, argument types after ctx and actor)
ACTIONS: dict[str, tuple[Action, tuple[object, ...]]] = {
    "list": (_list_step, (Page,)),
    "card": (_card_step, (int,)),
    "edit": (edit_prompt, (int, str)),
    "toggle": (toggle, (int,)),
    "del": (delete_ask, (int,)),
    "delok": (delete, (int,)),
    "tpl": (templates_menu, (int,)),
    "tk": (template_view, (int, str)),
    "ts": (template_prompt, (int, str, str)),
    "tr": (template_reset, (int, str, str)),
    "kb": (knowledge_menu, (int, Page)),
    "ke": (entry_view, (int, int)),
    "kw": (answer_prompt, (int, int, str)),
    "kd": (entry_delete_ask, (int, int)),
    "kx": (entry_delete, (int, int)),
    "ka": (add_prompt, (int,)),
    "ki": (import_prompt, (int,)),
    "kt": (try_prompt, (int,)),
    "ph": (phones_menu, (int,)),
    "pa": (phones_prompt, (int,)),
    "pr": (phone_remove, (int, int)),
    "xl": (translations_menu, (int, Page)),
    "xv": (translation_view, (int, int)),
    "xw": (translation_prompt, (int, int)),
    "xx": (translation_delete, (int, int)),
    "ib": (inbox_menu, (int,)),
    "iw": (minutes_prompt, (int,)),
    "ij": (join_toggle, (int,)),
}


TEXT_OPS: dict[str, Callable[[AdminContext, Actor, dict[str, Any], str], Awaitable[Step]]] = {
    "field": edit_field,
    "template": template_set,
    "kb_answer": answer_set,
    "kb_add": add_input,
    "kb_try": try_input,
    "phones": phones_add,
    "translation": translation_set,
    "escalate": minutes_set,
}


def _args(types: tuple[object, ...], raw: list[str]) -> list[Any]:
    if len(raw) != len(types):
        raise Stale(raw)
    out: list[Any] = []
    for kind, value in zip(types, raw, strict=True):
        if kind is int or kind is Page:
            number = parse_id(value, zero=kind is Page)
            if number is None or (kind is int and number > INTEGER_ID_MAX):
                raise Stale(value)
            out.append(number)
        else:
            out.append(value)
    return out


async def press(ctx: AdminContext, actor: Actor, action: str, raw: list[str]) -> Step:
    """A card button: Stale for data that names nothing; NotAllowed (audited) passes up."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Stale(action)
    function, types = spec
    try:
        return await function(ctx, actor, *_args(types, raw))
    except Missing as exc:
        return Step(Reply(ctx.t(actor, "admin.hotels.not_found", id=exc.hotel_id)))


async def type_in(ctx: AdminContext, actor: Actor, data: dict[str, Any], text: str) -> Step:
    """Text typed into an open prompt."""
    op = str(data.get("op"))
    try:
        if op == "kb_file":
            return Step(Reply(ctx.t(actor, "admin.hotels.kb.want_file")), "file", data)
        handler = TEXT_OPS.get(op)
        if handler is None or "hotel_id" not in data:
            raise Stale(op)
        return await handler(ctx, actor, data, text)
    except Missing as exc:
        return Step(Reply(ctx.t(actor, "admin.hotels.not_found", id=exc.hotel_id)))


async def send_in(
    ctx: AdminContext, actor: Actor, data: dict[str, Any], name: str, size: int, load: Loader
) -> Step:
    """A file sent into an open prompt (only the knowledge import takes one); `load` fetches
    its content, called only once the name and size are acceptable."""
    if data.get("op") != "kb_file" or "hotel_id" not in data:
        raise Stale(data.get("op"))
    try:
        return await import_file(ctx, actor, data, name, size, load)
    except Missing as exc:
        return Step(Reply(ctx.t(actor, "admin.hotels.not_found", id=exc.hotel_id)))
