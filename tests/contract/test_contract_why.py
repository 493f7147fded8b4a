"""Contract, "Next steps": each shown step's `why`, in the quiz's own words."""

from __future__ import annotations

import json

from contractlib import (
    CONTRACT_QUIZ,
    choice_q,
    cli,
    dim,
    multi_q,
    opt,
    quiz_dict,
    run,
    scale_q,
    step,
    text_q,
    write,
)

READY = [
    {"id": "low", "max": 39, "label": "Not yet"},
    {"id": "mid", "max": 69, "label": "Getting there"},
    {"id": "high", "max": 100, "label": "Ready"},
]
QUESTIONS = [
    choice_q("readiness", [opt("r0", d=0), opt("r82", d=82), opt("r100", d=100)]),
    choice_q(
        "partner_stance",
        [opt("open", "They were open to it"), opt("refused", "They said no")],
        short="Partner's response",
    ),
    multi_q(
        "heard",
        [opt("broken", "Therapy is for broken people"), opt("blamed", "I'll get blamed")],
        required=False,
    ),
    scale_q("hope", {"other": 1}, text="I can picture us doing well."),
    text_q("note"),
]
DIMS = [dim("d", "Your readiness", READY), dim("other", "Other", READY)]
ANSWERS = {
    "readiness": "r82",
    "partner_stance": "refused",
    "heard": ["broken", "blamed"],
    "hope": 4,
    "note": "mine",
}


def why(when: str, answers: dict | None = None, flags: dict | None = None) -> list[str]:
    d = quiz_dict(QUESTIONS, dimensions=DIMS, flags=flags, next_steps=[step("s", when=when)])
    result = run(d, ANSWERS if answers is None else answers)
    assert [s.id for s in result.next_steps] == ["s"], "the step should have been shown"
    return result.next_steps[0].why


def test_why_for_a_band_uses_dimension_and_band_labels_and_the_score():
    assert why("band.d == 'high'") == ["Your readiness: Ready (82)"]


def test_why_for_a_score_reads_the_same_way():
    assert why("score.d >= 80") == ["Your readiness: Ready (82)"]


def test_why_for_a_choice_uses_the_short_label_and_the_option_label():
    assert why("answer.partner_stance == 'refused'") == ["Partner's response: They said no"]


def test_why_for_a_question_without_short_uses_its_text():
    assert why("answer.hope >= 4") == ["I can picture us doing well.: v4"]


def test_why_for_a_multi_lists_the_chosen_option_labels():
    assert why("'broken' in answer.heard") == [
        "Question heard: Therapy is for broken people, I'll get blamed"
    ]


def test_why_lists_each_held_part_of_an_and_in_order():
    assert why("band.d == 'high' and answer.partner_stance == 'refused'") == [
        "Your readiness: Ready (82)",
        "Partner's response: They said no",
    ]


def test_why_leaves_out_the_parts_of_an_or_that_did_not_hold():
    assert why("band.d == 'low' or answer.partner_stance == 'refused'") == [
        "Partner's response: They said no"
    ]


def test_why_names_a_flag_by_its_name():
    flags = {"stuck": "answer.partner_stance == 'refused'"}
    assert why("flag.stuck", flags=flags) == ["stuck"]


def test_why_is_empty_for_a_step_without_when():
    d = quiz_dict(QUESTIONS, dimensions=DIMS, next_steps=[step("s")])
    assert run(d, ANSWERS).next_steps[0].why == []


def test_why_does_not_repeat_the_same_words():
    assert why("score.d > 50 and band.d == 'high'") == ["Your readiness: Ready (82)"]


def test_why_on_the_contract_example_through_take(tmp_path, capsys):
    answers = write(
        tmp_path / "a.yaml",
        "open_to_talk: 5\nhopeful: 1\npartner_stance: refused\nheard: [blamed]\n",
    )
    code, out, err = cli(
        ["take", str(CONTRACT_QUIZ), "--answers", str(answers), "--format", "json"], capsys
    )
    assert code == 0, err
    steps = json.loads(out)["next_steps"]
    assert [s["id"] for s in steps] == ["own-therapy", "books"]
    assert steps[0]["why"] == ["Partner's response: They said no", "leaning_out"]
    assert steps[1]["why"] == []


def test_why_for_trial_session_on_the_contract_example(tmp_path, capsys):
    answers = write(
        tmp_path / "a.yaml", "open_to_talk: 5\nhopeful: 5\npartner_stance: unsure\nheard: []\n"
    )
    code, out, err = cli(
        ["take", str(CONTRACT_QUIZ), "--answers", str(answers), "--format", "json"], capsys
    )
    assert code == 0, err
    steps = json.loads(out)["next_steps"]
    assert steps[0]["id"] == "trial-session"
    assert steps[0]["why"] == [
        "Your partner's openness (as you see it): Open (50)",
        "Your readiness: Ready (100)",
    ]
