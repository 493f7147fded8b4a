"""Issue 18, item 4: `validate` suggests guarding a step with `not safety.crisis` where it fits.

The rule: a next step whose `when` reads `safety.concern` or `safety.unsure` (directly or
through flags) and never `safety.crisis` is offered in a crisis too, as one of the two steps
beside the crisis card. Its never-saved warning (at the step's `when`) goes on to say so and
gives the whole `when` to write. Not for a `joint` step (a crisis removes those anyway), and
not in a quiz with `safety_check: false` (that warning's own advice comes first).

Also here: the guide's new examples (the hint, `labels` and `exclusive` in the wrong place,
an answers file that ticks an exclusive option with others) are real output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.core.loader import load_quiz, load_quiz_text, quiz_warnings
from readiness.core.starter import starter_quiz
from support.paths import FIXTURES, REPO

GUIDE = REPO / "src" / "readiness" / "data" / "authoring.md"
FIXTURE = FIXTURES / "safety_joint.yaml"
Edit = Callable[[list[str]], None]
HINT = "but not safety.crisis, so it is offered in a crisis too"

BASE = """\
format: 1
id: hinted
title: Hinted
summary: Steps and the safety check.
dimensions:
  - id: r
    label: R
    bands:
      - {id: all, max: 100, label: All}
questions:
  - id: ready
    type: choice
    text: Ready?
    options:
      - {id: "yes", label: "Yes", scores: {r: 1}}
      - {id: "no", label: "No", scores: {r: 0}}
next_steps:
  - id: always
    title: Always
    body: b
