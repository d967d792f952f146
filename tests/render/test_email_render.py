"""The mail renderer and the iCalendar builder as pure functions: ids from keys, subjects, the parts of a letter."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar

from bot.app.adapters.email import sender_address
from bot.model import Letter, Reply, text
from bot.render.email import marked, message_id, render_email
from bot.render.ical import Attendee, CalendarEntry, calendar

SENDER, TO = sender_address("Bot <bot@partnership.example>"), sender_address("Park Ji-woo <jiwoo.park@mofa.example>")
AT = datetime(2027, 3, 8, 8, 0, tzinfo=UTC)


def test_a_message_id_is_the_delivery_key_made_safe() -> None:
    assert (
        message_id("digest:sdd-2027:2027-03-15:channel:slack:C0DIGEST01", "d.example")
        == "<digest/sdd-2027/2027-03-15/channel/slack/C0DIGEST01@d.example>"
    )
    assert message_id("addendum:m 1:email:x<y>@z:3-9", "d.example") == "<addendum/m-1/email/x-y--z/3-9@d.example>"
    assert message_id("k:1", "d.example") == message_id("k:1", "d.example")


def test_the_marking_goes_after_re() -> None:
    assert marked("Digest — X", "LIMITE") == "[LIMITE] Digest — X"
    assert marked("Re: Digest — X", "LIMITE") == "Re: [LIMITE] Digest — X"


def entry(cancelled: bool = False) -> CalendarEntry:
    return CalendarEntry(
        uid="sdd-2027@eu.partnerbot",
        sequence=2 if cancelled else 0,
        title="Security and Defence Dialogue",
        day=date(2027, 3, 15),
        place="Seoul",
        description="Digest to the chairs: 8 Mar 2027",
        cancelled=cancelled,
        changed_at=AT,
        organizer=Attendee("Bot", "bot@partnership.example"),
        attendees=(Attendee("Park Ji-woo", "jiwoo.park@mofa.example"),),
    )


def test_a_letter_without_a_calendar_is_two_alternatives_and_with_one_adds_the_entry_and_its_file() -> None:
    reply = Reply(blocks=[text("hello <b>")])
    plain = render_email(Letter(key="k:1", subject="S", reply=reply), sender=SENDER, to=TO, at=AT)
    assert [p.get_content_type() for p in plain.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert plain["In-Reply-To"] is None and plain["Subject"] == "[LIMITE] S"

    ics = calendar([entry(cancelled=True)], "CANCEL")
    letter = Letter(
        key="invite:sdd-2027:2:email:park",
        subject="Cancelled — S",
        reply=reply,
        calendar=ics,
        calendar_method="CANCEL",
        thread_key="k:0",
    )
    message = render_email(letter, sender=SENDER, to=TO, at=AT)
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "CANCEL" and message["In-Reply-To"] == "<k/0@partnership.example>"
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "cancelled.ics"


def test_an_entry_is_an_all_day_event_with_its_sequence_and_status() -> None:
    for cancelled in (False, True):
        event = Calendar.from_ical(calendar([entry(cancelled)], "CANCEL" if cancelled else "REQUEST")).walk("VEVENT")[0]
        assert event.decoded("DTSTART") == date(2027, 3, 15) and event.decoded("DTEND") == date(2027, 3, 16)
        assert event["SEQUENCE"] == (2 if cancelled else 0) and str(event["STATUS"]) == (
            "CANCELLED" if cancelled else "CONFIRMED"
        )
        assert event["ATTENDEE"].params["CN"] == "Park Ji-woo" and event["ORGANIZER"].params["CN"] == "Bot"
    exported = Calendar.from_ical(calendar([entry()]))
    assert "METHOD" not in exported  # a file to import, not an invitation
