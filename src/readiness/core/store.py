"""Saved results: one private JSON record per save, with its Markdown summary beside it.

This module saves and opens them, and is where the rest of the app imports saved
results from: listing (`resultfolder`), naming and finding by id (`resultnames`)
and deleting (`deleting`) have modules of their own, re-exported here.

* **Nothing is lost.** Every file is written atomically (`safefile.atomic_write`),
  the summary first and the record last, so a crash, a full disk or a power cut
  leaves the old state or the new one; what an interrupted save can leave is
  listed as an incomplete save, never hidden.
* **Private.** The folder is 0700 and every file is created 0600 (never
  chmod'ed afterwards); a folder that is a link is never saved through.
* **Self-contained records.** A record carries the quiz's title, dimension and
  band labels as they were when it was saved, plus the sha256 of the quiz file;
  showing an old record never re-reads today's quiz file.
* **Protected when the person asked** (`readiness protect`): every save is then
  two age files encrypted to the person's recipient, named by 32 random hex
  digits, and opening one needs the identity unlocked (`protect.unlock`).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness import locations
from readiness.core import protect, records, safefile
from readiness.core.deleting import DeletePlan as DeletePlan
from readiness.core.deleting import DeleteReport as DeleteReport
from readiness.core.deleting import delete_all as delete_all
from readiness.core.deleting import delete_all_report as delete_all_report
from readiness.core.deleting import delete_saved as delete_saved
from readiness.core.deleting import plan_delete_all as plan_delete_all
from readiness.core.deleting import remove_leftovers as remove_leftovers
from readiness.core.protect import AGE_SUFFIX as _AGE
from readiness.core.records import RECORD_VERSION as RECORD_VERSION
from readiness.core.records import Notice as Notice
from readiness.core.records import SavedSummary as SavedSummary
from readiness.core.records import StoreError as StoreError
from readiness.core.records import summary_from_record as summary_from_record
from readiness.core.resultfolder import Leftover as Leftover
from readiness.core.resultfolder import Survey as Survey
from readiness.core.resultfolder import list_leftovers as list_leftovers
from readiness.core.resultfolder import list_saved as list_saved
from readiness.core.resultfolder import privacy_notes as privacy_notes
from readiness.core.resultfolder import read_record
from readiness.core.resultfolder import survey as survey
from readiness.core.resultindex import INDEX_AGE_NAME as INDEX_AGE_NAME
from readiness.core.resultindex import INDEX_NAME as INDEX_NAME
from readiness.core.resultnames import ENCRYPTED_STEM as ENCRYPTED_STEM
from readiness.core.resultnames import is_plain_stem as is_plain_stem
from readiness.core.resultnames import plain_stem_for as plain_stem_for
from readiness.core.resultnames import record_file, stem
from readiness.core.resultnames import resolve_id as resolve_id
from readiness.core.resultnames import results_folder as results_folder


@dataclass(frozen=True)
class SavedPaths:
    """Where a save put the record and its Markdown summary."""

    record: Path
    summary: Path

    @property
    def id(self) -> str:
        """The record id (the file name without `.json`, or `.json.age` when protected)."""
        return stem(self.record.name)


# --------------------------------------------------------------------------- saving


def save_result(
    result_or_record: Any,
    markdown: str,
    *,
    quiz_sha256: str | None = None,
    folder: Path | None = None,
) -> SavedPaths:
    """Save a result (or a record dict) and its Markdown summary; return both paths.

    The Markdown is written first and the record last, so the record (which is
    what the history lists) only appears once both are complete. If the record
    cannot be written, the summary is removed again. Raises StoreError with a
    message fit for the screen (read-only folder, full disk, ...).
    """
    record = records.to_record(result_or_record)
    quiz = getattr(result_or_record, "quiz", None)
    if quiz_sha256 is None:
        sha = getattr(quiz, "sha256", None)
        quiz_sha256 = sha if isinstance(sha, str) else None
    if quiz_sha256 is None and isinstance(record.get("quiz_sha256"), str):
        quiz_sha256 = record["quiz_sha256"]  # re-saving a record that already has one
    record.pop("record_version", None)
    record.pop("quiz_sha256", None)
    record = {"record_version": RECORD_VERSION, **record, "quiz_sha256": quiz_sha256}
    dimensions = getattr(quiz, "dimensions", None) or ()
    directions = {d.id: d.higher_is for d in dimensions if getattr(d, "higher_is", None)}
    if directions:  # beside the contract's record: which way is better, for history's words
        record["higher_is"] = directions
    problem = records.check_record(record)
    if problem is not None:
        raise StoreError(f"Could not save: {problem}.")

    target = results_folder(folder)
    recipient: Any = None
    if protect.is_protected(target):  # then never a plain save instead
        keys = protect.key_files(target)
        if not os.path.lexists(keys.identity):
            raise protect.ProtectError(
                f"Could not save: the key that opens your protected results ({keys.identity}) is "
                "missing, so a protected save could never be opened; `readiness protect` makes a new "
                "one (results protected with the old key stay as they are).",
                keys.identity,
            )
        recipient = protect.read_recipient(target)
    try:
        locations.ensure_private_dir(target)
    except locations.LinkedFolderError:
        raise StoreError(
            f"Could not save: the results folder {target} is a link to another place, and "
            "readiness never saves through a link (it could change who can read that place). "
            "You can export this result to a file of your choosing instead.",
            target,
        ) from None
    except OSError as exc:
        raise records.friendly_os_error(
            "save", exc, target.parent if not target.exists() else target
        ) from exc

    sealed = "" if recipient is None else _AGE
    for _ in range(100):
        # neither the quiz nor the time in a protected name
        name = plain_stem_for(record, os.urandom(3).hex()) if not sealed else protect.random_stem()
        record_path = target / f"{name}.json{sealed}"
        summary_path = target / f"{name}.md{sealed}"
        if not record_path.exists() and not summary_path.exists():
            break
    else:  # pragma: no cover - 100 collisions of 24 random bits
        raise StoreError(f"Could not save: no free file name in {target}.", target)

    record_bytes = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    md_bytes = (markdown if markdown.endswith("\n") else markdown + "\n").encode("utf-8")
    if recipient is not None:
        record_bytes = protect.encrypt(record_bytes, recipient)
        md_bytes = protect.encrypt(md_bytes, recipient)
    try:
        safefile.atomic_write(summary_path, md_bytes)
    except OSError as exc:
        raise records.friendly_os_error("save", exc, target) from exc
    try:
        safefile.atomic_write(record_path, record_bytes)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(summary_path)
        raise records.friendly_os_error("save", exc, target) from exc
    return SavedPaths(record=record_path, summary=summary_path)


# --------------------------------------------------------------------------- opening


def is_protected_result(record_id: str, folder: Path | None = None) -> bool:
    """Whether a saved result (by id) is kept encrypted: an export of it then warns first."""
    full = resolve_id(record_id, folder)
    return record_file(results_folder(folder), full).name.endswith(_AGE)


def load_saved(record_id: str, folder: Path | None = None) -> dict[str, Any]:
    """The saved record, exactly as written (with its own titles and labels).

    Raises StoreError when it is missing, damaged or from a newer version.
    """
    full = resolve_id(record_id, folder)
    target = results_folder(folder)
    path = record_file(target, full)
    try:
        return read_record(path, protect.unlocked(target))
    except StoreError as exc:
        if isinstance(exc, protect.LockedError) or exc.message.startswith(
            ("No saved", "Could not")
        ):
            raise
        raise StoreError(f"Cannot open saved result {full}: {exc.message}.", path) from None


def load_saved_markdown(record_id: str, folder: Path | None = None) -> str | None:
    """The Markdown summary saved beside a record (as the results screen showed it), or None."""
    full = resolve_id(record_id, folder)
    target = results_folder(folder)
    sealed = target / f"{full}.md{_AGE}"
    if os.path.lexists(sealed):
        identity = protect.unlocked(target)
        if identity is None:
            raise protect.LockedError(protect.LOCKED_MESSAGE, sealed)
        try:
            return protect.decrypt(records.read_bytes(sealed), identity, sealed).decode("utf-8")
        except (StoreError, ValueError):
            return None
    try:  # never through a link, never from a FIFO or a device
        return safefile.read_text(target / f"{full}.md", records.MAX_RECORD_BYTES, follow=False)
    except (OSError, ValueError):
        return None
