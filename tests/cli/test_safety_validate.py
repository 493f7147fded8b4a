"""`validate` warns an author that steps and flags using the safety check are never saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.cli import main
from support.paths import FIXTURES

FIXTURE = FIXTURES / "safety_joint.yaml"


def test_a_step_that_uses_safety_is_a_located_warning_and_the_file_stays_valid(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["validate", str(FIXTURE)])
    out, err = capsys.readouterr()
    assert code == 0
    assert "ok (partner-steps" in out
    lines = [line for line in err.splitlines() if "warning:" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{FIXTURE}:")
    assert "next step 'author-concern' depends on the safety check" in lines[0]
    assert "never saved" in lines[0]


def test_a_flag_through_another_flag_is_warned_about_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "next_steps:\n",
        'flags:\n  raised: "safety.unsure or safety.crisis"\n  raised_and_ready: "flag.raised and answer.ready == \'yes\'"\n'
        "  plain: \"answer.ready == 'yes'\"\n\nnext_steps:\n",
        1,
    )
    quiz = tmp_path / "q.yaml"
    quiz.write_text(text, encoding="utf-8")
    assert main(["validate", str(quiz)]) == 0
    err = capsys.readouterr().err
    # Never saved by design, not a mistake: a note, which nothing counts as a warning.
    assert ": note: flag 'raised' depends on the safety check" in err
    assert ": note: flag 'raised_and_ready' depends on the safety check" in err
    assert "flag 'plain'" not in err
    # The step in the fixture reads safety.concern but not safety.crisis: that stays a warning.
    assert ": warning: next step 'author-concern' depends on the safety check" in err


def test_a_step_guarded_against_a_crisis_is_a_note_that_add_and_list_do_not_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert 'when: "safety.concern"' in text
    text = text.replace('when: "safety.concern"', 'when: "safety.concern and not safety.crisis"')
    quiz = tmp_path / "q.yaml"
    quiz.write_text(text, encoding="utf-8")
    assert main(["validate", str(quiz)]) == 0
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if "author-concern" in line]
    assert line.startswith(f"{quiz}:") and ": note: next step 'author-concern'" in line
    assert "never saved" in line and ": warning: " not in err

    assert main(["add", str(quiz)]) == 0
    out, err = capsys.readouterr()
    assert "Added" in out + err
    assert "warning" not in err and "--force" not in err and "note" not in err
    assert main(["list", "--json"]) == 0
    (entry,) = [
        e for e in json.loads(capsys.readouterr().out)["quizzes"] if e["id"] == "partner-steps"
    ]
    assert entry["warnings"] == 0 and entry["first_warning"] is None


def test_safety_in_a_quiz_that_never_asks_the_check_is_a_warning_that_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    text = (
        text.replace("safety_check: true", "safety_check: false")
        if "safety_check: true" in text
        else (text.replace("\nquestions:", "\nsafety_check: false\n\nquestions:", 1))
    )
    quiz = tmp_path / "q.yaml"
    quiz.write_text(text, encoding="utf-8")
    assert main(["validate", str(quiz)]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "warning:" in line]
    assert len(lines) == 1 and lines[0].startswith(f"{quiz}:")
    assert "sets safety_check: false, so the check is never asked for it" in lines[0]
    assert "set safety_check: true, or leave safety.* out" in lines[0]
