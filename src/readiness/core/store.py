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
  (`.index.json`) caches each record's headline keyed by name, size and
  modification time, so listing 10,000 records reads one small file plus a
  directory scan. The index is only a cache: if it is missing, stale or
  corrupt, the records themselves are read again and it is rebuilt.

The core never imports Textual; nothing here writes anything unless asked to.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readiness import locations

RECORD_VERSION = 1
"""Version of the saved record's layout (the contract's record plus our own keys)."""

INDEX_NAME = ".index.json"
INDEX_VERSION = 1
EXPORT_FORMATS = ("json", "markdown", "text")

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
    """A file in the results folder that was skipped, and why (in plain words)."""

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


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable; some platforms cannot open folders, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new, never a part.

    The temporary file is created 0600 with O_EXCL in the same folder (so the
    rename cannot cross file systems) and removed if anything fails. Raises OSError.
    """
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, locations.PRIVATE_FILE_MODE)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


def _parse_time(value: Any) -> datetime | None:
    """An aware datetime from the record's ISO 8601 `taken_at`, or None."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


def _stamp_time(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


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
            f"saved by a newer version of readiness (record version {version}; "
            f"this one reads up to {RECORD_VERSION}); left untouched"
        )
    if version < 1:
        return f"not a saved result (record_version {version})"
    quiz = record.get("quiz")
    if not isinstance(quiz, dict) or not isinstance(quiz.get("id"), str):
        return "damaged saved result (no quiz id)"
    if _parse_time(record.get("taken_at")) is None:
        return "damaged saved result (no valid taken_at)"
    dims = record.get("dimensions", [])
    if not isinstance(dims, list) or not all(isinstance(d, dict) for d in dims):
        return "damaged saved result (dimensions are not a list)"
    return None


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round(value)
    return None


def _headline(record: dict[str, Any]) -> dict[str, Any]:
    """The small, JSON-friendly part of a record that the list needs (cached in the index)."""
    quiz = record["quiz"]
    bands = []
    for dim in record.get("dimensions", []):
        band = dim.get("band")
        band_label = band.get("label") if isinstance(band, dict) else None
        bands.append(
            [
                str(dim.get("id", "")),
                str(dim.get("label") or dim.get("id") or "?"),
                band_label if isinstance(band_label, str) else None,
                _int_or_none(dim.get("score")),
            ]
        )
    version = quiz.get("version")
    return {
        "quiz_id": quiz["id"],
        "quiz_title": str(quiz.get("title") or quiz["id"]),
        "quiz_version": version
        if isinstance(version, int) and not isinstance(version, bool)
        else None,
        "taken_at": record["taken_at"],
        "bands": bands,
    }


def _summary_from_headline(
    record_id: str, path: Path, head: dict[str, Any], mtime_ns: int
) -> SavedSummary:
    when = _parse_time(head["taken_at"])
    assert when is not None  # checked before it was cached
    return SavedSummary(
        id=record_id,
        path=path,
        quiz_id=head["quiz_id"],
        quiz_title=head["quiz_title"],
        taken_at=when,
        bands=[(b[1], b[2], b[3]) for b in head["bands"]],
        quiz_version=head.get("quiz_version"),
        dimension_ids=tuple(b[0] for b in head["bands"]),
        mtime_ns=mtime_ns,
    )


