"""Finding quiz files: each real file once, however it is reached (links, a folder
given twice), and anything named like a quiz file is listed or reported."""

from __future__ import annotations

import os
from pathlib import Path

from readiness.core.catalog import load_catalog, quiz_files, quiz_files_resolved
from support.paths import REPO

BUILTIN = REPO / "quizzes" / "boundary-needs.yaml"


def test_each_real_file_is_listed_once_however_it_is_reached(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(BUILTIN)  # the built-in quiz, by another name
    alias = tmp_path / "alias"
    alias.symlink_to(folder, target_is_directory=True)
    catalog = load_catalog([folder, alias], use_cache=False)
    assert [e.id for e in catalog.entries].count("boundary-needs") == 1
    assert catalog.broken == []


def test_real_paths_are_the_ones_resolve_gives(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "b.yml").write_text("x", encoding="utf-8")
    (folder / "a.YAML").write_text("x", encoding="utf-8")
    (folder / ".hidden.yaml").write_text("x", encoding="utf-8")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    (folder / "link.yaml").symlink_to(BUILTIN)
    alias = tmp_path / "alias"
    alias.symlink_to(folder, target_is_directory=True)
    found = quiz_files_resolved(alias)
    assert [p.name for p, _ in found] == ["a.YAML", "b.yml", "link.yaml"]
    assert all(real == Path(os.path.realpath(p)) for p, real in found)
    assert quiz_files(alias) == [p for p, _ in found]
    assert quiz_files_resolved(tmp_path / "missing") == []


def test_a_folder_named_like_a_quiz_is_reported_not_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "odd.yaml").mkdir(parents=True)
    catalog = load_catalog([folder], use_cache=False)
    assert [b.path.name for b in catalog.broken] == ["odd.yaml"]
    assert "folder" in catalog.broken[0].problems[0].message


def test_a_loop_of_links_is_a_problem_not_a_crash(tmp_path: Path, capsys) -> None:
    from readiness.cli import main

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    catalog = load_catalog([folder], use_cache=False)
    assert [b.path.name for b in catalog.broken] == ["loop.yaml"]
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'loop.yaml'}:1:1: error: " in err and "Traceback" not in err
