"""The title line and the keys line of every screen, each one widget.

Textual's Header is four widgets and its Footer one widget per key (seven on a
question): every screen lays out and draws them all, and on Enter that was a
third of the wait for the next question. These draw the same lines as single
widgets: the title centred where Textual's header centres it, the keys in the
compact or the roomy style of Textual's footer, each key clickable.

Every key shown is a binding of the screen with `show=True`, in Textual's order;
a disabled one (its `check_action` says None) is dimmed, and a click on it
rings the bell, as in Textual's footer. Binding groups are not used here, so
they are not drawn as groups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Spacing
from textual.style import Style
from textual.widget import Widget

from readiness.core.textsafe import terminal_safe

if TYPE_CHECKING:
    from textual import events
    from textual.binding import Binding
    from textual.screen import Screen

# Textual's Header: an icon column of 8 on the left, a clock column of 10 on the right.
_TITLE_LEFT, _TITLE_RIGHT = 8, 10


class TitleBar(Widget):
    """The app's title (and the screen's subtitle, as Textual's header shows it).

    Centred between the columns Textual's header keeps for its icon and clock,
    so it sits where it always has; when the line is too narrow for that, the
    whole width is used, so "Private: saving off" is not cut at 60 columns.
    """

    DEFAULT_CSS = f"""
    TitleBar {{
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 {_TITLE_RIGHT} 0 {_TITLE_LEFT};
        content-align: center middle;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }}
    """

    def on_mount(self) -> None:
        for target in (self.app, self.screen):
            self.watch(target, "title", self._retitle, init=False)
            self.watch(target, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self._fit()
        self.refresh()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The icon and clock columns kept while the line fits beside them, else the whole width."""
        wide = self._line().cell_length + _TITLE_LEFT + _TITLE_RIGHT <= self.size.width
        padding = Spacing(0, _TITLE_RIGHT, 0, _TITLE_LEFT) if wide else Spacing(0, 0, 0, 0)
        if self.styles.padding != padding:
            self.styles.padding = padding

    def _line(self) -> Content:
        screen = self.screen
        title = screen.title if screen.title is not None else self.app.title
        sub_title = screen.sub_title if screen.sub_title is not None else self.app.sub_title
        # A title can be a quiz's or a file's name: nothing in it may act on the terminal.
        return self.app.format_title(terminal_safe(title or ""), terminal_safe(sub_title or ""))

    def render(self) -> Content:
        return self._line()


def _rank(binding: Binding, of_app: bool) -> int:
    """Where a key goes in the line, the same on every screen: the quick exit, the main
    action (Enter), Back, the screen's own keys in their order, Help, then the app's (F2).
    (Textual would put a focused widget's keys first, so a list's Enter came before ctrl+q.)"""
    if binding.action.endswith("quick_exit"):
        return 0
    if binding.key == "enter":
        return 1
    if binding.description == "Back":
        return 2
    if binding.action.endswith("help"):
        return 4
    return 5 if of_app else 3


class Footer(Widget, can_focus=False):
    """The screen's keys in one line; redrawn once per burst of binding changes, and
    only if the keys it shows changed."""

    COMPONENT_CLASSES = {"footer--key", "footer--description"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        width: 100%;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(
        self, *, compact: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.compact = compact
        self._shown: tuple[tuple[str, str, str, bool], ...] = ()
        self._spans: list[tuple[int, int, str, bool]] = []  # (from x, to x, key, enabled)
        self._rebuild_pending = False

    @property
    def shown(self) -> tuple[tuple[str, str, str, bool], ...]:
        """(key, how it is shown, description, enabled) of every key in the line."""
        return self._shown

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    def _keys(self) -> tuple[tuple[str, str, str, bool], ...]:
        """What the line shows: one key per action (the first bound), as Textual's footer does,
        in the one order every screen shares (`_rank`)."""
        seen: set[str] = set()
        ranked: list[tuple[int, int, tuple[str, str, str, bool]]] = []
        for namespace, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = (
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                bool(enabled),
            )
            ranked.append((_rank(binding, namespace is self.app), len(ranked), key))
        return tuple(key for _, _, key in sorted(ranked))

    def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            self.refresh()

    def render(self) -> Content:
        key_style = self.get_visual_style("footer--key")
        description_style = self.get_visual_style("footer--description")
        dim = Style(dim=True)
        parts: list[tuple[str, Style] | str] = []
        spans: list[tuple[int, int, str, bool]] = []
        x = 0
        for key, display, description, enabled in self._shown:
            # Compact: "key description" and a space after; roomy: " key description ".
            shown_key = display if self.compact else f" {display} "
            shown_description = (
                (f" {description}" if self.compact else f"{description} ") if description else ""
            )
            styles = (
                (key_style, description_style)
                if enabled
                else (key_style + dim, description_style + dim)
            )
            parts += [(shown_key, styles[0]), (shown_description, styles[1])]
            width = cell_len(shown_key) + cell_len(shown_description)
            spans.append((x, x + width, key, enabled))
            x += width
            if self.compact:
                parts.append(" ")
                x += 1
        self._spans = spans
        return Content.assemble(*parts)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
