"""A dimension whose questions were all hidden says so, instead of reading as answers
the person left out; a dimension with answers that did not count keeps the contract's words."""

from __future__ import annotations

import asyncio

from readiness.core.loader import load_quiz, load_quiz_text
from readiness.core.report import NOT_ASKED, NOT_ENOUGH, to_markdown, to_text
from readiness.core.scoring import evaluate, unasked_dimensions, visible_questions
from support.paths import REPO

THERAPY = REPO / "quizzes" / "therapy-readiness.yaml"


def answered(quiz, first: dict) -> dict:
    """`first`, then the first choice (or the middle of the scale) for everything else shown."""
    answers = dict(first)
    for _ in range(5):
        for q in visible_questions(quiz, answers):
            if q.id in answers:
                continue
            choices = quiz.choices(q)
            if q.type == "scale":
                answers[q.id] = choices[len(choices) // 2][0]
            elif q.type == "choice":
                answers[q.id] = choices[0][0]
            else:
                answers[q.id] = [] if q.type == "multi" else ""
    return answers


def test_never_raising_it_leaves_the_raising_questions_out_and_says_so() -> None:
    quiz = load_quiz(THERAPY)
    result = evaluate(quiz, answered(quiz, {"own_stage": "thinking", "partner_stance": "not_yet"}))
    assert result.unasked == {"approach"}
    assert result.dimension("approach").score is None
    text = to_text(result)
    assert "How you have been raising it" in text and NOT_ASKED in text
    row = next(
        line
        for line in to_markdown(result).splitlines()
        if line.startswith("| How you have been raising it")
    )
    assert NOT_ASKED in row
    # The record keeps the contract's shape; rendered from it later, the contract's words.
    record = result.to_record()
    assert "unasked" not in str(record.keys())
    assert NOT_ASKED not in to_text(record) and NOT_ENOUGH in to_text(record)


def test_having_raised_it_the_raising_is_asked_and_scored() -> None:
    quiz = load_quiz(THERAPY)
    result = evaluate(quiz, answered(quiz, {"own_stage": "thinking", "partner_stance": "unsure"}))
    assert result.unasked == frozenset()
    assert result.dimension("approach").score is not None


QUIZ = """
format: 1
id: tiny
title: Tiny
summary: A tiny quiz.
scales:
  s: [{value: 1, label: One}, {value: 2, label: Two}]
dimensions:
  - {id: a, label: A, bands: [{id: x, max: 100, label: X}]}
  - {id: b, label: B, bands: [{id: x, max: 100, label: X}]}
  - {id: c, label: C, bands: [{id: x, max: 100, label: X}]}
questions:
  - id: gate
    type: choice
    text: Gate?
    options: [{id: yes, label: Yes, scores: {a: 1}}, {id: no, label: No, scores: {a: 0}}, {id: skip, label: Skip}]
  - {id: later, type: scale, scale: s, text: Later?, scores: {b: 1}, show_if: "answer.gate == 'yes'"}
next_steps:
  - {id: talk, title: Talk it over, body: Someone you trust can help.}
"""


def test_only_dimensions_with_questions_that_were_all_hidden_are_unasked() -> None:
    quiz = load_quiz_text(QUIZ)
    # `c` has no question at all, and `a` was asked (a "not applicable" answer): neither is unasked.
    assert unasked_dimensions(quiz, {"gate": "skip"}) == {"b"}
    assert unasked_dimensions(quiz, {"gate": "yes"}) == frozenset()
    result = evaluate(quiz, {"gate": "skip"})
    assert [d.score for d in result.dimensions] == [None, None, None]
    lines = to_text(result).splitlines()
    assert [NOT_ASKED in line for line in lines if line.startswith("  ") and "—" in line] == [
        False,
        True,
        False,
    ]


def test_the_results_screen_says_why_there_is_no_score() -> None:
    from readiness.app import build_app
    from readiness.app.results_screen import ResultsScreen
    from readiness.app.session import QuizRun
    from support.pilot import all_statics

    quiz = load_quiz(THERAPY)
    result = evaluate(quiz, answered(quiz, {"own_stage": "thinking", "partner_stance": "not_yet"}))

    async def run() -> str:
        app = build_app(quiz_path=THERAPY, private=True)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            app.push_screen(ResultsScreen(QuizRun(quiz), result))
            await pilot.pause()
            return all_statics(app)

    text = asyncio.run(run())
    assert "not enough answers (not asked this time)" in text


def test_a_saved_result_says_not_enough_answers_its_record_cannot_tell_unasked() -> None:
    """The saved record keeps the contract's fields only, so it cannot say "not asked this time";
    the shared result view says what the record can support."""
    from readiness.app.result_view import dimension_row
    from readiness.core.report import NOT_ENOUGH, unasked_of

    quiz = load_quiz(THERAPY)
    result = evaluate(quiz, answered(quiz, {"own_stage": "thinking", "partner_stance": "not_yet"}))
    assert result.unasked  # live, the screen says why (test above)
    record = result.to_record()
    assert unasked_of(record) == frozenset()
    none = [dim for dim in record["dimensions"] if dim["score"] is None]
    assert none
    from textual.screen import Screen

    from readiness.app import build_app

    class One(Screen[None]):
        def compose(self):
            yield from dimension_row(none[0], unasked_of(record))

    async def run() -> str:
        app = build_app(quiz_path=THERAPY, private=True)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            app.push_screen(One())
            await pilot.pause()
            return str(app.screen.query_one(".dim-bar").render())

    bar = asyncio.run(run())
    assert bar.endswith(NOT_ENOUGH) and NOT_ASKED not in bar
