"""Answers about the text: paragraphs, areas, topics, the glossary and the mechanisms.

Every answer quotes the document's own words and cites the paragraph; where the
text says nothing, the answer says so rather than paraphrasing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot import intents
from bot.document.library import Library
from bot.document.mechanisms import mechanism_key
from bot.document.model import Area, Commitment, Document, Mechanism, Paragraph
from bot.document.search import QUESTION_WORDS, Hit
from bot.document.text import tokens
from bot.knowledge import Knowledge
from bot.model import Divider, Heading, Note, Quote, Reply, ReplyIntent, bullets, span, text
from handlers.document import answer_document

# A defined term's answer quotes GLOSSARY_QUOTES passages, chosen among the first GLOSSARY_CANDIDATES hits.
GLOSSARY_QUOTES = 3
GLOSSARY_CANDIDATES = 6
# Paragraphs quoted in one answer to "§14-§20": a Slack or Telegram thread, not the whole text at once.
MAX_PARAGRAPHS = 6
# "the commitments on cyber", "news about the maritime dialogue": what the words after the preposition name
_ABOUT = re.compile(r"^.+?\s+(?:on|about|regarding|concerning)\s+(?:the\s+)?(.+)$", re.IGNORECASE)


def _commitment_lines(commitments: tuple[Commitment, ...], cite: str) -> list[tuple[str, ...]]:
    return [(f"{c.kind.value} ({c.verb}), {cite}",) for c in commitments]


def _place(paragraph: Paragraph) -> str:
    parts = [p for p in (paragraph.section, paragraph.area) if p]
    return " › ".join(parts) if parts else "no section"


def paragraph_reply(knowledge: Knowledge, document: Document, paragraph: Paragraph, label: str | None = None) -> Reply:
    """The paragraph (or one sub-item, with its lead for context), its place, commitments and sub-items."""
    library = knowledge.library
    cite = library.cite(document, paragraph.number)
    reply = Reply(intent=ReplyIntent.PARAGRAPH)
    reply.blocks.append(Heading(text=f"{cite} — {_place(paragraph)}"))
    if label:
        sub = paragraph.subitem(label)
        assert sub is not None
        sub_cite = library.cite(document, paragraph.number, label)
        reply.blocks.append(Quote(text=sub.text, cite=sub_cite))
        reply.blocks.append(Note(text=f"part of {cite}, which opens:"))
        reply.blocks.append(Quote(text=paragraph.text, cite=cite))
        commitments = _commitment_lines(sub.commitments, sub_cite)
        reply.citations = [sub_cite, cite]
    else:
        reply.blocks.append(Quote(text=paragraph.text, cite=cite))
        commitments = _commitment_lines(paragraph.commitments, cite)
        for sub in paragraph.subitems:
            sub_cite = library.cite(document, paragraph.number, sub.label)
            reply.blocks.append(Quote(text=f"{sub.label}. {sub.text}", cite=sub_cite))
            commitments += _commitment_lines(sub.commitments, sub_cite)
        reply.citations = [cite] + [library.cite(document, paragraph.number, s.label) for s in paragraph.subitems]
    if commitments:
        reply.blocks.append(text(span("Commitments", bold=True)))
        reply.blocks.append(bullets(*commitments))
    else:
        reply.blocks.append(Note(text="This paragraph states context; it makes no commitment of its own."))
    return reply


def _document_of(library: Library, ref: intents.ParagraphRef) -> Document | None:
    """The document a reference names: the partnership's when it names none."""
    document = library.primary if ref.document is None else library.by_name(ref.document)
    if document is None and ref.document is not None and ref.document.isalpha() and ref.document.islower():
        # "show me §6": an ordinary word before §, not a document's name (those have capitals or digits)
        document = library.primary
    return document


