"""The `joint` rule, checked on the text of every built-in step.

A step is `joint` when it asks the person to do anything *with* the partner, or
to say or show anything *to* them (docs/content.md). Joint steps are held back
when the safety check raises a concern, so a line addressed to the partner
inside a step that is not joint would reach exactly the person it could
endanger. The heuristics below look for such lines; every place where one
matches and a reviewer decided it is not addressed to the partner is listed in
EXCEPTIONS with the reason, and an exception that no longer matches fails too,
so the list stays honest.
"""

from __future__ import annotations

import re

import pytest

from readiness.core.loader import load_quiz
from readiness.core.model import NextStep, Quiz
from support.paths import REPO

QUIZ_IDS = ("therapy-readiness", "boundary-needs", "deal-breakers")

# A quoted sentence in a step is written *"like this"*. These lead-ins mark a
# sentence the person keeps for themself, which is never addressed to anyone.
FOR_YOURSELF = re.compile(
    r"(a sentence for yourself|a sentence to keep in mind|a question to keep with you)\s*:\s*$",
    re.IGNORECASE,
)
QUOTE = re.compile(r'\*"[^"]+"\*')

# Heuristics for a line addressed to the partner, or something done with them.
PARTNER_LINES: dict[str, re.Pattern[str]] = {
    "you might say": re.compile(r"\byou might say\b", re.IGNORECASE),
    "a sentence to try": re.compile(r"\bsentence to try\b", re.IGNORECASE),
    "suggest": re.compile(r"\bsuggest|\bpropose\b", re.IGNORECASE),
    "tell/ask/show your partner": re.compile(
        r"\b(tell|ask|show|explain to|offer|invite|remind|thank)\s+(your partner|them)\b",
        re.IGNORECASE,
    ),
    "say to your partner": re.compile(
        r"\b(say|mention|talk|speak|raise|share|send|text)\b[^.]{0,30}\b(to|with) your partner\b",
        re.IGNORECASE,
    ),
    "together": re.compile(r"\btogether\b|\bwith your partner\b|\bside by side\b", re.IGNORECASE),
    "when it comes up": re.compile(
        r"\bwhen it (next )?comes up\b|\bif you mention it\b", re.IGNORECASE
    ),
    "let your partner know": re.compile(r"\blet (your partner|them) know\b", re.IGNORECASE),
}

# (quiz, step, heuristic) -> why this match is not a line addressed to the partner.
EXCEPTIONS: dict[tuple[str, str, str], str] = {
    ("therapy-readiness", "reflect-and-read", "quoted speech"): (
        "an example of the question the person might one day bring to a therapist; said to no one"
    ),
    ("therapy-readiness", "talk-it-over", "quoted speech"): (
        "an opening line for a trusted friend or a counsellor, introduced as such"
    ),
    ("boundary-needs", "control-not-care", "quoted speech"): (
        "a first sentence for a confidential support line, never for the partner"
    ),
    ("deal-breakers", "your-wellbeing", "quoted speech"): (
        "introduced as 'You might say to a friend': addressed to a friend or relative"
    ),
    ("deal-breakers", "your-wellbeing", "you might say"): (
        "'You might say to a friend': the line is for a friend or relative"
    ),
    ("deal-breakers", "your-wellbeing", "together"): (
        "'Could we get together this week?' is in the line for a friend"
    ),
    ("deal-breakers", "individual-clarity", "quoted speech"): (
        "introduced as an opening for the person's own therapist"
    ),
    ("deal-breakers", "lean-on-people", "quoted speech"): (
        "a message to friends or relatives the person has drifted from"
    ),
    ("deal-breakers", "lean-on-people", "suggest"): (
        "proposes a call or a meal to friends or relatives, not to the partner"
    ),
}


def quiz(quiz_id: str) -> Quiz:
    return load_quiz(REPO / "quizzes" / f"{quiz_id}.yaml")


