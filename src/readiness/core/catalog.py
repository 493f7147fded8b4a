"""Every quiz a person can take, from every place quizzes live.

Sources, in rising precedence: built-in quizzes, the user's quiz folder,
READINESS_QUIZ_PATH, and folders given with --quiz-dir. When two files share an
id the later source wins and remembers which file it shadows. A broken file is
listed apart and never hides the valid ones.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from readiness import locations
from readiness.core.problems import TYPE_CHECKING, NamedTuple, Problem, printable
from readiness.core.quizcache import CachedOutcome, QuizCache, QuizInfo, file_key

if TYPE_CHECKING:  # the loader pulls in msgspec: import it only when a file needs checking
    from readiness.core.model import Quiz

QUIZ_SUFFIXES = (".yaml", ".yml")


class CatalogEntry:
    """One listed quiz. Its facts come from the cache; the full quiz loads on first use."""

    def __init__(
        self, info: QuizInfo, path: Path, source: str, shadows: list[Path], warnings: list[Problem]
    ) -> None:
        self.info = info
        self.id = info.id
        self.title = info.title
        self.summary = info.summary
        self.minutes = info.minutes
        self.question_count = info.question_count
        self.path = path
        self.source = source  # "built-in" | "user" | "env" | "extra"
        self.shadows = shadows
        self._quiz: Quiz | None = None
        # What `validate` would warn about (a condition that can never hold), sorted by line
        # and column, without its notes: the quiz loads all the same, but `list` says so, so
        # a step that never shows is not a mystery.
        self.warnings = warnings

    @property
    def quiz(self) -> Quiz:
        """The whole quiz, loaded on first use. Raises QuizFileError."""
        if self._quiz is None:
            from readiness.core.loader import load_quiz

            self._quiz = load_quiz(self.path)
        return self._quiz


class BrokenFile(NamedTuple):
    """A quiz file that does not load, with every reason (a named tuple: no `dataclasses`
    import when the catalog comes from the cache)."""

    path: Path
    source: str
    problems: list[Problem]

    @property
    def first_error(self) -> str:
        return (
            str(self.problems[0]) if self.problems else printable(f"{self.path}: error: unreadable")
        )


class Catalog(NamedTuple):
    """Valid quizzes (sorted by title) and broken files apart."""

    entries: list[CatalogEntry]
    broken: list[BrokenFile]

    def find(self, quiz_id: str) -> CatalogEntry | None:
        return next((e for e in self.entries if e.id == quiz_id), None)


def quiz_files(folder_or_file: Path) -> list[Path]:
    """The quiz files in a folder (sorted, not recursive), or the file itself."""
    return [path for path, _ in quiz_files_resolved(folder_or_file)]


def real_path(path: Path) -> Path:
    """`path` with links followed; `path` itself when that cannot be worked out (a loop of links)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def quiz_files_resolved(folder_or_file: Path) -> list[tuple[Path, Path]]:
    """`quiz_files`, each with its real path (symbolic links followed).

    The folder is resolved once and each name joined to it; only a file that is
    itself a link is resolved on its own. `Path.resolve` per file is a walk of
    `lstat` calls in Python, which for 300 quizzes cost the app's first frame
    more than reading the folder did.
    """
    if folder_or_file.is_file():
        return [(folder_or_file, real_path(folder_or_file))]
    try:
        with os.scandir(folder_or_file) as listing:
            entries = [
                (entry.name, entry.is_symlink())
                for entry in listing
                if os.path.splitext(entry.name)[1].lower() in QUIZ_SUFFIXES
                and not entry.name.startswith(".")
            ]
        real_folder = real_path(folder_or_file)
    except OSError:
        return []
    found = []
    for name, is_link in sorted(entries):
        path = folder_or_file / name
        found.append((path, real_path(path) if is_link else real_folder / name))
    return found


def check_files(
    paths: Sequence[Path], cache: QuizCache | None = None, resolved: Sequence[Path] | None = None
) -> list[tuple[CachedOutcome, Quiz | None]]:
    """Validate files, or take each verdict from the cache when the file is unchanged;
    with many to check, a second CPU helps (see `checkhelper`). The verdicts come
    from `check_quiz`; no Quiz to take is returned (it loads on first use). `resolved`: the files'
    real paths, when known (see `quiz_files_resolved`)."""
    return PendingChecks(paths, cache, resolved).finish()


