"""The score details ("d") say in words what the numbers mean for each built-in dimension."""

from __future__ import annotations

import pytest

from readiness.core.loader import load_quiz
from readiness.core.report import score_meaning
from support.paths import REPO

QUIZZES = REPO / "quizzes"


def test_a_not_sure_that_counted_as_the_middle_is_named() -> None:
    quiz = load_quiz(QUIZZES / "therapy-readiness.yaml")
    words = score_meaning(
        quiz, {"own_willing": 3, "own_clear": 4, "partner_curious": "not_sure"}, "own_readiness"
    )
    assert (
        'Your "Not sure" counted as the middle of the scale for: Willing to talk with a therapist.'
        in words
    )
    assert "Clear about" not in words
    # the curiosity question's "Not sure" counts for nothing, so it is not said to count
    assert "curious" not in score_meaning(quiz, {"partner_curious": "not_sure"}, "partner_openness")


@pytest.mark.parametrize(
    ("quiz_id", "dim_id", "expected"),
    [
        ("therapy-readiness", "stigma", "Here, higher means more difficulty."),
        ("therapy-readiness", "partner_openness", "Higher is better here."),
        ("therapy-readiness", "own_readiness", "Higher or lower is neither good nor bad here."),
        ("boundary-needs", "holding", "Higher is better here."),
        ("deal-breakers", "future", "Here, higher means more difficulty."),
    ],
)
def test_every_score_says_which_way_is_better(quiz_id: str, dim_id: str, expected: str) -> None:
    assert score_meaning(load_quiz(QUIZZES / f"{quiz_id}.yaml"), {}, dim_id) == expected