def partner_lines(step: NextStep) -> set[str]:
    """The names of the heuristics that match somewhere in the step's title or body."""
    text = " ".join(f"{step.title}\n{step.body}".split())
    found = {name for name, pattern in PARTNER_LINES.items() if pattern.search(text)}
    for match in QUOTE.finditer(text):
        if not FOR_YOURSELF.search(text[: match.start()]):
            found.add("quoted speech")
    return found


def solo_steps() -> list[tuple[str, NextStep]]:
    return [
        (qid, step) for qid in QUIZ_IDS for step in quiz(qid).next_steps if "joint" not in step.tags
    ]


@pytest.mark.parametrize(("quiz_id", "step"), solo_steps(), ids=lambda v: getattr(v, "id", v))
def test_a_step_that_is_not_joint_has_no_line_for_the_partner(quiz_id: str, step: NextStep) -> None:
    unexplained = {
        name for name in partner_lines(step) if (quiz_id, step.id, name) not in EXCEPTIONS
    }
    assert not unexplained, (
        f"{quiz_id}:{step.id} is not tagged joint but reads as addressed to the partner "
        f"({', '.join(sorted(unexplained))}): tag it joint, split the line into a joint step, or drop it"
    )


def test_every_exception_still_matches_and_gives_a_reason() -> None:
    steps = {(qid, s.id): s for qid in QUIZ_IDS for s in quiz(qid).next_steps}
    for (quiz_id, step_id, name), reason in EXCEPTIONS.items():
        step = steps.get((quiz_id, step_id))
        assert step is not None, (quiz_id, step_id)
        assert "joint" not in step.tags, f"{step_id} is joint now: drop its exception"
        assert name in partner_lines(step), f"stale exception {(quiz_id, step_id, name)}"
        assert len(reason) > 20


@pytest.mark.parametrize(
    "text, expected",
    [
        ('You might say: *"Could we try one session?"*', {"you might say", "quoted speech"}),
        ('A sentence for yourself: *"I can take my time."*', set()),
        ("When it next comes up, mention it lightly.", {"when it comes up"}),
        ("Gently suggest other sources of support.", {"suggest"}),
        ("Tell your partner at a calm time.", {"tell/ask/show your partner"}),
        ("Share the article with your partner.", {"say to your partner", "together"}),
        ("Read a chapter side by side.", {"together"}),
        ("Write one down privately.", set()),
    ],
)
def test_the_heuristics_catch_what_they_are_for(text: str, expected: set[str]) -> None:
    step = NextStep(id="x", title="A step", body=text)
    assert partner_lines(step) == expected


PHONE = re.compile(r"\d[\d ()-]{5,}\d")


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_steps_point_to_the_support_card_instead_of_numbers(quiz_id: str) -> None:
    """Numbers live in one place (resources.yaml, chosen by region); a step never repeats them."""
    for step in quiz(quiz_id).next_steps:
        assert not PHONE.search(step.body), step.id
        for fixed in ("Refuge", "(UK)", "(US)", "Hotline", "988"):
            assert fixed not in step.body, (step.id, fixed)


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_every_dimension_says_which_way_is_better(quiz_id: str) -> None:
    for dim in quiz(quiz_id).dimensions:
        assert dim.higher_is in {"better", "worse", "neutral"}, dim.id
        about = (dim.about or "").lower()
        assert "higher" in about, f"{dim.id}: the about should say what a higher score means"


def test_dimensions_about_what_happens_with_the_partner_are_joint() -> None:
    """Hidden under a safety concern: praise for how someone has persuaded their partner
    ("How you have been raising it"), and the partner's effort shown as a strength, which
    can play down what a frightened person is living with."""
    joint_dims = {
        (qid, d.id) for qid in QUIZ_IDS for d in quiz(qid).dimensions if "joint" in d.tags
    }
    assert joint_dims == {("therapy-readiness", "approach"), ("deal-breakers", "effort")}


def test_the_heuristics_would_catch_every_joint_step_that_lost_its_tag() -> None:
    """So the check above has teeth: each joint step reads as addressed to the partner."""
    for quiz_id in QUIZ_IDS:
        for step in quiz(quiz_id).next_steps:
            if "joint" in step.tags:
                assert partner_lines(step) - {"together"}, f"{quiz_id}:{step.id}"
