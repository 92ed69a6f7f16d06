"""End-to-end benchmark of the real server: `.venv/bin/python bench/run.py --help`.

Why this shape: the numbers that matter to a hotel group are what a real deployment does, so
the server under test is `python main.py` in its own process, provisioned with the real command
line, fed real Green API webhook bodies over loopback, and answering through the fake Green API
gateway (tests/fakes/greenapi.py), which records every reply it accepts. Nothing is imported
from the server's code at run time except the fake gateway; the benchmark sees the server only
through its HTTP interface, its exit code, /proc and (after it stopped) its database.

Measurements:
1. end-to-end throughput: post N messages as fast as the server takes them (bounded
   concurrency) and time from the first post until the gateway accepted the last reply;
2. webhook acknowledgement latency at a fixed offered rate (open loop);
3. peak resident memory of the server process (VmHWM, and RSS sampled during the run).
Then the server is stopped with SIGTERM and its database is checked: every posted message must
be stored and processed, and every reply the database holds must have reached the gateway.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import psutil
import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `python bench/run.py` puts bench/, not the repo, on the path
    sys.path.insert(0, str(REPO))

from bench.traffic import (  # noqa: E402 - needs the path above
    Hotel,
    Post,
    build_posts,
    guests_for,
    make_hotels,
)
from tests.fakes.greenapi import FakeGreenAPI  # noqa: E402
from tests.fakes.telegram import FakeTelegram  # noqa: E402

KNOWLEDGE = REPO / "bot" / "demo" / "knowledge.yaml"
TARGET_THROUGHPUT = 200.0  # messages/s end to end
TARGET_P99_MS = 50.0
TARGET_MEMORY_MB = 150.0
GATEWAY_LIMIT = 50  # sends/s per instance Green API tolerates
FLOOD_LIMIT = 8  # the server's default: messages per guest per 30 s
MAX_PER_GUEST = 6  # per phase, so no guest comes near FLOOD_LIMIT
WARMUP_PER_HOTEL = 3
CLI_TIMEOUT = 120.0  # one provisioning command; they take ~3 s each
SETTLE_QUIET = 1.0  # seconds without a new reply before asking the server if it is done
STALL_TIMEOUT = 30.0  # seconds without any new reply while some are missing: lost messages
# Settings fields the server reads from the environment; inherited values are dropped so a
# developer's shell (say OPENAI_API_KEY) cannot change what is measured.
SERVER_ENV_KEYS = (
    "DATABASE_URL DATA_DIR HOST PORT PUBLIC_URL TELEGRAM_BOT_TOKEN TELEGRAM_API_URL "
    "TELEGRAM_WEBHOOK_URL SUPER_ADMIN_IDS GREEN_API_URL GREEN_API_HOSTS OPENAI_API_KEY "
    "OPENAI_BASE_URL OPENAI_MODEL REDIS_URL SECRET_KEY MAX_BODY_BYTES FLOOD_MESSAGES "
    "FLOOD_WINDOW_SECONDS "
    "SEND_RATE_PER_INSTANCE OUTBOX_MAX_ATTEMPTS OUTBOX_BASE_DELAY GREENAPI_TIMEOUT "
    "POLLING_RECEIVE_TIMEOUT HANDOFF_RELEASE_HOURS LOG_LEVEL SEED_DEMO"
).split()


class BenchError(Exception):
    """Something that makes the numbers meaningless: exit non-zero with this message."""


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# --- results -------------------------------------------------------------------------------


@dataclass
class CpuUse:
    """Cores used during a phase (1.0 = one core busy all the time), per participant.

    `others` is everything else on the machine in that time (other people's test runs, say):
    when it is not near zero, the numbers were measured on a shared, busier machine.
    """

    server: float = 0.0
    bench: float = 0.0
    database: float | None = None
    others: float = 0.0


@dataclass
class Phase:
    name: str
    messages: int
    guests: int
    seconds_posting: float = 0.0
    seconds_to_last_reply: float = 0.0
    accepted: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    replies: int = 0
    reply_kinds: dict[str, int] = field(default_factory=dict)
    stray_replies: int = 0
    messages_per_second: float = 0.0
    replies_per_second: float = 0.0
    accept_per_second: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)
    max_schedule_lag_ms: float = 0.0
    offered_rate: float | None = None
    cpu: CpuUse = field(default_factory=CpuUse)
    server_rss_max_mb: float = 0.0


@dataclass
class Results:
    database: str
    hotels: int
    cores: int
    admin_bot: bool = False
    where: dict[str, str] = field(default_factory=dict)
    setup_seconds: float = 0.0
    server_start_seconds: float = 0.0
    phases: list[Phase] = field(default_factory=list)
    server_vmhwm_mb: float = 0.0
    server_rss_max_mb: float = 0.0
    server_rss_idle_mb: float = 0.0
    max_sends_per_second_per_instance: int = 0
    gateway_non_200: dict[str, int] = field(default_factory=dict)
    metrics_end: dict[str, float] = field(default_factory=dict)
    server_exit_code: int | None = None
    server_log_problems: list[str] = field(default_factory=list)
    store: dict[str, int] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)


# --- participants --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(db_url: str, data_dir: Path, port: int, gateway_url: str) -> dict[str, str]:
    """The user's environment minus anything the server would read, plus the bench settings."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in SERVER_ENV_KEYS}
    env.update(
        DATABASE_URL=db_url,
        DATA_DIR=str(data_dir),
        PORT=str(port),
        HOST="127.0.0.1",
        GREEN_API_URL=gateway_url,
        GREEN_API_HOSTS="http://127.0.0.1",  # the fake gateway
        SEED_DEMO="false",
        SECRET_KEY="bench",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


async def cli(env: dict[str, str], *args: str) -> str:
    """Run `python main.py ARGS` as a user would; its output, or BenchError when it fails."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "main.py",
        *args,
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(proc.communicate(), CLI_TIMEOUT)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise BenchError(
            f"`python main.py {' '.join(args)}` did not exit within {CLI_TIMEOUT:.0f}s "
            f"(py-spy dump --pid shows where a stuck one waits)"
        ) from None
    text = output.decode(errors="replace")
    if proc.returncode != 0:
        raise BenchError(f"`python main.py {' '.join(args)}` failed ({proc.returncode}):\n{text}")
    return text


async def provision(env: dict[str, str], hotels: list[Hotel], gateway_url: str) -> None:
    """Hotels and the demo knowledge through the real command line, one command at a time.

    One at a time, as a person would type them: concurrent commands on one SQLite file are not
    what is measured here (and once left a `hotel add` hanging at exit; see bench/README.md).
    """

    async def add(h: Hotel) -> None:
        await cli(
            env,
            "hotel",
            "add",
            "--name",
            f"Bench Hotel {h.number}",
            "--instance",
            str(h.instance_id),
            "--token",
            h.token,
            "--api-url",
            gateway_url,
            "--webhook-token",
            h.webhook_token,
            "--receive",
            "webhook",
        )

    for h in hotels:
        await add(h)
    listing = await cli(env, "hotel", "list")
    ids = {int(m[2]): int(m[1]) for m in re.finditer(r"#(\d+)\s.*?instance=(\d+)", listing)}
    missing = [h.instance_id for h in hotels if h.instance_id not in ids]
    if missing:
        raise BenchError(f"hotels missing from `hotel list`: {missing}\n{listing}")
    for h in hotels:
        await cli(env, "knowledge", "import", "--hotel", str(ids[h.instance_id]), str(KNOWLEDGE))


async def reset_postgres(url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1), timeout=5)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


class Server:
    """`python main.py` (serve) in its own process group, its log in a file."""

    def __init__(self, env: dict[str, str], port: int, log_path: Path) -> None:
        self.env = env
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def start(self, session: aiohttp.ClientSession, limit: float = 90.0) -> float:
        """Start and wait for GET /health to answer 200; returns how long that took."""
        started = time.monotonic()
        with self.log_path.open("wb") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "main.py",
                cwd=REPO,
                env=self.env,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            )
        while time.monotonic() - started < limit:
            if self.proc.returncode is not None:
                raise BenchError(
                    f"server exited with {self.proc.returncode} before it was healthy:\n"
                    + self.log_tail()
                )
            with contextlib.suppress(aiohttp.ClientError, OSError, TimeoutError):
                async with session.get(
                    self.url + "/health", timeout=aiohttp.ClientTimeout(total=2)
                ) as resp:
                    if resp.status == 200:
                        return time.monotonic() - started
            await asyncio.sleep(0.1)
        raise BenchError(f"server not healthy after {limit:.0f}s:\n" + self.log_tail())

    def vmhwm_mb(self) -> float:
        """Peak resident set size the kernel recorded for the process (VmHWM)."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        return int(match.group(1)) / 1024 if match else 0.0

    async def stop(self, limit: float = 30.0) -> int | None:
        """SIGTERM, as a process manager would, and the exit code (None if it had to be killed)."""
        if self.proc is None or self.proc.returncode is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.proc.wait(), limit)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            return None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def log_problems(self) -> list[str]:
        """WARNING and worse lines (LOG_LEVEL=WARNING: anything logged at all is notable)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return []
        return [line for line in text.splitlines() if line.strip()][:50]


class CpuMeter:
    """CPU seconds of the server, this process and (for PostgreSQL) the database's processes."""

    def __init__(self, server_pid: int, postgres: bool) -> None:
        self.server = psutil.Process(server_pid)
        self.bench = psutil.Process()
        self.postgres = postgres

    def _pg_seconds(self) -> float:
        total = 0.0
        for proc in psutil.process_iter(["name"]):
            if proc.info["name"] in ("postgres", "postmaster"):
                with contextlib.suppress(psutil.Error):
                    t = proc.cpu_times()
                    total += t.user + t.system
        return total

    def snapshot(self) -> tuple[float, float, float, float, float]:
        s, b = self.server.cpu_times(), self.bench.cpu_times()
        pg = self._pg_seconds() if self.postgres else 0.0
        machine = psutil.cpu_times()
        busy = machine.user + machine.system + machine.nice + machine.irq + machine.softirq
        return time.monotonic(), s.user + s.system, b.user + b.system, pg, busy

    def since(self, start: tuple[float, float, float, float, float]) -> CpuUse:
        now = self.snapshot()
        wall = max(1e-9, now[0] - start[0])
        server, bench, pg = (now[i] - start[i] for i in (1, 2, 3))
        others = (now[4] - start[4]) - server - bench - pg
        return CpuUse(
            server=round(server / wall, 2),
            bench=round(bench / wall, 2),
            database=round(pg / wall, 2) if self.postgres else None,
            others=round(max(0.0, others) / wall, 2),
        )


class RssSampler:
    """Samples the server's RSS every 100 ms; VmHWM is the authoritative peak, this the shape."""

    def __init__(self, pid: int) -> None:
        self.proc = psutil.Process(pid)
        self.max_mb = 0.0
        self.window_max_mb = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def sample(self) -> float:
        with contextlib.suppress(psutil.Error):
            mb: float = self.proc.memory_info().rss / 2**20
            self.max_mb = max(self.max_mb, mb)
            self.window_max_mb = max(self.window_max_mb, mb)
            return mb
        return 0.0

    def new_window(self) -> None:
        self.window_max_mb = 0.0

    async def _run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(0.1)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def find_py_spy(output: Path) -> str:
    """py-spy on PATH or next to this interpreter (the venv); makes the output's folder."""
    exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(exe).exists():
        raise BenchError("--profile needs py-spy: .venv/bin/pip install py-spy")
    output.parent.mkdir(parents=True, exist_ok=True)
    return exe


class Profiler:
    """py-spy attached to the server (non-blocking, so it does not pause what it measures)."""

    def __init__(self, proc: asyncio.subprocess.Process, path: Path) -> None:
        self.proc = proc
        self.path = path

    @classmethod
    async def start(cls, pid: int, path: Path) -> Profiler:
        exe = find_py_spy(path)
        proc = await asyncio.create_subprocess_exec(
            exe,
            "record",
            "--pid",
            str(pid),
            "--rate",
            "200",
            "--format",
            "raw",
            "--threads",
            "--idle",
            "--nonblocking",
            "--output",
            str(path),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        await asyncio.sleep(1.0)  # attach before the load starts
        if proc.returncode is not None:
            assert proc.stderr is not None
            raise BenchError(f"py-spy failed: {(await proc.stderr.read()).decode()}")
        return cls(proc, path)

    async def stop(self) -> dict[str, Any]:
        self.proc.send_signal(signal.SIGINT)
        await self.proc.wait()
        return summarise_profile(self.path)


# asyncio's loop waits in selectors; uvloop's waits inside the call that runs it.
_IDLE_LEAF = r"\w*Selector\.select \(selectors|run_app \(aiohttp/web\.py"


def summarise_profile(path: Path, top: int = 15) -> dict[str, Any]:
    """The event loop thread's busy share and its hottest functions (self and inclusive).

    py-spy's raw format is one `frame;frame;...;leaf count` line per distinct stack, the
    thread first (with --threads); idle samples (with --idle) end in the selector's poll.
    On uvloop the poll is C code py-spy does not see: a sample whose innermost Python frame is
    the loop's own run call counts as idle, and that includes uvloop's own work (socket reads
    and writes), so on uvloop the busy share is a lower bound.
    """
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    threads: Counter[str] = Counter()
    total = idle = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        threads[frames[0]] += count
        if "MainThread" not in frames[0]:
            continue
        total += count
        calls = frames[1:]
        if calls and re.match(_IDLE_LEAF, calls[-1]):
            idle += count
            continue
        own[calls[-1] if calls else "?"] += count
        for name in {re.sub(r":\d+\)$", ")", f) for f in calls}:
            inclusive[name] += count

    def share(counter: Counter[str]) -> list[tuple[str, float]]:
        return [(name, round(100 * n / max(total, 1), 1)) for name, n in counter.most_common(top)]

    return {
        "file": str(path),
        "main_thread_samples": total,
        "main_thread_busy_percent": round(100 * (total - idle) / max(total, 1), 1),
        "threads": dict(threads.most_common(5)),
        "self_percent": share(own),
        "inclusive_percent": share(inclusive),
    }


# --- driving load --------------------------------------------------------------------------


class Driver:
    """Posts webhooks with one shared ClientSession and watches the gateway for the replies."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        server: Server,
        fake: FakeGreenAPI,
        reply_kinds: dict[str, str],
    ) -> None:
        self.session = session
        self.server = server
        self.fake = fake
        self.webhook_url = server.url + "/webhooks/whatsapp"
        self.reply_kinds = reply_kinds

    async def post(self, post: Post) -> tuple[str, float]:
        """One webhook: its status (or the exception's name) and its response time in seconds."""
        headers = {
            "Authorization": f"Bearer {post.hotel.webhook_token}",
            "Content-Type": "application/json",
        }
        started = time.perf_counter()
        try:
            async with self.session.post(self.webhook_url, data=post.body, headers=headers) as r:
                await r.read()
                status = str(r.status)
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            status = type(exc).__name__
        return status, time.perf_counter() - started

    async def server_metrics(self) -> dict[str, float]:
        async with self.session.get(self.server.url + "/metrics") as resp:
            text = await resp.text()
        values: dict[str, float] = {}
        for line in text.splitlines():
            if line.startswith("hotelboost_"):
                name, _, value = line.rpartition(" ")
                with contextlib.suppress(ValueError):
                    values[name] = float(value)
        return values

    async def settle(self, start_index: int, expected_min: int) -> None:
        """Wait until the replies stop coming and the server says its queues are empty.

        Each message gets at least one reply (a guest's first gets a greeting too), so the
        count reaching the number of messages is necessary but not sufficient: after that,
        wait for a quiet second and ask /metrics whether anything is still pending.
        """
        count = -1
        last_progress = last_check = time.monotonic()
        while True:
            now = time.monotonic()
            current = len(self.fake.sent) - start_index
            if current != count:
                count, last_progress = current, now
            elif (
                count >= expected_min
                and now - last_progress >= SETTLE_QUIET
                and now - last_check >= SETTLE_QUIET
            ):
                last_check = now
                m = await self.server_metrics()
                if (
                    m.get("hotelboost_inbox_pending", 1) == 0
                    and m.get("hotelboost_outbox_pending", 1) == 0
                ):
                    return
            if now - last_progress > STALL_TIMEOUT:
                raise BenchError(
                    f"replies stalled at {count} for {expected_min}+ expected messages "
                    f"({STALL_TIMEOUT:.0f}s without progress): messages lost"
                )
            await asyncio.sleep(0.05)

    def kind_of(self, text: str) -> str:
        """The template a reply came from, by its fixed opening; "answer" for knowledge."""
        for prefix, kind in self.reply_kinds.items():
            if text.startswith(prefix):
                return kind
        return "answer"

    def tally_replies(self, phase: Phase, start_index: int, chats: set[str]) -> float:
        """Count this phase's replies by kind; returns the monotonic time of the last one."""
        kinds: Counter[str] = Counter()
        last = 0.0
        for message in self.fake.sent[start_index:]:
            if message.chat_id not in chats:
                phase.stray_replies += 1
                continue
            kinds[self.kind_of(message.message)] += 1
            last = max(last, message.at)
        phase.replies = sum(kinds.values())
        phase.reply_kinds = dict(kinds.most_common())
        return last

    async def closed_loop(self, phase: Phase, posts: Sequence[Post], concurrency: int) -> None:
        """As fast as the server accepts: `concurrency` requests in flight at any time."""
        statuses: Counter[str] = Counter()
        queue = iter(posts)

        async def worker() -> None:
            for post in queue:
                status, _ = await self.post(post)
                statuses[status] += 1

        start_index = len(self.fake.sent)
        t0 = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        phase.seconds_posting = time.monotonic() - t0
        await self._finish(phase, posts, statuses, start_index, t0)

    async def open_loop(self, phase: Phase, posts: Sequence[Post], rate: float) -> None:
        """Sends at fixed times whatever the responses do, so a slow server can't slow the load.

        Latency is each POST's own response time; the lag of the schedule (how late this
        process started a send) is reported separately to show the client kept up.
        """
        statuses: Counter[str] = Counter()
        latencies: list[float] = []
        loop = asyncio.get_running_loop()
        tasks: list[asyncio.Task[None]] = []
        lag = 0.0

        async def send(post: Post) -> None:
            status, seconds = await self.post(post)
            statuses[status] += 1
            if status == "200":
                latencies.append(seconds)

        start_index = len(self.fake.sent)
        t0 = time.monotonic()
        base = loop.time()
        for i, post in enumerate(posts):
            at = base + i / rate
            delay = at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            lag = max(lag, loop.time() - at)
            tasks.append(asyncio.create_task(send(post)))
        await asyncio.gather(*tasks)
        phase.seconds_posting = time.monotonic() - t0
        phase.max_schedule_lag_ms = round(lag * 1000, 1)
        phase.offered_rate = rate
        phase.latency_ms = percentiles(latencies)
        await self._finish(phase, posts, statuses, start_index, t0)

    async def _finish(
        self,
        phase: Phase,
        posts: Sequence[Post],
        statuses: Counter[str],
        start_index: int,
        t0: float,
    ) -> None:
        phase.statuses = dict(statuses.most_common())
        phase.accepted = statuses.get("200", 0)
        phase.accept_per_second = round(len(posts) / max(phase.seconds_posting, 1e-9), 1)
        await self.settle(start_index, phase.accepted)
        last = self.tally_replies(phase, start_index, {p.chat_id for p in posts})
        phase.seconds_to_last_reply = max(last - t0, phase.seconds_posting)
        phase.messages_per_second = round(phase.accepted / phase.seconds_to_last_reply, 1)
        phase.replies_per_second = round(phase.replies / phase.seconds_to_last_reply, 1)


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)] * 1000, 2)

    return {
        "p50": at(0.50),
        "p90": at(0.90),
        "p99": at(0.99),
        "max": round(ordered[-1] * 1000, 2),
        "mean": round(statistics.fmean(ordered) * 1000, 2),
        "count": len(ordered),
    }


