"""Contract, "From the command line": answer files for `take --answers`, and exit statuses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from contractlib import CONTRACT_QUIZ, cli, line_col, write

GOOD = "open_to_talk: 4\nhopeful: 3\npartner_stance: unsure\nheard: [broken]\nhope: Listen to me.\n"
LOCATED = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")


def take(tmp_path: Path, capsys, answers: str | bytes, *extra: str, quiz: Path = CONTRACT_QUIZ):
    path = write(tmp_path / "answers.yaml", answers)
    code, out, err = cli(
        ["take", str(quiz), "--answers", str(path), "--format", "json", *extra], capsys
    )
    return code, out, err, path


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if LOCATED.match(line)]


def test_a_good_answers_file_is_scored(tmp_path, capsys):
    code, out, err, _ = take(tmp_path, capsys, GOOD)
    assert code == 0, err
    assert json.loads(out)["answers"] == {
        "open_to_talk": 4,
        "hopeful": 3,
        "partner_stance": "unsure",
        "heard": ["broken"],
        "hope": "Listen to me.",
    }


def test_unknown_question_is_an_error_naming_it_at_its_key(tmp_path, capsys):
    text = GOOD + "hopefull: 3\n"
    code, out, err, path = take(tmp_path, capsys, text)
    assert code == 1 and out == ""
    line, col = line_col(text, "hopefull")
    assert f"{path}:{line}:{col}: error:" in err
    assert "hopefull" in err and "did you mean 'hopeful'" in err


def test_unknown_option_is_an_error_naming_it(tmp_path, capsys):
    text = GOOD.replace("partner_stance: unsure", "partner_stance: unsur")
    code, _, err, path = take(tmp_path, capsys, text)
    assert code == 1
    line, col = line_col(text, "unsur\n")
    assert f"{path}:{line}:{col}: error:" in err
    assert "'unsur'" in err and "partner_stance" in err and "did you mean 'unsure'" in err


def test_unknown_option_in_a_multi_list(tmp_path, capsys):
    code, _, err, _ = take(tmp_path, capsys, GOOD.replace("[broken]", "[broken, blammed]"))
    assert code == 1
    assert "'blammed'" in err and "heard" in err


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("heard: [broken]", "heard: broken", ["heard", "list"]),
        (
            "partner_stance: unsure",
            "partner_stance: [unsure, open]",
            ["partner_stance", "one option"],
        ),
        ("open_to_talk: 4", "open_to_talk: four", ["open_to_talk", "four"]),
        ("open_to_talk: 4", "open_to_talk: 7", ["open_to_talk", "7"]),
        ("open_to_talk: 4", "open_to_talk: true", ["open_to_talk"]),
        ("open_to_talk: 4", "open_to_talk: '4'", ["open_to_talk"]),
        ("hope: Listen to me.", "hope: [a, b]", ["hope", "text"]),
        ("heard: [broken]", "heard: {broken: 1}", ["heard"]),
    ],
)
def test_wrong_type_of_answer_is_an_error_naming_the_question(tmp_path, capsys, old, new, words):
    code, out, err, path = take(tmp_path, capsys, GOOD.replace(old, new))
    assert code == 1 and out == "", err
    found = errors(err)
    assert found, err
    for word in words:
        assert word in found[0], (word, found)
    assert "Traceback" not in err


def test_required_question_left_unanswered_is_an_error_naming_it(tmp_path, capsys):
    code, out, err, path = take(tmp_path, capsys, GOOD.replace("hopeful: 3\n", ""))
    assert code == 1 and out == ""
    assert "hopeful" in err and "required" in err
    assert all(LOCATED.match(line) for line in err.splitlines() if line.strip())


def test_an_answer_of_null_counts_as_unanswered(tmp_path, capsys):
    code, _, err, _ = take(tmp_path, capsys, GOOD.replace("hopeful: 3", "hopeful:"))
    assert code == 1 and "hopeful" in err


def test_every_missing_required_question_is_named(tmp_path, capsys):
    code, _, err, _ = take(tmp_path, capsys, "hope: only a note\n")
    assert code == 1
    for qid in ("open_to_talk", "hopeful", "partner_stance", "heard"):
        assert qid in err


def test_an_empty_answers_file_names_the_required_questions(tmp_path, capsys):
    code, _, err, _ = take(tmp_path, capsys, "")
    assert code == 1 and "open_to_talk" in err


def test_optional_questions_may_be_left_out(tmp_path, capsys):
    code, out, err, _ = take(tmp_path, capsys, GOOD.replace("hope: Listen to me.\n", ""))
    assert code == 0, err
    assert "hope" not in json.loads(out)["answers"]


def test_empty_list_answers_a_multi_question(tmp_path, capsys):
    code, out, err, _ = take(tmp_path, capsys, GOOD.replace("[broken]", "[]"))
    assert code == 0, err
    record = json.loads(out)
    assert record["answers"]["heard"] == []
    stigma = next(d for d in record["dimensions"] if d["id"] == "stigma")
    assert (stigma["raw"], stigma["min"], stigma["max"], stigma["score"]) == (0, 0, 1, 0)


def test_all_answer_problems_are_reported_together(tmp_path, capsys):
    text = GOOD.replace("partner_stance: unsure", "partner_stance: unsur") + "nope: 1\n"
    code, _, err, _ = take(tmp_path, capsys, text)
    assert code == 1
    assert len(errors(err)) >= 2, err


def test_answer_yes_picks_an_option_called_yes(tmp_path, capsys):
    quiz = write(
        tmp_path / "yes.yaml",
        """\
