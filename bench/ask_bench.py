"""Benchmark: cold start of `partnerbot ask`, and in-process answer latency with 1, 50 and 200 documents.

Prints figures; it asserts nothing. Run from the repository root:
    python bench/ask_bench.py [--runs 7] [--documents 1 50 200]
Targets: cold start < 1 s; in-process p99 < 5 ms with one document, < 20 ms with 50 (the question set includes
free phrasing, follow-ups and Korean, the model for which is loaded before timing, as the running bot loads it at
start). Also prints the process's resident memory with everything loaded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _stats import percentile  # noqa: E402

from bot.app.adapters.console import ConsoleChat  # noqa: E402
from bot.app.dispatcher import Dispatcher  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402

QUESTIONS = [
    "what does §14 commit to",
    "§6(b)",
    "para 38",
    "paragraph 14(b)",
    "§14 c",
    "14.b",
    "section 7",
    "what does 41 say",
    "§99",
    "§14(z)",
    "maritime",
    "cyber",
    "what do we do on space security",
    "FIMI",
    "CT",
    "WPS",
    "SALW",
    "non-proliferation",
    "space dialogue",
    "what do we say about disinformation",
    "anything on artificial intelligence?",
    "which paragraphs mention ESIWA",
    "port calls",
    "terrorist financing",
    "secure communication connection",
    "peacekeeping operations",
    "joint exercises with third countries",
    "critical infrastructure",
    "hybrid threats research",
    "what is FIMI",
    "what does WPS stand for",
    "what is CMP?",
    "what is UNCLOS",
    "which dialogues are there",
    "how often is the security and defence dialogue held",
    "list areas",
    "help",
    "economic security",
    "human trafficking",
    "training and education",
    "peace mediation",
    "defence industry",
    "UN Security Council resolution 1325",
    "cyber capacity building",
    "disarmament",
    "ballistic missile programs",
    "Indo-Pacific consultations",
    "outer space norms",
    "gender equality",
    "crisis management missions",
    "naval cooperation off the Horn of Africa",
    "zebra quokka",
    "?!",
    "",
    # as members write: free phrasing, follow-ups (the context is kept between them), typos, Korean, one asked
    # back (its answer, the status or history of an area, is a storage question: bench/status_bench.py)
    "who do I talk to about space",
    "who leads it?",
    "what about cyber?",
    "and hybrid?",
    "what does §16 say",
    "what about 15?",
    "§14",
    "and (b)?",
    "martime",
    "counter terrorism",
    "disinfo",
    "14b",
    "p14",
    "are we doing anything with NATO?",
    "anything on north korea",
    "is it legally binding?",
    "which commitments are exploratory",
    "summarise the partnership",
    "사이버 안보 협력은?",
    "§14(b) 내용",
    "WPS 관련해서",
    "누가 우주 담당이야?",
    "북한 관련 내용 있어?",
    "status history cyber",
]


def cold_start(runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERBOT_")}
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "bot", "ask", "what does §14 commit to"],
                cwd=folder,
                env=env,
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
    return times


def documents(folder: Path, count: int) -> list[str]:
    """The bundled text plus `count - 1` copies under other names: same size and shape as real extra documents."""
    source = (ROOT / "bot" / "data" / "eu-rok-security-defence-partnership-2024.txt").read_text(encoding="utf-8")
    specs = ["bundled"]
    for n in range(1, count):
        path = folder / f"doc{n}.txt"
        path.write_text(source.replace("Republic of Korea", f"Partner {n}"), encoding="utf-8")
        specs.append(f"Doc{n}={path}")
    return specs


async def latency(documents: list[str], rounds: int) -> tuple[dict[str, list[float]], float]:
    """Each question's answer times in milliseconds, and the seconds it took to load the library and index it."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        settings = Settings(
            config=Path(folder) / "none.yaml", database_url=f"sqlite+aiosqlite:///{folder}/b.db", document=documents
        )
        runtime = Runtime.load(settings, SystemClock())
        runtime.knowledge.retriever.build_index()  # as `serve` does at start
        load_seconds = time.perf_counter() - start
        chat = ConsoleChat(Dispatcher(runtime, conversations=False), "operator")
        for question in QUESTIONS:  # warm-up
            await chat.send(question)
        times: dict[str, list[float]] = {question: [] for question in QUESTIONS}
        for _ in range(rounds):
            for question in QUESTIONS:
                t = time.perf_counter()
                await chat.send(question)
                times[question].append((time.perf_counter() - t) * 1000)
        await runtime.close()
    return times, load_seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7, help="cold-start runs")
    parser.add_argument("--rounds", type=int, default=20, help="passes over the question set")
    parser.add_argument("--documents", type=int, nargs="+", default=[1, 50, 200], help="library sizes")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} cpus, {platform.machine()}")
    cold = cold_start(args.runs)
    print(
        f"cold start of `partnerbot ask`: median {statistics.median(cold):.3f} s "
        f"(min {min(cold):.3f}, max {max(cold):.3f}, {args.runs} runs)"
    )
    with tempfile.TemporaryDirectory() as folder:
        for count in args.documents:
            label = f"{count} document" + ("s" if count > 1 else "")
            by_question, load = asyncio.run(latency(documents(Path(folder), count), args.rounds))
            times = [t for question_times in by_question.values() for t in question_times]
            slowest = sorted(by_question, key=lambda q: -statistics.median(by_question[q]))[:3]
            print(
                f"{label:>12}: {len(QUESTIONS)} questions x {args.rounds}: p50 {percentile(times, 50):.2f} ms, "
                f"p99 {percentile(times, 99):.2f} ms, max {max(times):.2f} ms (load and index {load:.2f} s)"
            )
            medians = ", ".join(f"{q!r} {statistics.median(by_question[q]):.2f} ms" for q in slowest)
            print(f"{'':>12}  slowest: {medians}")
            print(f"{'':>12}  resident memory after it: {resident_mb():.0f} MB")


def resident_mb() -> float:
    """This process's resident set size, from /proc (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        kilobytes = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kilobytes / 1024


if __name__ == "__main__":
    main()
