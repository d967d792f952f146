"""Delivery keys: what one delivery row is for, as a typed value with its stored form in one place.

A delivery row is unique by its key, so the key is the contract between the planner that says what is due,
the sender that claims it, and the queries that look back at what went out (the digest's recipients, an
addendum's batches, who was invited). Every key is built here and read back here: the stored strings are
those databases already hold (`digest:sdd-2027:2027-03-15:person:park`), so nothing stored is renamed.

Meeting and person ids cannot hold a colon (the working-group file's pattern), so `:` separates the parts;
the parts that can (a recipient, a time of day, the key an alert is about) come last or are split from the
right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

SNOOZE_FORMAT = "%Y-%m-%dT%H:%M"
RESEND_FORMAT = "%Y%m%dT%H%M%S"


class Via(StrEnum):
    """How a delivery reaches its recipient; the value starts the recipient's label stored on the row."""

    DIRECT = "person"  # the person's direct chat, on the platform that knows them
    CHANNEL = "channel"
    EMAIL = "email"  # the person's address: a channel of its own, with its own deliveries


@dataclass(frozen=True)
class Recipient:
    """Who a delivery goes to, by which way: `person:park`, `email:park`, `channel:slack:C0DIGEST`."""

    via: Via
    id: str  # a person's id, or a channel's `platform:id`

    def encode(self) -> str:
        return f"{self.via.value}:{self.id}"

    @staticmethod
    def decode(text: str) -> Recipient:
        via, sep, rest = text.partition(":")
        if not sep or not rest or via not in {v.value for v in Via}:
            raise ValueError(f"not a delivery recipient: {text!r}")
        return Recipient(Via(via), rest)


@dataclass(frozen=True)
class DigestKey:
    """A meeting's digest on its date; without a recipient, the planned item that each recipient's key extends."""

    KIND: ClassVar[str] = "digest"
    meeting_id: str
    day: date
    recipient: Recipient | None = None

    def encode(self) -> str:
        tail = f":{self.recipient.encode()}" if self.recipient is not None else ""
        return f"{self.KIND}:{self.meeting_id}:{self.day.isoformat()}{tail}"

    def to(self, recipient: Recipient) -> DigestKey:
        return DigestKey(self.meeting_id, self.day, recipient)

    def recipients_prefix(self) -> str:
        """What every recipient's key of this digest starts with (for a prefix query)."""
        return f"{DigestKey(self.meeting_id, self.day).encode()}:"


@dataclass(frozen=True)
class PromptKey:
    """A round's prompt to a lead; again at each instant the lead snoozed it to (`until`)."""

    KIND: ClassVar[str] = "prompt"
    meeting_id: str
    person_id: str
    until: datetime | None = None

    def encode(self) -> str:
        tail = f":{self.until.strftime(SNOOZE_FORMAT)}" if self.until is not None else ""
        return f"{self.KIND}:{self.meeting_id}:{self.person_id}{tail}"


@dataclass(frozen=True)
class ReminderKey:
    """A reminder to a lead, on a day of the lead's own calendar."""

    KIND: ClassVar[str] = "reminder"
    meeting_id: str
    person_id: str
    day: date

    def encode(self) -> str:
        return f"{self.KIND}:{self.meeting_id}:{self.person_id}:{self.day.isoformat()}"


@dataclass(frozen=True)
class InviteKey:
    """A meeting's calendar invitation (or its cancellation) at one SEQUENCE, to one address."""

    KIND: ClassVar[str] = "invite"
    meeting_id: str
    sequence: int
    recipient: Recipient

    def encode(self) -> str:
        return f"{self.KIND}:{self.meeting_id}:{self.sequence}:{self.recipient.encode()}"


@dataclass(frozen=True)
class ResendKey:
    """An admin's copy of a meeting's digest, sent at one instant: each copy its own delivery."""

    KIND: ClassVar[str] = "resend"
    meeting_id: str
    day: date
    recipient: Recipient
    at: datetime

    def encode(self) -> str:
        at = self.at.strftime(RESEND_FORMAT)
        return f"{self.KIND}:{self.meeting_id}:{self.day.isoformat()}:{self.recipient.encode()}:{at}"


