"""Which aspect of the document a question asks about: its commitments, nature, adoption, marking, sections, summary,
how long it runs."""

from __future__ import annotations

import re

from bot import intents
from bot.document.model import CommitmentKind

# The commitment classes, as partnerbot names them beside each quote: "firm|exploratory|continuing"
CLASSES = "|".join(kind.value for kind in CommitmentKind)
# "when does the partnership expire?", "how long is it valid?", "is there an end date?": was the next Dialogue's date,
# or a search of the text
ASKS_HOW_LONG_IT_RUNS = re.compile(
    r"\b(?:expir\w*|end\s+date|valid(?:ity)?\s+(?:until|till|for)|lapses?|renew\w*|duration|sunset)\b"
    r"|\bhow\s+long\s+(?:is|does|will)\s+(?:it|this|the\s+(?:partnership|text|document))\s+"
    r"(?:be\s+)?(?:valid|last|run|apply|in\s+force)\b|\bwhen\s+does\s+(?:it|the\s+partnership)\s+end\b"
    r"|만료|유효\s*기간",
    re.IGNORECASE,
)
# "what happens if one side doesn't deliver?", "are there penalties for non-compliance?": asked of the text's nature
ASKS_WHAT_IF_NOT_DELIVERED = re.compile(
    r"\bwhat\s+(?:happens|if)\b.*\b(?:doesn'?t|does\s+not|don'?t|do\s+not|fails?\s+to|won'?t)\s+"
    r"(?:deliver|comply|implement|follow\s+through|keep\s+(?:its|their)\s+(?:word|commitments?|promises?))\b"
    r"|\b(?:penalt(?:y|ies)|sanctions?|consequences?)\s+(?:for|of|if)\s+(?:non-?compliance|not\s+(?:delivering|complying))",
    re.IGNORECASE,
)
_DOCUMENT_ASPECTS = (
    ("duration", ASKS_HOW_LONG_IT_RUNS),
    (
        "commitments",
        re.compile(rf"\b(?:commitments?|{CLASSES}|new vs|promises?)\b|약속|공약", re.IGNORECASE),
    ),
    (
        "nature",
        re.compile(
            r"\b(?:binding|legal|treaty|enforceable|obligat\w*|nbi|kind of document|what kind)\b|구속력"
            # "what happens if one side doesn't deliver?": what its commitments are (was a search for "side")
            r"|\b(?:doesn'?t|does\s+not|don'?t|do\s+not|fails?\s+to|won'?t)\s+(?:deliver|comply|implement|follow\s+through)"
            r"|\bnon-?compliance\b|\bpenalt(?:y|ies)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "adoption",
        re.compile(
            r"\b(?:adopted|adoption|signed|when|where|date|agreed|issued|dated)\b|채택|서명|언제|어디", re.IGNORECASE
        ),
    ),
    (
        "classification",
        re.compile(r"\b(?:limite|classified|classification|restricted|marking|confidential)\b", re.IGNORECASE),
    ),
    (
        "sections",
        re.compile(
            r"\b(?:sections?|preface|framework|way forward|structure|chapters?|parts?)\b|구성|섹션", re.IGNORECASE
        ),
    ),
    (
        "summary",
        re.compile(r"\b(?:summar\w*|overview|tl;?dr|gist|in short|main points|key points)\b|요약|개요", re.IGNORECASE),
    ),
)
_COMPARED = re.compile(r"\b(?:vs|versus|compared?|or)\b|\bnew\b.*\b(?:and|or)\b", re.IGNORECASE)
_COMMITMENT_CLASS = re.compile(rf"\b({CLASSES})\b", re.IGNORECASE)
_SECTION_NAME = re.compile(r"\b(preface|general framework|framework|areas of cooperation|way forward)\b", re.IGNORECASE)


def is_section_name(text: str) -> bool:
    """ "way forward", "preface": a section's own name, not a longer one that has a section's word in it."""
    return _SECTION_NAME.fullmatch(text.strip()) is not None


def document_question(text: str) -> intents.DocumentInfo:
    """Which aspect of the document a question is about; "overview" when it names none."""
    aspect = next((name for name, pattern in _DOCUMENT_ASPECTS if pattern.search(text)), "overview")
    detail = None
    if aspect == "commitments":
        found = _COMMITMENT_CLASS.search(text)
        if _COMPARED.search(text) or found is None:
            detail = None  # "what is new vs continuing": every class, counted
        else:
            detail = found.group(1).lower()
    elif aspect == "sections":
        found = _SECTION_NAME.search(text)
        detail = found.group(1).lower() if found else None
    return intents.DocumentInfo(aspect, detail)
