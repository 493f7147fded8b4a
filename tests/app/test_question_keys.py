"""The question screen: what the person sees is what gets recorded.

A counsellor's first try, item by item: ↑↓ move the marker (●) with the highlight and
Enter records the marked answer; a 0-10 scale with `labels: ends` reads 0...10 and a
digit picks the point of that value; a hint never promises a digit that does nothing;
walking on from a question reopened from the review meets every question not seen yet;
an empty multi answer with its own exclusive option reads "Nothing ticked" in the review.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import OptionList, RadioButton

from readiness.app import build_app
from readiness.app.widgets import AnswerButton, AnswerSelectionList
from support.pilot import FIXED, ready, screen_name

RATE = "\n".join(f'    - {{value: {v}, label: "{v}"}}' for v in range(1, 10))
MANY = "\n".join(f"      - {{id: o{n}, label: Option {n}}}" for n in range(1, 12))

QUIZ = f"""\
format: 1
id: keys
title: Keys
summary: What the screen shows is what is recorded.
scales:
  rate:
    - {{value: 0, label: Not at all}}
{RATE}
    - {{value: 10, label: Completely}}
  five:
    - {{value: 1, label: Never}}
    - {{value: 2, label: Rarely}}
    - {{value: 3, label: Sometimes}}
    - {{value: 4, label: Often}}
    - {{value: 5, label: Always}}
  halves:
    - {{value: 0.5, label: Low}}
    - {{value: 1.5, label: "2"}}
    - {{value: 2.5, label: High}}
dimensions:
  - id: r
    label: R
    bands:
      - {{id: all, max: 100, label: All}}
questions:
  - id: often
    type: scale
    text: How often?
    scale: five
    scores: {{r: 1}}
  - id: sure
    type: scale
    text: How sure are you?
    scale: rate
    labels: ends
    scores: {{r: 1}}
  - id: who
    type: multi
    text: Who could you talk to?
    options:
      - {{id: friend, label: A friend}}
      - {{id: family, label: Family}}
      - {{id: nobody, label: Nobody right now, exclusive: true}}
  - id: pick
    type: choice
    text: Pick one of many
    options:
{MANY}
  - id: ticks
    type: multi
    text: Tick any of many
    options:
{MANY}
  - id: half
    type: scale
    text: A scale of halves
    scale: halves
    labels: ends
    scores: {{r: 1}}
  - id: more
    type: text
    text: Anything more?
  - id: last
    type: text
    text: And last?
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


def marked(app: Any) -> list[int]:
    buttons = list(app.screen.query_one("#answer").query(RadioButton))
    return [i for i, b in enumerate(buttons) if b.value]


def labels(app: Any) -> list[str]:
    return [str(button.label) for button in app.screen.query(AnswerButton)]


def hint(app: Any) -> str:
    return " ".join(str(app.screen.query_one("#hint").render()).split())


async def press(pilot: Any, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def to(pilot: Any, qid: str) -> None:
    """From the intro, answer each question on the way with its first choice (or nothing)."""
    await ready(pilot)
    await press(pilot, "enter")  # the intro
    while pilot.app.screen.qid != qid:
        question = pilot.app.screen.question
        await press(pilot, "1" if question.type in ("scale", "choice") else "enter")
        if question.type in ("scale", "choice"):
            await press(pilot, "enter")


# ------------------------------------------------------------ 1. ● is what Enter records


async def test_digit_then_arrow_moves_the_marker_and_enter_records_what_is_marked(
    tmp_path: Path,
) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "often")
        await press(pilot, "4")
        assert marked(app) == [3]
        await press(pilot, "down")  # the highlight moves to 5, and the marker with it
        assert marked(app) == [4]
        assert app.screen.query_one("#answer").highlighted == 4
        await press(pilot, "enter")
        assert app.screen.qid == "sure"
        assert app.screen.run.answers["often"] == 5  # the marked one, as shown


async def test_the_arrows_stop_at_the_ends_rather_than_wrap_round(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "often")
        await press(pilot, "5", "down")  # one ↓ too many on "Always" keeps "Always"
        assert marked(app) == [4] and app.screen.run.answers["often"] == 5
        await press(pilot, "1", "up")
        assert marked(app) == [0] and app.screen.run.answers["often"] == 1


async def test_enter_with_nothing_marked_records_nothing_and_asks(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "often")
        await press(pilot, "enter")
        assert app.screen.qid == "often" and "often" not in app.screen.run.answers
        assert marked(app) == []


async def test_enter_on_a_multi_question_never_ticks_what_the_highlight_is_on(
    tmp_path: Path,
) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "who")
        await press(pilot, "down", "down")  # the highlight on "Nobody right now", unticked
        answer = app.screen.query_one("#answer", AnswerSelectionList)
        assert list(answer.selected) == []
        await press(pilot, "enter")
        assert app.screen.qid == "pick"
        assert app.screen.run.answers["who"] == []  # nothing ticked, nothing recorded as ticked
        await press(pilot, "escape")
        assert app.screen.qid == "who"
        await press(pilot, "1", "down", "enter")  # Enter does not untick either
        assert app.screen.run.answers["who"] == ["friend"]


# ------------------------------------------------ 2. labels: ends shows the scale's values


