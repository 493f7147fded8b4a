"""Review: every answer of the sitting in one list, any one opened to change it, then the results."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from readiness.app.bars import Footer
from readiness.app.base import DIGIT_BINDINGS, FlowScreen
from readiness.app.intro_screens import start_safety_again
from readiness.app.session import QuizRun


class ReviewScreen(FlowScreen):
    """Answers listed with their number; Enter or a digit opens one, → sees the results."""

    BINDINGS = [
        *DIGIT_BINDINGS,
        Binding("enter", "open", "Open", key_display="↵", show=False),
        Binding("right", "results", "See results", key_display="→", priority=True),
        Binding("escape,backspace,left", "back", "Back", key_display="esc"),
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
            again = " Press c to answer the safety check again." if self.offers_check_again else ""
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
        section: str | None = None
        for number, question in enumerate(self.shown, start=1):
            if question.section and question.section != section:  # a heading, not an answer
                options.append(Option(Text(question.section, style="bold"), disabled=True))
            section = question.section or section
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
                target = answers.get_option_index(f"q-{self.came_from}")
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