def answer_paragraph(knowledge: Knowledge, ref: intents.ParagraphRef) -> Reply:
    library = knowledge.library
    document = _document_of(library, ref)
    if document is None:
        names = ", ".join(d.short_name for d in library.documents)
        return Reply(
            blocks=[text(f"I have no document called {ref.document}. Loaded: {names}.")], intent=ReplyIntent.PARAGRAPH
        )
    paragraph = document.paragraph(ref.number)
    where = "" if document is library.primary else f" of {document.short_name}"
    if paragraph is None:
        first, last = document.number_range
        return Reply(
            blocks=[text(f"There is no paragraph {ref.number}{where}: paragraphs run from §{first} to §{last}.")],
            intent=ReplyIntent.PARAGRAPH,
        )
    if ref.label is not None and paragraph.subitem(ref.label) is None:
        cite = library.cite(document, paragraph.number)
        if paragraph.subitems:
            valid = ", ".join(f"({s.label})" for s in paragraph.subitems)
            message = f"{cite} has no sub-item ({ref.label}); its sub-items are {valid}."
        else:
            message = f"{cite} has no sub-items; ask for {cite} to read it whole."
        return Reply(blocks=[text(message)], intent=ReplyIntent.PARAGRAPH)
    return paragraph_reply(knowledge, document, paragraph, ref.label)


def one_after_another(replies: Iterable[Reply], intent: ReplyIntent) -> Reply:
    """Answers to several things asked at once, in one reply, divided."""
    reply = Reply(intent=intent)
    for one in replies:
        if reply.blocks:
            reply.blocks.append(Divider())
        reply.blocks.extend(one.blocks)
        reply.citations.extend(c for c in one.citations if c not in reply.citations)
    return reply


def answer_paragraphs(knowledge: Knowledge, refs: tuple[intents.ParagraphRef, ...]) -> Reply:
    """Several paragraphs, each answered as if asked alone, up to MAX_PARAGRAPHS; the rest are named."""
    reply = one_after_another(
        (answer_paragraph(knowledge, ref) for ref in refs[:MAX_PARAGRAPHS]), ReplyIntent.PARAGRAPH
    )
    rest = refs[MAX_PARAGRAPHS:]
    if rest:
        named = ", ".join(_asked(ref) for ref in rest)
        reply.blocks.append(
            Note(text=f"That is {len(refs)} paragraphs; I quote {MAX_PARAGRAPHS} at a time. Ask next for {named}.")
        )
    return reply


def answer_class_of(knowledge: Knowledge, intent: intents.ClassOf) -> Reply:
    """ "is §14(c) a firm commitment?": yes, no or in part for each paragraph, as its verbs read, before the
    paragraphs themselves (their commitments listed at their end, as always)."""
    verdicts = [_verdict(knowledge, ref, intent.kind) for ref in intent.refs[:MAX_PARAGRAPHS]]
    reply = answer_paragraphs(knowledge, intent.refs)
    reply.blocks[:0] = [text(v) for v in verdicts if v] + [Divider()]
    return reply


def _verdict(knowledge: Knowledge, ref: intents.ParagraphRef, kind: str) -> str | None:
    """One paragraph's answer to whether it is of that class; None for one the text does not have (its own
    answer says so)."""
    library = knowledge.library
    document = _document_of(library, ref)
    paragraph = document.paragraph(ref.number) if document is not None else None
    if document is None or paragraph is None:
        return None
    sub = paragraph.subitem(ref.label) if ref.label else None
    if ref.label and sub is None:
        return None
    if sub is not None:
        commitments = list(sub.commitments)
    else:
        commitments = [*paragraph.commitments, *(c for s in paragraph.subitems for c in s.commitments)]
    cite = library.cite(document, paragraph.number, ref.label)
    if not commitments:
        return f"No: {cite} makes no commitment of its own; it states context."
    kinds = list(dict.fromkeys(c.kind.value for c in commitments))
    verbs = ", ".join(dict.fromkeys(f"“{c.verb}”" for c in commitments))
    if kinds == [kind]:
        return f"Yes: {cite} is {kind}, as its verbs read ({verbs})."
    others = [k for k in kinds if k != kind]
    listed = others[0] if len(others) == 1 else f"{', '.join(others[:-1])} and {others[-1]}"
    if kind in kinds:
        return f"In part: {cite} is {kind} and {listed}, as its verbs read ({verbs})."
    return f"No: {cite} is {listed}, not {kind}, as its verbs read ({verbs})."


