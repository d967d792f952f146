"""How fast the Slack adapter answers, and what it costs over a bare Bolt app.

    .venv/bin/python bench/slack_bench.py [--rounds R] [--requests N] [--concurrency C] [--database-url URL]

One run, four apps, the same harness. Each app runs in a process of its own
(as it would in production: Slack is elsewhere), serving HTTP on loopback with
its Web API client pointed at FakeSlackApi, which runs in this process with the
load generator. C workers each send a signed `message.im` question from member
schmidt, wait for the matching chat.postMessage to arrive at the fake, and send
the next. Every request has its own direct-chat channel, so an arrival is
matched to its request exactly. Latency runs from sending the request to the
reply arriving at the fake; "app CPU" is the CPU time the app's process spent
per question, which the load of a shared machine disturbs less than latency.
The apps stay up for the whole run and take turns, R rounds of N questions
each, the first app rotating; ratios are taken round by round, so a machine
that is slower for a while slows both sides of a ratio.

1. partnerbot: SlackAdapter → Dispatcher (de-duplication row, identification,
   intent, grounded answer) → Block Kit → chat.postMessage; SQLite in a
   temporary directory unless --database-url names another (empty) database.
2. reply only: the same adapter, handed each question's replies as computed
   before the run: what the Slack side and a Block Kit answer (3-5 KB, which
   Slack's response repeats) cost without de-duplication or search.
3. bare Bolt: an AsyncApp whose message listener echoes the text back.
4. bare Block Kit: the same bare app posting partnerbot's Block Kit answer to the
   question (rendered before the run) instead of the echo: what answering in
   Block Kit costs a Bolt app that does nothing else.

Targets: ≥ 200 questions/s, p99 < 50 ms, and partnerbot's overhead at most
1.5× the bare app (the echo). "Overhead" is read both ways and both are printed: what
partnerbot adds to the bare app's time (partnerbot ≤ 2.5× bare), and the
stricter whole time (partnerbot ≤ 1.5× bare).
This prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import hashlib
import hmac
import json
import logging
import multiprocessing
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
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from _stats import percentile  # noqa: E402

from tests.fakes.slack_api import FakeSlackApi, RecordedCall  # noqa: E402

TOKEN = "xoxb-bench"
SECRET = "bench-signing-secret"
SCHMIDT = "U0MEMBER1"  # a member
KIM = "U0LEADKR1"  # a lead: the dispatcher also looks up whether an update conversation of theirs is open
TEXT_QUESTIONS = [(SCHMIDT, "what does §14 commit to"), (SCHMIDT, "maritime"), (SCHMIDT, "what is FIMI")]
# storage reads: each lead's latest update, today's absences, the meetings (reported since the last Dialogue)
STATUS_QUESTIONS = [(KIM, "status"), (KIM, "status of cyber"), (KIM, "what's blocked")]
MIXES = {"text": TEXT_QUESTIONS, "mixed": TEXT_QUESTIONS + STATUS_QUESTIONS, "status": STATUS_QUESTIONS}
QUESTIONS = MIXES[os.environ.get("PARTNERBOT_BENCH_MIX", "mixed")]  # set by --mix, read by the apps' processes too
EXAMPLE_CONFIG = ROOT / "examples" / "workgroup.yaml"

Stop = Callable[[], Awaitable[None]]


# --- the apps under test (each runs in a child process) ----------------------------


async def serve_partnerbot(api_url: str, database_url: str, *, reply_only: bool = False) -> tuple[int, Stop]:
    from bot.app.adapters.slack import SlackAdapter
    from bot.app.dispatcher import Dispatcher
    from bot.app.service import settle_heap
    from bot.runtime import Runtime
    from bot.settings import Settings

    settings = Settings(
        config=EXAMPLE_CONFIG,
        database_url=database_url,
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=api_url,
    )
    runtime = Runtime.load(settings)
    await runtime.database()  # migrations and the working-group sync belong to start-up, not to the first question
    dispatcher = await _answered_in_advance(runtime) if reply_only else Dispatcher(runtime)
    adapter = SlackAdapter(runtime, dispatcher)
    port = await adapter.start_http(0, "127.0.0.1")
    settle_heap()  # as `partnerbot serve` does once everything is built

    async def stop() -> None:
        await adapter.stop()
        await runtime.close()

    return port, stop


async def _answered_in_advance(runtime: Any) -> Any:
    """A Dispatcher that hands back each question's Replies, computed once before the run: no
    de-duplication row, no search. What is left is the Slack adapter and the Block Kit answer it posts."""
    from bot.app.dispatcher import Dispatcher
    from bot.model import Actor, Conversation, Inbound, Platform, Reply

    class AnsweredInAdvance(Dispatcher):
        replies: dict[str, list[Reply]] = {}

        async def handle(self, inbound: Inbound) -> list[Reply]:
            return self.replies[inbound.text]

    dispatcher = AnsweredInAdvance(runtime)
    for user, question in QUESTIONS:
        inbound = Inbound(
            platform=Platform.SLACK,
            actor=Actor(user_id=user),
            conversation=Conversation(id="D0", is_direct=True),
            text=question,
            received_at=runtime.clock.now(),
        )
        dispatcher.replies[question] = await Dispatcher(runtime).handle(inbound)
    return dispatcher


async def _block_kit_answers(database_url: str) -> dict[str, list[Any]]:
    """Each question's chat.postMessage payloads as partnerbot renders them; the runtime is dropped after."""
    from bot.render.slack import render_messages
    from bot.runtime import Runtime
    from bot.settings import Settings

    runtime = Runtime.load(Settings(config=EXAMPLE_CONFIG, database_url=database_url, slack_bot_token=TOKEN))
    try:
        replies = (await _answered_in_advance(runtime)).replies
        return {
            question: [message for reply in replies[question] for message in render_messages(reply)]
            for _, question in QUESTIONS
        }
    finally:
        await runtime.close()


