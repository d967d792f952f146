"""Answers from stored status: one area in full, every area in a line, history, leads, who is missing.

Each area answer also cites what the document commits to there, so a reader sees
the promise next to the progress.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time

from bot.document.model import Area
from bot.model import Heading, Note, Quote, Reply, ReplyIntent, Span, bullets, span, text
from bot.planning import lead_timezone
from bot.runtime import Runtime
from bot.workgroup import DEFAULT_KIND, Person, Role
from handlers.help import admin_names
from handlers.meeting_names import kind_title
from handlers.periods import last_held
from handlers.statuses import R, Status, by_area, status_of
from handlers.timefmt import age, day
from storage import direct_reads, repo
from storage.models import UpdateRow

_THE_DIALOGUE = re.compile(r"(?:(?:the|our|this)\s+)?dialogue", re.IGNORECASE)


def resolve_area(runtime: Runtime, query: str) -> Area | Reply:
    """The area a user named, or the reply explaining why it is not clear."""
    match = runtime.knowledge.areas.resolve(query)
    if match.area is None and match.mechanism is None and _THE_DIALOGUE.fullmatch(query.strip(" ?!.")):
        # "the dialogue", as the working group says it: the one its meetings default to, not the areas whose own
        # dialogues share the word
        match = runtime.knowledge.areas.resolve(kind_title(runtime, DEFAULT_KIND))
    if match.area is not None:
        return match.area
    if match.mechanism is not None:
        document, mechanism = match.mechanism
        name, cite = mechanism.name, runtime.knowledge.library.cite(document, mechanism.paragraph, mechanism.subitem)
        message = (
            f"The {name} ({cite}) is a dialogue, not an area of cooperation, so it has no status "
            f"or leads of its own. Ask “how often is the {name} held”, or say “areas” for the areas."
        )
        return Reply(blocks=[text(message)], intent=ReplyIntent.AREA_UNKNOWN)
    if match.candidates:
        names = "; ".join(a.short_title for a in match.candidates)
        return Reply(
            blocks=[text(f"“{query}” could be several areas: {names}. Which one?")], intent=ReplyIntent.AREA_UNCLEAR
        )
    if (where := _spoken_of_outside_the_areas(runtime, query)) is not None:
        # "progress on the security of information agreement?": §7, in the General Framework, which no lead reports on
        message = (
            f"“{query}” is not one of the areas of cooperation, so no lead reports on it. "
            f"The text speaks of it in {where}: ask “what does {where} say”."
        )
        return Reply(blocks=[text(message)], intent=ReplyIntent.AREA_UNKNOWN)
    return Reply(
        blocks=[text(f"I know no area called “{query}”. Say “areas” for the list.")], intent=ReplyIntent.AREA_UNKNOWN
    )


def _spoken_of_outside_the_areas(runtime: Runtime, query: str) -> str | None:
    """Where the text speaks of the words best, if it speaks of every one of them and that is outside the areas."""
    retriever = runtime.knowledge.retriever
    if not (coverage := retriever.coverage(query)).found or coverage.missing:
        return None
    best = next(iter(retriever.search(query, limit=1, specific=True)), None)
    paragraph = best.document.paragraph(best.paragraph) if best is not None else None
    if best is None or paragraph is None or paragraph.area is not None:
        return None
    return runtime.knowledge.library.cite(best.document, best.paragraph, best.subitem)


def name_of(runtime: Runtime, person_id: str) -> str:
    person = runtime.person(person_id)
    return person.name if person else person_id


Line = tuple[str | Span, ...]


def detail_lines(row: UpdateRow, *, with_paragraphs: bool = False) -> list[Line]:
    """The filled-in fields of an update, one line each, as every answer and the digest show them."""
    fields = [("Progress", row.progress), ("Blockers", row.blockers), ("Next steps", row.next_steps)]
    if with_paragraphs:
        fields.append(("Paragraphs", row.paragraphs))
    return [(f"{label}: ", value) for label, value in fields if value]


def update_lines(runtime: Runtime, row: UpdateRow, now: datetime) -> list[Line]:
    status = Status(row.status)
    head: Line = (
        span(f"{status.marker} {status.label}", bold=True),
        f" — {name_of(runtime, row.person_id)}, {day(row.created_at.date())} ({age(row.created_at, now)})",
    )
    return [head, *detail_lines(row, with_paragraphs=True)]


async def answer_area_status(runtime: Runtime, query: str, side: str | None = None) -> Reply:
    """Each lead's latest update, who has not reported since the last Dialogue, and what the text commits to;
    with `side` ("what did the ROK lead say on maritime"), that side's leads alone."""
    area = resolve_area(runtime, query)
    if isinstance(area, Reply):
        return area
    db = await runtime.database()
    now = runtime.clock.now()
    latest = await direct_reads.latest_updates(db, runtime.area_ids.id(area.title))
    away = await direct_reads.absent_on(db, runtime.today().date())
    since = await last_held(runtime)
    library = runtime.knowledge.library
    reply = Reply(intent=ReplyIntent.STATUS)
    leads = runtime.area_leads(area.title)
    if side is None:
        reply.blocks.append(Heading(text=f"Status: {area.title}"))
    else:
        reply.blocks.append(Heading(text=f"Status: {area.title}, the {side} side"))
        leads = tuple(p for p in leads if _on_side(runtime.person(p), side))
        latest = [row for row in latest if _on_side(runtime.person(row.person_id), side)]
    if not leads:
        whose = "" if side is None else f"{side} "
        reply.blocks.append(Note(text=f"No {whose}lead is assigned to this area in the working-group file."))
    if latest:
        for row in latest:
            reply.blocks.append(bullets(*update_lines(runtime, row, now)))
    else:
        reply.blocks.append(text("No update has been reported for this area yet."))
    reported = {r.person_id for r in latest if since is None or r.created_at.date() >= since}
    missing = [p for p in leads if p not in reported]
    if missing:
        parts = [
            f"{name_of(runtime, p)} (away until {day(away[p])})" if p in away else name_of(runtime, p) for p in missing
        ]
        period = f" since the Dialogue of {day(since)}" if since else ""
        reply.blocks.append(Note(text=f"Not reported{period}: " + ", ".join(parts)))
    reply.blocks.append(text(span("What the text commits to here", bold=True)))
    for paragraph in library.area_paragraphs(area):
        cite = library.cite(library.primary, paragraph.number)
        first = paragraph.commitments[0].sentence if paragraph.commitments else paragraph.text
        reply.blocks.append(Quote(text=first, cite=cite))
        reply.citations.append(cite)
    return reply


