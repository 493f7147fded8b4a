"""Issue 18, item 6: `exclusive: true` on an option of a multi question, and `labels: ends`
on a scale question. The model and schema know both; a key in the wrong place is an error
at the key; an answers file may not give an exclusive option with others; the screen's
labels, the printed questionnaire and a preview reload follow."""

from __future__ import annotations

import json

import pytest

from readiness.core.answers import parse_answers
from readiness.core.htmlpage import questionnaire_page
from readiness.core.loader import load_quiz_text, quiz_warnings
from readiness.core.model import Option, Question, Quiz, json_schema
from readiness.core.problems import QuizFileError
from readiness.core.scoring import evaluate

QUIZ = """\
format: 1
id: ex-test
title: Exclusive test
summary: Options that go alone, and a long scale.
scales:
  agree7:
    - {value: 1, label: Strongly disagree}
    - {value: 2, label: "2"}
    - {value: 3, label: "3"}
    - {value: 4, label: "4"}
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
  - id: pick
    type: choice
    text: Pick one
    options:
      - {id: a, label: A}
      - {id: b, label: B}
next_steps:
  - id: s
    title: S
    body: b
"""


def quiz(text: str = QUIZ) -> Quiz:
    return load_quiz_text(text, "q.yaml")


def problems(text: str) -> list[str]:
    with pytest.raises(QuizFileError) as caught:
        load_quiz_text(text, "q.yaml")
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# ------------------------------------------------------------------ model and schema


def test_the_valid_quiz_loads_with_no_warning_and_the_model_has_both_keys() -> None:
    q = quiz()
    assert quiz_warnings(q) == []
    worries = q.question("worries")
    assert worries is not None and worries.exclusive_ids == ("none", "skip")
    heard = q.question("heard")
    assert heard is not None and heard.labels == "ends"
    pick = q.question("pick")
    assert pick is not None and pick.labels == "all" and pick.exclusive_ids == ()


def test_the_defaults_change_nothing_for_a_quiz_without_the_keys() -> None:
    assert Option(id="x", label="X").exclusive is False
    assert Question(id="q", type="scale", text="Q?").labels == "all"


def test_the_schema_describes_both_keys() -> None:
    definitions = json_schema()["definitions"]
    exclusive = definitions["Option"]["properties"]["exclusive"]
    labels = definitions["Question"]["properties"]["labels"]
    assert exclusive["type"] == "boolean" and exclusive["default"] is False
    assert "multi" in exclusive["description"]
    assert labels["enum"] == ["all", "ends"] and labels["default"] == "all"
    assert "scale" in labels["description"]


def test_the_checked_in_schema_is_the_printed_one() -> None:
    from support.paths import REPO

    checked_in = json.loads((REPO / "quizzes" / "quiz.schema.json").read_text(encoding="utf-8"))
    assert checked_in == json.loads(json.dumps(json_schema()))


def test_exclusive_clash_names_the_exclusive_option_chosen_with_others() -> None:
    worries = quiz().question("worries")
    assert worries is not None
    assert worries.exclusive_clash(["cost", "none"]) == "none"
    assert worries.exclusive_clash(["none", "skip"]) == "none"
    assert worries.exclusive_clash(["none"]) is None
    assert worries.exclusive_clash(["cost", "judged"]) is None
    assert worries.exclusive_clash([]) is None


# ------------------------------------------------------------------ the screen's labels


def test_labels_ends_leaves_only_the_end_labels_for_the_question_screen() -> None:
    q = quiz()
    heard = q.question("heard")
    assert heard is not None
    assert q.screen_labels(heard) == [
        "Strongly disagree",
        None,
        None,
        None,
        None,
        None,
        "Strongly agree",
    ]
    # everything else keeps every label
    assert [label for _, label in q.choices(heard)][1:3] == ["2", "3"]


def test_labels_all_and_options_keep_every_label() -> None:
    q = quiz(QUIZ.replace("    labels: ends\n", ""))
    heard = q.question("heard")
    worries = q.question("worries")
    assert heard is not None and worries is not None
    assert None not in q.screen_labels(heard)
    assert q.screen_labels(worries) == [
        "The cost",
        "Being judged",
        "None of these",
        "I'd rather not say",
    ]


def test_scoring_is_the_same_with_or_without_labels_ends() -> None:
    answers = {"heard": 5, "worries": ["none"], "pick": "a"}
    plain = evaluate(quiz(QUIZ.replace("    labels: ends\n", "")), answers)
    ends = evaluate(quiz(), answers)
    assert [d.score for d in plain.dimensions] == [d.score for d in ends.dimensions]


