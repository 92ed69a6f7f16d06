"""Service requests on the staff side: the request card, Take and Done.

A request moves open -> in_progress (who took it) -> done, each step one conditional UPDATE,
so two staff pressing at once cannot both win: the second reads who has it, or that it is done.
Done tells the guest in their language (`request_done`, which asks whether we got it right)
in the same transaction, so a second Done never tells them twice. Who closed it is the one the
card names ("done by"): Done overwrites the holder, `taken_at` keeps when it was first taken,
and the audit keeps both people. The card (pure `render_request`, read by `request_view`) is
edited in place by the notifier (`CardDesk.refresh_request`) with the buttons of its state.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tortoise import timezone
from tortoise.transactions import in_transaction

from bot.admin_flow.core.access import Permission, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.cards import phone
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.handling import first_name, guest_language, tell
from bot.admin_flow.core.replies import Button, Reply
from bot.i18n import I18n
from bot.limits import TELEGRAM_TEXT
from bot.store.models import Conversation, ServiceRequest

TEXT_CHARS = 1_500  # of the guest's words on the card; the rest is in /guest


class RequestState(StrEnum):
    NEW = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True)
class RequestView:
    """What a request card shows, read from the store by `request_view`."""

    request_id: int
    hotel: str
    kind: str
    chat_id: str
    guest_name: str | None
    text: str
    room: str | None = None
    time: str | None = None
    day: str | None = None  # "today" / "tomorrow"
    state: RequestState = RequestState.NEW
    holder: str | None = None
    closed_at: str | None = None  # "HH:MM", the hotel's time


@dataclass(frozen=True)
class Press:
    """What a Take or Done did: the words for the presser, and whether the cards changed."""

    text: str
    changed: bool
    request_id: int | None = None


def _kind(i18n: I18n, lang: str, kind: str) -> str:
    try:
        return i18n.t(f"admin.requests.kinds.{kind}", lang)
    except KeyError:  # a kind no longer offered, on an old request
        return kind


def request_buttons(i18n: I18n, lang: str, view: RequestView) -> list[list[Button]]:
    """New: Take and Done; in progress: Done; done: nothing left to press."""
    rid = view.request_id
    take = Button.of(i18n.t("admin.requests.take", lang), "req", "take", rid)
    done = Button.of(i18n.t("admin.requests.done", lang), "req", "done", rid)
    if view.state is RequestState.NEW:
        return [[take, done]]
    if view.state is RequestState.IN_PROGRESS:
        return [[done]]
    return []


def render_request(i18n: I18n, lang: str, view: RequestView, *, full_phone: bool) -> Reply:
    """The card in `lang`: the full number only for a reader who may see it (`full_phone`)."""

    def t(key: str, **values: object) -> str:
        return i18n.t(f"admin.requests.{key}", lang, **values)

    lines = [
        t("head", hotel=view.hotel, number=view.request_id, kind=_kind(i18n, lang, view.kind)),
        t(
            "guest",
            name=view.guest_name or "—",
            phone=phone(view.chat_id, full_phone),
        ),
    ]
    if view.room:
        lines.append(t("room", room=view.room))
    if view.time:
        day = t(f"days.{view.day}") + " " if view.day in ("today", "tomorrow") else ""
        lines.append(t("time", time=f"{day}{view.time}"))
    lines.append(f"“{view.text.strip()[:TEXT_CHARS]}”")
    if view.state is RequestState.NEW:
        lines.append(t("state_new"))
    elif view.state is RequestState.IN_PROGRESS:
        lines.append(t("state_taken", name=view.holder or "—"))
    else:
        lines.append(t("state_done", name=view.holder or "—", time=view.closed_at or "—"))
    return Reply("\n".join(lines)[:TELEGRAM_TEXT], request_buttons(i18n, lang, view))


async def request_view(request_id: int) -> RequestView | None:
    """A request's card as the store has it now."""
    request = await ServiceRequest.get_or_none(id=request_id).select_related("guest", "hotel")
    if request is None:
        return None
    details = request.details if isinstance(request.details, dict) else {}
    closed = (
        timezone.localtime(request.closed_at, request.hotel.timezone).strftime("%H:%M")
        if request.closed_at
        else None
    )
    states = {s.value: s for s in RequestState}
    return RequestView(
        request_id=request.id,
        hotel=request.hotel.name,
        kind=request.kind,
        chat_id=request.guest.chat_id,
        guest_name=request.guest.name,
        text=request.text,
        room=_detail(details, "room"),
        time=_detail(details, "time"),
        day=_detail(details, "day"),
        state=states.get(request.status, RequestState.NEW),
        holder=request.taken_by_name,
        closed_at=closed,
    )


