"""Asking back when a message reads several ways, and framing answers to Korean questions.

Rasa's two-stage fallback in one step: rather than guess, the bot offers the
readings it weighed ("Did you mean the status of Cyber issues, or what the text
says about cyber?"), as buttons on Slack and Telegram and numbered on the console.
"""

from __future__ import annotations

from bot.intents import DECLARATIONS
from bot.model import CHOOSE, ButtonValue, Choice, Note, Reply, ReplyIntent, text
from bot.understanding.understand import Understanding

KOREAN_QUOTES = "문서 인용은 원문(영어) 그대로입니다."


def clarification(understanding: Understanding) -> Reply:
    options = understanding.options
    korean = understanding.korean
    if understanding.label == "again":
        question = (
            f"번호로 골라 주세요 (1–{len(options)}):" if korean else f"Please pick one of these, 1 to {len(options)}:"
        )
    elif korean:
        question = "어느 쪽을 물으신 건가요?"
    else:
        readings = [o.text for o in options]
        question = "Did you mean " + ", ".join(readings[:-1]) + f", or {readings[-1]}?"
    reply = Reply(blocks=[text(question)], intent=ReplyIntent.CLARIFY)
    reply.choices = [Choice(label=o.text, value=ButtonValue(CHOOSE, str(i)).encode()) for i, o in enumerate(options, 1)]
    reply.blocks.append(
        Note(
            text="번호나 버튼으로 고르거나, 다르게 다시 물어보세요."
            if korean
            else "Pick one, or ask again in other words."
        )
    )
    return reply


def frame_in_korean(reply: Reply, label: str) -> None:
    """A Korean lead line over an answer whose quotes stay in the document's language."""
    declaration = DECLARATIONS.get(label)
    lead = f"{declaration.korean}: {KOREAN_QUOTES}" if declaration else KOREAN_QUOTES
    reply.blocks.insert(0, Note(text=lead))
