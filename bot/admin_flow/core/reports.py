"""/report and /reports: report images on demand, and one's own daily delivery.

`/report [HOTEL|all] [yesterday|7d|30d]`: a hotel's report (any role, own hotels only; another
hotel is refused and audited like /stats), or the overview of all hotels (super admins). Under
the image: the periods and a CSV button. Button data is re-checked like a typed command.

`/reports [on|off]`: daily reports go to each hotel's managers (`Staff.reports_enabled`) and the
overview to super admins (a `Preference`, as a super admin needs no staff row); support staff get
none. The delivery itself is `bot/reports/daily.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tortoise import timezone

from bot.admin_flow.core.access import Permission, allowed, audit, require
from bot.admin_flow.core.actor import Actor
from bot.admin_flow.core.context import AdminContext
from bot.admin_flow.core.replies import BadArgs, Button, Reply, parse_hotel_period, parse_id
from bot.config import Settings
from bot.i18n import I18n
from bot.reports import data, text
from bot.reports.numbers import midnight
from bot.store.models import Hotel, Preference, Role, Staff

AREA = "rep"
PERIODS = ("yesterday", "7d", "30d")
DEFAULT_PERIOD = "yesterday"
ALL = "all"


def overview_key(telegram_id: int) -> str:
    """The Preference that turns a super admin's daily overview off."""
    return f"reports:overview:{telegram_id}"


@dataclass(frozen=True)
class ReportQuery:
    hotel_id: int | None  # None: not named (ask, or the only one)
    overview: bool
    period: str


def parse_report_args(args: Sequence[str]) -> ReportQuery:
    """`[HOTEL|all] [PERIOD]` in either order."""
    hotel_id, overview, period = parse_hotel_period(args, PERIODS, all_word=ALL)
    return ReportQuery(hotel_id, overview, period or DEFAULT_PERIOD)


@dataclass(frozen=True)
class Made:
    """A rendered report in one language: what Telegram, WhatsApp and the CLI send."""

    report: data.Report
    png: bytes
    caption: str


async def make(
    i18n: I18n,
    language: str | None,
    hotels: Sequence[Hotel],
    period: str,
    now: datetime,
    *,
    overview_tz: str | None = None,
) -> Made:
    """One hotel's report, or (`overview_tz` set) the overview of `hotels`."""
    if overview_tz is None:
        report = await data.hotel_report(hotels[0], period, now)
    else:
        report = await data.overview(hotels, period, now, overview_tz)
    # matplotlib loads with the first report drawn, not with the server (about 60 MB).
    from bot.reports import render

    png = await render.render(text.sheet(i18n, language, report))
    return Made(report, png, text.caption(i18n, language, report))


def buttons(
    i18n: I18n, language: str | None, key: int, period: str, last_day: date
) -> list[list[Button]]:
    """Periods (a fresh report each) and the CSV of the report shown (its last day kept, so a
    CSV asked for days later still holds the same days)."""
    lang = i18n.pick(language)
    row = []
    for p in PERIODS:
        label = i18n.t(f"admin.reports.button_{p}", lang)
        row.append(Button.of(f"• {label}" if p == period else label, AREA, "show", key, p))
    csv = Button.of(
        i18n.t("admin.reports.button_csv", lang),
        AREA,
        "csv",
        key,
        period,
        last_day.strftime("%Y%m%d"),
    )
    return [row, [csv]]


def _usage(ctx: AdminContext, actor: Actor, problem: str = "") -> Reply:
    usage = ctx.t(actor, "admin.reports.usage")
    return Reply(f"{problem}\n{usage}" if problem else usage)


async def _visible(actor: Actor) -> list[Hotel]:
    hotels = await Hotel.all().order_by("id")
    return [h for h in hotels if allowed(actor, Permission.REPORT, h.id)]


async def overview_hotels() -> list[Hotel]:
    """The hotels the overview covers: the enabled ones, as each hotel's daily report (a
    disabled hotel sends no reports and would only add an idle row and inflate the count)."""
    return await Hotel.filter(enabled=True).order_by("id")


