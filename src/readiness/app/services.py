"""The app's one doorway into the core.

Screens ask this module rather than `readiness.core.*` directly, so the app's
use of the core is in one place. It is also where start-up stays light: the
loader (and with it msgspec) is imported only when a quiz is first opened, and
the results store only when the person saves or exports; home imports this
module only after its first frame.

Nothing in this module imports Textual.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.core import report, resources, safety

# Re-exported: screens take these from here (`services.evaluate`, ...).
from readiness.core.catalog import load_catalog as load_catalog
from readiness.core.problems import QuizFileError as QuizFileError
from readiness.core.safety import safety_from_result as safety_from_result
from readiness.core.scoring import SafetyState as SafetyState
from readiness.core.scoring import evaluate as evaluate
from readiness.core.scoring import prune_answers as prune_answers
from readiness.core.scoring import visible_questions as visible_questions

if TYPE_CHECKING:
    from readiness.core.model import Quiz


def load_quiz(path: str | Path) -> Quiz:
    """Load one quiz; the loader is imported here, on first use, to keep start-up quick."""
    from readiness.core.loader import load_quiz as load

    return load(path)


# --------------------------------------------------------------------- safety


# Shown only if the shipped resources file cannot be read (a test keeps it readable).
_UNREADABLE = resources.Card(
    "Your safety comes first",
    "Support lines could not be loaded just now. If you are not safe, or are thinking of "
    "harming yourself, please contact your local emergency number or a helpline near you.",
)


@dataclass
class SafetyInfo:
    """What the app needs of the safety check: the quiz, the cards, the lines."""

    quiz: Quiz | None
    safety_card: Any
    crisis_card: Any
    lines: Sequence[Any] = ()
    resources: Any = None  # core.resources.Resources: emergency number, unsure card, tech safety


def load_safety() -> SafetyInfo:
    """The shipped safety check and resources.

    When the safety quiz itself cannot be loaded the check is skipped (quiz is
    None); the app never blocks the results on it.
    """
    try:
        quiz = safety.load_safety_quiz()
    except Exception:  # a broken shipped file must not stop a person's results
        quiz = None
    try:
        found = resources.load_resources()
    except Exception:
        return SafetyInfo(quiz=quiz, safety_card=_UNREADABLE, crisis_card=_UNREADABLE, lines=())
    return SafetyInfo(quiz, found.safety_card, found.crisis_card, list(found.lines), found)


# ---------------------------------------------------------------------- store


class SaveError(Exception):
    """Saving failed; the message is meant for the person."""


@dataclass(frozen=True)
class Saved:
    paths: tuple[Path, ...]
    folder: Path | None


PROTECT_FIRST = (
    "Not saved: your settings keep results only once they are protected (protect = true "
    "in config.toml), and protection is not on yet. Press p on the saved results to turn it on."
)


def protect_required() -> bool:
    """Whether config.toml asks for protected saves only (`protect = true`) and protection
    is not on yet: a save then writes nothing in plain, as on the command line."""
    from readiness.core import config, protect

    settings, _problems = config.current_config()
    return bool(settings.protect) and not protect.is_protected()


def save_result(result: Any) -> Saved:
    """Write the record and its Markdown summary through the store; SaveError on failure."""
    from readiness.core import store  # only once the person saves: taking a quiz writes nothing

    if protect_required():
        raise SaveError(PROTECT_FIRST)
    try:
        markdown = report.to_markdown(result)
        saved = store.save_result(result, markdown)
    except store.StoreError as exc:
        raise SaveError(str(exc) or "The result could not be saved.") from exc
    except OSError as exc:
        raise SaveError(f"The result could not be saved: {exc.strerror or exc}") from exc
    return Saved(paths=(saved.record, saved.summary), folder=saved.record.parent)


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
        raise ExportError(
            f"Could not export to {text}: {getattr(exc, 'strerror', None) or exc}."
        ) from exc
    suffix = path.suffix.lower()
    base = path.with_suffix("") if suffix in _EXPORT_SUFFIXES else path
    markdown = path if suffix in (".md", ".markdown") else base.with_name(base.name + ".md")
    record = path if suffix == ".json" else base.with_name(base.name + ".json")
    return markdown, record


def _write_pair(
    record: dict[str, Any], markdown: str | None, to: str | Path, taken_at: Any = None
) -> Exported:
    """The Markdown summary and the JSON record side by side at `to` (files 0600): both
    files or neither, never replacing a file; ExportError (a message for the screen)."""
    from readiness.core import exporting, store

    markdown_path, record_path = export_paths(to, taken_at)
    try:
        for path in (markdown_path, record_path):
            if path.exists() or path.is_symlink():
                raise ExportError(
                    f"{path} already exists; choose another name so nothing is replaced."
                )
        written_md = exporting.write_export(record, markdown_path, "markdown", markdown=markdown)
        try:
            written_json = exporting.write_export(record, record_path, "json")
        except BaseException:
            with contextlib.suppress(OSError):
                Path(written_md).unlink()
            raise
    except store.StoreError as exc:
        raise ExportError(exc.message or "The result could not be exported.") from exc
    except OSError as exc:
        raise ExportError(
            f"Could not export to {markdown_path.parent}: {exc.strerror or exc}."
        ) from exc
    except ValueError as exc:  # an impossible file name (a NUL byte, ...)
        raise ExportError(f"Could not export there: {exc}.") from exc
    return Exported(markdown=Path(written_md), record=Path(written_json))


def export_result(result: Any, to: str | Path) -> Exported:
    """Write a live result's summary and record side by side at `to` (see `_write_pair`).

    The record is the one a save would have written (the contract's record plus
    the record version and the quiz file's sha256), so it can be put in the
    results folder later.
    """
    from readiness.core.records import RECORD_VERSION

    given = result.to_record() if hasattr(result, "to_record") else result
    sha = getattr(getattr(result, "quiz", None), "sha256", None)
    record: dict[str, Any] = {"record_version": RECORD_VERSION}
    record.update((k, v) for k, v in given.items() if k not in ("record_version", "quiz_sha256"))
    record["quiz_sha256"] = sha if isinstance(sha, str) else None
    return _write_pair(record, report.to_markdown(result), to, getattr(result, "taken_at", None))


def export_saved(record_id: str, to: str | Path, folder: Path | None = None) -> Exported:
    """A saved result's summary and record, copied side by side at `to`, as `export_result`
    writes a live one. A protected result must be unlocked; its copies are plain (the
    screen warns first)."""
    from readiness.core import store

    try:
        record = store.load_saved(record_id, folder)
        markdown = store.load_saved_markdown(record_id, folder)
    except store.StoreError as exc:
        raise ExportError(exc.message) from exc
    return _write_pair(record, markdown, to)


def now() -> datetime:
    return datetime.now().astimezone()
