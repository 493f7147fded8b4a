"""Dialogs for protected saved results: unlock, turn protection on, turn it off.

Imported only when the saved-results screen needs one, and `core.protect` (with
pyrage behind it) only inside them: the first frame never pays for either.
The passphrase lives in an `Input` (shown as dots) and in the worker that uses
it; age's scrypt takes a second or two on purpose, so each worker says what is
happening ("Unlocking…") and the keys keep working (ctrl+q above all).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from readiness.app.base import plain
from readiness.app.modals import _Modal

UNLOCKING = "Unlocking…"


class _PassphraseDialog(_Modal):
    """A dialog with passphrase fields: Esc cancels (unless a worker is running).

    Each dialog says what it does with the passphrase (`change`, in a worker);
    asking, showing progress, a failure and the end are the same for all three.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", key_display="esc"),
    ]
    DEFAULT_CSS = """
    #dialog.protect-dialog { height: auto; }
    .protect-dialog Input { margin: 1 0 0 0; background: $panel; }
    .protect-dialog .problem { color: $text-error; }
    .protect-dialog .hint { color: $text-muted; }
    .protect-dialog .warning { color: $text-warning; }
    .protect-dialog #status, .protect-dialog #problem, .protect-dialog #hint { display: none; }
    """
    fields: tuple[str, ...] = ("#passphrase",)  # the passphrase boxes; the first has the focus
    failure = ""  # said when something other than a store error stops the worker
    done_title = ""  # the notice's title when done (none: nothing to say)
    unlocks = True  # done means the results are open for this sitting

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.busy = False

    def on_mount(self) -> None:
        self.query_one(self.fields[0], Input).focus()

    def _say(self, box_id: str, text: str) -> None:
        box = self.query_one(box_id, Static)
        box.update(plain(text))
        box.display = bool(text)

    def action_cancel(self) -> None:
        if not self.busy:  # a set-up cut half-way is finished next time, but not by Esc
            self.dismiss(False)

    def _begin(self, passphrase: str, doing: str) -> None:
        self.busy = True
        self._say("#problem", "")
        self._say("#status", doing)
        for name in self.fields:
            self.query_one(name, Input).disabled = True
        # after a refresh: scrypt may hold the GIL, so what is happening is drawn first
        self.call_after_refresh(self._start, passphrase)

    @work(thread=True, exclusive=True, group="protect")
    def _start(self, passphrase: str) -> None:
        from readiness.core import store

        try:
            words = self.change(passphrase)
        except store.StoreError as exc:  # ProtectError, WrongPassphraseError, a write failure
            self.app.call_from_thread(self._failed, exc.message)
        except Exception:  # noqa: BLE001 - a message, never a crash
            self.app.call_from_thread(self._failed, self.failure)
        else:
            self.app.call_from_thread(self._done, words)

    def change(self, passphrase: str) -> str:
        """In the worker: what the dialog does with the passphrase, and the words for it."""
        raise NotImplementedError

    def _failed(self, problem: str) -> None:
        """Say what went wrong in one line; the fields are cleared for another try."""
        self.busy = False
        self._say("#status", "")
        for name in self.fields:
            box = self.query_one(name, Input)
            box.disabled = False
            box.value = ""
        self.query_one(self.fields[0], Input).focus()
        self._say("#problem", problem)

    def _done(self, words: str) -> None:
        self.busy = False
        note = getattr(self.app, "note_unlocked", None)
        if self.unlocks and callable(note):
            note()
        if self.done_title:
            self.notify(words, title=self.done_title, timeout=10)
        self.dismiss(True)


class _OnePassphrase(_PassphraseDialog):
    """A dialog that asks for the passphrase once, then runs `change` in a worker."""

    heading = ""
    about = ("", "")  # what the dialog says, and its widget's id
    keys = ""

    def compose(self) -> ComposeResult:
        text, about_id = self.about
        with Vertical(id="dialog", classes="protect-dialog"):
            yield Static(self.heading, classes="title")
            yield Static(text, id=about_id)
            yield Input(password=True, compact=True, id="passphrase", placeholder="passphrase")
            yield Static("", id="status", classes="hint")
            yield Static("", id="problem", classes="problem")
            yield Static(self.keys, classes="dialog-keys")

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy:
            return
        if not event.value:
            self._say("#problem", "Type your passphrase, or press Esc.")
            return
        self._begin(event.value, UNLOCKING)


