"""From answers to a profile: visibility, exact scores, bands, flags and next steps.

Scores are computed as fractions and rounded half up, exactly as the contract
says, so every implementation gives the same number for the same answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from readiness.core.expressions import is_truthy

# Scoring is where callers find a result's parts, wherever each is defined.
from readiness.core.nextsteps import ShownStep as ShownStep
from readiness.core.nextsteps import held_back_steps, select_steps
from readiness.core.scored import Answer as Answer
from readiness.core.scored import Answers as Answers
from readiness.core.scored import DimensionResult as DimensionResult
from readiness.core.scored import FixedEnv
from readiness.core.scored import ResultEnv as ResultEnv
from readiness.core.scored import SafetyState as SafetyState

if TYPE_CHECKING:  # the model pulls in msgspec; scoring only needs it as types
    from readiness.core.model import Question, Quiz


@dataclass
class Result:
    """One scored quiz: what the results screen shows and what a save writes."""

    quiz: Quiz
    taken_at: datetime
    dimensions: list[DimensionResult]
    flags: dict[str, bool]
    next_steps: list[ShownStep]
    answers: Answers
    safety: SafetyState = field(default_factory=SafetyState)
    held_back: list[ShownStep] = field(default_factory=list)
    """Joint steps the walk would have shown with nothing raised, held back for safety.

    Under `unsure` the app offers them behind one key; they are never saved."""

    def dimension(self, dimension_id: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    @property
    def unasked(self) -> frozenset[str]:
        """Dimensions whose questions were all left out this time (hidden by `show_if`).

        Their score is none like any dimension with nothing answered, and is shown
        with the contract's "not enough answers"; saying why keeps it from reading
        as answers the person skipped (a partner never asked about therapy is never
        asked how the asking went).
        """
        return unasked_dimensions(self.quiz, self.answers)

    @property
    def notes(self) -> list[tuple[str, str]]:
        """The person's own words: (question, answer) for each answered text question."""
        out = []
        for q in self.quiz.questions:
            value = self.answers.get(q.id)
            if q.type == "text" and isinstance(value, str) and value.strip():
                out.append((q.text, value))
        return out

    def to_record(self) -> dict[str, Any]:
        """Exactly the contract's JSON record (no safety answers, ever)."""
        return {
            "quiz": {"id": self.quiz.id, "version": self.quiz.version, "title": self.quiz.title},
            "taken_at": self.taken_at.isoformat(timespec="seconds"),
            "dimensions": [d.to_record() for d in self.dimensions],
            "flags": dict(self.flags),
            "next_steps": [s.to_record() for s in self.next_steps],
            "answers": {
                k: (list(v) if isinstance(v, list) else v) for k, v in self.answers.items()
            },
        }


