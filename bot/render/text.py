"""Reply → plain text: the console, `partnerbot ask` and `digest preview`, the log outbox, and the plain part of
each e-mail (the Markdown export is bot.render.markdown's).

A pure function: the same Reply always gives the same text.
"""

from __future__ import annotations

from bot.model import Bullets, Divider, Heading, Note, Quote, Reply, Span, Table, Text


def _spans(spans: tuple[Span, ...]) -> str:
    return "".join(s.text for s in spans)


def render_text(reply: Reply) -> str:
    """Quotes start with "> " and are followed by their citation; choices are numbered.

    Lines are not wrapped: terminals wrap for the eye, and scripts reading piped
    output get one quote per line.
    """
    out: list[str] = []
    for block in reply.blocks:
        match block:
            case Heading():
                out.append(block.text)
            case Text():
                out.append(_spans(block.spans))
            case Quote():
                out.append(f"> {block.text}")
                out.append(f"  — {block.cite}")
            case Bullets() | Table():
                items = block.items if isinstance(block, Bullets) else block.as_bullets().items
                out.extend(f"  • {_spans(item)}" for item in items)
            case Note():
                out.append(f"({block.text})")
            case Divider():
                out.append("")
    if reply.choices:
        out.extend(f"  {i}. {choice.label}" for i, choice in enumerate(reply.choices, start=1))
    out.extend(f"(attached: {attachment.filename})" for attachment in reply.attachments)
    return "\n".join(out)
