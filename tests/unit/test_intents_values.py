"""The values the exact forms read out of a message, by table: who is away and until when, the dialogue
and date of a meeting command, ranges of paragraphs, the area of a question, and what the guard refuses."""

from __future__ import annotations

from datetime import date

import pytest

from bot.intents import (
    MAX_MESSAGE_CHARS,
    Area,
    Away,
    Blockers,
    CancelMeeting,
    Chairs,
    DigestPreview,
    EditUpdate,
    Glossary,
    Help,
    History,
    Intent,
    Invalid,
    ListAreas,
    Mechanisms,
    Meetings,
    Missing,
    MoveMeeting,
    MyAreas,
    Paragraphs,
    Resolved,
    ScheduleMeeting,
    Status,
    Update,
    WhoLeads,
)
from bot.understanding.forms import classify
from bot.understanding.references import ParagraphRef


def refs(*numbers: int) -> Paragraphs:
    return Paragraphs(tuple(ParagraphRef(n) for n in numbers))


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("mark kim away until 2027-01-10", Away(date(2027, 1, 10), person="kim")),
        ("away", Away(None)),
        ("away until soon", Away(None)),  # not a date: the builder reads words
        ("ooo till 2027-02-30", Away(None)),  # no such day
        ("mark kim back", Away(None, person="kim", back=True)),
        ("not away", Away(None, back=True)),
        ("update", Update()),
        ("update cyber: blocked — no date", Update(area="cyber", one_line="blocked — no date")),
        ("update: at risk", Update(one_line="at risk")),
        ("/edit maritime", EditUpdate(area="maritime")),
        ("schedule sdd 2027-03-15 Seoul", ScheduleMeeting("sdd", date(2027, 3, 15), "Seoul")),
        ("schedule sdd 2027-03-15", ScheduleMeeting("sdd", date(2027, 3, 15), None)),
        ("schedule sdd next tuesday Brussels", ScheduleMeeting("sdd next tuesday Brussels", None, None)),
        ("move sdd-2027 to 2027-03-20", MoveMeeting("sdd-2027", date(2027, 3, 20))),
        ("move sdd-2027 to next friday", MoveMeeting("sdd-2027", None)),
        ("cancel sdd-2027", CancelMeeting("sdd-2027")),
        ("blockers", Blockers()),
        ("blockers in cyber", Blockers(area="cyber")),
        ("resolved", Resolved()),
        ("resolved for cyber.", Resolved(area="cyber")),
        ("digest preview", DigestPreview()),
        ("digest for sdd-2027", DigestPreview(meeting="sdd-2027")),
        ("meetings", Meetings()),
        ("when is the next meeting?", Meetings(next_only=True)),
        ("my areas", MyAreas()),
        ("missing", Missing()),
        ("history of cyber", History(area="cyber")),
        ("who leads what", WhoLeads()),
        ("who are the chairs", Chairs()),
        ("who leads the cyber?", WhoLeads(area="cyber")),
        ("status", Status()),
        ("status of cyber?", Status(area="cyber")),
        ("how is space going?", Status(area="space")),
        ("§§14-16", refs(14, 15, 16)),
        ("para 3 and 16", refs(3, 16)),
        ("paragraphs 38 to 39", refs(38, 39)),
        ("§14(c)", ParagraphRef(14, "c")),
        ("areas", ListAreas()),
        ("which dialogues are there", Mechanisms()),
        ("how often is the security and defence dialogue held?", Mechanisms(name="security and defence dialogue")),
        ("what is FIMI?", Glossary(term="FIMI")),
        ("what does WPS stand for", Glossary(term="WPS")),
        ("anything on north korea?", Area(query="north korea")),
        ("port calls.", Area(query="port calls")),
        ("@bot help", Help()),
        ("ok 👍", Area(query="ok 👍")),
        ("§", Area(query="§")),
    ],
)
def test_exact_forms_read_their_values(message: str, intent: Intent) -> None:
    assert classify(message) == intent


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("?!", "punctuation"),
        ("… — !", "punctuation"),
        ("x" * (MAX_MESSAGE_CHARS + 1), "too_long"),
        ("Привет мир", "script"),
    ],
)
def test_the_guard_says_why(message: str, reason: str) -> None:
    assert classify(message) == Invalid(reason)


def test_the_longest_message_is_read() -> None:
    assert classify("x" * MAX_MESSAGE_CHARS) == Area(query="x" * MAX_MESSAGE_CHARS)
