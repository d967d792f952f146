"""One message in, replies out: who is this (strangers refused) → de-duplicate → open conversation →
a question asked back → understanding (with the chat's context) → permission → handler → who may see
the answers (bot.audience: outside the working group's channels, the asker alone).

Platform-neutral: adapters hand in an Inbound and render the Replies. Nothing
here knows Slack or Telegram.
"""

from __future__ import annotations

import logging
import time
from functools import cached_property
from typing import TYPE_CHECKING

from bot import audience, intents
from bot.audience import REFUSAL
from bot.model import ButtonValue, Inbound, Platform, Reply, ReplyIntent, simple_reply
from bot.runtime import Runtime
from bot.understanding.context import (
    AGAIN,
    ChatContext,
    ContextStore,
    DatabaseContextStore,
    MemoryContextStore,
    Option,
    pick,
)
from bot.understanding.references import ParagraphRef
from bot.understanding.understand import Understanding, remembered
from bot.workgroup import Person, Role
from handlers import ask
from handlers.clarify import clarification, frame_in_korean
from handlers.document import answer_document
from handlers.help import (
    answer_about_the_bot,
    answer_access,
    answer_exports,
    answer_help,
    answer_reminders,
    answer_statuses,
)

if TYPE_CHECKING:
    from bot.conversation import ConversationEngine

log = logging.getLogger(__name__)

NEEDS_DIRECT = "Updates are given in a direct message: message me there and say “update”."


