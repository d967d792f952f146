"""Button values: one encoding (`step:answer`) for what a button answers, short enough for Telegram's
64-byte callback_data; a longer value goes by its position and comes back as the button's label."""

from __future__ import annotations

from typing import get_args

import pytest

from bot.model import CHOOSE, ButtonValue, Choice, Option, Reply
from bot.render.telegram import CALLBACK_DATA_LIMIT, callback_data, resolve_callback
from bot.understanding.context import pick
from handlers.update import Step, _choices_for


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (ButtonValue("status", "on_track"), "status:on_track"),
        (ButtonValue("confirm", "save"), "confirm:save"),
        (ButtonValue("area", "2"), "area:2"),
        (ButtonValue(CHOOSE, "3"), "choose:3"),
    ],
)
def test_a_button_value_encodes_as_step_colon_answer_and_back(value: ButtonValue, stored: str) -> None:
    assert value.encode() == stored
    assert ButtonValue.decode(stored) == value


@pytest.mark.parametrize("typed", ["update Maritime", "status: on track", "Status:x", "cyber", "", "choose:"])
def test_a_command_or_typed_text_is_no_button_answer(typed: str) -> None:
    assert ButtonValue.decode(typed) is None


def test_every_button_of_the_update_conversation_fits_telegram_and_names_its_step() -> None:
    titles = ["Maritime security and counter-piracy", "Cyber security and hybrid threats", "Space security"]
    for step in get_args(Step):
        for choice in _choices_for(step, titles):
            assert len(choice.value.encode("utf-8")) <= CALLBACK_DATA_LIMIT, choice
            pressed = ButtonValue.decode(choice.value)
            assert pressed is not None and pressed.step == step, choice


def test_an_offer_s_buttons_pick_by_number_and_a_long_value_comes_back_as_its_label() -> None:
    reply = Reply()
    reply.offer(
        [Option(label="yes", text="yes", message="yes"), Option(label="no", text="no", message="no")],
        labels=["Yes", "No"],
    )
    assert [c.value for c in reply.choices] == ["choose:1", "choose:2"]
    assert pick(list(reply.offers), reply.choices[1].value) == reply.offers[1]
    long = [Choice(label="Update Maritime", value="update " + "Maritime security " * 5)]
    data = callback_data(long, 0)
    assert data == "c:0" and len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT
    assert resolve_callback(data, [c.label for c in long]) == "Update Maritime"