def reply_kinds() -> dict[str, str]:
    """Template openings (the text before any placeholder) → a name for the reply mix."""
    kinds: dict[str, str] = {}
    for path in sorted((REPO / "locales").glob("*/messages.yaml")):
        templates = yaml.safe_load(path.read_text())["guest"]["templates"]
        for key, text in templates.items():
            prefix = str(text).split("{")[0]
            if len(prefix) >= 12:
                kinds[prefix] = key
    return kinds


# --- checking the store --------------------------------------------------------------------

COUNT_SQL = "SELECT direction, status, COUNT(*) FROM messages GROUP BY direction, status"


async def store_counts(db_url: str) -> dict[str, int]:
    """Message rows by direction/status, read after the server stopped (nothing competes)."""
    if db_url.startswith("sqlite://"):
        path = db_url.removeprefix("sqlite://").partition("?")[0]
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            rows = conn.execute(COUNT_SQL).fetchall()
    else:
        import asyncpg

        conn = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
        try:
            rows = [tuple(r) for r in await conn.fetch(COUNT_SQL)]
        finally:
            await conn.close()
    return {f"{d}/{s}": int(n) for d, s, n in rows}


def check_store(results: Results, posted_ok: int) -> None:
    """Every accepted message stored and processed; every stored reply sent and delivered."""
    store, lost = results.store, results.lost
    stored_in = sum(n for k, n in store.items() if k.startswith("in/"))
    processed = store.get("in/processed", 0)
    stored_out = sum(n for k, n in store.items() if k.startswith("out/"))
    sent = store.get("out/sent", 0)
    gateway = sum(p.replies + p.stray_replies for p in results.phases)
    if stored_in != posted_ok:
        lost.append(f"{posted_ok} messages accepted (200) but {stored_in} stored")
    if processed != stored_in:
        lost.append(f"{stored_in - processed} stored messages never processed")
    if sent != stored_out:
        lost.append(f"{stored_out - sent} replies not sent ({store})")
    if gateway != sent:
        kind = "duplicate sends" if gateway > sent else "missing at the gateway"
        lost.append(f"the gateway accepted {gateway} replies, the store says {sent} sent ({kind})")
    for p in results.phases:
        if p.replies < p.accepted:
            lost.append(f"{p.name}: {p.accepted} messages but only {p.replies} replies")


