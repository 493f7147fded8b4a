"""Tracebacks authors found, each one now a message: a quiz path that is not valid UTF-8,
a starter quiz that does not load, an unexpected error anywhere, and `preview` given
a quiz id instead of a file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from readiness import cli, locations
from readiness.cli import main
from readiness.core.problems import Problem, printable
from readiness.core.quizcache import CachedOutcome, QuizCache, QuizInfo, file_key
from support.paths import REPO

FIXTURE = REPO / "tests" / "fixtures" / "contract.yaml"
CAFE = os.fsdecode(b"caf\xe9")  # a name that is not UTF-8: Python holds it as 'caf\udce9'


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readiness", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env or dict(os.environ),
        timeout=300,
    )


# --- a path that is not valid UTF-8 ---------------------------------------------------------------


def test_printable_escapes_only_undecodable_bytes() -> None:
    assert printable(f"{CAFE}/q.yaml") == "caf\\xe9/q.yaml"
    assert printable("café/q.yaml") == "café/q.yaml"
    assert printable("plain") == "plain"
    assert printable("\ud800") == "U+D800"  # a surrogate no file name could give: still no crash
    assert printable("a\x1b]0;t\x07") == "a\\x1b]0;t\\x07"  # no escape sequence reaches a terminal
    assert str(Problem(f"{CAFE}.yaml", 2, 3, "m")) == "caf\\xe9.yaml:2:3: error: m"


def test_validate_a_file_in_a_folder_whose_name_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / CAFE
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "q.yaml")
    (folder / "bad.yaml").write_text("format: 2\n", encoding="utf-8")
    for _ in range(2):  # the first run writes the cache, the second answers from it
        done = run("validate", f"{CAFE}/q.yaml", f"{CAFE}/bad.yaml", cwd=tmp_path)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == 1
        assert done.stdout == "caf\\xe9/q.yaml: ok (therapy-readiness, 5 questions)\n"
        assert "caf\\xe9/bad.yaml:1:9: error: 'format' must be 1" in done.stderr
        assert done.stderr.endswith("2 files checked, 1 with problems\n")
    cached = list((Path(os.environ["XDG_CACHE_HOME"]) / "readiness").glob("catalog-*.json"))
    assert cached, "the cache is still written, paths and all"
    assert f"{CAFE}/q.yaml".encode("ascii", "backslashreplace").decode() in cached[0].read_text(
        encoding="ascii"
    )


def test_list_and_list_json_show_a_user_quiz_whose_file_name_is_not_utf8(tmp_path: Path) -> None:
    folder = locations.user_quiz_dir()
    folder.mkdir(parents=True)
    shutil.copy(FIXTURE, folder / f"{CAFE}.yaml")
    (folder / f"{CAFE}-broken.yaml").write_text("format: 1\nid: [unclosed\n", encoding="utf-8")
    shown = printable(str(folder / f"{CAFE}.yaml"))
    assert "\\xe9" in shown
    for _ in range(2):
        text = run("list", cwd=tmp_path)
        assert text.returncode == 0 and "Traceback" not in text.stderr, text.stderr
        assert (
            f"therapy-readiness  Therapy readiness  (6 min, 5 questions)  {shown}\n" in text.stdout
        )
        assert (
            f"  {printable(str(folder / CAFE))}-broken.yaml:3:1: error: invalid YAML" in text.stdout
        )
        as_json = run("list", "--json", cwd=tmp_path)
        assert as_json.returncode == 0 and "Traceback" not in as_json.stderr, as_json.stderr
        data = json.loads(as_json.stdout)
        mine = next(q for q in data["quizzes"] if q["source"] == "user")
        assert mine["path"] == shown
        assert mine["shadows"] == [str(REPO / "quizzes" / "therapy-readiness.yaml")]
        assert [b["path"] for b in data["broken"]] == [
            printable(str(folder / f"{CAFE}-broken.yaml"))
        ]
        assert data["broken"][0]["error"].startswith(printable(str(folder / CAFE)))


def test_take_a_quiz_whose_path_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / CAFE
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "q.yaml")
    (folder / "a.yaml").write_text("open_to_talk: 9\n", encoding="utf-8")
    done = run("take", f"{CAFE}/q.yaml", "--answers", f"{CAFE}/a.yaml", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("caf\\xe9/a.yaml:1:")


def test_the_cache_keeps_a_path_that_is_not_utf8(tmp_path: Path) -> None:
    where = tmp_path / "cache.json"
    path = tmp_path / f"{CAFE}.yaml"
    path.write_text("x", encoding="utf-8")
    cache = QuizCache(write=True, location=where)
    outcome = CachedOutcome(QuizInfo("q", "Q", "S", None, 1), [])
    cache.put(path, file_key(path), outcome)
    cache.save()  # raised UnicodeEncodeError: only OSError was caught
    assert QuizCache(location=where).get(path, file_key(path)) == outcome


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    cache = QuizCache(write=True, location=tmp_path / "cache.json")
    loop: dict[str, object] = {}
    loop["self"] = loop
    cache.entries[str(tmp_path)] = loop  # json refuses it (ValueError), as it would any surprise
    cache.dirty = True
    cache.save()
    assert not (tmp_path / "cache.json").exists()


# --- new, and the last resort ---------------------------------------------------------------------


def test_new_says_so_when_its_own_starter_does_not_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from readiness.core import starter

    monkeypatch.setattr(starter, "starter_quiz", lambda quiz_id, hint="": "format: 2\n")
    assert main(["new", "my-quiz", "--to", f"{tmp_path}/"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(
        "readiness new: internal error: the starter quiz for 'my-quiz' does not load ("
    )
    assert err.rstrip().endswith("please report it")
    assert not (tmp_path / "my-quiz.yaml").exists()


def test_an_unexpected_error_is_one_line_asking_for_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from readiness.commands import quiz_cmd

    def boom(args: object) -> int:
        raise RuntimeError("something\nbroke")

    monkeypatch.setattr(quiz_cmd, "cmd_paths", boom)
    monkeypatch.delenv("READINESS_TRACEBACK", raising=False)
    assert main(["paths"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "readiness: internal error: RuntimeError: something broke; please report it\n"


def test_ctrl_c_exits_130_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from readiness.commands import quiz_cmd

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(quiz_cmd, "cmd_paths", interrupted)
    assert main(["paths"]) == 130
    assert capsys.readouterr() == ("", "")


def test_readiness_traceback_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.commands import quiz_cmd

    def boom(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(quiz_cmd, "cmd_paths", boom)
    monkeypatch.setenv("READINESS_TRACEBACK", "1")
    with pytest.raises(RuntimeError):
        main(["paths"])


def test_an_unexpected_error_in_a_real_process(tmp_path: Path) -> None:
    """Through `python -m readiness`, and with a quiz folder that cannot be listed."""
    probe = (
        "import sys\n"
        "from readiness.commands import quiz_cmd\n"
        "def boom(args): raise LookupError('no')\n"
        "quiz_cmd.cmd_list = boom\n"
        "from readiness.cli import main\n"
        "sys.exit(main(['list']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert done.returncode == 1
    assert done.stderr == "readiness: internal error: LookupError: no; please report it\n"


def test_output_never_fails_on_an_unencodable_character(monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety net under every print: a strict ASCII stdout still gets its text."""
    import io

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict", write_through=True)
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(sys, "stderr", stream)
    saved = cli._guard_output()
    try:
        print("café \udce9 █░ → “quoted” – \x1b[2J 🙂")
    finally:
        sys.stdout, sys.stderr = saved
    assert raw.getvalue() == b"caf\\u00e9 \\xe9 #. -> 'quoted' - \\x1b[2J \\ud83d\\ude42\n"


# --- preview takes a file, not an id --------------------------------------------------------------


def test_preview_of_a_quiz_id_names_its_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "therapy-readiness"]) == 2
    err = capsys.readouterr().err
    builtin = REPO / "quizzes" / "therapy-readiness.yaml"
    assert err == (
        "readiness preview: preview takes the path of a quiz file, not a quiz id; the quiz "
        f"'therapy-readiness' is in {builtin}: run 'readiness preview {builtin}'\n"
    )


def test_preview_of_a_user_quiz_id_names_the_file_in_the_user_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["new", "counsel-check"]) == 0
    capsys.readouterr()
    assert main(["preview", "counsel-check"]) == 2
    err = capsys.readouterr().err
    assert "not a quiz id" in err
    assert str(locations.user_quiz_dir() / "counsel-check.yaml") in err
    assert "readiness new" not in err


def test_preview_of_an_unknown_id_says_what_preview_takes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["preview", "counsel-check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "readiness preview: preview takes the path of a quiz file: there is no file 'counsel-check'"
    )
    assert "--to counsel-check" not in err  # `new --to` refuses a name without .yaml
    assert "'readiness new counsel-check'" in err
