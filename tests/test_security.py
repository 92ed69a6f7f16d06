"""Secrets: tokens encrypted at rest, never in logs, shown masked."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from bot.i18n import I18n
from bot.logs import RedactingFilter, mask, redact, register_secret
from bot.store.crypto import TokenCipher
from bot.store.hotels import InvalidHotel, create_hotel
from bot.store.models import Hotel
from tests.conftest import SECRET_KEY
from tests.fakes.greenapi import DEFAULT_TOKEN

TOKEN = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345"


def test_url_tokens_are_redacted() -> None:
    line = f"POST https://7105.api.greenapi.com/waInstance1101/sendMessage/{TOKEN} failed"
    assert TOKEN not in redact(line)
    assert "/waInstance1101/sendMessage/***" in redact(line)


def test_registered_secrets_are_masked_in_records(caplog: pytest.LogCaptureFixture) -> None:
    register_secret("super-secret-value-42")
    logger = logging.getLogger("test.redaction")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="test.redaction"):
        logger.info("token is %s", "super-secret-value-42")
    assert "super-secret-value-42" not in caplog.text
    assert mask("super-secret-value-42") == "supe…e-42"
    assert mask(None) == "—"


def test_cipher_round_trip_and_wrong_key() -> None:
    stored = TokenCipher("k1").encrypt(TOKEN)
    assert TOKEN not in stored
    assert TokenCipher("k1").decrypt(stored) == TOKEN
    with pytest.raises(ValueError, match="SECRET_KEY"):
        TokenCipher("k2").decrypt(stored)


async def test_tokens_are_encrypted_in_the_database(app_client: object) -> None:
    hotel, webhook_token = await create_hotel(
        TokenCipher(SECRET_KEY),
        name="H",
        instance_id=7,
        token=DEFAULT_TOKEN,
        api_url="http://127.0.0.1:1",
    )
    row = await Hotel.get(id=hotel.id)
    assert DEFAULT_TOKEN not in row.token_encrypted
    assert webhook_token not in row.webhook_token_encrypted
    assert TokenCipher(SECRET_KEY).decrypt(row.token_encrypted) == DEFAULT_TOKEN


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", " ", "hotel_name"),
        ("instance_id", 0, "hotel_instance"),
        ("api_url", "ftp://x", "hotel_api_url"),
        ("timezone", "Mars/Olympus", "hotel_timezone"),
        ("hours", "8-22", "hotel_hours"),
    ],
)
async def test_invalid_hotels_are_refused(
    app_client: object, field: str, value: object, message: str
) -> None:
    kwargs: dict[str, object] = {
        "name": "H",
        "instance_id": 9,
        "token": "t",
        "api_url": "http://x",
        field: value,
    }
    with pytest.raises(InvalidHotel) as refused:
        await create_hotel(TokenCipher(SECRET_KEY), **kwargs)  # type: ignore[arg-type]
    assert refused.value.key == message
    # Said in each language from locales/*/refusals.yaml, never as the bare key.
    i18n = I18n()
    for lang in ("en", "ru"):
        text = i18n.refusal(refused.value, lang)
        assert text and message not in text
    assert await Hotel.all().count() == 0


def test_every_test_security_md_names_exists() -> None:
    """SECURITY.md's promises point at tests: a renamed or removed test must not leave a
    promise pointing at nothing."""
    root = Path(__file__).resolve().parents[1]
    page = (root / "SECURITY.md").read_text()
    named = re.findall(r"tests/(\w+\.py)(?:::(\w+))?", page)
    assert len(named) > 10
    for file, test in named:
        source = (root / "tests" / file).read_text()
        assert not test or f"def {test}(" in source, f"{file}::{test} is not there"