def in_document_order(runtime: Runtime, latest: Iterable[R]) -> list[tuple[Area, list[R]]]:
    """Every area in document order with its leads' latest reports (none: an empty list)."""
    grouped = by_area(latest)
    return [(area, grouped.get(runtime.area_ids.id(area.title), [])) for area in runtime.knowledge.library.areas]


async def answer_overview(runtime: Runtime) -> Reply:
    """`status` alone: one line per area, in document order (the status and its age: no update's text)."""
    now = runtime.clock.now()
    reply = Reply(intent=ReplyIntent.STATUS_OVERVIEW)
    reply.blocks.append(Heading(text="Status by area"))
    lines = []
    db = await runtime.database()
    for area, rows in in_document_order(runtime, await direct_reads.latest_statuses(db)):
        if not rows:
            lines.append((span("— no report", bold=True), f"  {area.short_title}"))
            continue
        status = status_of(rows)
        assert status is not None
        lines.append(
            (
                span(f"{status.marker} {status.label}", bold=True),
                f"  {area.short_title} · {age(rows[0].created_at, now)}",
            )
        )
    reply.blocks.append(bullets(*lines))
    return reply


async def answer_side_overview(runtime: Runtime, side: str) -> Reply:
    """ "what did the ROK side report?": the latest report of each of that side's leads, area by area in document
    order, and the areas that side leads none of (was a search of the text quoting "both sides", or the history of
    no area)."""
    now = runtime.clock.now()
    reply = Reply(intent=ReplyIntent.STATUS_OVERVIEW)
    reply.blocks.append(Heading(text=f"Reports from the {side} side"))
    db = await runtime.database()
    lines: list[Line] = []
    without: list[str] = []
    for area, rows in in_document_order(runtime, await direct_reads.latest_statuses(db)):
        leads = [p for p in runtime.area_leads(area.title) if _on_side(runtime.person(p), side)]
        if not leads:
            without.append(area.short_title)
        for lead in leads:
            row = next((r for r in rows if r.person_id == lead), None)
            if row is None:
                lines.append((span("— no report", bold=True), f"  {area.short_title} · {name_of(runtime, lead)}"))
                continue
            status = Status(row.status)
            said = f"  {area.short_title} · {name_of(runtime, lead)}, {age(row.created_at, now)}"
            lines.append((span(f"{status.marker} {status.label}", bold=True), said))
    if lines:
        reply.blocks.append(bullets(*lines))
    else:
        reply.blocks.append(text(f"No area has a {side} lead in the working-group file."))
    if lines and without:
        reply.blocks.append(Note(text=f"No {side} lead: " + "; ".join(without)))
    return reply


