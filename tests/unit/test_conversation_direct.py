"""The conversation engine with a small flow of its own, on a real database: each outcome of `advance`
(no conversation, taken, finished, passed on, expired at the boundary, resumed after a restart, raced)
and `expire`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from bot.conversation import MAX_RACE_RETRIES, Advanced, ConversationEngine, Turn, text_reply
from bot.knowledge import Knowledge
from bot.model import Reply
from bot.runtime import Runtime
from bot.settings import Settings
from bot.workgroup import Person, load_workgroup
from storage import repo
from storage.db import Database
from storage.models import ConversationRow
from tests.conftest import EXAMPLE_CONFIG


@dataclass
class Counting:
    """Counts answers in its state; "done" finishes, "?" passes the message on, and `race` saves the
    conversation from another session first (as another process would) that many times."""

    runtime: Runtime
    kind: str = "counting"
    race: int = 0
    seen: list[dict[str, Any]] = field(default_factory=list)

    async def advance(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: dict[str, Any], message: str
    ) -> Turn:
        assert runtime is self.runtime and isinstance(session, AsyncSession) and person.id
        self.seen.append(dict(state))
        if self.race:
            self.race -= 1
            await other_process_answers(runtime, person)
        if message == "?":
            return Turn(state, passed=True)
        count = state["count"] + 1
        return Turn(
            {"count": count}, [text_reply(f"{message} #{count}")], finished="saved" if message == "done" else None
        )

    def expiry_notice(self, runtime: Runtime, state: dict[str, Any], hours: int) -> Reply:
        assert runtime is self.runtime
        return text_reply(f"expired after {hours} h at {state['count']}")

    def resume_notice(self, runtime: Runtime, state: dict[str, Any]) -> Reply:
        assert runtime is self.runtime
        return text_reply(f"resuming at {state['count']}")

    async def ask_again(self, runtime: Runtime, session: AsyncSession, person: Person, state: dict[str, Any]) -> Reply:
        assert runtime is self.runtime and isinstance(session, AsyncSession) and person.id
        return text_reply(f"still at {state['count']}")


async def other_process_answers(runtime: Runtime, person: Person) -> None:
    """Another process's engine on the same database answers first."""
    other = Database(runtime.settings.database_url)
    try:
        async with other.session() as session:
            row = await repo.open_conversation(session, person.id)
            assert row is not None
            state = {"count": row.state["count"] + 10}
            now = runtime.clock.now()
            assert await repo.save_conversation(
                session, row.id, row.version, state=state, at=now, expires_at=row.expires_at
            )
    finally:
        await other.close()


@pytest.fixture
async def runtime(database_url: str, clock: FakeClock, knowledge: Knowledge) -> AsyncIterator[Runtime]:
    """The example working group on the session's document index: no index built per test."""
    settings = Settings(config=EXAMPLE_CONFIG, database_url=database_url)
    runtime = Runtime(settings=settings, knowledge=knowledge, workgroup=load_workgroup(EXAMPLE_CONFIG), clock=clock)
    yield runtime
    await runtime.close()


def said(advanced: Advanced) -> list[str]:
    return [block.spans[0].text for reply in advanced.replies for block in reply.blocks]  # type: ignore[union-attr]


def lead(runtime: Runtime) -> Person:
    return runtime.workgroup.people[0]


async def begin(runtime: Runtime, engine: ConversationEngine, person: Person) -> None:
    db = await runtime.database()
    async with db.session() as session:
        await engine.start(session, person, kind="counting", state={"count": 0}, platform="slack", channel="D1")


async def stored(runtime: Runtime, person: Person) -> ConversationRow:
    """The person's latest conversation, as saved."""
    db = await runtime.database()
    async with db.session() as session:
        statement = select(ConversationRow).where(ConversationRow.person_id == person.id)
        row = await session.scalar(statement.order_by(ConversationRow.id.desc()).limit(1))
    assert row is not None
    return row


async def test_no_open_conversation_takes_nothing(runtime: Runtime) -> None:
    engine = ConversationEngine(runtime, [Counting(runtime)])
    advanced = await engine.advance(lead(runtime), "hello")
    assert advanced == Advanced()
    assert (advanced.taken, advanced.pending, advanced.replies) == (False, None, [])


async def test_an_answer_is_taken_and_saved_with_a_new_expiry(runtime: Runtime, clock: FakeClock) -> None:
    person, flow = lead(runtime), Counting(runtime)
    engine = ConversationEngine(runtime, [flow])
    await begin(runtime, engine, person)
    started = await stored(runtime, person)
    hours = runtime.workgroup.collection.conversation_expiry_hours
    assert started.expires_at == clock.now() + timedelta(hours=hours)
    assert (started.platform, started.channel, started.kind, started.version) == ("slack", "D1", "counting", 1)
    clock.advance(timedelta(hours=1))
    advanced = await engine.advance(person, "one")
    assert said(advanced) == ["one #1"]  # no resume notice: this process started it
    assert advanced.taken is True and advanced.pending is None
    row = await stored(runtime, person)
    assert (row.state, row.version, row.open, row.outcome) == ({"count": 1}, 2, True, None)
    assert row.expires_at == clock.now() + timedelta(hours=hours)
    assert said(await engine.advance(person, "done")) == ["done #2"]
    row = await stored(runtime, person)
    assert (row.state, row.open, row.outcome) == ({"count": 2}, False, "saved")
    assert await engine.advance(person, "more") == Advanced()


