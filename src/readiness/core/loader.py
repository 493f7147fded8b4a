"""A quiz file in, a validated Quiz out, or every problem with its place.

The loader is the only way quizzes enter the program, so this is where an
author's mistakes become messages: `PATH:LINE:COL: error: what to do`. It never
raises anything but QuizFileError. The work is in three steps, each in its own
module: the YAML reader (`yamlsafe`, which knows every place), the shape of the
data against the Structs of `model` (`shapes`), and the rules that span fields
(`rules`). There is one representation of a quiz, `model.Quiz`, for listing,
checking and taking alike.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from readiness.core.model import Quiz
from readiness.core.problems import Problem, QuizFileError
from readiness.core.safefile import open_regular
from readiness.core.yamlsafe import MAX_BYTES, Document, read_yaml


def load_quiz(path: str | Path) -> Quiz:
    """Read and validate one quiz file."""
    return load_quiz_text(_read(path), str(path))


def check_quiz(path: str | Path) -> Quiz:
    """Validate one quiz file exactly as `load_quiz` does (same problems, same
    QuizFileError), without making its expressions ready to evaluate: for listing
    and checking files (`validate`, `list`), not for taking them."""
    return load_quiz_text(_read(path), str(path), build=False)


def quiz_warnings(quiz: Quiz) -> list[Problem]:
    """What `validate` says about a quiz that loaded, sorted by line and column: warnings
    (a condition that can never hold, a band ordered with '<', a value off the scale, ...)
    and notes (a step never saved, by design), told apart by their `severity`."""
    return list(quiz.compiled.warnings)


def real_warnings(problems: Iterable[Problem]) -> list[Problem]:
    """The warnings among a valid quiz's problems, without its notes: what `add`, `list`
    and the preview's header count and ask the author to fix."""
    return [p for p in problems if p.severity == "warning"]


def _loose_ends(doc: Document) -> list[Problem]:
    """A warning for each plain value that ends in a '}' or ']' it never opened: most likely
    what is left of a `{...}` around it, and otherwise shown to people as part of the text.
    At the brace itself when the value is on one line."""
    found = []
    for where, value in doc.loose_ends:
        span = doc.span(where)
        col = span.col + len(value) - 1 if span.line == span.end_line else span.col
        closer, opener = value[-1], "{" if value[-1] == "}" else "["
        message = (
            f"this text ends in a '{closer}' that nothing in it opens: it looks like a leftover "
            f"of {opener}...{closer}, and people would see it as part of the text; remove it, "
            "or put the whole text in quotes if it is meant"
        )
        found.append(Problem(doc.path, span.line, col, message, "warning"))
    return found


def _settle_warnings(quiz: Quiz, more: list[Problem]) -> None:
    """The checks' warnings and notes, with `more` found while reading, sorted by line and
    column, as errors are, whatever order the checks found them in."""
    warnings = (*quiz.compiled.warnings, *more)
    if not warnings:
        return
    import msgspec.structs

    settled = sorted(warnings, key=lambda p: (p.line, p.col))
    quiz.compiled = msgspec.structs.replace(quiz.compiled, warnings=tuple(settled))


def _read(path: str | Path) -> bytes:
    shown = str(path)
    try:
        with open(open_regular(path), "rb") as handle:  # never waits on a FIFO or a device
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                message = f"the file is {size:,} bytes; the limit is 1 MiB (1,048,576 bytes)"
                raise QuizFileError.one(shown, message)
            return handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise QuizFileError.one(shown, "this is a folder, not a quiz file") from None
    except FileNotFoundError:
        raise QuizFileError.one(shown, "no such file") from None
    except OSError as exc:
        raise QuizFileError.one(shown, f"cannot read the file: {exc.strerror or exc}") from None


def load_quiz_text(raw: str | bytes, path: str = "<string>", *, build: bool = True) -> Quiz:
    """Validate quiz text (`path` is only used in messages); with `build`, its expressions
    ready to evaluate and its digest noted."""
    from readiness.core import shapes
    from readiness.core.rules import Checker

    try:
        doc = read_yaml(raw, path, places=False)  # places are read when a problem needs one
        if not isinstance(doc.data, dict):
            message = (
                "the file is empty; a quiz starts with 'format: 1'"
                if doc.data is None
                else "the top level must be a mapping of keys (format, id, title, ...), "
                f"not {shapes.kind_of(doc.data)}"
            )
            raise QuizFileError([doc.problem((), message)])
        quiz, problems, broken = shapes.convert(doc)
        # The shape problems and, in the same run, the cross-field ones of every
        # entry whose own shape is fine.
        problems += Checker(doc, quiz, broken, build=build).run()
        if problems:
            raise QuizFileError(problems)
        _settle_warnings(quiz, _loose_ends(doc))
        quiz.__dict__["_source"] = doc.path
        if build:
            import hashlib  # only a quiz to take carries its digest

            data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
            quiz.__dict__["_sha256"] = hashlib.sha256(data).hexdigest()
        return quiz
    except QuizFileError:
        raise
    except RecursionError:
        raise QuizFileError.one(path, "the file is nested too deeply to read; flatten it") from None
    except Exception as exc:  # noqa: BLE001 - the contract: never a traceback for any file
        message = f"could not read this quiz ({type(exc).__name__}: {exc})"
        raise QuizFileError.one(path, message) from None