def _asked(ref: intents.ParagraphRef) -> str:
    return (f"{ref.document} " if ref.document else "") + f"§{ref.number}" + (f"({ref.label})" if ref.label else "")


def _span(area: Area) -> str:
    return f"§{area.first}–§{area.last}" if area.first != area.last else f"§{area.first}"


def area_reply(knowledge: Knowledge, area: Area) -> Reply:
    """What the document says in one area: each paragraph quoted, sub-items included, mechanisms named."""
    library = knowledge.library
    reply = Reply(intent=ReplyIntent.AREA)
    reply.blocks.append(Heading(text=f"{area.title} ({_span(area)})"))
    paragraphs = library.area_paragraphs(area)
    for paragraph in paragraphs:
        cite = library.cite(library.primary, paragraph.number)
        kinds = sorted({c.kind.value for c in paragraph.commitments})
        reply.blocks.append(Quote(text=paragraph.text, cite=cite + (f" · {', '.join(kinds)}" if kinds else "")))
        reply.citations.append(cite)
        for sub in paragraph.subitems:
            sub_cite = library.cite(library.primary, paragraph.number, sub.label)
            reply.blocks.append(Quote(text=f"{sub.label}. {sub.text}", cite=sub_cite))
            reply.citations.append(sub_cite)
    numbers = {p.number for p in paragraphs}
    mechanisms = [m for m in library.primary.mechanisms if m.paragraph in numbers]
    if mechanisms:
        reply.blocks.append(text(span("Mechanisms set up here", bold=True)))
        reply.blocks.append(bullets(*[(f"{m.name} ({m.citation})",) for m in mechanisms]))
    return reply


_THE_WHOLE = re.compile(r"\b(?:partnership|text|document)\b", re.IGNORECASE)
# a number or an amount in a passage: digits, or a number in words
_A_FIGURE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)


def answer_topic(
    knowledge: Knowledge, query: str, within: str | None = None, *, figure: bool = False, mentions: bool = False
) -> Reply:
    """Passages on the query's subject; when the text does not speak of it, that is said first, and the
    closest passages, if any, are shown apart and marked as closest, never as the answer. Asked for a `figure`
    ("how many ships"), passages without one are said not to give it; asked how many `mentions` ("how many
    paragraphs mention cyber?"), the paragraphs that say it come first, counted."""
    reply = _passages_on(knowledge, query, within, figure=figure)
    if mentions and reply.intent is not ReplyIntent.NOT_IN_TEXT:
        retriever, library = knowledge.retriever, knowledge.library
        if paragraphs := retriever.mentioning(query):
            said = " ".join(_as_typed(query, retriever.coverage(query).found, fallback=False)) or _subject(query)
            where = ", ".join(library.cite(document, number) for document, number in paragraphs)
            count = "1 paragraph" if len(paragraphs) == 1 else f"{len(paragraphs)} paragraphs"
            reply.blocks.insert(0, text(f"“{said}” is in {count}: {where}."))
    return reply


