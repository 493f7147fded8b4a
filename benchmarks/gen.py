"""Generate the large inputs the benchmark needs, into a folder it is given.

* `write_quizzes(folder, count, questions)`: `count` valid quiz files (format 1)
  of about `questions` questions each (scale, choice, multi and one text
  question, a `show_if`, flags and next steps with `when`), so loading them
  exercises the whole validator, not only the YAML reader.
* `write_results(folder, count)`: `count` saved results written directly in the
  store's on-disk format (see `readiness.core.store.save_result`): a
  `STAMP-QUIZ-HEX.json` record (`record_version`, the contract's record,
  `quiz_sha256`), pretty-printed like the store writes it, with its Markdown
  summary beside it, files 0600 in a 0700 folder. The records come from real
  scoring of the built-in quizzes with varied answers, so their shape is exactly
  what the app saves; no fsync (that is the store's business, not the list's).

Nothing here writes outside the folder it is given.
"""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BUILTIN = REPO / "quizzes"

_WORDS = [
    "talk",
    "listen",
    "trust",
    "plan",
    "time",
    "money",
    "family",
    "work",
    "home",
    "rest",
    "care",
    "help",
    "change",
    "hope",
    "worry",
    "share",
    "decide",
    "choose",
    "respect",
    "space",
    "close",
    "distance",
    "honest",
    "kind",
    "patient",
    "calm",
    "tired",
    "ready",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def quiz_text(index: int, questions: int = 30, seed: int = 0) -> str:
    """The YAML text of one valid quiz with `questions` questions (at least 5)."""
    rng = random.Random(seed * 100_003 + index)
    questions = max(5, questions)
    qid = f"bench-quiz-{index:04d}"
    dims = ["closeness", "conflict", "outlook"]
    lines = [
        "format: 1",
        f"id: {qid}",
        "version: 1",
        f"title: 'Benchmark quiz {index:04d}: {rng.choice(_WORDS)} and {rng.choice(_WORDS)}'",
        f"summary: '{_sentence(rng, 14)}'",
        f"minutes: {rng.randint(3, 15)}",
        "intro: |",
        f"  {_sentence(rng, 20)}",
        "",
        f"  **{_sentence(rng, 6)}** {_sentence(rng, 12)}",
        "safety_check: true",
        "max_next_steps: 4",
        "scales:",
        "  agree5:",
    ]
    for value, label in enumerate(
        ("Strongly disagree", "Disagree", "Not sure", "Agree", "Strongly agree"), start=1
    ):
        lines.append(f"    - {{value: {value}, label: {label}}}")
    lines.append("dimensions:")
    for did in dims:
        lines += [
            f"  - id: {did}",
            f"    label: {did.capitalize()} ({rng.choice(_WORDS)})",
            f"    about: '{_sentence(rng, 10)}'",
            "    bands:",
            "      - {id: low, max: 39, label: Low}",
            "      - {id: mid, max: 69, label: Middle}",
            "      - {id: high, max: 100, label: High}",
        ]
    lines += [
        "flags:",
        "  drifting: \"score.outlook <= 30 and answer.q02 == 'no'\"",
        "questions:",
    ]
    for n in range(1, questions + 1):
        q = f"q{n:02d}"
        section = f"Part {1 + (n - 1) * 3 // questions}"
        lines += [f"  - id: {q}", f"    section: {section}"]
        if n == 2:
            lines += [
                "    type: choice",
                f"    text: '{_sentence(rng, 12)}'",
                "    short: Their answer",
                "    options:",
                "      - {id: 'yes', label: They said yes, scores: {closeness: 3}}",
                "      - {id: maybe, label: They were unsure, scores: {closeness: 1}}",
                "      - {id: 'no', label: They said no, scores: {closeness: 0}}",
                "      - {id: not_yet, label: I have not asked yet}",
            ]
        elif n == 3:
            lines += [
                "    type: multi",
                f"    text: '{_sentence(rng, 10)}'",
                "    show_if: \"answer.q02 != 'not_yet'\"",
                "    options:",
                "      - {id: a, label: Something about time, scores: {conflict: 1}}",
                "      - {id: b, label: Something about money, scores: {conflict: 1}}",
                "      - {id: c, label: Something about family, scores: {conflict: 2}}",
            ]
        elif n == questions:
            lines += ["    type: text", f"    text: '{_sentence(rng, 9)}'"]
        else:
            dim = dims[n % 3]
            lines += [
                "    type: scale",
                "    scale: agree5",
                f"    text: '{_sentence(rng, rng.randint(8, 18))}'",
                f"    scores: {{{dim}: {rng.choice((1, 1, 2))}}}",
            ]
            if n % 7 == 0:
                lines.append("    reverse: true")
            if n % 5 == 0:
                lines.append(f"    help: '{_sentence(rng, 10)}'")
    lines.append("next_steps:")
    steps = [
        ("talk-first", "score.closeness >= 40", 50, "[joint]"),
        ("book-session", "band.conflict == 'high' or flag.drifting", 40, "[]"),
        ("read-together", "answer.q02 in ['yes', 'maybe']", 30, "[joint]"),
        ("own-support", "score.outlook < 50", 20, "[]"),
        ("keep-going", None, 0, "[]"),
    ]
    for sid, when, priority, tags in steps:
        lines += [
            f"  - id: {sid}",
            f"    title: '{_sentence(rng, 6)}'",
            "    body: |",
            f"      {_sentence(rng, 25)}",
            "",
            f"      - {_sentence(rng, 8)}",
            f"      - {_sentence(rng, 8)}",
        ]
        if when:
            lines.append(f'    when: "{when}"')
        lines += [f"    priority: {priority}", f"    tags: {tags}"]
    return "\n".join(lines) + "\n"


def write_quizzes(folder: Path, count: int = 300, questions: int = 30, seed: int = 0) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"bench-quiz-{index:04d}.yaml"
        path.write_text(quiz_text(index, questions, seed), encoding="utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- saved results


def _answers_for(quiz: Any, rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in quiz.questions:
        if question.type == "text":
            if rng.random() < 0.3:
                answers[question.id] = _sentence(rng, 8)
            continue
        values = [value for value, _label in quiz.choices(question)]
        if not values:
            continue
        if question.type == "multi":
            answers[question.id] = [v for v in values if rng.random() < 0.3]
        else:
            answers[question.id] = rng.choice(values)
    return answers


def record_templates(per_quiz: int = 8, seed: int = 0) -> list[tuple[dict[str, Any], str]]:
    """(record, Markdown summary) pairs from scoring the built-in quizzes with varied answers."""
    from readiness.core.catalog import quiz_files
    from readiness.core.loader import load_quiz
    from readiness.core.report import to_markdown
    from readiness.core.scoring import SafetyState, evaluate, prune_answers

    rng = random.Random(seed)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    out: list[tuple[dict[str, Any], str]] = []
    for path in quiz_files(BUILTIN):
        quiz = load_quiz(path)
        for _ in range(per_quiz):
            answers = prune_answers(quiz, _answers_for(quiz, rng))
            result = evaluate(quiz, answers, safety=SafetyState(), taken_at=when)
            record = json.loads(json.dumps(result.to_record(), ensure_ascii=False))
            record = {"record_version": 1, **record, "quiz_sha256": quiz.sha256}
            out.append((record, to_markdown(record)))
    return out


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def write_results(
    folder: Path,
    count: int = 10_000,
    seed: int = 0,
    templates: list[tuple[dict[str, Any], str]] | None = None,
) -> list[Path]:
    """`count` saved results in `folder`, in the store's format (record + summary)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    templates = templates or record_templates(seed=seed)
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    paths = []
    for n in range(count):
        record, markdown = templates[n % len(templates)]
        when = start + timedelta(
            hours=7 * n, minutes=rng.randint(0, 59), seconds=rng.randint(0, 59)
        )
        record = {**record, "taken_at": when.isoformat()}
        stamp = when.strftime("%Y%m%dT%H%M%SZ")
        stem = f"{stamp}-{record['quiz']['id']}-{n:06x}"
        _write_private(folder / f"{stem}.md", markdown.encode("utf-8"))
        body = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        _write_private(folder / f"{stem}.json", body.encode("utf-8"))
        paths.append(folder / f"{stem}.json")
    return paths


if __name__ == "__main__":  # python benchmarks/gen.py OUT_DIR
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench-inputs")
    write_quizzes(out / "quizzes")
    write_results(out / "results")
    print(f"wrote 300 quizzes and 10000 saved results under {out}")
