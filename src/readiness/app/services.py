"""The app's one doorway into the core.

Every screen asks this module, never `readiness.core.*` directly, so that the
parts of the core written by other people (the safety check, the store, the
Markdown report, the history screen) can be absent while they are being
written: each is imported here, once, and a missing one degrades gently
instead of crashing the app.

Nothing in this module imports Textual.
"""

from __future__ import annotations

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
