"""What the results folder holds, from one scan: the saved results, the files that are not
ours, what interrupted saves left, and what others could read.

* **One look at the folder.** `scan` lists it and stats each record through one
  descriptor; `survey` gives `readiness history` everything from that one scan.
* **The index is never believed over the files.** A record is read only when its
  index entry was not taken from the file as `stat` sees it now (`resultindex`),
  so a listing of unchanged results opens no record.
* **Robust.** A damaged, foreign or future-version file is skipped with a
  `Notice` naming it, never a crash; what an interrupted save left is listed
  (it may hold answers); looser modes are reported, not changed.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from stat import S_ISREG
from typing import Any, NamedTuple

from readiness.core import protect, records, resultindex, safefile
from readiness.core.protect import AGE_SUFFIX as AGE
from readiness.core.records import Notice, SavedSummary, StoreError
from readiness.core.resultnames import (
    is_plain_stem,
    is_record_name,
    is_summary_name,
    record_name,
    results_folder,
    stem,
    summary_name,
)

_DIR_FD = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd


@dataclass
class Scan:
    """What the folder holds right now, from names and stat alone (no file is opened)."""

    records: dict[str, resultindex.FileKey]  # every regular `*.json` file (dot files aside)
    notices: list[Notice]  # files that cannot be ours, by their name or kind
    leftovers: list[str] = field(default_factory=list)  # names an interrupted save may have left
    loose: list[str] = field(default_factory=list)  # records others could read (mode)


def scan(target: Path, *, stat_records: bool = True) -> Scan:
    """List the folder and stat each record file (one descriptor for the folder).

    Without `stat_records`, only the names are sorted out (all that finding
    leftovers needs): records are assumed regular, their modes unknown.
    """
    fd: int | None = None
    try:
        if _DIR_FD:
            fd = os.open(target, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                names = os.listdir(fd)
            except OSError:
                os.close(fd)
                raise
        else:  # pragma: no cover - platforms without stat(dir_fd=...)
            names = os.listdir(target)
    except FileNotFoundError:
        return Scan({}, [])
    except NotADirectoryError:
        return Scan({}, [Notice(target, "the results folder is a file, not a folder")])
    except OSError as exc:
        message = str(records.friendly_os_error("list saved results", exc, target))
        return Scan({}, [Notice(target, message)])
    json_names = sorted(filter(is_record_name, names))
    found = Scan({}, [])
    if not stat_records:
        found.records = dict.fromkeys(json_names, (0, 0, 0, 0))
    try:
        for name in json_names if stat_records else ():
            try:
                if fd is not None:
                    st = os.stat(name, dir_fd=fd, follow_symlinks=False)
                else:  # pragma: no cover - platforms without stat(dir_fd=...)
                    st = os.lstat(target / name)
            except OSError:
                continue  # deleted while we looked
            if S_ISREG(st.st_mode):
                found.records[name] = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
                if st.st_mode & 0o077:
                    found.loose.append(name)
            else:
                kind = safefile.kind_of(st.st_mode)
                found.notices.append(Notice(target / name, f"not a saved result ({kind})"))
    finally:
        if fd is not None:
            os.close(fd)
    # Only names that are neither a record nor its summary need a look.
    rest = set(names).difference(json_names, map(summary_name, found.records))
    for name in sorted(rest):
        if name.startswith("."):  # the index, or a write in progress: never listed
            if safefile.is_temp_name(name):
                found.leftovers.append(name)
        elif is_summary_name(name):
            found.leftovers.append(name)  # a summary whose record was lost, or is being written
        else:
            found.notices.append(Notice(target / name, "not a saved result"))
    return found


def list_saved(
    folder: Path | None = None, *, write_index: bool = True
) -> tuple[list[SavedSummary], list[Notice]]:
    """Every saved result, newest first, and a notice for each file that was skipped.

    Skipped with a notice: a `.json` file that is empty, not JSON, not an object,
    not one of our records, damaged, or from a newer record version; any other
    file that is not a record's Markdown summary. Dot files (the index, temporary
    files of a write in progress) are ignored. A missing folder is simply empty.
    Only records that are new or changed since the index was written are read.
    With `write_index=False` (private mode) nothing at all is written or removed.
    """
    target = results_folder(folder)
    return listing(target, scan(target), write_index)


def listing(
    target: Path, found: Scan, write_index: bool
) -> tuple[list[SavedSummary], list[Notice]]:
    """`list_saved` over a scan already made (`survey` shares one with the folder's report)."""
    notices = list(found.notices)
    protected = protect.is_protected(target)
    identity = protect.unlocked(target) if protected else None
    sealed = [name for name in found.records if name.endswith(AGE)]
    if sealed and identity is None:
        if protected:
            raise protect.LockedError(protect.LOCKED_MESSAGE, target)
        for name in sealed:  # no key here at all: nothing can open them, nothing removes them
            notices.append(
                Notice(
                    target / name,
                    "protected, but the key that opens it is no longer here; left as it is",
                )
            )
            del found.records[name]
    twins = set()
    if identity is not None:  # plain copies an interrupted `protect` left: listed once, by the twin
        for name in found.records:
            if name.endswith(".json") and is_plain_stem(name[:-5]):
                twin = f"{protect.twin_stem(identity, name[:-5])}.json{AGE}"
                if twin in found.records:
                    twins.add(name)
    if not found.records:
        known = {}
    elif protected:  # never a plain index while protected; the encrypted one needs the key
        known = resultindex.load(target, identity=identity) if identity is not None else {}
    else:
        known = resultindex.load(target)
    entries: dict[str, resultindex.Entry] = {}
    rows: list[SavedSummary] = []
    for name, key in found.records.items():
        if name in twins:
            continue
        try:
            entry = known.get(name)
            if entry is None or entry.key != key:
                entry = resultindex.Entry(
                    key, records.headline(read_record(target / name, identity))
                )
            rows.append(records.summary(stem(name), target, name, entry.head, key[1]))
        except StoreError as exc:
            notices.append(Notice(target / name, exc.message))
            continue
        except ValueError:  # a time that cannot be shown: the record's check should have said
            notices.append(Notice(target / name, "damaged saved result (no valid taken_at)"))
            continue
        entries[name] = entry
    rows.sort(key=attrgetter("taken_at", "mtime_ns", "id"), reverse=True)
    notices.sort(key=lambda n: str(n.path))
    if write_index and protected:
        resultindex.forget_plain(target)  # it would hold headlines in plain
        if identity is not None and (entries != known or not entries):
            resultindex.save(target, entries, recipient=identity.to_public())
    elif write_index and (entries != known or not entries):
        resultindex.save(target, entries)  # removed when no readable result is left
    return rows, notices


def read_record(path: Path, identity: Any | None) -> dict[str, Any]:
    """A checked record, decrypted first when it is protected."""
    if path.name.endswith(AGE):
        if identity is None:
            raise protect.LockedError(protect.LOCKED_MESSAGE, path)
        return records.parse(protect.decrypt(records.read_bytes(path), identity, path), path)
    return records.read(path)


class Survey(NamedTuple):
    """Everything `readiness history` says of the results folder, from one scan of it."""

    summaries: list[SavedSummary]
    notices: list[Notice]
    leftovers: list[Leftover]
    notes: list[str]


def survey(folder: Path | None = None, *, write_index: bool = True) -> Survey:
    """`list_saved`, `list_leftovers` and `privacy_notes` from one directory scan."""
    target = results_folder(folder)
    found = scan(target)
    summaries, notices = listing(target, found, write_index)
    return Survey(
        summaries,
        notices,
        list_leftovers(target, found=found),
        privacy_notes(target, found=found),
    )


# --------------------------------------------------------------------------- incomplete saves

LEFTOVER_AGE_NS = 60 * 1_000_000_000
"""A save takes well under a second: a temporary file or a lone summary older than
a minute is what an interrupted save left, not a save in progress."""


@dataclass(frozen=True)
class Leftover:
    """A file an interrupted save left behind. It may hold the person's answers, so it is
    listed ("incomplete saves") and removed by "delete all", never hidden."""

    path: Path
    what: str


def leftover_what(name: str, present: set[str]) -> str | None:
    """What an interrupted save left `name` as, or None if it is not such a file (any more)."""
    if safefile.is_temp_name(name):
        return "a temporary file of a save that was cut off"
    if is_summary_name(name) and record_name(name) not in present:
        return "a summary whose saved result is missing (a save cut off, or a record removed)"
    return None


def list_leftovers(
    folder: Path | None = None, *, now_ns: int | None = None, found: Scan | None = None
) -> list[Leftover]:
    """What interrupted saves left in the results folder: temporary files and summaries
    without their record, older than a minute (younger ones may be a save under way).

    One directory listing finds the names (`found`, when one was just made); each
    candidate is looked at afresh.
    """
    target = results_folder(folder)
    if found is None:
        found = scan(target, stat_records=False)
    now = time.time_ns() if now_ns is None else now_ns
    out = []
    for name in found.leftovers:
        path = target / name
        try:
            st = os.lstat(path)
        except OSError:
            continue  # gone meanwhile
        if not name.startswith(".") and os.path.lexists(target / record_name(name)):
            continue  # its record is there now
        if now - st.st_mtime_ns >= LEFTOVER_AGE_NS:
            what = leftover_what(name, set())
            if what is not None:
                out.append(Leftover(path, what))
    return out


# --------------------------------------------------------------------------- privacy


def privacy_notes(folder: Path | None = None, *, found: Scan | None = None) -> list[str]:
    """Plain sentences about anything in the results folder that others could read.

    Reported, not changed: the folder may be shared on purpose, or a link to a
    place whose mode is not ours to change. Empty when all is private. `found`:
    a scan just made of the folder, with each record's stat.
    """
    target = results_folder(folder)
    notes: list[str] = []
    if target.is_symlink():
        notes.append(
            f"The results folder {target} is a link to another place; readiness reads it "
            "but never saves through it or changes its mode."
        )
    try:
        st = os.stat(target)
    except OSError:
        return notes
    if st.st_mode & 0o077:
        notes.append(
            f"The results folder {target} can be opened by other accounts on this computer "
            f"(mode {st.st_mode & 0o777:o}); `chmod 700` on it makes it private."
        )
    if found is None:
        found = scan(target)
    if protect.is_protected(target):
        plain = sorted(n for n in found.records if n.endswith(".json") and is_plain_stem(n[:-5]))
        plain += sorted(n for n in found.leftovers if n.endswith(".md") and is_plain_stem(n[:-3]))
        if plain:
            n = len(plain)
            notes.append(
                f"{n} saved file{'s' if n != 1 else ''} in {target} {'are' if n != 1 else 'is'} "
                f"not protected (plain, for example {plain[0]}), left from before protection or "
                "by an interrupted `readiness protect`; running `readiness protect` again protects "
                f"{'them' if n != 1 else 'it'}."
            )
    if found.loose:
        n = len(found.loose)
        notes.append(
            f"{n} saved result{'s' if n != 1 else ''} in {target} can be read by other "
            f"accounts (for example {sorted(found.loose)[0]}); `chmod 600` on "
            f"{'them' if n != 1 else 'it'} makes {'them' if n != 1 else 'it'} private."
        )
    return notes
