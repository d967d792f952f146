"""What a message asks for: one typed intent per kind of question or command, and their declarations.

Understanding (`bot/understanding/`) turns a message into one of these; handlers
take them as typed arguments. Each intent is declared once in `DECLARATIONS`:
its label (the classifier's class), who may ask it, how to offer it when the bot
asks back ("did you mean …"), and the examples `help` shows, so `help` never
offers what the person may not use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.understanding.references import ParagraphRef
from bot.workgroup import Role

MAX_MESSAGE_CHARS = 4000


@dataclass(frozen=True)
class Invalid:
    reason: str  # "empty", "punctuation", "too_long", "script"


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class SmallTalk:
    """Said to the bot, not about the text: a greeting, thanks, "all good" (`ok`), and, when nothing the bot
    asked is open, a bare "yes" / "no" (`yes_or_no`) or "cancel" (`stop`); "who are you?", "can I talk to a
    human?" (`bot`); "that's not what I asked", "wrong answer" (`misread`); "in Korean please" (`language`)."""

    said: Literal["hello", "thanks", "ok", "yes_or_no", "stop", "bot", "misread", "language"] = "hello"


@dataclass(frozen=True)
class Paragraphs:
    """Several at once: "§14 and §15", "§§14-16", "paragraphs 38 to 39"."""

    refs: tuple[ParagraphRef, ...]


@dataclass(frozen=True)
class Each:
    """ "who leads space and cyber?", "status of space and maritime": the same question of each area named, answered
    one after another (was "I know no area called “space and cyber”")."""

    parts: tuple[Intent, ...]


@dataclass(frozen=True)
class ClassOf:
    """ "is §14(c) a firm commitment?", "is that exploratory?" after a paragraph: yes or no first, as its verbs
    read, then the paragraph (was the paragraph alone, the answer left to find at its end)."""

    refs: tuple[ParagraphRef, ...]
    kind: str  # a CommitmentKind's value


@dataclass(frozen=True)
class Glossary:
    term: str


@dataclass(frozen=True)
class ListAreas:
    pass


@dataclass(frozen=True)
class Mechanisms:
    name: str | None = None  # "how often is the security and defence dialogue held" names one
    area: str | None = None  # "is there a dialogue for hybrid threats": those set up in one area's paragraphs


@dataclass(frozen=True)
class DocumentInfo:
    """About the document itself: "is it legally binding?", "summarise the partnership"."""

    aspect: str  # "overview", "adoption", "nature", "sections", "summary", "commitments", "sides", "duration"
    # a section's name, a commitment class, the side asked of ("EU", "ROK"), the paragraph asked whether binding ("§7")
    detail: str | None = None
    document: str | None = None
    area: str | None = None  # the commitments of one area's paragraphs: "the firm commitments on maritime"


@dataclass(frozen=True)
class Status:
    area: str | None = None
    side: str | None = None  # "what did the ROK side report?": that side's leads' reports alone ("EU", "ROK")


@dataclass(frozen=True)
class Recent:
    """ "what changed since last week", "anything new today?": the updates given since a day, newest first (of
    one area if one is named)."""

    since: date
    area: str | None = None


@dataclass(frozen=True)
class StatusFilter:
    """ "what's blocked", "any blockers?", "anything amber?": the areas whose latest status is one of these."""

    statuses: tuple[str, ...]


@dataclass(frozen=True)
class History:
    area: str


@dataclass(frozen=True)
class WhoLeads:
    area: str | None = None  # None: every area's leads
    unled_only: bool = False  # "which areas have no lead"
    side: str | None = None  # "who's the ROK lead for cyber": that side's lead named first ("EU", "ROK")


@dataclass(frozen=True)
class Chairs:
    pass


@dataclass(frozen=True)
class Absent:
    """ "who is away", "is anyone on leave": everyone marked away today, not one person."""


@dataclass(frozen=True)
class PersonInfo:
    person: str  # a person id
    # "what did rossi report?", "what's the latest from lee?": with their latest update of each area, as written
    reports: bool = False


@dataclass(frozen=True)
class Myself:
    """ "who am I", "what is my role": the asker as the working group knows them (any member may ask)."""


@dataclass(frozen=True)
class MyAreas:
    """ "my areas", "who is my co-lead?"; with `on_behalf`, "can someone else do my update?": who may report."""

    on_behalf: bool = False


@dataclass(frozen=True)
class Missing:
    pass