# --- report --------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(results: Results) -> str:
    by_name = {p.name: p for p in results.phases}
    tp, lat = by_name.get("throughput"), by_name.get("latency")
    rows: list[tuple[str, str, str, str]] = []
    if tp:
        rows.append(
            (
                "end-to-end throughput",
                f"{tp.messages_per_second:.0f} msg/s",
                f">= {TARGET_THROUGHPUT:.0f} msg/s",
                verdict(tp.messages_per_second >= TARGET_THROUGHPUT),
            )
        )
    if lat and lat.latency_ms:
        rows.append(
            (
                f"webhook ack p99 @ {lat.offered_rate:.0f}/s",
                f"{lat.latency_ms['p99']:.1f} ms",
                f"< {TARGET_P99_MS:.0f} ms",
                verdict(lat.latency_ms["p99"] < TARGET_P99_MS),
            )
        )
    rows.append(
        (
            "server peak memory (VmHWM)",
            f"{results.server_vmhwm_mb:.1f} MB",
            f"< {TARGET_MEMORY_MB:.0f} MB",
            verdict(results.server_vmhwm_mb < TARGET_MEMORY_MB),
        )
    )
    rows.append(
        (
            "max sends/s per instance",
            str(results.max_sends_per_second_per_instance),
            f"<= {GATEWAY_LIMIT}",
            verdict(results.max_sends_per_second_per_instance <= GATEWAY_LIMIT),
        )
    )
    non_200 = sum(n for p in results.phases for s, n in p.statuses.items() if s != "200")
    rows.append(("webhook non-200 responses", str(non_200), "0", verdict(non_200 == 0)))
    rows.append(
        ("lost/duplicated (problems)", str(len(results.lost)), "0", verdict(not results.lost))
    )
    outbox = results.metrics_end.get("hotelboost_outbox_pending")
    rows.append(
        (
            "outbox depth at end",
            f"{outbox:.0f}" if outbox is not None else "?",
            "0",
            verdict(outbox == 0),
        )
    )
    rows.append(
        (
            "server exit on SIGTERM",
            str(results.server_exit_code),
            "0",
            verdict(results.server_exit_code == 0),
        )
    )
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        "",
        f"hotel-boost benchmark: {results.database}, {results.hotels} hotels, "
        f"{results.cores} cores, admin bot {'on' if results.admin_bot else 'off'}",
        "",
        f"{'measure':<{width[0]}}  {'value':>{width[1]}}  {'target':<{width[2]}}  result",
        "-" * (sum(width) + 14),
    ]
    lines += [f"{a:<{width[0]}}  {b:>{width[1]}}  {c:<{width[2]}}  {d}" for a, b, c, d in rows]
    lines.append("")
    for p in results.phases:
        lines.append(f"[{p.name}] {p.messages} messages from {p.guests} guests")
        lines.append(
            f"  accepted {p.accepted} ({p.accept_per_second:.0f}/s posting, "
            f"{p.seconds_posting:.2f}s), statuses {p.statuses}"
        )
        lines.append(
            f"  replies delivered {p.replies} in {p.seconds_to_last_reply:.2f}s from first post: "
            f"{p.messages_per_second:.0f} msg/s, {p.replies_per_second:.0f} replies/s"
        )
        lines.append(
            f"  reply mix {p.reply_kinds}"
            + (f", {p.stray_replies} to other chats" if p.stray_replies else "")
        )
        if p.latency_ms:
            lm = p.latency_ms
            lines.append(
                f"  ack latency p50 {lm['p50']} / p90 {lm['p90']} / p99 {lm['p99']} / max "
                f"{lm['max']} ms ({lm['count']:.0f} requests, schedule lag max "
                f"{p.max_schedule_lag_ms} ms)"
            )
        db = f", database {p.cpu.database:.2f}" if p.cpu.database is not None else ""
        lines.append(
            f"  CPU cores used: server {p.cpu.server:.2f}, bench {p.cpu.bench:.2f}{db}, "
            f"everything else on the machine {p.cpu.others:.2f}; "
            f"server RSS max {p.server_rss_max_mb:.1f} MB"
        )
    lines.append("")
    lines.append(
        f"memory: VmHWM {results.server_vmhwm_mb:.1f} MB, sampled RSS max "
        f"{results.server_rss_max_mb:.1f} MB, idle after start {results.server_rss_idle_mb:.1f} MB"
    )
    lines.append(f"gateway non-200 answers: {results.gateway_non_200 or 'none'}")
    shown = {
        k.removeprefix("hotelboost_"): v
        for k, v in results.metrics_end.items()
        if "pending" in k or "messages_in" in k or "webhooks_total" in k
    }
    lines.append(f"/metrics at end: {shown}")
    lines.append(f"store after stop: {results.store}")
    lines.append(
        f"setup {results.setup_seconds:.1f}s, server healthy after "
        f"{results.server_start_seconds:.1f}s"
    )
    lines.append("where: " + "; ".join(f"{k}: {v}" for k, v in results.where.items()))
    if results.profile:
        prof = results.profile
        lines.append(
            f"profile ({prof['file']}): event loop thread busy "
            f"{prof['main_thread_busy_percent']}% of {prof['main_thread_samples']} samples"
        )
        lines.append("  hottest (self % of loop-thread samples):")
        lines += [f"    {pct:5.1f}%  {name}" for name, pct in prof["self_percent"]]
        lines.append("  hottest (inclusive %):")
        lines += [f"    {pct:5.1f}%  {name}" for name, pct in prof["inclusive_percent"]]
    if results.server_log_problems:
        lines.append(f"server logged {len(results.server_log_problems)} line(s) at WARNING+:")
        lines += [f"  {line}" for line in results.server_log_problems[:10]]
    for problem in results.lost:
        lines.append(f"LOST: {problem}")
    return "\n".join(lines)


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python bench/run.py",
        description=(
            "Benchmark the real server (python main.py) over loopback with the fake Green API: "
            "end-to-end throughput, webhook ack latency at a fixed rate, peak memory. Exit 0 "
            "even when a target is missed; non-zero when the run itself failed (server did not "
            "start or exit cleanly, messages lost)."
        ),
    )
    parser.add_argument(
        "--messages", type=int, default=3000, help="messages for the throughput run (default 3000)"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=64,
        help="webhook requests in flight during the throughput run (default 64)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=100.0,
        help="offered messages/s for the latency run (default 100)",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=20.0,
        help="seconds of the latency run (default 20; 0 skips it)",
    )
    parser.add_argument("--hotels", type=int, default=10, help="hotels/instances (default 10)")
    parser.add_argument(
        "--db",
        help="database URL for the server (default: SQLite in a temporary folder). A "
        "postgres:// URL is RESET first (DROP SCHEMA public CASCADE): use a scratch database.",
    )
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary folder (database, server log) and print it",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="sample the server with py-spy during the measured phases; writes collapsed "
        "stacks to this file and prints the hottest functions (pip install py-spy)",
    )
    parser.add_argument("--seed", type=int, default=1, help="traffic random seed (default 1)")
    parser.add_argument(
        "--admin-bot",
        action="store_true",
        help="run the server with its Telegram admin bot on, polling a fake Bot API "
        "(as a hotel deploys it; aiogram adds its own memory)",
    )
    args = parser.parse_args(argv)
    if args.messages < 1 or args.concurrency < 1 or args.hotels < 1 or args.rate <= 0:
        parser.error("--messages, --concurrency, --hotels and --rate must be positive")
    if args.db and not args.db.startswith(("postgres://", "sqlite://")):
        parser.error("--db must be a postgres:// or sqlite:// URL")
    return args


