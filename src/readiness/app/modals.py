"""Screens that sit on top of another: help, problems in quiz files, the note before saving."""

from __future__ import annotations

from importlib import resources

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Static

SHARE_NOTE = (
    "This device may be shared: anyone who can open this account's files "
    "could read a saved summary."
)


def help_text() -> str:
    """The help page shipped with the app (src/readiness/app/help.md)."""
    return resources.files("readiness.app").joinpath("help.md").read_text(encoding="utf-8")


class _Modal(ModalScreen[bool]):
    BINDINGS = [
        Binding("ctrl+q", "app.quick_exit", "Quick exit", priority=True),
    ]


class HelpScreen(_Modal):
    BINDINGS = [
        Binding("escape,f1,q,enter,backspace", "close", "Close", key_display="esc"),
    ]

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown

        with Vertical(id="dialog", classes="help-dialog"):
            with VerticalScroll(id="help-scroll"):
                yield Markdown(help_text(), id="help")
            yield Static("Esc closes this help · ↑↓ scroll · ctrl+q quick exit", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(False)


class ProblemsScreen(_Modal):
    BINDINGS = [
        Binding("escape,enter,b,q,backspace", "close", "Close", key_display="esc"),
    ]

    def __init__(self, heading: str, lines: list[str]) -> None:
        super().__init__()
        self.heading = heading
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="problems-dialog"):
            yield Static(escape(self.heading), classes="title")
            yield Static(
                "These files are skipped; the other quizzes work as usual. "
                "`readiness validate FILE` shows the same list.",
                classes="muted",
            )
            with VerticalScroll(id="problems-scroll"):
                yield Static(escape("\n".join(self.lines)), id="problems", classes="problems")
            yield Static("Esc closes · ctrl+q quick exit", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#problems-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(False)


class ShareNoteScreen(_Modal):
    """Said once per run, before the first save."""

    BINDINGS = [
        Binding("enter,s,y", "save", "Save", key_display="↵"),
        Binding("escape,n,backspace", "cancel", "Don't save", key_display="esc"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="share-dialog"):
            yield Static("Before you save", classes="title")
            yield Static(SHARE_NOTE, id="share-note")
            yield Static("Enter saves · Esc doesn't save · ctrl+q quick exit", classes="dialog-keys")

    def action_save(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
