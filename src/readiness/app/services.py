"""The app's one doorway into the core.

Every screen asks this module, never `readiness.core.*` directly, so that the
parts of the core written by other people (the safety check, the store, the
Markdown report, the history screen) can be absent while they are being
written: each is imported here, once, and a missing one degrades gently
instead of crashing the app.

Nothing in this module imports Textual.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from readiness.core.catalog import Catalog, load_catalog
from readiness.core.loader import load_quiz
from readiness.core.model import Question, Quiz
from readiness.core.problems import Problem, QuizFileError
from readiness.core.scoring import SafetyState, evaluate, prune_answers, visible_questions

__all__ = [
    "Catalog",
    "Problem",
    "Question",
    "Quiz",
    "QuizFileError",
    "SafetyState",
    "SafetyInfo",
    "SaveError",
    "ExportError",
    "Exported",
    "default_export_path",
    "export_result",
    "choices",
    "evaluate",
    "history_screen_class",
    "load_catalog",
    "load_quiz",
    "load_safety",
    "prune_answers",
    "save_result",
    "visible_questions",
]


def _optional(module: str) -> Any | None:
    """Import a core module that may not exist yet; None when it is missing."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None  # not written yet
        raise


def choices(quiz: Quiz, question: Question) -> list[tuple[Any, str]]:
    """(answer value, label) pairs for a scale, choice or multi question."""
    method = getattr(quiz, "choices", None)
    if callable(method):
        return list(method(question))
    return list(question.choices(quiz))  # the spelling in docs/architecture.md


# --------------------------------------------------------------------- safety


@dataclass(frozen=True)
class Card:
    title: str
    body: str


@dataclass(frozen=True)
class ResourceLine:
    name: str
    contact: str
    region: str = ""
    url: str = ""
    last_checked: str = ""
    kind: str = ""


_FALLBACK_SAFETY = Card(
    "Your safety comes first",
    "Some of your answers suggest you may not feel safe with your partner. "
    "Couples therapy is not recommended while there is fear, threats or control: "
    "abuse is not a relationship problem. Talking to someone on your own, in "
    "confidence, is a good first step. The lines below are free and confidential.",
)
_FALLBACK_CRISIS = Card(
    "If you are thinking about harming yourself",
    "You deserve support right now. Please contact a crisis line: they are free, "
    "confidential, and there to listen.",
)
_FALLBACK_LINES = (
    ResourceLine("988 Suicide & Crisis Lifeline", "Call or text 988", "US", "https://988lifeline.org", "", "crisis"),
    ResourceLine(
        "National Domestic Violence Hotline",
        "1-800-799-7233, text START to 88788",
        "US",
        "https://www.thehotline.org",
        "",
        "abuse",
    ),
    ResourceLine(
        "National Domestic Abuse Helpline (Refuge)",
        "0808 2000 247, free, 24 hours",
        "UK",
        "https://www.nationaldahelpline.org.uk",
        "",
        "abuse",
    ),
    ResourceLine(
        "Find a Helpline",
        "Free, confidential helplines in your country",
        "Anywhere",
        "https://findahelpline.com",
        "",
        "any",
    ),
)


@dataclass
class SafetyInfo:
    """What the app needs of the safety check: the quiz, the cards, the lines."""

    quiz: Quiz | None
    safety_card: Any
    crisis_card: Any
    lines: Sequence[Any] = field(default_factory=tuple)

    def state_from(self, result: Any) -> SafetyState:
        module = _optional("readiness.core.safety")
        if module is not None and hasattr(module, "safety_from_result"):
            return module.safety_from_result(result)
        flags = getattr(result, "flags", {}) or {}
        return SafetyState(concern=bool(flags.get("concern")), crisis=bool(flags.get("crisis")))


def load_safety() -> SafetyInfo:
    """The shipped safety check and resources, or a built-in fallback for the cards.

    When the safety quiz itself cannot be loaded the check is skipped (quiz is
    None); the app never blocks the results on it.
    """
    module = _optional("readiness.core.safety")
    quiz = None
    safety_card: Any = _FALLBACK_SAFETY
    crisis_card: Any = _FALLBACK_CRISIS
    lines: Sequence[Any] = _FALLBACK_LINES
    if module is not None:
        try:
            quiz = module.load_safety_quiz()
        except Exception:  # a broken shipped file must not stop a person's results
            quiz = None
        try:
            resources = module.load_resources()
            safety_card = getattr(resources, "safety_card", None) or safety_card
            crisis_card = getattr(resources, "crisis_card", None) or crisis_card
            lines = list(getattr(resources, "lines", None) or lines)
        except Exception:
            pass
    return SafetyInfo(quiz=quiz, safety_card=safety_card, crisis_card=crisis_card, lines=lines)


# ---------------------------------------------------------------------- store


class SaveError(Exception):
    """Saving failed; the message is meant for the person."""


@dataclass(frozen=True)
class Saved:
    paths: tuple[Path, ...]
    folder: Path | None


