"""Small widgets: answer pickers that leave Enter and the arrows to the screen."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList, RadioButton, RadioSet, SelectionList, TextArea
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.selection_list import Selection

from readiness.app.base import scroll_page_to_highlight


class AnswerButton(RadioButton):
    """A radio button whose dot is only drawn when it is picked, so it reads without colour.

    A long label wraps onto further lines, indented under its own first word
    (Textual's toggle buttons are one line, cut with "…").
    """

    DEFAULT_CSS = """
    AnswerButton {
        height: auto;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    @property
    def _button(self) -> Content:
        button = super()._button
        if self.value:
            return button
        return Content.assemble(
            *[(" " if text == self.BUTTON_INNER else text, style) for text, style in _spans(button)]
        )

    def _indent(self) -> int:
        """Cells before the label's own words: the key column ("1  ") lines up the rest."""
        plain = self._label.plain
        stripped = plain.lstrip()
        key, _, rest = stripped.partition("  ")
        if key.strip().isdigit() or not key.strip():
            return len(plain) - len(rest.lstrip()) if rest else 0
        return 0

    def _lines(self, width: int) -> list[Content]:
        button_width = self._button.cell_length + 1  # the button, then the label's left pad
        room = max(8, width - button_width - 1)
        label = self._label
        if label.cell_length <= room:
            return [label]
        indent = self._indent()
        if not 0 < indent < room // 2:
            return label.wrap(room)
        # The words after the key column wrap to the room beside it, indented under it.
        lines = label[indent:].wrap(room - indent)
        out = [label[:indent] + lines[0]] if lines else [label[:indent]]
        out.extend(Content(" " * indent) + line for line in lines[1:])
        return out

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        button = self._button
        label_style = self.get_visual_style("toggle--label")
        lines = self._lines(width)
        room = max(line.cell_length for line in lines) if lines else 0
        rows: list[Content] = []
        for number, line in enumerate(lines):
            text = line.pad(1, 1 + room - line.cell_length).stylize_before(label_style)
            lead = button if number == 0 else Content(" " * button.cell_length)
            rows.append(Content.assemble(lead, text))
        return Content("\n").join(rows)

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return max(1, len(self._lines(width)))


def _spans(content: Content) -> list[tuple[str, Any]]:
    plain = content.plain
    out = [(plain[span.start : span.end], span.style) for span in content.spans]
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
        """Press the button at `index` (0-based), and unpress the one before, at once.

        RadioSet would do the rest when the button's message comes round; keys typed in a
        burst ("9", ↓, Enter) would then reach Enter before it, and Enter would record the
        answer marked before. So the marker moves here, and the set's own Changed is posted.
        """
        buttons = list(self.query(RadioButton))
        if not 0 <= index < len(buttons):
            return
        self._selected = index
        button = buttons[index]
        if self._pressed_button is button and button.value:
            return
        with self.prevent(RadioButton.Changed):
            for other in buttons:
                if other is not button and other.value:
                    other.value = False
            button.value = True
        self._pressed_button = button
        self.post_message(self.Changed(self, button))

    def _on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        # RadioSet moves the highlight to the pressed button here; `pick` has already done
        # so, and a message from before a later key must not move it back.
        event.prevent_default()  # (RadioSet's own handler would run after this one)
        if event.pressed is self._pressed_button:
            self._selected = event.index

    def watch__selected(self) -> None:
        super().watch__selected()
        if self._selected is not None:
            buttons = list(self.query(RadioButton))
            if 0 <= self._selected < len(buttons):
                self.call_after_refresh(buttons[self._selected].scroll_visible, animate=False)

    @property
    def chosen(self) -> int | None:
        """The index of the marked answer (●), or None when nothing is marked."""
        index = self.pressed_index
        return index if index >= 0 else None

    # Up and down choose as they move: the marked answer is always the highlighted one,
    # so what the screen shows as chosen is what Enter records. They stop at the ends
    # rather than wrap round: one ↓ too many on "10 Completely" must not choose 0.
    def action_previous_button(self) -> None:
        if self._selected is None:
            self._selected = len(self._nodes) - 1
        elif self._selected > 0:
            self._selected -= 1
        self._pick_highlighted()

    def action_next_button(self) -> None:
        if getattr(self, "_mounting", False):  # RadioSet's own mount asks; the person did not
            self._mounting = False
            self._selected = self._initial
            return
        if self._selected is None:
            self._selected = 0
        elif self._selected < len(self._nodes) - 1:
            self._selected += 1
        self._pick_highlighted()

    def _pick_highlighted(self) -> None:
        if self._selected is not None:
            self.pick(self._selected)


class TickOption(Selection[str]):
    """A multi option: its key in a column of its own, so a long label wraps under itself."""

    def __init__(self, key: str, label: str, value: str, ticked: bool = False) -> None:
        from rich.table import Table
        from rich.text import Text

        super().__init__(Content(f"{key}  {label}"), value, ticked)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=max(2, len(key) + 1), no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(key, Text(label))
        self._prompt = grid  # what the list draws; the Content above is only its plain form


class AnswerSelectionList(SelectionList[str], inherit_bindings=False):
    """A selection list where space toggles and Enter belongs to the screen; long options wrap."""

    DEFAULT_CSS = """
    AnswerSelectionList {
        text-wrap: wrap;
        text-overflow: fold;
    }
    """

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("space", "select", "Tick", show=False),
    ]

    def __init__(self, *selections: Any, exclusive: Collection[str] = (), **kwargs: Any) -> None:
        super().__init__(*selections, **kwargs)
        self.exclusive = frozenset(exclusive)
        """Values that go alone ('None of these'): ticking one unticks the rest, and ticking
        any other value unticks them."""

    def _toggle(self, value: str) -> bool:
        # Every tick passes here (digits, space, a click). The others are unticked first,
        # quietly, so the screen hears of one change and reads the ticks as they end up.
        if value not in self._selected and self.exclusive:
            clear = [
                v
                for v in self._selected
                if v != value and (value in self.exclusive or v in self.exclusive)
            ]
            with self.prevent(self.SelectedChanged):
                for other in clear:
                    self._deselect(other)
        return super()._toggle(value)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """The list grows to its full height; scroll the page around it to the highlight."""
        super().scroll_to_highlight(top)
        scroll_page_to_highlight(self)

    def render_line(self, y: int) -> Strip:
        """Each option's box on its first line only (a long option wraps onto further lines),
        and the tick drawn only in ticked boxes, so the list reads without colour.

        Textual's SelectionList takes each line for a whole option; this one asks
        the option list which option and which of its lines `y` is.
        """
        line = OptionList.render_line(self, y)
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
            selection = self.get_option_at_index(index)
        except Exception:
            return line
        underlying = next(iter(line)).style or self.rich_style
        gutter = self._get_left_gutter_width()
        if offset:
            return Strip([Segment(" " * gutter, underlying), *line])
        component = "selection-list--button"
        ticked = selection.value in self._selected
        if ticked:
            component += "-selected"
        if self.highlighted == index:
            component += "-highlighted"
        button_style = self.get_component_rich_style(component)
        side_style = RichStyle.from_color(button_style.bgcolor, underlying.bgcolor)
        side_style += RichStyle(meta={"option": index})
        button_style += RichStyle(meta={"option": index})
        inner = ToggleButton.BUTTON_INNER if ticked else " "
        return Strip(
            [
                Segment(ToggleButton.BUTTON_LEFT, side_style),
                Segment(inner, button_style),
                Segment(ToggleButton.BUTTON_RIGHT, side_style),
                Segment(" ", underlying),
                *line,
            ]
        )

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
