"""Change over time: per-dimension deltas and sparklines across saved results.

Comparisons match dimensions by id (not label), because a later version of a
quiz may relabel a dimension while it still measures the same thing; the label
shown is the one recorded in the newest result. Everything here works on
`SavedSummary` objects (cheap, from the index) or on record dicts, so the
history screen and the command line never need to re-read a quiz file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from readiness.core.store import SavedSummary, summary_from_record

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_GAP = "·"
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Point:
    """One saved result's score for one dimension (None when it was not scored)."""

    when: datetime
    score: int | None
    record_id: str


@dataclass(frozen=True)
class DimensionTrend:
    """How one dimension moved: every point, and the change since the time before."""

    id: str
    label: str
    points: list[Point]
    delta: int | None
    since: datetime | None
    change_text: str
    higher_is: str | None = None

    @property
    def scores(self) -> list[int | None]:
        """The scores oldest first (for a Sparkline widget; None where not scored)."""
        return [p.score for p in self.points]

    def sparkline(self, width: int = 40) -> str:
        """Text sparkline of the last `width` scores on the 0-100 scale."""
        return sparkline(self.scores[-width:])


@dataclass(frozen=True)
class QuizTrend:
    """All saved results of one quiz, oldest first, summarised per dimension."""

    quiz_id: str
    quiz_title: str
    count: int
    latest_id: str
    previous_id: str | None
    dimensions: list[DimensionTrend]


def local_date(when: datetime) -> datetime:
    """The moment in the person's local time zone (saved times are UTC)."""
    return when.astimezone()


def short_date(when: datetime, *, reference: datetime | None = None) -> str:
    """'3 March', or '3 March 2025' when the year differs from `reference`'s.

    English month names on purpose: the app's text is English, and `%B` would
    follow the process locale.
    """
    day = local_date(when)
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    ref = local_date(reference) if reference is not None else None
    if ref is None or ref.year != day.year:
        text += f" {day.year}"
    return text


_WAYS = {  # higher_is -> the words for a rise and for a fall
    "better": ("points better", "points harder"),
    "worse": ("points harder", "points easier"),
}


def change_words(delta: int | None, higher_is: str | None = None) -> str:
    """'17 points harder', '5 points better', '12 higher', 'no change', or ''.

    Words, not a sign or a colour. Where the quiz says which way is better
    (`higher_is`), they say whether the change went the easier or the harder
    way ("17 points harder" for more strain, "5 points better" for more
    readiness); elsewhere only which way the score moved, leaving the meaning
    to the person.
    """
    if delta is None:
        return ""
    if delta == 0:
        return "no change"
    ways = _WAYS.get(higher_is or "")
    if ways is None:
        return f"{abs(delta)} {'higher' if delta > 0 else 'lower'}"
    return f"{abs(delta)} {ways[0] if delta > 0 else ways[1]}"


def change_text(
    delta: int | None,
    since: datetime | None,
    *,
    latest: datetime | None = None,
    higher_is: str | None = None,
) -> str:
    """'17 points harder than on 3 March', 'the same as on 3 March', ... or ''.

    In `change_words`' words; "earlier that day" when both results are from
    the same day.
    """
    if since is None:
        return ""
    same_day = latest is not None and local_date(latest).date() == local_date(since).date()
    when = "earlier that day" if same_day else short_date(since, reference=latest)
    on = when if same_day else f"on {when}"
    if delta is None:
        return f"not comparable with {when}"
    if delta == 0:
        return f"the same as {on}"
    return f"{change_words(delta, higher_is)} than {on}"


_TRAILING_ASIDE_RE = re.compile(r"\s*\([^()]*\)\s*$")


def short_label(label: str) -> str:
    """A dimension's label without a trailing aside: "Fear of being blamed (as you see it)"
    becomes "Fear of being blamed".

    For previews that have no room for the whole label; the saved result itself
    always shows it in full.
    """
    return _TRAILING_ASIDE_RE.sub("", label) or label


def sparkline(values: Sequence[int | float | None], lo: float = 0, hi: float = 100) -> str:
    """Block characters for `values` on a fixed scale (absolute, so shapes compare honestly)."""
    span = (hi - lo) or 1
    top = len(SPARK_BLOCKS) - 1
    return "".join(
        SPARK_GAP
        if value is None
        else SPARK_BLOCKS[round(min(1.0, max(0.0, (value - lo) / span)) * top)]
        for value in values
    )


