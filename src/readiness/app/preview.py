"""`readiness preview FILE`: the app on one quiz file, reloaded whenever the file is saved.

The watch polls the file's size, mtime and inode (no new dependency, no
threads): when they change, the file is loaded again. A good load replaces the
quiz and keeps the answers whose questions are still there and still fit; a
broken one keeps the last good quiz in use and shows the problems
(PATH:LINE:COL: error: ...) in a panel until a save fixes them. Nothing is ever
saved in preview.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from readiness.app import services
from readiness.app.bars import Footer
from readiness.app.base import FlowScreen, plain

POLL_SECONDS = 0.5

Signature = tuple[int, int, int] | None


def file_signature(path: Path) -> Signature:
    """What changes when the file is saved: (mtime in ns, size, inode); None when it cannot be seen."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def carry_answers(quiz: services.Quiz, answers: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The answers that still fit the reloaded quiz, and the ids of those set aside.

    An answer is kept when its question is still there, still shown, and the
    answer is still one of its choices (a ticked option that was removed is
    untied from a multi answer; if none of its ticks is left, it goes).
    """
    fitted: dict[str, Any] = {}
    for qid, value in answers.items():
        question = quiz.question(qid)
        if question is None:
            continue
        if question.type == "multi" and isinstance(value, list):
            ids = {option.id for option in question.options or ()}
            still = [v for v in value if v in ids]
            if value and not still:
                continue
            value = still
        fitted[qid] = value
    kept = dict(services.prune_answers(quiz, fitted))
    dropped = [qid for qid in answers if qid not in kept]
    return kept, dropped


@dataclass
class Watch:
    """The file, the last good quiz from it, and the problems of the latest save (if broken)."""

    path: Path
    quiz: services.Quiz | None = None
    loaded_at: datetime | None = None
    problems: list[str] = field(default_factory=list)
    signature: Signature = None
    checked: bool = False

    @property
    def name(self) -> str:
        return self.path.name

    def poll(self, *, force: bool = False) -> str:
        """Look at the file: 'unchanged', 'reloaded' (a new good quiz), 'broken' (new problems)
        or 'same' (saved again with the same content or the same problems)."""
        signature = file_signature(self.path)
        if self.checked and signature == self.signature and not force:
            return "unchanged"
        self.checked = True
        self.signature = signature
        try:
            quiz = services.load_quiz(self.path)
        except services.QuizFileError as exc:
            problems = [str(p) for p in exc.problems] or [f"{self.path}:1:1: error: the file could not be read"]
            if problems == self.problems:
                return "same"
            self.problems = problems
            return "broken"
        was_broken = bool(self.problems)
        self.problems = []
        if self.quiz is not None and quiz.sha256 == self.quiz.sha256 and not was_broken:
            return "same"
        self.quiz = quiz
        self.loaded_at = services.now()
        return "reloaded"


# --------------------------------------------------------------------- screens


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class PreviewScreen(FlowScreen):
    """The bottom of the preview: which file, how it loaded, and the way into the quiz."""

    BINDINGS = [
        Binding("enter", "start", "To the quiz", key_display="↵"),
        Binding("c", "start_over", "Clear answers"),
        Binding("f1", "app.help", "Help"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="page"):
            yield Static("", id="preview-title", classes="title")
            yield Static(
                f"Watching {plain(str(self.rapp.preview_watch_path()))}. Save it in your editor and the quiz "
                "reloads here; answers to questions that are still there are kept. "
                "Nothing is saved in preview.",
                classes="note",
            )
            yield Static("", id="preview-status")
            yield Static("", id="preview-keys", classes="muted preview-keys")
        yield Footer(compact=True)

    def on_mount(self) -> None:  # FlowScreen's on_mount runs too (Textual calls each class's)
        self.title = self.rapp.preview_watch_path().name
        self.query_one("#page").focus()
        self.rapp.check_preview()
        self.refresh_status()
        self.rapp.start_preview_watch()

    def refresh_status(self) -> None:
        watch = self.rapp.preview
        if watch is None or not self.query("#preview-status"):
            return  # not composed yet: on_mount fills it in
        quiz = watch.quiz
        run = self.rapp.preview_run
        title = f"Preview: {plain(quiz.title)}" if quiz is not None else f"Preview: {plain(watch.name)}"
        self.query_one("#preview-title", Static).update(title)
        lines: list[str] = []
        if watch.problems:
            lines.append(
                f"[b]The last save has {_count(len(watch.problems), 'problem')}[/b] (p shows "
                f"{'it' if len(watch.problems) == 1 else 'them'}). Fix the file and save it again."
            )
            if quiz is not None and watch.loaded_at is not None:
                lines.append(f"The last good version (loaded at {watch.loaded_at:%H:%M:%S}) is still in use.")
            else:
                lines.append("There is no good version to show yet.")
        elif quiz is not None and watch.loaded_at is not None:
            lines.append(
                f"Loaded at {watch.loaded_at:%H:%M:%S}: {_count(len(quiz.questions), 'question')}, "
                f"{_count(len(quiz.dimensions), 'dimension')}, {_count(len(quiz.next_steps), 'next step')}."
            )
        if run is not None and quiz is not None:
            visible = run.visible()
            answered = sum(1 for q in visible if q.id in run.answers)
            lines.append(f"Answered so far: {answered} of {len(visible)} shown.")
        self.query_one("#preview-status", Static).update("\n".join(lines))
        keys = "Enter goes to the quiz · c clears the answers (and the safety check) · ctrl+q quits"
        self.query_one("#preview-keys", Static).update(keys if quiz is not None else "ctrl+q quits")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "start_over"):
            return self.rapp.preview_run is not None
        return True

    def action_start(self) -> None:
        run = self.rapp.preview_run
        if run is None:
            return
        if run.answers:
            self.rapp.review(run)
        else:
            self.rapp.open_quiz(run.quiz)

    def action_start_over(self) -> None:
        run = self.rapp.preview_run
        if run is None:
            return
        run.answers.clear()
        self.rapp.safety_state = None
        self.notify("Answers cleared; the safety check will be asked again.", title="Start over")
        self.refresh_status()


class PreviewProblemsScreen(ModalScreen[None]):
    """The problems of the latest save, over the last good version."""

    BINDINGS = [
        Binding("ctrl+q", "app.quick_exit", "Quick exit", priority=True),
        Binding("escape,enter,p,backspace", "close", "Close", key_display="esc"),
    ]

    def __init__(self, watch: Watch) -> None:
        super().__init__()
        self.watch_ = watch

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="preview-problems-dialog"):
            yield Static("", id="preview-problems-title", classes="title")
            yield Static("", id="preview-problems-about", classes="muted")
            with VerticalScroll(id="preview-problems-scroll"):
                yield Static("", id="problems", classes="problems")
            yield Static("Esc closes · ctrl+q quick exit", classes="dialog-keys")

    def on_mount(self) -> None:
        self.update_problems()
        self.query_one("#preview-problems-scroll").focus()

    def update_problems(self) -> None:
        watch = self.watch_
        n = len(watch.problems)
        self.query_one("#preview-problems-title", Static).update(
            f"{plain(watch.name)} has {_count(n, 'problem')}"
        )
        if watch.quiz is not None:
            about = (
                "The last good version is still in use: Esc closes this and you can go on with it. "
                "Fix the file and save; this goes away and the quiz reloads."
            )
        else:
            about = "There is nothing to show until the file loads. Fix it and save; the quiz opens by itself."
        self.query_one("#preview-problems-about", Static).update(about)
        self.query_one("#problems", Static).update("\n".join(plain(p) for p in watch.problems))

    def on_screen_resume(self) -> None:
        if not self.watch_.problems:  # fixed while something else covered the panel
            self.call_later(self.dismiss, None)

    def action_close(self) -> None:
        self.dismiss(None)
