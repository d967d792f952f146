"""A real SMTP server for the tests: aiosmtpd on an ephemeral port, STARTTLS required with a certificate
made for the test by openssl, AUTH required after it, and recipients that are refused (5xx) or deferred
(4xx) on demand. What it accepts is kept as parsed `email` messages."""

from __future__ import annotations

import asyncio
import email
import email.policy
import ssl
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

USER, PASSWORD = "partnerbot", "s3cret-smtp-password"


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost; the client trusts it as its CA file."""
    cert, key = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass
class Mailbox:
    """What the server took, and what it does to given addresses."""

    received: list[tuple[str, EmailMessage]] = field(default_factory=list)  # (recipient, message)
    refuse: dict[str, str] = field(default_factory=dict)  # address → "550 5.1.1 …"
    defer: dict[str, int] = field(default_factory=dict)  # address → how many more RCPTs get 451
    attempts: dict[str, int] = field(default_factory=dict)  # address → RCPTs seen
    logins: list[str] = field(default_factory=list)
    tls_sessions: int = 0

    def to(self, address: str) -> list[EmailMessage]:
        return [message for who, message in self.received if who == address]

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        self.attempts[address] = self.attempts.get(address, 0) + 1
        if address in self.refuse:
            return self.refuse[address]
        if self.defer.get(address, 0) > 0:
            self.defer[address] -= 1
            return "451 4.3.0 Mailbox temporarily unavailable, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if session.ssl is not None:
            self.tls_sessions += 1
        content = envelope.original_content or b""
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        for recipient in envelope.rcpt_tos:
            self.received.append((recipient, message))
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if ok:
            self.logins.append(USER)
        return AuthResult(success=ok)


@asynccontextmanager
async def smtp_server(cert: tuple[Path, Path], *, tls: bool = True) -> AsyncIterator[tuple[int, Mailbox]]:
    """The server on this loop, on a port the system picks; with `tls`, STARTTLS and AUTH are required."""
    mailbox = Mailbox()
    context = None
    if tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert[0]), str(cert[1]))
    loop = asyncio.get_running_loop()

    def protocol() -> SMTP:
        return SMTP(
            mailbox,
            hostname="localhost",
            tls_context=context,
            require_starttls=tls,
            authenticator=mailbox.authenticate if tls else None,
            auth_required=tls,
            auth_require_tls=True,
            loop=loop,
        )

    server = await loop.create_server(protocol, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield port, mailbox
    finally:
        server.close()
        await server.wait_closed()
