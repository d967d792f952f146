"""Reply → a self-contained HTML page a chair can print (`digest export --format html`), also the HTML part
of the digest by e-mail (bot.render.email). Pure.

The marking stands at the top and at the bottom, as on every page of a marked document; printed, every
page carries it too (CSS paged media: a margin box of `@page`) and its number; statuses are shown by
colour and word, so the page reads the same in black and white; a chart rides along as an embedded PNG,
after the first table.
"""

from __future__ import annotations

import base64
from html import escape

from bot.model import Bullets, Divider, Heading, Note, Quote, Reply, Span, StatusChart, Table, Text
from bot.render.palette import COLOURS

_STYLE = """
@page { size: A4; margin: 20mm 16mm 18mm;
  @top-center { content: "%(marking)s"; font: bold 10pt Georgia, serif; }
  @bottom-right { content: "page " counter(page) " of " counter(pages); font: 8pt Georgia, serif; color: #555; } }
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; max-width: 48em; margin: 2em auto; color: #111;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 1.4em; border-bottom: 2px solid #333; padding-bottom: .3em; }
h2 { font-size: 1.1em; margin-top: 1.4em; }
blockquote { margin: .5em 0 .5em 1em; padding-left: .8em; border-left: 3px solid #999; }
cite { display: block; font-style: normal; color: #555; font-size: .9em; }
.note { color: #555; font-style: italic; }
li, p { white-space: pre-line; }
hr { border: 0; border-top: 1px solid #ccc; margin: 1.2em 0; }
.marking { text-align: right; font-weight: bold; letter-spacing: .1em; }
.status { padding: 0 .35em; border-radius: 3px; color: #fff; white-space: nowrap; }
td:nth-child(2) { white-space: nowrap; }
%(tones)s
table { border-collapse: collapse; font-size: .85em; width: 100%%; margin: .8em 0; }
th, td { border-bottom: 1px solid #ddd; padding: .25em .4em; text-align: left; vertical-align: top; }
th { border-bottom: 2px solid #333; }
figure { margin: 1em 0; } figure img { max-width: 100%%; height: auto; }
@media print { body { margin: 0; max-width: none; } .marking { display: none; } h2 { page-break-after: avoid; }
  ul, blockquote, tr, figure { page-break-inside: avoid; } }
"""


def _style(marking: str) -> str:
    tones = "\n".join(f".s-{status} {{ background: {colour}; }}" for status, colour in COLOURS.items())
    quoted = marking.replace("\\", "\\\\").replace('"', '\\"')
    return _STYLE % {"marking": quoted, "tones": tones}


def _span(s: Span) -> str:
    value = escape(s.text)
    if s.tone in COLOURS:
        value = f'<span class="status s-{s.tone}">{value}</span>'
    if s.bold:
        value = f"<strong>{value}</strong>"
    if s.italic:
        value = f"<em>{value}</em>"
    return value


def _spans(spans: tuple[Span, ...]) -> str:
    return "".join(_span(s) for s in spans)


def _table(block: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
    rows = "".join("<tr>" + "".join(f"<td>{_span(cell)}</td>" for cell in row) + "</tr>" for row in block.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _figure(chart: StatusChart, src: str | None) -> str:
    """The chart embedded in the page (a data: URI), or where `src` says (a mail's `cid:` of an inline part)."""
    from bot.render.chart import chart_size, render_chart

    width, height = chart_size(chart)
    if src is None:
        src = "data:image/png;base64," + base64.b64encode(render_chart(chart)).decode("ascii")
    return f'<figure><img src="{escape(src)}" width="{width}" height="{height}" alt="{escape(chart.title)}"></figure>'


def render_html(reply: Reply, *, title: str, marking: str = "LIMITE", chart_src: str | None = None) -> str:
    """`chart_src`: where the page finds its chart, when not embedded in it (an e-mail's inline image)."""
    body: list[str] = [f'<p class="marking">{escape(marking)}</p>']
    first_heading = True
    chart = reply.chart
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
            case Table():
                body.append(_table(block))
                if chart is not None:
                    body.append(_figure(chart, chart_src))
                    chart = None
    if chart is not None:
        body.append(_figure(chart, chart_src))
    body.append(f'<p class="marking">{escape(marking)}</p>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_style(marking)}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
