"""The supervisor keeps long-running tasks alive and says when one is not well; /status says it
to people."""

from __future__ import annotations

import asyncio
import time

from tortoise import timezone

from bot.app import runtime_key
from bot.metrics import Metrics
from bot.store.crypto import TokenCipher
from bot.store.models import Hotel, ReceiveMode, SetAside
from bot.supervisor import FAILING_AFTER, MAX_DELAY_SECONDS, Supervisor, TaskState, backoff
from tests.conftest import SUPER_ADMIN_ID, SUPPORT_ID, Chat, Client, text


async def _until(check: object, within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not callable(check) or not check():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


async def test_a_task_that_raises_is_restarted_and_recovers() -> None:
    metrics = Metrics()
    tasks = Supervisor(metrics)
    runs: list[int] = []
    done = asyncio.Event()

    async def flaky() -> None:
        runs.append(len(runs))
        if len(runs) <= 2:
            raise RuntimeError("boom")
        await done.wait()

    tasks.start("flaky", flaky)
    await _until(lambda: len(runs) == 3)
    (record,) = tasks.records()
    assert record.restarts == 2 and record.last_error == "RuntimeError"
    assert record.state is TaskState.RESTARTING  # not yet a stable run since the failures
    assert metrics.task_restarts.labels("flaky")._value.get() == 2
    done.set()
    await _until(lambda: not tasks.running("flaky"))  # returning ends it for good
    assert tasks.records() == []


async def test_a_task_that_keeps_failing_shows_as_failing() -> None:
    metrics = Metrics()
    tasks = Supervisor(metrics)

    async def broken() -> None:
        raise ValueError("never works")

    tasks.start("broken", broken)
    await _until(lambda: bool(tasks.records()) and tasks.records()[0].restarts >= FAILING_AFTER)
    assert [r.name for r in tasks.problems()] == ["broken"]
    assert tasks.problems()[0].state is TaskState.FAILING
    assert tasks.failing() == 1 and metrics.tasks_failing._value.get() == 1
    await tasks.stop_all()
    assert tasks.records() == [] and tasks.failing() == 0


def test_backoff_doubles_and_is_capped() -> None:
    delays = [backoff(n) for n in range(1, 12)]
    assert delays[1] == 2 * delays[0] and delays[2] == 2 * delays[1]
    assert max(delays) == MAX_DELAY_SECONDS


async def test_status_names_a_failing_polling_task_and_set_aside_notifications(
    admin_client: Client, chat: Chat, admin_hotel: Hotel
) -> None:
    """The hotel's token no longer decrypts (SECRET_KEY changed): its polling fails at every
    restart, and /status says so next to the notifications set aside this week."""
    await Hotel.filter(id=admin_hotel.id).update(
        receive_mode=ReceiveMode.POLLING,
        token_encrypted=TokenCipher("another-secret-key").encrypt("token"),
    )
    await SetAside.create(hotel_id=admin_hotel.id, source="polling", body="[]", error="X: y")
    old = await SetAside.create(hotel_id=admin_hotel.id, source="polling", body="[]", error="-")
    await SetAside.filter(id=old.id).update(created_at=timezone.now().replace(year=2020))
    runtime = admin_client.app[runtime_key]
    assert runtime.poller is not None and runtime.flow is not None
    await runtime.poller.refresh()
    flow = runtime.flow
    await _until(lambda: bool(flow.tasks.problems()) and flow.tasks.failing() == 1, 10.0)
    said = text(await chat(SUPER_ADMIN_ID).say("/status"))
    assert "❌ receiving messages for Test Hotel: fails at every restart (ValueError" in said
    assert "⚠️ notifications set aside in the last 7 days: 1 —" in said
    russian = text(await chat(SUPPORT_ID, "ru").say("/status"))
    assert "❌ приём сообщений отеля Test Hotel: падает при каждом перезапуске" in russian
    assert "уведомлений отложено за 7 дней: 1" in russian
