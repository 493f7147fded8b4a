"""The format is documented inside the repository (issue 15, item 2).

docs/format.md must name every key the quiz schema knows, so a key added to the
model cannot go undocumented; and nothing a newcomer reads (README, docs, source)
may send them to a file outside the repository.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
FORMAT_DOC = REPO / "docs" / "format.md"
SCHEMA = REPO / "quizzes" / "quiz.schema.json"
OUTSIDE_POINTERS = ("../shared", "shared/quiz-format")


def property_names(node: Any) -> Iterator[str]:
    """Every key under a `properties` mapping, at any depth (definitions included).

    `patternProperties` keys are patterns, not names an author writes, so only
    what sits beneath them is walked.
    """
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            yield from properties
        for value in node.values():
            yield from property_names(value)
    elif isinstance(node, list):
        for item in node:
            yield from property_names(item)


def documented_names(text: str) -> set[str]:
    """Names written in backquotes on their own: `name`."""
    return set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", text))


def test_the_walk_finds_keys_at_every_level() -> None:
    schema = {
        "properties": {"top": {}},
        "definitions": {
            "Inner": {"properties": {"deep": {"items": {"properties": {"deeper": {}}}}}},
            "Map": {"patternProperties": {"^[a-z]+$": {"properties": {"under_pattern": {}}}}},
        },
    }
    assert sorted(property_names(schema)) == ["deep", "deeper", "top", "under_pattern"]


def test_documented_names_need_backquotes_around_the_name_alone() -> None:
    text = "`format` and `higher_is`, but not tags, `tags: [joint]` or ``"
    assert documented_names(text) == {"format", "higher_is"}


def test_the_schema_file_has_the_keys_this_test_relies_on() -> None:
    names = set(property_names(json.loads(SCHEMA.read_text(encoding="utf-8"))))
    # A walk that found nothing would make the next test pass vacuously.
    assert {"format", "dimensions", "higher_is", "show_if", "suppress", "value"} <= names


def test_format_doc_names_every_key_of_the_schema() -> None:
    names = set(property_names(json.loads(SCHEMA.read_text(encoding="utf-8"))))
    missing = sorted(names - documented_names(FORMAT_DOC.read_text(encoding="utf-8")))
    assert not missing, f"docs/format.md does not mention these schema keys as `name`: {missing}"


def _fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def _readiness(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readiness", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_the_whole_file_example_is_valid_and_gives_the_record_shown(tmp_path: Path) -> None:
    """The reference's own examples are real: the file validates with no warning, and
    the JSON record shown is what `take` prints for the answers it names."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    quiz = _fenced(text, "yaml")[0]
    record = json.loads(_fenced(text, "json")[0])
    (tmp_path / "example.yaml").write_text(quiz, encoding="utf-8")
    checked = _readiness("validate", "example.yaml", cwd=tmp_path)
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr
    (tmp_path / "answers.yaml").write_text(
        "open_to_talk: 4\npartner_stance: open\nheard: [broken]\n", encoding="utf-8"
    )
    taken = _readiness(
        "take", "example.yaml", "--answers", "answers.yaml", "--format", "json", cwd=tmp_path
    )
    assert taken.returncode == 0, taken.stderr
    printed = json.loads(taken.stdout)
    printed["taken_at"] = record["taken_at"]
    assert printed == record


def _readable_files() -> list[Path]:
    files = [REPO / "README.md", *sorted((REPO / "docs").rglob("*"))]
    files += sorted((REPO / "src").rglob("*"))
    return [
        path
        for path in files
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]


def test_there_are_files_to_check() -> None:
    names = {path.relative_to(REPO).as_posix() for path in _readable_files()}
    assert {
        "README.md",
        "docs/format.md",
        "docs/authoring.md",
        "src/readiness/data/authoring.md",
        "src/readiness/core/scoring.py",
    } <= names


@pytest.mark.parametrize("path", _readable_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_nothing_points_outside_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    found = [pointer for pointer in OUTSIDE_POINTERS if pointer in text]
    assert not found, f"{path.relative_to(REPO)} refers to {found}; point to docs/format.md instead"
