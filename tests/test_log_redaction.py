"""Secrets are taken out of every log line, by value and by the shape of platform tokens."""

from __future__ import annotations

import logging
import sys

from bot.log_redaction import REDACTED, RedactingFormatter, redact
from bot.settings import Settings


def test_configured_secrets_and_token_shapes_are_redacted() -> None:
    line = "POST https://slack.com/api/chat.postMessage Authorization: Bearer xoxb-1234-5678-abcdefghij secret=s3cr3t-value"
    assert redact(line, ["s3cr3t-value"]) == f"POST https://slack.com/api/chat.postMessage Authorization: Bearer {REDACTED} secret={REDACTED}"
    assert redact("app token xapp-1-A0B1C2-3456-abcdef", []) == f"app token {REDACTED}"
    assert redact("GET /bot123456789:AAE_abcdefghijklmnopqrstuvwxyz0123456/getMe", []) == f"GET /bot{REDACTED}/getMe"
    assert redact("§14 and 2027-03-15 10:30:00", []) == "§14 and 2027-03-15 10:30:00"  # nothing else is touched

def test_settings_keep_secrets_out_of_their_own_repr_and_list_them_for_the_logs() -> None:
    settings = Settings(slack_bot_token="xoxb-1-2-abcdefghijkl", telegram_webhook_secret="hook-secret-123")  # type: ignore[arg-type]
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
