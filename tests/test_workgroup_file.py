"""The working-group file refuses what would hurt (alias bombs, duplicate keys, impossible dates), in one line
with its line number and exit status 2, from every command that reads it; and `config check` checks the file
against the document the bot would load for it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.workgroup import WorkGroupError, load_workgroup
from tests.conftest import ROOT
from tests.test_cli import run

# 9 levels of 9: 9**8 strings once anything walks it, from a few hundred bytes
BOMB = """\
partnership:
  name: Test
synonyms:
  - text: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
  - text: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  - text: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  - text: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  - text: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  - text: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  - text: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  - text: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  - text: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""
SELF_REFERENCE = """\
people: &everyone
  - id: anna
    name: Anna
    aliases: *everyone
"""
IMPOSSIBLE_DATE = """\
meetings:
  - id: sdd-2027
    kind: security-and-defence-dialogue
    date: 2027-02-30
"""
DUPLICATE_KEY = """\
people:
  - id: anna
    name: Anna
    roles: [member]
    timezone: Europe/Brussels
    roles: [admin]
"""
CONTROL_CHARACTER = """\
people:
  - id: park
    name: 박지우\x07
"""
# what each file gives: the line and the problem
REFUSED = {
    "alias bomb": (BOMB, "line 5: alias *a is not allowed (write the value out)"),
    "self-reference": (SELF_REFERENCE, "line 4: alias *everyone is not allowed (write the value out)"),
    "impossible date": (IMPOSSIBLE_DATE, "line 4: 2027-02-30 is not a valid date (day is out of range for month)"),
    "duplicate key": (DUPLICATE_KEY, "line 6: duplicate key 'roles' (first at line 4)"),
    "control character": (
        CONTROL_CHARACTER,
        "line 3: not valid YAML (unacceptable character #x0007: control characters are not allowed)",
    ),
}
# every command that reads the working-group file; FILE is replaced by its path
COMMANDS = {
    "config check": ["config", "check", "FILE"],
    "ask": ["ask", "--config", "FILE", "what does §14 commit to"],
    "console": ["console", "--config", "FILE"],
    "run": ["run", "--config", "FILE"],
    "serve slack": ["serve", "slack", "--config", "FILE"],
    "serve telegram": ["serve", "telegram", "--config", "FILE"],
    "scheduler": ["scheduler", "--config", "FILE"],
    "digest preview": ["digest", "preview", "--config", "FILE"],
    "digest export": ["digest", "export", "--output", "digest.md", "--config", "FILE"],
}
BOMB_SECONDS = 10  # it ran past two minutes and 9 GB; refused, it takes as long as any bad file
MEMORY_LIMIT = 4 * 1024**3  # should the bomb go off again, it fails the test and not the machine


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "workgroup.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def assert_one_line(result: subprocess.CompletedProcess[str], path: Path, problem: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"partnerbot: error: {path}: {problem}"]


@pytest.mark.parametrize(
    "name", [n for n in REFUSED if n != "alias bomb"]
)  # the bomb only in a process with a memory limit
def test_loading_refuses_it_with_its_line(tmp_path: Path, name: str) -> None:
    text, problem = REFUSED[name]
    with pytest.raises(WorkGroupError) as caught:
        load_workgroup(write(tmp_path, text))
    assert caught.value.problems == [problem]


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_the_alias_bomb_at_once_in_one_line(tmp_path: Path, command: str) -> None:
    path = write(tmp_path, BOMB)
    args = [str(path) if arg == "FILE" else arg for arg in COMMANDS[command]]
    try:
        result = run(*args, stdin="", cwd=tmp_path, timeout=BOMB_SECONDS, memory_limit=MEMORY_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command} still reading the alias bomb after {BOMB_SECONDS} s")
    assert_one_line(result, path, REFUSED["alias bomb"][1])