def _on_side(person: Person | None, side: str) -> bool:
    return person is not None and (person.side or "").casefold() == side.casefold()


async def answer_history(runtime: Runtime, query: str) -> Reply:
    area = resolve_area(runtime, query)
    if isinstance(area, Reply):
        return area
    db = await runtime.database()
    now = runtime.clock.now()
    async with db.read_session() as session:
        rows = await repo.history(session, runtime.area_ids.id(area.title), limit=20)
    reply = Reply(intent=ReplyIntent.HISTORY)
    reply.blocks.append(Heading(text=f"History: {area.title}"))
    if not rows:
        reply.blocks.append(text("No update has been reported for this area yet."))
    for row in rows:
        reply.blocks.append(bullets(*update_lines(runtime, row, now)))
    return reply


def answer_who_leads(runtime: Runtime, query: str, side: str | None = None) -> Reply:
    """An area's leads; asked for one side's ("who's the ROK lead for cyber"), that side's first, the other's after."""
    area = resolve_area(runtime, query)
    if isinstance(area, Reply):
        return area
    leads = [p for p in (runtime.person(i) for i in runtime.area_leads(area.title)) if p]
    if not leads:
        return Reply(blocks=[text(f"No lead is assigned to {area.title}.")], intent=ReplyIntent.WHO_LEADS)
    if side is None:
        said = f"{area.short_title} is led by {_named(leads)}."
    else:
        ours = [p for p in leads if _on_side(p, side)]
        others = [p for p in leads if p not in ours]
        if not ours:
            said = f"{area.short_title} has no {side} lead in the working-group file; it is led by {_named(others)}."
        else:
            with_others = f"; the other lead{' is' if len(others) == 1 else 's are'} {_named(others)}" if others else ""
            said = f"The {side} lead for {area.short_title} is {' and '.join(p.name for p in ours)}{with_others}."
    return Reply(blocks=[text(said)], intent=ReplyIntent.WHO_LEADS)


def _named(people: list[Person]) -> str:
    return " and ".join(p.name + (f" ({p.side})" if p.side else "") for p in people)


