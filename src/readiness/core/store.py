"""Saved results: one private JSON record per save, with its Markdown summary beside it.

Why it is built this way:

* **Nothing is lost.** Every file is written atomically (`safefile.atomic_write`:
  a temporary file, fsync, rename, fsync of the folder), the summary first and
  the record last, so a crash, a full disk or a power cut leaves the old state
  or the new one. What an interrupted save can leave (a hidden temporary file,
  a summary without its record) is listed as an incomplete save and removed
  by "delete all", never hidden.
* **Private.** The folder is 0700 and every file is created 0600 (never
  chmod'ed afterwards); a folder that is a link is never saved through, and
  looser modes are reported, not silently changed.
* **Robust to what else is in the folder.** A corrupt, empty, foreign or
  future-version file is skipped with a `Notice`, never a crash, so one bad file
  never hides the others (`records` reads and checks one record).
* **Self-contained records.** A record carries the quiz's title, dimension and
  band labels as they were when it was saved, plus the sha256 of the quiz file;
  showing an old record never re-reads today's quiz file.
* **Fast enough with thousands.** Names carry the time and the quiz id
  (`20261122T100405Z-therapy-readiness-a1b2c3.json`); the results index
  (`resultindex`) spares parsing records whose bytes have not changed.
* **Protected when the person asked** (`readiness protect`, core `protect`): then
  every save is two age files encrypted to the person's recipient, named by 32
  random hex digits (`<hex>.json.age`, `<hex>.md.age`: neither quiz nor time),
  the index is encrypted too, and reading needs the identity unlocked
  (`protect.unlock`); listing a protected folder while locked raises
  `protect.LockedError`. Deleting works by name, without the passphrase.

The core never imports Textual; nothing here writes anything unless asked to.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from stat import S_ISREG
from typing import Any, NamedTuple

from readiness import locations
from readiness.core import protect, records, resultindex, safefile
from readiness.core.records import (
    RECORD_VERSION,
    Notice,
    SavedSummary,
    StoreError,
    summary_from_record,
)
from readiness.core.resultindex import INDEX_AGE_NAME, INDEX_NAME

__all__ = [
    "ENCRYPTED_STEM",
    "INDEX_AGE_NAME",
    "INDEX_NAME",
    "RECORD_VERSION",
    "DeletePlan",
    "DeleteReport",
    "Leftover",
    "Notice",
    "SavedPaths",
    "SavedSummary",
    "StoreError",
    "delete_all",
    "delete_all_report",
    "delete_saved",
    "list_leftovers",
    "is_plain_stem",
    "is_protected_result",
    "list_saved",
    "load_saved",
    "load_saved_markdown",
    "plain_stem_for",
    "plan_delete_all",
    "privacy_notes",
    "remove_leftovers",
    "resolve_id",
    "results_folder",
    "save_result",
    "summary_from_record",
]

_NAME_RE = re.compile(
    r"^(?P<stamp>\d{8}T\d{6}Z)-(?P<quiz>[a-z0-9][a-z0-9-]*)-(?P<token>[0-9a-f]{6})$"
)
ENCRYPTED_STEM = re.compile(r"^[0-9a-f]{32}$")
"""A protected save's name (before `.json.age` / `.md.age`): random, or a keyed hash."""
_AGE = protect.AGE_SUFFIX
_SAFE_ID_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")
_QUIZ_ID_CLEAN_RE = re.compile(r"[^a-z0-9-]+")
_DIR_FD = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
_friendly_os_error = records.friendly_os_error


@dataclass(frozen=True)
class SavedPaths:
    """Where a save put the record and its Markdown summary."""

    record: Path
    summary: Path

    @property
    def id(self) -> str:
        """The record id (the file name without `.json`, or `.json.age` when protected)."""
        return _stem(self.record.name)


def is_plain_stem(stem: str) -> bool:
    """Whether `stem` is named as an unprotected save names a result (time, quiz, token)."""
    return bool(_NAME_RE.match(stem))