class UnlockScreen(_OnePassphrase):
    """Asks the passphrase and unlocks in a worker; dismisses True once unlocked."""

    heading = "Your saved results are protected"
    about = ("Type your passphrase to see them in this sitting.", "unlock-about")
    keys = "Enter unlocks · Esc cancels · ctrl+q quick exit"
    failure = "Could not unlock: the protection key file could not be read."

    def change(self, passphrase: str) -> str:
        from readiness.core import protect

        protect.unlock(passphrase, self.folder)
        return ""


class ProtectScreen(_PassphraseDialog):
    """Turn protection on: the passphrase twice, a strength hint, the forgotten-passphrase
    sentence, then every saved result encrypted in a worker. Dismisses with what was done."""

    fields = ("#first", "#second")
    failure = "Could not turn protection on; nothing was lost."
    done_title = "Protected"

    def compose(self) -> ComposeResult:
        from readiness.core import protect

        with Vertical(id="dialog", classes="protect-dialog"):
            yield Static("Protect your saved results", classes="title")
            yield Static(
                "Reading your saved results will then ask for this passphrase once "
                "per sitting; saving will not.",
                id="protect-about",
            )
            yield Input(
                password=True,
                compact=True,
                id="first",
                placeholder=f"passphrase (at least {protect.MIN_PASSPHRASE} characters)",
            )
            yield Static("", id="hint", classes="hint")
            yield Input(
                password=True, compact=True, id="second", placeholder="the same passphrase again"
            )
            yield Static(plain(protect.FORGOTTEN_WARNING), id="forgotten", classes="warning")
            yield Static("", id="status", classes="hint")
            yield Static("", id="problem", classes="problem")
            yield Static("Enter goes on · Esc cancels · ctrl+q quick exit", classes="dialog-keys")

    @on(Input.Changed, "#first")
    def _changed(self, event: Input.Changed) -> None:
        from readiness.core import protect

        self._say("#hint", protect.strength_hint(event.value) if event.value else "")

    @on(Input.Submitted, "#first")
    def _first(self, event: Input.Submitted) -> None:
        from readiness.core import protect

        event.stop()
        if len(event.value) < protect.MIN_PASSPHRASE:
            self._say("#problem", f"Use at least {protect.MIN_PASSPHRASE} characters.")
            return
        self._say("#problem", "")
        self.query_one("#second", Input).focus()

    @on(Input.Submitted, "#second")
    def _second(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy:
            return
        if event.value != self.query_one("#first", Input).value:
            self._failed("The two passphrases are not the same; type it again.")
            return
        self._begin(event.value, "Protecting your saved results…")

    def change(self, passphrase: str) -> str:
        from readiness.core import protect

        return progress_words(protect.set_up(passphrase, self.folder), on=True)


class TurnOffScreen(_OnePassphrase):
    """Turn protection off: the passphrase, then every protected result made plain again."""

    heading = "Turn protection off?"
    about = (
        "Your saved results will be kept as plain files again, readable by anyone "
        "who can open this account's files. Type your passphrase to go on.",
        "off-about",
    )
    keys = "Enter turns it off · Esc keeps it on · ctrl+q quick exit"
    failure = "Could not turn protection off; nothing was lost."
    done_title = "Protection off"
    unlocks = False

    def change(self, passphrase: str) -> str:
        from readiness.core import protect

        try:
            protect.unlock(passphrase, self.folder)
            self.app.call_from_thread(self._say, "#status", "Turning protection off…")
            return progress_words(protect.turn_off(self.folder), on=False)
        finally:
            protect.lock()


def progress_words(progress: Any, *, on: bool) -> str:
    """What a `protect.Progress` did, in a sentence or two."""
    n = progress.converted + progress.finished
    if not n:
        text = "Protection is on. New saves are kept encrypted." if on else "Protection is off."
    else:
        kept = "now kept encrypted" if on else "kept as plain files again"
        results = f"{n} saved result{'s' if n != 1 else ''}"
        text = f"Protection is {'on' if on else 'off'}. {results} {kept}."
    left = len(progress.left)
    if left:
        text += (
            f" {left} file{'s' if left != 1 else ''} could not be changed and "
            f"{'were' if left != 1 else 'was'} left as {'they are' if left != 1 else 'it is'} "
            "(readiness protect says which)."
        )
    return text
