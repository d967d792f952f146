"""What one running bot holds: settings, documents, the working group, the clock and the database.

Built once per process. The database is opened on first use, so `partnerbot ask`
about the text never pays for SQLAlchemy or migrations.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.clock import Clock, SystemClock
from bot.knowledge import Knowledge
from bot.settings import Settings
from bot.understanding import thesaurus
from bot.workgroup import Person, Role, WorkGroup, area_title_of, load_workgroup

if TYPE_CHECKING:
    from bot.metrics import Metrics
    from bot.understanding.understand import Understander
    from storage.db import Database

OPERATOR = Person(id="operator", name="Local operator", roles=(Role.ADMIN,))


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
    _metrics: Metrics | None = None

    @classmethod
    def load(cls, settings: Settings, clock: Clock | None = None, *, require_config: bool = False) -> Runtime:
        """Documents from the settings (or the file's `partnership.document`), the working group from its file."""
        config_path = Path(settings.config)
        workgroup = WorkGroup()
        if config_path.exists() or require_config:
            # the area keys are checked against the document, so load it first
            probe = load_workgroup(config_path)
            documents = settings.document if settings.document != ["bundled"] else _resolve(probe.partnership.documents, config_path)
            knowledge = Knowledge.load(documents)
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

    def identify(self, platform: str, user_id: str) -> Person | None:
        return self.workgroup.by_platform(platform, user_id)

    def area_leads(self, area_title: str) -> tuple[str, ...]:
        for key, config in self.workgroup.areas.items():
            if area_title_of(key, self.knowledge.areas) == area_title:
                return config.leads
        return ()

    def areas_led_by(self, person_id: str) -> list[str]:
        """Titles of the areas a person leads, in document order."""
        return [a.title for a in self.knowledge.library.areas if person_id in self.area_leads(a.title)]

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
                from bot.sync import sync_workgroup

                await database.upgrade()
                await sync_workgroup(self)
                self._is_synced = True
        return database

    async def close(self) -> None:
        if self._database is not None:
            await self._database.close()


def _resolve(documents: list[str], config_path: Path) -> list[str]:
    """Paths in the working-group file are relative to the file."""
    return [d if d == "bundled" or Path(d).is_absolute() else str(config_path.parent / d) for d in documents]
