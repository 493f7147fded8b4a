"""The saved-results list's table: columns fitted to the width, rows added by chunks.

Imported with the list, not before: `DataTable` is not needed for the history
screen's first frame. Rows are never sorted in place, so row n is always the
n-th summary it was filled with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from readiness.app.history_text import CHUNK, FIRST_CHUNK, RowMaker, TableLayout

if TYPE_CHECKING:
    from readiness.core import store


class SavedTable(DataTable[Any]):
    """The list: Home and End go to the newest and the oldest result, not sideways."""

    BINDINGS = [
        Binding("home", "scroll_top", "Newest", show=False),
        Binding("end", "scroll_bottom", "Oldest", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="saved", cursor_type="row", zebra_stripes=True)
        self.summaries: list[store.SavedSummary] = []
        self.make_row: RowMaker | None = None
        self._generation = 0

    def fill(
        self,
        summaries: list[store.SavedSummary],
        make_row: RowMaker,
        first: list[tuple[Text, Text, Text]],
    ) -> None:
        """Columns as wide as `make_row`'s layout says, so no row ever needs sideways
        scrolling; then `first` (rows made already) at once and the rest by chunks, so
        thousands of them never freeze the screen."""
        self.summaries, self.make_row = summaries, make_row
        self._generation += 1
        layout = make_row.layout
        self.clear(columns=True)
        self.add_column("Taken", width=layout.date_width)
        self.add_column("Quiz", width=layout.quiz_width)
        self.add_column("Bands", width=layout.bands_width)
        self._add_rows(first, 0, self._generation)

    def _add_rows(self, first: list[tuple[Text, Text, Text]], start: int, generation: int) -> None:
        if generation != self._generation:
            return  # filled again meanwhile
        if start == 0:
            rows, end = first, len(first)
        else:
            end = min(start + CHUNK, len(self.summaries))
            make_row = self.make_row
            assert make_row is not None
            rows = [make_row(s) for s in self.summaries[start:end]]
        self.add_rows(rows)
        if end < len(self.summaries):
            self.set_timer(0.001, lambda: self._add_rows(first, end, generation))

    def relayout(self, layout: TableLayout) -> bool:
        """Make the rows again if `layout` calls for other column widths; True if it did.

        The rows up to the cursor come at once, so it stays on the same result.
        """
        if self.make_row is None or self.make_row.layout == layout:
            return False
        row = self.cursor_row
        make_row = RowMaker(layout)
        upto = min(len(self.summaries), max(FIRST_CHUNK, row + 1))
        self.fill(self.summaries, make_row, [make_row(s) for s in self.summaries[:upto]])
        self.move_cursor(row=row)
        return True
