"""`take --explain`: why each next step did or did not show, for quiz authors.

For every next step, in file order: what happened to it (shown, and where;
not selected; left out for safety; hidden by another step's `suppress`, and
through which entry; cut by `max_next_steps`), then its `when` taken apart:
each part with its value, and the value of every name that part uses. Before
them, every option of the scale and choice questions the conditions read, with the
value a condition compares (`1 Never (value 0)`): the digit pressed is not the value.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from readiness.core.expressions import Expression
from readiness.core.expressions.evaluate import Part
from readiness.core.model import NextStep, Question, Quiz
from readiness.core.nextsteps import CRISIS_MAX_STEPS, JOINT_TAG, step_limit, trace_steps
from readiness.core.report import ordinal
from readiness.core.scored import ResultEnv
from readiness.core.scoring import Result


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def _name_value(env: ResultEnv, kind: str, name: str) -> str:
    """`score.x = 40`, with a word on what `none` means for each kind."""
    getter = {
        "score": env.score,
        "band": env.band,
        "answer": env.answer,
        "flag": env.flag,
        "safety": env.safety,
    }.get(kind)
    value = getter(name) if getter else None
    shown = _value(value)
    if value is None and kind in {"score", "band"}:
        shown += ", not enough answers"
    elif value is None and kind == "answer":
        shown += ", not answered or hidden"
    return f"{kind}.{name} = {shown}"


def _part_lines(
    expr: Expression, part: Part, env: ResultEnv, depth: int, text: str | None = None
) -> list[str]:
    """One line per part of an expression: its text, its value, the values it read."""
    pad = "    " + "  " * depth
    label = "when " if depth == 0 else ""
    line = f"{pad}{label}{text or part.text}  ->  {_value(expr.value_of(part, env))}"
    names = [
        _name_value(env, kind, name) for kind, name in part.refs if f"{kind}.{name}" != part.text
    ]
    if part.kind == "leaf" and names:
        line += f"   ({'; '.join(names)})"
    lines = [line]
    for child in part.children:
        lines += _part_lines(expr, child, env, depth + 1)
    return lines


def option_lines(quiz: Quiz, question: Question) -> list[str]:
    """Each option as the person sees it, the digit they press and the label, with the
    value a condition compares: `1 Never (value 0)`, `2 They said no (value 'refused')`."""
    return [
        f"{digit} {label} (value {_value(value)})"
        for digit, (value, label) in enumerate(quiz.choices(question), 1)
    ]


def scale_and_choice_lines(quiz: Quiz, names: set[str] | None = None) -> list[str]:
    """The options of every scale and choice question (or of those in `names`), for
    an author writing conditions."""
    lines = []
    for q in quiz.questions:
        if q.type in {"scale", "choice"} and (names is None or q.id in names):
            lines.append(f"  answer.{q.id}: " + ", ".join(option_lines(quiz, q)))
    if not lines:
        return []
    return [
        "Options of the questions these conditions read: the digit pressed, the label, "
        "and the value a condition compares (conditions use values, not digits):",
        *lines,
    ]


def _suppression(by: NextStep, step: NextStep) -> str:
    if step.id in by.suppress:
        return (
            f"its id is in the suppress of '{by.id}' (priority {by.priority}), which showed first"
        )
    tags = [t for t in step.tags if t in by.suppress]
    listed = ", ".join(f"'{t}'" for t in tags) or "?"
    return f"its tag {listed} is in the suppress of '{by.id}' (priority {by.priority}), which showed first"


def _safety_line(result: Result) -> str:
    raised = [f"safety.{name}" for name in result.safety.raised]
    if not raised:
        return (
            "Safety check: nothing raised (safety.concern, safety.crisis and safety.unsure are false; "
            "try --safety concern, crisis, unsure or a combination such as concern,crisis)"
        )
    crisis = (
        f"; at most {CRISIS_MAX_STEPS} steps show under a crisis" if result.safety.crisis else ""
    )
    return f"Safety check: {' and '.join(raised)} true; steps tagged '{JOINT_TAG}' are left out{crisis}"


def explain_steps(quiz: Quiz, result: Result) -> str:
    """The whole explanation, as text for stderr."""
    env = ResultEnv(quiz, result.dimensions, result.answers, result.safety)
    when = quiz.compiled.when
    steps = {s.id: s for s in quiz.next_steps}
    traces = trace_steps(quiz, env)
    order = [s.id for s in result.next_steps]

    lines = [
        f"Why each next step of {quiz.id} did or did not show (in file order):",
        _safety_line(result),
    ]
    if result.flags:
        lines.append(
            "Flags: "
            + ", ".join(f"{name} = {_value(value)}" for name, value in result.flags.items())
        )
    exprs = [*when.values(), *quiz.compiled.flags.values()]  # the steps' and the flags'
    read = {name for expr in exprs for kind, name in expr.references() if kind == "answer"}
    lines += scale_and_choice_lines(quiz, read)
    for trace in traces:
        step = trace.step
        if trace.shown:
            place = order.index(step.id) + 1 if step.id in order else 0
            fate = f"SHOWN {ordinal(place)} of {len(order)}" if place else "SHOWN"
        elif not trace.selected:
            fate = "NOT SELECTED: its when is false"
        elif trace.removed_for_safety:
            raised = result.safety.raised
            verb = "is" if len(raised) == 1 else "are"
            fate = f"LEFT OUT: tagged '{JOINT_TAG}' and {' and '.join('safety.' + n for n in raised)} {verb} true"
        elif trace.suppressed_by:
            fate = "HIDDEN: " + _suppression(steps[trace.suppressed_by], step)
        elif trace.cut:
            limit = step_limit(quiz, result.safety.crisis)
            why = (
                f"under a crisis at most {limit} steps show"
                if limit != quiz.max_next_steps
                else f"max_next_steps ({quiz.max_next_steps}) steps came before it"
            )
            fate = f"CUT: {why}; a higher priority would move it up"
        else:  # pragma: no cover - every trace has one fate
            fate = "not shown"
        lines += ["", f"- {step.id} (priority {step.priority}): {fate}"]
        expr = when.get(step.id)
        if expr is None:
            lines.append("    no when: always selected")
        else:
            lines += _part_lines(expr, expr.parts, env, 0, " ".join(expr.source.split()))
    lines += ["", "Shown, in order: " + (", ".join(order) if order else "nothing")]
    return "\n".join(lines)