@dataclass(frozen=True)
class AddendumKey:
    """A batch of updates that arrived after the digest, from the `first` to the `last` update id."""

    KIND: ClassVar[str] = "addendum"
    meeting_id: str
    recipient: Recipient
    first: int
    last: int

    def encode(self) -> str:
        return f"{self.recipients_prefix(self.meeting_id, self.recipient)}{self.first}-{self.last}"

    @classmethod
    def recipients_prefix(cls, meeting_id: str, recipient: Recipient | None = None) -> str:
        """What a meeting's batches (to one recipient, if given) start with (for a prefix query)."""
        return f"{cls.KIND}:{meeting_id}:" + (f"{recipient.encode()}:" if recipient is not None else "")


@dataclass(frozen=True)
class BlockedKey:
    """An alert that an update marked its area blocked."""

    KIND: ClassVar[str] = "blocked"
    update_id: int
    recipient: Recipient

    def encode(self) -> str:
        return f"{self.KIND}:{self.update_id}:{self.recipient.encode()}"


@dataclass(frozen=True)
class AlertKey:
    """An admin told that another delivery was given up."""

    KIND: ClassVar[str] = "alert"
    about: DeliveryKey
    recipient: Recipient

    def encode(self) -> str:
        return f"{self.KIND}:{self.about.encode()}:{self.recipient.encode()}"


DeliveryKey = DigestKey | PromptKey | ReminderKey | InviteKey | ResendKey | AddendumKey | BlockedKey | AlertKey


def prefix(kind: type[DeliveryKey]) -> str:
    """What every key of a kind starts with (for a prefix query)."""
    return f"{kind.KIND}:"


def _recipient_at_end(text: str) -> tuple[str, Recipient]:
    """Split `…:person:park` or `…:channel:slack:C1` into what comes before and the recipient."""
    parts = text.split(":")
    width = 3 if len(parts) >= 3 and parts[-3] == Via.CHANNEL.value else 2
    if len(parts) <= width:
        raise ValueError(f"no recipient at the end of {text!r}")
    return ":".join(parts[:-width]), Recipient.decode(":".join(parts[-width:]))


def decode(text: str) -> DeliveryKey:
    """The typed key a stored key stands for; ValueError for a string no key encodes to."""
    kind, _, rest = text.partition(":")
    try:
        key = _decode(kind, rest)
    except (ValueError, IndexError) as error:
        raise ValueError(f"not a delivery key: {text!r} ({error})") from None
    if key.encode() != text:
        raise ValueError(f"not a delivery key: {text!r}")
    return key


def _decode(kind: str, rest: str) -> DeliveryKey:
    match kind:
        case DigestKey.KIND:
            meeting_id, day, *to = rest.split(":", 2)
            return DigestKey(meeting_id, date.fromisoformat(day), Recipient.decode(to[0]) if to else None)
        case PromptKey.KIND:
            meeting_id, person_id, *until = rest.split(":", 2)
            return PromptKey(meeting_id, person_id, datetime.strptime(until[0], SNOOZE_FORMAT) if until else None)
        case ReminderKey.KIND:
            meeting_id, person_id, day = rest.split(":")
            return ReminderKey(meeting_id, person_id, date.fromisoformat(day))
        case InviteKey.KIND:
            meeting_id, sequence, recipient = rest.split(":", 2)
            return InviteKey(meeting_id, int(sequence), Recipient.decode(recipient))
        case ResendKey.KIND:
            head, _, at = rest.rpartition(":")
            meeting_id, day, recipient = head.split(":", 2)
            return ResendKey(
                meeting_id, date.fromisoformat(day), Recipient.decode(recipient), datetime.strptime(at, RESEND_FORMAT)
            )
        case AddendumKey.KIND:
            head, _, span = rest.rpartition(":")
            meeting_id, recipient = head.split(":", 1)
            first, last = span.split("-")
            return AddendumKey(meeting_id, Recipient.decode(recipient), int(first), int(last))
        case BlockedKey.KIND:
            update_id, recipient = rest.split(":", 1)
            return BlockedKey(int(update_id), Recipient.decode(recipient))
        case AlertKey.KIND:
            about, recipient_ = _recipient_at_end(rest)
            return AlertKey(decode(about), recipient_)
    raise ValueError(f"unknown kind {kind!r}")
