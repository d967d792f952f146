"""Who may see an answer. The document is LIMITE: answers go only where the working group is among itself.

A direct chat (and the console) always sees its answers. A channel or group sees them only when the
working-group file lists it, under `channels` (the working group's own) or `digest.channels`: the bot
may sit in any channel someone invited it to, and a mention there must not post the text for all to
read. Anywhere else the answer goes to the asker alone, with one line saying why. This is decided
here, once, from the Inbound's conversation; the adapters only translate it (an ephemeral message on
Slack, the private chat on Telegram).
"""

from __future__ import annotations

from bot.model import Inbound, Note, Platform, Reply, ReplyIntent, simple_reply
from bot.workgroup import WorkGroup

REFUSAL = "Sorry, I only answer members of the partnership's working group."
ASKER_ONLY = "This channel is not one of the working group's, so only you see this answer."
OPEN_A_CHAT = (
    "I answer questions asked here only in a private chat, and I cannot write to you yet: "
    "open a chat with me, send /start, then ask again."
)


def sees_answers(workgroup: WorkGroup, inbound: Inbound) -> bool:
    """Whether the conversation the message came from may see the answer."""
    conversation = inbound.conversation
    if conversation.is_direct or inbound.platform is Platform.CONSOLE:
        return True
    listed = (*workgroup.channels, *workgroup.digest.channels)
    return any(channel.platform == inbound.platform.value and channel.id == conversation.id for channel in listed)


def for_asker_only(reply: Reply) -> Reply:
    """The reply marked for the asker alone, its first line saying why."""
    return reply.model_copy(update={"to_asker_only": True, "blocks": [Note(text=ASKER_ONLY), *reply.blocks]})


def open_a_chat() -> Reply:
    """What a group sees instead of an answer the bot could not give the asker privately: no content, one line."""
    return simple_reply(OPEN_A_CHAT, intent=ReplyIntent.OPEN_A_CHAT)
