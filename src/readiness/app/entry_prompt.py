"""One quiz in home's list: its number key in a narrow column, the words beside it.

A Textual Visual, not a Rich table: the list measures every option's height as
soon as it is filled, and with a few hundred quizzes Rich tables (or even
Textual's own text wrapping) took a noticeable part of a second. The words are
wrapped here, once per width, by a plain greedy word wrap; only the options on
screen are ever drawn. Continuation lines stay indented under the title.
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells
from textual.color import Color
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from readiness.core.textsafe import terminal_safe

KEY_WIDTH = 3  # the digit, and room before the words


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal cells, breaking between words
    (a word wider than a line is folded); one line per paragraph at least."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split():
            size = cell_len(word)
            if size > width:
                if line:
                    lines.append(line)
                *whole, line = chop_cells(word, width)
                lines.extend(whole)
                used = cell_len(line)
            elif not line:
                line, used = word, size
            elif used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
            else:
                lines.append(line)
                line, used = word, size
        lines.append(line)
    return lines


class EntryPrompt(Visual):
    """Key column, then the title (bold), the summary and the facts (dim)."""

    def __init__(self, key: str, title: str, summary: str, facts: str) -> None:
        self.key = key.strip()
        # Titles and summaries come from quiz files (or the cache of them): shown, never acted on.
        title, summary = terminal_safe(title), terminal_safe(summary, multiline=True)
        self.parts = [(title, "bold"), (summary, "")] + ([(facts, "dim")] if facts else [])
        self._wrapped: tuple[int, list[tuple[str, str]]] = (-1, [])

    @property
    def plain(self) -> str:
        """The words as plain text."""
        return " ".join([self.key, *(text for text, _ in self.parts)]).strip()

    def lines(self, width: int) -> list[tuple[str, str]]:
        """(text, style) of each line of the words at this width (the key's column aside)."""
        body = max(1, width - KEY_WIDTH)
        if self._wrapped[0] != body:
            self._wrapped = (
                body,
                [(line, style) for text, style in self.parts for line in wrap_cells(text, body)],
            )
        return self._wrapped[1]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return KEY_WIDTH + max(cell_len(text) for text, _ in self.parts)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        rich_style = style.rich_style
        body = max(1, width - KEY_WIDTH)
        blank = Strip.blank(KEY_WIDTH, rich_style)
        strips: list[Strip] = []
        for number, (text, line_style) in enumerate(self.lines(width)):
            column = blank
            if number == 0 and self.key:
                # The key and the words as separate segments, as a table's cells would be.
                column = Strip.join(
                    [_strip(Content.styled(self.key, "bold"), KEY_WIDTH - 1, style, options), blank]
                ).crop(0, KEY_WIDTH)
            words = Content.styled(text, _muted(style) if line_style == "dim" else line_style)
            strips.append(Strip.join([column, _strip(words, body, style, options)]))
        return strips[:height] if height is not None else strips


def contrast_ratio(a: Color, b: Color) -> float:
    """WCAG 2 contrast of two opaque colours: 1 (none) to 21 (black on white)."""

    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


MUTED_CONTRAST = 4.5
"""The least contrast of the dim facts line: words that carry meaning (WCAG AA)."""


def _muted(style: Style) -> Style | str:
    """The facts line's "dim": the words' colour faded towards the background only as far
    as still reads (4.5:1), so the highlighted row's facts stay legible (a terminal's dim
    there was 2.46:1). Where the colours are unknown, the terminal's dim."""
    fg, bg = style.foreground, style.background
    if fg is None or bg is None or bg.a < 1:
        return "dim"
    fg = bg + fg  # a translucent colour (the cursor's 87% white) as drawn
    for fade in (0.4, 0.3, 0.2, 0.1):
        faded = fg.blend(bg, fade)
        if contrast_ratio(faded, bg) >= MUTED_CONTRAST:
            return Style(foreground=faded)
    return Style()


def _strip(content: Content, width: int, style: Style, options: RenderOptions) -> Strip:
    """One line of `content` (which fits `width`), padded to `width` cells."""
    rendered = content.render_strips(width, 1, style, options)
    line = rendered[0] if rendered else Strip.blank(0)
    return line.extend_cell_length(width, style.rich_style)
