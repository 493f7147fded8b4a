"""What every full screen shares, kept light: home imports this before its first frame.

Only Textual's basic widgets are imported here; nothing from the core, no
answer widgets, no Markdown (that comes with the first screen that needs it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.binding import Binding
from textual.geometry import Region
from textual.markup import escape
from textual.screen import Screen
from textual.widget import Widget

from readiness.app.bars import TitleBar
from readiness.core.textsafe import terminal_safe


def scroll_page_to_highlight(options: Any) -> None:
    """Scroll the page around an option list grown to its full height, so its
    highlighted option (all of its lines) is in view. Home's quiz list and the
    multi-answer list both grow this way, so the page, not the list, scrolls."""
    page = options.parent
    highlighted = options.highlighted
    if highlighted is None or not options.is_mounted or not isinstance(page, Widget):
        return
    try:
        line = options._index_to_line[highlighted]
        height = options._heights[highlighted]
    except (KeyError, IndexError, AttributeError):
        return
    top_y = options.virtual_region.y + options.gutter.top + line
    page.scroll_to_region(Region(0, top_y, 1, height), animate=False, immediate=True)


if TYPE_CHECKING:
    from textual import events
    from textual.app import ComposeResult

    from readiness.app.main import ReadinessApp

NOTHING_SAVED = "Nothing is saved unless you choose to save."
SNAPSHOT_NOTE = "An educational snapshot, not a diagnosis."


def nothing_saved(private: bool) -> str:
    """The privacy line, true in private mode too (where saving is off, not a choice)."""
    return (
        "Private mode is on: nothing from this sitting can be saved." if private else NOTHING_SAVED
    )


DIGIT_BINDINGS = [
    Binding(str(n), f"digit({n})", "Choose", key_display="1-9", show=(n == 1)) for n in range(1, 10)
]


def markdown(text: str, **kwargs: Any) -> Any:
    """A Markdown widget, imported the first time one is needed (it is the heaviest import).

    Its text may come from a file (a saved record's step body, the person's notes):
    any character that could act on the terminal is shown visibly, newlines kept.
    """
    from textual.widgets import Markdown

    return Markdown(terminal_safe(text, multiline=True), **kwargs)


def outside(text: object) -> str:
    """Text from outside (a file, a file name, a record) for a widget that takes no
    markup (`Content`, `rich.text.Text`, a table cell, a title): one line, every
    character that could act on the terminal shown visibly (`core.textsafe`)."""
    return terminal_safe(str(text))


def plain(text: object) -> str:
    """Text from outside for a string that is read as markup: shown as is (no console
    markup from a file, so no `[@click=...]`), and safe for the terminal, newlines kept."""
    return escape(terminal_safe(str(text), multiline=True))


ResultT = TypeVar("ResultT")


class FlowScreen(Screen[ResultT], Generic[ResultT]):
    """Shared by every full screen: the quick exit first in the footer, then help."""

    BINDINGS = [
        Binding("ctrl+q", "app.quick_exit", "Quick exit", priority=True),
    ]

    @property
    def rapp(self) -> ReadinessApp:
        return self.app  # type: ignore[return-value]

    def compose_header(self) -> ComposeResult:
        yield TitleBar()

    def on_mount(self) -> None:
        if self.rapp.private and self.rapp.preview_path is None:
            self.sub_title = "Private: saving off"
        preview = self.rapp.preview
        if preview is not None:
            where = preview.scroll_for(self)
            if where is not None:
                page = self.query_one("#page")
                self.call_after_refresh(page.scroll_to, y=where, animate=False, immediate=True)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        preview = self.rapp.preview
        if preview is not None and preview.stale:
            # the previewed file was reloaded while a panel covered this screen
            self.call_later(preview.refresh_screen)
