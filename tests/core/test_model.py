"""The one quiz model (msgspec Structs in core/model.py): what a quiz can do besides hold
its fields, its JSON Schema (a description on every field), and the `suppress` checks."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from typing import Any

import msgspec
import pytest

from readiness.core import loader, model
from readiness.core.loader import load_quiz_text, quiz_warnings
from readiness.core.problems import QuizFileError
from support.paths import REPO

CONTRACT = (REPO / "tests" / "fixtures" / "contract.yaml").read_text(encoding="utf-8")
BUILTIN = sorted((REPO / "quizzes").glob("*.yaml"))


def test_a_quiz_knows_its_source_and_digest() -> None:
    quiz = loader.load_quiz(BUILTIN[0])
    assert quiz.source == str(BUILTIN[0])
    assert quiz.sha256 == hashlib.sha256(BUILTIN[0].read_bytes()).hexdigest()
    assert type(quiz) is model.Quiz and type(quiz.questions[0]) is model.Question


def test_lookups_labels_and_choices() -> None:
    quiz = load_quiz_text(CONTRACT, "c.yaml")
    first = quiz.questions[0]
    assert quiz.question(first.id) is first and quiz.question("nope") is None
    assert (
        quiz.dimension(quiz.dimensions[0].id) is quiz.dimensions[0]
        and quiz.dimension("nope") is None
    )
    for question in quiz.questions:
        assert question.label == (question.short or question.text)
        assert question.is_required == (
            question.required if question.required is not None else question.type != "text"
        )
        if question.type == "scale":
            assert quiz.choices(question) == [
                (p.value, p.label) for p in quiz.scales[question.scale]
            ]
        else:
            assert quiz.choices(question) == [(o.id, o.label) for o in question.options or ()]
        for option in question.options or ():
            assert question.option(option.id) is option
        assert question.option("no-such-option") is None


def test_defaults_are_filled_in() -> None:
    quiz = load_quiz_text(CONTRACT, "c.yaml")
    assert "higher_is" not in CONTRACT
    assert all(d.higher_is is None and d.tags == [] for d in quiz.dimensions)
    text_q = next(q for q in quiz.questions if q.type == "text")
    assert text_q.required is None and text_q.is_required is False
    assert all(isinstance(s.suppress, list) and isinstance(s.tags, list) for s in quiz.next_steps)


def test_checking_and_loading_give_the_same_fields() -> None:
    for path in BUILTIN:
        checked, loaded = loader.check_quiz(path), loader.load_quiz(path)
        assert msgspec.to_builtins(checked) == msgspec.to_builtins(loaded)
        assert loaded.compiled.when and checked.compiled.when.keys() == loaded.compiled.when.keys()
        assert checked.compiled.warnings == loaded.compiled.warnings


def test_a_quiz_not_made_by_the_loader_has_nothing_compiled() -> None:
    quiz = msgspec.convert(msgspec.to_builtins(loader.load_quiz(BUILTIN[0])), model.Quiz)
    assert quiz.compiled == model.Compiled() and quiz.compiled.when == {}


def _schema_nodes(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in node.items():
            if key != "properties":
                found += _schema_nodes(value, f"{where}/{key}")
        for name, prop in (node.get("properties") or {}).items():
            found += _schema_nodes(prop, f"{where}.{name}")
    elif isinstance(node, list):
        for value in node:
            found += _schema_nodes(value, where)
    return found


def test_every_field_of_the_schema_has_a_description() -> None:
    """What an author sees when hovering a key in an editor."""
    schema = model.json_schema()
    fields = _schema_nodes(schema)
    assert len(fields) > 40
    missing = [where for where, prop in fields if not prop.get("description")]
    assert missing == []
    assert schema["title"] == model.SCHEMA_TITLE and schema["description"]
    for name, definition in schema["definitions"].items():
        assert definition.get("description"), name


def test_the_new_dimension_fields_are_in_the_schema() -> None:
    dimension = model.json_schema()["definitions"]["Dimension"]["properties"]
    assert {"higher_is", "tags"} <= dimension.keys()
    assert dimension["higher_is"]["description"] and dimension["tags"]["description"]


def _problems(text: str) -> list[str]:
    with pytest.raises(QuizFileError) as caught:
        load_quiz_text(text, "quiz.yaml")
    return [str(p) for p in caught.value.problems]


def _line_col(text: str, needle: str, after: str = "suppress: [") -> tuple[int, int]:
    before = text[: text.index(needle, text.index(after))]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def test_a_step_that_suppresses_its_own_tag_is_warned_about_at_the_entry() -> None:
    """A step may name its own tag (the contract allows it; the later steps of its kind are
    hidden), but `validate` says so at the entry, since naming them by id is clearer."""
    assert CONTRACT.count("suppress: [books]") == 1
    text = CONTRACT.replace("suppress: [books]", "suppress: [books, joint]")
    quiz = load_quiz_text(text, "quiz.yaml")
    line, col = _line_col(text, "joint]")
    (warning,) = [w for w in quiz_warnings(quiz) if "own tags" in w.message]
    assert (warning.line, warning.col, warning.severity) == (line, col, "warning")
    assert "'joint' in suppress is one of this step's own tags" in warning.message
    assert not [
        w for w in quiz_warnings(load_quiz_text(CONTRACT, "quiz.yaml")) if "own tags" in w.message
    ]


def test_a_suppress_entry_that_names_nothing_is_an_error_at_the_entry() -> None:
    text = CONTRACT.replace("suppress: [books]", "suppress: [books, joint, bokks]")
    line, col = _line_col(text, "bokks]")
    found = _problems(text)
    assert any(
        p.startswith(
            f"quiz.yaml:{line}:{col}: error: 'bokks' in suppress is neither a next-step id nor a tag"
        )
        and "did you mean 'books'" in p
        for p in found
    ), found


def test_one_bad_question_never_hides_another() -> None:
    """Shape problems in two questions and a step, and a cross-field problem in a third
    question: all reported in one run, each at its place."""
    text = CONTRACT.replace("suppress: [books]", "suppress: [bokks]")
    ids = [line.split("id: ")[1] for line in text.splitlines() if line.startswith("  - id: ")]
    assert len(ids) > 4
    lines = text.splitlines()
    starts = [i for i, row in enumerate(lines) if row.startswith("questions:")]
    q_lines = [i for i, row in enumerate(lines) if row.startswith("  - id: ") and i > starts[0]][:2]
    for index in q_lines:
        lines[index] = lines[index] + "\n    colour: blue"
    found = _problems("\n".join(lines) + "\n")
    assert sum("unknown key 'colour'" in p for p in found) == 2, found
    assert any("'bokks' in suppress" in p for p in found), found


def test_taking_the_built_in_quizzes_imports_no_pydantic_or_textual() -> None:
    code = (
        "import sys\n"
        "from readiness.core.catalog import load_catalog\n"
        "from readiness.core.safety import load_safety_quiz\n"
        "from readiness.core.scoring import evaluate\n"
        "from readiness.core.report import to_markdown\n"
        "from readiness.core.loader import load_quiz\n"
        "quizzes = [load_quiz(e.path) for e in load_catalog(use_cache=False).entries] + [load_safety_quiz()]\n"
        "for quiz in quizzes:\n"
        "    to_markdown(evaluate(quiz, {}))\n"
        "print(len(quizzes), sorted({type(q).__name__ for q in quizzes}),\n"
        "      sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'textual')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "4 ['Quiz'] []", out
