"""The Textual application: state for one run, navigation between screens, the quick exit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:  # imported when first needed: none of it is needed for home's first frame
    from textual.notifications import SeverityLevel

    from readiness.app import services
    from readiness.app.preview import Preview
    from readiness.app.question_screen import QuestionScreen
    from readiness.app.session import QuizRun

PRIVATE_NOTE = "Private: saving off"
PREVIEW_NOTE = "Preview: saving off"
QUICK_EXIT_WAIT = 0.5
"""Seconds the quick exit waits, at most, for the quiz checker's helper process to be stopped."""
IDLE_LOCK = 600.0
"""Seconds without a key before protected results are locked again (issue 16)."""


def lock_protected() -> bool:
    """Forget an unlocked protection key, if this process ever loaded protection; True if
    one was held. Never imports `core.protect` (nor pyrage) itself: nothing to lock then."""
    import sys

    protect = sys.modules.get("readiness.core.protect")
    if protect is None:
        return False
    held = getattr(protect, "_current", None) is not None
    protect.lock()
    return held


class ReadinessApp(App[None]):
    """One person, one sitting. Answers live in memory; nothing is written unless they save."""

    CSS_PATH = "readiness.tcss"
    TITLE = "readiness"
    # The palette would offer actions (like screenshots) that write files, and
    # its key would be one more thing to learn. Quick exit is ctrl+q, always.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quick_exit", "Quick exit", priority=True, show=False),
        # What people press by reflex to leave a terminal program: the same quick exit.
        # (Textual's own ctrl+c only says "press ctrl+q to quit"; ours wins, being a priority.)
        Binding("ctrl+c", "quick_exit", "Quick exit", priority=True, show=False),
        Binding("f1", "help", "Help", show=False),
        # F2 in the footer when it fits (80 columns or more; F1's help lists it always). When it
        # does not, this one is off and the key goes on to the hidden one below, which always works.
        Binding("f2", "toggle_theme_shown", "Light/dark"),
        Binding("f2", "toggle_theme", "Light/dark", show=False),
        Binding("p", "preview_problems", "Problems"),  # only in preview: problems or warnings
    ]

    idle_lock = IDLE_LOCK
    """Seconds without a key before protected results are locked (tests make it short)."""

    def __init__(
        self,
        *,
        quiz_id: str | None = None,
        quiz_path: Path | None = None,
        private: bool = False,
        extra_quiz_dirs: tuple[Path, ...] = (),
        clock: Callable[[], datetime] | None = None,
        preview_path: Path | None = None,
        preview_poll: float | None = None,
        catalog_plan: Any = None,
    ) -> None:
        super().__init__()
        # Preview (`readiness preview FILE`): one quiz file, reloaded when saved; never saves.
        self.preview_path = preview_path
        self.preview_poll = preview_poll
        self.preview: Preview | None = None
        private = private or preview_path is not None
        self.start_quiz_id = quiz_id
        self.start_quiz_path = quiz_path
        self.private = private
        self.extra_quiz_dirs = extra_quiz_dirs
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now().astimezone())
        self.catalog: Any = None
        # One line for each READINESS_QUIZ_PATH entry that cannot be read (home shows them).
        self.quiz_path_notes: list[str] = []
        # `core.catalog.plan_catalog`, begun before Textual loaded; home finishes it.
        self.catalog_plan: Any = catalog_plan
        # The safety check is asked at most once per run; its answers are never
        # kept, only the two booleans that came out of them.
        self.safety_state: services.SafetyState | None = None
        self._safety_info: services.SafetyInfo | None = None
        self.share_note_seen = False
        self.saved: list[services.Saved] = []
        self._prepared: QuestionScreen | None = None
        self._last_key = 0.0
        self._idle_timer: Any = None
        """The next question's screen, built while the person reads the current one."""
        if private:
            self.sub_title = PREVIEW_NOTE if preview_path is not None else PRIVATE_NOTE
        # config.toml (read once per process: the command line has read it already).
        from readiness.core import config

        self.settings, _problems = config.current_config()  # the command line printed them
        # The neutral face: the title line and the terminal's title say only this name.
        self.neutral_name = self.settings.neutral_name if preview_path is None else None
        if self.neutral_name:
            self.title = self.neutral_name
        theme = config.start_theme(self.settings)
        if theme is not None and theme in self.available_themes:
            self.theme = theme

    # ---------------------------------------------------------------- start
    def on_mount(self) -> None:
        if self.preview_path is not None:
            from readiness.app.preview import Preview

            self.preview = Preview(self, self.preview_path, self.preview_poll)
            self.preview.start()
            return
        if self.neutral_name:
            from readiness.app.neutral_screen import NeutralScreen

            self.set_window_title(self.neutral_name)
            self.push_screen(NeutralScreen(self.neutral_name))
            return
        from readiness.app.home import HomeScreen

        self.push_screen(HomeScreen())

    def set_window_title(self, title: str) -> None:
        """Name the terminal window (OSC 2), so a neutral name hides what many terminals
        show by themselves: the command that is running. Textual sets no window title."""
        from readiness.core.textsafe import terminal_safe

        driver = self._driver
        if driver is not None and not driver.is_headless:
            driver.write(f"\x1b]2;{terminal_safe(title)}\x07")

    # ------------------------------------------------------------ quick exit
    def action_quick_exit(self) -> None:
        """Leave at once: no prompt, nothing written, nothing kept.

        On a real terminal the process ends here, as soon as the terminal is given
        back: Textual's own exit waits for every worker thread (a read stuck on a
        slow disk kept the process alive for half a minute after the screen had
        cleared) and unmounts every widget first. So the terminal is restored,
        the quiz checker is told to stop (waiting a moment at most), and the
        process ends with `os._exit`, whatever threads are doing: nothing runs
        after it, so nothing can be written. Under tests (headless) the app exits
        as any app does, so tests can look at it afterwards.
        """
        self.safety_state = None
        self._safety_info = None
        lock_protected()
        driver = self._driver
        if driver is None or self.is_headless:
            self.abandon_catalog_plan()
            self.exit()
            return
        try:
            driver.stop_application_mode()  # the terminal as it was: screen, cursor, modes
            driver.close()  # what is left to write to it, written
        finally:
            import threading

            stopper = threading.Thread(target=self.abandon_catalog_plan, daemon=True)
            stopper.start()
            stopper.join(QUICK_EXIT_WAIT)
            self.end_process(0)

    @staticmethod
    def end_process(status: int) -> None:
        """End the process now (a test puts something else here)."""
        import os

        os._exit(status)

    def abandon_catalog_plan(self) -> None:
        """Stop any quiz checking still under way (its helper process, if any)."""
        plan, self.catalog_plan = self.catalog_plan, None
        if plan is not None:
            plan.abandon()

    def on_unmount(self) -> None:
        self.abandon_catalog_plan()

    async def action_quit(self) -> None:  # anything that asks to quit gets the quick exit
        self.action_quick_exit()

    def _fatal_error(self) -> None:
        """A crash says where it happened, never what was in memory: Textual's own report
        shows every local variable (saved titles, scores, answers) on the terminal.
        READINESS_TRACEBACK=1 shows the full traceback, still without locals."""
        import os
        import traceback

        from rich.segment import Segments
        from rich.text import Text
        from rich.traceback import Traceback

        self.bell()
        error = self._exception
        if os.environ.get("READINESS_TRACEBACK") == "1":
            shown: Any = Traceback(show_locals=False, width=None)
        else:
            where = traceback.extract_tb(error.__traceback__)[-1] if error is not None else None
            place = f" in {os.path.basename(where.filename)}:{where.lineno}" if where else ""
            kind = type(error).__name__ if error is not None else "an error"
            shown = Text(
                f"readiness: internal error ({kind}{place}); please report it. "
                "Nothing was saved that you did not ask to save."
            )
        self._exit_renderables.append(Segments(self.console.render(shown, self.console.options)))
        self._close_messages_no_wait()

    # ------------------------------------------------------------ idle lock
    @staticmethod
    def idle_clock() -> float:
        """Seconds on a monotonic clock, for the idle lock (a test gives its own)."""
        import time

        return time.monotonic()

    def note_unlocked(self) -> None:
        """Protected results were just unlocked: lock them again after `idle_lock` seconds
        without a key anywhere in the app."""
        self._last_key = self.idle_clock()
        if self._idle_timer is None:
            self._idle_timer = self.set_interval(min(30.0, self.idle_lock / 4), self._check_idle)

    async def on_event(self, event: Any) -> None:
        from textual import events

        if isinstance(event, events.Key) and self._idle_timer is not None:
            self._last_key = self.idle_clock()
        await super().on_event(event)

    def _check_idle(self) -> None:
        if self.idle_clock() - self._last_key < self.idle_lock:
            return
        timer, self._idle_timer = self._idle_timer, None
        if timer is not None:
            timer.stop()
        if lock_protected():
            self.lock_screens()

    def lock_screens(self) -> None:
        """After the idle lock: back to the first screen (every dialog and saved result
        closed), so nothing that was unlocked stays on the screen."""
        self.go_home()
        if self.neutral_name:  # the neutral face again, until a key is pressed
            from readiness.app.neutral_screen import NeutralScreen

            self.push_screen(NeutralScreen(self.neutral_name))
            return  # no notice: its words would come before a key is pressed
        self.notify(
            "Locked after 10 minutes without a key. Your saved results need your passphrase again.",
            title="Locked",
            timeout=15,
        )

    # ------------------------------------------------------------ notices
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice of the app, screens' and widgets' included, comes through here.

        Notices name files and quote what is in them (a quiz title, a store's
        message with a path), so each is shown as plain text (never read as
        markup) with anything that could act on the terminal shown visibly.
        """
        from readiness.core.textsafe import terminal_safe

        super().notify(
            terminal_safe(str(message), multiline=True),
            title=terminal_safe(str(title)),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # ------------------------------------------------------------ app keys
    def action_help(self) -> None:
        from readiness.app.modals import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
        self.save_theme()

    def save_theme(self) -> None:
        """Keep the chosen theme in config.toml for the next start (never when private,
        where nothing is written, nor in preview). A problem is said, never raised."""
        if self.private or self.preview_path is not None:
            return
        from readiness.core import config

        problem = config.save_theme(self.theme)
        if problem is not None:
            self.notify(problem, title="Theme not kept", severity="warning", timeout=8)

    def action_toggle_theme_shown(self) -> None:
        self.action_toggle_theme()

    def footer_has_room_for_theme(self) -> bool:
        """F2 in the footer only where every other key still fits beside it."""
        if self.size.width < 80 or self.preview_path is not None:
            return False
        return bool(getattr(self.screen, "footer_room_for_theme", True))

    def on_resize(self) -> None:
        self.screen.refresh_bindings()

    # ------------------------------------------------------------ navigation
    def go(self, screen: Screen[Any]) -> None:
        """Show a screen of the quiz flow: the flow is one layer above home, switched in place."""
        from readiness.app.home import HomeScreen

        if isinstance(self.screen, HomeScreen) or len(self.screen_stack) <= 2:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def go_home(self) -> None:
        from readiness.app.home import HomeScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def open_quiz(self, quiz: services.Quiz) -> None:
        from readiness.app.intro_screens import IntroScreen
        from readiness.app.session import QuizRun

        preview_run = self.preview.run if self.preview is not None else None
        run = preview_run if preview_run is not None else QuizRun(quiz)
        self.go(IntroScreen(run))

    def ask(self, run: QuizRun, qid: str, *, from_review: bool = False) -> None:
        from readiness.app.question_screen import QuestionScreen

        screen = self._take_prepared(run, qid, from_review=from_review)
        self.go(screen or QuestionScreen(run, qid, from_review=from_review))

    # --------------------------------------------------- the next question, early
    def prepare_question(self, run: QuizRun, qid: str) -> None:
        """Build (compose, mount, style) the screen of question `qid` out of sight.

        Called once the current question is drawn, for the question that comes
        after it, so Enter switches to a screen that only needs laying out and
        drawing. A prepared screen is used only if it still fits when asked for
        (same run, question and answer); otherwise it is dropped and a new one
        built as before. Never in preview, where the quiz itself can change.
        """
        from readiness.app.question_screen import QuestionScreen

        if self.preview_path is not None or self._exit:
            return
        prepared = self._prepared
        if prepared is not None and prepared.fits(run, qid):
            return
        self._drop_prepared()
        screen = QuestionScreen(run, qid)
        # What push_screen does to a screen it has not seen: register it, so it
        # composes and mounts now. It is not on the stack, so it is not shown.
        self._register(self, screen)
        self._prepared = screen

    def _take_prepared(self, run: QuizRun, qid: str, *, from_review: bool) -> QuestionScreen | None:
        prepared = self._prepared
        if prepared is None:
            return None
        if not prepared.fits(run, qid, from_review=from_review) or not prepared.is_running:
            self._drop_prepared()
            return None
        self._prepared = None
        prepared.refresh_progress()
        return prepared

    def _drop_prepared(self) -> None:
        prepared, self._prepared = self._prepared, None
        if prepared is not None and prepared.is_attached:
            prepared.remove()

    def review(self, run: QuizRun, *, came_from: str | None = None) -> None:
        from readiness.app.review_screen import ReviewScreen

        self.go(ReviewScreen(run, came_from=came_from))

    # -------------------------------------------------------------- results
    @property
    def safety_info(self) -> services.SafetyInfo:
        if self._safety_info is None:
            from readiness.app import services

            self._safety_info = services.load_safety()
        return self._safety_info

    def finish(self, run: QuizRun) -> None:
        """All answered: the safety check if this quiz wants it and it is still due, then results."""
        missing = run.missing()
        if missing:
            self.notify("One question still needs an answer.", title="Almost there")
            self.ask(run, missing[0].id)
            return
        if (
            run.quiz.safety_check
            and self.safety_state is None
            and self.safety_info.quiz is not None
        ):
            from readiness.app.intro_screens import SafetyIntroScreen
            from readiness.app.session import QuizRun

            self.go(SafetyIntroScreen(run, QuizRun(self.safety_info.quiz, parent=run)))
            return
        self.show_results(run)

    def finish_safety(self, run: QuizRun, safety_run: QuizRun) -> None:
        """Turn the safety answers into two booleans, forget the answers, show the results."""
        from readiness.app import services

        result = services.evaluate(safety_run.quiz, dict(safety_run.answers), taken_at=self.clock())
        self.safety_state = services.safety_from_result(result)
        safety_run.answers.clear()
        self.show_results(run)

    def show_results(self, run: QuizRun) -> None:
        from readiness.app import services
        from readiness.app.results_screen import ResultsScreen

        safety = self.safety_state or services.SafetyState()
        result = services.evaluate(
            run.quiz, dict(run.answers), safety=safety, taken_at=self.clock()
        )
        self.go(ResultsScreen(run, result))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "preview_problems":
            watch = self.preview.watch if self.preview is not None else None
            return watch is not None and bool(watch.problems or watch.warnings)
        if action == "toggle_theme_shown":
            # hidden, it lets F2 through to the binding above, which always works
            return self.footer_has_room_for_theme()
        return True

    def action_preview_problems(self) -> None:
        if self.preview is not None and (
            self.preview.watch.problems or self.preview.watch.warnings
        ):
            self.preview.show_problems()
