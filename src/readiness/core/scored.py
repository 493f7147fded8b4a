"""A scored quiz as conditions and the step walk read it: the safety state, each
dimension's result, and `ResultEnv`, the environment `when` and `flags` are evaluated in.

Scoring makes these and the step walk (`nextsteps`) reads them, so they sit below
both: `scoring` builds on `nextsteps`, never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from readiness.core.expressions import Expression, is_truthy

if TYPE_CHECKING:  # the model pulls in msgspec; this module only needs it as types
    from readiness.core.model import Quiz

Answer = int | float | str | list[str]
Answers = dict[str, Answer]


@dataclass(frozen=True)
class SafetyState:
    """What the safety check found; all false when it was not asked.

    `unsure` means the person declined at least one of the questions about fear,
    being hurt or control and raised no concern: an advocate reads a decline as a
    possible warning sign, so it holds back joint steps like a concern does, but
    gently (the person can still ask to see them).
    """

    concern: bool = False
    crisis: bool = False
    unsure: bool = False

    @property
    def holds_back_joint(self) -> bool:
        """Steps and dimensions tagged `joint` are held back in every state but none."""
        return self.concern or self.crisis or self.unsure

    @property
    def raised(self) -> tuple[str, ...]:
        """The names that hold, in a fixed order (crisis first: it leads the page)."""
        return tuple(n for n in ("crisis", "concern", "unsure") if getattr(self, n))


@dataclass(frozen=True)
class DimensionResult:
    id: str
    label: str
    raw: Fraction
    min: Fraction
    max: Fraction
    score: int | None
    band_id: str | None
    band_label: str | None

    def to_record(self) -> dict[str, Any]:
        band = {"id": self.band_id, "label": self.band_label} if self.band_id is not None else None
        return {
            "id": self.id,
            "label": self.label,
            "raw": _number(self.raw),
            "min": _number(self.min),
            "max": _number(self.max),
            "score": self.score,
            "band": band,
        }


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


class FixedEnv:
    """An expression environment of given answers and flags that knows nothing else: what
    a show_if may read (answers so far), or the safety check's steps (its flags alone)."""

    def __init__(self, answers: Answers, flags: dict[str, bool]) -> None:
        self.answers = answers  # the caller's own dict: it may still be filling it
        self.flags = flags

    def answer(self, qid: str) -> Any:
        return self.answers.get(qid)

    def score(self, dim: str) -> int | None:
        return None

    def band(self, dim: str) -> str | None:
        return None

    def flag(self, name: str) -> bool:
        return self.flags.get(name, False)

    def safety(self, name: str) -> bool:
        return False


class ResultEnv:
    """Expression environment over a scored quiz; flags are evaluated lazily, once each."""

    def __init__(
        self, quiz: Quiz, dims: list[DimensionResult], answers: Answers, safety: SafetyState
    ) -> None:
        self.quiz = quiz
        self.dims = {d.id: d for d in dims}
        self.answers = answers
        self.safety_state = safety
        self.flag_exprs: dict[str, Expression] = quiz.compiled.flags
        self.flag_values: dict[str, bool] = {}
        # Dependencies first: a long chain of flags is evaluated without recursion.
        for name in quiz.compiled.flag_order:
            self.flag(name)

    def score(self, dim: str) -> int | None:
        d = self.dims.get(dim)
        return d.score if d else None

    def band(self, dim: str) -> str | None:
        d = self.dims.get(dim)
        return d.band_id if d else None

    def answer(self, qid: str) -> Any:
        return self.answers.get(qid)

    def flag(self, name: str) -> bool:
        if name not in self.flag_values:
            self.flag_values[name] = False  # guards against cycles (refused at load time anyway)
            expr = self.flag_exprs.get(name)
            self.flag_values[name] = bool(expr is not None and is_truthy(expr.evaluate(self)))
        return self.flag_values[name]

    def safety(self, name: str) -> bool:
        return bool(getattr(self.safety_state, name, False))
