"""The digest and its addenda by e-mail, through the real aiosmtplib client to a real SMTP server over STARTTLS,
on the same delivery machinery as chat: one delivery per chair and channel, refusals, deferrals, crashes."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from bot.app.dispatcher import Dispatcher
from bot.app.outbox import RecordingOutbox
from bot.clock import FakeClock
from bot.runtime import Runtime
from tests.conftest import chat_as
from tests.fakes.smtp_server import USER, Mailbox
from tests.mail.conftest import email_outbox
from tests.scheduling.support import deliveries_for, texts
from tests.scheduling.test_delivery_faults import crash_after_send, row_of

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow

DIGEST_DUE = datetime(2027, 3, 8, 8, 30, tzinfo=UTC)
PARK, MUELLER = "jiwoo.park@mofa.example", "anna.mueller@eeas.example"
PARK_KEY = "digest:sdd-2027:2027-03-15:email:park"
SUBJECT = "[LIMITE] Digest — Security and Defence Dialogue, 15 Mar 2027, Seoul"


def digests(mailbox: Mailbox, address: str) -> list[EmailMessage]:
    return [m for m in mailbox.to(address) if "Digest —" in str(m["Subject"])]


def parts(message: EmailMessage) -> tuple[str, str]:
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


async def test_each_chair_gets_the_digest_by_chat_and_by_mail_once_each_marked_and_self_contained(
    mail_runtime: Runtime, clock: FakeClock, mailbox: Mailbox
) -> None:
    dispatcher = Dispatcher(mail_runtime)
    await mail_runtime.database()
    assert "Saved" in await chat_as(dispatcher, "kim").say("update maritime: blocked — <b>dates</b> & calendar > all")
    chat = RecordingOutbox()
    deliveries = await deliveries_for(mail_runtime, dispatcher, chat, mail=email_outbox(mail_runtime))
    clock.set(DIGEST_DUE)
    report = await deliveries.run_due()
    assert sorted(k for k in report.sent if k.startswith("digest")) == [
        "digest:sdd-2027:2027-03-15:channel:slack:C0DIGEST01",
        "digest:sdd-2027:2027-03-15:email:mueller",
        PARK_KEY,
        "digest:sdd-2027:2027-03-15:person:mueller",
        "digest:sdd-2027:2027-03-15:person:park",
    ]
    assert len(digests(mailbox, PARK)) == 1 and len(digests(mailbox, MUELLER)) == 1
    assert len([r for r in chat.to("park") if r.intent == "digest"]) == 1
    assert mailbox.tls_sessions > 0 and USER in mailbox.logins  # over STARTTLS, logged in

    message = digests(mailbox, PARK)[0]
    assert message["Subject"] == SUBJECT
    assert message["Message-ID"] == "<digest/sdd-2027/2027-03-15/email/park@partnership.example>"
    assert (
        message["To"] == "Park Ji-woo <jiwoo.park@mofa.example>"
        and message["From"].addresses[0].addr_spec == "bot@partnership.example"
    )
    assert message.get_content_type() == "multipart/alternative"
    plain, html = parts(message)
    # the status chart: an inline image of the message itself, named by its Content-ID
    sources = re.findall(r'<img src="([^"]*)"', html)
    related = {
        str(part["Content-ID"]).strip("<>"): part for part in message.walk() if part.get_content_type() == "image/png"
    }
    assert len(sources) == 1 and sources[0].startswith("cid:") and sources[0][4:] in related
    assert related[sources[0][4:]].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    lines = plain.strip().splitlines()
    assert lines[0] == "LIMITE" and lines[-1] == "LIMITE"
    assert "digest for the Security and Defence Dialogue" in plain and "🔴 blocked 1" in plain
    assert html.count('class="marking"') == 2 and html.index("LIMITE") < html.index("digest for the")
    assert html.rstrip().endswith("</html>") and html.rindex("LIMITE") > html.index("Maritime Security")
    assert "<style" not in html and 'style="' in html  # CSS inlined: mail clients drop <style> blocks
    assert "&lt;b&gt;dates&lt;/b&gt; &amp; calendar &gt; all" in html and "<b>dates</b>" not in html
    for outside in ("http:", "https:", "//", "<link", "<script", "url("):
        assert outside not in html.replace("<!DOCTYPE html>", ""), outside  # no pixel, no remote image, no link out

    assert (await deliveries.run_due()).sent == []  # nothing twice
    assert len(digests(mailbox, PARK)) == 1


async def test_an_addendum_by_mail_is_threaded_under_that_chairs_digest(
    mail_runtime: Runtime, clock: FakeClock, mailbox: Mailbox
) -> None:
    dispatcher = Dispatcher(mail_runtime)
    await mail_runtime.database()
    deliveries = await deliveries_for(mail_runtime, dispatcher, RecordingOutbox(), mail=email_outbox(mail_runtime))
    clock.set(DIGEST_DUE)
    await deliveries.run_due()
    clock.advance(timedelta(hours=2))
    assert "Saved" in await chat_as(dispatcher, "choi").say("update FIMI: completed — joint statement issued")
    report = await deliveries.run_due()
    assert len([k for k in report.sent if k.startswith("addendum") and ":email:" in k]) == 2
    digest, answer = digests(mailbox, PARK)
    assert answer["Subject"] == f"Re: {SUBJECT}"
    assert answer["In-Reply-To"] == digest["Message-ID"] and answer["References"] == digest["Message-ID"]
    plain, _ = parts(answer)
    assert "Addendum to the digest" in plain and "joint statement issued" in plain and plain.strip().endswith("LIMITE")


async def test_an_address_the_server_refuses_is_given_up_at_once_with_its_reply_and_the_admins_are_told(
    mail_runtime: Runtime, clock: FakeClock, mailbox: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    dispatcher = Dispatcher(mail_runtime)
    await mail_runtime.database()
    mailbox.refuse[PARK] = "550 5.1.1 <jiwoo.park@mofa.example>: Recipient address rejected: User unknown"
    chat = RecordingOutbox()
    deliveries = await deliveries_for(mail_runtime, dispatcher, chat, mail=email_outbox(mail_runtime))
    clock.set(DIGEST_DUE)
    caplog.set_level(logging.ERROR, logger="bot.app.delivery")
    report = await deliveries.run_due()
    assert PARK_KEY in report.given_up and PARK_KEY not in report.failed
    row = await row_of(mail_runtime, PARK_KEY)
    assert (row.status, row.next_attempt_at, row.attempts) == ("failed", None, 1)
    assert row.last_error is not None and "550 5.1.1" in row.last_error and "User unknown" in row.last_error
    alert = [t for t in texts(chat, "dubois") if "digest" in t]
    assert (
        len(alert) == 1
        and "Could not deliver the digest to park by e-mail after 1 attempts (email: 550 5.1.1" in alert[0]
    )
    assert len(digests(mailbox, MUELLER)) == 1  # the other chair's copy is its own delivery
    assert [r for r in chat.to("park") if r.intent == "digest"]  # and Park still has it in chat
    attempts = mailbox.attempts[PARK]
    clock.advance(timedelta(hours=3))
    await deliveries.run_due()
    assert mailbox.attempts[PARK] == attempts  # never tried again by itself


async def test_a_deferred_address_is_retried_on_the_delivery_schedule_and_arrives_once(
    mail_runtime: Runtime, clock: FakeClock, mailbox: Mailbox
) -> None:
    dispatcher = Dispatcher(mail_runtime)
    await mail_runtime.database()
    deliveries = await deliveries_for(mail_runtime, dispatcher, RecordingOutbox(), mail=email_outbox(mail_runtime))
    mailbox.defer[PARK] = 10  # greylisted: the invitations and the digest are all deferred at first
    clock.set(DIGEST_DUE)
    report = await deliveries.run_due()
    assert PARK_KEY in report.failed
    row = await row_of(mail_runtime, PARK_KEY)
    assert (
        row.next_attempt_at == DIGEST_DUE + timedelta(minutes=1)
        and row.last_error is not None
        and row.last_error.startswith("email: 451")
    )
    mailbox.defer[PARK] = 0
    clock.advance(timedelta(seconds=30))
    assert PARK_KEY not in (await deliveries.run_due()).sent  # not due yet
    clock.advance(timedelta(seconds=30))
    assert PARK_KEY in (await deliveries.run_due()).sent
    assert len(digests(mailbox, PARK)) == 1


async def test_an_unreachable_server_is_a_temporary_failure(
    database_url: str, clock: FakeClock, certificate: tuple, mailbox: Mailbox
) -> None:
    import socket

    from tests.mail.conftest import mail_settings

    # a port bound and never listened on refuses connections, and no other test can take it meanwhile
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        runtime = Runtime.load(mail_settings(database_url, closed.getsockname()[1], certificate), clock)
        try:
            deliveries = await deliveries_for(
                runtime, Dispatcher(runtime), RecordingOutbox(), mail=email_outbox(runtime)
            )
            clock.set(DIGEST_DUE)
            assert PARK_KEY in (await deliveries.run_due()).failed
            row = await row_of(runtime, PARK_KEY)
            assert row.next_attempt_at is not None and row.last_error is not None
            assert row.last_error.startswith("email: ")
        finally:
            await runtime.close()


async def test_a_mail_whose_sender_stopped_midway_is_sent_again_with_the_same_message_id_and_the_doubt_recorded(
    mail_runtime: Runtime, clock: FakeClock, mailbox: Mailbox
) -> None:
    dispatcher = Dispatcher(mail_runtime)
    await mail_runtime.database()
    deliveries = await deliveries_for(mail_runtime, dispatcher, RecordingOutbox(), mail=email_outbox(mail_runtime))
    clock.set(DIGEST_DUE)
    await deliveries.run_due()
    await crash_after_send(mail_runtime, PARK_KEY)
    assert (await deliveries.run_due()).sent == [PARK_KEY]
    first, second = digests(mailbox, PARK)
    assert first["Message-ID"] == second["Message-ID"]  # recognisable as the same message
    row = await row_of(mail_runtime, PARK_KEY)
    assert row.doubt is not None and "may be a second copy (with the same Message-ID" in row.doubt


async def test_starttls_is_required_unless_the_url_says_insecure(
    database_url: str, clock: FakeClock, certificate: tuple
) -> None:
    from tests.fakes.smtp_server import smtp_server
    from tests.mail.conftest import mail_settings

    async with smtp_server(certificate, tls=False) as (port, mailbox):  # a relay that offers no STARTTLS
        for scheme, arrives, at in (
            ("smtp+starttls", False, DIGEST_DUE),
            ("smtp+insecure", True, DIGEST_DUE + timedelta(minutes=1)),
        ):
            runtime = Runtime.load(
                mail_settings(database_url, port, certificate, scheme).model_copy(update={"smtp_password": None}), clock
            )
            try:
                deliveries = await deliveries_for(
                    runtime, Dispatcher(runtime), RecordingOutbox(), mail=email_outbox(runtime)
                )
                clock.set(at)  # the second is the first one's retry
                report = await deliveries.run_due()
                assert (PARK_KEY in report.sent) is arrives and (PARK_KEY in report.failed) is not arrives
                if not arrives:
                    row = await row_of(runtime, PARK_KEY)
                    assert row.last_error is not None and re.search("STARTTLS", row.last_error, re.I)
                    assert mailbox.received == []
            finally:
                await runtime.close()
        assert len(digests(mailbox, PARK)) == 1


async def test_a_blocked_area_reaches_each_chair_by_mail_too_threaded_under_the_digest_once_it_went_out(
    mail_runtime: Runtime, clock: FakeClock, mailbox: Mailbox
) -> None:
    from tests.blockers_support import store_update

    dispatcher = Dispatcher(mail_runtime)
    await mail_runtime.database()
    deliveries = await deliveries_for(mail_runtime, dispatcher, RecordingOutbox(), mail=email_outbox(mail_runtime))
    clock.set(DIGEST_DUE - timedelta(days=3))  # before the digest: an alert of its own
    await store_update(mail_runtime, "kim", "maritime", "blocked", "ROK MOFA has not confirmed the date")
    report = await deliveries.run_due()
    assert sorted(k.split(":", 2)[2] for k in report.sent if k.startswith("blocked:") and ":email:" in k) == [
        "email:mueller",
        "email:park",
    ]
    [alert] = [m for m in mailbox.to(PARK) if "Blocked:" in str(m["Subject"])]
    assert str(alert["Subject"]).startswith("[LIMITE] Blocked: Maritime Security") and alert["In-Reply-To"] is None
    plain, _ = parts(alert)
    assert "ROK MOFA has not confirmed the date" in plain and plain.strip().endswith("LIMITE")

    clock.set(DIGEST_DUE)
    await deliveries.run_due()  # the digest goes out
    clock.advance(timedelta(hours=2))
    await store_update(mail_runtime, "novak", "cyber", "blocked", "no venue")
    await deliveries.run_due()
    digest = digests(mailbox, PARK)[0]  # then its addendum (the update came after it)
    [later] = [m for m in mailbox.to(PARK) if "Blocked: Cyber" in str(m["Subject"])]
    assert later["In-Reply-To"] == digest["Message-ID"]  # after the digest, an alert answers it
    await deliveries.run_due()
    assert len([m for m in mailbox.to(PARK) if "Blocked:" in str(m["Subject"])]) == 2  # each once
