"""The benchmark's own parts work (generators, measuring helpers) on tiny inputs.

No timing is asserted here: timed tests flake. `make bench` is where the
figures are judged.
"""

from __future__ import annotations

import sys
from pathlib import Path

import gen  # benchmarks/, on `pythonpath` in pyproject.toml
import pytest
import run

from readiness.core.loader import load_quiz
from readiness.core.store import list_saved


def test_generated_quizzes_are_valid(tmp_path: Path) -> None:
    paths = gen.write_quizzes(tmp_path / "q", count=3, questions=30)
    assert len(paths) == 3
    for path in paths:
        quiz = load_quiz(path)
        assert len(quiz.questions) == 30
        assert {q.type for q in quiz.questions} == {"scale", "choice", "multi", "text"}
    assert len({load_quiz(p).id for p in paths}) == 3


def test_generated_results_are_listed_by_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "results"
    gen.write_results(folder, count=12, templates=gen.record_templates(per_quiz=1))
    summaries, notices = list_saved(folder)
    assert notices == []
    assert len(summaries) == 12
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert all(
        (p.stat().st_mode & 0o777) == 0o600 for p in folder.iterdir() if not p.name.startswith(".")
    )


def test_samples_are_taken_in_turns_and_timed_commands_checked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(run, "SETTLE_SECONDS", 0)
    box = run.Sandbox(tmp_path)
    env = box.env()
    assert env["XDG_CACHE_HOME"].startswith(str(tmp_path))
    order: list[str] = []
    samples = run.round_robin(
        {
            "a": lambda: order.append("a") or run.time_command([sys.executable, "-c", "pass"], env),
            "b": lambda: order.append("b") or 1.0,
        },
        runs=2,
        warmup=1,
    )
    assert order == [
        "a",
        "b",
        "a",
        "b",
        "b",
        "a",
    ]  # one unkept round, then two kept, in turns, rotated
    assert (
        len(samples["a"]) == 2 and all(s > 0 for s in samples["a"]) and samples["b"] == [1.0, 1.0]
    )
    with pytest.raises(RuntimeError):
        run.time_command([sys.executable, "-c", "raise SystemExit(2)"], env)
    assert run.imports_textual([sys.executable, "-c", "import textual.app"], env)
    assert not run.imports_textual([sys.executable, "-c", "import yaml"], env)


@pytest.mark.parametrize("mode", ["bare", "home"])
def test_app_probe_reports_a_first_frame(tmp_path: Path, mode: str) -> None:
    box = run.Sandbox(tmp_path)
    sample = run.app_sample(mode, box.env(), ["--expect", "3"] if mode == "home" else [])
    assert 0 < sample["first_frame"] < 60
    if mode == "home":
        assert sample["entries"] == 3
        assert sample["list_ready"] >= sample["first_frame"]


def test_table_renders(tmp_path: Path) -> None:
    rows = [
        run.Row("a figure", 0.2, "s", "a baseline", 0.1, "<= 1.25x", met=False),
        run.Row("latency", 12.0, "ms", target="<= 30 ms", met=True),
        run.Row("missing", None, "s", "home", 0.1, "<= 1.2x"),
    ]
    table = run.render_table(rows)
    assert "2.00x" in table and "**NO**" in table and "n/a" in table
    assert "Python" in run.machine()


def test_a_probe_judges_each_frame_as_it_was_drawn() -> None:
    """The list counts as shown from the first frame that showed it, however late the
    waiting code looks (judging the screen later credited an earlier frame)."""
    import asyncio
    import weakref

    import apprun

    class Screen:
        pass

    screen = Screen()
    saved = apprun.FRAMES[:]
    try:
        apprun.FRAMES[:] = [
            (1.0, weakref.ref(screen), {"list": False}),
            (2.0, weakref.ref(screen), {"list": True}),
        ]
        assert asyncio.run(apprun.wait_frame(None, 0, probe="list")) == 2.0
        assert asyncio.run(apprun.wait_frame(lambda s: s is screen, 0)) == 1.0
        assert asyncio.run(apprun.wait_frame(lambda s: s is screen, 1.5)) == 2.0
    finally:
        apprun.FRAMES[:] = saved
