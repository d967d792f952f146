"""`partnerbot export updates --format csv|json [--since DATE]`, as a real process on a real database: every
update, superseded ones too, with what a chair files (area, lead, side, status, fields, times)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CONFIG
from tests.test_cli import run


def common(database_url: str) -> list[str]:
    return ["--config", str(EXAMPLE_CONFIG), "--database-url", database_url]


def give_updates(tmp_path: Path, database_url: str) -> None:
    assert run("db", "upgrade", "--database-url", database_url, cwd=tmp_path).returncode == 0
    for person, message in (
        ("kim", 'update maritime: at risk — calendar, "EU navy" dates\nsecond line'),
        ("rossi", "update maritime: on track — resolved"),
        ("kim", "update maritime: on track — agreed with Rossi"),
    ):
        saved = run("ask", *common(database_url), "--as", person, message, cwd=tmp_path)
        assert "Saved" in saved.stdout, saved.stderr


@pytest.mark.slow
def test_every_update_as_csv_and_json(tmp_path: Path, database_url: str) -> None:
    give_updates(tmp_path, database_url)
    exported = run("export", "updates", "--format", "csv", *common(database_url), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [(r["person_id"], r["status"]) for r in rows] == [
        ("kim", "at_risk"),
        ("rossi", "on_track"),
        ("kim", "on_track"),
    ]
    first = rows[0]
    assert (
        first["area_key"] == "maritime"
        and first["area"].startswith("Maritime Security")
        and first["person"] == "Kim Min-jun"
        and first["side"] == "ROK"
    )
    assert 'calendar, "EU navy" dates second line' in first["progress"] + first["blockers"]  # commas and quotes survive
    assert first["created_at"].endswith("+00:00") and first["edited_at"] == ""

    as_json = tmp_path / "updates.json"
    written = run(
        "export", "updates", "--format", "json", "--output", str(as_json), *common(database_url), cwd=tmp_path
    )
    assert written.returncode == 0 and f"wrote {as_json}" in written.stdout, written.stderr
    records = json.loads(as_json.read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == [int(r["id"]) for r in rows] and records[1]["person"] == "Marco Rossi"
    assert records[0]["edited_at"] is None


@pytest.mark.slow
def test_since_a_day_and_a_bad_day(tmp_path: Path, database_url: str) -> None:
    give_updates(tmp_path, database_url)
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    later = run("export", "updates", "--format", "json", "--since", tomorrow, *common(database_url), cwd=tmp_path)
    assert later.returncode == 0 and json.loads(later.stdout) == []
    today = run(
        "export",
        "updates",
        "--format",
        "json",
        "--since",
        (date.today() - timedelta(days=1)).isoformat(),
        *common(database_url),
        cwd=tmp_path,
    )
    assert len(json.loads(today.stdout)) == 3
    bad = run("export", "updates", "--since", "31/01/2027", *common(database_url), cwd=tmp_path)
    assert (
        bad.returncode == 2
        and bad.stderr.strip() == "partnerbot: error: --since 31/01/2027: give a day as YYYY-MM-DD, e.g. 2027-01-31"
    )