class Dispatcher:
    """`conversations=False` is for one-shot use (`partnerbot ask`): questions about the text then
    never open the database, which keeps the command's cold start short, and no metrics are kept
    (nobody scrapes a command that ends)."""

    def __init__(self, runtime: Runtime, *, conversations: bool = True) -> None:
        self.runtime = runtime
        self.conversations = conversations
        self.metrics = runtime.metrics if conversations else None

    @cached_property
    def engine(self) -> ConversationEngine:
        # storage-backed modules are imported on first use, not at start
        from bot.conversation import ConversationEngine
        from handlers.update import UpdateFlow

        return ConversationEngine(self.runtime, [UpdateFlow()])

    def identify(self, inbound: Inbound) -> Person | None:
        if inbound.platform is Platform.CONSOLE:
            return self.runtime.person(inbound.actor.user_id)
        return self.runtime.identify(inbound.platform, inbound.actor.user_id)

    async def handle(self, inbound: Inbound) -> list[Reply]:
        """Never raises for anything a user sends: an unexpected error becomes an apology, and is logged.

        Counted in the metrics by the intent answered, and timed from here to the replies being ready."""
        started = time.perf_counter()
        intent, replies = await self._handle(inbound)
        if self.metrics is not None:
            self.metrics.handled(intent, time.perf_counter() - started if replies else None)
        if intent == ReplyIntent.REFUSED or audience.sees_answers(self.runtime.workgroup, inbound):
            return replies  # a stranger's refusal tells nothing of the text: it goes where they asked
        return [audience.for_asker_only(reply) for reply in replies]

    async def _handle(self, inbound: Inbound) -> tuple[ReplyIntent, list[Reply]]:
        """The replies, and the intent they answer for the metrics ("duplicate", "ignored" when there are none)."""
        if inbound.actor.is_bot:
            return ReplyIntent.IGNORED, []
        person = self.identify(inbound)
        try:
            # strangers' events are claimed too, so that a retried or redelivered one is refused once; the
            # claim holds the event's id and the time, nothing the stranger wrote
            if inbound.dedupe_key is not None and not await self._is_first_delivery(
                inbound.platform, inbound.dedupe_key
            ):
                log.info("duplicate delivery %s:%s ignored", inbound.platform, inbound.dedupe_key)
                return ReplyIntent.DUPLICATE, []
            if person is None:
                log.info("refused %s user %s", inbound.platform, inbound.actor.user_id)
                return ReplyIntent.REFUSED, [simple_reply(REFUSAL, intent=ReplyIntent.REFUSED)]
            replies = await self._route(person, inbound)
            return replies[-1].intent if replies else ReplyIntent.NONE, replies
        except Exception:
            # the message itself only at DEBUG: a member's is LIMITE, a stranger's is nobody's business
            log.exception("failed to answer a message from %s user %s", inbound.platform, inbound.actor.user_id)
            log.debug("the message that failed: %r", inbound.text[:200])
            return ReplyIntent.ERROR, [
                simple_reply(
                    "Something went wrong on my side answering that; it is logged. Please try again.",
                    intent=ReplyIntent.ERROR,
                )
            ]

    async def _is_first_delivery(self, platform: Platform, key: str) -> bool:
        """Claimed in the database, so a retry is recognised in any process and after a restart."""
        database = await self.runtime.database()
        return await database.inbound.claim(platform.value, key, self.runtime.clock.now())

    @cached_property
    def contexts(self) -> ContextStore:
        """Stored with conversations; one-shot use keeps them in memory, so a batch still has follow-ups."""
        return DatabaseContextStore(self.runtime.database) if self.conversations else MemoryContextStore()

    async def _route(self, person: Person, inbound: Inbound) -> list[Reply]:
        message = inbound.action if inbound.action is not None else inbound.text
        private = inbound.conversation.is_direct or inbound.platform is Platform.CONSOLE
        where = (person.id, inbound.platform.value, inbound.conversation.thread_id or inbound.conversation.id)
        now = self.runtime.clock.now()
        context = await self.contexts.load(*where, now)
        picked = pick(context.options, message)
        notices: list[Reply] = []
        pending: list[Reply] = []  # the conversation's open question, asked again after an answer to something else
        # the question asked last takes its numbers first: "1" answers the bot's "did you mean", not the update
        if private and self.conversations and self._may_converse(person) and picked is None:
            advanced = await self.engine.advance(person, message)
            notices, pending = advanced.replies, [advanced.pending] if advanced.pending else []
            if advanced.taken:
                if context.options:  # answered the update instead: that menu is closed
                    await self.contexts.save(*where, context.model_copy(update={"options": []}), now)
                return notices
        understanding = self._understand(message, picked, inbound.action is not None, context)
        if understanding.options:
            await self.contexts.save(*where, context.model_copy(update={"options": list(understanding.options)}), now)
            return [*notices, clarification(understanding)]
        reply = await self._answer(person, inbound, understanding, private)
        if understanding.korean or person.language == "ko":
            frame_in_korean(reply, understanding.label)
        reply.confidence, reply.entities = (
            round(understanding.confidence, 3),
            [e.as_dict() for e in understanding.entities],
        )
        await self.contexts.save(*where, remembered(context, understanding, reply.offers, reply.about), now)
        if isinstance(understanding.intent, intents.Update | intents.EditUpdate):
            pending = []  # a new update (or its refusal) replaces the question that was open
        return [*notices, reply, *pending]

    def _understand(
        self, message: str, picked: Option | object | None, pressed: bool, context: ChatContext
    ) -> Understanding:
        """A pick from a question the bot asked back, a stale button, or a message to understand."""
        today = self.runtime.today().date()
        understander = self.runtime.understander
        if isinstance(picked, Option):
            return understander.answer_as(picked.message, picked.label, context, today)
        if picked is AGAIN:
            return Understanding(intents.NeedsSubject("again"), "again", 1.0, options=tuple(context.options))
        if (
            pressed and ButtonValue.decode(message) is not None
        ):  # a button whose question is closed: never read as typed text
            return Understanding(intents.Invalid("stale_button"), "invalid", 1.0)
        return understander.understand(message, context, today)

    def _may_converse(self, person: Person) -> bool:
        return bool({Role.LEAD, Role.ADMIN} & set(person.roles))

    async def _answer(self, person: Person, inbound: Inbound, understanding: Understanding, private: bool) -> Reply:
        intent = understanding.intent
        declaration = intents.DECLARATIONS.get(understanding.label)
        if declaration is not None and not declaration.roles & set(person.roles):  # who may ask it: declared with it
            refusal = simple_reply(declaration.refusal, intent=ReplyIntent.REFUSED)
            if declaration.instead is None:
                return refusal
            instead = await self._answer_intent(person, inbound, declaration.instead, private)
            instead.blocks[:0] = refusal.blocks  # said first, so the answer is not taken for what was asked
            return instead
        return await self._answer_intent(person, inbound, intent, private)

    async def _answer_intent(self, person: Person, inbound: Inbound, intent: intents.Intent, private: bool) -> Reply:
        if isinstance(intent, intents.Each):  # "who leads space and cyber?": each area's answer, one after another
            parts = [await self._answer_intent(person, inbound, part, private) for part in intent.parts]
            return ask.one_after_another(parts, parts[0].intent)
        for answer in (self._answer_from_text(intent), _answer_plainly(person, intent, self.runtime)):
            if answer is not None:
                return answer
        return await self._answer_from_storage(person, inbound, intent, private)

    def _answer_from_text(self, intent: intents.Intent) -> Reply | None:
        """Questions the document answers (no database: `partnerbot ask` answers them without opening one)."""
        knowledge = self.runtime.knowledge
        match intent:
            case ParagraphRef():
                return ask.answer_paragraph(knowledge, intent)
            case intents.Paragraphs():
                return ask.answer_paragraphs(knowledge, intent.refs)
            case intents.ClassOf():
                return ask.answer_class_of(knowledge, intent)
            case intents.Glossary():
                return ask.answer_glossary(knowledge, intent.term)
            case intents.ListAreas():
                return ask.answer_list_areas(knowledge)
            case intents.Mechanisms():
                return ask.answer_mechanisms(knowledge, intent.name, intent.area)
            case intents.DocumentInfo():
                return answer_document(knowledge, intent)
            case intents.Area():
                return ask.answer_area_or_topic(knowledge, intent.query)
            case intents.Areas():
                return ask.answer_areas(knowledge, intent.titles)
            case intents.Topic():
                return ask.answer_topic(
                    knowledge, intent.query, within=intent.within, figure=intent.figure, mentions=intent.mentions
                )
        return None

    async def _answer_from_storage(
        self, person: Person, inbound: Inbound, intent: intents.Intent, private: bool
    ) -> Reply:
        """Questions and commands about what is stored: the conversation of an update, the meetings and the
        round, the status of the areas, else the people."""
        match intent:
            case intents.Update() | intents.EditUpdate() | intents.DeclineRound():
                return await self._open_update(person, inbound, intent, private)
            case intents.ShowUpdate():
                from handlers import update

                return await update.show_latest(self.runtime, person, intent.area)
            case (
                intents.Meetings()
                | intents.ScheduleMeeting()
                | intents.MoveMeeting()
                | intents.CancelMeeting()
                | intents.Blockers()
                | intents.Resolved()
                | intents.DigestPreview()
                | intents.Nudge()
                | intents.Snooze()
                | intents.DigestDelivery()
                | intents.RemindersSent()
                | intents.Reporting()
            ):
                return await _answer_about_round(self.runtime, person, intent)
            case intents.Operations():
                from handlers import operations

                return await operations.answer_operations(self.runtime)
            case intents.Status() | intents.History() | intents.StatusFilter() | intents.Missing() | intents.Recent():
                return await _answer_about_status(self.runtime, intent)
        return await _answer_about_people(self.runtime, person, intent)

    async def _open_update(
        self,
        person: Person,
        inbound: Inbound,
        intent: intents.Update | intents.EditUpdate | intents.DeclineRound,
        private: bool,
    ) -> Reply:
        """An update is given in a direct message: its conversation starts (or reopens the latest) there; so is
        the reason for skipping a round asked."""
        from handlers import update

        if not private:
            return simple_reply(NEEDS_DIRECT)
        platform, channel = inbound.platform.value, inbound.conversation.id
        if isinstance(intent, intents.DeclineRound):
            return await update.decline_round(
                self.runtime, self.engine, person, intent.reason, platform=platform, channel=channel
            )
        if isinstance(intent, intents.EditUpdate):
            return await update.reopen_latest(
                self.runtime, self.engine, person, intent, platform=platform, channel=channel
            )
        return await update.start_update(self.runtime, self.engine, person, intent, platform=platform, channel=channel)


