"""`help`: generated from the intents' declarations, so it offers only what the person may use."""

from __future__ import annotations

from bot.intents import DECLARATIONS
from bot.model import Heading, Note, Reply, ReplyIntent, bullets, text
from bot.workgroup import Person, Role, WorkGroup

# what an admin does outside the chat, asked of in it ("reload the working group file", "failed deliveries")
ADMIN_NOTE = (
    "As an admin: the working-group file, the deliveries and the running processes are kept from the command "
    "line (“partnerbot config check”, “partnerbot deliveries --failed”, “partnerbot deliveries retry”); "
    "the admin's guide (docs/guide/admin.md) says how."
)


def answer_reminders(person: Person, workgroup: WorkGroup) -> Reply:
    """ "stop reminding me": what is sent to this person unasked, and how each stops; nothing is unsubscribed."""
    collection, digest = workgroup.collection, workgroup.digest
    lines: list[str] = []
    if Role.LEAD in person.roles:
        lines.append(
            f"As a lead you are asked for your update when a round opens ({collection.opens_days_before} days before "
            f"each Dialogue), then reminded every {collection.reminder_every_days} days until each of your areas has "
            "one. They stop when you give it (“update”); “remind me tomorrow” puts them off, “skip this round” (with "
            "a reason for the chairs) ends them for the round, “away until 2027-01-10” until then."
        )
    if Role.CHAIR in person.roles:
        alert = " and an alert when an area becomes blocked" if workgroup.alerts.blocked else ""
        lines.append(
            f"As a chair you get the digest {digest.days_before} days before each Dialogue{alert}: who gets them "
            "is set by an admin in the working-group file."
        )
    if Role.ADMIN in person.roles:
        lines.append("As an admin you are told when something I send fails for good (“partnerbot deliveries”).")
    if not lines:
        lines.append("I send you nothing unasked: I only answer your questions.")
    return Reply(blocks=[text(line) for line in lines], intent=ReplyIntent.HELP)


def answer_help(person: Person, title: str) -> Reply:
    reply = Reply(intent=ReplyIntent.HELP)
    reply.blocks.append(Heading(text=f"I answer questions about the {title}, quoting the text."))
    sections: dict[str, list[str]] = {}
    for declaration in DECLARATIONS.values():
        if declaration.examples and declaration.roles & set(person.roles):
            sections.setdefault(declaration.section, []).extend(declaration.examples)
    for section, examples in sections.items():
        if section != "Ask":
            reply.blocks.append(Heading(text=section))
        reply.blocks.append(bullets(*[(e,) for e in examples]))
    reply.blocks.append(
        Note(
            text="Ask in English or Korean (한국어); follow-ups such as “who leads it?” or “and (b)?” "
            "refer to your last question. In an update: “skip”, “back” (then “keep”), “cancel”."
        )
    )
    if Role.ADMIN in person.roles:
        reply.blocks.append(Note(text=ADMIN_NOTE))
    return reply
