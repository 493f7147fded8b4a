"""`validate` warns about conditions that can never hold: the contract makes them valid
(so the file still loads and lists), but the author almost certainly meant something else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from readiness.core import checkhelper
from readiness.core.catalog import load_catalog
from readiness.core.loader import load_quiz, quiz_warnings
from readiness.core.quizcache import CachedOutcome, QuizCache, QuizInfo
from support.paths import REPO

FIXTURE = REPO / "tests" / "fixtures" / "contract.yaml"
WHEN = "    when: \"score.partner_openness >= 30 and band.own_readiness == 'high'\""


def with_when(tmp_path: Path, condition: str) -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    assert WHEN in text
    path = tmp_path / "quiz.yaml"
    path.write_text(text.replace(WHEN, f'    when: "{condition}"'), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "condition, words",
    [
        ("band.own_readiness >= 50", "compare score.own_readiness with a number"),
        ("band.own_readiness < 'mid'", "compare its letters, not its levels"),
        ("score.own_readiness == 'high'", "use band.own_readiness == 'high'"),
        ("band.own_readiness == 2", "to test the score, use score.own_readiness"),
        ("answer.partner_stance > 3", "answer.partner_stance is an option id"),
        ("answer.heard == 'broken'", "use 'broken' in answer.heard"),
        (
            "answer.open_to_talk == 7",
            "7 is not a value of the scale of answer.open_to_talk (values: 1, 2, 3, 4, 5)",
        ),
        (
            "answer.open_to_talk == 'agree'",
            "answer.open_to_talk holds a number and is compared with text",
        ),
        (
            "flag.leaning_out == 1",
            "flag.leaning_out holds true or false and is compared with a number",
        ),
        (
            "score.own_readiness >= 30 and 50 <= band.own_readiness",
            "band.own_readiness is a band id",
        ),
    ],
)
def test_a_condition_that_can_never_hold_is_a_located_warning(
    tmp_path: Path, condition: str, words: str
) -> None:
    path = with_when(tmp_path, condition)
    quiz = load_quiz(path)  # still a valid quiz
    warnings = quiz_warnings(quiz)
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.severity == "warning" and words in warning.message
    assert warning.line == 97 and warning.col > 11  # on the `when` line, at the name
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert f"{path}:97:{warning.col}: warning: in when: " in done.stderr
    assert done.stdout.strip().endswith("ok (therapy-readiness, 5 questions)")


@pytest.mark.parametrize(
    "condition",
    [
        "score.own_readiness >= 30 and band.own_readiness == 'high'",
        "answer.open_to_talk >= 4 or answer.open_to_talk == 5",
        "'broken' in answer.heard and count(answer.heard) >= 1",
        "answer.partner_stance in ['open', 'unsure'] and flag.leaning_out == false",
        "score.own_readiness == none or answer.hope != ''",
        "answer.open_to_talk == -1 + 2",  # not a literal: not judged
    ],
)
def test_conditions_that_can_hold_are_not_warned_about(tmp_path: Path, condition: str) -> None:
    assert quiz_warnings(load_quiz(with_when(tmp_path, condition))) == []


def test_the_shipped_quizzes_have_no_warnings() -> None:
    for path in sorted((REPO / "quizzes").glob("*.yaml")):
        assert quiz_warnings(load_quiz(path)) == [], path


def test_a_warning_survives_the_cache_and_the_helper(tmp_path: Path) -> None:
    path = with_when(tmp_path, "band.own_readiness >= 50")
    outcome, _ = checkhelper.check_one(path)
    assert outcome.info is not None and [p.severity for p in outcome.problems] == ["warning"]
    cache = QuizCache(write=True, location=tmp_path / "cache.json")
    cache.put(path, [1, 2], outcome)
    cache.save()
    assert QuizCache(location=tmp_path / "cache.json").get(path, [1, 2]) == outcome
    assert checkhelper._decode(checkhelper._encode(4, outcome).encode()) == (4, outcome)


def test_a_valid_file_said_to_have_an_error_is_not_believed() -> None:
    from readiness.core.problems import Problem

    odd = CachedOutcome(QuizInfo("x", "X", "", None, 1), [Problem("p", 1, 1, "boom")])
    with pytest.raises(ValueError):
        checkhelper._decode(checkhelper._encode(0, odd).encode())


def test_the_catalog_lists_a_quiz_with_warnings(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    with_when(folder, "band.own_readiness >= 50")
    catalog = load_catalog([folder], use_cache=False)
    assert catalog.broken == []
    assert any(e.path.parent == folder for e in catalog.entries)


def test_two_files_with_one_id_in_one_run_are_warned_about_at_the_id(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    source = (REPO / "quizzes" / "boundary-needs.yaml").read_text(encoding="utf-8")
    for name in ("a.yaml", "b.yaml"):
        (folder / name).write_text(source, encoding="utf-8")
    (folder / "c.yaml").write_text(
        source.replace("\nid: boundary-needs\n", "\nid: my-own\n", 1), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "validate", str(folder), str(folder / "a.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    warnings = [line for line in done.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        f"{folder / 'b.yaml'}:3:5: warning: the id 'boundary-needs' is also the id of {folder / 'a.yaml'}; "
        "in one catalog only one of them is listed (the later one), so give each quiz an id of its own"
    ]  # c.yaml has its own id, and a.yaml named twice is the same file
