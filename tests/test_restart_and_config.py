"""A real restart mid-conversation, the working-group file checks, and syncing the file without losing history."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app.dispatcher import Dispatcher
from bot.clock import FakeClock
from bot.runtime import Runtime
from storage import repo
from storage.models import PersonRow, RoleRow
from tests.conftest import EXAMPLE_CONFIG, chat_as, make_runtime
from tests.test_cli import run


@pytest.mark.slow
def test_conversation_resumes_after_a_real_restart(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    common = ["--config", str(EXAMPLE_CONFIG), "--database-url", database, "--as", "kim"]
    first = run("console", *common, stdin="update maritime\nat risk\nPort call agreed\n", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "What makes it at risk?" in first.stdout  # the process ends while the bot waits for the reason (blockers)
    second = run(
        "console", *common, stdin="Dates from the chairs\nskip\n§14(b)\nsave\nstatus of maritime\n", cwd=tmp_path
    )
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("(You were updating Maritime Security; next: blockers.)")  # where the lead was
    assert "Next steps before the next Dialogue?" in second.stdout  # resumed at the same step
    assert "Saved your update for Maritime Security" in second.stdout
    assert "Progress: Port call agreed" in second.stdout and "Blockers: Dates from the chairs" in second.stdout
    assert "at risk — Kim Min-jun" in second.stdout


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "workgroup.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BAD = """\
partnership:
  name: Test
  timezone: Europe/Brussels
people:
  - id: anna
    name: Anna
    roles: [chair]
    timezone: Mars/Olympus
  - id: anna
    name: Anna again
    roles: [lead]
  - id: bo
    name: Bo
    roles: [member]
areas:
  maritime:
    leads: [bo, ghost]
  security:
    leads: [anna]
  basket weaving:
    leads: []
"""


@pytest.mark.slow
def test_config_check_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, BAD.replace("Mars/Olympus", "Europe/Brussels"))
    result = run("config", "check", str(path), cwd=tmp_path)
    assert result.returncode == 1
    out = result.stdout
    assert "line 9: duplicate person id 'anna' (first at line 5)" in out
    assert "line 17: area 'maritime': bo leads it but does not have the lead role" in out
    assert "line 17: area 'maritime': unknown person id 'ghost'" in out
    assert "line 18: area 'security' matches several areas" in out
    assert "line 20: area 'basket weaving' matches no area of the document" in out


@pytest.mark.slow
def test_config_check_reports_a_bad_timezone_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, BAD)
    result = run("config", "check", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert "line 8: people[anna].timezone: unknown timezone 'Mars/Olympus'" in result.stdout


@pytest.mark.slow
def test_config_check_passes_the_example(tmp_path: Path) -> None:
    result = run("config", "check", str(EXAMPLE_CONFIG), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


@pytest.mark.slow
def test_a_broken_file_stops_the_console_with_its_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "people: [ {id: x\n")
    result = run("console", "--config", str(path), stdin="§14\n", cwd=tmp_path)
    assert result.returncode == 2
    assert "not valid YAML" in result.stderr and "Traceback" not in result.stderr


async def test_sync_keeps_history_of_people_removed_from_the_file(
    tmp_path: Path, database_url: str, clock: FakeClock
) -> None:
    runtime = make_runtime(database_url, clock)
    await chat_as(Dispatcher(runtime), "kim").say("update maritime: on track — all good")
    await runtime.close()
    smaller = EXAMPLE_CONFIG.read_text(encoding="utf-8").replace("leads: [rossi, kim]", "leads: [rossi]")
    cut = smaller.index("  - id: kim")
    smaller = smaller[:cut] + smaller[smaller.index("  - id: novak") :]
    smaller = smaller.replace("leads: [jansen, kim]", "leads: [jansen]")
    config = tmp_path / "smaller.yaml"
    config.write_text(smaller, encoding="utf-8")
    runtime = make_runtime(database_url, clock, config=config)
    try:
        db = await runtime.database()
        async with db.session() as session:
            ids = await repo.area_ids(session)
            rows = await repo.history(session, ids["maritime"])
            people = {p.id: p.active for p in (await session.scalars(select(PersonRow))).all()}
        assert [r.person_id for r in rows] == ["kim"]
        assert people["kim"] is False and people["rossi"] is True
        reply = await chat_as(Dispatcher(runtime), "schmidt").say("status of maritime")
        assert "on track — kim" in reply  # the update stays, under the id of someone no longer listed
    finally:
        await runtime.close()


async def test_file_meetings_are_synced_once(runtime: Runtime) -> None:
    db = await runtime.database()
    async with db.session() as session:
        meetings = {m.id: m.date.isoformat() for m in await repo.meetings(session)}
    assert meetings == {"sdd-2026": "2026-03-10", "sdd-2027": "2027-03-15", "sd-2027": "2027-05-20"}


@pytest.mark.slow
async def test_processes_starting_together_both_sync_the_working_group(database_url: str, clock: FakeClock) -> None:
    """A Slack and a Telegram process started at once each replace the roles and identities: on PostgreSQL the
    second inserted what the first had just inserted and failed to start (duplicate key on roles)."""
    first = make_runtime(database_url, clock)
    await first.database()  # migrated, as a deployment's `db upgrade` leaves it
    for _ in range(3):
        runtimes = [make_runtime(database_url, clock) for _ in range(3)]
        try:
            for r in runtimes:  # each process migrates first (alembic's context is one per process), then syncs
                await r.open_database().upgrade()
            await asyncio.gather(*(r.database() for r in runtimes))
        finally:
            for r in runtimes:
                await r.close()
    async with first.open_database().sessions() as session:
        chairs = await session.scalars(select(RoleRow.person_id).where(RoleRow.role == "chair"))
        assert sorted(chairs) == ["mueller", "park"]
    await first.close()
