"""`help`: generated from the intents' declarations, so it offers only what the person may use."""

from __future__ import annotations

from bot.intents import DECLARATIONS
from bot.model import Heading, Note, Reply, ReplyIntent, bullets, text
from bot.workgroup import Person, Role, WorkGroup
from handlers.statuses import Status

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


# what each status says, and what a lead giving it is asked or sets going (handlers.update, storage.repo's register)
_MEANINGS = {
    Status.ON_TRACK: "going as planned (“green”, “fine”, “going well”)",
    Status.AT_RISK: "may slip unless something changes (“amber”, “delayed”, “slipping”): the lead says what puts it "
    "at risk, for the chairs",
    Status.BLOCKED: "cannot move until someone acts (“red”, “stuck”, “on hold”): the lead says what blocks it, "
    "which stays in the blocker register (“blockers”) until a later update names none or the lead says “resolved”",
    Status.NOT_STARTED: "work has not begun",
    Status.COMPLETED: "done (“done”, “finished”)",
}


def answer_statuses(workgroup: WorkGroup) -> Reply:
    """ "what does at risk mean?": the statuses a lead reports, as the bot reads and uses them."""
    reply = Reply(intent=ReplyIntent.HELP)
    reply.blocks.append(Heading(text="The statuses a lead reports for an area"))
    reply.blocks.append(
        bullets(*[(f"{status.marker} {status.label} — {meaning}",) for status, meaning in _MEANINGS.items()])
    )
    alert = " The chairs are alerted when an area becomes blocked." if workgroup.alerts.blocked else ""
    reply.blocks.append(
        Note(text=f"An area's status is the most worrying of its leads' latest reports, so nothing is hidden.{alert}")
    )
    return reply


def admin_names(workgroup: WorkGroup) -> list[str]:
    """Who keeps the working-group file and runs the bot's commands: whom access and files are asked of."""
    return [p.name for p in workgroup.people if Role.ADMIN in p.roles]


def answer_about_the_bot(workgroup: WorkGroup, chairs: list[Person], title: str) -> Reply:
    """ "who are you?", "can I talk to a human?": what the bot is and does, and the people to turn to."""
    chaired = " and ".join(p.name for p in chairs)
    admins = ", ".join(admin_names(workgroup))
    people = [
        f"the chairs, {chaired}" if chaired else "",
        f"for access and the bot itself, an admin ({admins})" if admins else "",
    ]
    turn_to = "; ".join(p for p in people if p)
    reply = Reply(intent=ReplyIntent.SMALLTALK)
    reply.blocks.append(
        text(
            f"I am partnerbot, a bot: I answer questions about the {title} from its text, quoted and cited, and about "
            "its implementation from the leads' updates, which I collect before each Dialogue; where the text says "
            "nothing on something, I say so."
        )
    )
    if turn_to:
        reply.blocks.append(text(f"To talk to a person: {turn_to}."))
    return reply


def answer_access(workgroup: WorkGroup, classification: str | None) -> Reply:
    """ "who can see the answers?", "how do I add someone?": the working-group file decides, and an admin keeps it."""
    marked = f" (the text is marked {classification})" if classification else ""
    admins = admin_names(workgroup)
    return Reply(
        blocks=[
            text(
                f"Only the {len(workgroup.people)} people the working-group file names get answers{marked}; "
                "anyone else gets one short refusal and nothing of the text or the statuses."
            ),
            text(
                "An admin adds and removes people there, each with their Slack or Telegram id, roles (member, lead, "
                "chair, admin) and the areas they lead; the bot reads the file when it starts (“partnerbot config "
                "check” checks it first)."
            ),
            text(f"Admins: {', '.join(admins)}." if admins else "The working-group file names no admin."),
        ],
        intent=ReplyIntent.HELP,
    )


def answer_exports(workgroup: WorkGroup, classification: str | None) -> Reply:
    """ "export the updates", "the digest as a pdf": the files are written on the bot's machine (the CLI), so who
    can write them is who runs it; in the chat, the digest and the updates are shown."""
    admins = admin_names(workgroup)
    who = f" ({', '.join(admins)})" if admins else ""
    marked = f", marked {classification}" if classification else ""
    reply = Reply(intent=ReplyIntent.HELP)
    reply.blocks.append(
        text(f"Files are written where the bot runs, by an admin{who}, with these commands (the admin's guide):")
    )
    reply.blocks.append(
        bullets(
            ("the updates, every one ever saved: “partnerbot export updates --format csv” (or json)",),
            (f"the digest: “partnerbot digest export --format html” (a page that prints to PDF{marked})",),
            ("the meetings: “partnerbot meetings export --format ics”, to import into a calendar",),
        )
    )
    reply.blocks.append(Note(text="Here in the chat, “digest” (chairs) and “status” show them as they stand."))
    return reply


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
