"""Long-running commands: `partnerbot run`, `partnerbot scheduler [--port N]`, `partnerbot serve slack|telegram`.

Everything runs in one asyncio loop: the chat adapters that have credentials and
the scheduler, side by side, until the process is stopped (SIGINT/SIGTERM). A
stopped process exits within seconds whatever is in flight: the scheduler's last
tick and the adapters' answers under way finish side by side, each within its
own grace, and what is still running then is cancelled.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from bot.app.adapters.sending import DRAIN_SECONDS
from bot.app.dispatcher import Dispatcher
from bot.app.http_server import OPERATIONS_MAX_BODY, HttpServer
from bot.app.outbox import MailOutbox, Outbox, Outboxes
from bot.model import Platform, Reply
from bot.render.text import render_text
from bot.runtime import Runtime
from bot.workgroup import Person

if TYPE_CHECKING:
    from bot.app.scheduler import Scheduler

log = logging.getLogger(__name__)


class ServiceError(Exception):
    pass


class LogOutbox:
    """Where deliveries go when no chat platform is configured: the log, so a dry run shows them."""

    platform = Platform.CONSOLE

    def reaches(self, person: Person) -> bool:
        return True

    async def send_direct(self, person: Person, reply: Reply, *, key: str | None = None) -> None:
        log.info("to %s:\n%s", person.id, render_text(reply))

    async def send_channel(self, channel_id: str, reply: Reply, *, key: str | None = None) -> None:
        log.info("to channel %s:\n%s", channel_id, render_text(reply))

    async def already_delivered(self, to: Person | str, key: str) -> bool | None:
        return None

    async def profile_timezone(self, person: Person) -> str | None:
        return None


def _slack(runtime: Runtime, dispatcher: Dispatcher) -> Any:
    from bot.app.adapters.slack import SlackAdapter

    return SlackAdapter(runtime, dispatcher)


def _telegram(runtime: Runtime, dispatcher: Dispatcher) -> Any:
    from bot.app.adapters.telegram import TelegramAdapter

    return TelegramAdapter(runtime, dispatcher)


def _mail(runtime: Runtime) -> MailOutbox | None:
    from bot.app.adapters.email import email_outbox

    try:
        mail = email_outbox(runtime.settings, runtime.clock)
    except ValueError as error:
        raise ServiceError(str(error)) from None
    if mail is not None:
        server = mail.server
        log.info(
            "e-mail: through %s:%d (%s), from %s", server.host, server.port, server.security, mail.sender.addr_spec
        )
    return mail


def _require(value: SecretStr | None, name: str) -> None:
    if not value:
        raise ServiceError(f"{name} is not set")


class _Adapters:
    """The chat adapters this process built, to be closed on the way out."""

    def __init__(self) -> None:
        self.started: list[Any] = []

    def add(self, adapter: Any) -> Any:
        self.started.append(adapter)
        return adapter

    async def stop_taking(self) -> None:
        """Take no more events or updates, on every platform, before the answers under way get their grace."""
        results = await asyncio.gather(*(adapter.stop_taking() for adapter in self.started), return_exceptions=True)
        for adapter, result in zip(self.started, results, strict=True):
            if isinstance(result, Exception):  # the rest of stopping goes on: the process is on its way out
                log.warning("%s: stopping taking messages failed", type(adapter).__name__, exc_info=result)

    async def drain(self, grace: float) -> None:
        """Let the answers under way finish, all adapters at once, for `grace` seconds; cancel the rest."""
        await asyncio.gather(*(adapter.drain(grace) for adapter in self.started))

    async def stop(self) -> None:
        for adapter in self.started:
            await adapter.stop()


def settle_heap() -> None:
    """Move everything built at start-up (documents, search index, models) out of the garbage collector's sight.

    A long-running server allocates per request; each full collection would otherwise walk the large,
    permanent start-up heap too, and those pauses were the Slack benchmark's p99 (84 ms → 47 ms with it).
    """
    gc.collect()
    gc.freeze()


async def _forever() -> None:
    await asyncio.Event().wait()


@dataclass
class _Plan:
    """What one process runs: the adapters' loops, and the scheduler with its operations server."""

    adapters: _Adapters = field(default_factory=_Adapters)
    tasks: list[Coroutine[Any, Any, None]] = field(default_factory=list)
    scheduler: Scheduler | None = None
    operations: HttpServer | None = None


async def serve(runtime: Runtime, what: str, args: argparse.Namespace) -> int:
    dispatcher = Dispatcher(runtime)
    await runtime.database()  # migrate and sync the working group before any traffic
    plan = _Plan()
    if what == Platform.SLACK:
        _plan_slack(plan, runtime, dispatcher, args)
    elif what == Platform.TELEGRAM:
        _plan_telegram(plan, runtime, dispatcher, args)
    else:  # "run" or "scheduler"
        await _start_scheduler(plan, runtime, dispatcher, what, args)
    if what != "scheduler":
        _warm_understanding(runtime)
    settle_heap()
    await _until_stopped(plan)
    return 0