def answer_all_leads(runtime: Runtime, *, unled_only: bool = False) -> Reply:
    """Every area with its leads, in document order: who to ask about what; or only the areas nobody leads."""
    lines: list[tuple[str | Span, ...]] = []
    for area in runtime.knowledge.library.areas:
        leads = [p for p in (runtime.person(i) for i in runtime.area_leads(area.title)) if p]
        if unled_only and leads:
            continue
        lines.append((f"{area.short_title}: ", _named(leads) if leads else span("no lead assigned", italic=True)))
    reply = Reply(intent=ReplyIntent.WHO_LEADS)
    if unled_only and not lines:
        reply.blocks.append(text("Every area has a lead in the working-group file."))
        return reply
    reply.blocks.append(Heading(text=f"Areas without a lead ({len(lines)})" if unled_only else "Who leads each area"))
    reply.blocks.append(bullets(*lines))
    return reply


# The updates a "what changed since …" answer lists, newest first; the rest are counted, for `history` to show
MAX_RECENT = 20


async def answer_recent(runtime: Runtime, since: date, query: str | None = None) -> Reply:
    """The updates given since a day, newest first, each under its area: what changed "since last week"."""
    area = resolve_area(runtime, query) if query else None
    if isinstance(area, Reply):
        return area
    start = datetime.combine(since, time.min, tzinfo=runtime.timezone)
    db = await runtime.database()
    async with db.read_session() as session:
        area_id = runtime.area_ids.id(area.title) if area else None
        rows = await repo.updates_since(session, start, area_id)
        earlier = [] if rows else await repo.latest_updates(session, area_id)
    where = f" in {area.short_title}" if area else ""
    reply = Reply(intent=ReplyIntent.STATUS)
    reply.blocks.append(Heading(text=f"Updates since {since:%a} {day(since)}{where} ({len(rows)})"))
    now = runtime.clock.now()
    if not rows:
        reply.blocks.append(text(f"No update{where} since {day(since)}."))
        if earlier:
            latest = max(earlier, key=lambda row: (row.created_at, row.id))
            reply.blocks.append(
                Note(text=f"The latest update: {_area_name(runtime, latest)}, {day(latest.created_at.date())}.")
            )
        return reply
    for row in list(reversed(rows))[:MAX_RECENT]:
        head, *rest = update_lines(runtime, row, now)
        reply.blocks.append(bullets((span(_area_name(runtime, row), bold=True), " · ", *head), *rest))
    if len(rows) > MAX_RECENT:
        reply.blocks.append(Note(text=f"and {len(rows) - MAX_RECENT} earlier: ask for an area's history to see them."))
    return reply


def short_title(runtime: Runtime, title: str) -> str:
    """The area's short heading: an alert or a list line is read at a glance, the full heading is a sentence."""
    area = runtime.knowledge.library.area_titled(title)
    return area.short_title if area is not None else title


def _area_name(runtime: Runtime, row: UpdateRow) -> str:
    """The short heading of an update's area, as the document now names it."""
    return short_title(runtime, runtime.area_ids.by_id(row.area_id).title)


async def answer_by_status(runtime: Runtime, statuses: tuple[str, ...]) -> Reply:
    """ "what's blocked", "anything amber?": the areas whose status (the worst of their leads' latest) is one
    of these, with who reported it and the blockers they named."""
    wanted = [Status(s) for s in statuses]
    now = runtime.clock.now()
    labels = " or ".join(s.label for s in wanted)
    reply = Reply(intent=ReplyIntent.STATUS_FILTER)
    found: list[str] = []
    db = await runtime.database()
    for area, rows in in_document_order(runtime, await direct_reads.latest_updates(db)):
        status = status_of(rows)
        if status not in wanted:
            continue
        found.append(area.title)
        reply.blocks.append(text(span(f"{status.marker} {area.short_title}", bold=True)))
        for row in rows:
            reply.blocks.append(bullets(*update_lines(runtime, row, now)))
    if not found:
        reply.blocks.append(text(f"No area is {labels} in the latest updates."))
    else:
        reply.blocks.insert(0, Heading(text=f"Areas {labels} ({len(found)})"))
    if len(found) == 1:
        reply.about["area"] = found[0]  # "who can unblock it?": that area
    return reply


