"""Report images under load: `.venv/bin/python bench/reports.py --help`.

Measures, on a store seeded with 20 hotels and 30 days of traffic:
1. render time (p50, p95) of one hotel's daily report and of the 20-hotel overview, split
   into the database part (aggregate queries) and the drawing (matplotlib, Agg);
2. peak memory (RSS) of the process while drawing;
3. event-loop lag (p99) and webhook acknowledgement time (p99) of the real app while ten
   reports are made, under 100 webhooks a second, against the same load without reports.

The app runs in this process (so its event loop's lag can be sampled: a 5 ms sleep that
wakes late), with the fake Green API gateway (tests/fakes/greenapi.py); the webhooks come from
a separate process (`--post`), so the load's own work does not count against the loop. Bodies
are bench/traffic.py's realistic guest messages. `--samples DIR` also writes one image of each
kind (docs/).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import psutil
from aiohttp import web

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `python bench/reports.py` puts bench/, not the repo, on the path
    sys.path.insert(0, str(REPO))

from bench.traffic import Hotel as BenchHotel  # noqa: E402
from bench.traffic import build_posts, make_hotels  # noqa: E402
from bot.admin_flow.core.reports import make  # noqa: E402
from bot.app import create_app  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.i18n import I18n  # noqa: E402
from bot.reports import data, render, text  # noqa: E402
from bot.store import db  # noqa: E402
from bot.store.crypto import TokenCipher  # noqa: E402
from bot.store.hotels import create_hotel  # noqa: E402
from bot.store.models import (  # noqa: E402
    Direction,
    Event,
    Guest,
    Hotel,
    Message,
    MessageStatus,
    ServiceRequest,
)
from tests.fakes.greenapi import FakeGreenAPI  # noqa: E402

SECRET = "bench-reports-secret"
NAMES = (
    "Grand Hotel Sunrise",
    "Гостиница «Северное сияние» на набережной реки Мойки",
    "Seaside Boutique Hotel & Spa Conference Centre",
    "Hostel Mitte",
)
KINDS = ("towels", "cleaning", "taxi", "late_checkout", "room_service", "repair")
OUTCOMES = ("knowledge",) * 6 + ("ai",) * 2 + ("request", "template", "handoff", "fallback")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] if ordered else 0.0


def ms(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(pct(values, 0.5) * 1000, 1),
        "p95": round(pct(values, 0.95) * 1000, 1),
        "p99": round(pct(values, 0.99) * 1000, 1),
        "max": round(max(values, default=0) * 1000, 1),
        "count": len(values),
    }


# --- the store ------------------------------------------------------------------------------


async def seed(hotels: list[BenchHotel], gateway: str, days: int = 30) -> list[Hotel]:
    """Hotels with `days` days of guest messages, replies, requests and handoffs."""
    rng = random.Random(1)
    cipher = TokenCipher(SECRET)
    made = []
    now = (await _now()).replace(microsecond=0)
    for h in hotels:
        name = NAMES[(h.number - 1) % len(NAMES)] + ("" if h.number <= 4 else f" {h.number}")
        hotel, _ = await create_hotel(
            cipher,
            name=name,
            instance_id=h.instance_id,
            token=h.token,
            api_url=gateway,
            webhook_token=h.webhook_token,
            timezone=("Europe/Moscow", "Asia/Tokyo", "America/New_York", "UTC")[h.number % 4],
        )
        made.append(hotel)
        scale = 3.0 if h.number == 1 else rng.uniform(0.2, 1.5)
        guests = [
            await Guest.create(
                hotel=hotel, chat_id=f"7{h.number:03d}{g:06d}@c.us", language=rng.choice(
                    ("en", "en", "ru", "de", None)
                )
            )
            for g in range(40)
        ]  # fmt: skip
        inbound: list[Message] = []
        for day in range(days):
            for _ in range(int(rng.uniform(20, 60) * scale)):
                at = now - timedelta(days=day, hours=rng.uniform(0, 24))
                guest = rng.choice(guests)
                inbound.append(
                    Message(
                        hotel_id=hotel.id,
                        guest_id=guest.id,
                        chat_id=guest.chat_id,
                        direction=Direction.IN,
                        gateway_id=f"B{len(inbound)}",
                        text="hello",
                        status=MessageStatus.PROCESSED,
                        outcome=rng.choice(OUTCOMES),
                        created_at=at,
                    )
                )
        await Message.bulk_create(inbound, batch_size=1000)
        stored = await Message.filter(hotel_id=hotel.id, direction=Direction.IN)
        replies = []
        for m in stored:
            staff = m.outcome == "handoff"
            wait = timedelta(seconds=rng.uniform(60, 900) if staff else rng.uniform(1, 8))
            replies.append(
                Message(
                    hotel_id=hotel.id,
                    guest_id=m.guest_id,
                    chat_id=m.chat_id,
                    direction=Direction.OUT,
                    text="reply",
                    source="staff" if staff else m.outcome,
                    status=MessageStatus.FAILED if rng.random() < 0.01 else MessageStatus.READ,
                    reply_to_id=m.id,
                    created_at=m.created_at + wait,
                    sent_at=m.created_at + wait,
                )
            )
            if m.outcome == "request":
                await ServiceRequest.create(
                    hotel=hotel,
                    guest_id=m.guest_id,
                    kind=rng.choice(KINDS),
                    text="please",
                    status="done" if rng.random() < 0.7 else "open",
                    created_at=m.created_at,
                    closed_at=m.created_at + timedelta(hours=1),
                )
            elif m.outcome == "handoff":
                await Event.create(hotel=hotel, kind="handoff", created_at=m.created_at)
        await Message.bulk_create(replies, batch_size=1000)
    return made


async def _now() -> Any:
    from tortoise import timezone

    return timezone.now()


# --- 1 and 2: render time and memory --------------------------------------------------------


class RssPeak:
    """Samples this process's resident memory every 5 ms on a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        proc = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, proc.memory_info().rss)
            time.sleep(0.005)

    def __enter__(self) -> RssPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def render_times(hotels: list[Hotel], runs: int) -> dict[str, Any]:
    i18n = I18n()
    now = await _now()
    out: dict[str, Any] = {}
    cases: dict[str, Callable[[], Awaitable[data.Report]]] = {
        "daily (one hotel, yesterday)": lambda: data.hotel_report(hotels[0], "yesterday", now),
        "30 days (one hotel)": lambda: data.hotel_report(hotels[0], "30d", now),
        "overview (20 hotels, yesterday)": lambda: data.overview(hotels, "yesterday", now, "UTC"),
        "overview (20 hotels, 30 days)": lambda: data.overview(hotels, "30d", now, "UTC"),
    }
    before = psutil.Process().memory_info().rss
    with RssPeak() as peak:
        for name, build in cases.items():
            queries, draws = [], []
            for _ in range(runs):
                t0 = time.perf_counter()
                report = await build()
                t1 = time.perf_counter()
                render.png(text.sheet(i18n, "en", report))
                draws.append(time.perf_counter() - t1)
                queries.append(t1 - t0)
            out[name] = {
                "queries_ms": ms(queries),
                "draw_ms": ms(draws),
                "total_p50_ms": round((pct(queries, 0.5) + pct(draws, 0.5)) * 1000, 1),
                "total_p95_ms": round((pct(queries, 0.95) + pct(draws, 0.95)) * 1000, 1),
            }
    out["memory"] = {
        "rss_before_mb": round(before / 2**20, 1),
        "rss_peak_while_drawing_mb": round(peak.peak / 2**20, 1),
        "added_by_drawing_mb": round((peak.peak - before) / 2**20, 1),
    }
    return out


