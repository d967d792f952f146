"""One builder per intent: the typed intent a message asks for, its arguments taken from the entities found,
the exact form, and the chat's context where the message leaves them out ("who leads it?")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from bot import intents
from bot.document.model import Document, Mechanism
from bot.document.search import QUESTION_WORDS
from bot.document.text import STOPWORDS, stem, tokens
from bot.intents import Intent
from bot.knowledge import Knowledge
from bot.understanding import korean
from bot.understanding.analyse import asked_words
from bot.understanding.dates import (
    MONTH,
    date_in,
    day_of_month_alone,
    period_start,
    range_in,
    shift_in,
    since_in,
    split_date_phrase,
)
from bot.understanding.document_questions import CLASSES, document_question, is_section_name
from bot.understanding.entities import PRONOUNS, STATUS_WORDS, Entity, fold, of_kind
from bot.understanding.forms import BARE_CANCEL
from bot.understanding.reading import Reading, without_opening
from bot.understanding.references import MAX_RANGE, ParagraphRef
from bot.understanding.thesaurus import Thesaurus
from bot.workgroup import DEFAULT_KIND, WorkGroup, slugify

_SAID_SHORT = frozenset(stem(w) for w in "one line sentence nutshell short brief briefly quick quickly".split())
# Words a fragment may hold besides what it names: "and (b)?", "what about space?", "hybrid?", "b도".
FRAGMENT_WORDS = frozenset(
    """and what about how the one ones too also then ok okay so same for of with then please pls
    again 도 는 은 요 그럼 그리고 그건 also re sub item point letter as well can could u you do show me give
    now just question thing ditto goes""".split()  # "same question for cyber", "ditto for space"
)
_LIST_CUE = re.compile(
    r"\b(?:which|what|list|all|any|how many)\b|\b(?:dialogues|mechanisms|consultations|formats)\b|목록|어떤",
    re.IGNORECASE,
)
# "is there a dialogue for it", "does hybrid have its own": asks whether there is one, where "human rights
# dialogue" names one the text lacks
_ASKS_IF_ANY = re.compile(
    r"\b(?:is there|are there|has|have|own|dedicated|separate|specific)\b|있어|있나", re.IGNORECASE
)
_DIALOGUE_WORDS = frozenset(tokens("dialogue dialogues consultation consultations summit meeting eu rok one"))
_MEETING_WORDS = frozenset(tokens("dialogue dialogues meeting meetings"))  # what the working group calls its meetings
_THE_DOCUMENT = re.compile(
    r"\b(?:document|doc|text|partnership|paper|instrument|nbi|this|thing|overall|title|number|paras|paragraphs|drafted|wrote|author|eeas)\b"
    r"|문서|협정|파트너십|제목",
    re.IGNORECASE,
)
_OVERALL = re.compile(r"\b(?:overall|all|every|each|everything|whole|summary)\b|전체|모든", re.IGNORECASE)
_NO_LEAD = re.compile(r"\b(?:no|without|missing|unassigned|lack)\b.*\blead|\bunled\b|담당자\s*없", re.IGNORECASE)
_BACK_WORDS = re.compile(r"\b(?:back|returned|not away|no longer away)\b|복귀", re.IGNORECASE)
# "cancel my leave", "scrap my December leave", "I'm not going away after all", "cancel kim's absence", 휴가 취소해줘
# (its gloss "away cancel"): an absence marked, dropped (was a meeting to cancel, or the day one is back asked for)
CANCELS_AN_ABSENCE = re.compile(
    r"\b(?:cancel|delete|remove|drop|scrap|withdraw|undo|call\s+off|take\s+back|clear)\s+"
    r"(?:my|the|that|this|his|her|their|\w+(?:'s|’s))\s+(?:\w+\s+)?"
    r"(?:leave|absence|holidays?|vacation|time\s+off|days?\s+off|away\s+dates?)\b"
    r"|\b(?:my|the)\s+(?:leave|absence|holidays?|vacation|time\s+off)\s+(?:is|was|has\s+been|got)\s+"
    r"(?:cancel+ed|off|called\s+off)\b"
    r"|\bnot\s+(?:going\s+)?(?:away|on\s+leave)\s+after\s+all\b"
    r"|\b(?:won't|will\s+not)\s+be\s+(?:away|on\s+leave)\b.*\bafter\s+all\b"
    r"|\baway\s+cancel\b",
    re.IGNORECASE,
)
_HIS_OR_HERS = re.compile(r"\b(?:his|her|their)\b", re.IGNORECASE)
# asking to see one's update, not to change it: "show my last update", "what did I report on cyber"
_TO_SEE = re.compile(
    r"\b(?:show|see|view|display|read|check)\b|^\s*what(?:'s|s| is| was| were| did)\b|^\s*where\b"
    r"|보여|보기|확인",  # 내 업데이트 보여줘 ("show me my update"), whose gloss keeps only "my update"
    re.IGNORECASE,
)
# "what's the difference between maritime and cyber?" (was a search of the text for "difference")
_COMPARES = re.compile(r"\b(?:compare|comparison|comparing|differences?|differ|differs|versus|vs|contrast)\b", re.I)
# "it", "that", "there" said of what was just answered; not the "there" of "are there any blocked areas?"
_IT_OR_THERE = re.compile(
    r"\b(?:it|its|this|that)\b|(?<!\bis )(?<!\bare )(?<!\bwas )\bthere\b(?!\s+(?:is|are|any|anything))", re.IGNORECASE
)
_WHAT_BLOCKS = re.compile(r"\b(?:what|anything|any)\b.*\bblock(?:ing|s|ers?|ed\s+by)\b", re.IGNORECASE)
# where a meeting goes: a capitalised name after "to", "in" or "at" at the end ("moved to Seoul", "to 20 March in
# Busan", "will be in Busan instead"); after "venue", "location" or "place" any word ("change the venue to busan")
_NEW_PLACE = re.compile(
    r"\b(?:venue|location|place|city)\b.*?\b(?:to|is|will\s+be)\s+([\w][\w-]*(?:\s+[\w][\w-]*)?)\s*(?:instead)?\s*[.!?]*\s*$"
    r"|\b(?:to|in|at)\s+((?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?))\s*(?:instead)?\s*[.!?]*\s*$",
    re.IGNORECASE,
)
_A_PLACE_NAME = re.compile(r"(?-i:[A-Z][\w-]+)(?:\s+(?-i:[A-Z][\w-]+))*")
_ASKING_WHO = re.compile(r"responsib\w*|in\s+charge", re.IGNORECASE)
_TO_CHANGE = re.compile(r"\b(?:edit|change|fix|correct|amend|modify|redo|rewrite|reopen)\b", re.IGNORECASE)
_WHAT_IS = re.compile(r"^\s*(?:what(?:'s|s| is| are)|define)\b", re.IGNORECASE)
_SIDES = frozenset({"eu", "european union", "rok", "republic of korea", "korea", "south korea"})
_THANKS = re.compile(r"\b(?:thanks?|thank you|thx|ty|cheers|great|perfect)\b|고마|감사", re.IGNORECASE)
# "failed deliveries", "restart the bot": kept from the command line, which the help names ("reload the working group
# file" is read before, as how people are added: the answer that says the file is read when the bot starts)
ASKS_OF_THE_COMMAND_LINE = re.compile(
    # the bot's deliveries ("failed deliveries", "delivery log"), not a subject's ("ammunition deliveries to ukraine")
    r"\b(?:(?:failed|stuck|pending|retried|undelivered|the|my|bot'?s?|digest|message)\s+deliver(?:y|ies)"
    r"|deliver(?:y|ies)\s+(?:failed|failures?|errors?|log|queue|status|retries)|^deliver(?:y|ies)(?=\s*\??\s*$)"
    r"|working[- ]?group file|config(?:uration)?(?: file)?|reload|restart|redeploy|"
    r"(?:add|remove|delete)\s+(?:a\s+|an\s+|the\s+)?(?:new\s+)?(?:lead|member|chair|admin|person|area))\b",
    re.IGNORECASE,
)
# "what's the EU's position on the DPRK", "korea's stance on russia": what the text, which both sides wrote,
# says on the subject; was "EU stands for European Union", the first name read as the one to define
ASKS_A_SIDES_POSITION = re.compile(
    r"\b(?:eu|european union|europeans?|rok|korea|koreans?|south korea|seoul|brussels|our|their|its)(?:'s|’s|')?"
    r"\s+(?:(?:official|joint|common|overall)\s+)?(?:position|stance|view|line|approach|policy|take|thinking)"
    r"\s+(?:on|towards?|about|regarding|re|vis-[aà]-vis|with regard to)\b"
    # "what is the EU's role in maritime?" (was "EU stands for European Union")
    r"|\b(?:eu|european union|rok|korea|south korea)(?:'s|’s|')?\s+(?:role|contribution|responsibilit(?:y|ies))"
    r"\s+(?:in|on|for|to)\b",
    re.IGNORECASE,
)
# "what does exploratory mean", "what is a firm commitment": partnerbot's own class of a commitment, shown beside
# each quote; was "not defined in the text" (it is not the text's word) or a search for "continuing"
ASKS_WHAT_A_CLASS_MEANS = re.compile(
    rf"\b(?:{CLASSES})\b['’\"”]?\s+(?:mean|means|stand for|stands for)\b"
    rf"|\b(?:mean|meaning|definition)\s+(?:by|of)\s+['‘\"“]?(?:{CLASSES})\b"
    rf"|\bwhat(?:'s|’s| is| are)\s+(?:an?\s+)?(?:{CLASSES})\s+commitments?\s*\??\s*$",
    re.IGNORECASE,
)
# "what are the firm commitments on maritime", "which cyber commitments are exploratory", "what's exploratory in
# maritime?": the class in the area named; was "The text does not mention “firm”" over maritime's exploratory
# sub-items
# "is §14(c) a firm commitment?", "is that exploratory?", "are §15 and §16 continuing?": of paragraphs, yes or no
ASKS_IF_OF_A_CLASS = re.compile(rf"^\s*(?:so\s+|and\s+|but\s+)?(?:is|are)\b.*?\b(?P<kind>{CLASSES})\b", re.IGNORECASE)
ASKS_A_CLASS_IN_AN_AREA = re.compile(
    rf"\b(?:{CLASSES})\s+(?:\w+\s+)?commitments?\b|\bcommitments?\b.*\b(?:{CLASSES})\b"
    rf"|\b(?:what(?:'s|s|\s+is)|anything)\s+(?:{CLASSES})\s+(?:in|on|for|about|under)\b",
    re.IGNORECASE,
)
# "change the status to on track", "mark it at risk", "wait, edit it — it's blocked": the lead's last update
# reopened with that status; was a search of the text for "change status"
# "change the progress to port call moved to May" (was the refusal to move a meeting), "add a blocker: MOFA approval
# pending" (a search of the text): the lead's latest update reopened with the field so, as written
ASKS_A_FIELD_CHANGED = re.compile(
    r"^\s*(?:(?:actually|oh|sorry|ok|okay|wait)[\s,.!]+)?(?:please\s+|(?:can|could)\s+you\s+(?:please\s+)?)?"
    r"(?:(?P<change>change|set|update|correct|fix|edit|make)|(?P<add>add))\s+"
    r"(?:the\s+|my\s+|a\s+|an\s+|another\s+|one\s+more\s+)?(?P<field>progress|blockers?|next\s+steps?)"
    r"(?:\s+(?:on|for|of|in)\s+(?P<area>[^:—–]+?))?\s*"
    r"(?:\s(?:to|as|saying)(?:\s*[:=—–-]\s*|\s)|[:=—–-])\s*(?P<words>\S.*?)\s*$",
    re.IGNORECASE | re.DOTALL,
)
# (paragraphs are cited, and a message citing them is looked up: "edit" takes them at their question)
_FIELDS_SAID = (("progress", "progress"), ("blocker", "blockers"), ("next step", "next_steps"))


class FieldChange(NamedTuple):
    field: str  # "progress", "blockers", "next_steps"
    words: str
    added: bool  # "add a blocker: …" adds to what the field says; "change" replaces it
    area: str | None  # as written ("change the progress on maritime to …")


def field_change(message: str) -> FieldChange | None:
    """ "change the next steps to: agree the date", "add a blocker: MOFA approval pending": which field of an
    update the message changes, and its new words (read alike of a stored update and of one being written)."""
    changed = ASKS_A_FIELD_CHANGED.search(message)
    if changed is None:
        return None
    said = " ".join(changed["field"].lower().split())
    field = next(field for word, field in _FIELDS_SAID if said.startswith(word))
    return FieldChange(field, changed["words"], changed["add"] is not None, changed["area"])


ASKS_A_NEW_STATUS = re.compile(
    r"\b(?:change|switch|correct|fix|edit|amend)\b.*\b(?:status|it|that|this|update)\b"
    r"|\b(?:set|mark|make|put|turn)\s+(?:it|that|this|(?:the |my )?status|my (?:last )?update)\b",
    re.IGNORECASE,
)
_SAID_NOT = re.compile(r"\bnot\s*$", re.IGNORECASE)
# "what did I just report?", "show me what I reported last": the lead's latest update; was a search of the
# text for "report" (§6(c), §40). Without "just" or "last" ("what did I report") every area of theirs is shown.
ASKS_WHAT_I_JUST_REPORTED = re.compile(
    r"^(?:(?=.*\b(?:just|last|latest|recently|earlier)\b)"
    # "remind me what I said last time about crisis management" too (was a search of the text for "remind time")
    r".*\bwhat\s+(?:(?:did|have)\s+)?i\s+(?:just\s+|last\s+)?"
    r"(?:report|reported|submit|submitted|send|sent|say|said|put|write|wrote|written)\b"
    # "did my update go through?", "was it saved?", "did you get my update?" (was the update reopened to edit)
    r"|\s*(?:so\s+|and\s+|ok\s+)?(?:did|has|was|is)\s+(?:my\s+(?:last\s+)?(?:update|report)|it|that)\s+"
    r"(?:go\s+through|gone\s+through|get\s+through|saved|been\s+saved|save|received|been\s+received|arrive|arrived"
    r"|recorded|been\s+recorded|stored)\b"
    r"|.*\bdid\s+you\s+(?:get|save|receive|record|store)\s+(?:it|that|my\s+(?:update|report))\b"
    # "show me my updates", "list my past reports" (were the history of no area, and a search of the text)
    r"|.*\b(?:show|list|see|view|give)\s+(?:me\s+)?(?:all\s+)?my\s+(?:past\s+|previous\s+|old\s+|recent\s+)?"
    r"(?:updates|reports)\b)",
    re.IGNORECASE,
)
# "postpone the digest", "send it a day later", "add my deputy to the digest", "I didn't get the digest": when it
# goes and to whom, and how either is changed (was the digest itself, previewed, as if nothing was asked)
ASKS_TO_CHANGE_THE_DIGEST = re.compile(
    r"\b(?:postpone|delay|hold(?:\s+off)?|defer|reschedule|move|push|bring\s+forward|resend|re-send)\s+(?:back\s+)?"
    r"(?:the\s+)?digest\b"
    r"|\bdigest\b.*\b(?:later|earlier|sooner|go\s+out\s+yet|(?:a|one|two|three|\d+)\s+(?:days?|weeks?)\s+"
    r"(?:later|earlier|before|after|sooner))\b"
    r"|\b(?:don'?t|do\s+not|not)\s+send\s+(?:out\s+)?(?:the\s+)?digest\b"
    r"|\b(?:add|include|cc|copy)\s+(?:\S+\s+){1,3}?(?:to|on|in)\s+(?:the\s+)?digest\b"
    r"|\bsend\s+(?:the\s+)?digest\s+(?:also\s+)?to\s+(?!me\b)\S+"
    r"|\b(?:didn'?t|did\s+not|never|haven'?t|have\s+not)\s+(?:get|got|receive|received|see|seen)\s+(?:the\s+)?digest\b",
    re.IGNORECASE,
)
# "who are you?", "are you a bot?", "can I talk to a human?", 너 누구야?: what the bot is, and whom to ask instead
# (were a search of the text, quoting §37 on "human trafficking", and the chairs alone)
ASKS_ABOUT_THE_BOT = re.compile(
    r"^\s*(?:so\s+|and\s+|hey\s*,?\s+|hi\s*,?\s+)?(?:who|what)\s+(?:are|r)\s+(?:you|u)\s*\??\s*$"
    r"|\bare\s+(?:you|u)\s+(?:a\s+|an\s+)?(?:real\s+)?(?:bot|robot|human|person|machine|ai|chatbot|computer)\b"
    r"|\bwho\s+(?:made|built|created|wrote|runs|developed|programmed)\s+(?:you|u|this\s+bot|the\s+bot)\b"
    r"|\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+)?(?:human|person|real\s+person|somebody\s+real|someone\s+real)\b"
    r"|^\s*(?:너|넌|당신)\s*(?:은|는)?\s*(?:누구|뭐)",
    re.IGNORECASE,
)
# "that's not what I asked", "wrong answer", "you're useless", 잘못 이해했어: the answer missed, said (were a search of
# the text quoting §1 on "not", and a greeting)
SAYS_IT_MISREAD = re.compile(
    r"^\s*(?:no,?\s+|nope,?\s+)?(?:that'?s|this\s+is|that\s+is|it'?s|thats)\s+not\s+what\s+i\s+(?:asked|meant|wanted|said)"
    r"|^\s*(?:wrong|bad|useless|incorrect|irrelevant|unhelpful)\s+(?:answer|reply|response)\b"
    r"|\byou(?:'re|\s+are|r)\s+(?:useless|wrong|not\s+helping|no\s+help|not\s+helpful)\b"
    r"|^\s*(?:no,?\s+)?(?:that'?s\s+|thats\s+)?(?:wrong|not\s+(?:it|right|helpful|relevant))\s*[.!]*\s*$"
    r"|^\s*you\s+(?:misunderstood|got\s+(?:it|that|me)\s+wrong|misread)\b|잘못\s*(?:이해|알아|답)|틀렸",
    re.IGNORECASE,
)
# "in Korean please", 한국어로 답해줘: how Korean is answered (were the overview, and a search for "한국어")
ASKS_FOR_KOREAN = re.compile(
    r"^\s*(?:(?:can|could)\s+you\s+)?(?:(?:answer|reply|respond|speak|talk|write)\s+)?(?:in|into)\s+korean"
    r"(?:\s+please)?\s*[?.!]*\s*$|^\s*korean\s+please\b|^\s*(?:한국어|한글)\s*로\s*(?:답|대답|말|설명|알려|해|부탁)",
    re.IGNORECASE,
)
# "add the SDD to my calendar", "send me a calendar invite", "can I get an ics?": the meetings, with their
# calendar file (were an SDD to schedule, asked its date, and searches of the text)
ASKS_FOR_THE_CALENDAR = re.compile(
    r"\b(?:add|put|save|get)\b.*\b(?:to|in|into|on)\s+(?:my|our)\s+(?:calendar|diary|agenda|outlook)\b"
    r"|\bcalendar\s+(?:invites?|invitations?|entry|entries|file|link)\b|\b(?:ics|ical|icalendar)\b"
    r"|\bsend\s+(?:me|us)\s+(?:an?\s+|the\s+)?(?:invite|invitation)s?\b",
    re.IGNORECASE,
)
# "who moved the SDD?", "when was the dialogue rescheduled?", "has the SDD date changed?": the meeting with its
# changes, who made them and when (were the last Dialogue held, and a search of the text for "changed date")
ASKS_HOW_A_MEETING_CHANGED = re.compile(
    r"^\s*(?:so\s+|and\s+)?(?:who|when|why)\b.*\b(?:moved|changed|rescheduled|postponed|shifted|pushed"
    r"|brought\s+forward|relocated)\b"
    r"|^\s*(?:so\s+|and\s+)?(?:has|have|was|were|did|is)\b.*\b(?:moved|changed|rescheduled|postponed|shifted|relocated)\b"
    r"|\b(?:changes|history)\s+(?:to|of)\s+(?:the\s+)?(?:sdd|dialogue|meeting)\b",
    re.IGNORECASE,
)
# "what did rossi report?", "has lee reported?", "what did kim say last": a person's latest updates, as written
ASKS_WHAT_SOMEONE_REPORTED = re.compile(
    r"\bwhat\b.*\b(?:said|say|says|reported|report|wrote|write|written)\b"
    r"|\b(?:reported|updated|submitted)\b|\b(?:reports?|updates?)\b.*\b(?:last|latest|recent|recently)\b"
    r"|\b(?:last|latest|recent)\b.*\b(?:reports?|updates?)\b"
    r"|\blatest\s+(?:from|of|by)\b",
    re.IGNORECASE,
)
# "who is the point of contact in Seoul?", "who do I call at MOFA?", "who represents the EU?": that side's people in
# the working group (were every area's leads, and a search of the text)
_ROK_PLACES = frozenset({"seoul", "korea", "rok", "mofa", "mnd", "korean"})
ASKS_A_CONTACT_ON_A_SIDE = re.compile(
    r"\b(?:point\s+of\s+contact|contacts?(?:\s+person)?|focal\s+point"
    r"|(?<!my\s)(?<!our\s)(?:counterparts?|opposite\s+numbers?)"  # "my counterpart" is the lead's co-lead
    r"|who\s+(?:do|should|can|could)\s+(?:i|we)\s+"
    r"(?:call|contact|talk\s+to|speak\s+to|write\s+to|ask|email|reach))\b.*?\b(?:in|at|from|on|with)\s+(?:the\s+)?"
    r"(?P<where>seoul|korea|rok|mofa|mnd|korean|brussels|eeas|eu|european|commission)\b"
    r"|\bwho\s+(?:represents|speaks\s+for)\s+(?:the\s+)?(?P<side>eu|european\s+union|rok|korea|south\s+korea)\b",
    re.IGNORECASE,
)
# "can someone else do my update?", "can my deputy report for me?": each lead reports for themselves (was the update
# reopened to edit, or the general help)
ASKS_ON_MY_BEHALF = re.compile(
    r"^\s*(?:can|could|may)\s+(?:i\s+(?:have|get|ask)\s+)?(?:someone|somebody|anyone|a\s+colleague|my\s+\w+|another\s+\w+)"
    r"(?:\s+else)?\s+(?:to\s+)?(?:do|give|send|write|submit|file|take\s+over|handle|cover)\s+(?:my|the|our|this)\s+(?:\w+\s+)?(?:updates?|reports?)\b"
    r"|^\s*(?:can|could|may)\s+(?:someone|somebody|anyone|a\s+colleague|my\s+\w+)(?:\s+else)?\s+(?:update|report)\b"
    r".*\b(?:for\s+me|on\s+my\s+behalf|instead\s+of\s+me)\b"
    r"|\bdelegat\w*\b.*\b(?:updates?|reports?|reporting)\b|\bwho\s+(?:else\s+)?can\s+(?:update|report)\s+for\s+me\b",
    re.IGNORECASE,
)
# "what changed since last week", "anything new today?", "updates since monday", "who reported this week": the
# updates given since a day (`dates.since_in` reads it); was a search of the text for "changed since week"
ASKS_WHAT_IS_NEW = re.compile(
    r"^\s*(?:so\s+|and\s+|ok\s+)?(?:"
    r"what(?:'s|s| is| has| have)?\s+(?:changed|new|happened|come in|been (?:reported|updated))"
    r"|any(?:thing)?\s+(?:new|changed?|updates?|reports?)"
    r"|(?:show|list|give)\s+(?:me\s+)?(?:the\s+)?(?:recent\s+|new\s+|latest\s+)?(?:updates|changes|reports)"
    r"|who\s+(?:has\s+|have\s+)?(?:reported|updated))\b"
    r"|\b(?:updates|changes|reports)\s+(?:since|this|today|yesterday|in the|over the)\b"
    # "how many updates came in this week?" (was "The text does not mention “week”.")
    r"|\b(?:updates?|reports?)\s+(?:have\s+)?(?:came|come|arrived|(?:were|been)\s+(?:given|sent|submitted))\b"
    # as Korean is read: 이번 주 새로운 업데이트 있어? "this week new update ?", 바뀐 거 있어? "changed ?"
    r"|\b(?:new|recent)\s+(?:updates?|reports?|changes?)\b|\b(?:updates?|reports?|changed|new)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# "brief me for the SDD", "talking points for the minister", "what should I raise at the dialogue": the chairs'
# brief, which is the digest; was the Dialogue's mandate, or a search of the text for "minister"
ASKS_FOR_A_BRIEF = re.compile(
    r"\b(?:brief(?:ing)?|talking points|speaking notes|read-?out|summary|overview)\b.*\b(?:for|before|ahead of)\s+"
    r"(?:the\s+|my\s+|our\s+)?(?:minister|ministers|ministerial|sdd|dialogue|meeting|chairs?|hr/vp|director)\b"
    r"|\bbrief me\b"
    # "how do I prepare for the SDD", 다음 안보국방대화 준비 상황 (read "… dialogue preparation situation")
    r"|\b(?:prepare|preparation|prep)\b.*\b(?:for|before)\s+(?:the\s+)?(?:sdd|dialogue|meeting)\b"
    r"|\b(?:sdd|dialogue|meeting)\b.*\bpreparation\b"
    r"|\bwhat\s+should\s+(?:i|we)\s+(?:raise|flag|bring up|push|know)\b.*\b(?:at|in|before|for|during)\s+(?:the\s+)?"
    r"(?:sdd|dialogue|meeting|minister)\b",
    re.IGNORECASE,
)
# "are we on track for the SDD", "is everything on track?": how the whole partnership stands
ASKS_HOW_WE_STAND = re.compile(
    r"^\s*how(?:'s| is| are)?\s+(?:we|everything|things|it all)\s+(?:going|doing|progressing|looking)\b"
    r"|^\s*(?:are|is)\s+(?:we|everything|things|it all)\s+(?:still\s+)?(?:on[\s-]?track|on schedule|fine|ok|"
    r"okay|good|behind|late|at risk|ready|prepared|all set|doing (?:ok|okay|fine|well|good))\b",
    re.IGNORECASE,
)
# "when will the maritime dialogue start", "by when should the space dialogue be launched", "what's the timeline
# for the indo-pacific consultations": when one meets, which the calendar says and the text does not
ASKS_WHEN_IT_STARTS = re.compile(
    r"^\s*(?:so\s+|and\s+)?(?:when|by when|until when|how soon)\b(?!.*\b(?:did|was|were|last|previous)\b)"
    r"|\b(?:timeline|timeframe|time frame|target date|deadline|start date)\s+(?:for|of)\b",
    re.IGNORECASE,
)
# "who's the ROK lead for cyber", "the EU side's contact on space", "who leads maritime for the Korean side"
_A_SIDES_LEAD = re.compile(
    r"\b(eu|european|rok|korean)(?:\s+side)?(?:'s|’s)?\s+(?:co-?)?(?:lead|leads|counterpart|contact|focal point)\b"
    r"|\b(eu|european|rok|korean)\s+side\b"  # 한국측 사이버 담당자 ("ROK side cyber lead")
    r"|\b(?:for|on|from)\s+the\s+(eu|european|rok|korean)(?:\s+side)?\b",
    re.IGNORECASE,
)
# "what did the ROK leads report?", "anything from the EU side?", "how are the EU leads doing", 한국 측 보고는? (its
# gloss "ROK side report"): one side's leads' reports (were a search of the text quoting "both sides", or the
# history of no area)
_SIDE_ITSELF = r"(?:eu|european|europe|rok|korean)\s+(?:side|leads|colleagues|team|delegation|counterparts)"
_REPORTS = r"(?:report|reported|reports|reporting|say|said|saying|update|updates|updated|news|status|progress|latest)"
ASKS_WHAT_A_SIDE_REPORTED = re.compile(
    rf"\b(?:{_REPORTS}|anything)\b.*\b(?:from|by|of|on)\s+(?:the\s+)?{_SIDE_ITSELF}\b"
    rf"|\b{_SIDE_ITSELF}(?:'s|’s)?\s+(?:{_REPORTS}|doing)\b"
    rf"|^\s*(?:so\s+|and\s+)?(?:what|how)\b.*\b(?:did|have|has|are|is)\s+(?:the\s+)?{_SIDE_ITSELF}\b"
    rf".*\b(?:{_REPORTS}|doing|getting on)\b",
    re.IGNORECASE,
)
_THE_SIDE_REPORTING = re.compile(rf"\b{_SIDE_ITSELF}\b", re.IGNORECASE)
# "remind rossi", "can you chase the late ones", "reminder to kim please": told to send, not asked whether sent
_TELLS_TO_REMIND = re.compile(
    r"^\s*(?:ok\s+|so\s+|and\s+)?(?:please\s+|pls\s+|(?:can|could|would|will)\s+you\s+(?:please\s+)?|go\s+(?:and\s+)?)?"
    r"(?:remind|nudge|chase|ping|poke|prod|hassle|send|ask|tell|follow up|give)\b|^\s*(?:a\s+)?reminders?\s+to\b",
    re.IGNORECASE,
)
# Everyone late: "chase the leads who haven't reported", "remind them", 미보고자에게 독촉해줘
_THE_LATE_ONES = re.compile(
    r"\b(?:leads|everyone|everybody|all|late|missing|haven'?t|have not|hasn'?t|stragglers|them|outstanding|people"
    r"|others|rest)\b|미보고|모두|전원|다들|늦은|아직|사람들|담당자들",
    re.IGNORECASE,
)
# 독촉해줘, 보내 주세요: a Korean request, which the English form leaves as a bare verb
_KOREAN_REQUEST = re.compile(r"(?:줘|주세요|줄래|해라|하세요|해|봐)\s*[.!?]*\s*$")
_EVERYONE = re.compile(r"\b(?:(?:the|our|all)\s+leads|everyone|everybody)\b", re.IGNORECASE)  # "latest from the leads"
THE_DIALOGUE = re.compile(r"\b(?:the|our)\s+dialogue\b", re.IGNORECASE)
# The words of an absence; "off" and "out" only where they end the phrase ("off this week", "out today"), not
# in "signed off on" or "out of scope"
_ABSENCE = (
    r"\b(?:away|on leave|out of (?:the )?office|ooo|absent|on holiday|on vacation|on a trip"
    r"|(?:off|out)(?=\s*(?:$|\?|today|tomorrow|this|next|until|till)))"
)
_ANYONE_AWAY = re.compile(_ABSENCE, re.IGNORECASE)
# "when is kim back?", "when will she return?": that person's absence (was the next Dialogue's date)
ASKS_WHEN_BACK = re.compile(
    r"^\s*(?:so\s+|and\s+|ok\s+)?when\s*(?:'s|is|are|will|does|do)\b.*\b(?:back|return|returning|returns)\b\s*\??\s*$",
    re.IGNORECASE,
)
# "who's going?", "who is attending the SDD?": the meeting, and that no list of who attends is kept (was the
# document's overview); "who's going to update maritime?" is no such question
ASKS_WHO_ATTENDS = re.compile(
    r"^\s*(?:so\s+|and\s+|ok\s+)?who(?:'s|\s+is|\s+are|\s+will\s+be)\s+(?:going|attending|coming|participating|invited"
    r"|joining)(?:\s+(?:to|at)\s+(?:the\s+)?(?:next\s+)?(?:sdd|dialogue|meeting|\w+\s+dialogue))?\s*\??\s*$"
    r"|^\s*(?:so\s+|and\s+)?who\s+(?:will\s+|is\s+going\s+to\s+)?(?:attend|attends)\b",
    re.IGNORECASE,
)
# "what was decided at the last SDD", "outcomes of the previous dialogue": a meeting held, asked what it said
ASKS_WHAT_A_MEETING_SAID = re.compile(
    r"\b(?:happen(?:ed|s)?|decided?|agreed?|discussed|said|concluded|outcomes?|results?|conclusions?|minutes|"
    r"takeaways?)\b.*\b(?:at|in|during|from|of)\s+(?:the\s+|our\s+)?(?:last|previous|latest|recent|most recent)\s+"
    r"(?:\w+\s+)*?(?:dialogue|meeting|sdd|summit|consultations?|session)\b"
    # "what did the last SDD decide?", "what came out of the last dialogue?" (was the dialogue's history, asked as
    # an area's)
    r"|\bwhat\s+(?:did|came\s+out\s+of)\s+(?:the\s+|our\s+)?(?:last|previous|latest|recent|most recent)\s+"
    r"(?:\w+\s+)*?(?:dialogue|meeting|sdd|summit|consultations?|session)\b"
    r"(?:\s+(?:decide|agree|conclude|say|produce|discuss|achieve)\b|\s*\??\s*$)",
    re.IGNORECASE,
)
# "what's the agenda for the SDD", "talking points for the next dialogue": a meeting to come, asked what it will
# discuss (was a search of the text for “agenda”, quoting §6(a), the Strategic Dialogue)
ASKS_FOR_AN_AGENDA = re.compile(
    r"\b(?:agenda|talking points|(?:to be|will be|going to be) discussed|will (?:we|they) (?:discuss|talk about))\b"
    r"|의제",
    re.IGNORECASE,
)
# "skip this round", "I can't report this round, I'm travelling" with no update open (were searches of the text);
# where it ends, the lead's reason begins
SAYS_THE_ROUND_IS_SKIPPED = re.compile(
    r"^\s*(?:please\s+|ok\s+|so\s+)?(?:(?:i'?ll|i will|i'?d like to|i want to|i need to|i have to|let me|can i|could i"
    r"|may i)\s+)?(?:skip|decline|sit out|pass on)\s+"
    # "skip this week's update", "skip my update this time" (was the updates since Monday)
    r"(?:(?:this|the)\s+(?:round|time|one)\b|(?:(?:this|the)\s+(?:week|month)'?s\s+|my\s+|the\s+)(?:update|report)\b)"
    r"|^\s*(?:sorry,?\s+)?(?:i\s+)?(?:can'?t|cannot|can not|won'?t|will not|am not able to|'?m not able to"
    r"|am unable to|'?m unable to|won'?t be able to|will not be able to)\s+"
    # "cant do the update this round" too, said without the "I"
    r"(?:report|update|give|send|submit|(?:do|make|file|send in)\s+(?:the|my|an|this)\s+(?:update|report)"
    # "I can't make this round, travelling"
    r"|(?:make|do|manage|join|take part in)\s+(?:this|the)\s+round)\b"
    r"(?!.*\b(?:how|what|why|where|who)\b)"
    r"(?:\s+(?:an?|my|the|this|any|on)\s+\w+)?(?:\s+(?:this|the)\s+(?:round|time))?\b"
    r"|(?:이번\s*)?라운드\s*(?:는|를|에는|엔)?\s*(?:건너뛸|건너뛰|스킵|패스|빠질|(?:보고\s*)?못)"
    r"|이번\s*(?:에는|엔)\s*(?:보고\s*)?못",
    re.IGNORECASE,
)
_REASON_OPENING = re.compile(
    r"^[\s,;:.!—–-]*(?:(?:sorry|apologies|unfortunately|alas)\b[\s,;:.!—–-]*)?"
    r"(?:(?:because|as|since|cause|'cause|—|–|-)\b[\s,;:]*)?",
    re.IGNORECASE,
)
# in Korean the reason follows the sentence that skips, after a comma or a dash
_AFTER_A_BREAK = re.compile(r"[,;—–-]\s*(?P<reason>\S.*?)\s*[.!]*$")
# said after skipping, and no reason: "I can't report this round, sorry"
_NO_REASON = frozenset(
    {"sorry", "thanks", "thank you", "please", "pls", "apologies", "unfortunately", "again"}
    | {"this time", "this round", "this week", "this month", "for now"}  # "skip my update this time": when, not why
)
_QUALIFIES = re.compile(r"(?:['’]s)?\s+")  # what lies between a term and the one it qualifies
_TOMORROW = re.compile(r"\btomorrow\b", re.IGNORECASE)
# "what timezone are my reminders in", "how do I change my timezone", "set my timezone to Asia/Seoul": a lead's
# timezone is shown with who they are (was a search of the text for “timezone”, or an update begun)
# "am I marked away?", "when is my leave?": who I am, with my absences (was my areas, which say none)
ASKS_IF_I_AM_AWAY = re.compile(
    r"^\s*am\s+i\s+(?:still\s+)?(?:marked\s+|set\s+|down\s+)?(?:as\s+)?(?:away|absent|on\s+leave|ooo|out)\b"
    r"|^\s*(?:when\s+is|when\s+are|show(?:\s+me)?|what\s+are|list)?\s*my\s+(?:absences?|leave|time\s+off)\s*\??\s*$",
    re.IGNORECASE,
)
ASKS_A_TIMEZONE = re.compile(
    r"\btime[- ]?zones?\b|\btz\b|시간대|\bwhat time\b.*\b(?:remind|prompt|ask|chase|ping)\w*"
    # "change my reminder time to 8am", "can I get my reminders at 8?" (were searches): when, and who sets it
    r"|\b(?:reminders?|prompts?)\s+(?:time|hour)s?\b|\b(?:time|hour)\s+of\s+(?:the\s+|my\s+)?(?:reminders?|prompts?)\b"
    r"|\b(?:reminders?|prompts?)\s+(?:at|earlier|later)\b",
    re.IGNORECASE,
)
_MINE = re.compile(r"\b(?:my|me|i|i'm|i am)\b|\b내\b|나의|제\b", re.IGNORECASE)
# "who is away", "is anyone on leave", "anyone off this week?", "누가 부재중이야?" (read "who away"): who is absent,
# asked of nobody in particular, which the classifier, trained on one person's absences, reads with little
# confidence: the understanding reads it as this and the person builder answers it with everyone away
ASKS_WHO_IS_AWAY = re.compile(
    # "can I see who is away", "tell me who's off": asked through a request
    r"^\s*(?:(?:can|could)\s+(?:i|you)\s+(?:see|tell\s+me|show\s+me|check)\s+|(?:show|tell)\s+me\s+)?"
    r"(?:who|whos|who's|is\s+(?:any|some)(?:one|body)|are\s+(?:any|some)\b|any(?:one|body))\b.*" + _ABSENCE,
    re.IGNORECASE,
)
# "which areas mention the indo-pacific", "where else is it", "anything elsewhere": the whole text asked, not
# the area the conversation is in
# "which paragraphs?", "which paragraphs cover it?", "where in the text?" with nothing named: where the text speaks
# of the subject in context (were the document's overview, or a search for "where in the text")
ASKS_WHERE_IT_IS_IN_THE_TEXT = re.compile(
    r"^\s*(?:and\s+|so\s+|ok\s+)?(?:(?:which|what)\s+(?:paragraphs?|passages?|para(?:graph)?s?\s+numbers?)"
    r"(?:\s+(?:cover|covers|mention|mentions|are|is|deal with|deals with|talk about|talks about|say|says|"
    r"are they|is it|is that)(?:\s+(?:it|that|this|them|those|so))?)?(?:\s+in\s+the\s+(?:text|document))?"
    r"|where\s+(?:exactly\s+)?in\s+the\s+(?:text|document)"
    r"|where\s+(?:is|are)\s+(?:it|that|this|they)\s+(?:exactly\s+)?(?:in\s+the\s+(?:text|document)|mentioned|covered|written)"
    r"|where\s+does\s+(?:it|the\s+text)\s+(?:say|mention|cover)\s+(?:it|that|this|so))\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# "who wrote this?" (was who has not reported), "how long is the text?", "can I share this with my minister?" (was
# a lead's refusal): the document's own particulars, its LIMITE marking among them
_THE_TEXT_ITSELF = r"(?:this|it|the\s+(?:text|document|partnership|declaration|paper))"
ASKS_OF_THE_DOCUMENT_ITSELF = re.compile(
    rf"^\s*(?:(?:so\s+)?who\s+(?:wrote|drafted|authored|issued|made|produced)\s+{_THE_TEXT_ITSELF}"
    r"|how\s+(?:long|big|old|recent)\s+is\s+the\s+(?:text|document|partnership)"
    # "what's the latest version?", "is this the final version?" (were every area's status, and a search)
    r"|(?:what'?s|whats|what\s+is|which\s+is|is\s+this|is\s+it)\s+(?:the\s+)?(?:latest|current|final|newest|last)\s+"
    r"(?:version|draft|text)"
    r"|(?P<sharing>(?:(?:can|may|could|should)\s+(?:i|we)|are\s+we\s+allowed\s+to)\s+"
    rf"(?:share|forward|send|show|circulate|publish|pass on|post)\s+{_THE_TEXT_ITSELF}"
    rf"|is\s+{_THE_TEXT_ITSELF}\s+(?:public|published|secret|sensitive|shareable)))\b",
    re.IGNORECASE,
)
# "what does the ROK commit to alone?" (was "The text does not mention “alone”."), "what does the EU commit to?",
# "compare what the EU and ROK commit to" (was the area in context): who makes each commitment
ASKS_WHAT_A_SIDE_COMMITS = re.compile(
    r"^\s*what\s+(?:does|do|did|has|have|will)\s+(?:the\s+)?"
    r"(?P<side>eu|european union|europe|rok|korea|south korea|republic of korea)\s+(?:alone\s+|itself\s+)?"
    r"(?:commit|promise|pledge|undertake)\w*(?:\s+to)?"
    r"(?:\s+(?:do\s+)?(?:alone|itself|on its own|by itself|unilaterally))?"
    r"\s*[?.!]*\s*$"
    r"|\b(?:compare|comparison|difference|differences)\b.*\b(?:eu|european union)\b.*\b(?:rok|korea)\b.*\bcommit"
    r"|\bwhich\s+commitments\s+are\s+(?:joint|shared|one-sided|unilateral)\b"
    r"|^\s*who\s+(?:makes|made|gives|gave)\s+(?:the|which|each)\s+commitments?\b"
    # "what are the EU's commitments?": was every commitment by class, both sides'
    r"|^\s*what\s+(?:are|were)\s+(?:the\s+)?(?P<owner>eu|european union|europe|rok|korea|south korea|republic of korea)"
    r"(?:['’]s|s)?\s+(?:own\s+)?(?:commitments|promises|pledges)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
# "did the chairs read my update?", "have the chairs seen my report?": the lead's latest, with whether the digest has
# carried it and when it will (was the chairs' names)
ASKS_IF_THE_CHAIRS_HAVE_IT = re.compile(
    r"\b(?:did|have|has|will|do)\s+(?:the\s+)?chairs?\s+(?:read|seen|see|got|get|gotten|had|have|received)\s+"
    r"(?:my|our)\s+(?:last\s+|latest\s+)?(?:updates?|reports?)\b"
    r"|의장\S*\s*(?:이|들이|께서)?\s*(?:봤|보셨|읽었|읽으셨|받았|받으셨)",  # 내 업데이트 의장들이 봤어?
    re.IGNORECASE,
)
# the questions of one area asked of several at once, and what divides their names ("space and cyber", "a, b & c")
_ASKED_OF_EACH = (intents.WhoLeads, intents.Status, intents.Blockers, intents.History)
_SEVERAL = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*/\s*|\s+as\s+well\s+as\s+)\s*", re.IGNORECASE)
# what asks for a meeting before its kind: "schedule", "add a", "set up a new" (the kind was "add a prep meeting")
_SCHEDULING = re.compile(
    r"^.*?\b(?:schedule|add|set\s+up|plan|organi[sz]e|book|arrange|create|put\s+in)\b", re.IGNORECASE
)
_A_OR_THE = re.compile(r"^(?:(?:a|an|the|new|another)\s+)+", re.IGNORECASE)
# "delete my last update", "withdraw my cyber update", "that update was for the wrong area": the lead's latest,
# reopened with Withdraw (was reopened to save or edit, which a lead who wanted it gone took for the only way)
_TAKES_BACK_AN_UPDATE = re.compile(
    r"\b(?:delete|remove|withdraw|retract|scrap|undo|take\s+back)\b|\bwrong\s+area\b|삭제|철회", re.IGNORECASE
)
# the same asked without "edit": "can I delete an update?", "undo my last update", "oops, that was for space not
# cyber", "wrong area, sorry" (were an update begun, a search of the text, and a greeting)
TAKES_BACK_AN_UPDATE = re.compile(
    r"\b(?:delete|remove|withdraw|retract|undo|take\s+back)\b(?:\s+\w+){0,3}?\s+updates?\b"
    r"|\bupdates?\s+(?:delete|remove|withdraw)|\bwrong\s+area\b"
    r"|^(?:oops\W*|sorry\W*)*(?:that|it|this)(?:\s+update)?\s+(?:was|is)\s+(?:meant\s+)?for\s+(?:the\s+)?\w+(?:\s+\w+)?,?\s+not\b",
    re.IGNORECASE,
)
# of these, the ones that name where the update should have gone, not where it is: the latest is meant
_POSTED_ELSEWHERE = re.compile(r"\bfor\s+(?:the\s+)?\w+(?:\s+\w+)?,?\s+not\b", re.IGNORECASE)
# "maritime: no change", "no change on maritime", "nothing new for cyber", "same as last time for space": an area's
# update repeated (were a search of the text, its status, or its history); a status said with it is an update
# ("blocked, no change in the dates")
SAYS_NOTHING_CHANGED = re.compile(
    r"^[^?]*\b(?:no\s+changes?|nothing\s+(?:new|changed)|unchanged|same\s+as\s+(?:before|last\s+time))"
    r"(?:\s+(?:on|for|in|with)\b[^?]*)?(?:\s+(?:this|since\s+(?:the\s+)?last)\s+(?:week|month|round|time))?\s*[.!]*\s*$"
    # 사이버 변경 없음 ("cyber: no change")
    r"|(?:변경|변동)\s*(?:사항\s*)?(?:이\s*)?없|지난번(?:과|이랑)?\s*(?:같|동일)",
    re.IGNORECASE,
)
# the answers after which "it" is the meeting they named: scheduled, moved, or asked when it is
MEETING_JUST_ANSWERED = frozenset({"schedule_meeting", "move_meeting", "meetings"})
# "how many ships are involved?", "how much funding is there for maritime?": a number or an amount, which the text
# gives for almost nothing (was Maritime Security quoted whole, as if it answered)
ASKS_HOW_MUCH = re.compile(r"^\s*(?:so\s+|and\s+|ok\s+)?how\s+(?:many|much)\b", re.IGNORECASE)
# "how many paragraphs mention cyber?", "how often is space mentioned?": a count of the text's paragraphs (was "The
# text gives no number or amount for that", as of ships), and the words of it that are no part of the subject
ASKS_HOW_OFTEN_MENTIONED = re.compile(
    r"^\s*(?:so\s+|and\s+|ok\s+)?how\s+(?:"
    r"many\s+(?:paragraphs?|passages?|places|mentions?)\b"
    r"(?=.*\b(?:mention\w*|says?|refers?|cites?|talks?|appears?|comes?\s+up|covers?|about|on|of)\b)"
    # "how often does the dialogue meet on space?" is its frequency: only a mention is counted
    r"|(?:many\s+times|often)\b(?=.*\b(?:mention\w*|appears?|comes?\s+up|refers?\s+to|cites?)\b))"
    # 사이버 관련 문단 몇 개야? ("how many paragraphs on cyber?"), 우주는 몇 번 언급돼? ("how often is space said?")
    r"|(?:문단|조항)\S*\s*(?:이|은|는)?\s*몇|몇\s*(?:번|회)\s*(?:언급|나와|나오|등장)",
    re.IGNORECASE,
)
_HANGUL_ALONE = re.compile(r"[\uac00-\ud7a3?.!]+")
_COUNTING_WORDS = re.compile(
    r"\b(?:how|many|often|paragraphs?|passages?|times|places|mentions?|mentioned|mentioning|does|do|is|are|the|text"
    r"|document|partnership|it|say|says|refers?|to|cites?|talks?|about|appears?|comes?|up|covers?|on|of|in)\b",
    re.IGNORECASE,
)
# "is §7 binding?", "does §14 create legal obligations?": what the whole text is (was §7 shown, which does not say)
ASKS_IF_BINDING = re.compile(r"\b(?:legally\s+)?binding\b|\bobligat\w*|\benforceable\b|구속력", re.IGNORECASE)
# "what's the last paragraph?", "first paragraph": the document's own, not its overview
ASKS_AN_END_PARAGRAPH = re.compile(
    r"\b(?:the\s+)?(first|last|final|opening|closing)\s+(?:para(?:graph)?|§)(?!\s+(?:of|in|on|about)\b)", re.IGNORECASE
)
# "tell me more", "more details please", "go on": more of the subject in context (was a search of the text for
# "more", quoting §21's "more structured" exchanges)
ASKS_FOR_MORE = re.compile(
    r"^\s*(?:ok\s+|and\s+|so\s+)?(?:(?:can|could)\s+you\s+|please\s+)?(?:(?:tell|show|give)\s+me\s+"
    r"(?:a\s+(?:bit|little)\s+|some\s+)?more|(?:any|some)?\s*more\s+(?:details?|info(?:rmation)?)|more|details"
    r"|go on|elaborate|expand)(?:\s+(?:about|on)\s+(?:it|that|this|them))?(?:\s+(?:please|pls))?\s*[?.!]*\s*$"
    r"|^\s*(?:좀\s*)?더\s*(?:자세히|알려|설명|보여)",
    re.IGNORECASE,
)
# "why?", "why is it blocked?" after where an area stands: what holds it up (was the document's overview)
ASKS_WHY = re.compile(
    r"^\s*(?:and\s+|so\s+|but\s+|ok\s+)?(?:why|how come|what'?s the reason|what is the reason"
    r"|what'?s the (?:problem|issue)|what'?s holding (?:it|that|them) up|what'?s the hold-?up)"
    r"(?:\s+(?:is|are)\s+(?:it|that|this|they|them)"
    r"(?:\s+(?:so\s+)?(?:blocked|at risk|late|delayed|stuck|red|amber|behind))?)?"
    r"(?:\s+(?:then|now|exactly))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_ACROSS_THE_TEXT = re.compile(
    r"\b(?:which|what|other)\s+(?:areas?|paragraphs?|parts?|sections?)\b|\bwhere\s+else\b|\banywhere\b"
    r"|\belsewhere\b|\b(?:whole|entire)\s+(?:text|document|partnership)\b|\b(?:all|every|any)\s+areas?\b"
    # "when will the partnership be reviewed?" after maritime quoted §14 ("regular" dialogue) before §40-§41
    r"|\b(?:the|this)\s+(?:partnership|document|declaration)\b",
    re.IGNORECASE,
)
_HOW_MANY_REPORTED = re.compile(r"\bhow many\b.*\b(?:updates?|reports?|areas?|leads?)\b|\bthis round\b", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_IN_THE_PAST = re.compile(r"\b(?:last|previous|latest|most recent)\b|\bwhen\s+(?:was|did)\b|지난|최근", re.IGNORECASE)
# a word of a number and letters that no paragraph reference took: "5G", "3D" (the classifier reads the number)
_NUMBER_AND_LETTERS = re.compile(r"\b\d+[a-z]+\b", re.IGNORECASE)
# "which paragraph sets up the space dialogue?", "which paragraph sets it up?" after space: the dialogue, with where
# the text sets it up (a search quoted §38 and §4 on "sets up" after §30)
ASKS_WHERE_IT_IS_SET_UP = re.compile(
    r"\b(?:which|what)\s+(?:paragraphs?|section|part|article|§)\b.*\b(?:sets?\s+(?:(?:it|them|this|that)\s+)?up"
    r"|establish(?:es|ed)?"
    r"|launch(?:es|ed)?|creates?|provides?\s+for)\b"
    r"|^\s*where\s+(?:is|are|was|were|does|do)\b.*\b(?:set\s+up|established|launched|created)\b",
    re.IGNORECASE,
)
_WHEN_OR_WHERE = re.compile(
    r"^\s*(?:when|where|whens|wheres)\b(?!.*\b(?:often|usually|normally|level|attend)\b)|언제|어디", re.IGNORECASE
)


def _new_status(reading: Reading) -> str | None:
    """The status a change asks for: "change the status to on track", "edit it — it's at risk not on track"
    (the one said not to be is not it)."""
    english = reading.analysis.english
    named = [e.value for e in of_kind(reading.analysis.entities, "status") if not _SAID_NOT.search(english[: e.start])]
    return named[-1] if named else None


# a clause said before the status: "cyber: consultation held 12 Nov, all good" (not "cyber is basically fine")
_CLAUSE_BEFORE = re.compile(r"^[\s:;,.—–-]*(?P<clause>.*\S)\s*[,;—–-]\s*$", re.DOTALL)


def _status_said(reading: Reading, area: Entity | None) -> str | None:
    """ "cyber is on track, consultation held 12 Nov" → "on track, consultation held 12 Nov": the status an update
    message names and the words said with it, without the area's name (a clause before the status comes after
    it: "cyber: consultation held 12 Nov, all good" → "all good, consultation held 12 Nov"); None when it names
    none. A Korean message's English form is no one's words: only its one-line form is read (_korean_status_said)."""
    english = reading.analysis.english
    status = _the_status_named(reading)
    if status is None:
        return None
    if reading.analysis.korean:
        return _korean_status_said(reading)
    said = english[status.start :]
    if area is not None and area.start >= status.start:
        said = english[status.start : area.start] + english[area.end :]
    before = _CLAUSE_BEFORE.match(
        english[area.end if area is not None and area.end <= status.start else 0 : status.start]
    )
    if before is not None and len(before["clause"].split()) >= 2:
        after = said[status.end - status.start :].strip(" \t—–-:;,.")
        said = f"{english[status.start : status.end]}, " + "; ".join(filter(None, (before["clause"], after)))
    return " ".join(said.split())


def _the_status_named(reading: Reading) -> Entity | None:
    """Of several status words, the status's own name ("workshop slipped to June - at risk, waiting for Seoul":
    “at risk”, not “slipped”, whose words after it were taken for the reason), then a word that stands for one."""
    english = reading.analysis.english
    statuses = of_kind(reading.analysis.entities, "status")

    def rank(entity: Entity) -> tuple[int, int]:
        said = english[entity.start : entity.end].lower()
        return (0 if said.replace(" ", "_") == entity.value else 1 if said in STATUS_WORDS else 2), entity.start

    return min(statuses, key=rank, default=None)


# "사이버 업데이트: 정상, 협의 완료": after the colon a status, then the lead's own words after a comma or dash
# (or after the area's topic particle: "사이버는 지연, MOFA 승인 대기 중", "cyber: delayed, waiting for MOFA")
_KOREAN_ONE_LINE = re.compile(
    r"(?::|(?<=[가-힣])[은는](?=\s))\s*(?P<status>[^,;—–-]+?)\s*(?:[,;—–-]\s*(?P<rest>.*\S))?\s*$", re.DOTALL
)


def _korean_status_said(reading: Reading) -> str | None:
    """ "사이버 업데이트: 정상, 협의 완료" → "on track, 협의 완료": the status read in English, the words after it as
    written (the lead's own, in Korean); None unless the words after the colon start with a status alone."""
    found = _KOREAN_ONE_LINE.search(reading.analysis.text)
    if found is None:
        return None
    status = korean.to_english(found["status"], reading.today).strip()
    if status not in STATUS_WORDS:
        return None
    return ", ".join(filter(None, (status, found["rest"])))


_A_SIDE = re.compile(r"\b(?:eu|european|europe|rok|korean?|south korea|republic of korea)\b", re.IGNORECASE)


def new_place(text: str, today: date) -> str | None:
    """The place a meeting is moved to, as typed: "the SDD is moved to Seoul", "change the venue to Busan", "to 20
    March in Busan"; a month or a day ("move it to March", "to Friday") is no place."""
    found = _NEW_PLACE.search(text)
    if found is None:
        return None
    place = found.group(1) or found.group(2)
    if split_date_phrase(place, today) is not None or re.fullmatch(MONTH, place, re.IGNORECASE):
        return None
    return place


def _refers_back(reading: Reading) -> bool:
    """Whether the message points back at what was just answered with "it", "that" or "there", naming nothing."""
    return _IT_OR_THERE.search(reading.analysis.english) is not None and not any(
        reading.has(kind) for kind in ("area", "mechanism", "person", "paragraph", "meeting")
    )


def _side(said: str) -> str:
    """The side a word names, as the working-group file writes it: "european" is the EU, "korean" the ROK."""
    return "EU" if said.lower().startswith("eu") else "ROK"  # eu, european, europe


def _side_named(reading: Reading) -> str | None:
    """ "who's on the ROK side?": the side named, if one is; "who do I call at MOFA?", "the point of contact in
    Brussels": the side of the place or ministry named."""
    contact = ASKS_A_CONTACT_ON_A_SIDE.search(reading.analysis.english)
    said = _A_SIDE.search(reading.analysis.english)
    if said and (contact is None or not contact["where"]):  # "the EU's counterpart at MND" is at MND, the ROK's
        return _side(said[0])
    if contact is None:
        return None
    where = (contact["where"] or contact["side"]).lower()
    return "ROK" if where in _ROK_PLACES or where.endswith("korea") else "EU"


def _reason_given(reading: Reading) -> str | None:
    """Why a lead skips the round, as they wrote it after saying so ("I can't report this round, I'm travelling":
    "I'm travelling"; "…, travelling" too, which was asked again and then taken; in Korean, the words after the
    comma, as written); none when only an apology follows."""
    text = without_opening(reading.analysis.text)  # as the reading read it: "hey, cant do the update …"
    said = SAYS_THE_ROUND_IS_SKIPPED.search(text)
    if reading.analysis.korean:  # 이번 라운드 못 해, 출장 중: the words after the comma, as written
        after = _AFTER_A_BREAK.search(text, said.end()) if said else None
        return after["reason"] if after else None
    rest = _REASON_OPENING.sub("", text[said.end() :] if said else "").strip(" .!")
    return rest if re.search(r"\w", rest) and rest.lower() not in _NO_REASON else None


def _head_term(reading: Reading) -> Entity | None:
    """The term a definition is asked of: of "EU CRIMARIO" or "the EU's ESIWA project" the one the other qualifies
    (was "EU stands for European Union"); of terms apart ("CSDP in the EU"), the first."""
    terms = of_kind(reading.analysis.entities, "term")
    if not terms:
        return None
    head = terms[0]
    for following in terms[1:]:
        if _QUALIFIES.fullmatch(reading.analysis.english[head.end : following.start]):
            head = following
    return head


class IntentBuilder:
    """Built once per runtime with the documents and the working group."""

    def __init__(self, knowledge: Knowledge, workgroup: WorkGroup, thesaurus: Thesaurus) -> None:
        self.knowledge = knowledge
        self.workgroup = workgroup
        # words that say nothing of what a question is about, beside a name: "what about the cyber cooperation"
        # "summarise cyber in one line", "cyber in a nutshell": the area, said short (were searches for "one line")
        self._filler = QUESTION_WORDS | {t for w in thesaurus.generic for t in tokens(w)} | _SAID_SHORT
        self._builders: dict[str, Callable[[Reading], Intent]] = {
            "help": self._help,
            "smalltalk": self._small_talk,
            "paragraph": self._paragraph,
            "text": self._text,
            "define": self._define,
            "areas": lambda r: intents.ListAreas(),
            "dialogues": self._dialogues,
            "document": self._document,
            "status": self._status,
            "status_filter": self._status_filter,
            "history": self._history,
            "who_leads": self._who_leads,
            "chairs": lambda r: intents.Chairs(),
            "person": self._person,
            "my_areas": lambda r: intents.MyAreas(on_behalf=ASKS_ON_MY_BEHALF.search(r.analysis.english) is not None),
            # "who hasn't reported on maritime?": that area's status, which names who has not (was every area's)
            "missing": self._missing,
            "away": self._away,
            "update": self._update,
            "edit": self._edit,
            "meetings": self._meetings,
            "schedule_meeting": self._schedule,
            "move_meeting": self._move,
            "cancel_meeting": self._cancel,
            # the chair's answer to "cancel sdd-2027?", picked from what the bot offered
            intents.CONFIRM_CANCEL: lambda r: self._confirm(self._cancel(r), True),
            intents.KEEP_MEETING: lambda r: self._confirm(self._cancel(r), False),
            intents.CONFIRM_SCHEDULE: lambda r: self._confirm(self._schedule(r), True),
            intents.SKIP_SCHEDULE: lambda r: self._confirm(self._schedule(r), False),
            intents.PROGRESS: self._progress,
            "blockers": self._blockers,
            "resolved": self._resolved,
            "nudge": self._nudge,
            "snooze": self._snooze,
            "decline_round": lambda r: intents.DeclineRound(reason=_reason_given(r)),
            "reminders": lambda r: intents.Reminders(),
            "reporting": lambda r: intents.Reporting(),
            "operations": lambda r: intents.Operations(),
            "statuses": lambda r: intents.Statuses(),
            "exports": lambda r: intents.Exports(),
            "access": lambda r: intents.Access(),
            "digest_delivery": lambda r: intents.DigestDelivery(
                change=ASKS_TO_CHANGE_THE_DIGEST.search(r.analysis.english) is not None
            ),
            "reminders_sent": lambda r: intents.RemindersSent(self._person_id(r)),
            "people": lambda r: intents.People(_side_named(r)),
            "digest": self._digest,
        }

    def _digest(self, reading: Reading) -> Intent:
        """The digest, of the meeting named; of one area named ("what will the digest say about cyber?"), that
        area's part of it, which is where the area stands (was the whole digest)."""
        if isinstance(reading.form, intents.DigestPreview):
            return reading.form
        area = self._area_entity(reading)
        return intents.Status(area) if area else intents.DigestPreview(self._meeting_id(reading))

    def build(self, label: str, reading: Reading) -> Intent:
        intent = self._builders[label](reading)
        if isinstance(intent, intents.Meetings) and reading.says(ASKS_FOR_THE_CALENDAR):
            return intents.Meetings()  # every meeting, with the calendar file
        if isinstance(intent, intents.Meetings) and reading.says(ASKS_HOW_A_MEETING_CHANGED):
            return replace(intent, next_only=True, last=False, changes=True)  # "who moved the SDD?"
        if isinstance(intent, intents.Meetings) and ASKS_WHAT_A_MEETING_SAID.search(reading.analysis.english):
            return replace(intent, next_only=False, last=True, outcome=True)
        if isinstance(intent, intents.Meetings) and intent.next_only and _IN_THE_PAST.search(reading.analysis.text):
            return replace(intent, next_only=False, last=True)  # "when did we last meet": not the next one
        if (
            isinstance(intent, intents.Meetings)
            and intent.next_only
            and (reading.says(ASKS_FOR_AN_AGENDA) or reading.says(ASKS_WHO_ATTENDS))
        ):
            return replace(intent, outcome=True)  # what it will discuss, who goes: kept by no one here
        return self._of_each_area(intent)

    def _of_each_area(self, intent: Intent) -> Intent:
        """ "who leads space and cyber?": the question asked of each area its words name (their area read as one
        name, "space and cyber", which no area has)."""
        if not isinstance(intent, _ASKED_OF_EACH) or intent.area is None or not _SEVERAL.search(intent.area):
            return intent
        if self.knowledge.areas.resolve(intent.area).area is not None:
            return intent  # one area's name with "and" in it: "peace mediation and conflict prevention"
        parts = [part for part in _SEVERAL.split(intent.area) if part.strip()]
        areas = [self.knowledge.areas.resolve(part).area for part in parts]
        if len(areas) < 2 or any(area is None for area in areas):
            return intent
        titles = list(dict.fromkeys(area.title for area in areas if area is not None))
        return intents.Each(tuple(replace(intent, area=title) for title in titles)) if len(titles) > 1 else intent

    # --- entities, and the context where the message leaves them out ----------

    def _area(self, reading: Reading) -> str | None:
        """The area (or dialogue) the message names; else the context's, when the message refers back to it."""
        for kind in ("area", "mechanism"):
            entities = of_kind(reading.analysis.entities, kind)
            if len(entities) == 1 or (entities and len({e.value for e in entities}) == 1):
                return entities[0].value
            if entities:  # two areas named: let the area resolver say which ones it could be
                return reading.analysis.english[entities[0].start : entities[-1].end]
        for entity in reading.analysis.entities:
            if (title := self.area_of(reading, entity)) is not None:
                return title
        # a side is no subject: "who's the EU lead there" asks of the area in context; nor is the asking word
        # "responsible", which the text's "responses" matches ("who's responsible for it?" after §14(c))
        subjects = [
            e
            for e in reading.analysis.entities
            if e.kind in {"topic", "term"}
            and fold(e.value) not in _SIDES
            and not _ASKING_WHO.fullmatch(reading.analysis.english[e.start : e.end])
        ]
        if subjects:
            # "who handles disinformation", "status of port calls": the area the text treats the subject in, if
            # one; the area in context only if the text treats it there ("who covers north korea" after FIMI is
            # not FIMI's leads; "status of the threat landscape" after cyber is cyber's)
            return self._area_treating(subjects[0].value, reading.context.area)
        if (
            reading.context.area
            and (reading.pronoun or reading.short or reading.follow_up)
            and not _OVERALL.search(reading.analysis.text)
        ):
            return reading.context.area
        return None

    def _area_treating(self, subject: str, in_context: str | None) -> str | None:
        """The area whose paragraphs speak of a subject: the one in context if among them, else the best
        passage's when every passage found in an area is in that one ("port calls" → maritime); None when the
        best is outside the areas ("DPRK", in the preface) or they differ."""
        library = self.knowledge.library
        areas = [
            paragraph.area if (paragraph := hit.document.paragraph(hit.paragraph)) is not None else None
            for hit in self.knowledge.retriever.search(subject, specific=True)
            if hit.document is library.primary
        ]
        if in_context is not None and in_context in areas:
            return in_context
        if not areas or areas[0] is None or len({a for a in areas if a is not None}) > 1:
            return None
        return areas[0]

    def _by_its_own_name(self, reading: Reading, entity: Entity) -> bool:
        """ "cyber", "disinfo", "space dialogue" name an area by words of its heading (or of the term the
        thesaurus gives for them); "atalanta", "horn of africa", "ROK navy" name a subject inside it, which
        the search finds more exactly than the whole area."""
        if entity.kind != "area":
            return True
        heading = set(tokens(entity.value)) - self._filler
        said = [reading.analysis.english[entity.start : entity.end]]
        said += [
            e.value
            for e in reading.analysis.entities
            if e.kind in {"topic", "term"} and e.start < entity.end and entity.start < e.end
        ]
        return any(set(tokens(words)) & heading for words in said)

    def area_of(self, reading: Reading, entity: Entity) -> str | None:
        """The area a phrase names by the words of its name ("human trafficking"); a single word ("exercises")
        names one only as an area entity of its own."""
        written = reading.analysis.english[entity.start : entity.end]
        if entity.kind not in {"term", "topic"} or len(written.split()) < 2:
            return None
        match = self.knowledge.areas.resolve(written)
        return match.area.title if match.area is not None and match.mechanism is None else None

    def _only_refers_back(self, reading: Reading) -> bool:
        """ "what about it?", "and there?": nothing named or asked but what the conversation is about."""
        if any(e.kind != "pronoun" for e in reading.analysis.entities):
            return False  # "what about at the UN": the UN is asked about
        words = [w.lower() for w in asked_words(reading.analysis.masked_english)]
        return reading.short and all(
            w in FRAGMENT_WORDS or w in PRONOUNS or w in STOPWORDS or stem(w) in self._filler for w in words
        )

    def _history(self, reading: Reading) -> Intent:
        """One area's updates; "how many updates this round", naming none, is how many areas have reported."""
        area = self._area(reading) or self._named_in_form(reading)
        if area is None and _HOW_MANY_REPORTED.search(reading.analysis.english):
            return intents.Missing()  # headed by how many areas have not reported, and listing them
        return intents.History(area) if area else intents.NeedsSubject("history")

    def _needs_area(self, reading: Reading, label: str, build: Callable[[str], Intent]) -> Intent:
        area = self._area(reading) or self._named_in_form(reading)
        return build(area) if area else intents.NeedsSubject(label)

    def _maybe_area(self, reading: Reading, label: str, build: Callable[[str | None], Intent]) -> Intent:
        """As `_needs_area`, for intents that mean every area when none is named ("status", "who leads what"):
        only a pronoun with nothing in context to refer to ("who leads it?") asks which area."""
        area = self._area(reading) or self._named_in_form(reading)
        return intents.NeedsSubject(label) if area is None and reading.pronoun else build(area)

    def _person_id(self, reading: Reading) -> str | None:
        person = reading.entity("person")
        if person is not None:
            return person.value
        return reading.context.person if reading.pronoun or reading.follow_up else None

    def _meeting_id(self, reading: Reading) -> str | None:
        """A meeting by its id; else the next meeting of the kind of dialogue named ("push the strategic
        dialogue to …"), from the working-group file; else the one in context ("move it to …")."""
        meeting = reading.entity("meeting")
        if meeting is not None:
            return meeting.value
        mechanism = reading.entity("mechanism")
        kind = slugify(mechanism.value) if mechanism else None
        if kind is None and THE_DIALOGUE.search(reading.analysis.english):
            kind = DEFAULT_KIND  # "move the dialogue to …": the one the meetings default to, as "when is the dialogue"
        if kind is not None:
            upcoming = sorted((m for m in self.workgroup.meetings if m.date >= reading.today), key=lambda m: m.date)
            chosen = next(
                (m for m in upcoming if m.kind == kind or kind.endswith(m.kind) or m.kind.endswith(kind)), None
            )
            if chosen is not None:
                return chosen.id
        return reading.context.meeting if reading.pronoun or reading.follow_up else None

    def _date(self, reading: Reading, *, day_only: bool = False) -> date | None:
        """The date the message says; with `day_only` (a meeting's), only one that names a day."""
        found = reading.entity("date")
        if found is not None:
            return date.fromisoformat(found.value)
        return date_in(reading.analysis.english, reading.today, day_only=day_only)

    # --- one builder per intent -----------------------------------------------

    def _paragraph(self, reading: Reading) -> Intent:
        refs = [e.ref for e in of_kind(reading.analysis.entities, "paragraph") if e.ref is not None]
        last = reading.context.paragraph_ref
        document = last.document if last else None
        subitem = reading.entity("subitem")
        relative = reading.entity("relative")
        if not refs and subitem is not None and last is not None:  # "and (b)?"
            refs = [ParagraphRef(last.number, subitem.value, document)]
        elif not refs and relative is not None and last is not None:  # "next one"
            refs = [ParagraphRef(last.number + int(relative.value), None, document)]
        elif not refs and (reading.has("number") or reading.has("numbers")):  # "what about 15?", "and 1-2"
            for entity in reading.analysis.entities:
                if entity.kind == "number":
                    refs.append(ParagraphRef(int(entity.value), None, document))
                elif entity.kind == "numbers":
                    first, final = (int(n) for n in entity.value.split("-"))
                    refs += [ParagraphRef(n, None, document) for n in range(first, final + 1)][:MAX_RANGE]
        elif not refs and (ordinal := ASKS_AN_END_PARAGRAPH.search(reading.analysis.english)) is not None:
            # "the last paragraph" (was the overview), "first paragraph": the partnership's own
            first, final = self.knowledge.library.primary.number_range
            refs = [ParagraphRef(first if ordinal[1].lower() in {"first", "opening"} else final)]
        elif not refs and last is not None and (reading.pronoun or reading.follow_up or reading.short):
            refs = [last]
        if not refs and (
            any(map(reading.has, ("area", "topic", "term", "mechanism")))
            or _NUMBER_AND_LETTERS.search(reading.analysis.english)
        ):
            # "quote the paragraph on space": its paragraphs, not "Which paragraph?"; "is 5G in the text?" (no
            # reference: §5 has no sub-items) is searched for, and the text may not mention it
            return self._text(reading)
        if not refs:
            return intents.NeedsSubject("paragraph")
        if (asked := ASKS_IF_OF_A_CLASS.search(reading.analysis.english)) is not None:
            return intents.ClassOf(tuple(refs), asked["kind"].lower())  # "is that a firm commitment?"
        return refs[0] if len(refs) == 1 else intents.Paragraphs(tuple(refs))

    def _help(self, reading: Reading) -> Intent:
        """ "can you help with cyber" asks about cyber: the help text only when the message names nothing."""
        named = {e.value for e in reading.analysis.entities if e.kind in {"area", "mechanism"}}
        if len(named) == 1 and not ASKS_OF_THE_COMMAND_LINE.search(reading.analysis.english):
            return intents.Area(named.pop())
        return intents.Help()  # "add a new lead for counterterrorism": the admin's note says where that is done

    def _text(self, reading: Reading) -> Intent:
        """An area or dialogue the question is only about ("martime", "what about it?") by its name; anything
        else as the words asked, for the search to weigh."""
        query = reading.form.query if isinstance(reading.form, intents.Area) else reading.analysis.english.strip(" ?.!")
        if position := ASKS_A_SIDES_POSITION.search(query):
            query = query[position.end() :].strip()  # "our line on cyber" asks what the text says on cyber
        if reading.says(ASKS_HOW_OFTEN_MENTIONED):
            # the subject's words: not the counting ones, nor the Korean a gloss keeps (몇 "개")
            said = _COUNTING_WORDS.sub(" ", reading.analysis.english.strip(" ?.!"))
            counted = " ".join(w for w in said.split() if not _HANGUL_ALONE.fullmatch(w))
            return intents.Topic(counted or query, mentions=True)
        if ASKS_HOW_MUCH.search(reading.analysis.english):  # "how many ships are involved?": not an area quoted whole
            return intents.Topic(reading.analysis.english.strip(" ?.!"), figure=True)
        named = [e for e in reading.analysis.entities if e.kind in {"area", "mechanism"}]
        if named and len({e.value for e in named}) == 1 and self._by_its_own_name(reading, named[0]):
            if all(t in self._filler for t in tokens(self._without_names(reading, query, named))):
                return intents.Area(named[0].value)
        areas = list(dict.fromkeys(e.value for e in named if e.kind == "area"))
        others = tokens(self._without_names(reading, query, named))
        if len(areas) > 1 and (_COMPARES.search(query) or all(t in self._filler for t in others)):
            return intents.Areas(tuple(areas))  # "compare maritime and cyber", "maritime vs space"
        if not named and (subject := self._subject_in_context(reading)) is not None:
            return subject
        if (reading.follow_up or reading.pronoun) and self._only_refers_back(reading):
            area = self._area(reading)  # "what about it?", "and there?": the subject in context
            if area:
                return intents.Area(area)
            if reading.context.term:  # "where exactly is it mentioned" after "what's CRIMARIO"
                return intents.Topic(reading.context.term)
        names_an_area = any(self.area_of(reading, e) for e in reading.analysis.entities)
        if (
            reading.context.area
            and not named
            and not names_an_area
            and not _ACROSS_THE_TEXT.search(reading.analysis.english)
        ):
            # "anything on the threat landscape" after "cyber": that area's passages first, then the whole text
            return intents.Topic(query, within=reading.context.area)
        return intents.Topic(query)

    @staticmethod
    def _subject_in_context(reading: Reading) -> Intent | None:
        """ "which paragraphs?", "where in the text?", "tell me more": the text on the subject of the last answer
        first, then on the area kept from before; more of where an area stands is its history. Nothing in
        context: asked what more is wanted."""
        more = reading.says(ASKS_FOR_MORE)
        if not more and not ASKS_WHERE_IT_IS_IN_THE_TEXT.search(reading.analysis.english):
            return None
        context = reading.context
        if context.mechanism and (context.label == "dialogues" or not context.area):
            return intents.Mechanisms(context.mechanism)
        if context.term and (context.label == "define" or not context.area):
            return intents.Topic(context.term)
        if more and context.area and context.label in {"status", "status_filter", "blockers"}:
            return intents.History(context.area)
        if context.area:
            return intents.Area(context.area)
        return intents.NeedsSubject("text") if more else None

    @staticmethod
    def _without_names(reading: Reading, query: str, named: list[Entity]) -> str:
        """The query's words but the names of what it names: what else it asks."""
        for entity in named:
            query = query.replace(reading.analysis.english[entity.start : entity.end], " ")
        return query

    def _define(self, reading: Reading) -> Intent:
        term = _head_term(reading)
        if term is not None:
            return intents.Glossary(term.value)
        if isinstance(reading.form, intents.Glossary):
            return reading.form
        topic = reading.entity("topic") or reading.entity("area")
        if topic is not None:
            return intents.Glossary(reading.analysis.english[topic.start : topic.end])
        words = [w for w in re.findall(r"[\w/&-]+", reading.analysis.english) if w.isupper() and len(w) > 1]
        return intents.Glossary(words[-1]) if words else self._text(reading)

    def _dialogues(self, reading: Reading) -> Intent:
        mechanism = reading.entity("mechanism")
        if ASKS_WHERE_IT_IS_SET_UP.search(reading.analysis.english):
            context = reading.context
            talked_of = context.mechanism if reading.pronoun and context.label in {"dialogues", "meetings"} else None
            named = self._dialogue_named(reading) or talked_of
            if named is not None:
                return intents.Mechanisms(named)
            if (area := self._area(reading)) is not None:
                return intents.Mechanisms(area=area)  # "which paragraph sets it up?" after space: its dialogues
        if mechanism is not None and _WHEN_OR_WHERE.search(reading.analysis.english):
            return intents.Meetings(
                next_only=True, kind=slugify(mechanism.value)
            )  # the meeting first, then its mandate
        mechanism_name = mechanism.value if mechanism is not None else self._mechanism_by_word(reading)
        if mechanism_name is not None:
            return intents.Mechanisms(mechanism_name)
        when = _WHEN_OR_WHERE.search(reading.analysis.english)
        if isinstance(reading.form, intents.Mechanisms) and self._sets_up(reading.form.name):
            # "when is the dialogue" asks for a date, as "when is the next dialogue" does; "when are the
            # consultations" names a kind no meeting is scheduled as, and gets the list
            if not (when and set(tokens(reading.form.name or "")) <= _MEETING_WORDS):
                return reading.form
        if when:  # "when do we meet next": no dialogue named, so the next meeting (or the one just talked of)
            return self._meeting_in_context(reading) or intents.Meetings(next_only=True)
        if reading.follow_up and reading.context.mechanism:
            return intents.Mechanisms(reading.context.mechanism)
        asks_which = _LIST_CUE.search(reading.analysis.english) or _ASKS_IF_ANY.search(reading.analysis.english)
        if asks_which and (area := self._area(reading)) is not None:
            return intents.Mechanisms(area=area)  # "is there a dialogue for it?" after hybrid threats: that area's
        if not _LIST_CUE.search(reading.analysis.english):
            return self._text(reading)  # "human rights dialogue": a dialogue the text does not set up is searched for
        return intents.Mechanisms()

    def _sets_up(self, name: str | None) -> bool:
        """Whether the exact form's words name dialogues the text sets up: "the dialogue" names several,
        "when do we meet" none."""
        if name is None:
            return True
        said = set(tokens(name))  # stopwords ("we", "they") are no name
        return bool(said) and any(said <= set(tokens(m.name)) for _, m in self.knowledge.library.mechanisms())

    def _mechanism_by_word(self, reading: Reading) -> str | None:
        """ "the cyber one", "the indo-pacific one": a dialogue named by the one word only its name has."""
        said = {t for t in tokens(reading.analysis.english)} - self._filler - _DIALOGUE_WORDS
        named = [
            m.name
            for _, m in self.knowledge.library.mechanisms()
            if said & (set(tokens(m.name)) - self._filler - _DIALOGUE_WORDS)
        ]
        return named[0] if len(named) == 1 else None

    def _document(self, reading: Reading) -> Intent:
        """About the document; a "summary" of an area, or whether it mentions something, is a question
        about the text."""
        if (itself := ASKS_OF_THE_DOCUMENT_ITSELF.search(reading.analysis.english)) is not None:
            return intents.DocumentInfo("classification") if itself["sharing"] else intents.DocumentInfo("overview")
        if (sides := ASKS_WHAT_A_SIDE_COMMITS.search(reading.analysis.english)) is not None:
            said = sides["side"] or sides["owner"]
            return intents.DocumentInfo("sides", _side(said) if said else None)
        question = document_question(reading.analysis.english)
        names = [e for e in reading.analysis.entities if e.kind in {"area", "term", "topic", "mechanism"}]
        if names and question.aspect in {"overview", "summary"}:
            return self._text(reading)
        if question.aspect == "sections":
            # a section's word inside a name ("what is the framework participation agreement") is no section
            english = reading.analysis.english
            longer = [e for e in names if not is_section_name(english[e.start : e.end])]
            unnamed = self._without_names(reading, english, longer)
            question = document_question(unnamed)
            if question.aspect != "sections":
                return self._define(reading) if _WHAT_IS.search(unnamed) else self._text(reading)
        about_it = reading.context.label == "document" or _THE_DOCUMENT.search(
            reading.analysis.english + " " + reading.analysis.text
        )
        if question.aspect == "overview" and not about_it:
            return self._text(reading)  # "1325 mentioned?": nothing asked about the document itself
        refs = [e.ref for e in of_kind(reading.analysis.entities, "paragraph") if e.ref is not None]
        if not refs and _refers_back(reading) and (in_context := reading.context.paragraph_ref) is not None:
            if question.aspect == "commitments":
                # "is that a firm commitment?" after §14(c): yes or no first, then its own, shown with its class
                asked = ASKS_IF_OF_A_CLASS.search(reading.analysis.english)
                return intents.ClassOf((in_context,), asked["kind"].lower()) if asked else in_context
            refs = [in_context]  # "is it binding?" after §7
        if refs and ASKS_IF_BINDING.search(reading.analysis.english):  # "are the commitments in §14 binding?"
            return intents.DocumentInfo("nature", ", ".join(ref.citation for ref in refs))
        areas = {e.value for e in reading.analysis.entities if e.kind == "area"}
        if question.aspect == "commitments" and len(areas) == 1:
            return replace(question, area=areas.pop())  # "the firm commitments on maritime": in that area
        return question

    @staticmethod
    def _small_talk(reading: Reading) -> intents.SmallTalk:
        if isinstance(reading.form, intents.SmallTalk):
            return reading.form
        if reading.says(ASKS_ABOUT_THE_BOT):
            return intents.SmallTalk("bot")
        if reading.says(SAYS_IT_MISREAD):
            return intents.SmallTalk("misread")
        if reading.says(ASKS_FOR_KOREAN):
            return intents.SmallTalk("language")
        return intents.SmallTalk(
            "thanks" if _THANKS.search(f"{reading.analysis.english} {reading.analysis.text}") else "hello"
        )

    @staticmethod
    def _snooze(reading: Reading) -> intents.Snooze:
        """ "remind me tomorrow", "later"; "I'll send my update on friday", "next week": from that day (a week's
        first), which was taken for "later", asked again at the next prompt hour."""
        english = reading.analysis.english
        if _TOMORROW.search(english):
            return intents.Snooze(tomorrow=True)
        said = split_date_phrase(english, reading.today, day_only=True)
        period = range_in(english, reading.today)
        on = said[1] if said is not None else (period[0] if period is not None else None)
        return intents.Snooze(on=on if on is not None and on > reading.today else None)

    def _status(self, reading: Reading) -> Intent:
        english = reading.analysis.english
        if ASKS_WHAT_IS_NEW.search(english) and (since := since_in(english, reading.today)):
            area = reading.entity("area")  # "what changed since last week": the updates given since then
            return intents.Recent(since, area.value if area else None)
        if ASKS_WHAT_A_SIDE_REPORTED.search(english) and (side := _THE_SIDE_REPORTING.search(english)):
            area = reading.entity("area")  # "what did the ROK side report on maritime"
            return intents.Status(area.value if area else None, side=_side(side[0]))
        # "what happened since the last sdd": a dialogue named after "since" says from when, not what about
        since_a_dialogue = reading.has("mechanism") and _SINCE.search(english)
        everyone = (
            _OVERALL.search(reading.analysis.text) or _EVERYONE.search(english) or ASKS_HOW_WE_STAND.search(english)
        )
        if (everyone or since_a_dialogue) and not reading.has("area"):
            return intents.Status()
        person = reading.entity("person")
        if person is not None and not any(map(reading.has, ("area", "topic", "term", "mechanism"))):
            # "what's the latest from Rossi?", "status of rossi": their last updates (was "I know no area called …")
            return intents.PersonInfo(person.value, reports=True)
        return self._maybe_area(reading, "status", intents.Status)

    def _blockers(self, reading: Reading) -> Intent:
        """The open blockers (of the area named); "why?" after where an area stands, that area's."""
        if isinstance(reading.form, intents.Blockers):
            return reading.form
        area = self._area_entity(reading)
        if area is None and (ASKS_WHY.search(reading.analysis.english) or _refers_back(reading)):
            area = reading.context.area  # "any blockers there?" after where space stands: space's
        return intents.Blockers(area)

    def _nudge(self, reading: Reading) -> Intent:
        """ "remind rossi", "chase the late ones", 로시에게 독촉해줘: the prompt sent again, only when told to; asked
        about ("did you remind rossi", "who should be chased"), who has not reported, which sends nothing."""
        if not (_TELLS_TO_REMIND.search(reading.analysis.english) or _KOREAN_REQUEST.search(reading.analysis.text)):
            return intents.Missing()
        if (person := self._person_id(reading)) is not None:
            return intents.Nudge(person)
        if (area := reading.entity("area")) is not None:
            return intents.Nudge(area=area.value)  # "nudge the cyber leads"
        if _THE_LATE_ONES.search(f"{reading.analysis.text} {reading.analysis.english}"):
            return intents.Nudge()
        return intents.NeedsSubject("nudge")  # "remind 로시": nobody it knows, and not everyone either

    def _dialogue_named(self, reading: Reading) -> str | None:
        """The name of the dialogue a message names, by its name or by words that stand for it."""
        mechanism = reading.entity("mechanism")
        if mechanism is not None:
            return mechanism.value
        found = self._mechanism_named(reading)
        return found[1].name if found is not None else None

    def _mechanism_named(self, reading: Reading) -> tuple[Document, Mechanism] | None:
        """The dialogue a message names, by its name or by words that stand for it ("the maritime dialogue", found
        as a subject), before any area named with it."""
        named = [e for e in reading.analysis.entities if e.kind in {"mechanism", "topic", "term", "area"}]
        for entity in sorted(named, key=lambda e: e.kind == "area"):
            if (mechanism := self.knowledge.areas.resolve(entity.value).mechanism) is not None:
                return mechanism
        return None

    def _progress(self, reading: Reading) -> Intent:
        """ "has the space dialogue been launched", "is the maritime dialogue up and running": the text only says it
        will be, the leads' updates say whether it is, so a dialogue an area's paragraphs set up is answered with
        that area's status; one outside the areas (the Dialogue itself, the Strategic Dialogue) with when it last
        met. Nothing resolved: the words asked, searched."""
        if (named := self._mechanism_named(reading)) is not None:
            document, mechanism = named
            paragraph = document.paragraph(mechanism.paragraph)
            if paragraph is not None and paragraph.area:
                return intents.Status(paragraph.area)
            return intents.Meetings(kind=slugify(mechanism.name), last=True)
        meeting = reading.entity("meeting")
        if meeting is not None:
            return intents.Meetings(kind=meeting.value, last=True)
        area = self._area(reading)
        return intents.Status(area) if area else self._text(reading)

    @staticmethod
    def _named_in_form(reading: Reading) -> str | None:
        """What "status of X", "who leads X", "history X" name when nothing the bot knows is found in it:
        passed on, so the answer can say it knows no area called that rather than answer another question. A
        pronoun ("who leads it?") is no name: with nothing in context to refer to, the area is asked for."""
        named = (
            getattr(reading.form, "area", None)
            if isinstance(reading.form, intents.Status | intents.WhoLeads | intents.History)
            else None
        )
        return None if named is None or fold(named) in PRONOUNS else named

    def _status_filter(self, reading: Reading) -> Intent:
        """The areas in a status; asked of the area in context ("is it blocked?", "what's blocking it?" after
        where space stands), where that one stands, or what holds it up (was every area blocked)."""
        if _refers_back(reading) and reading.context.area and not reading.has("area"):
            if _WHAT_BLOCKS.search(reading.analysis.english):
                return intents.Blockers(reading.context.area)
            return intents.Status(reading.context.area)
        statuses = tuple(dict.fromkeys(e.value for e in of_kind(reading.analysis.entities, "status")))
        return intents.StatusFilter(statuses or ("blocked", "at_risk"))

    def _who_leads(self, reading: Reading) -> Intent:
        if (
            reading.pronoun
            and reading.context.person
            and not reading.has("area")
            and re.search(r"\b(?:he|she|him|her)\b", reading.analysis.english, re.IGNORECASE)
        ):
            return intents.PersonInfo(reading.context.person)  # "what does she lead"
        if _NO_LEAD.search(reading.analysis.english):
            return intents.WhoLeads(None, unled_only=True)
        if _OVERALL.search(reading.analysis.english) or re.search(
            r"\bwhat\b\s*\??$|\bwhich areas\b", reading.analysis.english, re.IGNORECASE
        ):
            return intents.WhoLeads()
        person = reading.entity("person")
        if person is not None and not reading.has("area"):
            return intents.PersonInfo(person.value)
        intent = self._maybe_area(reading, "who_leads", intents.WhoLeads)
        side = _A_SIDES_LEAD.search(reading.analysis.english)
        if isinstance(intent, intents.WhoLeads) and intent.area and side:
            return replace(intent, side=_side(next(group for group in side.groups() if group)))
        return intent

    def _person(self, reading: Reading) -> Intent:
        if isinstance(reading.form, intents.Myself):
            return reading.form
        if not reading.has("person") and ASKS_WHO_IS_AWAY.search(reading.analysis.english):
            return intents.Absent()  # "anyone off this week?": not the person in context, though "this" is a pronoun
        english = reading.analysis.english
        if not reading.has("person") and (
            (ASKS_A_TIMEZONE.search(english) and _MINE.search(english)) or ASKS_IF_I_AM_AWAY.search(english)
        ):
            return intents.Myself()  # "what timezone are my reminders in": who I am, with when I am prompted
        person = self._person_id(reading)
        absence = _ANYONE_AWAY.search(reading.analysis.english) or ASKS_WHEN_BACK.search(reading.analysis.english)
        if person is None and absence and reading.context.person:
            person = reading.context.person  # "on leave now?" after who Lee is: her absence (Korean drops the "she")
        if person:
            return intents.PersonInfo(person, reports=ASKS_WHAT_SOMEONE_REPORTED.search(english) is not None)
        return intents.Absent() if absence else intents.NeedsSubject("person")

    def _away(self, reading: Reading) -> Intent:
        form = reading.form
        if isinstance(form, intents.Away):
            if form.person is not None and fold(form.person) in PRONOUNS:  # "mark her away until …"
                form = replace(form, person=reading.context.person)
            if form.until is None and not form.back:  # "away until friday": a day in words, not as YYYY-MM-DD
                form = replace(form, until=self._date(reading))
            return form
        if CANCELS_AN_ABSENCE.search(reading.analysis.english):
            span = range_in(reading.analysis.english, reading.today)
            covering = span[0] if span is not None else self._date(reading)  # "cancel my leave from the 10th"
            named = reading.entity("person")  # "cancel kim's leave"; "her leave" after who she is; "that leave" is mine
            whose = (
                named.value
                if named
                else reading.context.person
                if _HIS_OR_HERS.search(reading.analysis.english)
                else None
            )
            return intents.Away(None, whose, cancel=True, starts=covering)
        person = reading.entity("person")
        someone_else = re.search(r"\b(?:mark|set|put|and)\b", reading.analysis.english, re.IGNORECASE)
        target = (person.value if person is not None else self._person_id(reading)) if someone_else else None
        if (back := _BACK_WORDS.search(reading.analysis.english)) is not None:
            # "I'm back on the 3rd": ends then; "back in March" on the 1st (was today: marked back at once)
            korean = reading.analysis.korean
            rest = reading.analysis.english if korean else reading.analysis.english[back.end() :]
            returns = period_start(rest, reading.today, anywhere=korean) or self._date(reading)
            return intents.Away(returns, target, back=True)
        if (span := range_in(reading.analysis.english, reading.today)) is not None:
            return intents.Away(span[1], target, starts=span[0])  # "on leave from 20 dec to 5 jan"
        return intents.Away(self._date(reading), target)

    def _area_named(self, reading: Reading, written: str | None) -> str | None:
        """The area a command names as written ("update nonprolif: …", "update it: …"), by what the bot
        found in those words, so a typo or a pronoun reaches the handler as the area's title."""
        if written is None:
            return None
        if fold(written) in PRONOUNS:
            return reading.context.area
        start = reading.analysis.english.find(written)
        inside = [
            e for e in of_kind(reading.analysis.entities, "area") if start <= e.start and e.end <= start + len(written)
        ]
        return inside[0].value if start >= 0 and len({e.value for e in inside}) == 1 else written

    def _update(self, reading: Reading) -> Intent:
        form = reading.form
        if isinstance(form, intents.Update):
            area_named = self._area_named(reading, form.area)
            if form.one_line is not None and SAYS_NOTHING_CHANGED.fullmatch(form.one_line.strip()):
                return intents.Update(area_named, no_change=True)  # "update maritime: no change"
            return replace(form, area=area_named)
        area = reading.entity("area")
        if not reading.has("status") and reading.says(SAYS_NOTHING_CHANGED):
            # "maritime: no change", "nothing new on maritime"; "nothing new this week": of the lead's one area
            return intents.Update(area.value if area else None, no_change=True)
        return intents.Update(
            area=area.value if area else (reading.context.area if reading.pronoun else None),
            said=_status_said(reading, area),
        )

    def _edit(self, reading: Reading) -> Intent:
        if isinstance(reading.form, intents.EditUpdate):
            return replace(reading.form, area=self._area_named(reading, reading.form.area))
        if (changed := field_change(reading.analysis.text)) is not None:
            return intents.EditUpdate(
                area=self._area_named(reading, changed.area),
                field=changed.field,
                words=changed.words,
                added=changed.added,
            )
        area = reading.entity("area")
        english = reading.analysis.english
        if (
            reading.says(_TO_SEE)
            or ASKS_WHAT_I_JUST_REPORTED.search(english)
            or reading.says(ASKS_IF_THE_CHAIRS_HAVE_IT)
        ) and not _TO_CHANGE.search(english):
            return intents.ShowUpdate(area=area.value if area else None)  # "what was my last update"
        if area is not None and _POSTED_ELSEWHERE.search(english):
            area = None  # "that was for space not cyber": the update just given, wherever it went
        return intents.EditUpdate(
            area=area.value if area else None,
            status=_new_status(reading),
            withdraw=_TAKES_BACK_AN_UPDATE.search(english) is not None
            or TAKES_BACK_AN_UPDATE.search(english) is not None,
        )

    @staticmethod
    def _meeting_in_context(reading: Reading) -> intents.Meetings | None:
        """ "when is it?" after one was scheduled or moved: that one (was the next Dialogue, which "cancel it" then
        offered to cancel)."""
        context = reading.context
        if reading.pronoun and context.meeting and context.label in MEETING_JUST_ANSWERED:
            return intents.Meetings(next_only=True, kind=context.meeting)
        return None

    def _meetings(self, reading: Reading) -> Intent:
        """The next meeting (of the dialogue named: "when will the maritime dialogue start" is when one is
        scheduled, and where the text sets it up), or the calendar. "When" of a subject that is no dialogue ("by
        when should the port calls happen") is what the text says on it."""
        if (named := self._dialogue_named(reading)) is not None:
            return intents.Meetings(next_only=True, kind=slugify(named))
        if ASKS_WHEN_IT_STARTS.search(reading.analysis.english) and any(map(reading.has, ("topic", "term", "area"))):
            return self._text(reading)
        meeting = reading.entity("meeting")
        if meeting is None and reading.pronoun and reading.context.mechanism and reading.context.label == "dialogues":
            # "when does that meet?" after the dialogue the last answer named
            return intents.Meetings(next_only=True, kind=slugify(reading.context.mechanism))
        if meeting is not None:
            return intents.Meetings(next_only=True, kind=meeting.value)
        if (in_context := self._meeting_in_context(reading)) is not None:
            return in_context
        listing = re.search(
            r"\b(?:meetings|calendar|upcoming|schedule|list)\b|일정|목록", reading.analysis.text, re.IGNORECASE
        )
        return intents.Meetings(next_only=not listing)

    def _schedule(self, reading: Reading) -> Intent:
        """ "schedule sdd 2027-03-15 Seoul" as written; a date in words ("next tuesday Brussels", "15/03/2027
        Seoul") split from the kind before it and the place after it, so the place is not taken for the date."""
        form = reading.form
        if isinstance(form, intents.ScheduleMeeting) and form.when is not None:
            return form
        # the dialogue by its name, or by words that stand for it ("the maritime dialogue", "a cyber consultation")
        named = self._dialogue_named(reading)
        words = (
            form.kind
            if isinstance(form, intents.ScheduleMeeting)
            else _SCHEDULING.sub("", reading.analysis.english, count=1)
        )
        split = split_date_phrase(words, reading.today, day_only=True)
        if split is not None:
            before, when, after = split
            before = _A_OR_THE.sub("", before)  # "add a prep meeting on 1 March": the kind "prep meeting"
            if reading.analysis.korean:
                # 우주안보대화 12월 2일 서울 일정 등록해줘: the place, then the rest of the request ("Seoul when 등록"),
                # which was all taken for the place; 다음 주 화요일에 전략대화 일정 추가해줘: no place at all
                named_place = _A_PLACE_NAME.match(after)
                after = named_place[0] if named_place else ""
            return intents.ScheduleMeeting(named or before or "security and defence dialogue", when, after or None)
        place = re.search(r"\bin ([A-Z][\w-]+)", reading.analysis.english)
        return intents.ScheduleMeeting(
            named or "security and defence dialogue",
            self._date(reading, day_only=True),
            place.group(1) if place else None,
        )

    def _move(self, reading: Reading) -> Intent:
        intent = self._move_date(reading)
        place = new_place(reading.analysis.text, reading.today)
        if place is None or not isinstance(intent, intents.MoveMeeting):
            return intent
        if intent.when is None and intent.by_days is None and intent.day is None:
            # "to 20 March in Busan": the date before the place, which "20 March in Busan" hid from the date reader
            said = split_date_phrase(reading.analysis.english, reading.today, day_only=True)
            intent = replace(intent, when=said[1] if said is not None else None)
        return replace(intent, place=place)  # "move the SDD to Busan"

    def _move_date(self, reading: Reading) -> Intent:
        form = reading.form
        # "push the SDD back a week": a shift from the meeting's date, before a date ("by two weeks" would read
        # as two weeks from today)
        by_days = shift_in(reading.analysis.english)
        day = day_of_month_alone(reading.analysis.english)  # "to the 20th": of the meeting's month, not today's
        if isinstance(form, intents.MoveMeeting) and fold(form.meeting) not in PRONOUNS:
            if day is not None:
                return intents.MoveMeeting(form.meeting, None, day=day)
            if form.when is not None:
                return form
            return replace(form, by_days=by_days) if by_days else replace(form, when=self._date(reading, day_only=True))
        meeting = self._meeting_id(reading)
        if meeting is None:
            return intents.NeedsSubject("move_meeting")
        if day is not None:
            return intents.MoveMeeting(meeting, None, day=day)
        return (
            intents.MoveMeeting(meeting, None, by_days)
            if by_days
            else intents.MoveMeeting(meeting, self._date(reading, day_only=True))
        )

    @staticmethod
    def _confirm(intent: Intent, confirmed: bool) -> Intent:
        if isinstance(intent, intents.CancelMeeting | intents.ScheduleMeeting):
            return replace(intent, confirmed=confirmed)
        return intent

    @staticmethod
    def _area_entity(reading: Reading) -> str | None:
        area = reading.entity("area")
        return area.value if area is not None else None

    def _missing(self, reading: Reading) -> Intent:
        """Who has not reported: of the area named, or of the one in context asked of as "she", "they" ("has she
        reported?" after who leads cyber listed every area's); else every area's."""
        area = self._area_entity(reading) or (reading.context.area if reading.pronoun else None)
        return intents.Status(area) if area else intents.Missing()

    def _resolved(self, reading: Reading) -> Intent:
        """The area a lead names ("resolved cyber", "the maritime blocker is cleared"); words that name none
        ("resolved, MOFA confirmed") leave it to the handler to find the lead's open blocker."""
        return intents.Resolved(self._area_entity(reading))

    def _cancel(self, reading: Reading) -> Intent:
        form = reading.form
        if isinstance(form, intents.CancelMeeting) and fold(form.meeting) not in PRONOUNS:
            return form
        meeting = self._meeting_id(reading)
        if meeting:
            return intents.CancelMeeting(meeting)
        context = reading.context
        if context.meeting is None and context.mechanism is None and BARE_CANCEL.match(reading.analysis.english):
            return intents.SmallTalk("stop")  # "cancel" with no update open and no meeting talked of: nothing to cancel
        return intents.NeedsSubject("cancel_meeting")
