"""The evaluation of message understanding on `eval.yaml`, a set written apart from the training examples.

Each item is sent as the person would send it, after its preceding messages, through
the real dispatcher (as `partnerbot ask` does: context in memory, a throwaway
SQLite database): the intent and entities understood are compared with the
expected ones (a follow-up's as resolved from its context), the answer's citations
with the paragraphs that answer it, and an answer about a subject the text does not
cover must say so. `bench/nlu_eval.py` prints the figures; `test_evaluation.py`
holds them to their bars.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from bot import intents
from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from bot.document.library import Library
from bot.model import Platform
from bot.render.text import render_text
from bot.runtime import Runtime
from bot.settings import Settings
from bot.understanding.references import ParagraphRef
from bot.understanding.understand import Understanding
from bot.yaml_loader import load_yaml
from handlers.statuses import split_one_line

EVAL = Path(__file__).parent / "eval.yaml"
WORKGROUP = Path(__file__).resolve().parents[2] / "examples" / "workgroup.yaml"
TODAY = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)
# The eval set names areas by these keys, in the document's order of areas.
AREA_KEYS = (
    "crisis-management",
    "maritime",
    "cyber",
    "hybrid",
    "fimi",
    "critical-infrastructure",
    "counterterrorism",
    "non-proliferation",
    "space",
    "training",
    "defence-industry",
    "mediation",
    "economic-security",
    "trafficking",
    "wps",
)
ENTITY_KINDS = ("area", "paragraph", "person", "status", "meeting", "date", "term", "mechanism")
NOT_IN_TEXT = ("does not mention", "is not defined in the text")


@dataclass
class Report:
    items: int = 0
    correct: int = 0
    per_intent: Counter[str] = field(default_factory=Counter)
    per_intent_correct: Counter[str] = field(default_factory=Counter)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    entity_tp: int = 0
    entity_fp: int = 0
    entity_fn: int = 0
    cited: int = 0
    top1: int = 0
    top3: int = 0
    uncovered: int = 0
    honest: int = 0
    groups: dict[str, list[bool]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.items if self.items else 0.0

    @property
    def entity_f1(self) -> float:
        precision = self.entity_tp / (self.entity_tp + self.entity_fp) if self.entity_tp + self.entity_fp else 1.0
        recall = self.entity_tp / (self.entity_tp + self.entity_fn) if self.entity_tp + self.entity_fn else 1.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.cited if self.cited else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.cited if self.cited else 0.0

    @property
    def honest_rate(self) -> float:
        return self.honest / self.uncovered if self.uncovered else 0.0


def load_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = load_yaml(EVAL.read_text(encoding="utf-8"))["items"]
    return items


def runtime(database: Path) -> Runtime:
    settings = Settings(config=str(WORKGROUP), database_url=f"sqlite+aiosqlite:///{database}")
    return Runtime.load(settings, FakeClock(TODAY))


def expected_entities(run: Runtime, item: dict[str, Any]) -> set[tuple[str, str]]:
    titles = dict(zip(AREA_KEYS, (a.title for a in run.knowledge.library.areas), strict=True))
    found: set[tuple[str, str]] = set()
    for kind, value in (item.get("entities") or {}).items():
        values = value if isinstance(value, list) else [value]
        for one in values:
            found.add((kind, titles[one] if kind == "area" else str(one)))
    return found


def understood_entities(run: Runtime, understanding: Understanding) -> set[tuple[str, str]]:
    """What the bot acts on: the typed intent's arguments, names resolved as the handlers resolve them."""
    intent = understanding.intent
    return (
        _areas_acted_on(run, intent)
        | _text_acted_on(run.knowledge.library, intent)
        | _people_and_statuses_acted_on(intent)
        | _meetings_acted_on(run, intent)
    )


def _area_or_mechanism(run: Runtime, name: str | None) -> set[tuple[str, str]]:
    """The area or dialogue a name resolves to, as the handlers resolve it."""
    if not name:
        return set()
    match = run.knowledge.areas.resolve(name)
    if match.mechanism is not None:
        return {("mechanism", match.mechanism[1].name)}
    if match.area is not None:
        return {("area", match.area.title)}
    return set()


def _areas_acted_on(run: Runtime, intent: intents.Intent) -> set[tuple[str, str]]:
    """An area's intents: the area (or dialogue) named, and the status a one-line update gives."""
    match intent:
        case intents.Topic(within=str(within)):
            return {("area", within)}
        case intents.Topic():
            return _area_or_mechanism(run, intent.query)
        case intents.Update(one_line=str(one_line)):
            status, _ = split_one_line(one_line)
            found = _area_or_mechanism(run, intent.area)
            return found | {("status", status.value)} if status is not None else found
        case (
            intents.Area()
            | intents.Status()
            | intents.History()
            | intents.WhoLeads()
            | intents.Update()
            | intents.EditUpdate()
            | intents.Blockers()
            | intents.Resolved()
        ):
            return _area_or_mechanism(run, getattr(intent, "area", None) or getattr(intent, "query", None))
    return set()


