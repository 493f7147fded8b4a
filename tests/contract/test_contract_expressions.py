"""Contract, "Expressions" as quizzes use them: none semantics, flags, literals, functions."""

from __future__ import annotations

import pytest
from contractlib import (
    choice_q,
    dim,
    multi_q,
    opt,
    quiz_dict,
    run,
    scale,
    scale_q,
    step,
    text_q,
)

PERCENT = {"s": scale(values=list(range(101)))}
QUESTIONS = [
    scale_q("q", {"d": 1}),  # d = the answer; e is never scored (none)
    choice_q("c", [opt("yes", "Yes"), opt("no", "No")], required=False),
    multi_q("m", [opt("a"), opt("b")], required=False),
    text_q("t"),
]
ANSWERS = {"q": 40, "c": "yes", "m": ["a"], "t": "hello"}


def holds(
    expression: str, answers: dict | None = None, *, flags: dict | None = None, **safety
) -> bool:
    d = quiz_dict(
        QUESTIONS,
        dimensions=[dim("d"), dim("e")],
        scales=PERCENT,
        flags=flags,
        next_steps=[step("probe", when=expression)],
    )
    result = run(d, ANSWERS if answers is None else answers, **safety)
    return [s.id for s in result.next_steps] == ["probe"]


@pytest.mark.parametrize(
    "expression",
    [
        "score.e < 50",
        "score.e <= 100",
        "score.e > 0",
        "score.e >= 0",
        "0 <= score.e",
        "score.e == 0",
        "band.e == 'low'",
        "score.e",  # none is falsy
        "score.e + 1 == 1",
        "'a' in answer.m and 'b' in answer.m",
        "score.d / 0 == 0",
        "answer.c == 'no'",
        "count(answer.m) == 2",
        "min(score.e) == 0",
    ],
)
def test_none_semantics_false(expression):
    assert not holds(expression)


@pytest.mark.parametrize(
    "expression",
    [
        "not (score.e < 50)",  # ordering with none is false, so its negation holds
        "not (score.e >= 50)",
        "score.e == none",
        "score.e == None",
        "not (score.e != none)",
        "band.e == none",
        "score.e + 1 == none",  # arithmetic with none gives none
        "-score.e == none",
        "score.d / 0 == none",  # division by zero gives none
        "score.d * 2 == 80",
        "score.d / 3 > 13.3",
        "score.d >= 39.5",
        "30 <= score.d < 50",  # chains
        "min(score.d, score.e) == 40",  # min/max skip none
        "max(score.e, score.d, 7) == 40",
        "max(score.e) == none",  # ... and give none when all are none
        "count(answer.m) == 1",
        "answer.t == 'hello'",
        "answer.c in ['yes', 'no']",
        "answer.c not in ['no']",
        "'a' in answer.m",
        "'b' not in answer.m",
        "true",
        "True and not false",
        "none == None",
    ],
)
def test_none_semantics_and_operators_true(expression):
    assert holds(expression)


def test_unanswered_answers_are_none():
    answers = {"q": 40}
    assert holds("answer.c == none and answer.m == none and answer.t == none", answers)
    assert holds("count(answer.m) == 0", answers)
    assert not holds("'a' in answer.m", answers)  # x in none is false
    assert holds("'a' not in answer.m", answers)


def test_empty_multi_is_an_empty_list_not_none():
    answers = {"q": 40, "m": []}
    assert holds("answer.m != none and count(answer.m) == 0", answers)


def test_scale_answer_is_the_value_before_reversal():
    d = quiz_dict(
        [scale_q("r", {"d": 1}, reverse=True)],
        next_steps=[step("probe", when="answer.r == 2 and score.d == 75")],
    )
    assert [s.id for s in run(d, {"r": 2}).next_steps] == ["probe"]


def test_flags_are_evaluated_and_reported_in_file_order():
    flags = {"zeta": "score.d >= 40", "alpha": "score.d < 40", "mid": "score.e == none"}
    d = quiz_dict(QUESTIONS, dimensions=[dim("d"), dim("e")], scales=PERCENT, flags=flags)
    record = run(d, ANSWERS).to_record()
    assert record["flags"] == {"zeta": True, "alpha": False, "mid": True}
    assert list(record["flags"]) == ["zeta", "alpha", "mid"]


def test_flags_may_refer_to_flags_declared_later_or_earlier():
    flags = {
        "both": "flag.high and flag.said_yes",
        "high": "score.d >= 40",
        "said_yes": "answer.c == 'yes'",
    }
    assert holds("flag.both", flags=flags)
    assert not holds("flag.both", {**ANSWERS, "c": "no"}, flags=flags)
    d = quiz_dict(QUESTIONS, dimensions=[dim("d"), dim("e")], scales=PERCENT, flags=flags)
    assert run(d, ANSWERS).to_record()["flags"] == {"both": True, "high": True, "said_yes": True}


def test_a_flag_over_none_is_false_not_an_error():
    flags = {"low_e": "score.e < 30"}
    d = quiz_dict(QUESTIONS, dimensions=[dim("d"), dim("e")], scales=PERCENT, flags=flags)
    assert run(d, ANSWERS).to_record()["flags"] == {"low_e": False}


def test_safety_names_are_false_unless_set():
    assert not holds("safety.concern or safety.crisis")
    assert holds("safety.concern and not safety.crisis", concern=True)
    assert holds("safety.crisis", crisis=True)


def test_yaml_12_booleans_option_yes_is_a_string():
    # `yes` is a plain string in YAML 1.2: an option can be called yes and compared with it.
    text = """\
format: 1
id: yes-no
title: Yes and no
summary: Options called yes and no.
dimensions:
  - id: d
    label: D
    bands: [{id: all, max: 100, label: All}]
questions:
  - id: agreed
    type: choice
    text: Did you agree?
    options:
      - {id: yes, label: "Yes", scores: {d: 1}}
      - {id: no, label: "No", scores: {d: 0}}
      - {id: off, label: "Off"}
next_steps:
  - id: agreed-step
    title: Agreed
    body: B
    when: "answer.agreed == 'yes'"
"""
    from contractlib import load

    quiz = load(text)
    assert [o.id for o in quiz.questions[0].options] == ["yes", "no", "off"]
    result = run(quiz, {"agreed": "yes"})
    assert [s.id for s in result.next_steps] == ["agreed-step"]
    assert result.to_record()["answers"] == {"agreed": "yes"}
