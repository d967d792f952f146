"""The scheduling tests' fixtures: a recording outbox, and deliveries through it under a held lease."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app.delivery import Deliveries
from bot.app.dispatcher import Dispatcher
from bot.app.outbox import RecordingOutbox
from bot.runtime import Runtime
from tests.scheduling.support import deliveries_for


@pytest.fixture
def outbox() -> RecordingOutbox:
    return RecordingOutbox()


@pytest.fixture
async def deliveries(runtime: Runtime, dispatcher: Dispatcher, outbox: RecordingOutbox) -> AsyncIterator[Deliveries]:
    await runtime.database()  # sync the file (meetings are created "now", well before their rounds)
    yield await deliveries_for(runtime, dispatcher, outbox)