async def answer_person(runtime: Runtime, person_id: str, *, reports: bool = False) -> Reply:
    """Who someone is: side and roles, the areas they lead, whether they are away today or later, and their e-mail;
    asked what they reported, their latest update of each area as written, after who they are."""
    person = runtime.person(person_id)
    if person is None:
        return Reply(
            blocks=[text(f"I know no one called “{person_id}” in the working group.")], intent=ReplyIntent.PERSON
        )
    db = await runtime.database()
    today = runtime.today().date()
    away = await direct_reads.absent_on(db, today)
    roles = ", ".join(r.value for r in person.roles)
    reply = Reply(intent=ReplyIntent.PERSON)
    reply.blocks.append(
        text(span(person.name, bold=True), f" ({person.side}) — {roles}" if person.side else f" — {roles}")
    )
    titles = set(runtime.areas_led_by(person.id))
    led = [a for a in runtime.knowledge.library.areas if a.title in titles]
    reply.blocks.append(text("Leads: " + "; ".join(a.short_title for a in led) if led else "Leads no area."))
    written: dict[int, UpdateRow] = {}  # asked what they reported: their latest updates whole, read once for both
    if led:  # "has rossi reported?": their own last update of each area they lead
        if reports:
            written = {row.area_id: row for row in await direct_reads.latest_updates(db) if row.person_id == person.id}
        own: Mapping[int, UpdateRow | direct_reads.ReportedStatus] = (
            written if reports else await _own_latest(runtime, person)
        )
        reported = [
            f"{a.short_title}, {day(row.created_at.date())} ({Status(row.status).label})"
            if (row := own.get(runtime.area_ids.id(a.title)))
            else f"{a.short_title}, nothing yet"
            for a in led
        ]
        reply.blocks.append(text("Last reported: " + "; ".join(reported) + "."))
    async with db.read_session() as session:
        later = await repo.upcoming_absences(session, today, person.id)  # "away next week": "Not marked away" hid it
        profiles = await repo.profile_timezones(session) if led else {}
    ahead = "; ".join(f"from {day(row.starts)} until {day(row.ends)}" for row in later)
    if person.id in away:
        reply.blocks.append(text(f"Away until {day(away[person.id])}." + (f" Away again {ahead}." if ahead else "")))
    else:
        reply.blocks.append(text(f"Not away today; away {ahead}." if ahead else "Not marked away."))
    if led:  # "what timezone are my reminders in", "how do I change my timezone"
        reply.blocks.append(text(_prompted_at(runtime, person, profiles)))
    if person.email:  # "how do I contact novak", "what's rossi's email": as the working-group file gives it
        reply.blocks.append(text("E-mail: ", person.email))
    if written:  # "what did rossi report?": what they wrote, area by area in the document's order
        now = runtime.clock.now()
        for area in led:
            if (update := written.get(runtime.area_ids.id(area.title))) is not None:
                reply.blocks.append(Heading(text=area.short_title))
                reply.blocks.append(bullets(*update_lines(runtime, update, now)))
    return reply


def _prompted_at(runtime: Runtime, person: Person, profiles: dict[str, str]) -> str:
    """When a lead is asked for updates, in which timezone, and where that timezone is set (as
    bot.planning.lead_timezone chooses it)."""
    tz = lead_timezone(person, profiles, runtime.workgroup.partnership.timezone)
    if person.timezone:
        source = "set in the working-group file, where an admin changes it"
    elif person.id in profiles:
        source = "from the chat profile: changed there, or set by an admin in the working-group file"
    else:
        source = "the partnership's: an admin can set another in the working-group file"
    hour = runtime.workgroup.collection.prompt_hour
    return f"Prompted for updates at {hour:02d}:00, {tz} time ({source})."


