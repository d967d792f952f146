"""Reply → CommonMark, for `digest export --format markdown`. Pure; text is escaped so it stays text.

What users type can hold line breaks, and a line of its own that starts with "-",
"1." or "===" would become a list or a heading: every line of a text is escaped at
its start and joined to the next by a hard break, inside the block it belongs to.
Emphasis keeps its spaces outside the delimiters (`**Status:** x`), as CommonMark
requires for it to be emphasis at all. Tables, which CommonMark has not, are an
HTML block, which it has.
"""

from __future__ import annotations

import re
from html import escape as html_escape

from bot.model import Bullets, Divider, Heading, Note, Quote, Reply, Span, Table, Text

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~&])")
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def escape(value: str) -> str:
    """One line or several as inline text: nothing in it is markup, and its lines stay lines (the spaces
    around the whole are kept, as they separate it from its neighbours)."""
    out = []
    for line in value.splitlines():
        line = _SPECIAL.sub(r"\\\1", line.strip())
        if line:
            out.append(_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", line, count=1))
    lead = " " if value[:1].isspace() else ""
    trail = " " if value[-1:].isspace() else ""
    return lead + "\\\n".join(out) + trail


def _emphasis(value: str, marker: str) -> str:
    """`marker` around the words, the surrounding spaces left outside."""
    core = value.strip()
    if not core:
        return value
    lead, trail = value[: len(value) - len(value.lstrip())], value[len(value.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def _spans(spans: tuple[Span, ...]) -> str:
    out = []
    for s in spans:
        value = escape(s.text) if s.text.strip() else " " * bool(s.text)
        if s.bold:
            value = _emphasis(value, "**")
        if s.italic:
            value = _emphasis(value, "*")
        out.append(value)
    return "".join(out)


def _table(block: Table) -> str:
    head = "".join(f"<th>{html_escape(h)}</th>" for h in block.header)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html_escape(cell.text)}</td>" for cell in row) + "</tr>" for row in block.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>{rows}</tbody>\n</table>"


def render_markdown(reply: Reply) -> str:
    out: list[str] = []
    first_heading = True
    for block in reply.blocks:
        match block:
            case Heading():
                out.append(("# " if first_heading else "## ") + escape(block.text).replace("\\\n", " "))
                first_heading = False
            case Text():
                out.append(_spans(block.spans))
            case Quote():
                out.append("> " + escape(block.text).replace("\n", "\n> ") + f"\n>\n> — {escape(block.cite)}")
            case Bullets():
                out.append("\n".join("- " + _spans(item).replace("\n", "\n  ") for item in block.items))
            case Note():
                out.append(_emphasis(escape(block.text), "*"))
            case Divider():
                out.append("---")
            case Table():
                out.append(_table(block))
    return "\n\n".join(out) + "\n"
