"""Meetings as calendar invitations by mail: sent when a meeting is first seen, again (a higher SEQUENCE, the same
UID) when a chair moves it, METHOD:CANCEL when it is cancelled; parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage

import pytest
from icalendar import Calendar

from bot.app.adapters.console import ConsoleChat
from bot.app.delivery import Deliveries
from bot.app.dispatcher import Dispatcher
from bot.app.outbox import RecordingOutbox
from bot.clock import FakeClock
from bot.runtime import Runtime
from tests.conftest import chat_as
from tests.fakes.smtp_server import Mailbox
from tests.mail.conftest import email_outbox
from tests.scheduling.support import deliveries_for

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow

KIM, PARK = "minjun.kim@mnd.example", "jiwoo.park@mofa.example"


def invitations(mailbox: Mailbox, address: str, meeting: str = "sdd-2027") -> list[tuple[EmailMessage, Calendar]]:
    found = []
    for message in mailbox.to(address):
        part = next((p for p in message.walk() if p.get_content_type() == "text/calendar"), None)
        if part is None:
            continue
        entry = Calendar.from_ical(part.get_content())
        assert part.get_param("method") == entry["METHOD"]  # what Outlook and Gmail read before the body
        if str(entry.walk("VEVENT")[0]["UID"]).startswith(f"{meeting}@"):
            found.append((message, entry))
    return found


async def change(
    deliveries: Deliveries, chair: ConsoleChat, says: str, sequence: int, mailbox: Mailbox, address: str
) -> tuple[EmailMessage, Calendar]:
    """A chair changes the meeting; the next run sends each invitee the entry at its next SEQUENCE."""
    said = await chair.say(says)
    if says.startswith("cancel"):  # a cancellation is confirmed first
        said = await chair.say("yes")
    assert "sdd-2027" in said
    report = await deliveries.run_due()
    assert sorted(k for k in report.sent if k.startswith("invite:")) == [
        f"invite:sdd-2027:{sequence}:email:{p}" for p in ("kim", "mueller", "park", "rossi")
    ]
    return invitations(mailbox, address)[-1]


async def mailing(runtime: Runtime) -> tuple[Dispatcher, Deliveries]:
    """The chat and the deliveries of a runtime that sends mail, its database open."""
    dispatcher = Dispatcher(runtime)
    await runtime.database()
    return dispatcher, await deliveries_for(runtime, dispatcher, RecordingOutbox(), mail=email_outbox(runtime))


async def test_a_meeting_is_an_invitation_then_an_update_when_moved_then_a_cancellation(
    mail_runtime: Runtime, clock: FakeClock, mailbox: Mailbox
) -> None:
    dispatcher, deliveries = await mailing(mail_runtime)
    report = await deliveries.run_due()
    # the two upcoming meetings (not last year's) to the chairs and leads with an address
    assert sorted(k for k in report.sent if k.startswith("invite:sdd-2027")) == [
        f"invite:sdd-2027:0:email:{p}" for p in ("kim", "mueller", "park", "rossi")
    ]
    assert {k.split(":")[1] for k in report.sent} == {"sdd-2027", "sd-2027"}
    assert mailbox.to("choi@example") == [] and not any("novak" in k or "sdd-2026" in k for k in report.sent)

    [(message, calendar)] = invitations(mailbox, KIM)
    assert message["Subject"] == "[LIMITE] Invitation — Security and Defence Dialogue, 15 Mar 2027, Seoul"
    assert message["Message-ID"] == "<invite/sdd-2027/0/email/kim@partnership.example>"
    assert [p.get_filename() for p in message.iter_attachments()] == ["invitation.ics"]
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    uid = str(event["UID"])
    assert (
        event["SEQUENCE"] == 0 and event.decoded("DTSTART") == date(2027, 3, 15) and str(event["LOCATION"]) == "Seoul"
    )
    assert "Collection round opens: 22 Feb 2027" in str(
        event["DESCRIPTION"]
    ) and "Digest to the chairs: 8 Mar 2027" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == "mailto:bot@partnership.example" and str(event["ATTENDEE"]) == f"mailto:{KIM}"
    assert (await deliveries.run_due()).sent == []  # once

    moved, calendar = await change(
        deliveries, chat_as(dispatcher, "mueller"), "move sdd-2027 to 2027-03-22", 1, mailbox, KIM
    )
    event = calendar.walk("VEVENT")[0]
    assert moved["Subject"] == "[LIMITE] Changed — Security and Defence Dialogue, 22 Mar 2027, Seoul"
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 1 and event.decoded("DTSTART") == date(2027, 3, 22)

    cancelled, calendar = await change(deliveries, chat_as(dispatcher, "park"), "cancel sdd-2027", 2, mailbox, PARK)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 2
    assert cancelled["Subject"].startswith("[LIMITE] Cancelled — Security and Defence Dialogue")
    assert [p.get_filename() for p in cancelled.iter_attachments()] == ["cancelled.ics"]
    assert len(invitations(mailbox, KIM)) == 3


async def test_a_meeting_moved_to_another_place_is_sent_again_with_it(
    mail_runtime: Runtime, clock: FakeClock, mailbox: Mailbox
) -> None:
    """ "the SDD is moved to Busan" asked for the new date, and the place could be changed only in the file."""
    dispatcher, deliveries = await mailing(mail_runtime)
    await deliveries.run_due()
    moved, calendar = await change(
        deliveries, chat_as(dispatcher, "mueller"), "the SDD is moved to Busan", 1, mailbox, KIM
    )
    event = calendar.walk("VEVENT")[0]
    assert moved["Subject"] == "[LIMITE] Changed — Security and Defence Dialogue, 15 Mar 2027, Busan"
    assert str(event["LOCATION"]) == "Busan" and event.decoded("DTSTART") == date(2027, 3, 15)


async def test_a_meeting_cancelled_before_anyone_was_invited_sends_no_cancellation(
    mail_runtime: Runtime, clock: FakeClock, mailbox: Mailbox
) -> None:
    dispatcher = Dispatcher(mail_runtime)
    await mail_runtime.database()
    mueller = chat_as(dispatcher, "mueller")
    await mueller.say("cancel sd-2027")
    assert "Cancelled sd-2027" in await mueller.say("yes")
    deliveries = await deliveries_for(mail_runtime, dispatcher, RecordingOutbox(), mail=email_outbox(mail_runtime))
    report = await deliveries.run_due()
    assert not any(k.startswith("invite:sd-2027") for k in report.sent) and invitations(mailbox, KIM, "sd-2027") == []
    assert [k for k in report.sent if k.startswith("invite:sdd-2027")]


async def test_without_smtp_no_mail_delivery_is_even_claimed(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    """Addresses in the file and no PARTNERBOT_SMTP_URL: nothing queued that could only fail."""
    await runtime.database()
    deliveries = await deliveries_for(runtime, dispatcher, RecordingOutbox())
    clock.set(datetime(2027, 3, 8, 8, 30, tzinfo=UTC))
    report = await deliveries.run_due()
    assert report.sent and not any(":email:" in k for k in report.sent + report.failed)
