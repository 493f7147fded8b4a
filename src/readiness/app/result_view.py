"""One result on screen, the same for the live results and a saved one.

Both screens build their page from these pieces, so a heading, a bar, the
words for a missing score or a step's reasons cannot say one thing on one
screen and another on the other. The pieces take the record's shape (plain
dicts, as saved) or the live objects with the same field names.

A saved record cannot tell "not asked this time" from "not enough answers"
(it keeps the contract's fields only), so a saved result says the latter;
the live screen knows and says which (`core.report.none_words`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from readiness.app.base import SNAPSHOT_NOTE, markdown, plain
from readiness.core.report import (
    SCORE_SCALE_WORDS,
    how_computed,
    none_words,
    reasons_line,
    text_bar,
)

DETAILS_HINT = "Press d to see how each score was worked out."


def _field(item: Any, name: str) -> Any:
    """A field of a record (dict) or of a live object, the same name either way."""
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def snapshot_intro(title: str, looks: str) -> ComposeResult:
    """The title and the line that says what the page is: `looks` is "shows how things look
    to you today" or "showed how things looked to you on 3 March"."""
    yield Static(f"Your snapshot: {plain(title)}", classes="title")
    yield Static(
        f"{SNAPSHOT_NOTE} It {looks}, as strengths and places to grow, not a verdict on you "
        "or your relationship.",
        classes="note",
    )


def _band_of(dim: Any) -> str | None:
    """A dimension's band label: a record's `band.label` or a live result's `band_label`."""
    band = _field(dim, "band")
    label = band.get("label") if isinstance(band, Mapping) else _field(dim, "band_label")
    return label if isinstance(label, str) and label.strip() else None


def _is_joint(step: Any) -> bool:
    tags = _field(step, "tags") or ()
    return "joint" in tags if isinstance(tags, list | tuple | set | frozenset) else False


def summary_lines(
    dimensions: Iterable[Any], steps: Iterable[Any], *, holding_back: bool = False
) -> list[str]:
    """The lines of "In short" (markup, outside text escaped): the headline band (the first
    dimension's; the others counted), then the first step's title. `holding_back` (the safety check raised something)
    never lets a step that involves the partner into it, even were one to reach it."""
    bands = [
        f"{plain(_field(dim, 'label') or _field(dim, 'id') or '')}: {plain(band)}"
        for dim in dimensions
        if (band := _band_of(dim))
    ]
    firsts = [step for step in steps if not (holding_back and _is_joint(step))]
    lines = []
    if bands:  # the headline band; the rest are a line away, with their bars
        more = len(bands) - 1
        lines.append(bands[0] + (f" · {more} more below" if more else ""))
    if firsts:
        title = plain(_field(firsts[0], "title") or "")
        lines.append(f"A first step to consider: [b]{title}[/b] (more under Next steps, below).")
    return lines


def summary_block(
    dimensions: Iterable[Any], steps: Iterable[Any], *, holding_back: bool = False
) -> ComposeResult:
    """ "In short": the headline band and the first step's title, so a page's point is on its first
    screen (the full profile and steps follow below). Nothing here is a verdict: the bands
    are the quiz's own words, shown again below with their bars."""
    lines = summary_lines(dimensions, steps, holding_back=holding_back)
    if not lines:
        return
    with Vertical(id="summary", classes="summary"):
        yield Static("In short", classes="summary-title")
        yield Static("\n".join(lines), id="summary-lines")


def score_of(dim: Mapping[str, Any]) -> int | None:
    """A recorded score, or None (a record is a file: anything but a whole number is no score)."""
    score = dim.get("score")
    return score if isinstance(score, int) and not isinstance(score, bool) else None


def dimension_row(dim: Mapping[str, Any], unasked: frozenset[str], *under: Widget) -> ComposeResult:
    """One dimension (a record): its label, its bar with the score and band, and `under` it
    what the screen adds (how it was worked out, or its change over time)."""
    did = str(dim.get("id", ""))
    score = score_of(dim)
    band = dim.get("band")
    band_label = band.get("label") if isinstance(band, Mapping) else None
    value = none_words(did, unasked) if score is None else f"{score:>3}  {plain(band_label or '')}"
    with Vertical(classes="dimension"):
        yield Static(plain(dim.get("label") or did), classes="dim-label")
        yield Static(f"[b]{text_bar(score)}[/b]  {value}", classes="dim-bar")
        yield from under


def how_line(dim: Mapping[str, Any], meaning: str = "") -> Static:
    """The arithmetic behind one score, in words, hidden until d shows it; `meaning` (live
    only: it needs the quiz) says which way is better. The label is the line above, so not repeated."""
    record = {**dim, "score": score_of(dim)}
    text = how_computed(record).removeprefix(f"{record.get('label', '')}: ")
    words = " ".join(part for part in (text[:1].upper() + text[1:], meaning) if part)
    return Static(plain(words), classes="how muted")


def details_hint() -> Static:
    """The line under the bars that says d shows the arithmetic (and, once shown, hides it)."""
    return Static(DETAILS_HINT, id="details-hint", classes="muted details-hint")


def toggle_details(screen: Screen[Any]) -> None:
    """d on a result, live or saved: show or hide, under each bar, how its score was worked out."""
    showing = not screen.has_class("-details")
    screen.set_class(showing, "-details")
    screen.query_one("#details-hint", Static).update(
        f"{SCORE_SCALE_WORDS} Press d to hide how the scores were worked out."
        if showing
        else DETAILS_HINT
    )


def step_block(number: int | None, step: Any, *, open_links: bool = True) -> ComposeResult:
    """One next step: numbered (or not, for the safety check's own), why it was chosen, its body.

    `open_links` is off for a saved result: its text is a file's, so a click never opens a link.
    """
    with Vertical(classes="step"):
        title = plain(_field(step, "title") or "")
        yield Static(f"{number}. {title}" if number is not None else title, classes="step-title")
        why = _field(step, "why") or []
        if why:
            yield Static(f"Why this one: {plain(reasons_line(list(why)))}", classes="why")
        body = str(_field(step, "body") or "")
        if body.strip():
            yield markdown(body, classes="step-body", open_links=open_links)


def steps_section(
    steps: Iterable[Any], *, none_text: str, open_links: bool = True
) -> ComposeResult:
    """The "Next steps" heading and the steps, numbered; `none_text` when there are none."""
    yield Static("Next steps", classes="heading")
    steps = list(steps)
    if not steps:
        yield Static(none_text, classes="muted")
    for number, step in enumerate(steps, start=1):
        yield from step_block(number, step, open_links=open_links)
