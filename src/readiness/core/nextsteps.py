"""Which next steps a person sees, in what order, and why.

The walk follows the contract: select by `when`; when the safety check raised
anything (concern, crisis or unsure) drop every `joint` step first; sort by
priority (ties keep file order); each shown step hides later ones named in its
`suppress`; then cut to `max_next_steps` (at most two under a crisis, where the
page is pared down to the crisis card and the person's own support).
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from readiness.core.expressions import is_truthy

if TYPE_CHECKING:
    from readiness.core.model import NextStep, Question, Quiz
    from readiness.core.scored import ResultEnv

JOINT_TAG = "joint"
CRISIS_MAX_STEPS = 2


@dataclass(frozen=True)
class ShownStep:
    id: str
    title: str
    body: str
    priority: int
    tags: list[str]
    why: list[str]

    @classmethod
    def of(cls, step: NextStep, why: list[str]) -> ShownStep:
        return cls(step.id, step.title, step.body, step.priority, list(step.tags), why)

    def to_record(self) -> dict[str, Any]:
        return asdict(self)  # the lists copied, so a record never shares them


@dataclass(frozen=True)
class StepTrace:
    """What happened to one step: for `take --explain` and for tests."""

    step: NextStep
    selected: bool
    removed_for_safety: bool = False
    suppressed_by: str | None = None
    cut: bool = False
    shown: bool = False


def step_limit(quiz: Quiz, crisis: bool) -> int | None:
    """How many steps show: the quiz's own limit, and never more than two under a crisis."""
    limit = quiz.max_next_steps
    if crisis:
        return CRISIS_MAX_STEPS if limit is None else min(limit, CRISIS_MAX_STEPS)
    return limit


def trace_steps(
    quiz: Quiz,
    env: ResultEnv,
    *,
    hold_back: bool | None = None,
    limit: int | None | bool = True,
    leave_out: frozenset[str] = frozenset(),
) -> list[StepTrace]:
    """Every step with its fate, in file order.

    `hold_back` (default: the safety state says so) drops joint steps first;
    `limit` True means the usual cut, None no cut at all; `leave_out` names
    steps that never enter the walk (the saved view leaves out every step that
    depends on the safety check).
    """
    if hold_back is None:
        hold_back = env.safety_state.holds_back_joint
    if limit is True:
        limit = step_limit(quiz, env.safety_state.crisis)
    when = quiz.compiled.when
    fate: dict[str, dict[str, Any]] = {}
    candidates: list[tuple[int, NextStep]] = []
    for index, step in enumerate(quiz.next_steps):
        if step.id in leave_out:
            fate[step.id] = {"selected": False}
            continue
        expr = when.get(step.id)
        selected = expr is None or is_truthy(expr.evaluate(env))
        fate[step.id] = {"selected": selected}
        if not selected:
            continue
        if hold_back and JOINT_TAG in step.tags:
            fate[step.id]["removed_for_safety"] = True
            continue
        candidates.append((index, step))
    candidates.sort(key=lambda pair: (-pair[1].priority, pair[0]))
    # Where each id and tag sits in the walk, so a suppress costs what it hides.
    at: dict[str, list[int]] = {}
    for position, (_, step) in enumerate(candidates):
        for name in (step.id, *step.tags):
            at.setdefault(name, []).append(position)
    shown: list[NextStep] = []
    hidden: dict[str, str] = {}
    for position, (_, step) in enumerate(candidates):
        if step.id in hidden:
            fate[step.id]["suppressed_by"] = hidden[step.id]
            continue
        shown.append(step)
        for target in step.suppress:
            positions = at.get(target, [])
            cut = bisect.bisect_right(positions, position)
            for later in positions[cut:]:
                hidden.setdefault(candidates[later][1].id, step.id)
            at[target] = positions[:cut]  # hidden now: never scan again
    for position, step in enumerate(shown):
        if limit is not None and limit is not False and position >= limit:
            fate[step.id]["cut"] = True
        else:
            fate[step.id]["shown"] = True
    return [StepTrace(step, **fate[step.id]) for step in quiz.next_steps]


def select_steps(
    quiz: Quiz, env: ResultEnv, traces: list[StepTrace] | None = None
) -> list[ShownStep]:
    """The steps shown, in order, each with its reasons."""
    traces = trace_steps(quiz, env) if traces is None else traces
    shown = [(index, t) for index, t in enumerate(traces) if t.shown]
    ordered = [t for _, t in sorted(shown, key=lambda pair: (-pair[1].step.priority, pair[0]))]
    return [ShownStep.of(t.step, why_for(quiz, t.step, env)) for t in ordered]


def held_back_steps(quiz: Quiz, env: ResultEnv) -> list[ShownStep]:
    """The joint steps the walk would show if nothing had been raised, in that walk's order.

    Under `unsure` the app offers these behind one key, never by default; they
    come from the ordinary walk so that pressing the key shows exactly what a
    person with nothing raised would have seen of them.
    """
    traces = trace_steps(quiz, env, hold_back=False, limit=quiz.max_next_steps)
    return [s for s in select_steps(quiz, env, traces) if JOINT_TAG in s.tags]


def why_for(quiz: Quiz, step: NextStep, env: ResultEnv) -> list[str]:
    """The parts of the step's `when` that held, in the quiz's own words."""
    expr = quiz.compiled.when.get(step.id)
    if expr is None:
        return []
    said = [describe(quiz, env, kind, name) for part in expr.why_parts(env) for kind, name in part]
    return [words for words in dict.fromkeys(said) if words]  # each once, in order


def describe(quiz: Quiz, env: ResultEnv, kind: str, name: str) -> str:
    """One reference in words: 'Your readiness: Ready (82)', "Partner's response: They said no"."""
    if kind in {"score", "band"}:
        dim = quiz.dimension(name)
        result = env.dims.get(name)
        if dim is None or result is None:
            return ""
        if result.score is None:
            return f"{dim.label}: not enough answers"
        return f"{dim.label}: {result.band_label} ({result.score})"
    if kind == "answer":
        q = quiz.question(name)
        if q is None:
            return ""
        return f"{q.label}: {answer_words(quiz, q, env.answer(name))}"
    if kind == "flag":
        return name if env.flag(name) else f"not {name}"
    if kind == "safety":
        # Only what was raised is a reason a person reads: "crisis not raised" under a
        # step tells them nothing they need, and names a crisis for no cause.
        if not env.safety(name):
            return ""
        what = {"crisis": "crisis raised", "unsure": "some questions declined"}
        return f"Safety check: {what.get(name, 'concern raised')}"
    return ""


def answer_words(quiz: Quiz, question: Question, value: Any) -> str:
    """An answer as the person saw it: option labels, the scale label, or their text."""
    if value is None:
        return "not answered"
    labels: dict[Any, str] = dict(quiz.choices(question))
    if question.type == "multi":
        chosen = [labels.get(v, str(v)) for v in value]
        return ", ".join(chosen) if chosen else "none of these"
    if question.type in {"choice", "scale"}:  # by ==: a value may not be hashable
        return next((label for key, label in labels.items() if key == value), str(value))
    return str(value)
