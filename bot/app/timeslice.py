"""The scheduler's tick shares the event loop with every answer the bot gives: its long loops (planning
hundreds of leads, re-planning thousands of jobs) give the loop back every few milliseconds.

One concurrency model: the work stays on the loop, in slices, rather than in a thread, where the pure
Python work would hold the GIL against the loop anyway.
"""

from __future__ import annotations

import asyncio
import time

SLICE_SECONDS = 0.005


class TimeSlice:
    """Call `await slice.share()` between steps of a long loop: once the slice is used up, the loop runs
    whatever else is ready before the next step. A budget of 0 yields at every step."""

    def __init__(self, seconds: float = SLICE_SECONDS) -> None:
        self.seconds = seconds
        self.yields = 0
        self._since = time.perf_counter()

    async def share(self) -> None:
        if time.perf_counter() - self._since >= self.seconds:
            await asyncio.sleep(0)
            self.yields += 1
            self._since = time.perf_counter()
