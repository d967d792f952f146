"""Reply → a self-contained HTML page a chair can print (`digest export --format html`), also the HTML part
of the digest by e-mail (bot.render.email). Pure. The marking stands at the top and at the bottom, as on
every page of a marked document."""

from __future__ import annotations

from html import escape

from bot.model import Bullets, Divider, Heading, Note, Quote, Reply, Span, Text

_STYLE = """
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; max-width: 48em; margin: 2em auto; color: #111; }
h1 { font-size: 1.4em; border-bottom: 2px solid #333; padding-bottom: .3em; }
h2 { font-size: 1.1em; margin-top: 1.4em; }
blockquote { margin: .5em 0 .5em 1em; padding-left: .8em; border-left: 3px solid #999; }
cite { display: block; font-style: normal; color: #555; font-size: .9em; }
.note { color: #555; font-style: italic; }
hr { border: 0; border-top: 1px solid #ccc; margin: 1.2em 0; }
.marking { text-align: right; font-weight: bold; letter-spacing: .1em; }
@media print { body { margin: 0; } h2 { page-break-after: avoid; } ul, blockquote { page-break-inside: avoid; } }
"""


def _spans(spans: tuple[Span, ...]) -> str:
    out = []
    for s in spans:
        value = escape(s.text)
        if s.bold:
            value = f"<strong>{value}</strong>"
        if s.italic:
            value = f"<em>{value}</em>"
        out.append(value)
    return "".join(out)


def render_html(reply: Reply, *, title: str, marking: str = "LIMITE") -> str:
    body: list[str] = [f'<p class="marking">{escape(marking)}</p>']
    first_heading = True
    for block in reply.blocks:
        match block:
            case Heading():
                tag = "h1" if first_heading else "h2"
                first_heading = False
                body.append(f"<{tag}>{escape(block.text)}</{tag}>")
            case Text():
                body.append(f"<p>{_spans(block.spans)}</p>")
            case Quote():
                body.append(f"<blockquote>{escape(block.text)}<cite>— {escape(block.cite)}</cite></blockquote>")
            case Bullets():
                items = "".join(f"<li>{_spans(item)}</li>" for item in block.items)
                body.append(f"<ul>{items}</ul>")
            case Note():
                body.append(f'<p class="note">{escape(block.text)}</p>')
            case Divider():
                body.append("<hr>")
    body.append(f'<p class="marking">{escape(marking)}</p>')
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
