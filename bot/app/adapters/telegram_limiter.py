"""Throttling and retries under every Telegram Bot API call: python-telegram-bot's AIORateLimiter, bounded.

AIORateLimiter already keeps the bot under Telegram's limits (about 30 messages a second overall,
20 a minute in a group) and waits out flood control (429 with `retry_after`, holding every other
request meanwhile) up to `max_retries` times. It does not space messages to one private chat (a
digest in several parts goes as a burst, which Telegram allows; should it answer 429, the wait is
waited out). Two things it does not do, and this subclass adds:

- it waits whatever Telegram asks: a `retry_after` of 100000 would park the send for a day. A wait
  over MAX_RETRY_WAIT is not waited here: the send raises a DeliveryError carrying it, and the
  delivery's retry schedule uses it;
- it does not retry a server error: one 5xx would drop an answer. A NetworkError that is neither a
  BadRequest (our request was wrong: sending it again cannot help) nor a TimedOut (the message may
  have arrived: sending it again could post it twice) is tried again, backing off, up to
  MAX_SEND_ATTEMPTS in all.

Both hook into `_run_request`, the one attempt the base class's retry loop makes each time round
(python-telegram-bot 22, pinned below 23): a long wait is turned into an error before that loop
would sleep on it, and a server error is retried inside one attempt.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.app.adapters.sending import MAX_RETRY_WAIT, MAX_SEND_ATTEMPTS
from bot.app.outbox import DeliveryError

log = logging.getLogger(__name__)

FIRST_BACKOFF = 0.5  # seconds before the second attempt after a server error; doubled each time

Result = bool | dict[str, Any] | list[dict[str, Any]]  # a Bot API call's decoded result


def retry_after_seconds(error: RetryAfter) -> float:
    """The wait Telegram asked for. PTB gives an int, or a timedelta with PTB_TIMEDELTA set, and
    warns that the int form is deprecated on every read; the warning says nothing to our operators."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class BoundedRateLimiter(AIORateLimiter):
    """AIORateLimiter with its defaults, flood waits retried up to MAX_SEND_ATTEMPTS in all, none longer
    than MAX_RETRY_WAIT, and server errors retried."""

    def __init__(self) -> None:
        super().__init__(max_retries=MAX_SEND_ATTEMPTS - 1)

    async def _run_request(
        self,
        chat: bool,
        group: str | int | bool,
        allow_paid_broadcast: bool,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> Result:
        attempt = 1
        while True:
            try:
                return await super()._run_request(chat, group, allow_paid_broadcast, callback, args, kwargs)
            except RetryAfter as error:
                wait = retry_after_seconds(error)
                if wait > MAX_RETRY_WAIT:
                    raise DeliveryError(f"telegram: {error.message}", retry_after=wait) from error
                raise
            except NetworkError as error:
                if isinstance(error, BadRequest | TimedOut) or attempt >= MAX_SEND_ATTEMPTS:
                    raise
                backoff = FIRST_BACKOFF * 2 ** (attempt - 1)
                log.warning("telegram: %s; trying again in %.1f s (attempt %d)", error.message, backoff, attempt)
                await asyncio.sleep(backoff)
                attempt += 1
