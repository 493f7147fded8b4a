"""`readiness take QUIZ --answers FILE --explain`: why each next step did or did not show."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli import main
from readiness.core.explain import explain_steps
from readiness.core.loader import load_quiz, load_quiz_text
from readiness.core.scoring import evaluate
from support.paths import FIXTURES

CONTRACT = FIXTURES / "contract.yaml"


def take(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    answers: str,
    *extra: str,
    quiz: Path = CONTRACT,
) -> tuple[int, str, str]:
    file = tmp_path / "answers.yaml"
    file.write_text(answers, encoding="utf-8")
    code = main(["take", str(quiz), "--answers", str(file), "--explain", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def block(err: str, step_id: str) -> str:
    """The lines about one step."""
    start = err.index(f"- {step_id} (")
    end = err.find("\n\n", start)
    return err[start : end if end != -1 else None]


REFUSED = "open_to_talk: 5\nhopeful: 1\npartner_stance: refused\nheard: [blamed]\n"
OPEN = "open_to_talk: 5\nhopeful: 4\npartner_stance: open\nheard: []\n"


def test_explain_goes_to_stderr_and_the_result_to_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = take(capsys, tmp_path, OPEN, "--format", "json")
    assert code == 0
    assert out.lstrip().startswith("{")  # stdout stays machine-readable
    assert err.startswith(
        "Why each next step of therapy-readiness did or did not show (in file order):"
    )


def test_a_step_whose_when_is_false_shows_each_part_and_the_values_it_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, _, err = take(capsys, tmp_path, REFUSED)
    assert block(err, "trial-session").splitlines() == [
        "- trial-session (priority 50): NOT SELECTED: its when is false",
        "    when score.partner_openness >= 30 and band.own_readiness == 'high'  ->  false",
        "      score.partner_openness >= 30  ->  false   (score.partner_openness = 0)",
        "      band.own_readiness == 'high'  ->  true   (band.own_readiness = 'high')",
    ]


def test_an_or_shows_which_side_held(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, _, err = take(capsys, tmp_path, REFUSED)
    assert block(err, "own-therapy").splitlines() == [
        "- own-therapy (priority 40): SHOWN 1st of 2",
        "    when answer.partner_stance == 'refused' or flag.leaning_out  ->  true",
        "      answer.partner_stance == 'refused'  ->  true   (answer.partner_stance = 'refused')",
        "      flag.leaning_out  ->  true",
    ]
    assert "Flags: leaning_out = true" in err
    assert err.rstrip().endswith("Shown, in order: own-therapy, books")


def test_a_step_without_when_and_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, _, err = take(capsys, tmp_path, REFUSED)
    assert block(err, "books").splitlines() == [
        "- books (priority 0): SHOWN 2nd of 2",
        "    no when: always selected",
    ]


def test_a_suppressed_step_names_the_step_and_the_entry(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, _, err = take(capsys, tmp_path, OPEN)
    assert (
        "- books (priority 0): HIDDEN: its id is in the suppress of 'trial-session' (priority 50), which showed first"
        in err
    )
    assert err.rstrip().endswith("Shown, in order: trial-session")


def test_suppression_by_tag_names_the_tag(tmp_path: Path) -> None:
    text = CONTRACT.read_text(encoding="utf-8").replace("suppress: [books]", "suppress: [joint]")
    quiz = load_quiz_text(text)
    result = evaluate(
        quiz, {"open_to_talk": 5, "hopeful": 4, "partner_stance": "open", "heard": []}
    )
    assert (
        "- books (priority 0): HIDDEN: its tag 'joint' is in the suppress of 'trial-session'"
        in explain_steps(quiz, result)
    )


def test_joint_steps_left_out_under_a_concern(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, _, err = take(capsys, tmp_path, OPEN, "--safety", "concern")
    assert "Safety check: safety.concern true; steps tagged 'joint' are left out" in err
    assert (
        "- trial-session (priority 50): LEFT OUT: tagged 'joint' and safety.concern is true" in err
    )
    assert "- books (priority 0): LEFT OUT: tagged 'joint' and safety.concern is true" in err
    assert err.rstrip().endswith("Shown, in order: nothing")


def test_the_safety_line_when_nothing_or_crisis_is_raised(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, _, err = take(capsys, tmp_path, OPEN)
    assert (
        "Safety check: nothing raised (safety.concern, safety.crisis and safety.unsure are false;"
        in err
    )
    _, _, err = take(capsys, tmp_path, OPEN, "--safety", "crisis")
    assert "Safety check: safety.crisis true" in err


def test_cut_by_max_next_steps(tmp_path: Path) -> None:
    text = CONTRACT.read_text(encoding="utf-8").replace("max_next_steps: 5", "max_next_steps: 1")
    quiz = load_quiz_text(text)
    result = evaluate(
        quiz, {"open_to_talk": 5, "hopeful": 1, "partner_stance": "refused", "heard": []}
    )
    out = explain_steps(quiz, result)
    assert "- books (priority 0): CUT: max_next_steps (1) steps came before it" in out
    assert "- own-therapy (priority 40): SHOWN 1st of 1" in out


def test_none_values_say_what_none_means(tmp_path: Path) -> None:
    quiz = load_quiz(CONTRACT)
    result = evaluate(quiz, {"open_to_talk": 1, "hopeful": 3, "partner_stance": "not_yet"})
    out = explain_steps(quiz, result)
    assert "(score.partner_openness = none, not enough answers)" in out
    assert "(band.own_readiness = 'low')" in out


def test_explain_lists_every_step_in_file_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, _, err = take(capsys, tmp_path, OPEN)
    ids = [line.split(" (")[0][2:] for line in err.splitlines() if line.startswith("- ")]
    assert ids == ["trial-session", "books", "own-therapy"]


def test_explain_of_a_starter_quiz(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    quiz = tmp_path / "mine.yaml"
    assert main(["new", "mine", "--to", str(quiz)]) == 0
    capsys.readouterr()
    _, _, err = take(capsys, tmp_path, "talk_openly: 5\nweekly_time: none\n", quiz=quiz)
    assert "      not flag.short_on_time  ->  false   (flag.short_on_time = true)" in err
    assert "- gentle-start (priority 0): SHOWN 1st of 1" in err


def test_explain_needs_answers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["take", str(CONTRACT), "--explain"]) == 2
    assert "--answers" in capsys.readouterr().err
