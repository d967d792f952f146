"""Reply → Slack Block Kit: message payloads, the App Home view, and a message with its buttons pressed.

Pure functions: the same Reply always gives the same payloads, and nothing here
calls Slack. Three rules shape the output:

* Everything a handler gives us is text, never markup. Slack decodes `&amp;`,
  `&lt;` and `&gt;` in every text field and treats `<...>` as a mention or link,
  so all three characters are escaped everywhere (plain_text included, so the
  rule has no exceptions), and mrkdwn objects are `verbatim` so Slack does not
  turn a typed "@channel" or URL into a mention or link either.
* Slack rejects what is too long instead of truncating it: 3,000 characters of
  section text, 150 of header, 50 blocks per message, 75 per button label. A
  long reply becomes several messages, cut between blocks (preferably before a
  heading, so an area of the digest stays in one message); only a single text
  longer than a section is cut inside, at a line, then a sentence, then a word.
* Buttons go on the last message only, so they sit under the question they answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from bot.model import Block, Bullets, Choice, Divider, Heading, Note, Quote, Reply, Span, Table, Text

MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_BUTTONS_PER_BLOCK = 25
MAX_BUTTON_LABEL_CHARS = 75
MAX_BUTTON_VALUE_CHARS = 2000
MAX_FALLBACK_CHARS = 3000  # notifications show a line or two; the blocks carry the whole text
BULLET = "• "
CHOSEN = "✓ "

SlackBlock = dict[str, Any]


class SlackMessage(TypedDict):
    """One chat.postMessage payload: `text` is the notification and screen-reader fallback."""

    text: str
    blocks: list[SlackBlock]


# --- text ---------------------------------------------------------------------


def escape(value: str) -> str:
    """The three characters Slack reads as markup; `&` first, so entities are not escaped twice."""
    if "&" not in value and "<" not in value and ">" not in value:  # most text: three scans, no copies
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(value: str) -> str:
    """Text as the user typed it, from Slack's wire form (which escapes the same three characters)."""
    return value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# A marker character inside a span would end its bold or italic early; these look the same.
_LOOKALIKE = {"*": "∗", "_": "＿"}


def _styled(value: str, marker: str) -> str:
    """`*text*` with the surrounding spaces outside the markers, which Slack needs to see bold."""
    core = value.strip()
    if not core:
        return value
    start = value.index(core[0])
    inner = core.replace(marker, _LOOKALIKE[marker])
    return f"{value[:start]}{marker}{inner}{marker}{value[start + len(core) :]}"


def _written(text: str, bold: bool, italic: bool) -> str:
    value = escape(text)
    if bold:
        value = _styled(value, "*")
    if italic:
        value = _styled(value, "_")
    return value


def _span(span: Span) -> str:
    return _written(span.text, span.bold, span.italic)


def _mrkdwn(spans: Iterable[Span]) -> str:
    """The spans as mrkdwn, adjacent spans of one style written as one, so `*a* *b*` is written `*a b*`."""
    out: list[str] = []
    run: list[str] = []
    style = (False, False)
    for span in spans:
        if run and (span.bold, span.italic) != style:
            out.append(_written("".join(run), *style))
            run = []
        style = (span.bold, span.italic)
        run.append(span.text)
    if run:
        out.append(_written("".join(run), *style))
    return "".join(out)


def _plain(spans: Iterable[Span]) -> str:
    return "".join(s.text for s in spans)


# Where a text that is too long may be cut, best first: after a line, a sentence, a word, anywhere.
_CUTS = [
    re.compile(r"(?<=\n)"),
    re.compile(r"(?<=[.!?;:])(?=\s)"),
    re.compile(r"(?<=\s)"),
    re.compile(r"(?<=.)", re.DOTALL),
]


def _pieces(spans: Sequence[Span], level: int) -> list[Span]:
    """The spans cut at every boundary of one level, each piece keeping its style."""
    return [Span(text=part, bold=s.bold, italic=s.italic) for s in spans for part in _CUTS[level].split(s.text) if part]


def split_spans(spans: Sequence[Span], limit: int, *, prefix: str = "", level: int = 0) -> list[str]:
    """The spans as mrkdwn texts of at most `limit` characters each, `prefix` before each.

    Cut at the coarsest boundary that is enough. The rendered (escaped) length is
    what counts, since that is what Slack measures; the sum of the pieces'
    lengths bounds it from above (joining pieces of one style only saves
    markers), so it is counted as the pieces are added.
    """
    whole = prefix + _mrkdwn(spans)
    if len(whole) <= limit:
        return [whole]
    finer = min(level + 1, len(_CUTS) - 1)
    chunks: list[str] = []
    current: list[Span] = []
    used = len(prefix)
    for piece in _pieces(spans, level):
        size = len(_span(piece))
        if current and used + size > limit:
            chunks.append(prefix + _mrkdwn(current).strip())
            current, used = [], len(prefix)
        if len(prefix) + size > limit and finer != level:
            chunks.extend(split_spans([piece], limit, prefix=prefix, level=finer))
            continue
        current.append(piece)
        used += size
    if current:
        chunks.append(prefix + _mrkdwn(current).strip())
    return [c for c in chunks if c.strip() != prefix.strip()]


