"""Sending without being asked: round prompts, reminders, digests and addenda go out through an Outbox.

Each chat adapter is an Outbox for its platform; `Outboxes` picks, for each
person, the platform they can be reached on. A failed send raises DeliveryError
with the platform's reason, so the delivery is marked failed and retried.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.headerregistry import Address
from typing import Protocol

from bot.model import Letter, Platform, Reply
from bot.workgroup import Channel, Person


class DeliveryError(Exception):
    """A send that did not reach the platform; the message says why (e.g. "slack: channel_not_found").

    `retry_after` is the platform's own wait (seconds) when it asked for one too long to wait out in
    place; the delivery is then retried no sooner than that. `permanent` says a retry cannot succeed
    (a mail server refusing the address with 5xx): the delivery is given up at once and the admins told.
    """

    def __init__(self, reason: str, *, retry_after: float | None = None, permanent: bool = False) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.permanent = permanent


class Outbox(Protocol):
    platform: Platform

    def reaches(self, person: Person) -> bool:
        """True when the person has an id on this platform."""
        ...

    async def send_direct(self, person: Person, reply: Reply, *, key: str | None = None) -> None:
        """Send to the person's direct chat; `key` names the delivery, where the platform can carry it."""
        ...

    async def send_channel(self, channel_id: str, reply: Reply, *, key: str | None = None) -> None: ...

    async def already_delivered(self, to: Person | str, key: str) -> bool | None:
        """Whether the delivery `key` is already in the person's direct chat (or the channel of that id);
        None where the platform cannot tell. Asked before resending a claim whose sender stopped midway."""
        ...

    async def profile_timezone(self, person: Person) -> str | None:
        """The timezone of the person's platform profile, where the platform has one."""
        ...


class MailOutbox(Protocol):
    """E-mail beside the chat platforms (bot.app.adapters.email): a person with an address gets letters."""

    sender: Address

    async def send_mail(self, person: Person, letter: Letter) -> None: ...

    async def already_delivered(self, person: Person, key: str) -> bool | None: ...


class Outboxes:
    """All running adapters; a person is reached on the first platform (in the given order) that knows them.
    E-mail, when configured, is not one of them: it is its own channel, with its own deliveries."""

    def __init__(self, outboxes: Sequence[Outbox], mail: MailOutbox | None = None) -> None:
        self.outboxes = list(outboxes)
        self.mail = mail

    def for_person(self, person: Person) -> Outbox | None:
        return next((o for o in self.outboxes if o.reaches(person)), None)

    def _direct(self, person: Person) -> Outbox:
        outbox = self.for_person(person)
        if outbox is None:
            raise DeliveryError(
                f"{person.id} has no id on a running platform "
                f"({', '.join(o.platform for o in self.outboxes) or 'none running'})"
            )
        return outbox

    def _channel(self, channel: Channel) -> Outbox:
        # the console outbox stands in for every platform (a scheduler run without chat credentials)
        outbox = next((o for o in self.outboxes if o.platform in (channel.platform, Platform.CONSOLE)), None)
        if outbox is None:
            raise DeliveryError(f"no {channel.platform} adapter is running for channel {channel.id}")
        return outbox

    async def send_direct(self, person: Person, reply: Reply, *, key: str | None = None) -> None:
        await self._direct(person).send_direct(person, reply, key=key)

    async def send_channel(self, channel: Channel, reply: Reply, *, key: str | None = None) -> None:
        await self._channel(channel).send_channel(channel.id, reply, key=key)

    async def send_mail(self, person: Person, letter: Letter) -> None:
        if self.mail is None:
            raise DeliveryError("e-mail is not configured (PARTNERBOT_SMTP_URL)")
        await self.mail.send_mail(person, letter)

    async def mail_already_delivered(self, person: Person, key: str) -> bool | None:
        return None if self.mail is None else await self.mail.already_delivered(person, key)

    async def already_delivered(self, to: Person | Channel, key: str) -> bool | None:
        try:
            if isinstance(to, Person):
                return await self._direct(to).already_delivered(to, key)
            return await self._channel(to).already_delivered(to.id, key)
        except DeliveryError:
            return None

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

    platform = Platform.CONSOLE

    def __init__(
        self,
        *,
        fail_for: set[str] | None = None,
        retry_after: float | None = None,
        remembers: bool = False,
        refuse: set[str] | None = None,
    ) -> None:
        self.direct: list[tuple[str, Reply]] = []
        self.channels: list[tuple[str, Reply]] = []
        self.fail_for = fail_for or set()
        self.refuse = refuse or set()  # refused for good, as a mail server's 5xx for an address
        self.retry_after = retry_after  # what a failure asks to wait
        self.remembers = remembers  # answers already_delivered from the keys it was given (like Slack's metadata)
        self.keys: list[tuple[str, str]] = []

    def reaches(self, person: Person) -> bool:
        return True

    def _take(self, to: str, key: str | None) -> None:
        if to in self.fail_for:
            raise DeliveryError(f"console: {to} unreachable", retry_after=self.retry_after)
        if to in self.refuse:
            raise DeliveryError(f"console: {to} refused", permanent=True)
        if key is not None:
            self.keys.append((to, key))

    async def send_direct(self, person: Person, reply: Reply, *, key: str | None = None) -> None:
        self._take(person.id, key)
        self.direct.append((person.id, reply))

    async def send_channel(self, channel_id: str, reply: Reply, *, key: str | None = None) -> None:
        self._take(channel_id, key)
        self.channels.append((channel_id, reply))

    async def already_delivered(self, to: Person | str, key: str) -> bool | None:
        if not self.remembers:
            return None
        return ((to.id if isinstance(to, Person) else to), key) in self.keys

    async def profile_timezone(self, person: Person) -> str | None:
        return None

    def to(self, person_id: str) -> list[Reply]:
        return [reply for who, reply in self.direct if who == person_id]