# --- 3: the loop and the webhooks while reports are made ------------------------------------


async def lag_sampler(samples: list[tuple[float, float]], stop: asyncio.Event) -> None:
    """(when, how late) of a 5 ms sleep, until stopped."""
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(0.005)
        samples.append((t0, time.perf_counter() - t0 - 0.005))


def poster_command(url: str, rate: int, seconds: float, hotels: int, start_at: float) -> list[str]:
    return [
        sys.executable,
        str(Path(__file__).resolve()),
        "--post",
        url,
        "--rate",
        str(rate),
        "--seconds",
        str(seconds),
        "--hotels",
        str(hotels),
        "--start-at",
        str(start_at),
    ]


async def post_load(url: str, rate: int, seconds: float, hotels: int, start_at: float) -> None:
    """The load process: open-loop posts at `rate`/s; prints [(sent at, seconds)] as JSON.

    `start_at` is a wall-clock time, so both processes' timelines line up."""
    count = int(rate * seconds)
    posts = build_posts(make_hotels(hotels), count, guests=1000, chat_base=10**10, seed=3)
    acks: list[tuple[float, float]] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

        async def one(i: int) -> None:
            post = posts[i]
            headers = {"Authorization": f"Bearer {post.hotel.webhook_token}"}
            sent = time.time()
            async with session.post(url, data=post.body, headers=headers) as resp:
                await resp.read()
                assert resp.status == 200, resp.status
            acks.append((sent, time.time() - sent))

        await asyncio.sleep(max(0.0, start_at - time.time()))
        tasks = []
        begin = time.monotonic()
        for i in range(count):
            await asyncio.sleep(max(0.0, begin + i / rate - time.monotonic()))
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
    sys.stdout.write(json.dumps(acks))


