"""The saved-results screens' dialogs, and the deleting they ask about: delete one, delete all
(by typing a word), remove incomplete saves."""

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
            # What else goes, and what "delete all" leaves: the files the list skipped never go.
            loose = _counted(
                len(plan.loose_summaries),
                "Also removed: 1 summary whose record is already gone.",
                "Also removed: {n} summaries whose records are already gone.",
            )
            left = _counted(
                len(plan.left),
                "Left as it is: 1 file there that could not be read (`readiness history` names it).",
                "Left as they are: {n} files there that could not be read "
                "(`readiness history` names them).",
            )
            extra = [e for e in (loose, left) if e]
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


def _counted(n: int, one: str, many: str) -> str:
    """Nothing for none, `one` for one, else `many` with {n} filled in."""
    return "" if not n else one if n == 1 else many.format(n=n)


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


def _ask_then_delete(
    screen: Screen[Any],
    dialog: _Modal,
    delete: Callable[[], str],
    done: str,
    then: Callable[[], object],
) -> None:
    """Ask with `dialog`; on yes, run `delete` in a worker (the list's group, so a read of
    the list waits for it) and show what it says, or why it failed; then `then`, there too.
    `done` is the notice's title ("Deleted"); a failure's is "Not deleted"."""

    def work() -> None:
        from readiness.core import store

        try:
            message = delete()
        except store.StoreError as exc:
            screen.app.call_from_thread(
                screen.notify, str(exc), title=f"Not {done.lower()}", severity="error", timeout=10
            )
        else:
            screen.app.call_from_thread(screen.notify, message, title=done)
        then()

    def answered(yes: bool | None) -> None:
        if yes:
            screen.run_worker(work, thread=True, exclusive=True, group="history")

    screen.app.push_screen(dialog, answered)


def confirm_delete_all(
    screen: Screen[Any], plan: store.DeletePlan, folder: Path | None, then: Callable[[], object]
) -> None:
    """Ask for the typed word, then delete exactly what `plan` names (and say what it left)."""

    def delete() -> str:
        from readiness.core import store

        removed = store.delete_all(folder, plan)
        left = _counted(
            len(plan.left),
            " 1 file it could not read is left as it is.",
            " {n} files it could not read are left as they are.",
        )
        return (
            f"{removed} saved result{'s' if removed != 1 else ''} deleted from this device." + left
        )

    _ask_then_delete(screen, ConfirmDeleteAllScreen(plan), delete, "Deleted", then)


def confirm_remove_incomplete(
    screen: Screen[Any], leftovers: list[Any], then: Callable[[], object]
) -> None:
    """Ask (y/n), then remove the files interrupted saves left."""

    def remove() -> str:
        from readiness.core import store

        removed = store.remove_leftovers(leftovers)
        return f"{removed} file{'s' if removed != 1 else ''} of incomplete saves removed."

    _ask_then_delete(screen, ConfirmRemoveIncompleteScreen(len(leftovers)), remove, "Removed", then)
