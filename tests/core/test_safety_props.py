"""Safety holds in every case (issue 12): every built-in quiz, every safety state, any answers.

- no `joint` step is shown unless nothing was raised (under unsure they are only held back,
  for the app to offer behind one key), and a crisis shows at most two steps;
- the crisis card leads under a crisis, and a support card shows under unsure and concern;
- joint dimensions are held back whenever anything was raised;
- what a save writes never depends on the safety check: no flag, step or reason that uses
  `safety.*` (directly or through a flag), the same bytes after a concern, a crisis or a
  decline, and every part it shares with a run that raised nothing is byte-identical.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.core.loader import load_quiz, load_quiz_text
from readiness.core.model import Quiz
from readiness.core.nextsteps import CRISIS_MAX_STEPS, JOINT_TAG
from readiness.core.report import to_markdown
from readiness.core.safekeep import safety_dependent
from readiness.core.safety import (
    card_plan,
    is_joint,
    load_resources,
    saved_view,
    shown_dimensions,
    shown_view,
)
from readiness.core.scoring import SafetyState, evaluate
from readiness.core.yamlsafe import read_yaml
from support.paths import REPO

QUIZ_IDS = ("therapy-readiness", "boundary-needs", "deal-breakers")
WHEN = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
NONE = SafetyState()
STATES = {
    "none": NONE,
    "unsure": SafetyState(unsure=True),
    "concern": SafetyState(concern=True),
    "crisis": SafetyState(crisis=True),
    "concern+crisis": SafetyState(concern=True, crisis=True),
}
HELD = [name for name in STATES if name != "none"]
RECORD_KEYS = ["quiz", "taken_at", "dimensions", "flags", "next_steps", "answers"]


def _with_safety_steps(text: str) -> str:
    """The quiz as an author might extend it: a flag and two steps that use the safety check,
    one through the flag, one that suppresses every joint step."""
    data = read_yaml(text, "<quiz>", places=False).data  # the project's YAML (`No` stays text)
    data.setdefault("flags", {})
    data["flags"]["check_raised"] = "safety.concern or safety.unsure or safety.crisis"
    data["flags"]["check_raised_twice"] = "flag.check_raised and true"
    data["next_steps"] = [
        {
            "id": "author-safety",
            "title": "Author's own safety step",
            "when": "flag.check_raised_twice",
            "priority": 1000,
            "suppress": [JOINT_TAG],
            "body": "Only when the check raised something.",
        },
        {
            "id": "author-not-raised",
            "title": "Author's step for nothing raised",
            "when": "not safety.concern",
            "priority": 999,
            "body": "Only when no concern was raised.",
        },
        *data["next_steps"],
    ]
    return json.dumps(data)  # JSON is YAML


_QUIZZES: dict[tuple[str, bool], Quiz] = {}


def quiz(quiz_id: str, extended: bool = False) -> Quiz:
    key = (quiz_id, extended)
    if key not in _QUIZZES:
        path = REPO / "quizzes" / f"{quiz_id}.yaml"
        _QUIZZES[key] = (
            load_quiz_text(_with_safety_steps(path.read_text(encoding="utf-8")), str(path))
            if extended
            else load_quiz(path)
        )
    return _QUIZZES[key]


def answers_for(q: Quiz) -> st.SearchStrategy[dict[str, Any]]:
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
            choice = st.text(max_size=20)
        fields[question.id] = st.one_of(st.none(), choice)
    return st.fixed_dictionaries(fields).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


def saved_files(q: Quiz, answers: dict[str, Any], state: SafetyState) -> tuple[str, str]:
    """(record JSON, Markdown summary) exactly as a save would write them."""
    kept = saved_view(evaluate(q, answers, state, taken_at=WHEN))
    return json.dumps(kept.to_record(), indent=2, ensure_ascii=False), to_markdown(kept)


def test_the_property_quizzes_are_the_built_in_ones() -> None:
    listed = sorted(p.stem for p in (REPO / "quizzes").glob("*.yaml"))
    assert listed == sorted(QUIZ_IDS)


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
@pytest.mark.parametrize("extended", [False, True], ids=["as-shipped", "with-author-safety-steps"])
def test_safety_holds_for_every_state_and_any_answers(quiz_id: str, extended: bool) -> None:
    q = quiz(quiz_id, extended)
    joint_steps = {s.id for s in q.next_steps if JOINT_TAG in s.tags}
    joint_dims = {d.id for d in q.dimensions if is_joint(d)}
    joint_labels = tuple(f"{d.label}:" for d in q.dimensions if is_joint(d))
    tainted_flags, tainted_steps = safety_dependent(q.compiled.flags, q.compiled.when)
    if extended:
        assert tainted_flags == {"check_raised", "check_raised_twice"}
        assert tainted_steps == {"author-safety", "author-not-raised"}
    resources = {
        lang: load_resources({"LANG": lang}) for lang in ("en_US.UTF-8", "en_GB.UTF-8", "C")
    }

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers_for(q))
    def check(answers: dict[str, Any]) -> None:
        saved = {}
        for name, state in STATES.items():
            result = evaluate(q, answers, state, taken_at=WHEN)
            shown_ids = [s.id for s in result.next_steps]
            # 1. joint steps only when nothing was raised; under unsure they wait behind a key
            if name != "none":
                assert not joint_steps.intersection(shown_ids), (name, shown_ids)
                assert all(JOINT_TAG in s.tags for s in result.held_back)
                assert not {d.id for d in shown_dimensions(result)} & joint_dims
            else:
                assert result.held_back == []
                assert [d.id for d in shown_dimensions(result)] == [d.id for d in result.dimensions]
            if state.crisis:
                assert len(shown_ids) <= CRISIS_MAX_STEPS
            # 2. the cards: crisis first under a crisis, a support card under unsure and concern
            for res in resources.values():
                plan = card_plan(state, res)
                kinds = [p.kind for p in plan]
                if state.crisis:
                    assert kinds[0] == "crisis"
                    assert plan[0].lines and all(ln.kind != "abuse" for ln in plan[0].lines)
                if state.concern:
                    assert "safety" in kinds
                if state.unsure:
                    assert "unsure" in kinds
                if name == "none":
                    assert plan == []
                listed = [ln.name for p in plan for ln in p.lines]
                assert len(listed) == len(set(listed)), "each line listed once"
            # 3. what a save writes
            record, summary = saved_files(q, answers, state)
            parsed = json.loads(record)
            assert list(parsed) == RECORD_KEYS
            assert not set(parsed["flags"]) & tainted_flags
            assert not {s["id"] for s in parsed["next_steps"]} & tainted_steps
            assert "Safety check" not in record and "Safety check" not in summary
            assert "Author's" not in summary
            if name != "none":  # a held-back dimension is not cited as a reason either
                cited = [w for step in parsed["next_steps"] for w in step["why"]]
                assert not [w for w in cited if w.startswith(joint_labels)], cited
                shown_why = [w for step in shown_view(result).next_steps for w in step.why]
                assert not [w for w in shown_why if w.startswith(joint_labels)], shown_why
            saved[name] = (parsed, record, summary)
        # after a concern, a crisis or a decline: the very same bytes
        first = saved[HELD[0]]
        for name in HELD[1:]:
            assert saved[name][1:] == first[1:], name
        # and every part shared with a run that raised nothing is byte-identical
        calm, held = saved["none"][0], first[0]
        assert calm["flags"] == held["flags"]
        assert calm["answers"] == held["answers"]
        calm_dims = {d["id"]: d for d in calm["dimensions"]}
        assert [d["id"] for d in held["dimensions"]] == [
            i for i in calm_dims if i not in joint_dims
        ]
        assert all(d == calm_dims[d["id"]] for d in held["dimensions"])
        calm_steps = {s["id"]: s for s in calm["next_steps"]}
        for step in held["next_steps"]:
            if step["id"] in calm_steps:  # the same step, but never citing a held-back dimension
                calm_step = dict(calm_steps[step["id"]])
                calm_step["why"] = [w for w in calm_step["why"] if not w.startswith(joint_labels)]
                assert step == calm_step

    check()


def test_a_concern_changes_nothing_on_disk_that_a_quiz_without_joint_parts_would_show() -> None:
    """Where a quiz has no joint step or dimension, a save after a concern is byte-identical
    to a save after nothing was raised, even with the author's own safety steps."""
    path = REPO / "quizzes" / "therapy-readiness.yaml"
    data = json.loads(_with_safety_steps(path.read_text(encoding="utf-8")))
    for step in data["next_steps"]:
        step["tags"] = [t for t in step.get("tags", []) if t != JOINT_TAG]
        step["suppress"] = [t for t in step.get("suppress", []) if t != JOINT_TAG]
    for dim in data["dimensions"]:
        dim.pop("tags", None)
    q = load_quiz_text(json.dumps(data), str(path))

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers_for(q))
    def check(answers: dict[str, Any]) -> None:
        calm = saved_files(q, answers, NONE)
        for state in STATES.values():
            assert saved_files(q, answers, state) == calm

    check()
