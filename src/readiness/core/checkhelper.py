"""Checking many quiz files with a second CPU: one helper process reads from the end.

Checking a file is CPU work under the GIL, so a thread cannot share it. When
there are many files to check (a counsellor's folder of a few hundred) and the
machine has a spare CPU, a helper process checks files from the end of the list
while this process checks them from the start; the two meet in the middle, and
the helper is stopped. Nothing waits on the helper: if it cannot start, dies,
or says something odd, this process simply checks every file itself, so the
outcome is always the same as checking them one by one.

The helper writes nothing to disk and prints one JSON line per file (its index,
then the listing facts or the problems) on a pipe; its standard error is
discarded, so it can never draw over the app's screen. It runs this same source
tree (`sys.path` is set to it) and stops when its parent is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from readiness.core.problems import TYPE_CHECKING, Problem, QuizFileError
from readiness.core.quizcache import CachedOutcome, QuizInfo

if TYPE_CHECKING:
    from typing import Any

# Below this many files the helper's start (an interpreter and the loader's
# imports, roughly the time to check 30 files) costs more than it saves.
MIN_FILES_FOR_HELPER = 40
_ENV_OFF = "READINESS_NO_HELPER"  # set to anything to check in this process only


def spare_cpus() -> int:
    """CPUs this process may run on, less the one it uses."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    return count - 1


def helper_command() -> list[str] | None:
    """How to start the helper, or None where a helper is not possible (a frozen app)."""
    if getattr(sys, "frozen", False) or not sys.executable:
        return None
    source_root = str(Path(__file__).resolve().parents[2])
    code = f"import sys; sys.path.insert(0, {source_root!r}); from readiness.core.checkhelper import main; main()"
    return [sys.executable, "-P", "-c", code]


def check_one(path: Path) -> tuple[CachedOutcome, Any]:
    """One file's verdict (for a valid file its warnings, if any), and None where a quiz
    to take would be: checking does not make its expressions ready (it loads on first use)."""
    from readiness.core.loader import check_quiz, quiz_warnings

    try:
        quiz = check_quiz(path)
    except QuizFileError as exc:
        return CachedOutcome(None, exc.problems), None
    info = QuizInfo(
        quiz.id, quiz.title, quiz.summary, quiz.minutes, len(quiz.questions), quiz.version
    )
    return CachedOutcome(info, quiz_warnings(quiz)), None


def start_helper(paths: Sequence[Path]) -> Helper | None:
    """A helper checking `paths` from the end, when that pays here; else None."""
    if len(paths) < MIN_FILES_FOR_HELPER or spare_cpus() < 1 or os.environ.get(_ENV_OFF):
        return None
    import subprocess

    command = helper_command()
    if command is None:
        return None
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except (OSError, ValueError):
        return None
    try:
        assert process.stdin is not None
        process.stdin.write(json.dumps([str(p) for p in paths], ensure_ascii=True).encode("ascii"))
        process.stdin.close()
    except (OSError, ValueError):  # it died before taking the list: never leave it behind
        with contextlib.suppress(OSError):
            process.kill()
        process.wait()
        return None
    return Helper(process, len(paths))


def check_files(
    paths: Sequence[Path], helper: Helper | None = None
) -> list[tuple[CachedOutcome, Any]]:
    """Every file's verdict, in order. `helper` (from `start_helper` for these same
    paths, perhaps started a while ago) takes files from the end; one is started
    here when none is given and it pays."""
    if helper is None:
        helper = start_helper(paths)
    if helper is None:
        return [check_one(path) for path in paths]
    checked: list[tuple[CachedOutcome, Any]] = []
    try:
        while len(checked) < len(paths) - helper.done_from_end():
            checked.append(check_one(paths[len(checked)]))
    finally:
        helper.stop()
    # The helper's answers for the rest; anything it claimed but did not deliver is checked here.
    for index in range(len(checked), len(paths)):
        outcome = helper.outcomes.get(index)
        checked.append(check_one(paths[index]) if outcome is None else (outcome, None))
    return checked


class Helper:
    """The helper process and a thread that collects its answers as they come."""

    def __init__(self, process: Any, count: int) -> None:
        import threading  # only with a helper: `validate FILE` never needs it

        self.process = process
        self.count = count
        self.outcomes: dict[int, CachedOutcome] = {}
        self._contiguous = 0  # answers for the last `_contiguous` files, without a gap
        self._lock = threading.Lock()
        self._reader = threading.Thread(
            target=self._read, name="readiness-check-helper", daemon=True
        )
        self._reader.start()

    def done_from_end(self) -> int:
        with self._lock:
            return self._contiguous

    def _read(self) -> None:
        stream = self.process.stdout
        try:
            for line in stream:
                index, outcome = _decode(line)
                if not 0 <= index < self.count:
                    raise ValueError("index out of range")
                with self._lock:
                    self.outcomes[index] = outcome
                    while self.count - 1 - self._contiguous in self.outcomes:
                        self._contiguous += 1
        except (OSError, ValueError, TypeError, KeyError):
            pass  # a helper that says something odd is simply not listened to any more

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        self._reader.join(timeout=5)
        # A helper that will not die within the time is left to the system.
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)


def _encode(index: int, outcome: CachedOutcome) -> str:
    """One line: the index, the facts (a valid file) and the problems (or its warnings)."""
    info = list(outcome.info) if outcome.info is not None else None
    problems = [list(p) for p in outcome.problems]
    return json.dumps({"i": index, "info": info, "problems": problems}, ensure_ascii=True)


def _decode(line: bytes) -> tuple[int, CachedOutcome]:
    data = json.loads(line)
    index = data["i"]
    if type(index) is not int:
        raise ValueError("index is not a number")
    problems = [
        Problem(str(a), int(b), int(c), str(d), str(e)) for a, b, c, d, e in data["problems"]
    ]
    if data["info"] is not None:
        if any(p.severity != "warning" for p in problems):
            raise ValueError("a valid file with an error")
        return index, CachedOutcome(QuizInfo(*data["info"]), problems)
    if not problems:
        raise ValueError("a broken file with no problem")
    return index, CachedOutcome(None, problems)


def main() -> None:
    """The helper: check the files named on stdin from the last, one JSON line each."""
    paths = json.loads(sys.stdin.buffer.read())
    parent = os.getppid()
    out = sys.stdout
    for index in range(len(paths) - 1, -1, -1):
        if os.getppid() != parent:
            return  # the app is gone: stop at once
        outcome, _ = check_one(Path(paths[index]))
        out.write(_encode(index, outcome) + "\n")
        out.flush()
