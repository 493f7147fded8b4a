"""The terminal app, driven with the keyboard through Textual's Pilot."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from readiness import locations
from readiness.app import build_app
from support.paths import REPO
from support.pilot import (
    CONCERN,
    FIXED,
    FIXTURE,
    NO_CONCERN,
    all_statics,
    answer_all,
    data_home,
    files_under,
    fixture_app,
    ready,
    screen_name,
    shown_statics,
)

BUILTIN = sorted(p.stem for p in (REPO / "quizzes").glob("*.yaml"))


# ------------------------------------------------------------------ whole flow


@pytest.mark.parametrize("quiz_id", BUILTIN)
async def test_every_builtin_quiz_end_to_end_with_digit_keys(quiz_id: str) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert screen_name(app) == "HomeScreen"
        ids = [e.id for e in app.catalog.entries]
        assert quiz_id in ids
        await pilot.press(str(ids.index(quiz_id) + 1))
        await pilot.pause()
        assert screen_name(app) == "IntroScreen"
        await answer_all(pilot, digit="2")
        result = app.screen.result
        assert result.quiz.id == quiz_id
        assert result.next_steps, "every quiz should suggest at least one step"
        # every visible required question was answered
        assert not app.screen.run.missing()
    assert files_under(data_home()) == []


async def test_take_opens_straight_into_a_quiz_and_review_comes_before_results() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert screen_name(app) == "IntroScreen"
        await pilot.press("enter")
        assert screen_name(app) == "QuestionScreen"
        assert "Question 1 of 4" in str(app.screen.query_one("#progress").render())
        for key in ("1", "enter", "enter", "3", "enter", "enter"):
            await pilot.press(key)
            await pilot.pause()
        assert screen_name(app) == "ReviewScreen"


async def test_enter_needs_a_choice_first_and_never_picks_one_unseen() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.press("enter")  # nothing picked yet
        await pilot.pause()
        assert screen_name(app) == "QuestionScreen"
        assert app.screen.qid == "stance"
        assert "stance" not in app.screen.run.answers
        await pilot.press("down", "enter")  # arrows then Enter picks the highlighted one
        await pilot.pause()
        assert app.screen.qid == "heard"


async def test_going_back_and_changing_an_answer_hides_a_question_and_drops_its_answer() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "1", "enter")  # stance: open
        await pilot.pause()
        assert app.screen.qid == "heard"
        run = app.screen.run
        await pilot.press("1", "2", "enter")  # tick two things heard
        await pilot.pause()
        assert run.answers["heard"] == ["broken", "blamed"]
        assert app.screen.qid == "ready"
        assert "Question 3 of 4" in str(app.screen.query_one("#progress").render())
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen.qid == "heard"
        await pilot.press("left")
        await pilot.pause()
        assert app.screen.qid == "stance"
        await pilot.press("3")  # "I have not asked yet": the next question no longer applies
        await pilot.pause()
        assert "heard" not in run.answers
        assert "Question 1 of 3" in str(app.screen.query_one("#progress").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.qid == "ready"
        assert "Question 2 of 3" in str(app.screen.query_one("#progress").render())


async def test_the_next_question_is_prepared_while_reading_and_shown_on_enter() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "1")  # stance: open, so "heard" comes next
        await pilot.pause()
        prepared = app._prepared
        assert prepared is not None and prepared.qid == "heard"
        assert prepared not in app.screen_stack  # built out of sight
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prepared
        assert "Question 2 of 4" in str(app.screen.query_one("#progress").render())
        assert app._prepared is not None and app._prepared.qid == "ready"


async def test_a_prepared_question_that_no_longer_applies_is_never_shown() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        prepared = app._prepared
        assert prepared is not None and prepared.qid == "heard"  # prepared before any answer
        await pilot.press("3", "enter")  # "I have not asked yet" hides "heard"
        await pilot.pause()
        assert app.screen.qid == "ready" and app.screen is not prepared
        assert not prepared.is_attached  # dropped, not left running out of sight
        assert "Question 2 of 3" in str(app.screen.query_one("#progress").render())


async def test_a_prepared_question_shows_the_count_as_it_is_when_shown() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        run = app.screen.run
        app.prepare_question(run, "ready")  # built while "heard" still counts: 3 of 4
        await pilot.pause()
        prepared = app._prepared
        assert "Question 3 of 4" in str(prepared.query_one("#progress").render())
        await pilot.press("3", "enter")  # "heard" no longer applies
        await pilot.pause()
        assert app.screen is prepared
        assert "Question 2 of 3" in str(app.screen.query_one("#progress").render())


async def test_a_prepared_question_looks_exactly_like_one_built_when_asked_for() -> None:
    async def screenshots(prepare: bool) -> list[str]:
        app = fixture_app()
        if not prepare:
            app.prepare_question = lambda run, qid: None
        shots = []
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("enter")
            for keys in (("1", "enter"), ("1", "enter"), ("f2", "2", "enter")):  # f2: another theme
                await pilot.press(*keys)
                await pilot.pause()
                await pilot.pause()
                shots.append((app.screen.qid, app.export_screenshot()))
        return shots

    prepared = await screenshots(True)
    locations.config_file().unlink(
        missing_ok=True
    )  # F2 saved the theme; the second run starts as the first did
    built = await screenshots(False)
    assert [qid for qid, _ in prepared] == ["heard", "ready", "hope"]
    assert prepared == built


async def test_review_jumps_to_a_question_and_comes_back() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "3", "enter", "2", "enter", "enter")
        await pilot.pause()
        assert screen_name(app) == "ReviewScreen"
        assert [q.id for q in app.screen.shown] == ["stance", "ready", "hope"]
        await pilot.press("2")  # jump to the second answer
        await pilot.pause()
        assert screen_name(app) == "QuestionScreen"
        assert app.screen.qid == "ready" and app.screen.from_review
        await pilot.press("3", "enter")
        await pilot.pause()
        assert screen_name(app) == "ReviewScreen"
        assert app.screen.run.answers["ready"] == 3
        # change the first answer so a question appears: it is asked before review again
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        assert screen_name(app) == "QuestionScreen" and app.screen.qid == "heard"
        await pilot.press("enter")  # nothing ticked: "none of these" is an answer
        await pilot.pause()
        assert screen_name(app) == "ReviewScreen"
        assert app.screen.run.answers["heard"] == []
        # r from a question opens the review too
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert screen_name(app) == "ReviewScreen"


async def test_results_show_the_steps_the_answers_call_for_with_reasons() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "1", "enter", "enter", "1", "enter")  # open partner, not ready
        await pilot.press("enter")  # no note
        await pilot.press("right")  # from review: see my results
        await pilot.pause()
        assert screen_name(app) == "SafetyIntroScreen"
        await answer_all(pilot, safety_digit=NO_CONCERN)
        result = app.screen.result
        shown = [s.id for s in result.next_steps]
        assert shown[:2] == ["invite-together", "start-with-you"]
        assert not result.safety.concern
        text = all_statics(app)
        assert "Suggest one session together" in text
        assert "Your readiness: Not yet" in text
        assert "An educational snapshot, not a diagnosis" in text
        assert "not enough answers" not in text


async def test_safety_concern_leads_with_the_card_and_hides_joint_steps() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot, digit="1", safety_digit=CONCERN)
        result = app.screen.result
        assert result.safety.concern
        assert "invite-together" not in [s.id for s in result.next_steps]
        first = app.screen.query_one("#page").children[0]
        assert "card" in first.classes
        # the safety answers are forgotten; only the two booleans stay for this run
        assert app.safety_state is not None and app.safety_state.concern
        # asked once per run: review, then results again, without a second check
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
    assert files_under(data_home()) == []


async def test_the_persons_own_words_are_shown_in_the_results() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "3", "enter", "3", "enter")
        await pilot.press(*"That I am not blaming them")
        await pilot.press("enter")
        await answer_all(pilot)
        text = all_statics(app)
        assert "That I am not blaming them" in text


# ---------------------------------------------------------------------- saving


async def test_s_saves_both_files_private_after_the_shared_device_note() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot)
        assert files_under(data_home()) == []
        await pilot.press("s")
        await pilot.pause()
        assert screen_name(app) == "ShareNoteScreen"
        assert files_under(data_home()) == []  # nothing before they say yes
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
        saved = files_under(data_home())
        assert {p.suffix for p in saved if not p.name.startswith(".")} == {".json", ".md"}
        for path in saved:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(saved[0].parent.stat().st_mode) == 0o700
        # the note is said once per run; a second s does not save twice
        await pilot.press("s")
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
        assert len(files_under(data_home())) == len(saved)


async def test_n_on_an_unsaved_result_asks_first_and_one_key_confirms() -> None:
    """Issue 17: n threw an unsaved result away without a word; now it asks, and y leaves."""
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert screen_name(app) == "LeaveResultsScreen"
        assert "not saved" in all_statics(app)
        await pilot.press("escape")  # stays
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
        await pilot.press("n", "n")  # n means no, as in every dialog: stays
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
        await pilot.press("n", "y")  # asks, then one key leaves
        await pilot.pause()
        assert screen_name(app) == "HomeScreen"
        assert files_under(data_home()) == []


async def test_n_in_private_mode_says_the_results_are_not_kept() -> None:
    app = fixture_app(private=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert screen_name(app) == "LeaveResultsScreen"
        assert "Private mode is on" in all_statics(app)
        await pilot.press("y")
        await pilot.pause()
        assert screen_name(app) == "HomeScreen"


async def test_declining_the_note_saves_nothing() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
    assert files_under(data_home()) == []


async def test_private_mode_writes_nothing_and_says_so() -> None:
    app = fixture_app(private=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "saving off" in app.screen.sub_title.lower()
        await pilot.press("enter")
        await answer_all(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
    assert files_under(data_home()) == []


@pytest.mark.parametrize("width", [80, 60, 44])
async def test_the_title_line_says_saving_is_off_whole_at_any_usual_width(width: int) -> None:
    from readiness.app.bars import TitleBar

    app = build_app(private=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await ready(pilot)
        await pilot.pause()
        bar = app.screen.query_one(TitleBar)
        line = "".join(segment.text for segment in bar.render_line(0))
        assert "readiness — Private: saving off" in line
        assert "…" not in line


# ------------------------------------------------------------------ quick exit


async def _quick_exit_from(where: str, key: str = "ctrl+q") -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "1", "enter")
        if where == "text":
            await pilot.press("enter", "1", "enter")
            assert app.screen.question.type == "text"
            await pilot.press(*"secret")
        elif where == "review":
            await pilot.press("r")
        elif where == "results":
            await answer_all(pilot)
        elif where == "help":
            await pilot.press("f1")
        elif where == "save-note":
            await answer_all(pilot)
            await pilot.press("s")
        elif where == "leave-note":
            await answer_all(pilot)
            await pilot.press("n")
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code in (0, None)
    assert files_under(data_home()) == []


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c"])
@pytest.mark.parametrize(
    "where", ["question", "text", "review", "results", "help", "save-note", "leave-note"]
)
async def test_ctrl_q_leaves_at_once_from_anywhere_and_writes_nothing(where: str, key: str) -> None:
    """ctrl+c is the same quick exit (issue 17), a text answer and the dialogs included."""
    await _quick_exit_from(where, key)


async def test_ctrl_q_from_home_and_during_the_safety_check() -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "3", "enter", "1", "enter", "enter", "right", "enter", "2")
        await pilot.pause()
        assert app.screen.run.is_safety
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert files_under(data_home()) == []


# ------------------------------------------------------------------ the rest


async def test_help_opens_from_every_screen_and_closes() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert screen_name(app) == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "IntroScreen"


async def test_broken_quiz_files_are_listed_apart(tmp_path: Path) -> None:
    extra = tmp_path / "quizzes"
    extra.mkdir()
    (extra / "bad.yaml").write_text("format: 1\nid: Bad Id\n", encoding="utf-8")
    app = build_app(extra_quiz_dirs=[extra])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        box = app.screen.query_one("#broken")
        assert box.display
        assert "bad.yaml" in str(box.render())
        await pilot.press("b")
        await pilot.pause()
        assert screen_name(app) == "ProblemsScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "HomeScreen"


def footer_keys(app) -> list:
    """(key, description) of every key in the screen's footer line."""
    from readiness.app.bars import Footer

    return [(key, description) for key, _, description, _ in app.screen.query_one(Footer).shown]