async def run(args: argparse.Namespace, tmp: Path) -> Results:
    hotels = make_hotels(args.hotels)
    db_url: str = args.db or f"sqlite://{tmp / 'bench.db'}"
    postgres = db_url.startswith("postgres://")
    results = Results(
        database="PostgreSQL" if postgres else "SQLite",
        hotels=args.hotels,
        cores=os.cpu_count() or 0,
        admin_bot=args.admin_bot,
    )
    async with FakeGreenAPI() as fake, contextlib.AsyncExitStack() as stack:
        for h in hotels:
            fake.add_instance(h.instance_id, h.token, wid=h.wid)
        port = free_port()
        env = server_env(db_url, tmp, port, fake.url)
        if args.admin_bot:
            telegram = await stack.enter_async_context(FakeTelegram())
            env.update(TELEGRAM_BOT_TOKEN=telegram.token, TELEGRAM_API_URL=telegram.url)
        if (REPO / ".env").exists():
            log("warning: a .env file in the repo root also configures the server")
        t = time.monotonic()
        if postgres:
            log("resetting the PostgreSQL schema")
            await reset_postgres(db_url)
        log(f"provisioning {args.hotels} hotels and their knowledge with the command line")
        await provision(env, hotels, fake.url)
        results.setup_seconds = round(time.monotonic() - t, 1)

        server = Server(env, port, tmp / "server.log")
        connector = aiohttp.TCPConnector(limit=0)  # the open loop must never queue client-side
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            try:
                results.server_start_seconds = round(await server.start(session), 1)
                results.where = {
                    "server": f"`python main.py` pid {server.pid}",
                    "bench": f"load generator + fake Green API in pid {os.getpid()}",
                    "database": "PostgreSQL server processes (same machine)"
                    if postgres
                    else "SQLite inside the server process (aiosqlite thread)",
                }
                log(f"server healthy on {server.url} (pid {server.pid})")
                await drive(args, results, server, fake, session, hotels, postgres)
                results.metrics_end = await Driver(session, server, fake, {}).server_metrics()
                results.server_vmhwm_mb = round(server.vmhwm_mb(), 1)
            finally:
                results.server_exit_code = await server.stop()
        results.server_log_problems = server.log_problems()
        results.max_sends_per_second_per_instance = max(
            fake.max_sends_per_second(h.instance_id) for h in hotels
        )
        results.gateway_non_200 = dict(
            Counter(f"{c.method} {c.status}" for c in fake.calls if c.status != 200)
        )
    results.store = await store_counts(db_url)
    posted_ok = sum(p.accepted for p in results.phases)
    check_store(results, posted_ok)
    return results