def _passages_on(knowledge: Knowledge, query: str, within: str | None, *, figure: bool) -> Reply:
    retriever = knowledge.retriever
    coverage = retriever.coverage(query)
    if not coverage.found and not coverage.missing:
        # only words every paragraph uses ("EU–ROK cooperation"), or no subject at all: a question about the area
        # the conversation is in ("what did we commit to there"), unless it names the whole ("what is the
        # partnership about"), else about the partnership as a whole
        area = knowledge.library.area_titled(within) if not _THE_WHOLE.search(query) else None
        return area_reply(knowledge, area) if area else answer_document(knowledge, intents.DocumentInfo("summary"))
    # a name the text lacks whole is searched for no more: "human rights in the DPRK" quoted §37's "human
    # trafficking" as what the text says on the DPRK
    lacked = set(coverage.missing) & retriever.vocabulary  # its words the text has, elsewhere ("human")
    searched = " ".join(w for w in query.split() if not (t := tokens(w)) or t[0] not in lacked) if lacked else query
    hits, scope = _search(knowledge, searched or query, within) if coverage.covered else ([], None)
    if not hits:
        return _not_in_text(knowledge, query, coverage.missing)
    if not coverage.missing and (parts := retriever.apart(query)):
        return _apart(knowledge, parts)
    areas = {p.area for h in hits if (p := h.document.paragraph(h.paragraph)) is not None}
    if all(h.by_heading for h in hits) and len(areas) == 1 and not coverage.missing:
        # "small arms": only an area's heading says it all, so the answer is that area, quoted whole
        (only,) = areas
        if (area := knowledge.library.area_titled(only)) is not None:
            return area_reply(knowledge, area)
    reply = Reply(intent=ReplyIntent.TOPIC)
    if figure and not any(_A_FIGURE.search(h.text) for h in hits):
        reply.blocks.append(text("The text gives no number or amount for that."))
    if (area := knowledge.library.area_titled(scope)) is not None:
        reply.blocks.append(
            Note(
                text=f"In {area.short_title}, the subject of your last question; "
                "ask again naming another area to look there."
            )
        )
    if coverage.missing:
        # part of the subject is not in the text: say so first, then what it says on the rest
        reply.blocks.append(text(f"The text does not mention “{' '.join(_as_typed(query, coverage.missing))}”."))
        # the words typed for what was found; those typed but missing; else, if only a synonym of a word typed
        # was found, the question as asked (never an empty “”)
        rest = _as_typed(query, coverage.found, fallback=False) or _typed_except(query, coverage.missing) or [query]
        reply.blocks.append(Heading(text=f"What it says on “{' '.join(rest)}”"))
    else:
        reply.blocks.append(Heading(text=f"What the text says on “{_subject(query)}”"))
    _quote_hits(knowledge, reply, hits)
    return reply


def _apart(knowledge: Knowledge, parts: list[str]) -> Reply:
    """The text speaks of each part, never of them together ("arms exports to Ukraine"): that is said
    first, then what it says on each, so no passage on one part reads as the answer on the whole."""
    reply = Reply(intent=ReplyIntent.TOPIC)
    named = [f"“{part}”" for part in parts]
    reply.blocks.append(text(f"The text does not mention {', '.join(named[:-1])} and {named[-1]} together."))
    for part in parts:
        reply.blocks.append(Heading(text=f"What it says on “{part}”"))
        _quote_hits(knowledge, reply, knowledge.retriever.search(part, limit=5, specific=True)[:PER_PART])
    return reply


def _subject(query: str) -> str:
    """The query without the asking words at its ends: a Korean question's gloss "DPRK about what" (북한에 대해
    뭐라고 해?) is headed “DPRK”."""
    words = query.split()

    def asks(word: str) -> bool:
        return all(t in QUESTION_WORDS for t in tokens(word))  # a stopword has no token: it asks too

    while words and asks(words[-1]):
        words.pop()
    while words and asks(words[0]):
        words.pop(0)
    return " ".join(words) or query


# Passages quoted on each part of a subject the text speaks of only apart
PER_PART = 2

# The area in context gives way when the text speaks of the subject this much more strongly elsewhere
# (BM25 scores of the best passage; a subject that merely recurs elsewhere scores up to about 3.5 times).
ELSEWHERE_STRONGER = 4.0


