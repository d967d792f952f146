"""The lead's status-update conversation: its steps, its commands, and the one-message form.

Steps: area (when the lead has several) → status → progress → blockers →
next steps → paragraphs → confirm, then, for a lead of several areas, whether to
update the next one now. `skip` passes an optional question (a blocked or at-risk
update must say why, so its blockers are not optional), `back` returns one step and
shows the answer given there (`keep` keeps it), `cancel` stops without saving, and
at the summary the lead saves, edits one field, or cancels. Every answer is stored
as it is given.

The conversation's own words for a round (handlers.round_answers): `no change`
repeats the lead's previous update, `later` / `remind me tomorrow` snoozes the
round's prompt to the next prompt hour, `skip this round` declines it with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bot import intents
from bot.conversation import ConversationEngine, Turn
from bot.document.model import Area
from bot.model import Block, ButtonValue, Choice, Heading, Note, Reply, ReplyIntent, bullets, span, text
from bot.runtime import Runtime
from bot.understanding import forms
from bot.understanding.builders import ASKS_WHAT_I_JUST_REPORTED, FieldChange, field_change
from bot.understanding.references import ParagraphRef, find_references
from bot.understanding.understand import COMMANDS
from bot.workgroup import Person, Role
from handlers import korean_answers, round_answers
from handlers.digest import SentDigest, digest_sent_with, next_digest_meeting
from handlers.meetings import meeting_title
from handlers.periods import first_from
from handlers.status import name_of, resolve_area, short_title
from handlers.statuses import ORDER, Status, parse_status, split_one_line, status_change
from handlers.timefmt import age, day
from storage import repo
from storage.models import UpdateRow

Step = Literal[
    "area",
    "status",
    "progress",
    "blockers",
    "next_steps",
    "paragraphs",
    "confirm",
    "edit_field",
    "another",
    "decline_reason",
]
FIELDS: list[Step] = ["status", "progress", "blockers", "next_steps", "paragraphs"]
# a status the chairs must be told the reason of (its blockers are required), as a sentence names it
NEEDS_REASON = {Status.BLOCKED.value: "A blocked update", Status.AT_RISK.value: "An at-risk update"}
NONE_WORDS = {"skip", "none", "no", "-", "n/a", "nothing"}
# the ways people say there is nothing, beyond one word: "nothing really", "no blockers", "none so far", "all clear"
# (stored as the answer, "nothing really" became a blocker in the register, and the chairs' alert)
_NOTHING_SAID = re.compile(
    r"^(?:(?:no(?:thing|ne|pe)?|nah|not\s+really|n/?a|zero|all\s+clear)\b[\s,]*)+"
    r"(?:really|at\s+(?:the\s+)?moment|for\s+now|so\s+far|right\s+now|yet|this\s+time|thanks|thank\s+you"
    r"|(?:to\s+)?(?:report|flag|add|mention)|(?:open\s+)?(?:blockers?|issues?|problems?|blocking)|in\s+the\s+way"
    r"|from\s+(?:me|us|our\s+side)|on\s+(?:my|our)\s+side|[\s,])*$",
    re.IGNORECASE,
)
# a lead's yes to the summary in their own words: "looks good, send it", "yep save", "go ahead" (were "Answer save,
# edit or cancel.")
_SAVE_SAID = re.compile(
    r"^(?=\S)(?:(?:yes|yep|yeah|yup|ok(?:ay)?|sure|great|perfect|correct|right|good|fine|lgtm|all\s+good"
    r"|looks?\s+(?:good|fine|right|ok(?:ay)?|correct)(?:\s+to\s+me)?|that'?s\s+(?:right|correct|fine|it)|go\s+ahead)"
    r"\b[\s,.!-]*)*(?:(?:please\s+)?(?:save|send|submit|confirm|post)(?:\s+it)?(?:\s+(?:please|now))?)?[\s.!]*$",
    re.IGNORECASE,
)
# a lead's "take it back" at a reopened update's summary: "withdraw", "delete it", "remove this update"
_WITHDRAW_SAID = re.compile(
    r"^(?:please\s+)?(?:withdraw|delete|remove|retract|scrap|drop|undo)(?:\s+(?:it|this|that|the|my))?"
    r"(?:\s+(?:one|update))?(?:\s+please)?[\s.!]*$|^(?:삭제|철회)",
    re.IGNORECASE,
)
# said at the last question by a lead who thinks the update is given: no paragraphs, and on to the summary
_FINISHED = {"save", "save it", "done", "that's it", "thats it", "finish", "finished", "all done", "submit"}
YES = {"yes", "y", "ok", "sure", "now", "1"}
LATER = {"later", "no", "not now", "n", "2"}
OPTIONAL: set[str] = {"blockers", "next_steps", "paragraphs"}
# The steps a message that said its status may leave to ask ("cyber is on track, …" leaves the progress, or not)
_AFTER_A_STATUS: tuple[Step, ...] = ("progress", "blockers", "next_steps")
FIELD_LABELS = {
    "status": "Status",
    "progress": "Progress",
    "blockers": "Blockers",
    "next_steps": "Next steps",
    "paragraphs": "Paragraphs",
}
MAX_ANSWER_CHARS = 2000
SAVED = {ReplyIntent.UPDATE_SAVED, ReplyIntent.UPDATE_UNCHANGED}
KIND = "update"


class UpdateState(BaseModel):
    """The conversation's saved state; `version` lets a later release migrate old rows.

    Version 2 names the areas by their stored key; version 1 named them by heading,
    which a revised document may reword while a conversation is open.
    """

    version: int = 2
    areas: list[str]  # keys of the areas the lead is asked about, in order; the first is current
    step: Step
    fields: dict[str, str] = {}
    trail: list[Step] = []  # steps answered, for `back`
    editing: int | None = None  # the update being edited, when reopened with `edit`
    repeating: int | None = None  # the previous update the lead said `no change` to, saved again dated today
    return_to_confirm: bool = False
    # questions the message that opened the update answered ("hybrid: at risk, waiting for Seoul": the blockers):
    # not asked again on the way, only shown on "back"
    heard: list[Step] = []


def _load(runtime: Runtime, raw: dict[str, Any]) -> UpdateState:
    """The saved state, its areas named by key (a version 1 state's headings are this document's)."""
    state = UpdateState.model_validate(raw)
    if state.version < 2:
        state.areas = [found.key if (found := runtime.area_ids.by_title(title)) else title for title in state.areas]
        state.version = 2
    return state


def _title(runtime: Runtime, key: str) -> str:
    """An area's heading now (its last one, for an area a revised document dropped)."""
    found = runtime.area_ids.by_key(key)
    return found.title if found else key