async def answer_absent(runtime: Runtime) -> Reply:
    """Everyone marked away today and until when, then those away later: who will not answer before a Dialogue."""
    db = await runtime.database()
    today = runtime.today().date()
    away = await direct_reads.absent_on(db, today)
    async with db.read_session() as session:
        later = await repo.upcoming_absences(session, today)
    reply = Reply(intent=ReplyIntent.AWAY)
    if away:
        names = sorted((name_of(runtime, p), until) for p, until in away.items())
        reply.blocks += [text("Away today:"), bullets(*[f"{name}, until {day(until)}" for name, until in names])]
    else:
        reply.blocks.append(text("Nobody is marked away today."))
    if later:
        reply.blocks.append(text("Away later:"))
        reply.blocks.append(
            bullets(*[f"{name_of(runtime, row.person_id)}, {day(row.starts)} until {day(row.ends)}" for row in later])
        )
    return reply


def answer_people(runtime: Runtime, side: str | None = None) -> Reply:
    """Everyone the working-group file names (of one side, if asked), each with their roles and the areas they
    lead, and how many there are of each role: "who's in the working group?", "how many leads are there?"."""
    people = [p for p in runtime.workgroup.people if side is None or _on_side(p, side)]
    of_side = f" on the {side} side" if side else ""
    if not people:
        return Reply(blocks=[text(f"The working-group file names nobody{of_side}.")], intent=ReplyIntent.PEOPLE)
    counts = [
        f"{n} {role.value}{'s' if n > 1 else ''}"
        for role in (Role.CHAIR, Role.LEAD, Role.MEMBER, Role.ADMIN)
        if (n := sum(role in p.roles for p in people))
    ]
    reply = Reply(intent=ReplyIntent.PEOPLE)
    reply.blocks.append(Heading(text=f"The working group{of_side}: {len(people)} people ({', '.join(counts)})"))
    areas = {a.title: a.short_title for a in runtime.knowledge.library.areas}
    lines = []
    for person in people:
        led = [areas.get(title, title) for title in runtime.areas_led_by(person.id)]
        about = ", ".join(r.value for r in person.roles) + (f" of {'; '.join(led)}" if led else "")
        lines.append((span(person.name, bold=True), f" ({person.side}) — {about}" if person.side else f" — {about}"))
    reply.blocks.append(bullets(*lines))
    return reply


def answer_chairs(runtime: Runtime) -> Reply:
    chairs = runtime.chairs()
    if not chairs:
        return Reply(blocks=[text("The working-group file names no chairs.")], intent=ReplyIntent.CHAIRS)
    return Reply(blocks=[text(f"The chairs are {_named(chairs)}.")], intent=ReplyIntent.CHAIRS)


async def answer_my_areas(runtime: Runtime, person: Person, *, on_behalf: bool = False) -> Reply:
    """The areas a lead leads, each with who leads it with them and their own last update's status and day: also
    the answer to "when did I last report" and "who is my co-lead"; asked whether someone else may report for
    them, what is true: each lead reports for themselves, and the working-group file says who leads."""
    titles = runtime.areas_led_by(person.id)
    if not titles:
        return Reply(blocks=[text("You lead no area in the working-group file.")], intent=ReplyIntent.MY_AREAS)
    mine = await _own_latest(runtime, person)
    lines = []
    for title in titles:
        row = mine.get(runtime.area_ids.id(title))
        said = (
            f"your last update {day(row.created_at.date())}, {Status(row.status).label}"
            if row
            else "no update from you yet"
        )
        others = [p for p in (runtime.person(i) for i in runtime.area_leads(title) if i != person.id) if p]
        with_whom = f" (with {_named(others)})" if others else " (alone)"
        lines.append((f"{title}{with_whom} — {said}",))
    reply = Reply(intent=ReplyIntent.MY_AREAS)
    if on_behalf:
        admins = ", ".join(admin_names(runtime.workgroup))
        reply.blocks.append(text(_WHO_REPORTS.format(admins=f" ({admins})" if admins else "")))
    reply.blocks.append(text("You lead:"))
    reply.blocks.append(bullets(*lines))
    reply.blocks.append(Note(text="Say “update” to report on them."))
    return reply


