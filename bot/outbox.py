"""Sending without being asked: round prompts, reminders, digests and addenda go out through an Outbox.

Each chat adapter is an Outbox for its platform; `Outboxes` picks, for each
person, the platform they can be reached on. A failed send raises DeliveryError
with the platform's reason, so the delivery is marked failed and retried.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.model import Reply
from bot.workgroup import Channel, Person


class DeliveryError(Exception):
    """A send that did not reach the platform; the message says why (e.g. "slack: channel_not_found").

    `retry_after` is the platform's own wait (seconds) when it asked for one too long to wait out in
    place; the delivery is then retried no sooner than that.
    """

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Outbox(Protocol):
    platform: str

    def reaches(self, person: Person) -> bool:
        """True when the person has an id on this platform."""
        ...

    async def send_direct(self, person: Person, reply: Reply) -> None:
        ...

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        ...

    async def profile_timezone(self, person: Person) -> str | None:
        """The timezone of the person's platform profile, where the platform has one."""
        ...


class Outboxes:
    """All running adapters; a person is reached on the first platform (in the given order) that knows them."""

    def __init__(self, outboxes: Sequence[Outbox]) -> None:
        self.outboxes = list(outboxes)

    def for_person(self, person: Person) -> Outbox | None:
        return next((o for o in self.outboxes if o.reaches(person)), None)

    async def send_direct(self, person: Person, reply: Reply) -> None:
        outbox = self.for_person(person)
        if outbox is None:
            raise DeliveryError(f"{person.id} has no id on a running platform ({', '.join(o.platform for o in self.outboxes) or 'none running'})")
        await outbox.send_direct(person, reply)

    async def send_channel(self, channel: Channel, reply: Reply) -> None:
        # the console outbox stands in for every platform (a scheduler run without chat credentials)
        outbox = next((o for o in self.outboxes if o.platform in (channel.platform, "console")), None)
        if outbox is None:
            raise DeliveryError(f"no {channel.platform} adapter is running for channel {channel.id}")
        await outbox.send_channel(channel.id, reply)

    async def profile_timezone(self, person: Person) -> str | None:
        for outbox in self.outboxes:
            if outbox.reaches(person):
                timezone = await outbox.profile_timezone(person)
                if timezone:
                    return timezone
        return None


class RecordingOutbox:
    """An Outbox that keeps what it is given: the console's, for `partnerbot scheduler` without chat
    credentials (it logs), and for tests of rounds and digests."""

    platform = "console"

    def __init__(self, *, fail_for: set[str] | None = None) -> None:
        self.direct: list[tuple[str, Reply]] = []
        self.channels: list[tuple[str, Reply]] = []
        self.fail_for = fail_for or set()

    def reaches(self, person: Person) -> bool:
        return True

    async def send_direct(self, person: Person, reply: Reply) -> None:
        if person.id in self.fail_for:
            raise DeliveryError(f"console: {person.id} unreachable")
        self.direct.append((person.id, reply))

    async def send_channel(self, channel_id: str, reply: Reply) -> None:
        if channel_id in self.fail_for:
            raise DeliveryError(f"console: channel {channel_id} unreachable")
        self.channels.append((channel_id, reply))

    async def profile_timezone(self, person: Person) -> str | None:
        return None

    def to(self, person_id: str) -> list[Reply]:
        return [reply for who, reply in self.direct if who == person_id]
