"""`python main.py report --hotel ID --period 7d --out report.png`: the same image from the shell.

For operators, cron and anyone who wants to see one without Telegram. `--all` writes the
overview of every hotel (in REPORT_OVERVIEW_TIMEZONE); an `--out` ending in `.csv` writes the
numbers as CSV instead of the image.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from pathlib import Path

from tortoise import timezone

from bot.admin_flow.core.reports import overview_hotels
from bot.config import Settings
from bot.i18n import I18n, Refusal
from bot.reports import data, text
from bot.store import db
from bot.store.models import Hotel

PERIODS = ("yesterday", "7d", "30d")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rep = sub.add_parser("report", help="write a report image (PNG) or its numbers (CSV)")
    which = rep.add_mutually_exclusive_group()
    which.add_argument("--hotel", type=int, help="the hotel's number (python main.py hotel list)")
    which.add_argument("--all", action="store_true", help="the overview of every hotel")
    rep.add_argument("--period", choices=PERIODS, default="yesterday")
    rep.add_argument("--out", type=Path, default=Path("report.png"), help="*.png or *.csv")
    rep.add_argument("--lang", help="the report's language (default: LANG)")


async def cmd_report(
    settings: Settings,
    i18n: I18n,
    args: argparse.Namespace,
    say: Callable[[str], None],
    fail: Callable[[str], None],
) -> int:
    """Writes the file; 2 (said on stderr) when there is no such hotel."""
    lang = i18n.pick(args.lang, settings.cli_language)
    if args.hotel is None and not args.all:
        fail(i18n.t("admin.reports.cli_need_hotel", lang))
        return 2
    await db.init_db(settings.db_url)
    try:
        now = timezone.now()
        if args.all:
            hotels = await overview_hotels()
            if not hotels:
                fail(i18n.t("admin.reports.cli_no_hotels", lang))
                return 2
            tz = settings.report_overview_timezone
            report = await data.overview(hotels, args.period, now, tz)
        else:
            hotel = await Hotel.get_or_none(id=args.hotel)
            if hotel is None:
                refusal = i18n.refusal(Refusal("no_hotel", hotel=args.hotel), lang)
                fail(i18n.t("cli.error", lang, error=refusal))
                return 2
            report = await data.hotel_report(hotel, args.period, now)
    finally:
        await db.close_db()
    path: Path = args.out
    if path.suffix.lower() == ".csv":
        content = text.csv_bytes(i18n, lang, report)
    else:
        # Imported here, not at the top: `main.py` imports this module to build its command
        # line, and the server must not pay matplotlib's ~60 MB for a command it is not running.
        from bot.reports import render

        content = await render.render(text.sheet(i18n, lang, report))
    await asyncio.to_thread(path.write_bytes, content)
    w = text.Words(i18n, lang)
    say(
        i18n.t(
            "admin.reports.cli_written",
            lang,
            path=path,
            what=text.title(w, report),
            period=text.period(w, report),
        )
    )
    return 0