def overview_zone(settings: Settings) -> str:
    return settings.report_overview_timezone


async def _reply(
    ctx: AdminContext, actor: Actor, key: int, period: str, now: datetime
) -> Reply | None:
    """The photo reply for hotel `key` (0: the overview); None when the hotel is gone."""
    if key == 0:
        await require(actor, Permission.REPORT_OVERVIEW)
        hotels = await overview_hotels()
        if not hotels:
            return Reply(ctx.t(actor, "admin.reports.no_hotels"))
        made = await make(
            ctx.i18n, actor.language, hotels, period, now, overview_tz=overview_zone(ctx.settings)
        )
    else:
        # Permission before existence: a manager learns nothing about other hotels.
        await require(actor, Permission.REPORT, key)
        hotel = await Hotel.get_or_none(id=key)
        if hotel is None:
            return None
        made = await make(ctx.i18n, actor.language, [hotel], period, now)
    last = made.report.window.day_list[-1]
    return Reply(
        made.caption,
        buttons(ctx.i18n, actor.language, key, period, last),
        photo=made.png,
    )


async def report_command(ctx: AdminContext, actor: Actor, args: Sequence[str]) -> Reply:
    """/report (also the staff-WhatsApp channel's); raises NotAllowed, audited."""
    await require(actor, Permission.REPORT)
    try:
        query = parse_report_args(args)
    except BadArgs as exc:
        return _usage(ctx, actor, ctx.t(actor, "admin.reports.bad_arg", arg=exc.arg))
    now = timezone.now()
    if query.overview:
        reply = await _reply(ctx, actor, 0, query.period, now)
    elif query.hotel_id is not None:
        reply = await _reply(ctx, actor, query.hotel_id, query.period, now)
        if reply is None:
            no_hotel = ctx.t(actor, "admin.reports.no_hotel", hotel=query.hotel_id)
            return _usage(ctx, actor, no_hotel)
    else:
        hotels = await _visible(actor)
        if not hotels:
            return Reply(ctx.t(actor, "admin.reports.no_hotels"))
        if len(hotels) == 1 and not actor.super_admin:
            reply = await _reply(ctx, actor, hotels[0].id, query.period, now)
        else:
            return _pick(ctx, actor, hotels, query.period)
    assert reply is not None
    return reply


def _pick(ctx: AdminContext, actor: Actor, hotels: Sequence[Hotel], period: str) -> Reply:
    rows = [
        [Button.of(text.cut(f"#{h.id} {h.name}", 40), AREA, "show", h.id, period)] for h in hotels
    ]
    if allowed(actor, Permission.REPORT_OVERVIEW):
        rows.insert(
            0, [Button.of(ctx.t(actor, "admin.reports.all_hotels"), AREA, "show", 0, period)]
        )
    return Reply(ctx.t(actor, "admin.reports.pick_hotel"), rows)


async def report_press(
    ctx: AdminContext, actor: Actor, action: str, args: list[str]
) -> Reply | None:
    """rep:show:<hotel or 0>:<period>, rep:csv:<hotel or 0>:<period>:<YYYYMMDD>; None: stale."""
    key = parse_id(args[0], zero=True) if args else None
    period = args[1] if len(args) > 1 else ""
    if key is None or period not in PERIODS:
        return None
    now = timezone.now()
    if action == "show" and len(args) == 2:
        reply = await _reply(ctx, actor, key, period, now)
        return reply or Reply(ctx.t(actor, "admin.reports.no_hotel", hotel=key))
    if action == "csv" and len(args) == 3:
        raw = args[2]
        try:
            last = date(int(raw[:4]), int(raw[4:6]), int(raw[6:])) if len(raw) == 8 else None
        except ValueError:
            last = None
        if last is None:
            return None
        return await _csv(ctx, actor, key, period, last, now)
    return None


