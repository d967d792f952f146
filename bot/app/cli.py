"""`partnerbot …`: the command line. Heavy modules (chat SDKs, SQLAlchemy) are imported where used.

Every user error (bad setting, bad file, unknown person) ends with one line on
standard error and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import log_redaction

if TYPE_CHECKING:
    from bot.runtime import Runtime

EXIT_USAGE = 2


class CliError(Exception):
    pass


def _common(parser: argparse.ArgumentParser, *, nested: bool = False) -> None:
    """The options every command takes. `nested` for a sub-action (`deliveries retry`): given after the action
    they count, and absent they do not overwrite what was given before it (argparse's defaults would)."""
    default: dict[str, Any] = {"default": argparse.SUPPRESS} if nested else {}
    parser.add_argument(
        "--document",
        action="append",
        metavar="[NAME=]FILE",
        help="a document to load (repeat for several; default: the bundled EU–ROK text)",
        **default,
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the working-group file (default: PARTNERBOT_CONFIG or partnerbot.yaml)",
        **default,
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="default: PARTNERBOT_DATABASE_URL or sqlite+aiosqlite:///partnerbot.db",
        **default,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partnerbot", description="A chat bot for the working groups of a security and defence partnership."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer one question (or one per line from stdin with --json)")
    ask.add_argument("question", nargs="?", help="the question; with --json and none, read one per line from stdin")
    ask.add_argument(
        "--json",
        action="store_true",
        help='print {"question", "intent", "answer", "citations", "confidence", "entities"}',
    )
    ask.add_argument("--as", dest="as_person", metavar="PERSON_ID", help="ask as this person of the working-group file")
    _common(ask)

    console = commands.add_parser("console", help="chat in the terminal (or one message per line from a pipe)")
    console.add_argument(
        "--as", dest="as_person", metavar="PERSON_ID", help="act as this person of the working-group file"
    )
    _common(console)

    document = commands.add_parser("document", help="document tools")
    document_commands = document.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = document_commands.add_parser("check", help="print what was understood of a document")
    check.add_argument("file", nargs="?", type=Path, help="default: the bundled document")

    config = commands.add_parser("config", help="working-group file tools")
    config_commands = config.add_subparsers(dest="action", required=True, metavar="ACTION")
    config_check = config_commands.add_parser(
        "check", help="report every problem in the working-group file, with its line"
    )
    config_check.add_argument("file", nargs="?", type=Path)
    config_check.add_argument("--document", action="append", metavar="[NAME=]FILE")

    db = commands.add_parser("db", help="database tools")
    db_commands = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = db_commands.add_parser("upgrade", help="create or migrate the schema")
    upgrade.add_argument("--database-url", metavar="URL")

    digest = commands.add_parser("digest", help="the chairs' digest")
    digest_commands = digest.add_subparsers(dest="action", required=True, metavar="ACTION")
    preview = digest_commands.add_parser("preview", help="print the digest")
    preview.add_argument("--meeting", metavar="ID")
    _common(preview)
    export = digest_commands.add_parser("export", help="write the digest to a file")
    export.add_argument("--format", choices=["markdown", "html"], default="markdown")
    export.add_argument("--meeting", metavar="ID")
    export.add_argument("--output", type=Path, required=True, metavar="FILE")
    _common(export)
    send = digest_commands.add_parser(
        "send", help="send one copy of a meeting's digest to one person by e-mail, now (its own delivery)"
    )
    send.add_argument("--meeting", metavar="ID", required=True)
    send.add_argument(
        "--to", metavar="PERSON_ID", required=True, help="a person of the working-group file with an email:"
    )
    _common(send)

    meetings = commands.add_parser("meetings", help="the meetings the bot knows")
    meetings_commands = meetings.add_subparsers(dest="action", required=True, metavar="ACTION")
    meetings_export = meetings_commands.add_parser("export", help="write every meeting to a calendar file")
    meetings_export.add_argument("--format", choices=["ics"], default="ics")
    meetings_export.add_argument("--output", type=Path, required=True, metavar="FILE")
    _common(meetings_export)

    export_cmd = commands.add_parser("export", help="data for the chairs' own records")
    export_commands = export_cmd.add_subparsers(dest="action", required=True, metavar="WHAT")
    updates = export_commands.add_parser("updates", help="every status update, oldest first, as CSV or JSON")
    updates.add_argument("--format", choices=["csv", "json"], default="csv")
    updates.add_argument("--since", metavar="YYYY-MM-DD", help="only updates saved from this day on (UTC)")
    updates.add_argument("--output", type=Path, metavar="FILE", help="default: standard output")
    _common(updates)

    deliveries = commands.add_parser(
        "deliveries", help="what the scheduler sent, and what failed; send failed ones again"
    )
    deliveries.add_argument(
        "--failed", action="store_true", help="only deliveries that failed (waiting to retry, or given up)"
    )
    deliveries.add_argument("--limit", type=int, default=50, metavar="N", help="the newest N (default 50)")
    _common(deliveries)
    deliveries_commands = deliveries.add_subparsers(dest="action", metavar="ACTION")
    retry = deliveries_commands.add_parser(
        "retry", help="make failed deliveries due now; the running scheduler sends them"
    )
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("ids", nargs="*", type=int, default=[], metavar="ID")
    which.add_argument("--all-failed", action="store_true")
    retry.add_argument(
        "--wait", type=float, default=60, metavar="SECONDS", help="how long to wait for the outcome (default 60)"
    )
    _common(retry, nested=True)

    run = commands.add_parser("run", help="start every configured chat adapter and the scheduler")
    _common(run)
    scheduler = commands.add_parser("scheduler", help="run the scheduler alone")
    scheduler.add_argument("--port", type=int, help="also serve GET /healthz, /readyz and /metrics on this port")
    _common(scheduler)

    serve = commands.add_parser("serve", help="run one chat adapter")
    serve_commands = serve.add_subparsers(dest="platform", required=True, metavar="PLATFORM")
    slack = serve_commands.add_parser("slack", help="Slack: Socket Mode by default, --http for production")
    slack.add_argument(
        "--http", action="store_true", help="serve POST /slack/events and GET /healthz, /readyz, /metrics"
    )
    slack.add_argument("--port", type=int, default=3000)
    _common(slack)
    telegram = serve_commands.add_parser("telegram", help="Telegram: long polling by default, --webhook for production")
    telegram.add_argument("--webhook", metavar="URL", help="the public URL Telegram posts updates to")
    telegram.add_argument("--port", type=int, default=8443)
    _common(telegram)
    return parser


def _settings(args: argparse.Namespace) -> Any:
    from bot.settings import load_settings

    return load_settings(
        document=getattr(args, "document", None),
        config=getattr(args, "config", None),
        database_url=getattr(args, "database_url", None),
    )


def _runtime(args: argparse.Namespace, *, require_config: bool = False, server: bool = False) -> Runtime:
    """Servers log at PARTNERBOT_LOG_LEVEL; one-shot commands only show warnings, so answers stay readable."""
    from bot.runtime import Runtime

    settings = _settings(args)
    configured: int = logging.getLevelName(settings.log_level)
    level = configured if server else max(logging.WARNING, configured)
    logging.basicConfig(level=level, stream=sys.stderr)
    log_redaction.install(settings.secrets(), settings.log_format)
    for noisy in ("bm25s", "alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    return Runtime.load(settings, require_config=require_config)


def _person_id(runtime: Runtime, as_person: str | None) -> str:
    if as_person is None:
        return "operator"
    if runtime.workgroup.person(as_person) is None:
        known = (
            ", ".join(p.id for p in runtime.workgroup.people)
            or f"none: no working-group file at {runtime.settings.config}"
        )
        raise CliError(f"--as {as_person}: no such person in the working-group file (known: {known})")
    return as_person


async def _ask(args: argparse.Namespace) -> int:
    from bot.app.adapters.console import ConsoleChat
    from bot.app.dispatcher import Dispatcher
    from bot.render.text import render_text

    runtime = _runtime(args)
    try:
        chat = ConsoleChat(Dispatcher(runtime, conversations=False), _person_id(runtime, args.as_person))
        questions: Sequence[str]
        if args.question is not None:
            questions = [args.question]
        elif args.json:
            questions = [line.rstrip("\n") for line in sys.stdin]
        else:
            raise CliError("ask needs a question (or --json to read questions from standard input)")
        for question in questions:
            replies = await chat.send(question)
            answer = "\n\n".join(render_text(r) for r in replies)
            if args.json:
                citations = [c for r in replies for c in r.citations]
                first = replies[0] if replies else None
                record = {
                    "question": question,
                    "intent": first.intent if first else "",
                    "answer": answer,
                    "citations": citations,
                    "confidence": first.confidence if first else None,
                    "entities": first.entities if first else [],
                }
                print(json.dumps(record, ensure_ascii=False), flush=True)
            else:
                print(answer)
    finally:
        await runtime.close()
    return 0


async def _console(args: argparse.Namespace) -> int:
    from bot.app.adapters.console import run_console
    from bot.app.dispatcher import Dispatcher

    runtime = _runtime(args)
    try:
        return await run_console(Dispatcher(runtime), _person_id(runtime, args.as_person))
    finally:
        await runtime.close()


def _document_check(args: argparse.Namespace) -> int:
    from bot.document.check import report
    from bot.document.library import bundled_document
    from bot.document.parse import load_document

    document = load_document(args.file) if args.file else bundled_document()
    print(report(document))
    return 0


def _config_check(args: argparse.Namespace) -> int:
    from bot.knowledge import Knowledge
    from bot.runtime import documents_for
    from bot.settings import load_settings
    from bot.workgroup import check_file, read_workgroup

    settings = load_settings(document=args.document)
    path = args.file or settings.config
    probe, problems = read_workgroup(path)
    if probe is not None:
        # the areas are checked against the document the bot would load for this file: the one it names,
        # unless overridden
        problems = check_file(path, Knowledge.load(documents_for(settings, path, probe)).areas)
    if problems:
        for problem in problems:
            print(f"{path}: {problem}")
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"{path}: OK")
    return 0


async def _db_upgrade(args: argparse.Namespace) -> int:
    from storage.db import Database

    database = Database(_settings(args).database_url)
    try:
        await database.upgrade()
    finally:
        await database.close()
    print(f"database at {database.url.split('@')[-1]} is up to date")
    return 0


def _write(path: Path, content: str) -> None:
    """Written as given (newline=""): a CSV's own line ends stay as they are."""
    try:
        path.write_text(content, encoding="utf-8", newline="")
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None
    print(f"wrote {path}")


async def _digest(args: argparse.Namespace) -> int:
    if args.action == "send":
        return await _digest_send(args)
    from bot.render.html import render_html
    from bot.render.markdown import render_markdown
    from bot.render.text import render_text
    from handlers.digest import digest_for

    runtime = _runtime(args)
    try:
        reply, problem = await digest_for(runtime, args.meeting)
    finally:
        await runtime.close()
    if reply is None:
        raise CliError(problem or "no digest")
    if args.action == "preview":
        print(render_text(reply))
        return 0
    content = (
        render_html(reply, title=runtime.workgroup.partnership.name)
        if args.format == "html"
        else render_markdown(reply)
    )
    _write(args.output, content)
    return 0


async def _digest_send(args: argparse.Namespace) -> int:
    """Tried once; the outcome is recorded on its own delivery row and said here (exit 1 when it failed)."""
    from bot.app.adapters.email import email_outbox
    from bot.app.delivery import Deliveries
    from bot.app.lease import Lease
    from bot.app.outbox import Outboxes
    from storage import repo

    runtime = _runtime(args)
    try:
        person = runtime.workgroup.person(args.to)
        if person is None:
            raise CliError(f"--to {args.to}: no such person in the working-group file")
        if person.email is None:
            raise CliError(f"--to {args.to}: {person.name} has no email: in the working-group file")
        try:
            mail = email_outbox(runtime.settings)
        except ValueError as error:
            raise CliError(str(error)) from None
        if mail is None:
            raise CliError("e-mail is not configured: set PARTNERBOT_SMTP_URL and PARTNERBOT_MAIL_FROM")
        database = await runtime.database()
        async with database.session() as session:
            meeting = await repo.meeting(session, args.meeting.lower())
        if meeting is None or meeting.cancelled:
            raise CliError(f"No meeting with id “{args.meeting}”.")
        lease = Lease(runtime, name="resend")  # claims are fenced; this command's own lease, not the scheduler's
        if not await lease.hold():
            raise CliError("another `digest send` is under way; try again in a minute")
        try:
            deliveries = Deliveries(runtime, Outboxes([], mail=mail), _no_conversation, lease)
            row = await deliveries.send_copy(meeting, person)
        except LookupError as error:
            raise CliError(str(error)) from None
        finally:
            await lease.release()
    finally:
        await runtime.close()
    if row.status != "sent":
        print(
            f"partnerbot: could not send the digest for {meeting.id} to {person.email} (delivery {row.id}): "
            f"{row.last_error}",
            file=sys.stderr,
        )
        return 1
    print(f"sent the digest for {meeting.id} to {person.name} <{person.email}> (delivery {row.id})")
    return 0


async def _no_conversation(person: Any, areas: list[str]) -> Any:
    raise AssertionError("a digest copy opens no conversation")


async def _meetings_export(args: argparse.Namespace) -> int:
    from handlers.calendar import export_calendar

    runtime = _runtime(args)
    try:
        content = await export_calendar(runtime)
    finally:
        await runtime.close()
    _write(args.output, content)
    return 0


async def _export(args: argparse.Namespace) -> int:
    from datetime import date

    from handlers.update_export import export_updates

    try:
        since = date.fromisoformat(args.since) if args.since else None
    except ValueError:
        raise CliError(f"--since {args.since}: give a day as YYYY-MM-DD, e.g. 2027-01-31") from None
    runtime = _runtime(args)
    try:
        content = await export_updates(runtime, args.format, since)
    finally:
        await runtime.close()
    if args.output is None:
        sys.stdout.write(content)
        return 0
    _write(args.output, content)
    return 0


async def _deliveries(args: argparse.Namespace) -> int:
    from bot.app import delivery_admin
    from storage import repo

    runtime = _runtime(args)
    try:
        if args.action != "retry":
            database = await runtime.database()
            async with database.session() as session:
                rows = await repo.list_deliveries(session, failed_only=args.failed, limit=args.limit)
            print(delivery_admin.table(rows))
            return 0
        try:
            retry = await delivery_admin.rearm(runtime, None if args.all_failed else args.ids)
        except LookupError as error:
            raise CliError(str(error)) from None
        if not retry.rows:
            print("No failed deliveries.")
            return 0
        print(f"{len(retry.rows)} failed deliveries are due again.")
        if not retry.scheduler_running:
            print("No scheduler holds the lease now: `partnerbot scheduler` (or `run`) sends them on its first tick.")
            return 0
        print(delivery_admin.said(retry, await delivery_admin.outcome(runtime, retry, args.wait)))
    finally:
        await runtime.close()
    return 0


async def _serve(args: argparse.Namespace, what: str) -> int:
    from bot.app.service import ServiceError, serve

    runtime = _runtime(args, require_config=True, server=True)
    try:
        return await serve(runtime, what, args)
    except ServiceError as error:
        raise CliError(str(error)) from None
    finally:
        await runtime.close()


_Command = Callable[[argparse.Namespace], int]


def _in_event_loop(command: Callable[[argparse.Namespace], Coroutine[Any, Any, int]]) -> _Command:
    """A subcommand written as a coroutine, run in its own event loop."""
    return lambda args: asyncio.run(command(args))


# What each subcommand runs; the servers name what they serve.
_COMMANDS: dict[str, _Command] = {
    "ask": _in_event_loop(_ask),
    "console": _in_event_loop(_console),
    "document": _document_check,
    "config": _config_check,
    "db": _in_event_loop(_db_upgrade),
    "digest": _in_event_loop(_digest),
    "deliveries": _in_event_loop(_deliveries),
    "meetings": _in_event_loop(_meetings_export),
    "export": _in_event_loop(_export),
    "run": lambda args: asyncio.run(_serve(args, "run")),
    "scheduler": lambda args: asyncio.run(_serve(args, "scheduler")),
    "serve": lambda args: asyncio.run(_serve(args, args.platform)),
}


def main(argv: Sequence[str] | None = None) -> int:
    # partnerbot uses no pydantic plugin, and looking for them reads every installed package's metadata
    # before the first model is built (40 ms of each start); PYDANTIC_DISABLE_PLUGINS= (empty) looks again
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = build_parser().parse_args(argv)
    from bot.document.parse import DocumentError
    from bot.settings import SettingsError
    from bot.workgroup import WorkGroupError

    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")  # a byte that is not UTF-8 becomes U+FFFD; the other lines are answered
    command = _COMMANDS.get(args.command)
    if command is None:
        return EXIT_USAGE
    try:
        return command(args)
    except WorkGroupError as error:
        for problem in error.problems:
            print(f"partnerbot: error: {error.path}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except (CliError, DocumentError, SettingsError) as error:
        print(f"partnerbot: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `partnerbot ask --json < questions | head`: the reader has gone; nothing left to say, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:
        if not _is_unreachable_database(error):
            raise
        print(f"partnerbot: error: cannot reach the database: {str(error).splitlines()[0]}", file=sys.stderr)
        return EXIT_USAGE


def _is_unreachable_database(error: Exception) -> bool:
    """A database that refuses the connection at start (down, wrong host or port): one line, not a traceback."""
    from sqlalchemy.exc import OperationalError

    return isinstance(error, OperationalError | ConnectionError)
