"""The command line, run as a user runs it: `python main.py ...` in a child process.

Commands, flags, exit codes and the gist of their output are a stable interface (scripts and the
docs rely on them), so these tests drive the real entry point with a controlled environment
(no inherited variables, no `.env`: the child runs in the test's temporary folder) and check the
database it leaves behind. Each child pays the interpreter and import start-up (~2-3 s), so
independent invocations run concurrently.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sqlite3
import sys
import time
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from bot.store import db
from bot.store.crypto import TokenCipher
from bot.store.hotels import create_hotel
from tests.conftest import SECRET_KEY, pg_connect
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, FakeGreenAPI

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "main.py"
KNOWLEDGE = Path(__file__).parent / "fixtures" / "knowledge"
DEMO_KNOWLEDGE = ROOT / "bot" / "demo" / "knowledge.yaml"
LOCALES = ROOT / "locales"
RUN_TIMEOUT = 120.0  # a failure detector only: a loaded CI box can be slow to start Python
OTHER_INSTANCE_ID = DEFAULT_INSTANCE_ID + 1
PUBLIC_URL = "https://hotel.example"


@dataclass(frozen=True)
class Run:
    """One finished command: what a user would see."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:
        return (
            f"`python main.py {' '.join(self.args)}` exited {self.code}\n"
            f"--- stdout ---\n{self.stdout}--- stderr ---\n{self.stderr}"
        )


@dataclass(frozen=True)
class Cli:
    """Runs `python main.py` with the test's environment, in the test's temporary folder."""

    env: Mapping[str, str]
    cwd: Path

    def environ(self, **extra: str) -> dict[str, str]:
        return {**self.env, **extra}

    async def run(self, *args: str, stdin: str | None = None, **extra_env: str) -> Run:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(MAIN),
            *args,
            cwd=self.cwd,
            env=self.environ(**extra_env),
            stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            out, err = await asyncio.wait_for(
                proc.communicate(stdin.encode() if stdin is not None else None), RUN_TIMEOUT
            )
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        assert proc.returncode is not None
        return Run(args, proc.returncode, out.decode(), err.decode())


@pytest.fixture
def cli(db_url: str, tmp_path: Path) -> Cli:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "en_US.UTF-8",
        "DATABASE_URL": db_url,
        "DATA_DIR": str(tmp_path),
        "SECRET_KEY": SECRET_KEY,
        # Nothing here may reach the real gateway; tests that involve one point this at the fake.
        "GREEN_API_URL": "http://127.0.0.1:9",
        "GREEN_API_HOSTS": "http://127.0.0.1",
    }
    if "PYTHONDONTWRITEBYTECODE" in os.environ:  # the developer's choice, not configuration
        env["PYTHONDONTWRITEBYTECODE"] = os.environ["PYTHONDONTWRITEBYTECODE"]
    return Cli(env=env, cwd=tmp_path)


async def query(db_url: str, sql: str) -> list[tuple[Any, ...]]:
    """Read what the command left in the database, without the app's code."""
    if db_url.startswith("sqlite://"):
        path = db_url.removeprefix("sqlite://").partition("?")[0]
        with closing(sqlite3.connect(path)) as conn:
            return [tuple(row) for row in conn.execute(sql).fetchall()]
    conn = await pg_connect(db_url)
    try:
        return [tuple(row) for row in await conn.fetch(sql)]
    finally:
        await conn.close()


