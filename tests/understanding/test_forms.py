"""Exact forms are a pure function of the text: each maps to one typed intent."""

from __future__ import annotations

from datetime import date

import pytest

from bot import intents
from bot.understanding.forms import classify


@pytest.mark.parametrize(
    "message, expected",
    [
        ("§14", intents.ParagraphRef(14)),
        ("what does §14 commit to", intents.ParagraphRef(14)),
        ("paragraph 14(b)", intents.ParagraphRef(14, "b")),
        ("Summit2023 §4", intents.ParagraphRef(4, None, "Summit2023")),
        ("§14 and §15(a)", intents.Paragraphs((intents.ParagraphRef(14), intents.ParagraphRef(15, "a")))),
        ("§§14-16", intents.Paragraphs((intents.ParagraphRef(14), intents.ParagraphRef(15), intents.ParagraphRef(16)))),
        ("paragraphs 38 to 39", intents.Paragraphs((intents.ParagraphRef(38), intents.ParagraphRef(39)))),
        (
            "Summit2023 §4 and §5",
            intents.Paragraphs(
                (intents.ParagraphRef(4, None, "Summit2023"), intents.ParagraphRef(5, None, "Summit2023"))
            ),
        ),
        ("§14 and §14", intents.ParagraphRef(14)),
        ("§1-2024", intents.ParagraphRef(1)),
        ("what is FIMI", intents.Glossary("FIMI")),
        ("what does WPS stand for", intents.Glossary("WPS")),
        ("which dialogues are there", intents.Mechanisms()),
        ("how often is the security and defence dialogue held", intents.Mechanisms("security and defence dialogue")),
        ("status", intents.Status()),
        ("status of space dialogue", intents.Status("space dialogue")),
        ("how is cyber going?", intents.Status("cyber")),
        ("any news on maritime", intents.Status("maritime")),
        ("what's the latest on the maritime dialogue?", intents.Status("maritime dialogue")),
        ("history maritime", intents.History("maritime")),
        ("who leads cyber?", intents.WhoLeads("cyber")),
        ("who leads what?", intents.WhoLeads()),
        ("leads", intents.WhoLeads()),
        ("who are the chairs", intents.Chairs()),
        ("my areas", intents.MyAreas()),
        ("what's missing", intents.Missing()),
        ("away until 2027-01-10", intents.Away(date(2027, 1, 10))),
        ("mark kim away until 2027-01-10", intents.Away(date(2027, 1, 10), "kim")),
        ("mark kim back", intents.Away(None, "kim", back=True)),
        ("mark me away until 2027-01-10", intents.Away(date(2027, 1, 10))),
        ("mark me back", intents.Away(None, back=True)),
        ("update", intents.Update()),
        ("update maritime", intents.Update("maritime")),
        (
            "update space: at risk — first meeting slipped to May",
            intents.Update("space", "at risk — first meeting slipped to May"),
        ),
        ("edit", intents.EditUpdate()),
        (
            "schedule security and defence dialogue 2027-03-15 Seoul",
            intents.ScheduleMeeting("security and defence dialogue", date(2027, 3, 15), "Seoul"),
        ),
        (  # the words that join the parts to the date: "Scheduled … in in Brussels" once
            "schedule the strategic dialogue on 2027-06-01 in Brussels",
            intents.ScheduleMeeting("the strategic dialogue", date(2027, 6, 1), "Brussels"),
        ),
        ("move sdd-2027 to 2027-03-20", intents.MoveMeeting("sdd-2027", date(2027, 3, 20))),
        ("cancel sdd-2027", intents.CancelMeeting("sdd-2027")),
        ("meetings", intents.Meetings()),
        ("when is the next dialogue?", intents.Meetings(next_only=True)),
        ("digest preview", intents.DigestPreview()),
        ("maritime", intents.Area("maritime")),
        ("what do we say about disinformation", intents.Area("disinformation")),
        ("", intents.Invalid("empty")),
        ("...", intents.Invalid("punctuation")),
    ],
)
def test_classify(message: str, expected: intents.Intent) -> None:
    assert classify(message) == expected


def test_a_leading_mention_is_ignored() -> None:
    assert classify("@partnerbot what does §14 commit to") == intents.ParagraphRef(14)
