"""`partnerbot meetings export --format ics` and `partnerbot digest send`, as real processes; the settings of e-mail."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from icalendar import Calendar, Component

from bot.settings import SettingsError, load_settings
from tests.conftest import EXAMPLE_CONFIG
from tests.fakes.smtp_server import PASSWORD, USER, Mailbox
from tests.mail.conftest import SENDER
from tests.test_cli import run

# end to end through the real clients and servers: outside the quick loop (pytest -m "not slow")
pytestmark = pytest.mark.slow


def common(database_url: str) -> list[str]:
    return ["--config", str(EXAMPLE_CONFIG), "--database-url", database_url]


def exported(tmp_path: Path, database_url: str) -> dict[str, Component]:
    output = tmp_path / "meetings.ics"
    result = run("meetings", "export", "--format", "ics", "--output", str(output), *common(database_url), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {output}"
    calendar = Calendar.from_ical(output.read_text(encoding="utf-8"))
    return {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}


def test_meetings_export_writes_every_meeting_with_a_stable_uid_and_a_sequence_that_follows_changes(
    tmp_path: Path, database_url: str
) -> None:
    first = exported(tmp_path, database_url)
    assert sorted(first) == ["sd-2027", "sdd-2026", "sdd-2027"]
    sdd = first["sdd-2027"]
    assert (
        sdd["SEQUENCE"] == 0
        and str(sdd["LOCATION"]) == "Seoul"
        and str(sdd["SUMMARY"]) == "Security and Defence Dialogue"
    )
    assert "Digest to the chairs" in str(sdd["DESCRIPTION"]) and "DESCRIPTION" not in first["sd-2027"]

    moved = run("ask", *common(database_url), "--as", "mueller", "move sdd-2027 to 2099-03-22", cwd=tmp_path)
    assert "Moved sdd-2027" in moved.stdout, moved.stdout + moved.stderr
    second = exported(tmp_path, database_url)
    assert str(second["sdd-2027"]["UID"]) == str(sdd["UID"])
    assert second["sdd-2027"]["SEQUENCE"] == 1 and second["sdd-2027"].decoded("DTSTART").isoformat() == "2099-03-22"

    assert (
        "Cancelled sdd-2027"
        in run("console", *common(database_url), "--as", "park", stdin="cancel sdd-2027\nyes\n", cwd=tmp_path).stdout
    )
    third = exported(tmp_path, database_url)["sdd-2027"]
    assert third["SEQUENCE"] == 2 and str(third["STATUS"]) == "CANCELLED"


def mail_env(port: int, certificate: tuple[Path, Path]) -> dict[str, str]:
    return {
        "PARTNERBOT_SMTP_URL": f"smtp+starttls://{USER}@127.0.0.1:{port}",
        "PARTNERBOT_SMTP_PASSWORD": PASSWORD,
        "PARTNERBOT_SMTP_CA_FILE": str(certificate[0]),
        "PARTNERBOT_MAIL_FROM": SENDER,
    }


async def test_digest_send_sends_one_copy_recorded_as_its_own_delivery(
    tmp_path: Path, database_url: str, smtp: tuple[int, Mailbox], certificate: tuple[Path, Path]
) -> None:
    port, mailbox = smtp
    env = mail_env(port, certificate)
    result = await asyncio.to_thread(
        run, "digest", "send", "--meeting", "sdd-2027", "--to", "park", *common(database_url), cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "sent the digest for sdd-2027 to Park Ji-woo <jiwoo.park@mofa.example>" in result.stdout
    [message] = mailbox.to("jiwoo.park@mofa.example")
    assert message["Subject"] == "[LIMITE] Digest — Security and Defence Dialogue, 15 Mar 2027, Seoul"
    assert str(message["Message-ID"]).startswith("<resend/sdd-2027/2027-03-15/email/park/")
    listed = await asyncio.to_thread(run, "deliveries", *common(database_url), cwd=tmp_path)
    assert "resend:sdd-2027:2027-03-15:email:park:" in listed.stdout and "  sent  " in listed.stdout

    mailbox.refuse["jiwoo.park@mofa.example"] = "550 5.1.1 User unknown"
    refused = await asyncio.to_thread(
        run, "digest", "send", "--meeting", "sdd-2027", "--to", "park", *common(database_url), cwd=tmp_path, env=env
    )
    assert refused.returncode == 1 and "550 5.1.1 User unknown" in refused.stderr and "Traceback" not in refused.stderr
    listed = await asyncio.to_thread(run, "deliveries", "--failed", *common(database_url), cwd=tmp_path)
    assert "failed, given up" in listed.stdout and "550 5.1.1 User unknown" in listed.stdout


@pytest.mark.parametrize(
    ("arguments", "env", "said"),
    [
        (["--to", "nobody"], {}, "--to nobody: no such person"),
        (["--to", "dubois"], {}, "Claire Dubois has no email: in the working-group file"),
        (["--to", "park"], {}, "e-mail is not configured"),
        (
            ["--to", "park"],
            {"PARTNERBOT_SMTP_URL": "smtp://mail.example:25"},
            "PARTNERBOT_SMTP_URL: Value error, must start smtp+starttls://",
        ),
        (
            ["--to", "park"],
            {"PARTNERBOT_SMTP_URL": "smtp+starttls://bot:hunter2@mail.example"},
            "must not hold the password",
        ),
        (["--to", "park"], {"PARTNERBOT_SMTP_URL": "smtps://mail.example"}, "PARTNERBOT_MAIL_FROM must be set"),
    ],
)
def test_digest_send_says_what_is_wrong_in_one_line(
    tmp_path: Path, arguments: list[str], env: dict[str, str], said: str
) -> None:
    result = run(
        "digest", "send", "--meeting", "sdd-2027", *arguments, "--config", str(EXAMPLE_CONFIG), cwd=tmp_path, env=env
    )
    assert result.returncode == 2 and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "hunter2" not in result.stderr


def test_the_smtp_password_is_a_secret_the_logs_redact() -> None:
    settings = load_settings(
        smtp_url="smtp+starttls://bot@mail.example", smtp_password="pa55-word-for-smtp", mail_from=SENDER
    )
    assert "pa55-word-for-smtp" in settings.secrets() and "pa55-word-for-smtp" not in repr(settings)
    with pytest.raises(SettingsError, match="PARTNERBOT_MAIL_FROM: Value error, must be an address"):
        load_settings(mail_from="nobody")


def test_an_address_that_is_not_one_is_reported_with_its_line(tmp_path: Path) -> None:
    from bot.workgroup import check_file

    bad = tmp_path / "workgroup.yaml"
    bad.write_text(
        EXAMPLE_CONFIG.read_text(encoding="utf-8").replace("email: jiwoo.park@mofa.example", 'email: "Park <jiwoo>"'),
        encoding="utf-8",
    )
    assert check_file(bad) == [
        "line 25: people[park].email: 'Park <jiwoo>' is not an e-mail address (write it as name@example.org)"
    ]
