"""Saved results in the app: the list, one result as it was shown, change over time, deleting.

Why it is built this way:

* The list is read in a worker thread (`store.list_saved`, which uses the
  store's index), so the screen's first frame never waits on the disk, even
  with thousands of saved results. A `DataTable` draws only the rows in view.
* A saved result is shown from its own record (titles, labels, reasons as they
  were), never from today's quiz file, in the same layout as the results screen.
* Change over time is worked out from the list's headlines (no file is opened):
  the panel under the list follows the highlighted result and shows, for each
  dimension, its change since the time before and a sparkline.
* Deleting asks first: one result with y/n, all of them by typing "delete".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Input, Static

# The light base home uses: no answer widgets, no quiz engine before the first frame.
from readiness.app.base import SNAPSHOT_NOTE, FlowScreen, Footer, markdown

if TYPE_CHECKING:
    from textual.widgets import DataTable

    # Imported where they are used: the first frame needs neither the store nor
    # the trends, so they load with the list, in the worker.
    from readiness.core import history, store

CONFIRM_WORD = "delete"
SPARK_POINTS = 16  # how many past results a sparkline shows
FIRST_CHUNK = 200  # rows shown at once; the rest follow in chunks between frames
CHUNK = 500
HEADLINE_WIDTH = 38  # the Bands column fits beside the date and the quiz at 80 columns


def _plain(text: Any) -> str:
    return escape(str(text))


def _long_date(summary_or_when: Any) -> str:
    from readiness.core import history

    when = getattr(summary_or_when, "taken_at", summary_or_when)
    local = history.local_date(when)
    return f"{history.short_date(when)}, {local:%H:%M}"


def _table_date(summary: store.SavedSummary) -> str:
    from readiness.core import history

    return history.local_date(summary.taken_at).strftime("%Y-%m-%d %H:%M")


def _headline(summary: store.SavedSummary, limit: int = HEADLINE_WIDTH) -> str:
    """The bands in a few words ("Considering 55 · Open 75 …"), short enough for the table."""
    parts = []
    for _label, band, score in summary.bands:
        if band is None and score is None:
            parts.append("—")
        else:
            parts.append(f"{band or '—'}" + (f" {score}" if score is not None else ""))
    text = ""
    for n, part in enumerate(parts):
        candidate = part if not text else f"{text} · {part}"
        if n and len(candidate) > limit:
            return f"{text} …"
        text = candidate
    return text


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _row(summary: store.SavedSummary) -> tuple[Text, Text, Text]:
    """One row of the table (Text cells: a title is shown as is, never read as markup)."""
    return (Text(_table_date(summary)), Text(summary.quiz_title), Text(_headline(summary)))


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

    @classmethod
    def build(cls, summaries: list[store.SavedSummary], notices: list[store.Notice]) -> Listing:
        by_quiz: dict[str, list[store.SavedSummary]] = {}
        for s in reversed(summaries):
            by_quiz.setdefault(s.quiz_id, []).append(s)
        return cls(
            summaries=summaries,
            notices=notices,
            rows=[_row(s) for s in summaries[:FIRST_CHUNK]],
            by_id={s.id: s for s in summaries},
            by_quiz=by_quiz,
            position={s.id: i for rows in by_quiz.values() for i, s in enumerate(rows)},
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
    """Delete every saved result: the person types the word, so it cannot happen by a stray key."""

    BINDINGS = [Binding("escape", "no", "Keep them", key_display="esc")]

    def __init__(self, count: int, folder: Path) -> None:
        super().__init__()
        self.count = count
        self.folder = folder

    def compose(self) -> ComposeResult:
        plural = "s" if self.count != 1 else ""
        with Vertical(id="dialog", classes="history-dialog"):
            yield Static(f"Delete all {self.count} saved result{plural}?", classes="title")
            yield Static(
                f"Every saved record and summary in {_plain(self.folder)} is removed from this "
                "device. Other files there are left alone. This cannot be undone.",
                classes="warning",
            )
            yield Static(f"Type [b]{CONFIRM_WORD}[/b] and press Enter to confirm.")
            yield Input(placeholder=CONFIRM_WORD, id="confirm-word")
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


# ------------------------------------------------------------------ the list


class HistoryScreen(FlowScreen):
    """Saved results, newest first, with the change of each dimension over time."""

    BINDINGS = [
        Binding("enter", "open", "Open", key_display="↵"),
        Binding("d,delete", "delete", "Delete"),
        Binding("D", "delete_all", "Delete all", key_display="D"),
        Binding("escape,backspace", "back", "Back", key_display="esc"),
        Binding("f1", "app.help", "Help"),
    ]
    DEFAULT_CSS = """
    HistoryScreen #page { layout: vertical; padding-bottom: 0; }
    HistoryScreen #saved { height: 1fr; min-height: 4; }
    HistoryScreen #trend-box { height: auto; max-height: 40%; margin-top: 1; }
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

        try:
            summaries, notices = store.list_saved(self.folder)
            problem = None
        except store.StoreError as exc:  # pragma: no cover - list_saved reports, not raises
            summaries, notices, problem = [], [], str(exc)
        listing = Listing.build(summaries, notices)
        self.app.call_from_thread(self._loaded, listing, problem)

    async def _table(self) -> DataTable[Any]:
        """The list's table, mounted the first time the list is shown."""
        table = self._table_if_shown()
        if table is not None:
            return table
        table = saved_table_class()(id="saved", cursor_type="row", zebra_stripes=True)
        table.add_columns("Taken", "Quiz", "Bands")
        table.display = False
        await self.query_one("#page").mount(table, after="#history-status")
        return table

    async def _loaded(self, listing: Listing, problem: str | None) -> None:
        table = await self._table()
        self.summaries = listing.summaries
        self.notices = listing.notices
        self._by_id = listing.by_id
        self._by_quiz = listing.by_quiz
        self._position = listing.position
        self._generation += 1
        summaries, notices = self.summaries, self.notices
        table.clear()
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
            n = len(summaries)
            status.update(
                f"{n} saved result{'s' if n != 1 else ''}, newest first; Enter opens one. "
                "Only your account can read them."
            )
        table.display = bool(summaries)
        self.query_one("#trend-box").display = bool(summaries)
        skipped = self.query_one("#skipped", Static)
        if notices:
            many = len(notices) != 1
            skipped.update(
                f"{len(notices)} file{'s' if many else ''} in the folder could not be read as a "
                f"saved result and {'are' if many else 'is'} skipped (left untouched). "
                f"`readiness history` names {'them' if many else 'it'}."
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
            rows = [_row(s) for s in self.summaries[start:end]]
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
        width = panel.content_size.width or self.size.width - 6
        panel.update(trend_text(summary, trend, number, total, width))

    def on_resize(self) -> None:
        if self._trend_id is not None:
            self.call_after_refresh(self._show_trend, self._trend_id)

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
        count = store.count_deletable(self.folder) or len(self.summaries)
        folder = store.results_folder(self.folder)

        def done(yes: bool | None) -> None:
            if yes:
                self._delete_all()

        self.app.push_screen(ConfirmDeleteAllScreen(count, folder), done)

    @work(thread=True, exclusive=True, group="history")
    def _delete_all(self) -> None:
        from readiness.core import store

        try:
            removed = store.delete_all(self.folder)
        except store.StoreError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Not deleted", severity="error", timeout=10
            )
        else:
            self.app.call_from_thread(
                self.notify,
                f"{removed} saved result{'s' if removed != 1 else ''} deleted from this device.",
                title="Deleted",
            )
        summaries, notices = store.list_saved(self.folder)
        self.app.call_from_thread(self._loaded, Listing.build(summaries, notices), None)

    def action_back(self) -> None:
        self.app.pop_screen()


