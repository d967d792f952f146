"""How fast `partnerbot serve telegram` answers over long polling, and what it costs over a bare bot.

    python bench/telegram_bench.py [--rounds R] [--questions N] [--warmup W] [--database-url URL] [--profile N]

Three real processes, the same harness:
1. partnerbot: `python -m bot serve telegram` as deployed (this tree's code), polling
   getUpdates; the working group of examples/workgroup.yaml with member Lukas Schmidt
   given a Telegram id; SQLite in a temporary directory unless --database-url names
   another (empty) database. Every question goes through de-duplication,
   identification, understanding and a grounded answer in Telegram HTML.
2. bare bot: a python-telegram-bot Application whose one message handler echoes the
   text back (`reply_text`), in a process of its own, polling the same way, with
   python-telegram-bot's own AIORateLimiter as partnerbot has (Telegram allows a bot
   about 30 messages a second; a bot that ignores it is not one to compare with).
3. bare HTML: that bot answering with partnerbot's Telegram HTML answer to the question
   (rendered before the run, sent with parse_mode HTML and link previews off, as
   partnerbot sends it) instead of the echo: what answering at partnerbot's length
   costs a python-telegram-bot bot that does nothing else.

Each process polls its own FakeTelegramApi (tests/fakes), both served from this
process: one queue of updates shared by two pollers would hand each the other's
questions. Each round, each app in turn (the first rotating) is sent N questions from
the member in their private chat, queued at once, and the round ends when N answers
have arrived at its fake. Questions per second run from queueing to the last answer;
"app CPU" is the CPU time the app's process spent in the round (from /proc), per
question, which the load of a shared machine disturbs less. Ratios are taken round by
round, so a machine that is slower for a while slows both sides of a ratio.

Last, with the processes stopped, partnerbot's own work a question (its Dispatcher, on SQLite, and the
Telegram rendering, in this process) is measured back to back and paced at the rate it was served at:
paced, the same work costs about twice as much CPU, which is what partnerbot's process pays over the bare
HTML bot.

Target (issue 15): partnerbot within ×1.3 of the bare bot (the echo), in questions per
second and in CPU per question; partnerbot ÷ bare HTML is printed beside it, what
partnerbot's own work costs over sending the same answer. This prints figures; it is
not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.telegram_api import FakeTelegramApi, RecordedCall, private_text_update  # noqa: E402

TOKEN = "123456:BENCH"
MEMBER = 100020  # Lukas Schmidt's Telegram id in the benchmark's copy of the working-group file
QUESTIONS = ["what does §14 commit to", "maritime", "what is FIMI"]
EXAMPLE_CONFIG = ROOT / "examples" / "workgroup.yaml"
OURS, BARE, BARE_HTML = "partnerbot", "bare bot", "bare HTML"
APPS = (OURS, BARE, BARE_HTML)
TICK = os.sysconf("SC_CLK_TCK")
Asker = Callable[[str, int], Awaitable[list[str]]]  # a question and its update id → the Telegram HTML answered


# --- the bare bot (its own process: this script with --bare-bot) ---------------------


def bare_bot(html_answers: Path | None) -> None:
    """The least a python-telegram-bot bot does for a message: read it, send the text back (or, with
    `html_answers`, send partnerbot's answer to it, read from that file)."""
    from telegram import LinkPreviewOptions, Update
    from telegram.constants import ParseMode
    from telegram.ext import AIORateLimiter, Application, ContextTypes, MessageHandler, filters

    answers: dict[str, list[str]] = json.loads(html_answers.read_text(encoding="utf-8")) if html_answers else {}

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        if not answers:
            await update.message.reply_text(update.message.text)
            return
        for text in answers[update.message.text]:
            await update.message.reply_text(
                text, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
            )

    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_URL"])
        .rate_limiter(AIORateLimiter())
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling()  # until SIGTERM


# --- the harness -----------------------------------------------------------------------


class CountingTelegramApi(FakeTelegramApi):
    """The fake, counting the messages sent and keeping none: tens of thousands of kept calls would make
    this process's garbage collections stall whichever app is measured."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.answers = 0
        self._waiting: tuple[int, asyncio.Future[None]] | None = None

    def _record(self, method: str, params: dict[str, Any], **kwargs: Any) -> RecordedCall:
        call = super()._record(method, params, **kwargs)
        self.calls.clear()
        self._messages.clear()
        if method == "sendMessage" and not call.failed:
            self.answers += 1
            if self._waiting is not None and self.answers >= self._waiting[0] and not self._waiting[1].done():
                self._waiting[1].set_result(None)
        return call

    async def answered(self, count: int, timeout: float = 120) -> None:
        """Until `count` messages in all have been sent."""
        if self.answers >= count:
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting = (count, done)
        try:
            await asyncio.wait_for(done, timeout)
        finally:
            self._waiting = None


def cpu_seconds(pid: int) -> float:
    """User + system time of a process, all its threads, from /proc (clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICK


@dataclass
class App:
    name: str
    api: CountingTelegramApi
    process: asyncio.subprocess.Process
    answers_per_question: float = 1.0


@dataclass
class Result:
    questions: int
    seconds: float
    cpu: float

    @property
    def per_second(self) -> float:
        return self.questions / self.seconds

    @property
    def cpu_ms(self) -> float:
        return self.cpu / self.questions * 1000


def bench_config(tmp: Path) -> Path:
    """The example working group, with the member Lukas Schmidt on Telegram."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    text = text.replace("    slack: U0MEMBER1\n", f"    slack: U0MEMBER1\n    telegram: {MEMBER}\n", 1)
    path = tmp / "workgroup.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@asynccontextmanager
async def in_process(tmp: Path, *, conversations: bool) -> AsyncIterator[Asker]:
    """partnerbot's Dispatcher in this process, on the benchmark's working group and a SQLite file of its own;
    `ask(question, n)` gives the Telegram HTML of its answers to the member."""
    from bot.app.dispatcher import Dispatcher
    from bot.model import Actor, Conversation, Inbound, Platform
    from bot.render.telegram import render_telegram
    from bot.runtime import Runtime
    from bot.settings import Settings

    database = tmp / f"in-process-{conversations}.db"
    runtime = Runtime.load(Settings(config=bench_config(tmp), database_url=f"sqlite+aiosqlite:///{database}"))
    dispatcher = Dispatcher(runtime, conversations=conversations)

    async def ask(question: str, n: int) -> list[str]:
        inbound = Inbound(
            platform=Platform.TELEGRAM,
            dedupe_key=str(n) if conversations else None,  # claimed as `serve` claims each update
            actor=Actor(user_id=str(MEMBER)),
            conversation=Conversation(id=str(MEMBER), is_direct=True),
            text=question,
            received_at=runtime.clock.now(),
        )
        return [m.text for reply in await dispatcher.handle(inbound) for m in render_telegram(reply)]

    try:
        yield ask
    finally:
        await runtime.close()


async def html_answers(tmp: Path) -> Path:
    """Each question's messages as partnerbot sends them to the member (its Telegram HTML), in a file
    for the bare HTML bot; rendered here, before the run, by a runtime dropped after."""
    async with in_process(tmp, conversations=False) as ask_here:
        answers = {question: await ask_here(question, 0) for question in QUESTIONS}
    path = tmp / "html-answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    return path


async def own_work(tmp: Path, questions: int, pace: float) -> tuple[float, float]:
    """partnerbot's own work a question, CPU ms in this process (all threads: SQLite's too): the
    Dispatcher as `serve` runs it (claim, chat context, understanding, answer) and the Telegram
    rendering, without python-telegram-bot. Once back to back, once one question every `pace` seconds,
    as Telegram's rate limit paces the serving process: the same work, done with the processor's caches
    gone cold between questions, costs more."""
    async with in_process(tmp, conversations=True) as ask_here:
        for n in range(60):
            await ask_here(QUESTIONS[n % len(QUESTIONS)], n)
        costs: list[float] = []
        for gap in (0.0, pace):
            spent = 0.0
            for n in range(questions):
                started = time.process_time()
                await ask_here(QUESTIONS[n % len(QUESTIONS)], len(costs) * questions + 60 + n)
                spent += time.process_time() - started
                if gap:
                    await asyncio.sleep(gap)
            costs.append(spent / questions * 1000)
    return costs[0], costs[1]


def command(name: str, tmp: Path, database_url: str, profile_to: Path | None) -> list[str]:
    if name == OURS:
        config = bench_config(tmp)
        profiler = ["-m", "cProfile", "-o", str(profile_to)] if profile_to else []
        serve = ["serve", "telegram", "--config", str(config), "--database-url", database_url]
        return [sys.executable, *profiler, "-m", "bot", *serve]
    answers = ["--answers", str(tmp / "html-answers.json")] if name == BARE_HTML else []
    return [sys.executable, str(Path(__file__).resolve()), "--bare-bot", *answers]


async def settled(pid: int) -> None:
    """Until the process is idle (its start, Korean's model loading on a thread, is over)."""
    before = cpu_seconds(pid)
    while True:
        await asyncio.sleep(0.5)
        now = cpu_seconds(pid)
        if now - before < 0.02:
            return
        before = now


async def ask(app: App, questions: int, first: int) -> Result:
    """`questions` from the member, queued at once; until every answer has arrived."""
    expected = app.api.answers + round(questions * app.answers_per_question)
    cpu = cpu_seconds(app.process.pid)
    started = time.perf_counter()
    for n in range(first, first + questions):
        app.api.queue_update(private_text_update(MEMBER, QUESTIONS[n % len(QUESTIONS)], first_name="Lukas"))
    await app.api.answered(expected)
    seconds = time.perf_counter() - started
    return Result(questions, seconds, cpu_seconds(app.process.pid) - cpu)


@asynccontextmanager
async def running(
    name: str, tmp: Path, database_url: str, warmup: int, profile_to: Path | None = None
) -> AsyncIterator[App]:
    """The app's process polling its own fake; warmed up, and idle, when yielded."""
    async with CountingTelegramApi(max_poll_wait=10) as api:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
        env |= {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": api.base_url,
            "PARTNERBOT_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        with (tmp / f"{name.replace(' ', '-')}.log").open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                *command(name, tmp, database_url, profile_to),
                cwd=tmp,
                env=env,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )
        app = App(name, api, process)
        try:
            # one question of each kind first: how many messages each answer takes
            await ask(app, len(QUESTIONS), 0)
            app.answers_per_question = api.answers / len(QUESTIONS)
            await ask(app, warmup, len(QUESTIONS))
            await settled(process.pid)
            yield app
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), 30)


