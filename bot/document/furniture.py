"""Recognising page furniture: the lines a PDF export repeats on every page.

Reference lines, unit codes, page numbers, classification markings and the cover
note's distribution codes carry no content; they are dropped wherever they fall,
so that a paragraph split by a page break is joined back whole.
"""

from __future__ import annotations

import re

# Document references, which some layouts print on one line with the classification.
_REFERENCES = [
    r"[A-Z]{2,8}\s?\(\d{4}\)\s?\d+(\s*(REV|COR)\s*\d*)?",  # EEAS(2024) 1267
    r"(ST|SN|CM|COM|PE|JOIN)\s+\d{1,6}/\d{2}(\s+[A-Z]+)*",  # ST 9876/23
    r"\d{3,6}/\d{2}(\s+(ADD|REV|COR)\s*\d*)*",  # 14319/24
]
_CLASSIFICATION = (
    r"limite|limited|restricted|restreint ue/eu restricted|restreint ue|sensitive|confidential|unclassified"
)

# Codes and language markers must be upper case ("En" or "Cyber 2" are prose), so two lists.
_CODES = _REFERENCES + [
    r"[A-Z][A-Z/]{1,14}\.\d{1,2}",  # PCM.2, RELEX.5, ASIAPAC.1
    r"EN|FR|DE|EN/FR",
    r"[A-Z]{2,3}/[a-z]{2,4}",  # author initials, SM/mgc
    # the cover note's distribution codes: CIVCOM 247, DUAL USE 62, CFSP/PESC 1413 CONUN 195
    r"[A-Z][A-Z/]{1,15}( [A-Z]{2,15})? \d{1,5}( [A-Z][A-Z/]{1,15}( [A-Z]{2,15})? \d{1,5})*",
]
_MARKINGS = [
    r"\d{1,3}",  # bare page number
    r"-\s?\d{1,3}\s?-",  # - 5 -
    r"\d{1,3}\s?/\s?\d{1,3}",  # 5/12
    r"(page|p\.)\s*\d{1,3}(\s*(of|/)\s*\d{1,3})?",
    _CLASSIFICATION,
    r"\[?deleted\]?",
    r"\(or\.\s*[a-z]{2}\)",  # (OR. en)
    r"distribution marking.*",
    r"document partially accessible to the public.*",
]
_CODE = re.compile("|".join(f"(?:{p})" for p in _CODES))
_MARKING = re.compile("|".join(f"(?:{p})" for p in _MARKINGS), re.IGNORECASE)
_REFERENCE = "|".join(f"(?:{p})" for p in _REFERENCES)
# "EEAS(2024) 1391 LIMITE" or "LIMITE EEAS(2024) 1391": a header that prints both on one line.
_REFERENCE_AND_MARKING = re.compile(
    rf"(?:{_REFERENCE})\s+(?i:{_CLASSIFICATION})|(?i:{_CLASSIFICATION})\s+(?:{_REFERENCE})"
)


def is_furniture(line: str) -> bool:
    """True for a whole line that is page furniture, never for a line of prose."""
    stripped = line.strip()
    return not stripped or any(p.fullmatch(stripped) for p in (_CODE, _MARKING, _REFERENCE_AND_MARKING))
