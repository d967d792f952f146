"""The one YAML loader of our files: what it refuses, with the line, and that our shipped files read as before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from bot.understanding import korean, thesaurus, train
from bot.yaml_loader import describe_error, load_yaml
from tests.conftest import ROOT

SHIPPED = [ROOT / "examples" / "workgroup.yaml", *sorted((ROOT / "bot" / "understanding" / "data").glob("*.yaml"))]


ALIAS = "is not allowed (write the value out)"
MERGE = "merge keys (<<) are not allowed: write the keys out"
# text → (line, what is said)
REFUSED = {
    "the first alias, where it is": ("a: &x [1, 2]\nb: 3\nc: [4, *x]\nd: *x\n", (3, f"alias *x {ALIAS}")),
    "an alias inside its own anchor": ("people: &p\n  - id: a\n    aliases: *p\n", (3, f"alias *p {ALIAS}")),
    "an alias as a key": ("&k a: 1\n*k : 2\n", (2, f"alias *k {ALIAS}")),
    "a merge of an alias": ("a: &e {}\nb:\n  <<: *e\n", (3, MERGE)),
    "a merge of a mapping": ("b:\n  x: 1\n  <<: {y: 2}\n", (3, MERGE)),
    "a duplicate key": (
        "people:\n  - id: a\n    roles: [member]\n    name: A\n    roles: [admin]\n",
        (5, "duplicate key 'roles' (first at line 3)"),
    ),
    # 1 and true are one key to Python: the second would replace the first
    "keys of the same value": ("x:\n  1: a\n  true: b\n", (3, "duplicate key True (first at line 2)")),
    "an impossible date": (
        "meetings:\n  - id: x\n    date: 2027-02-30\n",
        (3, "2027-02-30 is not a valid date (day is out of range for month)"),
    ),
    "a number that is none": (
        "a: 1\nb: 0x_\n",
        (2, "0x_ is not a valid integer (invalid literal for int() with base 16: '')"),
    ),
    # libyaml gives a control character as a byte offset, no line; the Hangul before it takes three bytes a letter
    "a control character after Hangul": (
        "a: 안녕하세요\nb: x\x07y\n",
        (2, "unacceptable character #x0007: control characters are not allowed"),
    ),
    "a syntax error, in one line": (
        "a: 1\n---\nb: 2\n",
        (2, "expected a single document in the stream, but found another document"),
    ),
}


@pytest.mark.parametrize("name", REFUSED)
def test_what_is_refused_is_said_in_one_line_with_its_line(name: str) -> None:
    text, expected = REFUSED[name]
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml(text)
    assert describe_error(caught.value, text) == expected


def test_an_anchor_without_alias_is_harmless() -> None:
    assert load_yaml("a: &x [1]\nb: 2\n") == {"a": [1], "b": 2}


def test_the_same_key_in_two_mappings_is_no_duplicate() -> None:
    assert load_yaml("- {id: a, roles: [lead]}\n- {id: b, roles: [chair]}\n") == [
        {"id": "a", "roles": ["lead"]},
        {"id": "b", "roles": ["chair"]},
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_our_shipped_files_read_as_pyyaml_reads_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def _with_a_duplicate(tmp_path: Path, source: Path) -> Path:
    """The shipped file with its first top-level key given again at the end."""
    text = source.read_text(encoding="utf-8")
    first_key = next(line.split(":")[0] for line in text.splitlines() if line and not line.startswith(("#", " ")))
    path = tmp_path / source.name
    path.write_text(text + f"\n{first_key}: {{}}\n", encoding="utf-8")
    return path


READERS: dict[str, tuple[ModuleType, str, Callable[[], object]]] = {
    "thesaurus": (thesaurus, "THESAURUS", thesaurus.bundled),
    "korean lexicon": (korean, "LEXICON", korean.lexicon),
    "intent examples": (train, "CORPUS", train.examples),
}


@pytest.mark.parametrize("name", READERS)
def test_the_data_we_ship_is_read_with_the_same_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    module, constant, read = READERS[name]
    monkeypatch.setattr(module, constant, _with_a_duplicate(tmp_path, getattr(module, constant)))
    forget: Callable[[], None] = getattr(
        read, "cache_clear", lambda: None
    )  # the thesaurus and the lexicon are read once a process
    forget()
    try:
        with pytest.raises(yaml.YAMLError, match="duplicate key"):
            read()
    finally:
        forget()


def test_an_unquoted_yes_in_the_lexicon_is_refused_not_read_as_true() -> None:
    """네: yes was read as the English "True" (YAML's boolean), which no form or search knows."""
    with pytest.raises(ValueError, match="quote the English of 네"):
        korean.read_lexicon("terms:\n  네: yes\n  해양: maritime\n")
    assert korean.read_lexicon('terms:\n  네: "yes"\n') == {"네": "yes"}
    assert set(korean.lexicon().values()) >= {"yes", "no"}
