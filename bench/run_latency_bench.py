"""Benchmark: `partnerbot run`'s answer latency while its scheduler ticks, against `serve telegram` alone.

Both are the real command in its own process (`python -m bot run|serve telegram`), polling the fake
Bot API of tests/fakes/telegram_api.py, on the same synthetic working group (bench/_big_workgroup.py,
500 areas and 500 people by default, everyone on Telegram) and a fresh SQLite database each, synced a
month earlier so the open round's prompts are due: `run`'s first tick sends one per lead (hundreds of
sendMessage calls), and it ticks every 30 s after. Questions from the two chairs and the admin (they
lead nothing, so no round conversation takes them) are fired one at a time for `--seconds`, a mix of
paragraph look-ups, "who leads" and "status of" an area; latency is from queuing the update to the
answer's sendMessage. With --steady, questions start once run's first tick has sent the round's prompts,
so they meet only the 30-s ticks. Prints p50/p95/p99/max for each command and the p99 ratio. Run from
the repository root:
    python bench/run_latency_bench.py [--size 500] [--seconds 90] [--steady]
Target: run's p99 within 1.5x of serve's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from _big_workgroup import ASKERS, area_titles, telegram_id, write_workgroup  # noqa: E402
from _stats import percentile  # noqa: E402

from bot.clock import FakeClock  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramApi, private_text_update  # noqa: E402

TARGET_RATIO = 1.5
KNOWN_FOR = timedelta(days=30)


def questions(size: int) -> list[str]:
    titles = area_titles(size)
    picks = [titles[n * len(titles) // 7] for n in range(7)]
    return [
        q
        for n, title in enumerate(picks)
        for q in (f"what does §{3 + n * len(titles) // 7} say", f"who leads {title}", f"status of {title}")
    ]


async def synced(config: Path, url: str) -> None:
    """The bot has known the file's meetings for a month: the open round's prompts are due at once."""
    runtime = Runtime.load(
        Settings(config=config, database_url=url, document=["bundled"]), FakeClock(datetime.now(UTC) - KNOWN_FOR)
    )
    try:
        await runtime.database()
    finally:
        await runtime.close()


async def answered(api: FakeTelegramApi, chat: int, before: int, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while len(api.sent(chat)) <= before:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise SystemExit(f"no answer to {chat} within {timeout:g} s")
        try:
            await api.wait_for("sendMessage", count=len(api.calls_to("sendMessage")) + 1, timeout=left)
        except AssertionError:
            continue


def others_sent(api: FakeTelegramApi) -> int:
    """Messages sent to anyone but the askers: the round's prompts."""
    return len(api.sent()) - sum(len(api.sent(telegram_id(a))) for a in range(ASKERS))


async def settled(api: FakeTelegramApi, quiet: float = 10.0) -> None:
    """Wait until no prompt has gone out for `quiet` seconds: the round's opening burst is over."""
    count, since = others_sent(api), time.perf_counter()
    while time.perf_counter() - since < quiet:
        await asyncio.sleep(0.5)
        if others_sent(api) != count:
            count, since = others_sent(api), time.perf_counter()


async def measure(command: str, size: int, seconds: float, steady: bool) -> tuple[list[float], int, str]:
    """Latencies (ms) of questions fired one at a time for `seconds`, and how many other messages were sent
    meanwhile; `steady`: only once the first tick's burst of prompts is over, while the 30-s ticks run."""
    with tempfile.TemporaryDirectory(prefix="pb-run-") as tmp:
        folder = Path(tmp)
        group = write_workgroup(folder, size, size, datetime.now(UTC).date())
        url = f"sqlite+aiosqlite:///{folder / 'bot.db'}"
        await synced(group.config, url)
        async with FakeTelegramApi() as api:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
            env |= {"TELEGRAM_BOT_TOKEN": "123:BENCH", "TELEGRAM_API_URL": api.base_url, "PYTHONPATH": str(ROOT)}
            args = ["run"] if command == "run" else ["serve", "telegram"]
            with (folder / "bot.log").open("wb") as log:
                process = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    *args,
                    "--config",
                    str(group.config),
                    "--database-url",
                    url,
                    cwd=folder,
                    env=env,
                    stdout=log,
                    stderr=asyncio.subprocess.STDOUT,
                )
            try:
                asked = questions(size)
                # the first answer waits for start-up; it is not timed
                api.queue_update(private_text_update(telegram_id(0), asked[0]))
                await answered(api, telegram_id(0), 0, timeout=180)
                if steady:
                    await settled(api)
                prompts = others_sent(api)
                latencies: list[float] = []
                end = time.perf_counter() + seconds
                n = 0
                while time.perf_counter() < end:
                    chat = telegram_id(n % ASKERS)
                    before = len(api.sent(chat))
                    start = time.perf_counter()
                    api.queue_update(private_text_update(chat, asked[n % len(asked)]))
                    await answered(api, chat, before)
                    latencies.append((time.perf_counter() - start) * 1000)
                    n += 1
                others = others_sent(api) - prompts
            finally:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), timeout=60)
    return latencies, others, group.describe()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500, help="areas (= people) of the working group")
    parser.add_argument("--seconds", type=float, default=90.0, help="how long questions are fired, per command")
    parser.add_argument(
        "--steady",
        action="store_true",
        help="fire questions only once run's first tick has sent the round's prompts (default: from the start, "
        "while it sends them)",
    )
    args = parser.parse_args()
    load = " · load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    print(f"{os.cpu_count()} cpus{load}")
    rows = {}
    for command in ("serve", "run"):
        latencies, others, described = asyncio.run(measure(command, args.size, args.seconds, args.steady))
        rows[command] = latencies
        phase = "after the opening burst of prompts" if args.steady else "from start-up"
        print(
            f"{command}: {described}; {len(latencies)} questions in {args.seconds:g} s {phase}, "
            f"{others} prompts sent meanwhile"
        )
    print(f"{os.cpu_count()} cpus · load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    head = f"{'command':<16} {'questions':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    print(head)
    print("-" * len(head))
    for command, values in rows.items():
        name = "run" if command == "run" else "serve telegram"
        print(
            f"{name:<16} {len(values):>9} {percentile(values, 50):>8.1f} {percentile(values, 95):>8.1f} "
            f"{percentile(values, 99):>8.1f} {max(values):>8.1f}"
        )
    ratio = percentile(rows["run"], 99) / percentile(rows["serve"], 99)
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(f"\np99 run / serve telegram: x{ratio:.2f} (target <= x{TARGET_RATIO:g}: {verdict})")


if __name__ == "__main__":
    main()
