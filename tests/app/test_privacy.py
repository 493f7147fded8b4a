"""Taking a quiz and leaving without saving leaves nothing on disk: not a result,
not a cache, not an empty folder named after the app."""

from __future__ import annotations

import os
from pathlib import Path

from readiness.app import build_app
from readiness.cli import main
from readiness.core.quizcache import cache_file
from support.pilot import answer_all, ready, screen_name


def everything_under(home: Path) -> list[Path]:
    """Every file or folder below home, except the empty XDG folders the tests made."""
    made_by_tests = {home / sub for sub in ("data", "config", "cache", "state")}
    return sorted(p for p in home.rglob("*") if p not in made_by_tests)


async def test_a_whole_quiz_then_quick_exit_leaves_no_trace() -> None:
    home = Path(os.environ["HOME"])
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await pilot.pause()
        await answer_all(pilot, digit="3")
        assert screen_name(app) == "ResultsScreen"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert everything_under(home) == []


def test_a_cache_an_earlier_version_wrote_is_removed_with_the_next_write(capsys) -> None:
    older = cache_file().parent / "catalog-v1.json"
    older.parent.mkdir(parents=True, exist_ok=True)
    older.write_text("{}", encoding="utf-8")
    assert main(["list"]) == 0
    assert not older.exists() and cache_file().exists()


def test_the_authoring_commands_may_cache_facts_about_quiz_files_only(capsys) -> None:
    """`list` keeps a cache of quiz-file facts; it holds no answers and is private."""
    home = Path(os.environ["HOME"])
    assert main(["list"]) == 0
    written = [p for p in everything_under(home) if p.is_file()]
    assert [p.name for p in written] == [cache_file().name]
    assert oct(written[0].stat().st_mode & 0o777) == "0o600"
    assert oct(written[0].parent.stat().st_mode & 0o777) == "0o700"