class PendingChecks:
    """Verdicts on some files: the cache's now, the others once `finish` is called.

    With many files to check, a helper process (see `checkhelper`) starts on them
    at once, so work begun early (while the app is still drawing) is not wasted.
    """

    def __init__(
        self, paths: Sequence[Path], cache: QuizCache | None, resolved: Sequence[Path] | None = None
    ) -> None:
        self.paths = list(paths)
        self.cache = cache
        # A file's key is its size and time: needed only to look it up or to write it.
        wanted = cache is not None and (cache.entries or cache.write_allowed)
        self.keys = [file_key(path) for path in self.paths] if wanted else [None] * len(self.paths)
        if resolved is None:  # the real paths are wanted only to look them up in the cache
            resolved = self.paths if cache is None else [real_path(path) for path in self.paths]
        self.resolved = list(resolved)
        hits = [
            None if cache is None else cache.get(where, key)
            for where, key in zip(self.resolved, self.keys, strict=True)
        ]
        self.results: list[tuple[CachedOutcome, Quiz | None] | None] = [
            None if hit is None else (hit, None) for hit in hits
        ]
        self.missing = [index for index, result in enumerate(self.results) if result is None]
        self.helper = None
        if self.missing:
            from readiness.core.checkhelper import start_helper

            self.helper = start_helper([self.paths[i] for i in self.missing])

    def finish(self) -> list[tuple[CachedOutcome, Quiz | None]]:
        """Every verdict, in order; what was checked now goes into the cache (in memory)."""
        if self.missing:
            from readiness.core.checkhelper import check_files as check_uncached

            helper, self.helper = self.helper, None
            checked = check_uncached([self.paths[i] for i in self.missing], helper)
            for index, result in zip(self.missing, checked, strict=True):
                self.results[index] = result
                if self.cache is not None:
                    self.cache.put(self.resolved[index], self.keys[index], result[0])
            self.missing = []
        return [result for result in self.results if result is not None]

    def abandon(self) -> None:
        """Stop the helper, if any (the verdicts will not be wanted)."""
        if self.helper is not None:
            self.helper.stop()
            self.helper = None


class CatalogPlan:
    """Which files the catalog lists and where from, with their checks under way."""

    def __init__(self, planned: list[tuple[str, Path, Path]], cache: QuizCache | None) -> None:
        self.planned = [(source, path) for source, path, _ in planned]
        self.cache = cache
        self.checks = PendingChecks(
            [path for _, path, _ in planned], cache, [real for _, _, real in planned]
        )

    def finish(self) -> Catalog:
        """The catalog: valid quizzes by title, broken files apart (the cache saved if allowed)."""
        by_id: dict[str, CatalogEntry] = {}
        broken: list[BrokenFile] = []
        for (source, path), (outcome, _) in zip(self.planned, self.checks.finish(), strict=True):
            if outcome.info is None:
                broken.append(BrokenFile(path, source, outcome.problems))
                continue
            previous = by_id.get(outcome.info.id)
            shadows = [*previous.shadows, previous.path] if previous else []
            # (a cached warning carries the file's real path: show the one listed)
            # and only its warnings: a note (a step never saved, by design) is not counted
            warnings = [
                w._replace(path=str(path)) for w in outcome.problems if w.severity == "warning"
            ]
            by_id[outcome.info.id] = CatalogEntry(outcome.info, path, source, shadows, warnings)
        if self.cache is not None:
            self.cache.save()
        entries = sorted(by_id.values(), key=lambda e: (e.title.lower(), e.id))
        return Catalog(entries, broken)

    def abandon(self) -> None:
        self.checks.abandon()


def plan_catalog(
    extra_dirs: Sequence[Path] = (), *, use_cache: bool = True, write_cache: bool = False
) -> CatalogPlan:
    """Find every quiz file now and start checking them; `finish()` gives the Catalog.

    The app plans before it loads Textual: with a few hundred files, a helper
    process checks them while the first frame is drawn.
    """
    cache = QuizCache(write=write_cache) if use_cache else None
    sources = [("built-in", locations.builtin_quiz_dir()), ("user", locations.user_quiz_dir())]
    sources += [("env", p) for p in locations.extra_quiz_paths()]
    sources += [("extra", Path(p)) for p in extra_dirs]
    seen: set[Path] = set()
    planned: list[tuple[str, Path, Path]] = []
    for source, where in sources:  # in rising precedence
        for path, resolved in quiz_files_resolved(where):
            if resolved in seen:
                continue
            seen.add(resolved)
            planned.append((source, path, resolved))
    return CatalogPlan(planned, cache)


def load_catalog(
    extra_dirs: Sequence[Path] = (), *, use_cache: bool = True, write_cache: bool = False
) -> Catalog:
    """Every quiz from every source; broken files apart. Never raises for a bad file.

    The cache is read when present but written only when asked (`write_cache`):
    the app never writes it, so taking a quiz leaves nothing on disk. The
    authoring commands (`list`, `validate`) do.
    """
    return plan_catalog(extra_dirs, use_cache=use_cache, write_cache=write_cache).finish()
