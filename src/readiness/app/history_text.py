"""The saved-results list as text: rows, headlines and the change panel, each fitted to a width.

No widgets here. Every cell is made to fit the terminal's width
(`TableLayout`), so nothing is cut off mid-number and no sideways scrolling is
needed: whole parts are dropped ("· 9 more") before a label is shortened, and a
band and its score are never cut. Changes are said in words ("12 lower"), never
with a sign or a colour: on some dimensions higher is harder, so a sign would
read as a verdict.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec
from rich.cells import cell_len
from rich.text import Text

from readiness.app.base import outside
from readiness.core.report import ordinal

if TYPE_CHECKING:
    # Imported where they are used: the first frame needs neither the store nor
    # the trends, so they load with the list, in the worker.
    from readiness.core import history, store

SPARK_POINTS = 16  # how many past results a sparkline shows
FIRST_CHUNK = 200  # rows shown at once; the rest follow in chunks between frames
CHUNK = 500
PAGE_GUTTER = 4  # the page's padding, left and right
TABLE_EXTRA = 1 + 3 * 2  # the table's scrollbar, and one cell of padding each side of 3 columns
QUIZ_MIN = 20  # a quiz title this long is never cut ("Deal-breaker factors")
MIN_LABEL = 6  # a shortened label keeps at least this much ("Issues…"), or is left out


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
    return msgspec.structs.replace(summary, quiz_title=title, bands=bands)


def _markup_text(text: str) -> str:
    """Outside text for a markup string, safe however it was cut: every "[" escaped (a title
    cut to fit can end in an unclosed "[@click=…", which `escape` leaves as it is), and a
    trailing backslash kept from escaping the tag that follows (a space after it)."""
    from readiness.core.textsafe import terminal_safe

    safe = terminal_safe(text, multiline=True).replace("[", "\\[")
    return safe + " " if safe.endswith("\\") else safe


def long_date(summary: store.SavedSummary) -> str:
    from readiness.core import history

    local = history.local_date(summary.taken_at)
    return f"{history.short_date(summary.taken_at)}, {local:%H:%M}"


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


def headline(bands: Sequence[tuple[str, str | None, int | None]], width: int) -> str:
    """The bands in `width` cells: as many whole "Label: band score" parts as fit.

    Then, in order: the rest counted ("· 9 more") or marked ("…"); the first
    label cut at a word; the first label with its score alone (the name is kept
    before the band words); the bands and scores alone. A band and its score are
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
    # The first label cut, with its value; then with its score alone, the name before the
    # band words (at 60 columns the bands have 19 cells): "Your readiness 55 …" says more
    # than "Getting ready 55 …".
    score = bands[0][2]
    endings = [[f": {values[0]}"]] + ([[f": {score}", f" {score}"]] if score is not None else [])
    for group in endings:
        for tail in tails(n - 1):
            for ending in group:
                cut = _cut_words(labels[0], width - cell_len(ending + tail))
                if cut is not None:
                    return cut + ending + tail
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


class RowMaker:
    """One row of the table for a layout (Text cells: a title is shown as is, never markup).

    Headlines repeat a lot (the same bands for many results), so each is made once.
    """

    def __init__(self, layout: TableLayout) -> None:
        from readiness.core.history import local_date

        self.layout = layout
        self._local_date = local_date
        self._date_format = "%Y-%m-%d %H:%M" if layout.date_width >= 16 else "%Y-%m-%d"
        self._headline = functools.cache(lambda bands: headline(bands, layout.bands_width))
        self._title = functools.cache(lambda title: _fit(title, layout.quiz_width))

    def __call__(self, summary: store.SavedSummary) -> tuple[Text, Text, Text]:
        date = self._local_date(summary.taken_at).strftime(self._date_format)
        title = self._title(summary.quiz_title)
        return (Text(date), Text(title), Text(self._headline(tuple(summary.bands))))


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
    score = value[value.rfind("(") :] if value.endswith(")") else ""
    # The label cut with its value; else the name kept with its score, before the band words alone.
    for ending in (value, score) if score else (value,):
        cut = _cut_words(short, width - cell_len(f"{prefix}: {ending}"))
        if cut is not None:
            return f"{prefix}{cut}: {ending}"
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

    title = f"{summary.quiz_title}, {long_date(summary)}"
    of = f"{title} · {ordinal(number)} of {total}"
    titles = [f"{of} saved", of, title] if total > 1 else [title]
    lines = [f"[b]{_markup_text(_first_fitting(titles, width))}[/b]"]
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
        lines.append(_markup_text(heading))
    points = SPARK_POINTS if not width or width >= 70 else SPARK_POINTS // 2
    spark_width = min(max((len(c.points) for c in changes.values()), default=0), points)
    words = {did: history.change_words(c.delta, c.higher_is) for did, c in changes.items()}
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
        lines.append(_markup_text(_dimension_line(prefix, label, value, width, shortly)))
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