def _leads_or_admin(runtime: Runtime, person: Person, area_title: str) -> bool:
    return person.id in runtime.area_leads(area_title) or Role.ADMIN in person.roles


def _short(runtime: Runtime, key: str) -> str:
    """ "Maritime Security" for "Maritime Security, including ...": what a question about the next area names."""
    return short_title(runtime, _title(runtime, key))


def missing_reason(fields: dict[str, str]) -> bool:
    """A blocked or at-risk update without its reason: the chairs would read a red area and no why."""
    return fields.get("status", "") in NEEDS_REASON and not fields.get("blockers", "").strip()


def _optional(state: UpdateState, step: Step) -> bool:
    return step in OPTIONAL and not (step == "blockers" and state.fields.get("status", "") in NEEDS_REASON)


def refusal_not_lead(runtime: Runtime, area_title: str) -> Reply:
    leads = [name_of(runtime, p) for p in runtime.area_leads(area_title)]
    who = " and ".join(leads) if leads else "no one yet (ask an admin to assign leads)"
    return Reply(
        blocks=[text(f"Only the leads of {area_title} can update it: {who}.")], intent=ReplyIntent.UPDATE_REFUSED
    )


def _choices_for(step: Step, titles: Sequence[str] = (), *, editing: bool = False) -> list[Choice]:
    """Buttons carry their step (`status:at_risk`), so a press on an old message cannot answer a later question.
    A saved update reopened (`editing`) may also be withdrawn."""
    if step == "area":
        options = [(title, str(i)) for i, title in enumerate(titles, 1)]
    elif step == "status":
        options = [(s.label, s.value) for s in ORDER]
    elif step == "confirm":
        return [
            Choice(label="Save", value=ButtonValue("confirm", "save").encode(), style="primary"),
            Choice(label="Edit", value=ButtonValue("confirm", "edit").encode()),
            Choice(label="Cancel", value=ButtonValue("confirm", "cancel").encode(), style="danger"),
        ] + ([Choice(label="Withdraw", value=ButtonValue("confirm", "withdraw").encode())] if editing else [])
    elif step == "edit_field":
        options = [(FIELD_LABELS[f], f) for f in FIELDS]
    elif step == "another":
        options = [("Yes", "yes"), ("Later", "later")]
    else:
        return []
    return [Choice(label=label, value=ButtonValue(step, value).encode()) for label, value in options]


def summary_lines(fields: dict[str, str]) -> list[tuple[Any, ...]]:
    lines: list[tuple[Any, ...]] = []
    for name in FIELDS:
        value = fields.get(name, "")
        shown = Status(value).label if name == "status" and value else value or "—"
        lines.append((span(f"{FIELD_LABELS[name]}: ", bold=True), shown))
    return lines


# the steps whose question is one sentence, nothing of the state in it
_ASKED: dict[Step, str] = {
    "area": "You lead several areas. Which one do you want to update?",
    "next_steps": "Next steps before the next Dialogue? (“skip” to leave empty)",
    "paragraphs": "Which paragraphs does this concern, e.g. §14(b), §15? (“skip” to leave empty)",
    "edit_field": "Which field do you want to change?",
}


async def _prompt(runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState) -> Reply:
    """The question for the state's current step, with what the lead answered there before and the words
    that move the conversation."""
    if state.step == "decline_reason":
        return round_answers.reason_question()
    titles = [_title(runtime, key) for key in state.areas]
    reply = Reply(intent=ReplyIntent.UPDATE, choices=_choices_for(state.step, titles, editing=_reopened(state)))
    reply.blocks.extend(await _question(runtime, session, person, state))
    reply.blocks.extend(_field_notes(state))
    return reply


async def _question(runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState) -> list[Block]:
    """What the current step asks."""
    if state.step in _ASKED:
        return [text(_ASKED[state.step])]
    match state.step:
        case "status":
            return await _status_question(runtime, session, person, state)
        case "progress":
            return await _progress_question(runtime, session, person, state)
        case "blockers":
            return [_blockers_question(state)]
        case "confirm":
            return await _confirm_question(runtime, session, state)
        case "another":
            return [text(f"You also lead {_short(runtime, state.areas[0])}: update it now? yes / later")]
    return []


async def _status_question(runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState) -> list[Block]:
    return [
        Heading(text=f"Update: {_title(runtime, state.areas[0])}"),
        *await _co_lead_note(runtime, session, person, state.areas[0]),
        text("Overall status?"),
        Note(text="“no change” repeats your previous update · “later” or “remind me tomorrow” · “skip this round”"),
    ]


async def _progress_question(
    runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState
) -> list[Block]:
    """The question, with the lead's previous update of the area to measure progress from."""
    blocks: list[Block] = [text("What progressed since your last update?")]
    stored = runtime.area_ids.by_key(state.areas[0])
    previous = await repo.latest_by(session, person.id, stored.id) if stored else None
    if previous is not None and previous.id != state.editing:
        now = runtime.clock.now()
        blocks.append(
            Note(
                text=f"Your previous update ({day(previous.created_at.date())}, {age(previous.created_at, now)}): "
                f"{Status(previous.status).label}"
            )
        )
        if previous.progress:
            blocks.append(Note(text=f"Progress then: {previous.progress}"))
    return blocks


def _blockers_question(state: UpdateState) -> Block:
    """Optional, except for a status the chairs must be told the reason of."""
    if state.fields.get("status", "") in NEEDS_REASON:
        return text(
            f"What makes it {Status(state.fields['status']).label}? "
            "The chairs need the reason (this one cannot be skipped)."
        )
    return text("Any blockers, or anything needed from the other side or the chairs? (“skip” if none)")


async def _confirm_question(runtime: Runtime, session: AsyncSession, state: UpdateState) -> list[Block]:
    """The summary to save, edit or cancel."""
    blocks: list[Block] = [
        Heading(text=f"Your update for {_title(runtime, state.areas[0])}"),
        bullets(*summary_lines(state.fields)),
    ]
    if state.repeating is not None:
        previous_row = await repo.get_update(session, state.repeating)
        blocks.append(
            Note(
                text=f"The same as your update of {day(previous_row.created_at.date())}: "
                "saving stores it again, dated today."
            )
        )
    if _reopened(state):
        blocks.append(Note(text="Save it, edit one field, cancel (it stays as it was), or withdraw it."))
    else:
        blocks.append(Note(text="Save it, edit one field, or cancel."))
    return blocks