@dataclass(frozen=True)
class Away:
    until: date | None
    person: str | None = None  # None: the sender; an admin may name someone
    back: bool = False  # "back" / "not away" clears an absence; with `until`, "back on the 3rd" ends it then
    starts: date | None = None  # "on leave from 20 dec to 5 jan": away from then, not from today
    # "cancel my leave": the absence dropped (ended today if it has begun); with `starts`, the one covering that day
    cancel: bool = False


@dataclass(frozen=True)
class Update:
    area: str | None = None
    one_line: str | None = None  # "update space: at risk — first meeting slipped to May"
    # "cyber is on track, consultation held 12 Nov": the status and what follows it, said in free words; the
    # conversation starts with them filled in, to be confirmed at its summary
    said: str | None = None
    # "maritime: no change", "nothing new on maritime": the lead's previous update repeated, at the summary to save
    no_change: bool = False


@dataclass(frozen=True)
class EditUpdate:
    area: str | None = None
    status: str | None = None  # "change the status to on track": the status it is reopened with, to save or not
    # "change the progress to port call moved to May", "add a blocker: MOFA approval pending": a field (progress,
    # blockers, next_steps) reopened with these words, in its place or (`added`) after its own
    field: str | None = None
    words: str | None = None
    added: bool = False
    withdraw: bool = False  # "delete my last update": reopened to withdraw (nothing goes until the lead says so)


@dataclass(frozen=True)
class ShowUpdate:
    """ "show my last update", "what was my last update": the lead's latest update as it stands, not reopened
    for editing (asked of the same words as `edit`, and allowed to the same people)."""

    area: str | None = None


@dataclass(frozen=True)
class Meetings:
    next_only: bool = False
    kind: str | None = None  # "when is the strategic dialogue": a dialogue named by the name the text gives it
    last: bool = False  # "when was the last dialogue": the one held most recently, not the next
    # "what was decided at the last SDD", "what's the agenda for the SDD": asked what it said or will discuss,
    # which no text here records
    outcome: bool = False
    # "who moved the SDD?", "has the dialogue been moved?": the next one, with who changed it and when
    changes: bool = False


@dataclass(frozen=True)
class ScheduleMeeting:
    kind: str
    when: date | None
    place: str | None
    # None: ask first when one of its kind is already near (the second is likely a move); True: schedule it
    # anyway; False: schedule nothing
    confirmed: bool | None = None


@dataclass(frozen=True)
class MoveMeeting:
    meeting: str
    when: date | None
    by_days: int | None = None  # "push the SDD back a week": from its date, which the handler reads (+7)
    # "move the SDD to the 20th": that day of the month nearest its date, which the handler reads
    day: int | None = None
    # "the SDD is moved to Seoul", "change the venue to Busan": where it is held (with a date, both change)
    place: str | None = None


@dataclass(frozen=True)
class CancelMeeting:
    meeting: str
    confirmed: bool | None = None  # None: ask the chair first; True: they said yes; False: they said no


# labels of the chair's answer to "cancel sdd-2027?": built from what the bot offered, never classified
CONFIRM_CANCEL = "cancel_meeting:yes"
KEEP_MEETING = "cancel_meeting:no"
# and to "one is already on 15 Mar: schedule another?"
CONFIRM_SCHEDULE = "schedule_meeting:yes"
SKIP_SCHEDULE = "schedule_meeting:no"
# "has the space dialogue been launched": a dialogue's or an area's progress, read plainly, never classified; built
# as its area's status, or as the meetings of a dialogue outside the areas
PROGRESS = "progress"


@dataclass(frozen=True)
class Blockers:
    """ "blockers", "what's blocking cyber": the register's open blockers, oldest first."""

    area: str | None = None  # one area's only


@dataclass(frozen=True)
class Resolved:
    """ "resolved", "the cyber blocker is resolved": a lead closes their open blocker."""

    area: str | None = None  # None: the lead's only area with an open blocker


@dataclass(frozen=True)
class DigestPreview:
    meeting: str | None = None


@dataclass(frozen=True)
class Nudge:
    """ "remind rossi", "chase everyone who hasn't reported": the round's prompt again."""

    person: str | None = None  # None: every lead with areas not yet reported this round (of `area`, if named)
    area: str | None = None


@dataclass(frozen=True)
class RemindersSent:
    """ "has kim been reminded?", "how many reminders went out?": what the round has sent the leads (or one)."""

    person: str | None = None


