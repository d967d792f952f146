"""The Markdown export is CommonMark: parsed by markdown-it-py, its structure is what the digest says, its
emphasis is emphasis, and what leads typed stays text, however many lines it has."""

from __future__ import annotations

from datetime import UTC, datetime

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.clock import FakeClock
from bot.model import Heading, Reply, Table
from bot.render.markdown import render_markdown
from bot.runtime import Runtime
from tests.digest_support import digest, save_update

TRICKY = "Dates fixed\n# not a heading\n- not a list\n1. not a list either\n===\n  <b>not html</b> &amp; **not bold**"


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").parse(markdown)


def inline_text(tokens: list[Token]) -> str:
    return "".join(
        child.content for t in tokens if t.type == "inline" for child in t.children or [] if child.type == "text"
    )


async def tricky_digest(runtime: Runtime, clock: FakeClock) -> Reply:
    when = datetime(2027, 2, 10, 9, tzinfo=UTC)
    await save_update(
        runtime, clock, "kim", "maritime", "blocked", when, progress=TRICKY, blockers="Calendar\n- missing"
    )
    return await digest(runtime)


async def test_the_digest_export_parses_to_the_digest_structure(runtime: Runtime, clock: FakeClock) -> None:
    reply = await tricky_digest(runtime, clock)
    tokens = parse(render_markdown(reply))
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == sum(isinstance(b, Heading) for b in reply.blocks)
    assert [t.tag for t in headings][:1] == ["h1"] and {t.tag for t in headings[1:]} == {"h2"}
    lists = [t for t in tokens if t.type == "bullet_list_open"]
    assert len(lists) == sum(b.kind == "bullets" for b in reply.blocks)
    assert not [t for t in tokens if t.type == "ordered_list_open"]
    tables = [t for t in tokens if t.type == "html_block" and t.content.startswith("<table>")]
    assert len(tables) == sum(isinstance(b, Table) for b in reply.blocks)


async def test_emphasis_is_emphasis_and_typed_text_stays_text(runtime: Runtime, clock: FakeClock) -> None:
    tokens = parse(render_markdown(await tricky_digest(runtime, clock)))
    text = inline_text(tokens)
    assert "**" not in text.replace("**not bold**", "") and "*Reporting" not in text  # every delimiter became emphasis
    strong = [
        t.children
        for t in tokens
        if t.type == "inline" and t.children and any(c.type == "strong_open" for c in t.children)
    ]
    assert any(
        [c.content for c in children if c.type == "text" and c.content][:1] == ["Status:"] for children in strong
    )
    assert any(
        [c.content for c in children if c.type == "text" and c.content][:1] == ["Reported by"] for children in strong
    )
    for line in (
        "# not a heading",
        "- not a list",
        "1. not a list either",
        "===",
        "<b>not html</b> &amp; **not bold**",
    ):
        assert line in text  # literally, as typed
    item = next(t for t in tokens if t.type == "inline" and "Dates fixed" in t.content)
    assert [c.type for c in item.children or []].count("hardbreak") == 5  # its lines stay lines, in one list item
