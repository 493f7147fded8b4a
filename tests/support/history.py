"""The saved-results screen through Pilot: three saved results, UTC dates, and waiting for the list.

`utc` is an autouse fixture: a test module that imports it runs every test in UTC.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from textual.widgets import Static

from readiness.app.history_screen import HistoryScreen
from readiness.core import store
from support.records import make_record


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def wait_loaded(pilot, screen: HistoryScreen, after: int = 0) -> None:
    """Wait until the list has been read more than `after` times."""
    for _ in range(250):
        if screen.load_count > after:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert screen.load_count > after


async def open_history(pilot) -> HistoryScreen:
    await pilot.pause()
    await pilot.press("h")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    await wait_loaded(pilot, screen)
    return screen


def save_three() -> list[store.SavedPaths]:
    return [
        store.save_result(
            make_record(
                taken_at="2026-03-03T12:00:00+00:00",
                scores={"own_readiness": 48, "partner_openness": 50},
            ),
            "# first\n\n## Your notes\n\n**What would help?**\n\n> More time\n",
        ),
        store.save_result(
            make_record(
                "boundary-needs",
                "2026-04-01T12:00:00+00:00",
                {"clarity": 80},
                title="Boundary needs",
            ),
            "# b\n",
        ),
        store.save_result(
            make_record(
                taken_at="2026-05-01T12:00:00+00:00",
                scores={"own_readiness": 60, "partner_openness": 20},
                version=3,
                labels={"own_readiness": "Readiness, as renamed in v3"},
            ),
            "# third\n",
        ),
    ]