def _as_summaries(items: Iterable[SavedSummary | dict[str, Any]]) -> list[SavedSummary]:
    result = []
    for n, item in enumerate(items):
        if isinstance(item, SavedSummary):
            result.append(item)
        else:
            result.append(summary_from_record(item, record_id=str(item.get("id", f"#{n}"))))
    return result


def changes_since_previous(
    items: Iterable[SavedSummary | dict[str, Any]],
    quiz_id: str,
    *,
    upto: str | None = None,
) -> QuizTrend | None:
    """Per-dimension change of `quiz_id`'s newest result since the one before, with series.

    `items` are SavedSummary objects (from `list_saved`) or record dicts, in any
    order. With `upto`, the comparison is as of that saved result (for viewing
    an older one). Returns None when the quiz has no saved result (up to `upto`).
    A dimension missing from a result (an older quiz version) is a gap, not a zero.
    """
    rows = sorted(
        (s for s in _as_summaries(items) if s.quiz_id == quiz_id),
        key=lambda s: (s.taken_at, s.mtime_ns, s.id),
    )
    if upto is not None:
        ids = [s.id for s in rows]
        if upto not in ids:
            return None
        rows = rows[: ids.index(upto) + 1]
    if not rows:
        return None
    latest = rows[-1]
    previous = rows[-2] if len(rows) > 1 else None

    # Dimension order: the newest result's, then any that only older results had.
    order: list[str] = []
    labels: dict[str, str] = {}
    directions: dict[str, str | None] = {}
    for summary in reversed(rows):
        for n, (did, (label, _band, _score)) in enumerate(
            zip(summary.dimension_ids, summary.bands, strict=False)
        ):
            if did not in labels:
                labels[did] = label
                order.append(did)
            if directions.get(did) is None and n < len(summary.directions):
                directions[did] = summary.directions[n]

    dims = []
    for did in order:
        points = []
        for summary in rows:
            pairs = zip(summary.dimension_ids, summary.bands, strict=False)
            score = next((sc for sid, (_label, _band, sc) in pairs if sid == did), None)
            points.append(Point(summary.taken_at, score, summary.id))
        delta = None
        if previous is not None and points[-1].score is not None and points[-2].score is not None:
            delta = points[-1].score - points[-2].score
        since = previous.taken_at if previous is not None else None
        dims.append(
            DimensionTrend(
                id=did,
                label=labels[did],
                points=points,
                delta=delta,
                since=since,
                change_text=change_text(
                    delta, since, latest=latest.taken_at, higher_is=directions.get(did)
                ),
                higher_is=directions.get(did),
            )
        )
    return QuizTrend(
        quiz_id=quiz_id,
        quiz_title=latest.quiz_title,
        count=len(rows),
        latest_id=latest.id,
        previous_id=previous.id if previous else None,
        dimensions=dims,
    )


_score_of = itemgetter(2)  # a band's score, from (label, band, score)


def deltas_by_record(summaries: Sequence[SavedSummary]) -> dict[str, dict[str, int]]:
    """For each record id, each dimension's change since the same quiz's result before it.

    `summaries` newest first (as `list_saved` gives them). The one rule of
    "change since last time" for a whole listing, matched by dimension id, as
    `changes_since_previous` does for one result; the command line's listing
    uses it, the app's panel uses `changes_since_previous`.
    """
    out: dict[str, dict[str, int]] = {}
    last: dict[str, tuple[tuple[str, ...], list[int | None]]] = {}  # ids and scores, by quiz
    for s in reversed(summaries):  # oldest first
        ids = s.dimension_ids
        scores = list(map(_score_of, s.bands))
        before = last.get(s.quiz_id)
        last[s.quiz_id] = (ids, scores)
        if before is None:
            continue
        before_ids, before_scores = before
        pairs: Iterable[tuple[str, int | None, int | None]]
        if before_ids == ids:  # the same dimensions in the same order: nearly always
            pairs = zip(ids, scores, before_scores, strict=False)
        else:
            prior = dict(zip(before_ids, before_scores, strict=False))
            pairs = ((did, score, prior.get(did)) for did, score in zip(ids, scores, strict=False))
        out[s.id] = {
            did: score - prior_score
            for did, score, prior_score in pairs
            if score is not None and prior_score is not None
        }
    return out
