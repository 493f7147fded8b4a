"""Snapshots of the app's screens (pytest-textual-snapshot).

Everything shown is fixed: the catalog holds only the test fixtures, the clock
is stopped, and the safety card and lines are the test's own, so a change in
the built-in content never breaks these. Update with `--snapshot-update` after
checking the new pictures by eye.
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from readiness.app import build_app, services
from readiness.app.services import SafetyInfo, SafetyState
from readiness.core.safety import Card, Resource
from support.paths import FIXTURES

FIXED = datetime(2026, 11, 22, 10, 4, 5, tzinfo=UTC)

SAFETY = SafetyInfo(
    quiz=None,
    safety_card=Card(
        "Your safety comes first",
        "Some of what you shared suggests that home may not always feel safe. "
        "That is not your fault.",
    ),
    crisis_card=Card("You deserve support right now", "Please reach out to one of the lines below."),
    lines=[
        Resource(
            "National Domestic Violence Hotline",
            "Call 1-800-799-7233, or text START to 88788",
            "US",
            "https://www.thehotline.org",
            date(2026, 11, 22),
            "abuse",
        ),
        Resource(
            "Find A Helpline",
            "Free, confidential helplines by country",
            "INTL",
            "https://findahelpline.com",
            date(2026, 11, 22),
            "directory",
        ),
    ],
)


@pytest.fixture
def only_fixture_quizzes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The catalog shows the app's fixture quiz and one broken file, nothing built in."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    shutil.copy(FIXTURES / "app_branching.yaml", folder / "app_branching.yaml")
    (folder / "zz_broken.yaml").write_text("format: 1\nid: Not An Id\n", encoding="utf-8")
    monkeypatch.setattr("readiness.locations.builtin_quiz_dir", lambda: folder)
    return folder


def make_app(**kwargs):
    app = build_app(quiz_path=FIXTURES / "app_branching.yaml", **kwargs)
    app.clock = lambda: FIXED
    app._safety_info = SAFETY  # no safety questions unless a test asks; fixed cards and lines
    return app


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
