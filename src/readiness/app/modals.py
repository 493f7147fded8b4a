"""Screens that sit on top of another: help, problems in quiz files, the note before saving,
another place to export to when saving failed."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from readiness.app import services

PLAIN_COPY_NOTE = (
    "This result is protected, but the copy you export will be a plain file: anyone who "
    "can open it can read it, without your passphrase."
)


class _Modal(ModalScreen[bool]):
    """A dialog: yes or no. ctrl+q and ctrl+c need nothing here: the app's are priority
    bindings, which Textual checks above a dialog too."""

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        """No, and also "close": a dialog that only tells something answers no."""
        self.dismiss(False)


class HelpScreen(_Modal):
    BINDINGS = [
        Binding("escape,f1,q,enter,backspace", "no", "Close", key_display="esc"),
    ]

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown

        text = resources.files("readiness.app").joinpath("help.md").read_text(encoding="utf-8")
        with Vertical(id="dialog", classes="help-dialog"):
            with VerticalScroll(id="help-scroll"):
                yield Markdown(text, id="help")
            yield Static(
                "Esc closes this help · ↑↓ scroll · ctrl+q quick exit", classes="dialog-keys"
            )

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()


class ProblemsScreen(_Modal):
    BINDINGS = [
        Binding("escape,enter,b,q,backspace", "no", "Close", key_display="esc"),
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


class ShareNoteScreen(_Modal):
    """Said once per run, before the first save or export (`verb`: "save" or "export")."""

    BINDINGS = [
        Binding("enter,s,y", "yes", "Go on", key_display="↵"),
        Binding("escape,n,backspace", "no", "Don't", key_display="esc"),
    ]

    def __init__(self, verb: str = "save") -> None:
        super().__init__()
        self.verb = verb

    def compose(self) -> ComposeResult:
        copy = "a saved summary" if self.verb == "save" else "an exported copy, wherever you put it"
        with Vertical(id="dialog", classes="share-dialog"):
            yield Static(f"Before you {self.verb}", classes="title")
            yield Static(
                "This device may be shared: anyone who can open this account's files "
                f"could read {copy}.",
                id="share-note",
            )
            yield Static(
                f"Enter {self.verb}s · Esc doesn't {self.verb} · ctrl+q quick exit",
                classes="dialog-keys",
            )


SAFER_SAVE_RISK = (
    "Saved results can be read by anyone who can use this account on this device, "
    "and the dates on them show that this app was used. Nothing about the safety check "
    "is ever saved, but the results themselves are."
)
LEAVE_WITHOUT_TRACE = (
    "To leave without a trace, don't save and press ctrl+q: nothing from this sitting "
    "is written anywhere and nothing stays on the screen. (Your terminal may still "
    "remember that the readiness command was run.)"
)


class LeaveResultsScreen(_Modal):
    """Asked before an unsaved result is left for the list of quizzes: it cannot be had back.

    One key confirms: y, as in every dialog here; n, Esc and Enter stay, so a
    hurried key never loses the results.
    """

    BINDINGS = [
        Binding("y", "yes", "Leave", key_display="y"),
        Binding("n,escape,enter,backspace", "no", "Stay", key_display="n"),
    ]

    def __init__(self, private: bool) -> None:
        super().__init__()
        self.private = private

    def compose(self) -> ComposeResult:
        if self.private:
            why = "Private mode is on, so these results are not kept anywhere: once you leave them, they are gone."
        else:
            why = (
                "These results are not saved, so once you leave them they are gone. "
                "Esc takes you back to them, where s saves them."
            )
        with Vertical(id="dialog", classes="share-dialog"):
            yield Static("Leave these results?", classes="title")
            yield Static(why, id="leave-why")
            yield Static("y leaves · n or Esc stays · ctrl+q quick exit", classes="dialog-keys")


class SaferSaveScreen(_Modal):
    """Asked before every save after a concern, a crisis or a declined question.

    Not saving is the default: Enter and Esc both leave without saving, and
    only a different key (y) saves, so a save is never one hurried key away.
    """

    BINDINGS = [
        Binding("y", "yes", "Save anyway"),
        Binding("enter,escape,n,backspace,s", "no", "Don't save", key_display="↵"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="share-dialog safer-save"):
            yield Static("Keep these results on this device?", classes="title")
            yield Static(SAFER_SAVE_RISK, id="save-risk")
            yield Static(LEAVE_WITHOUT_TRACE, id="leave-trace")
            yield Static(
                "Enter or Esc: don't save (nothing is written) · y: save anyway · ctrl+q: quick exit",
                classes="dialog-keys",
            )


class PlainCopyScreen(_Modal):
    """Before a protected saved result is exported: the copy will not be protected.
    y goes on; n, Esc and Enter don't, so a hurried key never writes a plain copy."""

    BINDINGS = [
        Binding("y", "yes", "Export a plain copy", key_display="y"),
        Binding("n,escape,enter,backspace", "no", "Don't export", key_display="n"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="share-dialog"):
            yield Static("Export a plain copy?", classes="title")
            yield Static(PLAIN_COPY_NOTE, id="plain-copy-note")
            yield Static("y exports · n or Esc doesn't · ctrl+q quick exit", classes="dialog-keys")


class ExportScreen(ModalScreen["services.Exported | None"]):
    """Saving failed (`problem` says why): offer another place for the summary and the
    record; without a problem, put a saved result somewhere the person chooses.

    Enter exports both files there (0600); a failure is shown here and the
    person can try another place. Esc cancels; the result stays on screen.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", key_display="esc"),
    ]

    def __init__(
        self,
        suggestion: str,
        export: Callable[[str], services.Exported],
        problem: str | None = None,
    ) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.export = export
        self.problem = problem  # why saving failed; None: a copy of a saved result

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="export-dialog"):
            if self.problem is not None:
                yield Static("Save somewhere else", classes="title")
                yield Static(escape(self.problem), id="export-problem", classes="save-problem")
                about = "Your results are still here. You can put them in another place instead: "
            else:
                yield Static("Export this saved result", classes="title")
                about = "Type where to put a copy: "
            yield Static(
                about + "the summary (.md) and the record (.json) are written side by side, "
                "readable by your account only.",
                id="export-about",
            )
            yield Input(self.suggestion, id="export-path", select_on_focus=False)
            yield Static("", id="export-error", classes="save-problem")
            yield Static("Enter exports · Esc cancels · ctrl+q quick exit", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#export-error").display = False
        box = self.query_one("#export-path", Input)
        box.focus()
        box.cursor_position = len(box.value)

    def on_input_submitted(self, event: Any) -> None:
        event.stop()
        try:
            exported = self.export(event.value)
        except services.ExportError as exc:
            error = self.query_one("#export-error", Static)
            error.update(escape(f"Not exported: {exc}"))
            error.display = True
            return
        self.dismiss(exported)

    def action_cancel(self) -> None:
        self.dismiss(None)
