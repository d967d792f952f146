"""The working-group file: people, their roles and platform ids, areas and their leads, meetings.

Read from YAML and validated with pydantic. `check_file` reports every problem at
once, each with its line, so an administrator fixes the file in one pass.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.model import Platform
from bot.understanding.thesaurus import SynonymGroup
from bot.yaml_loader import RefusedYAML, describe_error, load_yaml_with_nodes

DEFAULT_KIND = "security-and-defence-dialogue"


class WorkGroupError(ValueError):
    """The file cannot be used; `problems` lists each with its line."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


class Role(StrEnum):
    MEMBER = "member"
    LEAD = "lead"
    CHAIR = "chair"
    ADMIN = "admin"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _valid_timezone(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {value!r} (use an IANA name such as Europe/Brussels)") from None
    return value


class Person(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,39}$")
    name: str
    side: str | None = None
    roles: tuple[Role, ...] = (Role.MEMBER,)
    timezone: str | None = None
    slack: str | None = None
    telegram: int | None = None
    email: str | None = None
    language: Literal["en", "ko"] = "en"  # the language answers are framed in when a question does not say
    aliases: tuple[str, ...] = ()  # other names colleagues use: the name in Hangul, a nickname

    _tz = field_validator("timezone")(_valid_timezone)

    @field_validator("email")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        """One plain address (the display name is the person's `name`), so mail and invitations can go to it."""
        if value is not None and not re.fullmatch(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+", value):
            raise ValueError(f"{value!r} is not an e-mail address (write it as name@example.org)")
        return value

    def identities(self) -> dict[Platform, str]:
        """The person's user id on each chat platform the file gives one for, as the platform sends it (text)."""
        ids = {Platform.SLACK: self.slack, Platform.TELEGRAM: self.telegram}
        return {platform: str(value) for platform, value in ids.items() if value is not None}

    def identity(self, platform: Platform) -> str | None:
        """The person's user id on one platform, if they have one there."""
        return self.identities().get(platform)


# who acts when a command is run on the server itself (`partnerbot digest send`, `deliveries retry`)
OPERATOR = Person(id="operator", name="Local operator", roles=(Role.ADMIN,))


class AreaConfig(_Strict):
    leads: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


class MeetingConfig(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,39}$")
    kind: str = DEFAULT_KIND
    date: date
    place: str | None = None
    title: str | None = None


class Partnership(_Strict):
    name: str = "EU–ROK Security and Defence Partnership"
    document: str | list[str] = "bundled"
    timezone: str = "Europe/Brussels"

    _tz = field_validator("timezone")(_valid_timezone)

    @property
    def documents(self) -> list[str]:
        return [self.document] if isinstance(self.document, str) else list(self.document)


class Collection(_Strict):
    """When rounds open and reminders go, counted back from the meeting."""

    opens_days_before: int = Field(21, ge=1, le=120)
    reminder_every_days: int = Field(4, ge=1, le=30)
    prompt_hour: int = Field(9, ge=0, le=23)
    conversation_expiry_hours: int = Field(48, ge=1, le=24 * 30)
    kinds: tuple[str, ...] = (DEFAULT_KIND,)  # meeting kinds that get a round and a digest


class Channel(_Strict):
    # a Telegram group's id is a number (-1001234567890), and is written as one
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    platform: str = Field(pattern=r"^(slack|telegram)$")
    id: str


class Digest(_Strict):
    days_before: int = Field(7, ge=0, le=60)
    channels: tuple[Channel, ...] = ()
    email: bool = True  # chairs with an `email:` get it by mail too (when PARTNERBOT_SMTP_URL is set)


class Alerts(_Strict):
    """What the chairs hear of at once, between digests."""

    blocked: bool = True  # an area becoming blocked: a direct message to each chair, and in the digest channels


class WorkGroup(_Strict):
    partnership: Partnership = Partnership()
    people: tuple[Person, ...] = ()
    areas: dict[str, AreaConfig] = {}
    meetings: tuple[MeetingConfig, ...] = ()
    collection: Collection = Collection()
    digest: Digest = Digest()
    channels: tuple[Channel, ...] = ()  # the working group's own channels and groups: answers may be posted there
    alerts: Alerts = Alerts()
    synonyms: tuple[SynonymGroup, ...] = ()  # added to the bundled thesaurus: everyday words for the text's own

    def person(self, person_id: str) -> Person | None:
        return self.people_ids.get(person_id)

    def by_platform(self, platform: Platform, user_id: str) -> Person | None:
        return self.platform_ids.get((platform, user_id))

    @cached_property
    def platform_ids(self) -> dict[tuple[Platform, str], Person]:
        """(platform, user id) → person: every message is identified, so not by a walk through the people."""
        ids: dict[tuple[Platform, str], Person] = {}
        for person in self.people:
            for platform, user_id in person.identities().items():
                ids.setdefault((platform, user_id), person)
        return ids

    @cached_property
    def people_ids(self) -> dict[str, Person]:
        """Id → person (the first, where an invalid file repeats an id): names are looked up for every line of an
        answer."""
        ids: dict[str, Person] = {}
        for person in self.people:
            ids.setdefault(person.id, person)
        return ids


def _line_index(root: yaml.Node) -> dict[tuple[Any, ...], int]:
    """Every path in the YAML tree mapped to its 1-based line, for messages that say where.

    A walk with a stack, not recursion: libyaml lets a file nest a thousand levels deep, past Python's limit.
    """
    lines: dict[tuple[Any, ...], int] = {}
    stack: list[tuple[yaml.Node, tuple[Any, ...], int]] = [(root, (), root.start_mark.line + 1)]
    while stack:
        node, path, line = stack.pop()
        lines[path] = line
        if isinstance(node, yaml.MappingNode):
            stack.extend((value, path + (key.value,), key.start_mark.line + 1) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (index,), item.start_mark.line + 1) for index, item in enumerate(node.value))
    return lines


def _line_of(lines: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> int:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _read(path: Path) -> tuple[Any, dict[tuple[Any, ...], int]]:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkGroupError(path, ["no such file"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise WorkGroupError(path, [f"cannot read it: {error}"]) from None
    try:
        data, node = load_yaml_with_nodes(source)
    except yaml.YAMLError as error:
        line, what = describe_error(error, source)
        # what our files refuse is valid YAML: saying "not valid YAML" would send the reader looking for a typo
        raise WorkGroupError(
            path,
            [f"line {line}: {what}" if isinstance(error, RefusedYAML) else f"line {line}: not valid YAML ({what})"],
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise WorkGroupError(path, ["line 1: the file must be a mapping with partnership, people, areas, meetings"])
    return data, (_line_index(node) if node is not None else {})


def _shape_problems(error: ValidationError, lines: dict[tuple[Any, ...], int], data: dict[str, Any]) -> list[str]:
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        # pydantic names people[2] as ("people", 2); the id reads better than an index
        label = ".".join(str(p) for p in loc) or "file"
        if len(loc) >= 2 and loc[0] in {"people", "meetings"} and isinstance(loc[1], int):
            entries = data.get(loc[0]) or []
            if loc[1] < len(entries) and isinstance(entries[loc[1]], dict) and entries[loc[1]].get("id"):
                label = f"{loc[0]}[{entries[loc[1]]['id']}]" + "".join(f".{p}" for p in loc[2:])
        message = item["msg"].removeprefix("Value error, ")
        problems.append(f"line {_line_of(lines, loc)}: {label}: {message}")
    return problems


def load_workgroup(path: Path, area_resolver: Any | None = None) -> WorkGroup:
    """Load and check the file; raise WorkGroupError listing every problem with its line."""
    workgroup, problems = read_workgroup(path, area_resolver)
    if problems:
        raise WorkGroupError(path, problems)
    assert workgroup is not None
    return workgroup


def check_file(path: Path, area_resolver: Any | None = None) -> list[str]:
    """Every problem in the file, each with its line; empty when the file is good.

    A file that cannot be read as YAML at all raises WorkGroupError instead: there is nothing to check.
    """
    _, problems = read_workgroup(path, area_resolver)
    return problems


def read_workgroup(path: Path, area_resolver: Any | None = None) -> tuple[WorkGroup | None, list[str]]:
    """The working group and every problem of the file; the group is None when the file's shape is wrong.

    Raises WorkGroupError when the file cannot be read as YAML. A group with problems still names its
    document, which the area keys are then checked against.
    """
    data, lines = _read(path)
    try:
        workgroup = WorkGroup.model_validate(data)
    except ValidationError as error:
        return None, _shape_problems(error, lines, data)
    return workgroup, _consistency_problems(workgroup, lines, area_resolver)


def _consistency_problems(
    workgroup: WorkGroup, lines: dict[tuple[Any, ...], int], area_resolver: Any | None
) -> list[str]:
    """What a well-shaped file still gets wrong, in the order of the file: people, meetings, then areas."""
    return (
        _duplicate_people(workgroup, lines)
        + _shared_platform_ids(workgroup, lines)
        + _duplicate_meetings(workgroup, lines)
        + _area_problems(workgroup, lines, area_resolver)
    )


def _duplicate_people(workgroup: WorkGroup, lines: dict[tuple[Any, ...], int]) -> list[str]:
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, person in enumerate(workgroup.people):
        if person.id in seen:
            problems.append(
                f"line {_line_of(lines, ('people', index, 'id'))}: duplicate person id {person.id!r} "
                f"(first at line {seen[person.id]})"
            )
        else:
            seen[person.id] = _line_of(lines, ("people", index, "id"))
    return problems


def _shared_platform_ids(workgroup: WorkGroup, lines: dict[tuple[Any, ...], int]) -> list[str]:
    """One Slack or Telegram account given to two people: a message from it would have two senders."""
    problems: list[str] = []
    for platform in (Platform.SLACK, Platform.TELEGRAM):
        owners: dict[str, str] = {}
        for index, person in enumerate(workgroup.people):
            value = person.identity(platform)
            if value is None:
                continue
            if str(value) in owners and owners[str(value)] != person.id:
                problems.append(
                    f"line {_line_of(lines, ('people', index, platform))}: "
                    f"{platform} id {value} is also {owners[str(value)]}'s"
                )
            owners.setdefault(str(value), person.id)
    return problems


def _duplicate_meetings(workgroup: WorkGroup, lines: dict[tuple[Any, ...], int]) -> list[str]:
    problems: list[str] = []
    meeting_ids: set[str] = set()
    for index, meeting in enumerate(workgroup.meetings):
        if meeting.id in meeting_ids:
            problems.append(f"line {_line_of(lines, ('meetings', index, 'id'))}: duplicate meeting id {meeting.id!r}")
        meeting_ids.add(meeting.id)
    return problems


def _area_problems(workgroup: WorkGroup, lines: dict[tuple[Any, ...], int], area_resolver: Any | None) -> list[str]:
    """Each area's leads, then (with the document at hand) which area of the document its key names."""
    problems: list[str] = []
    matched: dict[str, str] = {}
    for key, area in workgroup.areas.items():
        problems += _lead_problems(workgroup, lines, key, area)
        if area_resolver is not None:
            problems += _area_key_problems(area_resolver, _line_of(lines, ("areas", key)), key, matched)
    return problems


def _lead_problems(workgroup: WorkGroup, lines: dict[tuple[Any, ...], int], key: str, area: AreaConfig) -> list[str]:
    problems: list[str] = []
    for lead in area.leads:
        lead_person = workgroup.person(lead)
        if lead_person is None:
            problems.append(
                f"line {_line_of(lines, ('areas', key, 'leads'))}: area {key!r}: unknown person id {lead!r}"
            )
        elif Role.LEAD not in lead_person.roles:
            problems.append(
                f"line {_line_of(lines, ('areas', key, 'leads'))}: "
                f"area {key!r}: {lead} leads it but does not have the lead role"
            )
    return problems


def _area_key_problems(area_resolver: Any, line: int, key: str, matched: dict[str, str]) -> list[str]:
    """An area key must name exactly one area of the document, and no other key the same one (`matched`, filled
    here, maps the areas already named to their keys)."""
    match = area_resolver.resolve(key)
    if match.area is None and not match.candidates:
        return [f"line {line}: area {key!r} matches no area of the document"]
    if match.area is None:
        names = "; ".join(a.short_title for a in match.candidates)
        return [f"line {line}: area {key!r} matches several areas ({names}): use a more specific name"]
    if match.area.title in matched:
        return [f"line {line}: area {key!r} is the same area as {matched[match.area.title]!r}"]
    matched[match.area.title] = key
    return []


def area_title_of(key: str, area_resolver: Any) -> str | None:
    match = area_resolver.resolve(key)
    return match.area.title if match.area is not None else None


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
