"""Every quiz a person can take, from every place quizzes live.

Sources, in rising precedence: built-in quizzes, the user's quiz folder,
READINESS_QUIZ_PATH, and folders given with --quiz-dir. When two files share an
id the later source wins and remembers which file it shadows. A broken file is
listed apart and never hides the valid ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from readiness import locations
from readiness.core.loader import load_quiz
from readiness.core.model import Quiz
from readiness.core.problems import Problem, QuizFileError

QUIZ_SUFFIXES = (".yaml", ".yml")


@dataclass
class CatalogEntry:
    quiz: Quiz
    path: Path
    source: str  # "built-in" | "user" | "env" | "extra"
    shadows: list[Path] = field(default_factory=list)

    @property
    def question_count(self) -> int:
        return len(self.quiz.questions)


@dataclass(frozen=True)
class BrokenFile:
    path: Path
    source: str
    problems: list[Problem]

    @property
    def first_error(self) -> str:
        return str(self.problems[0]) if self.problems else f"{self.path}: error: unreadable"


@dataclass
class Catalog:
    entries: list[CatalogEntry]
    broken: list[BrokenFile]

    def find(self, quiz_id: str) -> CatalogEntry | None:
        return next((e for e in self.entries if e.quiz.id == quiz_id), None)


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


def load_catalog(extra_dirs: Sequence[Path] = (), *, loader=load_quiz) -> Catalog:
    """Read every source. `loader` can be swapped for a cached one."""
    by_id: dict[str, CatalogEntry] = {}
    broken: list[BrokenFile] = []
    seen: set[Path] = set()
    for source, where in catalog_sources(extra_dirs):
        for path in quiz_files(where):
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            try:
                quiz = loader(path)
            except QuizFileError as exc:
                broken.append(BrokenFile(path, source, exc.problems))
                continue
            previous = by_id.get(quiz.id)
            shadows = [*previous.shadows, previous.path] if previous else []
            by_id[quiz.id] = CatalogEntry(quiz, path, source, shadows)
    entries = sorted(by_id.values(), key=lambda e: (e.quiz.title.lower(), e.quiz.id))
    return Catalog(entries, broken)
