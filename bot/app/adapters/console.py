"""The console adapter: a chat in the terminal, or one message per line from a pipe.

It uses the same dispatcher and handlers as Slack and Telegram, which is what
makes it the way to try the bot and to test conversations without a network.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timezone
from typing import TextIO

from bot.app.dispatcher import Dispatcher
from bot.model import Actor, Conversation, Inbound, Platform, Reply
from bot.render.text import render_text

PROMPT = "you> "


def console_inbound(person_id: str, message: str, *, now: datetime | None = None) -> Inbound:
    return Inbound(
        platform=Platform.CONSOLE,
        actor=Actor(user_id=person_id),
        conversation=Conversation(id=f"console:{person_id}", is_direct=True),
        text=message,
        received_at=now or datetime.now(timezone.utc),
    )


class ConsoleChat:
    """Push a message, read the replies: the in-memory adapter tests drive."""

    def __init__(self, dispatcher: Dispatcher, person_id: str) -> None:
        self.dispatcher = dispatcher
        self.person_id = person_id

    async def send(self, message: str) -> list[Reply]:
        return await self.dispatcher.handle(
            console_inbound(self.person_id, message, now=self.dispatcher.runtime.clock.now())
        )

    async def say(self, message: str) -> str:
        """The replies as the console prints them."""
        return "\n\n".join(render_text(r) for r in await self.send(message))


async def run_console(
    dispatcher: Dispatcher, person_id: str, *, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> int:
    interactive = stdin.isatty() and stdout.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (history and line editing for input())
        except ImportError:
            pass
    chat = ConsoleChat(dispatcher, person_id)
    if interactive:
        person = dispatcher.runtime.person(person_id)
        who = person.name if person else person_id
        title = dispatcher.runtime.knowledge.library.primary.title
        stdout.write(f"partnerbot — {title}\nYou are {who}. Ask a question, “help” for examples, Ctrl-D to leave.\n")
    while True:
        try:
            line = await asyncio.to_thread(input, PROMPT) if interactive else await asyncio.to_thread(stdin.readline)
        except (EOFError, KeyboardInterrupt):
            break
        if not interactive and line == "":
            break
        line = line.rstrip("\n")
        if interactive and line.strip().lower() in {"quit", "exit"}:
            break
        if not interactive and not line.strip():
            continue
        answer = await chat.say(line)
        stdout.write(answer + "\n\n")
        stdout.flush()
    if interactive:
        stdout.write("\n")
    return 0