def locale(lang: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((LOCALES / lang / "messages.yaml").read_text("utf-8"))
    return data


def hotel_lines(run: Run) -> dict[int, str]:
    """`hotel list` output: one line per hotel, starting with `#ID`."""
    return {int(m[1]): m[2] for m in re.finditer(r"^#(\d+)\s+(.*)$", run.stdout, re.MULTILINE)}


def added_hotel(run: Run) -> tuple[int, str | None, str]:
    """The id, webhook URL (None for a polled hotel) and webhook token `hotel add` printed."""
    assert run.code == 0, str(run)
    hotel_id = re.search(r"Hotel #(\d+) ", run.stdout)
    url = re.search(r"^Webhook URL: (\S+)$", run.stdout, re.MULTILINE)
    token = re.search(r"^Webhook token \(.*\): (\S+)$", run.stdout, re.MULTILINE)
    assert hotel_id and token, str(run)
    return int(hotel_id[1]), url[1] if url else None, token[1]


# --- migrate -------------------------------------------------------------------------------------


@pytest.mark.empty_db
async def test_migrate_creates_the_schema_and_is_idempotent(cli: Cli, db_url: str) -> None:
    first = await cli.run("migrate")
    assert first.code == 0, str(first)
    assert "Database schema is up to date" in first.stdout, str(first)

    # Upgrading in place a second time changes nothing; and the output follows the shell's LANG.
    second = await cli.run("migrate", LANG="ru_RU.UTF-8")
    assert second.code == 0, str(second)
    assert "Схема базы данных актуальна" in second.stdout, str(second)
    assert "Traceback" not in second.output, str(second)

    assert await query(db_url, "SELECT COUNT(*) FROM hotels") == [(0,)]
    assert await query(db_url, "SELECT COUNT(*) FROM knowledge_entries") == [(0,)]


# --- hotel add / hotel list ----------------------------------------------------------------------


def hotel_add(name: str, instance: str, api_url: str, *extra: str) -> list[str]:
    return [
        "hotel",
        "add",
        "--name",
        name,
        "--instance",
        instance,
        "--token",
        DEFAULT_TOKEN,
        "--api-url",
        api_url,
        *extra,
    ]


async def test_hotel_add_list_and_refusals(
    cli: Cli, db_url: str, fake_green: FakeGreenAPI
) -> None:
    empty = await cli.run("hotel", "list")
    assert empty.code == 0, str(empty)
    assert "No hotels yet" in empty.stdout, str(empty)
    assert hotel_lines(empty) == {}

    # With PUBLIC_URL the hotel receives by webhook at a complete URL; without, it is polled.
    details = ("--timezone", "Europe/Lisbon", "--languages", "en,ru", "--hours", "08:00-22:00")
    public, polled = await asyncio.gather(
        cli.run(
            *hotel_add("Public Hotel", str(DEFAULT_INSTANCE_ID), fake_green.url, *details),
            PUBLIC_URL=PUBLIC_URL,
        ),
        cli.run(*hotel_add("Polled Hotel", str(OTHER_INSTANCE_ID), fake_green.url, *details)),
    )
    public_id, public_url, public_webhook_token = added_hotel(public)
    polled_id, _, polled_webhook_token = added_hotel(polled)
    assert public_id != polled_id
    assert public_url == f"{PUBLIC_URL}/webhooks/whatsapp"
    assert "receiving by webhook" in public.stdout, str(public)
    assert "receiving by polling" in polled.stdout, str(polled)
    assert "leave the webhook URL empty" in polled.stdout, str(polled)
    assert "Webhook URL" not in polled.stdout, str(polled)  # polled: no URL to paste
    assert "Set PUBLIC_URL" not in public.stdout, str(public)
    assert len(public_webhook_token) >= 16 and len(polled_webhook_token) >= 16
    assert public_webhook_token != polled_webhook_token

    # The listing, and bad input refused (exit 2, a clear message) beside it.
    refusals = {
        "already belongs to a hotel": hotel_add(
            "Twin Hotel", str(DEFAULT_INSTANCE_ID), fake_green.url
        ),
        "hours must look like 08:00-22:00": hotel_add(
            "Hours Hotel", "1101000011", fake_green.url, "--hours", "8-22"
        ),
        "unknown timezone 'Mars/Olympus'": hotel_add(
            "Zone Hotel", "1101000012", fake_green.url, "--timezone", "Mars/Olympus"
        ),
        "languages are two-letter ISO 639-1 codes separated by commas, e.g. en, de, ja;"
        " not a code: xx": hotel_add(
            "Lang Hotel", "1101000013", fake_green.url, "--languages", "en,xx"
        ),
        "this URL is not allowed": hotel_add("Far Hotel", "1101000014", "https://evil.example"),
        "the URL must look like": hotel_add("Odd Hotel", "1101000015", "https://[::1"),
        "the instance id must be a positive number": hotel_add(
            "Big Hotel", "1" * 38, fake_green.url
        ),
        "invalid int value: 'abc'": hotel_add("Number Hotel", "abc", fake_green.url),
    }
    listed, *refused = await asyncio.gather(
        cli.run("hotel", "list"), *(cli.run(*args) for args in refusals.values())
    )
    assert listed.code == 0, str(listed)
    lines = hotel_lines(listed)
    assert set(lines) == {public_id, polled_id}, str(listed)
    assert lines[public_id].startswith("Public Hotel "), str(listed)
    assert (
        f"instance={DEFAULT_INSTANCE_ID}  webhook  Europe/Lisbon 08:00-22:00" in lines[public_id]
    )
    assert f"instance={OTHER_INSTANCE_ID}  polling  Europe/Lisbon 08:00-22:00" in lines[polled_id]
    assert "langs=en,ru" in lines[polled_id]

    for expected, run in zip(refusals, refused, strict=True):
        assert run.code == 2, str(run)
        assert expected in run.output, str(run)
        assert "Traceback" not in run.output, str(run)
    for run in refused[:-1]:  # ours start with "Error:"; argparse's come with the usage line
        assert "Error: " in run.output, str(run)
    assert "usage: python main.py hotel add" in refused[-1].stderr, str(refused[-1])
    hotels = await query(db_url, "SELECT id, name FROM hotels ORDER BY id")
    assert hotels == sorted([(public_id, "Public Hotel"), (polled_id, "Polled Hotel")])

    # The gateway token is a secret: never printed (listing included), never stored in clear.
    for run in (empty, public, polled, listed, *refused):
        assert DEFAULT_TOKEN not in run.output, str(run)
    stored = await query(db_url, "SELECT token_encrypted, webhook_token_encrypted FROM hotels")
    for token_encrypted, webhook_token_encrypted in stored:
        assert token_encrypted and DEFAULT_TOKEN not in token_encrypted
        assert webhook_token_encrypted
        for webhook_token in (public_webhook_token, polled_webhook_token):
            assert webhook_token not in webhook_token_encrypted


# --- knowledge import ----------------------------------------------------------------------------


async def knowledge(db_url: str) -> dict[str, dict[str, str]]:
    rows = await query(db_url, "SELECT topic, answer FROM knowledge_entries")
    return {
        topic: json.loads(answer) if isinstance(answer, str) else answer for topic, answer in rows
    }


async def provision_hotel(db_url: str, api_url: str) -> int:
    """The hotel to import into, made in-process: `hotel add` has its own test."""
    await db.init_db(db_url)
    try:
        hotel, _ = await create_hotel(
            TokenCipher(SECRET_KEY),
            name="Knowledge Hotel",
            instance_id=DEFAULT_INSTANCE_ID,
            token=DEFAULT_TOKEN,
            api_url=api_url,
        )
        return hotel.id
    finally:
        await db.close_db()


async def test_knowledge_import(
    cli: Cli, db_url: str, tmp_path: Path, fake_green: FakeGreenAPI
) -> None:
    hotel_id = await provision_hotel(db_url, fake_green.url)

    def import_(path: Path, hotel: int = hotel_id) -> list[str]:
        return ["knowledge", "import", "--hotel", str(hotel), str(path)]

    # A good YAML file, and refused files beside it: each names what is wrong, exits 2.
    refusals = {
        "entry 2 (cli_bad_second): answer": import_(KNOWLEDGE / "bad_missing_answer.yaml"),
        "entry 2 (cli_bad_json_second): questions.en": import_(
            KNOWLEDGE / "bad_questions_not_list.json"
        ),
        "invalid.yaml is not valid YAML or JSON": import_(KNOWLEDGE / "invalid.yaml"),
        "there is no hotel #999": import_(KNOWLEDGE / "good.yaml", hotel=999),
        "cannot read": import_(tmp_path / "missing.yaml"),
    }
    from_yaml, *refused = await asyncio.gather(
        cli.run(*import_(KNOWLEDGE / "good.yaml")),
        *(cli.run(*args) for args in refusals.values()),
    )
    assert from_yaml.code == 0, str(from_yaml)
    assert f"Imported 2 entries into hotel #{hotel_id} (0 replaced)" in from_yaml.stdout, str(
        from_yaml
    )
    for expected, run in zip(refusals, refused, strict=True):
        assert run.code == 2, str(run)
        assert "Error: " in run.output and expected in run.output, str(run)
        assert "Traceback" not in run.output, str(run)
    assert "missing.yaml: No such file or directory" in refused[-1].output, str(refused[-1])
    # The refusal is said in the shell's language.
    russian = await cli.run(*import_(KNOWLEDGE / "bad_missing_answer.yaml"), LANG="ru_RU.UTF-8")
    assert russian.code == 2, str(russian)
    assert "Ошибка: запись 2 (cli_bad_second): answer" in russian.output, str(russian)

    # Exactly the YAML file's entries: not one entry of a refused file (entry 1 was valid).
    after_yaml = await knowledge(db_url)
    assert set(after_yaml) == {"cli_parking", "cli_pool"}, after_yaml
    assert after_yaml["cli_pool"] == {"en": "The rooftop pool is open 8:00-20:00."}
    assert after_yaml["cli_parking"]["ru"] == "Гараж под отелем, 18 EUR в сутки."

    # The JSON file shares a topic with the YAML one: that entry is replaced, the other added.
    from_json = await cli.run(*import_(KNOWLEDGE / "good.json"))
    assert from_json.code == 0, str(from_json)
    assert f"Imported 2 entries into hotel #{hotel_id} (1 replaced)" in from_json.stdout, str(
        from_json
    )
    after_json = await knowledge(db_url)
    assert set(after_json) == {"cli_parking", "cli_pool", "cli_spa"}, after_json
    assert after_json["cli_pool"] == {"en": "The rooftop pool is open 7:00-21:00 (summer hours)."}
    assert after_json["cli_spa"]["ru"] == "Спа на этаже -1."


# --- chat ----------------------------------------------------------------------------------------


async def test_chat_seeds_the_demo_hotel_and_answers(cli: Cli, db_url: str) -> None:
    lines = ["hello", "what time is breakfast?", "Можно еще полотенца в номер?", "/quit"]
    chat = await cli.run("chat", stdin="\n".join(lines) + "\n")
    assert chat.code == 0, str(chat)
    assert "Traceback" not in chat.output, str(chat)

    en, ru = locale("en"), locale("ru")
    demo: dict[str, Any] = yaml.safe_load(DEMO_KNOWLEDGE.read_text("utf-8"))
    breakfast = next(e for e in demo["entries"] if e["topic"] == "breakfast")["answer"]["en"]
    greeting = en["guest"]["templates"]["greeting"].format(hotel="Hotel Aurora (demo)")
    towels = (
        ru["guest"]["templates"]["request_received"]
        .replace("{request}", ru["guest"]["requests"]["towels"])
        .split("#{number}")[0]
    )
    assert 'You are chatting with "Hotel Aurora (demo)"' in chat.stdout, str(chat)
    assert f"bot> {greeting}" in chat.stdout, str(chat)
    assert f"bot> {breakfast}" in chat.stdout, str(chat)
    assert re.search(re.escape(f"bot> {towels}") + r"#\d+", chat.stdout), str(chat)

    assert await query(db_url, "SELECT name, instance_id FROM hotels") == [
        ("Hotel Aurora (demo)", 1)
    ]
    stored = await query(db_url, "SELECT COUNT(*) FROM knowledge_entries")
    assert stored == [(len(demo["entries"]),)]

    unknown = await cli.run("chat", "--hotel", "999", stdin="hello\n")
    assert unknown.code == 2, str(unknown)
    assert "Error: there is no hotel #999" in unknown.output, str(unknown)
    assert "Traceback" not in unknown.output, str(unknown)


# --- serve ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """`python main.py` (serve) in a child process; its output collected as it comes."""

    proc: asyncio.subprocess.Process
    port: int
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    pumps: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def log(self) -> str:
        return "".join(self.stderr)

    def __str__(self) -> str:
        return f"--- stdout ---\n{''.join(self.stdout)}--- stderr ---\n{self.log}"

    @classmethod
    async def start(cls, cli: Cli, **extra_env: str) -> Server:
        port = free_port()
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(MAIN),
            cwd=cli.cwd,
            env=cli.environ(HOST="127.0.0.1", PORT=str(port), **extra_env),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        server = cls(proc, port)
        assert proc.stdout is not None and proc.stderr is not None
        server.pumps = [
            asyncio.create_task(_pump(proc.stdout, server.stdout)),
            asyncio.create_task(_pump(proc.stderr, server.stderr)),
        ]
        return server

    async def health(self, within: float = 60.0) -> dict[str, Any]:
        """Poll GET /health until it answers 200."""
        url = f"http://127.0.0.1:{self.port}/health"
        deadline = time.monotonic() + within
        async with aiohttp.ClientSession() as session:
            while True:
                assert self.proc.returncode is None, f"the server exited early\n{self}"
                try:
                    async with session.get(url) as resp:
                        if resp.status == 200:
                            body: dict[str, Any] = await resp.json()
                            return body
                except aiohttp.ClientConnectionError:
                    pass
                assert time.monotonic() < deadline, f"no healthy answer in {within} s\n{self}"
                await asyncio.sleep(0.2)

    async def stop(self, sig: signal.Signals, within: float = 10.0) -> int:
        """Send `sig` and wait for the exit; kills it (and fails) if it does not stop in time."""
        self.proc.send_signal(sig)
        try:
            code = await asyncio.wait_for(self.proc.wait(), within)
        except TimeoutError:
            pytest.fail(f"no exit within {within} s of {sig.name}\n{self}")
        await self.close()
        return code

    async def close(self) -> None:
        """Idempotent: kills the process if it still runs, then collects the rest of its output."""
        if self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()
        await asyncio.gather(*self.pumps)


async def _pump(stream: asyncio.StreamReader, sink: list[str]) -> None:
    while line := await stream.readline():
        sink.append(line.decode(errors="replace"))


@pytest.mark.empty_db  # as on a fresh machine: the server makes its schema at start
async def test_serve_health_and_graceful_shutdown(
    cli: Cli, db_url: str, fake_green: FakeGreenAPI
) -> None:
    server = await Server.start(cli, GREEN_API_URL=fake_green.url)
    try:
        body = await server.health()
        code = await server.stop(signal.SIGTERM)
    finally:
        await server.close()
    assert body["status"] == "ok", body
    assert body["components"]["database"]["ok"] is True, body
    assert body["components"]["telegram"]["configured"] is False, body
    assert body["components"]["ai"]["configured"] is False, body
    assert code == 0, str(server)
    assert "Traceback" not in server.log, str(server)
    assert len(re.findall(r"admin bot is off", server.log)) == 1, str(server)
    assert re.search(r"created the demo hotel #\d+", server.log), str(server)
    assert await query(db_url, "SELECT name, instance_id FROM hotels") == [
        ("Hotel Aurora (demo)", 1)
    ]

    # A second start on the same database: no second demo hotel; Ctrl-C stops it cleanly too.
    again = await Server.start(cli, GREEN_API_URL=fake_green.url)
    try:
        assert (await again.health())["status"] == "ok"
        code = await again.stop(signal.SIGINT)
    finally:
        await again.close()
    assert code == 0, str(again)
    assert "Traceback" not in again.log, str(again)
    assert "created the demo hotel" not in again.log, str(again)
    assert await query(db_url, "SELECT COUNT(*) FROM hotels") == [(1,)]
