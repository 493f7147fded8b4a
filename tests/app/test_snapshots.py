"""Snapshots of the app's screens (pytest-textual-snapshot).

Everything shown is fixed: the catalog holds only the test fixtures, the clock
is stopped, and the safety card and lines are the test's own, so a change in
the built-in content never breaks these. Update with `--snapshot-update` after
checking the new pictures by eye.
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness.app import build_app, services
from readiness.app.services import SafetyState
from readiness.core import store
from support.paths import FIXTURES
from support.pilot import press_action, screen_name
from support.records import make_record
from support.snapshot_app import make_app


@pytest.fixture
def only_fixture_quizzes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The catalog shows the app's fixture quiz and one broken file, nothing built in."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    shutil.copy(FIXTURES / "app_branching.yaml", folder / "app_branching.yaml")
    (folder / "zz_broken.yaml").write_text("format: 1\nid: Not An Id\n", encoding="utf-8")
    monkeypatch.setattr("readiness.locations.builtin_quiz_dir", lambda: folder)
    return folder


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_home(snap_compare, only_fixture_quizzes: Path) -> None:
    app = build_app()

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_question(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter", "2")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_review(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter", "1", "enter", "2", "enter", "3", "enter")
        await pilot.press(*"That I am trying")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def _to_results(concern: bool):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.safety_state = SafetyState(concern=concern, crisis=False)
        await pilot.press("enter", "1", "enter", "enter", "1", "enter", "enter", "right")
        await pilot.pause()
        await pilot.pause()

    return run_before


def test_results(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_to_results(False))


def test_safety_card(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_to_results(True))


def test_multi_question_small_terminal(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter", "1", "enter", "2")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(60, 20), run_before=run_before)


def test_services_fixture_matches_the_real_shapes() -> None:
    # the stand-ins above must keep the attribute names the real core uses
    info = services.load_safety()
    for line in info.lines:
        for name in ("name", "contact", "region", "url", "last_checked", "kind"):
            assert hasattr(line, name)
    assert info.safety_card.title and info.crisis_card.title


# ------------------------------------------------------------------ saved results and preview


@pytest.fixture
def fixed_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Saved results in one fixed folder, since the screens name it, and UTC dates.

    The folder is the same for every run, so a lock keeps two runs at once apart.
    """
    base = Path(tempfile.gettempdir()) / "readiness-snapshot-home"
    with open(base.with_name(base.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(base, ignore_errors=True)
        for var, sub in (
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
        ):
            (base / sub).mkdir(parents=True, mode=0o700)
            monkeypatch.setenv(var, str(base / sub))
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
        try:
            yield base
        finally:
            monkeypatch.undo()
            time.tzset()
            shutil.rmtree(base, ignore_errors=True)


def save_two() -> None:
    store.save_result(
        make_record(
            taken_at="2026-03-03T12:00:00+00:00",
            scores={"own_readiness": 48, "partner_openness": 50},
        ),
        "# first\n",
    )
    store.save_result(
        make_record(
            taken_at="2026-05-01T12:00:00+00:00",
            scores={"own_readiness": 60, "partner_openness": 20},
        ),
        "# second\n\n## Your notes\n\n**What would help?**\n\n> More time\n",
    )


async def to_history(pilot) -> None:
    """Home, then h: the saved results, once the list has been read."""
    await settle(pilot)
    await pilot.press("h")
    for _ in range(100):
        await settle(pilot)
        if screen_name(pilot.app) == "HistoryScreen" and pilot.app.screen.query("#saved"):
            break
    assert screen_name(pilot.app) == "HistoryScreen"
    await settle(pilot)


def test_history_list(snap_compare, only_fixture_quizzes: Path, fixed_home: Path) -> None:
    save_two()
    assert snap_compare(build_app(), terminal_size=(80, 24), run_before=to_history)


def test_saved_result(snap_compare, only_fixture_quizzes: Path, fixed_home: Path) -> None:
    save_two()

    async def run_before(pilot) -> None:
        await to_history(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(pilot.app) == "SavedResultScreen"
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=(80, 24), run_before=run_before)


def test_delete_all_confirmation(
    snap_compare, only_fixture_quizzes: Path, fixed_home: Path
) -> None:
    save_two()

    async def run_before(pilot) -> None:
        await to_history(pilot)
        await press_action(pilot, "delete_all")
        await settle(pilot)
        assert screen_name(pilot.app) == "ConfirmDeleteAllScreen"

    assert snap_compare(build_app(), terminal_size=(80, 24), run_before=run_before)


def test_preview_problems(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`readiness preview` on a file with two mistakes: the problems panel, each one located."""
    broken = (
        (FIXTURES / "app_branching.yaml")
        .read_text(encoding="utf-8")
        .replace("scores: {readiness: 1}", "scores: {readines: 1}")
        .replace("  - id: hope", "  - id: ready")
    )
    (tmp_path / "draft.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the panel names the file as it was given: draft.yaml
    app = build_app(preview_path=Path("draft.yaml"))

    async def run_before(pilot) -> None:
        await settle(pilot)
        assert screen_name(pilot.app) == "PreviewProblemsScreen"

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
