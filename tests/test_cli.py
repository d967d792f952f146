"""The command line as a user runs it: real processes, real files, real exit codes."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CONFIG, ROOT

pytestmark = pytest.mark.slow  # real processes: `pytest -m "not slow"` leaves them out

BUNDLED = ROOT / "bot" / "data" / "eu-rok-security-defence-partnership-2024.txt"
VARIANT = ROOT / "tests" / "fixtures" / "documents" / "eu-new-zealand-joint-statement-2025.txt"


def run(
    *args: str,
    stdin: str | None = None,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    memory_limit: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` as a user runs it; `memory_limit` (bytes of address space) keeps a runaway
    from the machine."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
    environment.update(env or {})

    def limit_memory() -> None:
        if memory_limit is not None:
            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            limit = memory_limit if hard == resource.RLIM_INFINITY else min(memory_limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))

    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=timeout,
        preexec_fn=limit_memory,
    )


def test_ask_prints_the_answer(tmp_path: Path) -> None:
    result = run("ask", "what does §14 commit to", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "will establish a regular maritime security dialogue" in result.stdout
    assert "— §14(d)" in result.stdout
    assert result.stderr == ""


def test_ask_json(tmp_path: Path) -> None:
    result = run("ask", "--json", "paragraph 14(b)", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == {"question", "intent", "answer", "citations", "confidence", "entities"}
    assert answer["question"] == "paragraph 14(b)"
    assert answer["intent"] == "paragraph"
    assert answer["citations"] == ["§14(b)", "§14"]
    assert answer["confidence"] >= 0.9
    assert answer["entities"] == [{"kind": "paragraph", "value": "§14(b)", "start": 0, "end": 15, "score": 1.0}]


def test_ask_json_reads_one_question_per_line(tmp_path: Path) -> None:
    result = run("ask", "--json", stdin="§14\nwhat is FIMI\n§99\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == ["§14", "what is FIMI", "§99"]
    assert lines[0]["citations"][0] == "§14"
    assert lines[1]["intent"] == "glossary"
    assert lines[2]["citations"] == []


def test_ask_batch_keeps_the_context_between_lines(tmp_path: Path) -> None:
    result = run("ask", "--json", stdin="what does §16 say\nwhat about 15?\n사이버 안보 협력은?\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[1]["citations"][0] == "§15"
    assert lines[2]["citations"][0] == "§15" and lines[2]["answer"].startswith("(문서가")


def test_console_with_piped_stdin(tmp_path: Path) -> None:
    result = run("console", stdin="what does §14 commit to\nwhat is WPS\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "will establish a regular maritime security dialogue" in result.stdout
    assert "WPS stands for Women, Peace and Security." in result.stdout
    assert "you>" not in result.stdout  # no prompt when piped


def test_several_documents_cite_the_others_by_short_name(tmp_path: Path) -> None:
    result = run(
        "ask", "--json", "--document", str(BUNDLED), "--document", f"NZ2025={VARIANT}", "NZ2025 §2", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["citations"][0] == "NZ2025 §2"
    result = run("ask", "--json", "--document", str(BUNDLED), "--document", f"NZ2025={VARIANT}", "§2", cwd=tmp_path)
    assert json.loads(result.stdout)["citations"][0] == "§2"


def test_document_setting_from_the_environment(tmp_path: Path) -> None:
    result = run("ask", "--json", "§9", cwd=tmp_path, env={"PARTNERBOT_DOCUMENT": str(VARIANT)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["citations"][0] == "§9"
    result = run("ask", "§10", cwd=tmp_path, env={"PARTNERBOT_DOCUMENT": str(VARIANT)})
    assert "paragraphs run from §1 to §9" in result.stdout


def test_bad_setting_is_named_without_a_traceback(tmp_path: Path) -> None:
    result = run("ask", "§14", cwd=tmp_path, env={"PARTNERBOT_DATABASE_URL": "mysql://nope"})
    assert result.returncode == 2
    assert "PARTNERBOT_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_document_gets_a_clear_error(tmp_path: Path) -> None:
    not_a_document = ROOT / "tests" / "fixtures" / "documents" / "not-a-document.txt"
    for args in (
        ("ask", "--document", str(not_a_document), "§1"),
        ("document", "check", str(not_a_document)),
        ("ask", "--document", str(tmp_path / "missing.txt"), "§1"),
    ):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert "error" in result.stderr and "Traceback" not in result.stderr


def test_document_check_reports_what_was_understood(tmp_path: Path) -> None:
    result = run("document", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Paragraphs: 41 (§1–§41)" in out
    assert "Areas (15):" in out
    assert "FIMI = foreign information manipulation and interference" in out
    assert "Security and Defence Dialogue — §6(b)" in out
    assert "Warnings (0):" in out


def test_document_check_warns_about_gaps_and_duplicates(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text(
        "A Partnership\n1. The parties will meet.\n2. They will talk.\n4. They will agree.\n4. Again.\n5. The end.\n",
        encoding="utf-8",
    )
    result = run("document", "check", str(broken), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "gap in numbering: §3–§3 missing" in result.stdout or "gap in numbering" in result.stdout
    assert "duplicate paragraph number 4" in result.stdout


def test_ask_as_unknown_person_is_a_clear_error(tmp_path: Path) -> None:
    result = run("ask", "--config", str(EXAMPLE_CONFIG), "--as", "nobody", "§14", cwd=tmp_path)
    assert result.returncode == 2
    assert "--as nobody: no such person" in result.stderr


def test_ask_needs_a_question(tmp_path: Path) -> None:
    result = run("ask", cwd=tmp_path)
    assert result.returncode == 2
    assert "needs a question" in result.stderr


@pytest.mark.parametrize(
    "args", [["--help"], ["ask", "--help"], ["digest", "export", "--help"], ["serve", "slack", "--help"]]
)
def test_help_for_every_command(tmp_path: Path, args: list[str]) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 0
    assert "usage: partnerbot" in result.stdout


def test_a_line_that_is_not_utf8_is_answered_with_the_others(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        input="what is FIMI\n".encode() + b"\xff\xfe stray bytes\n" + "§14\n".encode(),
        capture_output=True,
        cwd=tmp_path,
        env=environment | {"PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(lines) == 3
    assert lines[0]["intent"] == "glossary"
    assert "\ufffd" in lines[1]["question"]  # the bytes that are not UTF-8, replaced
    assert lines[2]["question"] == "§14" and lines[2]["citations"][0] == "§14"


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=environment,
    )
    assert process.stdout is not None and process.stdin is not None
    process.stdin.write(("§14\n" * 300).encode())
    process.stdin.close()
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read().decode() if process.stderr else ""
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_an_unreachable_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("db", "upgrade", "--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("partnerbot: error: cannot reach the database:") and result.stderr.count("\n") == 1
