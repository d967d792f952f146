"""The neutral vocabulary between adapters and handlers.

Adapters turn Slack, Telegram or console payloads into an Inbound and render a
Reply; handlers see only these types, so one handler serves every platform.
A Reply is made of typed blocks of plain text: renderers do all escaping, so
nothing a user typed can become markup on any platform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Platform(StrEnum):
    CONSOLE = "console"
    SLACK = "slack"
    TELEGRAM = "telegram"


class ReplyIntent(StrEnum):
    """What a reply answers for: branches on it (a saved update ends the conversation, a refusal is not
    narrowed to the asker) and the metrics count by it. The values are what logs and metrics have always
    carried."""

    UNSPECIFIED = ""
    ADDENDUM = "addendum"
    AREA = "area"
    AREA_UNCLEAR = "area_unclear"
    AREA_UNKNOWN = "area_unknown"
    AREAS = "areas"
    AWAY = "away"
    BLOCKED_ALERT = "blocked_alert"
    BLOCKERS = "blockers"
    CHAIRS = "chairs"
    CLARIFY = "clarify"
    DELIVERY_ALERT = "delivery_alert"
    DIGEST = "digest"
    DOCUMENT = "document"
    ERROR = "error"
    GLOSSARY = "glossary"
    HELP = "help"
    HISTORY = "history"
    HOME = "home"
    INVALID = "invalid"
    INVITATION = "invitation"
    MECHANISM = "mechanism"
    MECHANISMS = "mechanisms"
    MEETING = "meeting"
    MEETING_CANCEL_CONFIRM = "meeting_cancel_confirm"
    MEETING_CHANGED = "meeting_changed"
    MEETING_KEPT = "meeting_kept"
    MEETING_SCHEDULE_CONFIRM = "meeting_schedule_confirm"
    MEETINGS = "meetings"
    MISSING = "missing"
    MY_AREAS = "my_areas"
    NEEDS_SUBJECT = "needs_subject"
    NOT_IN_TEXT = "not_in_text"
    OPEN_A_CHAT = "open_a_chat"
    PARAGRAPH = "paragraph"
    PEOPLE = "people"
    PERSON = "person"
    REFUSED = "refused"
    RESOLVED = "resolved"
    RESOLVED_WHICH = "resolved_which"
    ROUND_DECLINED = "round_declined"
    ROUND_NONE = "round_none"
    ROUND_PROMPT = "round_prompt"
    ROUND_REMINDER = "round_reminder"
    ROUND_SNOOZED = "round_snoozed"
    ROUND_NUDGED = "round_nudged"
    SMALLTALK = "smalltalk"
    STATUS = "status"
    STATUS_FILTER = "status_filter"
    STATUS_OVERVIEW = "status_overview"
    TOPIC = "topic"
    UPDATE = "update"
    UPDATE_CANCELLED = "update_cancelled"
    UPDATE_EXPIRED = "update_expired"
    UPDATE_REFUSED = "update_refused"
    UPDATE_SAVED = "update_saved"
    UPDATE_UNCHANGED = "update_unchanged"
    UPDATE_WITHDRAWN = "update_withdrawn"
    WHO_LEADS = "who_leads"
    # the dispatcher's outcome for a message that got no reply
    IGNORED = "ignored"
    DUPLICATE = "duplicate"
    NONE = "none"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Actor(_Frozen):
    """Who sent a message, as the platform names them."""

    user_id: str
    is_bot: bool = False


class Conversation(_Frozen):
    """Where a message was sent: a channel, group or direct chat, and the thread if any."""

    id: str
    is_direct: bool
    thread_id: str | None = None


class Inbound(_Frozen):
    """One message or button press, on any platform."""

    platform: Platform
    dedupe_key: str | None = None  # Slack event_id / Telegram update_id; None on the console
    actor: Actor
    conversation: Conversation
    text: str = ""
    action: str | None = None  # the value of a pressed button
    received_at: datetime


class Span(_Frozen):
    text: str
    bold: bool = False
    italic: bool = False
    # a status (handlers.statuses.Status value) the text states: where a renderer has colour it shows it
    # too, beside the words, never instead of them
    tone: str | None = None


class Heading(_Frozen):
    kind: Literal["heading"] = "heading"
    text: str


class Text(_Frozen):
    kind: Literal["text"] = "text"
    spans: tuple[Span, ...]


class Quote(_Frozen):
    """The document's own words, with the citation they come from."""

    kind: Literal["quote"] = "quote"
    text: str
    cite: str


class Bullets(_Frozen):
    kind: Literal["bullets"] = "bullets"
    items: tuple[tuple[Span, ...], ...]


class Note(_Frozen):
    """Secondary text: ages, counts, hints."""

    kind: Literal["note"] = "note"
    text: str


class Divider(_Frozen):
    kind: Literal["divider"] = "divider"


class Table(_Frozen):
    """Rows of cells under a header, one Span per cell. Pages (HTML, Markdown) show a table; chats, whose
    narrow screens cannot, show each row as one line (`as_bullets`)."""

    kind: Literal["table"] = "table"
    header: tuple[str, ...]
    rows: tuple[tuple[Span, ...], ...]

    def as_bullets(self) -> Bullets:
        """The header in italics, then one line per row: the first cell in bold, the others after it,
        separated by " · "."""
        lines: list[tuple[Span, ...]] = [(Span(text=" · ".join(self.header), italic=True),)]
        for row in self.rows:
            first, *rest = row
            parts: list[Span] = [first.model_copy(update={"bold": True})]
            for cell in rest:
                parts.extend((Span(text=" · "), cell))
            lines.append(tuple(parts))
        return Bullets(items=tuple(lines))