def _reopened(state: UpdateState) -> bool:
    """A saved update reopened with `edit`, which may be withdrawn (not one being written, nor repeated)."""
    return state.editing is not None


def _field_notes(state: UpdateState) -> list[Block]:
    """At a field's question: the answer given there before (after `back`, or an edit), and the words that move on."""
    step = state.step
    if step not in FIELDS:
        return []
    notes: list[Block] = []
    # back here (`back`, or edit): the answer given stays unless replaced; none to keep where one is needed now
    # (a reason for "blocked" where the update was on track)
    if step in state.fields and (state.fields[step] or _optional(state, step)):
        given = state.fields[step]
        shown = (Status(given).label if step == "status" else given) or "(skipped)"
        notes.append(Note(text=f"Your answer: {shown} — send a new one to replace it, or “keep”."))
    hints = ["“back” to go back", "“cancel” to stop"] + (["“skip”"] if _optional(state, step) else [])
    notes.append(Note(text=", ".join(hints)))
    return notes


async def _co_lead_note(runtime: Runtime, session: AsyncSession, person: Person, key: str) -> list[Note]:
    """The newest update of another lead of the area, so co-leads do not contradict each other unknowingly."""
    stored = runtime.area_ids.by_key(key)
    if stored is None:
        return []
    other = next((row for row in await repo.latest_updates(session, stored.id) if row.person_id != person.id), None)
    if other is None:
        return []
    said = other.blockers if other.status in NEEDS_REASON and other.blockers else other.progress
    summary = (
        f"{name_of(runtime, other.person_id)} reported {Status(other.status).label} on {day(other.created_at.date())}"
    )
    return [Note(text=f"{summary}: {said}" if said else summary)]


def _says_none(answer: str, *, finished: bool = False) -> bool:
    """An optional question passed: "skip", or the ways people say there is nothing ("none", "n/a", "-"); with
    `finished`, also the ways a lead who thinks the update is given says so ("save", "done")."""
    said = answer.lower().strip(" .!")
    return said in NONE_WORDS or _NOTHING_SAID.match(said) is not None or (finished and said in _FINISHED)


def _paragraphs_named(answer: str) -> list[tuple[int, str | None]]:
    """The paragraphs an answer names, in its order: every form a question may use ("14b", "§14(b)", "para 14
    and 16", "§§14-16"), and here, where nothing but paragraphs is asked for, a bare number too ("14, 15"), with
    its sub-item apart ("14 c")."""
    references = list(find_references(answer))
    found = [(start, ref) for ref, start, _ in references if ref.document is None]
    spans = [(start, end) for _, start, end in references]
    # not the "027" of a year; a letter after it alone is its sub-item
    for bare in re.finditer(r"(?<!\d)(\d{1,3})(?!\d)(?:\s+\(?([a-h])\)?(?![\w(]))?", answer, re.IGNORECASE):
        if not any(start <= bare.start() < end for start, end in spans):
            label = bare.group(2).lower() if bare.group(2) else None
            found.append((bare.start(), ParagraphRef(int(bare.group(1)), label)))
    return [(ref.number, ref.label) for _, ref in sorted(found, key=lambda item: item[0])]


def _check_paragraphs(runtime: Runtime, answer: str) -> tuple[str | None, str | None]:
    """Normalised citations ("§14(b), §15"), or a message naming the reference that does not exist."""
    refs = _paragraphs_named(answer)
    if not refs:
        return None, "Give paragraphs as §14 or §14(b), separated by commas, or “skip”."
    document = runtime.knowledge.library.primary
    cited = []
    for number, label in refs:
        paragraph = document.paragraph(number)
        if paragraph is None:
            first, last = document.number_range
            return None, f"There is no §{number}: paragraphs run from §{first} to §{last}."
        if label and paragraph.subitem(label) is None:
            return None, f"§{number} has no sub-item ({label})."
        cited.append(f"§{number}" + (f"({label})" if label else ""))
    return ", ".join(dict.fromkeys(cited)), None


# the steps asked with buttons; a button of another question (the bot asking back, "choose:2") is not an answer
_BUTTON_STEPS: set[Step] = {"area", "status", "confirm", "edit_field", "another"}


def _not_a_choice(state: UpdateState, answer: str, *replies: Reply) -> Turn:
    """The answer to a question with fixed choices matched none of them.

    A message that is a command of its own (`away until ...`, `status of cyber`, `§14`) or a question is not a
    wrong answer: it is passed to the dispatcher and the question stays open. Anything else is
    answered with `replies`, which ask again.
    """
    if answer.strip().rstrip(".)").isdigit():  # a number at a menu is a choice, never a paragraph: ask again
        return Turn(state.model_dump(), list(replies))
    # a question that starts as one ("who will see it?", "when do the chairs get it?") is answered, where it was
    # asked to choose again
    asked = answer.rstrip().endswith("?") and _ASKED_WORD.match(answer) is not None
    if asked or not isinstance(forms.classify(answer), intents.Area | intents.Invalid):
        return Turn(state.model_dump(), passed=True)
    return Turn(state.model_dump(), list(replies))


def _cancelled(state: UpdateState) -> Turn:
    """`cancel`, or Cancel at the summary: the conversation ends and nothing is stored."""
    return Turn(
        state.model_dump(),
        [Reply(blocks=[text("Cancelled: nothing was saved.")], intent=ReplyIntent.UPDATE_CANCELLED)],
        finished="cancelled",
    )


def _a_field_of_this_draft(runtime: Runtime, state: UpdateState, answer: str) -> FieldChange | None:
    """A field of the update being written, changed in words; None for another area's ("change the progress on
    cyber to …" while maritime is written opens that one's edit, as it would with nothing open)."""
    if not state.areas or state.step not in {*FIELDS, "confirm"} or (change := field_change(answer)) is None:
        return None
    if change.area is not None:
        named = runtime.knowledge.areas.resolve(change.area).area
        if named is None or runtime.area_ids.key(named.title) != state.areas[0]:
            return None
    return change


def _side_question(answer: str) -> bool:
    """A question asked in the middle of a free-text answer's place (`what is FIMI`, `help`, `what did I just
    report?`, which was stored as the blockers): answered, not stored."""
    form = forms.classify(answer)
    if isinstance(form, intents.Glossary | intents.Help | intents.Away) or ASKS_WHAT_I_JUST_REPORTED.search(answer):
        return True
    if not answer.rstrip().endswith("?") or isinstance(form, intents.Invalid):
        return False
    return not isinstance(form, intents.Area) or _ASKED_WORD.match(answer) is not None