format: 1
id: yes-quiz
title: Yes
summary: An option called yes.
dimensions:
  - {id: d, label: D, bands: [{id: all, max: 100, label: All}]}
questions:
  - id: agreed
    type: choice
    text: Agreed?
    options:
      - {id: yes, label: "Yes", scores: {d: 1}}
      - {id: no, label: "No", scores: {d: 0}}
  - id: switches
    type: multi
    text: Which?
    options:
      - {id: on, label: "On"}
      - {id: off, label: "Off"}
next_steps:
  - {id: s, title: S, body: B, when: "answer.agreed == 'yes' and 'off' in answer.switches"}
""",
    )
    code, out, err, _ = take(tmp_path, capsys, "agreed: yes\nswitches: [off]\n", quiz=quiz)
    assert code == 0, err
    record = json.loads(out)
    assert record["answers"] == {"agreed": "yes", "switches": ["off"]}
    assert record["dimensions"][0]["score"] == 100
    assert [s["id"] for s in record["next_steps"]] == ["s"]
    code, _, err, _ = take(tmp_path, capsys, "agreed: no\nswitches: []\n", quiz=quiz)
    assert code == 0, err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("- open_to_talk\n", "mapping"),
        ("open_to_talk: !!python/object/apply:os.system ['echo x']\n", "tag"),
        (b"open_to_talk: 4\nhope: caf\xe9\n", "UTF-8"),
        (b"open_to_talk: 4\x00\n", "binary"),
        ('hope: "\\e[31mred"\n', "control character"),
        ("open_to_talk: 4\nopen_to_talk: 5\n", "twice"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}" if i else "*a"] * 10) + "]\n"
                for i in range(8)
            ),
            "aliases",
        ),
        ("[" * 10_000, "nested"),
        ("open_to_talk: [unclosed\n", "invalid YAML"),
    ],
)
def test_hostile_or_malformed_answers_files_exit_1_with_a_located_message(
    tmp_path, capsys, content, fragment
):
    code, out, err, path = take(tmp_path, capsys, content)
    assert code == 1 and out == ""
    assert err.startswith(f"{path}:"), err
    assert fragment in err
    assert "Traceback" not in err


def test_a_missing_answers_file_exits_1(tmp_path, capsys):
    code, _, err = cli(
        ["take", str(CONTRACT_QUIZ), "--answers", str(tmp_path / "none.yaml")], capsys
    )
    assert code == 1 and "none.yaml" in err


def test_an_answer_with_thousands_of_digits_is_an_error_not_a_traceback(tmp_path, capsys):
    code, _, err, path = take(
        tmp_path, capsys, GOOD.replace("open_to_talk: 4", "open_to_talk: " + "9" * 5000)
    )
    assert code == 1
    assert err.startswith(f"{path}:1:15: error:")


def test_a_nan_answer_is_not_a_scale_value(tmp_path, capsys):
    quiz = write(
        tmp_path / "zero.yaml",
        """\
format: 1
id: zero
title: Zero
summary: A scale that starts at zero.
scales:
  z: [{value: 0, label: None}, {value: 1, label: Some}]
dimensions:
  - {id: d, label: D, bands: [{id: all, max: 100, label: All}]}
questions:
  - {id: q, type: scale, scale: z, scores: {d: 1}, text: Q}
next_steps:
  - {id: s, title: S, body: B}
""",
    )
    code, out, err, _ = take(tmp_path, capsys, "q: .nan\n", quiz=quiz)
    assert code == 1, out


# --- usage errors exit 2 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["take"],
        ["take", str(CONTRACT_QUIZ), "--format", "xml", "--answers", "a.yaml"],
        ["take", str(CONTRACT_QUIZ), "--safety", "maybe", "--answers", "a.yaml"],
        ["take", str(CONTRACT_QUIZ), "--format", "json"],  # --format needs --answers
        ["take", str(CONTRACT_QUIZ), "--answers"],
        ["validate"],
        ["no-such-command"],
        ["--no-such-option"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    code, out, err = cli(argv, capsys)
    assert code == 2, (out, err)
    assert "Traceback" not in err


def test_unknown_quiz_id_exits_1_with_a_message(capsys, tmp_path):
    answers = write(tmp_path / "a.yaml", GOOD)
    code, _, err = cli(["take", "no-such-quiz", "--answers", str(answers)], capsys)
    assert code == 1 and "no-such-quiz" in err