def _read_record_file(path: Path) -> dict[str, Any]:
    """Read and check one record file; raises StoreError with a plain reason."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(_MAX_RECORD_BYTES + 1)
    except FileNotFoundError:
        raise StoreError(f"No saved result at {path}.", path) from None
    except OSError as exc:
        raise _friendly_os_error("read the saved result", exc, path) from exc
    if not data.strip():
        raise StoreError("empty file; skipped", path)
    if len(data) > _MAX_RECORD_BYTES:
        raise StoreError("too large to be a saved result; skipped", path)
    try:
        record = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError("not a saved result (not text); skipped", path) from None
    except ValueError as exc:
        raise StoreError(f"damaged saved result (not valid JSON: {exc}); skipped", path) from None
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
        stem = f"{stamp}-{quiz_part}-{secrets.token_hex(3)}"
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


def _load_index(folder: Path) -> dict[str, Any]:
    try:
        with open(folder / INDEX_NAME, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("index_version") != INDEX_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _save_index(folder: Path, entries: dict[str, Any]) -> None:
    """Best effort: the index is a cache, so failing to write it costs only speed."""
    payload = {"index_version": INDEX_VERSION, "entries": entries}
    with contextlib.suppress(OSError):
        _atomic_write(
            folder / INDEX_NAME,
            json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        )


def list_saved(folder: Path | None = None) -> tuple[list[SavedSummary], list[Notice]]:
    """Every saved result, newest first, and a notice for each file that was skipped.

    Skipped with a notice: a `.json` file that is empty, not JSON, not an object,
    not one of our records, damaged, or from a newer record version; any other
    file that is not a record's Markdown summary. Dot files (the index, temporary
    files of a write in progress) are ignored. A missing folder is simply empty.
    Only records that are new or changed since the last listing are read.
    """
    target = _folder(folder)
    try:
        entries_iter = list(os.scandir(target))
    except FileNotFoundError:
        return [], []
    except NotADirectoryError:
        return [], [Notice(target, "the results folder is a file, not a folder")]
    except OSError as exc:
        return [], [Notice(target, str(_friendly_os_error("list saved results", exc, target)))]

    json_stems: set[str] = set()
    candidates = []
    notices: list[Notice] = []
    for entry in entries_iter:
        name = entry.name
        if name.startswith("."):
            continue
        if name.endswith(".json"):
            json_stems.add(name[:-5])
            candidates.append(entry)
    for entry in entries_iter:
        name = entry.name
        if name.startswith(".") or name.endswith(".json"):
            continue
        if name.endswith(".md") and name[:-3] in json_stems:
            continue
        if name.endswith(".md") and _NAME_RE.match(name[:-3]):
            continue  # a summary whose record was lost or is being written: harmless
        notices.append(Notice(Path(entry.path), "not a saved result; left untouched"))

    index = _load_index(target)
    new_index: dict[str, Any] = {}
    summaries: list[SavedSummary] = []
    for entry in candidates:
        name = entry.name
        path = Path(entry.path)
        try:
            st = entry.stat()
        except OSError:
            continue  # deleted while we looked
        if not entry.is_file():
            notices.append(Notice(path, "not a saved result (not a file); left untouched"))
            continue
        key = [st.st_size, st.st_mtime_ns]
        cached = index.get(name)
        if isinstance(cached, dict) and cached.get("key") == key:
            new_index[name] = cached
        else:
            try:
                record = _read_record_file(path)
            except StoreError as exc:
                cached = {"key": key, "problem": exc.message}
            else:
                cached = {"key": key, "head": _headline(record)}
            new_index[name] = cached
        problem = cached.get("problem")
        head = cached.get("head")
        if problem is not None or not isinstance(head, dict):
            notices.append(Notice(path, str(problem or "damaged saved result; skipped")))
            continue
        try:
            summaries.append(_summary_from_headline(name[:-5], path, head, st.st_mtime_ns))
        except (KeyError, TypeError, IndexError, AssertionError):
            new_index.pop(name, None)  # a bad cache entry: read it afresh next time
            notices.append(Notice(path, "could not be listed this time; try again"))

    if new_index != index and (index or new_index):
        _save_index(target, new_index)

    summaries.sort(key=lambda s: (s.taken_at, s.mtime_ns, s.id), reverse=True)
    notices.sort(key=lambda n: str(n.path))
    return summaries, notices


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
        raise StoreError(
            f"Cannot open saved result {full}: {exc.message.removesuffix('; skipped')}.", path
        ) from None


def load_saved_markdown(record_id: str, folder: Path | None = None) -> str | None:
    """The Markdown summary saved beside a record (as the results screen showed it), or None."""
    full = resolve_id(record_id, folder)
    try:
        with open(_folder(folder) / f"{full}.md", encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return None


# --------------------------------------------------------------------------- deleting


def _unlink_quiet(path: Path) -> bool:
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    return True


def _drop_from_index(folder: Path, names: Iterable[str]) -> None:
    """Remove entries so the index never outlives what it describes."""
    index = _load_index(folder)
    changed = False
    for name in names:
        if index.pop(name, None) is not None:
            changed = True
    if changed:
        _save_index(folder, index)


def delete_saved(record_id: str, folder: Path | None = None) -> None:
    """Delete one saved result: its record, its Markdown summary and its index entry.

    Works on a damaged record too, so a person can get rid of it. Raises
    StoreError if there is no such record or it cannot be deleted.
    """
    full = resolve_id(record_id, folder)
    target = _folder(folder)
    try:
        _unlink_quiet(target / f"{full}.json")
        _unlink_quiet(target / f"{full}.md")
    except OSError as exc:
        raise _friendly_os_error("delete", exc, target) from exc
    _drop_from_index(target, [f"{full}.json"])
    _fsync_dir(target)


def delete_all(folder: Path | None = None) -> int:
    """Delete every saved result (records, summaries, the index); return how many records.

    "Every saved result" means every file named like one of ours
    (`STAMP-QUIZ-HEX.json` and `.md`), readable or damaged, plus our index and
    leftover temporary files. Anything else a person put in the folder stays.
    """
    target = _folder(folder)
    try:
        names = os.listdir(target)
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise _friendly_os_error("delete", exc, target) from exc
    count = 0
    try:
        for name in names:
            stem, dot, ext = name.rpartition(".")
            if name.startswith("."):
                if name == INDEX_NAME or (name.endswith(".tmp") and name.count(".") >= 3):
                    _unlink_quiet(target / name)
                continue
            if not dot or not _NAME_RE.match(stem):
                continue
            if ext == "json":
                if _unlink_quiet(target / name):
                    count += 1
            elif ext == "md":
                _unlink_quiet(target / name)
    except OSError as exc:
        raise _friendly_os_error("delete", exc, target) from exc
    _fsync_dir(target)
    return count


def count_deletable(folder: Path | None = None) -> int:
    """How many record files `delete_all` would remove (for the confirmation prompt)."""
    try:
        names = os.listdir(_folder(folder))
    except OSError:
        return 0
    return sum(1 for n in names if n.endswith(".json") and _NAME_RE.match(n[:-5]))


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
