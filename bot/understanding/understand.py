"""Message understanding: entities, scored intents, and context, to one typed intent with its confidence.

1. The message is analysed (`analyse.py`): Korean read through its English form,
   entities found against what the bot knows.
2. Intents are scored by the classifier trained from example messages, and an
   exact form (a command such as "update space: at risk — …", or a fixed phrasing
   such as "status of cyber") adds its evidence; a command form is taken as written.
3. What the message leaves out is filled from the context: "who leads it?",
   "and (b)?", "what about space?" (the last intent again, about something else).
4. Below `THRESHOLD`, or when the two best readings are closer than `AMBIGUITY`,
   the bot asks back with the readings as choices instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from bot import intents
from bot.intents import DECLARATIONS, Intent
from bot.document.search import QUESTION_WORDS
from bot.document.text import STOPWORDS, stem, tokens
from bot.knowledge import Knowledge
from bot.understanding import classifier, forms
from bot.understanding.analyse import Analysis, analyse
from bot.understanding.context import ChatContext, Option
from bot.understanding.entities import PRONOUNS, Entity, EntityFinder, first, fold, of_kind
from bot.understanding import korean
from bot.understanding.references import MAX_RANGE, ParagraphRef
from bot.understanding.thesaurus import Thesaurus
from bot.understanding.vocabulary import build_vocabulary
from bot.workgroup import WorkGroup, slugify

# Rasa's defaults for its fallback: ask back under 0.7 confidence, or when the top two are within 0.1;
# ours were chosen on the training examples' cross-validation, never on the evaluation set.
THRESHOLD = 0.4
# Ask back only between two readings that are both likely and close: a real choice, not noise.
CLEAR = 0.6
RIVAL = 0.25
AMBIGUITY = 0.1
# In a conversation, a message that names nothing new and refers back ("and the history?", "who's running
# that") is read with what it asks even when less sure: the subject is already known.
FOLLOW_UP_THRESHOLD = 0.3
# How much an exact phrasing ("status of X", "who leads X") weighs against the classifier.
FORM_WEIGHT = 0.5
# Command forms are their own meaning: the words are the command.
COMMANDS = (intents.Update, intents.EditUpdate, intents.Away, intents.ScheduleMeeting, intents.MoveMeeting,
            intents.CancelMeeting, intents.DigestPreview, intents.Help)
# Labels whose answer is about an area, a person, a paragraph: what a follow-up can ask again about something else.
_SUBJECTS = frozenset({"area", "mechanism", "term"})
FOLLOWS: dict[str, frozenset[str]] = {
    "status": _SUBJECTS, "who_leads": _SUBJECTS, "history": _SUBJECTS, "text": _SUBJECTS | {"topic"}, "define": _SUBJECTS,
    "dialogues": frozenset({"mechanism", "area"}), "meetings": frozenset({"mechanism", "meeting"}),
    "person": frozenset({"person"}), "away": frozenset({"person", "date"}), "status_filter": frozenset({"status"}),
}
# Labels the classifier gives to short messages of unknown words when it has nothing better to go on.
GUESSES = {"smalltalk", "status", "define", "document", "dialogues", "missing", "areas", "meetings", "help", "who_leads"}
# Words a fragment may hold besides what it names: "and (b)?", "what about space?", "hybrid?", "b도".
_FRAGMENT_WORDS = frozenset("""and what about how the one ones too also then ok okay so same for of with then please pls
    again 도 는 은 요 그럼 그리고 그건 also re sub item point letter as well can could u you do show me give now just""".split())
_DEFINE_CUE = re.compile(
    r"\b(?:what|whats|define|definition|meaning|mean|means|stand|stands|acronym|abbreviation|expand|explain|spell)\b|=\s*\?|뜻|약어|약자|의미|무슨|뭐야|뭐지|뭔가|정의",
    re.IGNORECASE,
)
_LIST_CUE = re.compile(r"\b(?:which|what|list|all|any|how many)\b|\b(?:dialogues|mechanisms|consultations|formats)\b|목록|어떤", re.IGNORECASE)
_DIALOGUE_WORDS = frozenset(tokens("dialogue dialogues consultation consultations summit meeting eu rok one"))
_PERSONAL = re.compile(r"\b(?:he|she|him|her|his|hers)\b|그녀|그분|그 사람", re.IGNORECASE)
_CONTINUING = re.compile(r"^\s*(?:and|also|what about|how about|same|then|so|ok)\b|\b(?:too|as well|again|instead)\b|^\s*\S+\s*\??\s*$|도\??$|는\??$|은\??$", re.IGNORECASE)
_WHEN_WHERE_WORDS = frozenset({"where", "when", "date", "day", "place", "venue", "held", "location", "city"})
_KOREAN_WHEN_WHERE = re.compile(r"어디|언제|장소|날짜")
_NOW_WORDS = frozenset({"now", "today", "currently", "current", "latest", "present"})
_THE_DOCUMENT = re.compile(
    r"\b(?:document|doc|text|partnership|paper|instrument|nbi|this|thing|overall|title|number|paras|paragraphs|drafted|wrote|author|eeas)\b"
    r"|문서|협정|파트너십|제목",
    re.IGNORECASE,
)
_THERE = re.compile(r"\b(?:there|in it|in that area|in this area|in that one|same area)\b|거기|그 분야", re.IGNORECASE)
_QUESTION = re.compile(r"\?\s*$|^\s*(?:is|are|will|when|who|does|do)\b|나요|니\??$|야\??$|까\??$", re.IGNORECASE)
_DEFINITION = re.compile(r"\bstands? for\b|\bacronym\b|\babbreviation\b|\bspelled out\b|뜻|약어|약자", re.IGNORECASE)
_AWAY_CUE = re.compile(r"\b(?:i'?m|i am|i'll|i will|mark|set|until|till|off|leave|ooo|out of office|vacation|holiday)\b|부재|휴가|출장", re.IGNORECASE)
_OVERALL = re.compile(r"\b(?:overall|all|every|each|everything|whole|summary)\b|전체|모든", re.IGNORECASE)
_NO_LEAD = re.compile(r"\b(?:no|without|missing|unassigned|lack)\b.*\blead|\bunled\b|담당자\s*없", re.IGNORECASE)
_BACK_WORDS = re.compile(r"\b(?:back|returned|not away|no longer away)\b|복귀", re.IGNORECASE)
_THANKS = re.compile(r"\b(?:thanks?|thank you|thx|ty|cheers|great|perfect)\b|고마|감사", re.IGNORECASE)
_WHEN_OR_WHERE = re.compile(r"^\s*(?:when|where|whens|wheres)\b(?!.*\b(?:often|usually|normally|level|attend)\b)|언제|어디", re.IGNORECASE)
_DATE_PHRASE = re.compile(r"\b(?:until|till|til|to|through|on|from|by|for)\s+([^,;!?]+?)\s*(?:[,;!?.].*)?$", re.IGNORECASE)
_FORM_LABELS: dict[type, str] = {
    intents.Help: "help", ParagraphRef: "paragraph", intents.Paragraphs: "paragraph", intents.ListAreas: "areas",
    intents.Mechanisms: "dialogues", intents.Status: "status", intents.History: "history", intents.WhoLeads: "who_leads",
    intents.Chairs: "chairs", intents.MyAreas: "my_areas", intents.Missing: "missing", intents.Away: "away",
    intents.Update: "update", intents.EditUpdate: "edit", intents.Meetings: "meetings", intents.ScheduleMeeting: "schedule_meeting",
    intents.MoveMeeting: "move_meeting", intents.CancelMeeting: "cancel_meeting", intents.DigestPreview: "digest",
}


# Where a builder answers a label as another intent ("what does she lead" → who she is, "when is the strategic
# dialogue" → the meeting), the label follows what is answered.
ANSWERED_AS: dict[type, str] = {
    intents.PersonInfo: "person", intents.Meetings: "meetings", intents.Status: "status", intents.StatusFilter: "status_filter",
    intents.Area: "text", intents.Topic: "text", intents.Glossary: "define",
}


@dataclass(frozen=True)
class Understanding:
    intent: Intent
    label: str
    confidence: float
    entities: tuple[Entity, ...] = ()
    korean: bool = False
    options: tuple[Option, ...] = ()  # when not empty: ask back with these choices
    scores: tuple[tuple[str, float], ...] = ()
    refers: dict[str, str | int | None] = field(default_factory=dict)  # what the answer is about, for the context


@dataclass(frozen=True)
class _Reading:
    """What the builders see: the analysis, the exact form if any, the context and today."""

    analysis: Analysis
    form: Intent
    context: ChatContext
    today: date
    follow_up: bool = False

    def entity(self, kind: str) -> Entity | None:
        return first(self.analysis.entities, kind)

    def has(self, kind: str) -> bool:
        return self.entity(kind) is not None

    @property
    def pronoun(self) -> bool:
        return self.has("pronoun")

    @property
    def short(self) -> bool:
        return len(self.analysis.english.split()) <= 5


class Understander:
    """Built once per runtime from the documents, the working group and the thesaurus."""

    def __init__(self, knowledge: Knowledge, workgroup: WorkGroup, thesaurus: Thesaurus) -> None:
        self.knowledge = knowledge
        self.workgroup = workgroup
        self.thesaurus = thesaurus
        # words that say nothing of what a question is about, beside a name: "what about the cyber cooperation"
        self._filler = QUESTION_WORDS | {t for w in thesaurus.generic for t in tokens(w)}
        self.model = classifier.load()
        self.finder = EntityFinder(build_vocabulary(knowledge, workgroup, thesaurus), self.model.known_words | knowledge.retriever.vocabulary)
        self._builders: dict[str, Callable[[_Reading], Intent]] = {
            "help": lambda r: intents.Help(),
            "smalltalk": lambda r: intents.SmallTalk(thanks=bool(_THANKS.search(r.analysis.english + r.analysis.text))),
            "paragraph": self._paragraph,
            "text": self._text,
            "define": self._define,
            "areas": lambda r: intents.ListAreas(),
            "dialogues": self._dialogues,
            "document": self._document,
            "status": self._status,
            "status_filter": self._status_filter,
            "history": lambda r: self._needs_area(r, "history", intents.History),
            "who_leads": self._who_leads,
            "chairs": lambda r: intents.Chairs(),
            "person": self._person,
            "my_areas": lambda r: intents.MyAreas(),
            "missing": lambda r: intents.Missing(),
            "away": self._away,
            "update": self._update,
            "edit": self._edit,
            "meetings": self._meetings,
            "schedule_meeting": self._schedule,
            "move_meeting": self._move,
            "cancel_meeting": self._cancel,
            "digest": lambda r: r.form if isinstance(r.form, intents.DigestPreview) else intents.DigestPreview(self._meeting_id(r)),
        }

    # --- the decision --------------------------------------------------------

    def understand(self, message: str, context: ChatContext | None = None, today: date | None = None) -> Understanding:
        """Never raises for any text (tested with generated input)."""
        invalid = forms.guard(message)
        if invalid is not None:
            return Understanding(invalid, "invalid", 1.0)
        context = context or ChatContext()
        today = today or datetime.now().date()
        analysis = analyse(message, self.finder, today)
        reading = _Reading(analysis, forms.classify(analysis.english), context, today)
        scores = self.scores(reading)
        label, confidence = self._decide(reading, scores)
        if label == "follow_up":
            label, reading = self._follow_up(reading), replace(reading, follow_up=True)
        intent = self._builders[label](reading)
        label = ANSWERED_AS.get(type(intent), label)  # "what does she lead" is answered as who she is
        understanding = Understanding(intent, label, confidence, analysis.entities, analysis.korean, scores=tuple(scores[:3]))
        (first_label, first_score), (_, second_score) = scores[0], scores[1]
        close = first_score < CLEAR and second_score >= RIVAL and first_score - second_score < AMBIGUITY
        if label == first_label and first_score >= THRESHOLD and close and not self._mostly_unknown(analysis):
            options = self._options(message, reading, scores)
            if len(options) > 1:
                return replace(understanding, options=tuple(options))
        return replace(understanding, refers=self._refers(intent, reading))

    def answer_as(self, message: str, label: str, context: ChatContext | None = None, today: date | None = None) -> Understanding:
        """The message read as `label`: the reading a person picked when the bot asked back."""
        context = context or ChatContext()
        today = today or datetime.now().date()
        analysis = analyse(message, self.finder, today)
        reading = _Reading(analysis, forms.classify(analysis.english), context, today)
        intent = self._builders[label](reading)
        label = ANSWERED_AS.get(type(intent), label)
        return Understanding(intent, label, 1.0, analysis.entities, analysis.korean, refers=self._refers(intent, reading))

    def _decide(self, reading: _Reading, scores: list[tuple[str, float]]) -> tuple[str, float]:
        """The best reading, with what the classifier cannot see: a command form is its own meaning; a message
        of references is about paragraphs; a fragment naming something continues the conversation; and a
        message nobody could read with confidence is searched for in the text, which says when it has nothing."""
        label, confidence = scores[0]
        analysis = reading.analysis
        if isinstance(reading.form, COMMANDS) and self._command_names_what_it_acts_on(reading.form):
            return _FORM_LABELS[type(reading.form)], 1.0
        if self._only_references(analysis):
            return "paragraph", max(confidence, 0.9)
        if reading.has("relative") and reading.context.label in {"meetings", "dialogues"}:
            return "meetings", confidence  # "when's the next one?" after a question about a dialogue
        if reading.context.label and _is_fragment(analysis):
            return "follow_up", confidence
        if (asked := self._about_what_was_answered(reading)) is not None:
            return asked, max(confidence, THRESHOLD)
        if reading.context.label == "paragraph" and any(reading.has(k) for k in ("subitem", "number", "numbers", "relative")) and not reading.has("area"):
            return "paragraph", confidence  # "(d) as well pls", "can you also do 35": more of the text asked for
        telling = label == "away" and _tells_an_absence(reading)
        if reading.context.person and _PERSONAL.search(analysis.english) and not telling and (label != "person" or confidence < CLEAR):
            return "person", confidence  # "what does she lead", "is she away?": he and she are the person in context
        threshold = FOLLOW_UP_THRESHOLD if reading.context.label and self._continues(reading) else THRESHOLD
        if confidence < threshold or (label in GUESSES and confidence < CLEAR and self._mostly_unknown(analysis)):
            return "text", confidence
        if label == "status_filter" and not reading.has("status"):
            return "status", confidence  # "what's the status?" names no status to filter by
        if label == "status" and reading.has("status") and not reading.has("area"):
            return "status_filter", confidence  # "anything on track?": a status asked about, no area: which areas
        if reading.has("term") and _DEFINITION.search(analysis.text):
            return "define", max(confidence, THRESHOLD)  # "what's WMD stand for again, not my field"
        if label == "define" and not _DEFINE_CUE.search(analysis.text):
            return "text", confidence  # "chemical weapons convention", "WPS": what the text says, not a definition
        if label == "away" and _QUESTION.search(analysis.text) and not telling:
            return "person", confidence  # "is he away?", "when's she back?", "지금 휴가 중이야?" ask; "away until …" tells
        return label, confidence

    def _command_names_what_it_acts_on(self, form: Intent) -> bool:
        """"update maritime" is the command; "update history for wps" is not: its words name no area."""
        if isinstance(form, intents.Update | intents.EditUpdate) and form.area and not getattr(form, "one_line", None):
            match = self.knowledge.areas.resolve(form.area)
            return match.area is not None or match.mechanism is not None or bool(match.candidates) or bool(self.finder.find(form.area))
        return True

    @staticmethod
    def _about_what_was_answered(reading: _Reading) -> str | None:
        """"where?", "and the date on it?", "where was it held", "and where is it now?": a question about the
        thing just answered, that names nothing else. Where and when of a document is its adoption, of a
        dialogue or meeting the meeting; "now" after a history is the status."""
        last = reading.context.label
        if last is None or any(e.kind not in {"pronoun"} for e in reading.analysis.entities):
            return None
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", reading.analysis.english)]
        if len(words) > 7:
            return None
        if _WHEN_WHERE_WORDS & set(words) or _KOREAN_WHEN_WHERE.search(reading.analysis.text):
            if last == "document":
                return "document"
            if last in {"meetings", "dialogues"}:
                return "meetings"
        if last == "history" and _NOW_WORDS & set(words):
            return "status"
        return None

    def _mostly_unknown(self, analysis: Analysis) -> bool:
        """Most words unknown to the examples and to the text: a subject ("gaza", "mongolia") more than a request."""
        words = [w for w in re.findall(r"[^\W\d_]+", analysis.masked_english) if not w.isupper() and not korean.is_korean(w)]
        if not words:
            return False
        unknown = [w for w in words if w.lower() not in self.model.known_words]
        return len(unknown) * 2 > len(words)

    def scores(self, reading: _Reading) -> list[tuple[str, float]]:
        """The classifier's probabilities, with the evidence of an exact form."""
        probabilities = dict(self.model.probabilities(reading.analysis.masked))
        form_label = _FORM_LABELS.get(type(reading.form))
        if form_label is not None:
            probabilities = {k: v * (1 - FORM_WEIGHT) + (FORM_WEIGHT if k == form_label else 0.0) for k, v in probabilities.items()}
        return sorted(probabilities.items(), key=lambda pair: -pair[1])

    @staticmethod
    def _continues(reading: _Reading) -> bool:
        named = {e.kind for e in reading.analysis.entities} & {"area", "person", "paragraph", "meeting", "mechanism", "term", "status", "date"}
        return not named and (reading.pronoun or bool(_CONTINUING.search(reading.analysis.text)))

    @staticmethod
    def _only_references(analysis: Analysis) -> bool:
        """"§14", "para 3 and 16", "what does 41 say": the references are the message."""
        refs = of_kind(analysis.entities, "paragraph")
        if not refs:
            return False
        rest = analysis.masked.replace("PARA", " ").split()
        return len(rest) <= 3

    def _follow_up(self, reading: _Reading) -> str:
        """"what about space?" asks the last question again about something else, when what it names fits that
        question; with no last question, it is a question about the text."""
        last = reading.context.label
        if any(reading.has(k) for k in ("paragraph", "subitem", "relative")) or (last == "paragraph" and (reading.has("number") or reading.has("numbers"))):
            return "paragraph"
        named = {e.kind for e in reading.analysis.entities} - {"pronoun", "topic"}
        if last is not None and named and named <= FOLLOWS.get(last, frozenset()):
            return last
        if "person" in named and "area" not in named:
            return "person"
        if "status" in named:
            return "status_filter"
        if last in {"document", "meetings", "dialogues"} and not named:
            return last
        return "text"

    def _options(self, message: str, reading: _Reading, scores: list[tuple[str, float]]) -> list[Option]:
        options: list[Option] = []
        seen: set[Intent] = set()
        for label, score in scores[:3]:
            if label in {"follow_up", "smalltalk"} or (options and score < scores[0][1] / 3):
                continue
            intent = self._builders[label](reading)
            if intent in seen or isinstance(intent, intents.NeedsSubject):
                continue
            seen.add(intent)
            options.append(Option(label=label, text=self.describe(intent, label), message=message))
        return options

    def describe(self, intent: Intent, label: str) -> str:
        """How a reading is offered when the bot asks back: "the status of Cyber issues"."""
        match intent:
            case intents.Status(area=str(area)):
                return f"the status of {self._short(area)}"
            case intents.Status():
                return "the status of every area"
            case intents.StatusFilter():
                return "which areas are " + " or ".join(s.replace("_", " ") for s in intent.statuses)
            case intents.History():
                return f"the history of updates on {self._short(intent.area)}"
            case intents.WhoLeads(area=str(area)):
                return f"who leads {self._short(area)}"
            case intents.WhoLeads():
                return "who leads each area"
            case intents.Area() | intents.Topic():
                return f"what the text says about {self._short(intent.query)}"
            case intents.PersonInfo():
                person = self.workgroup.person(intent.person)
                return f"who {person.name if person else intent.person} is"
            case intents.Mechanisms(name=str(name)):
                return f"the {name}"
            case intents.Glossary():
                return f"what {intent.term} stands for"
        return DECLARATIONS[label].offer

    def _short(self, name: str) -> str:
        area = next((a for a in self.knowledge.library.areas if a.title == name), None)
        return area.short_title if area is not None else f"“{name}”"

    def _refers(self, intent: Intent, reading: _Reading) -> dict[str, str | int | None]:
        """What this answer is about, for the next message's context."""
        refers: dict[str, str | int | None] = {}
        area = reading.entity("area")
        if area is not None:
            refers["area"] = area.value
        else:  # "peace mediation", "human trafficking": an everyday phrase made of an area's words
            refers["area"] = next((t for e in reading.analysis.entities if (t := self._area_of(reading, e))), None)
        for attribute in ("area",):
            value = getattr(intent, attribute, None)
            if isinstance(value, str):
                match = self.knowledge.areas.resolve(value)
                if match.area is not None:
                    refers["area"] = match.area.title
        if isinstance(intent, ParagraphRef):
            refers |= {"paragraph": intent.number, "subitem": intent.label, "document": intent.document}
        elif isinstance(intent, intents.Paragraphs) and intent.refs:
            last = intent.refs[-1]
            refers |= {"paragraph": last.number, "subitem": last.label, "document": last.document}
        if isinstance(intent, intents.PersonInfo):
            refers["person"] = intent.person
        elif (person := reading.entity("person")) is not None:
            refers["person"] = person.value
        if (meeting := reading.entity("meeting")) is not None:
            refers["meeting"] = meeting.value
        if (mechanism := reading.entity("mechanism")) is not None:
            refers["mechanism"] = mechanism.value
        if isinstance(intent, intents.Glossary):
            refers["term"] = intent.term
        elif (term := reading.entity("term")) is not None:
            refers["term"] = term.value
        return refers

    # --- entities, and the context where the message leaves them out ----------

    def _area(self, reading: _Reading) -> str | None:
        """The area (or dialogue) the message names; else the context's, when the message refers back to it."""
        for kind in ("area", "mechanism"):
            entities = of_kind(reading.analysis.entities, kind)
            if len(entities) == 1 or (entities and len({e.value for e in entities}) == 1):
                return entities[0].value
            if entities:  # two areas named: let the area resolver say which ones it could be
                return reading.analysis.english[entities[0].start : entities[-1].end]
        for entity in reading.analysis.entities:
            if (title := self._area_of(reading, entity)) is not None:
                return title
        if reading.context.area and (reading.pronoun or reading.short or reading.follow_up) and not _OVERALL.search(reading.analysis.text):
            return reading.context.area
        return None

    def _by_its_own_name(self, reading: _Reading, entity: Entity) -> bool:
        """"cyber", "disinfo", "space dialogue" name an area by words of its heading (or of the term the
        thesaurus gives for them); "atalanta", "horn of africa", "ROK navy" name a subject inside it, which
        the search finds more exactly than the whole area."""
        if entity.kind != "area":
            return True
        heading = set(tokens(entity.value)) - self._filler
        said = [reading.analysis.english[entity.start : entity.end]]
        said += [e.value for e in reading.analysis.entities if e.kind in {"topic", "term"} and e.start < entity.end and entity.start < e.end]
        return any(set(tokens(words)) & heading for words in said)

    def _area_of(self, reading: _Reading, entity: Entity) -> str | None:
        """The area a phrase names by the words of its name ("human trafficking"); a single word ("exercises")
        names one only as an area entity of its own."""
        written = reading.analysis.english[entity.start : entity.end]
        if entity.kind not in {"term", "topic"} or len(written.split()) < 2:
            return None
        match = self.knowledge.areas.resolve(written)
        return match.area.title if match.area is not None and match.mechanism is None else None

    def _only_refers_back(self, reading: _Reading) -> bool:
        """"what about it?", "and there?": nothing named or asked but what the conversation is about."""
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", reading.analysis.masked_english) if not w.isupper()]
        return reading.short and all(w in _FRAGMENT_WORDS or w in PRONOUNS or w in STOPWORDS or stem(w) in self._filler for w in words)

    def _needs_area(self, reading: _Reading, label: str, build: Callable[[str], Intent]) -> Intent:
        area = self._area(reading) or self._named_in_form(reading)
        return build(area) if area else intents.NeedsSubject(label)

    def _person_id(self, reading: _Reading) -> str | None:
        person = reading.entity("person")
        if person is not None:
            return person.value
        return reading.context.person if reading.pronoun or reading.follow_up else None

    def _meeting_id(self, reading: _Reading) -> str | None:
        """A meeting by its id; else the next meeting of the kind of dialogue named ("push the strategic
        dialogue to …"), from the working-group file; else the one in context ("move it to …")."""
        meeting = reading.entity("meeting")
        if meeting is not None:
            return meeting.value
        mechanism = reading.entity("mechanism")
        if mechanism is not None:
            kind = slugify(mechanism.value)
            upcoming = sorted((m for m in self.workgroup.meetings if m.date >= reading.today), key=lambda m: m.date)
            chosen = next((m for m in upcoming if m.kind == kind or kind.endswith(m.kind) or m.kind.endswith(kind)), None)
            if chosen is not None:
                return chosen.id
        return reading.context.meeting if reading.pronoun or reading.follow_up else None

    def _date(self, reading: _Reading) -> date | None:
        found = reading.entity("date")
        if found is not None:
            return date.fromisoformat(found.value)
        phrase = _DATE_PHRASE.search(reading.analysis.english)
        return _parse_date_phrase(phrase.group(1), reading.today) if phrase else None

    # --- one builder per intent -----------------------------------------------

    def _paragraph(self, reading: _Reading) -> Intent:
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
        elif not refs and last is not None and (reading.pronoun or reading.follow_up or reading.short):
            refs = [last]
        if not refs:
            return intents.NeedsSubject("paragraph")
        return refs[0] if len(refs) == 1 else intents.Paragraphs(tuple(refs))

    def _text(self, reading: _Reading) -> Intent:
        """An area or dialogue the question is only about ("martime", "what about it?") by its name; anything
        else as the words asked, for the search to weigh."""
        query = reading.form.query if isinstance(reading.form, intents.Area) else reading.analysis.english.strip(" ?.!")
        named = [e for e in reading.analysis.entities if e.kind in {"area", "mechanism"}]
        if named and len({e.value for e in named}) == 1 and self._by_its_own_name(reading, named[0]):
            rest = query
            for entity in named:
                rest = rest.replace(reading.analysis.english[entity.start : entity.end], " ")
            if all(t in self._filler for t in tokens(rest)):
                return intents.Area(named[0].value)
        if (reading.follow_up or reading.pronoun) and self._only_refers_back(reading):
            area = self._area(reading)  # "what about it?", "and there?": the subject in context
            if area:
                return intents.Area(area)
            if reading.context.term:  # "where exactly is it mentioned" after "what's CRIMARIO"
                return intents.Topic(reading.context.term)
        names_an_area = any(self._area_of(reading, e) for e in reading.analysis.entities)
        if reading.context.area and not named and not names_an_area:
            # "anything on the threat landscape" after "cyber": that area's passages first, then the whole text
            return intents.Topic(query, within=reading.context.area)
        return intents.Topic(query)

    def _define(self, reading: _Reading) -> Intent:
        term = reading.entity("term")
        if term is not None:
            return intents.Glossary(term.value)
        if isinstance(reading.form, intents.Glossary):
            return reading.form
        topic = reading.entity("topic") or reading.entity("area")
        if topic is not None:
            return intents.Glossary(reading.analysis.english[topic.start : topic.end])
        words = [w for w in re.findall(r"[\w/&-]+", reading.analysis.english) if w.isupper() and len(w) > 1]
        return intents.Glossary(words[-1]) if words else self._text(reading)

    def _dialogues(self, reading: _Reading) -> Intent:
        mechanism = reading.entity("mechanism")
        if mechanism is not None and _WHEN_OR_WHERE.search(reading.analysis.english):
            return intents.Meetings(next_only=True, kind=slugify(mechanism.value))  # the meeting first, then its mandate
        mechanism_name = mechanism.value if mechanism is not None else self._mechanism_by_word(reading)
        if mechanism_name is not None:
            return intents.Mechanisms(mechanism_name)
        if isinstance(reading.form, intents.Mechanisms):
            return reading.form
        if reading.follow_up and reading.context.mechanism:
            return intents.Mechanisms(reading.context.mechanism)
        if not _LIST_CUE.search(reading.analysis.english):
            return self._text(reading)  # "human rights dialogue": a dialogue the text does not set up is searched for
        return intents.Mechanisms()

    def _mechanism_by_word(self, reading: _Reading) -> str | None:
        """"the cyber one", "the indo-pacific one": a dialogue named by the one word only its name has."""
        said = {t for t in tokens(reading.analysis.english)} - self._filler - _DIALOGUE_WORDS
        named = [m.name for _, m in self.knowledge.library.mechanisms() if said & (set(tokens(m.name)) - self._filler - _DIALOGUE_WORDS)]
        return named[0] if len(named) == 1 else None

    def _document(self, reading: _Reading) -> Intent:
        """About the document; a "summary" of an area, or whether it mentions something, is a question about the text."""
        question = document_question(reading.analysis.english)
        named = any(reading.has(k) for k in ("area", "term", "topic", "mechanism"))
        if named and question.aspect in {"overview", "summary"}:
            return self._text(reading)
        about_it = reading.context.label == "document" or _THE_DOCUMENT.search(reading.analysis.english + " " + reading.analysis.text)
        if question.aspect == "overview" and not about_it:
            return self._text(reading)  # "1325 mentioned?": nothing asked about the document itself
        return question

    def _status(self, reading: _Reading) -> Intent:
        if _OVERALL.search(reading.analysis.text) and not reading.has("area"):
            return intents.Status()
        return intents.Status(self._area(reading) or self._named_in_form(reading))

    @staticmethod
    def _named_in_form(reading: _Reading) -> str | None:
        """What "status of X", "who leads X", "history X" name when nothing the bot knows is found in it:
        passed on, so the answer can say it knows no area called that rather than answer another question."""
        return getattr(reading.form, "area", None) if isinstance(reading.form, intents.Status | intents.WhoLeads | intents.History) else None

    def _status_filter(self, reading: _Reading) -> Intent:
        statuses = tuple(dict.fromkeys(e.value for e in of_kind(reading.analysis.entities, "status")))
        return intents.StatusFilter(statuses or ("blocked", "at_risk"))

    def _who_leads(self, reading: _Reading) -> Intent:
        if reading.pronoun and reading.context.person and not reading.has("area") and re.search(r"\b(?:he|she|him|her)\b", reading.analysis.english, re.IGNORECASE):
            return intents.PersonInfo(reading.context.person)  # "what does she lead"
        if _NO_LEAD.search(reading.analysis.english):
            return intents.WhoLeads(None, unled_only=True)
        if _OVERALL.search(reading.analysis.english) or re.search(r"\bwhat\b\s*\??$|\bwhich areas\b", reading.analysis.english, re.IGNORECASE):
            return intents.WhoLeads()
        person = reading.entity("person")
        if person is not None and not reading.has("area"):
            return intents.PersonInfo(person.value)
        return intents.WhoLeads(self._area(reading) or self._named_in_form(reading))

    def _person(self, reading: _Reading) -> Intent:
        person = self._person_id(reading)
        return intents.PersonInfo(person) if person else intents.NeedsSubject("person")

    def _away(self, reading: _Reading) -> Intent:
        form = reading.form
        if isinstance(form, intents.Away):
            if form.person is not None and fold(form.person) in PRONOUNS:  # "mark her away until …"
                return replace(form, person=reading.context.person)
            return form
        person = reading.entity("person")
        someone_else = re.search(r"\b(?:mark|set|put|and)\b", reading.analysis.english, re.IGNORECASE)
        target = (person.value if person is not None else self._person_id(reading)) if someone_else else None
        if _BACK_WORDS.search(reading.analysis.english):
            return intents.Away(None, target, back=True)
        return intents.Away(self._date(reading), target)

    def _area_named(self, reading: _Reading, written: str | None) -> str | None:
        """The area a command names as written ("update nonprolif: …", "update it: …"), by what the bot
        found in those words, so a typo or a pronoun reaches the handler as the area's title."""
        if written is None:
            return None
        if fold(written) in PRONOUNS:
            return reading.context.area
        start = reading.analysis.english.find(written)
        inside = [e for e in of_kind(reading.analysis.entities, "area") if start <= e.start and e.end <= start + len(written)]
        return inside[0].value if start >= 0 and len({e.value for e in inside}) == 1 else written

    def _update(self, reading: _Reading) -> Intent:
        if isinstance(reading.form, intents.Update):
            return replace(reading.form, area=self._area_named(reading, reading.form.area))
        area = reading.entity("area")
        return intents.Update(area=area.value if area else (reading.context.area if reading.pronoun else None))

    def _edit(self, reading: _Reading) -> Intent:
        if isinstance(reading.form, intents.EditUpdate):
            return replace(reading.form, area=self._area_named(reading, reading.form.area))
        area = reading.entity("area")
        return intents.EditUpdate(area=area.value if area else None)

    def _meetings(self, reading: _Reading) -> Intent:
        mechanism = reading.entity("mechanism")
        if mechanism is not None:
            return intents.Meetings(next_only=True, kind=slugify(mechanism.value))
        meeting = reading.entity("meeting")
        if meeting is not None:
            return intents.Meetings(next_only=True, kind=meeting.value)
        listing = re.search(r"\b(?:meetings|calendar|upcoming|schedule|list)\b|일정|목록", reading.analysis.text, re.IGNORECASE)
        return intents.Meetings(next_only=not listing)

    def _schedule(self, reading: _Reading) -> Intent:
        if isinstance(reading.form, intents.ScheduleMeeting):
            return reading.form
        mechanism = reading.entity("mechanism")
        place = re.search(r"\bin ([A-Z][\w-]+)", reading.analysis.english)
        return intents.ScheduleMeeting(mechanism.value if mechanism else "security and defence dialogue", self._date(reading), place.group(1) if place else None)

    def _move(self, reading: _Reading) -> Intent:
        form = reading.form
        if isinstance(form, intents.MoveMeeting) and fold(form.meeting) not in PRONOUNS:
            return form
        meeting = self._meeting_id(reading)
        return intents.MoveMeeting(meeting, self._date(reading)) if meeting else intents.NeedsSubject("move_meeting")

    def _cancel(self, reading: _Reading) -> Intent:
        form = reading.form
        if isinstance(form, intents.CancelMeeting) and fold(form.meeting) not in PRONOUNS:
            return form
        meeting = self._meeting_id(reading)
        return intents.CancelMeeting(meeting) if meeting else intents.NeedsSubject("cancel_meeting")


