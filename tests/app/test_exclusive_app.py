"""Issue 18, item 6, in the app: an exclusive option ("None of these") clears the other ticks
and any other tick clears it, by keyboard; `labels: ends` shows a long scale's end labels
only, the points between by their number; a preview reload sets aside ticks that no longer
fit together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness.app import build_app
from readiness.app.preview import carry_answers
from readiness.app.widgets import AnswerButton, AnswerSelectionList
from readiness.core.loader import load_quiz_text
from support.pilot import FIXED, ready, screen_name

QUIZ = """\
format: 1
id: ex-app
title: Exclusive in the app
summary: Options that go alone, and a long scale.
scales:
  agree7:
    - {value: 1, label: Strongly disagree}
    - {value: 2, label: "2"}
    - {value: 3, label: "3"}
    - {value: 4, label: Neither}
    - {value: 5, label: "5"}
    - {value: 6, label: "6"}
    - {value: 7, label: Strongly agree}
dimensions:
  - id: r
    label: R
    bands:
      - {id: all, max: 100, label: All}
questions:
  - id: heard
    type: scale
    text: I feel heard at home.
    scale: agree7
    labels: ends
    scores: {r: 1}
  - id: worries
    type: multi
    text: Which of these hold you back?
    options:
      - {id: cost, label: The cost, scores: {r: -1}}
      - {id: judged, label: Being judged, scores: {r: -1}}
      - {id: none, label: None of these, exclusive: true}
      - {id: skip, label: "I'd rather not say", exclusive: true}
  - id: plain
    type: scale
    text: And this one?
    scale: agree7
next_steps:
  - id: s
    title: S
    body: b
"""


def app_for(tmp_path: Path, text: str = QUIZ) -> Any:
    quiz = tmp_path / "q.yaml"
    quiz.write_text(text, encoding="utf-8")
    app = build_app(quiz_path=quiz)
    app.clock = lambda: FIXED
    return app


def ticked(app: Any) -> list[str]:
    return list(app.screen.query_one("#answer", AnswerSelectionList).selected)


def labels(app: Any) -> list[str]:
    return [str(button.label) for button in app.screen.query(AnswerButton)]


async def to_worries(pilot: Any) -> None:
    await ready(pilot)
    await pilot.press("enter")  # the intro
    await pilot.pause()
    await pilot.press("4", "enter")  # the long scale
    await pilot.pause()
    assert pilot.app.screen.qid == "worries"


async def test_ticking_the_exclusive_option_clears_the_others_and_any_other_clears_it(
    tmp_path: Path,
) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_worries(pilot)
        await pilot.press("1", "2")
        await pilot.pause()
        assert ticked(app) == ["cost", "judged"]
        await pilot.press("3")  # None of these
        await pilot.pause()
        assert ticked(app) == ["none"]
        assert app.screen.run.answers["worries"] == ["none"]
        await pilot.press("2")  # Being judged: None of these goes
        await pilot.pause()
        assert ticked(app) == ["judged"]
        assert app.screen.run.answers["worries"] == ["judged"]
        await pilot.press("4")  # I'd rather not say
        await pilot.pause()
        assert ticked(app) == ["skip"]
        await pilot.press("3")  # one exclusive option clears another too
        await pilot.pause()
        assert ticked(app) == ["none"]
        await pilot.press("3")  # and unticking it leaves nothing ticked
        await pilot.pause()
        assert ticked(app) == []
        await pilot.press("1", "4", "enter")
        await pilot.pause()
        assert app.screen.qid == "plain"
        assert app.screen.run.answers["worries"] == ["skip"]


async def test_arrows_and_space_follow_the_same_rule(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_worries(pilot)
        await pilot.press("space")  # the highlight starts on the first: The cost
        await pilot.press("down", "space")  # Being judged
        await pilot.pause()
        assert ticked(app) == ["cost", "judged"]
        await pilot.press("down", "space")  # None of these
        await pilot.pause()
        assert ticked(app) == ["none"]
        await pilot.press("up", "up", "space")  # back to The cost
        await pilot.pause()
        assert ticked(app) == ["cost"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.run.answers["worries"] == ["cost"]


async def test_the_hint_names_the_options_that_go_alone(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_worries(pilot)
        hint = " ".join(str(app.screen.query_one("#hint").render()).split())
        assert "“None of these” and “I'd rather not say” each go alone" in hint
        assert "none ticked means" not in hint
    one = QUIZ.replace('label: "I\'d rather not say", exclusive: true', "label: Other")
    app = app_for(tmp_path, one)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_worries(pilot)
        hint = " ".join(str(app.screen.query_one("#hint").render()).split())
        assert "“None of these” goes alone: ticking it clears the others" in hint


async def test_coming_back_to_the_question_keeps_the_rule(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_worries(pilot)
        await pilot.press("3", "enter")
        await pilot.pause()
        await pilot.press("escape")  # back from the next question
        await pilot.pause()
        assert app.screen.qid == "worries" and ticked(app) == ["none"]
        await pilot.press("1")
        await pilot.pause()
        assert ticked(app) == ["cost"]


async def test_labels_ends_shows_the_end_labels_only_and_numbers_the_rest(
    tmp_path: Path,
) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.qid == "heard"
        assert labels(app) == ["1  Strongly disagree", "2", "3", "4", "5", "6", "7  Strongly agree"]
        await pilot.press("4", "enter")  # chosen by its number; the answer is its value
        await pilot.pause()
        assert app.screen.run.answers["heard"] == 4
        await pilot.press("enter")  # nothing ticked
        await pilot.pause()
        assert app.screen.qid == "plain"  # the same scale, every label
        assert labels(app)[3] == "4  Neither" and labels(app)[1] == "2  2"


async def test_the_review_names_the_chosen_point_by_its_label(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter", "4", "enter")  # shown as "4" alone on the question screen
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert screen_name(app) == "ReviewScreen"
        heard = app.screen.run.quiz.question("heard")
        assert app.screen.run.answer_text(heard) == "Neither"


async def test_more_than_nine_points_are_all_numbered_with_the_labels_in_one_column(
    tmp_path: Path,
) -> None:
    points = "\n".join(
        f'    - {{value: {v}, label: "{v}"}}' for v in range(2, 11)
    )  # 1 and 11 have words
    text = QUIZ.replace(
        "  agree7:\n",
        f"  rate11:\n    - {{value: 1, label: Not at all}}\n{points}\n"
        "    - {value: 11, label: Completely}\n  agree7:\n",
    ).replace("    scale: agree7\n    labels: ends", "    scale: rate11\n    labels: ends")
    app = app_for(tmp_path, text)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        shown = labels(app)
        assert shown[0] == "1   Not at all" and shown[9] == "10" and shown[10] == "11  Completely"


def test_a_preview_reload_sets_aside_ticks_that_an_exclusive_option_no_longer_allows() -> None:
    quiz = load_quiz_text(QUIZ, "q.yaml")
    kept, dropped = carry_answers(quiz, {"heard": 4, "worries": ["cost", "none"], "plain": 2})
    assert dropped == ["worries"] and kept == {"heard": 4, "plain": 2}
    kept, dropped = carry_answers(quiz, {"heard": 4, "worries": ["none"]})
    assert dropped == [] and kept["worries"] == ["none"]
