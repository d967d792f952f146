"""What the bot knows, as phrases an entity can be found by: built once per runtime from the documents,
the working-group file and the thesaurus."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.document.glossary import find_definitions
from bot.knowledge import Knowledge
from bot.understanding.entities import STATUS_WORDS, Vocabulary, key, phrase_key, words
from bot.understanding.thesaurus import Thesaurus
from bot.workgroup import WorkGroup, area_title_of

# Words of area headings that say nothing of which area is meant ("information", "aspects").
VAGUE = frozenset(
    """information international foreign external aspects approaches countering including initiatives issues
    threats third countries operations related matters exchange strategic communications peace conflict defence
    security eu rok and the of in to for on with""".split()
)
# Common short names of dialogues that their full name does not spell.
MECHANISM_NICKNAMES = {"security and defence dialogue": ("sdd", "s&d dialogue", "security and defense dialogue")}
_TRANSLITERATION = str.maketrans({"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss"})


def build_vocabulary(knowledge: Knowledge, workgroup: WorkGroup, thesaurus: Thesaurus) -> Vocabulary:
    vocabulary = Vocabulary()
    vocabulary.with_subitems = frozenset(p.number for p in knowledge.library.primary.paragraphs if p.subitems)
    _areas(vocabulary, knowledge, workgroup, thesaurus)
    _mechanisms(vocabulary, knowledge)
    for _, entry in knowledge.library.glossary():
        vocabulary.add(entry.acronym, "term", entry.acronym)
        vocabulary.add(entry.long_name, "term", entry.acronym)
    for phrase, value in STATUS_WORDS.items():
        vocabulary.add(phrase, "status", value)
    _people(vocabulary, workgroup)
    for meeting in workgroup.meetings:
        vocabulary.add(meeting.id, "meeting", meeting.id)
    for group in thesaurus.groups:
        for phrase in (*group.say, *group.text):
            vocabulary.add(phrase, "topic", group.text[0])
        # "disinfo" names the area whose name the group's words are (FIMI), not one that merely uses them
        areas = {n.value for text in group.text for n in vocabulary.lookup(phrase_key(text)) if n.kind == "area"}
        for title in areas if len(areas) == 1 else ():
            for phrase in group.say:
                vocabulary.add(phrase, "area", title)
    return vocabulary


def _areas(vocabulary: Vocabulary, knowledge: Knowledge, workgroup: WorkGroup, thesaurus: Thesaurus) -> None:
    glossary = {e.acronym: e.long_name for _, e in knowledge.library.glossary()}
    owners: dict[str, set[str]] = {}
    for area in knowledge.library.areas:
        for name in _area_names(area.title, area.short_title, glossary):
            vocabulary.add(name, "area", area.title)
        for word in _telling_words(area.short_title, thesaurus):
            owners.setdefault(word, set()).add(area.title)
    for word, titles in owners.items():
        if len(titles) == 1:
            for phrase in (word, f"{word} security", f"{word}security"):  # "cyber", "cyber security", "cybersecurity"
                vocabulary.add(phrase, "area", next(iter(titles)))
    for area_key, config in workgroup.areas.items():
        title = area_title_of(area_key, knowledge.areas)
        if title:
            for alias in (area_key, *config.aliases):
                vocabulary.add(alias, "area", title)


def _area_names(title: str, short_title: str, glossary: dict[str, str]) -> set[str]:
    """An area by its heading, its short heading, and the acronyms it defines or the glossary gives its words."""
    names = {title, short_title, title.split(" (")[0]}
    for acronym, long_name in find_definitions(title):
        names |= {acronym, long_name}
    for acronym, long_name in glossary.items():
        if long_name.lower() in title.lower():
            names.add(acronym)
    return names


def _telling_words(short_title: str, thesaurus: Thesaurus) -> Iterable[str]:
    """The words of a short heading that could say which area is meant: not vague, not generic, not short."""
    for word, _, _ in words(short_title):
        folded = word.lower()
        if folded not in VAGUE and folded not in thesaurus.generic and len(folded) > 3:
            yield folded


def _mechanisms(vocabulary: Vocabulary, knowledge: Knowledge) -> None:
    for _, mechanism in knowledge.library.mechanisms():
        names: set[str] = {mechanism.name, re.sub(r"^(?:EU-ROK|ROK-EU)\s+", "", mechanism.name)}
        for nickname_of, nicknames in MECHANISM_NICKNAMES.items():
            if nickname_of in mechanism.name.lower():
                names |= set(nicknames)
        for name in names:
            vocabulary.add(name, "mechanism", mechanism.name)


def _people(vocabulary: Vocabulary, workgroup: WorkGroup) -> None:
    ids: dict[str, str] = {}
    for person in workgroup.people:
        for name in (*_person_names(person.id, person.name), *person.aliases):
            vocabulary.add(name, "person", person.id)
        if person.slack:
            ids[person.slack] = person.id
        if person.telegram is not None:
            ids[str(person.telegram)] = person.id
    vocabulary.platform_ids = ids


def _person_names(person_id: str, name: str) -> Iterable[str]:
    yield person_id
    for variant in {name, name.translate(_TRANSLITERATION)}:
        yield variant
        for part in variant.split():
            if len(part) >= 3 and key(part) not in {key("the")}:
                yield part