def _answer_plainly(person: Person, intent: intents.Intent, runtime: Runtime) -> Reply | None:
    """What needs neither the text's search nor the database: help, small talk, what cannot be understood."""
    match intent:
        case intents.Invalid():
            return ask.answer_invalid(intent)
        case intents.Help():
            return answer_help(person, runtime.knowledge.library.primary.title)
        case intents.Reminders():
            return answer_reminders(person, runtime.workgroup)
        case intents.Statuses():
            return answer_statuses(runtime.workgroup)
        case intents.Exports():
            return answer_exports(runtime.workgroup, runtime.knowledge.library.primary.metadata.classification)
        case intents.Access():
            return answer_access(runtime.workgroup, runtime.knowledge.library.primary.metadata.classification)
        case intents.SmallTalk(said="bot"):
            return answer_about_the_bot(runtime.workgroup, runtime.chairs(), runtime.knowledge.library.primary.title)
        case intents.SmallTalk():
            return ask.answer_small_talk(intent)
        case intents.NeedsSubject():
            return ask.answer_needs_subject(intent)
    return None


async def _answer_about_round(runtime: Runtime, person: Person, intent: intents.Intent) -> Reply:
    """Meetings, blockers, reminders and the digest: what the round is about."""
    from handlers import blockers, digest, digest_delivery, meetings, nudges, reminders_sent, reporting, round_answers

    match intent:
        case intents.Meetings():
            if intent.last:
                return await meetings.answer_last_held(runtime, kind=intent.kind, outcome=intent.outcome)
            return await meetings.answer_meetings(
                runtime, next_only=intent.next_only, kind=intent.kind, agenda=intent.outcome, changes=intent.changes
            )
        case intents.ScheduleMeeting() | intents.MoveMeeting() | intents.CancelMeeting():
            return await meetings.change_meeting(runtime, person, intent)
        case intents.Blockers():
            return await blockers.answer_blockers(runtime, person, intent.area)
        case intents.Resolved():
            return await blockers.resolve(runtime, person, intent.area)
        case intents.DigestPreview():
            return await digest.answer_preview(runtime, person, intent.meeting)
        case intents.Nudge():
            return await nudges.answer_nudge(runtime, person, intent.person, intent.area)
        case intents.Snooze():
            return await round_answers.snooze_asked(runtime, person, tomorrow=intent.tomorrow, on=intent.on)
        case intents.DigestDelivery(change=change):
            return await digest_delivery.answer_delivery(runtime, change=change)
        case intents.RemindersSent():
            return await reminders_sent.answer_reminders_sent(runtime, intent.person)
        case intents.Reporting():
            return await reporting.answer_reporting(runtime, person)
    raise AssertionError(f"no handler for {intent!r}")


