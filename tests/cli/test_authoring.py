"""`readiness new` and `readiness add`."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from readiness import locations
from readiness.cli import main
from readiness.core.loader import load_quiz
from support.paths import REPO

BUILTIN = REPO / "quizzes"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- new -------------------------------------------------------------------------------------------


def test_new_writes_a_valid_starter_into_the_user_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "new", "my-check-in")
    target = locations.user_quiz_dir() / "my-check-in.yaml"
    assert code == 0, err
    assert str(target) in out
    assert "readiness take my-check-in --answers" in out  # in the catalog: the id is enough
    quiz = load_quiz(target)
    assert quiz.id == "my-check-in"
    assert quiz.title == "My check in"
    assert {q.type for q in quiz.questions} == {"scale", "choice", "multi", "text"}
    assert 3 <= len(quiz.questions) <= 5
    assert len(quiz.dimensions) == 1 and len(quiz.dimensions[0].bands) >= 2
    assert len(quiz.flags) == 1
    assert any(s.when and s.suppress for s in quiz.next_steps)
    assert target.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=quiz.schema.json\n"
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert (target.parent / "quiz.schema.json").read_text(encoding="utf-8") == (
        BUILTIN / "quiz.schema.json"
    ).read_text(encoding="utf-8")


def test_the_new_quiz_is_in_the_catalog_and_can_be_taken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "new", "my-check-in")[0] == 0
    code, out, _ = run(capsys, "list")
    assert "my-check-in" in out
    answers = tmp_path / "answers.yaml"
    answers.write_text("talk_openly: 5\nweekly_time: lots\nworries: []\n", encoding="utf-8")
    code, out, err = run(
        capsys, "take", "my-check-in", "--answers", str(answers), "--format", "json"
    )
    assert code == 0, err
    assert '"score": 100' in out and '"first-step"' in out and '"gentle-start"' not in out


def test_the_answers_example_in_the_starter_comments_works(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "quiz.yaml"
    assert run(capsys, "new", "x", "--to", str(target))[0] == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    start = lines.index("# where answers.yaml holds one line per question, for example:") + 1
    example = [line[1:].strip() for line in lines[start:] if line.startswith("#   ")]
    answers = tmp_path / "answers.yaml"
    answers.write_text("\n".join(example) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "take", str(target), "--answers", str(answers))
    assert code == 0, err


@pytest.mark.parametrize("bad", ["My-Quiz", "-quiz", "my_quiz", "my quiz", "", "é"])
def test_new_refuses_a_bad_id(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    code, out, err = run(capsys, "new", "--", bad)
    assert code == 2
    assert "lowercase letters, digits and '-'" in err
    assert not locations.user_quiz_dir().exists() or not any(locations.user_quiz_dir().iterdir())


@pytest.mark.parametrize("awkward", ["true", "null", "1", "0x10", "1e3", "no"])
def test_new_quotes_ids_yaml_would_read_as_something_else(
    capsys: pytest.CaptureFixture[str], awkward: str
) -> None:
    assert run(capsys, "new", awkward)[0] == 0
    assert load_quiz(locations.user_quiz_dir() / f"{awkward}.yaml").id == awkward


def test_new_refuses_an_existing_file_unless_forced(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new", "mine")[0] == 0
    target = locations.user_quiz_dir() / "mine.yaml"
    target.write_text("my edits", encoding="utf-8")
    code, _, err = run(capsys, "new", "mine")
    assert code == 1 and "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "my edits"
    assert run(capsys, "new", "mine", "--force")[0] == 0
    assert load_quiz(target).id == "mine"


def test_new_to_a_file_or_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "new", "a", "--to", str(tmp_path / "deep" / "a-quiz.yaml"))
    assert code == 0 and load_quiz(tmp_path / "deep" / "a-quiz.yaml").id == "a"
    assert "readiness add" in out  # outside the user folder: say how to add it
    code, _, _ = run(capsys, "new", "b", "--to", str(tmp_path))
    assert code == 0 and load_quiz(tmp_path / "b.yaml").id == "b"
    code, _, _ = run(capsys, "new", "c", "--to", str(tmp_path / "newdir") + "/")
    assert code == 0 and load_quiz(tmp_path / "newdir" / "c.yaml").id == "c"
    assert not locations.user_quiz_dir().exists()


def test_new_refuses_a_target_that_is_not_yaml(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "new", "a", "--to", str(tmp_path / "quiz.txt"))
    assert code == 2 and ".yaml" in err
    assert not (tmp_path / "quiz.txt").exists()


def test_new_notes_an_id_that_is_already_taken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "new", "therapy-readiness", "--to", str(tmp_path))
    assert code == 0
    assert "already exists" in err and "therapy-readiness.yaml" in err


def test_new_leaves_a_foreign_schema_file_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "quiz.schema.json").write_text('{"title": "something else"}', encoding="utf-8")
    assert run(capsys, "new", "a", "--to", str(tmp_path))[0] == 0
    assert (tmp_path / "quiz.schema.json").read_text(
        encoding="utf-8"
    ) == '{"title": "something else"}'


# --- add -------------------------------------------------------------------------------------------


def _starter(capsys: pytest.CaptureFixture[str], folder: Path, quiz_id: str = "mine") -> Path:
    path = folder / f"{quiz_id}-draft.yaml"
    assert run(capsys, "new", quiz_id, "--to", str(path))[0] == 0
    return path


def test_add_copies_a_valid_quiz_byte_for_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = _starter(capsys, tmp_path)
    code, out, err = run(capsys, "add", str(source))
    target = locations.user_quiz_dir() / "mine.yaml"
    assert code == 0, err
    assert str(target) in out
    assert target.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert (locations.user_quiz_dir() / "quiz.schema.json").exists()
    assert "mine" in run(capsys, "list")[1]


def test_add_refuses_an_invalid_file_with_its_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: bad\ntitle: Bad\nsummary: s\ncolour: blue\n", encoding="utf-8")
    code, out, err = run(capsys, "add", str(bad))
    assert code == 1
    assert f"{bad}:5:1: error: unknown key 'colour'" in err
    assert f"{bad}:1:1: error: missing required key 'dimensions' in this file" in err
    assert "not added" in err
    assert not (locations.user_quiz_dir() / "bad.yaml").exists()


def test_add_refuses_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "add", str(tmp_path / "nope.yaml"))
    assert code == 1 and "nope.yaml:1:1: error: no such file" in err


def test_add_refuses_a_built_in_id_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    copy = tmp_path / "tr.yaml"
    copy.write_bytes((BUILTIN / "therapy-readiness.yaml").read_bytes())
    code, _, err = run(capsys, "add", str(copy))
    assert code == 1
    assert "'therapy-readiness' already exists" in err and "built-in" in err and "--force" in err
    assert not (locations.user_quiz_dir() / "therapy-readiness.yaml").exists()
    code, out, _ = run(capsys, "add", str(copy), "--force")
    assert code == 0 and "takes the place of" in out
    assert run(capsys, "list")[1].count("shadows") == 1


def test_add_refuses_an_id_already_in_the_user_folder_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = _starter(capsys, tmp_path)
    assert run(capsys, "add", str(source))[0] == 0
    assert "unchanged" in run(capsys, "add", str(source))[1]  # the same bytes again: nothing to do
    source.write_text(
        source.read_text(encoding="utf-8").replace("minutes: 2", "minutes: 3"), encoding="utf-8"
    )
    code, _, err = run(capsys, "add", str(source))
    assert code == 1 and "already has a quiz with the id 'mine'" in err
    code, out, _ = run(capsys, "add", str(source), "--force")
    assert code == 0 and out.startswith("Replaced 'mine'")
    assert (locations.user_quiz_dir() / "mine.yaml").read_bytes() == source.read_bytes()


def test_add_force_replaces_the_user_file_holding_the_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The user folder holds id 'mine' under another file name: --force replaces that file, no duplicate.
    folder = locations.ensure_private_dir(locations.user_quiz_dir())
    _starter(capsys, folder)  # folder/mine-draft.yaml, id mine
    source = _starter(capsys, tmp_path)
    code, out, _ = run(capsys, "add", str(source), "--force")
    assert code == 0
    assert not (folder / "mine.yaml").exists()
    assert str(folder / "mine-draft.yaml") in out


def test_add_of_a_file_already_in_the_catalog_does_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "add", str(BUILTIN / "therapy-readiness.yaml"))
    assert code == 0 and "nothing to do" in out
    assert not locations.user_quiz_dir().exists()


def test_authoring_commands_do_not_import_textual() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from readiness.cli import main; "
        "main(['new', 'x', '--to', sys.argv[1]]); main(['add', sys.argv[1]]); "
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), 'textual imported'"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        env = {"XDG_DATA_HOME": tmp, "XDG_CACHE_HOME": tmp, "HOME": tmp, "PATH": "/usr/bin:/bin"}
        done = subprocess.run(
            [sys.executable, "-c", code, f"{tmp}/x.yaml"], capture_output=True, text=True, env=env
        )
    assert done.returncode == 0, done.stderr
