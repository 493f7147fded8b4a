"""Contract, "Visibility": hidden questions are not asked, not scored, and their answers dropped."""

from __future__ import annotations

import json

from contractlib import (
    choice_q,
    cli,
    dimension,
    multi_q,
    opt,
    quiz_dict,
    run,
    scale_q,
    text_q,
    write,
)

from readiness.core.scoring import prune_answers, visible_questions  # noqa: E402

GATE = choice_q("gate", [opt("open"), opt("shut")])
CHAIN = [
    GATE,
    scale_q("second", {"d": 1}, show_if="answer.gate == 'open'"),
    scale_q("third", {"d": 1}, show_if="answer.second >= 3"),
    scale_q("fourth", {"d": 1}, show_if="answer.second == none"),
]


def test_show_if_false_hides_the_question():
    quiz = run(quiz_dict(CHAIN), {"gate": "shut"}).quiz
    assert [q.id for q in visible_questions(quiz, {"gate": "shut"})] == ["gate", "fourth"]
    assert [q.id for q in visible_questions(quiz, {"gate": "open", "second": 4})] == [
        "gate",
        "second",
        "third",
    ]
    assert [q.id for q in visible_questions(quiz, {"gate": "open", "second": 1})] == [
        "gate",
        "second",
    ]


def test_a_hidden_questions_answer_is_none_for_later_show_if():
    # `second` is answered but hidden, so `third` (needs second >= 3) is hidden too and
    # `fourth` (second == none) is shown: every later show_if sees the dropped answer as none.
    quiz = run(quiz_dict(CHAIN), {}).quiz
    answers = {"gate": "shut", "second": 5, "third": 5, "fourth": 2}
    assert [q.id for q in visible_questions(quiz, answers)] == ["gate", "fourth"]
    assert prune_answers(quiz, answers) == {"gate": "shut", "fourth": 2}


def test_hidden_answers_are_dropped_from_the_record_and_from_scoring():
    result = run(quiz_dict(CHAIN), {"gate": "shut", "second": 5, "third": 5, "fourth": 2})
    record = result.to_record()
    assert record["answers"] == {"gate": "shut", "fourth": 2}
    d = dimension(result)
    assert (d["raw"], d["min"], d["max"], d["score"]) == (2, 1, 5, 25)


def test_changing_an_earlier_answer_re_evaluates_every_later_show_if():
    quiz = run(quiz_dict(CHAIN), {}).quiz
    answers = {"gate": "open", "second": 4, "third": 5}
    assert [q.id for q in visible_questions(quiz, answers)] == ["gate", "second", "third"]
    answers["gate"] = "shut"
    assert [q.id for q in visible_questions(quiz, answers)] == ["gate", "fourth"]


def test_show_if_over_multi_and_text_answers():
    questions = [
        multi_q("m", [opt("a"), opt("b")]),
        text_q("t"),
        scale_q("has_a", {"d": 1}, show_if="'a' in answer.m"),
        scale_q("none_picked", {"d": 1}, show_if="count(answer.m) == 0"),
        scale_q("wrote", {"d": 1}, show_if="answer.t != none and answer.t != ''"),
    ]
    quiz = run(quiz_dict(questions), {}).quiz
    shown = lambda answers: [q.id for q in visible_questions(quiz, answers)][2:]  # noqa: E731
    assert shown({"m": ["a"], "t": "hi"}) == ["has_a", "wrote"]
    assert shown({"m": []}) == ["none_picked"]
    assert shown({}) == ["none_picked"]  # count(none) is 0


def test_hidden_required_question_need_not_be_answered(tmp_path, capsys):
    quiz = write(tmp_path / "q.yaml", quiz_dict(CHAIN))
    answers = write(tmp_path / "a.yaml", "gate: shut\nfourth: 3\n")
    code, out, err = cli(["take", str(quiz), "--answers", str(answers), "--format", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)["answers"] == {"gate": "shut", "fourth": 3}


def test_take_drops_a_hidden_answer_with_a_warning_on_stderr(tmp_path, capsys):
    quiz = write(tmp_path / "q.yaml", quiz_dict(CHAIN))
    answers = write(tmp_path / "a.yaml", "gate: shut\nsecond: 5\nfourth: 3\n")
    code, out, err = cli(["take", str(quiz), "--answers", str(answers), "--format", "json"], capsys)
    assert code == 0, err
    record = json.loads(out)
    assert record["answers"] == {"gate": "shut", "fourth": 3}
    assert "second" in err and "warning" in err
    assert f"{answers}:2:" in err  # located at the dropped answer
    assert dimension_score(record) == 50


def dimension_score(record: dict) -> int | None:
    return record["dimensions"][0]["score"]
