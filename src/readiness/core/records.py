"""One saved record: read safely, checked against its schema, and the headline a list shows.

A record is a file anyone with the account can edit, so nothing renders one
before `check_record` has passed it (see `recordcheck` for the shape rules),
and every problem is a `StoreError` whose message can be shown as is. The
headline is the small part of a record that a list of results needs; it is
what the results index keeps (`resultindex`).

The core never imports Textual.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import msgspec

from readiness.core import recordcheck, safefile

RECORD_VERSION = 1
"""Version of the saved record's layout (the contract's record plus our own keys)."""

MAX_RECORD_BYTES = 16 * 1024 * 1024
"""A record is a few KiB; a bigger file is refused rather than slurped."""

DIRECTIONS = ("better", "worse", "neutral")
"""A dimension's `higher_is`, which the store saves beside the contract's record (top-level
`higher_is`: {dimension id: direction}), so history can say which way a change went."""

parse_time = recordcheck.parse_time


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
class Notice:
    """A file in the results folder that was skipped, and why (in plain words).

    `message` is the reason alone ("empty file"): whoever shows it says that the
    file was skipped and left as it is, once, in its own words.
    """

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class SavedSummary(msgspec.Struct, frozen=True):
    """The headline of one saved record: enough to list it without reading it again.

    `bands` holds `(dimension label, band label or None, score or None)` in the
    record's dimension order; `dimension_ids` lines up with it, so comparisons
    over time match dimensions by id even when a later quiz version relabels them.
    The record file is `folder` and `file_name`; `path` joins them when asked, as
    a listing of thousands never does. A frozen Struct, not a dataclass: a listing
    makes 10,000 of them, and a frozen dataclass takes ten times as long to make.
    `msgspec.structs.replace` gives a changed copy.
    """

    id: str
    folder: Path
    file_name: str
    quiz_id: str
    quiz_title: str
    taken_at: datetime
    bands: list[tuple[str, str | None, int | None]]
    quiz_version: int | None = None
    dimension_ids: tuple[str, ...] = ()
    directions: tuple[str | None, ...] = ()  # each dimension's `higher_is`, when saved with it
    mtime_ns: int = 0  # the record file's, to order results saved in the same second

    @property
    def path(self) -> Path:
        """The record file."""
        return self.folder / self.file_name


Score = Annotated[int, msgspec.Meta(ge=0, le=100)]


class Headline(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """What a list of results shows of one record (and all the results index keeps of it).

    Laid out as `SavedSummary` holds it (bands as `(label, band, score)`, ids and
    directions beside them), so a summary is made from an index entry without
    rebuilding anything. `gc=False`: it holds only text, numbers and tuples of
    them (which msgspec leaves untracked), so 10,000 of them from a large index
    never set off the cyclic collector.
    """

    taken_at: str
    quiz_id: str
    title: str
    version: int | None
    bands: tuple[tuple[str, str | None, Score | None], ...]
    dimension_ids: tuple[str, ...]
    directions: tuple[str | None, ...]  # each dimension's `higher_is`, when the save knew it

    def __post_init__(self) -> None:
        """An index whose parts of one headline disagree is not read (it was edited)."""
        if not len(self.bands) == len(self.dimension_ids) == len(self.directions):
            raise ValueError("a headline's bands, ids and directions differ in number")


def friendly_os_error(action: str, exc: OSError, where: Path) -> StoreError:
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


def to_record(result_or_record: Any) -> dict[str, Any]:
    """The contract's record from a Result (`.to_record()`) or a record dict (copied)."""
    record = (
        result_or_record.to_record() if hasattr(result_or_record, "to_record") else result_or_record
    )
    if not isinstance(record, Mapping):
        raise StoreError("Could not save: the result is not a record.")
    # A deep copy through JSON also proves it is serialisable before anything is written.
    try:
        copy: dict[str, Any] = json.loads(json.dumps(record, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise StoreError(f"Could not save: the result cannot be written as JSON ({exc}).") from exc
    return copy


def check_record(record: Any) -> str | None:
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


def read_bytes(path: Path) -> bytes:
    """A record file's bytes: a regular file, not a link, bounded; StoreError otherwise."""
    try:
        data = safefile.read_regular(path, MAX_RECORD_BYTES, follow=False)
    except FileNotFoundError:
        raise StoreError(f"No saved result at {path}.", path) from None
    except safefile.NotRegularFileError as exc:
        raise StoreError(f"not a saved result ({exc.strerror})", path) from None
    except IsADirectoryError:
        raise StoreError("not a saved result (a folder)", path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError("not read: it is a link, and links are not followed", path) from None
        raise friendly_os_error("read the saved result", exc, path) from exc
    if len(data) > MAX_RECORD_BYTES:
        raise StoreError("too large to be a saved result", path)
    return data


def parse(data: bytes, path: Path) -> dict[str, Any]:
    """A checked record from a file's bytes; StoreError with a plain reason otherwise."""
    if not data.strip():
        raise StoreError("empty file", path)
    try:
        record = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError("not a saved result (not text)", path) from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise StoreError(f"damaged saved result (not valid JSON at {where})", path) from None
    except RecursionError:
        raise StoreError("damaged saved result (nested too deeply)", path) from None
    problem = check_record(record)
    if problem is not None:
        raise StoreError(problem, path)
    checked: dict[str, Any] = record
    return checked


def read(path: Path) -> dict[str, Any]:
    """Read and check one record file; raises StoreError with a plain reason."""
    return parse(read_bytes(path), path)


def headline(record: dict[str, Any]) -> Headline:
    """The small part of a checked record (see `check_record`) that a list needs."""
    quiz = record["quiz"]
    directions = record.get("higher_is")
    directions = directions if isinstance(directions, dict) else {}
    bands: list[tuple[str, str | None, int | None]] = []
    ids: list[str] = []
    ways: list[str | None] = []
    for dim in record.get("dimensions", []):
        did = str(dim.get("id", ""))
        band = dim.get("band")
        band_label = band.get("label") if isinstance(band, dict) else None
        ids.append(did)
        bands.append(
            (
                str(dim.get("label") or did or "?"),
                band_label if isinstance(band_label, str) else None,
                dim.get("score"),  # checked: a whole number 0-100, or None
            )
        )
        ways.append(direction if (direction := directions.get(did)) in DIRECTIONS else None)
    version = quiz.get("version")
    return Headline(
        record["taken_at"],
        quiz["id"],
        str(quiz.get("title") or quiz["id"]),
        version if isinstance(version, int) and not isinstance(version, bool) else None,
        tuple(bands),
        tuple(ids),
        tuple(ways),
    )


def summary(
    record_id: str, folder: Path, file_name: str, head: Headline, mtime_ns: int = 0
) -> SavedSummary:
    """A SavedSummary from a headline; ValueError if its time cannot be shown."""
    when = parse_time(head.taken_at)
    if when is None:
        raise ValueError("no valid taken_at")
    return SavedSummary(
        record_id,
        folder,
        file_name,
        head.quiz_id,
        head.title,
        when,
        list(head.bands),
        head.version,
        head.dimension_ids,
        head.directions,
        mtime_ns,
    )


def summary_from_record(
    record: dict[str, Any], record_id: str = "", path: Path | None = None
) -> SavedSummary:
    """A SavedSummary built from a record dict (for comparisons over records in memory)."""
    problem = check_record(record)
    if problem is not None:
        raise StoreError(problem)
    path = path or Path(record_id)
    return summary(record_id, path.parent, path.name, headline(record))
