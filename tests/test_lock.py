"""`requirements.lock` pins what CI tests: it must still satisfy pyproject.toml, or a fresh install from it would
test other versions than pyproject allows (regenerate it with the command at its top)."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

LOCK = ROOT / "requirements.lock"


def pins(text: str) -> dict[str, str]:
    """Name → version of each `name==version` line of a lock file."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            requirement = Requirement(line)
            [specifier] = requirement.specifier
            found[canonicalize_name(requirement.name)] = specifier.version
    return found


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]]


def test_the_lock_pins_every_declared_dependency_within_what_pyproject_allows() -> None:
    locked = pins(LOCK.read_text(encoding="utf-8"))
    wrong = [
        f"{r.name}: {locked.get(canonicalize_name(r.name), 'not in the lock')} (pyproject: {r.specifier or 'any'})"
        for r in declared()
        if canonicalize_name(r.name) not in locked or not r.specifier.contains(locked[canonicalize_name(r.name)])
    ]
    assert wrong == []


def test_the_lock_says_how_it_is_regenerated() -> None:
    assert (
        "uv pip compile pyproject.toml --extra test --python-version 3.11 -o requirements.lock"
        in LOCK.read_text(encoding="utf-8").splitlines()[1]
    )


def test_pins_reads_names_and_versions_and_skips_comments() -> None:
    text = "# header\nPyYAML==6.0.2\n    # via partnerbot\npython-telegram-bot[rate-limiter]==22.5\n"
    assert pins(text) == {"pyyaml": "6.0.2", "python-telegram-bot": "22.5"}