async def test_the_footer_shows_a_key_as_soon_as_it_applies_and_keeps_keys_that_did_not_change(
    tmp_path: Path,
) -> None:
    extra = tmp_path / "quizzes"
    extra.mkdir()
    (extra / "bad.yaml").write_text("format: 1\nid: Bad Id\n", encoding="utf-8")
    app = build_app(extra_quiz_dirs=[extra])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "Problems" in [
            description for _, description in footer_keys(app)
        ]  # b: only once files are broken
        from readiness.app.bars import Footer

        shown = app.screen.query_one(Footer).shown
        await pilot.press("down", "down")
        app.screen.refresh_bindings()  # asked to look again, with nothing changed: the keys stay
        await pilot.pause()
        assert app.screen.query_one(Footer).shown is shown  # not even rebuilt


async def test_home_says_nothing_is_saved_and_h_is_gentle() -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "Nothing is saved unless you choose to save." in str(
            app.screen.query_one("#nothing-saved").render()
        )
        await pilot.press("h")
        await pilot.pause()
        assert app.is_running


async def test_small_terminal_still_reaches_the_results() -> None:
    app = fixture_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot)
        assert screen_name(app) == "ResultsScreen"


def test_importing_the_package_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = "import sys, readiness.app; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------ tester's reports


