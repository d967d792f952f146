"""The real Dispatcher, keeping every Inbound an adapter hands it.

An adapter's whole job is the Inbound it builds; reading it here tests the
translation itself, whatever the understanding layer later makes of the text.
"""

from __future__ import annotations

import asyncio

from bot.app.dispatcher import Dispatcher
from bot.model import Inbound, Reply
from bot.runtime import Runtime


class RecordingDispatcher(Dispatcher):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__(runtime)
        self.inbounds: list[Inbound] = []
        self._arrived = asyncio.Condition()

    async def handle(self, inbound: Inbound) -> list[Reply]:
        self.inbounds.append(inbound)
        async with self._arrived:
            self._arrived.notify_all()
        return await super().handle(inbound)

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Inbound]:
        """Wait until `count` Inbounds have reached the dispatcher in all (where the adapter answers in the
        background, its ack comes before the Inbound)."""
        async with asyncio.timeout(timeout), self._arrived:
            await self._arrived.wait_for(lambda: len(self.inbounds) >= count)
        return self.inbounds
