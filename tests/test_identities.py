"""One typed identity per platform: a person's user ids by Platform, the only place the file's fields are read."""

from __future__ import annotations

from bot.model import Platform
from bot.workgroup import Person, WorkGroup


def test_a_person_has_an_id_on_each_platform_the_file_names() -> None:
    both = Person(id="kim", name="Kim", slack="U0LEADKR2", telegram=100014)
    assert both.identities() == {Platform.SLACK: "U0LEADKR2", Platform.TELEGRAM: "100014"}
    assert both.identity(Platform.TELEGRAM) == "100014"  # as Telegram sends it: text
    assert both.identity(Platform.CONSOLE) is None
    only_slack = Person(id="park", name="Park", slack="U0CHAIR01")
    assert only_slack.identities() == {Platform.SLACK: "U0CHAIR01"}
    assert only_slack.identity(Platform.TELEGRAM) is None


def test_a_platform_id_finds_its_person_and_no_other_platform_s() -> None:
    kim = Person(id="kim", name="Kim", slack="100014")
    lee = Person(id="lee", name="Lee", telegram=100014)
    workgroup = WorkGroup(people=(kim, lee))
    assert workgroup.by_platform(Platform.SLACK, "100014") == kim
    assert workgroup.by_platform(Platform.TELEGRAM, "100014") == lee
    assert workgroup.by_platform(Platform.CONSOLE, "100014") is None
