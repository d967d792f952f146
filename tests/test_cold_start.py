"""What `partnerbot ask` imports: a paragraph look-up must not pay for the ranked search's libraries, nor for
numpy, which the intent classifier needs and a look-up does not.

Structural, not timed: bm25s with the scipy it pulls in was 40% of the start of `ask "§14"`, numpy a third of
what was left, and a timed test would only be noise on a shared machine. The ranked search is built, and the
classifier loaded, when a question needs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CONFIG

HEAVY = ("numpy", "bm25s", "scipy")  # the classifier and the ranked search
# the English dictionary, 0.25 s to load: only when a spelling fix is weighed, which neither question here needs
LAZY = ("spellchecker",)
# runs the command line in this process, then says which of HEAVY it imported and whether pydantic looked
# for plugins (reading every installed package's metadata: 40 ms of a start, for plugins partnerbot does not use)
PROBE = """
import json, sys
from bot.app.cli import main
code = main(sys.argv[1:])
from pydantic.plugin import _loader
imported = [m for m in %r if m in sys.modules]
print(json.dumps({"code": code, "imported": imported, "plugins looked for": _loader._plugins is not None}))
""" % (HEAVY + LAZY,)


def ask(*args: str, cwd: Path) -> tuple[str, dict[str, object]]:
    """`partnerbot ask ARGS` in a fresh interpreter: its answer and the probe's last line; nothing on stderr."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_", "PYDANTIC_"))
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "ask", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    *answer, probe = result.stdout.rstrip("\n").split("\n")
    return "\n".join(answer), json.loads(probe)


@pytest.mark.slow
@pytest.mark.parametrize("config", [None, EXAMPLE_CONFIG], ids=["no file", "working-group file"])
def test_a_paragraph_look_up_imports_neither_the_classifier_nor_retrieval(tmp_path: Path, config: Path | None) -> None:
    options = ["--config", str(config)] if config else []
    answer, probe = ask("§14", *options, cwd=tmp_path)
    assert "will establish a regular maritime security dialogue" in answer
    assert probe == {"code": 0, "imported": [], "plugins looked for": False}


@pytest.mark.slow
def test_a_question_about_a_subject_builds_the_ranked_search(tmp_path: Path) -> None:
    """The other side: the probe sees the search when it runs, the answer is the ranked one, and bm25s,
    imported late, does not log its DEBUG lines under a command that shows only warnings."""
    answer, probe = ask("what do we say about disinformation", cwd=tmp_path)
    assert "What the text says on “disinformation”" in answer and "— §" in answer
    assert probe == {"code": 0, "imported": list(HEAVY), "plugins looked for": False}
