"""Every message the understanding issue found misread, typed into the console (piped) as a member, a lead
and a chair would, in order, so that follow-ups follow what came before."""

from __future__ import annotations

import io

import pytest

from bot.app.adapters.console import run_console
from bot.app.dispatcher import Dispatcher

# (who, message, what the answer must start with or contain); the console's "(...)" notes included
MEMBER = [
    ("what's the status of space dialogue", "Status: Space security and defence"),
    ("what is the status of cyber", "Status: Cyber issues"),
    ("maritime status", "Status: Maritime Security"),
    ("overall status", "Status by area"),
    ("what's blocked", "No area is blocked"),
    ("any blockers?", "No area is blocked"),
    ("what's at risk", "No area is at risk"),
    ("who hasn't reported", "No update since the Dialogue of"),
    ("who do I talk to about cyber", "Cyber issues is led by Petra Novák (EU) and Lee Seo-yeon (ROK)."),
    ("who's in charge of WPS", "Women, Peace and Security is led by Petra Novák (EU) and Choi Hye-jin (ROK)."),
    ("who is kim", "Kim Min-jun (ROK) — lead"),
    ("is kim away?", "Not marked away."),
    ("which areas have no lead", "Areas without a lead (7)"),
    ("next meeting?", "The next Security and Defence Dialogue is on 15 Mar 2027 in Seoul"),
    ("where is the next sdd", "The next Security and Defence Dialogue is on 15 Mar 2027 in Seoul"),
    ("when is the strategic dialogue", "The next Strategic Dialogue is on 20 May 2027 in Brussels"),
    ("what does §16 say", "§16 — Areas of Cooperation › Cyber issues"),
    ("what about 15?", "§15 — Areas of Cooperation › Cyber issues"),
    ("cyber", "Cyber issues (§15–§16)"),
    ("who leads it?", "Cyber issues is led by Petra Novák"),
    ("what's the status?", "Status: Cyber issues"),
    ("§14", "§14 — Areas of Cooperation › Maritime Security"),
    ("and (b)?", "> Developing cooperation on maritime security through activities such as joint exercises"),
    (
        "martime",
        "Maritime Security, including operations, exercises and capacity-building for third countries (§13–§14)",
    ),
    ("counter terrorism", "Counterterrorism (CT), preventing/countering violent extremism (P/CVE) (§24–§25)"),
    ("nonproliferation", "Non-Proliferation, Disarmament"),
    (
        "disinfo",
        "Strategic Communications and countering Foreign Information Manipulation and Interference (FIMI) (§21–§22)",
    ),
    ("14b", "— §14(b)"),
    ("p14", "§14 — Areas of Cooperation"),
    ("amber", "No area is at risk"),
    ("are we doing anything with NATO?", "The text does not mention “NATO”."),
    ("anything on north korea", "What the text says on “north korea”"),
    ("what does LIMITE mean", "Marked LIMITE"),
    ("is it legally binding?", "Non-Binding Instrument"),
    ("is §7 binding?", "No: like the whole text, §7 sets out political commitments, not legal obligations."),
    ("how many ships are involved?", "The text gives no number or amount for that."),
    ("when does the partnership expire?", "The text sets no end date or expiry. What it says of its review:"),
    ("when was it adopted", "Dated Brussels, 21 October 2024 on its cover"),
    ("summarise the partnership", "15 areas of cooperation"),
    ("which commitments are exploratory", "Exploratory commitments (9)"),
    ("사이버 안보 협력은?", "Cyber issues (§15–§16)"),
    ("status of maritime <@U0CHAIREU>", "Status: Maritime Security"),
    ("who leads cyber, <@U0LEADKR2>?", "Cyber issues is led by"),
]
LEAD = [
    ("update nonprolif: on track — joint statement drafted", "Saved your update for Non-Proliferation"),
    ("update maritime", "Overall status?"),
    ("what is FIMI", "FIMI stands for foreign information manipulation and interference."),
    ("on track", "What progressed since your last update?"),
    ("Port call in Busan agreed", "Any blockers"),
    ("skip", "Next steps"),
    ("skip", "Which paragraphs"),
    ("14b", "Your update for Maritime Security"),
    ("3", "Cancelled: nothing was saved."),
    ("3", "§3 — Preface"),
    ("what's blocked", "No area is blocked"),
    ("my areas", "You lead:"),
]
CHAIR = [
    ("what's missing", "No update since the Dialogue of"),
    ("who are the chairs", "The chairs are Anna Müller (EU) and Park Ji-woo (ROK)."),
    ("move sd-2027 to 2027-06-03", "Moved sd-2027 from 20 May 2027 to 3 Jun 2027"),
    ("when is the strategic dialogue", "The next Strategic Dialogue is on 3 Jun 2027 in Brussels"),
    ("digest preview", "EU–ROK Security and Defence Partnership — digest for the Security and Defence Dialogue"),
]


async def console(dispatcher: Dispatcher, person: str, message: str) -> str:
    out = io.StringIO()
    await run_console(dispatcher, person, stdin=io.StringIO(message + "\n"), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "person, transcript", [("schmidt", MEMBER), ("rossi", LEAD), ("mueller", CHAIR)], ids=["member", "lead", "chair"]
)
async def test_the_issues_examples_in_the_console(
    dispatcher: Dispatcher, person: str, transcript: list[tuple[str, str]]
) -> None:
    for message, expected in transcript:
        answer = await console(dispatcher, person, message)
        assert expected in answer, f"{message!r} → {answer[:300]!r}"
