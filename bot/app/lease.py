"""The scheduler's lease: which process sends, and a generation that fences out one that lost it.

Only the holder plans and sends. The lease and every claim are timed on the
database's clock (see storage.repo.database_now), so processes whose clocks
disagree still agree on who holds it; each hand-over raises the generation,
and every delivery claim is refused unless taken under the current one.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import timedelta

from bot.runtime import Runtime
from storage import repo

log = logging.getLogger(__name__)
SCHEDULER = "scheduler"
TTL = timedelta(seconds=60)  # renewed every 15 s (bot.app.scheduler), so three renewals may fail before it is lost


def process_holder() -> str:
    """Who this process is, in the lease row and the logs: host, pid and a random suffix (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Lease:
    def __init__(self, runtime: Runtime, holder: str | None = None, name: str = SCHEDULER) -> None:
        self.runtime = runtime
        self.name = name
        self.holder = holder or process_holder()
        self.generation: int | None = None

    @property
    def fence(self) -> repo.Fence | None:
        """What this process's claims are made under; None while it does not hold the lease."""
        return None if self.generation is None else repo.Fence(self.name, self.holder, self.generation)

    async def hold(self) -> bool:
        """Take or renew the lease; False (and no fence) when another process holds it."""
        database = await self.runtime.database()
        async with database.session() as session:
            generation = await repo.take_lease(session, self.name, self.holder, TTL)
        if generation != self.generation:
            if generation is None:
                log.info("scheduler lease lost by %s (generation %s)", self.holder, self.generation)
            else:
                log.info("scheduler lease taken by %s (generation %d)", self.holder, generation)
        self.generation = generation
        return generation is not None

    async def release(self) -> None:
        if self.generation is None:
            return
        database = await self.runtime.database()
        async with database.session() as session:
            await repo.release_lease(session, self.name, self.holder)
        self.generation = None