Block = Annotated[Heading | Text | Quote | Bullets | Note | Divider | Table, Field(discriminator="kind")]


class ChartRow(_Frozen):
    label: str
    statuses: tuple[str | None, ...]  # a Status value per column; None: no report


class StatusChart(_Frozen):
    """A status-over-time picture as data (areas × meetings); bot.render.chart draws it, so a Reply stays
    plain data and each adapter attaches the drawing in its platform's way (a file, a photo, an image)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[ChartRow, ...]


class Choice(_Frozen):
    """An answer the user can pick: a numbered option on the console, a button elsewhere."""

    label: str
    value: str
    style: Literal["primary", "danger"] | None = None


class Attachment(_Frozen):
    """A file that goes with a reply (the meetings as a calendar file): an upload on Slack, a document on Telegram."""

    filename: str
    content_type: str
    data: bytes


CHOOSE = "choose"  # the step of a question asked back: its buttons' answers pick the n-th option offered
_BUTTON_VALUE = re.compile(r"([a-z_]+):(\S+)")


@dataclass(frozen=True)
class ButtonValue:
    """What a button that answers a question sends back: the question (`step`) and the answer, encoded as
    `step:answer` ("status:on_track", "confirm:save", "choose:2"). A choice's value of another form is a
    command, read as if typed ("update Maritime").

    Short by design: Telegram's callback_data holds 64 bytes. A longer value is sent by its position on the
    keyboard and comes back as the button's label (bot.render.telegram), which every conversation accepts
    as the typed answer it stands for."""

    step: str
    answer: str

    def encode(self) -> str:
        return f"{self.step}:{self.answer}"

    @staticmethod
    def decode(text: str) -> ButtonValue | None:
        """The question and answer a button's value names; None for text that is not a button's answer."""
        match = _BUTTON_VALUE.fullmatch(text)
        return ButtonValue(match[1], match[2]) if match else None


class Option(_Frozen):
    """One answer the bot waits for after asking (a reading it asks back about, a yes or no): picking it, by
    its number, its button or its words, answers `message` as `label`."""

    label: str
    text: str  # the choice as shown, and the words that pick it
    message: str


class Reply(BaseModel):
    """What a handler answers."""

    # factories, not `= []`: pydantic deep-copies a mutable default on every Reply built
    blocks: list[Block] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list)
    choices: list[Choice] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    # what the chat waits for after this reply: the dispatcher keeps it in the chat's context, so "yes" or a
    # button pressed later is read as the option it picks
    offers: list[Option] = Field(default_factory=list)
    chart: StatusChart | None = None  # sent after the text, as an image
    # what the answer turned out to be about, found by the handler, not rendered: the chat's context keeps it, so
    # "move it to 19 April" after "when is the strategic dialogue" (or after scheduling one) moves that meeting
    # ("meeting": its id), "who can unblock it?" after "what's blocked" asks of the one area blocked ("area")
    about: dict[str, str] = Field(default_factory=dict)
    intent: ReplyIntent = ReplyIntent.UNSPECIFIED
    # set by the dispatcher where the conversation may not see answers (bot.audience): only the asker gets this one
    to_asker_only: bool = False
    # set by the dispatcher from understanding, for `partnerbot ask --json` and logs: not rendered
    confidence: float | None = None
    entities: list[dict[str, Any]] = Field(default_factory=list)

    def offer(
        self,
        options: list[Option],
        *,
        labels: list[str] | None = None,
        styles: list[Literal["primary", "danger"] | None] | None = None,
    ) -> None:
        """Wait for one of `options`, shown as buttons (numbered on the console) labelled `labels`, else their words."""
        self.offers = list(options)
        shown = labels or [o.text for o in options]
        kinds = styles or [None] * len(options)
        self.choices = [
            Choice(label=label, value=ButtonValue(CHOOSE, str(i)).encode(), style=style)
            for i, (label, style) in enumerate(zip(shown, kinds, strict=True), 1)
        ]


def span(text: str, *, bold: bool = False, italic: bool = False, tone: str | None = None) -> Span:
    return Span(text=text, bold=bold, italic=italic, tone=tone)


def text(*parts: str | Span) -> Text:
    """A line of text from plain strings and spans: text("Status: ", span("at risk", bold=True))."""
    return Text(spans=tuple(p if isinstance(p, Span) else Span(text=p) for p in parts))


def bullets(*items: str | tuple[str | Span, ...]) -> Bullets:
    def line(item: str | tuple[str | Span, ...]) -> tuple[Span, ...]:
        parts = (item,) if isinstance(item, str) else item
        return tuple(p if isinstance(p, Span) else Span(text=p) for p in parts)

    return Bullets(items=tuple(line(i) for i in items))


def simple_reply(
    message: str, *, intent: ReplyIntent = ReplyIntent.UNSPECIFIED, choices: list[Choice] | None = None
) -> Reply:
    return Reply(blocks=[text(message)], intent=intent, choices=choices or [])


class Letter(_Frozen):
    """A message for someone's mailbox: a Reply with what mail adds (subject, threading, a calendar entry).

    `key` is the delivery's key; the Message-ID is derived from it, so a copy sent again after a crash
    carries the same Message-ID and mail clients show it once. `thread_key` names the delivery this one
    answers (an addendum answers its digest). `calendar` is an iCalendar text sent as an invitation
    (METHOD:REQUEST) or its cancellation (METHOD:CANCEL).
    """

    key: str
    subject: str
    reply: Reply
    thread_key: str | None = None
    calendar: str | None = None
    calendar_method: Literal["REQUEST", "CANCEL"] | None = None
    marking: str = "LIMITE"
