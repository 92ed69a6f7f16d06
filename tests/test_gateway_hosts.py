"""Where a gateway token may be sent: the GREEN_API_HOSTS check, alone and end to end.

The end-to-end tests run the app with an allow-list naming only the fake Green API's exact
host and port, and a second loopback server that records every request it receives: a hotel URL
pointing there is refused wherever it is typed (a manager may not even ask; a super admin is
told "not allowed"), and a row stored before the check existed makes the Green API client
refuse the call, so the recorder never sees a token.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from yarl import URL

from bot.config import Settings
from bot.gateway_hosts import (
    DEFAULT_HOSTS,
    GatewayUrlRefused,
    check_gateway_url,
    gateway_url_allowed,
    parse_hosts,
)
from bot.guest_flow.greenapi import GreenAPIClient, HostNotAllowed
from bot.store.hotels import Instance
from bot.store.models import AuditEntry, Direction, Hotel, Message, MessageStatus
from tests.conftest import (
    MANAGER_ID,
    SUPER_ADMIN_ID,
    Chat,
    Client,
    TelegramChat,
    buttons,
    post_webhook,
    text,
    text_body,
)
from tests.fakes.greenapi import DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, FakeGreenAPI
from tests.fakes.server import LoopbackServer
from tests.fakes.telegram import ApiCall

GREEN = parse_hosts("")
NEW_ID = 1101000088
NEW_TOKEN = "5ecre7token5ecre7token5ecre7token5ecre7token5ecre7"


# --- the pure check ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://api.green-api.com", "https://api.green-api.com"),
        ("https://api.greenapi.com/", "https://api.greenapi.com"),
        ("https://7105.api.greenapi.com", "https://7105.api.greenapi.com"),
        ("https://7105.media.greenapi.com", "https://7105.media.greenapi.com"),
        ("https://1101.api.green-api.com:443", "https://1101.api.green-api.com:443"),
        ("https://7105.API.GreenAPI.com.", "https://7105.api.greenapi.com"),  # case, root dot
        ("  https://media.green-api.com/v1/  ", "https://media.green-api.com/v1"),
    ],
)
def test_green_apis_own_hosts_pass_by_default(url: str, stored: str) -> None:
    assert check_gateway_url(url, GREEN) == stored


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://api.greenapi.com", "gateway_url_host"),  # plain http
        ("https://greenapi.com", "gateway_url_host"),
        ("https://evilapi.greenapi.com", "gateway_url_host"),  # not on a label boundary
        ("https://api.greenapi.com.evil.example", "gateway_url_host"),
        ("https://evil.example/api.greenapi.com", "gateway_url_host"),
        ("https://xn--pi-7kc.greenapi.com", "gateway_url_host"),  # IDN look-alike, punycode
        ("https://аpi.greenapi.com", "gateway_url"),  # the same with a Cyrillic а
        ("https://api.greenapi.com@evil.example", "gateway_url"),  # userinfo
        ("https://user:pw@api.greenapi.com", "gateway_url"),
        ("https://evil.example#@api.greenapi.com", "gateway_url"),
        ("https://evil.example?@api.greenapi.com", "gateway_url"),
        ("https://evil.example\\@api.greenapi.com", "gateway_url"),
        ("https://api.greenapi.com/../x", "gateway_url"),
        ("https://api.greenapi.com/%2e%2e", "gateway_url"),
        ("https://api.greenapi.com..", "gateway_url"),
        ("https://api.greenapi.com:0", "gateway_url"),
        ("https://api.greenapi.com:99999", "gateway_url"),
        ("https://api.greenapi.com:", "gateway_url"),
        ("https://127.0.0.1", "gateway_url_host"),
        ("https://10.0.0.8", "gateway_url_host"),
        ("https://169.254.169.254", "gateway_url_host"),
        ("https://[::1]", "gateway_url_host"),
        ("https://[::ffff:127.0.0.1]", "gateway_url_host"),
        ("https://localhost", "gateway_url_host"),
        ("https://127.1", "gateway_url"),  # numeric forms a resolver reads as 127.0.0.1
        ("https://0x7f.1", "gateway_url"),
        ("https://2130706433", "gateway_url"),
        ("https://0177.0.0.1", "gateway_url"),
        ("https://[::1", "gateway_url"),
        ("http://", "gateway_url"),
        ("ftp://api.greenapi.com", "gateway_url"),
        ("api.greenapi.com", "gateway_url"),
        ("https://api.greenapi.com/a b", "gateway_url"),
        ("", "gateway_url"),
        ("https://api.greenapi.com/" + "x" * 300, "gateway_url_long"),
    ],
)
def test_everything_else_is_refused_without_connecting(url: str, why: str) -> None:
    with pytest.raises(GatewayUrlRefused) as refused:
        check_gateway_url(url, GREEN)
    assert refused.value.key == why


def test_entries_wildcards_ports_plain_http_and_addresses() -> None:
    hosts = parse_hosts(
        "gw.example.com:8443, *.proxy.example, http://127.0.0.1, http://[::1]:9000, 10.1.2.3"
    )
    allowed = {
        "https://gw.example.com:8443": True,
        "https://gw.example.com": False,  # port 443, the entry names 8443
        "https://a.proxy.example": True,
        "https://a.b.proxy.example:1234": True,  # any depth, any port
        "https://proxy.example": False,  # a wildcard needs a label before it
        "http://a.proxy.example": False,  # https only unless the entry says http://
        "http://127.0.0.1:4567": True,
        "https://127.0.0.1": True,  # an http:// entry allows https too
        "http://127.0.0.2": False,
        "http://[::1]:9000": True,
        "http://[0:0::1]:9000": True,  # the same address written another way
        "http://[::1]:9001": False,
        "https://10.1.2.3": True,
        "http://10.1.2.3": False,
        "https://localhost": False,
    }
    assert {url: gateway_url_allowed(url, hosts) for url in allowed} == allowed
    assert parse_hosts("") == parse_hosts(DEFAULT_HOSTS) == GREEN


@pytest.mark.parametrize(
    "setting", ["ftp://x.example", "*.10.0.0.1", "a.*.example", "x.example/path", "x:0", "[::1"]
)
def test_an_unreadable_allow_list_stops_the_start(setting: str) -> None:
    with pytest.raises(ValueError, match="GREEN_API_HOSTS"):
        Settings(_env_file=None, green_api_hosts=setting)  # type: ignore[call-arg]


def test_the_default_gateway_url_passes_the_default_list() -> None:
    default = Settings(_env_file=None)  # type: ignore[call-arg]
    assert gateway_url_allowed(default.green_api_url, default.gateway_hosts)


_HOSTS = ["a.green.example", "A.Green.Example.", "x.y.green.example:8443", "green.example"]
_HOSTS += ["192.0.2.7", "192.0.2.7:1", "[2001:db8::1]", "[2001:DB8:0::1]:80", "evil.example"]
_TRICKS = st.text(alphabet="/.%@#?\\:[]abc-01 ", max_size=12)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    st.sampled_from(["https://", "http://", "HTTPS://", "https:/", "//"]),
    st.lists(st.sampled_from(_HOSTS) | _TRICKS, min_size=1, max_size=3).map("".join),
)
def test_what_passes_is_what_the_http_client_reaches(scheme: str, rest: str) -> None:
    """Whatever the check lets through, aiohttp's URL parser (yarl) reads as the same host,
    with no user part: the check and the client never disagree on where a request goes."""
    url = scheme + rest
    hosts = parse_hosts("*.green.example, 192.0.2.7, http://[2001:db8::1]")
    try:
        stored = check_gateway_url(url, hosts)
    except GatewayUrlRefused:
        return
    for parsed in (URL(stored), URL(url.strip())):
        assert parsed.user is None and parsed.password is None, url
        host = (parsed.host or "").removesuffix(".")  # the root dot names the same host
        assert host.endswith(".green.example") or host in ("192.0.2.7", "2001:db8::1"), url


def test_the_property_test_sees_urls_that_pass() -> None:
    hosts = parse_hosts("*.green.example, 192.0.2.7, http://[2001:db8::1]")
    assert check_gateway_url("http://[2001:DB8:0::1]:80/a", hosts) == "http://[2001:db8::1]:80/a"
    assert gateway_url_allowed("HTTPS://A.Green.Example./v1", hosts)


# --- end to end -------------------------------------------------------------------------------


class Recorder(LoopbackServer):
    """Answers anything as a healthy Green API would, and records what it was sent."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[str] = []

    def _routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/{tail:.*}", self._any)

    async def _any(self, request: web.Request) -> web.Response:
        self.requests.append(f"{request.method} {request.path_qs}")
        return web.json_response({"stateInstance": "authorized", "idMessage": "X"})


