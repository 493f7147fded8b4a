"""`readiness preview FILE`: the app on one file, reloaded when it is saved (Pilot)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from readiness.app.main import ReadinessApp
from readiness.app.preview import carry_answers
from readiness.cli import main as cli_main
from readiness.core.loader import load_quiz
from support.pilot import FIXTURE, answer_all, data_home, files_under, ready, screen_name

GOOD = FIXTURE.read_text(encoding="utf-8")
READY_TEXT = "I would be willing to talk with a therapist about our relationship."
LOCATED = re.compile(r"^.+:\d+:\d+: error: .+", re.M)


def save(path: Path, text: str) -> None:
    """Write as an editor would, and make sure the watch can see it changed."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    after = max(path.stat().st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(after, after))


def preview_app(path: Path, poll: float = 0) -> ReadinessApp:
    return ReadinessApp(preview_path=path, preview_poll=poll)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def reload(pilot) -> str:
    outcome = pilot.app.preview.check()
    await pilot.pause()
    await pilot.pause()
    return outcome


async def to_question_three(pilot) -> None:
    """Intro, then stance 'open', heard 'broken', and stand on the scale question."""
    await ready(pilot)
    assert screen_name(pilot.app) == "IntroScreen"
    for key in ("enter", "1", "enter", "1", "enter"):
        await pilot.press(key)
        await pilot.pause()
    assert pilot.app.screen.qid == "ready"
    await pilot.press("3")
    await pilot.pause()


@pytest.fixture
def quiz_file(tmp_path: Path) -> Path:
    path = tmp_path / "draft.yaml"
    save(path, GOOD)
    return path