def _search(knowledge: Knowledge, query: str, within: str | None) -> tuple[list[Hit], str | None]:
    """Within the area in context first ("and there?"), unless the text speaks of the subject much more
    strongly elsewhere ("disinformation" after "hybrid"); and the area searched, if it was."""
    everywhere = knowledge.retriever.search(query, limit=5, specific=True)
    if within is not None and everywhere:
        numbers = {p.number for p in knowledge.library.primary.paragraphs if p.area == within}
        hits = knowledge.retriever.search(query, limit=5, specific=True, paragraphs=numbers)
        if hits and hits[0].score * ELSEWHERE_STRONGER >= everywhere[0].score:
            return hits, within
    return everywhere, None


def _quote_hits(knowledge: Knowledge, reply: Reply, hits: list[Hit]) -> None:
    library = knowledge.library
    for hit in hits:
        cite = library.cite(hit.document, hit.paragraph, hit.subitem)
        paragraph = hit.document.paragraph(hit.paragraph)
        area = f" · {paragraph.area}" if paragraph and paragraph.area else ""
        quoted = f"{hit.subitem}. {hit.text}" if hit.subitem else hit.text
        reply.blocks.append(Quote(text=quoted, cite=cite + area))
        reply.citations.append(cite)


# Stopwords kept between two words of a name shown as typed: "status of forces agreement", "drones and piracy"
_WITHIN_A_NAME = frozenset({"of", "and", "for", "the", "on", "in", "to"})


def _as_typed(query: str, stems: tuple[str, ...], fallback: bool = True) -> list[str]:
    """The words as the person typed them, for these stems, with the stopwords between two of them ("status of
    forces agreement"); with `fallback`, the stems when none was typed."""
    shown: list[str] = []
    between: list[str] | None = None  # the stopwords since the last word shown, while no other word came
    for typed in re.findall(r"[\w/-]+", query):
        words = tokens(typed)
        if set(words) & set(stems) or typed in stems:  # "counter-piracy" for "piraci"
            if typed not in shown:
                shown += (between or []) + [typed]
            between = []
        elif typed.lower() in _WITHIN_A_NAME and between is not None:
            between.append(typed)
        else:
            between = None
    return shown or (list(stems) if fallback else [])


def _typed_except(query: str, missing: tuple[str, ...]) -> list[str]:
    """The person's own words but those the text lacks: what was found may be the thesaurus's words
    ("submarine cables" → "critical infrastructure"), whose stems are no words to show anyone."""
    typed = [w for w in re.findall(r"[\w/-]+", query) if (t := tokens(w)) and t[0] not in missing]
    return [w for w in typed if tokens(w)[0] not in QUESTION_WORDS]


def _not_in_text(knowledge: Knowledge, query: str, missing: tuple[str, ...]) -> Reply:
    subject = " ".join(_as_typed(query, missing)) if missing else query
    reply = Reply(intent=ReplyIntent.NOT_IN_TEXT)
    reply.blocks.append(text(f"The text does not mention “{subject}”."))
    # closest by the words the text does use ("security cooperation" of "security cooperation in the Arctic", the
    # "missile" of "missile defence", a name it lacks whole): none when those are only the question's own words
    vocabulary = knowledge.retriever.vocabulary
    rest = " ".join(t for t in tokens(query) if t not in QUESTION_WORDS and (t not in missing or t in vocabulary))
    closest = knowledge.retriever.search(rest, limit=3) if rest else []
    if closest:
        reply.blocks.append(Divider())
        reply.blocks.append(Note(text="Closest passages, which do not answer the question:"))
        _quote_hits(knowledge, reply, closest)
        reply.citations.clear()  # nothing here is cited as the answer
    reply.blocks.append(Note(text="Try other words, an area (say “areas”), or a paragraph such as §14."))
    return reply


def _named_thing(knowledge: Knowledge, name: str) -> Reply | None:
    """The answer about a mechanism or an area `name` names, if it names one.

    A mechanism named in full comes first (the area index tells): every word of "Security and Defence
    Dialogue" is also among the aliases of an area (space security and defence)."""
    match = knowledge.areas.resolve(name)
    if match.mechanism is not None:
        return _mechanism_reply(knowledge.library, *match.mechanism)
    return area_reply(knowledge, match.area) if match.area is not None else None


