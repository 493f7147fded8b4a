"""The JSON Schema editors use: the checked-in copy is current, and quizzes pass it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from readiness.cli import main
from readiness.commands.quiz_cmd import schema_text
from readiness.core.loader import load_quiz_text
from readiness.core.starter import starter_quiz
from readiness.core.yamlsafe import read_yaml
from support.paths import REPO

SCHEMA_FILE = REPO / "quizzes" / "quiz.schema.json"
BUILTIN = sorted((REPO / "quizzes").glob("*.yaml"))


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _data(text: str, path: str = "<test>") -> object:
    # YAML 1.2 booleans, like the loader: yaml.safe_load would turn `yes` into True.
    return read_yaml(text, path).data


def test_checked_in_schema_is_what_readiness_schema_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert SCHEMA_FILE.read_text(encoding="utf-8") == printed == schema_text(), (
        "quizzes/quiz.schema.json is stale: run 'readiness schema --to quizzes/quiz.schema.json'"
    )


def test_schema_is_a_valid_draft_07_schema() -> None:
    """Draft-07 because yaml-language-server (most editors' YAML completion) reads it."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in schema and "definitions" in schema
    jsonschema.Draft7Validator.check_schema(schema)


def test_there_are_built_in_quizzes_to_check() -> None:
    assert BUILTIN, "no quizzes/*.yaml found"


@pytest.mark.parametrize("path", BUILTIN, ids=[p.name for p in BUILTIN])
def test_every_built_in_quiz_passes_the_schema(path: Path) -> None:
    errors = sorted(
        _validator().iter_errors(_data(path.read_text(encoding="utf-8"), str(path))), key=str
    )
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("path", BUILTIN, ids=[p.name for p in BUILTIN])
def test_every_built_in_quiz_has_the_schema_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=quiz.schema.json"


def test_the_starter_quiz_passes_the_schema_and_the_loader() -> None:
    text = starter_quiz("my-first-quiz")
    assert not list(_validator().iter_errors(_data(text)))
    quiz = load_quiz_text(text)
    assert quiz.id == "my-first-quiz"


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    text = starter_quiz("my-first-quiz").replace("minutes: 2", "minutes: 2\ncolour: blue")
    errors = list(_validator().iter_errors(_data(text)))
    assert any("colour" in e.message for e in errors)
    bad_id = starter_quiz("my-first-quiz").replace("id: my-first-quiz", "id: My Quiz")
    assert list(_validator().iter_errors(_data(bad_id)))


def test_yes_stays_text_for_the_schema_too() -> None:
    # An option id `yes` is text in format 1; validated as YAML 1.1 it would be a boolean.
    text = starter_quiz("yes-no").replace(
        "{id: none, label: Hardly any", "{id: yes, label: Hardly any"
    )
    text = text.replace("'none'", "'yes'")
    assert not list(_validator().iter_errors(_data(text)))
    load_quiz_text(text)
