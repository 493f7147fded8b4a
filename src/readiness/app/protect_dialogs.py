"""Dialogs for protected saved results: unlock, turn protection on, turn it off.

Imported only when the saved-results screen needs one, and `core.protect` (with
pyrage behind it) only inside them: the first frame never pays for either.
The passphrase lives in an `Input` (shown as dots) and in the worker that uses
it; age's scrypt takes a second or two on purpose, so each worker says what is
happening ("Unlocking…") and the keys keep working (ctrl+q above all).
"""

from __future__ import annotations

from collections.abc import Callable
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
    """A dialog with passphrase fields: Esc cancels (unless a worker is running)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", key_display="esc"),
    ]
    DEFAULT_CSS = """
    #dialog.protect-dialog { height: auto; }
    .protect-dialog Input { margin: 1 0 0 0; background: $panel; }
    .protect-dialog .problem { color: $text-error; }
    .protect-dialog .hint { color: $text-muted; }
    .protect-dialog .warning { color: $text-warning; }
    """

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.busy = False

    def _problem(self, text: str) -> None:
        box = self.query_one("#problem", Static)
        box.update(plain(text))
        box.display = bool(text)

    def _status(self, text: str) -> None:
        box = self.query_one("#status", Static)
        box.update(plain(text))
        box.display = bool(text)

    def action_cancel(self) -> None:
        if not self.busy:  # a set-up cut half-way is finished next time, but not by Esc
            self.dismiss(False)


class _OnePassphrase(_PassphraseDialog):
    """A dialog that asks for the passphrase once, then runs `start` in a worker."""

    def on_mount(self) -> None:
        self._status("")
        self._problem("")
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy:
            return
        if not event.value:
            self._problem("Type your passphrase, or press Esc.")
            return
        self.busy = True
        self._problem("")
        self._status(UNLOCKING)
        event.input.disabled = True
        # after a refresh: scrypt may hold the GIL, so "Unlocking…" is drawn first
        self.call_after_refresh(self.start, event.value)

    start: Callable[[str], object]
    """What the dialog does with the passphrase (a worker in each dialog)."""

    def _failed(self, problem: str) -> None:
        """Say what went wrong in one line; the field is cleared for another try."""
        self.busy = False
        self._status("")
        box = self.query_one("#passphrase", Input)
        box.disabled = False
        box.value = ""
        box.focus()
        self._problem(problem)


class UnlockScreen(_OnePassphrase):
    """Asks the passphrase and unlocks in a worker; dismisses True once unlocked."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="protect-dialog"):
            yield Static("Your saved results are protected", classes="title")
            yield Static("Type your passphrase to see them in this sitting.", id="unlock-about")
            yield Input(password=True, compact=True, id="passphrase", placeholder="passphrase")
            yield Static("", id="status", classes="hint")
            yield Static("", id="problem", classes="problem")
            yield Static("Enter unlocks · Esc cancels · ctrl+q quick exit", classes="dialog-keys")

    @work(thread=True, exclusive=True, group="protect")
    def start(self, passphrase: str) -> None:
        from readiness.core import protect

        problem = None
        try:
            protect.unlock(passphrase, self.folder)
        except protect.ProtectError as exc:  # WrongPassphraseError is one
            problem = exc.message
        except Exception:  # noqa: BLE001 - a message, never a crash
            problem = "Could not unlock: the protection key file could not be read."
        self.app.call_from_thread(self._done, problem)

    def _done(self, problem: str | None) -> None:
        if problem is not None:
            self._failed(problem)
            return
        self.busy = False
        self.rapp_unlocked()
        self.dismiss(True)

    def rapp_unlocked(self) -> None:
        note = getattr(self.app, "note_unlocked", None)
        if callable(note):
            note()


