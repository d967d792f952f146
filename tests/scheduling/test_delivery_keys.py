"""Delivery keys: each typed key encodes to exactly the string databases already hold, and decodes back."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.delivery_keys import (
    AddendumKey,
    AlertKey,
    BlockedKey,
    DeliveryKey,
    DigestKey,
    InviteKey,
    PromptKey,
    Recipient,
    ReminderKey,
    ResendKey,
    Via,
    decode,
    prefix,
)

PARK = Recipient(Via.DIRECT, "park")
MUELLER_MAIL = Recipient(Via.EMAIL, "mueller")
CHANNEL = Recipient(Via.CHANNEL, "slack:C0DIGEST01")
DAY = date(2027, 3, 15)

STORED: list[tuple[DeliveryKey, str]] = [
    (DigestKey("sdd-2027", DAY), "digest:sdd-2027:2027-03-15"),
    (DigestKey("sdd-2027", DAY, PARK), "digest:sdd-2027:2027-03-15:person:park"),
    (DigestKey("sdd-2027", DAY, MUELLER_MAIL), "digest:sdd-2027:2027-03-15:email:mueller"),
    (DigestKey("sdd-2027", DAY, CHANNEL), "digest:sdd-2027:2027-03-15:channel:slack:C0DIGEST01"),
    (
        DigestKey("sdd-2027", DAY, Recipient(Via.CHANNEL, "telegram:-1001234")),
        "digest:sdd-2027:2027-03-15:channel:telegram:-1001234",
    ),
    (PromptKey("sdd-2027", "kim"), "prompt:sdd-2027:kim"),
    (PromptKey("sdd-2027-2", "choi"), "prompt:sdd-2027-2:choi"),
    (PromptKey("sdd-2027", "kim", datetime(2027, 2, 23, 0, 0)), "prompt:sdd-2027:kim:2027-02-23T00:00"),
    (ReminderKey("sdd-2027", "kim", date(2027, 2, 26)), "reminder:sdd-2027:kim:2027-02-26"),
    (InviteKey("sdd-2027", 2, Recipient(Via.EMAIL, "park")), "invite:sdd-2027:2:email:park"),
    (InviteKey("sdd-2027", 0, MUELLER_MAIL), "invite:sdd-2027:0:email:mueller"),
    (
        ResendKey("sdd-2027", DAY, Recipient(Via.EMAIL, "park"), datetime(2027, 3, 10, 8, 5, 7)),
        "resend:sdd-2027:2027-03-15:email:park:20270310T080507",
    ),
    (AddendumKey("sdd-2027", PARK, 3, 9), "addendum:sdd-2027:person:park:3-9"),
    (AddendumKey("sdd-2027", CHANNEL, 12, 12), "addendum:sdd-2027:channel:slack:C0DIGEST01:12-12"),
    (BlockedKey(41, Recipient(Via.DIRECT, "mueller")), "blocked:41:person:mueller"),
    (BlockedKey(41, CHANNEL), "blocked:41:channel:slack:C0DIGEST01"),
    (
        AlertKey(DigestKey("sdd-2027", DAY, CHANNEL), Recipient(Via.DIRECT, "admin")),
        "alert:digest:sdd-2027:2027-03-15:channel:slack:C0DIGEST01:person:admin",
    ),
    (
        AlertKey(PromptKey("sdd-2027", "kim", datetime(2027, 2, 23, 9, 0)), Recipient(Via.DIRECT, "admin")),
        "alert:prompt:sdd-2027:kim:2027-02-23T09:00:person:admin",
    ),
]


@pytest.mark.parametrize(("key", "stored"), STORED, ids=[s for _, s in STORED])
def test_the_stored_form_is_unchanged_and_decodes_back(key: DeliveryKey, stored: str) -> None:
    assert key.encode() == stored
    assert decode(stored) == key


@pytest.mark.parametrize(
    "text",
    [
        "",
        "digest",
        "digest:sdd-2027",
        "digest:sdd-2027:15 March",
        "prompt:sdd-2027",
        "reminder:sdd-2027:kim",
        "invite:sdd-2027:two:email:park",
        "addendum:sdd-2027:person:park:3",
        "blocked:41:pigeon:park",
        "blocked:41",
        "alert:person:admin",
        "parcel:sdd-2027:kim",
        "prompt:sdd-2027:kim:2027-02-23T09:00:00",  # a time the planner never writes
    ],
)
def test_a_string_no_key_encodes_to_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a delivery key"):
        decode(text)


def test_prefixes_select_exactly_their_keys() -> None:
    """The prefix queries (a digest's recipients, a meeting's addenda) match their keys and no neighbour's."""
    digest = DigestKey("sdd-2027", DAY)
    assert digest.to(PARK).encode().startswith(digest.recipients_prefix())
    assert not DigestKey("sdd-2027", date(2027, 3, 16), PARK).encode().startswith(digest.recipients_prefix())
    assert not digest.encode().startswith(digest.recipients_prefix())  # the planned item is not a recipient's
    batch = AddendumKey("sdd-2027", PARK, 3, 9).encode()
    assert batch.startswith(AddendumKey.recipients_prefix("sdd-2027", PARK))
    assert not batch.startswith(AddendumKey.recipients_prefix("sdd-2027-2"))
    assert not batch.startswith(AddendumKey.recipients_prefix("sdd-2027", Recipient(Via.DIRECT, "par")))
    assert prefix(BlockedKey) == "blocked:" and prefix(InviteKey) == "invite:"


def test_a_recipient_label_decodes_back() -> None:
    for recipient in (PARK, MUELLER_MAIL, CHANNEL):
        assert Recipient.decode(recipient.encode()) == recipient
    with pytest.raises(ValueError, match="not a delivery recipient"):
        Recipient.decode("park")
