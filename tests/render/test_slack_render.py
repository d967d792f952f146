"""Reply → Block Kit: escaping, Slack's size limits, splitting into messages, buttons."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.model import Choice, Divider, Heading, Note, Quote, Reply, bullets, span, text
from bot.render.slack import (
    MAX_HEADER_CHARS,
    MAX_MESSAGE_BLOCKS,
    MAX_SECTION_CHARS,
    SlackMessage,
    escape,
    mark_chosen,
    render_home,
    render_messages,
    unescape,
)

INJECTION = "<!channel> <!here> <@U0CHAIREU> <https://evil.example|click> & co"


def texts_of(blocks: list[dict[str, Any]]) -> list[str]:
    """Every text Slack would display, from sections, headers, context elements and buttons."""
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            out.append(element["text"] if element["type"] == "mrkdwn" else element["text"]["text"])
    return out


def all_texts(messages: list[SlackMessage]) -> list[str]:
    return [t for m in messages for t in [m["text"], *texts_of(m["blocks"])]]


def test_user_text_can_never_become_a_mention_or_a_link() -> None:
    reply = Reply(
        blocks=[
            Heading(text=INJECTION),
            text("Progress: ", span(INJECTION, bold=True), INJECTION),
            Quote(text=INJECTION, cite=INJECTION),
            bullets((INJECTION,), ("Blockers: ", INJECTION)),
            Note(text=INJECTION),
        ],
        choices=[Choice(label=INJECTION, value="x")],
    )
    messages = render_messages(reply)
    shown = all_texts(messages)
    assert len(shown) >= 8
    for value in shown:
        assert "<!" not in value and "<@" not in value and "<http" not in value, value
        assert "|click>" not in value
    assert any(
        "&lt;!channel&gt; &lt;!here&gt; &lt;@U0CHAIREU&gt; &lt;https://evil.example|click&gt; &amp; co" in v
        for v in shown
    )
    mrkdwn = [
        o
        for m in messages
        for b in m["blocks"]
        for o in [b.get("text"), *b.get("elements", [])]
        if o and o.get("type") == "mrkdwn"
    ]
    assert mrkdwn and all(o["verbatim"] is True for o in mrkdwn)  # no auto-linking of a typed "@channel" or URL


def test_escape_and_unescape_are_inverse_and_escape_ampersand_first() -> None:
    assert escape("a & b < c > d &lt;") == "a &amp; b &lt; c &gt; d &amp;lt;"
    assert unescape(escape("a & b < c > d &lt;")) == "a & b < c > d &lt;"


def test_bold_spans_keep_spaces_outside_and_inner_asterisks_cannot_close_them() -> None:
    [message] = render_messages(
        Reply(blocks=[text(span("Progress: ", bold=True), "done"), text("x ", span("a*b*c", bold=True), " y")])
    )
    first, second = (b["text"]["text"] for b in message["blocks"])
    assert first == "*Progress:* done"
    assert second.startswith("x *a") and second.endswith("c* y")
    assert second.count("*") == 2


def test_adjacent_bold_spans_are_one_bold_run() -> None:
    [message] = render_messages(Reply(blocks=[text(span("on ", bold=True), span("track", bold=True))]))
    assert message["blocks"][0]["text"]["text"] == "*on track*"


def test_each_kind_of_block_has_its_slack_form() -> None:
    reply = Reply(
        blocks=[
            Heading(text="Status"),
            text("plain"),
            Quote(text="The EU and the ROK will …", cite="§14"),
            bullets("one", "two"),
            Note(text="3 days ago"),
            Divider(),
        ]
    )
    [message] = render_messages(reply)
    kinds = [b["type"] for b in message["blocks"]]
    assert kinds == ["header", "section", "section", "context", "section", "context", "divider"]
    blocks = message["blocks"]
    assert blocks[2]["text"]["text"] == "> The EU and the ROK will …"
    assert blocks[3]["elements"][0]["text"] == "— §14"
    assert blocks[4]["text"]["text"] == "• one\n• two"
    assert "Status" in message["text"] and "§14" in message["text"]


def test_a_multi_line_quote_is_quoted_on_every_line() -> None:
    [message] = render_messages(Reply(blocks=[Quote(text="first\nsecond > third", cite="§1")]))
    assert message["blocks"][0]["text"]["text"] == "> first\n> second &gt; third"


def test_a_heading_longer_than_a_header_becomes_a_bold_section() -> None:
    long_title = "Maritime " * 20
    [message] = render_messages(Reply(blocks=[Heading(text="Short"), Heading(text=long_title)]))
    header, section = message["blocks"]
    assert header["type"] == "header" and len(header["text"]["text"]) <= MAX_HEADER_CHARS
    assert section["type"] == "section" and section["text"]["text"] == f"*{long_title.strip()}* "


def test_a_long_text_is_split_at_line_ends_into_sections_within_the_limit() -> None:
    lines = [f"Line {i:03d} " + "x" * 90 for i in range(100)]  # ~10,000 characters
    [message] = render_messages(Reply(blocks=[text("\n".join(lines))]))
    sections = [b["text"]["text"] for b in message["blocks"]]
    assert len(sections) >= 4
    assert all(len(s) <= MAX_SECTION_CHARS for s in sections)
    assert "\n".join(sections).split("\n") == lines  # every line whole, in order


def test_one_long_line_is_split_at_sentences_then_words_only_as_a_last_resort() -> None:
    sentence = "The EU and the ROK will deepen exchanges on maritime security. "
    paragraph = (sentence * 100).strip()
    [message] = render_messages(Reply(blocks=[text(paragraph)]))
    sections = [b["text"]["text"] for b in message["blocks"]]
    assert len(sections) >= 3 and all(len(s) <= MAX_SECTION_CHARS for s in sections)
    assert all(s.endswith("security.") for s in sections)
    assert " ".join(sections) == paragraph

    word = "a" * 7000
    [message] = render_messages(Reply(blocks=[text(word)]))
    pieces = [b["text"]["text"] for b in message["blocks"]]
    assert all(len(p) <= MAX_SECTION_CHARS for p in pieces) and "".join(pieces) == word


def test_the_limit_counts_escaped_characters_and_never_cuts_an_entity() -> None:
    [message] = render_messages(Reply(blocks=[text("<&> " * 1500)]))
    sections = [b["text"]["text"] for b in message["blocks"]]
    assert len(sections) >= 4 and all(len(s) <= MAX_SECTION_CHARS for s in sections)
    for s in sections:
        assert re.fullmatch(r"(&lt;&amp;&gt;\s?)+", s), s[-20:]


def test_long_bullets_are_packed_into_sections_without_cutting_an_item() -> None:
    items = [(f"Item {i}: " + "y" * 200,) for i in range(60)]
    [message] = render_messages(Reply(blocks=[bullets(*items)]))
    sections = [b["text"]["text"] for b in message["blocks"]]
    assert len(sections) >= 5 and all(len(s) <= MAX_SECTION_CHARS for s in sections)
    assert [line for s in sections for line in s.split("\n")] == [f"• Item {i}: " + "y" * 200 for i in range(60)]


def test_many_blocks_become_several_messages_of_at_most_fifty_blocks_in_order() -> None:
    reply = Reply(blocks=[text(f"paragraph {i}") for i in range(120)])
    messages = render_messages(reply)
    assert len(messages) == 3
    assert all(len(m["blocks"]) <= MAX_MESSAGE_BLOCKS for m in messages)
    assert [b["text"]["text"] for m in messages for b in m["blocks"]] == [f"paragraph {i}" for i in range(120)]
    assert messages[1]["text"].startswith("paragraph 50")


def test_a_quote_stays_with_its_citation_and_a_heading_with_what_follows() -> None:
    blocks: list[Any] = []
    for area in range(15):  # shaped like the digest: divider, heading, status, reports, notes
        blocks += [
            Divider(),
            Heading(text=f"Area {area}"),
            text("Status: on track"),
            bullets("a", "b"),
            Quote(text="q", cite=f"§{area}"),
            Note(text="n"),
        ]
    messages = render_messages(Reply(blocks=blocks))
    assert len(messages) >= 3
    for message in messages:
        kinds = [b["type"] for b in message["blocks"]]
        assert len(kinds) <= MAX_MESSAGE_BLOCKS
        assert kinds[0] in {"divider", "header"} and kinds[-1] != "divider"
        for i, kind in enumerate(kinds):
            if kind == "header":
                assert kinds[i + 1 : i + 6] == ["section", "section", "section", "context", "context"]
    headers = [b["text"]["text"] for m in messages for b in m["blocks"] if b["type"] == "header"]
    assert headers == [f"Area {i}" for i in range(15)]


def test_buttons_only_on_the_last_message_with_their_ids_values_and_styles() -> None:
    choices = [
        Choice(label="Save", value="save", style="primary"),
        Choice(label="Edit", value="edit"),
        Choice(label="Cancel", value="cancel", style="danger"),
    ]
    messages = render_messages(Reply(blocks=[text(f"p{i}") for i in range(70)], choices=choices))
    assert len(messages) == 2
    assert all(b["type"] != "actions" for b in messages[0]["blocks"])
    actions = messages[-1]["blocks"][-1]
    assert actions["type"] == "actions" and len(messages[-1]["blocks"]) <= MAX_MESSAGE_BLOCKS
    assert [(e["action_id"], e["value"], e.get("style"), e["text"]["text"]) for e in actions["elements"]] == [
        ("choice:0", "save", "primary", "Save"),
        ("choice:1", "edit", None, "Edit"),
        ("choice:2", "cancel", "danger", "Cancel"),
    ]
    assert "Save · Edit · Cancel" in messages[-1]["text"]


def test_forty_nine_blocks_and_buttons_still_fit_in_one_message_but_fifty_do_not() -> None:
    button = [Choice(label="OK", value="ok")]
    assert len(render_messages(Reply(blocks=[text(f"p{i}") for i in range(49)], choices=button))) == 1
    two = render_messages(Reply(blocks=[text(f"p{i}") for i in range(50)], choices=button))
    assert len(two) == 2 and two[-1]["blocks"][-1]["type"] == "actions"


def test_many_choices_fill_several_actions_blocks_with_unique_ids_and_short_labels() -> None:
    choices = [Choice(label=f"Area {i} " + "z" * 100, value=f"update area {i}") for i in range(30)]
    [message] = render_messages(Reply(blocks=[text("Which one?")], choices=choices))
    actions = [b for b in message["blocks"] if b["type"] == "actions"]
    assert [len(a["elements"]) for a in actions] == [25, 5]
    buttons = [e for a in actions for e in a["elements"]]
    assert [e["action_id"] for e in buttons] == [f"choice:{i}" for i in range(30)]
    assert all(len(e["text"]["text"]) <= 75 and e["text"]["text"].endswith("…") for e in buttons)


def test_an_empty_reply_posts_nothing_and_choices_alone_post_buttons() -> None:
    assert render_messages(Reply()) == []
    [message] = render_messages(Reply(choices=[Choice(label="Yes", value="yes")]))
    assert message["blocks"][0]["type"] == "actions" and message["text"] == "Yes"


def test_rendering_is_deterministic_and_leaves_the_reply_alone() -> None:
    reply = Reply(
        blocks=[Heading(text="H"), text("a & b"), Quote(text="q", cite="§1")], choices=[Choice(label="A", value="a")]
    )
    before = reply.model_dump()
    assert json.dumps(render_messages(reply)) == json.dumps(render_messages(reply))
    assert reply.model_dump() == before


def test_mark_chosen_takes_the_buttons_off_and_says_what_was_chosen() -> None:
    [message] = render_messages(
        Reply(
            blocks=[text("Overall status?")],
            choices=[Choice(label="on track", value="on_track"), Choice(label="a < b", value="x")],
        )
    )
    label = message["blocks"][-1]["elements"][1]["text"]["text"]  # as Slack sends it back: escaped
    blocks = mark_chosen(message["blocks"], label)
    assert [b["type"] for b in blocks] == ["section", "context"]
    assert blocks[-1]["elements"][0]["text"] == "✓ a &lt; b"
    assert mark_chosen(message["blocks"], "a < b")[-1]["elements"][0]["text"] == "✓ a &lt; b"
    assert message["blocks"][-1]["type"] == "actions"  # the input is not changed


def test_the_home_view_holds_at_most_a_hundred_blocks_with_its_buttons() -> None:
    view = render_home(
        Reply(
            blocks=[text(f"line {i}") for i in range(150)],
            choices=[Choice(label="Update Maritime Security", value="update Maritime Security")],
        )
    )
    assert view["type"] == "home"
    assert len(view["blocks"]) == 100
    assert view["blocks"][-1]["type"] == "actions" and view["blocks"][-2]["type"] == "context"


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(alphabet=st.characters(codec="utf-8"), max_size=4000), st.booleans()),
        min_size=1,
        max_size=8,
    )
)
def test_any_text_renders_within_the_limits_and_without_raw_markup(parts: list[tuple[str, bool]]) -> None:
    reply = Reply(
        blocks=[
            text(*[span(t, bold=b) for t, b in parts]),
            bullets(*[(t,) for t, _ in parts]),
            Quote(text=parts[0][0], cite="§1"),
        ]
    )
    for message in render_messages(reply):
        assert len(message["blocks"]) <= MAX_MESSAGE_BLOCKS
        for block in message["blocks"]:
            if block["type"] == "section":
                value = block["text"]["text"]
                assert 0 < len(value) <= MAX_SECTION_CHARS
                # the only raw ">" is the quote marker at the start of a line; "<" never appears
                assert "<" not in value
                assert all(line.startswith("> ") or ">" not in line for line in value.split("\n"))
