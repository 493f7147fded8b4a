"""The saved record's own schema, checked before anything renders a record.

A saved record is a file anyone with the account can edit, and a fuzzer found
eleven ways a valid-looking one crashed `history`, `show`, `export` or the app
(a band given as a string, a score as text, a year that cannot be shown in the
local time zone, ...). Every renderer trusts the shape this module checks, so a
record either passes here and renders, or is skipped with a notice naming its
file. The rules are those of the record the contract describes (quiz-format.md,
`take --format json`) plus the store's own keys; unknown keys are allowed, so
a record saved by a later version with more in it still opens.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

EARLIEST_YEAR = 1970
LATEST_YEAR = 9000
"""Saved times outside these years cannot be real, and near year 1 or 9999 the
conversion to local time overflows; such a record is damaged."""


def parse_time(value: Any) -> datetime | None:
    """An aware datetime from the record's ISO 8601 `taken_at`, or None (also when out of range)."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    # Far from year 1 and 9999, so converting to any local time zone cannot overflow.
    if not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
        return None
    return when


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_number(value: Any) -> bool:
    if type(value) is int:
        return True
    return type(value) is float and math.isfinite(value)


def _str_or_none(value: Any) -> bool:
    return value is None or type(value) is str


def _list_of_str(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _dimension_problem(n: int, dim: Any) -> str | None:
    where = f"dimension {n}"
    if type(dim) is not dict:
        return f"{where} is not an object"
    if type(dim.get("id")) is not str:
        return f"{where} has no id"
    if not _str_or_none(dim.get("label")):
        return f"{where}'s label is not text"
    score = dim.get("score")
    if score is not None and not (_is_int(score) and 0 <= score <= 100):
        return f"{where}'s score is not a whole number from 0 to 100"
    band = dim.get("band")
    if band is not None:
        if type(band) is not dict:
            return f"{where}'s band is not an object"
        if not _str_or_none(band.get("label")) or not _str_or_none(band.get("id")):
            return f"{where}'s band label is not text"
    for key in ("raw", "min", "max"):
        value = dim.get(key)
        if value is not None and not _is_number(value):
            return f"{where}'s {key} is not a number"
    return None


def _step_problem(n: int, step: Any) -> str | None:
    where = f"next step {n}"
    if type(step) is not dict:
        return f"{where} is not an object"
    for key in ("id", "title", "body"):
        if not _str_or_none(step.get(key)):
            return f"{where}'s {key} is not text"
    why = step.get("why")
    if why is not None and not _list_of_str(why):
        return f"{where}'s reasons are not a list of text"
    tags = step.get("tags")
    if tags is not None and not _list_of_str(tags):
        return f"{where}'s tags are not a list of text"
    priority = step.get("priority")
    if priority is not None and not _is_number(priority):
        return f"{where}'s priority is not a number"
    return None


def _note_problem(n: int, note: Any) -> str | None:
    if type(note) is not dict:
        return f"note {n} is not an object"
    if not _str_or_none(note.get("question")) or not _str_or_none(note.get("answer")):
        return f"note {n} is not text"
    return None


def shape_problem(record: dict[str, Any]) -> str | None:
    """Why `record` (a dict already known to be one of ours by version) cannot be shown, or None."""
    quiz = record.get("quiz")
    if type(quiz) is not dict or type(quiz.get("id")) is not str or not quiz["id"]:
        return "no quiz id"
    if not _str_or_none(quiz.get("title")):
        return "the quiz title is not text"
    version = quiz.get("version")
    if version is not None and not _is_int(version):
        return "the quiz version is not a whole number"
    if parse_time(record.get("taken_at")) is None:
        return "no valid taken_at"
    for key, check in (
        ("dimensions", _dimension_problem),
        ("next_steps", _step_problem),
        ("notes", _note_problem),
    ):
        items = record.get(key, [])
        if type(items) is not list:
            return f"{key.replace('_', ' ')} are not a list"
        for n, item in enumerate(items, 1):
            problem = check(n, item)
            if problem is not None:
                return problem
    flags = record.get("flags")
    if (
        flags is not None
        and not (type(flags) is dict and all(type(v) is bool for v in flags.values()))
        and not _list_of_str(flags)
    ):
        return "flags are not true/false values"
    answers = record.get("answers")
    if answers is not None and type(answers) is not dict:
        return "answers are not an object"
    if not _str_or_none(record.get("quiz_sha256")):
        return "quiz_sha256 is not text"
    return None