def _text_acted_on(library: Library, intent: intents.Intent) -> set[tuple[str, str]]:
    """The document's intents: paragraphs, terms and dialogues, as the document names them."""
    match intent:
        case ParagraphRef():
            return {("paragraph", intent.citation)}
        case intents.Paragraphs():
            return {("paragraph", r.citation) for r in intent.refs}
        case intents.Glossary():
            defined = library.defines(intent.term)
            return {("term", defined[1].acronym if defined else intent.term)}
        case intents.Mechanisms() if intent.name:
            named = library.mechanism_named(intent.name)
            return {("mechanism", named[1].name if named else intent.name)}
    return set()


def _people_and_statuses_acted_on(intent: intents.Intent) -> set[tuple[str, str]]:
    """A person asked about or marked away (and until when), or the statuses filtered by."""
    match intent:
        case intents.PersonInfo():
            return {("person", intent.person)}
        case intents.Away():
            return ({("person", intent.person)} if intent.person else set()) | (
                {("date", intent.until.isoformat())} if intent.until else set()
            )
        case intents.StatusFilter():
            return {("status", s) for s in intent.statuses}
    return set()


def _meetings_acted_on(run: Runtime, intent: intents.Intent) -> set[tuple[str, str]]:
    """The meeting (or the dialogue whose meetings are asked for) and the date of a meeting command."""
    match intent:
        case intents.Meetings() if intent.kind:
            if any(m.id == intent.kind for m in run.workgroup.meetings):
                return {("meeting", intent.kind)}
            return {
                ("mechanism", m.name)
                for _, m in run.knowledge.library.mechanisms()
                if intent.kind in {m.key.replace(" ", "-"), _slug(m.name)}
            }
        case intents.MoveMeeting():
            return {("meeting", intent.meeting)} | ({("date", intent.when.isoformat())} if intent.when else set())
        case intents.CancelMeeting():
            return {("meeting", intent.meeting)}
        case intents.ScheduleMeeting() if intent.when:
            return {("date", intent.when.isoformat())}
        case intents.DigestPreview() if intent.meeting:
            return {("meeting", intent.meeting)}
    return set()


def _slug(name: str) -> str:
    from bot.workgroup import slugify

    return slugify(name)


async def evaluate() -> Report:
    report = Report()
    with tempfile.TemporaryDirectory() as folder:
        run = runtime(Path(folder) / "eval.db")
        try:
            for item in load_items():
                await _one(run, item, report)
        finally:
            await run.close()
    return report


async def _one(run: Runtime, item: dict[str, Any], report: Report) -> None:
    from bot.app.adapters.console import console_inbound

    person = item.get("as", "schmidt")
    dispatcher = Dispatcher(run, conversations=False)  # a fresh context for each item
    for before in item.get("after") or []:
        await dispatcher.handle(console_inbound(person, before, now=TODAY))
    context = await dispatcher.contexts.load(person, Platform.CONSOLE.value, f"console:{person}", TODAY)
    understanding = run.understander.understand(item["text"], context, date(2026, 12, 2))
    replies = await dispatcher.handle(console_inbound(person, item["text"], now=TODAY))
    expected = item["intent"]
    label = understanding.label if not understanding.options else "clarify"
    report.items += 1
    report.per_intent[expected] += 1
    right = label == expected
    group = (
        "follow-up"
        if item.get("after")
        else "korean"
        if any("\uac00" <= c <= "\ud7a3" for c in item["text"])
        else "other"
    )
    report.groups.setdefault(group, []).append(right)
    if right:
        report.correct += 1
        report.per_intent_correct[expected] += 1
    else:
        report.confusions[(expected, label)] += 1
        report.misses.append(f"{item['text']!r} (after {item.get('after')}) → {label}, expected {expected}")
    if "entities" in item or right:
        wanted = expected_entities(run, item)
        got = understood_entities(run, understanding) if right else set()
        got = {g for g in got if g[0] in {k for k, _ in wanted} | {"area", "paragraph", "person"}}
        report.entity_tp += len(wanted & got)
        report.entity_fp += len(got - wanted)
        report.entity_fn += len(wanted - got)
    citations = [c for r in replies for c in r.citations]
    if item.get("cites"):
        report.cited += 1
        acceptable = set(item["cites"])
        report.top1 += bool(citations[:1] and citations[0] in acceptable)
        report.top3 += bool(acceptable & set(citations[:3]))
    if item.get("covered") is False:
        report.uncovered += 1
        answer = "\n".join(render_text(r) for r in replies)
        report.honest += any(phrase in answer for phrase in NOT_IN_TEXT)
