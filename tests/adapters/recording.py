"""The real Dispatcher, keeping every Inbound an adapter hands it.

An adapter's whole job is the Inbound it builds; reading it here tests the
translation itself, whatever the understanding layer later makes of the text.
"""

from __future__ import annotations

from bot.app.dispatcher import Dispatcher
from bot.model import Inbound, Reply
from bot.runtime import Runtime


class RecordingDispatcher(Dispatcher):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__(runtime)
        self.inbounds: list[Inbound] = []

    async def handle(self, inbound: Inbound) -> list[Reply]:
        self.inbounds.append(inbound)
        return await super().handle(inbound)
