"""Questions about the document itself: what it is, when and where it was adopted, whether it binds,
its sections, a summary, and its commitments by class.

Everything is read from the loaded text (its cover, headings, paragraphs and the
verbs of its commitments), for any document, and every statement is cited.
"""

from __future__ import annotations

import re

from bot import intents
from bot.document.model import Area, Commitment, CommitmentKind, Document
from bot.knowledge import Knowledge
from bot.model import Heading, Note, Quote, Reply, ReplyIntent, Span, bullets, span, text

# Commitments quoted per class before the answer names how many more there are.
MAX_COMMITMENTS = 12


def answer_document(knowledge: Knowledge, question: intents.DocumentInfo) -> Reply:
    library = knowledge.library
    document = library.by_name(question.document) if question.document else library.primary
    document = document or library.primary
    match question.aspect:
        case "commitments":
            # the areas are the partnership's own, and so are their paragraphs' numbers
            area = library.area_titled(question.area) if document is library.primary else None
            return _commitments(knowledge, document, question.detail, area)
        case "sections":
            return _sections(knowledge, document, question.detail)
        case "duration":
            return _duration(knowledge, document)
        case "summary":
            return _summary(knowledge, document)
        case "sides":
            return _by_party(document, question.detail)
        case _:
            return _identity(document, question.aspect, question.detail if question.aspect == "nature" else None)


def _duration(knowledge: Knowledge, document: Document) -> Reply:
    """ "when does the partnership expire?": the text sets no end date (none of its paragraphs speaks of one); what
    it says of its review instead, quoted."""
    reply = Reply(intent=ReplyIntent.DOCUMENT)
    reviewed = [p for p in document.paragraphs if _REVIEWED.search(p.text) and _ITSELF.search(p.text)]
    if not reviewed:
        reply.blocks.append(text("The text sets no end date or expiry, and says nothing of its review."))
        return reply
    reply.blocks.append(text("The text sets no end date or expiry. What it says of its review:"))
    for paragraph in reviewed:
        cite = knowledge.library.cite(document, paragraph.number)
        reply.blocks.append(Quote(text=paragraph.text, cite=cite))
        reply.citations.append(cite)
    return reply


_REVIEWED = re.compile(r"\b(?:review(?:ed|s)?|revis(?:e|ed|ion)|renew(?:ed|al)?)\b", re.IGNORECASE)
# the text speaking of itself ("the Security and Defence Partnership", "this Partnership"), not of another review
# ("the 2026 Review Conference of the BTWC")
_ITSELF = re.compile(r"\b(?:this|the)\s+(?:[\w-]+\s+){0,5}?(?:partnership|document|instrument|text)\b", re.IGNORECASE)


def _identity(document: Document, aspect: str, detail: str | None = None) -> Reply:
    """Title, adoption, nature and marking, as the cover states them; asked whether a paragraph (`detail`) binds,
    the answer for it first."""
    meta = document.metadata
    nature = next((e.long_name for e in document.glossary if e.acronym == "NBI"), None)
    reply = Reply(intent=ReplyIntent.DOCUMENT)
    if nature and detail:  # "is §7 binding?": answered first, for the paragraph asked of
        reply.blocks.append(
            text(f"No: like the whole text, {detail} sets out political commitments, not legal obligations.")
        )
    reply.blocks.append(Heading(text=document.title))
    facts: list[tuple[str | Span, ...]] = []
    if meta.date or meta.place:
        facts.append(("Dated ", span(", ".join(x for x in (meta.place, meta.date) if x), bold=True), " on its cover"))
    if nature:
        facts.append(
            (
                "Its cover calls it a ",
                span(nature, bold=True),
                " (NBI): it sets out political commitments, not legal obligations",
            )
        )
    elif aspect == "nature":
        facts.append(("The cover does not say whether it is legally binding",))
    if meta.classification:
        marking = ("Marked ", span(meta.classification, bold=True), ": for the working group, not for publication")
        facts.insert(0 if aspect == "classification" else len(facts), marking)  # "can I share this": it first
    numbers = document.number_range if document.paragraphs else None
    if numbers:
        facts.append(
            (
                f"{len(document.paragraphs)} numbered paragraphs (§{numbers[0]}–§{numbers[1]}) "
                f"in {len(document.sections)} sections",
            )
        )
    if meta.council_number:
        facts.append(
            (
                f"Council document {meta.council_number}"
                + (f"; references {', '.join(meta.references)}" if meta.references else ""),
            )
        )
    reply.blocks.append(bullets(*facts) if facts else text("The cover states no date, place or marking."))
    if aspect == "adoption":
        reply.blocks.append(Note(text="The text is dated, not signed: the date above is the cover's."))
    return reply


