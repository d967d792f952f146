"""Cold start of `partnerbot ask`: whole processes, as a person at a terminal starts them.

    python bench/coldstart_bench.py [--runs N] [--before TREE]

Each round starts, one after another, `python -c pass` (the interpreter alone) and
`python -m bot ask QUESTION` for each question below, with PYTHONPATH at this
repository (so this tree's code runs, not an installed copy) in an empty working
directory: no working-group file, no database touched. Wall time is from the
start of the process to its exit; CPU is the process's user + system time
(from the operating system's accounting of the child), which a shared machine
disturbs less. One warm-up round first, not counted: it writes the bytecode
caches (a deployed bot has them) and fills the page cache. The answers are
checked, so a start that got faster by answering something else would show.
With `--before TREE` (another checkout, e.g. `git archive OLD | tar -x -C /tmp/old`)
every round runs that tree's commands too, interleaved, and the table compares them:
on a shared machine only figures taken in the same minutes compare.

Target (issue 15): `ask "§14"` ≤ 0.5 s wall median, a free-text question ≤ 0.7 s.
This prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = ROOT / "examples" / "workgroup.yaml"


@dataclass(frozen=True)
class Command:
    label: str
    args: tuple[str, ...]
    expect: str  # in the standard output of a right answer


COMMANDS = (
    Command("python -c pass", ("-c", "pass"), ""),
    Command('ask "§14"', ("-m", "bot", "ask", "§14"), "— §14(d)"),
    Command(
        'ask "§14" --config examples/workgroup.yaml',
        ("-m", "bot", "ask", "§14", "--config", str(EXAMPLE_CONFIG)),
        "— §14(d)",
    ),
    Command(
        'ask "what does the partnership say about cyber"',
        ("-m", "bot", "ask", "what does the partnership say about cyber"),
        "— §",
    ),
    Command(
        'ask "what do we say about disinformation" (ranked search)',
        ("-m", "bot", "ask", "what do we say about disinformation"),
        "What the text says on “disinformation”",
    ),
)


@dataclass
class Samples:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def environment(tree: Path) -> dict[str, str]:
    """The tree on the path, bytecode caches written, no setting from the caller's shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(tree)
    return env


def run(command: Command, cwd: str, env: dict[str, str]) -> tuple[float, float]:
    """One process: its wall and CPU seconds. Exits the benchmark if the answer is not the expected one."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *command.args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0 or command.expect not in result.stdout:
        sys.exit(f"{command.label}: exit {result.returncode}, unexpected answer:\n{result.stdout}{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def spread(seconds: list[float]) -> str:
    return f"{statistics.median(seconds):.3f} ({min(seconds):.3f}–{max(seconds):.3f})"


def paragraphs() -> int:
    """The size of what every start parses: the bundled document."""
    sys.path.insert(0, str(ROOT))
    from bot.document.library import bundled_document

    return len(bundled_document().paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="counted rounds (default 11)")
    parser.add_argument("--before", type=Path, metavar="TREE", help="another checkout to run in the same rounds")
    options = parser.parse_args()
    trees = {"": ROOT} | ({"before: ": options.before.resolve()} if options.before else {})
    runs = [
        (name, command, environment(tree))
        for name, tree in trees.items()
        for command in COMMANDS
        if not (name and command is COMMANDS[0])  # the interpreter alone is the same for both
    ]
    samples = {name + c.label: Samples() for name, c, _ in runs}
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"the bundled document ({paragraphs()} paragraphs), no working-group file unless named, empty directory")
    print(f"{options.runs} rounds after one warm-up round; load average at start {os.getloadavg()[0]:.2f}")
    print("\n".join(f"{name or 'this tree: '}{tree}" for name, tree in trees.items()))
    with tempfile.TemporaryDirectory() as cwd:
        for _, command, env in runs:
            run(command, cwd, env)
        for _ in range(options.runs):
            for name, command, env in runs:
                wall, cpu = run(command, cwd, env)
                samples[name + command.label].wall.append(wall)
                samples[name + command.label].cpu.append(cpu)
    print(f"load average at end {os.getloadavg()[0]:.2f}\n")
    bare = samples[COMMANDS[0].label]
    print(f"{'command':<66} {'wall median (min–max)':>24} {'CPU median (min–max)':>24} {'CPU ÷ pass':>10}")
    for label, s in samples.items():
        ratio = statistics.median(s.cpu) / statistics.median(bare.cpu)
        print(f"{label:<66} {spread(s.wall):>24} {spread(s.cpu):>24} {ratio:>9.1f}×")


if __name__ == "__main__":
    main()
