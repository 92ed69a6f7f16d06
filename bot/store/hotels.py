"""Hotels: provisioning with encrypted tokens, and a cache keyed by instance id.

The webhook looks a hotel up on every notification; the directory keeps that off the database
and holds the decrypted credentials only in memory.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import iso639, limits
from bot.i18n import Refusal
from bot.logs import register_secret
from bot.store.crypto import TokenCipher
from bot.store.models import Hotel, ReceiveMode

_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Instance:
    """A Green API instance's credentials; `url` builds the gateway's URL scheme."""

    id: int
    token: str
    api_url: str
    media_url: str | None = None

    def url(self, method: str, *suffix: str, media: bool = False) -> str:
        base = (self.media_url if media and self.media_url else self.api_url).rstrip("/")
        tail = "".join(f"/{part}" for part in suffix)
        return f"{base}/waInstance{self.id}/{method}/{self.token}{tail}"


class InvalidHotel(Refusal):
    """Input for a hotel that we refuse, with a text a person can act on."""


@dataclass(frozen=True)
class HotelAccess:
    hotel_id: int
    name: str
    instance: Instance
    webhook_token: str
    enabled: bool
    receive_mode: ReceiveMode
    timezone: str
    languages: tuple[str, ...]
    hours_open: str | None
    hours_close: str | None
    wid: str | None
    # `/bot off` (admin core `bot_pause`): every guest message goes to staff, the bot says nothing.
    paused: bool = False

    @property
    def hours(self) -> str:
        return f"{self.hours_open}-{self.hours_close}" if self.hours_open else ""


def parse_hours(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    match = _HOURS.match(value.strip())
    if not match:
        raise InvalidHotel("hotel_hours", value=value)
    opens, closes = value.strip().split("-")
    return opens, closes


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidHotel("hotel_timezone", name=name) from exc
    return name


def check_languages(value: str) -> str:
    """A hotel's languages as stored: ISO 639-1 codes, comma-separated, each once, in order.

    Any code may be declared (guests in a language without built-in texts get the hotel's own
    templates in it, or the first language and a polite line, `reply_language.py`).
    """
    langs = list(dict.fromkeys(x.strip().lower() for x in value.split(",") if x.strip()))
    unknown = [x for x in langs if not iso639.is_code(x)]
    if not langs:
        raise InvalidHotel("hotel_languages_empty")
    if unknown:
        raise InvalidHotel("hotel_languages", bad=", ".join(unknown)[:60])
    if len(langs) > limits.HOTEL_LANGUAGES:
        raise InvalidHotel("hotel_languages_many", limit=limits.HOTEL_LANGUAGES)
    return ",".join(langs)


async def create_hotel(
    cipher: TokenCipher,
    *,
    name: str,
    instance_id: int,
    token: str,
    api_url: str,
    webhook_token: str | None = None,
    receive_mode: ReceiveMode = ReceiveMode.WEBHOOK,
    timezone: str = "UTC",
    languages: str = "en,ru",
    hours: str | None = None,
) -> tuple[Hotel, str]:
    """Returns the hotel and its webhook token (generated when not given)."""
    if not name.strip():
        raise InvalidHotel("hotel_name")
    if not 0 < instance_id <= limits.INSTANCE_ID_MAX:
        raise InvalidHotel("hotel_instance")
    if not token.strip():
        raise InvalidHotel("hotel_token")
    if not api_url.startswith(("http://", "https://")):
        raise InvalidHotel("hotel_api_url")
    if await Hotel.filter(instance_id=instance_id).exists():
        raise InvalidHotel("hotel_instance_taken", instance=instance_id)
    opens, closes = parse_hours(hours)
    webhook_token = webhook_token or secrets.token_urlsafe(24)
    hotel = await Hotel.create(
        name=name.strip(),
        instance_id=instance_id,
        api_url=api_url.rstrip("/"),
        token_encrypted=cipher.encrypt(token.strip()),
        webhook_token_encrypted=cipher.encrypt(webhook_token),
        receive_mode=receive_mode,
        timezone=check_timezone(timezone),
        languages=check_languages(languages),
        hours_open=opens,
        hours_close=closes,
    )
    return hotel, webhook_token


class HotelDirectory:
    """instance id → credentials, decrypted once and refreshed every `ttl` seconds."""

    def __init__(self, cipher: TokenCipher, ttl: float = 30.0) -> None:
        self._cipher = cipher
        self._ttl = ttl
        self._by_instance: dict[int, tuple[float, HotelAccess | None]] = {}
        self._instance_of: dict[int, int] = {}

    def access(self, hotel: Hotel) -> HotelAccess:
        token = self._cipher.decrypt(hotel.token_encrypted)
        webhook_token = self._cipher.decrypt(hotel.webhook_token_encrypted)
        register_secret(token)
        register_secret(webhook_token)
        return HotelAccess(
            hotel_id=hotel.id,
            name=hotel.name,
            instance=Instance(hotel.instance_id, token, hotel.api_url, hotel.media_url),
            webhook_token=webhook_token,
            enabled=hotel.enabled,
            receive_mode=hotel.receive_mode,
            timezone=hotel.timezone,
            languages=tuple(hotel.language_list),
            hours_open=hotel.hours_open,
            hours_close=hotel.hours_close,
            wid=hotel.wid,
            paused=hotel.bot_paused,
        )

    async def by_instance(self, instance_id: int) -> HotelAccess | None:
        cached = self._by_instance.get(instance_id)
        now = time.monotonic()
        if cached and now - cached[0] < self._ttl:
            return cached[1]
        hotel = await Hotel.get_or_none(instance_id=instance_id)
        access = self.access(hotel) if hotel else None
        self._by_instance[instance_id] = (now, access)
        return access

    async def by_id(self, hotel_id: int) -> HotelAccess | None:
        instance_id = self._instance_of.get(hotel_id)
        if instance_id is None:
            hotel = await Hotel.get_or_none(id=hotel_id)
            if hotel is None:
                return None
            instance_id = self._instance_of[hotel_id] = hotel.instance_id
        return await self.by_instance(instance_id)

    def forget(self, instance_id: int | None = None) -> None:
        if instance_id is None:
            self._by_instance.clear()
            self._instance_of.clear()
        else:
            self._by_instance.pop(instance_id, None)