def _plain_chunks(value: str, limit: int, *, prefix: str = "") -> list[str]:
    """Unstyled text as split_spans gives it; a text that fits, as most do, without building spans to cut."""
    whole = prefix + escape(value)
    if len(whole) <= limit:
        return [whole]
    return split_spans([Span(text=value)], limit, prefix=prefix)


def _cut_escaped(value: str, limit: int) -> str:
    """At most `limit` characters of escaped text with "…", never cutting an entity in half."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


# --- blocks -------------------------------------------------------------------


def _mrkdwn_object(value: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": value, "verbatim": True}


def _section(value: str) -> SlackBlock:
    return {"type": "section", "text": _mrkdwn_object(value)}


def _context(value: str) -> SlackBlock:
    return {"type": "context", "elements": [_mrkdwn_object(value)]}


def _sections(spans: Sequence[Span]) -> list[SlackBlock]:
    """Slack refuses an empty section, so blank text gives none."""
    return [_section(chunk) for chunk in split_spans(spans, MAX_SECTION_CHARS) if chunk.strip()]


def _heading(block: Heading) -> list[SlackBlock]:
    value = escape(block.text)
    if not value.strip():
        return []
    if len(value) <= MAX_HEADER_CHARS:
        return [{"type": "header", "text": {"type": "plain_text", "text": value, "emoji": True}}]
    return _sections([Span(text=block.text, bold=True)])


def _lines_in_sections(lines: Iterable[str]) -> list[SlackBlock]:
    """Lines joined into as few sections as the section limit allows, never cutting a line."""
    sections: list[SlackBlock] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if current and size + 1 + len(line) > MAX_SECTION_CHARS:
            sections.append(_section("\n".join(current)))
            current, size = [], 0
        size += len(line) + (1 if current else 0)
        current.append(line)
    if current:
        sections.append(_section("\n".join(current)))
    return sections


def _quote(block: Quote) -> list[SlackBlock]:
    """ "> " on every line (also on the pieces of a line too long for one section), then the citation."""
    lines = block.text.splitlines() or [""]
    if len(lines) == 1 and len(only := "> " + escape(lines[0])) <= MAX_SECTION_CHARS:  # the usual quote: one section
        quoted = [_section(only)]
    else:
        quoted = _lines_in_sections(
            chunk for line in lines for chunk in _plain_chunks(line, MAX_SECTION_CHARS, prefix="> ")
        )
    return quoted + [_context(_cut_escaped("— " + escape(block.cite), MAX_SECTION_CHARS))]


def _bullets(block: Bullets) -> list[SlackBlock]:
    """As many items to a section as fit; an item longer than a section is cut into several."""
    return _lines_in_sections(
        line for item in block.items for line in split_spans(item, MAX_SECTION_CHARS, prefix=BULLET)
    )


def _note(block: Note) -> list[SlackBlock]:
    return [_context(chunk) for chunk in _plain_chunks(block.text, MAX_SECTION_CHARS) if chunk.strip()]


def _blocks_of(block: Block) -> list[SlackBlock]:
    """The Slack blocks of one block of a Reply: a unit that is never split across messages."""
    match block:
        case Heading():
            return _heading(block)
        case Text():
            return _sections(block.spans)
        case Quote():
            return _quote(block)
        case Bullets():
            return _bullets(block)
        case Note():
            return _note(block)
        case Divider():
            return [{"type": "divider"}]
        case Table():
            return _bullets(block.as_bullets())
    raise AssertionError(f"unknown block {block!r}")


def _fallback_of(block: Block) -> str:
    match block:
        case Heading():
            return block.text
        case Text():
            return _plain(block.spans)
        case Quote():
            return f"“{block.text}” — {block.cite}"
        case Bullets():
            return "\n".join(BULLET + _plain(item) for item in block.items)
        case Note():
            return f"({block.text})"
        case Table():
            return _fallback_of(block.as_bullets())
    return ""


def _label(choice: Choice) -> str:
    return _cut_escaped(escape(choice.label), MAX_BUTTON_LABEL_CHARS)


def _actions(choices: Sequence[Choice]) -> list[SlackBlock]:
    """Buttons `choice:<n>` (n counts across blocks), 25 to an actions block."""
    buttons: list[SlackBlock] = []
    for n, choice in enumerate(choices):
        button: SlackBlock = {
            "type": "button",
            "text": {"type": "plain_text", "text": _label(choice), "emoji": True},
            "action_id": f"choice:{n}",
            "value": choice.value[:MAX_BUTTON_VALUE_CHARS],
        }
        if choice.style:
            button["style"] = choice.style
        buttons.append(button)
    return [
        {"type": "actions", "elements": buttons[i : i + MAX_BUTTONS_PER_BLOCK]}
        for i in range(0, len(buttons), MAX_BUTTONS_PER_BLOCK)
    ]


# --- messages -----------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """The Slack blocks of one Reply block, with its fallback text: kept in one message where possible."""

    blocks: list[SlackBlock]
    fallback: str
    kind: str

    @classmethod
    def of(cls, block: Block) -> _Unit:
        return cls(_blocks_of(block), _fallback_of(block), block.kind)

    def pieces(self, capacity: int) -> list[_Unit]:
        """The unit itself, or, when it alone is more than a message holds, its blocks in runs that fit."""
        if len(self.blocks) <= capacity:
            return [self]
        return [
            _Unit(self.blocks[i : i + capacity], self.fallback if i == 0 else "", self.kind)
            for i in range(0, len(self.blocks), capacity)
        ]


def _groups(units: list[_Unit]) -> list[list[_Unit]]:
    """Units gathered under their heading: a divider, or a heading not right after one, opens a group."""
    groups: list[list[_Unit]] = []
    previous = ""
    for unit in units:
        opens = unit.kind == "divider" or (unit.kind == "heading" and previous != "divider")
        if not groups or opens:
            groups.append([])
        groups[-1].append(unit)
        previous = unit.kind
    return groups


def _size(units: Sequence[_Unit]) -> int:
    return sum(len(u.blocks) for u in units)


def _pack(units: list[_Unit], capacity: int) -> list[list[_Unit]]:
    """Units into messages of at most `capacity` blocks, a group kept whole where it fits in one.

    A divider is not left at the edge of a message that continues in the next.
    """
    if _size(units) <= capacity:  # the usual answer: one message
        return [units] if units else []
    messages: list[list[_Unit]] = [[]]
    for group in _groups(units):
        if messages[-1] and _size(messages[-1]) + _size(group) > capacity:
            messages.append([])
        for unit in (piece for u in group for piece in u.pieces(capacity)):
            if messages[-1] and _size(messages[-1]) + len(unit.blocks) > capacity:
                messages.append([])
            if unit.kind == "divider" and not messages[-1] and len(messages) > 1:
                continue
            messages[-1].append(unit)
    for message in messages[:-1]:
        while len(message) > 1 and message[-1].kind == "divider":
            message.pop()
    return [m for m in messages if m]


def _fallback(units: Sequence[_Unit], choices: Sequence[Choice]) -> str:
    lines = [u.fallback for u in units if u.fallback]
    if choices:
        lines.append(" · ".join(c.label for c in choices))
    return _cut_escaped(escape("\n".join(lines)), MAX_FALLBACK_CHARS) or " "


def render_messages(reply: Reply) -> list[SlackMessage]:
    """The Reply as one or more chat.postMessage payloads, in order; none for an empty Reply."""
    units = [unit for unit in map(_Unit.of, reply.blocks) if unit.blocks]
    if not units and not reply.choices:
        return []
    actions = _actions(reply.choices)
    packed = _pack(units, MAX_MESSAGE_BLOCKS - len(actions)) or [[]]
    messages: list[SlackMessage] = []
    for index, message in enumerate(packed):
        last = index == len(packed) - 1
        blocks = [b for unit in message for b in unit.blocks] + (actions if last else [])
        messages.append({"text": _fallback(message, reply.choices if last else ()), "blocks": blocks})
    return messages


def render_home(reply: Reply) -> dict[str, Any]:
    """The Reply as an App Home view (views.publish); a view holds 100 blocks, the rest is cut with a note."""
    actions = _actions(reply.choices)
    blocks = [b for block in reply.blocks for b in _blocks_of(block)]
    room = MAX_VIEW_BLOCKS - len(actions)
    if len(blocks) > room:
        blocks = blocks[: room - 1] + [_context("… more in a direct message: say “status”.")]
    return {"type": "home", "blocks": blocks + actions}


def mark_chosen(blocks: Sequence[SlackBlock], label: str) -> list[SlackBlock]:
    """The blocks of a message whose button was pressed: no buttons left to press twice, and what was chosen.

    `label` is the button's text as Slack sends it back: the escaped form we sent,
    so it is normalised (unescaped, then escaped) rather than escaped twice.
    """
    kept = [b for b in blocks if b.get("type") != "actions"]
    return kept + [_context(CHOSEN + escape(unescape(label)))]
