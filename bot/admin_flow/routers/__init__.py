"""One router per admin area, each built fresh by a `router()` factory.

Fresh routers per Dispatcher matter: aiogram refuses to attach one Router to two Dispatchers,
and tests build a Dispatcher per app.
"""

from __future__ import annotations

from aiogram import Router

from bot.admin_flow.render import refusals
from bot.admin_flow.routers import (
    addhotel,
    backups,
    common,
    guests,
    hotels,
    numbers,
    reports,
    staff,
    staff_group,
    unanswered,
)


def all_routers() -> list[Router]:
    # Areas register here; `common` last, so its catch-all replies to unknown input go last.
    routers = [
        staff.router(),
        addhotel.router(),
        hotels.router(),
        numbers.router(),
        reports.router(),
        guests.router(),
        staff_group.router(),
        unanswered.router(),
        backups.router(),
        common.router(),
    ]
    for r in routers:
        # A refusal from the core is answered here, in one way, for every area.
        r.message.middleware(refusals)
        r.callback_query.middleware(refusals)
    return routers
