"""What meetings are called: the base kinds, the dialogues and consultations the documents name, and a
meeting's title. Below the handlers that list, change, mail or export meetings, which all name them alike."""

from __future__ import annotations

from bot.runtime import Runtime
from bot.workgroup import slugify
from storage.models import MeetingRow

BASE_KINDS = {
    "security-and-defence-dialogue": "Security and Defence Dialogue",
    "strategic-dialogue": "Strategic Dialogue",
}


def known_kinds(runtime: Runtime) -> dict[str, str]:
    """The base kinds plus every thematic dialogue or consultation the documents name."""
    kinds = dict(BASE_KINDS)
    for _, mechanism in runtime.knowledge.library.mechanisms():
        slug = slugify(mechanism.key)
        if "summit" in slug:
            continue
        kinds.setdefault(slug, mechanism.name[0].upper() + mechanism.name[1:])
    return kinds


def kind_title(runtime: Runtime, kind: str) -> str:
    """A kind's name; a mechanism no meeting is scheduled as (a summit) by the name the text gives it."""
    if (title := known_kinds(runtime).get(kind)) is not None:
        return title
    named = (m.name for _, m in runtime.knowledge.library.mechanisms() if kind in {slugify(m.key), slugify(m.name)})
    return next(named, kind.replace("-", " ").capitalize())


def meeting_title(runtime: Runtime, meeting: MeetingRow) -> str:
    return meeting.title or kind_title(runtime, meeting.kind)
