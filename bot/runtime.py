"""What one running bot holds: settings, documents, the working group, the clock and the database.

Built once per process. The database is opened on first use, so `partnerbot ask`
about the text never pays for SQLAlchemy or migrations.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.clock import Clock, SystemClock
from bot.knowledge import Knowledge
from bot.model import Platform
from bot.settings import Settings
from bot.understanding import thesaurus
from bot.workgroup import OPERATOR, Person, Role, WorkGroup, area_title_of, load_workgroup

if TYPE_CHECKING:
    from bot.area_identity import AreaIds
    from bot.metrics import Metrics
    from bot.understanding.understand import Understander
    from storage.db import Database
    from storage.models import MeetingRow


@dataclass
class Runtime:
    settings: Settings
    knowledge: Knowledge
    workgroup: WorkGroup
    clock: Clock = field(default_factory=SystemClock)
    _database: Database | None = None
    _synced: asyncio.Lock = field(default_factory=asyncio.Lock)
    _is_synced: bool = False
    _understander: Understander | None = None
    _area_ids: AreaIds | None = None  # set by the sync, when the database is first used
    # the file's areas resolved against the document once: every answer, the digest and each round ask
    _file_keys: dict[str, str] = field(init=False, repr=False)  # area title → its key in the file
    _leads: dict[str, tuple[str, ...]] = field(init=False, repr=False)  # area title → its leads
    _led: dict[str, tuple[str, ...]] = field(
        init=False, repr=False
    )  # person → titles of the areas they lead, in document order

    def __post_init__(self) -> None:
        """Resolve the file's area keys once: resolving each on every call made the digest O(areas³)."""
        self._file_keys, self._leads = {}, {}
        for key, config in self.workgroup.areas.items():
            title = area_title_of(key, self.knowledge.areas)
            if title is not None and title not in self._file_keys:
                self._file_keys[title], self._leads[title] = key, config.leads
        led: dict[str, list[str]] = {}
        for area in self.knowledge.library.areas:
            for person_id in self._leads.get(area.title, ()):
                led.setdefault(person_id, []).append(area.title)
        self._led = {person_id: tuple(titles) for person_id, titles in led.items()}

    _metrics: Metrics | None = None
    # the meetings not cancelled, with the database's meetings version they were read at (handlers.periods)
    cached_meetings: tuple[int, tuple[MeetingRow, ...]] | None = None
    # told after a meeting is scheduled, moved or cancelled: this runtime's scheduler re-plans at once
    _meeting_listeners: list[Callable[[], Awaitable[None]]] = field(default_factory=list, repr=False)

    def on_meetings_changed(self, listener: Callable[[], Awaitable[None]]) -> Callable[[], None]:
        """Call `listener` after each change to the meetings (a scheduler in another process sees the change
        on its next tick); returns what stops it."""
        self._meeting_listeners.append(listener)
        return lambda: self._meeting_listeners.remove(listener) if listener in self._meeting_listeners else None

    async def meetings_changed(self) -> None:
        """A meeting was scheduled, moved or cancelled: tell whoever listens on this runtime."""
        for listener in list(self._meeting_listeners):
            await listener()

    @classmethod
    def load(cls, settings: Settings, clock: Clock | None = None, *, require_config: bool = False) -> Runtime:
        """Documents from the settings (or the file's `partnership.document`), the working group from its file."""
        config_path = Path(settings.config)
        workgroup = WorkGroup()
        if config_path.exists() or require_config:
            # the area keys are checked against the document, so load it first
            probe = load_workgroup(config_path)
            knowledge = Knowledge.load(documents_for(settings, config_path, probe))
            workgroup = load_workgroup(config_path, knowledge.areas)
            aliases = {area_title_of(key, knowledge.areas): list(cfg.aliases) for key, cfg in workgroup.areas.items()}
            words = thesaurus.bundled().extended(workgroup.synonyms)
            knowledge = Knowledge.build(knowledge.library, {k: v for k, v in aliases.items() if k}, words)
        else:
            knowledge = Knowledge.load(settings.document)
        return cls(settings=settings, knowledge=knowledge, workgroup=workgroup, clock=clock or SystemClock())

    @property
    def metrics(self) -> Metrics:
        """Built on first use: prometheus-client costs a one-shot command (`partnerbot ask`) 50 ms to import."""
        if self._metrics is None:
            from bot.metrics import Metrics

            self._metrics = Metrics()
        return self._metrics

    @property
    def understander(self) -> Understander:
        """Built on first use: `partnerbot document check` and the scheduler never need it."""
        if self._understander is None:
            from bot.understanding.understand import Understander

            words = thesaurus.bundled().extended(self.workgroup.synonyms)
            self._understander = Understander(self.knowledge, self.workgroup, words)
        return self._understander

    # --- the working group ---------------------------------------------------

    def person(self, person_id: str) -> Person | None:
        if person_id == OPERATOR.id:
            return OPERATOR
        return self.workgroup.person(person_id)

    def identify(self, platform: Platform, user_id: str) -> Person | None:
        return self.workgroup.by_platform(platform, user_id)

    def area_leads(self, area_title: str) -> tuple[str, ...]:
        return self._leads.get(area_title, ())

    def areas_led_by(self, person_id: str) -> list[str]:
        """Titles of the areas a person leads, in document order."""
        return list(self._led.get(person_id, ()))

    def file_key(self, area_title: str) -> str | None:
        """The key under `areas:` in the working-group file that names this area, if the file names it."""
        return self._file_keys.get(area_title)

    @property
    def area_ids(self) -> AreaIds:
        """The stored ids and keys of the areas, known once the database is synced (`await runtime.database()`).

        Read once per process, at that sync, and never again: areas are written only by the sync, from the
        working-group file and the document this process loaded at start. Another process that syncs a newer
        file or text adds rows but never renumbers or deletes one (areas are matched by key, and an area gone
        from the text keeps its row and history), so the ids held here stay right; the areas it added are in
        a text this process has not loaded, so it could not answer about them before its own restart anyway.
        """
        if self._area_ids is None:
            raise RuntimeError("the stored areas are known once the database is open: await runtime.database() first")
        return self._area_ids

    def chairs(self) -> list[Person]:
        return [p for p in self.workgroup.people if Role.CHAIR in p.roles]

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.workgroup.partnership.timezone)

    def today(self) -> datetime:
        return self.clock.now().astimezone(self.timezone)

    # --- storage -------------------------------------------------------------

    def open_database(self) -> Database:
        """The database as it is, not migrated: for what must see its schema unchanged (readiness)."""
        if self._database is None:
            from storage.db import Database

            self._database = Database(self.settings.database_url)
        return self._database

    async def database(self) -> Database:
        """The database, migrated and synced with the working-group file on first use."""
        async with self._synced:
            database = self.open_database()
            if not self._is_synced:
                from bot.area_identity import DocumentArea
                from bot.sync import sync_workgroup

                await database.upgrade()
                self._area_ids = await sync_workgroup(
                    database,
                    self.workgroup,
                    [DocumentArea(a.title, self.file_key(a.title)) for a in self.knowledge.library.areas],
                    self.area_leads,
                    self.clock.now(),
                )
                self._is_synced = True
        return database

    async def close(self) -> None:
        if self._database is not None:
            await self._database.close()


def documents_for(settings: Settings, config_path: Path, workgroup: WorkGroup) -> list[str]:
    """The documents the settings name (PARTNERBOT_DOCUMENT, --document), else those of the file's
    `partnership.document`: the bot and `config check` must check the file's areas against the same text."""
    if settings.document != ["bundled"]:
        return settings.document
    return _resolve(workgroup.partnership.documents, config_path)


def _resolve(documents: list[str], config_path: Path) -> list[str]:
    """Paths in the working-group file are relative to the file."""
    return [d if d == "bundled" or Path(d).is_absolute() else str(config_path.parent / d) for d in documents]
