"""A table in chats is its header and one line per row; on pages it is a table, the status cells coloured."""

from __future__ import annotations

from bot.model import Reply, Table, span
from bot.render.html import render_html
from bot.render.slack import render_messages
from bot.render.telegram import render_telegram
from bot.render.text import render_text

TABLE = Table(
    header=("Area", "Status now", "Leads"),
    rows=(
        (span("Maritime <Security>"), span("🔴 blocked", tone="blocked"), span("Rossi & Kim")),
        (span("Cyber"), span("— no report"), span("no lead")),
    ),
)


def test_chats_show_the_header_then_a_line_per_row() -> None:
    reply = Reply(blocks=[TABLE])
    assert render_text(reply).splitlines() == [
        "  • Area · Status now · Leads",
        "  • Maritime <Security> · 🔴 blocked · Rossi & Kim",
        "  • Cyber · — no report · no lead",
    ]
    [message] = render_messages(reply)
    assert "*Maritime &lt;Security&gt;* · 🔴 blocked · Rossi &amp; Kim" in message["blocks"][0]["text"]["text"]
    [telegram] = render_telegram(reply)
    assert (
        "<i>Area · Status now · Leads</i>" in telegram.text
        and "<b>Maritime &lt;Security&gt;</b> · 🔴 blocked · Rossi &amp; Kim" in telegram.text
    )


def test_a_page_shows_a_table_with_status_by_colour_and_word() -> None:
    html = render_html(Reply(blocks=[TABLE]), title="t")
    assert "<thead><tr><th>Area</th><th>Status now</th><th>Leads</th></tr></thead>" in html
    assert (
        '<td>Maritime &lt;Security&gt;</td><td><span class="status s-blocked">🔴 blocked</span></td>'
        "<td>Rossi &amp; Kim</td>" in html
    )
    assert "<td>— no report</td>" in html
