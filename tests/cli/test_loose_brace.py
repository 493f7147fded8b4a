"""A plain (unquoted) text that ends in a '}' or ']' it never opened is warned about, at the
brace: valid YAML, but most likely a leftover of {...}, which people would otherwise see."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli import main
from readiness.core.loader import load_quiz_text, quiz_warnings

QUIZ = """\
format: 1
id: brace
title: Brace
summary: s
dimensions:
  - id: r
    label: R
    bands:
      - {id: all, max: 100, label: All}
questions:
  - id: ready
    short: Knowing what you want}
    type: choice
    text: "Ready?}"
    help: a [note] and {this}
    options:
      - {id: "yes", label: "Yes", scores: {r: 1}}
      - {id: "no", label: "No", scores: {r: 0}}
next_steps:
  - id: always
    title: Always]
    body: b
    tags:
      - x}
"""


def test_each_loose_closer_is_a_warning_at_the_brace_and_the_file_stays_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quiz = tmp_path / "q.yaml"
    quiz.write_text(QUIZ, encoding="utf-8")
    assert main(["validate", str(quiz)]) == 0
    out, err = capsys.readouterr()
    assert "ok (brace" in out
    lines = [line[len(str(quiz)) :] for line in err.splitlines()]
    assert [line.split(": warning: ")[0] for line in lines] == [":12:33", ":21:18", ":24:10"]
    assert lines[0].endswith(
        "this text ends in a '}' that nothing in it opens: it looks like a leftover of {...}, "
        "and people would see it as part of the text; remove it, or put the whole text in "
        "quotes if it is meant"
    )
    assert "a ']' that nothing in it opens" in lines[1] and "leftover of [...]" in lines[1]


@pytest.mark.parametrize(
    "line",
    [
        '    short: "Knowing what you want}"',  # quoted: meant
        "    short: Knowing {what} you want",  # opened and closed
        "    short: a [b]",
        "    short: |\n      Knowing what you want}",  # a block: written as meant
    ],
)
def test_quoted_balanced_or_block_text_is_silent(line: str) -> None:
    text = QUIZ.replace("    short: Knowing what you want}", line)
    text = text.replace("Always]", "Always").replace("- x}", "- x")
    assert quiz_warnings(load_quiz_text(text, "q.yaml")) == []


def test_a_broken_file_reports_its_errors_alone() -> None:
    from readiness.core.problems import QuizFileError

    with pytest.raises(QuizFileError) as caught:
        load_quiz_text(QUIZ.replace("format: 1", "format: 2"), "q.yaml")
    assert all(p.severity == "error" for p in caught.value.problems)