async def _answer_about_status(runtime: Runtime, intent: intents.Intent) -> Reply:
    """Where the areas stand, and which have not reported."""
    from handlers import status

    match intent:
        case intents.Status(area=None, side=None):
            return await status.answer_overview(runtime)
        case intents.Status(area=None, side=str(side)):
            return await status.answer_side_overview(runtime, side)
        case intents.Status(area=str(area)):
            return await status.answer_area_status(runtime, area, intent.side)
        case intents.History():
            return await status.answer_history(runtime, intent.area)
        case intents.StatusFilter():
            return await status.answer_by_status(runtime, intent.statuses)
        case intents.Recent():
            return await status.answer_recent(runtime, intent.since, intent.area)
        case intents.Missing():
            return await status.answer_missing(runtime)
    raise AssertionError(f"no handler for {intent!r}")


async def _answer_about_people(runtime: Runtime, person: Person, intent: intents.Intent) -> Reply:
    """Who leads and chairs, who someone is, who is away (and marking oneself away)."""
    from handlers import status

    match intent:
        case intents.WhoLeads(area=None):
            return status.answer_all_leads(runtime, unled_only=intent.unled_only)
        case intents.WhoLeads(area=str(area)):
            return status.answer_who_leads(runtime, area, intent.side)
        case intents.Chairs():
            return status.answer_chairs(runtime)
        case intents.People():
            return status.answer_people(runtime, intent.side)
        case intents.PersonInfo():
            return await status.answer_person(runtime, intent.person, reports=intent.reports)
        case intents.Absent():
            return await status.answer_absent(runtime)
        case intents.MyAreas(on_behalf=on_behalf):
            return await status.answer_my_areas(runtime, person, on_behalf=on_behalf)
        case intents.Myself():
            return await status.answer_person(runtime, person.id)
        case intents.Away(cancel=True):
            return await status.cancel_absence(runtime, person, intent.person, intent.starts)
        case intents.Away():
            return await status.mark_away(runtime, person, intent.person, intent.until, intent.back, intent.starts)
    raise AssertionError(f"no handler for {intent!r}")
