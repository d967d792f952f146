"""How fast the Slack adapter answers, and what it costs over a bare Bolt app.

    /work/venv/bin/python bench/slack_bench.py [--requests N] [--concurrency C] [--database-url URL]

One run, two apps, the same harness. Each app runs in a process of its own
(as it would in production: Slack is elsewhere), serving HTTP on loopback with
its Web API client pointed at FakeSlackApi, which runs in this process with the
load generator. C workers each send a signed `message.im` question from member
schmidt, wait for the matching chat.postMessage to arrive at the fake, and send
the next. Every request has its own direct-chat channel, so an arrival is
matched to its request exactly. Latency runs from sending the request to the
reply arriving at the fake; "app CPU" is the CPU time the app's process spent
per question, which the load of a shared machine disturbs less than latency.

1. partnerbot: SlackAdapter → Dispatcher (de-duplication row, identification,
   intent, grounded answer) → Block Kit → chat.postMessage; SQLite in a
   temporary directory unless --database-url names another (empty) database.
2. bare Bolt: an AsyncApp whose message listener echoes the text back.

Targets: ≥ 200 questions/s, p99 < 50 ms, partnerbot ≤ 1.5× the bare app.
This prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import hmac
import json
import logging
import multiprocessing
import os
import platform
import pstats
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _stats import percentile  # noqa: E402

import aiohttp  # noqa: E402

from tests.fakes.slack_api import FakeSlackApi, RecordedCall  # noqa: E402

TOKEN = "xoxb-bench"
SECRET = "bench-signing-secret"
SCHMIDT = "U0MEMBER1"
QUESTIONS = ["what does §14 commit to", "maritime", "what is FIMI"]
EXAMPLE_CONFIG = ROOT / "examples" / "workgroup.yaml"

Stop = Callable[[], Awaitable[None]]


# --- the apps under test (each runs in a child process) ----------------------------


async def serve_partnerbot(api_url: str, database_url: str) -> tuple[int, Stop]:
    from bot.adapters.slack import SlackAdapter
    from bot.dispatcher import Dispatcher
    from bot.runtime import Runtime
    from bot.service import settle_heap
    from bot.settings import Settings

    settings = Settings(config=EXAMPLE_CONFIG, database_url=database_url, slack_bot_token=TOKEN, slack_signing_secret=SECRET, slack_api_url=api_url)
    runtime = Runtime.load(settings)
    await runtime.database()  # migrations and the working-group sync belong to start-up, not to the first question
    adapter = SlackAdapter(runtime, Dispatcher(runtime))
    port = await adapter.start_http(0, "127.0.0.1")
    settle_heap()  # as `partnerbot serve` does once everything is built

    async def stop() -> None:
        await adapter.stop()
        await runtime.close()

    return port, stop


async def serve_bare_bolt(api_url: str, database_url: str) -> tuple[int, Stop]:
    """The least a Bolt app does for a message: verify, ack, post the text back; same client setup and server."""
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.app.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    session = aiohttp.ClientSession()
    app = AsyncApp(client=AsyncWebClient(token=TOKEN, base_url=api_url, session=session), signing_secret=SECRET, process_before_response=False)

    @app.event("message")
    async def echo(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.chat_postMessage(channel=event["channel"], text=event["text"])

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


APPS = {"partnerbot": serve_partnerbot, "bare Bolt": serve_bare_bolt}


def run_app(name: str, api_url: str, database_url: str, pipe: Connection, profile_to: str | None) -> None:
    """Child process: serve, tell the port; "measure" starts the CPU count (and the profiler), "stop" returns it and ends."""
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
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(str(profile_to))
        pipe.send(time.process_time() - started)
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
    event = {"type": "message", "text": QUESTIONS[n % len(QUESTIONS)], "user": SCHMIDT, "ts": ts, "team": "T0PARTNER",
             "channel": channel, "event_ts": ts, "channel_type": "im", "client_msg_id": f"{prefix}-{n}"}
    envelope = {"token": "legacy", "team_id": "T0PARTNER", "api_app_id": "A0PARTNER", "event": event, "type": "event_callback",
                "event_id": f"Ev{prefix}{n:08d}", "event_time": int(time.time()),
                "authorizations": [{"team_id": "T0PARTNER", "user_id": "U0BOT", "is_bot": True}]}
    return channel, json.dumps(envelope)


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


async def measure(name: str, database_url: str, requests: int, concurrency: int, warmup: int, profile_to: str | None) -> Result:
    async with TimedSlackApi(bot_user_id="U0BOT", team_id="T0PARTNER") as api:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        child = context.Process(target=run_app, args=(name, api.url, database_url, theirs, profile_to), daemon=True)
        child.start()
        try:
            port = await asyncio.to_thread(ours.recv)
            url = f"http://127.0.0.1:{port}/slack/events"
            await load(api, url, warmup, concurrency, "W")
            ours.send("measure")
            seconds, latencies = await load(api, url, requests, concurrency, "M")
            ours.send("stop")
            cpu = await asyncio.to_thread(ours.recv)
        finally:
            await asyncio.to_thread(child.join, 30)
            if child.is_alive():
                child.kill()
    return Result(name, requests, seconds, latencies, cpu)


def report(results: list[Result], concurrency: int, database: str) -> None:
    print(f"\nSlack HTTP mode on loopback: {results[0].requests} questions, concurrency {concurrency}, database {database}")
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'app':<12} {'questions/s':>12} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'app CPU ms/q':>13}")
    for r in results:
        print(f"{r.name:<12} {r.per_second:>12.1f} {r.percentile(50):>8.2f} {r.percentile(90):>8.2f} {r.percentile(99):>8.2f} "
              f"{max(r.latencies_ms):>8.2f} {r.cpu_ms:>13.2f}")
    ours, bare = results
    p50_ratio = ours.percentile(50) / bare.percentile(50)
    rate_ratio = bare.per_second / ours.per_second
    print(f"\npartnerbot vs bare Bolt: p50 ×{p50_ratio:.2f}, throughput ÷{rate_ratio:.2f}, app CPU per question ×{ours.cpu_ms / bare.cpu_ms:.2f}")
    checks = [
        ("≥ 200 questions/s", ours.per_second >= 200),
        ("p99 < 50 ms", ours.percentile(99) < 50),
        ("p50 ≤ 1.5× bare", p50_ratio <= 1.5),
        ("throughput ≥ bare ÷ 1.5", rate_ratio <= 1.5),
    ]
    print("targets: " + "; ".join(f"{label}: {'met' if ok else 'NOT met'}" for label, ok in checks))


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--database-url", help="an empty database for partnerbot instead of a SQLite file in a temporary directory")
    parser.add_argument("--profile", type=int, metavar="N", default=0, help="also profile partnerbot's process (cProfile) and print its N costliest functions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="partnerbot-bench-") as tmp:
        database_url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        profile_to = str(Path(tmp) / "partnerbot.prof") if args.profile else None
        results = [await measure(name, database_url, args.requests, args.concurrency, args.warmup, profile_to if name == "partnerbot" else None) for name in APPS]
        report(results, args.concurrency, database_url.split(":")[0])
        if profile_to:
            print(f"\npartnerbot's process during the measured run (cProfile, which slows it down), by own time:")
            pstats.Stats(profile_to).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    asyncio.run(main())