async def test_a_message_passed_on_leaves_the_state_and_asks_again(runtime: Runtime) -> None:
    person = lead(runtime)
    engine = ConversationEngine(runtime, [Counting(runtime)])
    await begin(runtime, engine, person)
    await engine.advance(person, "one")
    advanced = await engine.advance(person, "?")
    assert advanced.taken is False
    assert advanced.replies == []
    assert advanced.pending == text_reply("still at 1")
    row = await stored(runtime, person)
    assert (row.state, row.version, row.open) == ({"count": 1}, 2, True)


async def test_expiry_is_at_the_expiry_instant(runtime: Runtime, clock: FakeClock) -> None:
    person = lead(runtime)
    engine = ConversationEngine(runtime, [Counting(runtime)])
    hours = runtime.workgroup.collection.conversation_expiry_hours
    await begin(runtime, engine, person)
    clock.advance(timedelta(hours=hours) - timedelta(seconds=1))
    assert said(await engine.advance(person, "one")) == ["one #1"]  # and the expiry moves on from now
    clock.advance(timedelta(hours=hours))
    advanced = await engine.advance(person, "two")
    assert said(advanced) == [f"expired after {hours} h at 1"]
    assert advanced.taken is False and advanced.pending is None
    row = await stored(runtime, person)
    assert (row.state, row.open, row.outcome) == ({"count": 1}, False, "expired")
    assert await engine.advance(person, "three") == Advanced()


async def test_a_conversation_taken_up_after_a_restart_says_where_it_was(runtime: Runtime, clock: FakeClock) -> None:
    person = lead(runtime)
    before = ConversationEngine(runtime, [Counting(runtime)])
    await begin(runtime, before, person)
    await before.advance(person, "one")
    same_instant = ConversationEngine(runtime, [Counting(runtime)])  # started when it was last saved: not before
    clock.advance(timedelta(minutes=5))
    after = ConversationEngine(runtime, [Counting(runtime)])
    assert said(await same_instant.advance(person, "?")) == []
    assert said(await after.advance(person, "?")) == ["resuming at 1"]  # the notice goes with a passed message too
    assert said(await after.advance(person, "two")) == ["two #2"]  # once
    clock.advance(timedelta(minutes=5))
    fresh = ConversationEngine(runtime, [Counting(runtime)])
    assert said(await fresh.advance(person, "three")) == ["resuming at 2", "three #3"]


async def test_a_race_applies_the_message_again_on_the_winner_s_state(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.conversation")
    person, flow = lead(runtime), Counting(runtime, race=1)
    engine = ConversationEngine(runtime, [flow])
    await begin(runtime, engine, person)
    advanced = await engine.advance(person, "one")
    assert said(advanced) == ["one #11"]
    assert flow.seen == [{"count": 0}, {"count": 10}]
    row = await stored(runtime, person)
    assert (row.state, row.version) == ({"count": 11}, 3)
    assert [r.getMessage() for r in caplog.records if r.name == "bot.conversation"] == [
        f"conversation {row.id} changed under us; applying the message again"
    ]


async def test_too_many_races_ask_for_the_message_again(runtime: Runtime) -> None:
    person, flow = lead(runtime), Counting(runtime, race=MAX_RACE_RETRIES)
    engine = ConversationEngine(runtime, [flow])
    await begin(runtime, engine, person)
    advanced = await engine.advance(person, "one")
    assert said(advanced) == ["Several messages arrived at once; please send that again."]
    assert advanced.taken is True
    assert len(flow.seen) == MAX_RACE_RETRIES == 5
    row = await stored(runtime, person)
    assert row.state == {"count": 10 * MAX_RACE_RETRIES}


async def test_expire_closes_what_is_due_and_returns_each_notice(runtime: Runtime, clock: FakeClock) -> None:
    first, second = runtime.workgroup.people[0], runtime.workgroup.people[1]
    engine = ConversationEngine(runtime, [Counting(runtime)])
    hours = runtime.workgroup.collection.conversation_expiry_hours
    await begin(runtime, engine, first)
    clock.advance(timedelta(hours=1))
    await begin(runtime, engine, second)
    clock.advance(timedelta(hours=hours) - timedelta(hours=1))  # exactly the first one's expiry
    assert await engine.expire() == [(first.id, text_reply(f"expired after {hours} h at 0"))]
    assert (await stored(runtime, first)).outcome == "expired"
    assert (await stored(runtime, second)).open is True
    assert await engine.expire() == []
    clock.advance(timedelta(hours=1))
    assert [person for person, _ in await engine.expire()] == [second.id]