def answer_areas(knowledge: Knowledge, titles: tuple[str, ...]) -> Reply:
    """Areas named together ("compare maritime and cyber"): each quoted whole, one after the other."""
    areas = [a for title in titles if (a := knowledge.library.area_titled(title)) is not None]
    return one_after_another((area_reply(knowledge, area) for area in areas), ReplyIntent.AREA)


def answer_area_or_topic(knowledge: Knowledge, query: str) -> Reply:
    """What the query names, else what it is about ("the commitments on cyber"), else a search of the text."""
    subject = _ABOUT.match(query)
    names = [query] + ([subject.group(1)] if subject else [])
    named = next(
        (reply for name in names if _is_a_name(knowledge, name) and (reply := _named_thing(knowledge, name))), None
    )
    return named or answer_topic(knowledge, query)


# An area answered whole for "maritime" or "space dialogue"; "exercises with third countries", though every
# word is in the maritime heading, asks for the passages on them.
MAX_NAME_WORDS = 2


def _is_a_name(knowledge: Knowledge, query: str) -> bool:
    if knowledge.library.mechanism_named(query) is not None or knowledge.library.area_titled(query) is not None:
        return True
    words = [t for t in tokens(query) if t not in QUESTION_WORDS]
    return bool(knowledge.retriever.specific_words(query)) and len(words) <= MAX_NAME_WORDS


def answer_glossary(knowledge: Knowledge, term: str) -> Reply:
    defined = knowledge.library.defines(term)
    if defined is None:
        return _undefined_term(knowledge, term)
    document, entry = defined
    where = (
        knowledge.library.cite(document, entry.paragraph)
        if entry.paragraph is not None
        else ("a heading" if document is knowledge.library.primary else f"{document.short_name}, cover")
    )
    reply = Reply(intent=ReplyIntent.GLOSSARY)
    reply.blocks.append(text(span(entry.acronym, bold=True), f" stands for {entry.long_name}."))
    reply.blocks.append(Note(text=f"as defined in {where}"))
    if entry.paragraph is not None:
        reply.citations.append(where)
    for hit in _using(
        knowledge.retriever.search(entry.acronym, limit=GLOSSARY_CANDIDATES), entry.acronym, entry.long_name
    )[:GLOSSARY_QUOTES]:
        cite = knowledge.library.cite(hit.document, hit.paragraph, hit.subitem)
        reply.blocks.append(Quote(text=hit.text, cite=cite))
        if cite not in reply.citations:
            reply.citations.append(cite)
    return reply


def _using(hits: list[Hit], acronym: str, long_name: str) -> list[Hit]:
    """Passages that use the term itself, then those under a heading that spells it out (found by the
    heading's words), each group in search order. No other: "what does NBI mean" (Non-Binding Instrument, the
    cover's) quoted §28's "multilateral instruments" and non-proliferation as where the text uses it."""
    used = re.compile(rf"\b(?:{re.escape(acronym)}|{re.escape(long_name)})\b", re.IGNORECASE)

    def under_its_heading(hit: Hit) -> bool:
        paragraph = hit.document.paragraph(hit.paragraph)
        return hit.by_heading and paragraph is not None and used.search(paragraph.area or "") is not None

    using = [hit for hit in hits if used.search(hit.text)]
    return using + [hit for hit in hits if hit not in using and under_its_heading(hit)]


def _undefined_term(knowledge: Knowledge, term: str) -> Reply:
    """Not an acronym of the text: answer from the text if it speaks of it, without defining it."""
    fallback = answer_area_or_topic(knowledge, term)
    if fallback.intent == ReplyIntent.NOT_IN_TEXT:
        fallback.blocks[0] = text(f"“{term}” is not defined in the text, and the text does not mention it.")
        return fallback
    if fallback.intent == ReplyIntent.MECHANISM or _ABOUT.match(term):
        # a dialogue's answer says what it is; "the commitments on cyber" was never a term to define
        return fallback
    fallback.blocks.insert(0, Note(text=f"“{term}” is not defined in the text; here is where it speaks of it."))
    return fallback


