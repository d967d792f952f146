"""What tests of the lead's conversation share, and the scenario of a whole round can reuse: answer an
area's questions, open the conversation a round's prompt opens, read the round's stored answers."""

from __future__ import annotations

from sqlalchemy import select

from bot.app.adapters.console import ConsoleChat
from bot.app.dispatcher import Dispatcher
from bot.render.text import render_text
from bot.runtime import Runtime
from handlers.update import open_update
from storage.models import RoundResponseRow


async def give_update(
    chat: ConsoleChat,
    status: str,
    progress: str,
    blockers: str = "skip",
    next_steps: str = "skip",
    paragraphs: str = "skip",
) -> str:
    """Answer every question of an area's update after its status is asked, and save it; the reply to save."""
    for answer in (status, progress, blockers, next_steps, paragraphs):
        await chat.say(answer)
    return await chat.say("save")


async def round_conversation(runtime: Runtime, dispatcher: Dispatcher, person_id: str) -> str:
    """The update conversation a round's prompt opens, about every area the lead leads; its first question."""
    person = runtime.person(person_id)
    assert person is not None
    first = await open_update(
        runtime,
        dispatcher.engine,
        person,
        runtime.areas_led_by(person_id),
        platform="console",
        channel="direct",
        ask_area=False,
    )
    return render_text(first)


async def round_responses(runtime: Runtime) -> list[tuple[str, str, str]]:
    """(person, kind, reason) of every snooze and declining stored, oldest first."""
    db = await runtime.database()
    async with db.session() as session:
        rows = (await session.scalars(select(RoundResponseRow).order_by(RoundResponseRow.id))).all()
        return [(row.person_id, row.kind, row.reason) for row in rows]