async def test_preview_reloads_after_a_change_keeping_the_answers_that_still_fit(
    quiz_file: Path,
) -> None:
    app = preview_app(quiz_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_question_three(pilot)
        run = app.preview.run
        assert run.answers == {"stance": "open", "heard": ["broken"], "ready": 3}
        assert text_of(app, "#question-text") == READY_TEXT
        assert await reload(pilot) == "unchanged"  # nothing saved yet, nothing done
        changed = GOOD.replace(READY_TEXT, "I am ready to see a therapist.").replace(
            "      - {id: broken, label: Therapy is for people who are broken, scores: {openness: -1}}\n",
            "",
        )
        save(quiz_file, changed)
        assert await reload(pilot) == "reloaded"
        assert screen_name(app) == "QuestionScreen" and app.screen.qid == "ready"
        assert text_of(app, "#question-text") == "I am ready to see a therapist."
        # the same run, the new quiz; the answer whose only option went is set aside
        assert app.preview.run is run and run.quiz.sha256 != load_quiz(FIXTURE).sha256
        assert run.answers == {"stance": "open", "ready": 3}
        # saving the same content again changes nothing
        save(quiz_file, changed)
        assert await reload(pilot) == "same"
    assert files_under(data_home()) == []


async def test_a_broken_save_shows_its_errors_and_the_last_good_version_stays_usable(
    quiz_file: Path,
) -> None:
    app = preview_app(quiz_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_question_three(pilot)
        good_quiz = app.preview.run.quiz
        broken = GOOD.replace("scores: {readiness: 1}", "scores: {readines: 1}").replace(
            "  - id: hope", "  - id: ready"
        )
        save(quiz_file, broken)
        assert await reload(pilot) == "broken"
        assert screen_name(app) == "PreviewProblemsScreen"
        shown = text_of(app, "#problems")
        lines = LOCATED.findall(
            shown.replace("\n/", "\n\0/").replace("\n", " ").replace("\0", "\n")
        )
        assert len(lines) == 2, shown
        assert str(quiz_file) + ":" in shown and "readines" in shown and "used twice" in shown
        assert "2 problems" in text_of(app, "#preview-problems-title")
        assert "last good version" in text_of(app, "#preview-problems-about")
        assert "2 problems" in app.sub_title
        # the last good version, still usable after closing the panel
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "QuestionScreen" and app.screen.qid == "ready"
        assert app.preview.run.quiz is good_quiz
        await pilot.press("enter")  # go on: the text question, then review
        await pilot.pause()
        assert app.screen.qid == "hope"
        await pilot.press(*"parrot", "enter")
        await pilot.pause()
        assert screen_name(app) == "ReviewScreen"
        # p shows the problems again while the file is broken; saving it broken again updates them
        await pilot.press("p")
        await pilot.pause()
        assert screen_name(app) == "PreviewProblemsScreen"
        save(quiz_file, broken.replace("format: 1", "format: 2"))
        assert await reload(pilot) == "broken"
        assert screen_name(app) == "PreviewProblemsScreen"
        assert "3 problems" in text_of(app, "#preview-problems-title")
        assert len(app.screen_stack) == 4  # updated in place, not a second panel


async def test_the_fix_removes_the_errors_reloads_and_keeps_the_earlier_answers(
    quiz_file: Path,
) -> None:
    app = preview_app(quiz_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_question_three(pilot)
        save(quiz_file, GOOD.replace("title: Talking about therapy", "title: [oops"))
        assert await reload(pilot) == "broken"
        assert screen_name(app) == "PreviewProblemsScreen"
        fixed = GOOD.replace(READY_TEXT, "Would you talk with a therapist?")
        save(quiz_file, fixed)
        assert await reload(pilot) == "reloaded"
        assert screen_name(app) == "QuestionScreen"  # the panel went by itself
        assert app.screen.qid == "ready"
        assert text_of(app, "#question-text") == "Would you talk with a therapist?"
        assert app.preview.run.answers == {"stance": "open", "heard": ["broken"], "ready": 3}
        assert not app.preview.watch.problems and "problem" not in app.sub_title
        await pilot.press("p")  # nothing to show any more
        await pilot.pause()
        assert screen_name(app) == "QuestionScreen"


async def test_a_file_broken_from_the_start_opens_waits_and_opens_the_quiz_once_fixed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new.yaml"
    save(path, "format: 1\nid: x\ntitle: [oops\n")
    app = preview_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen_name(app) == "PreviewProblemsScreen"
        assert f"{path}:" in text_of(app, "#problems")
        assert "nothing to show" in text_of(app, "#preview-problems-about")
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "PreviewScreen"
        assert "no good version" in text_of(app, "#preview-status")
        await pilot.press("enter")  # nothing to go to yet
        await pilot.pause()
        assert screen_name(app) == "PreviewScreen"
        save(path, GOOD)
        assert await reload(pilot) == "reloaded"
        assert screen_name(app) == "IntroScreen"


async def test_results_follow_the_file_and_the_safety_check_is_asked_as_usual(
    quiz_file: Path,
) -> None:
    app = preview_app(quiz_file)
    app.clock = lambda: datetime(2026, 11, 22, 10, 4, 5).astimezone()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await answer_all(pilot, digit="1")
        assert screen_name(app) == "ResultsScreen"
        assert app.safety_state is not None  # it was asked
        assert "Open" in "".join(str(s.render()) for s in app.screen.query(".dim-bar"))
        save(quiz_file, GOOD.replace("label: Open}", "label: Wide open}"))
        assert await reload(pilot) == "reloaded"
        assert screen_name(app) == "ResultsScreen"
        assert "Wide open" in "".join(str(s.render()) for s in app.screen.query(".dim-bar"))
        # preview never saves
        await pilot.press("s")
        await pilot.pause()
        assert screen_name(app) == "ResultsScreen"
        # home is the preview screen; c starts over (and asks the safety check again)
        await pilot.press("n")
        await pilot.pause()
        assert screen_name(app) == "PreviewScreen"
        await pilot.press("c")
        await pilot.pause()
        assert app.preview.run.answers == {} and app.safety_state is None
    assert files_under(data_home()) == []


async def test_the_watch_polls_by_itself(quiz_file: Path) -> None:
    app = preview_app(quiz_file, poll=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert screen_name(app) == "IntroScreen"
        save(quiz_file, GOOD.replace("title: Talking about therapy", "title: Talking it over"))
        for _ in range(40):
            await pilot.pause(0.05)
            if app.preview.run.quiz.title == "Talking it over":
                break
        await pilot.pause()
        assert app.preview.run.quiz.title == "Talking it over"
        assert "Talking it over" in str(app.screen.query_one(".title").render())


async def test_ctrl_q_leaves_from_the_problems_panel(quiz_file: Path) -> None:
    save(quiz_file, "format: 1\n")
    app = preview_app(quiz_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen_name(app) == "PreviewProblemsScreen"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


def test_carry_answers_keeps_what_fits() -> None:
    quiz = load_quiz(FIXTURE)
    answers = {
        "stance": "open",
        "heard": ["broken", "cost"],
        "ready": 3,
        "hope": "words",
        "gone": 1,
    }
    kept, dropped = carry_answers(quiz, answers)
    assert kept == {"stance": "open", "heard": ["broken", "cost"], "ready": 3, "hope": "words"}
    assert dropped == ["gone"]
    # an option removed from a multi answer is untied; a choice whose option went is set aside
    kept, dropped = carry_answers(quiz, {"stance": "maybe", "heard": ["old", "cost"], "ready": 7})
    assert kept == {"heard": ["cost"]} and dropped == ["stance", "ready"]
    # a question that is now hidden loses its answer
    kept, dropped = carry_answers(quiz, {"stance": "not_yet", "heard": ["cost"]})
    assert kept == {"stance": "not_yet"} and dropped == ["heard"]


def test_preview_of_a_missing_file_or_a_folder_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert cli_main(["preview", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert cli_main(["preview", str(tmp_path)]) == 2
    assert "folder" in capsys.readouterr().err


def test_the_preview_command_imports_textual_only_when_it_runs() -> None:
    code = (
        "import sys\n"
        "from readiness.cli import build_parser\n"
        "build_parser().parse_args(['preview', 'x.yaml'])\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_saves_while_help_is_open_show_over_it_and_the_page_follows_when_it_closes(
    quiz_file: Path,
) -> None:
    app = preview_app(quiz_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_question_three(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert screen_name(app) == "HelpScreen"
        save(quiz_file, "format: 1\n")
        assert await reload(pilot) == "broken"
        assert screen_name(app) == "PreviewProblemsScreen"
        save(quiz_file, GOOD.replace(READY_TEXT, "Changed while help was open."))
        assert await reload(pilot) == "reloaded"
        assert screen_name(app) == "HelpScreen"  # the panel went; help is as it was
        await pilot.press("escape")
        for _ in range(3):
            await pilot.pause()
        assert screen_name(app) == "QuestionScreen"
        assert text_of(app, "#question-text") == "Changed while help was open."
        assert app.preview.run.answers["ready"] == 3


async def test_warnings_show_in_preview_as_warnings(quiz_file: Path) -> None:
    """A valid file whose condition can never hold: the reload says so, p lists it as a warning."""
    app = preview_app(quiz_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_question_three(pilot)
        save(
            quiz_file,
            GOOD.replace("when: \"band.readiness == 'low'\"", 'when: "answer.ready >= 9"'),
        )
        assert await reload(pilot) == "reloaded"
        assert "1 warning" in app.sub_title
        assert any("1 warning: p shows them" in str(n.message) for n in app._notifications)
        await pilot.press("p")
        await pilot.pause()
        assert screen_name(app) == "PreviewProblemsScreen"
        assert "1 warning" in text_of(app, "#preview-problems-title")
        assert "valid and in use" in text_of(app, "#preview-problems-about")
        shown = text_of(app, "#problems")
        assert ": warning: " in shown and "never true" in shown and ": error: " not in shown
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "QuestionScreen"
        save(quiz_file, GOOD)  # fixed: the count goes
        assert await reload(pilot) == "reloaded"
        assert "warning" not in app.sub_title
