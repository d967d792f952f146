"""What the chat adapters do alike when a send meets trouble, and when they stop.

A platform may ask the bot to wait (Slack's `Retry-After`, Telegram's `retry_after`); a wait up to
MAX_RETRY_WAIT is waited out in place, a longer one is not: the send fails with a DeliveryError
carrying the wait, and the delivery's own retry schedule takes it from there. A listener parked for
hours would hold up shutdown and answer nobody. A send is tried at most MAX_SEND_ATTEMPTS times in
all, whatever went wrong (flood control, a server error).

On the way out, work under way (answers being written, sends waiting) gets DRAIN_SECONDS to finish
and is then cancelled, so a process told to stop stops within seconds whatever is in flight.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

MAX_RETRY_WAIT = 60.0  # seconds
MAX_SEND_ATTEMPTS = 3
DRAIN_SECONDS = 3.0


def retry_after_header(headers: Mapping[str, Any]) -> float | None:
    """The seconds of an HTTP `Retry-After` header, whatever the case of its name and whether the
    value comes alone or in a list (slack_sdk's retry handlers see lists); None when absent or not a number."""
    for name, value in headers.items():
        if name.lower() == "retry-after":
            first = value[0] if isinstance(value, list) and value else value
            try:
                return float(first)
            except (TypeError, ValueError):
                return None
    return None


def track(tasks: set[asyncio.Task[Any]]) -> None:
    """Count the running task (a listener, an update's handler) in `tasks` until it ends, so `drain` waits for it.

    The frameworks start these tasks and do not keep them for us; holding them here also keeps
    them from being garbage-collected half-way.
    """
    task = asyncio.current_task()
    if task is not None:
        tasks.add(task)
        task.add_done_callback(tasks.discard)


async def drain(tasks: set[asyncio.Task[Any]], grace: float | None = None) -> None:
    """Wait until every task in `tasks` has finished; after `grace` seconds, cancel those still running.

    The set is live (tasks add and remove themselves), so work that starts while waiting is waited
    for too, within the same grace. A listener that has just been scheduled registers itself in its
    first step, so the loop is given one turn before looking (a yield, not a wait for time to pass).
    """
    loop = asyncio.get_running_loop()
    deadline = None if grace is None else loop.time() + grace
    await asyncio.sleep(0)
    while tasks:
        remaining = None if deadline is None else deadline - loop.time()
        if remaining is not None and remaining <= 0:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        else:
            await asyncio.wait(set(tasks), timeout=remaining)
        await asyncio.sleep(0)
