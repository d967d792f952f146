"""How long the text runs: it sets no end date; what it says of its own review is quoted, and nothing else."""

from __future__ import annotations

from pathlib import Path

from bot import intents
from bot.knowledge import Knowledge
from bot.render.text import render_text
from handlers.document import answer_document

FIXTURES = Path(__file__).parent.parent / "fixtures" / "documents"


def test_another_partnership_quotes_its_own_review_not_a_review_conference() -> None:
    """The EU–Australia text also speaks of "the 2026 Review Conference" of the BTWC: no review of its own."""
    knowledge = Knowledge.load([str(FIXTURES / "eu-australia-security-defence-partnership-2025.txt")])
    answer = render_text(answer_document(knowledge, intents.DocumentInfo("duration")))
    assert answer.startswith("The text sets no end date or expiry. What it says of its review:")
    assert "review the implementation of this Partnership" in answer
    assert "Review Conference" not in answer


def test_a_text_that_says_nothing_of_its_review_says_so() -> None:
    knowledge = Knowledge.load([str(FIXTURES / "eu-canada-security-defence-consultations-2023-outcome.txt")])
    answer = render_text(answer_document(knowledge, intents.DocumentInfo("duration")))
    assert answer == "The text sets no end date or expiry, and says nothing of its review."


def test_the_review_of_a_treaty_it_speaks_of_is_not_its_own() -> None:
    """The EU–Japan text speaks of "the review process of the NPT" and of its own fields "reviewed every two years"."""
    knowledge = Knowledge.load([str(FIXTURES / "eu-japan-security-defence-partnership-2024.txt")])
    answer = render_text(answer_document(knowledge, intents.DocumentInfo("duration")))
    assert "reviewed every two years" in answer and "Nuclear Non-Proliferation Treaty" not in answer