@dataclass
class LoadRun:
    lag: list[tuple[float, float]]  # (perf_counter, seconds late)
    acks: list[tuple[float, float]]  # (wall time sent, seconds)
    window: tuple[float, float]  # wall times the reports were being made (or the whole run)
    made: int = 0


async def under_load(
    url: str,
    hotels: list[Hotel],
    renders: int,
    seconds: float,
    part: str = "both",
    prebuilt: list[data.Report] | None = None,
) -> LoadRun:
    """`part`: make whole reports ("both"), or only their queries, or only the drawing."""
    prebuilt = prebuilt or []
    start_at = time.time() + 2.0
    proc = await asyncio.create_subprocess_exec(
        *poster_command(url, 100, seconds, len(hotels), start_at),
        stdout=subprocess.PIPE,
    )
    lag: list[tuple[float, float]] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(lag_sampler(lag, stop))
    await asyncio.sleep(max(0.0, start_at - time.time()) + 1.0)  # a second into the load
    began = time.time()
    made = 0
    if renders:
        now = await _now()
        i18n = I18n()
        chosen = [hotels[i % len(hotels)] for i in range(renders)]
        if part == "queries":
            done: list[object] = list(
                await asyncio.gather(*(data.hotel_report(h, "yesterday", now) for h in chosen))
            )
        elif part == "drawing":
            sheets = [text.sheet(i18n, "en", r) for r in prebuilt]
            began = time.time()
            done = list(await asyncio.gather(*(render.render(sheet) for sheet in sheets)))
        else:
            done = list(
                await asyncio.gather(*(make(i18n, "en", [h], "yesterday", now) for h in chosen))
            )
        made = len(done)
        window = (began, time.time())
    out, _ = await proc.communicate()
    stop.set()
    await sampler
    if not renders:
        window = (start_at + 1.0, start_at + seconds)
    acks = [(float(a[0]), float(a[1])) for a in json.loads(out)]
    return LoadRun(lag, acks, window, made)


def in_window(run: LoadRun, perf_offset: float) -> dict[str, Any]:
    start, end = run.window
    lag = [late for at, late in run.lag if start <= at + perf_offset <= end]
    acks = [took for sent, took in run.acks if start <= sent <= end]
    return {
        "window_s": round(end - start, 2),
        "loop_lag_ms": ms(lag),
        "webhook_ack_ms": ms(acks),
    }


