"""The safety promise in the app, driven with the keyboard (issue 12): declining every
question, a crisis alone, answering the check again, and saving after anything raised."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from readiness.app import build_app
from support.paths import FIXTURES

FIXTURE = FIXTURES / "safety_joint.yaml"
FIXED = datetime(2026, 12, 2, 10, 4, 5, tzinfo=UTC)

# Digits on the five safety questions (afraid, hurt, control, watched, self_harm).
ALL_NO = "11111"
DECLINE_ALL = "44444"
AFRAID = "21111"  # "Sometimes" afraid: a concern
CRISIS_ONLY = "11112"  # "Yes, sometimes" thoughts of self-harm, everything else "No"


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


def on_show(widget) -> bool:
    """Shown: the widget and every container above it are displayed."""
    node = widget
    while node is not None and hasattr(node, "display"):
        if not node.display:
            return False
        node = node.parent
    return True


def visible_text(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query("Static") if on_show(w))


def screen_name(app) -> str:
    return type(app.screen).__name__


async def to_results(pilot, safety: str, quiz_digits: str = "11") -> None:
    """From the quiz's intro: answer it, then the safety check with `safety`'s digits."""
    app = pilot.app
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")  # intro
    for digit in quiz_digits:
        await pilot.press(digit, "enter")
    await pilot.pause()
    if screen_name(app) == "ReviewScreen":
        await pilot.press("right")
        await pilot.pause()
    if screen_name(app) == "SafetyIntroScreen":
        await answer_check(pilot, safety)
    assert screen_name(app) == "ResultsScreen", screen_name(app)


async def answer_check(pilot, digits: str) -> None:
    await pilot.press("enter")
    for digit in digits:
        await pilot.press(digit, "enter")
        await pilot.pause()


def app_for_fixture(**kwargs):
    app = build_app(quiz_path=FIXTURE, **kwargs)
    app.clock = lambda: FIXED
    return app


async def test_declining_every_question_gives_the_gentle_card_and_holds_joint_steps_behind_j() -> (
    None
):
    app = app_for_fixture()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_results(pilot, DECLINE_ALL)
        screen = app.screen
        result = screen.result
        assert result.safety.unsure and not result.safety.concern
        # the first thing on the page is the gentle card, with its lines and the emergency number
        first = screen.query_one("#page").children[0]
        assert "card" in first.classes and "unsure" in first.classes
        text = visible_text(app)
        assert "Support is here if you want it" in text
        assert "findahelpline.com" in text
        assert "In an emergency" in text
        assert "Keeping this private" in text
        # joint steps and the joint dimension are not shown
        assert "Suggest you do the call together" not in text
        assert "Plan one calm conversation" not in text
        assert "How you have been raising it" not in text
        assert "Something for yourself" in text
        assert "press j" in text.lower() or "Press j" in text
        # j shows them, j hides them again
        await pilot.press("j")
        await pilot.pause()
        text = visible_text(app)
        assert "Suggest you do the call together" in text and "Plan one calm conversation" in text
        await pilot.press("j")
        await pilot.pause()
        assert "Suggest you do the call together" not in visible_text(app)
    assert files_under(data_home()) == []


async def test_a_crisis_alone_leads_with_crisis_lines_and_pares_the_page_down() -> None:
    app = app_for_fixture()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_results(pilot, CRISIS_ONLY)
        screen = app.screen
        result = screen.result
        assert result.safety.crisis and not result.safety.concern and not result.safety.unsure
        first = screen.query_one("#page").children[0]
        assert "crisis" in first.classes
        assert len(result.next_steps) <= 2
        assert not {"together-call", "calm-talk"} & {s.id for s in result.next_steps}
        text = visible_text(app)
        assert "You deserve support right now" in text
        assert "Please reach out to someone now" in text  # the check's own step
        assert "Your own readiness" not in text  # the profile waits
        assert "press j" not in text.lower()  # a crisis never offers the joint steps
        await pilot.press("j")
        await pilot.pause()
        assert "Suggest you do the call together" not in visible_text(app)
        await pilot.press("v")
        await pilot.pause()
        text = visible_text(app)
        assert "Your own readiness" in text
        assert "How you have been raising it" not in text  # joint dimension held back


async def test_the_check_can_be_answered_again_from_results_and_review() -> None:
    app = app_for_fixture()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_results(pilot, ALL_NO)
        text = visible_text(app)
        assert "press c to answer it again" in text
        assert "Suggest you do the call together" in text
        assert not app.screen.query(".card.safety")
        # someone was watching: answer it again, honestly this time
        await pilot.press("c")
        await pilot.pause()
        assert screen_name(app) == "SafetyIntroScreen"
        assert "The safety check, again" in visible_text(app)
        await answer_check(pilot, AFRAID)
        assert screen_name(app) == "ResultsScreen"
        assert app.safety_state.concern
        text = visible_text(app)
        assert "Your safety comes first" in text
        assert "Suggest you do the call together" not in text
        assert "How you have been raising it" not in text
        # from review too, and Back from the check's intro returns to review unchanged
        await pilot.press("r")
        await pilot.pause()
        assert screen_name(app) == "ReviewScreen"
        assert "Press c to answer the safety check again" in visible_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert screen_name(app) == "SafetyIntroScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ReviewScreen"
        assert app.safety_state.concern


async def test_a_later_quiz_says_it_reuses_the_check_and_offers_the_same_key() -> None:
    app = app_for_fixture()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_results(pilot, ALL_NO)
        run = app.screen.run
        run.checked_here = False  # as a later quiz of the sitting would be
        app.show_results(run)
        await pilot.pause()
        text = visible_text(app)
        assert "use the safety check you answered earlier in this sitting" in text
        assert "Press c to answer it again" in text


async def test_after_a_concern_enter_does_not_save_and_y_saves_nothing_about_safety() -> None:
    app = app_for_fixture()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_results(pilot, AFRAID)
        assert "An author's step for a concern" in visible_text(app)  # on screen only
        await pilot.press("s")
        await pilot.pause()
        assert screen_name(app) == "SaferSaveScreen"
        words = visible_text(app)
        assert "anyone who can use this account" in words and "dates" in words
        assert "ctrl+q" in words
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
        assert files_under(data_home()) == []
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("s")  # s again is not a yes either
        await pilot.pause()
        assert files_under(data_home()) == []
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        saved = files_under(data_home())
        assert len(saved) == 2
        for path in saved:
            body = path.read_text(encoding="utf-8")
            assert "author-concern" not in body and "An author's step" not in body
            assert "Safety check" not in body and "safety" not in body.lower()
            assert "raising" not in body and "How you have been raising it" not in body


async def test_p_on_the_safety_intro_turns_saving_off_for_the_sitting() -> None:
    app = app_for_fixture()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", "1", "enter", "1", "enter")
        await pilot.pause()
        if screen_name(app) == "ReviewScreen":
            await pilot.press("right")
            await pilot.pause()
        assert screen_name(app) == "SafetyIntroScreen"
        assert "readiness --private" in visible_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert app.private
        assert "Private mode is on" in visible_text(app)
        await answer_check(pilot, ALL_NO)
        await pilot.press("s")
        await pilot.pause()
        assert "Private mode" in visible_text(app)
    assert files_under(data_home()) == []


async def _first_screen_check(lang: str, digits: str) -> None:
    app = app_for_fixture()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_results(pilot, digits)
        await pilot.pause()
        card = app.screen.query(".card").first()
        lines = list(card.query(".resource"))
        assert lines, lang
        bottom = app.size.height - 1  # the footer's row
        for line in lines:
            assert line.region.height > 0 and line.region.bottom <= bottom, (lang, str(line.region))


async def test_at_80x24_every_line_of_the_first_card_is_on_the_first_screen(monkeypatch) -> None:
    for lang in ("en_US.UTF-8", "en_GB.UTF-8", "C"):
        for digits in (AFRAID, DECLINE_ALL, CRISIS_ONLY, "44442"):
            monkeypatch.setenv("LANG", lang)
            monkeypatch.delenv("LC_ALL", raising=False)
            monkeypatch.delenv("LC_MESSAGES", raising=False)
            await _first_screen_check(lang, digits)