def test_an_exclusive_option_scores_like_any_other() -> None:
    with_flag = quiz()
    without = quiz(QUIZ.replace(", exclusive: true}", "}"))
    for answers in ({"heard": 4, "worries": ["none"]}, {"heard": 4, "worries": ["cost"]}):
        answers = {**answers, "pick": "b"}
        assert [d.score for d in evaluate(with_flag, answers).dimensions] == [
            d.score for d in evaluate(without, answers).dimensions
        ]


# ------------------------------------------------------------------ keys in the wrong place


def test_exclusive_on_a_choice_option_is_an_error_at_the_key() -> None:
    text = QUIZ.replace("- {id: a, label: A}", "- {id: a, label: A, exclusive: true}")
    found = problems(text)
    line = line_of(text, "{id: a, label: A, exclusive")
    col = text.splitlines()[line - 1].index("exclusive") + 1
    assert found == [
        f"q.yaml:{line}:{col}: error: 'exclusive' is only for options of multi questions (a "
        "choice question takes one option anyway); remove it, or make the question 'multi'"
    ]


def test_exclusive_false_on_a_choice_option_is_an_error_too() -> None:
    """Like `reverse: false` on a choice question: the key is in the wrong place, whatever its value."""
    text = QUIZ.replace("- {id: b, label: B}", "- {id: b, label: B, exclusive: false}")
    assert len(problems(text)) == 1


@pytest.mark.parametrize("kind", ["choice", "multi", "text"])
def test_labels_on_a_question_that_is_not_a_scale_is_an_error_at_the_key(kind: str) -> None:
    text = QUIZ.replace("    type: choice\n", f"    type: {kind}\n    labels: ends\n")
    if kind == "text":
        text = text.replace(
            "    options:\n      - {id: a, label: A}\n      - {id: b, label: B}\n", ""
        )
    found = problems(text)
    # the second `labels: ends` in the file: the first is on the scale question
    line = max(i for i, s in enumerate(text.splitlines(), 1) if s == "    labels: ends")
    assert found == [
        f"q.yaml:{line}:5: error: 'labels' is only for scale questions; this one is '{kind}': "
        "remove it, or make the question 'scale'"
    ]


def test_a_wrong_labels_value_and_a_yes_for_exclusive_are_shape_errors_with_their_place() -> None:
    text = QUIZ.replace("labels: ends", "labels: end").replace(
        "- {id: none, label: None of these, exclusive: true}",
        "- {id: none, label: None of these, exclusive: yes}",
    )
    found = problems(text)
    labels_line = line_of(text, "labels: end")
    yes_line = line_of(text, "exclusive: yes")
    assert (
        f"q.yaml:{labels_line}:13: error: 'labels' must be one of 'all' or 'ends', not the text 'end'"
        in found
    )
    assert any(
        p.startswith(f"q.yaml:{yes_line}:") and "'exclusive' must be true or false" in p
        for p in found
    )


def test_a_multi_question_whose_options_all_go_alone_is_a_warning_at_its_options() -> None:
    text = QUIZ.replace("scores: {r: -1}}", "scores: {r: -1}, exclusive: true}")
    warnings = [str(w) for w in quiz_warnings(quiz(text))]
    options_line = line_of(text, "- {id: cost")
    assert warnings == [
        f"q.yaml:{options_line}:7: warning: every option of 'worries' is exclusive, so it takes one "
        "option at most: make it a choice question, or keep 'exclusive' only on the options that go alone"
    ]


def test_a_middle_point_numbered_other_than_its_value_is_a_warning_at_labels() -> None:
    # values 1-7 are whole numbers from 0 to 99: the screen shows each point by its value
    text = QUIZ.replace('{value: 2, label: "2"}', '{value: 2, label: "1"}')
    warnings = [str(w) for w in quiz_warnings(quiz(text))]
    line = line_of(text, "labels: ends")
    assert warnings == [
        f"q.yaml:{line}:13: warning: with labels: ends the screen shows each point between the ends "
        "by its value, but the scale 'agree7' labels the point of value 2 '1': the screen would "
        "say 2 where the review and results say 1; label each such point with its value, or in words"
    ]


