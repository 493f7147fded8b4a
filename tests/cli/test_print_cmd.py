"""`readiness print QUIZ --to FILE.html`: a blank questionnaire, written only where and as asked."""

from __future__ import annotations

import html
import stat
from pathlib import Path
from typing import Any

import pytest

from readiness import cli
from readiness.core.loader import load_quiz
from support.inert import assert_inert
from support.paths import REPO

QUIZ = REPO / "quizzes" / "therapy-readiness.yaml"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("reference", ["therapy-readiness", str(QUIZ)])
def test_print_writes_every_question_privately(reference: str, tmp_path: Path, capsys: Any) -> None:
    target = tmp_path / "q.html"
    code, out, err = run(["print", reference, "--to", str(target)], capsys)
    assert code == 0, err
    assert "Wrote" in out and str(target) in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    assert_inert(page)
    quiz = load_quiz(QUIZ)
    for number, question in enumerate(quiz.questions, 1):
        assert f"{number}. {html.escape(question.text)}" in page
    assert page.count('class="question"') == len(quiz.questions)


def test_print_into_a_folder_names_the_file_after_the_quiz(tmp_path: Path, capsys: Any) -> None:
    code, _, err = run(["print", "boundary-needs", "--to", str(tmp_path)], capsys)
    assert code == 0, err
    assert (tmp_path / "boundary-needs-questionnaire.html").is_file()


@pytest.mark.parametrize("name", ["q.pdf", "q.md", "q"])
def test_print_refuses_anything_but_html(name: str, tmp_path: Path, capsys: Any) -> None:
    code, out, err = run(["print", "therapy-readiness", "--to", str(tmp_path / name)], capsys)
    assert code == 2 and not out
    assert ".html" in err and "Traceback" not in err
    assert not (tmp_path / name).exists()


def test_print_an_unknown_quiz_says_did_you_mean(tmp_path: Path, capsys: Any) -> None:
    code, _, err = run(["print", "therapy-readines", "--to", str(tmp_path / "q.html")], capsys)
    assert code == 1 and "did you mean 'therapy-readiness'?" in err
    assert not (tmp_path / "q.html").exists()


def test_print_never_replaces_a_different_file_without_force(tmp_path: Path, capsys: Any) -> None:
    target = tmp_path / "q.html"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run(["print", "therapy-readiness", "--to", str(target)], capsys)
    assert code == 1 and "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "mine"
    code, _, err = run(["print", "therapy-readiness", "--to", str(target), "--force"], capsys)
    assert code == 0, err
    assert "<!DOCTYPE html>" in target.read_text(encoding="utf-8")
    # the same page again is no conflict
    assert run(["print", "therapy-readiness", "--to", str(target)], capsys)[0] == 0


def test_print_into_a_missing_folder_is_one_line(tmp_path: Path, capsys: Any) -> None:
    code, _, err = run(
        ["print", "therapy-readiness", "--to", str(tmp_path / "no" / "q.html")], capsys
    )
    assert code == 1 and "does not exist" in err and "Traceback" not in err


def test_print_takes_the_global_flags_after_it(tmp_path: Path, capsys: Any) -> None:
    code, _, err = run(
        ["print", "therapy-readiness", "--to", str(tmp_path / "q.html"), "--private"], capsys
    )
    assert code == 0, err
