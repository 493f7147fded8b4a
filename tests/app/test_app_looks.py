"""How the app looks (issue 17): results lead with a short summary (after the safety
cards, never before them), lines keep a readable width, dialogs keep the see-through
backdrop, history rows keep a dimension's name at 60 columns, and home says when each
quiz was last taken (never when private or locked)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from readiness.app.services import SafetyState
from support.looks import settle, two_quiz_catalog
from support.snapshot_app import make_app


@pytest.fixture
def fixture_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return two_quiz_catalog(tmp_path, monkeypatch)


async def to_results(pilot: Any, **safety: bool) -> None:
    await settle(pilot)
    pilot.app.safety_state = SafetyState(**{"concern": False, "crisis": False, **safety})
    await pilot.press("enter", "1", "enter", "enter", "1", "enter", "enter", "right")
    await settle(pilot)


def page_order(screen: Any) -> list[str]:
    """The ids and classes of what the results page shows, top to bottom."""
    out = []
    for widget in screen.query_one("#page").query("*"):
        if not widget.display or not all(
            a.display for a in widget.ancestors_with_self if hasattr(a, "display")
        ):
            continue
        out.append(widget.id or " ".join(sorted(widget.classes)))
    return out


async def test_results_start_with_the_bands_and_the_first_step() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_results(pilot)
        screen = app.screen
        summary = screen.query_one("#summary")
        text = str(screen.query_one("#summary-lines").render())
        assert "Your readiness: Not yet · 1 more below" in text
        assert "openness" not in text  # the headline band only: the rest are just below
        assert "A first step to consider: Suggest one session together" in text
        # on the first screen at 100x30, under the title and the note, above the profile
        assert summary.region.y + summary.region.height <= 30 - 1
        order = page_order(screen)
        assert order.index("summary") < order.index("profile")


async def test_under_a_concern_the_cards_lead_and_the_summary_has_no_joint_step() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_results(pilot, concern=True)
        screen = app.screen
        order = page_order(screen)
        card = next(i for i, name in enumerate(order) if "card" in name.split())
        assert card < order.index("summary")
        text = str(screen.query_one("#summary-lines").render())
        assert "together" not in text  # the joint step is held back, here as everywhere


async def test_under_a_crisis_there_is_no_summary_before_the_card() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_results(pilot, crisis=True)
        assert not app.screen.query("#summary")


def test_the_summary_never_names_a_joint_step_when_holding_back() -> None:
    from readiness.app.result_view import summary_lines

    steps = [
        {"title": "Go together", "tags": ["joint"]},
        {"title": "A session for you", "tags": []},
    ]
    dims = [{"id": "r", "label": "Readiness", "band": {"label": "Ready"}}]
    text = "\n".join(summary_lines(dims, steps, holding_back=True))
    assert "Readiness: Ready" in text and "A session for you" in text and "Go together" not in text
    assert "Go together" in "\n".join(summary_lines(dims, steps, holding_back=False))


async def test_lines_are_capped_at_a_readable_width_on_a_wide_terminal() -> None:
    from textual.widgets import Static

    app = make_app()
    async with app.run_test(size=(180, 40)) as pilot:
        await to_results(pilot)
        page = app.screen.query_one("#page")
        for widget in page.children:
            assert widget.size.width <= 100, widget
        assert any(isinstance(w, Static) and w.size.width == 100 for w in page.query(Static))


async def test_dialogs_keep_the_see_through_backdrop() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_results(pilot)
        await pilot.press("n")  # leave these unsaved results? a dialog
        await settle(pilot)
        from textual.screen import ModalScreen

        assert isinstance(app.screen, ModalScreen)
        assert 0 < app.screen.styles.background.a < 1
        # the page behind shows through, faded: its words are still drawn
        text = "".join(s.text for strip in app.screen._compositor.render_strips() for s in strip)
        assert "Your snapshot" in text


@pytest.mark.parametrize("width", [19, 24, 33])
def test_history_rows_keep_a_dimensions_name(width: int) -> None:
    from readiness.app.history_text import headline

    bands = [
        ("Your readiness", "Getting ready", 55),
        ("Your partner's openness (as you see it)", "Hesitant", 30),
    ]
    text = headline(bands, width)
    assert text.startswith("Your readiness") and "55" in text and len(text) <= width, text


def test_history_rows_at_60_columns_keep_the_name() -> None:
    from readiness.app.history_text import TableLayout, headline

    layout = TableLayout.for_width(60, ["Deal-breaker factors"])
    for bands in (
        [
            ("Your readiness", "Getting ready", 55),
            ("Your partner's openness (as you see it)", "Hesitant", 30),
        ],
        [
            ("Arguments that go round in circles", "Worth watching", 45),
            ("Talks that go nowhere", "Calm", 10),
        ],
        [("Fear of being blamed (as you see it)", "Strong", 80)],
    ):
        text = headline(bands, layout.bands_width)
        first_word = bands[0][0].split()[0]
        assert text.startswith(first_word), text


# ------------------------------------------------------------ home: last taken


def save_one(quiz_id: str = "app-branching", when: str = "2026-03-03T12:00:00+00:00") -> None:
    from readiness.core import store
    from support.records import make_record

    store.save_result(make_record(quiz_id, when, title="Talking about therapy"), "# saved\n")


def home_lines(app: Any) -> list[str]:
    quizzes = app.screen.query_one("#quizzes")
    return [quizzes.get_option_at_index(i).prompt.plain for i in range(quizzes.option_count)]


async def home_text(private: bool = False, size: tuple[int, int] = (100, 30)) -> list[str]:
    from readiness.app import build_app

    app = build_app(private=private)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await settle(pilot)
        return home_lines(app)


async def test_home_says_when_a_quiz_was_last_taken(fixture_catalog: Path) -> None:
    save_one(when="2026-03-01T12:00:00+00:00")
    save_one(when="2026-03-03T12:00:00+00:00")
    lines = await home_text()
    talking = next(line for line in lines if "Talking about therapy" in line and "More" not in line)
    assert "last taken 3 March" in talking
    other = next(line for line in lines if "More talking" in line)
    assert "last taken" not in other  # never taken


async def test_home_says_nothing_of_the_past_when_private(fixture_catalog: Path) -> None:
    save_one()
    lines = await home_text(private=True)
    assert lines and not any("last taken" in line for line in lines)


async def test_home_says_nothing_of_the_past_when_results_are_locked(
    fixture_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness.core import protect, store

    save_one()
    monkeypatch.setattr(protect, "needs_unlock", lambda folder=None: True)

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise protect.LockedError("locked")

    monkeypatch.setattr(store, "list_saved", locked)
    lines = await home_text()
    assert lines and not any("last taken" in line for line in lines)


async def test_home_reads_no_saved_result_before_its_first_frame(
    fixture_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness.app import build_app
    from readiness.core import store

    save_one()
    frames: list[str] = []
    real = store.list_saved

    def spy(*args: Any, **kwargs: Any) -> Any:
        frames.append("read")
        assert kwargs.get("write_index") is False  # opening home writes nothing
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "list_saved", spy)
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert (
            "Looking for quizzes"
            in "".join(s.text for strip in app.screen._compositor.render_strips() for s in strip)
            or frames == []
        )
        await settle(pilot)
        await settle(pilot)
        assert frames == ["read"]
        assert any("last taken" in line for line in home_lines(app))


async def test_home_keeps_the_highlight_when_the_dates_arrive(fixture_catalog: Path) -> None:
    from readiness.app import build_app

    save_one()
    app = build_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        home = app.screen
        home._show_last_taken({})  # the dates go (a lock), then come back
        home._show_last_taken({"app-branching": __import__("datetime").datetime(2026, 3, 3, 12)})
        await settle(pilot)
        assert home.query_one("#quizzes").highlighted == 1


async def test_under_unsure_the_card_leads_and_the_first_step_is_ones_own() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.safety_state = SafetyState(unsure=True)
        await pilot.press("enter", "1", "enter", "enter", "1", "enter", "enter", "right")
        await settle(pilot)
        order = page_order(app.screen)
        card = next(i for i, name in enumerate(order) if "card" in name.split())
        assert card < order.index("summary")
        text = str(app.screen.query_one("#summary-lines").render())
        assert "Start with a session for yourself" in text and "together" not in text
