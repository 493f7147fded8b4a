"""The screens of one sitting after home: intro, one question at a time, review, safety check, results.

Imported when a quiz is first opened (home lives in `home.py` and imports far
less), so the answer widgets and the core's scoring never delay the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from readiness.app import services
from readiness.app.bars import Footer
from readiness.app.base import (
    DIGIT_BINDINGS,
    NOTHING_SAVED,
    SNAPSHOT_NOTE,
    FlowScreen,
    markdown,
    plain,
)
from readiness.app.home import HomeScreen
from readiness.app.session import QuizRun
from readiness.app.widgets import AnswerRadioSet, AnswerSelectionList, NoteArea, TickOption
from readiness.core.report import SCORE_SCALE_WORDS, how_computed, reasons_line, score_meaning
from readiness.core.report import text_bar as score_bar

if TYPE_CHECKING:
    from readiness.core.model import Quiz

__all__ = [
    "DIGIT_BINDINGS",
    "NOTHING_SAVED",
    "SNAPSHOT_NOTE",
    "FlowScreen",
    "HomeScreen",
    "IntroScreen",
    "QuestionScreen",
    "ResultsScreen",
    "ReviewScreen",
    "SafetyIntroScreen",
    "markdown",
    "plain",
]


def _copy_answer(answer: Any) -> Any:
    return list(answer) if isinstance(answer, list) else answer


def question_count_text(quiz: Quiz) -> str:
    total = len(quiz.questions)
    noun = "question" if total == 1 else "questions"
    if any(q.show_if for q in quiz.questions):
        return f"up to {total} {noun}"
    return f"{total} {noun}"


def wrap_path(path: str, width: int) -> str:
    """A path broken onto lines of at most `width` cells after its separators, never inside a name
    (a name longer than a line is the only thing folded)."""
    import os

    seps = {os.sep, "/"}
    parts: list[str] = []
    piece = ""
    for char in path:
        piece += char
        if char in seps:
            parts.append(piece)
            piece = ""
    if piece:
        parts.append(piece)
    lines: list[str] = []
    line = ""
    for part in parts:
        while len(part) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(part[:width])
            part = part[width:]
        if len(line) + len(part) > width:
            lines.append(line)
            line = part
        else:
            line += part
    if line:
        lines.append(line)
    return "\n".join(lines)


PRIVATE_NOTHING_SAVED = "Private mode is on: nothing from this sitting can be saved."


def nothing_saved(private: bool) -> str:
    """The privacy line, true in private mode too (where saving is off, not a choice)."""
    return PRIVATE_NOTHING_SAVED if private else NOTHING_SAVED


def minutes_text(quiz: Quiz) -> str:
    if not quiz.minutes:
        return ""
    return f"about {quiz.minutes} minute{'s' if quiz.minutes != 1 else ''}"


# ------------------------------------------------------------------ intro


class IntroScreen(FlowScreen):
    BINDINGS = [
        Binding("enter", "begin", "Begin", key_display="↵"),
        Binding("backspace,left,escape", "back", "Back", key_display="←"),
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
            yield Static("Press Enter to begin. One question at a time; you can go back whenever you like.", classes="muted")
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


# --------------------------------------------------------------- question


class QuestionScreen(FlowScreen):
    """One question: its answer picker focused, digits choose, Enter goes on.

    While the person reads it, the screen of the question after it is built
    out of sight (`ReadinessApp.prepare_question`), so Enter only has to lay
    that one out and draw it.
    """

    AUTO_FOCUS = "#answer"  # focused once, as it mounts (not the page first, then the answer)
    BINDINGS = [
        *DIGIT_BINDINGS,
        Binding("enter", "go_on", "Go on", key_display="↵"),
        Binding("backspace,left", "back", "Back", key_display="←"),
        Binding("escape", "back_from_text", "Back", key_display="esc"),
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
                labels = [self._label(i, label) for i, (_, label) in enumerate(self.choices)]
                yield AnswerRadioSet(labels, pressed=pressed, id="answer", compact=True)
            elif q.type == "multi":
                chosen = set(answer or [])
                yield AnswerSelectionList(
                    *[
                        TickOption(f"{i + 1}" if i < 9 else " ", label, value, value in chosen)
                        for i, (value, label) in enumerate(self.choices)
                    ],
                    id="answer",
                    compact=True,
                )
            else:
                area = NoteArea(str(answer or ""), id="answer", soft_wrap=True, show_line_numbers=False)
                yield area
            yield Static(self._hint(), id="hint", classes="muted hint")
        yield Footer(compact=True)

    @staticmethod
    def _label(index: int, label: str) -> str:
        key = f"{index + 1}" if index < 9 else " "
        return f"{key}  {plain(label)}"

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
            return (
                f"Tick or untick as many as fit: press {keys}, or move with ↑↓ and press space. "
                "Enter goes on with the ticked ones; none ticked means “none of these”."
            )
        if q.type == "text":
            optional = "This one is optional: leave it empty if you like. " if not q.is_required else ""
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
        if action == "back":
            return not is_text
        if action == "back_from_text":
            return is_text
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
                self.notify(f"Choose an answer first: press 1-{n}, or use ↑↓ and Enter.", title="One moment")
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
        if self.question.type == "text":
            return
        self._go_back()

    def action_back_from_text(self) -> None:
        self._go_back()

    def _go_back(self) -> None:
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


# ----------------------------------------------------------------- review


class ReviewScreen(FlowScreen):
    BINDINGS = [
        *DIGIT_BINDINGS,
        Binding("enter", "open", "Open", key_display="↵", show=False),
        Binding("right", "results", "See results", key_display="→", priority=True),
        Binding("backspace,left,escape", "back", "Back", key_display="←"),
        Binding("c", "safety_again", "Safety check again", show=False),  # said on the page
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, run: QuizRun, *, came_from: str | None = None) -> None:
        super().__init__()
        self.run = run
        self.came_from = came_from
        self.shown = run.visible()

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="page"):
            yield Static("Your answers", classes="title")
            numbers = "its number" if len(self.shown) <= 9 else "1-9 for the first nine"
            again = (
                " Press c to answer the safety check again." if self.offers_check_again else ""
            )
            yield Static(
                f"Pick any answer to change it (arrows and Enter, or {numbers}). "
                f"When they look right, choose “See my results”.{again}",
                id="review-about",
                classes="muted",
            )
            yield OptionList(*self._options(), id="answers")
        yield Footer(compact=True)

    def _options(self) -> list[Option]:
        from rich.table import Table
        from rich.text import Text

        options: list[Option] = []
        for number, question in enumerate(self.shown, start=1):
            answer = self.run.answer_text(question)
            if not answer:
                shown = Text(
                    "not answered yet" if question.is_required else "no answer (optional)",
                    style="italic",
                )
            else:
                answer = answer.replace("\n", " ")
                shown = Text("→ " + (answer if len(answer) <= 200 else answer[:199] + "…"))
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=3, no_wrap=True, justify="right")
            grid.add_column(ratio=1)
            grid.add_row(Text(f"{number}.", style="bold"), Text(question.label))
            grid.add_row("", shown)
            options.append(Option(grid, id=f"q-{question.id}"))
        missing = len(self.run.missing())
        done = "See my results" if not missing else f"See my results ({missing} still to answer)"
        options.append(Option(f"[b]{done}  →[/b]", id="done"))
        return options

    def on_mount(self) -> None:
        self.title = self.run.quiz.title
        answers = self.query_one("#answers", OptionList)
        answers.focus()
        target = answers.option_count - 1
        if self.came_from is not None:
            ids = [q.id for q in self.shown]
            # coming back from an answer: keep the place; arriving at the end: offer the results
            if self.came_from in ids and self.came_from != ids[-1]:
                target = ids.index(self.came_from)
        answers.highlighted = target

    @on(OptionList.OptionSelected, "#answers")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id or "")

    def _open(self, option_id: str) -> None:
        if option_id == "done":
            self.action_results()
        elif option_id.startswith("q-"):
            self.rapp.ask(self.run, option_id[2:], from_review=True)

    def action_open(self) -> None:
        answers = self.query_one("#answers", OptionList)
        if answers.highlighted is not None:
            option = answers.get_option_at_index(answers.highlighted)
            self._open(option.id or "")

    def action_digit(self, number: int) -> None:
        if 1 <= number <= len(self.shown):
            self.rapp.ask(self.run, self.shown[number - 1].id, from_review=True)

    def action_results(self) -> None:
        self.rapp.finish(self.run)

    @property
    def offers_check_again(self) -> bool:
        """Once the check has been answered in this sitting, it can be answered again from here."""
        return (
            bool(self.run.quiz.safety_check)
            and self.rapp.safety_state is not None
            and self.rapp.safety_info.quiz is not None
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "safety_again":
            return self.offers_check_again
        return True

    def action_safety_again(self) -> None:
        start_safety_again(self.rapp, self.run, back_to="review")

    def action_back(self) -> None:
        target = self.came_from if self.came_from and self.run.is_visible(self.came_from) else None
        if target is None and self.shown:
            target = self.shown[-1].id
        if target is not None:
            self.rapp.ask(self.run, target)


# ----------------------------------------------------------- safety check


def start_safety_again(app: Any, run: QuizRun, *, back_to: str) -> None:
    """Ask the safety check again for `run`; its new answers replace the earlier ones for the sitting."""
    quiz = app.safety_info.quiz
    if quiz is None:
        return
    app.go(SafetyIntroScreen(run, QuizRun(quiz, parent=run, again_from=back_to)))


class SafetyIntroScreen(FlowScreen):
    BINDINGS = [
        Binding("enter", "begin", "Begin", key_display="↵"),
        Binding("backspace,left,escape", "back", "Back", key_display="←"),
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
            yield Static("Press Enter to begin. ctrl+q leaves the app at once, at any time.", classes="muted")
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
        self.notify("Saving is off for the rest of this sitting. Nothing will be written.", title="Private mode")

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


# ---------------------------------------------------------------- results


def _shown_view(result: Any) -> Any:
    """The core's shown view of a Result (anything else, such as a test's stand-in, as it is)."""
    from readiness.core.safety import shown_view

    try:
        return shown_view(result)
    except (AttributeError, TypeError):
        return result


class ResultsScreen(FlowScreen):
    BINDINGS = [
        Binding("s", "save", "Save"),
        Binding("s", "saving_off", "Save", show=False),  # private mode: says so, writes nothing
        Binding("d", "details", "Score details", show=False),  # said on the page, under the bars
        Binding("e", "export", "Export elsewhere"),
        Binding("r", "review", "Review"),
        Binding("n", "home", "Other quizzes"),
        Binding("c", "safety_again", "Safety check again", show=False),  # said on the page
        Binding("j", "joint", "Partner suggestions", show=False),  # under unsure only, said on the page
        Binding("v", "profile", "Profile", show=False),  # under a crisis, said on the page
        Binding("backspace,left", "review", "Back", key_display="←", show=False),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, run: QuizRun, result: Any) -> None:
        super().__init__()
        self.run = run
        self.result = result
        self.shown = _shown_view(result)
        """What the page shows: joint dimensions (and reasons citing them) held back when anything was raised."""
        self.saved: services.Saved | None = None
        self.save_problem: str | None = None
        """Why the last save failed; the results stay and `e` offers another place."""
        self.exported: services.Exported | None = None
        self._notices: list[tuple[str, str]] = []
        self.safety = getattr(result, "safety", None) or services.SafetyState()
        self.joint_shown = False
        """Under unsure: the person pressed j and sees the suggestions that involve their partner."""

    @property
    def offers_joint(self) -> bool:
        """j shows the held-back steps only under unsure: a concern or a crisis never offers them."""
        s = self.safety
        return s.unsure and not (s.concern or s.crisis) and bool(getattr(self.result, "held_back", ()))

    @property
    def offers_check_again(self) -> bool:
        return bool(self.run.quiz.safety_check) and self.rapp.safety_info.quiz is not None

    def compose(self) -> ComposeResult:
        result = self.shown
        safety = self.safety
        yield from self.compose_header()
        with VerticalScroll(id="page"):
            if safety.holds_back_joint:
                yield from self._cards(safety)
            yield Static(f"Your snapshot: {plain(self.run.quiz.title)}", classes="title")
            when = self._when()
            yield Static(
                f"{SNAPSHOT_NOTE} It shows how things look to you today{when}, as strengths "
                "and places to grow, not a verdict on you or your relationship.",
                classes="note",
            )
            if safety.crisis:
                # Pared down: the card, the person's own support and at most two steps.
                yield from self._steps(result)
                yield Static(
                    "Your profile and everything else can wait; they stay here while the app is open. "
                    "Press v to see your profile.",
                    id="profile-hint",
                    classes="muted",
                )
            with Vertical(id="profile"):
                yield Static("How things look", classes="heading")
                unasked = services.unasked_of(result)
                for dim in result.dimensions:
                    yield from self._dimension(dim, unasked)
                yield Static(
                    "Press d to see how each score was worked out.", id="details-hint", classes="muted details-hint"
                )
                if not safety.crisis:
                    yield from self._steps(result)
                notes = self.run.notes()
                if notes:
                    yield Static("Your own words", classes="heading")
                    for question, text in notes:
                        yield Static(plain(question.label), classes="note-question")
                        yield Static(plain(text), classes="note-text")
            if self.offers_joint:
                yield from self._held_back(result)
            if self.offers_check_again:
                yield Static(self._check_again_line(), id="check-again", classes="muted")
            yield Static(self._closing_line(safety), id="closing", classes="muted")
            if not safety.holds_back_joint and self.run.quiz.safety_check:
                yield from self._quiet_support()
            yield Static(self._save_hint(), id="save-hint", classes="privacy")
        yield Footer(compact=True)

    def _steps(self, result: Any) -> ComposeResult:
        yield Static("Next steps", classes="heading")
        steps = list(result.next_steps)
        if not steps:
            yield Static("No particular steps stand out from these answers.", classes="muted")
        for number, step in enumerate(steps, start=1):
            yield from self._step(number, step)

    @staticmethod
    def _step(number: int | None, step: Any) -> ComposeResult:
        with Vertical(classes="step"):
            title = f"{number}. {plain(step.title)}" if number is not None else plain(step.title)
            yield Static(title, classes="step-title")
            if step.why:
                yield Static(f"Why this one: {plain(reasons_line(step.why))}", classes="why")
            yield markdown(step.body, classes="step-body")

    def _held_back(self, result: Any) -> ComposeResult:
        """Under unsure: the joint steps, behind one key, never shown by default."""
        count = len(result.held_back)
        noun = "suggestion involves" if count == 1 else "suggestions involve"
        with Vertical(id="held-back", classes="held-back"):
            yield Static(
                f"{count} more {noun} your partner. Press j to see "
                f"{'it' if count == 1 else 'them'} if you feel safe at home.",
                id="held-back-hint",
                classes="muted",
            )
            with Vertical(id="joint-steps"):
                for step in result.held_back:
                    yield from self._step(None, step)

    def _check_again_line(self) -> str:
        if self.run.checked_here:
            return (
                "If someone was watching when you answered the safety check, or you'd answer "
                "differently now, press c to answer it again."
            )
        return (
            "These results use the safety check you answered earlier in this sitting. "
            "Press c to answer it again."
        )

    # ------------------------------------------------------------ the cards
    def _resources(self) -> Any:
        """The resources for the cards, built from what the app loaded (tests may give only lines)."""
        from readiness.core.safety import Card, Resources

        info = self.rapp.safety_info
        loaded = getattr(info, "resources", None)
        return Resources(
            lines=list(info.lines),
            safety_card=info.safety_card,
            crisis_card=info.crisis_card,
            unsure_card=loaded.unsure_card if loaded is not None else info.safety_card,
            tech_safety=loaded.tech_safety if loaded is not None else Card("", ""),
            emergency=loaded.emergency if loaded is not None else None,
        )

    def _cards(self, safety: Any) -> ComposeResult:
        from readiness.core.safety import card_plan, support_steps

        resources = self._resources()
        plans = card_plan(safety, resources)
        for number, plan in enumerate(plans):
            with Vertical(classes=f"card {plan.kind}"):
                yield Static(plain(plan.card.title), classes="card-title")
                if plan.card.lead:
                    yield Static(plain(plan.card.lead), classes="card-lead")
                if not plan.lines and number:
                    # each line is listed once: the ones under the first card serve this one too
                    many = len(plans[0].lines) != 1
                    yield Static(
                        f"The {'lines' if many else 'line'} in the box above can help with this too.",
                        classes="lines-above",
                    )
                for line in plan.lines:
                    yield from self._line(line)
                if number == 0 and resources.emergency is not None:
                    yield Static(f"[b]{plain(resources.emergency.say)}[/b]", classes="emergency")
                yield markdown(plan.card.body, classes="card-body")
        if resources.tech_safety.title:
            with Vertical(classes="card tech"):
                yield Static(plain(resources.tech_safety.title), classes="card-title")
                yield markdown(resources.tech_safety.body, classes="card-body")
        try:
            own = support_steps(safety)
        except Exception:  # the shipped check could not be read: the cards above still stand
            own = []
        if own:
            yield Static("For you, from the safety check", classes="heading")
            for step in own:
                yield from self._step(None, step)

    def _quiet_support(self) -> ComposeResult:
        """Nothing raised: the support lines still close the page, so any step can point to them."""
        from readiness.core.safety import support_steps

        resources = self._resources()
        try:
            own = support_steps(services.SafetyState())
        except Exception:
            own = []
        with Vertical(id="support", classes="card quiet"):
            for step in own:
                yield Static(plain(step.title), classes="card-title")
                yield markdown(step.body, classes="card-body")
            for line in resources.lines:
                yield from self._line(line)
            if resources.emergency is not None:
                yield Static(plain(resources.emergency.say), classes="emergency")

    @staticmethod
    def _line(line: Any) -> ComposeResult:
        name = plain(str(getattr(line, "name", "")))
        region = str(getattr(line, "region", "") or "")
        region = "anywhere" if region.upper() == "INTL" else region
        contact = plain(str(getattr(line, "contact", "")))
        url = str(getattr(line, "url", "") or "")
        checked = getattr(line, "last_checked", "")
        where = f" [dim]({plain(region)})[/dim]" if region else ""
        with Vertical(classes="resource"):
            yield Static(f"• [b]{name}[/b]{where}", classes="resource-name")
            yield Static(contact, classes="resource-detail")
            extra = [plain(url)] if url else []
            if checked:
                extra.append(f"details checked {plain(str(checked))}")
            if extra:
                yield Static(" · ".join(extra), classes="resource-detail muted")

    @staticmethod
    def _closing_line(safety: Any) -> str:
        if safety.holds_back_joint:
            # Never a suggestion to do this together: that is not safe advice here.
            return (
                "Talking these results over on your own with a counsellor, or with one of the "
                "support lines above, can help you decide what feels right and safe for you."
            )
        return (
            "Talking these results over with a counsellor or therapist, on your own or "
            "together, can help you decide what to do next."
        )

    def _when(self) -> str:
        taken = getattr(self.result, "taken_at", None)
        if taken is None:
            return ""
        return f" ({taken.day} {taken:%B %Y})"

    def _save_hint(self) -> str:
        if self.rapp.private:
            return "Private mode: saving is off, so nothing from this sitting will be written."
        if self.saved is not None:
            where = self.saved.folder
            return f"Saved, for you only, in this folder:\n{plain(str(where))}" if where else "Saved."
        if self.exported is not None:
            return (
                f"Exported, for you only, to {plain(str(self.exported.markdown))} "
                f"and {plain(str(self.exported.record))}."
            )
        if self.save_problem is not None:
            return (
                f"Not saved: {plain(self.save_problem)} Your results are still here. "
                "Press e to export them to another place, or s to try saving again."
            )
        if self.safety.holds_back_joint:
            return (
                f"{NOTHING_SAVED} Press s only if you want these results kept on this device; "
                "ctrl+q leaves at once and writes nothing."
            )
        return f"{NOTHING_SAVED} Press s to save these results on this device."

    def _dimension(self, dim: Any, unasked: frozenset[str]) -> ComposeResult:
        label = plain(dim.label)
        if dim.score is None:
            value = services.none_words(dim.id, unasked)
        else:
            value = f"{dim.score:>3}  {plain(dim.band_label or '')}"
        with Vertical(classes="dimension"):
            yield Static(label, classes="dim-label")
            yield Static(f"[b]{score_bar(dim.score)}[/b]  {value}", classes="dim-bar")
            yield Static(plain(self._how(dim)), classes="how muted")

    def _how(self, dim: Any) -> str:
        """The arithmetic behind one score, in words, with which way is better (hidden until d shows it)."""
        record = dim.to_record() if hasattr(dim, "to_record") else dict(vars(dim))
        text = how_computed(record)
        # The label is the line just above: say only the arithmetic under it.
        text = text.removeprefix(f"{record.get('label', '')}: ")
        meaning = score_meaning(self.run.quiz, dict(getattr(self.result, "answers", None) or {}), record.get("id", ""))
        return " ".join(part for part in (text[:1].upper() + text[1:], meaning) if part)

    def on_mount(self) -> None:
        self.title = self.run.quiz.title
        if self.safety.crisis:
            self.query_one("#profile").display = False
        if self.offers_joint:
            self.query_one("#joint-steps").display = False
        self.query_one("#page").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":  # offered once saving has failed
            return self.save_problem is not None and self.saved is None and not self.rapp.private
        if action == "saving_off":
            return self.rapp.private
        if action == "safety_again":
            return self.offers_check_again
        if action == "joint":
            return self.offers_joint
        if action == "profile":
            return self.safety.crisis
        return not (action == "save" and self.rapp.private)

    def action_safety_again(self) -> None:
        """Answer the safety check again in this sitting (someone may have been watching)."""
        start_safety_again(self.rapp, self.run, back_to="results")

    def action_joint(self) -> None:
        """Under unsure: show (or hide again) the suggestions that involve the partner."""
        if not self.offers_joint:
            return
        self.joint_shown = not self.joint_shown
        self.query_one("#joint-steps").display = self.joint_shown
        count = len(self.result.held_back)
        hint = self.query_one("#held-back-hint", Static)
        if self.joint_shown:
            hint.update(
                "Suggestions that involve your partner, shown because you pressed j. "
                "Press j again to hide them."
            )
            self.call_after_refresh(hint.scroll_visible, animate=False, top=True)
        else:
            noun = "suggestion involves" if count == 1 else "suggestions involve"
            hint.update(
                f"{count} more {noun} your partner. Press j to see "
                f"{'it' if count == 1 else 'them'} if you feel safe at home."
            )

    def action_profile(self) -> None:
        """Under a crisis: show (or hide again) the profile that the pared-down page leaves out."""
        profile = self.query_one("#profile")
        profile.display = not profile.display
        self.query_one("#profile-hint", Static).update(
            "Press v to hide your profile again."
            if profile.display
            else "Your profile and everything else can wait; they stay here while the app is open. "
            "Press v to see your profile."
        )
        if profile.display:
            self.call_after_refresh(profile.scroll_visible, animate=False, top=True)

    @property
    def footer_room_for_theme(self) -> bool:
        """With "Export elsewhere" shown too, F2 would not fit in 80 columns (F1's help lists it)."""
        return not (self.save_problem is not None and self.saved is None and not self.rapp.private)

    def action_saving_off(self) -> None:
        self.notify("Saving is off for this run (private mode), so nothing was written.", title="Not saved")

    def action_details(self) -> None:
        """Show or hide, under each bar, how its score was worked out."""
        showing = not self.has_class("-details")
        self.set_class(showing, "-details")
        self.query_one("#details-hint", Static).update(
            f"{SCORE_SCALE_WORDS} Press d to hide how the scores were worked out."
            if showing
            else "Press d to see how each score was worked out."
        )

    def action_review(self) -> None:
        self.rapp.review(self.run)

    def action_home(self) -> None:
        self.rapp.go_home()

    def action_save(self) -> None:
        if self.rapp.private:
            self.notify("Private mode is on, so saving is off for this sitting.", title="Not saved")
            return
        if self.saved is not None:
            self.notify("These results are already saved.", title="Saved")
            return
        if self.safety.holds_back_joint:
            # After a concern, a crisis or a decline, saving is a deliberate choice, every time.
            from readiness.app.modals import SaferSaveScreen

            self.app.push_screen(SaferSaveScreen(), self._after_note)
            return
        if not self.rapp.share_note_seen:
            from readiness.app.modals import ShareNoteScreen

            self.app.push_screen(ShareNoteScreen(), self._after_note)
            return
        self._save()

    def _after_note(self, go_ahead: bool | None) -> None:
        if go_ahead:
            self.rapp.share_note_seen = True
            self._save()
        else:
            self.notify("Nothing was saved.", title="Not saved")

    @property
    def to_keep(self) -> Any:
        """What a save or an export writes: nothing in it reveals what the safety check found."""
        from readiness.core.safety import saved_view

        return saved_view(self.result)

    def _save(self) -> None:
        try:
            saved = services.save_result(self.to_keep)
        except services.SaveError as exc:
            self._save_failed(str(exc) or "The result could not be saved.")
            return
        self.saved = saved
        self.save_problem = None
        self.refresh_bindings()
        self.rapp.saved.append(saved)
        self.query_one("#save-hint", Static).update(self._save_hint())
        message = "Only your account can open these files."
        if saved.folder:
            message += "\nIn the folder:\n" + plain(wrap_path(str(saved.folder), self._toast_width()))
        self._notify_here(message, title="Saved")

    # ------------------------------------------------ when saving fails
    def _save_failed(self, problem: str) -> None:
        """Say why on the screen, keep the results, and offer another place."""
        self.save_problem = problem
        hint = self.query_one("#save-hint", Static)
        hint.update(self._save_hint())
        hint.add_class("save-problem")
        self.refresh_bindings()
        self.action_export()

    def action_export(self) -> None:
        if self.rapp.private or self.save_problem is None:
            return
        from readiness.app.modals import ExportScreen

        suggestion = services.default_export_path(getattr(self.result, "taken_at", None))
        self.app.push_screen(ExportScreen(self.to_keep, self.save_problem, suggestion), self._after_export)

    def _after_export(self, exported: services.Exported | None) -> None:
        if exported is None:
            self.query_one("#save-hint").scroll_visible(animate=False)
            self.notify("Nothing was written. Your results are still here; e offers the export again.", title="Not exported")
            return
        self.exported = exported
        hint = self.query_one("#save-hint", Static)
        hint.update(self._save_hint())
        hint.remove_class("save-problem")
        width = self._toast_width()
        self._notify_here(
            "Only your account can open them. Written to:\n"
            + plain(wrap_path(str(exported.markdown), width))
            + "\nand\n"
            + plain(wrap_path(str(exported.record), width)),
            title="Exported",
        )

    # ------------------------------------------------ notices of this screen
    def _toast_width(self) -> int:
        """Room for text in a notice: Textual's toasts are 60 wide, at most half the screen, padded."""
        return max(16, min(60, self.app.size.width // 2) - 2)

    def _notify_here(self, message: str, *, title: str) -> None:
        """A notice that goes away when the person leaves the results."""
        self._notices.append((title, message))
        self.notify(message, title=title)

    def _dismiss_notices(self) -> None:
        mine, self._notices = self._notices, []
        if not mine:
            return
        notifications = self.app._notifications
        for notification in list(notifications):
            if (notification.title, notification.message) in mine:
                self.app._unnotify(notification, refresh=False)
        self.app._refresh_notifications()

    def on_screen_suspend(self) -> None:
        from textual.screen import ModalScreen

        if not isinstance(self.app.screen, ModalScreen):
            self._dismiss_notices()

    def on_unmount(self) -> None:
        self._dismiss_notices()