async def serve_bare_bolt(api_url: str, database_url: str, *, block_kit: bool = False) -> tuple[int, Stop]:
    """The least a Bolt app does for a message: verify, ack, post the text back (or, with `block_kit`,
    partnerbot's answer rendered before the run); same client setup and server."""
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.app.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.app.adapters.slack import web_api_session

    # loggers with their level set, as partnerbot's: both libraries format whole payloads for debug lines otherwise
    logger = logging.getLogger("bare")
    logger.setLevel(logging.WARNING)
    session = web_api_session()  # the same HTTP client setup as partnerbot's
    client = AsyncWebClient(token=TOKEN, base_url=api_url, session=session, logger=logger)
    app = AsyncApp(client=client, signing_secret=SECRET, process_before_response=False, logger=logger)

    answers = None
    if block_kit:
        answers = await _block_kit_answers(database_url)
        gc.collect()  # the runtime that rendered them, gone before the app serves

    @app.event("message")
    async def echo(event: dict[str, Any], client: AsyncWebClient) -> None:
        if answers is None:
            await client.chat_postMessage(channel=event["channel"], text=event["text"])
            return
        for message in answers[event["text"]]:
            await client.chat_postMessage(
                channel=event["channel"],
                text=message["text"],
                blocks=message["blocks"],
                unfurl_links=False,
                unfurl_media=False,
            )

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    server = web.Application()
    server.router.add_post("/slack/events", events)
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()

    async def stop() -> None:
        await runner.cleanup()
        await session.close()

    return int(runner.addresses[0][1]), stop


APPS: dict[str, Callable[[str, str], Awaitable[tuple[int, Stop]]]] = {
    "partnerbot": serve_partnerbot,
    "reply only": partial(serve_partnerbot, reply_only=True),
    "bare Bolt": serve_bare_bolt,
    "bare Block Kit": partial(serve_bare_bolt, block_kit=True),
}
OURS, REPLY_ONLY, BARE, BARE_BLOCK_KIT = APPS


def run_app(name: str, api_url: str, database_url: str, pipe: Connection, profile_to: str | None) -> None:
    """Child process: serve and tell the port; then "measure" starts a CPU count (and the profiler), "report"
    sends it back, "stop" ends (writing the profile of every measured round)."""
    logging.basicConfig(level=logging.WARNING)
    profiler = cProfile.Profile() if profile_to else None

    async def main() -> None:
        port, stop = await APPS[name](api_url, database_url)
        pipe.send(port)
        started = time.process_time()
        while (command := await asyncio.to_thread(pipe.recv)) != "stop":
            if command == "measure":
                started = time.process_time()
                if profiler is not None:
                    profiler.enable()
            elif command == "report":
                if profiler is not None:
                    profiler.disable()
                pipe.send(time.process_time() - started)
        if profiler is not None:
            profiler.dump_stats(str(profile_to))
        await stop()

    asyncio.run(main())


# --- the harness (this process) ------------------------------------------------------


