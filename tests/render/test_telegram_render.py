"""Reply → Telegram HTML: escaping, the shape of each block, cutting at 4,096 characters, buttons."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.model import Bullets, Choice, Divider, Heading, Note, Quote, Reply, bullets, span, text
from bot.render.telegram import (
    CALLBACK_DATA_LIMIT,
    MESSAGE_LIMIT,
    TelegramMessage,
    render_telegram,
    resolve_callback,
)

ALLOWED_TAGS = {"b", "i", "blockquote"}


class _TagChecker(HTMLParser):
    """Fails on a tag Telegram would refuse, a tag closed out of order, or one left open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED_TAGS, tag
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


def assert_valid_html(value: str) -> None:
    checker = _TagChecker()
    checker.feed(value)
    checker.close()
    assert checker.stack == [], f"unclosed {checker.stack}"
    outside_tags = re.sub(r"</?(?:b|i|blockquote)>", "", value)
    assert "<" not in outside_tags and ">" not in outside_tags
    assert re.sub(r"&(?:amp|lt|gt);", "", outside_tags).count("&") == 0, "a bare & or a cut entity"


def utf16(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def visible(value: str) -> str:
    return html.unescape(re.sub(r"</?(?:b|i|blockquote)>", "", value))


def only(reply: Reply) -> TelegramMessage:
    messages = render_telegram(reply)
    assert len(messages) == 1
    return messages[0]


# --- escaping and the shape of each block ----------------------------------------------------


def test_user_text_is_escaped_and_never_becomes_markup() -> None:
    typed = "at risk — <b>x</b> & y > z"
    message = only(
        Reply(
            blocks=[
                text(typed),
                bullets(("Progress: ", typed)),
                Heading(text=typed),
                Note(text=typed),
                Quote(text=typed, cite=typed),
            ]
        )
    )
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y &gt; z" in message.text
    assert "<b>x</b>" not in message.text
    assert message.text.count("&lt;b&gt;x&lt;/b&gt; &amp; y &gt; z") == 6
    assert_valid_html(message.text)


def test_each_block_in_telegram_html() -> None:
    reply = Reply(
        blocks=[
            Heading(text="Maritime Security"),
            text(span("Status: ", bold=True), "on track, ", span("since May", italic=True)),
            Quote(text="The EU and the ROK will establish a regular maritime security dialogue", cite="§14"),
            bullets("first", ("second ", span("bold", bold=True))),
            Note(text="reported 2 days ago"),
            Divider(),
            text("after"),
        ]
    )
    paragraphs = only(reply).text.split("\n\n")
    assert paragraphs == [
        "<b>Maritime Security</b>",
        "<b>Status: </b>on track, <i>since May</i>",
        "<blockquote>The EU and the ROK will establish a regular maritime security dialogue</blockquote>\n<i>— §14</i>",
        "• first\n• second <b>bold</b>",
        "<i>reported 2 days ago</i>",
        "──────────",
        "after",
    ]


def test_bold_and_italic_nest_properly() -> None:
    message = only(Reply(blocks=[text(span("both", bold=True, italic=True))]))
    assert message.text == "<b><i>both</i></b>"


def test_an_empty_reply_sends_nothing_and_choices_alone_get_a_prompt() -> None:
    assert render_telegram(Reply()) == []
    messages = render_telegram(Reply(choices=[Choice(label="Save", value="save")]))
    assert len(messages) == 1 and messages[0].text and messages[0].keyboard is not None


# --- cutting at Telegram's limit ---------------------------------------------------------------


def long_digest(areas: int = 12) -> Reply:
    reply = Reply(
        blocks=[
            Heading(text="EU–ROK Security and Defence Partnership — digest"),
            text(span("🟢 on track 3 · 🟠 at risk 2", bold=True)),
        ]
    )
    for n in range(areas):
        reply.blocks += [
            Divider(),
            Heading(text=f"Area {n} (§{n + 10})"),
            text(span("Status: ", bold=True), "at risk → on track"),
            bullets(
                (span("Reported by ", bold=True), f"Lead {n} on 1 Feb 2027: at risk"),
                ("Progress: ", f"Progress in area {n} & its partners <held> up. " * 8),
                ("Next steps: ", "Meet again before the Dialogue. " * 3),
            ),
            Note(text=f"no reported activity: §{n + 11}"),
        ]
    return reply


def test_a_long_reply_is_cut_between_paragraphs_into_messages_within_the_limit() -> None:
    reply = long_digest()
    whole = render_telegram(reply, limit=10**7)[0].text
    assert utf16(whole) > 2 * MESSAGE_LIMIT

    messages = render_telegram(reply)

    assert len(messages) >= 3
    for message in messages:
        assert utf16(message.text) <= MESSAGE_LIMIT
        assert_valid_html(message.text)
    # nothing lost, nothing cut inside a paragraph: the messages are the paragraphs, regrouped
    assert "\n\n".join(m.text for m in messages) == whole


def test_messages_are_filled_so_a_digest_takes_as_few_as_possible() -> None:
    messages = render_telegram(long_digest())
    # each message but the last could not have taken the next paragraph
    for current, following in pairwise(messages):
        first_of_next = following.text.split("\n\n")[0]
        assert utf16(current.text + "\n\n" + first_of_next) > MESSAGE_LIMIT


def test_a_single_quote_longer_than_a_message_is_cut_at_sentences_with_tags_reopened() -> None:
    sentence = "The EU & the ROK will deepen exchanges on <maritime> security, in accordance with UNCLOS. "
    long_text = (sentence * 120).strip()
    messages = render_telegram(Reply(blocks=[Quote(text=long_text, cite="§13")]))

    assert len(messages) >= 3
    for message in messages:
        assert utf16(message.text) <= MESSAGE_LIMIT
        assert_valid_html(message.text)
        assert message.text.startswith("<blockquote>")
        assert visible(message.text).split("\n")[0].endswith("UNCLOS.")  # cut after a sentence
    assert messages[-1].text.endswith("</blockquote>\n<i>— §13</i>")
    joined = " ".join(visible(m.text) for m in messages)
    assert joined == long_text + "\n— §13"


def test_a_long_list_is_cut_between_its_lines() -> None:
    items = [f"Item {n}: " + "exercise & port call " * 20 for n in range(40)]
    messages = render_telegram(Reply(blocks=[Bullets(items=tuple((span(i),) for i in items))]))
    assert len(messages) >= 2
    for message in messages:
        assert utf16(message.text) <= MESSAGE_LIMIT
        lines = message.text.split("\n")
        assert all(line.startswith("• Item ") for line in lines)
    assert sum(len(m.text.split("\n")) for m in messages) == 40


def test_a_single_line_without_spaces_is_still_cut_within_the_limit() -> None:
    messages = render_telegram(Reply(blocks=[text(span("&" * 3000, bold=True))]))
    assert len(messages) >= 2
    for message in messages:
        assert utf16(message.text) <= MESSAGE_LIMIT
        assert_valid_html(message.text)
    assert "".join(visible(m.text) for m in messages) == "&" * 3000


def test_the_limit_counts_utf16_units_so_emoji_never_overflow() -> None:
    markers = "🟢🟠🔴 " * 1500  # two UTF-16 units per marker
    messages = render_telegram(Reply(blocks=[Note(text=markers)]))
    assert len(messages) >= 2
    assert all(utf16(m.text) <= MESSAGE_LIMIT for m in messages)


block_text = st.text(alphabet=st.sampled_from(list("ab <>&.;!? \n§é🟢")), min_size=0, max_size=400)
blocks = st.one_of(
    block_text.map(lambda t: Heading(text=t)),
    st.tuples(block_text, st.booleans(), st.booleans()).map(lambda p: text(span(p[0], bold=p[1], italic=p[2]))),
    st.tuples(block_text, block_text).map(lambda p: Quote(text=p[0], cite=p[1])),
    st.lists(block_text, min_size=1, max_size=5).map(lambda items: bullets(*items)),
    block_text.map(lambda t: Note(text=t)),
    st.just(Divider()),
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(blocks, max_size=8), st.integers(min_value=80, max_value=600))
def test_any_reply_gives_valid_messages_within_any_limit(reply_blocks: list[Heading], limit: int) -> None:
    messages = render_telegram(Reply(blocks=reply_blocks), limit=limit)
    for message in messages:
        assert message.text.strip()
        assert utf16(message.text) <= limit
        assert_valid_html(message.text)


# --- buttons -----------------------------------------------------------------------------------


def test_the_keyboard_rides_only_on_the_last_message() -> None:
    reply = long_digest()
    reply.choices = [
        Choice(label="Save", value="save", style="primary"),
        Choice(label="Edit", value="edit"),
        Choice(label="Cancel", value="cancel"),
    ]
    messages = render_telegram(reply)
    assert len(messages) > 1
    assert all(m.keyboard is None for m in messages[:-1])
    assert messages[-1].keyboard is not None
    assert [[(b.label, b.data) for b in row] for row in messages[-1].keyboard] == [
        [("Save", "save"), ("Edit", "edit"), ("Cancel", "cancel")]
    ]


def test_five_statuses_share_rows_and_keep_their_order() -> None:
    statuses = ["on track", "at risk", "blocked", "not started", "completed"]
    message = only(
        Reply(blocks=[text("Overall status?")], choices=[Choice(label=s, value=s.replace(" ", "_")) for s in statuses])
    )
    assert message.keyboard is not None
    assert 1 < len(message.keyboard) < 5
    assert [b.label for row in message.keyboard for b in row] == statuses


def test_a_long_label_gets_its_own_row() -> None:
    long_label = "Maritime Security, including operations, exercises and capacity-building"
    message = only(
        Reply(
            blocks=[text("Which area?")],
            choices=[
                Choice(label=long_label, value="area:0"),
                Choice(label="Cyber", value="area:1"),
                Choice(label="FIMI", value="area:2"),
            ],
        )
    )
    assert message.keyboard is not None
    assert [[b.label for b in row] for row in message.keyboard] == [[long_label], ["Cyber", "FIMI"]]


def test_values_too_long_for_callback_data_are_sent_by_position_and_resolve_to_their_label() -> None:
    choices = [
        Choice(label="Short", value="save"),
        Choice(label="Ünïcode area", value="é" * 40),  # 80 bytes in UTF-8
        Choice(label="Looks reserved", value="c:0"),
        Choice(label="Empty", value=""),
    ]
    message = only(Reply(blocks=[text("Pick")], choices=choices))
    assert message.keyboard is not None
    buttons = [b for row in message.keyboard for b in row]
    assert [b.data for b in buttons] == ["save", "c:1", "c:2", "c:3"]
    assert all(len(b.data.encode()) <= CALLBACK_DATA_LIMIT for b in buttons)
    labels = [b.label for b in buttons]
    assert [resolve_callback(b.data, labels) for b in buttons] == ["save", "Ünïcode area", "Looks reserved", "Empty"]


def test_resolving_leaves_plain_values_and_unknown_positions_alone() -> None:
    assert resolve_callback("on_track", ["on track"]) == "on_track"
    assert resolve_callback("c:5", ["only one"]) == "c:5"
