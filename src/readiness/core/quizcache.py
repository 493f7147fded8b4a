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
import time
from pathlib import Path

from readiness import __version__, locations
from readiness.core.problems import TYPE_CHECKING, NamedTuple, Problem

if TYPE_CHECKING:
    from typing import Any

CACHE_FORMAT = 2  # 2: a valid file's warnings, and every problem's severity


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
    """Changes whenever the engine that judged the files could have changed."""
    core = Path(__file__).resolve().parent
    stamps = []
    for name in ("yamlsafe.py", "model.py", "loader.py", "expressions.py", "quizcache.py"):
        try:
            stat = (core / name).stat()
            stamps.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            stamps.append(f"{name}:?")
    return f"{__version__}|{sys.version_info[:2]}|{CACHE_FORMAT}|" + ",".join(stamps)


def cache_file() -> Path:
    return locations.user_cache_dir() / f"catalog-v{CACHE_FORMAT}.json"


def file_key(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


class QuizCache:
    """Read once, consulted per file, written once at the end if anything changed."""

    def __init__(self, *, write: bool = False, location: Path | None = None) -> None:
        self.location = location or cache_file()
        self.write_allowed = write
        self.fingerprint = engine_fingerprint()
        self.entries: dict[str, dict[str, Any]] = self._read()
        self.dirty = False

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            with open(self.location, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("engine") != self.fingerprint:
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def get(self, path: Path, key: list[int] | None) -> CachedOutcome | None:
        entry = self.entries.get(str(path))
        if key is None or not isinstance(entry, dict) or entry.get("key") != key:
            return None
        try:
            problems = [Problem(str(path), int(line), int(col), str(msg), str(severity))
                        for line, col, msg, severity in entry["problems"]]
            if entry.get("info") is not None:
                return CachedOutcome(QuizInfo(**entry["info"]), problems)  # (its warnings)
            return CachedOutcome(None, problems) if problems else None
        except (KeyError, TypeError, ValueError):
            return None

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
        """Write atomically, privately; never raise (a cache is only ever a shortcut)."""
        if not (self.dirty and self.write_allowed):
            return
        try:
            folder = locations.ensure_private_dir(self.location.parent)
            # ASCII with escapes: a file name that is not valid UTF-8 (kept by Python as
            # lone surrogates) round-trips as '\\udce9', where UTF-8 output would fail.
            payload = json.dumps({"engine": self.fingerprint, "files": self.entries}, ensure_ascii=True)
            # A private temporary file of our own (not `tempfile`, whose import costs more
            # than the write): O_EXCL, so it is never someone else's file or link.
            tmp = str(folder / f".catalog-{os.getpid()}-{time.monotonic_ns()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                         locations.PRIVATE_FILE_MODE)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                os.chmod(tmp, locations.PRIVATE_FILE_MODE)
                os.replace(tmp, self.location)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self.dirty = False
            for older in range(1, CACHE_FORMAT):  # a cache an earlier version wrote is of no use now
                (folder / f"catalog-v{older}.json").unlink(missing_ok=True)
        except (OSError, ValueError):  # ValueError: UnicodeError and anything json refuses
            pass