def answer_list_areas(knowledge: Knowledge) -> Reply:
    areas = knowledge.library.areas
    if not areas:
        return Reply(blocks=[text("This document names no areas of cooperation.")], intent=ReplyIntent.AREAS)
    reply = Reply(intent=ReplyIntent.AREAS)
    reply.blocks.append(Heading(text=f"Areas of cooperation ({len(areas)})"))
    reply.blocks.append(
        bullets(
            *[
                (f"{a.title} ", span(f"§{a.first}" if a.first == a.last else f"§{a.first}–§{a.last}", italic=True))
                for a in areas
            ]
        )
    )
    reply.citations = [f"§{a.first}" for a in areas]
    return reply


def _named_mechanisms(library: Library, name: str) -> list[tuple[Document, Mechanism]]:
    """The mechanisms `name` names: the one whose key it is, else those whose key contains it or it contains."""
    exact = library.mechanism_named(name)
    if exact is not None:
        return [exact]
    key = mechanism_key(name)
    return [(d, m) for d, m in library.mechanisms() if key and (key in m.key or m.key in key)]


def _mechanism_reply(library: Library, document: Document, mechanism: Mechanism) -> Reply:
    """One mechanism: where it is set up, how often and at what level, and the words that set it up."""
    cite = library.cite(document, mechanism.paragraph, mechanism.subitem)
    paragraph = document.paragraph(mechanism.paragraph)
    assert paragraph is not None
    sub = paragraph.subitem(mechanism.subitem) if mechanism.subitem else None
    facts = [
        f"set up in {cite}",
        f"frequency: {mechanism.frequency}" if mechanism.frequency else "frequency: the text does not say",
        f"level: {mechanism.level}" if mechanism.level else "level: the text does not say",
    ]
    reply = Reply(intent=ReplyIntent.MECHANISM)
    reply.blocks.append(Heading(text=mechanism.name))
    reply.blocks.append(bullets(*[(f,) for f in facts]))
    reply.blocks.append(Quote(text=sub.text if sub is not None else paragraph.text, cite=cite))
    reply.citations.append(cite)
    others = [library.cite(document, n) for n in mechanism.paragraphs if n != mechanism.paragraph]
    if others:
        reply.blocks.append(Note(text="also named in " + ", ".join(others)))
        reply.citations.extend(others)
    return reply


def _mechanism_list(library: Library, mechanisms: list[tuple[Document, Mechanism]], heading: str) -> Reply:
    reply = Reply(intent=ReplyIntent.MECHANISMS)
    reply.blocks.append(Heading(text=heading))
    items = []
    for document, m in mechanisms:
        cite = library.cite(document, m.paragraph, m.subitem)
        detail = ", ".join(x for x in (m.frequency, m.level) if x)
        items.append((f"{m.name} — {cite}" + (f" ({detail})" if detail else ""),))
        reply.citations.append(cite)
    reply.blocks.append(bullets(*items))
    return reply


def answer_mechanisms(knowledge: Knowledge, name: str | None, area_title: str | None = None) -> Reply:
    """All the mechanisms, or the one a question names; a name several share ("the dialogue") lists those,
    rather than answering about whichever the text happens to name first; or those one area's paragraphs set
    up, saying so when there are none."""
    library = knowledge.library
    area = library.area_titled(area_title)
    if area is not None and not name:
        own = library.area_mechanisms(area)
        if own:
            return _mechanism_list(library, own, f"Dialogues set up in {area.short_title}")
        reply = _mechanism_list(library, library.mechanisms(), "Those the text sets up")
        reply.blocks.insert(0, text(f"The text sets up no dialogue of its own for {area.short_title} ({_span(area)})."))
        return reply
    if name:
        chosen = _named_mechanisms(library, name)
        if not chosen:
            return answer_topic(knowledge, name)
        if len(chosen) == 1:
            return _mechanism_reply(library, *chosen[0])
        reply = _mechanism_list(library, chosen, f"The text names {len(chosen)} that match “{name}”")
        reply.blocks.append(
            Note(text="Ask about one by its name, such as “how often is the " + chosen[0][1].name + " held”.")
        )
        return reply
    mechanisms = library.mechanisms()
    if not mechanisms:
        return Reply(blocks=[text("The text names no dialogues or consultations.")], intent=ReplyIntent.MECHANISMS)
    return _mechanism_list(library, mechanisms, "Dialogues, consultations and summits the text names")


