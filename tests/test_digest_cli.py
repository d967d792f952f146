"""`partnerbot digest preview|export` and `partnerbot db upgrade`, as real processes on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CONFIG
from tests.test_cli import run


def common(tmp_path: Path, database_url: str) -> list[str]:
    return ["--config", str(EXAMPLE_CONFIG), "--database-url", database_url]


@pytest.mark.slow
def test_db_upgrade_then_digest_preview_and_exports(tmp_path: Path, database_url: str) -> None:
    upgraded = run("db", "upgrade", "--database-url", database_url, cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "up to date" in upgraded.stdout
    update = run(
        "ask",
        *common(tmp_path, database_url),
        "--as",
        "kim",
        "update maritime: blocked — <b>dates</b> & calendar > all",
        cwd=tmp_path,
    )
    assert "Saved" in update.stdout, update.stderr

    preview = run("digest", "preview", *common(tmp_path, database_url), cwd=tmp_path)
    assert preview.returncode == 0, preview.stderr
    assert "digest for the Security and Defence Dialogue" in preview.stdout
    assert "🔴 blocked 1" in preview.stdout

    markdown = tmp_path / "digest.md"
    exported = run(
        "digest",
        "export",
        "--format",
        "markdown",
        "--output",
        str(markdown),
        *common(tmp_path, database_url),
        cwd=tmp_path,
    )
    assert exported.returncode == 0, exported.stderr
    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("# EU–ROK Security and Defence Partnership — digest for the Security and Defence Dialogue")
    assert "\\<b\\>dates\\</b\\> \\& calendar \\> all" in text  # user text stays text

    page = tmp_path / "digest.html"
    exported = run(
        "digest",
        "export",
        "--format",
        "html",
        "--meeting",
        "sdd-2027",
        "--output",
        str(page),
        *common(tmp_path, database_url),
        cwd=tmp_path,
    )
    assert exported.returncode == 0, exported.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "@media print" in html
    assert "&lt;b&gt;dates&lt;/b&gt; &amp; calendar &gt; all" in html and "<b>dates</b>" not in html
    assert "<link" not in html and "<script" not in html  # self-contained


@pytest.mark.slow
def test_digest_of_an_unknown_meeting_is_a_clear_error(tmp_path: Path, database_url: str) -> None:
    result = run("digest", "preview", "--meeting", "nope-2099", *common(tmp_path, database_url), cwd=tmp_path)
    assert result.returncode == 2
    assert "No meeting with id “nope-2099”" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_export_to_an_unwritable_place_is_a_clear_error(tmp_path: Path, database_url: str) -> None:
    result = run(
        "digest",
        "export",
        "--output",
        str(tmp_path / "missing" / "x.md"),
        *common(tmp_path, database_url),
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "cannot write" in result.stderr
