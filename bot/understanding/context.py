"""Context: what a person last referred to in one chat, so "who leads it?" and "and (b)?" make sense.

Per person and chat: the last area, paragraph, person, meeting, dialogue and
document, the last intent, and the choices of a question the bot asked back.
Stored like conversations (`ChatContextStore`), so follow-ups work after a
restart and on any process; forgotten after `LIFETIME`. One-shot use
(`partnerbot ask`, its batch mode) keeps it in memory (`MemoryContextStore`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, ValidationError

from bot.model import CHOOSE, ButtonValue, Option
from bot.understanding.forms import YES_OR_NO
from bot.understanding.references import ParagraphRef

if TYPE_CHECKING:
    from storage.db import Database

LIFETIME = timedelta(minutes=30)


class ChatContext(BaseModel):
    version: int = 1
    area: str | None = None  # an area's title
    paragraph: int | None = None
    label: str | None = None  # the last intent's label, for "what about space?"
    subitem: str | None = None
    document: str | None = None  # a short name, for a paragraph of another document
    person: str | None = None  # a person id
    meeting: str | None = None  # a meeting id
    mechanism: str | None = None  # a dialogue's name
    term: str | None = None  # a term of the glossary, "CRIMARIO"
    options: list[Option] = []  # a question asked back, waiting for a choice

    @property
    def paragraph_ref(self) -> ParagraphRef | None:
        return ParagraphRef(self.paragraph, self.subitem, self.document) if self.paragraph is not None else None


class ContextStore(Protocol):
    async def load(self, person_id: str, platform: str, channel: str, now: datetime) -> ChatContext: ...

    async def save(self, person_id: str, platform: str, channel: str, context: ChatContext, now: datetime) -> None: ...


def _fresh(state: dict[str, object] | None, at: datetime | None, now: datetime) -> ChatContext:
    if state is None or at is None or now - at > LIFETIME:
        return ChatContext()
    try:
        return ChatContext.model_validate(state)
    except ValidationError:  # written by another release: a context is worth less than an error
        return ChatContext()


class MemoryContextStore:
    def __init__(self) -> None:
        self._contexts: dict[tuple[str, str, str], tuple[dict[str, object], datetime]] = {}

    async def load(self, person_id: str, platform: str, channel: str, now: datetime) -> ChatContext:
        state, at = self._contexts.get((person_id, platform, channel), (None, None))
        return _fresh(state, at, now)

    async def save(self, person_id: str, platform: str, channel: str, context: ChatContext, now: datetime) -> None:
        self._contexts[(person_id, platform, channel)] = (context.model_dump(), now)


class DatabaseContextStore:
    """On the direct connection of `storage.direct`: read and written for every message, through the engine
    this cost more than answering (Slack benchmark: 8 ms of CPU a question instead of 2)."""

    def __init__(self, database: Callable[[], Awaitable[Database]]) -> None:
        self.database = database  # the runtime's: opened, migrated and synced on first use

    async def load(self, person_id: str, platform: str, channel: str, now: datetime) -> ChatContext:
        from storage import repo

        database = await self.database()
        dialect = database.engine.dialect
        select, _ = repo.chat_context_statements(dialect)
        rows = await database.direct.read(select, [person_id, platform, channel])
        if not rows:
            return ChatContext()
        state, at = repo.chat_context_row(dialect, rows[0])
        return _fresh(state, at, now)

    async def save(self, person_id: str, platform: str, channel: str, context: ChatContext, now: datetime) -> None:
        from storage import repo

        database = await self.database()
        dialect = database.engine.dialect
        _, upsert = repo.chat_context_statements(dialect)
        await database.direct.write(
            upsert, repo.chat_context_parameters(dialect, (person_id, platform, channel), context.model_dump(), now)
        )


AGAIN = object()  # a number outside the menu: show the menu again


def pick(options: list[Option], message: str) -> Option | object | None:
    """The option a message picks from a question asked back: its number, its button, or its words.

    A number never falls through to a paragraph while the menu is open: "3" at a two-item
    menu shows the menu again."""
    if not options:
        return None
    answer = message.strip().rstrip(".)")
    if (pressed := ButtonValue.decode(answer)) is not None and pressed.step == CHOOSE:
        answer = pressed.answer
    if answer.isdigit():
        index = int(answer) - 1
        return options[index] if 0 <= index < len(options) else AGAIN
    lowered = answer.lower()
    chosen = next((o for o in options if o.text.lower() == lowered), None)
    if chosen is None and YES_OR_NO.match(answer):
        return AGAIN  # "yes" to "did you mean A or B": which one
    return chosen