async def test_a_0_to_10_scale_with_labels_ends_reads_0_to_10(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "sure")
        shown = labels(app)
        assert shown[0] == "0   Not at all" and shown[10] == "10  Completely"
        assert shown[1:10] == [str(v) for v in range(1, 10)]
        assert "Press 0-9 or use ↑↓ to choose (only ↑↓ reach 10), then Enter" in hint(app)
        await press(pilot, "0")  # digit 0 is the point of value 0
        assert marked(app) == [0] and app.screen.run.answers["sure"] == 0
        await press(pilot, "7")
        assert marked(app) == [7] and app.screen.run.answers["sure"] == 7
        await press(pilot, "9", "down")  # only ↑↓ reach 10
        assert marked(app) == [10] and app.screen.run.answers["sure"] == 10
        await press(pilot, "enter", "r")
        assert screen_name(app) == "ReviewScreen"
        sure = app.screen.run.quiz.question("sure")
        assert app.screen.run.answer_text(sure) == "Completely"  # the review keeps the label


async def test_a_scale_of_decimals_keeps_numbering_by_place(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "half")
        assert labels(app) == ["1  Low", "2", "3  High"]
        assert "Press 1-3 or use ↑↓ to choose, then Enter" in hint(app)
        await press(pilot, "2")
        assert app.screen.run.answers["half"] == 1.5


async def test_without_labels_ends_nothing_changes(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "often")
        assert labels(app)[0] == "1  Never"
        assert "Press 1-5 or use ↑↓ to choose, then Enter to go on." in hint(app)
        await press(pilot, "0", "6")  # no point has these numbers
        assert marked(app) == [] and "often" not in app.screen.run.answers


# ------------------------------------------------------ 3. more than nine choices: the hint


async def test_a_choice_of_eleven_says_only_the_arrows_reach_past_nine(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "pick")
        assert "Press 1-9 or use ↑↓ to choose (only ↑↓ reach those after the ninth)" in hint(app)
        assert labels(app)[9].startswith("   Option 10")  # no number where no digit reaches
        await press(pilot, "9", "down", "down")
        assert app.screen.run.answers["pick"] == "o11"


async def test_a_multi_of_eleven_says_only_the_arrows_reach_past_nine(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "ticks")
        assert (
            "press 1-9, or move with ↑↓ and press space (only ↑↓ reach those after the ninth)"
            in hint(app)
        )
        await press(pilot, "0")  # no option has 0
        assert list(app.screen.query_one("#answer", AnswerSelectionList).selected) == []


# --------------------------------------------- 4. walking on from the review meets the rest


async def test_walking_on_from_a_reopened_question_meets_the_unseen_optional_ones(
    tmp_path: Path,
) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "pick")
        await press(pilot, "r")  # to the review before the last questions
        assert screen_name(app) == "ReviewScreen"
        await press(pilot, "3")  # reopen "who"
        assert app.screen.qid == "who" and app.screen.from_review
        seen: list[str] = []
        while screen_name(app) == "QuestionScreen":
            seen.append(app.screen.qid)
            if app.screen.question.type in ("scale", "choice") and not marked(app):
                await press(pilot, "1")
            await press(pilot, "enter")
        assert seen == ["who", "pick", "ticks", "half", "more", "last"]
        assert screen_name(app) == "ReviewScreen"


async def test_walking_on_passes_over_the_optional_ones_already_seen(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "last")
        await press(pilot, "enter")  # last, left empty: the review
        assert screen_name(app) == "ReviewScreen"
        await press(pilot, "6")  # reopen "half"
        await press(pilot, "enter")
        assert screen_name(app) == "ReviewScreen"  # "more" and "last" were seen, left empty


# ------------------------------------------------- 5. an empty multi answer in the review


async def test_nothing_ticked_beside_an_exclusive_option_reads_as_nothing_ticked(
    tmp_path: Path,
) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "pick")
        assert app.screen.run.answers["who"] == []
        await press(pilot, "r")
        run = app.screen.run
        assert run.answer_text(run.quiz.question("who")) == "Nothing ticked"
        grid = app.screen.query_one("#answers", OptionList).get_option("q-who").prompt
        cells = [str(cell) for column in grid.columns for cell in column.cells]
        assert "→ Nothing ticked" in cells and "→ None of these" not in cells
    plain = QUIZ.replace(", exclusive: true}", "}")
    app = app_for(tmp_path, plain)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "pick")
        run = app.screen.run
        assert run.answer_text(run.quiz.question("who")) == "None of these"


async def test_keys_typed_quickly_record_what_is_marked(tmp_path: Path) -> None:
    """Digits and ↑↓ mark at once, not when a message comes round: Enter straight after
    them records the marked answer, as a quick typist (or tmux) sends them."""
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "pick")
        for key, char in [("9", "9"), ("down", None), ("down", None), ("enter", "\r")]:
            app.post_message(events.Key(key, char))  # all at once, as a terminal sends a burst
        await pilot.pause()
        await pilot.pause()
        assert app.screen.qid == "ticks"
        assert app.screen.run.answers["pick"] == "o11"
        await pilot.press("escape")
        await pilot.pause()
        assert marked(app) == [10]
        for key, char in [("4", "4"), ("down", None), ("down", None), ("up", None)]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert marked(app) == [4]  # one marker, where the keys left it
        assert app.screen.query_one("#answer").highlighted == 4
        assert app.screen.run.answers["pick"] == "o5"
        for key, char in [("2", "2"), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.qid == "ticks"
        assert app.screen.run.answers["pick"] == "o2"


async def test_a_click_marks_highlights_and_is_what_enter_records(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to(pilot, "often")
        buttons = list(app.screen.query(AnswerButton))
        await pilot.click(buttons[2])
        await pilot.pause()
        assert marked(app) == [2] and app.screen.query_one("#answer").highlighted == 2
        await press(pilot, "down", "enter")
        assert app.screen.run.answers["often"] == 4
