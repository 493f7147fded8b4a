"""Global flags before or after the command, `take` with an unknown quiz, and `completion`."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from readiness import cli
from support.paths import REPO

FIXTURE = REPO / "tests" / "fixtures" / "contract.yaml"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[argparse.Namespace]:
    """Stands in for the app: records what it would have been opened with."""
    calls: list[argparse.Namespace] = []

    def fake_run_app(args: argparse.Namespace) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(cli, "run_app", fake_run_app)
    return calls


@pytest.mark.parametrize(
    "argv",
    [
        ["take", "therapy-readiness", "--private"],
        ["--private", "take", "therapy-readiness"],
        ["take", "--private", "therapy-readiness"],
    ],
)
def test_private_before_or_after_the_command(
    argv: list[str], opened: list[Any], capsys: Any
) -> None:
    code, _, err = run(argv, capsys)
    assert code == 0, err
    assert len(opened) == 1 and opened[0].private is True and opened[0].quiz == "therapy-readiness"


def test_without_private_saving_stays_on(opened: list[Any], capsys: Any) -> None:
    assert run(["take", "therapy-readiness"], capsys)[0] == 0
    assert opened[0].private is False


def test_quiz_dirs_from_both_sides_are_kept_in_order(tmp_path: Path) -> None:
    argv = ["--quiz-dir", "a", "take", "x", "--quiz-dir", "b", "--quiz-dir", "c"]
    args = cli.merge_global_flags(cli.build_parser(argv).parse_args(argv))
    assert args.quiz_dir == [Path("a"), Path("b"), Path("c")]
    assert not hasattr(args, "quiz_dir_after") and not hasattr(args, "private_after")


def test_quiz_dir_after_list_finds_the_quiz(tmp_path: Path, capsys: Any) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "c.yaml").write_text(
        FIXTURE.read_text(encoding="utf-8").replace("id: therapy-readiness", "id: my-own", 1),
        encoding="utf-8",
    )
    code, out, err = run(["list", "--quiz-dir", str(folder)], capsys)
    assert code == 0, err
    assert "my-own" in out


def test_every_command_takes_the_global_flags_after_it() -> None:
    for name in cli._COMMANDS:
        parser = cli.build_parser([name])
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        options = sub.choices[name]._option_string_actions
        assert "--private" in options and "--quiz-dir" in options, name


def test_take_answers_with_private_after_is_the_contract_output(
    tmp_path: Path, capsys: Any
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(json.dumps(_answers_for(FIXTURE)), encoding="utf-8")
    plain = run(["take", str(FIXTURE), "--answers", str(answers), "--format", "json"], capsys)
    private = run(
        ["take", str(FIXTURE), "--answers", str(answers), "--format", "json", "--private"], capsys
    )
    assert plain[0] == private[0] == 0, plain[2] + private[2]
    first, second = json.loads(plain[1]), json.loads(private[1])
    first.pop("taken_at"), second.pop("taken_at")
    assert first == second and first["dimensions"]


def _answers_for(path: Path) -> dict[str, Any]:
    """An answer to every question: the first option or scale point, some words for text."""
    from readiness.core.loader import load_quiz

    quiz = load_quiz(path)
    answers: dict[str, Any] = {}
    for question in quiz.questions:
        if question.type == "scale":
            answers[question.id] = quiz.scales[question.scale][0].value
        elif question.type == "choice":
            answers[question.id] = question.options[0].id
        elif question.type == "multi":
            answers[question.id] = [question.options[0].id]
        else:
            answers[question.id] = "some words"
    return answers


@pytest.mark.parametrize("extra", [[], ["--private"], ["--answers", "whatever.yaml"]])
def test_take_an_unknown_quiz_is_an_error_with_did_you_mean(
    extra: list[str], opened: list[Any], capsys: Any
) -> None:
    code, out, err = run(["take", "therapy-readines", *extra], capsys)
    assert code == 1 and not opened and not out
    assert (
        "no quiz with the id 'therapy-readines'" in err
        and "did you mean 'therapy-readiness'?" in err
    )
    assert "Traceback" not in err


def test_take_a_missing_file_is_an_error_not_the_app(
    tmp_path: Path, opened: list[Any], capsys: Any
) -> None:
    code, _, err = run(["take", str(tmp_path / "gone.yaml")], capsys)
    assert code == 1 and not opened and "gone.yaml" in err


def test_take_usage_errors_stay_2(opened: list[Any], capsys: Any) -> None:
    assert run(["take", "therapy-readiness", "--save"], capsys)[0] == 2
    assert (
        run(["take", "therapy-readiness", "--format", "yaml", "--answers", "a.yaml"], capsys)[0]
        == 2
    )
    assert not opened


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_names_every_command(shell: str, capsys: Any) -> None:
    code, out, err = run(["completion", shell], capsys)
    assert code == 0, err
    for name in ("take", "validate", "export", "print", "history", "completion"):
        assert name in out
    assert "--quiz-dir" in out


def test_completion_needs_a_known_shell(capsys: Any) -> None:
    assert run(["completion", "fish"], capsys)[0] == 2


def test_completion_without_textual() -> None:
    probe = (
        "import sys; from readiness.cli import main; main(['completion', 'bash']); "
        "sys.stderr.write(str(any(m.split('.')[0] == 'textual' for m in sys.modules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0 and proc.stderr.endswith("False"), proc.stderr


def test_version_after_a_command(capsys: Any) -> None:
    from readiness import __version__

    code, out, _ = run(["take", "therapy-readiness", "--version"], capsys)
    assert code == 0 and out.strip() == f"readiness {__version__}"


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completion_completes_a_command_and_offers_files(tmp_path: Path) -> None:
    script = tmp_path / "readiness.bash"
    script.write_text(
        subprocess.run(
            [sys.executable, "-m", "readiness", "completion", "bash"],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout,
        encoding="utf-8",
    )
    probe = (
        f'source {script}; COMP_WORDS=(readiness pri); COMP_CWORD=1; COMP_LINE="readiness pri"; '
        'COMP_POINT=13; _shtab_readiness readiness pri readiness; echo "${COMPREPLY[@]}"; '
        'echo "$_shtab_readiness_validate_pos_0_COMPGEN"'
    )
    proc = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["print", "_shtab_compgen_files"]
