"""Classing each commitment sentence by its verb: firm, exploratory or continuing.

Chairs read "will establish" and "will explore" very differently; the class lets
answers and digests say which kind of promise a paragraph makes.
"""

from __future__ import annotations

import re

from bot.document.model import Commitment, CommitmentKind

_EXPLORATORY = re.compile(
    r"\b(will (?:further )?(?:explore|consider|study|examine|look into|assess the possibility)"
    r"|exploring|explore|consider(?:ing)?)\b",
    re.IGNORECASE,
)
_CONTINUING = re.compile(
    r"\b(will (?:continue|keep|maintain|pursue|build on)|continu(?:e|ing)|building on|keep developing|making use of)\b",
    re.IGNORECASE,
)
_FIRM = re.compile(
    r"\b(will (?:\w+ly |further )?\w+|shall \w+|(?:have|has) decided to \w+|are committed to|is committed to|"
    r"establishing|launching|upgrading|developing|strengthening|deepening|enhancing)\b",
    re.IGNORECASE,
)
# one party named right before the verb: "The ROK will", "In this context, the EU will"; not "the EU and the ROK"
_ONE_PARTY = re.compile(
    r"(?:^|,\s*)(?:[Tt]he\s+)?(?!(?:These|This|Those|They|It|We|Both|Each|Such|All)\b)"
    r"(?P<party>[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*){0,3})\s*$"
)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; abbreviations such as "No. 3" are rare enough in this genre to ignore."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def classify(sentence: str) -> Commitment | None:
    """The sentence's commitment, or None when it commits to nothing (a statement of fact)."""
    # The earliest verb is the sentence's main one: "will be reviewed ... with a view to exploring" is firm.
    # On a tie ("will explore" is also "will <verb>") the more specific class wins.
    candidates = [
        (match.start(), rank, kind, match.group(1))
        for rank, (kind, pattern) in enumerate(
            (
                (CommitmentKind.EXPLORATORY, _EXPLORATORY),
                (CommitmentKind.CONTINUING, _CONTINUING),
                (CommitmentKind.FIRM, _FIRM),
            )
        )
        if (match := pattern.search(sentence))
    ]
    if not candidates:
        return None
    start, _, kind, verb = min(candidates)
    alone = _ONE_PARTY.search(sentence[:start])
    return Commitment(sentence=sentence, verb=verb.lower(), kind=kind, party=alone["party"] if alone else None)


def commitments_of(text: str) -> tuple[Commitment, ...]:
    found = (classify(s) for s in split_sentences(text))
    return tuple(c for c in found if c is not None)