async def test_enter_takes_the_highlighted_option_after_a_digit_and_an_arrow() -> None:
    """A digit picks and highlights; ↓ then moves the highlight; Enter takes where it is."""
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "1", "down", "enter")
        await pilot.pause()
        assert app.screen.qid == "heard"
        assert app.screen.run.answers["stance"] == "refused"


async def test_enter_takes_the_highlighted_option_when_changing_an_answer_from_review() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "1", "enter", "enter", "3", "enter", "enter")
        await pilot.pause()
        assert screen_name(app) == "ReviewScreen"
        assert app.screen.run.answers["ready"] == 3
        await pilot.press("3")  # the scale question, opened from review: its answer highlighted
        await pilot.pause()
        assert app.screen.qid == "ready"
        await pilot.press("up", "enter")
        await pilot.pause()
        assert screen_name(app) == "ReviewScreen"
        assert app.screen.run.answers["ready"] == 2
        await pilot.press("1")  # the choice question: "They were open to it"
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # to "I have not asked yet"
        await pilot.pause()
        assert app.screen.run.answers["stance"] == "not_yet"
        assert "heard" not in app.screen.run.answers


async def test_multi_space_ticks_the_highlighted_one_and_enter_only_goes_on() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        assert app.screen.question.type == "multi"
        hint = str(app.screen.query_one("#hint").render())
        assert "space" in hint and "Enter goes on" in hint
        await pilot.press("down", "space", "enter")  # the highlight starts on the first one
        await pilot.pause()
        assert app.screen.run.answers["heard"] == ["blamed"]


