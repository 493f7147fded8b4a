"""Contract, "Next steps" and the joint rule of "Safety": select, sort, walk, suppress, cut."""

from __future__ import annotations

import json

import pytest
from contractlib import (
    CONTRACT_QUIZ,
    cli,
    quiz_dict,
    run,
    scale_q,
    step,
    write,
)


def shown(
    steps: list[dict],
    answers: dict | None = None,
    *,
    concern: bool = False,
    crisis: bool = False,
    **top,
) -> list[str]:
    d = quiz_dict([scale_q("q", {"d": 1})], next_steps=steps, **top)
    result = run(d, {"q": 3} if answers is None else answers, concern=concern, crisis=crisis)
    return [s.id for s in result.next_steps]


def test_every_step_whose_when_holds_is_selected_and_omitted_when_means_always():
    steps = [step("always"), step("high", when="score.d >= 50"), step("low", when="score.d < 50")]
    assert shown(steps, {"q": 5}) == ["always", "high"]
    assert shown(steps, {"q": 1}) == ["always", "low"]


def test_no_step_selected_gives_an_empty_list():
    assert shown([step("never", when="false")]) == []


def test_sorted_by_priority_highest_first():
    steps = [
        step("a", priority=1),
        step("b", priority=50),
        step("c"),
        step("d", priority=-5),
        step("e", priority=7),
    ]
    assert shown(steps) == ["b", "e", "a", "c", "d"]


def test_ties_keep_file_order_not_id_order():
    steps = [
        step("zz", priority=5),
        step("aa", priority=5),
        step("mm", priority=5),
        step("top", priority=9),
    ]
    assert shown(steps) == ["top", "zz", "aa", "mm"]


def test_suppress_by_id_hides_later_steps():
    steps = [step("books"), step("session", priority=10, suppress=["books"])]
    assert shown(steps) == ["session"]


def test_suppress_by_tag_hides_every_later_step_with_that_tag():
    steps = [
        step("r1", tags=["reading"]),
        step("r2", tags=["reading", "solo"]),
        step("other", tags=["solo"]),
        step("session", priority=10, suppress=["reading"]),
    ]
    assert shown(steps) == ["session", "other"]


def test_suppress_only_reaches_steps_after_it_in_the_sorted_list():
    steps = [step("low", priority=1, suppress=["high"]), step("high", priority=9)]
    assert shown(steps) == ["high", "low"]


def test_a_suppressed_steps_own_suppress_has_no_effect():
    steps = [
        step("a", priority=3, suppress=["b"]),
        step("b", priority=2, suppress=["c"]),  # hidden by a, so it hides nothing
        step("c", priority=1),
    ]
    assert shown(steps) == ["a", "c"]


def test_a_step_not_selected_suppresses_nothing():
    steps = [step("a", priority=3, when="false", suppress=["b"]), step("b", priority=2)]
    assert shown(steps) == ["b"]


def test_suppress_of_a_tag_the_step_itself_carries_hides_only_the_others():
    steps = [
        step("first", tags=["t"], suppress=["t"], priority=2),
        step("second", tags=["t"], priority=1),
    ]
    assert shown(steps) == ["first"]


def test_max_next_steps_cuts_after_suppression():
    steps = [
        step("a", priority=4, suppress=["b"]),
        step("b", priority=3),
        step("c", priority=2),
        step("d", priority=1),
    ]
    assert shown(steps, max_next_steps=2) == ["a", "c"]
    assert shown(steps, max_next_steps=1) == ["a"]
    assert shown(steps, max_next_steps=10) == ["a", "c", "d"]
    assert shown(steps) == ["a", "c", "d"]


JOINT = [
    step("together", priority=9, tags=["joint"], suppress=["alone", "extra"]),
    step("alone", priority=5),
    step("extra", priority=1, tags=["solo"]),
]


def test_joint_steps_show_without_a_concern():
    assert shown(JOINT) == ["together"]


def test_under_a_concern_joint_steps_are_removed_before_the_walk_so_their_suppress_has_no_effect():
    assert shown(JOINT, concern=True) == ["alone", "extra"]


def test_a_crisis_alone_also_removes_joint_steps():
    # Issue 12: a crisis holds joint steps back too (and shows at most two steps).
    assert shown(JOINT, crisis=True) == ["alone", "extra"]


def test_joint_removal_happens_before_the_cut():
    steps = [
        step("j1", priority=9, tags=["joint"]),
        step("j2", priority=8, tags=["joint"]),
        step("s1"),
        step("s2"),
    ]
    assert shown(steps, concern=True, max_next_steps=2) == ["s1", "s2"]


def test_the_joint_tag_may_sit_among_other_tags():
    steps = [step("mixed", tags=["reading", "joint"]), step("solo")]
    assert shown(steps, concern=True) == ["solo"]


def test_shown_steps_carry_their_fields_in_the_record():
    steps = [step("s", priority=7, tags=["x", "y"], suppress=[])]
    d = quiz_dict([scale_q("q", {"d": 1})], next_steps=steps)
    record = run(d, {"q": 3}).to_record()
    assert record["next_steps"] == [
        {
            "id": "s",
            "title": "Step s",
            "body": "Body of s.",
            "priority": 7,
            "tags": ["x", "y"],
            "why": [],
        }
    ]


@pytest.mark.parametrize(
    ("safety", "expected"),
    [
        ([], ["trial-session"]),
        (["--safety", "none"], ["trial-session"]),
        (["--safety", "concern"], []),  # trial-session and books are both joint
        (["--safety", "crisis"], []),  # a crisis holds joint steps back too (issue 12)
    ],
)
def test_take_safety_option_on_the_contract_example(tmp_path, capsys, safety, expected):
    answers = write(
        tmp_path / "a.yaml", "open_to_talk: 5\nhopeful: 5\npartner_stance: open\nheard: []\n"
    )
    code, out, err = cli(
        ["take", str(CONTRACT_QUIZ), "--answers", str(answers), "--format", "json", *safety], capsys
    )
    assert code == 0, err
    assert [s["id"] for s in json.loads(out)["next_steps"]] == expected


def test_take_concern_lets_a_step_suppressed_by_a_joint_step_show(tmp_path, capsys):
    quiz = write(tmp_path / "q.yaml", quiz_dict([scale_q("q", {"d": 1})], next_steps=JOINT))
    answers = write(tmp_path / "a.yaml", "q: 3\n")
    ids = {}
    for choice in ("none", "concern"):
        code, out, err = cli(
            ["take", str(quiz), "--answers", str(answers), "--format", "json", "--safety", choice],
            capsys,
        )
        assert code == 0, err
        ids[choice] = [s["id"] for s in json.loads(out)["next_steps"]]
    assert ids == {"none": ["together"], "concern": ["alone", "extra"]}