@dataclass(frozen=True)
class DigestDelivery:
    """ "has the digest gone out?", "who gets the digest?": when the next digest goes and to whom, whether the last
    went (was the digest itself, previewed); with `change`, "postpone the digest", "I didn't get the digest": also
    how that is changed, and how one copy is sent again."""

    change: bool = False


@dataclass(frozen=True)
class People:
    """ "who's in the working group?", "who's on the ROK side?", "how many leads are there?": the people the
    working-group file names, by side (was the chairs, or a search of the text)."""

    side: str | None = None  # "EU", "ROK"


@dataclass(frozen=True)
class Reminders:
    """ "stop reminding me", "unsubscribe": what the bot sends the asker unasked, and how they stop it."""


@dataclass(frozen=True)
class Reporting:
    """ "what should I write in progress?", "who reads my update?", "can you give me a template?", "can I report
    for both areas at once?": how a lead's update is given, who reads it and by when (were a search of the text
    quoting §41 on "progress", the whole help, and a search for "once")."""


@dataclass(frozen=True)
class Operations:
    """ "did any delivery fail?", "is the bot healthy?", "what version are you?", "show me the audit log": how the
    bot itself runs, for its admins (were searches of the text)."""


@dataclass(frozen=True)
class Statuses:
    """ "what does at risk mean?", "what statuses can I use?": the five statuses and what each sets going (was a
    search of the text for "risk", or who is blocked)."""


@dataclass(frozen=True)
class Exports:
    """ "export the updates", "can I get the digest as a pdf?": how the updates, the digest and the meetings are
    written to files (was a search of the text, quoting its export controls on “export”)."""


@dataclass(frozen=True)
class Access:
    """ "who can see the answers?", "how do I add someone to the working group?", "who are the admins?": who gets
    answers, and how people are added (were searches of the text, who had not reported, or a meeting's date)."""


@dataclass(frozen=True)
class DeclineRound:
    """ "skip this round", "I can't report this round, I'm travelling" with no update open: the lead's round
    declined, with the reason said (else asked for: the chairs read it in the digest)."""

    reason: str | None = None


@dataclass(frozen=True)
class Snooze:
    """ "remind me tomorrow", "can you remind me later?" with no update open: the lead's round prompt put off (or,
    before the round opens, when it will come)."""

    tomorrow: bool = False
    # "I'll send my update on friday", "remind me next week": not before that day (its prompt hour)
    on: date | None = None


@dataclass(frozen=True)
class Area:
    """What the text says about something named: an area or a dialogue (else, what its words find)."""

    query: str


@dataclass(frozen=True)
class Areas:
    """Areas named together, with nothing else asked ("compare maritime and cyber"): each area's text in turn."""

    titles: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """What the text says on a subject, searched for: "port calls", "anything on north korea"."""

    query: str
    within: str | None = None  # an area's title: "anything on the threat landscape" after "cyber" looks there first
    figure: bool = False  # "how many ships are involved?": a number or an amount asked, which the text rarely gives
    mentions: bool = False  # "how many paragraphs mention cyber?": which paragraphs say it, counted


@dataclass(frozen=True)
class NeedsSubject:
    """The intent is clear but not what it is about, and nothing in the conversation says: ask for it."""

    label: str


Intent = (
    Invalid
    | Help
    | SmallTalk
    | ParagraphRef
    | Paragraphs
    | ClassOf
    | Each
    | Glossary
    | ListAreas
    | Mechanisms
    | DocumentInfo
    | Status
    | StatusFilter
    | Recent
    | History
    | WhoLeads
    | Chairs
    | PersonInfo
    | Absent
    | Myself
    | MyAreas
    | Missing
    | Away
    | Update
    | EditUpdate
    | ShowUpdate
    | Meetings
    | ScheduleMeeting
    | MoveMeeting
    | CancelMeeting
    | Blockers
    | Resolved
    | DigestPreview
    | Nudge
    | Snooze
    | DeclineRound
    | Reminders
    | Reporting
    | Operations
    | Statuses
    | Exports
    | Access
    | DigestDelivery
    | RemindersSent
    | People
    | Area
    | Areas
    | Topic
    | NeedsSubject
)

