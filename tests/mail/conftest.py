"""E-mail tests: a real SMTP server (tests.fakes.smtp_server) on this loop, and the bot's settings pointing at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.adapters.email import EmailOutbox
from bot.app.adapters.email import email_outbox as from_settings
from bot.clock import FakeClock
from bot.runtime import Runtime
from bot.settings import Settings
from tests.conftest import EXAMPLE_CONFIG
from tests.fakes.smtp_server import PASSWORD, USER, Mailbox, make_certificate, smtp_server

SENDER = "EU–ROK partnership bot <bot@partnership.example>"


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("smtp-tls"))


@pytest.fixture
async def smtp(certificate: tuple[Path, Path]) -> AsyncIterator[tuple[int, Mailbox]]:
    async with smtp_server(certificate) as server:
        yield server


def mail_settings(
    database_url: str, port: int, certificate: tuple[Path, Path], scheme: str = "smtp+starttls"
) -> Settings:
    return Settings(
        config=EXAMPLE_CONFIG,
        database_url=database_url,
        document=["bundled"],
        smtp_url=f"{scheme}://{USER}@127.0.0.1:{port}",
        smtp_password=PASSWORD,
        smtp_ca_file=certificate[0],
        mail_from=SENDER,
    )


@pytest.fixture
async def mail_runtime(
    database_url: str, clock: FakeClock, smtp: tuple[int, Mailbox], certificate: tuple[Path, Path]
) -> AsyncIterator[Runtime]:
    runtime = Runtime.load(mail_settings(database_url, smtp[0], certificate), clock)
    yield runtime
    await runtime.close()


@pytest.fixture
def mailbox(smtp: tuple[int, Mailbox]) -> Mailbox:
    return smtp[1]


def email_outbox(runtime: Runtime) -> EmailOutbox:
    outbox = from_settings(runtime.settings, runtime.clock)
    assert outbox is not None
    return outbox
