"""The baseline: a bare Textual app showing the same kinds of widgets as readiness.

Home: a header, a scrolling page of Static lines, an OptionList of three
entries drawn like the catalog's (a Rich grid: key column, bold title, summary,
facts) and a footer. No worker, no files read, no CSS file beyond a few rules.
For the memory walk it also has a question screen (RadioSet with a Markdown
hint) and a results-like screen (Static bars and Markdown bodies), because the
app goes through those during one quiz.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

CSS = """
#page { height: 1fr; padding: 1 2 0 2; }
Static { width: 1fr; height: auto; }
.lead { margin-bottom: 1; }
.muted { color: $text-muted; }
OptionList { height: auto; }
"""

QUIZZES = [
    (
        "Boundary needs",
        "Where a boundary could help, and how to hold one.",
        "about 6 minutes · 18 questions",
    ),
    (
        "Deal-breakers",
        "The things that would matter most if nothing changed.",
        "about 6 minutes · 20 questions",
    ),
    (
        "Therapy readiness",
        "Where you are with the idea of therapy, and your partner.",
        "about 7 minutes · 21 questions",
    ),
]


def entry(key: str, title: str, summary: str, facts: str) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1)
    body = Text()
    body.append(title, style="bold")
    body.append("\n" + summary)
    body.append("\n" + facts, style="dim")
    grid.add_row(Text(key, style="bold"), body)
    return grid


class BareHome(Screen[None]):
    BINDINGS = [
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
        Binding("f1", "app.bell", "Help"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="page"):
            yield Static("Choose a quiz to begin.", classes="lead")
            options: list[Option | None] = []
            for n, (title, summary, facts) in enumerate(QUIZZES, start=1):
                if n > 1:
                    options.append(None)
                options.append(Option(entry(str(n), title, summary, facts), id=f"quiz-{n}"))
            yield OptionList(*options, id="quizzes")
            yield Static("Nothing is saved unless you choose to save.", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()


class BareQuestion(Screen[None]):
    BINDINGS = [Binding("1", "pick", "Choose")]

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown

        yield Header(icon="")
        with VerticalScroll(id="page"):
            yield Static(f"Question {self.n + 1} of 21", classes="muted")
            yield Static("I would be willing to talk with a therapist about our relationship.")
            yield Markdown("A *hint*, in **Markdown**.")
            labels = ["Strongly disagree", "Disagree", "Not sure", "Agree", "Strongly agree"]
            yield RadioSet(
                *[RadioButton(f"{i}  {x}") for i, x in enumerate(labels, 1)], id="answer"
            )
        yield Footer()

    def action_pick(self) -> None:
        self.query(RadioButton).first().value = True


class BareResults(Screen[None]):
    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown

        yield Header(icon="")
        with VerticalScroll(id="page"):
            yield Static("Your snapshot", classes="lead")
            for n in range(8):
                yield Static(f"Dimension {n}")
                yield Static("█" * (n * 2) + "░" * (20 - n * 2) + f"  {n * 10}")
            for n in range(6):
                yield Static(f"{n + 1}. A next step", classes="lead")
                yield Markdown("Some text with **bold** and a list:\n\n- one\n- two\n")
        yield Footer()


class BareApp(App[None]):
    CSS = CSS
    ENABLE_COMMAND_PALETTE = False

    def on_mount(self) -> None:
        self.push_screen(BareHome())


if __name__ == "__main__":
    BareApp().run()