EVERYONE: frozenset[Role] = frozenset(Role)
LEADS = frozenset({Role.LEAD, Role.ADMIN})
CHAIRS = frozenset({Role.CHAIR, Role.ADMIN})
ABSENT_ROLES = frozenset({Role.LEAD, Role.CHAIR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class Declaration:
    label: str  # the classifier's class
    offer: str  # how the bot offers it when asking back, when the reading names nothing more specific
    korean: str  # the same, framing a Korean answer
    examples: tuple[str, ...]  # shown by `help`
    roles: frozenset[Role] = EVERYONE  # who may ask it
    section: str = "Ask"  # the heading `help` shows it under
    refusal: str = (
        ""  # what someone not in `roles` is told: required then, so a member never gets the strangers' refusal
    )
    # what someone not in `roles` is answered after the refusal, where something of it is theirs to see: a
    # member's "brief me for the SDD" is where every area stands, the chairs' digest being the chairs'
    instead: Intent | None = None

    def __post_init__(self) -> None:
        if self.roles != EVERYONE and not self.refusal:
            raise ValueError(f"intent {self.label!r} is restricted to some roles and says nothing to the others")


DECLARATIONS: dict[str, Declaration] = {
    d.label: d
    for d in (
        Declaration(
            "paragraph", "a paragraph", "문단 원문", ("“what does §14 commit to”, “§14(c)”, “14b”, “para 3 and 16”",)
        ),
        Declaration(
            "text",
            "what the text says",
            "문서가 이 주제에 대해 말하는 내용",
            (
                "“maritime”, “what do we do on space security”, “anything on north korea?”",
                "“what do we say about disinformation”, “which paragraphs mention ESIWA”",
            ),
        ),
        Declaration("define", "what a term stands for", "용어 정의", ("“what is FIMI”, “what does WPS stand for”",)),
        Declaration("areas", "the list of areas", "협력 분야 목록", ("“areas”",)),
        Declaration(
            "dialogues",
            "the dialogues the text sets up",
            "문서가 정한 대화 체계",
            ("“which dialogues are there”, “how often is the security and defence dialogue held”",),
        ),
        Declaration(
            "document",
            "what the document itself is",
            "문서 자체에 관한 정보",
            (
                "“is it legally binding?”, “when was it adopted”, “summarise the partnership”, "
                "“which commitments are exploratory”",
            ),
        ),
        Declaration(
            "status",
            "the status",
            "이행 현황",
            ("“status”, “what's the status of cyber”, “how is space going?”, “what changed since last week”",),
        ),
        Declaration(
            "status_filter",
            "which areas are blocked or at risk",
            "상태별 분야",
            ("“what's blocked”, “what's at risk”, “anything amber?”",),
        ),
        Declaration(
            "blockers",
            "the open blockers",
            "미해결 장애 요인",
            ("“blockers”, “any blockers?”: what is holding each area up, oldest first",),
        ),
        Declaration("history", "the history of updates", "업데이트 이력", ("“history maritime”",)),
        Declaration(
            "who_leads",
            "who leads what",
            "담당자",
            ("“who leads cyber?”, “who do I talk to about space”, “who leads what”, “which areas have no lead”",),
        ),
        Declaration("chairs", "who the chairs are", "공동의장", ("“who are the chairs”",)),
        Declaration("person", "who someone is", "구성원 정보", ("“who is kim”, “is kim away?”",)),
        Declaration("missing", "who has not reported", "미보고 분야", ("“what's missing”, “who hasn't reported”",)),
        Declaration(
            "meetings",
            "the next meetings",
            "회의 일정",
            ("“meetings”, “next meeting?”, “when is the strategic dialogue”, “when did we last meet”",),
        ),
        Declaration(
            "my_areas",
            "the areas you lead",
            "내 담당 분야",
            ("“my areas”",),
            LEADS,
            "As a lead",
            "You lead no area. To see who leads what, ask “who leads what”.",
        ),
        Declaration(
            "update",
            "giving a status update",
            "현황 업데이트",
            (
                "“update” (or “update maritime”) in a direct message, then answer the questions "
                "(“no change”, “later”, “skip this round” answer them too)",
                "“update cyber: blocked — ROK MOFA has not confirmed the date” in one message "
                "(after blocked or at risk: the reason)",
                "your latest update of each area goes to the chairs in the digest before each Dialogue "
                "(“show my last update” shows it)",
            ),
            LEADS,
            "As a lead",
            "You lead no area. Admins can say “update AREA”.",
        ),
        Declaration(
            "edit",
            "editing your latest update",
            "업데이트 수정",
            ("“edit” to change your latest update",),
            LEADS,
            "As a lead",
            "Only leads (and admins) have updates to edit.",
        ),
        Declaration(
            "resolved",
            "marking your blocker resolved",
            "장애 요인 해결 표시",
            ("“resolved” (or “resolved cyber”) when your blocker is cleared",),
            LEADS,
            "As a lead",
            "Only leads (and admins) resolve blockers.",
        ),
        Declaration(
            "snooze",
            "being reminded later",
            "나중에 알림",
            (),
            LEADS,
            "As a lead",
            "Only leads are asked for updates: there is nothing to remind you of.",
        ),
        Declaration(
            "reminders",
            "what I send you unasked",
            "알림 안내",
            ("“stop reminding me”: what I send you unasked, and how each stops",),
        ),
        Declaration(
            "reporting",
            "how updates are given",
            "업데이트 안내",
            ("“how do updates work?”: the questions, the one-message form, who reads it and by when",),
        ),
        Declaration(
            "operations",
            "how the bot is running",
            "봇 운영 상태",
            ("“did any delivery fail?”, “is the bot healthy?”: deliveries, messages and the audit log",),
            ADMINS,
            "As an admin",
            "Only admins see how the bot itself runs; “who are the admins?” says who they are.",
        ),
        Declaration("digest_delivery", "when the digest goes", "요약 보고 발송", ()),
        Declaration(
            "statuses", "what the statuses mean", "상태 설명", ("“what does at risk mean?”: the five statuses",)
        ),
        Declaration(
            "access",
            "who gets answers, and how people are added",
            "이용 권한",
            ("“who can see the answers?”, “how do I add someone to the working group?”",),
        ),
        Declaration(
            "exports",
            "exporting the updates, the digest or the meetings",
            "내보내기",
            ("“export the updates”: how the updates, the digest and the meetings go to files",),
        ),
        Declaration(
            "reminders_sent",
            "the prompts and reminders sent",
            "발송된 알림",
            ("“has kim been reminded?”, “has the digest gone out?”",),
            CHAIRS,
            "As a chair",
            "Only chairs and admins see what the round has sent the leads; “my areas” shows yours.",
        ),
        Declaration(
            "people",
            "who is in the working group",
            "작업반 구성원",
            ("“who's in the working group?”, “who's on the ROK side?”",),
        ),
        Declaration(
            "decline_round",
            "skipping this round",
            "이번 라운드 건너뛰기",
            ("“I can't report this round, I'm travelling”: the round skipped, with the reason for the chairs",),
            LEADS,
            "As a lead",
            "Only leads are asked for updates: there is no round for you to skip.",
        ),
        Declaration(
            "away",
            "marking an absence",
            "부재 등록",
            ("“away until 2027-01-10”, “back”, “cancel my leave”",),
            ABSENT_ROLES,
            "As a lead",
            "Absences are for leads, chairs and admins.",
        ),
        Declaration(
            "schedule_meeting",
            "scheduling a meeting",
            "회의 일정 등록",
            ("“schedule security and defence dialogue 2027-03-15 Seoul”, “schedule sdd next tuesday Brussels”",),
            CHAIRS,
            "As a chair",
            "Only chairs and admins can change meetings.",
        ),
        Declaration(
            "move_meeting",
            "moving a meeting",
            "회의 일정 변경",
            ("“move sdd-2027 to 2027-03-20” (or “to 20/03/2027”, “to next friday”)",),
            CHAIRS,
            "As a chair",
            "Only chairs and admins can change meetings.",
        ),
        Declaration(
            "cancel_meeting",
            "cancelling a meeting",
            "회의 취소",
            ("“cancel sdd-2027”",),
            CHAIRS,
            "As a chair",
            "Only chairs and admins can change meetings.",
        ),
        Declaration(
            "nudge",
            "reminding the leads who have not reported",
            "미보고 독촉",
            ("“remind rossi”, “remind everyone who hasn't reported”",),
            CHAIRS,
            "As a chair",
            "Only chairs and admins send reminders: while a round is open, leads are reminded every few days.",
        ),
        Declaration(
            "digest",
            "the digest preview",
            "다이제스트 미리보기",
            ("“digest preview”",),
            CHAIRS,
            "As a chair",
            "The digest is for the chairs. Where every area stands:",
            instead=Status(),
        ),
        Declaration("help", "what I can do", "도움말", ("“help”",)),
        Declaration("smalltalk", "a chat", "인사", ()),
        Declaration("follow_up", "the same question again", "이어지는 질문", ()),
    )
}