_DOCUMENT_ASPECTS = (
    ("commitments", re.compile(r"\b(?:commitments?|firm|exploratory|continuing|new vs|promises?)\b|약속|공약", re.IGNORECASE)),
    ("nature", re.compile(r"\b(?:binding|legal|treaty|enforceable|obligat\w*|nbi|kind of document|what kind)\b|구속력", re.IGNORECASE)),
    ("adoption", re.compile(r"\b(?:adopted|adoption|signed|when|where|date|agreed|issued|dated)\b|채택|서명|언제|어디", re.IGNORECASE)),
    ("classification", re.compile(r"\b(?:limite|classified|classification|restricted|marking|confidential)\b", re.IGNORECASE)),
    ("sections", re.compile(r"\b(?:sections?|preface|framework|way forward|structure|chapters?|parts?)\b|구성|섹션", re.IGNORECASE)),
    ("summary", re.compile(r"\b(?:summar\w*|overview|tl;?dr|gist|in short|main points|key points)\b|요약|개요", re.IGNORECASE)),
)
_COMMITMENT_CLASS = re.compile(r"\b(firm|exploratory|continuing)\b", re.IGNORECASE)
_SECTION_NAME = re.compile(r"\b(preface|general framework|framework|areas of cooperation|way forward)\b", re.IGNORECASE)