async def load_phase(hotels: list[Hotel], settings: Settings, seconds: float) -> dict[str, Any]:
    app = create_app(settings)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    url = f"http://127.0.0.1:{port}/webhooks/whatsapp"
    perf_offset = time.time() - time.perf_counter()
    try:
        quiet = await under_load(url, hotels, 0, seconds)
        busy = await under_load(url, hotels, 10, seconds)
        now = await _now()
        prebuilt = [await data.hotel_report(h, "yesterday", now) for h in hotels[:10]]
        queries = await under_load(url, hotels, 10, seconds, "queries")
        drawing = await under_load(url, hotels, 10, seconds, "drawing", prebuilt)
    finally:
        await runner.cleanup()
    return {
        "render_pool": f"{render.pool()._max_workers} thread(s), Agg",
        "without_reports": in_window(quiet, perf_offset),
        "while_ten_reports_are_made": {**in_window(busy, perf_offset), "reports": busy.made},
        "only_their_queries": in_window(queries, perf_offset),
        "only_their_drawing": in_window(drawing, perf_offset),
    }


# --- the run --------------------------------------------------------------------------------


async def samples(hotels: list[Hotel], out: Path) -> None:
    """One image of each kind, from the seeded store (the README shows them)."""
    i18n = I18n()
    now = await _now()
    await asyncio.to_thread(out.mkdir, parents=True, exist_ok=True)
    kinds = {
        "report-daily.png": ("en", await data.hotel_report(hotels[0], "yesterday", now)),
        "report-7d.png": ("en", await data.hotel_report(hotels[0], "7d", now)),
        "report-30d-ru.png": ("ru", await data.hotel_report(hotels[1], "30d", now)),
        "report-overview.png": ("en", await data.overview(hotels, "7d", now, "UTC")),
    }
    for name, (lang, report) in kinds.items():
        png = await render.render(text.sheet(i18n, lang, report))
        await asyncio.to_thread((out / name).write_bytes, png)
    empty = await create_hotel(
        TokenCipher(SECRET),
        name="Hotel Opening Soon",
        instance_id=1109999999,
        token="x" * 50,
        api_url="http://127.0.0.1:9",
        webhook_token="opening-soon-webhook-token",
    )
    report = await data.hotel_report(empty[0], "yesterday", now)
    png = await render.render(text.sheet(i18n, "en", report))
    await asyncio.to_thread((out / "report-no-activity.png").write_bytes, png)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        async with FakeGreenAPI() as fake:
            bench_hotels = make_hotels(args.hotels)
            for h in bench_hotels:
                fake.add_instance(h.instance_id, h.token, wid=h.wid)
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                database_url=f"sqlite://{tmp}/bench.db",
                data_dir=Path(tmp),
                secret_key=SECRET,  # type: ignore[arg-type]
                green_api_url=fake.url,
                green_api_hosts="http://127.0.0.1",
                seed_demo=False,
                scheduler_enabled=False,
                log_level="WARNING",
            )
            await db.init_db(settings.db_url)
            t0 = time.perf_counter()
            hotels = await seed(bench_hotels, fake.url)
            seeded = {
                "hotels": len(hotels),
                "messages": await Message.all().count(),
                "seconds": round(time.perf_counter() - t0, 1),
            }
            results: dict[str, Any] = {"store": seeded}
            if args.samples:
                await samples(hotels, args.samples)
            results["render"] = await render_times(hotels, args.runs)
            await db.close_db()
            results["load"] = await load_phase(hotels, settings, args.seconds)
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--hotels", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15, help="renders per kind")
    parser.add_argument("--seconds", type=float, default=12.0, help="each load run")
    parser.add_argument("--samples", type=Path, help="also write one image of each kind here")
    parser.add_argument("--post", help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=int, default=100, help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.post:
        asyncio.run(post_load(args.post, args.rate, args.seconds, args.hotels, args.start_at))
        return 0
    results = asyncio.run(run(args))
    sys.stdout.write(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    lag = results["load"]["while_ten_reports_are_made"]["loop_lag_ms"]["p99"]
    quiet = results["load"]["without_reports"]["webhook_ack_ms"]["p99"]
    busy = results["load"]["while_ten_reports_are_made"]["webhook_ack_ms"]["p99"]
    daily = results["render"]["daily (one hotel, yesterday)"]["total_p95_ms"]
    sys.stdout.write(
        f"daily report p95 {daily} ms (target < 500); loop lag p99 {lag} ms (target < 50); "
        f"webhook ack p99 {quiet} → {busy} ms (target: within 10 ms)\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