def plain_stem_for(record: dict[str, Any] | None, token: str, mtime: float = 0.0) -> str:
    """The unprotected name for a record (`protect --off`): its time and quiz, then `token`.

    A record that cannot be read is named by `mtime` and "unreadable", so it is
    still listed (as damaged) and removable.
    """
    from datetime import datetime

    when = records.parse_time(record["taken_at"]) if record else None
    if when is None:
        when = datetime.fromtimestamp(max(0.0, mtime), UTC)
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    quiz = str(record["quiz"]["id"]) if record else "unreadable"
    quiz_part = (_QUIZ_ID_CLEAN_RE.sub("-", quiz.lower()).strip("-") or "quiz")[:80]
    return f"{stamp}-{quiz_part}-{token}"


def _record_file(target: Path, full: str) -> Path:
    """The record file of id `full`: the protected one when there is one."""
    enc = target / f"{full}.json{_AGE}"
    return enc if os.path.lexists(enc) else target / f"{full}.json"


def results_folder(folder: Path | None = None) -> Path:
    """The folder saved results live in: `folder` if given, else the user data folder's."""
    return Path(folder) if folder is not None else locations.results_dir()


_folder = results_folder


def _valid_id(record_id: str) -> bool:
    return bool(_SAFE_ID_RE.match(record_id)) and "/" not in record_id and ".." not in record_id


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
    if quiz_sha256 is None:
        quiz = getattr(result_or_record, "quiz", None)
        sha = getattr(quiz, "sha256", None)
        quiz_sha256 = sha if isinstance(sha, str) else None
    if quiz_sha256 is None and isinstance(record.get("quiz_sha256"), str):
        quiz_sha256 = record["quiz_sha256"]  # re-saving a record that already has one
    record.pop("record_version", None)
    record.pop("quiz_sha256", None)
    record = {"record_version": RECORD_VERSION, **record, "quiz_sha256": quiz_sha256}
    dimensions = getattr(getattr(result_or_record, "quiz", None), "dimensions", None) or ()
    directions = {d.id: d.higher_is for d in dimensions if getattr(d, "higher_is", None)}
    if directions:  # beside the contract's record: which way is better, for history's words
        record["higher_is"] = directions
    problem = records.check_record(record)
    if problem is not None:
        raise StoreError(f"Could not save: {problem}.")

    target = _folder(folder)
    recipient = _save_recipient(target) if protect.is_protected(target) else None
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
        raise _friendly_os_error(
            "save", exc, target.parent if not target.exists() else target
        ) from exc

    for _ in range(100):
        if recipient is not None:  # neither the quiz nor the time in a protected name
            stem = protect.random_stem()
            record_path = target / f"{stem}.json{_AGE}"
            summary_path = target / f"{stem}.md{_AGE}"
        else:
            stem = plain_stem_for(record, os.urandom(3).hex())
            record_path = target / f"{stem}.json"
            summary_path = target / f"{stem}.md"
        if not record_path.exists() and not summary_path.exists():
            break
    else:  # pragma: no cover - 100 collisions of 24 random bits
        raise StoreError(f"Could not save: no free file name in {target}.", target)

    record_bytes = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    md = markdown if markdown.endswith("\n") else markdown + "\n"
    md_bytes = md.encode("utf-8")
    if recipient is not None:
        record_bytes = protect.encrypt(record_bytes, recipient)
        md_bytes = protect.encrypt(md_bytes, recipient)
    try:
        safefile.atomic_write(summary_path, md_bytes)
    except OSError as exc:
        raise _friendly_os_error("save", exc, target) from exc
    try:
        safefile.atomic_write(record_path, record_bytes)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(summary_path)
        raise _friendly_os_error("save", exc, target) from exc
    return SavedPaths(record=record_path, summary=summary_path)


def _save_recipient(target: Path) -> Any:
    """What a save into a protected folder encrypts to; never a plain save instead."""
    keys = protect.key_files(target)
    if not os.path.lexists(keys.identity):
        raise protect.ProtectError(
            f"Could not save: the key that opens your protected results ({keys.identity}) is "
            "missing, so a protected save could never be opened; `readiness protect` makes a new "
            "one (results protected with the old key stay as they are).",
            keys.identity,
        )
    return protect.read_recipient(target)


# --------------------------------------------------------------------------- listing


@dataclass
class _Scan:
    """What the folder holds right now, from names and stat alone (no file is opened)."""

    records: dict[str, resultindex.FileKey]  # every regular `*.json` file (dot files aside)
    notices: list[Notice]  # files that cannot be ours, by their name or kind
    leftovers: list[str] = field(default_factory=list)  # names an interrupted save may have left
    loose: list[str] = field(default_factory=list)  # records others could read (mode)


