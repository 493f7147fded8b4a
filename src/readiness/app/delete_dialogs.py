"""The saved-results screens' dialogs: delete one, delete all (by typing a word), remove incomplete saves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from readiness.app.base import plain
from readiness.app.history_text import long_date
from readiness.app.modals import _Modal

if TYPE_CHECKING:
    from textual.screen import Screen

    from readiness.core import store

CONFIRM_WORD = "delete"


class _DeleteDialog(_Modal):
    """A dialog of the saved-results screens."""

    DEFAULT_CSS = """
    #dialog.history-dialog { height: auto; }
    #confirm-word { margin: 1 0 0 0; }
    #delete-left { margin: 1 0; }
    .history-dialog .warning { color: $text-warning; }
    """


class ConfirmDeleteScreen(_DeleteDialog):
    """Delete one saved result? y / n."""

    BINDINGS = [
        Binding("y", "yes", "Delete", key_display="y"),
        Binding("n,escape,backspace", "no", "Keep it", key_display="n"),
    ]

    # What the dialog says; removing incomplete saves asks the same way, in its own words.
    heading = "Delete this saved result?"
    about = "Its record and its summary are removed from this device. This cannot be undone."
    keys = "y deletes · n or Esc keeps it · ctrl+q quick exit"

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="history-dialog"):
            yield Static(self.heading, classes="title")
            yield Static(plain(self.what), id="confirm-what")
            yield Static(self.about, classes="muted")
            yield Static(self.keys, classes="dialog-keys")


class ConfirmDeleteAllScreen(_DeleteDialog):
    """Delete every listed result: the person types the word, so it cannot happen by a stray key.

    It says exactly what goes (the results listed, with their summaries) and
    what stays (files the list skipped), from the same plan `delete_all` follows.
    """

    BINDINGS = [Binding("escape", "no", "Keep them", key_display="esc")]

    def __init__(self, plan: store.DeletePlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        count = len(plan.ids)
        plural = "s" if count != 1 else ""
        with Vertical(id="dialog", classes="history-dialog"):
            yield Static(f"Delete all {count} saved result{plural}?", classes="title")
            what = "Its record and summary" if count == 1 else "Their records and summaries"
            yield Static(
                f"{what} in {plain(plan.folder)} are removed from this device. "
                "This cannot be undone.",
                classes="warning",
                id="delete-what",
            )
            extra = [_loose_text(len(plan.loose_summaries)), _left_text(len(plan.left))]
            extra = [e for e in extra if e]
            if extra:
                yield Static(" ".join(extra), id="delete-left")
            yield Static(f"Type [b]{CONFIRM_WORD}[/b] and press Enter to confirm.", id="delete-how")
            yield Input(id="confirm-word")
            yield Static("Esc keeps them · ctrl+q quick exit", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#confirm-word", Input).focus()

    @on(Input.Submitted, "#confirm-word")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip().lower() == CONFIRM_WORD:
            self.dismiss(True)
        else:
            self.notify(
                f"Type “{CONFIRM_WORD}” to delete them all, or press Esc.", title="Not deleted"
            )


def _loose_text(n: int) -> str:
    if not n:
        return ""
    if n == 1:
        return "Also removed: 1 summary whose record is already gone."
    return f"Also removed: {n} summaries whose records are already gone."


def _left_text(n: int) -> str:
    """What "delete all" leaves, plainly: the files the list skipped are never deleted by it."""
    if not n:
        return ""
    if n == 1:
        return "Left as it is: 1 file there that could not be read (`readiness history` names it)."
    return (
        f"Left as they are: {n} files there that could not be read "
        "(`readiness history` names them)."
    )


class ConfirmRemoveIncompleteScreen(ConfirmDeleteScreen):
    """Remove the files interrupted saves left? y / n."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} file{'s' if count != 1 else ''} left by saves that were cut off")

    heading = "Remove the incomplete saves?"
    about = (
        "They are what a save left when it was cut off, and may hold answers. "
        "They are removed from this device. This cannot be undone."
    )
    keys = "y removes · n or Esc keeps them · ctrl+q quick exit"


def confirm_delete(
    screen: Screen[Any],
    summary: store.SavedSummary,
    folder: Path | None,
    deleted: Callable[[], object],
) -> None:
    """Ask (y/n), then delete one saved result; `deleted` runs once it is gone from the device."""

    def done(yes: bool | None) -> None:
        if not yes:
            return
        from readiness.core import store

        try:
            store.delete_saved(summary.id, folder)
        except store.StoreError as exc:
            screen.notify(str(exc), title="Not deleted", severity="error", timeout=10)
            return
        screen.app.notify("That saved result is gone from this device.", title="Deleted")
        deleted()

    screen.app.push_screen(ConfirmDeleteScreen(f"{summary.quiz_title}, {long_date(summary)}"), done)
