"""Every step of the update conversation has its answer-taker and its question: the table is complete."""

from __future__ import annotations

from typing import get_args

from handlers.update import _ASKED, Step, UpdateFlow


def test_every_step_takes_its_answer() -> None:
    answers = UpdateFlow()._answers()
    assert set(answers) == set(get_args(Step))
    assert all(answer.__name__ == f"_on_{step}" for step, answer in answers.items())


def test_one_sentence_questions_are_of_steps_that_exist() -> None:
    assert set(_ASKED) <= set(get_args(Step))
