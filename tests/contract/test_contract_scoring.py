"""Contract, "Scoring": the table, min/max over visible answered questions, exact rounding."""

from __future__ import annotations

import pytest
from contractlib import (
    choice_q,
    dim,
    dimension,
    multi_q,
    opt,
    quiz_dict,
    run,
    scale,
    scale_q,
    text_q,
)


def one(question: dict, answer, **top) -> dict:
    """Score a quiz with one question (plus whatever `top` adds) and return dimension d."""
    return dimension(run(quiz_dict([question], **top), {question["id"]: answer}))


# --- scale ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "answer", "raw", "lo", "hi", "score"),
    [
        (1, 4, 4, 1, 5, 75),
        (2, 4, 8, 2, 10, 75),
        (3, 1, 3, 3, 15, 0),
        (3, 5, 15, 3, 15, 100),
        (-1, 4, -4, -5, -1, 25),  # negative weight: least is w*hi, most is w*lo
        (-2, 1, -2, -10, -2, 100),
        (-2, 5, -10, -10, -2, 0),
    ],
)
def test_scale_contribution_is_weight_times_value(weight, answer, raw, lo, hi, score):
    d = one(scale_q("q", {"d": weight}), answer)
    assert (d["raw"], d["min"], d["max"], d["score"]) == (raw, lo, hi, score)


@pytest.mark.parametrize(
    ("answer", "raw", "score"), [(1, 5, 100), (2, 4, 75), (4, 2, 25), (5, 1, 0)]
)
def test_reverse_uses_min_plus_max_minus_value(answer, raw, score):
    d = one(scale_q("q", {"d": 1}, reverse=True), answer)
    assert (d["raw"], d["min"], d["max"], d["score"]) == (raw, 1, 5, score)


def test_reverse_with_a_negative_weight():
    d = one(scale_q("q", {"d": -1}, reverse=True), 4)  # v = 1+5-4 = 2, contribution -2
    assert (d["raw"], d["min"], d["max"], d["score"]) == (-2, -5, -1, 75)


def test_reverse_uses_the_scales_own_min_and_max_not_1_to_5():
    scales = {"s": scale(values=[0, 10, 20, 30])}
    d = one(scale_q("q", {"d": 1}, reverse=True), 10, scales=scales)  # 0+30-10 = 20
    assert (d["raw"], d["min"], d["max"], d["score"]) == (20, 0, 30, 67)


def test_reverse_keeps_the_answer_as_given_in_the_record_and_in_expressions():
    d = quiz_dict(
        [scale_q("q", {"d": 1}, reverse=True)],
        next_steps=[{"id": "four", "title": "T", "body": "B", "when": "answer.q == 4"}],
    )
    record = run(d, {"q": 4}).to_record()
    assert record["answers"] == {"q": 4}
    assert [s["id"] for s in record["next_steps"]] == ["four"]


def test_scale_weight_may_be_a_decimal_and_raw_keeps_it():
    d = one(scale_q("q", {"d": 0.5}), 3)
    assert (d["raw"], d["min"], d["max"], d["score"]) == (1.5, 0.5, 2.5, 50)


def test_scale_values_need_not_start_at_one():
    scales = {"s": scale(values=[-2, -1, 0, 1, 2])}
    d = one(scale_q("q", {"d": 1}), 1, scales=scales)
    assert (d["raw"], d["min"], d["max"], d["score"]) == (1, -2, 2, 75)


def test_a_scale_question_scores_only_the_dimensions_it_names():
    dims = [dim("d"), dim("e")]
    result = run(quiz_dict([scale_q("q", {"d": 1})], dimensions=dims), {"q": 5})
    assert dimension(result, "d")["score"] == 100
    assert dimension(result, "e")["score"] is None


def test_one_scale_question_may_feed_several_dimensions_with_different_signs():
    dims = [dim("d"), dim("e")]
    result = run(quiz_dict([scale_q("q", {"d": 1, "e": -1})], dimensions=dims), {"q": 2})
    assert dimension(result, "d")["score"] == 25
    assert dimension(result, "e")["score"] == 75


# --- choice ---------------------------------------------------------------------------------------


CHOICE = [opt("none", d=0), opt("some", d=2), opt("lots", d=10), opt("na")]


@pytest.mark.parametrize(
    ("answer", "raw", "score"), [("none", 0, 0), ("some", 2, 20), ("lots", 10, 100)]
)
def test_choice_contributes_the_chosen_options_score(answer, raw, score):
    d = one(choice_q("c", CHOICE), answer)
    assert (d["raw"], d["min"], d["max"], d["score"]) == (raw, 0, 10, score)


