"""A partnership text with as many areas as a benchmark asks for: the bundled one, its areas repeated.

The bundled text has 15 areas; a working group of 150 areas needs a text that names 150
(the bot takes its areas from the first document only). `document_with_areas(folder, n)`
writes the bundled text with its "Areas of Cooperation" section repeated as regional
tracks ("Pacific track on Cyber issues", …): the same headings, paragraphs and sub-items,
numbered on from the last, so the document's paragraphs, areas and references grow
together, as a real longer text would.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "bot" / "data" / "eu-rok-security-defence-partnership-2024.txt"
BUNDLED_AREAS = 15
TRACKS = (
    "Pacific",
    "Atlantic",
    "Arctic",
    "Indian Ocean",
    "Mediterranean",
    "Baltic",
    "Black Sea",
    "Caribbean",
    "Sahel",
    "Andean",
    "Balkan",
    "Caucasus",
    "Horn of Africa",
    "Gulf",
)
_NUMBERED = re.compile(r"^(\d+)\. ")
_PAGE_NOISE = re.compile(r"^(EEAS\(2024\) 1267|PCM\.2|\d+|Limited)$")
_AREAS_START = "International peace and crisis management, including peacekeeping operations and CSDP"
_AREAS_END = "Way Forward"


def _split(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The text before the first area heading, the areas (page furniture left out), and the rest."""
    start, end = lines.index(_AREAS_START), lines.index(_AREAS_END)
    body = [line for line in lines[start:end] if not _PAGE_NOISE.match(line.strip())]
    return lines[:start], body, lines[end:]


def _headings(body: list[str]) -> set[int]:
    """Indexes of the first line of each area heading: a line after a paragraph's last line that
    starts no numbered paragraph, no sub-item and does not continue the sentence before."""
    starts = {0}
    for index in range(1, len(body)):
        line, before = body[index], body[index - 1]
        if _NUMBERED.match(line) or not line[:1].isupper():
            continue
        if before.rstrip().endswith((".", ";")) and not re.fullmatch(r"[a-z]\.", before.strip()):
            starts.add(index)
    return starts


def document_with_areas(folder: Path, areas: int) -> Path:
    """The bundled text with `areas` areas (a multiple of 15, at most 15 × (1 + the tracks above))."""
    copies, remainder = divmod(areas, BUNDLED_AREAS)
    if remainder or not 1 <= copies <= len(TRACKS) + 1:
        raise SystemExit(f"--areas must be a multiple of {BUNDLED_AREAS} up to {BUNDLED_AREAS * (len(TRACKS) + 1)}")
    head, body, tail = _split(SOURCE.read_text(encoding="utf-8").splitlines())
    headings = _headings(body)
    number = max(int(m.group(1)) for line in head + body if (m := _NUMBERED.match(line)))
    out = head + body
    for track in TRACKS[: copies - 1]:
        for index, line in enumerate(body):
            if index in headings:
                out.append(f"{track} track on {line}")
            elif m := _NUMBERED.match(line):
                number += 1
                out.append(f"{number}. {line[m.end() :]}")
            else:
                out.append(line)
    for line in tail:
        if m := _NUMBERED.match(line):
            number += 1
            line = f"{number}. {line[m.end() :]}"
        out.append(line)
    path = folder / f"partnership-{areas}-areas.txt"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path