def _sections(knowledge: Knowledge, document: Document, name: str | None) -> Reply:
    library = knowledge.library
    reply = Reply(intent=ReplyIntent.DOCUMENT)
    wanted = [s for s in document.sections if name and name in s.title.lower()]
    if wanted and wanted[0].first is not None and wanted[0].last is not None:
        section = wanted[0]
        reply.blocks.append(Heading(text=f"{section.title} (§{section.first}–§{section.last})"))
        for paragraph in document.paragraphs:
            if section.first <= paragraph.number <= section.last:  # type: ignore[operator]
                cite = library.cite(document, paragraph.number)
                reply.blocks.append(Quote(text=paragraph.full_text, cite=cite))
                reply.citations.append(cite)
        return reply
    reply.blocks.append(Heading(text=f"Sections of the {document.title}"))
    reply.blocks.append(
        bullets(
            *[
                (f"{s.title} ", span(f"§{s.first}–§{s.last}", italic=True))
                for s in document.sections
                if s.first is not None
            ]
        )
    )
    reply.citations = [f"§{s.first}" for s in document.sections if s.first is not None]
    return reply


def _summary(knowledge: Knowledge, document: Document) -> Reply:
    """The text's own outline: what it is, its areas and its dialogues, each cited; no paraphrase."""
    library = knowledge.library
    reply = _identity(document, "summary")
    reply.intent = ReplyIntent.DOCUMENT
    reply.blocks.append(text(span(f"{len(document.areas)} areas of cooperation", bold=True)))
    reply.blocks.append(
        bullets(
            *[
                (
                    f"{a.short_title} ",
                    span(f"§{a.first}" if a.first == a.last else f"§{a.first}–§{a.last}", italic=True),
                )
                for a in document.areas
            ]
        )
    )
    if document.mechanisms:
        reply.blocks.append(text(span("Dialogues it sets up or uses", bold=True)))
        reply.blocks.append(
            bullets(
                *[
                    (f"{m.name} ", span(library.cite(document, m.paragraph, m.subitem), italic=True))
                    for m in document.mechanisms
                ]
            )
        )
    commitments = _all_commitments(document)
    counts = {kind: sum(1 for _, c in commitments if c.kind is kind) for kind in CommitmentKind}
    reply.blocks.append(
        Note(text="Commitments by their verb: " + ", ".join(f"{n} {k.value}" for k, n in counts.items()))
    )
    reply.citations = [f"§{a.first}" for a in document.areas] + [
        library.cite(document, m.paragraph, m.subitem) for m in document.mechanisms
    ]
    return reply


def _by_party(document: Document, side: str | None) -> Reply:
    """Who makes each commitment: both together, or one alone ("The ROK will continue and expand its participation
    …", §11). Asked of one side, what it commits to alone and how many it shares."""
    everything = _all_commitments(document)
    joint = [cite for cite, c in everything if c.party is None]
    alone = [
        (cite, c) for cite, c in everything if c.party is not None and (side is None or _is(document, c.party, side))
    ]
    reply = Reply(intent=ReplyIntent.DOCUMENT)
    if side is None:
        reply.blocks.append(Heading(text="Who makes the commitments, as each sentence names them"))
        parties = dict.fromkeys(c.party for _, c in alone)
        reply.blocks.append(
            bullets(
                (f"both together: {len(joint)}",),
                *[(f"the {p} alone: " + ", ".join(cite for cite, c in alone if c.party == p),) for p in parties],
            )
        )
    else:
        reply.blocks.append(Heading(text=f"What the {side} commits to alone ({len(alone)})"))
        if not alone:
            reply.blocks.append(
                text(
                    f"None alone: the {side} makes each of its commitments together with the other side, all "
                    f"{len(joint)} of them (“which commitments are firm” lists them by class)."
                )
            )
    for cite, commitment in alone:
        reply.blocks.append(Quote(text=commitment.sentence, cite=f"{cite} · {commitment.kind.value}"))
        reply.citations.append(cite)
    if side is not None and alone:
        reply.blocks.append(Note(text=f"The other {len(joint)} commitments are made by both together."))
    return reply