def save_result(result: Any) -> Saved:
    """Write the record and its Markdown summary through the store; SaveError on failure."""
    store = _optional("readiness.core.store")
    report = _optional("readiness.core.report")
    if store is None or not hasattr(store, "save_result") or report is None:
        raise SaveError("Saving is not available in this version yet. Nothing was written.")
    store_error = getattr(store, "StoreError", OSError)
    try:
        markdown = report.to_markdown(result)
        saved = store.save_result(result, markdown)
    except store_error as exc:
        raise SaveError(str(exc) or "The result could not be saved.") from exc
    except OSError as exc:
        raise SaveError(f"The result could not be saved: {exc.strerror or exc}") from exc
    return Saved(paths=_paths_of(saved), folder=_folder_of(saved))


class ExportError(Exception):
    """Exporting failed; the message is meant for the person."""


@dataclass(frozen=True)
class Exported:
    markdown: Path
    record: Path


EXPORT_STEM = "readiness-result"
_EXPORT_SUFFIXES = (".md", ".markdown", ".json", ".txt")


def default_export_path(when: datetime | None = None) -> str:
    """Where the results screen offers to export when saving failed, as the person reads it."""
    when = when or now()
    return f"~/{EXPORT_STEM}-{when:%Y%m%d-%H%M}.md"


def export_paths(to: str | Path, when: datetime | None = None) -> tuple[Path, Path]:
    """(summary .md, record .json) for what the person typed: a file name (any of
    .md/.json/.txt or none, the other file goes beside it) or an existing folder."""
    text = str(to).strip()
    if not text:
        raise ExportError("Type where to put the files, for example ~/readiness-result.md.")
    try:
        path = Path(text).expanduser().absolute()
        if path.is_dir():
            path = path / f"{EXPORT_STEM}-{(when or now()):%Y%m%d-%H%M}"
    except (OSError, RuntimeError, ValueError) as exc:
        raise ExportError(f"Could not export to {text}: {getattr(exc, 'strerror', None) or exc}.") from exc
    if path.suffix.lower() in _EXPORT_SUFFIXES:
        base = path.with_suffix("")
        markdown = path if path.suffix.lower() in (".md", ".markdown") else base.with_name(base.name + ".md")
    else:
        base = path
        markdown = base.with_name(base.name + ".md")
    record = path if path.suffix.lower() == ".json" else base.with_name(base.name + ".json")
    return markdown, record


def export_result(result: Any, to: str | Path) -> Exported:
    """Write the Markdown summary and the JSON record side by side at `to` (files 0600).

    The record is the one a save would have written (the contract's record plus
    the record version and the quiz file's sha256), so it can be put in the
    results folder later. Both files or neither: an existing file is never
    replaced. ExportError (a message for the screen) on any failure.
    """
    store = _optional("readiness.core.store")
    report = _optional("readiness.core.report")
    if store is None or not hasattr(store, "write_export") or report is None:
        raise ExportError("Exporting is not available in this version yet. Nothing was written.")
    store_error = getattr(store, "StoreError", OSError)
    markdown_path, record_path = export_paths(to, getattr(result, "taken_at", None))
    try:
        for path in (markdown_path, record_path):
            if path.exists() or path.is_symlink():
                raise ExportError(f"{path} already exists; choose another name so nothing is replaced.")
        text = report.to_markdown(result)
        record = dict(result.to_record()) if hasattr(result, "to_record") else dict(result)
        sha = getattr(getattr(result, "quiz", None), "sha256", None)
        record.pop("record_version", None)
        record.pop("quiz_sha256", None)
        record = {
            "record_version": getattr(store, "RECORD_VERSION", 1),
            **record,
            "quiz_sha256": sha if isinstance(sha, str) else None,
        }
        written_md = store.write_export(record, markdown_path, "markdown", markdown=text)
        try:
            written_json = store.write_export(record, record_path, "json")
        except BaseException:
            with contextlib.suppress(OSError):
                Path(written_md).unlink()
            raise
    except ExportError:
        raise
    except store_error as exc:
        raise ExportError(str(exc) or "The result could not be exported.") from exc
    except OSError as exc:
        raise ExportError(f"Could not export to {markdown_path.parent}: {exc.strerror or exc}.") from exc
    except ValueError as exc:  # an impossible file name (a NUL byte, ...)
        raise ExportError(f"Could not export there: {exc}.") from exc
    return Exported(markdown=Path(written_md), record=Path(written_json))


def _paths_of(saved: Any) -> tuple[Path, ...]:
    if saved is None:
        return ()
    if isinstance(saved, (str, Path)):
        return (Path(saved),)
    found: list[Path] = []
    for name in ("json", "json_path", "record", "markdown", "markdown_path", "md", "summary"):
        value = getattr(saved, name, None)
        if isinstance(value, (str, Path)):
            found.append(Path(value))
    if not found and isinstance(saved, tuple):
        found = [Path(p) for p in saved if isinstance(p, (str, Path))]
    return tuple(dict.fromkeys(found))


def _folder_of(saved: Any) -> Path | None:
    for name in ("folder", "directory", "dir"):
        value = getattr(saved, name, None)
        if isinstance(value, (str, Path)):
            return Path(value)
    paths = _paths_of(saved)
    return paths[0].parent if paths else None


# -------------------------------------------------------------------- history


def history_screen_class() -> type | None:
    """The saved-results screen, once the store helper has written it."""
    module = _optional("readiness.app.history_screen")
    return getattr(module, "HistoryScreen", None) if module is not None else None


def now() -> datetime:
    return datetime.now().astimezone()