def shown_text(widget) -> str:
    """What a widget draws, line by line, as plain text."""
    from textual.geometry import Region

    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)


def words(text: str) -> str:
    return " ".join(text.split())


LONG_CHOICE = "They said no, and that it would only mean paying for it later, with anger, silent treatment or threats"
LONG_TICK = "We can't afford it, not this year and not with everything else that needs paying for, or threats"


def long_labels_app(tmp_path: Path):
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("label: They said no,", f"label: {LONG_CHOICE!r},")
    text = text.replace("label: We can't afford it}", f'label: "{LONG_TICK}"}}')
    quiz = tmp_path / "long.yaml"
    quiz.write_text(text, encoding="utf-8")
    app = build_app(quiz_path=quiz)
    app.clock = lambda: FIXED
    return app


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_long_answer_options_wrap_and_are_never_cut(tmp_path: Path, size) -> None:
    from readiness.app.widgets import AnswerButton

    app = long_labels_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        buttons = list(app.screen.query(AnswerButton))
        drawn = [shown_text(button) for button in buttons]
        assert all("…" not in text for text in drawn)
        assert LONG_CHOICE in words(drawn[1])
        assert buttons[1].size.height > 1  # onto further lines
        assert all(len(line) <= size[0] for text in drawn for line in text.splitlines())
        await pilot.press("1", "enter")
        await pilot.pause()
        assert app.screen.question.type == "multi"
        ticks = shown_text(app.screen.query_one("#answer"))
        assert "…" not in ticks
        assert LONG_TICK in words(ticks)


async def test_every_option_of_therapy_readiness_question_one_shows_whole_at_60x20() -> None:
    from readiness.app.widgets import AnswerButton

    app = build_app(quiz_id="therapy-readiness")
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        labels = [label for _, label in app.screen.choices]
        drawn = [words(shown_text(button)) for button in app.screen.query(AnswerButton)]
        for label, text in zip(labels, drawn, strict=True):
            assert label in text