def exact(value: int | float) -> Fraction:
    """A number as written in the file, exactly (0.1 is one tenth, not a binary float)."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return Fraction(0)
        return Fraction(repr(value))
    return Fraction(value)


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


# --- answers and visibility ------------------------------------------------------------------------


def normalize_answer(quiz: Quiz, question: Question, value: Any) -> Answer | None:
    """The answer in canonical form, or None when it does not fit the question."""
    if value is None:
        return None
    if question.type == "choice":
        key = _option_key(value)
        return key if key is not None and question.option(key) is not None else None
    if question.type == "multi":
        if not isinstance(value, (list, tuple)):
            return None
        chosen: list[str] = []
        for item in value:
            key = _option_key(item)
            if key is None or question.option(key) is None:
                return None
            if key not in chosen:
                chosen.append(key)
        order = [o.id for o in question.options or ()]
        return sorted(chosen, key=order.index)
    if question.type == "scale":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        for point in quiz.scales.get(question.scale or "", []):
            if exact(point.value) == exact(value):
                return point.value
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _option_key(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int)):
        return str(value)
    return None


def _walk_visible(quiz: Quiz, answers: Answers) -> tuple[list[Question], Answers]:
    """Questions shown for these answers, and the answers that survive (visible and valid)."""
    show_if = quiz.compiled.show_if
    kept: Answers = {}
    env = FixedEnv(kept, {})  # show_if reads answers only
    visible: list[Question] = []
    for q in quiz.questions:
        expr = show_if.get(q.id)
        if expr is not None and not is_truthy(expr.evaluate(env)):
            continue
        visible.append(q)
        value = normalize_answer(quiz, q, answers.get(q.id))
        if value is not None:
            kept[q.id] = value
    return visible, kept


def visible_questions(quiz: Quiz, answers: Answers) -> list[Question]:
    """The questions asked, in file order, given the answers so far."""
    return _walk_visible(quiz, answers)[0]


def _touches(q: Question) -> set[str]:
    """The dimensions a question can contribute to."""
    touched = set(q.scores or {})
    for option in q.options or ():
        touched.update(option.scores or {})
    return touched


def unasked_dimensions(quiz: Quiz, answers: Answers) -> frozenset[str]:
    """Dimensions some question scores, none of which is shown for these answers."""
    scored: set[str] = set()
    for q in quiz.questions:
        scored |= _touches(q)
    for q in visible_questions(quiz, answers):
        scored -= _touches(q)
    return frozenset(scored)


def prune_answers(quiz: Quiz, answers: Answers) -> Answers:
    """Answers to visible questions only, in canonical form; hidden or invalid ones dropped."""
    return _walk_visible(quiz, answers)[1]


# --- scores ----------------------------------------------------------------------------------------


def _contribution(
    quiz: Quiz, q: Question, value: Answer, dim: str
) -> tuple[Fraction, Fraction, Fraction] | None:
    """(contribution, least, most) of one answered question to one dimension, or None."""
    if q.type == "scale":
        weight = (q.scores or {}).get(dim)
        points = [exact(p.value) for p in quiz.scales.get(q.scale or "", [])]
        if weight is None or not points or isinstance(value, (str, list)):
            return None
        w, lo, hi, v = exact(weight), min(points), max(points), exact(value)
        if q.reverse:
            v = lo + hi - v
        a, b = w * lo, w * hi
        return w * v, min(a, b), max(a, b)
    weights = [exact(o.scores[dim]) for o in q.options or () if dim in o.scores]
    if q.type == "choice":
        option = q.option(value) if isinstance(value, str) else None
        if option is None or dim not in option.scores:
            return None
        return exact(option.scores[dim]), min(weights), max(weights)
    if q.type == "multi" and isinstance(value, list) and weights:
        chosen = set(value)
        total = sum(
            (exact(o.scores.get(dim, 0)) for o in q.options or () if o.id in chosen), Fraction(0)
        )
        return (
            total,
            sum((w for w in weights if w < 0), Fraction(0)),
            sum((w for w in weights if w > 0), Fraction(0)),
        )
    return None


def score_dimensions(
    quiz: Quiz, visible: list[Question], answers: Answers
) -> list[DimensionResult]:
    results = []
    for dim in quiz.dimensions:
        raw = low = high = Fraction(0)
        for q in visible:
            if q.id not in answers:
                continue
            part = _contribution(quiz, q, answers[q.id], dim.id)
            if part is not None:
                raw, low, high = raw + part[0], low + part[1], high + part[2]
        score = band_id = band_label = None
        if high != low:
            score = max(0, min(100, round_half_up(100 * (raw - low) / (high - low))))
            band = next((b for b in dim.bands if b.max >= score), dim.bands[-1])
            band_id, band_label = band.id, band.label
        results.append(
            DimensionResult(dim.id, dim.label, raw, low, high, score, band_id, band_label)
        )
    return results


def evaluate(
    quiz: Quiz,
    answers: Answers,
    safety: SafetyState | None = None,
    taken_at: datetime | None = None,
) -> Result:
    """Score a quiz for a set of answers. Hidden, unknown or invalid answers are dropped."""
    safety = safety or SafetyState()
    visible, kept = _walk_visible(quiz, answers)
    dims = score_dimensions(quiz, visible, kept)
    env = ResultEnv(quiz, dims, kept, safety)
    flags = {name: env.flag(name) for name in quiz.flags}
    steps = select_steps(quiz, env)
    held_back = held_back_steps(quiz, env) if safety.holds_back_joint else []
    when = taken_at or datetime.now(UTC).replace(microsecond=0)
    return Result(quiz, when, dims, flags, steps, kept, safety, held_back)
