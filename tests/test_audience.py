"""Who may see an answer: decided once, in the dispatcher, from the conversation a message came from.

The working-group file lists the working group's own channels (`channels`, and the digest's); direct
chats always see their answers; anywhere else the answer is for the asker alone and says why. How that
is sent (ephemeral, private chat) is the adapters' to translate, tested with them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.dispatcher import Dispatcher
from bot.audience import ASKER_ONLY, REFUSAL
from bot.model import Actor, Conversation, Inbound, Note, Platform, Reply
from bot.workgroup import Channel, check_file, load_workgroup
from tests.conftest import EXAMPLE_CONFIG

SCHMIDT_SLACK, KIM_TELEGRAM, STRANGER = "U0MEMBER1", "100012", "U0STRANGER"


async def asked(
    dispatcher: Dispatcher, platform: Platform, user: str, where: str, *, direct: bool = False
) -> list[Reply]:
    inbound = Inbound(
        platform=platform,
        actor=Actor(user_id=user),
        conversation=Conversation(id=where, is_direct=direct),
        text="what is FIMI",
        received_at=dispatcher.runtime.clock.now(),
    )
    return await dispatcher.handle(inbound)


def answered_for_all(reply: Reply) -> bool:
    return not reply.to_asker_only and Note(text=ASKER_ONLY) not in reply.blocks


@pytest.mark.parametrize(
    "platform, user, where, direct",
    [
        (Platform.SLACK, SCHMIDT_SLACK, "C0WORKING", False),  # under `channels`
        (Platform.SLACK, SCHMIDT_SLACK, "C0DIGEST01", False),  # under `digest.channels`
        (Platform.TELEGRAM, KIM_TELEGRAM, "-1001234567890", False),  # written as a number in the file
        (Platform.SLACK, SCHMIDT_SLACK, "DU0MEMBER1", True),  # a direct chat, never listed
        (Platform.TELEGRAM, KIM_TELEGRAM, KIM_TELEGRAM, True),
    ],
)
async def test_the_working_groups_channels_and_direct_chats_see_the_answers(
    dispatcher: Dispatcher, platform: Platform, user: str, where: str, direct: bool
) -> None:
    [reply] = await asked(dispatcher, platform, user, where, direct=direct)
    assert reply.intent == "glossary" and answered_for_all(reply)


@pytest.mark.parametrize(
    "platform, user, where",
    [
        (Platform.SLACK, SCHMIDT_SLACK, "C0RANDOM"),
        (Platform.TELEGRAM, KIM_TELEGRAM, "-1009876543210"),
        (Platform.TELEGRAM, KIM_TELEGRAM, "C0WORKING"),  # Slack's channel id, asked on Telegram: not the same channel
    ],
)
async def test_anywhere_else_the_answer_is_for_the_asker_alone_and_says_why_first(
    dispatcher: Dispatcher, platform: Platform, user: str, where: str
) -> None:
    [reply] = await asked(dispatcher, platform, user, where)
    assert reply.to_asker_only and reply.intent == "glossary"
    assert reply.blocks[0] == Note(text=ASKER_ONLY)
    assert "foreign information manipulation" in str(reply.blocks[1:]).lower()


async def test_a_stranger_gets_the_one_refusal_where_they_asked(dispatcher: Dispatcher) -> None:
    [reply] = await asked(dispatcher, Platform.SLACK, STRANGER, "C0RANDOM")
    assert reply.intent == "refused" and REFUSAL in str(reply.blocks) and not reply.to_asker_only


def test_the_example_file_lists_the_working_groups_channels() -> None:
    assert load_workgroup(EXAMPLE_CONFIG).channels == (
        Channel(platform="slack", id="C0WORKING"),
        Channel(platform="telegram", id="-1001234567890"),
    )


def test_config_check_reports_a_bad_channel_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "workgroup.yaml"
    path.write_text(
        "channels:\n"
        "  - platform: slack\n    id: C0WORKING\n"
        "  - platform: teams\n    id: general\n"
        "  - id: C0NOPLATFORM\n",
        encoding="utf-8",
    )
    problems = check_file(path)
    assert any(p.startswith("line 4: channels.1.platform:") for p in problems), problems
    assert any(p.startswith("line 6: channels.2.platform:") and "required" in p.lower() for p in problems), problems
    assert len(problems) == 2
