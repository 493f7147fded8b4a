"""Warnings where an author looks (issue 18, part 1): `add` prints them after "Added",
and `list` shows, for a quiz with warnings, how many and the first, as `validate` words it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness import locations
from readiness.cli import main
from readiness.core.starter import starter_quiz

WARNING = (
    "warning: in when: band.readiness is a band id, so '<' and '>' compare its letters, not its levels; "
    "compare score.readiness with a number, or use band.readiness == 'id' or in [...]"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def warned_quiz(
    folder: Path, quiz_id: str = "warn-me", *, twice: bool = False
) -> tuple[Path, int, int]:
    """A starter quiz whose step compares a band with '>': valid, with one warning (two
    with `twice`). Its path, and the line and column of the first warning."""
    text = starter_quiz(quiz_id, f"{quiz_id}.yaml").replace(
        "band.readiness == 'high'", "band.readiness > 'high'"
    )
    if twice:
        text = text.replace("\"answer.weekly_time == 'none'\"", "\"band.readiness < 'mid'\"")
    path = folder / f"{quiz_id}.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    needle = "band.readiness < 'mid'" if twice else "band.readiness > 'high'"
    line = next(n for n, row in enumerate(lines, start=1) if needle in row)
    return path, line, lines[line - 1].index(needle) + 1


def test_add_prints_the_warnings_after_added(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source, line, col = warned_quiz(tmp_path)
    code, out, err = run(capsys, "add", str(source))
    assert code == 0, err
    target = locations.user_quiz_dir() / "warn-me.yaml"
    assert out.startswith(f"Added 'warn-me' (Warn me, 4 questions): {target}\n")
    assert err.splitlines() == [
        f"{source}:{line}:{col}: {WARNING}",
        f"readiness add: added with 1 warning (above); fix it in {source}, then run this again with --force",
    ]
    # Adding it again unchanged says so, and repeats the warning without the summary.
    code, out, err = run(capsys, "add", str(source))
    assert code == 0 and "unchanged" in out
    assert err.splitlines() == [f"{source}:{line}:{col}: {WARNING}"]


def test_add_of_a_quiz_without_warnings_prints_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "clean.yaml"
    source.write_text(starter_quiz("clean", "clean.yaml"), encoding="utf-8")
    code, out, err = run(capsys, "add", str(source))
    assert code == 0 and out.startswith("Added 'clean'")
    assert err == ""


@pytest.mark.parametrize("cached", [False, True])
def test_list_shows_a_count_and_the_first_warning(
    capsys: pytest.CaptureFixture[str], cached: bool
) -> None:
    folder = locations.ensure_private_dir(locations.user_quiz_dir())
    path, line, col = warned_quiz(folder, twice=True)
    if cached:  # the second listing comes from the cache, warnings and all
        run(capsys, "list")
    code, out, err = run(capsys, "list")
    assert code == 0, err
    rows = out.splitlines()
    at = next(i for i, row in enumerate(rows) if row.startswith("warn-me "))
    assert rows[at + 1].strip() == (
        f"2 warnings; run 'readiness validate {path}' for all: {path}:{line}:{col}: "
        "warning: in flag: band.readiness is a band id, so '<' and '>' compare its letters, not its levels; "
        "compare score.readiness with a number, or use band.readiness == 'id' or in [...]"
    )
    assert rows[at + 1].startswith(" " * len("therapy-readiness"))  # under the quiz it belongs to
    listing = json.loads(run(capsys, "list", "--json")[1])
    entry = next(q for q in listing["quizzes"] if q["id"] == "warn-me")
    assert entry["warnings"] == 2
    assert entry["first_warning"].startswith(f"{path}:{line}:{col}: warning: in flag: ")
    assert all(
        q["warnings"] == 0 and q["first_warning"] is None
        for q in listing["quizzes"]
        if q["id"] != "warn-me"
    )


def test_list_says_one_warning_without_the_validate_hint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = locations.ensure_private_dir(locations.user_quiz_dir())
    path, line, col = warned_quiz(folder)
    out = run(capsys, "list")[1]
    assert f"  1 warning: {path}:{line}:{col}: {WARNING}\n" in out
