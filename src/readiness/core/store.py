"""Saved results: one private JSON record per save, with its Markdown summary beside it.

Why it is built this way:

* **Nothing is lost.** Every file is written to a temporary file in the same
  folder, flushed, fsync'd and then renamed over its final name (`os.replace`),
  and the folder itself is fsync'd, so a crash, a full disk or a power cut leaves
  either the old state or the new one, never half a record. Temporary files
  start with a dot and are never listed.
* **Private.** The folder is 0700 and every file is created 0600 by `os.open`
  (not chmod'ed afterwards, which would leave a window where it is readable).
* **Robust to what else is in the folder.** A corrupt, empty, foreign or
  future-version file is skipped with a `Notice`, never a crash, so one bad file
  never hides the others.
* **Self-contained records.** A record carries the quiz's title, dimension and
  band labels as they were when it was saved, plus the sha256 of the quiz file;
  showing an old record never re-reads today's quiz file.
* **Fast with thousands of records.** Names carry the time and the quiz id
  (`20261122T100405Z-therapy-readiness-a1b2c3.json`), and a small private index
  (`.index.json`) keeps each record's headline with the stat it was read at,
  plus a fingerprint of the whole folder. Listing 10,000 unchanged records is
  one directory scan (names and stat, no file opened) and one part of one file;
  a command's finished text can be kept there too (`cached_text`). The index is
  only a cache: if it is missing, stale, damaged or from another version, the
  records themselves are read again and it is rebuilt; any record added,
  removed or changed since (even with its modification time put back) is seen
  by the scan. It holds headlines, so it is removed when its records are
  (deleting the last one, or all of them) and never written while no readable
  record is left; it is 0600 like them, and holds only what they hold plus the
  names and stat of the files beside it (see docs/decisions.md).

The core never imports Textual; nothing here writes anything unless asked to.
"""

from __future__ import annotations

import contextlib
import errno
import json
import marshal
import math
import os
import re
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any

try:  # the hash alone: `hashlib` would load OpenSSL first, which costs every command start
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - not CPython
    from hashlib import blake2b as _blake2b

from readiness import locations
from readiness.core import recordcheck, safefile

RECORD_VERSION = 1
"""Version of the saved record's layout (the contract's record plus our own keys)."""

INDEX_NAME = ".index.json"
INDEX_VERSION = 4
"""The index file's layout; bump it too when what a record's headline or check gives changes."""
EXPORT_FORMATS = ("json", "markdown", "text")
_DIR_FD = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd

_NAME_RE = re.compile(
    r"^(?P<stamp>\d{8}T\d{6}Z)-(?P<quiz>[a-z0-9][a-z0-9-]*)-(?P<token>[0-9a-f]{6})$"
)
_SAFE_ID_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")
_QUIZ_ID_CLEAN_RE = re.compile(r"[^a-z0-9-]+")
_MAX_RECORD_BYTES = 16 * 1024 * 1024  # a record is a few KiB; refuse to slurp a huge foreign file


class StoreError(Exception):
    """A problem with saved results, with a message fit to show a person as is.

    `path` is the file or folder concerned, when there is one, so the screen can
    offer another place to export to.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class SavedPaths:
    """Where a save put the record and its Markdown summary."""

    record: Path
    summary: Path

    @property
    def id(self) -> str:
        """The record id (the file name without `.json`)."""
        return self.record.stem


@dataclass(frozen=True)
class SavedSummary:
    """The headline of one saved record: enough to list it without reading it again.

    `bands` holds `(dimension label, band label or None, score or None)` in the
    record's dimension order; `dimension_ids` lines up with it, so comparisons
    over time match dimensions by id even when a later quiz version relabels them.
    """

    id: str
    path: Path
    quiz_id: str
    quiz_title: str
    taken_at: datetime
    bands: list[tuple[str, str | None, int | None]]
    quiz_version: int | None = None
    dimension_ids: tuple[str, ...] = ()
    mtime_ns: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Notice:
    """A file in the results folder that was skipped, and why (in plain words).

    `message` is the reason alone ("empty file"): whoever shows it says that the
    file was skipped and left as it is, once, in its own words.
    """

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


# --------------------------------------------------------------------------- helpers


def results_folder(folder: Path | None = None) -> Path:
    """The folder saved results live in: `folder` if given, else the user data folder's."""
    return Path(folder) if folder is not None else locations.results_dir()


_folder = results_folder


def _friendly_os_error(action: str, exc: OSError, where: Path) -> StoreError:
    """Turn an OSError into one sentence a person can act on."""
    code = exc.errno
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        msg = f"Could not {action}: the folder {where} is read-only."
    elif code in (errno.ENOSPC, errno.EDQUOT):
        msg = f"Could not {action}: the disk holding {where} is full."
    elif code == errno.ENOENT:
        msg = f"Could not {action}: {where} does not exist."
    elif code == errno.ENOTDIR:
        msg = f"Could not {action}: {where} is not a folder."
    else:
        reason = exc.strerror or exc.__class__.__name__
        msg = f"Could not {action} in {where}: {reason}."
    return StoreError(msg, where)


