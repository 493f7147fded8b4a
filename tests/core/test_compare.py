"""Two saved results of one quiz side by side: `core.compare` and `readiness compare`."""

from __future__ import annotations

from typing import Any

import pytest

from readiness.cli import main
from readiness.core import compare, records, store
from readiness.core.loader import load_quiz
from readiness.core.scoring import evaluate
from readiness.core.textsafe import has_unsafe
from support.paths import REPO
from support.records import make_record

QUIZ = REPO / "quizzes" / "boundary-needs.yaml"


class _Saved:
    """A result as the app saves it: the record, and the quiz it came from."""

    def __init__(self, quiz: Any, record: dict[str, Any]) -> None:
        self.quiz, self._record = quiz, record

    def to_record(self) -> dict[str, Any]:
        return self._record


def _save(quiz: Any, pick: Any, when: str) -> store.SavedPaths:
    answers = {
        q.id: pick(p.value for p in quiz.scales[q.scale])
        for q in quiz.questions
        if q.type == "scale"
    }
    record = evaluate(quiz, answers).to_record()
    record["taken_at"] = when
    return store.save_result(_Saved(quiz, record), "# saved\n")


def test_compare_says_which_way_each_dimension_moved(capsys: pytest.CaptureFixture[str]) -> None:
    quiz = load_quiz(QUIZ)
    later = _save(quiz, max, "2026-04-02T10:00:00+00:00")
    earlier = _save(quiz, min, "2026-03-03T10:00:00+00:00")
    # given later first: still shown earlier first
    assert main(["compare", later.id[-6:], earlier.id]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Boundary needs: 3 March and 2 April\n")
    assert "points harder" in out or "points easier" in out  # a strain dimension, in words
    assert out.count("█") > 0 and has_unsafe(out, multiline=True) is None
    for dim in quiz.dimensions:
        assert dim.label in out


def test_the_pairs_match_by_id_and_name_what_one_side_lacks() -> None:
    a = records.summary_from_record(
        {
            **make_record(taken_at="2026-03-03T12:00:00+00:00", scores={"own_readiness": 48}),
            "record_version": 1,
        },
        "a",
    )
    newer = make_record(taken_at="2026-05-01T12:00:00+00:00", scores={"own_readiness": 60})
    newer["dimensions"].append({"id": "new_one", "label": "Added later", "score": 10, "band": None})
    b = records.summary_from_record({**newer, "record_version": 1}, "b")
    result = compare.compare(b, a)
    assert (result.earlier.id, result.later.id) == ("a", "b")
    changes = {p.id: p.change for p in result.dimensions}
    assert changes["own_readiness"] == "12 higher"  # no direction saved: neutral words
    assert changes["new_one"] == "not in the earlier result"


def test_different_quizzes_or_the_same_id_are_one_line_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    a = store.save_result(make_record(), "# a\n")
    b = store.save_result(make_record("boundary-needs", title="Boundary needs"), "# b\n")
    assert main(["compare", a.id, b.id]) == 1
    err = capsys.readouterr().err
    assert "different quizzes" in err and err.count("\n") == 1
    assert main(["compare", a.id, a.id[-6:]]) == 1
    assert "same saved result" in capsys.readouterr().err
    assert main(["compare", a.id, "nope"]) == 1
    assert "No saved result" in capsys.readouterr().err


def test_the_apps_change_panel_says_which_way_is_better_too() -> None:
    """The saved-results panel uses the same words as `history` and `compare`."""
    from readiness.app.history_text import trend_text
    from readiness.core import history

    quiz = load_quiz(QUIZ)
    _save(quiz, min, "2026-03-03T10:00:00+00:00")
    _save(quiz, max, "2026-04-02T10:00:00+00:00")
    summaries, _ = store.list_saved()
    trend = history.changes_since_previous(summaries, quiz.id)
    text = trend_text(summaries[0], trend, 2, 2, 100)
    assert "points harder" in text and "higher" not in text
