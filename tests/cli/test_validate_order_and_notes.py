"""What `validate` says about a valid quiz comes sorted by line and column (as errors do),
and a step or flag that is only never saved, by design, is a note: shown, never counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli import main
from readiness.core.loader import load_quiz_text, quiz_warnings

QUIZ = """\
format: 1
id: ordered
title: Ordered
summary: Warnings found in one order, told in another.
safety_check: false
dimensions:
  - id: r
    label: R
    bands:
      - {id: low, max: 49, label: Low}
      - {id: high, max: 100, label: High}
flags:
  worried: "safety.concern"
questions:
  - id: ready
    type: choice
    text: Ready?
    options:
      - {id: "yes", label: "Yes", scores: {r: 1}}
      - {id: "no", label: "No", scores: {r: 0}}
next_steps:
  - id: later
    title: Later
    body: b
    when: "band.r > 'low'"
"""


def test_warnings_are_sorted_by_line_and_column_whatever_order_they_were_found_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quiz = tmp_path / "q.yaml"
    quiz.write_text(QUIZ, encoding="utf-8")
    assert main(["validate", str(quiz)]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    assert len(lines) == 2
    assert "flag 'worried'" in lines[0] and "band.r" in lines[1]  # line 13 before line 25
    places = [tuple(int(n) for n in line[len(str(quiz)) + 1 :].split(":")[:2]) for line in lines]
    assert places == sorted(places)


def test_the_list_of_a_quiz_is_in_the_same_order() -> None:
    found = quiz_warnings(load_quiz_text(QUIZ, "q.yaml"))
    assert [(w.line, w.col) for w in found] == sorted((w.line, w.col) for w in found)
    assert {w.severity for w in found} == {"warning"}


def test_a_flag_that_is_only_never_saved_is_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quiz = tmp_path / "q.yaml"
    quiz.write_text(QUIZ.replace("safety_check: false\n", ""), encoding="utf-8")
    assert main(["validate", str(quiz)]) == 0
    err = capsys.readouterr().err.splitlines()
    (note,) = [line for line in err if ": note: " in line]
    assert note.startswith(f"{quiz}:12:") and "flag 'worried'" in note and "never saved" in note