_WHO_REPORTS = (
    "Each lead gives their own update, and the chairs' digest shows every lead's latest; an admin{admins} may also "
    "report on any area, under their own name. If you cannot this round, say “I can't "
    "report this round” with the reason, which the chairs see. Someone else becomes a lead of an area when an admin "
    "names them in the working-group file."
)


async def _own_latest(runtime: Runtime, person: Person) -> dict[int, direct_reads.ReportedStatus]:
    """The person's own latest update of each area, by area id (a co-lead's does not count)."""
    latest = await direct_reads.latest_statuses(await runtime.database())
    return {row.area_id: row for row in latest if row.person_id == person.id}


async def answer_missing(runtime: Runtime) -> Reply:
    """Areas with no update since the last Dialogue, and who is away."""
    db = await runtime.database()
    since = await last_held(runtime)
    latest = await direct_reads.latest_updates(db)
    away = await direct_reads.absent_on(db, runtime.today().date())
    fresh = {r.area_id for r in latest if since is None or r.created_at.date() >= since}
    missing = [a for a in runtime.knowledge.library.areas if runtime.area_ids.id(a.title) not in fresh]
    reply = Reply(intent=ReplyIntent.MISSING)
    period = f"since the Dialogue of {day(since)}" if since else "yet"
    if not missing:
        reply.blocks.append(text(f"Every area has reported {period}."))
        return reply
    reply.blocks.append(
        Heading(text=f"No update {period} ({len(missing)} of {len(runtime.knowledge.library.areas)} areas)")
    )
    lines = []
    for area in missing:
        leads = runtime.area_leads(area.title)
        who = ", ".join(name_of(runtime, p) + (" (away)" if p in away else "") for p in leads) or "no lead assigned"
        lines.append((f"{area.short_title} — {who}",))
    reply.blocks.append(bullets(*lines))
    return reply


def _absence_target(runtime: Runtime, actor: Person, target_id: str | None) -> tuple[Person, str] | Reply:
    """Whose absence a message marks (the sender's, or in an admin's message the person it names), with how the
    answer speaks of them ("You are", "Kim Min-jun is")."""
    target = actor if target_id is None else runtime.person(target_id.lower())
    if target is None:
        return Reply(
            blocks=[text(f"I know no one with the id “{target_id}” in the working group.")], intent=ReplyIntent.AWAY
        )
    if target.id != actor.id and Role.ADMIN not in actor.roles:
        return Reply(blocks=[text("Only admins can mark someone else away.")], intent=ReplyIntent.AWAY)
    return target, "You are" if target.id == actor.id else f"{target.name} is"


async def cancel_absence(runtime: Runtime, actor: Person, target_id: str | None, covering: date | None) -> Reply:
    """ "cancel my leave": the absence not yet over that covers `covering`, or without a day the only one, is
    dropped (ended today if it has begun), so prompts and reminders come again; with several and no day, which
    one is asked (was a meeting to cancel, or "back on" the leave's first day, which only a hint said)."""
    named = _absence_target(runtime, actor, target_id)
    if isinstance(named, Reply):
        return named
    target, who = named
    today = runtime.today().date()
    db = await runtime.database()
    async with db.session() as session:
        cancelled, marked = await repo.cancel_absences(
            session, target.id, today, covering, actor.id, runtime.clock.now()
        )
    if cancelled:
        said = "; ".join(
            f"the leave from {day(row.starts)} ends today"
            if row.starts < today
            else f"from {day(row.starts)} until {day(row.ends)}"
            for row in cancelled
        )
        return Reply(
            blocks=[text(f"{who} no longer marked away: {said}. Prompts and reminders come as usual.")],
            intent=ReplyIntent.AWAY,
        )
    if not marked:
        return Reply(blocks=[text(f"{who} not marked away.")], intent=ReplyIntent.AWAY)
    spans = " and ".join(f"from {day(row.starts)} until {day(row.ends)}" for row in marked)
    whose = "my" if target.id == actor.id else f"{target.id}'s"
    if covering is not None:
        said = f"{who} not marked away on {day(covering)} (marked away {spans})."
    else:
        said = f"{who} marked away {spans}: which leave?"
    example = f"“cancel {whose} leave from {marked[0].starts.isoformat()}”"
    return Reply(blocks=[text(f"{said} Say {example} for that one.")], intent=ReplyIntent.AWAY)