def report(rounds: list[dict[str, Result]], apps: list[App], database: str) -> None:
    print(
        f"\nTelegram long polling on loopback: {len(rounds)} rounds of {rounds[0][OURS].questions} questions per app "
        f"from one member, queued at once; database {database}"
    )
    print(f"questions rotated: {', '.join(QUESTIONS)}")
    print(f"messages per answer: {', '.join(f'{a.name} {a.answers_per_question:g}' for a in apps)}")
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end"
    )
    print(f"{'app':<12} {'questions/s':>12} {'(min–max)':>16} {'app CPU ms/q':>13} {'(min–max)':>14}")
    for name in APPS:
        results = [each[name] for each in rounds]
        rates, cpus = [r.per_second for r in results], [r.cpu_ms for r in results]
        print(
            f"{name:<12} {statistics.median(rates):>12.1f} {f'({min(rates):.1f}–{max(rates):.1f})':>16} "
            f"{statistics.median(cpus):>13.2f} {f'({min(cpus):.2f}–{max(cpus):.2f})':>14}"
        )
    for name, base in ((OURS, BARE), (BARE_HTML, BARE), (OURS, BARE_HTML)):
        throughput = [each[base].per_second / each[name].per_second for each in rounds]
        cpu = [each[name].cpu_ms / each[base].cpu_ms for each in rounds]
        print(f"\n{name} ÷ {base}, round by round (median, and range):")
        for label, ratios in ((f"questions/s ({base} ÷ {name})", throughput), ("CPU per question", cpu)):
            print(f"  {label:<36} ×{statistics.median(ratios):.2f}   ({min(ratios):.2f}–{max(ratios):.2f})")
    throughput = [each[BARE].per_second / each[OURS].per_second for each in rounds]
    cpu = [each[OURS].cpu_ms / each[BARE].cpu_ms for each in rounds]
    met = statistics.median(throughput) <= 1.3 and statistics.median(cpu) <= 1.3
    print(f"target, partnerbot ÷ bare bot ≤ ×1.3 in both: {'met' if met else 'NOT met'}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=200, help="questions per app and round")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=60)
    parser.add_argument(
        "--database-url", help="an empty database for partnerbot instead of SQLite in a temporary directory"
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        default=0,
        help="run partnerbot under cProfile (its whole life, start included) and print its N costliest functions",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="partnerbot-bench-") as directory:
        tmp = Path(directory)
        database_url = args.database_url or f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
        async with AsyncExitStack() as stack:
            profile_to = tmp / "partnerbot.prof" if args.profile else None
            await html_answers(tmp)
            apps = [
                await stack.enter_async_context(
                    running(name, tmp, database_url, args.warmup, profile_to if name == OURS else None)
                )
                for name in APPS
            ]
            rounds: list[dict[str, Result]] = []
            asked = len(QUESTIONS) + args.warmup
            for n in range(args.rounds):
                order = apps[n % len(apps) :] + apps[: n % len(apps)]  # the apps take turns going first
                rounds.append({app.name: await ask(app, args.questions, asked) for app in order})
                asked += args.questions
        report(rounds, apps, database_url.split(":")[0])
        rate = statistics.median(each[OURS].per_second for each in rounds)
        back_to_back, paced = await own_work(tmp, args.questions, 1 / rate)
        print(
            f"\npartnerbot's own work in this process (dispatcher and rendering, no python-telegram-bot), "
            f"CPU a question:\n  back to back {back_to_back:.2f} ms; one every {1000 / rate:.0f} ms as served "
            f"above {paced:.2f} ms (×{paced / back_to_back:.1f})"
        )
        if profile_to:
            print("\npartnerbot's process under cProfile (which slows it down; start included), by own time:")
            pstats.Stats(str(profile_to)).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bare-bot"]:
        bare_bot(Path(sys.argv[3]) if sys.argv[2:3] == ["--answers"] else None)
    else:
        asyncio.run(main())