class TimedSlackApi(FakeSlackApi):
    """The fake, also noting when each channel's first reply arrives (perf_counter) and waking its waiter."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.arrivals: dict[str, asyncio.Future[float]] = {}

    def expect(self, channel: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.arrivals[channel] = future
        return future

    def _record(self, method: str, params: dict[str, Any], **kwargs: Any) -> RecordedCall:
        call = super()._record(method, params, **kwargs)
        # Only the arrival matters here. Kept, tens of thousands of parsed payloads made this process's
        # own garbage collections stall whichever app was being measured, for up to half a second.
        self.calls.clear()
        if method == "chat.postMessage" and not call.failed:
            future = self.arrivals.pop(str(params.get("channel")), None)
            if future is not None and not future.done():
                future.set_result(time.perf_counter())
        return call


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    app_cpu_seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms(self) -> float:
        return self.app_cpu_seconds / self.requests * 1000

    def percentile(self, p: float) -> float:
        return percentile(self.latencies_ms, p)


def signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def question_event(n: int, prefix: str) -> tuple[str, str]:
    """A message.im callback in its own direct chat; returns (channel, body)."""
    channel = f"D{prefix}{n:07d}"
    ts = f"1800000000.{n:06d}"
    user, question = QUESTIONS[n % len(QUESTIONS)]
    event = {
        "type": "message",
        "text": question,
        "user": user,
        "ts": ts,
        "team": "T0PARTNER",
        "channel": channel,
        "event_ts": ts,
        "channel_type": "im",
        "client_msg_id": f"{prefix}-{n}",
    }
    envelope = {
        "token": "legacy",
        "team_id": "T0PARTNER",
        "api_app_id": "A0PARTNER",
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{prefix}{n:08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0PARTNER", "user_id": "U0BOT", "is_bot": True}],
    }
    return channel, json.dumps(envelope)


async def seed_example(database_url: str, updates: int) -> None:
    """`updates` status updates over two years in the example working group's areas, by their leads (an admin
    for the areas nobody leads), bulk-loaded as bench/_seed.py does for the status and digest benchmarks."""
    from _seed import seed

    from bot.runtime import Runtime
    from bot.settings import Settings

    runtime = Runtime.load(Settings(config=EXAMPLE_CONFIG, database_url=database_url))
    try:
        leads = {a.title: runtime.area_leads(a.title) or ("dubois",) for a in runtime.knowledge.library.areas}
        started = time.perf_counter()
        await seed(runtime, leads, updates)
        print(f"seeded {updates:,} updates in {time.perf_counter() - started:.1f} s")
    finally:
        await runtime.close()


async def load(api: TimedSlackApi, url: str, requests: int, concurrency: int, prefix: str) -> tuple[float, list[float]]:
    """`concurrency` workers, each with one question in flight: send, wait for its reply at the fake, repeat."""
    latencies: list[float] = []
    numbers = iter(range(requests))

    async def worker(http: aiohttp.ClientSession) -> None:
        for n in numbers:
            channel, body = question_event(n, prefix)
            arrived = api.expect(channel)
            sent = time.perf_counter()
            async with http.post(url, data=body.encode(), headers=signed(body)) as response:
                if response.status != 200:
                    raise RuntimeError(f"request {n}: HTTP {response.status}")
            latencies.append((await asyncio.wait_for(arrived, 30) - sent) * 1000)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:
        started = time.perf_counter()
        await asyncio.gather(*(worker(http) for _ in range(concurrency)))
        return time.perf_counter() - started, latencies


@dataclass
class App:
    """An app under test, serving in its child process."""

    name: str
    url: str
    pipe: Connection


@asynccontextmanager
async def running(
    name: str, api: TimedSlackApi, database_url: str, warmup: int, concurrency: int, profile_to: str | None
) -> AsyncIterator[App]:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=run_app, args=(name, api.url, database_url, theirs, profile_to), daemon=True)
    child.start()
    try:
        port = await asyncio.to_thread(ours.recv)
        app = App(name, f"http://127.0.0.1:{port}/slack/events", ours)
        await load(api, app.url, warmup, concurrency, f"W{list(APPS).index(name)}")
        yield app
    finally:
        ours.send("stop")
        await asyncio.to_thread(child.join, 30)
        if child.is_alive():
            child.kill()


async def measure(app: App, api: TimedSlackApi, requests: int, concurrency: int, prefix: str) -> Result:
    app.pipe.send("measure")
    seconds, latencies = await load(api, app.url, requests, concurrency, prefix)
    app.pipe.send("report")
    cpu = await asyncio.to_thread(app.pipe.recv)
    return Result(app.name, requests, seconds, latencies, cpu)


def report(rounds: list[dict[str, Result]], concurrency: int, database: str) -> None:
    """Each app's figures over all rounds, and the ratios to the bare app taken round by round (each round's
    apps ran back to back)."""
    print(
        f"\nSlack HTTP mode on loopback: {len(rounds)} rounds of {rounds[0][OURS].requests} questions per app, "
        f"concurrency {concurrency}, database {database}"
    )
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end"
    )
    print(
        f"{'app':<14} {'questions/s':>12} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'app CPU ms/q':>13}"
        "   (questions/s and CPU: median round; latencies: all rounds)"
    )
    for name in APPS:
        results = [each[name] for each in rounds]
        latencies = [ms for r in results for ms in r.latencies_ms]
        print(
            f"{name:<14} {statistics.median(r.per_second for r in results):>12.1f} {percentile(latencies, 50):>8.2f} "
            f"{percentile(latencies, 90):>8.2f} {percentile(latencies, 99):>8.2f} {max(latencies):>8.2f} "
            f"{statistics.median(r.cpu_ms for r in results):>13.2f}"
        )

    def ratios(name: str) -> dict[str, list[float]]:
        pairs = [(each[name], each[BARE]) for each in rounds]
        return {
            "CPU per question": [ours.cpu_ms / bare.cpu_ms for ours, bare in pairs],
            "p50": [ours.percentile(50) / bare.percentile(50) for ours, bare in pairs],
            "throughput": [bare.per_second / ours.per_second for ours, bare in pairs],
        }

    for name in (OURS, REPLY_ONLY, BARE_BLOCK_KIT):
        print(f"\n{name} ÷ bare Bolt, round by round (median, and range):")
        for label, values in ratios(name).items():
            print(f"  {label:<17} ×{statistics.median(values):.2f}   ({min(values):.2f}–{max(values):.2f})")
    p50_ratio = statistics.median(ratios(OURS)["p50"])
    print(f"\nwhat partnerbot adds to the bare app's p50: {p50_ratio - 1:.2f}× the bare app's p50")
    ours_latencies = [ms for each in rounds for ms in each[OURS].latencies_ms]
    cpu_ratio = statistics.median(ratios(OURS)["CPU per question"])
    per_second = statistics.median(each[OURS].per_second for each in rounds)
    print(f"main ratio: partnerbot's CPU per question ×{cpu_ratio:.2f} bare Bolt's, at {per_second:.0f} questions/s")
    checks = [
        ("CPU per question ≤ 3× bare Bolt", cpu_ratio <= 3),
        ("≥ 400 questions/s", per_second >= 400),
        ("p99 < 50 ms", percentile(ours_latencies, 99) < 50),
        ("overhead ≤ 1.5× bare (p50 ≤ 2.5× bare)", p50_ratio - 1 <= 1.5),
        ("whole p50 ≤ 1.5× bare", p50_ratio <= 1.5),
    ]
    print("targets: " + "; ".join(f"{label}: {'met' if ok else 'NOT met'}" for label, ok in checks))


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="questions per app and round")
    parser.add_argument(
        "--rounds", type=int, default=15, help="short rounds: a ratio compares apps that ran seconds apart"
    )
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument(
        "--database-url", help="an empty database for partnerbot instead of a SQLite file in a temporary directory"
    )
    parser.add_argument(
        "--mix",
        choices=sorted(MIXES),
        default="mixed",
        help="the questions asked in turn: the member's text questions, the lead's status questions, or both",
    )
    parser.add_argument(
        "--updates",
        type=int,
        default=0,
        help="status updates to seed partnerbot's database with first, over the example working group's areas",
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        default=0,
        help="also profile partnerbot's process (cProfile) and print its N costliest functions",
    )
    args = parser.parse_args()
    global QUESTIONS
    os.environ["PARTNERBOT_BENCH_MIX"] = args.mix  # the apps' processes read it
    QUESTIONS = MIXES[args.mix]
    with tempfile.TemporaryDirectory(prefix="partnerbot-bench-") as tmp:
        database_url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        if args.updates:
            await seed_example(database_url, args.updates)
        profile_to = str(Path(tmp) / "partnerbot.prof") if args.profile else None
        async with TimedSlackApi(bot_user_id="U0BOT", team_id="T0PARTNER") as api, AsyncExitStack() as stack:
            apps = [
                await stack.enter_async_context(
                    running(
                        name, api, database_url, args.warmup, args.concurrency, profile_to if name == OURS else None
                    )
                )
                for name in APPS
            ]
            gc.freeze()  # the harness's own start-up heap, out of its collections' way too
            rounds: list[dict[str, Result]] = []
            for n in range(args.rounds):
                # the apps take turns going first, so none always runs on a machine another just warmed
                order = apps[n % len(apps) :] + apps[: n % len(apps)]
                rounds.append(
                    {
                        app.name: await measure(app, api, args.requests, args.concurrency, f"{n}{i}")
                        for i, app in enumerate(order)
                    }
                )
        report(rounds, args.concurrency, f"{database_url.split(':')[0]}, {args.updates:,} updates, mix {args.mix}")
        if profile_to:
            print("\npartnerbot's process during the measured rounds (cProfile, which slows it down), by own time:")
            pstats.Stats(profile_to).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    asyncio.run(main())