def _is(document: Document, party: str, side: str) -> bool:
    """Whether a sentence's party is the side asked of, by its acronym or its long name in the glossary."""
    names = {side.lower()} | {e.long_name.lower() for e in document.glossary if e.acronym.lower() == side.lower()}
    return party.lower() in names


def _all_commitments(document: Document, area: Area | None = None) -> list[tuple[str, Commitment]]:
    """Every commitment (of one area's paragraphs, if given) with the citation of the paragraph or sub-item
    making it, in document order."""
    found: list[tuple[str, Commitment]] = []
    for paragraph in document.paragraphs if area is None else document.area_paragraphs(area):
        found += [(f"§{paragraph.number}", c) for c in paragraph.commitments]
        for sub in paragraph.subitems:
            found += [(f"§{paragraph.number}({sub.label})", c) for c in sub.commitments]
    return found


# What each class says, for those who meet the word beside a quote ("§30 · exploratory") and ask what it means:
# the classes are partnerbot's reading of the verbs, not words of the text.
CLASS_MEANING = {
    CommitmentKind.FIRM: "Firm, as partnerbot reads the verb: the EU and the ROK say they will do it "
    "(will establish, will strengthen, will deepen, are committed to).",
    CommitmentKind.EXPLORATORY: "Exploratory, as partnerbot reads the verb: the EU and the ROK say they will "
    "explore or consider it: they will look into cooperation, not yet commit to carry it out.",
    CommitmentKind.CONTINUING: "Continuing, as partnerbot reads the verb: the EU and the ROK say they will "
    "continue, or build on, what they already do.",
}


def _commitments(knowledge: Knowledge, document: Document, kind: str | None, area: Area | None = None) -> Reply:
    """Commitments of one class (firm, exploratory, continuing), or the count of each: what is new vs continuing;
    in one area's paragraphs when one is asked about."""
    everything = _all_commitments(document, area)
    where = f" in {area.short_title}" if area is not None else ""
    reply = Reply(intent=ReplyIntent.DOCUMENT)
    if kind not in {k.value for k in CommitmentKind}:
        counts = {k: [cite for cite, c in everything if c.kind is k] for k in CommitmentKind}
        reply.blocks.append(Heading(text=f"Commitments{where} by class, read from their verbs"))
        reply.blocks.append(
            bullets(
                *[
                    (span(k.value, bold=True), f": {len(cites)} — " + ", ".join(dict.fromkeys(cites)))
                    for k, cites in counts.items()
                ]
            )
        )
        reply.blocks.append(
            Note(
                text="firm: will establish, will strengthen; exploratory: will explore; "
                "continuing: will continue, building on. "
                "Ask “which commitments are exploratory” for the sentences."
            )
        )
        reply.citations = list(dict.fromkeys(cite for cite, _ in everything))
        return reply
    chosen = [(cite, c) for cite, c in everything if c.kind.value == kind]
    reply.blocks.append(Heading(text=f"{kind.capitalize()} commitments{where} ({len(chosen)})"))
    reply.blocks.append(Note(text=CLASS_MEANING[CommitmentKind(kind)]))
    if not chosen:
        article = "an" if kind[0] in "aeiou" else "a"
        reply.blocks.append(text(f"No sentence{where or ' of the text'} makes {article} {kind} commitment."))
        others = {k.value: [cite for cite, c in everything if c.kind is k] for k in CommitmentKind}
        made = [f"{k} ({', '.join(dict.fromkeys(cites))})" for k, cites in others.items() if cites]
        if made:
            reply.blocks.append(text(f"Those it makes are {' and '.join(made)}."))
    for cite, commitment in chosen[:MAX_COMMITMENTS]:
        reply.blocks.append(Quote(text=commitment.sentence, cite=f"{cite} · {commitment.verb}"))
        reply.citations.append(cite)
    if len(chosen) > MAX_COMMITMENTS:
        reply.blocks.append(
            Note(text=f"and {len(chosen) - MAX_COMMITMENTS} more: ask for a paragraph to read them all.")
        )
    return reply
