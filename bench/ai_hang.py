"""A hanging model must slow nobody else: `.venv/bin/python bench/ai_hang.py --help`.

The real server (`python main.py`, provisioned by the real command line, fed real webhook
bodies, answering through the fake Green API) runs twice with the same open-loop traffic:
knowledge questions from guests of hotels 2..N, and questions the knowledge does not answer
from guests of hotel 1.

1. **baseline**: no model configured (hotel 1's guests get the fallback at once);
2. **hang**: the model configured and pointed at the fake OpenAI server, which hangs
   (`--hang` seconds) for every request from hotel 1 and answers the others at once; the
   breaker is kept closed (`AI_BREAKER_FAILURES` huge) so the model keeps being asked, the
   worst case for everyone else.

Measured per phase: reply latency of the knowledge guests, from the POST until the gateway
accepted the guest's last reply (greeting and answer), p50/p95/p99; and for hotel 1's guests in
the hang phase, the time to their fallback (the deadline). Target: the knowledge guests' p99
in the hang phase within 20% of the baseline's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.run import (  # noqa: E402 - needs the path above
    BenchError,
    Server,
    free_port,
    log,
    percentiles,
    provision,
    server_env,
)
from bench.traffic import EN_QUESTIONS, FIXTURE, Hotel, make_hotels, text_body  # noqa: E402
from tests.fakes.greenapi import FakeGreenAPI  # noqa: E402
from tests.fakes.openai import FakeOpenAI  # noqa: E402

UNANSWERED = (
    "Is there a casino somewhere in the building?",
    "Do you have a bowling alley nearby?",
    "Can I rent a yacht from the hotel?",
)
TARGET_RATIO = 1.2  # hang p99 / baseline p99


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hotels", type=int, default=4, help="hotels (1 hangs), default 4")
    p.add_argument("--rate", type=float, default=20.0, help="knowledge questions/s, 20")
    p.add_argument("--hung-rate", type=float, default=10.0, help="hotel 1 questions/s, 10")
    p.add_argument("--duration", type=float, default=20.0, help="seconds per phase, 20")
    p.add_argument("--deadline", type=float, default=8.0, help="AI_DEADLINE_SECONDS, 8")
    p.add_argument("--hang", type=float, default=30.0, help="the model's hang, 30 s")
    p.add_argument("--json", type=Path, help="write the results here")
    return p.parse_args(argv)


async def phase(
    name: str,
    server: Server,
    session: aiohttp.ClientSession,
    gateway: FakeGreenAPI,
    hotels: list[Hotel],
    args: argparse.Namespace,
    chat_base: int,
) -> dict[str, Any]:
    """Open loop: every post at its scheduled time, whatever the earlier ones did."""
    template: dict[str, Any] = json.loads(FIXTURE.read_text())
    plan: list[tuple[float, Hotel, str, str, bool]] = []
    knowledge_hotels = hotels[1:]
    for i in range(int(args.rate * args.duration)):
        hotel = knowledge_hotels[i % len(knowledge_hotels)]
        text = EN_QUESTIONS[i % len(EN_QUESTIONS)]
        plan.append((i / args.rate, hotel, f"{chat_base + i}@c.us", text, False))
    for i in range(int(args.hung_rate * args.duration)):
        chat = f"{chat_base + 500_000 + i}@c.us"
        plan.append((i / args.hung_rate, hotels[0], chat, UNANSWERED[i % 3], True))
    plan.sort(key=lambda p: p[0])
    posted: dict[str, tuple[float, bool]] = {}

    async def post(
        at: float, start: float, hotel: Hotel, chat: str, text: str, hung: bool
    ) -> None:
        await asyncio.sleep(max(0.0, start + at - time.monotonic()))
        body = text_body(template, hotel, chat, "Guest", text)
        headers = {"Authorization": f"Bearer {hotel.webhook_token}"}
        posted[chat] = (time.monotonic(), hung)
        async with session.post(
            server.url + "/webhooks/whatsapp", data=body, headers=headers
        ) as r:
            if r.status != 200:
                raise BenchError(f"webhook answered {r.status}")

    # Warm-up, as bench/run.py does: each hotel's knowledge index is built before the clock.
    warm = [f"{chat_base + 900_000 + h.number}@c.us" for h in hotels]
    now, before = time.monotonic(), len(gateway.sent)
    pairs = zip(hotels, warm, strict=True)
    await asyncio.gather(*(post(0.0, now, h, c, EN_QUESTIONS[1], False) for h, c in pairs))
    # One reply each is enough: the indexes are built. (A first message whose first try failed,
    # on a stemmer race while indexes build, loses its greeting: not what is measured here.)
    await gateway.wait_for_sent(before + len(warm), timeout=30.0)
    await asyncio.sleep(1.0)
    for chat in warm:
        posted.pop(chat)
    start = time.monotonic() + 0.5
    log(f"{name}: {len(plan)} guests over {args.duration:.0f}s")
    await asyncio.gather(*(post(at, start, h, c, t, hung) for at, h, c, t, hung in plan))
    limit = time.monotonic() + args.deadline + 30
    while any(len(gateway.sent_to(chat)) < 2 for chat in posted):
        if time.monotonic() > limit:
            missing = [
                (chat, "hotel 1" if hung else "knowledge", len(gateway.sent_to(chat)))
                for chat, (_, hung) in posted.items()
                if len(gateway.sent_to(chat)) < 2
            ]
            raise BenchError(
                f"{name}: {len(missing)} guests without their two replies: {missing[:5]}; "
                f"server log: {server.log_path}"
            )
        await asyncio.sleep(0.05)
    knowledge = [
        max(m.at for m in gateway.sent_to(chat)[:2]) - t
        for chat, (t, hung) in posted.items()
        if not hung
    ]
    hung_waits = [
        max(m.at for m in gateway.sent_to(chat)[:2]) - t
        for chat, (t, hung) in posted.items()
        if hung
    ]
    result = {
        "knowledge_guests": len(knowledge),
        "knowledge_reply_ms": percentiles(knowledge),
        "hotel1_guests": len(hung_waits),
        "hotel1_reply_ms": percentiles(hung_waits),
    }
    log(f"{name}: {json.dumps(result)}")
    return result


async def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    hotels = make_hotels(args.hotels)
    async with FakeGreenAPI() as gateway, FakeOpenAI() as model:
        for h in hotels:
            gateway.add_instance(h.instance_id, h.token, wid=h.wid)
        port = free_port()
        env = server_env(f"sqlite://{tmp / 'hotel.db'}", tmp, port, gateway.url)
        log(f"provisioning {len(hotels)} hotels through the command line")
        await provision(env, hotels, gateway.url)
        hung_name = '"Bench Hotel 1"'
        model.delay = lambda body: (
            args.hang if hung_name in str(body["messages"][0]["content"]) else 0.0
        )
        results: dict[str, Any] = {"settings": vars(args) | {"json": None}}
        async with aiohttp.ClientSession() as session:
            for name, extra in (
                ("baseline", {}),
                (
                    "hang",
                    {
                        "OPENAI_API_KEY": model.api_key,
                        "OPENAI_BASE_URL": model.url,
                        "AI_DEADLINE_SECONDS": str(args.deadline),
                        "AI_BREAKER_FAILURES": "1000000",
                    },
                ),
            ):
                server = Server(env | extra, port, tmp / f"{name}.log")
                await server.start(session)
                try:
                    base = 70_000_000_000 + 1_000_000 * len(results)
                    results[name] = await phase(name, server, session, gateway, hotels, args, base)
                finally:
                    await server.stop()
        results["model_requests"] = len(model.requests)
    base_p99 = results["baseline"]["knowledge_reply_ms"]["p99"]
    hang_p99 = results["hang"]["knowledge_reply_ms"]["p99"]
    results["p99_ratio"] = round(hang_p99 / base_p99, 2) if base_p99 else None
    results["target_met"] = bool(base_p99) and hang_p99 <= TARGET_RATIO * base_p99
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = tempfile.mkdtemp(prefix="hotel-ai-bench-")
    try:
        results = asyncio.run(run(args, Path(folder)))
    except BenchError as exc:
        log(f"failed (the database and server logs stay in {folder}): {exc}")
        return 2
    shutil.rmtree(folder)
    text = json.dumps(results, indent=2, default=str)
    print(text)
    if args.json:
        args.json.write_text(text)
    b, h = results["baseline"], results["hang"]
    print(
        f"knowledge reply p99: {b['knowledge_reply_ms']['p99']:.0f} ms without a model, "
        f"{h['knowledge_reply_ms']['p99']:.0f} ms while the model hangs for hotel 1 "
        f"(x{results['p99_ratio']}, target <= x{TARGET_RATIO}: "
        f"{'met' if results['target_met'] else 'MISSED'}); hotel 1's fallback after "
        f"{h['hotel1_reply_ms']['p50']:.0f} ms (p50), deadline {args.deadline:g} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
