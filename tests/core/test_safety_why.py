"""A step's why names only safety facts that were raised: "crisis not raised" is no
reason a person needs to read under a step, and names a crisis for no cause."""

from __future__ import annotations

from pathlib import Path

from readiness.core.loader import load_quiz
from readiness.core.scoring import SafetyState, evaluate

QUIZ = """\
format: 1
id: why-safety
title: Why safety
summary: A step that reads the safety check.
dimensions:
  - id: r
    label: R
    bands:
      - {id: all, max: 100, label: All}
questions:
  - id: ready
    type: choice
    text: Ready?
    options:
      - {id: "yes", label: "Yes", scores: {r: 1}}
next_steps:
  - id: support
    title: Support for you
    body: Someone to talk to.
    when: "safety.concern and not safety.crisis"
  - id: calm
    title: Calm
    body: Nothing raised.
    when: "not safety.unsure and answer.ready == 'yes'"
"""


def test_only_raised_safety_facts_are_reasons(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(QUIZ, encoding="utf-8")
    quiz = load_quiz(path)

    concern = evaluate(quiz, {"ready": "yes"}, SafetyState(concern=True)).next_steps
    assert [(s.id, s.why) for s in concern] == [
        ("support", ["Safety check: concern raised"]),
        ("calm", ["Ready?: Yes"]),
    ]
    unsure = evaluate(quiz, {"ready": "yes"}, SafetyState(unsure=True, concern=True)).next_steps
    assert [(s.id, s.why) for s in unsure] == [("support", ["Safety check: concern raised"])]