def _detail(details: dict[str, object], key: str) -> str | None:
    value = details.get(key)
    return str(value)[:40] if value else None


async def card(ctx: AdminContext, lang: str, request_id: int, *, full_phone: bool) -> Reply | None:
    """The request's card for a reader, or None when the request is gone."""
    view = await request_view(request_id)
    if view is None:
        return None
    return render_request(ctx.i18n, ctx.i18n.pick(lang), view, full_phone=full_phone)


async def take(ctx: AdminContext, actor: Actor, request_id: int) -> Press:
    request = await ServiceRequest.get_or_none(id=request_id)
    if request is None:
        return Press(ctx.t(actor, "admin.guests.already_gone"), False)
    await require(actor, Permission.REPLY, request.hotel_id)
    who, name = actor.telegram_id or 0, first_name(actor)
    won = await ServiceRequest.filter(id=request.id, status=RequestState.NEW.value).update(
        status=RequestState.IN_PROGRESS.value,
        taken_by=who,
        taken_by_name=name,
        taken_at=timezone.now(),
    )
    if not won:
        await request.refresh_from_db()
        return Press(_why_not(ctx, actor, request, who), False)
    await audit(
        actor,
        "request_taken",
        request.hotel_id,
        before={"status": request.status},
        after={"taken_by": name, "request": request.id},
    )
    return Press(ctx.t(actor, "admin.requests.you_took", number=request.id), True, request.id)


async def done(ctx: AdminContext, actor: Actor, request_id: int) -> Press:
    request = await ServiceRequest.get_or_none(id=request_id)
    if request is None:
        return Press(ctx.t(actor, "admin.guests.already_gone"), False)
    await require(actor, Permission.REPLY, request.hotel_id)
    who, name = actor.telegram_id or 0, first_name(actor)
    open_states = [RequestState.NEW.value, RequestState.IN_PROGRESS.value]
    async with in_transaction():
        won = await ServiceRequest.filter(id=request.id, status__in=open_states).update(
            status=RequestState.DONE.value,
            closed_at=timezone.now(),
            taken_by=who,
            taken_by_name=name,
        )
        if won:
            await _tell_done(ctx, request)
    if not won:
        await request.refresh_from_db()
        return Press(_why_not(ctx, actor, request, who), False)
    await audit(
        actor,
        "request_done",
        request.hotel_id,
        before={"status": request.status, "taken_by": request.taken_by_name},
        after={"status": RequestState.DONE.value, "done_by": name, "request": request.id},
    )
    return Press(ctx.t(actor, "admin.requests.you_done", number=request.id), True, request.id)


def _why_not(ctx: AdminContext, actor: Actor, request: ServiceRequest, who: int) -> str:
    holder = request.taken_by_name or "—"
    if request.status == RequestState.DONE.value:
        return ctx.t(actor, "admin.requests.already_done", number=request.id, name=holder)
    if request.taken_by == who:
        return ctx.t(actor, "admin.requests.yours_already")
    return ctx.t(actor, "admin.requests.held_by", name=holder)


async def _tell_done(ctx: AdminContext, request: ServiceRequest) -> None:
    """`request_done` in the guest's language, naming the request as they read it."""
    conversation = await Conversation.get_or_none(guest_id=request.guest_id).select_related(
        "guest", "hotel"
    )
    if conversation is None:
        return
    guest, hotel = conversation.guest, conversation.hotel
    book = await ctx.flow.brain.templates.for_hotel(hotel.id)
    what = book.request(request.kind, guest_language(ctx, guest, hotel))
    await tell(ctx, guest, hotel, "request_done", request=what, number=request.id)
