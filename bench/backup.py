"""Backups measured: `.venv/bin/python bench/backup.py --help`.

1. Backup time and size of a SQLite database holding `--messages` (100,000) guest messages:
   `python main.py backup`, as an operator (or cron) runs it.
2. Webhook ack latency at `--rate` (100 msg/s, open loop) on the running server, first with
   nothing else going on, then while the server itself makes backups one after another
   (`/backup` from a super admin, through the fake Telegram Bot API, the path a person takes):
   the difference is what a backup costs a guest.
3. Restore time: `python main.py restore FILE` with the server stopped.

The server, the fakes, provisioning and the load are bench/run.py's (imported, not copied).
The messages are written straight into the database before the server starts: what is
measured is the backup of a big database, not how long it took to fill.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.run import (  # noqa: E402 - needs the path above
    MAX_PER_GUEST,
    Driver,
    Phase,
    Server,
    cli,
    free_port,
    log,
    provision,
    reply_kinds,
    server_env,
)
from bench.traffic import EN_QUESTIONS, RU_QUESTIONS, build_posts, guests_for, make_hotels  # noqa: E402
from bot.backup.store import listing  # noqa: E402
from tests.fakes.greenapi import FakeGreenAPI  # noqa: E402
from tests.fakes.telegram import FakeTelegram  # noqa: E402

ADMIN_ID = 4242


def fill(db_path: Path, hotel_ids: list[int], messages: int, seed: int) -> None:
    """`messages` stored messages (half in, half out) over 90 days, with their guests."""
    rng = random.Random(seed)
    texts = [*EN_QUESTIONS, *RU_QUESTIONS]
    start = datetime.now(UTC) - timedelta(days=90)
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        guests: list[tuple[int, int, str]] = []
        for n in range(max(1, messages // 20)):
            hotel = hotel_ids[n % len(hotel_ids)]
            chat = f"{78000000000 + n}@c.us"
            cur = conn.execute(
                "INSERT INTO guests (hotel_id, chat_id, name, language, opted_out, first_seen, "
                "last_seen) VALUES (?, ?, ?, 'en', 0, ?, ?)",
                (hotel, chat, f"Guest {n}", start.isoformat(" "), start.isoformat(" ")),
            )
            guests.append((int(cur.lastrowid or 0), hotel, chat))
        rows = []
        for i in range(messages):
            guest_id, hotel, chat = guests[i % len(guests)]
            at = (start + timedelta(seconds=i * 77)).isoformat(" ")
            inbound = i % 2 == 0
            rows.append(
                (
                    hotel, guest_id, chat, "in" if inbound else "out", f"B{i}", "text",
                    rng.choice(texts) * rng.randint(1, 3),
                    "processed" if inbound else "delivered", "bench", 0,
                    "knowledge" if inbound else None, at, at,
                )
            )  # fmt: skip
        conn.executemany(
            "INSERT INTO messages (hotel_id, guest_id, chat_id, direction, gateway_id, kind, "
            "text, status, source, attempts, outcome, created_at, processed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.commit()


async def timed_cli(env: dict[str, str], *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    output = await cli(env, *args)
    return time.perf_counter() - started, output


async def keep_backing_up(tg: FakeTelegram, stop: asyncio.Event, seconds: list[float]) -> None:
    """/backup from the super admin, again as soon as each file arrives, until told to stop."""
    admin = tg.user(ADMIN_ID, "Admin", "en")
    while not stop.is_set():
        done = len([c for c in tg.calls if c.method == "sendDocument"])
        started = time.perf_counter()
        admin.send_text("/backup")
        await tg.wait_for("sendDocument", done + 1, timeout=300.0)
        seconds.append(time.perf_counter() - started)


async def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"messages": args.messages, "rate": args.rate}
    hotels = make_hotels(args.hotels)
    db_path = tmp / "bench.db"
    async with FakeGreenAPI() as fake, FakeTelegram() as tg:
        for h in hotels:
            fake.add_instance(h.instance_id, h.token, wid=h.wid)
        port = free_port()
        env = server_env(f"sqlite://{db_path}", tmp, port, fake.url)
        env.update(
            TELEGRAM_BOT_TOKEN=tg.token, TELEGRAM_API_URL=tg.url, SUPER_ADMIN_IDS=str(ADMIN_ID)
        )
        log(f"provisioning {len(hotels)} hotels")
        await provision(env, hotels, fake.url)
        log(f"writing {args.messages} messages")
        await asyncio.to_thread(
            fill, db_path, list(range(1, len(hotels) + 1)), args.messages, args.seed
        )
        results["database_mb"] = round(await asyncio.to_thread(os.path.getsize, db_path) / 1e6, 1)

        log("backup from the shell")
        seconds, output = await timed_cli(env, "backup")
        path = Path(re.search(r"Backup written: (\S+)", output)[1])  # type: ignore[index]
        results["backup_seconds"] = round(seconds, 2)
        results["backup_mb"] = round(await asyncio.to_thread(os.path.getsize, path) / 1e6, 2)

        server = Server(env, port, tmp / "server.log")
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=30)
        ) as session:
            await server.start(session)
            try:
                driver = Driver(session, server, fake, reply_kinds())
                warm = build_posts(hotels, 3 * len(hotels), guests=len(hotels) * 3,
                                   chat_base=79000000000, seed=args.seed)  # fmt: skip
                await driver.closed_loop(Phase("warm-up", len(warm), len(hotels) * 3), warm, 8)
                count = int(args.rate * args.duration)
                guests = guests_for(count, MAX_PER_GUEST)
                quiet = build_posts(hotels, count, guests=guests, chat_base=79100000000,
                                    seed=args.seed + 1)  # fmt: skip
                phase = Phase("no backup", count, guests)
                log(f"ack latency, no backup: {count} at {args.rate:.0f}/s")
                await driver.open_loop(phase, quiet, args.rate)
                results["ack_ms_without_backup"] = phase.latency_ms

                busy = build_posts(hotels, count, guests=guests, chat_base=79200000000,
                                   seed=args.seed + 2)  # fmt: skip
                phase = Phase("during backups", count, guests)
                stop = asyncio.Event()
                made: list[float] = []
                backups = asyncio.create_task(keep_backing_up(tg, stop, made))
                await asyncio.sleep(0.5)  # the first backup is under way
                log(f"ack latency while the server makes backups: {count} at {args.rate:.0f}/s")
                started = time.perf_counter()
                await driver.open_loop(phase, busy, args.rate)
                window = time.perf_counter() - started
                stop.set()
                await backups
                results["ack_ms_during_backups"] = phase.latency_ms
                results["backups_during_window"] = len(made)
                made.sort()
                results["backup_in_server_seconds"] = {
                    "median": round(made[len(made) // 2], 2) if made else None,
                    "max": round(made[-1], 2) if made else None,
                }
                results["window_seconds"] = round(window, 1)
            finally:
                await server.stop()

        # The backups made under load replaced the first one (retention keeps a day's newest).
        newest = listing(tmp)[0].path
        log(f"restore from the shell (server stopped): {newest.name}")
        seconds, _ = await timed_cli(env, "restore", str(newest))
        results["restore_seconds"] = round(seconds, 2)
    return results


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--hotels", type=int, default=2)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per latency phase")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hotel-backup-bench-") as tmp:
        results = asyncio.run(run(args, Path(tmp)))
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    base = results["ack_ms_without_backup"].get("p99", 0.0)
    during = results["ack_ms_during_backups"].get("p99", 0.0)
    log(f"ack p99 {base} ms without, {during} ms during backups (target: within 10 ms)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
