"""One question at a time: its answer picker focused, digits choose, Enter goes on.

Imported when a quiz is first opened (home imports far less), so the answer
widgets never delay the first frame.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from readiness.app import services
from readiness.app.bars import Footer
from readiness.app.base import DIGIT_BINDINGS, FlowScreen, markdown, plain
from readiness.app.intro_screens import IntroScreen, SafetyIntroScreen
from readiness.app.session import QuizRun
from readiness.app.widgets import AnswerRadioSet, AnswerSelectionList, NoteArea, TickOption


def _copy_answer(answer: Any) -> Any:
    """A copy of an answer, so a later tick in the run cannot change what this screen drew."""
    return list(answer) if isinstance(answer, list) else answer


class QuestionScreen(FlowScreen):
    """One question: its answer picker focused, digits choose, Enter goes on.

    While the person reads it, the screen of the question after it is built
    out of sight (`ReadinessApp.prepare_question`), so Enter only has to lay
    that one out and draw it.
    """

    AUTO_FOCUS = "#answer"  # focused once, as it mounts (not the page first, then the answer)
    BINDINGS = [
        Binding("enter", "go_on", "Go on", key_display="↵"),
        # In a text answer, backspace and ← edit the text (the box takes them first); Esc goes back.
        Binding("escape,backspace,left", "back", "Back", key_display="esc"),
        *DIGIT_BINDINGS,
        Binding("r", "review", "Review"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, run: QuizRun, qid: str, *, from_review: bool = False) -> None:
        super().__init__()
        self.run = run
        self.qid = qid
        self.from_review = from_review
        question = run.quiz.question(qid)
        assert question is not None
        self.question = question
        self.choices = services.choices(run.quiz, question) if question.type != "text" else []
        self.quiz = run.quiz
        self._progress_shown = ""
        self._styled_theme: str | None = None
        self.shown_answer = _copy_answer(run.answers.get(qid))
        """The answer drawn when this screen was built: a prepared screen is used only while it still holds."""

    def fits(self, run: QuizRun, qid: str, *, from_review: bool = False) -> bool:
        """Is this screen (built earlier) still exactly the one to show for `qid` now?"""
        return (
            self.run is run
            and self.quiz is run.quiz
            and self.qid == qid
            and self.from_review == from_review
            and self.shown_answer == run.answers.get(qid)
        )

    def refresh_progress(self) -> None:
        """Say the place again: answers given since this screen was built can change the count."""
        text = self._progress_text()
        if text != self._progress_shown:
            self._progress_shown = text
            self.query_one("#progress", Static).update(text)

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        q = self.question
        yield from self.compose_header()
        with VerticalScroll(id="page"):
            self._progress_shown = self._progress_text()
            yield Static(self._progress_shown, id="progress", classes="progress")
            yield Static(plain(q.text), id="question-text", classes="question")
            if q.help:
                yield markdown(q.help, classes="help")
            answer = self.run.answers.get(q.id)
            if q.type in ("scale", "choice"):
                values = [v for v, _ in self.choices]
                pressed = values.index(answer) if answer in values else None
                shown = self.quiz.screen_labels(q)
                # `labels: ends` numbers every point, past 9 too (where no digit reaches)
                width = len(str(len(shown))) if q.type == "scale" and q.labels == "ends" else 0
                labels = [self._label(i, label, width) for i, label in enumerate(shown)]
                yield AnswerRadioSet(labels, pressed=pressed, id="answer", compact=True)
            elif q.type == "multi":
                chosen = set(answer or [])
                yield AnswerSelectionList(
                    *[
                        TickOption(f"{i + 1}" if i < 9 else " ", label, value, value in chosen)
                        for i, (value, label) in enumerate(self.choices)
                    ],
                    exclusive=q.exclusive_ids,
                    id="answer",
                    compact=True,
                )
            else:
                area = NoteArea(
                    str(answer or ""), id="answer", soft_wrap=True, show_line_numbers=False
                )
                yield area
            yield Static(self._hint(), id="hint", classes="muted hint")
        yield Footer(compact=True)

    @staticmethod
    def _label(index: int, label: str | None, numbered: int = 0) -> str:
        """The key column, then the label. Past 9 no digit reaches a choice, so its key is
        blank, unless every point is numbered (`numbered`: the column's width, for
        `labels: ends`, where a point between the ends is its number alone)."""
        key = f"{index + 1}".ljust(numbered) if index < 9 or numbered else " "
        return key.rstrip() if label is None else f"{key}  {plain(label)}"

    def _progress_text(self) -> str:
        place, total = self.run.position(self.qid)
        where = f"Question {place} of {total}"
        if self.run.is_safety:
            where = f"Safety check · {where}"
        if self.question.section:
            return f"{plain(self.question.section)} · {where}"
        return where

    def _hint(self) -> str:
        q = self.question
        n = len(self.choices)
        keys = f"1-{min(n, 9)}" if n > 1 else "1"
        if q.type == "multi":
            ticks = (
                f"Tick or untick as many as fit: press {keys}, or move with ↑↓ and press space. "
            )
            alone = [o.label for o in q.options or () if o.id in q.exclusive_ids]
            if not alone:
                return (
                    ticks + "Enter goes on with the ticked ones; none ticked means “none of these”."
                )
            quoted = [f"“{plain(label)}”" for label in alone]
            names = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
            goes = (
                "goes alone: ticking it clears the others, and ticking another clears it"
                if len(quoted) == 1
                else "each go alone: ticking one clears the others, and ticking another clears them"
            )
            return f"{ticks}{names} {goes}. Enter goes on with the ticked ones."
        if q.type == "text":
            optional = (
                "This one is optional: leave it empty if you like. " if not q.is_required else ""
            )
            return f"{optional}Enter goes on; ctrl+j starts a new line. Esc goes back."
        optional = "" if q.is_required else " This one is optional."
        return f"Press {keys} or use ↑↓ to choose, then Enter to go on.{optional}"

    def on_mount(self) -> None:
        if self.app.screen is not self:  # being prepared out of sight
            self._styled_theme = self.app.theme
        self.title = "Safety check" if self.run.is_safety else self.run.quiz.title
        widget = self.query_one("#answer")
        widget.focus(scroll_visible=False)
        if isinstance(widget, NoteArea):
            widget.move_cursor(widget.document.end)
        # Start at the top: the progress line and the question come first.
        self.call_after_refresh(self.query_one("#page").scroll_home, animate=False, immediate=True)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # (FlowScreen's handler runs too, after this one: Textual calls each class's.)
        if self._styled_theme is not None:
            # Prepared out of sight: styled as it mounted, and the theme is the same
            # (a theme change restyles it anyway). Styling it again on the way in
            # would only repeat that work, the largest part of Enter's wait.
            # Textual does the same for a screen uncovered by an opaque one.
            if self._styled_theme == self.app.theme:
                event.refresh_styles = False
            self._styled_theme = None
        # After this question is drawn (never while it is itself being prepared out of sight).
        self.call_after_refresh(self._prepare_following)

    def _prepare_following(self) -> None:
        if self.app.screen is not self or self.from_review:
            return
        following = self.run.after(self.qid)
        if following is not None:
            self.rapp.prepare_question(self.run, following.id)

    # ---------------------------------------------------------------- keys
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        is_text = self.question.type == "text"
        if action == "digit":
            return not is_text and bool(self.choices)
        if action == "review":
            return not self.run.is_safety and not is_text
        return True

    def action_digit(self, number: int) -> None:
        widget = self.query_one("#answer")
        if isinstance(widget, AnswerRadioSet):
            widget.pick(number - 1)
        elif isinstance(widget, AnswerSelectionList):
            widget.toggle_nth(number - 1)

    @on(AnswerRadioSet.Changed, "#answer")
    def _picked(self, event: AnswerRadioSet.Changed) -> None:
        value = self.choices[event.index][0]
        self._record(value)

    @on(AnswerSelectionList.SelectedChanged, "#answer")
    def _ticked(self, event: AnswerSelectionList.SelectedChanged) -> None:
        self._record(self._ticked_values())

    @on(NoteArea.Changed, "#answer")
    def _typed(self, event: NoteArea.Changed) -> None:
        self._record(event.text_area.text)

    @on(NoteArea.Submitted)
    def _submitted(self) -> None:
        self.action_go_on()

    def _ticked_values(self) -> list[Any]:
        widget = self.query_one("#answer", AnswerSelectionList)
        chosen = set(widget.selected)
        return [value for value, _ in self.choices if value in chosen]

    def _record(self, value: Any) -> None:
        dropped = self.run.set_answer(self.qid, value)
        if dropped:
            self.notify(
                "That change means some later questions no longer apply; their answers were set aside.",
                title="Answers updated",
            )
        self.refresh_progress()

    def action_go_on(self) -> None:
        q = self.question
        widget = self.query_one("#answer")
        if isinstance(widget, AnswerRadioSet):
            # Enter takes the option the highlight is on (digits and arrows both move it),
            # even when another one was picked before: the screen says "↑↓ to choose, then Enter".
            highlighted = widget.highlighted
            if highlighted is not None and 0 <= highlighted < len(self.choices):
                value = self.choices[highlighted][0]
                widget.pick(highlighted)
                if self.run.answers.get(q.id) != value or q.id not in self.run.answers:
                    self._record(value)
            elif q.id not in self.run.answers and q.is_required:
                n = min(len(self.choices), 9)
                self.notify(
                    f"Choose an answer first: press 1-{n}, or use ↑↓ and Enter.", title="One moment"
                )
                return
        elif isinstance(widget, AnswerSelectionList):
            self._record(self._ticked_values())  # nothing ticked is an answer: "none of these"
        elif isinstance(widget, NoteArea):
            self._record(widget.text)
        self._advance()

    def _advance(self) -> None:
        run = self.run
        if self.from_review:
            pending = run.next_unanswered(self.qid) or run.next_unanswered()
            if pending is not None:
                self.rapp.ask(run, pending.id, from_review=True)
            else:
                self.rapp.review(run, came_from=self.qid)
            return
        following = run.after(self.qid)
        if following is not None:
            self.rapp.ask(run, following.id)
        elif run.is_safety:
            if run.parent is not None:
                run.parent.checked_here = True
                self.rapp.finish_safety(run.parent, run)
        else:
            self.rapp.review(run, came_from=self.qid)

    def action_back(self) -> None:
        run = self.run
        if self.from_review:
            self.rapp.review(run, came_from=self.qid)
            return
        previous = run.before(self.qid)
        if previous is not None:
            self.rapp.ask(run, previous.id)
        elif run.parent is not None:
            self.rapp.go(SafetyIntroScreen(run.parent, run))
        else:
            self.rapp.go(IntroScreen(run))

    def action_review(self) -> None:
        if not self.run.is_safety:
            self.rapp.review(self.run, came_from=self.qid)