"""


def with_step(when: str, *, tags: str = "", flags: str = "", safety_check: str = "") -> str:
    """BASE with one more step (its `when` on the last line but one, or the last)."""
    text = BASE
    if safety_check:
        text = text.replace("dimensions:\n", f"safety_check: {safety_check}\ndimensions:\n", 1)
    if flags:
        text = text.replace("questions:\n", f"flags:\n{flags}questions:\n", 1)
    text += f"  - id: the-step\n    title: The step\n    body: b\n    when: {when}\n"
    if tags:
        text += f"    tags: {tags}\n"
    return text


def step_warnings(text: str) -> list[str]:
    return [str(w) for w in quiz_warnings(load_quiz_text(text, "q.yaml"))]


def hints(text: str) -> list[str]:
    return [w for w in step_warnings(text) if HINT in w]


@pytest.mark.parametrize(
    "when, read, write",
    [
        ('"safety.concern"', "safety.concern", 'when: "safety.concern and not safety.crisis"'),
        ('"safety.unsure"', "safety.unsure", 'when: "safety.unsure and not safety.crisis"'),
        (
            "\"not safety.concern and answer.ready == 'yes'\"",
            "safety.concern",
            "when: \"not safety.concern and answer.ready == 'yes' and not safety.crisis\"",
        ),
        (
            "\"answer.ready == 'no' or safety.unsure\"",
            "safety.unsure",
            "when: \"(answer.ready == 'no' or safety.unsure) and not safety.crisis\"",
        ),
        (
            "'safety.concern and answer.ready == \"yes\"'",
            "safety.concern",
            "when: 'safety.concern and answer.ready == \"yes\" and not safety.crisis'",
        ),
        (
            '"safety.concern or safety.unsure"',
            "safety.concern and safety.unsure",
            'when: "(safety.concern or safety.unsure) and not safety.crisis"',
        ),
    ],
)
def test_a_step_that_reads_concern_or_unsure_but_not_crisis_gets_the_when_to_write(
    when: str, read: str, write: str
) -> None:
    text = with_step(when)
    found = hints(text)
    line = len(text.splitlines())
    assert len(found) == 1
    assert found[0].startswith(f"q.yaml:{line}:11: warning: next step 'the-step' depends on")
    assert f"It reads {read} {HINT}" in found[0]
    assert found[0].endswith(f"add 'and not safety.crisis': {write}")


def test_the_when_to_write_is_a_valid_condition_that_no_longer_gets_the_hint() -> None:
    for when in (
        "\"answer.ready == 'no' or safety.unsure\"",
        "'safety.concern and answer.ready == \"yes\"'",
    ):
        (found,) = hints(with_step(when))
        fixed = found.rsplit("add 'and not safety.crisis': when: ", 1)[1]
        assert hints(with_step(fixed)) == []
        # still never saved: that stays, as a note (by design, nothing to fix), not a warning
        (left,) = step_warnings(with_step(fixed))
        assert ": note: next step 'the-step' depends on" in left and left.endswith("on screen)")


def test_a_block_scalar_when_is_written_on_one_line() -> None:
    text = with_step(">-\n      safety.concern\n      and answer.ready == 'yes'")
    (found,) = hints(text)
    assert found.endswith(
        "when: \"safety.concern and answer.ready == 'yes' and not safety.crisis\""
    )


def test_through_a_chain_of_flags_the_hint_names_the_flag_the_step_reads() -> None:
    flags = '  worried: "flag.deep and answer.ready == \'no\'"\n  deep: "safety.concern"\n'
    (found,) = hints(with_step('"flag.worried"', flags=flags))
    assert "It reads safety.concern (through flag.worried) but not safety.crisis" in found
    assert found.endswith('when: "flag.worried and not safety.crisis"')


@pytest.mark.parametrize(
    "when, flags",
    [
        ('"safety.concern and not safety.crisis"', ""),
        ('"safety.concern or safety.crisis"', ""),
        ('"safety.crisis"', ""),
        ('"flag.raised"', '  raised: "safety.unsure or safety.crisis"\n'),
        ('"flag.raised and safety.concern"', '  raised: "not safety.crisis"\n'),
        ("\"answer.ready == 'yes'\"", ""),
    ],
)
def test_a_step_that_names_crisis_anywhere_or_no_safety_at_all_gets_no_hint(
    when: str, flags: str
) -> None:
    assert hints(with_step(when, flags=flags)) == []
    # nothing left to decide: what remains is a note (never saved), never a warning
    assert all(": note: " in w for w in step_warnings(with_step(when, flags=flags)))


def test_a_joint_step_gets_no_hint_a_crisis_removes_it_anyway() -> None:
    text = with_step('"safety.concern"', tags="[joint]")
    assert hints(text) == [] and len(step_warnings(text)) == 1
    assert ": note: next step 'the-step'" in step_warnings(text)[0]


def test_without_the_safety_check_only_its_own_warning_is_given() -> None:
    text = with_step('"safety.concern"', safety_check="false")
    (warning,) = step_warnings(text)
    assert "safety_check: false" in warning and HINT not in warning
    assert ": warning: next step 'the-step'" in warning  # a real problem: it stays a warning


def test_flags_never_get_the_hint_only_steps_do() -> None:
    flags = '  worried: "safety.concern"\n'
    text = with_step("\"answer.ready == 'yes'\"", flags=flags)
    (warning,) = step_warnings(text)
    assert warning.startswith("q.yaml:") and "flag 'worried'" in warning and HINT not in warning
    assert ": note: flag 'worried'" in warning  # never saved, by design


def test_validate_still_says_ok_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quiz = tmp_path / "q.yaml"
    quiz.write_text(with_step('"safety.concern"'), encoding="utf-8")
    assert main(["validate", str(quiz)]) == 0
    out, err = capsys.readouterr()
    assert "ok (hinted" in out
    assert f"{quiz}:" in err and HINT in err and ": warning: " in err and ": error: " not in err


def test_the_built_in_quizzes_and_the_safety_check_get_no_hint() -> None:
    files = sorted((REPO / "quizzes").glob("*.yaml"))
    files.append(REPO / "src" / "readiness" / "data" / "safety-check.yaml")
    assert len(files) >= 4
    for path in files:
        assert all(HINT not in str(w) for w in quiz_warnings(load_quiz(path))), path


# ------------------------------------------------------------------ the guide's examples


def shown_in_guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_the_guides_crisis_example_is_the_fixtures_real_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(FIXTURE)]) == 0
    (line,) = [w for w in capsys.readouterr().err.splitlines() if ": warning: " in w]
    assert HINT in line
    assert "quiz.yaml" + line[len(str(FIXTURE)) :] in shown_in_guide().splitlines()


def broken_starter(tmp_path: Path, name: str, edit: Edit) -> Path:
    lines = starter_quiz("my-check-in", "starter.yaml").splitlines(keepends=True)
    edit(lines)
    path = tmp_path / f"{name}.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _labels_on_choice(lines: list[str]) -> None:
    assert "type: choice" in lines[55] and "text: How much time" in lines[56]
    lines.insert(57, "    labels: ends\n")


def _exclusive_on_choice(lines: list[str]) -> None:
    assert "scores: {readiness: 0}}" in lines[58]
    lines[58] = lines[58].replace(
        "scores: {readiness: 0}}", "scores: {readiness: 0}, exclusive: true}"
    )


@pytest.mark.parametrize(
    "name, edit", [("labelschoice", _labels_on_choice), ("exclusivechoice", _exclusive_on_choice)]
)
def test_the_guides_wrong_place_examples_are_what_validate_prints(
    name: str,
    edit: Edit,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken_starter(tmp_path, name, edit)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", f"{name}.yaml"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2, err  # the one problem, then the count
    assert f"    {err[0]}" in shown_in_guide().splitlines()


def test_the_guides_exclusive_answer_example_is_what_take_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def add_none(lines: list[str]) -> None:
        assert "id: judged" in lines[68]
        lines.insert(
            69, "      - {id: none,   label: None of these,               exclusive: true}\n"
        )

    broken_starter(tmp_path, "ok", add_none)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "ok.yaml"]) == 0
    capsys.readouterr()
    Path("a5.yaml").write_text(
        "talk_openly: 4\nweekly_time: some\nworries: [cost, none]\n", encoding="utf-8"
    )
    assert main(["take", "ok.yaml", "--answers", "a5.yaml"]) == 1
    (line,) = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert f"    {line}" in shown_in_guide().splitlines()
    Path("a6.yaml").write_text(
        "talk_openly: 4\nweekly_time: some\nworries: [none]\n", encoding="utf-8"
    )
    assert main(["take", "ok.yaml", "--answers", "a6.yaml"]) == 0


def test_the_guides_note_is_what_remains_once_the_step_is_guarded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.count('when: "safety.concern"\n') == 1
    quiz = tmp_path / "quiz.yaml"
    quiz.write_text(
        text.replace('when: "safety.concern"\n', 'when: "safety.concern and not safety.crisis"\n'),
        encoding="utf-8",
    )
    assert main(["validate", str(quiz)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert not [line for line in err if ": warning: " in line]
    (line,) = [line for line in err if ": note: " in line]
    assert "quiz.yaml" + line[len(str(quiz)) :] in shown_in_guide().splitlines()
