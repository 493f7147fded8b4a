"""Comparing two saved results in the app (Pilot, issue 17): c marks one, c on another compares."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from textual.widgets import Static  # noqa: E402

from readiness.app.compare_screen import CompareScreen  # noqa: E402
from readiness.app.history_screen import HistoryScreen  # noqa: E402
from readiness.app.main import ReadinessApp  # noqa: E402
from support.history import open_history, save_three, text_of, utc  # noqa: E402,F401


def page_text(screen: CompareScreen) -> str:
    return "\n".join(str(s.render()) for s in screen.query(Static))


async def test_c_marks_then_c_on_another_of_the_same_quiz_compares() -> None:
    save_three()  # newest first: therapy (May), boundary (April), therapy (March)
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert screen.marked == screen.summaries[0].id
        assert "press c" in text_of(screen, "#history-status")

        await pilot.press("down", "c")  # another quiz: said, and the mark is kept
        await pilot.pause()
        assert app.screen is screen and screen.marked == screen.summaries[0].id
        assert any("different quizzes" in str(n.message) for n in app._notifications)

        await pilot.press("down", "c")
        await pilot.pause()
        compared = app.screen
        assert isinstance(compared, CompareScreen)
        assert screen.marked is None
        text = page_text(compared)
        assert "3 March and 1 May" in text  # the earlier first
        assert "Readiness, as renamed in v3" in text  # the later result's label
        for pair in compared.comparison.dimensions:
            assert pair.change in text
        assert "█" in text and " 48 " in text and " 60 " in text
        assert "30" in text  # partner openness 50 -> 20, in words

        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_esc_stops_choosing_and_c_again_unmarks() -> None:
    save_three()
    app = ReadinessApp()
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert screen.marked is not None
        await pilot.press("escape")  # stops choosing, stays on the list
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and screen.marked is None
        assert "newest first" in text_of(screen, "#history-status")
        await pilot.press("c", "c")  # the same one twice: unmarked
        await pilot.pause()
        assert screen.marked is None and isinstance(app.screen, HistoryScreen)


async def test_compare_is_off_with_fewer_than_two_results() -> None:
    save_three()[0]
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert screen.check_action("compare", ()) is True
    from readiness.core import store

    for summary in store.list_saved()[0][1:]:
        store.delete_saved(summary.id)
    app = ReadinessApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert screen.check_action("compare", ()) is False
        await pilot.press("c")
        await pilot.pause()
        assert screen.marked is None
