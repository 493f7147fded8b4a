"""The Textual application: state for one run, navigation between screens, the quick exit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from readiness.app import services
from readiness.app.session import QuizRun

PRIVATE_NOTE = "Private: saving off"


class ReadinessApp(App[None]):
    """One person, one sitting. Answers live in memory; nothing is written unless they save."""

    CSS_PATH = "readiness.tcss"
    TITLE = "readiness"
    # The palette would offer actions (like screenshots) that write files, and
    # its key would be one more thing to learn. Quick exit is ctrl+q, always.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quick_exit", "Quick exit", priority=True, show=False),
        Binding("f1", "help", "Help", show=False),
        Binding("f2", "toggle_theme", "Light/dark", show=False),
    ]

    def __init__(
        self,
        *,
        quiz_id: str | None = None,
        quiz_path: Path | None = None,
        private: bool = False,
        extra_quiz_dirs: tuple[Path, ...] = (),
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.start_quiz_id = quiz_id
        self.start_quiz_path = quiz_path
        self.private = private
        self.extra_quiz_dirs = extra_quiz_dirs
        self.clock: Callable[[], datetime] = clock or services.now
        self.catalog: Any = None
        # The safety check is asked at most once per run; its answers are never
        # kept, only the two booleans that came out of them.
        self.safety_state: services.SafetyState | None = None
        self._safety_info: services.SafetyInfo | None = None
        self.share_note_seen = False
        self.saved: list[services.Saved] = []
        if private:
            self.sub_title = PRIVATE_NOTE

    # ---------------------------------------------------------------- start
    def on_mount(self) -> None:
        from readiness.app.screens import HomeScreen

        self.push_screen(HomeScreen())

    # ------------------------------------------------------------ quick exit
    def action_quick_exit(self) -> None:
        """Leave at once: no prompt, nothing written, nothing kept."""
        self.safety_state = None
        self._safety_info = None
        self.exit()

    async def action_quit(self) -> None:  # anything that asks to quit gets the quick exit
        self.action_quick_exit()

    # ------------------------------------------------------------ app keys
    def action_help(self) -> None:
        from readiness.app.modals import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    # ------------------------------------------------------------ navigation
    def go(self, screen: Screen[Any]) -> None:
        """Show a screen of the quiz flow: the flow is one layer above home, switched in place."""
        from readiness.app.screens import HomeScreen

        if isinstance(self.screen, HomeScreen) or len(self.screen_stack) <= 2:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def go_home(self) -> None:
        from readiness.app.screens import HomeScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def open_quiz(self, quiz: services.Quiz) -> None:
        from readiness.app.screens import IntroScreen

        self.go(IntroScreen(QuizRun(quiz)))

    def ask(self, run: QuizRun, qid: str, *, from_review: bool = False) -> None:
        from readiness.app.screens import QuestionScreen

        self.go(QuestionScreen(run, qid, from_review=from_review))

    def review(self, run: QuizRun, *, came_from: str | None = None) -> None:
        from readiness.app.screens import ReviewScreen

        self.go(ReviewScreen(run, came_from=came_from))

    # -------------------------------------------------------------- results
    @property
    def safety_info(self) -> services.SafetyInfo:
        if self._safety_info is None:
            self._safety_info = services.load_safety()
        return self._safety_info

    def finish(self, run: QuizRun) -> None:
        """All answered: the safety check if this quiz wants it and it is still due, then results."""
        missing = run.missing()
        if missing:
            self.notify("One question still needs an answer.", title="Almost there")
            self.ask(run, missing[0].id)
            return
        if run.quiz.safety_check and self.safety_state is None and self.safety_info.quiz is not None:
            from readiness.app.screens import SafetyIntroScreen

            self.go(SafetyIntroScreen(run, QuizRun(self.safety_info.quiz, parent=run)))
            return
        self.show_results(run)

    def finish_safety(self, run: QuizRun, safety_run: QuizRun) -> None:
        """Turn the safety answers into two booleans, forget the answers, show the results."""
        result = services.evaluate(safety_run.quiz, dict(safety_run.answers), taken_at=self.clock())
        self.safety_state = self.safety_info.state_from(result)
        safety_run.answers.clear()
        self.show_results(run)

    def show_results(self, run: QuizRun) -> None:
        from readiness.app.screens import ResultsScreen

        safety = self.safety_state or services.SafetyState()
        result = services.evaluate(run.quiz, dict(run.answers), safety=safety, taken_at=self.clock())
        self.go(ResultsScreen(run, result))
