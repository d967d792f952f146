"""The digest's content: one table first, what needs attention by severity, co-leads who disagree,
participation per side, areas nobody reported in one line, and a past meeting's period ending at it."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.clock import FakeClock
from bot.model import Heading, Note, Table, Text
from bot.render.text import render_text
from bot.runtime import Runtime
from tests.digest_support import (
    a_round_with_trouble,
    at,
    digest,
    lines,
    record_prompts,
    row,
    save_update,
    section,
    table,
)

MARITIME = "Maritime Security"
CYBER = "Cyber issues"


async def test_needs_attention_is_ordered_by_severity_each_with_reason_and_age(
    runtime: Runtime, clock: FakeClock
) -> None:
    await a_round_with_trouble(runtime, clock)
    attention = lines(section(await digest(runtime), "Needs attention"))
    assert attention[:4] == [
        "🔴 blocked Cyber issues — ROK MOFA has not confirmed the date (Petra Novák, 15 Feb 2027, 14 days ago)",
        "🟠 at risk Maritime Security — Exercise calendar not shared (Kim Min-jun, 10 Feb 2027, 19 days ago)",
        "🟠 at risk Strategic Communications and countering Foreign Information Manipulation and Interference "
        "— Joint statement slipping (Pieter Jansen, 18 Feb 2027, 11 days ago)",
        "Leads disagree · Maritime Security — on track (Marco Rossi, 20 Feb 2027, 9 days ago); "
        "at risk (Kim Min-jun, 10 Feb 2027, 19 days ago)",
    ]
    kinds = [line.split(" · ")[0] if " · " in line.split(" — ")[0] else "status" for line in attention]
    first_unled, first_unreported = kinds.index("No lead"), kinds.index("No report")
    assert kinds[:4] == ["status"] * 3 + ["Leads disagree"]
    assert set(kinds[first_unled:first_unreported]) == {"No lead"} and set(kinds[first_unreported:]) == {"No report"}
    assert (
        "No lead · Approaches to resilience of critical infrastructure — nobody in the working-group file leads it"
        in attention
    )
    assert "No report · Countering Hybrid threats — never reported" in attention


async def test_co_leads_who_disagree_are_both_shown_newest_first_and_flagged(
    runtime: Runtime, clock: FakeClock
) -> None:
    await a_round_with_trouble(runtime, clock)
    body = section(await digest(runtime), MARITIME)
    assert any(isinstance(b, Note) and b.text.startswith("Leads disagree") for b in body)
    reported = [line for line in lines(body) if line.startswith("Reported by")]
    assert reported == [
        "Reported by Marco Rossi on 20 Feb 2027: 🟢 on track",
        "Reported by Kim Min-jun on 10 Feb 2027: 🟠 at risk",
    ]
    status = next(b for b in body if isinstance(b, Text))
    assert "".join(s.text for s in status.spans) == "Status: 🟠 at risk (no report → at risk)"  # the worst of the two


async def test_one_table_at_the_top_and_areas_nobody_reported_in_one_line(runtime: Runtime, clock: FakeClock) -> None:
    await save_update(
        runtime, clock, "kim", "maritime", "on_track", at("2026-02-01"), progress="Port call"
    )  # before sdd-2026
    await a_round_with_trouble(runtime, clock)
    reply = await digest(runtime)
    first_table = next(i for i, b in enumerate(reply.blocks) if isinstance(b, Table))
    assert not any(isinstance(b, Heading) for b in reply.blocks[1:first_table])  # nothing but the header before it
    overview = table(reply, "Area")
    assert overview.header == ("Area", "Status now", "Since the last Dialogue", "Leads", "Last report")
    assert len(overview.rows) == len(runtime.knowledge.library.areas)
    assert row(overview, MARITIME) == [
        MARITIME,
        "🟠 at risk",
        "on track → at risk",
        "Marco Rossi, Kim Min-jun",
        "20 Feb 2027",
    ]
    assert row(overview, CYBER) == [
        CYBER,
        "🔴 blocked",
        "no report → blocked",
        "Petra Novák, Lee Seo-yeon",
        "15 Feb 2027",
    ]
    assert row(overview, "Counterterrorism") == ["Counterterrorism", "— no report", "unchanged", "no lead", "never"]
    assert [c.tone for c in overview.rows[1]][1] == "at_risk"  # coloured where a page can
    unreported = section(reply, "No report this period")
    assert lines(unreported)[:2] == [
        "International peace and crisis management (§11–§12) — did not report: Pieter Jansen, Kim Min-jun",
        "Countering Hybrid threats (§17–§20) — did not report: Petra Novák, Lee Seo-yeon",
    ]
    assert len(lines(unreported)) == 12
    assert not any(isinstance(b, Heading) and b.text.startswith("Countering Hybrid threats") for b in reply.blocks)
    assert "no reported activity" not in render_text(reply).split("No report this period")[1]


async def test_participation_per_side_this_round_and_the_one_before(runtime: Runtime, clock: FakeClock) -> None:
    await record_prompts(runtime, "sdd-2026", ["rossi", "kim"])
    await save_update(runtime, clock, "kim", "maritime", "on_track", at("2026-02-01"))
    await record_prompts(runtime, "sdd-2027", ["rossi", "novak", "kim", "lee"])
    await a_round_with_trouble(runtime, clock)
    turnout = table(await digest(runtime), "Round")
    this, before = "Security and Defence Dialogue, 15 Mar 2027", "Security and Defence Dialogue, 10 Mar 2026"
    assert [[c.text for c in r] for r in turnout.rows] == [
        [this, "EU", "2: Marco Rossi, Petra Novák", "3: Marco Rossi, Petra Novák, Pieter Jansen", "—"],
        [this, "ROK", "2: Kim Min-jun, Lee Seo-yeon", "1: Kim Min-jun", "Lee Seo-yeon"],
        [before, "EU", "1: Marco Rossi", "0: —", "Marco Rossi"],
        [before, "ROK", "1: Kim Min-jun", "1: Kim Min-jun", "—"],
    ]


async def test_the_reporting_period_of_a_past_meeting_ends_at_that_meeting(runtime: Runtime, clock: FakeClock) -> None:
    await save_update(runtime, clock, "kim", "maritime", "on_track", at("2026-02-01"), progress="Port call agreed")
    await save_update(runtime, clock, "kim", "maritime", "blocked", at("2026-12-01"), blockers="December: dates lost")
    clock.set(at("2027-03-01"))
    past = render_text(await digest(runtime, "sdd-2026"))
    assert "Port call agreed" in past and "December: dates lost" not in past and "1 Dec 2026" not in past
    assert row(table(await digest(runtime, "sdd-2026"), "Area"), MARITIME)[1:2] == ["🟢 on track"]
    current = render_text(await digest(runtime, "sdd-2027"))
    assert "December: dates lost" in current and "Port call agreed" not in current


async def test_the_chart_has_every_area_at_each_dialogue(runtime: Runtime, clock: FakeClock) -> None:
    await save_update(runtime, clock, "kim", "maritime", "on_track", at("2026-02-01"))
    await a_round_with_trouble(runtime, clock)
    chart = (await digest(runtime)).chart
    assert chart is not None and chart.columns == ("10 Mar 2026", "15 Mar 2027")
    assert len(chart.rows) == len(runtime.knowledge.library.areas)
    statuses = {r.label: r.statuses for r in chart.rows}
    assert statuses[MARITIME] == ("on_track", "at_risk") and statuses[CYBER] == (None, "blocked")


async def test_a_read_that_fails_reaches_the_caller_as_itself_and_leaves_nothing_running(
    runtime: Runtime, clock: FakeClock
) -> None:
    """The paragraphs a period cites are read beside the digest's other reads: when one of those fails, the
    caller (the delivery's retries, the dispatcher's apology) gets that error, not an ExceptionGroup, and the
    read beside it has ended."""
    await a_round_with_trouble(runtime, clock)
    db = await runtime.database()
    async with db.session() as session:
        await session.execute(text("ALTER TABLE latest_updates RENAME TO latest_updates_gone"))
    others = asyncio.all_tasks() - {asyncio.current_task()}
    with pytest.raises(DBAPIError, match="latest_updates"):
        await digest(runtime)
    assert asyncio.all_tasks() - {asyncio.current_task()} == others