def _fit(text: str, width: int) -> str:
    """Cut `text` to `width` columns with an ellipsis (0: no limit)."""
    if not width or len(text) <= width:
        return text
    return text[: max(1, width - 1)] + "…"


def trend_text(
    summary: store.SavedSummary,
    trend: history.QuizTrend | None,
    number: int,
    total: int,
    width: int = 0,
) -> str:
    """The panel under the list: each dimension's band, change since the time before, sparkline.

    The time before is the same for every dimension, so it is said once, in the
    heading ("Since 3 March:"); each line starts with the fixed-width sparkline
    and change, so long dimension labels never push them out of view.
    """
    from readiness.core import history

    title = f"{summary.quiz_title}, {_long_date(summary)}"
    if total > 1:
        title += f" · {_ordinal(number)} of {total} saved"
    lines = [f"[b]{_plain(_fit(title, width))}[/b]"]
    changes = {d.id: d for d in trend.dimensions} if trend is not None else {}
    if trend is not None and trend.dimensions and trend.dimensions[0].since is not None:
        since = trend.dimensions[0].since
        if history.local_date(since).date() == history.local_date(summary.taken_at).date():
            when = "earlier that day"
        else:
            when = history.short_date(since, reference=summary.taken_at)
        lines.append(_plain(_fit(f"Change since the time before ({when}), and over time:", width)))
    spark_width = max((len(c.points) for c in changes.values()), default=0)
    spark_width = min(spark_width, SPARK_POINTS)
    for did, (label, band, score) in zip(summary.dimension_ids, summary.bands, strict=False):
        value = "not enough answers" if score is None else f"{band or 'no band'} ({score})"
        text = f"{label}: {value}"
        change = changes.get(did)
        if change is not None:
            delta = "·" if change.delta is None else f"{change.delta:+d}" if change.delta else "0"
            text = f"{change.sparkline(SPARK_POINTS).rjust(spark_width)} {delta:>4}  {text}"
        lines.append(_plain(_fit("  " + text, width)))
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
        from readiness.core import store

        try:
            self.record = store.load_saved(summary.id, folder)
            self.saved_markdown = store.load_saved_markdown(summary.id, folder)
        except store.StoreError as exc:
            self.problem = str(exc)

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="page"):
            if self.record is None:
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
                    reasons = "; ".join(_plain(w) for w in why)
                    yield Static(f"Why this one: {reasons}", classes="why")
                body = str(step.get("body") or "")
                if body.strip():
                    yield markdown(body, classes="step-body")
        notes = notes_markdown(record, self.saved_markdown)
        if notes:
            yield Static("Your own words", classes="heading")
            yield markdown(notes, classes="step-body")
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
