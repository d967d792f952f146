"""E-mail as an outbox: a Letter rendered (bot.render.email) and handed to an SMTP server with aiosmtplib.

The connection is protected unless the URL says otherwise: `smtp+starttls://` upgrades a plain
connection (port 587) and refuses to go on if the server cannot; `smtps://` speaks TLS from the
first byte (port 465); `smtp+insecure://` sends in clear, for a relay on the same host or network
only (the digest is LIMITE: in clear it can be read by anyone on the path). Certificates are
verified, against the system's CAs or PARTNERBOT_SMTP_CA_FILE.

One message, one recipient, one SMTP transaction: a refusal then belongs to exactly one delivery.
The server's 5xx for the address (or for the message) is final, so the DeliveryError says
`permanent` and the delivery is given up at once, the admins told; a 4xx, a refused connection
or a timeout is temporary and retried on the delivery schedule. SMTP cannot say afterwards
whether a message went out, so `already_delivered` answers None; the Message-ID is derived from
the delivery key, so a copy sent again after a crash carries the same id.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Literal
from urllib.parse import unquote, urlsplit

import aiosmtplib

from bot.app.outbox import DeliveryError
from bot.clock import Clock, SystemClock
from bot.model import Letter
from bot.render.email import render_email
from bot.settings import SMTP_SCHEMES, Settings
from bot.workgroup import Person

log = logging.getLogger(__name__)
SEND_TIMEOUT = 30.0  # seconds for the whole exchange; a slower server is retried later


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: Literal["starttls", "tls", "none"]
    username: str | None = None
    password: str | None = None
    ca_file: str | None = None

    @staticmethod
    def from_settings(settings: Settings) -> SmtpServer | None:
        """None when no SMTP_URL is set: e-mail is then not a channel at all (nothing queued for it)."""
        if settings.smtp_url is None:
            return None
        parts = urlsplit(settings.smtp_url)  # checked by the settings: scheme, host, no password
        security: Literal["starttls", "tls", "none"] = {
            "smtp+starttls": "starttls",
            "smtps": "tls",
            "smtp+insecure": "none",
        }[parts.scheme]  # type: ignore[assignment]
        return SmtpServer(
            host=parts.hostname or "",
            port=parts.port or SMTP_SCHEMES[parts.scheme],
            security=security,
            # a user without PARTNERBOT_SMTP_PASSWORD logs in with nothing: a relay that trusts the network
            username=unquote(parts.username) if parts.username and settings.smtp_password else None,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            ca_file=str(settings.smtp_ca_file) if settings.smtp_ca_file else None,
        )


def sender_address(value: str) -> Address:
    name, address = parseaddr(value)
    username, _, domain = address.partition("@")
    return Address(display_name=name, username=username, domain=domain)


class EmailOutbox:
    platform = "email"

    def __init__(self, server: SmtpServer, sender: Address, clock: Clock | None = None) -> None:
        self.server = server
        self.sender = sender
        self.clock = clock or SystemClock()

    def reaches(self, person: Person) -> bool:
        return person.email is not None

    async def send_mail(self, person: Person, letter: Letter) -> None:
        if person.email is None:
            raise DeliveryError(f"email: {person.id} has no address in the working-group file", permanent=True)
        to = sender_address(f"{person.name} <{person.email}>")
        message = render_email(letter, sender=self.sender, to=to, at=self.clock.now())
        server = self.server
        try:
            await aiosmtplib.send(
                message.as_bytes(),  # flattened with the message's own policy (aiosmtplib's would fold long ids)
                sender=self.sender.addr_spec,
                recipients=[person.email],
                hostname=server.host,
                port=server.port,
                username=server.username,
                password=server.password,
                use_tls=server.security == "tls",
                start_tls=server.security == "starttls",
                cert_bundle=server.ca_file,
                timeout=SEND_TIMEOUT,
            )
        except aiosmtplib.SMTPRecipientsRefused as refused:
            first = refused.recipients[0]
            raise DeliveryError(f"email: {first.code} {first.message}", permanent=first.code >= 500) from None
        except aiosmtplib.SMTPDataError as error:  # the message itself refused
            raise DeliveryError(f"email: {error.code} {error.message}", permanent=error.code >= 500) from None
        except aiosmtplib.SMTPResponseException as error:  # greeting, EHLO, login, sender: the setup, not the address
            raise DeliveryError(f"email: {error.code} {error.message}") from None
        except (aiosmtplib.SMTPException, OSError) as error:  # refused, unreachable, timed out, TLS refused
            raise DeliveryError(f"email: {error.__class__.__name__}: {error}") from None
        log.info("mail %s sent to %s", message["Message-ID"], person.id)

    async def already_delivered(self, person: Person, key: str) -> bool | None:
        """SMTP cannot be asked what it delivered."""
        return None


def email_outbox(settings: Settings, clock: Clock | None = None) -> EmailOutbox | None:
    """The e-mail outbox the settings describe; None without PARTNERBOT_SMTP_URL. ValueError says what is missing."""
    server = SmtpServer.from_settings(settings)
    if server is None:
        return None
    if settings.mail_from is None:
        raise ValueError("PARTNERBOT_MAIL_FROM must be set with PARTNERBOT_SMTP_URL: it is the From of every message")
    return EmailOutbox(server, sender_address(settings.mail_from), clock)
