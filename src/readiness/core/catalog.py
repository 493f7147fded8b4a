"""Every quiz a person can take, from every place quizzes live.

Sources, in rising precedence: built-in quizzes, the user's quiz folder,
READINESS_QUIZ_PATH, and folders given with --quiz-dir. When two files share an
id the later source wins and remembers which file it shadows. A broken file is
listed apart and never hides the valid ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from readiness import locations
from readiness.core.problems import TYPE_CHECKING, NamedTuple, Problem, QuizFileError, printable
from readiness.core.quizcache import CachedOutcome, QuizCache, QuizInfo, file_key

if TYPE_CHECKING:  # the loader pulls in pydantic: import it only when a file needs checking
    from typing import Any

    from readiness.core.model import Quiz

QUIZ_SUFFIXES = (".yaml", ".yml")


class CatalogEntry:
    """One listed quiz. Its facts come from the cache; the full quiz loads on first use."""

    def __init__(self, info: QuizInfo, path: Path, source: str, shadows: list[Path] | None = None,
                 quiz: Quiz | None = None) -> None:
        self.info = info
        self.path = path
        self.source = source  # "built-in" | "user" | "env" | "extra"
        self.shadows = shadows or []
        self._quiz = quiz

    @property
    def quiz(self) -> Quiz:
        """The whole quiz (loaded now if only its facts were cached). Raises QuizFileError."""
        if self._quiz is None:
            from readiness.core.loader import load_quiz

            self._quiz = load_quiz(self.path)
        return self._quiz

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def summary(self) -> str:
        return self.info.summary

    @property
    def minutes(self) -> int | None:
        return self.info.minutes

    @property
    def question_count(self) -> int:
        return self.info.question_count


class BrokenFile(NamedTuple):
    """A quiz file that does not load, with every reason (a named tuple: no `dataclasses`
    import when the catalog comes from the cache)."""

    path: Path
    source: str
    problems: list[Problem]

    @property
    def first_error(self) -> str:
        return str(self.problems[0]) if self.problems else printable(f"{self.path}: error: unreadable")


class Catalog:
    """Valid quizzes (sorted by title) and broken files apart."""

    def __init__(self, entries: list[CatalogEntry], broken: list[BrokenFile]) -> None:
        self.entries = entries
        self.broken = broken

    def __repr__(self) -> str:
        return f"Catalog(entries={self.entries!r}, broken={self.broken!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return (self.entries, self.broken) == (other.entries, other.broken)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def find(self, quiz_id: str) -> CatalogEntry | None:
        return next((e for e in self.entries if e.id == quiz_id), None)


def quiz_files(folder_or_file: Path) -> list[Path]:
    """The quiz files in a folder (sorted, not recursive), or the file itself."""
    if folder_or_file.is_file():
        return [folder_or_file]
    if not folder_or_file.is_dir():
        return []
    try:
        return sorted(
            p for p in folder_or_file.iterdir() if p.suffix.lower() in QUIZ_SUFFIXES and not p.name.startswith(".")
        )
    except OSError:
        return []


def catalog_sources(extra_dirs: Iterable[Path] = ()) -> list[tuple[str, Path]]:
    """(source name, folder or file) in rising precedence."""
    sources = [("built-in", locations.builtin_quiz_dir()), ("user", locations.user_quiz_dir())]
    sources += [("env", p) for p in locations.extra_quiz_paths()]
    sources += [("extra", Path(p)) for p in extra_dirs]
    return sources


def info_of(quiz: Any) -> QuizInfo:
    """Listing facts of a Quiz (or of the loader's QuizFacts, which has the same fields)."""
    return QuizInfo(quiz.id, quiz.title, quiz.summary, quiz.minutes, len(quiz.questions), quiz.version)


def check_file(path: Path, cache: QuizCache | None = None) -> tuple[CachedOutcome, Quiz | None]:
    """Validate one file, or take the verdict from the cache when the file is unchanged.

    The verdict comes from `check_quiz`, which skips pydantic when it can; the Quiz
    is returned only when one was built anyway (else it loads on first use).
    """
    key = file_key(path)
    resolved = path.resolve() if cache is not None else path
    if cache is not None:
        hit = cache.get(resolved, key)
        if hit is not None:
            return hit, None
    from readiness.core.loader import QuizFacts, check_quiz

    quiz: Any
    try:
        quiz = check_quiz(path)
    except QuizFileError as exc:
        outcome = CachedOutcome(None, exc.problems)
        quiz = None
    else:
        outcome = CachedOutcome(info_of(quiz), [])
        if isinstance(quiz, QuizFacts):
            quiz = None
    if cache is not None:
        cache.put(resolved, key, outcome)
    return outcome, quiz


def load_catalog(extra_dirs: Sequence[Path] = (), *, use_cache: bool = True, write_cache: bool = False) -> Catalog:
    """Every quiz from every source; broken files apart. Never raises for a bad file.

    The cache is read when present but written only when asked (`write_cache`):
    the app never writes it, so taking a quiz leaves nothing on disk. The
    authoring commands (`list`, `validate`) do.
    """
    cache = QuizCache(write=write_cache) if use_cache else None
    by_id: dict[str, CatalogEntry] = {}
    broken: list[BrokenFile] = []
    seen: set[Path] = set()
    for source, where in catalog_sources(extra_dirs):
        for path in quiz_files(where):
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            outcome, quiz = check_file(path, cache)
            if outcome.info is None:
                broken.append(BrokenFile(path, source, outcome.problems))
                continue
            previous = by_id.get(outcome.info.id)
            shadows = [*previous.shadows, previous.path] if previous else []
            by_id[outcome.info.id] = CatalogEntry(outcome.info, path, source, shadows, quiz)
    if cache is not None:
        cache.save()
    entries = sorted(by_id.values(), key=lambda e: (e.title.lower(), e.id))
    return Catalog(entries, broken)