async def _csv(
    ctx: AdminContext, actor: Actor, key: int, period: str, last: date, now: datetime
) -> Reply:
    if key == 0:
        await require(actor, Permission.REPORT_OVERVIEW)
        hotels = await overview_hotels()
        tz = overview_zone(ctx.settings)
    else:
        await require(actor, Permission.REPORT, key)
        hotel = await Hotel.get_or_none(id=key)
        if hotel is None:
            return Reply(ctx.t(actor, "admin.reports.no_hotel", hotel=key))
        hotels, tz = [hotel], hotel.timezone
    if not hotels:
        return Reply(ctx.t(actor, "admin.reports.no_hotels"))
    # The report shown ended on `last`: the same days, whenever the button is pressed.
    after_last = midnight(last + timedelta(days=1), tz)
    at = after_last if period == "yesterday" else min(now, after_last - timedelta(microseconds=1))
    if key == 0:
        report = await data.overview(hotels, period, at, tz)
    else:
        report = await data.hotel_report(hotels[0], period, at)
    body = text.csv_bytes(ctx.i18n, actor.language, report)
    head = text.caption(ctx.i18n, actor.language, report).splitlines()[0]
    return Reply(head, document=(text.file_name(report, "csv"), body))


# --- /reports: one's own daily delivery ----------------------------------------------------


def _managed(actor: Actor) -> list[int]:
    return sorted(hid for hid, role in actor.roles if role == Role.MANAGER)


async def reports_setting(ctx: AdminContext, actor: Actor, args: Sequence[str]) -> Reply:
    word = args[0].strip().lower() if args else ""
    if word not in ("", "on", "off") or len(args) > 1:
        return Reply(ctx.t(actor, "admin.reports.reports_usage"))
    managed = _managed(actor)
    if actor.telegram_id is None or not (managed or actor.super_admin):
        return Reply(ctx.t(actor, "admin.reports.settings_none"))
    if word:
        on = word == "on"
        await Staff.filter(
            telegram_id=actor.telegram_id, hotel_id__in=managed, role=Role.MANAGER
        ).update(reports_enabled=on)
        if actor.super_admin:
            await Preference.update_or_create(
                defaults={"value": "on" if on else "off"}, key=overview_key(actor.telegram_id)
            )
        await audit(actor, "reports_on" if on else "reports_off", after={"reports": word})
        if not on:
            return Reply(ctx.t(actor, "admin.reports.turned_off"))
        status = await _status(ctx, actor, managed)
        return Reply(f"{ctx.t(actor, 'admin.reports.turned_on')}\n{status.text}")
    return await _status(ctx, actor, managed)


async def overview_enabled(telegram_id: int) -> bool:
    pref = await Preference.get_or_none(key=overview_key(telegram_id))
    return pref is None or pref.value != "off"


async def _status(ctx: AdminContext, actor: Actor, managed: list[int]) -> Reply:
    assert actor.telegram_id is not None
    enabled = set(
        await Staff.filter(
            telegram_id=actor.telegram_id,
            hotel_id__in=managed,
            role=Role.MANAGER,
            reports_enabled=True,
        ).values_list("hotel_id", flat=True)
    )
    lines = [
        ctx.t(
            actor,
            "admin.reports.settings_hotel",
            hotel=hotel.name,
            time=hotel.report_time,
            tz=hotel.timezone,
        )
        for hotel in await Hotel.filter(id__in=sorted(enabled)).order_by("id")
    ]
    if actor.super_admin and await overview_enabled(actor.telegram_id):
        lines.append(
            ctx.t(
                actor,
                "admin.reports.settings_overview",
                time=ctx.settings.report_overview_time,
                tz=ctx.settings.report_overview_timezone,
            )
        )
    if not lines:
        return Reply(ctx.t(actor, "admin.reports.settings_off"))
    head = ctx.t(actor, "admin.reports.settings_on")
    hint = ctx.t(actor, "admin.reports.settings_hint")
    return Reply("\n".join([head, *lines, hint]))
