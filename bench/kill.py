"""Crash benchmark: `kill -9` of the server mid-burst, counting duplicate and lost replies.

Why: the outbox promises that whatever moment the process dies at, after a restart every
acknowledged guest message is answered and no reply reaches a guest twice (issue 13). This
measures it the way it happens in production: `python main.py` in its own process, a burst of
real webhook bodies, a gateway round trip of `--gateway-delay` (50 ms by default), SIGKILL at a
point chosen by the seed, a restart on the same database, and then a count against what the
fake gateway accepted.

Two ways to pick the moment, each run once per seed:
- `random`: after the fake gateway accepted the k-th reply (k drawn from the seed), a watcher
  in this process kills the server: sends are in flight in every state at that moment;
- `accept`: inside the fake gateway, right after it accepted the k-th reply and before its
  answer is written: the exact window (gateway took it, server never heard).

Counts, once the restarted server settled (no message waiting to be processed, no reply
pending or `sending`), read from its stopped database and the fake gateway's record:
- duplicates: replies the gateway accepted beyond one per stored reply (an accepted idMessage
  no reply row holds);
- losses: a message acknowledged with 200 that is not stored and processed, or a stored reply
  not marked sent with an idMessage the gateway accepted.

    .venv/bin/python bench/kill.py                 # 5 seeds x 2 ways, 500 messages, SQLite
    .venv/bin/python bench/kill.py --seeds 10 --messages 500 --gateway-delay 0.05

The server's RECONCILE_JOURNAL_DELAY is `--journal-delay` (2 s by default, instead of Green
API's 120 s, so a run takes seconds): the fake's journals show a send at once, so a shorter
delay changes how long replies wait after a restart, not whether they are found.
Exit code 0 when nothing was doubled or lost, 3 otherwise, 2 when a run failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `python bench/kill.py` puts bench/, not the repo, on the path
    sys.path.insert(0, str(REPO))

from bench.run import BenchError, Server, free_port, log, provision, server_env  # noqa: E402
from bench.traffic import Hotel, Post, build_posts, make_hotels  # noqa: E402
from tests.fakes.greenapi import FakeGreenAPI, SentMessage  # noqa: E402

CONCURRENCY = 64
SETTLE_LIMIT = 120.0  # seconds for the restarted server to answer everything


@dataclass
class Run:
    seed: int
    way: str
    kill_after: int
    posted: int = 0
    acknowledged: int = 0
    accepted_before_kill: int = 0
    left_sending: int = 0
    left_pending: int = 0
    left_received: int = 0
    replies: int = 0
    accepted: int = 0
    duplicates: int = 0
    losses: int = 0
    settle_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def rows(db: Path, query: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as c:
        return list(c.execute(query, params).fetchall())


def by_status(db: Path) -> Counter[str]:
    found = rows(db, "SELECT direction, status, COUNT(*) FROM messages GROUP BY 1, 2")
    return Counter({f"{d}/{s}": int(str(n)) for d, s, n in found})


async def post_all(url: str, posts: Sequence[Post]) -> list[bool]:
    """The burst, `CONCURRENCY` in flight; which were acknowledged (200)."""
    acked = [False] * len(posts)
    queue = iter(range(len(posts)))

    async def worker(session: aiohttp.ClientSession) -> None:
        for i in queue:
            post = posts[i]
            headers = {
                "Authorization": f"Bearer {post.hotel.webhook_token}",
                "Content-Type": "application/json",
            }
            with contextlib.suppress(aiohttp.ClientError, OSError, TimeoutError):
                async with session.post(url, data=post.body, headers=headers) as resp:
                    await resp.read()
                    acked[i] = resp.status == 200

    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(CONCURRENCY)))
    return acked


def kill_now(pid: int) -> None:
    """SIGKILL and wait (a few ms, synchronously) until the process is a zombie, so nothing it
    does after this moment reaches the database."""
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.001)


@contextlib.asynccontextmanager
async def running(*servers: Server) -> AsyncIterator[None]:
    """Whatever happens, no server of a run outlives it."""
    try:
        yield
    finally:
        for server in servers:
            if server.proc is not None and server.proc.returncode is None:
                server.proc.kill()
                await server.proc.wait()


async def settle(db: Path, server: Server) -> float:
    started = time.monotonic()
    while True:
        counts = by_status(db)
        busy = counts["in/received"] + counts["out/pending"] + counts["out/sending"]
        if not busy:
            return time.monotonic() - started
        if server.proc is not None and server.proc.returncode is not None:
            raise BenchError("the restarted server exited:\n" + server.log_tail())
        if time.monotonic() - started > SETTLE_LIMIT:
            raise BenchError(f"not settled in {SETTLE_LIMIT:.0f}s: {dict(counts)}")
        await asyncio.sleep(0.2)


async def one_run(
    args: argparse.Namespace, template: Path, hotels: list[Hotel], seed: int, way: str
) -> Run:
    rng = random.Random(f"{seed}-{way}")
    work = Path(tempfile.mkdtemp(prefix=f"hotel-kill-{seed}-{way}-"))
    try:
        for name in os.listdir(template):
            shutil.copy2(template / name, work / name)
        db = work / "bench.db"
        # Kill somewhere in the burst's replies (each message gets one or two).
        run = Run(seed, way, kill_after=rng.randint(1, args.messages))
        posts = build_posts(
            hotels,
            args.messages,
            guests=max(args.messages, 1000),
            chat_base=79300000000,
            seed=seed,
        )
        run.posted = len(posts)
        async with FakeGreenAPI() as fake:
            for h in hotels:
                fake.add_instance(h.instance_id, h.token, wid=h.wid)
            fake.set_delay(args.gateway_delay, "sendMessage")
            with contextlib.closing(sqlite3.connect(db)) as conn, conn:
                conn.execute("UPDATE hotels SET api_url = ?", [fake.url])  # this run's gateway
            port = free_port()
            env = server_env(f"sqlite://{db}", work, port, fake.url)
            env["RECONCILE_JOURNAL_DELAY"] = str(args.journal_delay)
            first = Server(env, port, work / "server-1.log")
            second = Server(env, port, work / "server-2.log")
            killed = asyncio.Event()

            def on_send(message: SentMessage) -> None:
                if len(fake.sent) == run.kill_after and not killed.is_set():
                    if way == "accept":
                        kill_now(first.pid)
                    killed.set()

            fake.on_send = on_send
            async with aiohttp.ClientSession() as session, running(first, second):
                await first.start(session)
                burst = asyncio.create_task(post_all(first.url + "/webhooks/whatsapp", posts))
                try:
                    await asyncio.wait_for(killed.wait(), SETTLE_LIMIT)
                except TimeoutError:
                    burst.cancel()
                    raise BenchError(
                        "no reply reached the gateway:\n" + first.log_tail()
                    ) from None
                if way == "random":
                    kill_now(first.pid)
                run.accepted_before_kill = len(fake.sent)
                acked = await burst
                assert first.proc is not None
                await first.proc.wait()
                fake.on_send = None
                left = by_status(db)
                run.left_sending = left["out/sending"]
                run.left_pending = left["out/pending"]
                run.left_received = left["in/received"]
                await second.start(session)
                try:
                    run.settle_seconds = round(await settle(db, second), 2)
                    await asyncio.sleep(args.journal_delay + 1.0)  # a late resend would show
                finally:
                    await second.stop()
            sent = list(fake.sent)
        run.acknowledged = sum(acked)
        count(run, db, posts, acked, sent)
        return run
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept {work}")


def count(
    run: Run, db: Path, posts: Sequence[Post], acked: list[bool], sent: list[SentMessage]
) -> None:
    inbound = {
        str(g): str(s)
        for g, s in rows(db, "SELECT gateway_id, status FROM messages WHERE direction = 'in'")
    }
    for post, ok in zip(posts, acked, strict=True):
        if not ok:
            continue
        id_message = json.loads(post.body)["idMessage"]
        status = inbound.get(id_message)
        if status != "processed":
            run.losses += 1
            run.problems.append(f"acknowledged {id_message} is {status or 'not stored'}")
    replies = rows(db, "SELECT id, status, gateway_id FROM messages WHERE direction = 'out'")
    run.replies = len(replies)
    accepted = Counter(m.id_message for m in sent)
    run.accepted = len(sent)
    recorded = set()
    for message_id, reply_status, gateway_id in replies:
        if reply_status not in ("sent", "delivered", "read") or gateway_id not in accepted:
            run.losses += 1
            run.problems.append(f"reply {message_id} is {reply_status}, gateway id {gateway_id}")
        recorded.add(gateway_id)
    run.duplicates = sum(n for id_message, n in accepted.items() if id_message not in recorded)
    run.duplicates += sum(n - 1 for n in accepted.values() if n > 1)
    if run.duplicates:
        run.problems.append(f"{run.duplicates} sends no reply row holds (sent twice)")


async def main_async(args: argparse.Namespace) -> list[Run]:
    hotels = make_hotels(args.hotels)
    template = Path(tempfile.mkdtemp(prefix="hotel-kill-template-"))
    try:
        async with FakeGreenAPI() as fake:
            env = server_env(f"sqlite://{template / 'bench.db'}", template, free_port(), fake.url)
            log(f"provisioning {args.hotels} hotels once (copied for every run)")
            await provision(env, hotels, fake.url)
        runs = []
        for seed in range(1, args.seeds + 1):
            for way in ("random", "accept"):
                run = await one_run(args, template, hotels, seed, way)
                log(
                    f"seed {seed} {way:6}: killed after {run.accepted_before_kill} accepted, "
                    f"left sending {run.left_sending}, pending {run.left_pending}, "
                    f"received {run.left_received}; duplicates {run.duplicates}, "
                    f"losses {run.losses}"
                )
                runs.append(run)
        return runs
    finally:
        shutil.rmtree(template, ignore_errors=True)


def report(runs: list[Run], args: argparse.Namespace) -> str:
    lines = [
        f"kill -9 mid-burst: {args.messages} messages, {args.hotels} hotels, gateway "
        f"{args.gateway_delay * 1000:.0f} ms per send, RECONCILE_JOURNAL_DELAY "
        f"{args.journal_delay:g} s",
        "seed way    killed-after acked replies accepted sending-at-kill dup lost settle-s",
    ]
    lines += [
        f"{r.seed:>4} {r.way:7} {r.accepted_before_kill:>12} {r.acknowledged:>5} "
        f"{r.replies:>7} {r.accepted:>8} {r.left_sending:>15} {r.duplicates:>3} "
        f"{r.losses:>4} {r.settle_seconds:>8}"
        for r in runs
    ]
    for way in ("random", "accept"):
        mine = [r for r in runs if r.way == way]
        lines.append(
            f"{way}: {len(mine)} runs, duplicates {sum(r.duplicates for r in mine)}, "
            f"losses {sum(r.losses for r in mine)}"
        )
    for r in runs:
        lines += [f"  seed {r.seed} {r.way}: {p}" for p in r.problems[:10]]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python bench/kill.py",
        description="kill -9 the server mid-burst and count duplicate and lost replies",
    )
    parser.add_argument("--messages", type=int, default=500, help="burst size (default 500)")
    parser.add_argument("--hotels", type=int, default=2, help="hotels/instances (default 2)")
    parser.add_argument("--seeds", type=int, default=5, help="seeds 1..N, each both ways")
    parser.add_argument(
        "--gateway-delay", type=float, default=0.05, help="seconds per send (default 0.05)"
    )
    parser.add_argument(
        "--journal-delay", type=float, default=2.0, help="RECONCILE_JOURNAL_DELAY (default 2)"
    )
    parser.add_argument("--keep", action="store_true", help="keep each run's folder")
    args = parser.parse_args(argv)
    if args.messages < 1 or args.hotels < 1 or args.seeds < 1:
        parser.error("--messages, --hotels and --seeds must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        runs = asyncio.run(main_async(args))
    except BenchError as exc:
        print(f"bench error: {exc}", file=sys.stderr)
        return 2
    print(report(runs, args))
    return 3 if any(r.duplicates or r.losses for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
