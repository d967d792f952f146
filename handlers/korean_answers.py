"""A lead's answer to an update's question, typed in Korean, as the English word the conversation reads.

The update's questions take a few fixed words ("save", "skip", "back", "no change") and a status. An
ROK lead answering "저장" or "정상" was told "Please answer with one of: …" until they typed English.
The lexicon that reads questions in Korean keeps nouns and drops verb endings, so "없음" (none) and
"건너뛰기" (skip) are lost there: the answer words are listed here, whole. Only a whole answer is read:
progress, blockers and next steps written in Korean are stored as written.
"""

from __future__ import annotations

from bot.understanding import korean
from bot.understanding.entities import STATUS_WORDS

# each Korean answer, as typed (without its final punctuation), and the English word the steps read
_ANSWERS = {
    "저장": "save",
    "저장해": "save",
    "저장해줘": "save",
    "저장해 주세요": "save",
    "저장합니다": "save",
    "확인": "save",
    "수정": "edit",
    "편집": "edit",
    "취소": "cancel",
    "그만": "cancel",
    "뒤로": "back",
    "이전": "back",
    "건너뛰기": "skip",
    "건너뛰어": "skip",
    "스킵": "skip",
    "패스": "skip",
    "없음": "none",
    "없어": "none",
    "없어요": "none",
    "없습니다": "none",
    "유지": "keep",
    "그대로": "keep",
    "변경 없음": "no change",
    "변동 없음": "no change",
    "지난번과 같음": "no change",
    "나중에": "later",
    "내일 다시": "remind me tomorrow",
    "이번 라운드 건너뛰기": "skip this round",
    "네": "yes",
    "예": "yes",
    "아니요": "no",
    "아니오": "no",
}


def in_english(answer: str, *, status: bool = False) -> str:
    """The answer's English word when the whole answer is one of the Korean answer words (with `status`, a
    status too: 정상, 지연, 차단, 완료); otherwise the answer unchanged."""
    if not any(korean.is_hangul(c) for c in answer):
        return answer
    cleaned = " ".join(answer.strip().rstrip(".!?").split())
    if cleaned in _ANSWERS:
        return _ANSWERS[cleaned]
    if status and (english := korean.to_english(cleaned).strip()) in STATUS_WORDS:
        return english
    return answer