def test_choice_option_without_a_score_is_not_applicable_and_leaves_the_question_out():
    d = one(choice_q("c", CHOICE), "na")
    assert (d["raw"], d["min"], d["max"], d["score"], d["band"]) == (0, 0, 0, None, None)


def test_not_applicable_choice_does_not_move_min_or_max_of_other_questions():
    questions = [choice_q("c", CHOICE), scale_q("q", {"d": 1})]
    d = dimension(run(quiz_dict(questions), {"c": "na", "q": 4}))
    assert (d["raw"], d["min"], d["max"], d["score"]) == (4, 1, 5, 75)


def test_choice_option_scoring_only_another_dimension_is_not_applicable_for_d():
    dims = [dim("d"), dim("e")]
    options = [opt("a", d=0), opt("b", d=4), opt("other", e=3)]
    result = run(quiz_dict([choice_q("c", options)], dimensions=dims), {"c": "other"})
    assert dimension(result, "d")["score"] is None
    assert dimension(result, "e")["max"] == 3 and dimension(result, "e")["min"] == 3


def test_choice_min_and_max_range_only_over_options_that_score_d():
    options = [opt("a", d=3), opt("b", d=5), opt("na")]  # least 3, most 5 (not 0)
    d = one(choice_q("c", options), "a")
    assert (d["raw"], d["min"], d["max"], d["score"]) == (3, 3, 5, 0)


def test_choice_with_negative_option_scores():
    options = [opt("a", d=-3), opt("b", d=1), opt("c", d=-1)]
    d = one(choice_q("c", options), "c")
    assert (d["raw"], d["min"], d["max"], d["score"]) == (-1, -3, 1, 50)


# --- multi ----------------------------------------------------------------------------------------


MULTI = [opt("x", d=2), opt("y", d=-1), opt("z", d=3), opt("w")]


@pytest.mark.parametrize(
    ("answer", "raw", "score"),
    [
        (["x", "y"], 1, 33),  # 100 * (1 - -1) / 6 = 33.3
        (["x", "z"], 5, 100),
        (["y"], -1, 0),
        (["w"], 0, 17),  # an option without a score counts 0
        ([], 0, 17),  # an empty list is an answer ("none of these")
        (["x", "y", "z", "w"], 4, 83),
    ],
)
def test_multi_sums_chosen_scores_with_least_negative_and_most_positive(answer, raw, score):
    d = one(multi_q("m", MULTI), answer)
    assert (d["raw"], d["min"], d["max"], d["score"]) == (raw, -1, 5, score)


def test_multi_empty_list_is_an_answer_that_counts():
    d = one(multi_q("m", [opt("x", d=1), opt("y", d=1)]), [])
    assert (d["raw"], d["min"], d["max"], d["score"]) == (0, 0, 2, 0)
    assert d["band"] == {"id": "low", "label": "Low"}


def test_multi_whose_options_never_score_d_does_not_touch_d():
    dims = [dim("d"), dim("e")]
    result = run(
        quiz_dict([multi_q("m", [opt("x", e=1), opt("y")])], dimensions=dims), {"m": ["x", "y"]}
    )
    assert dimension(result, "d")["score"] is None
    assert dimension(result, "e")["score"] == 100


def test_multi_with_only_negative_scores():
    d = one(multi_q("m", [opt("x", d=-1), opt("y", d=-2)]), ["x"])
    assert (d["raw"], d["min"], d["max"], d["score"]) == (-1, -3, 0, 67)


# --- text, and the set of questions that count ----------------------------------------------------


def test_text_questions_are_never_scored():
    d = one(text_q("t"), "anything at all")
    assert (d["raw"], d["min"], d["max"], d["score"], d["band"]) == (0, 0, 0, None, None)


def test_unanswered_questions_neither_help_nor_hurt():
    questions = [scale_q("a", {"d": 1}), scale_q("b", {"d": 10}, required=False)]
    d = dimension(run(quiz_dict(questions), {"a": 5}))
    assert (d["raw"], d["min"], d["max"], d["score"]) == (5, 1, 5, 100)


def test_hidden_questions_neither_help_nor_hurt_even_when_answered():
    questions = [
        choice_q("gate", [opt("open"), opt("shut")]),
        scale_q("a", {"d": 1}),
        scale_q("b", {"d": 10}, show_if="answer.gate == 'open'"),
    ]
    shut = dimension(run(quiz_dict(questions), {"gate": "shut", "a": 5, "b": 1}))
    assert (shut["raw"], shut["min"], shut["max"], shut["score"]) == (5, 1, 5, 100)
    opened = dimension(run(quiz_dict(questions), {"gate": "open", "a": 5, "b": 1}))
    assert (opened["raw"], opened["min"], opened["max"]) == (15, 11, 55)
    assert opened["score"] == 9  # 100 * 4 / 44 = 9.09


