"""Secrets are taken out of every log line, by value and by the shape of platform tokens."""

from __future__ import annotations

import json
import logging
import sys

from bot.log_redaction import REDACTED, RedactingFormatter, redact
from bot.settings import Settings


def test_configured_secrets_and_token_shapes_are_redacted() -> None:
    line = (
        "POST https://slack.com/api/chat.postMessage Authorization: Bearer xoxb-1234-5678-abcdefghij "
        "secret=s3cr3t-value"
    )
    assert (
        redact(line, ["s3cr3t-value"])
        == f"POST https://slack.com/api/chat.postMessage Authorization: Bearer {REDACTED} secret={REDACTED}"
    )
    assert redact("app token xapp-1-A0B1C2-3456-abcdef", []) == f"app token {REDACTED}"
    assert redact("GET /bot123456789:AAE_abcdefghijklmnopqrstuvwxyz0123456/getMe", []) == f"GET /bot{REDACTED}/getMe"
    assert redact("§14 and 2027-03-15 10:30:00", []) == "§14 and 2027-03-15 10:30:00"  # nothing else is touched


def test_settings_keep_secrets_out_of_their_own_repr_and_list_them_for_the_logs() -> None:
    settings = Settings(slack_bot_token="xoxb-1-2-abcdefghijkl", telegram_webhook_secret="hook-secret-123")
    assert "xoxb-1-2-abcdefghijkl" not in repr(settings) and "hook-secret-123" not in repr(settings)
    assert set(settings.secrets()) == {"xoxb-1-2-abcdefghijkl", "hook-secret-123"}


def test_a_traceback_is_redacted_too() -> None:
    formatter = RedactingFormatter("%(message)s", ["hook-secret-123"])
    try:
        raise ValueError("bad webhook secret hook-secret-123")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, exc_info=sys.exc_info())
    text = formatter.format(record)
    assert "hook-secret-123" not in text and "ValueError: bad webhook secret [redacted]" in text


FORGED = "a question\n2026-12-02 10:00:00,000 CRITICAL bot.security: FORGED-LINE\r\x1b[2Kand more\u2028\x85"


def record(message: str, *args: object, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord("bot.app.adapters.slack", logging.WARNING, __file__, 1, message, args, exc_info)  # type: ignore[arg-type]


def test_a_newline_in_what_a_stranger_sent_cannot_start_a_line_of_its_own() -> None:
    formatter = RedactingFormatter("%(levelname)s %(name)s: %(message)s", [])
    line = formatter.format(record("refused a request from %s", FORGED))
    assert line.splitlines() == [line]  # \n, \r, NEL, LINE SEPARATOR: splitlines breaks on all of them
    assert (
        line == "WARNING bot.app.adapters.slack: refused a request from a question"
        "\\n2026-12-02 10:00:00,000 CRITICAL bot.security: FORGED-LINE\\r\\x1b[2Kand more\\u2028\\x85"
    )


def test_a_traceback_is_one_record_on_one_line_and_still_redacted() -> None:
    formatter = RedactingFormatter("%(levelname)s %(message)s", ["hook-secret-123"])
    try:
        raise ValueError(f"bad webhook secret hook-secret-123 in {FORGED}")
    except ValueError:
        line = formatter.format(record("failed", exc_info=sys.exc_info()))
    assert line.splitlines() == [line]
    assert line.startswith("WARNING failed\\nTraceback (most recent call last):\\n  File ")
    assert "hook-secret-123" not in line and "ValueError: bad webhook secret [redacted] in a question\\n2026" in line


def test_the_json_format_is_one_object_a_line_with_the_exception_as_a_field() -> None:
    settings = Settings(log_format="json", telegram_webhook_secret="hook-secret-123")
    formatter = RedactingFormatter("%(message)s", settings.secrets(), settings.log_format)
    try:
        raise ValueError("bad webhook secret hook-secret-123")
    except ValueError:
        line = formatter.format(record("refused %s (%d) 한국어", FORGED, 401, exc_info=sys.exc_info()))
    assert line.splitlines() == [line]
    entry = json.loads(line)
    assert (
        entry["level"] == "WARNING" and entry["logger"] == "bot.app.adapters.slack" and entry["time"].endswith("+00:00")
    )
    assert entry["message"] == f"refused {FORGED} (401) 한국어"  # exactly what was logged, once decoded
    assert entry["exception"].startswith("Traceback") and entry["exception"].endswith(
        "ValueError: bad webhook secret [redacted]"
    )
