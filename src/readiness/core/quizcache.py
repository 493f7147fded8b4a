"""A cache of what the catalog needs to know about each quiz file.

Listing 300 quizzes should not mean validating 300 files on every start. For
each file we remember its size and modification time and either its listing
facts (id, title, summary, minutes, question count) or its problems. A hit
costs one `stat`; anything in doubt (another engine, a changed file, a cache
we cannot read) is simply rebuilt.

Privacy: the cache holds facts about quiz *files* only, never answers or
results, and only the authoring commands write it (`list`, `validate`): the
app reads it when present and never writes it, so a person who takes a quiz
and saves nothing leaves nothing on disk. A failure to write is ignored.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from readiness import __version__, locations
from readiness.core.problems import TYPE_CHECKING, NamedTuple, Problem
from readiness.core.safefile import atomic_write, read_text

if TYPE_CHECKING:
    from typing import Any

# 2: a valid file's warnings, and every problem's severity; 3: inode and ctime in the key
CACHE_FORMAT = 3
MAX_CACHE_BYTES = 32 * 1024 * 1024
_SEVERITIES = ("error", "warning", "note")


class QuizInfo(NamedTuple):
    """The facts a quiz list shows, without loading the whole quiz.

    Named tuples here (not dataclasses) keep a cache hit from importing `dataclasses`.
    """

    id: str
    title: str
    summary: str
    minutes: int | None
    question_count: int
    version: int = 1


class CachedOutcome(NamedTuple):
    """A file's verdict: its facts (valid) or None (broken), and its problems: a broken
    file's errors, or a valid file's warnings."""

    info: QuizInfo | None
    problems: list[Problem]


def engine_fingerprint() -> str:
    """Changes whenever the engine that judged the files could have changed.

    Every module of the core counts, not a chosen few: a message reworded in
    `shapes.py` or a warning added in `rules.py` must not be hidden by a verdict
    cached before it (one listing and a few dozen stats, well under a millisecond).
    """
    stamps: list[str] = []
    folders = [Path(__file__).resolve().parent]  # the core, and its packages (expressions/)
    try:
        while folders:
            folder = folders.pop()
            with os.scandir(folder) as listing:
                for entry in listing:
                    if entry.name.endswith(".py"):
                        stat = entry.stat()
                        stamps.append(
                            f"{folder.name}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns}"
                        )
                    elif entry.is_dir() and entry.name != "__pycache__":
                        folders.append(Path(entry.path))
    except OSError:
        stamps = ["?"]
    return f"{__version__}|{sys.version_info[:2]}|{CACHE_FORMAT}|" + ",".join(sorted(stamps))


def cache_file() -> Path:
    return locations.user_cache_dir() / f"catalog-v{CACHE_FORMAT}.json"


def file_key(path: Path) -> list[int] | None:
    """The file's fingerprint: size, modification and change times, inode.

    The change time cannot be set back by hand (`touch -d` sets only the
    modification time), so an edited file never matches its old entry.
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def _checked_info(raw: Any) -> QuizInfo | None:
    """A cached QuizInfo, only if every field has the type a checked quiz gives it."""
    if type(raw) is not dict or set(raw) != set(QuizInfo._fields):
        return None
    minutes = raw["minutes"]
    if not (
        type(raw["id"]) is str
        and raw["id"]
        and type(raw["title"]) is str
        and type(raw["summary"]) is str
        and (minutes is None or type(minutes) is int)
        and type(raw["question_count"]) is int
        and type(raw["version"]) is int
    ):
        return None
    return QuizInfo(**raw)


def _checked_problems(path: Path, raw: Any) -> list[Problem] | None:
    if type(raw) is not list:
        return None
    problems = []
    for item in raw:
        if type(item) is not list or len(item) != 4:
            return None
        line, col, message, severity = item
        if type(line) is not int or type(col) is not int or type(message) is not str:
            return None
        if severity not in _SEVERITIES:
            return None
        problems.append(Problem(str(path), line, col, message, severity))
    return problems


class QuizCache:
    """Read once, consulted per file, written once at the end if anything changed."""

    def __init__(self, *, write: bool = False, location: Path | None = None) -> None:
        self.location = location or cache_file()
        self.write_allowed = write
        self.fingerprint = engine_fingerprint()
        self.entries: dict[str, dict[str, Any]] = self._read()
        self.dirty = False

    def _read(self) -> dict[str, dict[str, Any]]:
        try:  # never a FIFO, a device or a link (see `safefile`)
            data = json.loads(read_text(self.location, MAX_CACHE_BYTES, follow=False))
        except (OSError, ValueError, RecursionError):
            return {}
        if not isinstance(data, dict) or data.get("engine") != self.fingerprint:
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def get(self, path: Path, key: list[int] | None) -> CachedOutcome | None:
        """The cached verdict on `path`, only if the entry matches the file's fingerprint
        `key` and every value has the right type; else None (the file is checked again)."""
        entry = self.entries.get(str(path))
        if key is None or type(entry) is not dict or entry.get("key") != key:
            return None
        problems = _checked_problems(path, entry.get("problems"))
        if problems is None:
            return None
        if entry.get("info") is not None:
            info = _checked_info(entry["info"])
            return None if info is None else CachedOutcome(info, problems)  # (its warnings)
        if not any(p.severity == "error" for p in problems):
            return None  # a broken file without an error is not something a check gives
        return CachedOutcome(None, problems)

    def put(self, path: Path, key: list[int] | None, outcome: CachedOutcome) -> None:
        if key is None:
            return
        self.entries[str(path)] = {
            "key": key,
            "info": outcome.info._asdict() if outcome.info else None,
            "problems": [[p.line, p.col, p.message, p.severity] for p in outcome.problems],
        }
        self.dirty = True

    def save(self) -> None:
        """Write atomically and privately (see `safefile`), without the entries of files
        that no longer exist; never raise (a cache is only ever a shortcut)."""
        if not self.write_allowed:
            return
        gone = [name for name in self.entries if not os.path.lexists(name)]
        for name in gone:  # a deleted quiz's title stays nowhere
            del self.entries[name]
        if not (self.dirty or gone):
            return
        try:
            folder = locations.ensure_private_dir(self.location.parent)
            # ASCII with escapes: a file name that is not valid UTF-8 (kept by Python as
            # lone surrogates) round-trips as '\\udce9', where UTF-8 output would fail.
            payload = json.dumps(
                {"engine": self.fingerprint, "files": self.entries}, ensure_ascii=True
            )
            atomic_write(self.location, payload.encode("ascii"), locations.PRIVATE_FILE_MODE)
            self.dirty = False
            for older in range(1, CACHE_FORMAT):  # an earlier version's cache is of no use now
                (folder / f"catalog-v{older}.json").unlink(missing_ok=True)
        except (OSError, ValueError):  # ValueError: UnicodeError and anything json refuses
            pass
