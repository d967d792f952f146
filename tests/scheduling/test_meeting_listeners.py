"""A change to the meetings is told to the listeners of its own runtime only: two runtimes in one process
(two bots, or a test beside another) do not re-plan each other's schedules."""

from __future__ import annotations

from pathlib import Path

from bot.clock import FakeClock
from tests.conftest import make_runtime


async def test_two_runtimes_do_not_share_meeting_listeners(tmp_path: Path, clock: FakeClock) -> None:
    first = make_runtime(f"sqlite+aiosqlite:///{tmp_path / 'first.db'}", clock)
    second = make_runtime(f"sqlite+aiosqlite:///{tmp_path / 'second.db'}", clock)
    heard: list[str] = []

    async def first_heard() -> None:
        heard.append("first")

    async def second_heard() -> None:
        heard.append("second")

    stop_first = first.on_meetings_changed(first_heard)
    second.on_meetings_changed(second_heard)
    await first.meetings_changed()
    assert heard == ["first"]
    await second.meetings_changed()
    assert heard == ["first", "second"]
    stop_first()
    stop_first()  # stopping twice is harmless (a scheduler stopped after a failed start)
    await first.meetings_changed()
    assert heard == ["first", "second"]
