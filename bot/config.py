"""Settings from the environment (and `.env`), as DESIGN.md lists them.

Built once in `main.py` and passed down; nothing else reads the environment, so tests build
`Settings(...)` directly.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import limits
from bot.gateway_hosts import DEFAULT_MEDIA_HOSTS, HostEntry, parse_hosts


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = ""
    data_dir: Path = Path("data")
    host: str = "0.0.0.0"  # noqa: S104 - a server listens on all interfaces by default
    port: int = 8000
    public_url: str | None = None

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_webhook_url: str | None = None
    super_admin_ids: str = ""

    green_api_url: str = "https://api.green-api.com"
    # Where a hotel's API and media URLs may point (DESIGN.md): `*.` wildcards, `http://` allows
    # plain http to that host, no port means any port. Empty: Green API's own domains, https.
    green_api_hosts: str = ""
    # Where a guest's files may be downloaded from (a notification's downloadUrl, never
    # fetched from any other host): the same syntax; empty: Yandex Object Storage, where Green
    # API keeps them, and Green API's own domains.
    green_api_media_hosts: str = ""

    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    # Opt-in: an embeddings model (e.g. text-embedding-3-small) adds a ranking by meaning to
    # the choice of facts sent to the model (guest_flow/ai_embed.py); unset, retrieval is
    # lexical alone and makes no call.
    openai_embeddings_model: str | None = None
    # The model never makes anything else slower: a guest's whole model call (waiting for a
    # free model slot, retries included) ends at this deadline, and the guest gets the
    # fallback with a person offered.
    ai_deadline_seconds: float = Field(default=8.0, gt=0)
    ai_retries: int = Field(default=1, ge=0)  # more tries on 429/5xx/no connection, in time
    ai_concurrency: int = Field(default=16, ge=1)  # model calls in flight, every hotel
    ai_hotel_concurrency: int = Field(default=4, ge=1)  # model calls in flight, one hotel
    # Failed calls in a row that open the circuit breaker (everyone answered from knowledge),
    # and how often a probe asks the model whether it is back.
    ai_breaker_failures: int = Field(default=5, ge=1)
    ai_probe_seconds: float = Field(default=30.0, gt=0)
    # Price per 1,000 tokens (USD, gpt-4o-mini's list price) for the estimated cost in /stats.
    ai_price_prompt_per_1k: float = Field(default=0.00015, ge=0)
    ai_price_completion_per_1k: float = Field(default=0.0006, ge=0)

    redis_url: str | None = None
    secret_key: SecretStr | None = None

    # Tunables that are not part of the stable interface but that tests and the benchmark need.
    max_body_bytes: int = limits.WEBHOOK_BODY_BYTES
    flood_messages: int = Field(default=8, ge=1)
    flood_window_seconds: float = 30.0
    send_rate_per_instance: float = 40.0
    outbox_max_attempts: int = 8
    outbox_base_delay: float = 1.0
    greenapi_timeout: float = 20.0
    # A send whose outcome is unknown counts as not sent only when the gateway's journal lacks
    # it this long after the attempt started (Green API: a message can take 2 minutes to show).
    reconcile_journal_delay: float = 120.0
    polling_receive_timeout: int = 20
    handoff_release_hours: float = 12.0
    # The daily scheduler (reports, backups): tests turn it off and drive it with their clock.
    scheduler_enabled: bool = True
    scheduler_interval: float = 20.0
    # Super admins' daily overview of all hotels: at this local time in this zone (each hotel's
    # numbers are still its own local day; hotel reports use each hotel's own report_time).
    report_overview_time: str = "09:00"
    report_overview_timezone: str = "UTC"
    # The nightly backup: at this UTC time ("HH:MM"), keeping the last daily and weekly ones.
    backup_time: str = "03:00"
    backup_keep_daily: int = Field(default=7, ge=1)
    backup_keep_weekly: int = Field(default=4, ge=0)
    log_level: str = "INFO"
    seed_demo: bool = True
    lang: str = "en"  # the shell's LANG, for command-line output

    @field_validator(
        "public_url",
        "telegram_webhook_url",
        "openai_base_url",
        "openai_api_key",
        "telegram_bot_token",
        "redis_url",
        "secret_key",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("backup_time")
    @classmethod
    def _backup_time_readable(cls, value: str) -> str:
        hours, _, minutes = value.strip().partition(":")
        if not (len(hours) == len(minutes) == 2 and hours.isdigit() and minutes.isdigit()):
            raise ValueError("BACKUP_TIME is HH:MM (UTC), e.g. 03:00")
        if int(hours) > 23 or int(minutes) > 59:
            raise ValueError("BACKUP_TIME is HH:MM (UTC), e.g. 03:00")
        return value.strip()

    @field_validator("green_api_hosts")
    @classmethod
    def _hosts_readable(cls, value: str) -> str:
        parse_hosts(value)  # a typo stops the start rather than refusing every hotel later
        return value

    @field_validator("green_api_media_hosts")
    @classmethod
    def _media_hosts_readable(cls, value: str) -> str:
        parse_hosts(value, DEFAULT_MEDIA_HOSTS, "GREEN_API_MEDIA_HOSTS")
        return value

    @property
    def media_hosts(self) -> tuple[HostEntry, ...]:
        """GREEN_API_MEDIA_HOSTS read: where a guest's files may be downloaded from."""
        return parse_hosts(
            self.green_api_media_hosts, DEFAULT_MEDIA_HOSTS, "GREEN_API_MEDIA_HOSTS"
        )

    @property
    def gateway_hosts(self) -> tuple[HostEntry, ...]:
        """GREEN_API_HOSTS read (bot.gateway_hosts): where hotels' gateway URLs may point."""
        return parse_hosts(self.green_api_hosts)

    @property
    def cli_language(self) -> str:
        return self.lang.split("_")[0].split(".")[0].lower() or "en"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite://{self.data_dir / 'hotel.db'}"

    @property
    def admin_ids(self) -> frozenset[int]:
        return frozenset(int(x) for x in self.super_admin_ids.replace(" ", "").split(",") if x)

    def resolved_secret_key(self) -> str:
        """The key that encrypts gateway tokens: from the environment, else kept in DATA_DIR.

        Generated once so a fresh install needs no setup, and persisted so a restart can still
        decrypt what it stored.
        """
        if self.secret_key is not None and self.secret_key.get_secret_value():
            return self.secret_key.get_secret_value()
        path = self.data_dir / "secret.key"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: keys, database
        key = secrets.token_urlsafe(32)
        # Created 0600 in one step: never readable by others, not even for a moment.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(key)
        return key