async def drive(
    args: argparse.Namespace,
    results: Results,
    server: Server,
    fake: FakeGreenAPI,
    session: aiohttp.ClientSession,
    hotels: list[Hotel],
    postgres: bool,
) -> None:
    driver = Driver(session, server, fake, reply_kinds())
    rss = RssSampler(server.pid)
    cpu = CpuMeter(server.pid, postgres)
    rss.start()
    try:
        await asyncio.sleep(0.5)
        results.server_rss_idle_mb = round(rss.sample(), 1)

        # Warm-up: every hotel's knowledge index is built on its first message; a running
        # server has that already, so it stays out of the measured phases.
        warm = build_posts(
            hotels,
            WARMUP_PER_HOTEL * len(hotels),
            guests=len(hotels) * 3,
            chat_base=79000000000,
            seed=args.seed,
        )
        phase = Phase("warm-up", len(warm), len(hotels) * 3)
        log(f"warm-up: {len(warm)} messages")
        await driver.closed_loop(phase, warm, min(args.concurrency, 8))
        results.phases.append(phase)

        profiler = await Profiler.start(server.pid, args.profile) if args.profile else None
        guests = guests_for(args.messages, MAX_PER_GUEST)
        posts = build_posts(
            hotels, args.messages, guests=guests, chat_base=79100000000, seed=args.seed + 1
        )
        phase = Phase("throughput", len(posts), guests)
        log(f"throughput: {len(posts)} messages, {args.concurrency} in flight")
        rss.new_window()
        start = cpu.snapshot()
        await driver.closed_loop(phase, posts, args.concurrency)
        phase.cpu = cpu.since(start)
        phase.server_rss_max_mb = round(rss.window_max_mb, 1)
        results.phases.append(phase)
        log(f"throughput: {phase.messages_per_second:.0f} msg/s")

        count = int(args.rate * args.duration)
        if count > 0:
            guests = guests_for(count, MAX_PER_GUEST)
            posts = build_posts(
                hotels, count, guests=guests, chat_base=79200000000, seed=args.seed + 2
            )
            phase = Phase("latency", len(posts), guests)
            log(f"latency: {count} messages at {args.rate:.0f}/s (open loop)")
            rss.new_window()
            start = cpu.snapshot()
            await driver.open_loop(phase, posts, args.rate)
            phase.cpu = cpu.since(start)
            phase.server_rss_max_mb = round(rss.window_max_mb, 1)
            results.phases.append(phase)
            log(f"latency: p99 {phase.latency_ms.get('p99')} ms")
        rss.sample()
        results.server_rss_max_mb = round(rss.max_mb, 1)
        if profiler is not None:
            results.profile = await profiler.stop()
    finally:
        await rss.stop()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="hotel-bench-"))
    try:
        results = asyncio.run(run(args, tmp))
    except BenchError as exc:
        print(f"bench error: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(report(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(asdict(results), indent=2, ensure_ascii=False) + "\n")
    if results.lost:
        print("bench error: messages were lost or sent twice (see LOST lines)", file=sys.stderr)
        return 3
    if results.server_exit_code != 0:
        print("bench error: the server did not exit cleanly on SIGTERM", file=sys.stderr)
        return 4
    return 0


if __name__ == "__main__":
    sys.exit(main())
