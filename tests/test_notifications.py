"""Every documented notification body parses into the type the flow expects."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.guest_flow.notifications import (
    Ignored,
    IncomingCall,
    IncomingMessage,
    MalformedNotification,
    OutgoingStatus,
    QuotaNotice,
    StateChanged,
    parse,
)
from tests.conftest import FIXTURES

NOTIFICATIONS = sorted(
    p.stem for p in FIXTURES.glob("*.json") if "typeWebhook" in json.loads(p.read_text())
)


def load(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return body


def test_there_are_many_documented_notifications() -> None:
    assert len(NOTIFICATIONS) >= 35


@pytest.mark.parametrize("name", NOTIFICATIONS)
def test_every_documented_notification_parses(name: str) -> None:
    result = parse(load(name))
    type_webhook = load(name)["typeWebhook"]
    expected = {
        "incomingMessageReceived": IncomingMessage,
        "outgoingMessageReceived": IncomingMessage,
        "outgoingAPIMessageReceived": IncomingMessage,
        "outgoingMessageStatus": OutgoingStatus,
        "stateInstanceChanged": StateChanged,
        "incomingCall": IncomingCall,
        "quotaExceeded": QuotaNotice,
    }.get(type_webhook, Ignored)
    assert isinstance(result, expected)


@pytest.mark.parametrize(
    ("name", "kind", "text"),
    [
        ("incomingMessageReceived.textMessage", "textMessage", "Hello"),
        ("incomingMessageReceived.extendedTextMessage", "extendedTextMessage", "http"),
        ("incomingMessageReceived.quotedMessage", "quotedMessage", ""),
        ("incomingMessageReceived.imageMessage", "imageMessage", ""),
        ("incomingMessageReceived.stickerMessage", "stickerMessage", ""),
        ("incomingMessageReceived.locationMessage", "locationMessage", ""),
        ("incomingMessageReceived.reactionMessage", "reactionMessage", ""),
    ],
)
def test_text_is_where_the_guest_typed_it(name: str, kind: str, text: str) -> None:
    result = parse(load(name))
    assert isinstance(result, IncomingMessage)
    assert result.kind == kind
    assert text in result.text


def test_outgoing_kinds_are_marked() -> None:
    phone = parse(load("outgoingMessageReceived.textMessage"))
    api = parse(load("outgoingAPIMessageReceived.extendedTextMessage"))
    assert isinstance(phone, IncomingMessage) and phone.from_me and not phone.by_api
    assert isinstance(api, IncomingMessage) and api.by_api


def test_placeholders_are_undecryptable() -> None:
    for name in ("textMessage.SWE001", "textMessage.SWE003"):
        result = parse(load(f"incomingMessageReceived.{name}"))
        assert isinstance(result, IncomingMessage) and result.undecryptable


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "text",
        {},
        {"instanceData": {}},
        {"instanceData": {"idInstance": True}, "typeWebhook": "x"},
        {"instanceData": {"idInstance": 1}},
        {"instanceData": {"idInstance": 1}, "typeWebhook": "incomingMessageReceived"},
        {"instanceData": {"idInstance": 1}, "typeWebhook": "outgoingMessageStatus"},
    ],
)
def test_broken_envelopes_are_malformed(body: Any) -> None:
    with pytest.raises(MalformedNotification):
        parse(body)


def test_unknown_message_type_still_parses() -> None:
    body = load("incomingMessageReceived.textMessage")
    body["messageData"] = {"typeMessage": "hologramMessage"}
    result = parse(body)
    assert isinstance(result, IncomingMessage) and result.text == ""
