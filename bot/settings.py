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
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "PARTNERBOT_SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "PARTNERBOT_SLACK_SIGNING_SECRET"))
    slack_app_token: SecretStr | None = Field(default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "PARTNERBOT_SLACK_APP_TOKEN"))
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL", "PARTNERBOT_SLACK_API_URL"))
    telegram_bot_token: SecretStr | None = Field(default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "PARTNERBOT_TELEGRAM_BOT_TOKEN"))
    telegram_webhook_secret: SecretStr | None = Field(default=None, validation_alias=AliasChoices("TELEGRAM_WEBHOOK_SECRET", "PARTNERBOT_TELEGRAM_WEBHOOK_SECRET"))
    telegram_api_url: str = Field(default="https://api.telegram.org/bot", validation_alias=AliasChoices("TELEGRAM_API_URL", "PARTNERBOT_TELEGRAM_API_URL"))

    def secrets(self) -> list[str]:
        """Every secret's value, for the logs to redact (bot.log_redaction)."""
        values = (self.slack_bot_token, self.slack_signing_secret, self.slack_app_token, self.telegram_bot_token, self.telegram_webhook_secret)
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
