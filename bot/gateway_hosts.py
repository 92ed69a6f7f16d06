"""Where a hotel's gateway URLs may point: the GREEN_API_HOSTS allow-list and its one check.

Green API puts the instance token in every request path, so a hotel whose API or media URL
names another host hands that host the token and the hotel's messages, and lets anyone who may
set the URL probe addresses only the server can reach. Every path that stores such a URL checks
it here, and the Green API client checks again before each call, for rows stored before.

The check is pure: it never resolves a name or connects, so "not allowed" is the same answer
whatever a host is or resolves to. Hosts are compared after the normalisations an HTTP client
applies itself (letter case, one trailing dot); anything a client or resolver could read another
way than we do (user@host, backslashes, non-ASCII, percent-escapes, an address written as
`127.1`, `0x7f.1` or `2130706433`) is refused outright rather than interpreted. IDN hosts are
written in their ASCII (punycode) form.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot import limits
from bot.i18n import Refusal

# Green API's own hosts (its docs): per instance https://7105.api.greenapi.com and
# https://7105.media.greenapi.com, the universal api./media.greenapi.com, and the older
# green-api.com names; https only.
DEFAULT_HOSTS = (
    "api.greenapi.com, *.api.greenapi.com, media.greenapi.com, *.media.greenapi.com, "
    "api.green-api.com, *.api.green-api.com, media.green-api.com, *.media.green-api.com"
)

# Where a guest's files may be downloaded from (GREEN_API_MEDIA_HOSTS, empty): Green API keeps
# them in Yandex Object Storage (https://sw-media-out.storage.yandexcloud.net/...) and hands
# out links on its own hosts too.
DEFAULT_MEDIA_HOSTS = f"*.storage.yandexcloud.net, {DEFAULT_HOSTS}"

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# A DNS name; its last label starts with a letter (every top-level domain does), so no numeric
# form of an address (127.1, 0x7f.1, 2130706433) ever reads as a name.
_NAME = re.compile(rf"(?:{_LABEL}\.)*[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?")
_NETLOC = re.compile(r"(?:\[(?P<v6>[0-9a-f:.]+)\]|(?P<host>[a-z0-9.*-]+))(?::(?P<port>\d{1,5}))?")
_PATH = re.compile(r"(?:/[A-Za-z0-9_~.-]+)*/?")
_PRINTABLE = re.compile(r"[!-~]+")  # ASCII without spaces or control characters
_DEFAULT_PORT = {"https": 443, "http": 80}
_MAX_NAME = 253  # DNS

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class GatewayUrlRefused(Refusal):
    """A gateway URL we refuse: `gateway_url` (not a URL we read one way only),
    `gateway_url_long`, or `gateway_url_host` (a host, port or scheme the allow-list lacks)."""


@dataclass(frozen=True)
class HostEntry:
    """One GREEN_API_HOSTS entry: a name (`wildcard`: any name under it), or an address."""

    name: str | None = None
    address: Address | None = None
    wildcard: bool = False
    port: int | None = None  # None: any port
    http: bool = False  # plain http allowed too

    def allows(self, scheme: str, host: str | Address, port: int) -> bool:
        if scheme != "https" and not self.http:
            return False
        if self.port is not None and self.port != port:
            return False
        if isinstance(host, str):
            if self.name is None:
                return False
            return host.endswith(f".{self.name}") if self.wildcard else host == self.name
        return self.address == host


@dataclass(frozen=True)
class _Parsed:
    scheme: str
    host: str | Address
    port: int | None
    path: str


def _host(text: str | None, v6: str | None) -> str | Address | None:
    """A lower-case name without its trailing dot, or an address written in its one canonical
    form (IPv6 in brackets); None for anything else."""
    if v6 is not None:
        try:
            return ipaddress.IPv6Address(v6)
        except ValueError:
            return None
    name = (text or "").removesuffix(".")
    if len(name) <= _MAX_NAME and _NAME.fullmatch(name):
        return name
    try:
        address = ipaddress.IPv4Address(name)
    except ValueError:
        return None
    return address if str(address) == name else None


def _port(text: str | None) -> int | None:
    if text is None:
        return None
    port = int(text)
    if not 0 < port < 65536:
        raise ValueError(text)
    return port


def _parse(url: str) -> _Parsed | None:
    if not _PRINTABLE.fullmatch(url) or "\\" in url or "?" in url or "#" in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    netloc = _NETLOC.fullmatch(parts.netloc.lower())  # "@" (user@host) never matches
    if parts.scheme not in _DEFAULT_PORT or netloc is None:
        return None
    if not _PATH.fullmatch(parts.path) or {".", ".."} & set(parts.path.split("/")):
        return None
    host = _host(netloc["host"], netloc["v6"])
    try:
        port = _port(netloc["port"])
    except ValueError:
        return None
    if host is None:
        return None
    return _Parsed(parts.scheme, host, port, parts.path.rstrip("/"))


def check_gateway_url(url: str, hosts: Sequence[HostEntry]) -> str:
    """`url` as stored (host lower-case, no trailing dot or slash) when the allow-list has it;
    `GatewayUrlRefused` otherwise."""
    if len(url) > limits.HOTEL_URL:
        raise GatewayUrlRefused("gateway_url_long", limit=limits.HOTEL_URL)
    parsed = _parse(url.strip())
    if parsed is None:
        raise GatewayUrlRefused("gateway_url")
    port = parsed.port or _DEFAULT_PORT[parsed.scheme]
    if not any(entry.allows(parsed.scheme, parsed.host, port) for entry in hosts):
        raise GatewayUrlRefused("gateway_url_host")
    host = parsed.host
    shown = f"[{host.compressed}]" if isinstance(host, ipaddress.IPv6Address) else str(host)
    if parsed.port is not None:
        shown += f":{parsed.port}"
    return f"{parsed.scheme}://{shown}{parsed.path}"


def gateway_url_allowed(url: str, hosts: Sequence[HostEntry]) -> bool:
    try:
        check_gateway_url(url, hosts)
    except GatewayUrlRefused:
        return False
    return True


def parse_hosts(
    setting: str, default: str = DEFAULT_HOSTS, name: str = "GREEN_API_HOSTS"
) -> tuple[HostEntry, ...]:
    """GREEN_API_HOSTS (or `name`, e.g. GREEN_API_MEDIA_HOSTS): comma-separated
    `[http://|https://][*.]host[:port]`; empty: `default`. ValueError names an entry we cannot
    read, so a typo stops the start instead of silently refusing every hotel."""
    entries: list[HostEntry] = []
    for raw in (setting.strip() or default).split(","):
        text = raw.strip().lower()
        if not text:
            continue
        scheme, sep, rest = text.partition("://")
        if not sep:
            scheme, rest = "https", text
        entry = _entry(scheme, rest.removesuffix("/")) if scheme in _DEFAULT_PORT else None
        if entry is None:
            raise ValueError(f"{name}: cannot read {raw.strip()!r}")
        entries.append(entry)
    return tuple(entries)


def _entry(scheme: str, text: str) -> HostEntry | None:
    netloc = _NETLOC.fullmatch(text)
    if netloc is None:
        return None
    name = netloc["host"] or ""
    wildcard = name.startswith("*.")
    host = _host(name.removeprefix("*."), netloc["v6"])
    try:
        port = _port(netloc["port"])
    except ValueError:
        return None
    if isinstance(host, str):
        return HostEntry(name=host, wildcard=wildcard, port=port, http=scheme == "http")
    if host is None or wildcard:  # a wildcard covers names, never addresses
        return None
    return HostEntry(address=host, port=port, http=scheme == "http")
