"""The review shows each `section` as a heading before its first answer (format 1: a section
is "shown with progress and in review"); a heading is never an answer to open."""

from __future__ import annotations

from textual.widgets import OptionList

from support.pilot import fixture_app, ready, screen_name


def _rows(app) -> list[tuple[str, bool]]:
    answers = app.screen.query_one("#answers", OptionList)
    rows = []
    for index in range(answers.option_count):
        option = answers.get_option_at_index(index)
        rows.append((option.id or str(option.prompt), option.disabled))
    return rows


async def test_sections_head_their_answers_in_the_review() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for key in ("enter", "1", "enter", "enter", "3", "enter", "enter"):
            await pilot.press(key)
            await pilot.pause()
        assert screen_name(app) == "ReviewScreen"
        rows = _rows(app)
        assert rows[:3] == [("Your partner", True), ("q-stance", False), ("q-heard", False)]
        assert ("About you", True) in rows
        assert rows.index(("About you", True)) == rows.index(("q-ready", False)) - 1
        assert [r for r in rows if r[0] in ("Your partner", "About you")] == [
            ("Your partner", True),
            ("About you", True),
        ]
        # the arrows pass over a heading: from the first answer up, nothing is a heading
        answers = app.screen.query_one("#answers", OptionList)
        answers.highlighted = rows.index(("q-stance", False))
        await pilot.press("up")
        await pilot.pause()
        assert not answers.get_option_at_index(answers.highlighted or 0).disabled
        # digits still open answers by their number, headings not counted
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.qid == "ready"
