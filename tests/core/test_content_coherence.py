"""The steps a person is shown agree with each other.

A list that says "let the subject rest" and then "suggest a book" contradicts
itself, and so does one that calls the person "weighing things up" beside
"ready to act", or offers the same free short call twice. The table below
names a few kinds of step (by tag, by id, or by a phrase in the body, so a new
step that uses the phrase is checked too) and which kinds never share a list.
Hypothesis then tries many random answer sets for every built-in quiz.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.core.loader import load_quiz
from readiness.core.model import NextStep, Quiz
from readiness.core.scoring import SafetyState, evaluate
from support.paths import REPO

QUIZ_IDS = ("therapy-readiness", "boundary-needs", "deal-breakers")


@dataclass(frozen=True)
class Kind:
    """How a step of this kind is recognised: any tag, any id, or any phrase in its body."""

    tags: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()

    def matches(self, step: NextStep) -> bool:
        body = " ".join(step.body.split()).lower()
        return (
            any(t in step.tags for t in self.tags)
            or step.id in self.ids
            or any(re.search(p, body) for p in self.phrases)
        )


KINDS: dict[str, Kind] = {
    # asks the partner for something / asks the person to let the subject rest
    "pitch": Kind(tags=("pitch",)),
    "rest": Kind(tags=("rest",), phrases=(r"let (the subject( of therapy)?|it) rest",)),
    # words about where the person stands
    "considering wording": Kind(
        phrases=(r"weighing (things|it) up", r"wondering stage", r"no need to decide")
    ),
    "ready wording": Kind(phrases=(r"you're ready", r"ready to act")),
    # offers of which one is enough
    "short call": Kind(phrases=(r"short call", r"free call", r"15-minute call")),
    "one-session offer": Kind(phrases=(r"\bone session\b", r"single session", r"trial session")),
    "pause signal": Kind(phrases=(r"signal word",)),
    "time limit on talks": Kind(phrases=(r"thirty minutes", r"half an hour")),
    "barrier conversation": Kind(tags=("barrier-talk",)),
    # when limits are pushed past, nothing is to be said to the partner
    "limits pushed past": Kind(ids=("control-not-care",)),
    "joint": Kind(tags=("joint",)),
}

NEVER_TOGETHER: list[tuple[str, str]] = [
    ("rest", "pitch"),
    ("considering wording", "ready wording"),
    ("limits pushed past", "joint"),
]

# A step that is itself a rest step may mention the smaller asks that can come
# back "in a few months"; every other kind here appears at most once in a list.
ONE_OF_A_KIND = [
    "short call",
    "one-session offer",
    "pause signal",
    "time limit on talks",
    "barrier conversation",
]


def quiz(quiz_id: str) -> Quiz:
    return load_quiz(REPO / "quizzes" / f"{quiz_id}.yaml")


def kinds_of(step: NextStep) -> set[str]:
    return {name for name, kind in KINDS.items() if kind.matches(step)}


def contradictions(steps: list[NextStep]) -> list[str]:
    """Every broken rule of the table, in words, for one shown list."""
    found: list[str] = []
    kinds = {step.id: kinds_of(step) for step in steps}
    for a, b in NEVER_TOGETHER:
        with_a = [s for s, k in kinds.items() if a in k]
        with_b = [s for s, k in kinds.items() if b in k and s not in with_a]
        if with_a and with_b:
            found.append(f"{a} {with_a} beside {b} {with_b}")
    for name in ONE_OF_A_KIND:
        same = [s for s, k in kinds.items() if name in k and "rest" not in k]
        if len(same) > 1:
            found.append(f"two {name} steps {same}")
    return found


def shown_steps(q: Quiz, answers: dict[str, Any], safety: SafetyState) -> list[NextStep]:
    by_id = {s.id: s for s in q.next_steps}
    return [by_id[s.id] for s in evaluate(q, answers, safety).next_steps]


def answers_for(q: Quiz) -> st.SearchStrategy[dict[str, Any]]:
    """Random valid answers for every question, optional ones sometimes left out."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for question in q.questions:
        if question.type == "scale":
            choice: st.SearchStrategy[Any] = st.sampled_from(
                [p.value for p in q.scales[question.scale]]
            )
        elif question.type == "choice":
            choice = st.sampled_from([o.id for o in question.options])
        elif question.type == "multi":
            choice = st.lists(st.sampled_from([o.id for o in question.options]), unique=True)
        else:
            choice = st.just("")
        fields[question.id] = choice if question.is_required else st.one_of(st.none(), choice)
    return st.fixed_dictionaries(fields).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


SAFETY_STATES = {
    "none": SafetyState(),
    "concern": SafetyState(concern=True),
    "unsure": SafetyState(unsure=True),
    "crisis": SafetyState(crisis=True),
}


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
@pytest.mark.parametrize("safety", list(SAFETY_STATES))
def test_no_shown_list_contradicts_itself(quiz_id: str, safety: str) -> None:
    q = quiz(quiz_id)

    @settings(
        max_examples=400 if safety == "none" else 150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(answers_for(q))
    def check(answers: dict[str, Any]) -> None:
        steps = shown_steps(q, answers, SAFETY_STATES[safety])
        assert not contradictions(steps), (answers, [s.id for s in steps])

    check()


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_revealing_the_held_back_steps_keeps_the_list_coherent(quiz_id: str) -> None:
    """Under `unsure` one key adds the joint steps back: the page then holds both lists."""
    q = quiz(quiz_id)
    by_id = {s.id: s for s in q.next_steps}

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers_for(q))
    def check(answers: dict[str, Any]) -> None:
        result = evaluate(q, answers, SafetyState(unsure=True))
        steps = [by_id[s.id] for s in (*result.next_steps, *result.held_back)]
        assert not contradictions(steps), (answers, [s.id for s in steps])

    check()


# --- The table has teeth: it catches the lists the issue reported -----------------


def step(step_id: str, body: str, *tags: str) -> NextStep:
    return NextStep(id=step_id, title=step_id, body=body, tags=list(tags))


def test_the_table_catches_the_reported_contradictions() -> None:
    rest = step("reset", "This week and the next: let the subject rest.", "joint", "rest")
    book = step("book", "Suggest one book.", "joint", "pitch")
    assert contradictions([rest, book]) == ["rest ['reset'] beside pitch ['book']"]
    weighing = step("a", "You're weighing things up.")
    ready = step("b", "You're ready to act.")
    assert contradictions([weighing, ready])
    calls = [step("c", "Find a free short call."), step("d", "Many offer a short call first.")]
    assert contradictions(calls) == ["two short call steps ['c', 'd']"]
    assert not contradictions([weighing, book])


# --- Every kind in the table is used by the built-in quizzes ----------------------


def test_every_kind_in_the_table_names_some_built_in_step() -> None:
    steps = [s for qid in QUIZ_IDS for s in quiz(qid).next_steps]
    for name, kind in KINDS.items():
        assert any(kind.matches(s) for s in steps), f"kind {name!r} matches no step: fix the table"


def test_rest_steps_hide_every_pitch_and_pitches_are_joint() -> None:
    for quiz_id in QUIZ_IDS:
        for s in quiz(quiz_id).next_steps:
            if "rest" in s.tags:
                assert "pitch" in s.suppress, s.id
                assert "pitch" not in s.tags, s.id
            if "pitch" in s.tags:
                assert "joint" in s.tags, f"{s.id} asks the partner for something, so it is joint"