def screen_text(app) -> str:
    """Everything the terminal shows right now, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def test_home_at_60x20_scrolls_with_the_highlight_and_keeps_nothing_saved_in_view() -> None:
    app = build_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        assert "Nothing is saved unless you choose to save." in screen_text(app)
        last = app.catalog.entries[-1]
        await pilot.press("down", "down")
        await pilot.pause()
        shown = words(screen_text(app))
        assert words(last.summary) in shown
        assert "Nothing is saved unless you choose to save." in shown
        await pilot.press("home")
        await pilot.pause()
        assert "Choose a quiz to begin." in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert words(last.summary) in words(screen_text(app))


async def test_home_at_80x24_with_a_broken_file_reaches_every_line(tmp_path: Path) -> None:
    extra = tmp_path / "quizzes"
    extra.mkdir()
    (extra / "bad.yaml").write_text("format: 1\nid: Bad Id\n", encoding="utf-8")
    app = build_app(extra_quiz_dirs=[extra])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "Nothing is saved unless you choose to save." in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        shown = screen_text(app)
        assert "Press b to see every problem." in shown
        assert "Nothing is saved unless you choose to save." in shown


async def test_under_a_safety_concern_the_closing_words_never_suggest_doing_it_together() -> None:
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot, digit="1", safety_digit=CONCERN)
        assert app.screen.result.safety.concern
        closing = str(app.screen.query_one("#closing").render())
        assert "together" not in closing
        assert "on your own" in closing
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:  # no concern: together is still offered
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot, digit="1", safety_digit=NO_CONCERN)
        assert "together" in str(app.screen.query_one("#closing").render())


def flagged_app(tmp_path: Path):
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace(
        "\nquestions:\n", "\nflags:\n  leaning_out: \"answer.stance == 'refused'\"\n\nquestions:\n"
    )
    text += (
        "  - id: when-leaning-out\n"
        "    title: Give it time\n"
        "    body: Some people need a while.\n"
        '    when: "flag.leaning_out"\n'
        "    priority: 60\n"
    )
    quiz = tmp_path / "flagged.yaml"
    quiz.write_text(text, encoding="utf-8")
    app = build_app(quiz_path=quiz)
    app.clock = lambda: FIXED
    return app


async def test_a_flag_reason_reads_as_words_on_the_results(tmp_path: Path) -> None:
    from readiness.core.report import reasons_line

    app = flagged_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "2", "enter")  # they said no: leaning out
        await answer_all(pilot)
        step = next(s for s in app.screen.result.next_steps if s.id == "when-leaning-out")
        assert "leaning_out" in step.why
        text = shown_statics(app)
        assert f"Why this one: {reasons_line(step.why)}" in text
        assert "Leaning out" in text
        assert "leaning_out" not in text


async def test_d_shows_how_each_score_was_worked_out() -> None:
    from readiness.core.report import how_computed

    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot)
        dims = app.screen.result.to_record()["dimensions"]
        # each one's arithmetic, under its own label (so without the label again)
        lines = [how_computed(dim).removeprefix(f"{dim['label']}: ")[1:] for dim in dims]
        assert all(len(line) > 20 for line in lines)
        assert "Press d to see how each score was worked out." in shown_statics(app)
        assert not any(line in shown_statics(app) for line in lines)  # no clutter until asked
        await pilot.press("d")
        await pilot.pause()
        text = shown_statics(app)
        assert all(line in text for line in lines)
        await pilot.press("d")
        await pilot.pause()
        assert not any(line in shown_statics(app) for line in lines)


async def test_crisis_and_concern_list_each_line_once() -> None:
    from datetime import date

    from readiness.app.services import SafetyInfo, SafetyState
    from readiness.core.safety import Card, Resource

    directory = Resource(
        "Find A Helpline",
        "Free, confidential helplines by country",
        "INTL",
        "https://findahelpline.com",
        date(2026, 11, 22),
        "directory",
    )
    for lines in (
        [directory],
        [
            directory,
            Resource("Line", "Call 1", "US", "https://a.example", date(2026, 11, 22), "abuse"),
        ],
    ):
        app = fixture_app()
        app._safety_info = SafetyInfo(
            quiz=None,
            safety_card=Card("Your safety comes first", "Body."),
            crisis_card=Card("You deserve support right now", "Body."),
            lines=lines,
        )
        app.safety_state = SafetyState(concern=True, crisis=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press("enter")
            await answer_all(pilot)
            assert len(app.screen.query(".card")) == 2
            text = shown_statics(app)
            assert text.count("findahelpline.com") == 1
            assert text.count("Find A Helpline") == 1


async def test_s_in_private_mode_says_saving_is_off_and_writes_nothing() -> None:
    app = fixture_app(private=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot)
        await pilot.press("s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(
            "Saving is off for this run" in m and "nothing was written" in m for m in messages
        )
    assert files_under(data_home()) == []


async def test_the_saved_notice_breaks_its_folder_only_at_separators_and_goes_when_leaving() -> (
    None
):
    from readiness.app.results_screen import wrap_path

    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")  # yes to the shared-device note
        await pilot.pause()
        folder = str(app.screen.saved.folder)
        notice = next(n for n in app._notifications if n.title == "Saved")
        assert folder not in notice.message.split("\n")  # too long for one line of a notice here
        path_lines = wrap_path(folder, app.screen._toast_width()).split("\n")
        assert "\n".join(path_lines) in notice.message
        assert "".join(path_lines) == folder
        assert all(line.endswith(os.sep) for line in path_lines[:-1])  # never inside a name
        assert all(len(line) <= 38 for line in path_lines)  # a toast at 80 columns holds 38
        hint = str(app.screen.query_one("#save-hint").render())
        assert folder in hint.split("\n")  # on its own line on the page
        await pilot.press("n")  # on to home, then the saved results
        await pilot.pause()
        assert screen_name(app) == "HomeScreen"
        assert not [n for n in app._notifications if n.title == "Saved"]


def test_wrap_path_never_breaks_inside_a_name_that_fits() -> None:
    from readiness.app.results_screen import wrap_path

    assert wrap_path("/home/someone/.local/share/readiness/results", 20).split("\n") == [
        "/home/someone/",
        ".local/share/",
        "readiness/results",
    ]
    assert wrap_path("/a/" + "x" * 25, 10).split("\n") == ["/a/", "x" * 10, "x" * 10, "x" * 5]


async def test_review_of_a_long_quiz_says_which_numbers_work() -> None:
    app = build_app(quiz_id="therapy-readiness")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        for _ in range(60):
            if screen_name(app) == "ReviewScreen":
                break
            if app.screen.question.type != "text":
                await pilot.press("1")
            await pilot.press("enter")
            await pilot.pause()
        assert screen_name(app) == "ReviewScreen" and len(app.screen.shown) > 9
        about = str(app.screen.query_one("#review-about").render())
        assert "or its number" not in about
        assert "1-9 for the first nine" in about
        await pilot.press("9")  # the ninth still opens
        await pilot.pause()
        assert app.screen.qid == app.screen.run.visible()[8].id


@pytest.mark.parametrize("width, shown", [(80, True), (60, False)])
async def test_f2_is_in_the_footer_when_it_fits_and_works_at_any_width(
    width: int, shown: bool
) -> None:
    app = fixture_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        keys = [key for key, _ in footer_keys(app)]
        assert ("f2" in keys) is shown
        dark = app.current_theme.dark
        await pilot.press("f2")
        await pilot.pause()
        assert app.current_theme.dark is not dark
    assert "F2" in (REPO / "src" / "readiness" / "app" / "help.md").read_text(encoding="utf-8")


def _bar_in_order(shown: tuple) -> None:
    """Quick exit, then Enter's action, then Back (always "esc"), the screen's keys, Help, the app's."""
    keys = [key for key, _, _, _ in shown]
    displays = {description: display for _, display, description, _ in shown}
    assert keys[0] == "ctrl+q", keys
    rest = keys[1:]
    if "enter" in rest:
        assert rest.pop(0) == "enter", keys
        assert displays[next(d for k, _, d, _ in shown if k == "enter")] == "↵"
    if "Back" in displays:
        assert displays["Back"] == "esc", keys
        assert rest.pop(0) == "escape", keys
    assert "f1" in rest and all(k in ("f1", "f2", "p") for k in rest[rest.index("f1") :]), keys


async def test_one_key_bar_order_and_names_on_every_screen() -> None:
    """Issue 17: the same order and the same names (↵ for Enter, esc for Back) on every screen."""
    from readiness.app.bars import Footer

    app = fixture_app()
    seen: set[str] = set()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)

        async def check() -> None:
            await pilot.pause()
            await pilot.pause()
            seen.add(screen_name(app))
            _bar_in_order(app.screen.query_one(Footer).shown)

        await check()  # the intro
        await pilot.press("enter")
        await check()  # a question
        await pilot.press("r")
        await check()  # review
        await pilot.press("escape")  # back to the question (Esc is Back here too)
        await pilot.pause()
        assert screen_name(app) == "QuestionScreen"
        await answer_all(pilot)
        await check()  # results
        await pilot.press("n", "y")
        await check()  # home
        await pilot.press("h")
        await check()  # saved results (none yet)
    assert seen >= {
        "IntroScreen",
        "QuestionScreen",
        "ReviewScreen",
        "ResultsScreen",
        "HomeScreen",
        "HistoryScreen",
    }
