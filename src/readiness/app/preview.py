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
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from readiness.app import services
from readiness.app.bars import Footer
from readiness.app.base import FlowScreen, plain
from readiness.app.main import PREVIEW_NOTE

if TYPE_CHECKING:
    from readiness.app.main import ReadinessApp
    from readiness.app.session import QuizRun

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
    untied from a multi answer; if none of its ticks is left, or an exclusive one is
    ticked with others, it goes).
    """
    fitted: dict[str, Any] = {}
    for qid, value in answers.items():
        question = quiz.question(qid)
        if question is None:
            continue
        if question.type == "multi" and isinstance(value, list):
            ids = {option.id for option in question.options or ()}
            still = [v for v in value if v in ids]
            if (value and not still) or question.exclusive_clash(still):
                continue  # (an option made exclusive since: the ticks no longer fit together)
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
    warnings: list[str] = field(default_factory=list)
    """What the panel shows for the last good version, as `validate` prints it: its warnings
    (valid, but worth a look) and its notes (a step never saved, by design), by line."""
    warning_count: int = 0
    """How many of those are warnings: the notes are shown, never counted."""
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
            problems = [str(p) for p in exc.problems] or [
                f"{self.path}:1:1: error: the file could not be read"
            ]
            if problems == self.problems:
                return "same"
            self.problems = problems
            return "broken"
        was_broken = bool(self.problems)
        self.problems = []
        if self.quiz is not None and quiz.sha256 == self.quiz.sha256 and not was_broken:
            return "same"
        self.quiz = quiz
        self.warnings = [str(w) for w in quiz.compiled.warnings]
        self.warning_count = sum(1 for w in quiz.compiled.warnings if w.severity == "warning")
        self.loaded_at = services.now()
        return "reloaded"


class Preview:
    """One preview: the watch on the file, the run it feeds, and where to come back after a reload.

    The app holds one (`ReadinessApp.preview`) only in preview; every screen
    that needs it asks the app for it. Nothing here is saved.
    """

    def __init__(self, app: ReadinessApp, path: Path, poll: float | None = None) -> None:
        self.app = app
        self.watch = Watch(path)
        self.poll_seconds = POLL_SECONDS if poll is None else poll
        self.run: QuizRun | None = None
        self.stale = False
        """The file was reloaded while a panel covered the screen: show it again once uncovered."""
        self._opened = False
        self._timer: Any = None
        self._scroll: tuple[type, str | None, float] | None = None

    def start(self) -> None:
        self.app.push_screen(PreviewScreen())  # its mount looks at the file, then starts the watch

    def start_watch(self) -> None:
        if self._timer is None and self.poll_seconds > 0:
            self._timer = self.app.set_interval(self.poll_seconds, self.check, name="preview-watch")

    def check(self, *, force: bool = False) -> str:
        """Look at the previewed file and act on a change; returns what the watch saw.

        Called every half second; tests call it directly after writing the file.
        """
        outcome = self.watch.poll(force=force)
        if outcome == "reloaded":
            self._reloaded()
        elif outcome == "broken":
            self.show_problems()
        self._status()
        return outcome

    def _status(self) -> None:
        n, k = len(self.watch.problems), self.watch.warning_count
        if n:
            self.app.sub_title = f"Preview: {_count(n, 'problem')}, p shows"
        elif k:
            self.app.sub_title = f"Preview: {_count(k, 'warning')}, p shows"
        else:
            self.app.sub_title = PREVIEW_NOTE
        for screen in self.app.screen_stack:
            if isinstance(screen, PreviewScreen):
                screen.refresh_status()
        self.app.refresh_bindings()

    def show_problems(self) -> None:
        """The problems panel, unless it is open already (p, or a save that broke the file)."""
        for screen in self.app.screen_stack:
            if isinstance(screen, PreviewProblemsScreen):
                screen.update_problems()
                return
        self.app.push_screen(PreviewProblemsScreen(self.watch))

    def _reloaded(self) -> None:
        """A good save: the new quiz in the same run, fitting answers kept, the panel gone."""
        from readiness.app.session import QuizRun

        watch = self.watch
        quiz = watch.quiz
        assert quiz is not None
        if self.run is None:
            self.run = QuizRun(quiz)
        else:
            run = self.run
            old = run.quiz
            run.answers, dropped = carry_answers(quiz, run.answers)
            run.quiz = quiz
            labels = [(q.label if (q := old.question(qid)) else qid) for qid in dropped]
            kept = len(run.answers)
            message = f"Kept {kept} answer{'s' if kept != 1 else ''}."
            if labels:
                message += f" Set aside (question gone, hidden, or answer no longer fits): {'; '.join(labels)}."
            if watch.warning_count:
                message += f" {_count(watch.warning_count, 'warning')}: p shows them."
            self.app.notify(message, title=f"Reloaded {watch.name}", timeout=6)
        if isinstance(self.app.screen, PreviewProblemsScreen):
            self.stale = True
            self.app.pop_screen()
            return
        self.refresh_screen()

    def refresh_screen(self) -> None:
        """Show the current place again with the reloaded quiz (after any panel on top is closed)."""
        from readiness.app.intro_screens import IntroScreen
        from readiness.app.question_screen import QuestionScreen
        from readiness.app.results_screen import ResultsScreen
        from readiness.app.review_screen import ReviewScreen

        app, run, screen = self.app, self.run, self.app.screen
        if run is None:
            return
        if isinstance(screen, ModalScreen):
            self.stale = True
            return
        self.stale = False
        try:  # come back to the same place on a long page
            where = screen.query_one("#page").scroll_y
        except Exception:
            where = 0
        self._scroll = (type(screen), getattr(screen, "qid", None), where)
        if isinstance(screen, PreviewScreen):
            screen.refresh_status()
            if not self._opened:  # the first good version: straight into it
                self._opened = True
                app.open_quiz(run.quiz)
        elif isinstance(screen, IntroScreen):
            app.go(IntroScreen(run))
        elif isinstance(screen, QuestionScreen):
            if screen.run is not run:
                return  # the safety check: its own questions, not the file's
            if run.is_visible(screen.qid):
                app.ask(run, screen.qid, from_review=screen.from_review)
            else:
                pending = run.next_unanswered()
                if pending is not None:
                    app.ask(run, pending.id)
                else:
                    app.review(run)
        elif isinstance(screen, ReviewScreen):
            app.review(run, came_from=screen.came_from)
        elif isinstance(screen, ResultsScreen):
            if run.missing():
                app.review(run)
            else:
                app.show_results(run)

    def scroll_for(self, screen: Screen[Any]) -> float | None:
        """Where a screen rebuilt after a reload should scroll to (once), if it is the same place."""
        if self._scroll is None:
            return None
        kind, qid, where = self._scroll
        self._scroll = None
        if type(screen) is kind and getattr(screen, "qid", None) == qid and where:
            return where
        return None


# --------------------------------------------------------------------- screens


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class PreviewScreen(FlowScreen):
    """The bottom of the preview: which file, how it loaded, and the way into the quiz."""

    @property
    def preview(self) -> Preview:
        preview = self.rapp.preview
        assert preview is not None  # this screen is shown only in preview
        return preview

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
                f"Watching {plain(str(self.preview.watch.path))}. Save it in your editor and the quiz "
                "reloads here; answers to questions that are still there are kept. "
                "Nothing is saved in preview.",
                classes="note",
            )
            yield Static("", id="preview-status")
            yield Static("", id="preview-keys", classes="muted preview-keys")
        yield Footer(compact=True)

    def on_mount(self) -> None:  # FlowScreen's on_mount runs too (Textual calls each class's)
        self.title = self.preview.watch.name
        self.query_one("#page").focus()
        self.preview.check()
        self.refresh_status()
        self.preview.start_watch()

    def refresh_status(self) -> None:
        watch = self.preview.watch
        if not self.query("#preview-status"):
            return  # not composed yet: on_mount fills it in
        quiz = watch.quiz
        run = self.preview.run
        title = quiz.title if quiz is not None else watch.name
        self.query_one("#preview-title", Static).update(f"Preview: {plain(title)}")
        lines: list[str] = []
        if watch.problems:
            lines.append(
                f"[b]The last save has {_count(len(watch.problems), 'problem')}[/b] (p shows "
                f"{'it' if len(watch.problems) == 1 else 'them'}). Fix the file and save it again."
            )
            if quiz is not None and watch.loaded_at is not None:
                lines.append(
                    f"The last good version (loaded at {watch.loaded_at:%H:%M:%S}) is still in use."
                )
            else:
                lines.append("There is no good version to show yet.")
        elif quiz is not None and watch.loaded_at is not None:
            lines.append(
                f"Loaded at {watch.loaded_at:%H:%M:%S}: {_count(len(quiz.questions), 'question')}, "
                f"{_count(len(quiz.dimensions), 'dimension')}, {_count(len(quiz.next_steps), 'next step')}."
            )
            if watch.warning_count:
                lines.append(
                    f"[b]{_count(watch.warning_count, 'warning')}[/b] (p shows "
                    f"{'it' if watch.warning_count == 1 else 'them'}): the file is valid, but "
                    "something in it may not work as you meant."
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
            return self.preview.run is not None
        return True

    def action_start(self) -> None:
        run = self.preview.run
        if run is None:
            return
        if run.answers:
            self.rapp.review(run)
        else:
            self.rapp.open_quiz(run.quiz)

    def action_start_over(self) -> None:
        run = self.preview.run
        if run is None:
            return
        run.answers.clear()
        self.rapp.safety_state = None
        self.notify("Answers cleared; the safety check will be asked again.", title="Start over")
        self.refresh_status()


class PreviewProblemsScreen(ModalScreen[None]):
    """The problems of the latest save, over the last good version."""

    BINDINGS = [
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
        if not n and watch.warnings:  # a valid file: its warnings and notes, marked as such
            k = watch.warning_count
            notes = len(watch.warnings) - k
            counted = " and ".join(
                _count(c, what) for c, what in ((k, "warning"), (notes, "note")) if c
            )
            self.query_one("#preview-problems-title", Static).update(
                f"{plain(watch.name)} has {counted}"
            )
            about = "The file is valid and in use."
            if k:
                about += (
                    " Each warning says what may not work as you meant, at its place, and "
                    "what to do: fix it and save, or Esc to go on."
                )
            if notes:
                about += " A note only tells you how something works (nothing to fix)" + (
                    "." if k else ": Esc to go on."
                )
            self.query_one("#preview-problems-about", Static).update(about)
            self.query_one("#problems", Static).update("\n".join(plain(w) for w in watch.warnings))
            return
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
        if not self.watch_.problems and not self.watch_.warnings:  # fixed meanwhile
            self.call_later(self.dismiss, None)

    def action_close(self) -> None:
        self.dismiss(None)
