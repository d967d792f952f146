"""A whole collection round as the working group lives it, on a fake clock, in Slack and in Telegram.

The real adapters and their real clients talk to the fake Slack Web API and Telegram Bot API; the real
Scheduler's deliveries send the prompts, the alert and the digest through the platform's adapter. The story,
three weeks before the Security and Defence Dialogue of 15 March 2027 in Seoul:

- the round opens at 09:00 in Seoul for Kim, Lee and Choi, at 09:00 in Brussels for Rossi and Novák;
- Kim reports crisis management on track and, asked whether he will do his other area now, Maritime Security
  blocked, with its reason: the chairs (and the digest channel) are alerted once;
- Lee says `later` and is asked again the next morning; Choi says `skip this round`, with why;
- Novák, who reported in February, says `no change`: her update is shown, saved again dated today;
- two days on, a chair asks `blockers` and sees Kim's, with its age;
- Rossi, Kim's co-lead on Maritime Security, reports it on track: the co-leads disagree;
- a week before the Dialogue the digest goes out: the table first, what needs attention in order of severity,
  who answered, Choi's reason, and the chart as a file (Slack) or a photo (Telegram);
- `partnerbot export updates --format csv` has every update of the round.

Each step is checked on what the fake platform received, as the people would read it.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.app.adapters.telegram import TelegramAdapter
from bot.app.delivery import Report
from bot.app.dispatcher import Dispatcher
from bot.app.outbox import Outbox, Outboxes
from bot.app.scheduler import Scheduler
from bot.clock import FakeClock
from bot.render.chart import chart_size
from bot.runtime import Runtime
from handlers.digest import digest_for
from handlers.update_export import export_updates
from tests.adapters.test_slack import Slack, dm_channel, slack  # noqa: F401  (slack: the fixture)
from tests.adapters.test_telegram import GROUP, adapter, api, dispatcher, process, ready  # noqa: F401  (the fixtures)
from tests.blockers_support import alerts
from tests.conftest import EXAMPLE_CONFIG, make_runtime
from tests.digest_support import png_size, save_update
from tests.fakes.telegram_api import FakeTelegramApi, private_text_update

SEOUL_NINE = datetime(2027, 2, 22, 0, 0, tzinfo=UTC)  # the round's first day, 09:00 in Seoul
BRUSSELS_NINE = datetime(2027, 2, 22, 8, 0, tzinfo=UTC)  # 09:00 in Brussels
NEXT_SEOUL_NINE = datetime(2027, 2, 23, 0, 0, tzinfo=UTC)
TWO_DAYS_ON = datetime(2027, 2, 24, 7, 0, tzinfo=UTC)  # 08:00 in Brussels; a prompt's conversation lasts 48 hours
DIGEST_DAY = datetime(2027, 3, 8, 8, 30, tzinfo=UTC)  # a week before the Dialogue


# --- the working group, on both platforms ---------------------------------------------------------------


def workgroup_on_both_platforms(tmp_path: Path, platform: str) -> Path:
    """The example working group with every lead on Slack and on Telegram (in the example some are on one
    only), Lee's timezone in the file (the example leaves it to her Slack profile, which Telegram has not),
    and the digest channel on the platform under test."""
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    added = {
        "novak": {"telegram": 100013},
        "jansen": {"slack": "U0LEADEU3"},
        "choi": {"slack": "U0LEADKR3"},
        "lee": {"timezone": "Asia/Seoul"},
    }
    for person in data["people"]:
        person.update(added.get(person["id"], {}))
    data["digest"]["channels"] = [
        {"platform": "slack", "id": "C0DIGEST01"} if platform == "slack" else {"platform": "telegram", "id": GROUP}
    ]
    path = tmp_path / "workgroup.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(params=["slack", "telegram"])
def platform(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def runtime(database_url: str, clock: FakeClock, tmp_path: Path, platform: str) -> AsyncIterator[Runtime]:
    runtime = make_runtime(database_url, clock, workgroup_on_both_platforms(tmp_path, platform))
    yield runtime
    await runtime.close()


# --- the people's chats, on either platform -------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")  # Telegram's HTML markup
_MRKDWN = re.compile(r"(?<!\w)[*_]|[*_](?!\w)")  # Slack's *bold* and _italics_ markers, not a_word's


def slack_text(message: dict[str, Any]) -> str:
    """A Slack message as its reader sees it: the text of its blocks, in order, without markup (its `text`
    field is cut short on long messages: it is only the notification)."""
    parts: list[str] = []
    for block in message["blocks"]:
        if block["type"] in ("header", "section"):
            parts.append(block["text"]["text"])
        elif block["type"] == "context":
            parts.extend(element["text"] for element in block["elements"])
    return html.unescape(_MRKDWN.sub("", "\n".join(parts)))


@dataclass
class Chats:
    """What each person reads in their direct chat with the bot, and what they say to it; each message as
    its text without markup."""

    runtime: Runtime
    dispatcher: Dispatcher
    outbox: Outbox
    slack: Slack | None = None
    telegram: FakeTelegramApi | None = None
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _user(self, person_id: str) -> str | int:
        person = self.runtime.person(person_id)
        assert person is not None
        found = person.slack if self.slack is not None else person.telegram
        assert found is not None, person_id
        return found

    async def say(self, person_id: str, words: str) -> str:
        """The person writes to the bot in their direct chat; what the bot answered them, as one text."""
        before = len(self.received(person_id))
        user = self._user(person_id)
        if self.slack is not None:
            await self.slack.dm(str(user), words)
        else:
            assert isinstance(self.outbox, TelegramAdapter)
            await process(self.outbox, private_text_update(int(user), words, update_id=next(self._update_ids)))
        return "\n".join(self.received(person_id)[before:])

    def received(self, person_id: str) -> list[str]:
        """Every message the bot sent the person, oldest first."""
        user = self._user(person_id)
        return self._read(dm_channel(str(user)) if self.slack is not None else user)

    @property
    def digest_channel(self) -> str:
        return "C0DIGEST01" if self.slack is not None else str(GROUP)

    def in_digest_channel(self) -> list[str]:
        return self._read(self.digest_channel if self.slack is not None else GROUP)

    def _read(self, chat: str | int) -> list[str]:
        if self.slack is not None:
            return [slack_text(m) for m in self.slack.api.messages(str(chat))]
        assert self.telegram is not None
        return [html.unescape(_TAG.sub("", m["text"])) for m in self.telegram.sent(chat)]

    def pictures(self, person_id: str) -> list[bytes]:
        """The pictures the person was sent: Slack's uploaded files, Telegram's photos."""
        user = self._user(person_id)
        if self.slack is not None:
            return [f["data"] for f in self.slack.api.uploads(dm_channel(str(user)))]
        assert self.telegram is not None
        return [p["photo"]["data"] for p in self.telegram.photos(user)]


@pytest.fixture
def chats(request: pytest.FixtureRequest, platform: str) -> Chats:
    """The platform's real adapter against its fake API, set up by the adapters' own tests' fixtures."""
    if platform == "slack":
        slack: Slack = request.getfixturevalue("slack")
        return Chats(slack.runtime, slack.dispatcher, slack.adapter, slack=slack)
    telegram: TelegramAdapter = request.getfixturevalue("ready")
    return Chats(telegram.runtime, telegram.dispatcher, telegram, telegram=request.getfixturevalue("api"))


