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

from readiness.app.bars import Footer
from readiness.app.base import DIGIT_BINDINGS, FlowScreen, markdown, plain
from readiness.app.intro_screens import IntroScreen, SafetyIntroScreen
from readiness.app.session import QuizRun
from readiness.app.widgets import AnswerRadioSet, AnswerSelectionList, NoteArea, TickOption
from readiness.core.model import shows_values


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
        Binding("0", "digit(0)", "Choose", show=False),  # a `labels: ends` scale from 0
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
        self.choices = run.quiz.choices(question) if question.type != "text" else []
        self.keys, self.digits = self._keys()
        self.quiz = run.quiz
        self._progress_shown = ""
        self._styled_theme: str | None = None
        answer = run.answers.get(qid)  # a copy: a later tick in the run must not change it
        self.shown_answer = list(answer) if isinstance(answer, list) else answer
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
                width = max(map(len, self.keys), default=0) if self._ends else 0
                labels = [
                    self._label(k, label, width) for k, label in zip(self.keys, shown, strict=True)
                ]
                yield AnswerRadioSet(labels, pressed=pressed, id="answer", compact=True)
            elif q.type == "multi":
                chosen = set(answer or [])
                yield AnswerSelectionList(
                    *[
                        TickOption(key or " ", label, value, value in chosen)
                        for key, (value, label) in zip(self.keys, self.choices, strict=True)
                    ],
                    exclusive=q.exclusive_ids,
                    id="answer",
                    compact=True,
                )
            else:
                yield NoteArea(
                    str(answer or ""), id="answer", soft_wrap=True, show_line_numbers=False
                )
            yield Static(self._hint(), id="hint", classes="muted hint")
        yield Footer(compact=True)

    @property
    def _ends(self) -> bool:
        return self.question.type == "scale" and self.question.labels == "ends"

    def _keys(self) -> tuple[list[str], dict[int, int]]:
        """The number shown beside each choice ("" for none), and which choice each digit
        key picks (digit -> index).

        Choices are numbered by place, 1 to 9; past 9 no digit reaches, so the key is blank.
        With `labels: ends` every point of the scale is numbered: by its value when every
        value is a whole number from 0 to 99 (a 0-10 scale reads 0...10, and 7 picks the
        point of value 7), otherwise by its place, past 9 too (where only ↑↓ reach).
        """
        n = len(self.choices)
        if self._ends:
            values = [value for value, _ in self.choices]
            if shows_values(values):
                return [str(v) for v in values], {v: i for i, v in enumerate(values) if v <= 9}
            return [str(i + 1) for i in range(n)], {i + 1: i for i in range(min(n, 9))}
        return [str(i + 1) if i < 9 else "" for i in range(n)], {i + 1: i for i in range(min(n, 9))}

    def _digits_text(self) -> str:
        """The digits that choose here, as the hint says them: "1-5", "0-9", "0 or 5"."""
        runs: list[list[int]] = []
        for digit in sorted(self.digits):
            if runs and digit == runs[-1][-1] + 1:
                runs[-1].append(digit)
            else:
                runs.append([digit])
        parts = [
            f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs
        ]
        text = ", ".join(parts)
        head, comma, last = text.rpartition(", ")
        return f"{head} or {last}" if comma else text

    def _unreached(self) -> str:
        """What only ↑↓ reach ("10", "10 and 11", "those after the ninth"), or "" if a digit
        reaches every choice: the hint never lets a key promise what it does not do."""
        reached = set(self.digits.values())
        rest = [key for i, key in enumerate(self.keys) if i not in reached]
        if not rest:
            return ""
        if all(rest) and len(rest) <= 3:
            return rest[0] if len(rest) == 1 else ", ".join(rest[:-1]) + " and " + rest[-1]
        if not any(rest):
            return "those after the ninth"
        return "the others"

    @staticmethod
    def _label(key: str, label: str | None, width: int = 0) -> str:
        """The key column, then the label (`width`: the column's width, for `labels: ends`,
        where a point between the ends is its number alone)."""
        key = (key or " ").ljust(width)
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
        keys = self._digits_text()
        rest = self._unreached()
        if q.type == "multi":
            also = f" (only ↑↓ reach {rest})" if rest else ""
            ticks = (
                f"Tick or untick as many as fit: press {keys}, or move with ↑↓ and press space{also}. "
                if keys
                else "Tick or untick as many as fit: move with ↑↓ and press space. "
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
        if not keys:
            return f"Use ↑↓ to choose, then Enter to go on.{optional}"
        also = f" (only ↑↓ reach {rest})" if rest else ""
        return f"Press {keys} or use ↑↓ to choose{also}, then Enter to go on.{optional}"

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
        self.run.seen.add(self.qid)  # shown now (a prepared screen is not, until this)
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
            return not is_text and parameters[:1] != () and parameters[0] in self.digits
        if action == "review":
            return not self.run.is_safety and not is_text
        return True

    def action_digit(self, number: int) -> None:
        index = self.digits.get(number)
        if index is None:
            return  # no choice has that number
        widget = self.query_one("#answer")
        if isinstance(widget, AnswerRadioSet):
            widget.pick(index)
        elif isinstance(widget, AnswerSelectionList):
            widget.toggle_nth(index)

    @on(AnswerRadioSet.Changed, "#answer")
    def _picked(self, event: AnswerRadioSet.Changed) -> None:
        if event.pressed is not event.radio_set.pressed_button:
            return  # marked before a later key moved the marker on: that one is recorded
        self._record(self.choices[event.index][0])

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
            # Enter records the marked answer (●), the one the screen shows as chosen: digits,
            # ↑↓ and a click all mark as they move, and Enter never picks anything itself.
            chosen = widget.chosen
            if chosen is not None and 0 <= chosen < len(self.choices):
                value = self.choices[chosen][0]
                if self.run.answers.get(q.id) != value or q.id not in self.run.answers:
                    self._record(value)
            elif q.id not in self.run.answers and q.is_required:
                keys = self._digits_text()
                how = f"press {keys}, or use ↑↓ and Enter" if keys else "use ↑↓, then Enter"
                self.notify(f"Choose an answer first: {how}.", title="One moment")
                return
        elif isinstance(widget, AnswerSelectionList):
            self._record(self._ticked_values())  # nothing ticked is an answer: "none of these"
        elif isinstance(widget, NoteArea):
            self._record(widget.text)
        self._advance()

    def _advance(self) -> None:
        run = self.run
        if self.from_review:
            # On to the next question still to meet (unanswered and required, or never
            # shown), then back to the review: every unseen question is met before it.
            pending = run.next_pending(self.qid) or run.next_pending()
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