_fsync_dir = safefile.fsync_dir
_atomic_write = safefile.atomic_write  # a module name, so a test can make one write fail


_parse_time = recordcheck.parse_time


def _to_record(result_or_record: Any) -> dict[str, Any]:
    """The contract's record from a Result (`.to_record()`) or a record dict (copied)."""
    if hasattr(result_or_record, "to_record"):
        record = result_or_record.to_record()
    else:
        record = result_or_record
    if not isinstance(record, Mapping):
        raise StoreError("Could not save: the result is not a record.")
    # A deep copy through JSON also proves it is serialisable before anything is written.
    try:
        return json.loads(json.dumps(record, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise StoreError(f"Could not save: the result cannot be written as JSON ({exc}).") from exc


def _check_record(record: Any) -> str | None:
    """Why `record` is not a saved record we can show, or None if it is one."""
    if not isinstance(record, dict):
        return "not a saved result (the JSON is not an object)"
    version = record.get("record_version")
    if version is None:
        return "not a saved result (no record_version)"
    if not isinstance(version, int) or isinstance(version, bool):
        return "not a saved result (record_version is not a number)"
    if version > RECORD_VERSION:
        return (
            f"saved by a newer version of readiness, which can open it (record version "
            f"{version}; this one reads up to {RECORD_VERSION})"
        )
    if version < 1:
        return f"not a saved result (record_version {version})"
    problem = recordcheck.shape_problem(record)
    return None if problem is None else f"damaged saved result ({problem})"


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round(value) if math.isfinite(value) else None
    return None


# (dimension id, label, band label, score) and (taken_at, quiz id, title, version, bands)
_Band = tuple[str, str, str | None, int | None]
_Head = tuple[str, str, str, int | None, tuple[_Band, ...]]


def _headline(record: dict[str, Any]) -> _Head:
    """The small part of a checked record that the list needs (what the index keeps)."""
    quiz = record["quiz"]
    bands: list[_Band] = []
    # `type(x) is str` is checked first: it is nearly always so, and costs no call.
    for dim in record.get("dimensions", []):
        did = dim.get("id", "")
        label = dim.get("label") or did or "?"
        band = dim.get("band")
        band_label = band.get("label") if isinstance(band, dict) else None
        score = dim.get("score")
        bands.append(
            (
                did if type(did) is str else str(did),
                label if type(label) is str else str(label),
                band_label if isinstance(band_label, str) else None,
                score if type(score) is int else _int_or_none(score),
            )
        )
    version = quiz.get("version")
    return (
        record["taken_at"],
        quiz["id"],
        str(quiz.get("title") or quiz["id"]),
        version if isinstance(version, int) and not isinstance(version, bool) else None,
        tuple(bands),
    )


_Split = tuple[tuple[tuple[str, str | None, int | None], ...], tuple[str, ...]]


def _summary_from_headline(
    record_id: str,
    path: Path,
    head: _Head,
    mtime_ns: int,
    split: dict[tuple[_Band, ...], _Split] | None = None,
) -> SavedSummary:
    """A SavedSummary from a headline; `split` caches the work for bands seen before."""
    taken_at, quiz_id, title, version, bands = head
    when = _parse_time(taken_at)
    if when is None:
        raise ValueError("no valid taken_at")  # only from a damaged index entry
    parts = split.get(bands) if split is not None else None
    if parts is None:
        parts = (tuple((b[1], b[2], b[3]) for b in bands), tuple(b[0] for b in bands))
        if split is not None:
            split[bands] = parts
    return SavedSummary(
        id=record_id,
        path=path,
        quiz_id=quiz_id,
        quiz_title=title,
        taken_at=when,
        bands=list(parts[0]),
        quiz_version=version,
        dimension_ids=parts[1],
        mtime_ns=mtime_ns,
    )


def _read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file that is not a link (see `safefile`)."""
    return safefile.read_regular(path, limit - 1, follow=False)[:limit]


def _read_record_file(path: Path) -> dict[str, Any]:
    """Read and check one record file; raises StoreError with a plain reason."""
    try:
        data = _read_bounded(path, _MAX_RECORD_BYTES + 1)
    except FileNotFoundError:
        raise StoreError(f"No saved result at {path}.", path) from None
    except safefile.NotRegularFileError as exc:
        raise StoreError(f"not a saved result ({exc.strerror})", path) from None
    except IsADirectoryError:
        raise StoreError("not a saved result (a folder)", path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError("not read: it is a link, and links are not followed", path) from None
        raise _friendly_os_error("read the saved result", exc, path) from exc
    if not data.strip():
        raise StoreError("empty file", path)
    if len(data) > _MAX_RECORD_BYTES:
        raise StoreError("too large to be a saved result", path)
    try:
        record = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError("not a saved result (not text)", path) from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise StoreError(f"damaged saved result (not valid JSON at {where})", path) from None
    except RecursionError:
        raise StoreError("damaged saved result (nested too deeply)", path) from None
    except ValueError:  # pragma: no cover - json raises JSONDecodeError for bad text
        raise StoreError("damaged saved result (not valid JSON)", path) from None
    problem = _check_record(record)
    if problem is not None:
        raise StoreError(problem, path)
    return record


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
    record = _to_record(result_or_record)
    if quiz_sha256 is None:
        quiz = getattr(result_or_record, "quiz", None)
        sha = getattr(quiz, "sha256", None)
        quiz_sha256 = sha if isinstance(sha, str) else None
    if quiz_sha256 is None and isinstance(record.get("quiz_sha256"), str):
        quiz_sha256 = record["quiz_sha256"]  # re-saving a record that already has one
    record.pop("record_version", None)
    record.pop("quiz_sha256", None)
    record = {"record_version": RECORD_VERSION, **record, "quiz_sha256": quiz_sha256}
    problem = _check_record(record)
    if problem is not None:
        raise StoreError(f"Could not save: {problem}.")

    target = _folder(folder)
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

    when = _parse_time(record["taken_at"])
    assert when is not None
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    quiz_part = _QUIZ_ID_CLEAN_RE.sub("-", str(record["quiz"]["id"]).lower()).strip("-") or "quiz"
    quiz_part = quiz_part[:80]
    for _ in range(100):
        stem = f"{stamp}-{quiz_part}-{os.urandom(3).hex()}"
        record_path = target / f"{stem}.json"
        summary_path = target / f"{stem}.md"
        if not record_path.exists() and not summary_path.exists():
            break
    else:  # pragma: no cover - 100 collisions of 24 random bits
        raise StoreError(f"Could not save: no free file name in {target}.", target)

    record_bytes = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    md = markdown if markdown.endswith("\n") else markdown + "\n"
    try:
        _atomic_write(summary_path, md.encode("utf-8"))
    except OSError as exc:
        raise _friendly_os_error("save", exc, target) from exc
    try:
        _atomic_write(record_path, record_bytes)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(summary_path)
        raise _friendly_os_error("save", exc, target) from exc
    return SavedPaths(record=record_path, summary=summary_path)


# --------------------------------------------------------------------------- listing
#
# The index (`.index.json`) is written atomically like a record. Its first line
# is a JSON header:
#
#     {"index_version": N, "fingerprint": "...", "sections": {NAME: [offset, length, crc32, key]}}
#
# and the parts it names follow it back to back: "entries" (JSON: each record's
# stat and headline, or why it was skipped; strings and bands in tables) and any cached texts ("text:NAME",
# UTF-8, for example the command line's listing). Offsets count from the end of
# the first line, so one part is read and checked (length, CRC-32) without
# parsing the others. The fingerprint is a hash of the folder as it was when the
# index was written: every name in it that matters, and each record file's
# size, modification and change times and inode. When it still matches, nothing
# was added, removed or changed behind the index's back, and its parts are used
# as they are; when it does not, each record whose stat changed is read again
# and the cached texts are dropped. Anything odd about the index (a bad header,
# a wrong length or CRC, a value of the wrong shape) counts as no index at all.

_HEADER_LIMIT = 1 << 20
_ENTRIES = "entries"
_TEXT_PREFIX = "text:"

_Key = tuple[int, int, int, int]  # size, mtime_ns, ino, ctime_ns


@dataclass
class _Scan:
    """What the folder holds right now, from names and stat alone (no file is opened)."""

    records: dict[str, _Key]  # every regular `*.json` file (dot files aside)
    notices: list[Notice]  # files that cannot be ours, by their name or kind
    fingerprint: str
    leftovers: list[str] = field(default_factory=list)  # names an interrupted save may have left
    loose: list[str] = field(default_factory=list)  # records others could read (mode)


_LAST_SCAN: dict[Path, tuple[float, _Scan]] = {}
"""The latest scan of each folder, for `folder_report` right after a listing (never for listing)."""
_REPORT_REUSE_S = 2.0


def _scan(target: Path) -> _Scan:
    """List the folder and stat each `.json` file: cheap, and enough to notice any change."""
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
        return _Scan({}, [], "")
    except NotADirectoryError:
        return _Scan({}, [Notice(target, "the results folder is a file, not a folder")], "")
    except OSError as exc:
        message = str(_friendly_os_error("list saved results", exc, target))
        return _Scan({}, [Notice(target, message)], "")
    # Dot files are the index and temporary files of a write in progress: never listed.
    json_names = [n for n in names if n[-5:] == ".json" and n[:1] != "."]
    json_names.sort()
    records: dict[str, _Key] = {}
    loose: list[str] = []
    leftovers: list[str] = []
    odd: list[str] = []  # names that get a notice: they are part of the fingerprint too
    notices: list[Notice] = []
    try:
        stat = os.stat
        for name in json_names:
            try:
                if fd is not None:
                    st = stat(name, dir_fd=fd, follow_symlinks=False)
                else:  # pragma: no cover - platforms without stat(dir_fd=...)
                    st = os.lstat(target / name)
            except OSError:
                continue  # deleted while we looked
            if S_ISREG(st.st_mode):
                records[name] = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
                if st.st_mode & 0o077:
                    loose.append(name)
            else:
                odd.append(name)
                what = safefile.kind_of(st.st_mode)
                notices.append(Notice(target / name, f"not a saved result ({what})"))
    finally:
        if fd is not None:
            os.close(fd)
    if len(names) > len(json_names):
        # Only names that are neither a record nor its summary need a look (set
        # operations, not a loop over twenty thousand names).
        rest = set(names).difference(json_names, [n[:-5] + ".md" for n in json_names])
        for name in sorted(rest):
            if name.startswith("."):
                if safefile.is_temp_name(name):
                    leftovers.append(name)
                continue
            if name.endswith(".md") and _NAME_RE.match(name[:-3]):
                leftovers.append(name)  # a summary whose record was lost, or is being written
                continue
            odd.append(name)
            notices.append(Notice(target / name, "not a saved result"))
    odd.sort()
    # marshal (version 2: no back-references) is a fast, exact serialisation of
    # the folder's state to hash; a new Python may write it differently, which
    # only rebuilds the index once.
    state = marshal.dumps((INDEX_VERSION, RECORD_VERSION, str(target), odd, records), 2)
    digest = _blake2b(state, digest_size=20)
    scan = _Scan(records, notices, digest.hexdigest(), leftovers, loose)
    _LAST_SCAN.clear()
    _LAST_SCAN[target] = (time.monotonic(), scan)
    return scan


def _recent_scan(target: Path) -> _Scan:
    """The scan a listing just made of `target`, or a new one (for reports, never for listing)."""
    seen = _LAST_SCAN.get(target)
    if seen is not None and time.monotonic() - seen[0] < _REPORT_REUSE_S:
        return seen[1]
    return _scan(target)


@dataclass
class _Index:
    """An index file's header; its parts are read one at a time, only when asked for."""

    path: Path
    start: int  # where the parts begin (the header's length)
    ident: tuple[int, int, int]  # the file read (inode, size, mtime), so a part comes from it
    fingerprint: str
    sections: dict[str, list[Any]]  # name -> [offset, length, crc32, key]

    def raw(self, name: str) -> bytes:
        """One part's bytes, checked against the header; ValueError if anything is off."""
        offset, length, crc, _key = self.sections[name]
        with open(safefile.open_regular(self.path, follow=False), "rb") as fh:
            if _ident(os.fstat(fh.fileno())) != self.ident:
                raise ValueError("the index was replaced while it was read")
            fh.seek(self.start + offset)
            chunk = fh.read(length)
        if len(chunk) != length or zlib.crc32(chunk) != crc:
            raise ValueError(f"index part {name} is damaged")
        return chunk

    def load(self, name: str) -> Any:
        return json.loads(self.raw(name))

    def key(self, name: str) -> Any:
        entry = self.sections.get(name)
        return entry[3] if entry is not None else None


def _ident(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _read_index(folder: Path) -> _Index | None:
    """The index's header, or None if there is none or it is not one this version wrote."""
    path = folder / INDEX_NAME
    try:
        with open(safefile.open_regular(path, follow=False), "rb") as fh:
            ident = _ident(os.fstat(fh.fileno()))
            first = fh.readline(_HEADER_LIMIT)
    except OSError:
        return None
    if not (first.startswith(b"{") and first.endswith(b"}\n")):
        return None
    try:
        header = json.loads(first)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("index_version") != INDEX_VERSION:
        return None
    sections = header.get("sections")
    fingerprint = header.get("fingerprint")
    if not isinstance(sections, dict) or not isinstance(fingerprint, str):
        return None
    for value in sections.values():
        if not (
            isinstance(value, list)
            and len(value) == 4
            and all(type(v) is int and v >= 0 for v in value[:3])
        ):
            return None
    return _Index(path, len(first), ident, fingerprint, sections)


def _write_index(folder: Path, fingerprint: str, parts: dict[str, tuple[bytes, Any]]) -> None:
    """Best effort: the index is a cache, so failing to write it costs only speed."""
    sections: dict[str, list[Any]] = {}
    chunks = []
    offset = 0
    for name, (chunk, key) in parts.items():
        sections[name] = [offset, len(chunk), zlib.crc32(chunk), key]
        chunks.append(chunk)
        offset += len(chunk)
    header = {"index_version": INDEX_VERSION, "fingerprint": fingerprint, "sections": sections}
    head = json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    data = b"".join([head, b"\n", *chunks])
    with contextlib.suppress(OSError):
        _atomic_write(folder / INDEX_NAME, data)


def _forget_index(folder: Path) -> None:
    """Remove the index: it holds headlines, so it must not outlive the records."""
    with contextlib.suppress(OSError):
        os.unlink(folder / INDEX_NAME)


def _encode_entries(
    records: list[tuple[str, _Key, _Head]], problems: list[tuple[str, _Key, str]]
) -> bytes:
    """The entries part: each string and each band said once, each record one flat row.

    Saved results of one quiz share their dimensions and labels, and scores fall
    on a 0-100 scale, so the tables stay small however many results there are.
    """
    strings: dict[str, int] = {}
    bands: dict[_Band, int] = {}

    def s(text: str | None) -> int:
        if text is None:
            return -1
        index = strings.get(text)
        if index is None:
            index = strings[text] = len(strings)
        return index

    def b(band: _Band) -> int:
        index = bands.get(band)
        if index is None:
            index = bands[band] = len(bands)
        return index

    rows = []
    for name, key, (taken_at, quiz_id, title, version, head_bands) in records:
        rows.append(
            [name, *key, taken_at, s(quiz_id), s(title), version, [b(x) for x in head_bands]]
        )
    band_rows = [[s(did), s(label), s(band), score] for did, label, band, score in bands]
    payload = {
        "strings": list(strings),  # after the bands: they add their strings to it
        "bands": band_rows,
        "records": rows,
        "problems": [[name, *key, message] for name, key, message in problems],
    }
    # ASCII with escapes: a file name that is not UTF-8 (lone surrogates) round-trips too.
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _decode_entries(data: Any) -> tuple[list[tuple[str, _Key, _Head]], list[tuple[str, _Key, str]]]:
    """The entries part back as rows; ValueError (or TypeError, ...) if it is damaged."""
    strings = data["strings"]
    table = [
        (strings[did], strings[label], strings[band] if band >= 0 else None, score)
        for did, label, band, score in data["bands"]
    ]
    shared: dict[tuple[int, ...], tuple[_Band, ...]] = {}  # one tuple for equal headlines
    records = []
    for row in data["records"]:
        name, size, mtime, ino, ctime, taken_at, quiz_i, title_i, version, indices = row
        key = tuple(indices)
        bands = shared.get(key)
        if bands is None:
            bands = shared[key] = tuple(table[i] for i in key)
        head = (taken_at, strings[quiz_i], strings[title_i], version, bands)
        records.append((name, (size, mtime, ino, ctime), head))
    problems = [(p[0], (p[1], p[2], p[3], p[4]), p[5]) for p in data["problems"]]
    checked_bands: set[tuple[_Band, ...]] = set()
    for name, key, head in records:
        if not _valid_entry(name, key) or not _valid_head(head, checked_bands):
            raise ValueError("an index entry is not what a record's headline can be")
    for name, key, message in problems:
        if not _valid_entry(name, key) or type(message) is not str:
            raise ValueError("an index entry is not what a skipped file's can be")
    return records, problems


def _valid_entry(name: Any, key: Any) -> bool:
    return type(name) is str and name.endswith(".json") and all(type(k) is int for k in key)


def _valid_head(head: _Head, checked_bands: set[tuple[_Band, ...]]) -> bool:
    """Whether an index headline has the types a checked record's headline has.

    The index is only a cache of the records: anything it holds that a record
    could not have given (a band as a number, a date that cannot be shown) makes
    the whole index count as absent, and the records are read again.
    """
    taken_at, quiz_id, title, version, bands = head
    if type(quiz_id) is not str or type(title) is not str:
        return False
    if version is not None and type(version) is not int:
        return False
    if type(taken_at) is not str:  # its value is checked when the summary is made
        return False
    if bands in checked_bands:
        return True
    for band in bands:
        did, label, band_label, score = band
        if type(did) is not str or type(label) is not str:
            return False
        if band_label is not None and type(band_label) is not str:
            return False
        if score is not None and not (type(score) is int and 0 <= score <= 100):
            return False
    checked_bands.add(bands)
    return True


@dataclass
class _Listing:
    summaries: list[SavedSummary]
    notices: list[Notice]
    entries: bytes  # the index's entries part for this listing
    fresh: bool  # True when the index on disk does not describe this listing yet


_INDEX_ERRORS = (KeyError, TypeError, ValueError, IndexError, AttributeError, OSError)


def _collect(target: Path, scan: _Scan, index: _Index | None) -> _Listing:
    """Summaries and notices for the scanned folder, reading only what the index lacks."""
    if index is not None and index.fingerprint == scan.fingerprint and _ENTRIES in index.sections:
        # Nothing changed since the index was written: trust it as it is (in listing order).
        try:
            raw = index.raw(_ENTRIES)
            records, problems = _decode_entries(json.loads(raw))
            if len(records) + len(problems) == len(scan.records):
                split: dict[tuple[_Band, ...], _Split] = {}
                summaries = [
                    _summary_from_headline(name[:-5], target / name, head, key[1], split)
                    for name, key, head in records
                ]
                notices = scan.notices + [Notice(target / n, m) for n, _k, m in problems]
                notices.sort(key=lambda n: str(n.path))
                return _Listing(summaries, notices, raw, fresh=False)
        except _INDEX_ERRORS:
            pass

    known: dict[str, tuple[_Key, _Head | str]] = {}
    if index is not None and _ENTRIES in index.sections:
        with contextlib.suppress(*_INDEX_ERRORS):
            records, problems = _decode_entries(index.load(_ENTRIES))
            known = {name: (key, head) for name, key, head in records}
            known.update({name: (key, message) for name, key, message in problems})

    rows: list[tuple[SavedSummary, str, _Key, _Head]] = []
    bad: list[tuple[str, _Key, str]] = []
    split: dict[tuple[_Band, ...], _Split] = {}
    notices = list(scan.notices)
    for name, key in scan.records.items():
        path = target / name
        cached = known.get(name)
        item: _Head | str
        if cached is not None and cached[0] == key:
            item = cached[1]
        else:
            try:
                item = _headline(_read_record_file(path))
            except StoreError as exc:
                item = exc.message
        if isinstance(item, str):
            bad.append((name, key, item))
            notices.append(Notice(path, item))
            continue
        try:
            summary = _summary_from_headline(name[:-5], path, item, key[1], split)
        except _INDEX_ERRORS:
            notices.append(Notice(path, "could not be listed this time; try again"))
            continue  # left out of the index, so it is read afresh next time
        rows.append((summary, name, key, item))

    rows.sort(key=lambda r: (r[0].taken_at, r[0].mtime_ns, r[0].id), reverse=True)
    notices.sort(key=lambda n: str(n.path))
    entries = _encode_entries([(name, key, head) for _s, name, key, head in rows], bad)
    return _Listing([r[0] for r in rows], notices, entries, fresh=True)


def list_saved(
    folder: Path | None = None, *, write_index: bool = True
) -> tuple[list[SavedSummary], list[Notice]]:
    """Every saved result, newest first, and a notice for each file that was skipped.

    Skipped with a notice: a `.json` file that is empty, not JSON, not an object,
    not one of our records, damaged, or from a newer record version; any other
    file that is not a record's Markdown summary. Dot files (the index, temporary
    files of a write in progress) are ignored. A missing folder is simply empty.
    Only records that are new or changed since the last listing are read.
    With `write_index=False` (private mode) nothing at all is written or removed.
    """
    target = _folder(folder)
    scan = _scan(target)
    if not scan.records:
        if scan.fingerprint and write_index:
            _forget_index(target)  # every record is gone: so must their headlines be
        return [], sorted(scan.notices, key=lambda n: str(n.path))
    index = _read_index(target)
    listing = _collect(target, scan, index)
    if not write_index:
        pass
    elif not listing.summaries:
        _forget_index(target)  # no result the person kept is readable: nothing to cache
    elif listing.fresh:
        _write_index(target, scan.fingerprint, {_ENTRIES: (listing.entries, None)})
    return listing.summaries, listing.notices


def _utf8(text: str) -> bytes:
    """UTF-8 that never fails: a stray surrogate (from a file name or a record) becomes '?'."""
    return text.encode("utf-8", "replace")


def cached_text(
    name: str,
    key: str,
    build: Callable[[list[SavedSummary], list[Notice]], str],
    folder: Path | None = None,
) -> bytes:
    """`build(summaries, notices)` as UTF-8, kept in the index until the folder or `key` changes.

    For a listing that costs more to work out than to read back (the command
    line's text of 10,000 results): while the folder is exactly as it was, the
    text comes straight from the index, without a summary built or a record
    read. `key` names everything else the text depends on (its layout's
    version, the time zone). Kept only where saved results already exist.
    """
    target = _folder(folder)
    scan = _scan(target)
    section = _TEXT_PREFIX + name
    if not scan.records:
        if scan.fingerprint:
            _forget_index(target)
        return _utf8(build([], sorted(scan.notices, key=lambda n: str(n.path))))
    # Only a digest of the key is kept: it may name things the records do not hold
    # (the time zone and its file, for local times).
    key = _blake2b(_utf8(key), digest_size=16).hexdigest()
    index = _read_index(target)
    same = index is not None and index.fingerprint == scan.fingerprint
    if same and index is not None and index.key(section) == key:
        with contextlib.suppress(*_INDEX_ERRORS):
            return index.raw(section)
    listing = _collect(target, scan, index)
    chunk = _utf8(build(listing.summaries, listing.notices))
    if not listing.summaries:
        _forget_index(target)  # only damaged or foreign files: nothing the person kept
        return chunk
    parts: dict[str, tuple[bytes, Any]] = {_ENTRIES: (listing.entries, None)}
    if same and index is not None and not listing.fresh:
        for other in index.sections:  # other texts of this same folder state stay valid
            if other.startswith(_TEXT_PREFIX) and other != section:
                with contextlib.suppress(*_INDEX_ERRORS):
                    parts[other] = (index.raw(other), index.key(other))
    parts[section] = (chunk, key)
    _write_index(target, scan.fingerprint, parts)
    return chunk


def resolve_id(record_id: str, folder: Path | None = None) -> str:
    """The full id for `record_id`: an exact id, a unique prefix, or the 6-hex suffix.

    Raises StoreError when nothing or more than one saved result matches.
    """
    record_id = record_id.strip()
    if record_id.endswith(".json"):
        record_id = record_id[:-5]
    target = _folder(folder)
    if not record_id or not _valid_id(record_id):
        raise StoreError(f"'{record_id}' is not a saved result id (see `readiness history`).")
    if (target / f"{record_id}.json").is_file():
        return record_id
    try:
        stems = [
            n[:-5] for n in os.listdir(target) if n.endswith(".json") and not n.startswith(".")
        ]
    except OSError:
        stems = []
    matches = [s for s in stems if s.startswith(record_id) or s.endswith("-" + record_id)]
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
    path = _folder(folder) / f"{full}.json"
    try:
        return _read_record_file(path)
    except StoreError as exc:
        if exc.message.startswith(("No saved", "Could not")):
            raise
        raise StoreError(f"Cannot open saved result {full}: {exc.message}.", path) from None


def load_saved_markdown(record_id: str, folder: Path | None = None) -> str | None:
    """The Markdown summary saved beside a record (as the results screen showed it), or None."""
    full = resolve_id(record_id, folder)
    try:  # never through a link, never from a FIFO or a device
        return safefile.read_text(_folder(folder) / f"{full}.md", _MAX_RECORD_BYTES, follow=False)
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------- deleting


def _unlink_quiet(path: Path) -> bool:
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    return True


def _drop_from_index(folder: Path, names: Iterable[str]) -> None:
    """Remove entries (and every cached view) so the index never outlives what it describes."""
    index = _read_index(folder)
    if index is None:
        _forget_index(folder)  # unreadable, or an older layout: it may still name them
        return
    try:
        records, problems = _decode_entries(index.load(_ENTRIES))
    except _INDEX_ERRORS:
        _forget_index(folder)
        return
    gone = set(names)
    records = [r for r in records if r[0] not in gone]
    problems = [p for p in problems if p[0] not in gone]
    if not records:
        _forget_index(folder)  # as when listing: no index without a result to list
        return
    # No fingerprint: the next listing checks every entry against the folder again.
    _write_index(folder, "", {_ENTRIES: (_encode_entries(records, problems), None)})


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
        for path in (target / f"{full}.json", target / f"{full}.md"):
            if _unlink_quiet(path):
                removed.append(path)
    except OSError as exc:
        raise _friendly_os_error("delete", exc, target) from exc
    _drop_from_index(target, [f"{full}.json"])
    _fsync_dir(target)
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
    if name[-3:] == ".md" and _NAME_RE.match(name[:-3]) and name[:-3] + ".json" not in present:
        return "a summary whose saved result is missing (a save cut off, or a record removed)"
    return None


def list_leftovers(folder: Path | None = None, *, now_ns: int | None = None) -> list[Leftover]:
    """What interrupted saves left in the results folder: temporary files and summaries
    without their record, older than a minute (younger ones may be a save under way).

    Names come from the listing just made, if any (one directory scan for both);
    each candidate is looked at afresh.
    """
    target = _folder(folder)
    scan = _recent_scan(target)
    now = time.time_ns() if now_ns is None else now_ns
    found = []
    for name in scan.leftovers:
        path = target / name
        try:
            st = os.lstat(path)
        except OSError:
            continue  # gone meanwhile
        if name.endswith(".md") and os.path.lexists(target / (name[:-3] + ".json")):
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
        _fsync_dir(folder)
    return removed


def privacy_notes(folder: Path | None = None) -> list[str]:
    """Plain sentences about anything in the results folder that others could read.

    Reported, not changed: the folder may be shared on purpose, or a link to a
    place whose mode is not ours to change. Empty when all is private.
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
    loose = _recent_scan(target).loose  # the records' modes, from the listing's own stat
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
    if summaries is None or notices is None:
        summaries, notices = list_saved(folder)
    ids = tuple(s.id for s in summaries if _valid_id(s.id))
    try:
        names = os.listdir(target)
    except OSError:
        names = []
    present = set(names)
    loose = tuple(
        sorted(
            n
            for n in names
            if n[-3:] == ".md" and _NAME_RE.match(n[:-3]) and n[:-3] + ".json" not in present
        )
    )
    left = tuple(n for n in notices if n.path.parent == target)  # files, not the folder itself
    temporary = tuple(
        leftover.path.name
        for leftover in list_leftovers(target)
        if safefile.is_temp_name(leftover.path.name)
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
    records = summaries = leftovers = 0
    try:
        for record_id in plan.ids:
            records += _unlink_quiet(target / f"{record_id}.json")
            summaries += _unlink_quiet(target / f"{record_id}.md")
        for name in plan.loose_summaries:
            if not os.path.lexists(target / f"{name[:-3]}.json"):  # unless its record came back
                leftovers += _unlink_quiet(target / name)
        for name in plan.temporary:
            if safefile.is_temp_name(name):
                leftovers += _unlink_quiet(target / name)
        index = _unlink_quiet(target / INDEX_NAME)  # a later listing rebuilds it if need be
    except OSError as exc:
        raise _friendly_os_error("delete", exc, target) from exc
    _fsync_dir(target)
    return DeleteReport(records, summaries, leftovers, index)


def count_deletable(folder: Path | None = None) -> int:
    """How many saved results `delete_all` would remove: those a listing shows."""
    return len(plan_delete_all(folder).ids)


# --------------------------------------------------------------------------- exporting


def _format_for(to: Path, fmt: str | None) -> str:
    if fmt:
        fmt = {"md": "markdown", "txt": "text"}.get(fmt, fmt)
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"Unknown export format '{fmt}' (use json, markdown or text).")
        return fmt
    suffix = to.suffix.lower()
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".txt":
        return "text"
    return "json"


def render(record: dict[str, Any], fmt: str, markdown: str | None = None) -> str:
    """A record as JSON, Markdown or plain text.

    JSON is the record itself. Markdown is the summary saved with it when there is
    one (exactly what was shown then), else `report.to_markdown(record)`. Text is
    `report.to_text(record)`. The renderers are imported here, only when needed.
    """
    if fmt == "json":
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown" and markdown is not None:
        return markdown
    try:
        from readiness.core import report
    except ImportError as exc:
        raise StoreError(f"Cannot render as {fmt}: the report module is missing.") from exc
    func = getattr(report, "to_markdown" if fmt == "markdown" else "to_text", None)
    if func is None:
        raise StoreError(f"Cannot render as {fmt}: no renderer for it yet.")
    text = func(record)
    return text if text.endswith("\n") else text + "\n"


def write_export(
    record_or_result: Any,
    to: Path,
    fmt: str | None = None,
    *,
    markdown: str | None = None,
    overwrite: bool = False,
    default_stem: str = "readiness-result",
) -> Path:
    """Write a record (or Result) to `to`, privately (0600) and atomically; return the path.

    Used by `export_saved` and by the results screen when the usual folder cannot
    be written (offer another place). `to` may be a folder, in which case the file
    is `default_stem` plus the format's extension inside it. An existing file is
    only replaced with `overwrite=True`.
    """
    record = _to_record(record_or_result)
    to = Path(to).expanduser()
    if to.is_dir():
        fmt_ = _format_for(to, fmt)
        ext = {"json": ".json", "markdown": ".md", "text": ".txt"}[fmt_]
        to = to / f"{default_stem}{ext}"
    fmt_ = _format_for(to, fmt)
    if to.exists() and not overwrite:
        raise StoreError(f"Could not export: {to} already exists.", to)
    if not to.parent.is_dir():
        raise StoreError(f"Could not export: the folder {to.parent} does not exist.", to.parent)
    text = render(record, fmt_, markdown)
    try:
        _atomic_write(to, text.encode("utf-8"))
    except OSError as exc:
        raise _friendly_os_error("export", exc, to.parent) from exc
    return to


def export_saved(
    record_id: str,
    to: Path,
    fmt: str | None = None,
    *,
    folder: Path | None = None,
    overwrite: bool = False,
) -> Path:
    """Copy a saved result out as JSON, Markdown or text (format from `fmt` or `to`'s suffix)."""
    full = resolve_id(record_id, folder)
    record = load_saved(full, folder)
    markdown = load_saved_markdown(full, folder)
    return write_export(record, to, fmt, markdown=markdown, overwrite=overwrite, default_stem=full)


def summary_from_record(
    record: dict[str, Any], record_id: str = "", path: Path | None = None
) -> SavedSummary:
    """A SavedSummary built from a record dict (for comparisons over records in memory)."""
    problem = _check_record(record)
    if problem is not None:
        raise StoreError(problem)
    return _summary_from_headline(record_id, path or Path(record_id), _headline(record), 0)
