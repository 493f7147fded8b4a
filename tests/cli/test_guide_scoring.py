"""The guide's "How scoring works" example is what `take` computes for the starter quiz."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.core.starter import starter_quiz
from support.paths import REPO

GUIDE = REPO / "src" / "readiness" / "data" / "authoring.md"


def sums(tmp_path: Path, capsys: pytest.CaptureFixture[str], answers: str) -> tuple[int, ...]:
    quiz, given = tmp_path / "my-check-in.yaml", tmp_path / "answers.yaml"
    quiz.write_text(starter_quiz("my-check-in"), encoding="utf-8")
    given.write_text(answers, encoding="utf-8")
    assert main(["take", str(quiz), "--answers", str(given), "--format", "json"]) == 0
    (dim,) = json.loads(capsys.readouterr().out)["dimensions"]
    return dim["raw"], dim["min"], dim["max"], dim["score"]


def test_the_worked_example_and_its_hidden_variant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split("## How scoring works", 1)[1].split("\n## ", 1)[0]
    answers = "talk_openly: 2\nweekly_time: lots\nworries: [cost, judged]\n"
    assert answers in section
    assert sums(tmp_path, capsys, answers) == (3, -1, 8, 44)
    assert "| sum | 3 | −1 | 8 |" in section and "so **44**" in section
    hidden = sums(tmp_path, capsys, "talk_openly: 2\nweekly_time: none\n")
    assert hidden == (2, 1, 8, 14)
    assert "points 2 + 0 = 2, least 1 + 0 = 1" in section and "so 14 (`low`)" in section


def test_the_contents_link_to_scoring_has_a_section() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert "(#how-scoring-works)" in guide and "\n## How scoring works\n" in guide
    assert "../../../docs/format.md" not in guide  # no link an installed package cannot follow
