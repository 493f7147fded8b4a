"""The saved-results list: newest first, the change of the highlighted one over time, deleting.

Why it is built this way:

* The list is read in a worker thread (`store.list_saved`, which uses the
  store's index), so the screen's first frame never waits on the disk, even
  with thousands of saved results. A `DataTable` (`saved_table.py`) draws only
  the rows in view; its rows and the panel's text are made to fit the width in
  `history_text.py`. A resize that changes the layout makes the rows again.
* Change over time is worked out from the list's headlines (no file is opened):
  the panel under the list follows the highlighted result and shows, for each
  dimension, its change since the time before and a sparkline.
* One result opens in `saved_result.py`, in the same view as the live results.
* Deleting asks first (`delete_dialogs.py`): one result (the Delete key) with y/n,
  all of them (A) by typing "delete"; d means details here as on every result.
  "Delete all" deletes exactly the results listed (a `store.DeletePlan`) and
  says which files it leaves.
* Protected results (issue 16): while they are locked the list shows nothing
  and the unlock dialog (`protect_dialogs.py`) opens; u opens it again. p turns
  protection on (or off, when it is on). "Delete all" works while locked: the
  protected files go by name, no passphrase needed.
* c compares two results of one quiz: c marks the highlighted one, then c on
  another (of the same quiz) shows both side by side (`compare_screen.py`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

# The light base home uses: no answer widgets, no quiz engine before the first frame.
from readiness.app.bars import Footer
from readiness.app.base import FlowScreen, outside, plain
from readiness.app.delete_dialogs import (
    confirm_delete,
    confirm_delete_all,
    confirm_remove_incomplete,
)
from readiness.app.history_text import (
    FIRST_CHUNK,
    PAGE_GUTTER,
    SPARK_POINTS,
    Listing,
    TableLayout,
    long_date,
    trend_text,
)
from readiness.app.saved_result import SavedResultScreen

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from readiness.app.saved_table import SavedTable
    from readiness.core import history, store


# ------------------------------------------------------------------ the list


class HistoryScreen(FlowScreen):
    """Saved results, newest first, with the change of each dimension over time."""

    BINDINGS = [
        Binding("enter", "open", "Open", key_display="↵"),
        Binding("escape,backspace", "back", "Back", key_display="esc"),
        Binding("d", "open", "Details", show=False),  # d is details on every result screen
        Binding("delete", "delete", "Delete", key_display="del"),
        Binding("A", "delete_all", "Delete all", key_display="A"),
        Binding("c", "compare", "Compare"),
        Binding("u", "unlock", "Unlock"),
        Binding("p", "protect", "Protect", show=False),
        Binding("p", "protection_off", "Protection off", show=False),
        Binding("x", "remove_incomplete", "Remove incomplete saves", show=False),
        Binding("f1", "app.help", "Help"),
    ]
    DEFAULT_CSS = """
    HistoryScreen #page { layout: vertical; padding-bottom: 0; }
    HistoryScreen #saved {
        height: auto; max-height: 50%; min-height: 5; scrollbar-size-vertical: 1;
    }
    HistoryScreen #trend-box {
        height: 1fr; min-height: 5; margin-top: 1; display: none;
        scrollbar-size-vertical: 1; scrollbar-gutter: stable;
    }
    HistoryScreen #skipped, HistoryScreen #privacy-notes { color: $text-warning; display: none; }
    """

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.summaries: list[store.SavedSummary] = []
        self.notices: list[store.Notice] = []
        self.listing = Listing.build([], [])
        self.loaded = False
        self.load_count = 0  # how many times the list has been (re)read; tests wait on it
        self._trend_id: str | None = None
        self._keep_row = 0
        self.locked = False  # protected results, not unlocked: nothing listed
        self.protected = False
        self._asked_unlock = False  # the unlock dialog opens by itself once
        self.marked: str | None = None  # the first result of a comparison

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="page"):
            yield Static("Reading your saved results…", id="history-status", classes="lead")
            # The table comes with the list (`_table`): its styles are the costliest
            # part of the first frame, which has no rows to show yet anyway.
            with VerticalScroll(id="trend-box"):
                yield Static("", id="trend")
            yield Static("", id="skipped")
            yield Static("", id="privacy-notes", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.title = "Saved results"
        # After the first frame: even the worker's CPU time (it shares the GIL with
        # this thread) must not delay it, so the read starts once the screen is drawn.
        self.call_after_refresh(self.load)

    # ------------------------------------------------------------ loading
    @work(thread=True, exclusive=True, group="history")
    def load(self) -> None:
        """Read the list off the main thread so the first frame never waits on the disk."""
        self._read_list()

    def _read_list(self) -> None:
        """In a worker: the list, then what else the folder holds, each shown when read."""
        from readiness.core import protect, store

        private = bool(getattr(self.app, "private", False))  # private: nothing written at all
        self.protected = protect.is_protected(self.folder)
        try:
            summaries, notices = store.list_saved(self.folder, write_index=not private)
            problem = None
            self.locked = False
        except protect.LockedError:
            self.app.call_from_thread(self._locked)  # type: ignore[arg-type]
            self._report_folder()
            return
        except store.StoreError as exc:  # pragma: no cover - list_saved reports, not raises
            summaries, notices, problem = [], [], str(exc)
        listing = Listing.build(summaries, notices, self.size.width)
        self.app.call_from_thread(self._loaded, listing, problem)  # type: ignore[arg-type]
        self._report_folder()

    async def _table(self) -> SavedTable:
        """The list's table, mounted the first time the list is shown."""
        table = self._table_if_shown()
        if table is not None:
            return table
        from readiness.app.saved_table import SavedTable

        table = SavedTable()
        table.display = False
        await self.query_one("#page").mount(table, after="#history-status")
        return table

    def _status_text(self) -> str:
        n = len(self.summaries)
        text = f"{n} saved results, newest first; Enter opens one."
        if n == 1:
            text = "1 saved result; Enter opens it."
        room = self.size.width - PAGE_GUTTER
        if self.protected:
            choices = [" Protected with your passphrase.", " Protected."]
        elif getattr(self.app, "private", False):
            choices = [" Private to your account."]
        else:
            choices = [
                " Private to your account; p protects them with a passphrase.",
                " Private to your account.",
            ]
        more = next((c for c in choices if cell_len(text + c) <= room), "")
        return text + more

    async def _locked(self) -> None:
        """Protected and locked: nothing listed, and the passphrase asked (once by itself)."""
        self.locked = True
        self.marked = None
        await self._loaded(Listing.build([], [], self.size.width), None)
        self.query_one("#history-status", Static).update(
            "Your saved results are protected. Press u to unlock them with your passphrase."
        )
        if not self._asked_unlock:
            self._asked_unlock = True
            self.action_unlock()

    async def _loaded(self, listing: Listing, problem: str | None) -> None:
        table = await self._table()
        self.listing = listing
        self.summaries = summaries = listing.summaries
        self.notices = notices = listing.notices
        table.fill(summaries, listing.make_row, listing.rows)  # row n is self.summaries[n]
        status = self.query_one("#history-status", Static)
        if problem:
            status.update(plain(problem))
        elif not summaries:
            status.update(
                "No saved results yet. Nothing is saved unless you choose to: "
                "press s on the results of a quiz to keep them here."
            )
        else:
            status.update(self._status_text())
        table.display = bool(summaries)
        self.query_one("#trend-box").display = bool(summaries)
        skipped = self.query_one("#skipped", Static)
        if notices:
            n = len(notices)
            skipped.update(
                f"{n} file{'s' if n != 1 else ''} could not be read; left as "
                f"{'they are' if n != 1 else 'it is'} (see `readiness history`)."
            )
        skipped.display = bool(notices)
        self.loaded = True
        self.load_count += 1
        if summaries:
            # After a delete, stay where the person was rather than jump to the top.
            row = min(self._keep_row, len(summaries) - 1, FIRST_CHUNK - 1)
            self._keep_row = 0
            table.move_cursor(row=row)
            table.focus()
            self._show_trend(summaries[row].id)
        self.refresh_bindings()

    # ------------------------------------------------------------ the panel
    def _current_id(self) -> str | None:
        table = self._table_if_shown()
        if table is not None and table.display and 0 <= table.cursor_row < len(self.summaries):
            return self.summaries[table.cursor_row].id
        return None

    def _table_if_shown(self) -> SavedTable | None:
        saved_table = sys.modules.get("readiness.app.saved_table")
        if saved_table is None:
            return None  # no table was ever made
        return next(iter(self.query("#saved").results(saved_table.SavedTable)), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "saved" and 0 <= event.cursor_row < len(self.summaries):
            self._show_trend(self.summaries[event.cursor_row].id)

    def trend_for(
        self, record_id: str
    ) -> tuple[store.SavedSummary, history.QuizTrend | None, int, int]:
        """(summary, trend as of it, its number among this quiz's results, how many there are)."""
        from readiness.core import history

        summary = self.listing.by_id[record_id]
        rows = self.listing.by_quiz.get(summary.quiz_id, [summary])
        index = self.listing.position.get(record_id, len(rows) - 1)
        window = rows[max(0, index - SPARK_POINTS + 1) : index + 1]
        trend = history.changes_since_previous(window, summary.quiz_id) if len(window) > 1 else None
        return summary, trend, index + 1, len(rows)

    def _show_trend(self, record_id: str) -> None:
        if record_id not in self.listing.by_id:
            return
        self._trend_id = record_id
        summary, trend, number, total = self.trend_for(record_id)
        panel = self.query_one("#trend", Static)
        # The box keeps a gutter for its scrollbar, so this width holds when it scrolls.
        width = panel.content_size.width or self.size.width - PAGE_GUTTER - 1
        panel.update(trend_text(summary, trend, number, total, width))

    def on_resize(self) -> None:
        if self.loaded and self.summaries:
            self._relayout()
        if self._trend_id is not None:
            self.call_after_refresh(self._show_trend, self._trend_id)

    def _relayout(self) -> None:
        """Make the rows again if the new width calls for other column widths."""
        table = self._table_if_shown()
        layout = TableLayout.for_width(self.size.width, self.listing.titles)
        if table is not None and table.relayout(layout):
            self.query_one("#history-status", Static).update(self._status_text())

    # ------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_all":
            return bool(self.loaded and (self.summaries or self.locked))
        if action in ("open", "delete"):
            return bool(self.loaded and self.summaries)
        if action == "compare":
            return bool(self.loaded and len(self.summaries) > 1)
        if action == "unlock":
            return self.locked
        private = bool(getattr(self.app, "private", False))
        if action == "protect":
            return self.loaded and not self.protected and not private
        if action == "protection_off":
            return self.loaded and self.protected and not private
        return True

    # ------------------------------------------------------------ protection
    def action_unlock(self) -> None:
        from readiness.app.protect_dialogs import UnlockScreen

        if not isinstance(self.app.screen, UnlockScreen):
            self.app.push_screen(UnlockScreen(self.folder), self._reload_if)

    def action_protect(self) -> None:
        from readiness.app.protect_dialogs import ProtectScreen

        self.app.push_screen(ProtectScreen(self.folder), self._reload_if)

    def action_protection_off(self) -> None:
        from readiness.app.protect_dialogs import TurnOffScreen

        self.app.push_screen(TurnOffScreen(self.folder), self._reload_if)

    def _reload_if(self, changed: bool | None) -> None:
        """After a protection dialog: read the list again if it unlocked or changed anything."""
        if changed:
            self.load()

    # ------------------------------------------------------------ compare
    def action_compare(self) -> None:
        """c marks the highlighted result; c on another of the same quiz compares the two."""
        record_id = self._current_id()
        if record_id is None:
            return
        by_id = self.listing.by_id
        if self.marked is None or self.marked not in by_id:
            self.marked = record_id
            summary = by_id[record_id]
            self.query_one("#history-status", Static).update(
                f"Compare {plain(summary.quiz_title)} of {plain(long_date(summary))} with: "
                "move to another result of this quiz and press c (Esc stops)."
            )
            return
        if self.marked == record_id:
            self._unmark()
            return
        from readiness.core import compare, store

        try:
            comparison = compare.compare(by_id[self.marked], by_id[record_id])
        except store.StoreError as exc:
            self.notify(exc.message, title="Not compared")
            return
        from readiness.app.compare_screen import CompareScreen

        self._unmark()
        self.app.push_screen(CompareScreen(comparison))

    def _unmark(self) -> None:
        self.marked = None
        self.query_one("#history-status", Static).update(self._status_text())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "saved":
            self.action_open()

    def action_open(self) -> None:
        record_id = self._current_id()
        if record_id is None:
            return
        summary, trend, number, total = self.trend_for(record_id)
        self.app.push_screen(
            SavedResultScreen(summary, trend, number, total, folder=self.folder), self._deleted
        )

    def action_delete(self) -> None:
        record_id = self._current_id()
        if record_id is not None:
            confirm_delete(self, self.listing.by_id[record_id], self.folder, self._deleted)

    def _deleted(self, deleted: bool | None = True) -> None:
        """One result gone (from here, or from its own screen when it says so): read the list
        again, in the same place."""
        if deleted:
            table = self._table_if_shown()
            self._keep_row = table.cursor_row if table is not None else 0
            self.load()

    def action_delete_all(self) -> None:
        from readiness.core import store

        if self.locked:  # no list to show: protected results go by name, no passphrase needed
            plan = store.plan_delete_all(self.folder)
        elif not self.summaries:
            return
        else:  # exactly what the list shows: the count asked about is the count deleted
            plan = store.plan_delete_all(self.folder, self.summaries, self.notices)
        confirm_delete_all(self, plan, self.folder, self._read_list)

    def action_back(self) -> None:
        if self.marked is not None:  # Esc first stops a comparison being chosen
            self._unmark()
            return
        self.app.pop_screen()

    # ------------------------------------------------------------ incomplete saves
    # Files an interrupted save left (a temporary file, a summary without its
    # record) may hold answers: shown here with a key to remove them, never hidden.
    incomplete: list[Any] = []

    def _report_folder(self) -> None:
        """In the worker: what the folder holds besides the list (incomplete saves, and
        anything others could read, as `readiness history` says), shown under it."""
        from readiness.core import store

        leftovers = store.list_leftovers(self.folder)
        try:
            notes = store.privacy_notes(self.folder)
        except OSError:
            notes = []
        self.app.call_from_thread(self._show_incomplete, leftovers)  # type: ignore[arg-type]
        self.app.call_from_thread(self._show_privacy_notes, notes)

    def _show_privacy_notes(self, notes: list[str]) -> None:
        """The store's notes on modes looser than private: said plainly, never changed for the person."""
        box = self.query_one("#privacy-notes", Static)
        box.update("\n".join(f"Note: {outside(note)}" for note in notes))
        box.display = bool(notes)

    async def _show_incomplete(self, leftovers: list[Any]) -> None:
        from textual.css.query import NoMatches

        self.incomplete = leftovers
        try:
            box = self.query_one("#incomplete", Static)
        except NoMatches:
            box = Static("", id="incomplete", markup=False)
            await self.query_one("#page").mount(box, after="#history-status")
        n = len(leftovers)
        box.update(
            f"Incomplete saves: {n} file{'s' if n != 1 else ''} left by a save that was cut "
            f"off ({'they' if n != 1 else 'it'} may hold answers). Press x to remove "
            f"{'them' if n != 1 else 'it'}."
        )
        box.display = bool(leftovers)
        self.refresh_bindings()

    def action_remove_incomplete(self) -> None:
        if self.incomplete:
            confirm_remove_incomplete(self, list(self.incomplete), self._report_folder)
