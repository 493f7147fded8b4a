"""`take --explain`: why each next step did or did not show, for quiz authors."""

from __future__ import annotations

from typing import Any

from readiness.core.model import Quiz
from readiness.core.nextsteps import trace_steps
from readiness.core.scoring import Result, ResultEnv


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def explain_steps(quiz: Quiz, result: Result) -> str:
    """One block per next step, in file order: its fate, then each part of its `when`."""
    env = ResultEnv(quiz, result.dimensions, result.answers, result.safety)
    when = quiz._compiled.get("when", {})
    lines = [f"Next steps of {quiz.id} (priority order decides what shows first):"]
    for trace in trace_steps(quiz, env):
        step = trace.step
        if trace.shown:
            fate = "SHOWN"
        elif not trace.selected:
            fate = "not selected: its when is false"
        elif trace.removed_for_safety:
            fate = "left out: tagged joint and the safety check raised a concern"
        elif trace.suppressed_by:
            fate = f"hidden: suppressed by '{trace.suppressed_by}'"
        elif trace.cut:
            fate = f"cut: beyond max_next_steps ({quiz.max_next_steps})"
        else:  # pragma: no cover - every trace has one fate
            fate = "not shown"
        lines.append(f"- {step.id} (priority {step.priority}): {fate}")
        expr = when.get(step.id)
        if expr is None:
            lines.append("    when: (none: always selected)")
            continue
        for text, value in expr.explain(env):
            lines.append(f"    {text}  ->  {_value(value)}")
    return "\n".join(lines)
