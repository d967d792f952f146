"""Every step of the update conversation has its answer-taker and its question: the table is complete."""

from __future__ import annotations

from typing import get_args

import pytest

from handlers.update import _ASKED, Step, UpdateFlow


def test_every_step_takes_its_answer() -> None:
    answers = UpdateFlow()._answers()
    assert set(answers) == set(get_args(Step))
    assert all(answer.__name__ == f"_on_{step}" for step, answer in answers.items())


def test_one_sentence_questions_are_of_steps_that_exist() -> None:
    assert set(_ASKED) <= set(get_args(Step))


@pytest.mark.parametrize(
    "answer, nothing",
    [
        ("nothing really", True),
        ("no blockers", True),
        ("none so far", True),
        ("all clear", True),
        ("no, nothing at the moment", True),
        ("nothing on my side", True),
        ("n/a for now", True),
        # a reason, however it starts
        ("no progress on the date", False),
        ("no one has replied from MOFA", False),
        ("nothing yet but the date may slip", False),
    ],
)
def test_the_ways_people_say_there_is_nothing(answer: str, nothing: bool) -> None:
    from handlers.update import _says_none

    assert _says_none(answer) is nothing