@pytest.fixture
async def recorder() -> AsyncIterator[Recorder]:
    async with Recorder() as server:
        yield server


@pytest.fixture
def admin_settings(admin_settings: Settings, fake_green: FakeGreenAPI) -> Settings:
    """The fake gateway's exact host and port only: the recorder, on another port, is out."""
    return admin_settings.model_copy(update={"green_api_hosts": fake_green.url})


async def test_the_client_sends_no_token_outside_the_list(
    recorder: Recorder, fake_green: FakeGreenAPI, caplog: pytest.LogCaptureFixture
) -> None:
    async with aiohttp.ClientSession() as session:
        client = GreenAPIClient(session, timeout=2.0, hosts=parse_hosts(fake_green.url))
        elsewhere = Instance(DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, recorder.url)
        calls: list[Callable[[], Awaitable[object]]] = [
            lambda: client.get_state(elsewhere),
            lambda: client.send_message(elsewhere, "79001234567@c.us", "hi"),
            lambda: client.set_settings(elsewhere, {"incomingWebhook": "yes"}),
            lambda: client.receive_notification(elsewhere, 1),
            lambda: client.delete_notification(elsewhere, 1),
        ]
        # The API URL is fine, the media URL is not: the upload goes nowhere either.
        media = Instance(DEFAULT_INSTANCE_ID, DEFAULT_TOKEN, fake_green.url, recorder.url)
        calls.append(lambda: client.send_file_by_upload(media, "79001234567@c.us", b"x", "a.png"))
        with caplog.at_level(logging.WARNING):
            for call in calls:
                with pytest.raises(HostNotAllowed) as refused:
                    await call()
                assert not refused.value.retryable
        assert await client.get_state(media) == "authorized", "the listed gateway still works"
    assert recorder.requests == []
    logged = [r.getMessage() for r in caplog.records if "GREEN_API_HOSTS" in r.getMessage()]
    assert logged and all(DEFAULT_TOKEN not in line for line in logged)
    assert len(logged) == 1, "said once per hotel and URL, not at every call"


