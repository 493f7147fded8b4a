"""Two saved results of one quiz side by side (c on the saved-results list, issue 17).

Built from `core.compare.compare()`: for each dimension, the earlier and the
later result's bar, score and band, then the change in words ("readiness up
17", "17 points more strain"). Everything shown comes from the summaries the
list already read (made safe for the terminal there) and goes through `plain`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from readiness.app.bars import Footer
from readiness.app.base import SNAPSHOT_NOTE, FlowScreen, plain
from readiness.core.report import text_bar

if TYPE_CHECKING:
    from readiness.core.compare import Comparison, Side


def side_line(when: str, width: int, side: Side | None) -> str:
    """One result's reading of a dimension: its date, bar, score and band (markup)."""
    label = f"{when:<{width}}"
    if side is None:
        return f"{plain(label)}  (not asked in this version of the quiz)"
    if side.score is None:
        return f"{plain(label)}  [b]{text_bar(None)}[/b]   --  not enough answers"
    return f"{plain(label)}  [b]{text_bar(side.score)}[/b]  {side.score:>3}  {plain(side.band or '')}".rstrip()


class CompareScreen(FlowScreen[None]):
    """Two results of one quiz, the earlier first, dimension by dimension."""

    BINDINGS = [
        Binding("escape,backspace,left", "back", "Back", key_display="esc"),
        Binding("f1", "app.help", "Help"),
    ]
    DEFAULT_CSS = """
    CompareScreen .change { color: $text-muted; }
    """

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        comparison = self.comparison
        first, second = comparison.dates
        width = max(len(first), len(second))
        yield from self.compose_header()
        with VerticalScroll(id="page"):
            yield Static(
                f"{plain(comparison.quiz_title)}: {plain(first)} and {plain(second)}",
                classes="title",
            )
            yield Static(
                f"{SNAPSHOT_NOTE} Two of your saved results side by side, the earlier first: "
                "how things looked to you then, not a verdict on anyone.",
                classes="note",
            )
            for pair in comparison.dimensions:
                with Vertical(classes="dimension"):
                    yield Static(plain(pair.label), classes="dim-label")
                    yield Static(side_line(first, width, pair.earlier), classes="dim-bar")
                    yield Static(side_line(second, width, pair.later), classes="dim-bar")
                    yield Static(plain(pair.change), classes="change")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.title = "Compare saved results"
        self.query_one("#page").focus()

    def action_back(self) -> None:
        self.dismiss(None)
