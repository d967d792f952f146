"""The words a lead may answer the status question with, and the one-line update's status prefix."""

from __future__ import annotations

import pytest

from handlers.statuses import Status, parse_status, split_one_line, status_change


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ("2", Status.AT_RISK),
        ("at risk", Status.AT_RISK),
        ("at_risk", Status.AT_RISK),
        ("Amber.", Status.AT_RISK),
        ("green", Status.ON_TRACK),
        ("good", Status.ON_TRACK),
        ("red", Status.BLOCKED),
        ("done!", Status.COMPLETED),
        ("not yet started", Status.NOT_STARTED),
        ("6", None),
        ("0", None),
        ("reddish", None),
        ("purple", None),
        # a sentence that names one status and denies nothing
        ("going fine, on track", Status.ON_TRACK),
        ("We're at risk: the dates slipped", Status.AT_RISK),
        ("it's red", Status.BLOCKED),
        ("not started yet", Status.NOT_STARTED),
        # else it is asked again: a status read wrongly misleads the chairs
        ("not on track", None),
        ("isn't on track", None),
        ("no blockers", None),
        ("on track, maybe at risk by april", None),
        ("exercise planned for april", None),
        ("mostly fine but the port call slipped", None),  # was on track: "slipped" counted for nothing
        ("a bit behind", Status.AT_RISK),
        # were asked again
        ("going ok", Status.ON_TRACK),
        ("on hold", Status.BLOCKED),
        ("paused, waiting for MOFA", Status.BLOCKED),
        ("ok", None),  # said to acknowledge as often as to report
    ],
)
def test_a_status_answer_in_the_words_people_use(answer: str, status: Status | None) -> None:
    assert parse_status(answer) is status


@pytest.mark.parametrize(
    ("line", "status", "rest"),
    [
        ("at risk — first meeting slipped to May", Status.AT_RISK, "first meeting slipped to May"),
        ("amber: MOFA has not confirmed", Status.AT_RISK, "MOFA has not confirmed"),
        ("red - no date", Status.BLOCKED, "no date"),
        ("not started", Status.NOT_STARTED, ""),
        ("reduced staffing this quarter", None, "reduced staffing this quarter"),
        ("risky assessment pending", Status.AT_RISK, "assessment pending"),
        ("goods shipment arrived", None, "goods shipment arrived"),
    ],
)
def test_a_one_line_update_takes_its_status_only_from_a_whole_word(line: str, status: Status | None, rest: str) -> None:
    assert split_one_line(line) == (status, rest)


@pytest.mark.parametrize(
    ("answer", "change"),
    [
        ("actually make that amber, the March date is slipping", (Status.AT_RISK, "the March date is slipping")),
        ("make it red because the MoU stalled", (Status.BLOCKED, "the MoU stalled")),
        ("it's blocked now", (Status.BLOCKED, "")),  # "now" is no reason
        ("good, save it", None),  # saves what was summed up
        ("actually it's not on track", None),  # denied, not named: asked again rather than guessed
        ("Port call in Busan went ahead", None),  # no status changed
    ],
)
def test_a_status_said_to_replace_the_one_given_comes_with_what_follows_it_as_its_reason(
    answer: str, change: tuple[Status, str] | None
) -> None:
    assert status_change(answer) == change
