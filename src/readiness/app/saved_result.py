"""One saved result, shown from its own record in the same view as the live results.

The record is read in a worker (a huge or slow file never stops the keys), and
everything in it is made safe for the terminal first: a record is a file
anyone could edit. Titles, labels and reasons are the ones it was saved with,
never today's quiz file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from readiness.app.bars import Footer
from readiness.app.base import FlowScreen, markdown, plain
from readiness.app.delete_dialogs import confirm_delete
from readiness.app.history_text import SPARK_POINTS, long_date
from readiness.app.result_view import (
    details_hint,
    dimension_row,
    how_line,
    snapshot_intro,
    steps_section,
    toggle_details,
)
from readiness.core.report import unasked_of

if TYPE_CHECKING:
    from readiness.core import history, store


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


class SavedResultScreen(FlowScreen[bool]):
    """One saved result, laid out as the results screen showed it, from its own record."""

    BINDINGS = [
        Binding("escape,backspace,left", "back", "Back", key_display="esc"),
        Binding("d", "details", "Score details", show=False),  # said on the page, under the bars
        Binding("delete", "delete", "Delete", key_display="del"),
        Binding("e", "export", "Export"),
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

        record = saved_markdown = problem = None
        try:
            record = shown_record(store.load_saved(self.summary.id, self.folder))
            saved_markdown = shown_record(store.load_saved_markdown(self.summary.id, self.folder))
        except store.StoreError as exc:
            record, problem = None, str(exc)
        except Exception:  # noqa: BLE001 - an odd file is a message, never a crash
            record, problem = None, "Cannot open this saved result: its file could not be read."
        self.app.call_from_thread(self._record_read, record, saved_markdown, problem)  # type: ignore[arg-type]

    async def _record_read(
        self, record: Any, saved_markdown: str | None, problem: str | None
    ) -> None:
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
                yield Static(plain(self.problem or ""), id="problem")
                yield Static("Press Delete to delete it, or Esc to go back.", classes="muted")
            else:
                yield from self._result(self.record)
        yield Footer(compact=True)

    def _result(self, record: dict[str, Any]) -> ComposeResult:
        from readiness.core import history

        quiz = record.get("quiz") or {}
        title = quiz.get("title") or quiz.get("id") or "Saved result"
        when = history.short_date(self.summary.taken_at)
        yield from snapshot_intro(title, f"showed how things looked to you on {when}")
        yield Static("How things looked", classes="heading")
        changes = {d.id: d for d in self.trend.dimensions} if self.trend is not None else {}
        unasked = unasked_of(record)  # none: a record cannot tell, so "not enough answers"
        for dim in record.get("dimensions") or []:
            change = changes.get(str(dim.get("id", "")))
            under = []
            if change is not None and change.change_text:
                line = f"{change.sparkline(SPARK_POINTS)}  {plain(change.change_text)}"
                under.append(Static(line, classes="change"))
            yield from dimension_row(dim, unasked, *under, how_line(dim))
        yield details_hint()
        if self.total > 1 and self.number == 1:
            yield Static(f"The first of {self.total} saved results of this quiz.", classes="muted")
        steps = record.get("next_steps") or []
        yield from steps_section(
            steps, none_text="No particular steps stood out from these answers.", open_links=False
        )
        notes = notes_markdown(record, self.saved_markdown)
        if notes:
            yield Static("Your own words", classes="heading")
            yield markdown(notes, classes="step-body", open_links=False)
        version = quiz.get("version")
        facts = f"Quiz version {version}. " if version is not None else ""
        yield Static(
            f"Saved {plain(long_date(self.summary))}. {facts}Shown with the words it was "
            f"saved with. File: {plain(self.summary.path)}. Press Delete to delete it.",
            id="saved-facts",
            classes="privacy",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.title = self.summary.quiz_title
        self.query_one("#page").focus()
        self.read_record()

    def action_back(self) -> None:
        self.dismiss(False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("details", "export"):  # nothing to explain or export in a record not read
            return self.record is not None
        return True

    def action_details(self) -> None:
        toggle_details(self)

    def action_delete(self) -> None:
        confirm_delete(self, self.summary, self.folder, lambda: self.dismiss(True))

    # ------------------------------------------------------------ export (issue 17)
    def action_export(self) -> None:
        """e: a copy where the person says, after the warnings: a protected result's copy
        is plain (asked every time), and the shared-device note (once per sitting, as saving)."""
        from readiness.app.modals import PlainCopyScreen
        from readiness.core import store

        try:
            protected = store.is_protected_result(self.summary.id, self.folder)
        except store.StoreError:
            protected = False
        if protected:
            self.app.push_screen(PlainCopyScreen(), self._after_plain_copy)
        else:
            self._after_plain_copy(True)

    def _after_plain_copy(self, go_on: bool | None) -> None:
        if not go_on:
            self.notify("Nothing was written.", title="Not exported")
        elif self.rapp.share_note_seen:
            self._export_to()
        else:
            from readiness.app.modals import ShareNoteScreen

            self.app.push_screen(ShareNoteScreen("export"), self._after_note)

    def _after_note(self, go_on: bool | None) -> None:
        if go_on:
            self.rapp.share_note_seen = True
        self._after_plain_copy(go_on)

    def _export_to(self) -> None:
        from readiness.app import services
        from readiness.app.modals import ExportScreen

        suggestion = services.default_export_path(self.summary.taken_at)
        record_id, folder = self.summary.id, self.folder
        screen = ExportScreen(suggestion, lambda to: services.export_saved(record_id, to, folder))
        self.app.push_screen(screen, self._after_export)

    def _after_export(self, exported: Any) -> None:
        if exported is None:
            self.notify("Nothing was written.", title="Not exported")
            return
        self.notify(
            f"Exported, for you only, to {exported.markdown} and {exported.record}.",
            title="Exported",
        )
