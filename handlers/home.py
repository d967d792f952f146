"""The home page of the bot (Slack's App Home): the next Dialogue, where every area stands, and a lead's own areas.

Platform-neutral like every handler: it returns a Reply, which the Slack adapter
publishes as its Home tab. It is assembled from the answers to "when is the
next dialogue" and "status", so the page and the chat never disagree, and adds
one "Update" button per area the person leads.
"""

from __future__ import annotations

from bot.audience import REFUSAL
from bot.model import Choice, Divider, Heading, Note, Reply, ReplyIntent, bullets, text
from bot.runtime import Runtime
from bot.workgroup import Person
from handlers.meetings import answer_meetings
from handlers.status import answer_overview

HINT = (
    "Ask me in a direct message, or mention me in a channel: “what does §14 commit to”, “status of maritime”, “help”."
)


async def home(runtime: Runtime, person: Person | None) -> Reply:
    """The page for one person; someone outside the working group (None) sees only the refusal."""
    if person is None:
        return Reply(blocks=[text(REFUSAL)], intent=ReplyIntent.REFUSED)
    reply = Reply(intent=ReplyIntent.HOME)
    reply.blocks.append(Heading(text=runtime.workgroup.partnership.name))
    reply.blocks.extend((await answer_meetings(runtime, next_only=True)).blocks)
    reply.blocks.append(Divider())
    reply.blocks.extend((await answer_overview(runtime)).blocks)
    titles = set(runtime.areas_led_by(person.id))
    led = [area for area in runtime.knowledge.library.areas if area.title in titles]
    if led:
        reply.blocks.append(Divider())
        reply.blocks.append(Heading(text="Your areas"))
        reply.blocks.append(bullets(*[(area.title,) for area in led]))
        # the value is what the lead would type; pressing it opens the update in a direct message
        reply.choices = [Choice(label=f"Update {area.short_title}", value=f"update {area.short_title}") for area in led]
    reply.blocks.append(Note(text=HINT))
    return reply