class ProtectScreen(_PassphraseDialog):
    """Turn protection on: the passphrase twice, a strength hint, the forgotten-passphrase
    sentence, then every saved result encrypted in a worker. Dismisses with what was done."""

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

    def on_mount(self) -> None:
        self._status("")
        self._problem("")
        self.query_one("#hint").display = False
        self.query_one("#first", Input).focus()

    @on(Input.Changed, "#first")
    def _changed(self, event: Input.Changed) -> None:
        from readiness.core import protect

        hint = self.query_one("#hint", Static)
        hint.update(plain(protect.strength_hint(event.value)) if event.value else "")
        hint.display = bool(event.value)

    @on(Input.Submitted, "#first")
    def _first(self, event: Input.Submitted) -> None:
        from readiness.core import protect

        event.stop()
        if len(event.value) < protect.MIN_PASSPHRASE:
            self._problem(f"Use at least {protect.MIN_PASSPHRASE} characters.")
            return
        self._problem("")
        self.query_one("#second", Input).focus()

    @on(Input.Submitted, "#second")
    def _second(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy:
            return
        first = self.query_one("#first", Input)
        if event.value != first.value:
            self._problem("The two passphrases are not the same; type it again.")
            event.input.value = ""
            first.value = ""
            first.focus()
            return
        self.busy = True
        self._problem("")
        self._status("Protecting your saved results…")
        first.disabled = True
        event.input.disabled = True
        # after a refresh: scrypt may hold the GIL, so "Unlocking…" is drawn first
        self.call_after_refresh(self._set_up, event.value)

    @work(thread=True, exclusive=True, group="protect")
    def _set_up(self, passphrase: str) -> None:
        from readiness.core import protect, store

        try:
            progress = protect.set_up(passphrase, self.folder)
        except store.StoreError as exc:  # ProtectError, WrongPassphraseError, a write failure
            self.app.call_from_thread(self._failed, exc.message)
            return
        except Exception:  # noqa: BLE001 - a message, never a crash
            self.app.call_from_thread(
                self._failed, "Could not turn protection on; nothing was lost."
            )
            return
        self.app.call_from_thread(self._done, progress_words(progress, on=True))

    def _failed(self, problem: str) -> None:
        self.busy = False
        self._status("")
        for name in ("#first", "#second"):
            box = self.query_one(name, Input)
            box.disabled = False
            box.value = ""
        self.query_one("#first", Input).focus()
        self._problem(problem)

    def _done(self, words: str) -> None:
        self.busy = False
        note = getattr(self.app, "note_unlocked", None)
        if callable(note):
            note()
        self.notify(words, title="Protected", timeout=10)
        self.dismiss(True)


class TurnOffScreen(_OnePassphrase):
    """Turn protection off: the passphrase, then every protected result made plain again."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="protect-dialog"):
            yield Static("Turn protection off?", classes="title")
            yield Static(
                "Your saved results will be kept as plain files again, readable by anyone "
                "who can open this account's files. Type your passphrase to go on.",
                id="off-about",
            )
            yield Input(password=True, compact=True, id="passphrase", placeholder="passphrase")
            yield Static("", id="status", classes="hint")
            yield Static("", id="problem", classes="problem")
            yield Static(
                "Enter turns it off · Esc keeps it on · ctrl+q quick exit", classes="dialog-keys"
            )

    @work(thread=True, exclusive=True, group="protect")
    def start(self, passphrase: str) -> None:
        from readiness.core import protect, store

        try:
            protect.unlock(passphrase, self.folder)
            self.app.call_from_thread(self._status, "Turning protection off…")
            progress = protect.turn_off(self.folder)
        except store.StoreError as exc:
            self.app.call_from_thread(self._failed, exc.message)
            return
        except Exception:  # noqa: BLE001 - a message, never a crash
            self.app.call_from_thread(
                self._failed, "Could not turn protection off; nothing was lost."
            )
            return
        finally:
            protect.lock()
        self.app.call_from_thread(self._done, progress_words(progress, on=False))

    def _done(self, words: str) -> None:
        self.busy = False
        self.notify(words, title="Protection off", timeout=10)
        self.dismiss(True)


def progress_words(progress: Any, *, on: bool) -> str:
    """What a `protect.Progress` did, in a sentence or two."""
    n = progress.converted + progress.finished
    results = f"{n} saved result{'s' if n != 1 else ''}"
    if on:
        text = (
            f"Protection is on. {results} now kept encrypted."
            if n
            else "Protection is on. New saves are kept encrypted."
        )
    else:
        text = (
            f"Protection is off. {results} kept as plain files again."
            if n
            else "Protection is off."
        )
    left = len(progress.left)
    if left:
        text += (
            f" {left} file{'s' if left != 1 else ''} could not be changed and "
            f"{'were' if left != 1 else 'was'} left as {'they are' if left != 1 else 'it is'} "
            "(readiness protect says which)."
        )
    return text
