"""Reply → Markdown, for `digest export --format markdown`. Pure; text is escaped so it stays text."""

from __future__ import annotations

import re

from bot.model import Bullets, Divider, Heading, Note, Quote, Reply, Span, Text

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def escape(value: str) -> str:
    return _SPECIAL.sub(r"\\\1", value)


def _spans(spans: tuple[Span, ...]) -> str:
    out = []
    for s in spans:
        value = escape(s.text)
        if s.bold and value.strip():
            value = f"**{value}**"
        if s.italic and value.strip():
            value = f"*{value}*"
        out.append(value)
    return "".join(out)


def render_markdown(reply: Reply) -> str:
    out: list[str] = []
    first_heading = True
    for block in reply.blocks:
        match block:
            case Heading():
                out.append(("# " if first_heading else "## ") + escape(block.text))
                first_heading = False
            case Text():
                out.append(_spans(block.spans))
            case Quote():
                out.append(f"> {escape(block.text)}\n>\n> — {escape(block.cite)}")
            case Bullets():
                out.append("\n".join(f"- {_spans(item)}" for item in block.items))
            case Note():
                out.append(f"*{escape(block.text)}*")
            case Divider():
                out.append("---")
    return "\n\n".join(out) + "\n"
