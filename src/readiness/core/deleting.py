"""Deleting saved results: one by id, all of them from a plan made first, and the files
interrupted saves left.

"Delete all" is planned first (`plan_delete_all`, from what the listing showed),
the confirmation is made from the plan, and exactly the plan is removed: files
the listing skipped stay, and so does anything saved after it. Each function
returns what really went. No passphrase is needed: protected results go by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from readiness.core import protect, records, resultindex, safefile
from readiness.core.protect import AGE_SUFFIX as AGE
from readiness.core.records import Notice, SavedSummary
from readiness.core.resultfolder import (
    Leftover,
    leftover_what,
    list_leftovers,
    list_saved,
    listing,
    scan,
)
from readiness.core.resultnames import (
    ENCRYPTED_STEM,
    record_name,
    resolve_id,
    results_folder,
    stem,
    valid_id,
)


def _unlink_quiet(path: Path) -> bool:
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    return True


def delete_saved(record_id: str, folder: Path | None = None) -> list[Path]:
    """Delete one saved result: its record, its Markdown summary and its index entry.

    Works on a damaged record too, so a person can get rid of it. Returns the
    files really removed (so what is said is what happened). Raises StoreError
    if there is no such record or it cannot be deleted.
    """
    full = resolve_id(record_id, folder)
    target = results_folder(folder)
    try:
        removed = []
        for suffix in (".json", ".md", f".json{AGE}", f".md{AGE}"):
            if _unlink_quiet(target / f"{full}{suffix}"):  # a file removed, not only named
                removed.append(target / f"{full}{suffix}")
    except OSError as exc:
        raise records.friendly_os_error("delete", exc, target) from exc
    identity = protect.unlocked(target)
    resultindex.drop(
        target,
        [f"{full}.json", f"{full}.json{AGE}"],
        identity=identity,
        recipient=None if identity is None else identity.to_public(),
    )
    safefile.fsync_dir(target)
    return removed


def remove_leftovers(leftovers: Iterable[Leftover]) -> int:
    """Remove files `list_leftovers` named (if they still are leftovers); return how many went."""
    removed = 0
    folders = set()
    for item in leftovers:
        folder = item.path.parent
        try:
            present = set(os.listdir(folder))
        except OSError:
            continue
        if leftover_what(item.path.name, present) is None:
            continue  # its record came back meanwhile, or it is not one of ours
        try:
            removed += _unlink_quiet(item.path)
        except OSError as exc:
            raise records.friendly_os_error("remove the incomplete saves", exc, folder) from exc
        folders.add(folder)
    for folder in folders:
        safefile.fsync_dir(folder)
    return removed


@dataclass(frozen=True)
class DeletePlan:
    """What "delete all" removes and what it leaves, worked out before anything goes.

    The confirmation is made from this, and `delete_all` removes exactly it, so
    what the person agreed to is what happens. `ids` are the saved results that
    were listed: each goes with its Markdown summary. `loose_summaries` are
    summaries named like ours whose record is already gone (a save cut off, a
    record removed by hand); they hold the person's words, so they go too, and
    the confirmation says so. `left` are the files the listing skipped (damaged,
    from a newer version, not ours): never deleted by "delete all".
    """

    folder: Path
    ids: tuple[str, ...]
    loose_summaries: tuple[str, ...] = ()
    left: tuple[Notice, ...] = ()
    temporary: tuple[str, ...] = ()

    @property
    def leftovers(self) -> int:
        """How many files of interrupted saves go too (summaries without a record, temp files)."""
        return len(self.loose_summaries) + len(self.temporary)

    @property
    def empty(self) -> bool:
        """Nothing to delete at all."""
        return not (self.ids or self.loose_summaries or self.temporary)


@dataclass(frozen=True)
class DeleteReport:
    """What "delete all" really removed, counted as it happened."""

    records: int = 0
    summaries: int = 0
    leftovers: int = 0


def plan_delete_all(
    folder: Path | None = None,
    summaries: Iterable[SavedSummary] | None = None,
    notices: Iterable[Notice] | None = None,
) -> DeletePlan:
    """The plan for deleting every listed result: `summaries`/`notices` as listed, or listed now.

    The screen passes what it shows, so the count it asks about is the count it
    shows. One listing of names finds the summaries without a record and the
    temporary files.
    """
    target = results_folder(folder)
    locked_ids: list[str] = []
    if summaries is None or notices is None:
        try:
            summaries, notices = list_saved(folder)
        except protect.LockedError:  # deleting needs no passphrase: protected results go by name
            found = scan(target)
            for name in [n for n in found.records if n.endswith(AGE)]:
                del found.records[name]
                if ENCRYPTED_STEM.match(stem(name)):
                    locked_ids.append(stem(name))
                else:
                    found.notices.append(Notice(target / name, "not a saved result"))
            summaries, notices = listing(target, found, write_index=False)  # the plain ones
    ids = tuple(s.id for s in summaries if valid_id(s.id)) + tuple(locked_ids)
    names = scan(target, stat_records=False)
    # Summaries whose record is gone, at any age (a save under way is not deleted by "all").
    loose = tuple(n for n in names.leftovers if n[:1] != ".")
    left = tuple(n for n in notices if n.path.parent == target)  # files, not the folder itself
    temporary = tuple(
        item.path.name
        for item in list_leftovers(target, found=names)
        if safefile.is_temp_name(item.path.name)
    )
    return DeletePlan(target, ids, loose, left, temporary)


def delete_all(folder: Path | None = None, plan: DeletePlan | None = None) -> int:
    """Delete exactly what `plan` names (made now if not given); return how many records."""
    return delete_all_report(folder, plan).records


def delete_all_report(folder: Path | None = None, plan: DeletePlan | None = None) -> DeleteReport:
    """Delete exactly what `plan` names (made now if not given), and say what went.

    The listed records and their summaries, loose summaries, the leftover
    temporary files of interrupted saves and the index go; files the listing
    skipped stay, and so does anything saved after the plan was made.
    """
    if plan is None:
        plan = plan_delete_all(folder)
    target = plan.folder
    gone_records = gone_summaries = leftovers = 0
    try:
        for record_id in plan.ids:
            for sealed in ("", AGE):
                gone_records += _unlink_quiet(target / f"{record_id}.json{sealed}")
                gone_summaries += _unlink_quiet(target / f"{record_id}.md{sealed}")
        for name in plan.loose_summaries:
            if not os.path.lexists(target / record_name(name)):  # unless its record came back
                leftovers += _unlink_quiet(target / name)
        for name in plan.temporary:
            if safefile.is_temp_name(name):
                leftovers += _unlink_quiet(target / name)
        for index in (resultindex.INDEX_NAME, resultindex.INDEX_AGE_NAME):
            _unlink_quiet(target / index)  # a later listing rebuilds it
    except OSError as exc:
        raise records.friendly_os_error("delete", exc, target) from exc
    safefile.fsync_dir(target)
    return DeleteReport(gone_records, gone_summaries, leftovers)