# a question that starts as one ("what did the other lead say?"), not an answer with a question mark ("Busan?")
_ASKED_WORD = re.compile(
    r"\s*(?:what|who|when|where|which|how|why|is|are|can|could|do|does|did|should|will)\b", re.IGNORECASE
)

STEP_NAMES = {
    "area": "which area",
    "status": "the status",
    "progress": "progress",
    "blockers": "blockers",
    "next_steps": "next steps",
    "paragraphs": "paragraphs",
    "confirm": "saving it",
    "edit_field": "which field to edit",
    "another": "whether to update the next area",
    "decline_reason": "why you skip this round",
}


# takes the lead's answer at one step: (runtime, session, person, state, answer) → the turn
_StepAnswer = Callable[[Runtime, AsyncSession, Person, "UpdateState", str], Awaitable[Turn]]


class UpdateFlow:
    kind = KIND

    def expiry_notice(self, runtime: Runtime, raw: dict[str, Any], hours: int) -> Reply:
        state = _load(runtime, raw)
        area = _title(runtime, state.areas[0]) if state.areas else "your area"
        return Reply(
            blocks=[
                text(
                    f"Your unfinished update for {area} expired after {hours} hours without an answer; "
                    "nothing of it was saved. Say “update” to start again."
                )
            ],
            intent=ReplyIntent.UPDATE_EXPIRED,
        )

    def resume_notice(self, runtime: Runtime, raw: dict[str, Any]) -> Reply:
        """Where the lead is, said on the first message after the bot restarted."""
        state = _load(runtime, raw)
        if state.step == "another":
            return Reply(
                blocks=[
                    Note(
                        text=f"You had saved an update; next: whether to update {_short(runtime, state.areas[0])} now."
                    )
                ],
                intent=ReplyIntent.UPDATE,
            )
        where = (
            f"You were updating {_short(runtime, state.areas[0])}"
            if state.areas and state.step != "area"
            else "You were starting an update"
        )
        return Reply(blocks=[Note(text=f"{where}; next: {STEP_NAMES[state.step]}.")], intent=ReplyIntent.UPDATE)

    async def ask_again(self, runtime: Runtime, session: AsyncSession, person: Person, raw: dict[str, Any]) -> Reply:
        """The question still open, after a message that was something else (a question about the text)."""
        state = _load(runtime, raw)
        question = await _prompt(runtime, session, person, state)
        where = f" for {_short(runtime, state.areas[0])}" if state.areas and state.step != "area" else ""
        question.blocks.insert(0, Note(text=f"Back to your update{where}:"))
        return question

    async def _change_field(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, change: FieldChange
    ) -> Turn:
        """ "change the next steps to: …" while the update is written: the field takes the words and the question
        open is asked again (was an edit of the update saved before, which dropped the answers given so far); said
        of the field asked now, it is that answer."""
        before = state.fields.get(change.field, "").strip()
        words = f"{before}; {change.words}" if change.added and before else change.words
        if change.field == state.step:
            return await self._answers()[state.step](runtime, session, person, state, words)
        state.fields[change.field] = words
        said = Reply(blocks=[text(f"{FIELD_LABELS[change.field]} now reads “{words}”.")])
        return Turn(state.model_dump(), [said, await _prompt(runtime, session, person, state)])

    async def _cancel_back_or_too_long(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn | None:
        """What any question takes before its answer: "cancel", "back", and an answer too long to store."""
        command = answer.lower()
        if command in {"cancel", "stop", "abort"}:
            return _cancelled(state)
        if command == "back":
            if not state.trail:
                return Turn(
                    state.model_dump(),
                    [
                        Reply(blocks=[text("This is the first question; “cancel” stops.")]),
                        await _prompt(runtime, session, person, state),
                    ],
                )
            state.step = state.trail.pop()
            return Turn(state.model_dump(), [await _prompt(runtime, session, person, state)])
        if len(answer) > MAX_ANSWER_CHARS:
            return Turn(
                state.model_dump(),
                [Reply(blocks=[text(f"Please keep an answer under {MAX_ANSWER_CHARS:,} characters.")])],
            )
        return None

    async def advance(
        self, runtime: Runtime, session: AsyncSession, person: Person, raw: dict[str, Any], message: str
    ) -> Turn:
        state = _load(runtime, raw)
        answer = message.strip()
        if (button := ButtonValue.decode(answer)) is not None:
            if button.step not in _BUTTON_STEPS:
                return Turn(state.model_dump(), passed=True)
            if button.step != state.step:
                return Turn(
                    state.model_dump(),
                    [
                        Reply(blocks=[text("That button belongs to an earlier question.")]),
                        await _prompt(runtime, session, person, state),
                    ],
                )
            answer = button.answer
        answer = korean_answers.in_english(answer, status=state.step == "status")  # "저장", "정상"
        command = answer.lower()
        if (stopped := await self._cancel_back_or_too_long(runtime, session, person, state, answer)) is not None:
            return stopped
        if (change := _a_field_of_this_draft(runtime, state, answer)) is not None:
            return await self._change_field(runtime, session, person, state, change)
        # at the summary everything is written: "later" there would throw it away, so it is no round word
        word = (
            round_answers.round_word(answer)
            if state.step not in {"confirm", "edit_field", "another", "decline_reason"}
            else None
        )
        if word is not None and (
            word != "no_change" or state.step == "status"
        ):  # "nothing new" may be a progress answer
            return await self._round_word(runtime, session, person, state, word)
        if command == "keep" and state.step in FIELDS and state.step in state.fields:
            answer = command = state.fields[state.step] or "skip"
        if command == "skip" and state.step in FIELDS and not _optional(state, state.step):
            return Turn(
                state.model_dump(),
                [
                    Reply(blocks=[text("This question cannot be skipped.")]),
                    await _prompt(runtime, session, person, state),
                ],
            )
        if state.step in {"progress", "blockers", "next_steps"} and _side_question(answer):
            return Turn(state.model_dump(), passed=True)
        return await self._answers()[state.step](runtime, session, person, state, answer)

    def _answers(self) -> dict[Step, _StepAnswer]:
        """What takes the answer at each step."""
        return {
            "area": self._on_area,
            "status": self._on_status,
            "progress": self._on_progress,
            "blockers": self._on_blockers,
            "next_steps": self._on_next_steps,
            "paragraphs": self._on_paragraphs,
            "confirm": self._on_confirm,
            "edit_field": self._on_edit_field,
            "another": self._on_another,
            "decline_reason": self._on_decline_reason,
        }

    async def _round_word(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, word: round_answers.RoundWord
    ) -> Turn:
        """`later`, `remind me tomorrow` and `skip this round` end the conversation; `no change` takes
        the status's place."""
        if word == "decline":
            state.trail.append(state.step)
            state.step = "decline_reason"
            return Turn(state.model_dump(), [round_answers.reason_question()])
        if word == "no_change":
            return await self._repeat_previous(runtime, session, person, state)
        reply = await round_answers.snooze(runtime, session, person, tomorrow=word == "snooze_tomorrow")
        return Turn(state.model_dump(), [reply], finished="snoozed")

    async def _repeat_previous(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState
    ) -> Turn:
        """`no change` at the status question: the lead's previous update of the area, shown at the summary
        to be saved again dated today."""
        stored = runtime.area_ids.by_key(state.areas[0])
        previous = await repo.latest_by(session, person.id, stored.id) if stored else None
        if previous is None:
            reply = Reply(
                blocks=[
                    text(
                        f"You have no earlier update of {_short(runtime, state.areas[0])} to repeat: "
                        "give this one in full."
                    )
                ]
            )
            return Turn(state.model_dump(), [reply, await _prompt(runtime, session, person, state)])
        state.fields = {name: getattr(previous, name) for name in FIELDS}
        state.repeating = previous.id
        return await self._move(runtime, session, person, state, "confirm")

    async def _on_decline_reason(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn:
        problem = round_answers.reason_problem(answer)
        if problem:
            return Turn(state.model_dump(), [Reply(blocks=[text(problem)])])
        reply = await round_answers.decline(runtime, session, person, answer)
        return Turn(state.model_dump(), [reply], finished="declined")

    async def _on_another(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn:
        """Yes: the next area's questions; later: the conversation ends (a reminder will name what is missing)."""
        if answer.lower() in YES:
            following = UpdateState(areas=state.areas, step="status")
            return Turn(following.model_dump(), [await _prompt(runtime, session, person, following)])
        if answer.lower() in LATER:
            titles = ", ".join(_short(runtime, key) for key in state.areas)
            return Turn(
                state.model_dump(),
                [
                    Reply(
                        blocks=[text(f"Fine. Say “update” when you want to give {titles}.")], intent=ReplyIntent.UPDATE
                    )
                ],
                finished="saved",
            )
        return _not_a_choice(
            state, answer, Reply(blocks=[text("Answer yes or later.")], choices=_choices_for("another"))
        )

    async def _move(
        self,
        runtime: Runtime,
        session: AsyncSession,
        person: Person,
        state: UpdateState,
        to: Step,
        *,
        remember: bool = True,
    ) -> Turn:
        if remember:
            state.trail.append(state.step)
        while to in state.heard and to in FIELDS[:-1] and to in state.fields:
            state.trail.append(to)
            to = FIELDS[FIELDS.index(to) + 1]
        state.step = "confirm" if state.return_to_confirm and to != "confirm" and state.step in FIELDS else to
        if state.step == "confirm" and missing_reason(
            state.fields
        ):  # e.g. the status edited to blocked: its reason first
            state.step, state.return_to_confirm = "blockers", True
        elif state.step == "confirm":
            state.return_to_confirm = False
        return Turn(state.model_dump(), [await _prompt(runtime, session, person, state)])

    async def _on_area(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn:
        titles = {_title(runtime, key): key for key in state.areas}
        chosen = _pick(answer, list(titles))
        if chosen is None:
            area = resolve_area(runtime, answer)
            chosen = area.title if isinstance(area, Area) and area.title in titles else None
        if chosen is None:
            return _not_a_choice(
                state,
                answer,
                Reply(blocks=[text("Pick one of the areas by its number or name.")]),
                await _prompt(runtime, session, person, state),
            )
        state.areas = [titles[chosen]] + [key for key in state.areas if key != titles[chosen]]
        return await self._move(runtime, session, person, state, "status")

    async def _on_status(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn:
        status = parse_status(answer)
        if status is None:
            labels = ", ".join(f"{i}. {s.label}" for i, s in enumerate(ORDER, 1))
            return _not_a_choice(
                state,
                answer,
                Reply(blocks=[text(f"Please answer with one of: {labels}.")], choices=_choices_for("status")),
            )
        state.fields["status"] = status.value
        return await self._move(runtime, session, person, state, "progress")

    async def _on_progress(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn:
        state.fields["progress"] = answer
        return await self._move(runtime, session, person, state, "blockers")

    async def _on_blockers(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn:
        none = _says_none(answer)
        if none and state.fields.get("status", "") in NEEDS_REASON:
            return Turn(
                state.model_dump(),
                [Reply(blocks=[text(f"{NEEDS_REASON[state.fields['status']]} needs its reason: what is in the way?")])],
            )
        state.fields["blockers"] = "" if none else answer
        return await self._move(runtime, session, person, state, "next_steps")

    async def _on_next_steps(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn:
        state.fields["next_steps"] = "" if _says_none(answer) else answer
        return await self._move(runtime, session, person, state, "paragraphs")

    async def _on_paragraphs(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn:
        if _says_none(answer, finished=True):  # "none", "save": no paragraph
            state.fields["paragraphs"] = ""
        else:
            if not _paragraphs_named(answer) or isinstance(forms.classify(answer), COMMANDS):
                # "what did I just report?", "I'm off next week", "away until 2027-01-10": no list of paragraphs,
                # answered as any message, and the question asked again after
                return Turn(state.model_dump(), passed=True)
            cited, problem = _check_paragraphs(runtime, answer)
            if problem:
                return Turn(state.model_dump(), [Reply(blocks=[text(problem)])])
            state.fields["paragraphs"] = cited or ""
        return await self._move(runtime, session, person, state, "confirm")

    async def _on_edit_field(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn:
        labels = (
            {f: f for f in FIELDS}
            | {FIELD_LABELS[f].lower(): f for f in FIELDS}
            | {str(i): f for i, f in enumerate(FIELDS, 1)}
        )
        field = labels.get(answer.lower())
        if field is None:
            return _not_a_choice(
                state,
                answer,
                Reply(blocks=[text("Pick a field by its number or name.")], choices=_choices_for("edit_field")),
            )
        state.trail.append(state.step)
        state.step = field
        state.return_to_confirm = True
        state.repeating = None  # no longer the same as the previous update
        return Turn(state.model_dump(), [await _prompt(runtime, session, person, state)])

    async def _on_confirm(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, answer: str
    ) -> Turn:
        choice = {
            "1": "save",
            "save": "save",
            "yes": "save",
            "y": "save",
            "ok": "save",
            "confirm": "save",
            "2": "edit",
            "edit": "edit",
            "3": "cancel",
        }.get(answer.lower())
        if choice is None and _SAVE_SAID.match(answer.strip()):
            choice = "save"
        if choice is None and _reopened(state) and (answer.lower() == "4" or _WITHDRAW_SAID.match(answer.strip())):
            return await self._withdraw(runtime, session, person, state)
        if choice == "cancel":
            return _cancelled(state)
        if choice == "edit":
            return await self._move(runtime, session, person, state, "edit_field")
        if choice is None and (change := status_change(answer)) is not None:
            return await self._status_changed(runtime, session, person, state, *change)
        if choice != "save":
            said = "Answer save, edit, cancel or withdraw." if _reopened(state) else "Answer save, edit or cancel."
            choices = _choices_for("confirm", editing=_reopened(state))
            return _not_a_choice(state, answer, Reply(blocks=[text(said)], choices=choices))
        key, rest = state.areas[0], state.areas[1:]
        title = _title(runtime, key)
        if runtime.area_ids.by_key(key) is None:
            done = Reply(
                blocks=[text(f"Not saved: {title} is no longer an area of the document.")],
                intent=ReplyIntent.UPDATE_REFUSED,
            )
        elif not _leads_or_admin(runtime, person, title):  # the file may have changed since the conversation began
            done = Reply(
                blocks=[text(f"Not saved: you no longer lead {title} in the working-group file.")],
                intent=ReplyIntent.UPDATE_REFUSED,
            )
        else:
            done = await save_update(runtime, session, person, title, state.fields, editing=state.editing)
        if not rest or done.intent not in SAVED:
            return Turn(state.model_dump(), [done], finished="saved" if done.intent in SAVED else "refused")
        following = UpdateState(areas=rest, step="another")  # asked, not taken straight into the next area
        return Turn(following.model_dump(), [done, await _prompt(runtime, session, person, following)])

    async def _withdraw(self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState) -> Turn:
        """Withdraw at a reopened update's summary ("posted to the wrong area"): removed, as if never given, unless
        the chairs have had it in a digest or an addendum, or a later update of the area followed it (whose
        blockers and place in the digest rest on it): then it stays, and an edit corrects it."""
        assert state.editing is not None
        row = await session.get(UpdateRow, state.editing)
        title = _title(runtime, state.areas[0])
        if row is None or row.person_id != person.id:
            said = f"Your update for {title} is no longer there: nothing was withdrawn."
            return Turn(state.model_dump(), [Reply(blocks=[text(said)], intent=ReplyIntent.UPDATE)], finished="refused")
        if (sent := await digest_sent_with(runtime, session, row.created_at)) is not None:
            went = (
                f"Not withdrawn: {_digest_went(runtime, sent)} with it, so it stays as the chairs read it. "
                "Choose Edit to correct it: the correction reaches them."
            )
            return Turn(state.model_dump(), [Reply(blocks=[text(went)], choices=_choices_for("confirm", editing=True))])
        if (later := await repo.followed_in_its_area(session, row)) is not None:
            after = (
                f"Not withdrawn: {name_of(runtime, later.person_id)}'s update of {_short(runtime, state.areas[0])} "
                f"({day(later.created_at.date())}) came after it. Choose Edit to correct yours."
            )
            return Turn(
                state.model_dump(), [Reply(blocks=[text(after)], choices=_choices_for("confirm", editing=True))]
            )
        given = day(row.created_at.date())
        await repo.withdraw_update(session, row, person.id, runtime.clock.now())
        done = Reply(
            blocks=[
                text(span("Withdrawn", bold=True), f" your update for {title} of {given}."),
                Note(
                    text="It no longer counts for the area's status, the round or the digest; “update” gives another."
                ),
            ],
            intent=ReplyIntent.UPDATE_WITHDRAWN,
        )
        return Turn(state.model_dump(), [done], finished="withdrawn")

    async def _status_changed(
        self, runtime: Runtime, session: AsyncSession, person: Person, state: UpdateState, status: Status, reason: str
    ) -> Turn:
        """ "actually make that amber, the March date is slipping" at the summary: the status changed, the reason
        added to the blockers, and the summary shown again (a status that needs a reason and has none asks it)."""
        state.fields["status"] = status.value
        if reason:
            blockers = state.fields.get("blockers", "")
            state.fields["blockers"] = f"{blockers}; {reason}" if blockers else reason
        state.repeating = None
        turn = await self._move(runtime, session, person, state, "confirm", remember=False)
        turn.replies.insert(0, Reply(blocks=[text(f"Status changed to {status.label}.")]))
        return turn


def _pick(answer: str, titles: list[str]) -> str | None:
    if answer.isdigit() and 1 <= int(answer) <= len(titles):
        return titles[int(answer) - 1]
    return next((t for t in titles if t.lower() == answer.lower()), None)


def _digest_went(runtime: Runtime, sent: SentDigest) -> str:
    """ "the digest for the Security and Defence Dialogue went out on 8 Mar 2027": said of an update it carried."""
    went_on = day(sent.at.astimezone(runtime.timezone).date())
    return f"the digest for the {meeting_title(runtime, sent.meeting)} went out on {went_on}"


def _after_digest(runtime: Runtime, sent: SentDigest) -> str:
    """Why an edit is saved as a new update, and where the chairs will read it."""
    said = _digest_went(runtime, sent)
    went = f"{said[:1].upper()}{said[1:]} with the update you are editing, so that one stays as the chairs read it; "
    if sent.meeting.date >= runtime.today().date():
        return went + "they get the new one as an addendum."
    return went + "the new one goes into the next digest."


async def save_update(
    runtime: Runtime,
    session: AsyncSession,
    person: Person,
    area_title: str,
    fields: dict[str, str],
    *,
    editing: int | None = None,
) -> Reply:
    """Store the update, or the edit of a saved one, and say what was stored; the audit log records both.

    An update the chairs have had in a digest is not rewritten: the edit is stored as a new
    update, which reaches them as an addendum while the meeting is ahead (bot.app.delivery).
    """
    values: dict[str, str] = {name: fields.get(name, "") for name in FIELDS}
    now = runtime.clock.now()
    edited = await repo.get_update(session, editing) if editing is not None else None
    if edited is not None and all(getattr(edited, name) == value for name, value in values.items()):
        return Reply(
            blocks=[text(f"Nothing changed: your update for {area_title} stays as it was.")],
            intent=ReplyIntent.UPDATE_UNCHANGED,
        )
    sent = await digest_sent_with(runtime, session, edited.created_at) if edited is not None else None
    reply = Reply(intent=ReplyIntent.UPDATE_SAVED)
    if edited is not None and sent is None:
        await repo.edit_update(session, edited.id, values, person.id, now)
        reply.blocks.append(text(span("Edited", bold=True), f" your update for {area_title}."))
    else:
        await repo.add_update(
            session, area_id=runtime.area_ids.id(area_title), person_id=person.id, fields=values, at=now
        )
        what = "your edit as a new update" if sent else "your update"
        reply.blocks.append(text(span("Saved", bold=True), f" {what} for {area_title}."))
    reply.blocks.append(bullets(*summary_lines(values)))
    if sent is not None:
        reply.blocks.append(Note(text=_after_digest(runtime, sent)))
    reply.blocks.append(Note(text="Say “edit” to change it."))
    return reply


def one_line_fields(one_line: str, area_name: str) -> tuple[dict[str, str], str | None]:
    """`blocked — ROK MOFA has not confirmed the date`: the text after a blocked or at-risk status is its
    reason (Blockers), after any other status its Progress; blocked or at risk without a reason is refused."""
    status, rest = split_one_line(one_line)
    if status is None:
        labels = ", ".join(s.label for s in ORDER)
        return {}, f"Start with a status ({labels}), e.g. “update space: at risk — first meeting slipped to May”."
    if status.value in NEEDS_REASON and not rest:
        return (
            {},
            f"{NEEDS_REASON[status.value]} needs its reason: "
            f"“update {area_name}: {status.label} — what is in the way”.",
        )
    return _status_fields(status, rest), None


def _status_fields(status: Status, words: str) -> dict[str, str]:
    """The status and the words said after it: after blocked or at risk its reason (Blockers), after another
    status its Progress."""
    field = "blockers" if status.value in NEEDS_REASON else "progress"
    return {"status": status.value} | ({field: words[:MAX_ANSWER_CHARS]} if words else {})


async def start_update(
    runtime: Runtime, engine: ConversationEngine, person: Person, intent: intents.Update, *, platform: str, channel: str
) -> Reply:
    """`update`, `update maritime`, or `update space: at risk — ...` in one message."""
    if intent.area:
        area = resolve_area(runtime, intent.area)
        if isinstance(area, Reply):
            return area
        if not _leads_or_admin(runtime, person, area.title):
            return refusal_not_lead(runtime, area.title)
        titles = [area.title]
    else:
        titles = runtime.areas_led_by(person.id)
        if not titles:
            return Reply(
                blocks=[text("You lead no area. Admins can say “update AREA”.")], intent=ReplyIntent.UPDATE_REFUSED
            )
    if intent.one_line is not None:
        if len(titles) > 1:
            return Reply(blocks=[text("Name the area: “update maritime: on track — ...”.")], intent=ReplyIntent.UPDATE)
        fields, problem = one_line_fields(intent.one_line, short_title(runtime, titles[0]))
        if problem:
            return Reply(blocks=[text(problem)], intent=ReplyIntent.UPDATE)
        db = await runtime.database()
        async with db.session() as session:
            return await save_update(runtime, session, person, titles[0], fields)
    prefilled = _said_fields(intent.said) if intent.said and len(titles) == 1 else {}
    opened = await open_update(
        runtime, engine, person, titles, platform=platform, channel=channel, ask_area=len(titles) > 1, fields=prefilled
    )
    if not intent.no_change or len(titles) > 1:
        return opened
    # "maritime: no change": answered at the status question as the lead would, which shows the previous update
    # at the summary to save again dated today (or says there is none to repeat, and asks the status)
    replies = (await engine.advance(person, "no change")).replies
    answer = replies[-1]
    answer.blocks[:0] = [block for reply in replies[:-1] for block in reply.blocks]
    return answer


async def decline_round(
    runtime: Runtime, engine: ConversationEngine, person: Person, reason: str | None, *, platform: str, channel: str
) -> Reply:
    """ "skip this round" (or "I can't report this round, I'm travelling") with no update open: declined with the
    reason said, else the reason asked in the update's conversation, as when it is said in one."""
    titles = runtime.areas_led_by(person.id)
    if not titles:
        return Reply(
            blocks=[text("You lead no area: no round asks you for updates.")], intent=ReplyIntent.UPDATE_REFUSED
        )
    db = await runtime.database()
    async with db.session() as session:
        if reason is not None and round_answers.reason_problem(reason) is None:
            return await round_answers.decline(runtime, session, person, reason)
        if await next_digest_meeting(runtime, session) is None:
            return round_answers.no_round()
        state = UpdateState(areas=[runtime.area_ids.key(title) for title in titles], step="decline_reason")
        await engine.start(session, person, kind=KIND, state=state.model_dump(), platform=platform, channel=channel)
    return round_answers.reason_question()


def _said_fields(said: str) -> dict[str, str]:
    """ "on track, consultation held 12 Nov": the fields a free-worded update gives, as a one-line update's are
    read (after blocked or at risk, the words are its reason); none when it does not start with a status."""
    status, rest = split_one_line(said)
    if status is None:
        return {}
    rest = re.sub(r"^(?:(?:and|but|so|as|because|since|with|for|on|in)\b[\s,;:—–-]*)+", "", rest, flags=re.I).strip()
    return _status_fields(status, rest if len(rest.split()) >= 2 else "")  # "we're on track now": its status alone


async def open_update(
    runtime: Runtime,
    engine: ConversationEngine,
    person: Person,
    titles: list[str],
    *,
    platform: str,
    channel: str,
    ask_area: bool,
    fields: dict[str, str] | None = None,
) -> Reply:
    """Start the conversation; rounds call this too, with every area the lead leads queued. `fields` said in the
    message that started it ("cyber is on track, …") are filled in, and it asks the first question they leave."""
    db = await runtime.database()
    state = UpdateState(areas=[runtime.area_ids.key(title) for title in titles], step="area" if ask_area else "status")
    if fields:
        state.fields, state.heard = dict(fields), [step for step in FIELDS if step in fields]
        state.step = next(step for step in _AFTER_A_STATUS if step not in fields)
        state.trail = FIELDS[: FIELDS.index(state.step)]
    async with db.session() as session:
        await engine.start(session, person, kind=KIND, state=state.model_dump(), platform=platform, channel=channel)
        prompt = await _prompt(runtime, session, person, state)
    if fields:
        heard = " · ".join(f"{FIELD_LABELS[f]}: {Status(v).label if f == 'status' else v}" for f, v in fields.items())
        prompt.blocks[:0] = [
            Heading(text=f"Update: {titles[0]}"),
            Note(text=f"From your message: {heard}; “back” to change it"),
        ]
    return prompt


async def _latest_own(
    runtime: Runtime, session: AsyncSession, person: Person, area_query: str | None, *, to: str
) -> UpdateRow | Reply:
    """The person's latest update (of the area named, if one is), or what to say instead: no such area, no
    update yet, or an area they no longer lead."""
    area = resolve_area(runtime, area_query) if area_query else None
    if isinstance(area, Reply):
        return area
    latest = await repo.latest_by(session, person.id, runtime.area_ids.id(area.title) if area else None)
    if latest is None:
        return Reply(
            blocks=[text(f"You have no saved update to {to}. Say “update” to give one.")], intent=ReplyIntent.UPDATE
        )
    stored = runtime.area_ids.by_id(latest.area_id)
    if not _leads_or_admin(runtime, person, stored.title):
        return refusal_not_lead(runtime, stored.title)
    return latest


def _fields_of(row: UpdateRow) -> dict[str, str]:
    return {name: getattr(row, name) for name in FIELDS}


async def show_latest(runtime: Runtime, person: Person, area_query: str | None) -> Reply:
    """ "show my last update": the lead's latest update as it stands, and whether the chairs have had it; asked in
    the middle of an update (its question is asked again after), what it holds so far first."""
    db = await runtime.database()
    async with db.session() as session:
        under_way = await _under_way(runtime, session, person, area_query)
        latest = await _latest_own(runtime, session, person, area_query, to="show")
        if isinstance(latest, Reply):
            return Reply(blocks=under_way, intent=ReplyIntent.UPDATE) if under_way else latest
        title = runtime.area_ids.by_id(latest.area_id).title
        reply = Reply(blocks=under_way or [], intent=ReplyIntent.UPDATE)
        when = day(latest.created_at.date())
        reply.blocks.append(Heading(text=f"Your last update for {short_title(runtime, title)}, {when}"))
        reply.blocks.append(bullets(*summary_lines(_fields_of(latest))))
        if (sent := await digest_sent_with(runtime, session, latest.created_at)) is not None:
            reply.blocks.append(Note(text=_after_digest(runtime, sent)))
        elif coming := await first_from(runtime, session, latest.created_at.astimezone(runtime.timezone).date()):
            # "did the chairs read my update?": not yet, and when they will
            digest_on = day(
                round_answers.round_schedule(runtime, coming, {}).digest_at.astimezone(runtime.timezone).date()
            )
            reply.blocks.append(
                Note(
                    text=f"The chairs get it in the digest on {digest_on}, before the {meeting_title(runtime, coming)}."
                )
            )
        reply.blocks.append(Note(text="Say “edit” to change it."))
        return reply


async def _under_way(runtime: Runtime, session: AsyncSession, person: Person, area_query: str | None) -> list[Block]:
    """The update the lead is giving now, as answered so far (of the area asked about, if one is): "what did I
    just report?" at the blockers question said there was no saved update."""
    row = await repo.open_conversation(session, person.id)
    if row is None or row.kind != KIND:
        return []
    state = _load(runtime, row.state)
    asked = resolve_area(runtime, area_query) if area_query else None
    title = _title(runtime, state.areas[0])
    if not state.fields or (isinstance(asked, Area) and asked.title != title):
        return []
    lines = [line for name, line in zip(FIELDS, summary_lines(state.fields), strict=True) if name in state.fields]
    return [Heading(text=f"Your update for {short_title(runtime, title)}, not saved yet"), bullets(*lines)]


async def reopen_latest(
    runtime: Runtime,
    engine: ConversationEngine,
    person: Person,
    edit: intents.EditUpdate,
    *,
    platform: str,
    channel: str,
) -> Reply:
    """`edit` after saving: the lead's latest update, back at the summary with "edit one field"; with a new
    status ("change the status to on track"), shown with it to save, after its reason if it needs one; with a
    field's new words ("add a blocker: MOFA approval pending"), shown with them to save."""
    status = edit.status
    db = await runtime.database()
    async with db.session() as session:
        latest = await _latest_own(runtime, session, person, edit.area, to="edit")
        if isinstance(latest, Reply):
            return latest
        stored = runtime.area_ids.by_id(latest.area_id)
        state = UpdateState(areas=[stored.key], step="confirm", fields=_fields_of(latest), editing=latest.id)
        if edit.field is not None and edit.words:
            if len(edit.words) > MAX_ANSWER_CHARS:
                too_long = f"Please keep an answer under {MAX_ANSWER_CHARS:,} characters."
                return Reply(blocks=[text(too_long)], intent=ReplyIntent.UPDATE)
            before = state.fields.get(edit.field, "").strip()
            state.fields[edit.field] = f"{before}; {edit.words}" if edit.added and before else edit.words
        if status is not None and status != state.fields.get("status"):
            state.fields["status"] = status
            if missing_reason(state.fields):  # "mark it blocked": the chairs need the why before it is saved
                state.trail, state.step, state.return_to_confirm = ["confirm"], "blockers", True
        await engine.start(session, person, kind=KIND, state=state.model_dump(), platform=platform, channel=channel)
        reply = await _prompt(runtime, session, person, state)
        blockers = state.fields.get("blockers", "").strip()
        if status is not None and status not in NEEDS_REASON and blockers:
            # "change the status to on track" after a blocker: the chairs would read a green area and a blocker
            reply.blocks.append(
                Note(text=f"Its blockers still read “{blockers}”: choose Edit if that no longer holds.")
            )
        if (sent := await digest_sent_with(runtime, session, latest.created_at)) is not None:
            reply.blocks.append(Note(text=_after_digest(runtime, sent)))
        elif edit.withdraw:  # "delete my last update": nothing goes before the lead says so
            reply.blocks.append(
                Note(text="Choose Withdraw (or say “withdraw”) to remove it; nothing is removed before.")
            )
        return reply


async def unfinished_update(runtime: Runtime, session: AsyncSession, person_id: str) -> str | None:
    """Where a lead left an update they began, for the round's reminder: the area and the questions still open."""
    row = await repo.open_conversation(session, person_id)
    if row is None or row.kind != KIND or row.expires_at <= runtime.clock.now():
        return None
    state = _load(runtime, row.state)
    if not state.areas or state.step not in {*FIELDS, "confirm"}:
        return None
    area = _short(runtime, state.areas[0])
    if state.step == "confirm":
        return f"Your update of {area} is written and only needs saving: answer “save”."
    still = [FIELD_LABELS[name].lower() for name in FIELDS[FIELDS.index(state.step) :] if name not in state.fields]
    return f"You began your update of {area}; still to answer: {', '.join(still)}. Your next answer continues it."
