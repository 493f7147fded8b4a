"""The pages before questions: a quiz's intro and the safety check's intro.

Both only explain and offer Enter; the questions themselves are in
`question_screen.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from readiness.app.bars import Footer
from readiness.app.base import SNAPSHOT_NOTE, FlowScreen, markdown, nothing_saved, plain
from readiness.app.session import QuizRun

if TYPE_CHECKING:
    from readiness.core.model import Quiz


def question_count_text(quiz: Quiz) -> str:
    total = len(quiz.questions)
    noun = "question" if total == 1 else "questions"
    if any(q.show_if for q in quiz.questions):
        return f"up to {total} {noun}"
    return f"{total} {noun}"


def minutes_text(quiz: Quiz) -> str:
    if not quiz.minutes:
        return ""
    return f"about {quiz.minutes} minute{'s' if quiz.minutes != 1 else ''}"


# ------------------------------------------------------------------ intro


class IntroScreen(FlowScreen):
    """What the quiz looks at and how long it takes, before its first question."""

    BINDINGS = [
        Binding("enter", "begin", "Begin", key_display="↵"),
        Binding("escape,backspace,left", "back", "Back", key_display="esc"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, run: QuizRun) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        quiz = self.run.quiz
        yield from self.compose_header()
        with VerticalScroll(id="page"):
            yield Static(plain(quiz.title), classes="title")
            facts = " · ".join(x for x in (minutes_text(quiz), question_count_text(quiz)) if x)
            yield Static(facts[:1].upper() + facts[1:], classes="facts")
            if quiz.intro:
                yield markdown(quiz.intro, classes="intro")
            yield Static("What it looks at", classes="heading")
            for dim in quiz.dimensions:
                about = f": {plain(dim.about)}" if dim.about else ""
                yield Static(f"• [b]{plain(dim.label)}[/b]{about}", classes="bullet")
            yield Static(
                f"{SNAPSHOT_NOTE} It can help you think and talk; it cannot judge you, "
                f"your partner or your relationship. {nothing_saved(self.rapp.private)}",
                classes="note",
            )
            yield Static(
                "Press Enter to begin. One question at a time; you can go back whenever you like.",
                classes="muted",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = self.run.quiz.title
        self.query_one("#page").focus()

    def action_begin(self) -> None:
        first = self.run.first()
        if first is not None:
            self.rapp.ask(self.run, first.id)

    def action_back(self) -> None:
        self.rapp.go_home()


# ----------------------------------------------------------- safety check


def start_safety_again(app: Any, run: QuizRun, *, back_to: str) -> None:
    """Ask the safety check again for `run`; its new answers replace the earlier ones for the sitting."""
    quiz = app.safety_info.quiz
    if quiz is None:
        return
    app.go(SafetyIntroScreen(run, QuizRun(quiz, parent=run, again_from=back_to)))


class SafetyIntroScreen(FlowScreen):
    """Before the safety check: why it is asked, that it is never saved, and saving off with p."""

    BINDINGS = [
        Binding("enter", "begin", "Begin", key_display="↵"),
        Binding("escape,backspace,left", "back", "Back", key_display="esc"),
        Binding("p", "private", "Saving off"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, run: QuizRun, safety_run: QuizRun) -> None:
        super().__init__()
        self.run = run
        self.safety_run = safety_run

    def compose(self) -> ComposeResult:
        intro = self.safety_run.quiz.intro
        yield from self.compose_header()
        with VerticalScroll(id="page"):
            if self.safety_run.again_from is not None:
                yield Static("The safety check, again", classes="title")
                yield Static(
                    "Your new answers replace the earlier ones for the rest of this sitting, "
                    "and the results are shown again to fit them. Like before, they are never saved.",
                    classes="note",
                )
            else:
                yield Static("Before your results: a few questions about safety", classes="title")
            if intro:
                yield markdown(intro, classes="intro")
            else:
                yield Static(
                    "These help make sure the suggestions fit your situation. Your answers here "
                    "are never saved, not even if you save your results. Every question has a "
                    "“prefer not to say” answer.",
                    classes="note",
                )
            yield Static(
                "If you are in danger right now, call your local emergency number.",
                classes="urgent",
            )
            yield Static(self._private_text(), id="private-offer", classes="privacy")
            yield Static(
                "Press Enter to begin. ctrl+q leaves the app at once, at any time.", classes="muted"
            )
        yield Footer(compact=True)

    def _private_text(self) -> str:
        if self.rapp.private:
            return "Private mode is on: nothing from this sitting can be saved, even by mistake."
        return (
            "Want to be sure nothing is ever saved? Press p to turn saving off for the rest of "
            "this sitting. Next time, start the app with: readiness --private"
        )

    def on_mount(self) -> None:
        self.title = "Safety check"
        self.query_one("#page").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "private":
            return not self.rapp.private
        return True

    def action_private(self) -> None:
        """Private mode from here on: saving off for the rest of the sitting."""
        from readiness.app.main import PRIVATE_NOTE

        self.rapp.private = True
        self.rapp.sub_title = PRIVATE_NOTE
        self.sub_title = PRIVATE_NOTE
        self.query_one("#private-offer", Static).update(self._private_text())
        self.refresh_bindings()
        self.notify(
            "Saving is off for the rest of this sitting. Nothing will be written.",
            title="Private mode",
        )

    def action_begin(self) -> None:
        first = self.safety_run.first()
        if first is None:
            self.run.checked_here = True
            self.rapp.finish_safety(self.run, self.safety_run)
            return
        self.rapp.ask(self.safety_run, first.id)

    def action_back(self) -> None:
        if self.safety_run.again_from == "results":
            self.rapp.show_results(self.run)  # the earlier answers still stand
        else:
            self.rapp.review(self.run)