async def mark_away(
    runtime: Runtime,
    actor: Person,
    target_id: str | None,
    until: date | None,
    back: bool,
    starts: date | None = None,
) -> Reply:
    """`away until 2027-01-10` (or `from 20 dec to 5 jan`) for oneself; admins may `mark kim away until ...`;
    `back`, or `back on the 3rd` to end an absence on that day."""
    named = _absence_target(runtime, actor, target_id)
    if isinstance(named, Reply):
        return named
    target, who = named
    today = runtime.today().date()
    db = await runtime.database()
    now = runtime.clock.now()
    async with db.session() as session:
        if back and until is not None and until > today:
            moved, later = await repo.move_return(session, target.id, today, until, actor.id, now)
            kept = [row for row in moved if row.starts < until]
            if moved and not kept:
                return Reply(blocks=[text(f"{who} no longer marked away from {day(until)}.")], intent=ReplyIntent.AWAY)
            if kept:
                first = min(row.starts for row in kept)
                since = f" from {day(first)}" if first > today else ""
                return Reply(blocks=[text(f"{who} marked away{since} until {day(until)}.")], intent=ReplyIntent.AWAY)
            if later:  # "back on 2026-12-10" of an absence from 20 Dec: nothing is changed
                return Reply(
                    blocks=[
                        text(
                            f"{who} marked away from {day(later[0].starts)}, after {day(until)}: say the day you "
                            f"are back as YYYY-MM-DD, or “away from {day(later[0].starts)} until …”."
                        )
                    ],
                    intent=ReplyIntent.AWAY,
                )
            # "I'm back in March" said before any leave was marked: how to mark it, rather than nothing
            marking = f": “away until {until.isoformat()}” marks you away until then" if target.id == actor.id else ""
            return Reply(blocks=[text(f"{who} not marked away{marking}.")], intent=ReplyIntent.AWAY)
        if back:
            ended, later = await repo.move_return(session, target.id, today, today, actor.id, now, action="absence.end")
            if ended or not later:
                return Reply(blocks=[text(f"{who} marked back.")], intent=ReplyIntent.AWAY)
            coming = later[0]  # leave to come is kept: dropping it is said with its first day
            return Reply(
                blocks=[
                    text(
                        f"{who} not away now; the leave from {day(coming.starts)} until {day(coming.ends)} stays "
                        f"(“back on {coming.starts.isoformat()}” drops it)."
                    )
                ],
                intent=ReplyIntent.AWAY,
            )
        if until is None:
            return Reply(
                blocks=[text("Give the day you are back from as YYYY-MM-DD, e.g. “away until 2027-01-10”.")],
                intent=ReplyIntent.AWAY,
            )
        if until < today:
            return Reply(
                blocks=[text(f"{day(until)} is in the past: give a day from today on.")], intent=ReplyIntent.AWAY
            )
        first = max(starts or today, today)
        await repo.add_absence(session, target.id, first, until, actor.id, now)
    if first > today:  # "on leave from 20 dec to 5 jan": prompted as usual until then
        said = f"{who} marked away from {day(first)} until {day(until)}: no prompts or reminders then."
    else:
        said = f"{who} marked away until {day(until)}: no prompts or reminders until then."
    return Reply(blocks=[text(said)], intent=ReplyIntent.AWAY)
