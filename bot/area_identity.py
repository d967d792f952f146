"""Which stored area each area of the document is, so that a revised document keeps every area's history.

An area's stored identity is a key, never its heading: documents get revised, and a
reworded heading must not start a new area with an empty history. The key is the
working-group file's key for the area (`maritime:` under `areas:`) when the file names
it, else a slug of the heading fixed when the area is first seen. Headings are display
data, rewritten on every sync.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from bot.workgroup import slugify

# token_sort_ratio of two headings of one area reworded ("Counterterrorism (CT), preventing/countering
# violent extremism (P/CVE)" → "Counter-terrorism (CT) and preventing/..." 80, "Approaches to resilience
# of critical infrastructure" → "Resilience of critical infrastructure" 84); two different areas of the
# bundled text score at most 72 ("Women, Peace and Security" against "Space security and defence")
SAME_AREA_SCORE = 75
SLUG_LENGTH = 60


def area_slug(title: str) -> str:
    """The key of an area the file does not name: its heading's slug, cut at a word to fit a key."""
    slug = slugify(title)
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug or "area"


@dataclass(frozen=True)
class StoredArea:
    id: int
    key: str
    title: str
    position: int


@dataclass(frozen=True)
class DocumentArea:
    title: str
    file_key: str | None  # the key under `areas:` in the working-group file that names it, if any


@dataclass(frozen=True)
class Placed:
    """A document area with the stored area it is (None: a new one) and the key it is stored under."""

    title: str
    key: str
    row_id: int | None


def place_areas(stored: Sequence[StoredArea], document: Sequence[DocumentArea]) -> list[Placed]:
    """The stored area each document area is, in document order.

    Tried in this order, each stored area taken at most once:
    1. the file's key: a stored area under that key is this area, whatever its heading says now;
    2. the same heading;
    3. a reworded heading: a stored area lying between the stored areas of this area's nearest
       placed neighbours in the document (the same place in the text, however many areas were
       added or removed elsewhere) whose heading scores at least SAME_AREA_SCORE against this one
       (rapidfuzz token_sort_ratio), the best of them;
    4. otherwise a new area.
    A placed area takes the file's key when the file names it (the file is the authority on keys:
    an area it renames is found by its heading, then stored under the new key); otherwise it keeps
    its stored key, and a new area gets its heading's slug.
    """
    by_key = {area.key: area for area in stored}
    taken: dict[int, StoredArea] = {}  # document position → stored area
    for index, area in enumerate(document):
        found = by_key.get(area.file_key) if area.file_key else None
        if found is not None:
            taken[index] = found
    claimed = {area.id for area in taken.values()}
    by_title = {area.title: area for area in stored}
    for index, area in enumerate(document):
        found = by_title.get(area.title)
        if index not in taken and found is not None and found.id not in claimed:
            taken[index] = found
            claimed.add(found.id)
    for index, area in enumerate(document):
        if index in taken:
            continue
        found = _reworded(area.title, _between(stored, taken, index, len(document)), claimed)
        if found is not None:
            taken[index] = found
            claimed.add(found.id)
    keys = {area.key for area in stored} | {a.file_key for a in document if a.file_key}
    placed = []
    for index, area in enumerate(document):
        row = taken.get(index)
        if area.file_key:
            key = area.file_key
        elif row is not None:
            key = row.key
        else:
            key = _free(area_slug(area.title), keys)
            keys.add(key)
        placed.append(Placed(area.title, key, row.id if row else None))
    return placed


def _between(stored: Sequence[StoredArea], taken: dict[int, StoredArea], index: int, count: int) -> list[StoredArea]:
    """The stored areas after the stored area of the nearest placed area before `index`
    and before that of the nearest after."""
    before = next((taken[i].position for i in range(index - 1, -1, -1) if i in taken), None)
    after = next((taken[i].position for i in range(index + 1, count) if i in taken), None)
    return [
        area
        for area in stored
        if (before is None or area.position > before) and (after is None or area.position < after)
    ]


def _reworded(title: str, candidates: Iterable[StoredArea], claimed: set[int]) -> StoredArea | None:
    scored = [
        (fuzz.token_sort_ratio(title, area.title, processor=utils.default_process), area)
        for area in candidates
        if area.id not in claimed
    ]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best is not None and best[0] >= SAME_AREA_SCORE else None


def _free(key: str, taken: set[str]) -> str:
    """`key`, or `key-2`, `key-3`, ... when an area (perhaps one no longer in the document) already has it."""
    candidate, number = key, 2
    while candidate in taken:
        candidate, number = f"{key}-{number}", number + 1
    return candidate


class AreaIds:
    """The stored areas as the last sync left them, by heading, key and id.

    Every stored area is here: the document's by their current heading, and those no
    longer in the document (whose history is kept) by their last one.
    """

    def __init__(self, stored: Iterable[StoredArea], document_keys: Iterable[str]) -> None:
        stored = list(stored)
        current = set(document_keys)
        self._by_id = {area.id: area for area in stored}
        self._by_key = {area.key: area for area in stored}
        # a heading stands for the document's area, even if an area no longer in the text once had it
        self._by_title = {area.title: area for area in sorted(stored, key=lambda area: area.key in current)}

    def id(self, title: str) -> int:
        """The stored id of an area of the document: the sync stores every one."""
        return self._by_title[title].id

    def key(self, title: str) -> str:
        """The key of an area of the document."""
        return self._by_title[title].key

    def by_title(self, title: str) -> StoredArea | None:
        return self._by_title.get(title)

    def by_key(self, key: str) -> StoredArea | None:
        return self._by_key.get(key)

    def by_id(self, row_id: int) -> StoredArea:
        return self._by_id[row_id]
