"""`partnerbot document check`: what the parser understood, for whoever loads a new document."""

from __future__ import annotations

from bot.document.model import Document


def report(document: Document) -> str:
    first, last = document.number_range
    lines = [f"Title: {document.title}"]
    meta = document.metadata
    facts = [
        f"{k}: {v}"
        for k, v in (
            ("date", meta.date),
            ("place", meta.place),
            ("number", meta.council_number),
            ("classification", meta.classification),
        )
        if v
    ]
    if meta.references:
        facts.append("references: " + ", ".join(meta.references))
    if facts:
        lines.append("Metadata: " + "; ".join(facts))
    lines.append(
        f"Paragraphs: {len(document.paragraphs)} (§{first}–§{last}), "
        f"sub-items: {sum(len(p.subitems) for p in document.paragraphs)}"
    )
    lines.append("Sections:")
    for section in document.sections:
        span = f"§{section.first}–§{section.last}" if section.first is not None else "no paragraphs"
        lines.append(f"  {section.title} ({span})")
    lines.append(f"Areas ({len(document.areas)}):")
    for area in document.areas:
        lines.append(f"  §{area.first}–§{area.last}  {area.title}")
    lines.append(f"Glossary ({len(document.glossary)}):")
    for entry in document.glossary:
        where = f"§{entry.paragraph}" if entry.paragraph is not None else "cover/heading"
        lines.append(f"  {entry.acronym} = {entry.long_name} ({where})")
    lines.append(f"Mechanisms ({len(document.mechanisms)}):")
    for mechanism in document.mechanisms:
        detail = "; ".join(x for x in (mechanism.frequency, mechanism.level) if x)
        lines.append(f"  {mechanism.name} — {mechanism.citation}" + (f" ({detail})" if detail else ""))
    lines.append(f"Warnings ({len(document.warnings)}):")
    lines.extend(f"  {w}" for w in document.warnings)
    if not document.warnings:
        lines.append("  none")
    return "\n".join(lines)
