"""Contract, "From the command line": the JSON record of `take --format json`, exactly."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from contractlib import (
    CONTRACT_QUIZ,
    cli,
    dim,
    opt,
    quiz_dict,
    scale,
    scale_q,
    step,
    take_json,
    text_q,
    write,
)

READY = [
    {"id": "low", "max": 39, "label": "Not yet"},
    {"id": "mid", "max": 69, "label": "Getting there"},
    {"id": "high", "max": 100, "label": "Ready"},
]


def doc_example(tmp_path: Path) -> tuple[Path, Path]:
    """The contract's JSON example: five agree5 items on own_readiness summing to 17 -> 60, mid."""
    questions = [scale_q(f"item{i}", {"own_readiness": 1}) for i in range(1, 6)]
    questions.append(
        {
            "id": "partner_stance",
            "short": "Partner's response",
            "type": "choice",
            "text": "When you have raised therapy, how has your partner responded?",
            "options": [
                opt("open", "They were open to it", partner_openness=4),
                opt("unsure", "They were unsure", partner_openness=2),
                opt("refused", "They said no", partner_openness=0),
                opt("not_yet", "I have not asked yet"),
            ],
        }
    )
    questions.append(text_q("hope"))
    d = quiz_dict(
        questions,
        id="therapy-readiness",
        version=2,
        title="Therapy readiness",
        scales={"s": scale(1, 5)},
        dimensions=[
            dim("own_readiness", "Your readiness", READY),
            dim("partner_openness", "Partner openness"),
            dim("unused", "Unused"),
        ],
        flags={"leaning_out": "score.own_readiness <= 30 and answer.partner_stance == 'refused'"},
        next_steps=[
            step(
                "trial-session",
                title="Suggest one session, with no promise of more",
                body="...",
                when="band.own_readiness == 'mid' and answer.partner_stance == 'unsure'",
                priority=50,
                tags=["joint"],
            ),
            step("later", priority=1),
            step("never", when="false"),
        ],
    )
    quiz = write(tmp_path / "quiz.yaml", d)
    answers = write(
        tmp_path / "answers.yaml",
        "item1: 4\nitem2: 4\nitem3: 3\nitem4: 3\nitem5: 3\npartner_stance: unsure\n",
    )
    return quiz, answers


def test_record_has_exactly_the_contracts_keys_in_order(tmp_path, capsys):
    record = take_json(*doc_example(tmp_path), capsys)
    assert list(record) == ["quiz", "taken_at", "dimensions", "flags", "next_steps", "answers"]
    assert record["quiz"] == {"id": "therapy-readiness", "version": 2, "title": "Therapy readiness"}
    assert list(record["quiz"]) == ["id", "version", "title"]


def test_record_dimension_matches_the_contract_example(tmp_path, capsys):
    record = take_json(*doc_example(tmp_path), capsys)
    first = record["dimensions"][0]
    assert list(first) == ["id", "label", "raw", "min", "max", "score", "band"]
    assert first == {
        "id": "own_readiness",
        "label": "Your readiness",
        "raw": 17,
        "min": 5,
        "max": 25,
        "score": 60,
        "band": {"id": "mid", "label": "Getting there"},
    }


def test_dimensions_keep_file_order_and_unscored_ones_are_null(tmp_path, capsys):
    record = take_json(*doc_example(tmp_path), capsys)
    assert [d["id"] for d in record["dimensions"]] == [
        "own_readiness",
        "partner_openness",
        "unused",
    ]
    unused = record["dimensions"][2]
    assert unused["score"] is None and unused["band"] is None
    assert "score" in unused and "band" in unused


def test_flags_next_steps_and_answers(tmp_path, capsys):
    record = take_json(*doc_example(tmp_path), capsys)
    assert record["flags"] == {"leaning_out": False}
    assert record["next_steps"][0] == {
        "id": "trial-session",
        "title": "Suggest one session, with no promise of more",
        "body": "...",
        "priority": 50,
        "tags": ["joint"],
        "why": ["Your readiness: Getting there (60)", "Partner's response: They were unsure"],
    }
    assert [s["id"] for s in record["next_steps"]] == ["trial-session", "later"]
    assert list(record["next_steps"][0]) == ["id", "title", "body", "priority", "tags", "why"]
    # visible, answered questions only; the unanswered text question is absent
    assert record["answers"] == {
        "item1": 4,
        "item2": 4,
        "item3": 3,
        "item4": 3,
        "item5": 3,
        "partner_stance": "unsure",
    }


def test_taken_at_is_an_iso_timestamp_with_an_offset(tmp_path, capsys):
    record = take_json(*doc_example(tmp_path), capsys)
    when = datetime.fromisoformat(record["taken_at"])
    assert when.utcoffset() is not None


