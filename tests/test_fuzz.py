"""Fuzzing the ways in: what anyone can send must never produce a 500, a traceback, an unbounded
output or a change outside the sender's hotel.

Hypothesis drives the real app (webhook over HTTP, the admin bot through the fake Bot API) and
the pure parsers. The example counts are bounded so the suite keeps its time; a failure prints
the shrunk input, which belongs in a regular test once fixed. The app is shared across the
examples of one test on purpose: the server must survive all of them in a row.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.guest_flow.notifications import MalformedNotification, parse
from bot.guest_flow.templates import HotelTemplates
from bot.i18n import I18n
from bot.store.models import AuditEntry, Hotel, Invite, KnowledgeEntry, Role, Staff, Template
from tests.conftest import (
    FIXTURES,
    MANAGER_ID,
    SUPPORT_ID,
    Chat,
    Client,
    buttons,
    post_webhook,
)
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID
from tests.fakes.telegram import FakeTelegram

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: CI stays reproducible
)
OTHER_INSTANCE = 7_700_000_001
I18N = I18n()

# Any JSON value, including deep nesting, huge numbers and lone surrogates in strings.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
# Strings people and clients really send wrong: digits of other scripts, huge numbers, format
# specifications, control characters, lone surrogates.
nasty_words = st.sampled_from(
    [
        "²",
        "١٢",
        "10^23",
        "9" * 38,
        "-1",
        "0",
        "1e9",
        "{hotel:>50000000}",
        "{0[0]}",
        "{hotel.__class__}",
        "\ud800",
        "\x00",
        "' OR 1=1 --",
        "<b>",
        "tg:1",
        "%s%s",
        "",
    ]
)
words = st.one_of(nasty_words, st.text(max_size=20), st.integers().map(str))
arguments = st.lists(words, max_size=4).map(" ".join)


def _documented_bodies() -> list[dict[str, Any]]:
    bodies = []
    for path in sorted(FIXTURES.glob("*.json")):
        body = json.loads(path.read_text())
        if isinstance(body, dict) and "typeWebhook" in body:
            bodies.append(body)
    return bodies


DOCUMENTED = _documented_bodies()


def _leaf_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaf_paths(v, (*prefix, k))] or [prefix]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaf_paths(v, (*prefix, i))] or [prefix]
    return [prefix]


@st.composite
def mutated_notifications(draw: st.DrawFn, instance_id: int = DEFAULT_INSTANCE_ID) -> Any:
    """A documented notification with one to three of its fields replaced by anything."""
    body = copy.deepcopy(draw(st.sampled_from(DOCUMENTED)))
    body.setdefault("instanceData", {})["idInstance"] = instance_id
    paths = _leaf_paths(body)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        if not path:
            continue
        target = body
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue
    return body


def _dumps(body: Any) -> str:
    # ensure_ascii keeps lone surrogates as \ud800 escapes, as a client's JSON would carry them.
    return json.dumps(body, ensure_ascii=True)


# --- the pure parsers ------------------------------------------------------------------------


@FUZZ
@given(body=json_values | mutated_notifications())
def test_the_notification_parser_only_ever_refuses_cleanly(body: Any) -> None:
    with contextlib.suppress(MalformedNotification):
        parse(body)


@FUZZ
@given(template=st.text(min_size=1, max_size=200) | st.sampled_from(["{hotel:>999999}", "{0!r}"]))
def test_a_template_renders_bounded_whatever_it_holds(template: str) -> None:
    rendered = HotelTemplates(I18N, {("greeting", "en"): template}).render(
        "greeting", "en", hotel="Aurora", name="Ann"
    )
    # Each placeholder can add at most the longest value: nothing a template says can grow it.
    assert len(rendered) <= len(template) * (1 + len("Aurora"))


# --- the webhook, over HTTP ------------------------------------------------------------------


@FUZZ
@given(body=json_values.map(_dumps) | st.binary(max_size=200), token=st.booleans())
async def test_the_webhook_never_fails_on_what_a_stranger_sends(
    app_client: Client, hotel: Hotel, body: str | bytes, token: bool
) -> None:
    response = await post_webhook(app_client, body, token=None if not token else "x")
    assert response.status in (200, 400, 401, 404, 413), await response.text()


@FUZZ
@given(body=mutated_notifications())
async def test_the_webhook_never_fails_on_an_authenticated_broken_notification(
    app_client: Client, hotel: Hotel, body: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = await post_webhook(app_client, _dumps(body))
    assert response.status in (200, 400), await response.text()
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


async def test_the_server_is_healthy_after_the_webhook_fuzz(
    app_client: Client, hotel: Hotel
) -> None:
    bodies: list[Any] = [DOCUMENTED[0], {"a": [[[[[]]]]]}, "\ud800"]
    for body in bodies:
        await post_webhook(app_client, _dumps(body))
    assert (await app_client.get("/health")).status == 200


# --- the admin bot, through the fake Bot API -------------------------------------------------


async def _fingerprint(hotel_id: int) -> tuple[Any, ...]:
    """Everything a manager of another hotel could wrongly change, as plain values."""
    hotel = await Hotel.get(id=hotel_id)
    return (
        (hotel.name, hotel.api_url, hotel.media_url, hotel.enabled, hotel.languages),
        hotel.timezone,
        sorted(await Template.filter(hotel_id=hotel_id).values_list("key", "language", "text")),
        sorted(await KnowledgeEntry.filter(hotel_id=hotel_id).values_list("topic", flat=True)),
        sorted(await Staff.filter(hotel_id=hotel_id).values_list("telegram_id", "role")),
        await Invite.filter(hotel_id=hotel_id).count(),
    )


@pytest.fixture
async def other_hotel(admin_hotel: Hotel, hotel_factory: Callable[..., Awaitable[Hotel]]) -> Hotel:
    other = await hotel_factory(name="Other", instance_id=OTHER_INSTANCE)
    await Staff.create(hotel=other, telegram_id=4000, role=Role.MANAGER, name="Olga")
    await Template.create(hotel=other, key="greeting", language="en", text="Hi from Other")
    return other


COMMANDS = (
    "status stats inbox hotels hotel addhotel guest forget staff invite invites audit lang help "
    "cancel start unanswered report reports backup backups bindgroup notify bot"
).split()


@FUZZ
@given(
    command=st.sampled_from(COMMANDS),
    args=arguments,
    who=st.sampled_from([MANAGER_ID, SUPPORT_ID]),
)
async def test_any_admin_command_with_any_arguments_gets_an_answer(
    admin_client: Client,
    chat: Chat,
    other_hotel: Hotel,
    command: str,
    args: str,
    who: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = await _fingerprint(other_hotel.id)
    with caplog.at_level(logging.ERROR):
        replies = await chat(who).say(f"/{command} {args}".strip(), timeout=8.0)
        await chat(who).say("/cancel", timeout=8.0)  # leave no dialog open for the next example
    assert replies and all(len(r.text or "") <= 4096 for r in replies)
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert await _fingerprint(other_hotel.id) == before


def _mutations(data: str, other_id: int) -> st.SearchStrategy[str]:
    area, _, rest = data.partition(":")
    action, _, _ = rest.partition(":")
    return st.lists(st.one_of(words, st.just(str(other_id))), max_size=3).map(
        lambda parts: ":".join([area, action, *parts])[:64]
    )


@FUZZ
@given(data=st.data())
async def test_forged_button_data_changes_nothing_outside_the_hotel(
    admin_client: Client,
    chat: Chat,
    fake_tg: FakeTelegram,
    other_hotel: Hotel,
    admin_hotel: Hotel,
    data: st.DataObject,
    caplog: pytest.LogCaptureFixture,
) -> None:
    manager = chat(MANAGER_ID)
    card = (await manager.say(f"/hotel {admin_hotel.id}", timeout=8.0))[-1]
    real = [d for _, d in buttons(card) if d]
    assert real, "the hotel card has buttons to start from"
    forged = data.draw(st.sampled_from(real).flatmap(lambda d: _mutations(d, other_hotel.id)))
    before = await _fingerprint(other_hotel.id)
    audits = await AuditEntry.filter(hotel_id=other_hotel.id).exclude(action__contains="refus")
    with caplog.at_level(logging.ERROR):
        answer, _ = await manager.click(card, forged, replies=0, timeout=8.0, forged=True)
    assert answer.params.get("callback_query_id")
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert await _fingerprint(other_hotel.id) == before
    changes = await AuditEntry.filter(hotel_id=other_hotel.id).exclude(action__contains="refus")
    assert len(changes) == len(audits)
