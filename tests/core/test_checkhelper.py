"""Checking many quiz files with a helper process gives exactly what checking them
one by one gives, whatever the helper does (works, dies, talks nonsense, never starts).

No timing is asserted: which side checks which file depends on the machine, so
every test either lets the helper finish first or checks the result as a whole.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from readiness.core import catalog, checkhelper
from readiness.core.catalog import load_catalog
from readiness.core.checkhelper import Helper, check_files, check_one, start_helper
from support.paths import REPO

BUILTIN = sorted((REPO / "quizzes").glob("*.yaml"))
MANY = checkhelper.MIN_FILES_FOR_HELPER + 5


def write_folder(folder: Path, count: int = MANY) -> list[Path]:
    """`count` quiz files: copies of the built-in quizzes under new ids, every seventh broken."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        source = BUILTIN[index % len(BUILTIN)]
        text = source.read_text(encoding="utf-8").replace(
            f"\nid: {source.stem}\n", f"\nid: copy-{index:03d}\n", 1
        )
        if index % 7 == 3:
            text = text.replace("\ntitle:", "\ntitel:", 1)  # a misspelt key: a located problem
        path = folder / f"copy-{index:03d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def one_by_one(paths: list[Path]) -> list[tuple[object, object]]:
    return [check_one(path)[0] for path in paths]


@pytest.fixture
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine with a spare CPU, whatever this one has."""
    monkeypatch.setattr(checkhelper, "spare_cpus", lambda: 1)
    monkeypatch.delenv("READINESS_NO_HELPER", raising=False)


def test_the_helper_alone_gives_every_verdict_exactly(tmp_path: Path, two_cpus: None) -> None:
    paths = write_folder(tmp_path / "q")
    helper = start_helper(paths)
    assert helper is not None
    assert helper.process.wait(timeout=120) == 0
    helper._reader.join(timeout=30)
    assert helper.done_from_end() == len(paths)
    results = check_files(paths, helper)  # nothing left for this process to check
    assert [outcome for outcome, _ in results] == one_by_one(paths)
    broken = [outcome for outcome, _ in results if outcome.info is None]
    assert broken and all(p.path == str(paths[3]) for p in broken[0].problems)


def test_both_sides_together_give_the_same_verdicts(tmp_path: Path, two_cpus: None) -> None:
    paths = write_folder(tmp_path / "q")
    assert [outcome for outcome, _ in check_files(paths)] == one_by_one(paths)


@pytest.mark.parametrize(
    "script",
    [
        "import sys; sys.exit(3)",  # dies at once
        "print('not json'); import time; time.sleep(0.2)",  # talks nonsense
        'print(\'{"i": 9999, "info": ["x", "x", "", null, 1, 1]}\')',  # an index it was not given
        'print(\'{"i": 0, "problems": []}\')',  # a broken file with no problem
        "import sys; sys.stdin.read(); print('{\"i\": 0')",  # a line cut short
    ],
)
def test_a_helper_that_misbehaves_changes_nothing(
    tmp_path: Path, two_cpus: None, monkeypatch: pytest.MonkeyPatch, script: str
) -> None:
    paths = write_folder(tmp_path / "q")
    monkeypatch.setattr(checkhelper, "helper_command", lambda: [sys.executable, "-c", script])
    assert [outcome for outcome, _ in check_files(paths)] == one_by_one(paths)


def test_a_helper_that_cannot_start_changes_nothing(
    tmp_path: Path, two_cpus: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_folder(tmp_path / "q")
    monkeypatch.setattr(checkhelper, "helper_command", lambda: [str(tmp_path / "no-such-program")])
    assert start_helper(paths) is None
    assert [outcome for outcome, _ in check_files(paths)] == one_by_one(paths)


def test_no_helper_for_few_files_one_cpu_a_frozen_app_or_when_turned_off(
    tmp_path: Path, two_cpus: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_folder(tmp_path / "q")
    assert start_helper(paths[: checkhelper.MIN_FILES_FOR_HELPER - 1]) is None
    monkeypatch.setenv("READINESS_NO_HELPER", "1")
    assert start_helper(paths) is None
    monkeypatch.delenv("READINESS_NO_HELPER")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert checkhelper.helper_command() is None
    monkeypatch.delattr(sys, "frozen")
    monkeypatch.setattr(checkhelper, "spare_cpus", lambda: 0)
    assert start_helper(paths) is None


def test_the_helper_writes_nothing(tmp_path: Path, two_cpus: None) -> None:
    home = Path(os.environ["HOME"])
    before = sorted(p for p in home.rglob("*"))
    paths = write_folder(tmp_path / "q")
    helper = start_helper(paths)
    assert helper is not None
    helper.process.wait(timeout=120)
    helper.stop()
    assert sorted(p for p in home.rglob("*")) == before


def test_the_helper_answers_from_the_last_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import json

    paths = write_folder(tmp_path / "q", count=4)
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps([str(p) for p in paths]).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    checkhelper.main()
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["i"] for line in lines] == [3, 2, 1, 0]
    assert [checkhelper._decode(line.encode())[1] for line in reversed(lines)] == one_by_one(paths)


def test_a_stopped_helper_is_gone(tmp_path: Path, two_cpus: None) -> None:
    paths = write_folder(tmp_path / "q")
    helper = start_helper(paths)
    assert isinstance(helper, Helper)
    helper.stop()
    assert helper.process.poll() is not None
    helper.stop()  # twice is harmless


def test_the_catalog_is_the_same_with_and_without_a_helper(
    tmp_path: Path, two_cpus: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "q"
    write_folder(folder)
    (folder / "shadow.yaml").write_text(
        (folder / "copy-000.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with_helper = load_catalog([folder], use_cache=False)
    monkeypatch.setenv("READINESS_NO_HELPER", "1")
    alone = load_catalog([folder], use_cache=False)

    def summary(cat: catalog.Catalog) -> object:
        return (
            [(e.info, e.path, e.source, e.shadows) for e in cat.entries],
            [(b.path, b.problems) for b in cat.broken],
        )

    assert summary(with_helper) == summary(alone)
    assert len(alone.entries) == MANY - len(alone.broken) + 3  # the built-in three as well
    assert alone.find("copy-000").shadows == [folder / "copy-000.yaml"]


def test_a_plan_abandoned_stops_its_helper(tmp_path: Path, two_cpus: None) -> None:
    folder = tmp_path / "q"
    write_folder(folder)
    plan = catalog.plan_catalog([folder], use_cache=False)
    helper = plan.checks.helper
    assert helper is not None
    plan.abandon()
    assert helper.process.poll() is not None
