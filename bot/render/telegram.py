"""Reply → Telegram messages in HTML parse mode. Pure: the same Reply always gives the same messages.

Telegram caps a message at 4,096 characters and refuses a message whose HTML
does not parse, so a long Reply (a digest) becomes several messages, cut
between blocks, and a single block longer than the limit is cut at a line,
then a sentence, then a word, with its tags closed before the cut and reopened
after it. Cutting works on plain text and escapes afterwards, so a cut can
never fall inside a tag or an entity such as ``&amp;``.

The size of a message is measured as the UTF-16 length of its HTML: that is
never less than what Telegram counts (text after entity parsing), so a message
that fits here fits there.

Buttons. Telegram limits ``callback_data`` to 64 bytes and our handlers keep
their choice values short ("status:on_track", "confirm:save", "area:1", "choose:2"), so a value is sent as
it is. A value that is longer (or empty, which Telegram refuses too), or that
looks like the reserved form ``c:<n>``, is sent as ``c:<n>`` (its position on
the keyboard) and the adapter turns it back into the button's label with
:func:`resolve_callback`, reading the keyboard from the pressed message itself. That needs no server-side memory, so
it works across restarts and several bot processes; it relies on the
conversations accepting a choice's label as well as its value, which they do
(it is what a console user types).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from bot.model import Block, Bullets, Choice, Divider, Heading, Note, Quote, Reply, Span, Table, Text

MESSAGE_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
BLOCK_SEPARATOR = "\n\n"
DIVIDER = "──────────"
EMPTY_WITH_CHOICES = "Choose one:"
_ROW_CHARS = 30  # short labels share a row, up to this many characters and three buttons
_ROW_BUTTONS = 3
_INDEXED = re.compile(r"c:(\d+)")


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # callback_data, at most 64 bytes


@dataclass(frozen=True)
class TelegramMessage:
    """One sendMessage: HTML text and, on the last message of a Reply only, the inline keyboard."""

    text: str
    keyboard: tuple[tuple[Button, ...], ...] | None = None


# --- inline runs: plain text with the tags around it ------------------------------------


@dataclass(frozen=True)
class _Run:
    text: str
    tags: tuple[str, ...] = ()  # outermost first, e.g. ("blockquote",) or ("b", "i")

    def html(self) -> str:
        value = escape(self.text, quote=False)
        for tag in reversed(self.tags):
            value = f"<{tag}>{value}</{tag}>"
        return value


def _html(runs: Sequence[_Run]) -> str:
    return "".join(run.html() for run in runs if run.text)


def _size(html: str) -> int:
    return len(html.encode("utf-16-le")) // 2


def _from_spans(spans: tuple[Span, ...]) -> list[_Run]:
    return [_Run(s.text, ("b",) * s.bold + ("i",) * s.italic) for s in spans]


def _paragraph(block: Block) -> list[_Run]:
    """One block as runs; every block is one paragraph of the message."""
    match block:
        case Heading():
            return [_Run(block.text, ("b",))]
        case Text():
            return _from_spans(block.spans)
        case Quote():
            return [_Run(block.text, ("blockquote",)), _Run("\n"), _Run(f"— {block.cite}", ("i",))]
        case Bullets():
            runs: list[_Run] = []
            for index, item in enumerate(block.items):
                runs.append(_Run(("\n" if index else "") + "• "))
                runs.extend(_from_spans(item))
            return runs
        case Note():
            return [_Run(block.text, ("i",))]
        case Divider():
            return [_Run(DIVIDER)]
        case Table():
            return _paragraph(block.as_bullets())
    raise AssertionError(f"unknown block {block!r}")


# --- cutting one paragraph that is longer than a message --------------------------------

# Where a long paragraph may be cut, best first: after a line, after a sentence, after a word.
_BREAKS = (re.compile(r"\n"), re.compile(r"(?<=[.!?;])\s+"), re.compile(r"\s+"))


def _slice(runs: Sequence[_Run], start: int, end: int) -> list[_Run]:
    """The runs covering characters [start, end) of their joined text, each keeping its tags."""
    out: list[_Run] = []
    position = 0
    for run in runs:
        low, high = max(start, position), min(end, position + len(run.text))
        if low < high:
            out.append(_Run(run.text[low - position : high - position], run.tags))
        position += len(run.text)
    return out


def _largest_fit(runs: Sequence[_Run], start: int, total: int, limit: int) -> int:
    """The largest end such that runs[start:end] renders within the limit (at least start + 1)."""
    low, high = start + 1, total
    while low < high:
        middle = (low + high + 1) // 2
        if _size(_html(_slice(runs, start, middle))) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _cut(runs: Sequence[_Run], limit: int) -> list[str]:
    """A paragraph as pieces of HTML each within the limit, cut at the best boundary that fits."""
    plain = "".join(run.text for run in runs)
    pieces: list[str] = []
    start = 0
    while start < len(plain):
        if _size(_html(_slice(runs, start, len(plain)))) <= limit:
            end, resume = len(plain), len(plain)
        else:
            fit = _largest_fit(runs, start, len(plain), limit)
            end, resume = fit, fit
            for pattern in _BREAKS:
                boundaries = [m for m in pattern.finditer(plain, start + 1, fit + 1) if m.start() <= fit]
                if boundaries:
                    end, resume = boundaries[-1].start(), boundaries[-1].end()
                    break
            while end > start + 1 and plain[end - 1].isspace():
                end -= 1
        piece = _html(_slice(runs, start, end))
        if piece.strip():
            pieces.append(piece)
        start = resume
    return pieces


# --- keyboard -------------------------------------------------------------------------------


def callback_data(choices: Sequence[Choice], index: int) -> str:
    """The callback_data of one choice: its value, or ``c:<index>`` when the value cannot be sent as is."""
    value = choices[index].value
    if 0 < len(value.encode("utf-8")) <= CALLBACK_DATA_LIMIT and not _INDEXED.fullmatch(value):
        return value
    return f"c:{index}"


def resolve_callback(data: str, labels: Sequence[str]) -> str:
    """The answer a pressed button stands for: ``c:<n>`` becomes the label of the n-th button
    (``labels`` in keyboard order, read from the pressed message); any other data is the value itself."""
    match = _INDEXED.fullmatch(data)
    if match and int(match.group(1)) < len(labels):
        return labels[int(match.group(1))]
    return data


def keyboard(choices: Sequence[Choice]) -> tuple[tuple[Button, ...], ...]:
    """Buttons in reading order; short labels share a row, so five statuses fit on a phone in two rows.
    Choice.style is not shown: the keyboard has no colours to carry it."""
    rows: list[list[Button]] = []
    for index, choice in enumerate(choices):
        button = Button(label=choice.label, data=callback_data(choices, index))
        row = rows[-1] if rows else None
        if (
            row is not None
            and len(row) < _ROW_BUTTONS
            and sum(len(b.label) for b in row) + len(button.label) <= _ROW_CHARS
        ):
            row.append(button)
        else:
            rows.append([button])
    return tuple(tuple(row) for row in rows)


# --- the Reply --------------------------------------------------------------------------------


def _pack(paragraphs: list[str], limit: int) -> list[str]:
    """Paragraphs into as few messages as fit, in order, never cutting one that fits a message."""
    messages: list[str] = []
    current = ""
    for paragraph in paragraphs:
        joined = f"{current}{BLOCK_SEPARATOR}{paragraph}" if current else paragraph
        if _size(joined) <= limit:
            current = joined
        else:
            if current:
                messages.append(current)
            current = paragraph
    if current:
        messages.append(current)
    return messages


def render_telegram(reply: Reply, *, limit: int = MESSAGE_LIMIT) -> list[TelegramMessage]:
    """The messages to send for a Reply, in order; the keyboard of its choices rides on the last one.

    An empty Reply gives no messages; one with only choices gets a short prompt,
    because Telegram refuses a message without text.
    """
    paragraphs: list[str] = []
    for block in reply.blocks:
        runs = _paragraph(block)
        html = _html(runs)
        if not html.strip():
            continue
        paragraphs.extend([html] if _size(html) <= limit else _cut(runs, limit))
    texts = _pack(paragraphs, limit)
    if not reply.choices:
        return [TelegramMessage(text) for text in texts]
    if not texts:
        texts = [EMPTY_WITH_CHOICES]
    buttons = keyboard(reply.choices)
    return [TelegramMessage(text) for text in texts[:-1]] + [TelegramMessage(texts[-1], buttons)]
