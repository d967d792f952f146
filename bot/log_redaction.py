"""No secret in any log line: tokens and signing secrets are replaced wherever a library writes them.

python-telegram-bot's HTTP client logs every request URL at INFO, and the Bot API puts the token in the URL
(`/bot<TOKEN>/getUpdates`); other libraries log headers or bodies at DEBUG. A filter per library would miss
the next one, so the redaction sits in the formatter of the root's handlers and applies to the finished line,
traceback included: the configured secrets by value, and anything shaped like a Slack or Telegram token.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

REDACTED = "[redacted]"
# Slack tokens (xoxb-, xoxp-, xapp-, …) and Telegram bot tokens (digits:35 characters), wherever they stand,
# "/bot<TOKEN>/" in a URL included
TOKEN_SHAPES = re.compile(r"\bxox[a-z]-[A-Za-z0-9-]{10,}|\bxapp-[A-Za-z0-9-]{10,}|\d{5,}:[A-Za-z0-9_-]{30,}")


class RedactingFormatter(logging.Formatter):
    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        # longest first, so a secret containing another is replaced whole
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._secrets)


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return TOKEN_SHAPES.sub(REDACTED, text)


def install(secrets: Iterable[str], fmt: str) -> None:
    """Put the redacting formatter on every handler of the root logger (where every library's records end)."""
    formatter = RedactingFormatter(fmt, secrets)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)
