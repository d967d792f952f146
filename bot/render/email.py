"""Letter → a MIME message a mail client shows as the chat does: pure functions, no network.

The message is multipart/alternative: a plain-text part (the console's rendering) for clients
that show text, and an HTML part built by the HTML export's renderer with its CSS inlined into
`style` attributes, because most mail clients drop <style> blocks. An invitation adds a
text/calendar alternative (what calendars act on) and the same entry as an .ics attachment
(what a person can open by hand). The marking (LIMITE) stands in the subject and at the top and
bottom of both parts. Nothing refers outside the message: no remote images, no links, no
tracking pixel; the digest's status chart is an inline image of the message itself, which the HTML
part names by its Content-ID (mail clients block the data: URIs a page could carry).
"""

from __future__ import annotations

import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

import css_inline

from bot.model import Letter
from bot.render.html import render_html
from bot.render.text import render_text

# headers are not folded before RFC 5322's hard limit: a Message-ID split over two lines is still valid, but
# some clients then compare it with the leading space and lose the thread
_POLICY = SMTP.clone(max_line_length=998)
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9._=+/-]")


def message_id(key: str, domain: str) -> str:
    """The Message-ID of a delivery, from its key alone: the same key always gives the same id, so a
    second copy is recognisable (and de-duplicated by many clients), and an addendum can name its
    digest in In-Reply-To without storing anything. `digest:sdd-2027:2027-03-15:email:park` becomes
    `<digest/sdd-2027/2027-03-15/email/park@DOMAIN>`."""
    return f"<{_NOT_IN_ID.sub('-', key.replace(':', '/'))}@{domain}>"


def marked(subject: str, marking: str) -> str:
    """`[LIMITE] …`; an answer keeps its `Re: ` in front, where clients look for it."""
    prefix = "Re: " if subject.startswith("Re: ") else ""
    return f"{prefix}[{marking}] {subject.removeprefix('Re: ')}"


def render_email(letter: Letter, *, sender: Address, to: Address, at: datetime) -> EmailMessage:
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = marked(letter.subject, letter.marking)
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(at)
    message["Message-ID"] = message_id(letter.key, sender.domain)
    if letter.thread_key is not None:
        parent = message_id(letter.thread_key, sender.domain)
        message["In-Reply-To"] = parent
        message["References"] = parent
    message["Sensitivity"] = "Company-Confidential"  # Outlook's own flag for restricted mail
    plain = f"{letter.marking}\n\n{render_text(letter.reply)}\n\n{letter.marking}\n"
    message.set_content(plain, cte="quoted-printable")
    chart = letter.reply.chart
    chart_id = f"chart.{message_id(letter.key, sender.domain)[1:-1]}"
    page = render_html(
        letter.reply,
        title=marked(letter.subject, letter.marking),
        marking=letter.marking,
        chart_src=f"cid:{chart_id}" if chart else None,
    )
    html = css_inline.inline(page, load_remote_stylesheets=False, keep_style_tags=False)
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    if chart is not None:
        from bot.render.chart import FILENAME, render_chart

        html_part = message.get_body(("html",))
        assert html_part is not None
        html_part.add_related(
            render_chart(chart),
            maintype="image",
            subtype="png",
            cid=f"<{chart_id}>",
            filename=FILENAME,
            disposition="inline",
        )
    if letter.calendar is not None and letter.calendar_method is not None:
        message.add_alternative(
            letter.calendar, subtype="calendar", params={"method": letter.calendar_method}, cte="quoted-printable"
        )
        message.add_attachment(
            letter.calendar.encode("utf-8"),
            maintype="application",
            subtype="ics",
            filename="cancelled.ics" if letter.calendar_method == "CANCEL" else "invitation.ics",
        )
    return message