def prompted(report: Report) -> list[str]:
    """Who a scheduler run sent a round's prompt, sorted."""
    return sorted(key.split(":")[2] for key in report.sent if key.startswith("prompt:"))


def in_order(text: str, *parts: str) -> bool:
    """Every part is in the text, each after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


# --- the round ------------------------------------------------------------------------------------------


@pytest.mark.slow
async def test_a_whole_round_from_the_prompts_to_the_digest_and_the_export(
    chats: Chats, runtime: Runtime, clock: FakeClock
) -> None:
    # Novák reported Cyber issues in February; nothing else is on record
    await save_update(
        runtime,
        clock,
        "novak",
        "cyber",
        "on_track",
        datetime(2027, 2, 10, 9, 0, tzinfo=UTC),
        progress="Joint tabletop exercise held in Tallinn",
    )
    scheduler = Scheduler(runtime, Outboxes([chats.outbox]), chats.dispatcher.engine)
    assert await scheduler.hold_lease()
    deliveries = scheduler.deliveries

    # 09:00 in Seoul: the round opens for the leads there, not yet for those in Brussels
    clock.set(SEOUL_NINE)
    assert prompted(await deliveries.run_due()) == ["choi", "kim", "lee"]
    [kims_prompt] = chats.received("kim")
    assert (
        "The collection round for the Security and Defence Dialogue" in kims_prompt and "Overall status?" in kims_prompt
    )
    assert chats.received("rossi") == []

    # Kim: crisis management on track; then, asked, Maritime Security: blocked, and why
    clock.set(datetime(2027, 2, 22, 0, 30, tzinfo=UTC))
    assert "What progressed" in await chats.say("kim", "on track")
    for answer in ("Staff talks held in Seoul", "skip", "skip", "skip"):
        await chats.say("kim", answer)
    saved = await chats.say("kim", "save")
    assert "Saved" in saved and "You also lead Maritime Security: update it now? yes / later" in saved
    assert "Overall status?" in await chats.say("kim", "yes")
    assert "What progressed" in await chats.say("kim", "blocked")
    assert "What makes it blocked?" in await chats.say("kim", "Exercise plan drafted")
    assert "cannot be skipped" in await chats.say("kim", "skip")
    await chats.say("kim", "ROK MOFA has not confirmed the date")
    await chats.say("kim", "skip")
    summary = await chats.say("kim", "skip")
    assert "Progress: Exercise plan drafted" in summary and "Blockers: ROK MOFA has not confirmed the date" in summary
    assert "Saved" in await chats.say("kim", "save")

    # the chairs hear of it at once, and the digest channel too; once
    clock.set(datetime(2027, 2, 22, 0, 31, tzinfo=UTC))
    assert alerts(await deliveries.run_due()) == [
        f"channel:{chats.outbox.platform}:{chats.digest_channel}",
        "person:mueller",
        "person:park",
    ]
    for alerted in (chats.received("mueller"), chats.received("park"), chats.in_digest_channel()):
        [alert] = alerted
        assert (
            "Blocked: Maritime Security — Kim Min-jun, 22 Feb 2027" in alert
            and "ROK MOFA has not confirmed the date" in alert
        )
    assert alerts(await deliveries.run_due()) == []

    # Lee: later; Choi: not this round, and why
    assert "I will ask you again tomorrow at 09:00 your time" in await chats.say("lee", "later")
    await chats.say("choi", "skip this round")
    assert "Noted" in await chats.say("choi", "On mission in Nairobi until April")

    # 09:00 in Brussels: Rossi's prompt shows what his co-lead reported; Novák has no change
    clock.set(BRUSSELS_NINE)
    assert prompted(await deliveries.run_due()) == ["jansen", "novak", "rossi"]
    [rossis_prompt] = chats.received("rossi")
    assert "Kim Min-jun reported blocked on 22 Feb 2027" in rossis_prompt
    unchanged = await chats.say("novak", "no change")
    assert (
        "The same as your update of 10 Feb 2027" in unchanged and "Joint tabletop exercise held in Tallinn" in unchanged
    )
    assert "Saved" in await chats.say("novak", "save")
    await chats.say("novak", "later")

    # the next morning in Seoul, Lee is asked again, once
    clock.set(NEXT_SEOUL_NINE)
    assert prompted(await deliveries.run_due()) == ["lee"]
    assert "Overall status?" in chats.received("lee")[-1]
    assert prompted(await deliveries.run_due()) == []

    # two days on, a chair asks what is blocked
    clock.set(TWO_DAYS_ON)
    blockers = await chats.say("mueller", "blockers")
    assert "Open blockers, oldest first (1)" in blockers
    assert (
        "Maritime Security — ROK MOFA has not confirmed the date  (Kim Min-jun, 22 Feb 2027, open 2 days)" in blockers
    )

    # Rossi, Kim's co-lead on Maritime Security, answers his prompt: on track
    clock.set(datetime(2027, 2, 24, 7, 30, tzinfo=UTC))
    assert "What progressed" in await chats.say("rossi", "on track")
    for answer in ("Exercise calendar shared and the date confirmed", "skip", "skip", "skip"):
        await chats.say("rossi", answer)
    assert "Saved" in await chats.say("rossi", "save")
    await chats.say("rossi", "later")

    # a week before the Dialogue, the digest: to each chair and the digest channel
    clock.set(DIGEST_DAY)
    report = await deliveries.run_due()
    assert sorted(k for k in report.sent if k.startswith("digest:")) == [
        f"digest:sdd-2027:2027-03-15:channel:{chats.outbox.platform}:{chats.digest_channel}",
        "digest:sdd-2027:2027-03-15:person:mueller",
        "digest:sdd-2027:2027-03-15:person:park",
    ]
    digest = "\n".join(chats.received("mueller")[2:])  # after the alert and the blockers
    assert digest.startswith("EU–ROK Security and Defence Partnership — digest for the Security and Defence Dialogue")
    # the table at the top: every area in one line
    assert in_order(
        digest,
        "Area · Status now · Since the last Dialogue · Leads · Last report",
        "Maritime Security · 🔴 blocked · no report → blocked · Marco Rossi, Kim Min-jun · 24 Feb 2027",
        "Cyber issues · 🟢 on track · no report → on track · Petra Novák, Lee Seo-yeon · 22 Feb 2027",
        "Needs attention",
    )
    # what needs attention, by severity: blocked, the co-leads who disagree, no lead, nobody reported
    assert in_order(
        digest,
        "Needs attention",
        "🔴 blocked Maritime Security — ROK MOFA has not confirmed the date (Kim Min-jun, 22 Feb 2027, 14 days ago)",
        "Leads disagree · Maritime Security — on track (Marco Rossi, 24 Feb 2027, 12 days ago); "
        "blocked (Kim Min-jun, 22 Feb 2027, 14 days ago)",
        "No lead · Counterterrorism",
        "No report · Countering Hybrid threats",
        "Participation",
    )
    # who was prompted and who answered, per side; Choi's reason where her areas are
    assert in_order(
        digest,
        "Participation",
        "EU · 3: Marco Rossi, Petra Novák, Pieter Jansen · 2: Marco Rossi, Petra Novák · Pieter Jansen",
        "ROK · 3: Choi Hye-jin, Kim Min-jun, Lee Seo-yeon · 1: Kim Min-jun · Choi Hye-jin (declined), Lee Seo-yeon",
    )
    assert (
        "Space security and defence (§30–§31) — did not report: Marco Rossi, "
        "Choi Hye-jin declined: On mission in Nairobi until April" in digest
    )
    assert "The same as your update" not in digest and "Progress: Joint tabletop exercise held in Tallinn" in digest
    assert chats.in_digest_channel()[1:] == chats.received("mueller")[2:] == chats.received("park")[1:]
    # the chart, under the text
    sent_digest, _ = await digest_for(runtime, "sdd-2027")
    assert sent_digest is not None and sent_digest.chart is not None
    [chart] = chats.pictures("mueller")
    assert png_size(chart) == chart_size(sent_digest.chart)
    assert len(chats.pictures("park")) == 1

    # the chairs' own records: every update of the round
    exported = list(csv.DictReader(io.StringIO(await export_updates(runtime, "csv", date(2027, 2, 22)))))
    assert [(u["person_id"], u["area_key"], u["status"], u["blockers"]) for u in exported] == [
        ("kim", "crisis management", "on_track", ""),
        ("kim", "maritime", "blocked", "ROK MOFA has not confirmed the date"),
        ("novak", "cyber", "on_track", ""),
        ("rossi", "maritime", "on_track", ""),
    ]
