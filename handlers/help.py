"""`help`: what the bot can do, adjusted to who is asking."""

from __future__ import annotations

from bot.model import Heading, Note, Reply, bullets
from bot.workgroup import Person, Role


def answer_help(person: Person, title: str) -> Reply:
    reply = Reply(intent="help")
    reply.blocks.append(Heading(text=f"I answer questions about the {title}, quoting the text."))
    reply.blocks.append(
        bullets(
            ("“what does §14 commit to”, “§14(c)”, “para 38”",),
            ("“maritime”, “what do we do on space security”, “areas”",),
            ("“what do we say about disinformation”, “which paragraphs mention ESIWA”",),
            ("“what is FIMI”, “which dialogues are there”, “how often is the security and defence dialogue held”",),
            ("“status”, “status of space dialogue”, “history maritime”, “who leads cyber?”, “what's missing”",),
            ("“meetings”, “when is the next dialogue?”, “who leads what”, “who are the chairs”",),
        )
    )
    roles = set(person.roles)
    if {Role.LEAD, Role.ADMIN} & roles:
        reply.blocks.append(Heading(text="As a lead"))
        reply.blocks.append(
            bullets(
                ("“update” (or “update maritime”) in a direct message, then answer the questions",),
                ("“update space: at risk — first meeting slipped to May” in one message",),
                ("“edit” to change your latest update; “my areas”; “away until 2027-01-10”",),
            )
        )
    if {Role.CHAIR, Role.ADMIN} & roles:
        reply.blocks.append(Heading(text="As a chair"))
        reply.blocks.append(
            bullets(
                ("“schedule security and defence dialogue 2027-03-15 Seoul”, “move sdd-2027 to 2027-03-20”, “cancel sdd-2027”",),
                ("“digest preview”",),
            )
        )
    if Role.ADMIN in roles:
        reply.blocks.append(bullets(("“mark kim away until 2027-01-10”, “mark kim back”",)))
    reply.blocks.append(Note(text="In an update: “skip”, “back”, “cancel”."))
    return reply
