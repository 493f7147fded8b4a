"""Issue 2, catalog: built-in, user folder and READINESS_QUIZ_PATH; broken files never hide
valid ones; the same id twice: the later source wins and `list` says what it shadows."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from contractlib import cli, quiz_dict, scale_q, write

from readiness import locations  # noqa: E402
from readiness.core.catalog import load_catalog  # noqa: E402


def quiz_text(qid: str, title: str) -> dict:
    return quiz_dict([scale_q("q")], id=qid, title=title)


@pytest.fixture
def user_dir() -> Path:
    folder = locations.user_quiz_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def listing(capsys) -> dict:
    code, out, err = cli(["list", "--json"], capsys)
    assert code == 0, err
    return json.loads(out)


def test_env_path_accepts_files_and_folders(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "folder"
    write(folder / "one.yaml", quiz_text("zz-one", "ZZ one"))
    write(folder / "two.yml", quiz_text("zz-two", "ZZ two"))
    write(folder / "notes.txt", "not a quiz")
    single = write(tmp_path / "single.yaml", quiz_text("zz-single", "ZZ single"))
    monkeypatch.setenv("READINESS_QUIZ_PATH", os.pathsep.join([str(folder), str(single)]))
    ids = {q["id"]: q for q in listing(capsys)["quizzes"]}
    assert {"zz-one", "zz-two", "zz-single"} <= set(ids)
    assert ids["zz-single"]["path"] == str(single)
    assert ids["zz-one"]["source"] == "env"


def test_a_broken_file_never_hides_the_valid_ones(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "mixed"
    write(folder / "a-broken.yaml", "format: 1\nid: [unclosed\n")
    write(folder / "b-valid.yaml", quiz_text("zz-valid", "ZZ valid"))
    write(folder / "c-hostile.yaml", "!!python/object/apply:os.system ['echo x']\n")
    write(folder / "d-binary.yaml", b"\x00\x01\x02")
    monkeypatch.setenv("READINESS_QUIZ_PATH", str(folder))
    data = listing(capsys)
    assert "zz-valid" in {q["id"] for q in data["quizzes"]}
    broken = {Path(b["path"]).name: b for b in data["broken"]}
    assert set(broken) == {"a-broken.yaml", "c-hostile.yaml", "d-binary.yaml"}
    assert broken["a-broken.yaml"]["error"].startswith(f"{folder / 'a-broken.yaml'}:")

    code, out, err = cli(["list"], capsys)
    assert code == 0
    assert "zz-valid" in out
    assert "a-broken.yaml" in out + err


def test_a_broken_file_with_the_same_id_does_not_hide_the_valid_one(
    tmp_path, monkeypatch, user_dir
):
    write(user_dir / "good.yaml", quiz_text("zz-same", "ZZ good"))
    env = write(tmp_path / "env" / "bad.yaml", {**quiz_text("zz-same", "ZZ bad"), "titel": "typo"})
    monkeypatch.setenv("READINESS_QUIZ_PATH", str(env.parent))
    catalog = load_catalog()
    entry = catalog.find("zz-same")
    assert entry is not None and entry.title == "ZZ good"
    assert [b.path.name for b in catalog.broken] == ["bad.yaml"]


def test_user_quiz_shadows_a_built_in_one_and_list_says_so(user_dir, capsys):
    builtin = [e for e in load_catalog().entries if e.source == "built-in"]
    if not builtin:
        pytest.skip("no built-in quizzes to shadow")
    target = builtin[0]
    mine = write(user_dir / "mine.yaml", quiz_text(target.id, "My own version"))
    entry = load_catalog().find(target.id)
    assert entry.source == "user" and entry.path == mine
    assert entry.shadows == [target.path]
    code, out, _ = cli(["list"], capsys)
    assert code == 0
    assert f"shadows {target.path}" in out
    shown = next(q for q in listing(capsys)["quizzes"] if q["id"] == target.id)
    assert shown["title"] == "My own version" and shown["shadows"] == [str(target.path)]


def test_env_path_wins_over_the_user_folder(tmp_path, monkeypatch, user_dir, capsys):
    user = write(user_dir / "x.yaml", quiz_text("zz-twice", "From the user folder"))
    env = write(tmp_path / "env" / "x.yaml", quiz_text("zz-twice", "From the env path"))
    monkeypatch.setenv("READINESS_QUIZ_PATH", str(env.parent))
    entry = load_catalog().find("zz-twice")
    assert entry.title == "From the env path" and entry.path == env and entry.shadows == [user]
    code, out, _ = cli(["list"], capsys)
    assert f"shadows {user}" in out


def test_later_entries_of_the_env_path_win(tmp_path, monkeypatch):
    first = write(tmp_path / "first" / "x.yaml", quiz_text("zz-order", "First"))
    second = write(tmp_path / "second" / "x.yaml", quiz_text("zz-order", "Second"))
    monkeypatch.setenv(
        "READINESS_QUIZ_PATH", os.pathsep.join([str(first.parent), str(second.parent)])
    )
    entry = load_catalog().find("zz-order")
    assert entry.title == "Second" and entry.shadows == [first]


def test_take_by_catalog_id(tmp_path, monkeypatch, capsys):
    quiz = write(tmp_path / "env" / "x.yaml", quiz_text("zz-by-id", "By id"))
    monkeypatch.setenv("READINESS_QUIZ_PATH", str(quiz))
    answers = write(tmp_path / "a.yaml", "q: 5\n")
    code, out, err = cli(
        ["take", "zz-by-id", "--answers", str(answers), "--format", "json"], capsys
    )
    assert code == 0, err
    assert json.loads(out)["quiz"]["id"] == "zz-by-id"


def test_a_missing_env_path_entry_is_not_fatal(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("READINESS_QUIZ_PATH", os.pathsep.join([str(tmp_path / "nowhere"), ""]))
    code, _, err = cli(["list"], capsys)
    assert code == 0, err


def test_validate_a_folder_checks_every_file(tmp_path, capsys):
    folder = tmp_path / "q"
    write(folder / "good.yaml", quiz_text("zz-good", "Good"))
    write(folder / "bad.yaml", "format: 1\n")
    code, out, err = cli(["validate", str(folder)], capsys)
    assert code == 1
    assert "good.yaml: ok" in out
    assert f"{folder / 'bad.yaml'}:" in err