def _scan(target: Path, *, stat_records: bool = True) -> _Scan:
    """List the folder and stat each `.json` file (one descriptor for the folder).

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
        return _Scan({}, [])
    except NotADirectoryError:
        return _Scan({}, [Notice(target, "the results folder is a file, not a folder")])
    except OSError as exc:
        return _Scan(
            {}, [Notice(target, str(_friendly_os_error("list saved results", exc, target)))]
        )
    # Dot files are the index and temporary files of a write in progress: never listed.
    json_names = sorted(
        n for n in names if (n[-5:] == ".json" or n[-9:] == ".json.age") and n[:1] != "."
    )
    scan = _Scan({}, [])
    if not stat_records:
        scan.records = dict.fromkeys(json_names, (0, 0, 0, 0))
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
                scan.records[name] = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
                if st.st_mode & 0o077:
                    scan.loose.append(name)
            else:
                scan.notices.append(
                    Notice(target / name, f"not a saved result ({safefile.kind_of(st.st_mode)})")
                )
    finally:
        if fd is not None:
            os.close(fd)
    # Only names that are neither a record nor its summary need a look.
    rest = set(names).difference(json_names, [_summary_name(n) for n in scan.records])
    for name in sorted(rest):
        if name.startswith("."):
            if safefile.is_temp_name(name):
                scan.leftovers.append(name)
        elif _is_summary_name(name):
            scan.leftovers.append(name)  # a summary whose record was lost, or is being written
        else:
            scan.notices.append(Notice(target / name, "not a saved result"))
    return scan


def _summary_name(record_name: str) -> str:
    """`X.md` for `X.json`, `X.md.age` for `X.json.age`."""
    if record_name.endswith(".json.age"):
        return record_name[:-9] + ".md.age"
    return record_name[:-5] + ".md"


def _record_name(summary_name: str) -> str:
    """`X.json` for `X.md`, `X.json.age` for `X.md.age`."""
    if summary_name.endswith(".md.age"):
        return summary_name[:-7] + ".json.age"
    return summary_name[:-3] + ".json"


def _is_summary_name(name: str) -> bool:
    """A summary named as a save names one (plain or protected)."""
    if name.endswith(".md.age"):
        return bool(ENCRYPTED_STEM.match(name[:-7]))
    return name[-3:] == ".md" and bool(_NAME_RE.match(name[:-3]))


def _stem(record_name: str) -> str:
    return record_name[:-9] if record_name.endswith(".json.age") else record_name[:-5]


def list_saved(
    folder: Path | None = None, *, write_index: bool = True
) -> tuple[list[SavedSummary], list[Notice]]:
    """Every saved result, newest first, and a notice for each file that was skipped.

    Skipped with a notice: a `.json` file that is empty, not JSON, not an object,
    not one of our records, damaged, or from a newer record version; any other
    file that is not a record's Markdown summary. Dot files (the index, temporary
    files of a write in progress) are ignored. A missing folder is simply empty.
    Only records that are new or changed since the index was written are read. With `write_index=False` (private
    mode) nothing at all is written or removed.
    """
    target = _folder(folder)
    return _list(target, _scan(target), write_index)


def _list(target: Path, scan: _Scan, write_index: bool) -> tuple[list[SavedSummary], list[Notice]]:
    """`list_saved` over a scan already made (`survey` shares one with the folder's report)."""
    notices = list(scan.notices)
    protected = protect.is_protected(target)
    identity = protect.unlocked(target) if protected else None
    sealed = [name for name in scan.records if name.endswith(_AGE)]
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
            del scan.records[name]
    twins = set()
    if identity is not None:  # plain copies an interrupted `protect` left: listed once, by the twin
        for name in scan.records:
            if name.endswith(".json") and _NAME_RE.match(name[:-5]):
                twin = f"{protect.twin_stem(identity, name[:-5])}.json{_AGE}"
                if twin in scan.records:
                    twins.add(name)
    if not scan.records:
        known = {}
    elif protected:  # never a plain index while protected; the encrypted one needs the key
        known = resultindex.load(target, identity=identity) if identity is not None else {}
    else:
        known = resultindex.load(target)
    entries: dict[str, resultindex.Entry] = {}
    rows: list[SavedSummary] = []
    for name, key in scan.records.items():
        if name in twins:
            continue
        path = target / name
        try:
            entry = known.get(name)
            if entry is None or entry.fingerprint != resultindex.fingerprint(key, entry.head):
                head = records.headline(_read_record(path, identity))
                entry = resultindex.Entry(resultindex.fingerprint(key, head), head)
            rows.append(records.summary(_stem(name), path, entry.head, key[1]))
        except StoreError as exc:
            notices.append(Notice(path, exc.message))
            continue
        except ValueError:  # a time that cannot be shown: the record's check should have said
            notices.append(Notice(path, "damaged saved result (no valid taken_at)"))
            continue
        entries[name] = entry
    rows.sort(key=lambda s: (s.taken_at, s.mtime_ns, s.id), reverse=True)
    notices.sort(key=lambda n: str(n.path))
    if write_index and protected:
        resultindex.forget_plain(target)  # it would hold headlines in plain
        if identity is not None and (entries != known or not entries):
            resultindex.save(target, entries, recipient=identity.to_public())
    elif write_index and (entries != known or not entries):
        resultindex.save(target, entries)  # removed when no readable result is left
    return rows, notices


class Survey(NamedTuple):
    """Everything `readiness history` says of the results folder, from one scan of it."""

    summaries: list[SavedSummary]
    notices: list[Notice]
    leftovers: list[Leftover]
    notes: list[str]


def survey(folder: Path | None = None, *, write_index: bool = True) -> Survey:
    """`list_saved`, `list_leftovers` and `privacy_notes` from one directory scan."""
    target = _folder(folder)
    scan = _scan(target)
    summaries, notices = _list(target, scan, write_index)
    return Survey(
        summaries,
        notices,
        list_leftovers(target, scan=scan),
        privacy_notes(target, scan=scan),
    )


def _read_record(path: Path, identity: Any | None) -> dict[str, Any]:
    """A checked record, decrypted first when it is protected."""
    if path.name.endswith(_AGE):
        if identity is None:
            raise protect.LockedError(protect.LOCKED_MESSAGE, path)
        return records.parse(protect.decrypt(records.read_bytes(path), identity, path), path)
    return records.read(path)


def is_protected_result(record_id: str, folder: Path | None = None) -> bool:
    """Whether a saved result (by id) is kept encrypted: an export of it then warns first."""
    full = resolve_id(record_id, folder)
    return _record_file(_folder(folder), full).name.endswith(_AGE)


def resolve_id(record_id: str, folder: Path | None = None) -> str:
    """The full id for `record_id`: an exact id, a unique prefix, or the 6-hex suffix.

    Raises StoreError when nothing or more than one saved result matches.
    """
    record_id = record_id.strip()
    for suffix in (".json.age", ".json"):
        if record_id.endswith(suffix):
            record_id = record_id[: -len(suffix)]
            break
    target = _folder(folder)
    if not record_id or not _valid_id(record_id):
        raise StoreError(f"'{record_id}' is not a saved result id (see `readiness history`).")
    if (target / f"{record_id}.json").is_file() or (target / f"{record_id}.json{_AGE}").is_file():
        return record_id
    try:
        stems = [
            _stem(n)
            for n in os.listdir(target)
            if (n.endswith(".json") or n.endswith(f".json{_AGE}")) and not n.startswith(".")
        ]
    except OSError:
        stems = []
    matches = [
        s
        for s in stems
        if s.startswith(record_id)
        or s.endswith("-" + record_id)
        or (len(record_id) >= 6 and ENCRYPTED_STEM.match(s) and s.endswith(record_id))
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise StoreError(f"No saved result with id '{record_id}' (see `readiness history`).")
    raise StoreError(f"'{record_id}' matches {len(matches)} saved results; give more of the id.")


def load_saved(record_id: str, folder: Path | None = None) -> dict[str, Any]:
    """The saved record, exactly as written (with its own titles and labels).

    Raises StoreError when it is missing, damaged or from a newer version.
    """
    full = resolve_id(record_id, folder)
    target = _folder(folder)
    path = _record_file(target, full)
    try:
        return _read_record(path, protect.unlocked(target))
    except StoreError as exc:
        if isinstance(exc, protect.LockedError) or exc.message.startswith(
            ("No saved", "Could not")
        ):
            raise
        raise StoreError(f"Cannot open saved result {full}: {exc.message}.", path) from None


def load_saved_markdown(record_id: str, folder: Path | None = None) -> str | None:
    """The Markdown summary saved beside a record (as the results screen showed it), or None."""
    full = resolve_id(record_id, folder)
    target = _folder(folder)
    sealed = target / f"{full}.md{_AGE}"
    if os.path.lexists(sealed):
        identity = protect.unlocked(target)
        if identity is None:
            raise protect.LockedError(protect.LOCKED_MESSAGE, sealed)
        try:
            data = protect.decrypt(records.read_bytes(sealed), identity, sealed)
            return data.decode("utf-8")
        except (StoreError, ValueError):
            return None
    try:  # never through a link, never from a FIFO or a device
        return safefile.read_text(target / f"{full}.md", records.MAX_RECORD_BYTES, follow=False)
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------- deleting


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
    target = _folder(folder)
    removed = []
    try:
        for path in (
            target / f"{full}.json",
            target / f"{full}.md",
            target / f"{full}.json{_AGE}",
            target / f"{full}.md{_AGE}",
        ):
            if _unlink_quiet(path):
                removed.append(path)
    except OSError as exc:
        raise _friendly_os_error("delete", exc, target) from exc
    identity = protect.unlocked(target)
    resultindex.drop(
        target,
        [f"{full}.json", f"{full}.json{_AGE}"],
        identity=identity,
        recipient=None if identity is None else identity.to_public(),
    )
    safefile.fsync_dir(target)
    return removed


LEFTOVER_AGE_NS = 60 * 1_000_000_000
"""A save takes well under a second: a temporary file or a lone summary older than
a minute is what an interrupted save left, not a save in progress."""


@dataclass(frozen=True)
class Leftover:
    """A file an interrupted save left behind. It may hold the person's answers, so it is
    listed ("incomplete saves") and removed by "delete all", never hidden."""

    path: Path
    what: str


def _leftover_what(name: str, present: set[str]) -> str | None:
    if safefile.is_temp_name(name):
        return "a temporary file of a save that was cut off"
    if _is_summary_name(name) and _record_name(name) not in present:
        return "a summary whose saved result is missing (a save cut off, or a record removed)"
    return None


def list_leftovers(
    folder: Path | None = None, *, now_ns: int | None = None, scan: _Scan | None = None
) -> list[Leftover]:
    """What interrupted saves left in the results folder: temporary files and summaries
    without their record, older than a minute (younger ones may be a save under way).

    One directory listing finds the names (`scan`, when one was just made); each
    candidate is looked at afresh.
    """
    target = _folder(folder)
    if scan is None:
        scan = _scan(target, stat_records=False)
    now = time.time_ns() if now_ns is None else now_ns
    found = []
    for name in scan.leftovers:
        path = target / name
        try:
            st = os.lstat(path)
        except OSError:
            continue  # gone meanwhile
        if not name.startswith(".") and os.path.lexists(target / _record_name(name)):
            continue  # its record is there now
        if now - st.st_mtime_ns >= LEFTOVER_AGE_NS:
            what = _leftover_what(name, set())
            if what is not None:
                found.append(Leftover(path, what))
    return found


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
        if _leftover_what(item.path.name, present) is None:
            continue  # its record came back meanwhile, or it is not one of ours
        try:
            removed += _unlink_quiet(item.path)
        except OSError as exc:
            raise _friendly_os_error("remove the incomplete saves", exc, folder) from exc
        folders.add(folder)
    for folder in folders:
        safefile.fsync_dir(folder)
    return removed


def privacy_notes(folder: Path | None = None, *, scan: _Scan | None = None) -> list[str]:
    """Plain sentences about anything in the results folder that others could read.

    Reported, not changed: the folder may be shared on purpose, or a link to a
    place whose mode is not ours to change. Empty when all is private. `scan`:
    one just made of the folder, with each record's stat.
    """
    target = _folder(folder)
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
    if scan is None:
        scan = _scan(target)
    loose = scan.loose
    if protect.is_protected(target):
        plain = sorted(n for n in scan.records if n.endswith(".json") and _NAME_RE.match(n[:-5]))
        plain += sorted(n for n in scan.leftovers if n.endswith(".md") and _NAME_RE.match(n[:-3]))
        if plain:
            n = len(plain)
            notes.append(
                f"{n} saved file{'s' if n != 1 else ''} in {target} {'are' if n != 1 else 'is'} "
                f"not protected (plain, for example {plain[0]}), left from before protection or "
                "by an interrupted `readiness protect`; running `readiness protect` again protects "
                f"{'them' if n != 1 else 'it'}."
            )
    if loose:
        n = len(loose)
        notes.append(
            f"{n} saved result{'s' if n != 1 else ''} in {target} can be read by other "
            f"accounts (for example {sorted(loose)[0]}); `chmod 600` on "
            f"{'them' if n != 1 else 'it'} makes {'them' if n != 1 else 'it'} private."
        )
    return notes


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
    index: bool = False


def plan_delete_all(
    folder: Path | None = None,
    summaries: Iterable[SavedSummary] | None = None,
    notices: Iterable[Notice] | None = None,
) -> DeletePlan:
    """The plan for deleting every listed result: `summaries`/`notices` as listed, or listed now.

    The screen passes what it shows, so the count it asks about is the count it
    shows. One directory listing finds loose summaries.
    """
    target = _folder(folder)
    locked_ids: list[str] = []
    if summaries is None or notices is None:
        try:
            summaries, notices = list_saved(folder)
        except protect.LockedError:  # deleting needs no passphrase: protected results go by name
            summaries, notices, locked_ids = _list_locked(target)
    ids = tuple(s.id for s in summaries if _valid_id(s.id)) + tuple(locked_ids)
    try:
        names = os.listdir(target)
    except OSError:
        names = []
    present = set(names)
    loose = tuple(
        sorted(n for n in names if _is_summary_name(n) and _record_name(n) not in present)
    )
    left = tuple(n for n in notices if n.path.parent == target)  # files, not the folder itself
    temporary = tuple(
        leftover.path.name
        for leftover in list_leftovers(target)
        if safefile.is_temp_name(leftover.path.name)
    )
    return DeletePlan(target, ids, loose, left, temporary)


def _list_locked(target: Path) -> tuple[list[SavedSummary], list[Notice], list[str]]:
    """A locked protected folder for "delete all": plain results as listed, protected ones
    by name alone (every regular `<hex>.json.age`)."""
    scan = _scan(target)
    sealed = [n for n in scan.records if n.endswith(_AGE)]
    locked_ids = [_stem(n) for n in sealed if ENCRYPTED_STEM.match(_stem(n))]
    notices = list(scan.notices)
    notices += [
        Notice(target / n, "not a saved result")
        for n in sealed
        if not ENCRYPTED_STEM.match(_stem(n))
    ]
    rows: list[SavedSummary] = []
    for name in scan.records:
        if name.endswith(_AGE):
            continue
        path = target / name
        try:
            rows.append(records.summary(_stem(name), path, records.headline(records.read(path))))
        except StoreError as exc:
            notices.append(Notice(path, exc.message))
        except ValueError:
            notices.append(Notice(path, "damaged saved result (no valid taken_at)"))
    return rows, notices, locked_ids


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
    records = summaries = leftovers = 0
    try:
        for record_id in plan.ids:
            records += _unlink_quiet(target / f"{record_id}.json")
            summaries += _unlink_quiet(target / f"{record_id}.md")
            records += _unlink_quiet(target / f"{record_id}.json{_AGE}")
            summaries += _unlink_quiet(target / f"{record_id}.md{_AGE}")
        for name in plan.loose_summaries:
            if not os.path.lexists(target / _record_name(name)):  # unless its record came back
                leftovers += _unlink_quiet(target / name)
        for name in plan.temporary:
            if safefile.is_temp_name(name):
                leftovers += _unlink_quiet(target / name)
        index = _unlink_quiet(target / INDEX_NAME)  # a later listing rebuilds it if need be
        index = _unlink_quiet(target / INDEX_AGE_NAME) or index
    except OSError as exc:
        raise _friendly_os_error("delete", exc, target) from exc
    safefile.fsync_dir(target)
    return DeleteReport(records, summaries, leftovers, index)


def count_deletable(folder: Path | None = None) -> int:
    """How many saved results `delete_all` would remove: those a listing shows."""
    return len(plan_delete_all(folder).ids)
