"""The neutral face (issue 16): with `neutral_name` set in config.toml, the app opens on
this screen, which shows only that name. Nothing on it names therapy, a relationship
or abuse; any key goes on to the list of quizzes. It comes back after the idle lock. ctrl+q and ctrl+c still leave at
once (the app's priority bindings), writing nothing. Kept as light as home: only
Textual's basic widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.widgets import Static

from readiness.app.bars import Footer
from readiness.app.base import FlowScreen, outside

if TYPE_CHECKING:
    from textual import events
    from textual.app import ComposeResult


class NeutralScreen(FlowScreen[None]):
    """Only the chosen name, and that any key goes on."""

    DEFAULT_CSS = """
    NeutralScreen #page { align: center middle; }
    NeutralScreen #neutral-name, NeutralScreen #neutral-keys { width: 100%; content-align: center middle; }
    NeutralScreen #neutral-keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.neutral_name = name

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="page"):
            yield Static(
                outside(self.neutral_name), id="neutral-name", classes="title", markup=False
            )
            yield Static("Press any key to go on.", id="neutral-keys")
        yield Footer(compact=True)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        if len(self.app.screen_stack) > 2:  # shown again over home, after the idle lock
            self.app.pop_screen()
            return
        from readiness.app.home import HomeScreen

        self.app.switch_screen(HomeScreen())