def answer_invalid(invalid: intents.Invalid) -> Reply:
    messages = {
        "empty": "Ask me about the partnership, for example “what does §14 commit to” or “help”.",
        "punctuation": "I need words to go on: try “what does §14 commit to” or “help”.",
        "too_long": f"That message is over {intents.MAX_MESSAGE_CHARS:,} characters; please ask a shorter question.",
        "script": "I answer in English or Korean (한국어), and quote the text in English. Try “help”.",
        "stale_button": "That button belongs to a question that is closed. Ask again, or say “help”.",
    }
    return Reply(blocks=[text(messages[invalid.reason])], intent=ReplyIntent.INVALID)


_ASK_ME = "Ask me about the partnership, for example “what does §14 commit to”, or say “help”."
_SMALL_TALK = {
    "hello": f"Hello. {_ASK_ME}",
    "thanks": "You're welcome.",
    "ok": f"Good. {_ASK_ME}",
    "yes_or_no": f"I have asked nothing to answer yes or no to. {_ASK_ME}",
    # a question the bot asked back is closed by any answer, this one too: nothing waits after it either way
    "stop": f"Nothing is waiting for your answer now. {_ASK_ME}",
    # "that's not what I asked" (was a search of the text quoting §1 on "not"), "wrong answer", "you're useless"
    "misread": "Sorry, I may have misread you. Say it in other words, or name the area (“maritime”), the paragraph "
    "(“§14”) or the person (“who is kim”); “help” lists what I answer.",
    # "in Korean please", 한국어로 답해줘 (were the document's overview, and "The text does not mention “한국어”")
    "language": "한국어로 물으시면 알아듣고, 답의 첫머리에 한국어로 안내합니다. "
    "Ask in Korean (한국어) and I understand it; my answers are in English with a note in Korean, and the text is "
    "quoted as written, in English.",
}


def answer_small_talk(intent: intents.SmallTalk) -> Reply:
    return Reply(blocks=[text(_SMALL_TALK[intent.said])], intent=ReplyIntent.SMALLTALK)


_SUBJECT_QUESTIONS = {
    "paragraph": "Which paragraph? For example “§14” or “14(b)”.",
    "history": "The history of which area? For example “history maritime”.",
    "status": "The status of which area? For example “status of cyber”, or “status” for every area.",
    "who_leads": "Which area? For example “who leads cyber”, or “who leads what” for every area.",
    "person": "About whom? For example “who is kim”.",
    "move_meeting": (
        "Which meeting, and to when? For example “move sdd-2027 to 2027-03-20” (say “meetings” for the ids)."
    ),
    "cancel_meeting": "Which meeting? For example “cancel sdd-2027” (say “meetings” for the ids).",
    "nudge": "Remind whom? For example “remind rossi”, or “remind everyone who hasn't reported”.",
    "text": "More about what? Name an area (“maritime”), a paragraph (“§14”) or a subject (“anything on north korea”).",
}


def answer_needs_subject(intent: intents.NeedsSubject) -> Reply:
    return Reply(
        blocks=[text(_SUBJECT_QUESTIONS.get(intent.label, "About what? Name an area, a paragraph or a person."))],
        intent=ReplyIntent.NEEDS_SUBJECT,
    )
