"""The format is documented inside the repository (issue 15, item 2).

docs/format.md must name every key the quiz schema knows, so a key added to the
model cannot go undocumented; and nothing a newcomer reads (README, docs, source)
may send them to a file outside the repository.
"""

from __future__ import annotations

import json
import re
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
        "src/readiness/core/scoring.py",
    } <= names


@pytest.mark.parametrize("path", _readable_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_nothing_points_outside_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    found = [pointer for pointer in OUTSIDE_POINTERS if pointer in text]
    assert not found, f"{path.relative_to(REPO)} refers to {found}; point to docs/format.md instead"
