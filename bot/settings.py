"""Settings from the environment (PARTNERBOT_*, plus the platform tokens) and an optional .env file.

Validated once at start: a bad value stops the bot with a message that names the
setting, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.log_redaction import LogFormat

SMTP_SCHEMES = {"smtp+starttls": 587, "smtps": 465, "smtp+insecure": 25}  # scheme → default port


class SettingsError(ValueError):
    pass


def default_database_url() -> str:
    """SQLite in the working directory: `partnerbot.db`, beside `partnerbot.yaml`."""
    return "sqlite+aiosqlite:///partnerbot.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARTNERBOT_", env_file=".env", extra="ignore")

    document: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["bundled"])
    config: Path = Path("partnerbot.yaml")
    database_url: str = Field(default_factory=default_database_url)
    log_level: str = "INFO"
    log_format: LogFormat = "text"

    # secrets print as ********** wherever a settings object is shown; `secrets()` lists them for log redaction
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "PARTNERBOT_SLACK_BOT_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "PARTNERBOT_SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "PARTNERBOT_SLACK_APP_TOKEN")
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL", "PARTNERBOT_SLACK_API_URL")
    )
    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "PARTNERBOT_TELEGRAM_BOT_TOKEN")
    )
    telegram_webhook_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_WEBHOOK_SECRET", "PARTNERBOT_TELEGRAM_WEBHOOK_SECRET")
    )
    telegram_api_url: str = Field(
        default="https://api.telegram.org/bot",
        validation_alias=AliasChoices("TELEGRAM_API_URL", "PARTNERBOT_TELEGRAM_API_URL"),
    )

    # e-mail: the digest, its addenda and meeting invitations to those with an address (bot.app.adapters.email)
    smtp_url: str | None = None  # smtp+starttls://user@host:587, smtps://user@host:465, smtp+insecure://host:25
    smtp_password: SecretStr | None = None
    smtp_ca_file: Path | None = None  # a CA bundle for a relay whose certificate a private CA signed
    mail_from: str | None = None  # the From of every message: "Partnership bot <bot@example.org>"

    def secrets(self) -> list[str]:
        """Every secret's value, for the logs to redact (bot.log_redaction)."""
        values = (
            self.slack_bot_token,
            self.slack_signing_secret,
            self.slack_app_token,
            self.telegram_bot_token,
            self.telegram_webhook_secret,
            self.smtp_password,
        )
        return [value.get_secret_value() for value in values if value]

    @field_validator("document", mode="before")
    @classmethod
    def _split_documents(cls, value: object) -> object:
        """PARTNERBOT_DOCUMENT may list several files separated by commas."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite+aiosqlite:/// or postgresql+psycopg:// URL")
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp(cls, value: str | None) -> str | None:
        """The scheme says how the connection is protected; a password in the URL would end up in logs and `ps`."""
        if value is None:
            return None
        from urllib.parse import urlsplit

        parts = urlsplit(value)
        if parts.scheme not in SMTP_SCHEMES:
            raise ValueError("must start smtp+starttls://, smtps:// or (for a local relay only) smtp+insecure://")
        if not parts.hostname:
            raise ValueError("names no host")
        if parts.password is not None:
            raise ValueError("must not hold the password: set PARTNERBOT_SMTP_PASSWORD")
        try:
            parts.port  # noqa: B018  (raises on a port that is not a number)
        except ValueError:
            raise ValueError("has a port that is not a number") from None
        return value

    @field_validator("mail_from")
    @classmethod
    def _sender(cls, value: str | None) -> str | None:
        from email.utils import parseaddr

        if value is not None and "@" not in parseaddr(value)[1]:
            raise ValueError("must be an address, e.g. Partnership bot <bot@example.org>")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value.upper()


def load_settings(**overrides: object) -> Settings:
    """Settings with command-line overrides; raises SettingsError naming the bad setting."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = str(item["loc"][0]) if item["loc"] else "setting"
            env = name.upper() if name.upper().startswith(("SLACK_", "TELEGRAM_")) else f"PARTNERBOT_{name.upper()}"
            problems.append(f"{env}: {item['msg']}")
        raise SettingsError("bad setting: " + "; ".join(problems)) from None
