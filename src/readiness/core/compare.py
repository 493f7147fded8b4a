"""Two saved results of one quiz side by side, dimension by dimension, in plain words.

Used by `readiness compare ID ID` and the app's saved-results screen. Works on
summaries (`SavedSummary`, the headline of a record), so it needs only what
history already lists: each dimension's label, band, score and, where the
save knew it, which way is better (`higher_is`). Dimensions are matched by id,
so a later quiz version that relabels one still lines up; one that only one
of the two results has is shown as "not in the earlier result" (or later).
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.core.history import change_words, short_date
from readiness.core.records import SavedSummary, StoreError


@dataclass(frozen=True)
class Side:
    """One result's reading of one dimension."""

    score: int | None
    band: str | None


@dataclass(frozen=True)
class DimensionPair:
    """One dimension in the earlier and the later result, and the change in words."""

    id: str
    label: str
    earlier: Side | None  # None: the earlier result has no such dimension
    later: Side | None
    higher_is: str | None

    @property
    def change(self) -> str:
        """'17 points harder', 'no change', ... or why there is nothing to compare."""
        if self.earlier is None:
            return "not in the earlier result"
        if self.later is None:
            return "not in the later result"
        if self.earlier.score is None or self.later.score is None:
            return "not enough answers to compare"
        return change_words(self.later.score - self.earlier.score, self.higher_is)


@dataclass(frozen=True)
class Comparison:
    """Two results of one quiz, the earlier first."""

    quiz_title: str
    earlier: SavedSummary
    later: SavedSummary
    dimensions: list[DimensionPair]

    @property
    def dates(self) -> tuple[str, str]:
        """The two dates as a person reads them ('3 March', '2 April 2027')."""
        later = self.later.taken_at
        first, second = (
            short_date(when, reference=later) for when in (self.earlier.taken_at, later)
        )
        if first == second:  # the same day: the times tell them apart
            first += self.earlier.taken_at.astimezone().strftime(" %H:%M")
            second += later.astimezone().strftime(" %H:%M")
        return first, second


def _sides(summary: SavedSummary) -> dict[str, tuple[str, Side, str | None]]:
    directions = summary.directions or (None,) * len(summary.bands)
    return {
        did: (label, Side(score, band), way)
        for did, (label, band, score), way in zip(
            summary.dimension_ids, summary.bands, directions, strict=False
        )
    }


def compare(first: SavedSummary, second: SavedSummary) -> Comparison:
    """The two results side by side, the earlier first whatever the order given.

    Raises StoreError (a sentence to show as is) when they are of different quizzes.
    """
    if first.quiz_id != second.quiz_id:
        raise StoreError(
            f"These two results are of different quizzes ({first.quiz_title} and "
            f"{second.quiz_title}); compare two results of the same quiz."
        )
    earlier, later = sorted((first, second), key=lambda s: (s.taken_at, s.mtime_ns, s.id))
    before, after = _sides(earlier), _sides(later)
    order = list(after) + [did for did in before if did not in after]
    pairs = []
    for did in order:
        label, _, way = after.get(did) or before[did]
        if way is None and did in before:
            way = before[did][2]
        pairs.append(
            DimensionPair(
                id=did,
                label=label,
                earlier=before[did][1] if did in before else None,
                later=after[did][1] if did in after else None,
                higher_is=way,
            )
        )
    return Comparison(later.quiz_title, earlier, later, pairs)


def to_text(comparison: Comparison, bar: int = 20) -> str:
    """The comparison as plain text with bars (the command line's view)."""
    from readiness.core.report import text_bar

    first, second = comparison.dates
    width = max(len(first), len(second))
    lines = [f"{comparison.quiz_title}: {first} and {second}", ""]
    for pair in comparison.dimensions:
        lines.append(pair.label)
        for when, side in ((first, pair.earlier), (second, pair.later)):
            if side is None:
                lines.append(f"  {when:<{width}}  (not asked in this version of the quiz)")
                continue
            score = "--" if side.score is None else f"{side.score:>3}"
            band = side.band or ("not enough answers" if side.score is None else "")
            lines.append(f"  {when:<{width}}  {text_bar(side.score, bar)} {score}  {band}".rstrip())
        lines.append(f"  {pair.change}")
        lines.append("")
    return "\n".join(lines)
