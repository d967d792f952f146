"""Every log record is one line, and carries no secret: the formatter of the root's handlers sees to both.

No secret: python-telegram-bot's HTTP client logs every request URL at INFO, and the Bot API puts the token in
the URL (`/bot<TOKEN>/getUpdates`); other libraries log headers or bodies at DEBUG. A filter per library would
miss the next one, so the redaction sits in the formatter of the root's handlers and applies to the finished
text, traceback included: the configured secrets by value, and anything shaped like a Slack or Telegram token.

One line: a record's text may hold what a stranger sent (a header, a name, an exception's message), and a
newline in it would let them write a line of their own into the log (`… CRITICAL bot.security: FORGED`).
So line breaks and every other control character are escaped (`\\n`, `\\x1b`), in the message and in the
traceback alike: a traceback is one record, on one line. With `PARTNERBOT_LOG_FORMAT=json` each record is
one JSON object on one line instead, for log shippers that read fields.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Literal

REDACTED = "[redacted]"
# Slack tokens (xoxb-, xoxp-, xapp-, …) and Telegram bot tokens (digits:35 characters), wherever they stand,
# "/bot<TOKEN>/" in a URL included
TOKEN_SHAPES = re.compile(r"\bxox[a-z]-[A-Za-z0-9-]{10,}|\bxapp-[A-Za-z0-9-]{10,}|\d{5,}:[A-Za-z0-9_-]{30,}")
# What ends or rewrites a line somewhere: C0 controls (\n, \r, \t, ESC…), DEL, C1 controls (NEL among them)
# and Unicode's own line and paragraph separators, which str.splitlines and many viewers break on.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# JSON escapes C0 itself; the rest of _CONTROL is legal raw in a JSON string, and still breaks lines for some readers.
_JSON_UNESCAPED = re.compile("[\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

LogFormat = Literal["text", "json"]
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def one_line(text: str) -> str:
    """The text with every control character escaped: what was several lines is read as one."""
    return _CONTROL.sub(_escaped, text)


def json_line(fields: dict[str, str]) -> str:
    """One JSON object on one line, non-ASCII text kept readable (Korean stays Korean)."""
    return _JSON_UNESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(fields, ensure_ascii=False))


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return TOKEN_SHAPES.sub(REDACTED, text)


class RedactingFormatter(logging.Formatter):
    """Secrets out, one record one line: as text in `fmt`, or as a JSON object."""

    def __init__(self, fmt: str, secrets: Iterable[str], log_format: LogFormat = "text") -> None:
        super().__init__(fmt)
        self.log_format = log_format
        # longest first, so a secret containing another is replaced whole
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        if self.log_format == "text":
            return one_line(redact(super().format(record), self._secrets))
        fields = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            fields["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            fields["stack"] = self.formatStack(record.stack_info)
        return json_line({name: redact(value, self._secrets) for name, value in fields.items()})


def install(secrets: Iterable[str], log_format: LogFormat = "text") -> None:
    """Put the redacting formatter on every handler of the root logger (where every library's records end)."""
    formatter = RedactingFormatter(TEXT_FORMAT, secrets, log_format)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)
