"""Saved results in the app: the list, one result as it was shown, change over time, deleting.

Why it is built this way:

* The list is read in a worker thread (`store.list_saved`, which uses the
  store's index), so the screen's first frame never waits on the disk, even
  with thousands of saved results. A `DataTable` draws only the rows in view.
* Every cell is made to fit the terminal's width (`TableLayout`), so nothing
  is cut off mid-number and no sideways scrolling is needed: whole parts are
  dropped ("· 9 more") before a label is shortened, and a band and its score
  are never cut. A resize that changes the layout makes the rows again.
* Changes are said in words ("12 lower"), never with a sign or a colour: on
  some dimensions higher is harder, so a sign would read as a verdict.
* A saved result is shown from its own record (titles, labels, reasons as they
  were), never from today's quiz file, in the same layout as the results screen.
* Change over time is worked out from the list's headlines (no file is opened):
  the panel under the list follows the highlighted result and shows, for each
  dimension, its change since the time before and a sparkline.
* Deleting asks first: one result with y/n, all of them by typing "delete".
  "Delete all" deletes exactly the results listed (a `store.DeletePlan`) and
  says which files it leaves.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

# The light base home uses: no answer widgets, no quiz engine before the first frame.
from readiness.app.bars import Footer
from readiness.app.base import SNAPSHOT_NOTE, FlowScreen, markdown, outside, plain

if TYPE_CHECKING:
    from textual.widgets import DataTable

    # Imported where they are used: the first frame needs neither the store nor
    # the trends, so they load with the list, in the worker.
    from readiness.core import history, store

CONFIRM_WORD = "delete"
SPARK_POINTS = 16  # how many past results a sparkline shows
FIRST_CHUNK = 200  # rows shown at once; the rest follow in chunks between frames
CHUNK = 500
PAGE_GUTTER = 4  # the page's padding, left and right
TABLE_EXTRA = 1 + 3 * 2  # the table's scrollbar, and one cell of padding each side of 3 columns
QUIZ_MIN = 20  # a quiz title this long is never cut ("Deal-breaker factors")
MIN_LABEL = 6  # a shortened label keeps at least this much ("Issues…"), or is left out


def _plain(text: Any) -> str:
    """Text from a record or a file name in a markup string: shown as is, never acted on."""
    return plain(text)


def shown_summary(summary: store.SavedSummary) -> store.SavedSummary:
    """A headline as this screen shows it: its title and band words with anything that
    could act on the terminal shown visibly (a record is a file anyone could edit).

    Done once, in the worker, before any width is measured, so the columns fit what
    is drawn. The id, quiz id and path are kept as they are: they find the files.
    """
    title = outside(summary.quiz_title)
    bands = [
        (outside(label), None if band is None else outside(band), score)
        for label, band, score in summary.bands
    ]
    if title == summary.quiz_title and bands == list(summary.bands):
        return summary
    return dataclasses.replace(summary, quiz_title=title, bands=bands)


def shown_record(value: Any) -> Any:
    """A record, every text in it made safe for the terminal (newlines kept, for bodies)."""
    from readiness.core.textsafe import terminal_safe

    if isinstance(value, str):
        return terminal_safe(value, multiline=True)
    if isinstance(value, dict):
        return {key: shown_record(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shown_record(item) for item in value]
    return value


def _long_date(summary_or_when: Any) -> str:
    from readiness.core import history

    when = getattr(summary_or_when, "taken_at", summary_or_when)
    local = history.local_date(when)
    return f"{history.short_date(when)}, {local:%H:%M}"


def _cut_words(text: str, width: int) -> str | None:
    """`text` cut after its last whole word that fits in `width` cells with "…", or None.

    Never part of a word or a number, and None when less than `MIN_LABEL` would be left.
    """
    if cell_len(text) <= width:
        return text
    words = text.split()
    kept = ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if cell_len(candidate) + 1 > width:
            break
        kept = candidate
    kept = kept.rstrip(",;:·-–—")
    if cell_len(kept) < MIN_LABEL or kept == text:
        return None
    # a quotation cut in the middle is closed again: '"We can handle it…"'
    close = '"' if kept.count('"') % 2 and cell_len(kept) + 2 <= width else ""
    return kept + "…" + close


def _value(band: str | None, score: int | None) -> str:
    """A band and its score, as one unit that is never cut: "Heavy strain 100"."""
    if band is None and score is None:
        return "not scored"
    return f"{band or 'no band'}" + (f" {score}" if score is not None else "")


def headline(bands: list[tuple[str, str | None, int | None]], width: int) -> str:
    """The bands in `width` cells: as many whole "Label: band score" parts as fit.

    Then, in order: the rest counted ("· 9 more") or marked ("…"); the first
    label cut at a word; the bands and scores alone. A band and its score are
    never cut, so no number is ever shown in half.
    """
    from readiness.core.history import short_label

    if not bands:
        return ""
    labels = [short_label(label) for label, _band, _score in bands]
    values = [_value(band, score) for _label, band, score in bands]
    full = [f"{label}: {value}" for label, value in zip(labels, values, strict=True)]
    n = len(full)

    def tails(rest: int) -> tuple[str, ...]:
        return (f" · {rest} more", " …") if rest else ("",)

    for k in range(n, 0, -1):
        for tail in tails(n - k):
            text = " · ".join(full[:k]) + tail
            if cell_len(text) <= width:
                return text
    for tail in tails(n - 1):
        room = width - cell_len(f": {values[0]}{tail}")
        cut = _cut_words(labels[0], room)
        if cut is not None:
            return f"{cut}: {values[0]}{tail}"
    for k in range(n, 0, -1):
        text = " · ".join(values[:k]) + (" …" if k < n else "")
        if cell_len(text) <= width:
            return text
    band, score = bands[0][1], bands[0][2]
    number = "" if score is None else f" {score}"
    cut = _cut_words(band or "", width - len(number))
    if cut is not None:
        return cut + number
    return number.strip() or "…"


@dataclass(frozen=True)
class TableLayout:
    """The list's column widths for one terminal width: what fits, decided once per width."""

    date_width: int  # 16: "2026-12-01 20:43"; 10: "2026-12-01" (the panel gives the time)
    quiz_width: int
    bands_width: int

    @classmethod
    def for_width(cls, width: int, titles: list[str]) -> TableLayout:
        inner = max(30, width - PAGE_GUTTER - TABLE_EXTRA)
        longest = max((cell_len(t) for t in titles), default=4)
        quiz = max(4, min(longest, max(QUIZ_MIN, inner // 3)))
        date = 16 if inner - 16 - quiz >= 30 else 10
        return cls(date, quiz, max(8, inner - date - quiz))


def _table_date(summary: store.SavedSummary, layout: TableLayout) -> str:
    from readiness.core import history

    local = history.local_date(summary.taken_at)
    return local.strftime("%Y-%m-%d %H:%M" if layout.date_width >= 16 else "%Y-%m-%d")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class RowMaker:
    """One row of the table for a layout (Text cells: a title is shown as is, never markup).

    Headlines repeat a lot (the same bands for many results), so each is made once.
    """

    def __init__(self, layout: TableLayout) -> None:
        self.layout = layout
        self._headlines: dict[tuple[Any, ...], str] = {}
        self._titles: dict[str, str] = {}

    def __call__(self, summary: store.SavedSummary) -> tuple[Text, Text, Text]:
        key = tuple(summary.bands)
        text = self._headlines.get(key)
        if text is None:
            text = self._headlines[key] = headline(summary.bands, self.layout.bands_width)
        title = self._titles.get(summary.quiz_title)
        if title is None:
            width = self.layout.quiz_width
            title = _fit(summary.quiz_title, width)
            self._titles[summary.quiz_title] = title
        return (Text(_table_date(summary, self.layout)), Text(title), Text(text))


@dataclass
class Listing:
    """Everything the list needs, worked out in the worker thread, not on the screen's.

    Only the first rows' cells are made here; the rest are made chunk by chunk
    as they go into the table (`_row`), so the list shows as soon as it is read.
    """

    summaries: list[store.SavedSummary]
    notices: list[store.Notice]
    rows: list[tuple[Text, Text, Text]]  # the first FIRST_CHUNK rows
    by_id: dict[str, store.SavedSummary]
    by_quiz: dict[str, list[store.SavedSummary]]  # oldest first
    position: dict[str, int]  # id -> index in its quiz's list
    titles: list[str]  # each quiz title once, for the layout
    make_row: RowMaker

    @classmethod
    def build(
        cls, summaries: list[store.SavedSummary], notices: list[store.Notice], width: int = 80
    ) -> Listing:
        summaries = [shown_summary(s) for s in summaries]
        by_quiz: dict[str, list[store.SavedSummary]] = {}
        for s in reversed(summaries):
            by_quiz.setdefault(s.quiz_id, []).append(s)
        titles = list({s.quiz_title: None for s in summaries})
        make_row = RowMaker(TableLayout.for_width(width, titles))
        return cls(
            summaries=summaries,
            notices=notices,
            rows=[make_row(s) for s in summaries[:FIRST_CHUNK]],
            by_id={s.id: s for s in summaries},
            by_quiz=by_quiz,
            position={s.id: i for rows in by_quiz.values() for i, s in enumerate(rows)},
            titles=titles,
            make_row=make_row,
        )


_saved_table: type[DataTable[Any]] | None = None


def saved_table_class() -> type[DataTable[Any]]:
    """The list's table class, made on first use: `DataTable` is not needed for the first frame."""
    global _saved_table
    if _saved_table is None:
        from textual.widgets import DataTable

        class SavedTable(DataTable[Any]):
            """The list: Home and End go to the newest and the oldest result, not sideways."""

            BINDINGS = [
                Binding("home", "scroll_top", "Newest", show=False),
                Binding("end", "scroll_bottom", "Oldest", show=False),
            ]

        _saved_table = SavedTable
    return _saved_table


class _Modal(ModalScreen[bool]):
    """Dialogs keep the quick exit too."""

    BINDINGS = [Binding("ctrl+q", "app.quick_exit", "Quick exit", priority=True)]
    DEFAULT_CSS = """
    #dialog.history-dialog { height: auto; }
    #confirm-word { margin: 1 0 0 0; }
    #delete-left { margin: 1 0; }
    .history-dialog .warning { color: $text-warning; }
    """


class ConfirmDeleteScreen(_Modal):
    """Delete one saved result? y / n."""

    BINDINGS = [
        Binding("y", "yes", "Delete", key_display="y"),
        Binding("n,escape,backspace", "no", "Keep it", key_display="n"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="history-dialog"):
            yield Static("Delete this saved result?", classes="title")
            yield Static(_plain(self.what), id="confirm-what")
            yield Static(
                "Its record and its summary are removed from this device. This cannot be undone.",
                classes="muted",
            )
            yield Static("y deletes · n or Esc keeps it · ctrl+q quick exit", classes="dialog-keys")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class ConfirmDeleteAllScreen(_Modal):
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
                f"{what} in {_plain(plan.folder)} are removed from this device. "
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

    def action_no(self) -> None:
        self.dismiss(False)


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


# ------------------------------------------------------------------ the list


class HistoryScreen(FlowScreen):
    """Saved results, newest first, with the change of each dimension over time."""

    BINDINGS = [
        Binding("enter", "open", "Open", key_display="↵"),
        Binding("d,delete", "delete", "Delete"),
        Binding("D", "delete_all", "Delete all", key_display="D"),
        Binding("x", "remove_incomplete", "Remove incomplete saves", show=False),
        Binding("escape,backspace", "back", "Back", key_display="esc"),
        Binding("f1", "app.help", "Help"),
    ]
    DEFAULT_CSS = """
    HistoryScreen #page { layout: vertical; padding-bottom: 0; }
    HistoryScreen #saved {
        height: auto; max-height: 50%; min-height: 5; scrollbar-size-vertical: 1;
    }
    HistoryScreen #trend-box {
        height: 1fr; min-height: 5; margin-top: 1;
        scrollbar-size-vertical: 1; scrollbar-gutter: stable;
    }
    HistoryScreen #skipped { color: $text-warning; }
    """

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.summaries: list[store.SavedSummary] = []
        self.notices: list[store.Notice] = []
        self._by_id: dict[str, store.SavedSummary] = {}
        self._by_quiz: dict[str, list[store.SavedSummary]] = {}  # oldest first
        self._position: dict[str, int] = {}  # id -> index in its quiz's list
        self.loaded = False
        self.load_count = 0  # how many times the list has been (re)read; tests wait on it
        self._generation = 0
        self._trend_id: str | None = None
        self._keep_row = 0
        self._make_row: RowMaker | None = None
        self._titles: list[str] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="page"):
            yield Static("Reading your saved results…", id="history-status", classes="lead")
            # The table comes with the list (`_table`): its styles are the costliest
            # part of the first frame, which has no rows to show yet anyway.
            with VerticalScroll(id="trend-box"):
                yield Static("", id="trend")
            yield Static("", id="skipped")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.title = "Saved results"
        self.query_one("#trend-box").display = False
        self.query_one("#skipped").display = False
        # After the first frame: even the worker's CPU time (it shares the GIL with
        # this thread) must not delay it, so the read starts once the screen is drawn.
        self.call_after_refresh(self.load)

    # ------------------------------------------------------------ loading
    @work(thread=True, exclusive=True, group="history")
    def load(self) -> None:
        """Read the list off the main thread so the first frame never waits on the disk."""
        from readiness.core import store

        private = bool(getattr(self.app, "private", False))  # private: nothing written at all
        try:
            summaries, notices = store.list_saved(self.folder, write_index=not private)
            problem = None
        except store.StoreError as exc:  # pragma: no cover - list_saved reports, not raises
            summaries, notices, problem = [], [], str(exc)
        listing = Listing.build(summaries, notices, self.size.width)
        self.app.call_from_thread(self._loaded, listing, problem)
        self.app.call_from_thread(self._show_incomplete, store.list_leftovers(self.folder))

    async def _table(self) -> DataTable[Any]:
        """The list's table, mounted the first time the list is shown."""
        table = self._table_if_shown()
        if table is not None:
            return table
        table = saved_table_class()(id="saved", cursor_type="row", zebra_stripes=True)
        table.display = False
        await self.query_one("#page").mount(table, after="#history-status")
        return table

    def _set_columns(self, table: DataTable[Any], layout: TableLayout) -> None:
        """Columns as wide as the layout says, so no row ever needs sideways scrolling."""
        table.clear(columns=True)
        table.add_column("Taken", width=layout.date_width)
        table.add_column("Quiz", width=layout.quiz_width)
        table.add_column("Bands", width=layout.bands_width)

    def _status_text(self) -> str:
        n = len(self.summaries)
        text = f"{n} saved results, newest first; Enter opens one."
        if n == 1:
            text = "1 saved result; Enter opens it."
        more = " Private to your account."
        if cell_len(text + more) <= self.size.width - PAGE_GUTTER:
            text += more
        return text

    async def _loaded(self, listing: Listing, problem: str | None) -> None:
        table = await self._table()
        self.summaries = listing.summaries
        self.notices = listing.notices
        self._by_id = listing.by_id
        self._by_quiz = listing.by_quiz
        self._position = listing.position
        self._make_row = listing.make_row
        self._titles = listing.titles
        self._generation += 1
        summaries, notices = self.summaries, self.notices
        self._set_columns(table, listing.make_row.layout)
        # Rows go in by chunks, so thousands of them never freeze the screen; rows
        # are never sorted in place, so row n is always self.summaries[n].
        self._add_rows(listing.rows, 0, self._generation)
        status = self.query_one("#history-status", Static)
        if problem:
            status.update(_plain(problem))
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
    def _add_rows(self, first: list[tuple[Text, Text, Text]], start: int, generation: int) -> None:
        if generation != self._generation:
            return  # the list was read again meanwhile
        table = self.query_one("#saved", saved_table_class())
        if start == 0:
            rows, end = first, len(first)
        else:
            end = min(start + CHUNK, len(self.summaries))
            make_row = self._make_row
            assert make_row is not None
            rows = [make_row(s) for s in self.summaries[start:end]]
        table.add_rows(rows)
        if end < len(self.summaries):
            self.set_timer(0.001, lambda: self._add_rows(first, end, generation))

    def _current_id(self) -> str | None:
        table = self._table_if_shown()
        if table is None or not self.summaries or not table.display:
            return None
        row = table.cursor_row
        if 0 <= row < len(self.summaries):
            return self.summaries[row].id
        return None

    def _table_if_shown(self) -> DataTable[Any] | None:
        if _saved_table is None:
            return None  # no table was ever made
        return next(iter(self.query("#saved").results(_saved_table)), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "saved":
            return
        if 0 <= event.cursor_row < len(self.summaries):
            self._show_trend(self.summaries[event.cursor_row].id)

    def trend_for(
        self, record_id: str
    ) -> tuple[store.SavedSummary, history.QuizTrend | None, int, int]:
        """(summary, trend as of it, its number among this quiz's results, how many there are)."""
        from readiness.core import history

        summary = self._by_id[record_id]
        rows = self._by_quiz.get(summary.quiz_id, [summary])
        index = self._position.get(record_id, len(rows) - 1)
        window = rows[max(0, index - SPARK_POINTS + 1) : index + 1]
        trend = history.changes_since_previous(window, summary.quiz_id) if len(window) > 1 else None
        return summary, trend, index + 1, len(rows)

    def _show_trend(self, record_id: str) -> None:
        if record_id not in self._by_id:
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
        layout = TableLayout.for_width(self.size.width, self._titles)
        if table is None or self._make_row is None or self._make_row.layout == layout:
            return
        self.query_one("#history-status", Static).update(self._status_text())
        row = table.cursor_row
        self._make_row = RowMaker(layout)
        self._generation += 1
        self._set_columns(table, layout)
        # The rows up to the cursor at once, so it stays on the same result; the rest by chunks.
        upto = min(len(self.summaries), max(FIRST_CHUNK, row + 1))
        first = [self._make_row(s) for s in self.summaries[:upto]]
        self._add_rows(first, 0, self._generation)
        table.move_cursor(row=row)

    # ------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "delete", "delete_all"):
            return bool(self.loaded and self.summaries)
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "saved":
            self.action_open()

    def action_open(self) -> None:
        record_id = self._current_id()
        if record_id is None:
            return
        summary, trend, number, total = self.trend_for(record_id)
        self.app.push_screen(
            SavedResultScreen(summary, trend, number, total, folder=self.folder), self._after_detail
        )

    def _after_detail(self, deleted: bool | None) -> None:
        if deleted:
            self._keep_row = self.query_one("#saved", saved_table_class()).cursor_row
            self.load()

    def action_delete(self) -> None:
        record_id = self._current_id()
        if record_id is None:
            return
        summary = self._by_id[record_id]
        what = f"{summary.quiz_title}, {_long_date(summary)}"

        def done(yes: bool | None) -> None:
            if yes:
                self._delete(record_id)

        self.app.push_screen(ConfirmDeleteScreen(what), done)

    def _delete(self, record_id: str) -> None:
        from readiness.core import store

        try:
            store.delete_saved(record_id, self.folder)
        except store.StoreError as exc:
            self.notify(str(exc), title="Not deleted", severity="error", timeout=10)
            return
        self.notify("That saved result is gone from this device.", title="Deleted")
        self._keep_row = self.query_one("#saved", saved_table_class()).cursor_row
        self.load()

    def action_delete_all(self) -> None:
        from readiness.core import store

        if not self.summaries:
            return
        # Exactly what the list shows: the count asked about is the count deleted.
        plan = store.plan_delete_all(self.folder, self.summaries, self.notices)

        def done(yes: bool | None) -> None:
            if yes:
                self._delete_all(plan)

        self.app.push_screen(ConfirmDeleteAllScreen(plan), done)

    @work(thread=True, exclusive=True, group="history")
    def _delete_all(self, plan: store.DeletePlan) -> None:
        from readiness.core import store

        try:
            removed = store.delete_all(self.folder, plan)
        except store.StoreError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Not deleted", severity="error", timeout=10
            )
        else:
            n = len(plan.left)
            left = (
                ""
                if not n
                else " 1 file it could not read is left as it is."
                if n == 1
                else f" {n} files it could not read are left as they are."
            )
            self.app.call_from_thread(
                self.notify,
                f"{removed} saved result{'s' if removed != 1 else ''} deleted from this device."
                + left,
                title="Deleted",
            )
        private = bool(getattr(self.app, "private", False))
        summaries, notices = store.list_saved(self.folder, write_index=not private)
        listing = Listing.build(summaries, notices, self.size.width)
        self.app.call_from_thread(self._loaded, listing, None)
        self.app.call_from_thread(self._show_incomplete, store.list_leftovers(self.folder))

    def action_back(self) -> None:
        self.app.pop_screen()

    # ------------------------------------------------------------ incomplete saves
    # Files an interrupted save left (a temporary file, a summary without its
    # record) may hold answers: shown here with a key to remove them, never hidden.
    incomplete: list[Any] = []

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
        leftovers = list(self.incomplete)
        if not leftovers:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._remove_incomplete(leftovers)

        self.app.push_screen(ConfirmRemoveIncompleteScreen(len(leftovers)), done)

    @work(thread=True, exclusive=True, group="history")
    def _remove_incomplete(self, leftovers: list[Any]) -> None:
        from readiness.core import store

        try:
            removed = store.remove_leftovers(leftovers)
        except store.StoreError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Not removed", severity="error", timeout=10
            )
        else:
            self.app.call_from_thread(
                self.notify,
                f"{removed} file{'s' if removed != 1 else ''} of incomplete saves removed.",
                title="Removed",
            )
        self.app.call_from_thread(self._show_incomplete, store.list_leftovers(self.folder))


class ConfirmRemoveIncompleteScreen(ConfirmDeleteScreen):
    """Remove the files interrupted saves left? y / n."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} file{'s' if count != 1 else ''} left by saves that were cut off")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="history-dialog"):
            yield Static("Remove the incomplete saves?", classes="title")
            yield Static(_plain(self.what), id="confirm-what")
            yield Static(
                "They are what a save left when it was cut off, and may hold answers. "
                "They are removed from this device. This cannot be undone.",
                classes="muted",
            )
            yield Static("y removes · n or Esc keeps them · ctrl+q quick exit", classes="dialog-keys")


def _fit(text: str, width: int) -> str:
    """Cut `text` to `width` cells with an ellipsis (0: no limit), at a word when one fits."""
    if not width or cell_len(text) <= width:
        return text
    cut = _cut_words(text, width)
    if cut is not None:
        return cut
    out = ""
    for char in text:
        if cell_len(out + char) + 1 > width:
            break
        out += char
    return out + "…"


def _first_fitting(options: list[str], width: int) -> str:
    """The first of `options` that fits in `width` cells (0: the first), else the last, cut."""
    for option in options:
        if not width or cell_len(option) <= width:
            return option
    return _fit(options[-1], width)


def _dimension_line(prefix: str, label: str, value: str, width: int, shortly: bool) -> str:
    """`prefix` then "label: value" in `width` cells; the label `shortly` (no trailing aside).

    A label that still does not fit is cut at a word, so the band and score
    always show whole.
    """
    from readiness.core.history import short_label

    short = short_label(label) if shortly else label
    line = f"{prefix}{short}: {value}"
    if not width or cell_len(line) <= width:
        return line
    room = width - cell_len(f"{prefix}: {value}")
    cut = _cut_words(short, room)
    if cut is not None:
        return f"{prefix}{cut}: {value}"
    return _fit(f"{prefix}{value}", width)


def trend_text(
    summary: store.SavedSummary,
    trend: history.QuizTrend | None,
    number: int,
    total: int,
    width: int = 0,
) -> str:
    """The panel under the list: each dimension's band, change since the time before, sparkline.

    The time before is the same for every dimension, so it is said once, in the
    heading; each line starts with the fixed-width sparkline and the change in
    words ("12 lower": no sign, no colour), so labels never push them out of
    view. Every line fits `width`: a label is said shortly before it is cut,
    and a band and its score are never cut.
    """
    from readiness.core import history

    title = f"{summary.quiz_title}, {_long_date(summary)}"
    titles = [title]
    if total > 1:
        titles = [
            f"{title} · {_ordinal(number)} of {total} saved",
            f"{title} · {_ordinal(number)} of {total}",
        ]
    titles.append(title)
    lines = [f"[b]{_plain(_first_fitting(titles, width))}[/b]"]
    changes = {d.id: d for d in trend.dimensions} if trend is not None else {}
    if trend is not None and trend.dimensions and trend.dimensions[0].since is not None:
        since = trend.dimensions[0].since
        if history.local_date(since).date() == history.local_date(summary.taken_at).date():
            when = "earlier that day"
        else:
            when = history.short_date(since, reference=summary.taken_at)
        heading = _first_fitting(
            [
                f"Change since the time before ({when}), and over time:",
                f"Since the time before ({when}), and over time:",
                f"Since {when}:",
            ],
            width,
        )
        lines.append(_plain(heading))
    points = SPARK_POINTS if not width or width >= 70 else SPARK_POINTS // 2
    spark_width = min(max((len(c.points) for c in changes.values()), default=0), points)
    words = {did: history.change_words(c.delta) for did, c in changes.items()}
    words_width = max((len(w) for w in words.values()), default=0)
    rows = []
    for did, (label, band, score) in zip(summary.dimension_ids, summary.bands, strict=False):
        value = "not enough answers" if score is None else f"{band or 'no band'} ({score})"
        change = changes.get(did)
        prefix = "  "
        if change is not None:
            spark = change.sparkline(points).rjust(spark_width)
            prefix = f"  {spark} {words[did]:>{words_width}}  "
        rows.append((prefix, label, value))
    # Every label in full if they all fit, else every one shortly: a label's
    # aside ("as you see it") is never there for some and gone for others.
    shortly = bool(width) and any(cell_len(f"{p}{la}: {v}") > width for p, la, v in rows)
    for prefix, label, value in rows:
        lines.append(_plain(_dimension_line(prefix, label, value, width, shortly)))
    if total <= 1:
        lines.append(
            "[dim]The only saved result of this quiz: save it again another time to see "
            "how things change.[/dim]"
        )
    elif number == 1:
        lines.append(
            "[dim]The first saved result of this quiz: nothing before it to compare.[/dim]"
        )
    return "\n".join(lines)


# ------------------------------------------------------------ one result


_NOTES_RE = re.compile(r"^## Your notes\s*$(.*?)(?=^## |^---\s*$|\Z)", re.M | re.S)


def notes_markdown(record: dict[str, Any], saved_markdown: str | None) -> str | None:
    """The person's own words: from the record if it carries them, else from the saved summary.

    The contract's record keeps answers but not the question texts, so the
    summary written beside it (which had them) is the faithful source.
    """
    notes = record.get("notes")
    if isinstance(notes, list) and notes:
        parts = []
        for note in notes:
            if isinstance(note, dict):
                parts.append(f"**{note.get('question', '')}**\n")
                parts.extend(f"> {row}" for row in str(note.get("answer", "")).splitlines())
                parts.append("")
        return "\n".join(parts).strip() or None
    if saved_markdown:
        match = _NOTES_RE.search(saved_markdown)
        if match and match.group(1).strip():
            return match.group(1).strip()
    return None


class SavedResultScreen(FlowScreen):
    """One saved result, laid out as the results screen showed it, from its own record."""

    BINDINGS = [
        Binding("escape,backspace,left", "back", "Back", key_display="esc"),
        Binding("d,delete", "delete", "Delete"),
        Binding("f1", "app.help", "Help"),
    ]
    DEFAULT_CSS = """
    SavedResultScreen .change { color: $text-muted; }
    """

    def __init__(
        self,
        summary: store.SavedSummary,
        trend: history.QuizTrend | None = None,
        number: int = 1,
        total: int = 1,
        *,
        folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.trend = trend
        self.number = number
        self.total = total
        self.folder = folder
        self.record: dict[str, Any] | None = None
        self.problem: str | None = None
        self.saved_markdown: str | None = None
        self.opened = False
        """True once the record has been read (in a worker) and shown; tests wait on it."""

    @work(thread=True, exclusive=True, group="saved-result")
    def read_record(self) -> None:
        """Read the record and its summary off the UI thread: a huge or slow file must
        never stop the keys (ctrl+q above all) from working while it is read."""
        from readiness.core import store
        from readiness.core.textsafe import terminal_safe

        record = saved_markdown = problem = None
        try:
            record = shown_record(store.load_saved(self.summary.id, self.folder))
            saved_markdown = store.load_saved_markdown(self.summary.id, self.folder)
            if isinstance(saved_markdown, str):
                saved_markdown = terminal_safe(saved_markdown, multiline=True)
        except store.StoreError as exc:
            record, problem = None, str(exc)
        except Exception:  # noqa: BLE001 - an odd file is a message, never a crash
            record, problem = None, "Cannot open this saved result: its file could not be read."
        self.app.call_from_thread(self._record_read, record, saved_markdown, problem)

    async def _record_read(self, record: Any, saved_markdown: str | None, problem: str | None) -> None:
        self.record, self.saved_markdown, self.problem = record, saved_markdown, problem
        self.opened = True
        await self.recompose()
        self.query_one("#page").focus()

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="page"):
            if not self.opened:
                yield Static("Opening this saved result…", id="opening", classes="muted")
            elif self.record is None:
                yield Static("This saved result cannot be opened", classes="title")
                yield Static(_plain(self.problem or ""), id="problem")
                yield Static("Press d to delete it, or Esc to go back.", classes="muted")
            else:
                yield from self._result(self.record)
        yield Footer()

    def _result(self, record: dict[str, Any]) -> ComposeResult:
        from readiness.core import history

        quiz = record.get("quiz") or {}
        title = quiz.get("title") or quiz.get("id") or "Saved result"
        yield Static(f"Your snapshot: {_plain(title)}", classes="title")
        when = history.short_date(self.summary.taken_at)
        yield Static(
            f"{SNAPSHOT_NOTE} It showed how things looked to you on {when}, as strengths "
            "and places to grow, not a verdict on you or your relationship.",
            classes="note",
        )
        yield Static("How things looked", classes="heading")
        changes = {d.id: d for d in self.trend.dimensions} if self.trend is not None else {}
        for dim in record.get("dimensions") or []:
            yield from self._dimension(dim, changes.get(str(dim.get("id", ""))))
        if self.total > 1 and self.number == 1:
            yield Static(f"The first of {self.total} saved results of this quiz.", classes="muted")
        yield Static("Next steps", classes="heading")
        steps = record.get("next_steps") or []
        if not steps:
            yield Static("No particular steps stood out from these answers.", classes="muted")
        for number, step in enumerate(steps, start=1):
            with Vertical(classes="step"):
                yield Static(f"{number}. {_plain(step.get('title', ''))}", classes="step-title")
                why = step.get("why") or []
                if why:
                    from readiness.core.report import readable_reason

                    reasons = "; ".join(_plain(readable_reason(str(w))) for w in why)
                    yield Static(f"Why this one: {reasons}", classes="why")
                body = str(step.get("body") or "")
                if body.strip():
                    yield markdown(body, classes="step-body", open_links=False)
        notes = notes_markdown(record, self.saved_markdown)
        if notes:
            yield Static("Your own words", classes="heading")
            yield markdown(notes, classes="step-body", open_links=False)
        version = quiz.get("version")
        facts = f"Quiz version {version}. " if version is not None else ""
        yield Static(
            f"Saved {_plain(_long_date(self.summary))}. {facts}Shown with the words it was "
            f"saved with. File: {_plain(self.summary.path)}. Press d to delete it.",
            id="saved-facts",
            classes="privacy",
        )

    def _dimension(
        self, dim: dict[str, Any], change: history.DimensionTrend | None
    ) -> ComposeResult:
        from readiness.core.report import text_bar

        did = str(dim.get("id", ""))
        label_text = str(dim.get("label") or did)
        label = _plain(label_text)  # as recorded, as the results screen showed it
        score = dim.get("score")
        score = score if isinstance(score, int) and not isinstance(score, bool) else None
        band = dim.get("band") if isinstance(dim.get("band"), dict) else {}
        if score is None:
            value = "not enough answers"
        else:
            value = f"{score:>3}  {_plain(band.get('label') or '')}"
        with Vertical(classes="dimension"):
            yield Static(label, classes="dim-label")
            yield Static(f"[b]{text_bar(score)}[/b]  {value}", classes="dim-bar")
            if change is not None and change.change_text:
                yield Static(
                    f"{change.sparkline(SPARK_POINTS)}  {_plain(change.change_text)}",
                    classes="change",
                )

    def on_mount(self) -> None:
        super().on_mount()
        self.title = self.summary.quiz_title
        self.query_one("#page").focus()
        self.read_record()

    def action_back(self) -> None:
        self.dismiss(False)

    def action_delete(self) -> None:
        what = f"{self.summary.quiz_title}, {_long_date(self.summary)}"

        def done(yes: bool | None) -> None:
            if not yes:
                return
            from readiness.core import store

            try:
                store.delete_saved(self.summary.id, self.folder)
            except store.StoreError as exc:
                self.notify(str(exc), title="Not deleted", severity="error", timeout=10)
                return
            self.app.notify("That saved result is gone from this device.", title="Deleted")
            self.dismiss(True)

        self.app.push_screen(ConfirmDeleteScreen(what), done)