async def _card(person: TelegramChat, hotel: Hotel) -> ApiCall:
    return (await person.say(f"/hotel {hotel.id}"))[0]


async def test_a_manager_may_not_change_where_the_token_goes(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, recorder: Recorder
) -> None:
    manager = chat(MANAGER_ID)
    card = await _card(manager, admin_hotel)
    data = [d for _, d in buttons(card)]
    assert f"h:edit:{admin_hotel.id}:hours" in data
    assert f"h:edit:{admin_hotel.id}:api_url" not in data, "no API URL button for a manager"
    manager.fake.click(manager.user, card, f"h:edit:{admin_hotel.id}:api_url", strict=False)
    answers = await manager.fake.wait_for("answerCallbackQuery", 1)
    assert "Not allowed" in str(answers[-1].params.get("text"))
    refusal = await AuditEntry.get(action="refused", actor=f"tg:{MANAGER_ID}")
    assert refusal.details["after"] == {"permission": "hotel_gateway"}
    assert "didn't understand" in text(await manager.say(recorder.url)), "no prompt opened"
    assert (await Hotel.get(id=admin_hotel.id)).api_url == admin_hotel.api_url
    assert recorder.requests == []


async def test_a_super_admin_is_refused_a_host_outside_the_list(
    admin_client: Client, admin_hotel: Hotel, chat: Chat, recorder: Recorder
) -> None:
    admin = chat(SUPER_ADMIN_ID)
    card = await _card(admin, admin_hotel)
    await admin.click(card, f"h:edit:{admin_hotel.id}:api_url")
    localhost = recorder.url.replace("127.0.0.1", "localhost")
    for url in (recorder.url, localhost, "https://169.254.169.254", "https://[::1"):
        said = text(await admin.say(url))
        assert "not allowed" in said or "must look like" in said, said
        assert "again" in said
    assert (await Hotel.get(id=admin_hotel.id)).api_url == admin_hotel.api_url
    assert "Cancelled" in text(await admin.say("/cancel"))

    # /addhotel: the same answer, and the same question again.
    await admin.say("/addhotel")
    await admin.say("Casa Azul")
    await admin.say(str(NEW_ID))
    await admin.say(NEW_TOKEN)
    said = text(await admin.say(recorder.url))
    assert "not allowed" in said and "4/8" in said
    assert "Cancelled" in text(await admin.say("/cancel"))
    assert recorder.requests == []
    assert not await Hotel.exists(instance_id=NEW_ID)


async def test_a_row_stored_before_the_check_never_reaches_its_host(
    admin_client: Client,
    hotel_factory: Callable[..., Awaitable[Hotel]],
    chat: Chat,
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Written straight into the store, as a hotel saved by an older version could be.
    hotel = await hotel_factory(api_url=recorder.url)
    with caplog.at_level(logging.WARNING):
        response = await post_webhook(admin_client, text_body("hello"))
        assert response.status == 200
        for _ in range(200):
            out = await Message.filter(hotel_id=hotel.id, direction=Direction.OUT).first()
            if out is not None and out.status == MessageStatus.FAILED:
                break
            await asyncio.sleep(0.05)
        assert out is not None and out.status == MessageStatus.FAILED
        card = text(await chat(SUPER_ADMIN_ID).say(f"/hotel {hotel.id}"))
    assert "Test Hotel" in card and "authorized" not in card
    assert recorder.requests == []
    assert DEFAULT_TOKEN not in caplog.text and "GREEN_API_HOSTS" in caplog.text
