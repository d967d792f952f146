"""The multi-step conversation engine, backed by the database.

A conversation's state is JSON validated by the flow's pydantic model and saved
after every answer, so a restart loses nothing and the next message resumes at
the same step, on any process. Each save is a compare-and-set on a version
column: when two messages race, one wins and the other is re-applied on top of
the winner's state, so neither is lost and the state is never half-written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Reply, text
from bot.runtime import Runtime
from bot.workgroup import Person
from storage import direct_reads, repo

log = logging.getLogger(__name__)
MAX_RACE_RETRIES = 5


@dataclass
class Turn:
    """What a flow returns for one message: its new state, what to say, and whether it has finished."""

    state: dict[str, Any]
    replies: list[Reply] = field(default_factory=list)
    finished: str | None = None  # "saved", "cancelled", ... closes the conversation
    passed: bool = False  # the message was not an answer but a command of its own: route it normally


@dataclass
class Advanced:
    """What the engine did with a message: the replies, whether the conversation took it as an answer, and,
    when it did not (a question asked in the middle), the conversation's open question, to ask again after
    the message is answered."""

    replies: list[Reply] = field(default_factory=list)
    taken: bool = False
    pending: Reply | None = None


class Flow(Protocol):
    kind: str

    async def advance(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: dict[str, Any], message: str
    ) -> Turn: ...

    def expiry_notice(self, runtime: Runtime, state: dict[str, Any], hours: int) -> Reply: ...

    def resume_notice(self, runtime: Runtime, state: dict[str, Any]) -> Reply: ...

    async def ask_again(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: dict[str, Any]
    ) -> Reply: ...


class ConversationEngine:
    """`started_at` and `_seen` tell a conversation this process takes up after a restart (last changed before
    the process started, not touched since): its first reply says where the person is."""

    def __init__(self, runtime: Runtime, flows: list[Flow]) -> None:
        self.runtime = runtime
        self.flows = {f.kind: f for f in flows}
        self.started_at = runtime.clock.now()
        self._seen: set[int] = set()

    def _expires(self, now: datetime) -> datetime:
        return now + timedelta(hours=self.runtime.workgroup.collection.conversation_expiry_hours)

    async def start(
        self, session: AsyncSession, person: Person, *, kind: str, state: dict[str, Any], platform: str, channel: str
    ) -> None:
        now = self.runtime.clock.now()
        row = await repo.start_conversation(
            session,
            person_id=person.id,
            platform=platform,
            channel=channel,
            kind=kind,
            state=state,
            at=now,
            expires_at=self._expires(now),
        )
        self._seen.add(row.id)

    async def advance(self, person: Person, message: str) -> Advanced:
        """Give the message to the person's open conversation.

        Not taken when there is no open conversation, when the flow passes the message on
        (a question or a command such as `away until ...`: the open question is returned to
        be asked again after it), or when the conversation had expired: the lead is told,
        and the message is answered as usual.
        """
        db = await self.runtime.database()
        if not await direct_reads.has_open_conversation(db, person.id):
            return Advanced()
        for _ in range(MAX_RACE_RETRIES):
            try:
                async with db.session() as session:
                    row = await repo.open_conversation(session, person.id)
                    if row is None:
                        return Advanced()
                    now = self.runtime.clock.now()
                    flow = self.flows[row.kind]
                    if row.expires_at <= now:
                        await repo.save_conversation(
                            session,
                            row.id,
                            row.version,
                            state=row.state,
                            at=now,
                            expires_at=row.expires_at,
                            close="expired",
                        )
                        return Advanced(
                            [
                                flow.expiry_notice(
                                    self.runtime, row.state, self.runtime.workgroup.collection.conversation_expiry_hours
                                )
                            ]
                        )
                    resumed = (
                        [flow.resume_notice(self.runtime, row.state)]
                        if row.id not in self._seen and row.updated_at < self.started_at
                        else []
                    )
                    turn = await flow.advance(self.runtime, session, person, dict(row.state), message)
                    if turn.passed:
                        self._seen.add(row.id)
                        return Advanced(
                            resumed, pending=await flow.ask_again(self.runtime, session, person, dict(row.state))
                        )
                    saved = await repo.save_conversation(
                        session,
                        row.id,
                        row.version,
                        state=turn.state,
                        at=now,
                        expires_at=self._expires(now),
                        close=turn.finished,
                    )
                    if not saved:
                        raise _Raced(row.id)  # rolls back everything this message did
                    self._seen.add(row.id)
                    return Advanced([*resumed, *turn.replies], taken=True)
            except _Raced as raced:
                log.info("conversation %s changed under us; applying the message again", raced)
        return Advanced([text_reply("Several messages arrived at once; please send that again.")], taken=True)

    async def expire(self) -> list[tuple[str, Reply]]:
        """Close every expired conversation; return (person id, notice) for each, to be sent."""
        db = await self.runtime.database()
        now = self.runtime.clock.now()
        notices = []
        async with db.session() as session:
            for row in await repo.expired_conversations(session, now):
                if await repo.save_conversation(
                    session, row.id, row.version, state=row.state, at=now, expires_at=row.expires_at, close="expired"
                ):
                    flow = self.flows[row.kind]
                    notices.append(
                        (
                            row.person_id,
                            flow.expiry_notice(
                                self.runtime, row.state, self.runtime.workgroup.collection.conversation_expiry_hours
                            ),
                        )
                    )
        return notices


class _Raced(Exception):
    """Another message saved the conversation first."""


def text_reply(message: str) -> Reply:
    return Reply(blocks=[text(message)])
