"""Small widgets: answer pickers that leave Enter and the arrows to the screen."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import RadioButton, RadioSet, SelectionList, TextArea
from textual.widgets._toggle_button import ToggleButton


class AnswerButton(RadioButton):
    """A radio button whose dot is only drawn when it is picked, so it reads without colour."""

    @property
    def _button(self) -> Content:
        button = super()._button
        if self.value:
            return button
        return Content.assemble(*[(" " if text == self.BUTTON_INNER else text, style) for text, style in _spans(button)])


def _spans(content: Content) -> list[tuple[str, Any]]:
    plain = content.plain
    out: list[tuple[str, Any]] = []
    for span in content.spans:
        out.append((plain[span.start : span.end], span.style))
    return out or [(plain, "")]


class AnswerRadioSet(RadioSet, inherit_bindings=False):
    """A radio set where up/down move, space picks, and Enter/left/backspace belong to the screen."""

    BINDINGS = [
        Binding("down", "next_button", "Next option", show=False),
        Binding("up", "previous_button", "Previous option", show=False),
        Binding("space", "toggle_button", "Pick", show=False),
    ]

    def __init__(self, labels: list[str], pressed: int | None = None, **kwargs: Any) -> None:
        buttons = [AnswerButton(label, value=(i == pressed)) for i, label in enumerate(labels)]
        super().__init__(*buttons, **kwargs)
        self._initial = pressed

    def _on_mount(self, event: events.Mount) -> None:
        # Runs before RadioSet's own mount handler (Textual calls each class's
        # handler, subclass first), which then asks for the first button.
        # Nothing highlighted until the person moves or picks: Enter must never
        # choose an answer they did not look at.
        self._mounting = True

    @property
    def highlighted(self) -> int | None:
        return self._selected

    def pick(self, index: int) -> None:
        """Press the button at `index` (0-based)."""
        buttons = list(self.query(RadioButton))
        if 0 <= index < len(buttons):
            self._selected = index
            buttons[index].value = True

    def watch__selected(self) -> None:
        super().watch__selected()
        if self._selected is not None:
            buttons = list(self.query(RadioButton))
            if 0 <= self._selected < len(buttons):
                self.call_after_refresh(buttons[self._selected].scroll_visible, animate=False)

    def action_previous_button(self) -> None:
        if self._selected is None:
            self._selected = len(self._nodes) - 1
        else:
            super().action_previous_button()

    def action_next_button(self) -> None:
        if getattr(self, "_mounting", False):
            self._mounting = False
            self._selected = self._initial
        elif self._selected is None:
            self._selected = 0
        else:
            super().action_next_button()


class AnswerSelectionList(SelectionList[str], inherit_bindings=False):
    """A selection list where space toggles and Enter belongs to the screen."""

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("space", "select", "Tick", show=False),
    ]

    def scroll_to_highlight(self, top: bool = False) -> None:
        """The list grows to its full height; scroll the page around it to the highlight."""
        super().scroll_to_highlight(top)
        highlighted = self.highlighted
        parent = self.parent
        if highlighted is None or not self.is_mounted or not isinstance(parent, Widget):
            return
        try:
            line = self._index_to_line[highlighted]
            height = self._heights[highlighted]
        except (KeyError, IndexError, AttributeError):
            return
        top_y = self.virtual_region.y + self.gutter.top + line
        parent.scroll_to_region(Region(0, top_y, 1, height), animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        """Draw the tick only in ticked boxes, so the list reads without colour."""
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except Exception:
            return strip
        if getattr(option, "value", None) in self._selected:
            return strip
        segments = list(strip)
        if len(segments) > 1 and segments[1].text == ToggleButton.BUTTON_INNER:
            segments[1] = Segment(" ", segments[1].style, segments[1].control)
            return Strip(segments, strip.cell_length)
        return strip

    def toggle_nth(self, index: int) -> None:
        if 0 <= index < self.option_count:
            option = self.get_option_at_index(index)
            self.highlighted = index
            self.toggle(option)


class NoteArea(TextArea):
    """A text box where Enter goes on and ctrl+j (or shift+enter) starts a new line."""

    class Submitted(Message):
        pass

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted())
            return
        if event.key in ("ctrl+j", "shift+enter", "alt+enter"):
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self._replace_via_keyboard("\n", start, end)
            return
        await super()._on_key(event)