def test_a_scale_from_0_labelled_by_value_is_no_warning_and_by_place_is_one() -> None:
    points = "".join(f'    - {{value: {v}, label: "{v}"}}\n' for v in range(1, 10))
    rate = (
        "  rate:\n    - {value: 0, label: Not at all}\n"
        + points
        + "    - {value: 10, label: Completely}\n"
    )
    text = QUIZ.replace("scales:\n", "scales:\n" + rate).replace(
        "    scale: agree7\n    labels: ends", "    scale: rate\n    labels: ends"
    )
    assert quiz_warnings(quiz(text)) == []  # the screen says 0...10, as the labels do
    by_place = text.replace(
        '{value: 1, label: "1"}\n    - {value: 2', '{value: 1, label: "2"}\n    - {value: 2'
    )
    warnings = [str(w) for w in quiz_warnings(quiz(by_place))]
    assert len(warnings) == 1 and "labels the point of value 1 '2'" in warnings[0]


def test_a_scale_of_decimals_is_still_shown_by_place_and_warned_by_place() -> None:
    text = QUIZ.replace('{value: 2, label: "2"}', '{value: 2.5, label: "3"}')
    warnings = [str(w) for w in quiz_warnings(quiz(text))]
    line = line_of(text, "labels: ends")
    assert warnings == [
        f"q.yaml:{line}:13: warning: with labels: ends the screen shows each point between the ends "
        "by its place, but the scale 'agree7' labels point 2 '3': the screen would say 2 where the "
        "review and results say 3; label each such point with its place, or let the values run "
        "1, 2, 3... so that the place, the label and the value agree"
    ]
    # a value over 99 also means places, and a label that is the place is no warning
    hundred = QUIZ.replace(
        "{value: 7, label: Strongly agree}", "{value: 100, label: Strongly agree}"
    )
    assert quiz_warnings(quiz(hundred)) == []


def test_middle_points_in_words_or_numbered_by_value_are_no_warning() -> None:
    words = QUIZ.replace('label: "3"}', "label: Somewhat disagree}")
    assert quiz_warnings(quiz(words)) == []
    # the same numbers without labels: ends say nothing either (the screen shows every label)
    unplaced = QUIZ.replace('{value: 2, label: "2"}', '{value: 2, label: "1"}')
    assert quiz_warnings(quiz(unplaced.replace("    labels: ends\n", ""))) == []


# ------------------------------------------------------------------ answers files


def test_an_answers_file_with_an_exclusive_option_and_others_is_refused_at_that_item() -> None:
    raw = "heard: 4\npick: a\nworries: [cost, none]\n"
    with pytest.raises(QuizFileError) as caught:
        parse_answers(raw, "a.yaml", quiz())
    assert [str(p) for p in caught.value.problems] == [
        "a.yaml:3:17: error: 'none' (None of these) is exclusive in 'worries': it goes alone, "
        "never with other options; give [none] on its own, or the others without it"
    ]


def test_two_exclusive_options_together_are_refused_in_a_block_list_too() -> None:
    raw = "heard: 4\npick: a\nworries:\n  - skip\n  - none\n"
    with pytest.raises(QuizFileError) as caught:
        parse_answers(raw, "a.yaml", quiz())
    (problem,) = caught.value.problems
    # the first exclusive option in the file's order of options ('none'), where the answer gives it
    assert str(problem).startswith(
        "a.yaml:5:5: error: 'none' (None of these) is exclusive in 'worries'"
    )


def test_the_refusal_comes_with_the_other_answer_errors() -> None:
    raw = "heard: 9\npick: a\nworries: [none, judged]\n"
    with pytest.raises(QuizFileError) as caught:
        parse_answers(raw, "a.yaml", quiz())
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 2
    assert "is not a value of the scale" in messages[0] and "is exclusive" in messages[1]


@pytest.mark.parametrize("worries", ["[none]", "[skip]", "[cost, judged]", "[]"])
def test_an_exclusive_option_alone_and_ordinary_ticks_are_accepted(worries: str) -> None:
    answers, warnings = parse_answers(f"heard: 4\npick: a\nworries: {worries}\n", "a.yaml", quiz())
    assert warnings == [] and isinstance(answers["worries"], list)


# ------------------------------------------------------------------ printed questionnaire


def test_the_blank_questionnaire_names_the_options_that_go_alone() -> None:
    page = questionnaire_page(quiz())
    assert "Tick all that apply, or only “None of these” or “I&#x27;d rather not say”." in page
    one = questionnaire_page(
        quiz(QUIZ.replace(", exclusive: true}\n      - {id: skip", "}\n      - {id: skip"))
    )
    assert "Tick all that apply, or only “I&#x27;d rather not say”." in one
    plain = questionnaire_page(quiz(QUIZ.replace(", exclusive: true}", "}")))
    assert "Tick all that apply." in plain and "or only" not in plain


def test_the_blank_questionnaire_keeps_every_label_of_a_labels_ends_scale() -> None:
    page = questionnaire_page(quiz())
    for label in ("Strongly disagree", "Strongly agree"):
        assert label in page