def test_version_defaults_to_1(tmp_path, capsys):
    quiz = write(tmp_path / "q.yaml", quiz_dict([scale_q("q")]))
    answers = write(tmp_path / "a.yaml", "q: 2\n")
    assert take_json(quiz, answers, capsys)["quiz"]["version"] == 1


def test_the_record_is_one_json_object_on_stdout(tmp_path, capsys):
    quiz, answers = doc_example(tmp_path)
    code, out, err = cli(["take", str(quiz), "--answers", str(answers), "--format", "json"], capsys)
    assert code == 0 and err == ""
    json.loads(out)  # nothing else on stdout


def test_markdown_and_text_formats(tmp_path, capsys):
    quiz, answers = doc_example(tmp_path)
    for fmt in ("markdown", "text"):
        code, out, err = cli(
            ["take", str(quiz), "--answers", str(answers), "--format", fmt], capsys
        )
        assert code == 0, err
        assert "Therapy readiness" in out and "Suggest one session" in out
        assert "not a diagnosis" in out


def test_nothing_is_written_without_save(tmp_path, capsys, isolated_user_dirs):
    quiz, answers = doc_example(tmp_path)
    before = sorted(p for p in isolated_user_dirs.rglob("*") if "cache" not in p.parts)
    take_json(quiz, answers, capsys)
    after = sorted(p for p in isolated_user_dirs.rglob("*") if "cache" not in p.parts)
    assert before == after


def test_contract_fixture_record_end_to_end(tmp_path, capsys):
    answers = write(
        tmp_path / "a.yaml",
        "open_to_talk: 4\nhopeful: 2\npartner_stance: unsure\nheard: [broken, blamed]\nhope: x\n",
    )
    record = take_json(CONTRACT_QUIZ, answers, capsys)
    scores = {
        d["id"]: (d["raw"], d["min"], d["max"], d["score"], (d["band"] or {}).get("id"))
        for d in record["dimensions"]
    }
    assert scores == {
        "own_readiness": (4, 1, 5, 75, "high"),
        "partner_openness": (2, 0, 4, 50, "high"),
        "stigma": (1, 0, 1, 100, "high"),
        "fear_of_blame": (1, 0, 1, 100, "high"),
        "future_outlook": (2, 1, 5, 25, "low"),
    }
    assert record["flags"] == {"leaning_out": False}
    assert [s["id"] for s in record["next_steps"]] == ["trial-session"]  # books suppressed
    assert record["answers"]["heard"] == ["broken", "blamed"]


def test_not_yet_hides_heard_and_leaves_partner_openness_unscored(tmp_path, capsys):
    answers = write(
        tmp_path / "a.yaml",
        "open_to_talk: 1\nhopeful: 1\npartner_stance: not_yet\nheard: [broken]\n",
    )
    code, out, err = cli(
        ["take", str(CONTRACT_QUIZ), "--answers", str(answers), "--format", "json"], capsys
    )
    assert code == 0, err
    record = json.loads(out)
    assert "heard" in err  # dropped with a warning
    assert "heard" not in record["answers"]
    openness = next(d for d in record["dimensions"] if d["id"] == "partner_openness")
    assert openness["score"] is None and openness["band"] is None
    stigma = next(d for d in record["dimensions"] if d["id"] == "stigma")
    assert stigma["score"] is None


# --- a real process ---------------------------------------------------------------------------------


def run_readiness(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readiness", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_take_in_a_subprocess(tmp_path):
    quiz, answers = doc_example(tmp_path)
    proc = run_readiness(
        "take", str(quiz), "--answers", str(answers), "--format", "json", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["dimensions"][0]["score"] == 60


def test_exit_statuses_in_a_subprocess(tmp_path):
    quiz, answers = doc_example(tmp_path)
    bad = write(tmp_path / "bad.yaml", "item1: 9\n")
    invalid = run_readiness("take", str(quiz), "--answers", str(bad), cwd=tmp_path)
    assert invalid.returncode == 1 and "Traceback" not in invalid.stderr
    usage = run_readiness(
        "take", str(quiz), "--format", "yaml", "--answers", str(answers), cwd=tmp_path
    )
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    version = run_readiness("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("readiness ")


def test_take_an_unknown_quiz_id_in_a_subprocess(tmp_path):
    """Without --answers too: an error with did-you-mean and the quiz status (1), not the app opening."""
    for extra in ([], ["--private"]):
        proc = run_readiness("take", "therapy-readines", *extra, cwd=tmp_path)
        assert proc.returncode == 1 and not proc.stdout
        assert "did you mean 'therapy-readiness'?" in proc.stderr and "Traceback" not in proc.stderr