def _plan_slack(plan: _Plan, runtime: Runtime, dispatcher: Dispatcher, args: argparse.Namespace) -> None:
    """`serve slack`: Slack alone, in HTTP mode with `--http`, else in Socket Mode."""
    settings = runtime.settings
    _require(settings.slack_bot_token, "SLACK_BOT_TOKEN")
    slack = plan.adapters.add(_slack(runtime, dispatcher))
    if args.http:
        _require(settings.slack_signing_secret, "SLACK_SIGNING_SECRET")
        plan.tasks.append(slack.serve_http(args.port))
    else:
        _require(settings.slack_app_token, "SLACK_APP_TOKEN (or use --http)")
        plan.tasks.append(slack.serve_socket_mode())


def _plan_telegram(plan: _Plan, runtime: Runtime, dispatcher: Dispatcher, args: argparse.Namespace) -> None:
    """`serve telegram`: Telegram alone, on a webhook with `--webhook`, else polling."""
    settings = runtime.settings
    _require(settings.telegram_bot_token, "TELEGRAM_BOT_TOKEN")
    telegram = plan.adapters.add(_telegram(runtime, dispatcher))
    if args.webhook:
        _require(settings.telegram_webhook_secret, "TELEGRAM_WEBHOOK_SECRET")
        plan.tasks.append(telegram.serve_webhook(args.webhook, args.port))
    else:
        plan.tasks.append(telegram.serve_polling())


def _outboxes(plan: _Plan, runtime: Runtime, dispatcher: Dispatcher, what: str) -> list[Outbox]:
    """Every platform with a token delivers; with `run`, those that can also receive messages do."""
    settings = runtime.settings
    outboxes: list[Outbox] = []
    if settings.slack_bot_token:
        slack = plan.adapters.add(_slack(runtime, dispatcher))
        outboxes.append(slack)
        if what == "run" and settings.slack_app_token:
            plan.tasks.append(slack.serve_socket_mode())
        elif what == "run":
            log.warning(
                "Slack: SLACK_APP_TOKEN not set, so Slack only receives deliveries; "
                "use `partnerbot serve slack --http` for HTTP mode"
            )
    if settings.telegram_bot_token:
        telegram = plan.adapters.add(_telegram(runtime, dispatcher))
        outboxes.append(telegram)
        if what == "run":
            plan.tasks.append(telegram.serve_polling())
    if not outboxes:
        log.warning("no chat platform configured: deliveries are written to the log")
        outboxes.append(LogOutbox())
    return outboxes


async def _start_scheduler(
    plan: _Plan, runtime: Runtime, dispatcher: Dispatcher, what: str, args: argparse.Namespace
) -> None:
    """`run` and `scheduler`: the scheduler delivers through every platform configured (and by e-mail)."""
    from bot.app.scheduler import Scheduler

    outboxes = Outboxes(_outboxes(plan, runtime, dispatcher, what), mail=_mail(runtime))
    plan.scheduler = Scheduler(runtime, outboxes, dispatcher.engine)
    await plan.scheduler.start()
    plan.tasks.append(_forever())  # the scheduler runs on the loop; keep it alive
    if what == "scheduler" and args.port is not None:
        # a deployment probes the scheduler too, and reads from /metrics whether it holds the lease
        plan.operations = HttpServer(runtime, max_body=OPERATIONS_MAX_BODY, lease_holder=plan.scheduler.lease.holder)
        bound = await plan.operations.start(args.port, "0.0.0.0")
        log.info("scheduler: serving GET /healthz, /readyz, /metrics on port %d", bound)


def _warm_understanding(runtime: Runtime) -> None:
    """Understanding and the ranked search are built before the first message, and Korean's model (a second
    and ~100 MB) loads on a thread meanwhile, so the first Korean question does not wait for it."""
    from bot.document import english
    from bot.understanding import korean

    runtime.understander  # noqa: B018  (built on first use: use it now)
    runtime.knowledge.retriever.build_index()
    english.load()  # what a spelling fix weighs (0.25 s): before the first misspelt question, not during it
    korean.warm_in_background()


async def _until_stopped(plan: _Plan) -> None:
    """Run the plan's tasks until SIGINT or SIGTERM, or until one of them fails (its error is raised)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    running = [asyncio.ensure_future(t) for t in plan.tasks]
    stopper = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait([*running, stopper], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not stopper and task.exception():
                raise task.exception()  # type: ignore[misc]
    finally:
        # nothing new is taken in (what would come in now could not be answered within the grace); the
        # scheduler's last tick may still be sending through the adapters, so they close after it;
        # meanwhile the answers under way get their grace
        await plan.adapters.stop_taking()
        log.info("stopping: no more messages taken; the answers under way have %.0f s to finish", DRAIN_SECONDS)
        await asyncio.gather(
            plan.scheduler.stop() if plan.scheduler is not None else asyncio.sleep(0),
            plan.adapters.drain(DRAIN_SECONDS),
        )
        if plan.operations is not None:
            await plan.operations.stop()
        for task in [*running, stopper]:
            task.cancel()
        await asyncio.gather(*running, stopper, return_exceptions=True)
        await plan.adapters.stop()  # also closes those that only sent (the scheduler's outboxes)