@pytest.mark.slow
@pytest.mark.parametrize("command", ["config check", "ask", "serve telegram"])
@pytest.mark.parametrize("name", [n for n in REFUSED if n != "alias bomb"])
def test_each_refusal_is_one_line_and_exit_2(tmp_path: Path, name: str, command: str) -> None:
    text, problem = REFUSED[name]
    path = write(tmp_path, text)
    result = run(*[str(path) if arg == "FILE" else arg for arg in COMMANDS[command]], stdin="", cwd=tmp_path)
    assert_one_line(result, path, problem)


def test_a_file_nested_a_thousand_levels_deep_is_a_problem_not_a_recursion_error(tmp_path: Path) -> None:
    """libyaml accepts 999 levels; the walk that finds each value's line went past Python's recursion limit."""
    depth = 995
    path = write(tmp_path, f"people:\n  - id: anna\n    name: Anna\n    aliases: {'[' * depth}{']' * depth}\n")
    with pytest.raises(WorkGroupError) as caught:
        load_workgroup(path)
    assert caught.value.problems == ["line 4: people[anna].aliases.0: Input should be a valid string"]


# --- checked against the file's own document -----------------------------------------------------------

CANADA = ROOT / "tests" / "fixtures" / "documents" / "eu-canada-security-defence-consultations-2023-outcome.txt"
CANADA_AREAS = [
    a["title"]
    for a in json.loads(CANADA.with_name(CANADA.name.replace(".txt", ".expected.json")).read_text(encoding="utf-8"))[
        "areas"
    ]
]
CANADA_WORKGROUP = """\
partnership:
  name: EU–Canada Security and Defence Consultations
  document: documents/eu-canada.txt
  timezone: America/Toronto
people:
  - id: tremblay
    name: Marie Tremblay
    roles: [lead, chair]
areas:
  support to ukraine:
    leads: [tremblay]
  military mobility:
    leads: [tremblay]
  transatlantic security:
    leads: [tremblay]
"""


@pytest.fixture
def canadian_group(tmp_path: Path) -> Path:
    """A working group of another partnership, naming its document by a path relative to the file."""
    (tmp_path / "documents").mkdir()
    shutil.copy(CANADA, tmp_path / "documents" / "eu-canada.txt")
    return write(tmp_path, CANADA_WORKGROUP)


def test_the_fixture_areas_are_not_the_bundled_documents() -> None:
    """What makes the next test mean something: none of these areas is one of the EU–ROK text."""
    assert {"Support to Ukraine", "Military mobility", "Transatlantic security and EU – NATO cooperation"} <= set(
        CANADA_AREAS
    )


@pytest.mark.slow
def test_config_check_checks_the_areas_against_the_document_the_file_names(canadian_group: Path) -> None:
    result = run("config", "check", str(canadian_group), cwd=canadian_group.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"{canadian_group}: OK\n"


@pytest.mark.slow
def test_the_bot_loads_that_file_with_that_document(canadian_group: Path) -> None:
    result = run("ask", "--config", str(canadian_group), "who leads military mobility", cwd=canadian_group.parent)
    assert result.returncode == 0, result.stderr
    assert "Marie Tremblay" in result.stdout


@pytest.mark.slow
def test_the_command_line_document_still_overrides_the_files(canadian_group: Path) -> None:
    other = ROOT / "tests" / "fixtures" / "documents" / "eu-japan-security-defence-partnership-2024.txt"
    result = run("config", "check", str(canadian_group), "--document", str(other), cwd=canadian_group.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{canadian_group}: line {line}: area '{key}' matches no area of the document"
        for line, key in ((10, "support to ukraine"), (12, "military mobility"), (14, "transatlantic security"))
    ]


@pytest.mark.slow
def test_a_file_with_other_problems_is_still_checked_against_its_own_document(canadian_group: Path) -> None:
    canadian_group.write_text(
        CANADA_WORKGROUP.replace(
            "  military mobility:\n    leads: [tremblay]", "  military mobility:\n    leads: [ghost]"
        ),
        encoding="utf-8",
    )
    result = run("config", "check", str(canadian_group), cwd=canadian_group.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{canadian_group}: line 13: area 'military mobility': unknown person id 'ghost'"
    ]