def test_sums_over_mixed_question_types():
    questions = [
        scale_q("s1", {"d": 2}),  # 2*4=8 in [2, 10]
        scale_q("s2", {"d": -1}, reverse=True),  # v=1+5-2=4 -> -4 in [-5, -1]
        choice_q("c", [opt("a", d=1), opt("b", d=3)]),  # 3 in [1, 3]
        multi_q("m", [opt("x", d=2), opt("y", d=-2)]),  # 2 in [-2, 2]
        text_q("t"),
    ]
    answers = {"s1": 4, "s2": 2, "c": "b", "m": ["x"], "t": "notes"}
    d = dimension(run(quiz_dict(questions), answers))
    assert (d["raw"], d["min"], d["max"]) == (9, -4, 14)
    assert d["score"] == 72  # 100 * 13 / 18 = 72.2


# --- exact rounding half up -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "answer", "score"),
    [
        (list(range(9)), 1, 13),  # 1/8 = 12.5 -> 13 (banker's rounding would give 12)
        (list(range(9)), 3, 38),  # 37.5 -> 38
        (list(range(9)), 5, 63),  # 62.5 -> 63 (banker's: 62)
        (list(range(9)), 7, 88),  # 87.5 -> 88
        (list(range(4)), 2, 67),  # 2/3 = 66.67 -> 67
        (list(range(4)), 1, 33),  # 33.33 -> 33
        (list(range(201)), 1, 1),  # 0.5 -> 1
        (list(range(201)), 199, 100),  # 99.5 -> 100
        (list(range(7)), 1, 17),  # 16.67
    ],
)
def test_score_is_rounded_half_up(values, answer, score):
    d = one(scale_q("q", {"d": 1}), answer, scales={"s": scale(values=values)})
    assert d["score"] == score


@pytest.mark.parametrize(
    ("scores", "answer", "expected"),
    [
        # In floating point these land just below .5 (72.49999..., 12.4999...): exact gives .5 -> up.
        ([0, 0.29, 0.4], 1, 73),
        ([0, 0.17, 1.36], 1, 13),
        ([0, 0.21, 0.56], 1, 38),
        ([0, 0.35, 0.56], 1, 63),
    ],
)
def test_score_is_computed_exactly_not_in_floating_point(scores, answer, expected):
    options = [opt(f"o{i}", d=s) for i, s in enumerate(scores)]
    d = one(choice_q("c", options), f"o{answer}")
    assert d["score"] == expected


def test_decimal_scale_values_are_exact():
    scales = {"s": scale(values=[0, 0.1, 0.2, 0.3])}
    d = one(scale_q("q", {"d": 1}), 0.1, scales=scales)
    assert d["score"] == 33
    d = one(scale_q("q", {"d": 3}), 0.2, scales=scales)
    assert d["score"] == 67


# --- max == min ------------------------------------------------------------------------------------


def test_score_and_band_are_null_when_nothing_touches_the_dimension():
    dims = [dim("d"), dim("e")]
    result = run(quiz_dict([scale_q("q", {"d": 1})], dimensions=dims), {"q": 3})
    e = dimension(result, "e")
    assert (e["raw"], e["min"], e["max"], e["score"], e["band"]) == (0, 0, 0, None, None)


def test_score_is_null_when_every_contribution_has_zero_range():
    d = one(scale_q("q", {"d": 0}), 3)
    assert d["score"] is None and d["band"] is None


def test_score_is_null_for_a_one_point_scale():
    d = one(scale_q("q", {"d": 1}), 7, scales={"s": scale(values=[7])})
    assert d["score"] is None and d["band"] is None


def test_score_is_null_when_the_only_question_is_unanswered():
    d = dimension(run(quiz_dict([scale_q("q", {"d": 1}, required=False)]), {}))
    assert d["score"] is None and d["band"] is None


def test_scores_are_the_same_every_time():
    questions = [scale_q("a", {"d": 0.3}), multi_q("m", MULTI)]
    d = quiz_dict(questions)
    first = run(d, {"a": 2, "m": ["x"]}).to_record()
    second = run(d, {"a": 2, "m": ["x"]}).to_record()
    first.pop("taken_at"), second.pop("taken_at")
    assert first == second
