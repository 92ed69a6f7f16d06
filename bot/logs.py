"""Logging that never prints a gateway token.

Green API puts the instance token in the URL path, so any log line that carries a URL (aiohttp
errors do) could leak it. A filter on the root handler rewrites those paths and any secret we
registered before the line reaches a handler.
"""

from __future__ import annotations

import logging
import re

_URL_TOKEN = re.compile(r"(/waInstance\d+/[A-Za-z]+/)([^/?\s\"']+)")
_known_secrets: set[str] = set()


def mask(secret: str | None) -> str:
    """What a person may see of a secret: enough to recognise it, not to use it."""
    if not secret:
        return "—"
    if len(secret) <= 8:
        return "•" * len(secret)
    return f"{secret[:4]}…{secret[-4:]}"


def register_secret(secret: str | None) -> None:
    if secret and len(secret) >= 6:
        _known_secrets.add(secret)


def redact(text: str) -> str:
    text = _URL_TOKEN.sub(lambda m: m.group(1) + "***", text)
    for secret in _known_secrets:
        if secret in text:
            text = text.replace(secret, mask(secret))
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(exc_text)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("tortoise").setLevel(logging.WARNING)
