"""↑↓ choose as they move on a choice or scale question: the marked answer (●) is always
the highlighted one, so the screen never shows one answer as chosen while Enter would
record another (a counsellor's report: ● on 4, highlight on 5, Enter recorded 5)."""

from __future__ import annotations

from textual.widgets import RadioButton

from support.pilot import fixture_app, ready


def _marked(app) -> list[int]:
    buttons = list(app.screen.query_one("#answer").query(RadioButton))
    return [i for i, b in enumerate(buttons) if b.value]


async def test_the_marker_follows_the_arrows_and_is_what_is_recorded() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "1")
        await pilot.pause()
        assert _marked(app) == [0]
        assert app.screen.run.answers["stance"] == "open"
        await pilot.press("down")
        await pilot.pause()
        assert _marked(app) == [1]  # the marker moved with the highlight
        assert app.screen.run.answers["stance"] == "refused"  # and that is the answer now
        await pilot.press("up")
        await pilot.pause()
        assert _marked(app) == [0]
        assert app.screen.run.answers["stance"] == "open"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.qid == "heard"
        assert app.screen.run.answers["stance"] == "open"


async def test_opening_a_question_marks_nothing_new() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert _marked(app) == []
        assert "stance" not in app.screen.run.answers