def document_question(text: str) -> intents.DocumentInfo:
    """Which aspect of the document a question is about; "overview" when it names none."""
    aspect = next((name for name, pattern in _DOCUMENT_ASPECTS if pattern.search(text)), "overview")
    detail = None
    if aspect == "commitments":
        found = _COMMITMENT_CLASS.search(text)
        detail = found.group(1).lower() if found else ("compare" if re.search(r"\bnew\b", text, re.IGNORECASE) else None)
    elif aspect == "sections":
        found = _SECTION_NAME.search(text)
        detail = found.group(1).lower() if found else None
    return intents.DocumentInfo(aspect, detail)


def _parse_date_phrase(phrase: str, today: date) -> date | None:
    """"next friday", "in two weeks", "two weeks from today", "15 January", "12/18": dateparser, imported only
    when a date is needed; day-first, then month-first for what day-first cannot read."""
    import dateparser

    phrase = _FROM_TODAY.sub(lambda m: f"in {m.group(1)}", phrase.strip())
    base = datetime(today.year, today.month, today.day, 12)
    for order in ("DMY", "MDY"):
        settings = {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": base, "DATE_ORDER": order}
        parsed = dateparser.parse(phrase, languages=["en", "ko"], settings=settings)
        if parsed is not None:
            return parsed.date()
    return None


# "two weeks from today" reads as two weeks ago to dateparser; "in two weeks" does not
_FROM_TODAY = re.compile(r"^(.+?)\s+from\s+(?:today|now)\b.*$", re.IGNORECASE)


def _tells_an_absence(reading: _Reading) -> bool:
    """"away until 2027-01-10", "I'm on leave", "mark kim away": a date, or the words of an absence in a
    statement, not in a question ("is she on leave?")."""
    asked = reading.analysis.text.rstrip().endswith("?")
    return reading.has("date") or (_AWAY_CUE.search(reading.analysis.text) is not None and not asked)


def _is_fragment(analysis: Analysis) -> bool:
    """"hybrid?", "and (b)?", "what about space?", "b도": something named and nothing asked about it."""
    if not any(e.kind not in {"pronoun", "topic"} for e in analysis.entities):
        return False
    rest = [w.lower() for w in re.findall(r"[^\W\d_]+", analysis.masked_english) if not w.isupper()]
    return all(w in _FRAGMENT_WORDS for w in rest) and len(analysis.english.split()) <= 6
