"""The code is type-checked with mypy (settings in pyproject.toml) as part of the suite, so CI enforces it."""

from __future__ import annotations

from mypy import api

from tests.conftest import ROOT


def test_mypy_is_clean() -> None:
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary"])
    assert status == 0, stdout + stderr
