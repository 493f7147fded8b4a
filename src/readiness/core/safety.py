"""The shipped safety check, the state it leaves, and what results show and save under it.

Safety comes first (content brief, section 8): before results, the app asks a
short private check whose flags `concern`, `crisis` and `unsure` decide whether
results lead with a card (crisis lines first), hold back every step and
dimension tagged `joint`, and what may be saved. This module is pure (no
Textual, no writes) so the app, the command line and the tests all see exactly
the same data. The support lines and cards are read in `resources.py`.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.core.nextsteps import JOINT_TAG, ShownStep, select_steps, trace_steps

# The support lines and cards, known by these names from here as well.
from readiness.core.resources import Card as Card
from readiness.core.resources import Resource as Resource
from readiness.core.resources import Resources as Resources
from readiness.core.resources import ResourcesFileError as ResourcesFileError
from readiness.core.resources import card_plan as card_plan
from readiness.core.resources import load_resources as load_resources
from readiness.core.resources import parse_resources as parse_resources
from readiness.core.resources import region_for_locale as region_for_locale
from readiness.core.safekeep import safety_dependent
from readiness.core.scored import FixedEnv, ResultEnv, SafetyState
from readiness.locations import data_file

if TYPE_CHECKING:  # the loader pulls in msgspec: only when the check is asked
    from readiness.core.model import Dimension, Quiz
    from readiness.core.scored import DimensionResult
    from readiness.core.scoring import Result

SAFETY_QUIZ_ID = "safety-check"


def safety_quiz_path() -> Path:
    """Where the shipped safety check lives (inside the package, never in the catalog)."""
    return data_file("safety-check.yaml")


@functools.cache
def load_safety_quiz() -> Quiz:
    """The safety check as a Quiz. Cached: it is shipped data and never changes at run time."""
    from readiness.core.loader import load_quiz

    return load_quiz(safety_quiz_path())


def safety_from_result(result: Result) -> SafetyState:
    """Turn a scored safety check into the SafetyState every other quiz sees.

    A flag that is missing counts as false, so a malformed check can never
    raise here; the tests make sure the shipped check defines both flags.
    """
    flags = result.flags
    concern = bool(flags.get("concern", False))
    return SafetyState(
        concern=concern,
        crisis=bool(flags.get("crisis", False)),
        unsure=bool(flags.get("unsure", False)) and not concern,
    )


# --- what the results hold back, and what may be saved -----------------------------------


def is_joint(dimension: Dimension) -> bool:
    """A dimension about doing or saying things with the partner (`tags: [joint]`)."""
    return JOINT_TAG in (getattr(dimension, "tags", None) or ())


def shown_dimensions(result: Result) -> list[DimensionResult]:
    """The dimensions a person sees: joint ones are held back when the check raised anything
    (a profile must never praise persuading a partner who may be controlling)."""
    if not result.safety.holds_back_joint:
        return list(result.dimensions)
    joint = {d.id for d in result.quiz.dimensions if is_joint(d)}
    return [d for d in result.dimensions if d.id not in joint]


def _without_joint_reasons(result: Result, steps: list[ShownStep]) -> list[ShownStep]:
    """Steps whose reasons no longer name a joint dimension (held back, so not cited either)."""
    if not result.safety.holds_back_joint:
        return steps
    labels = tuple(f"{d.label}:" for d in result.quiz.dimensions if is_joint(d))
    if not labels:
        return steps
    return [replace(s, why=[w for w in s.why if not w.startswith(labels)]) for s in steps]


def shown_view(result: Result) -> Result:
    """The result as a person sees it: joint dimensions held back when the check raised
    anything, and no step's reason citing one."""
    return replace(
        result,
        dimensions=shown_dimensions(result),
        next_steps=_without_joint_reasons(result, list(result.next_steps)),
    )


def saved_view(result: Result) -> Result:
    """What may be written to disk: nothing in it reveals what the safety check found.

    Every flag and step that depends on `safety.*` (directly or through a flag)
    is left out, and the steps are chosen again as if those steps did not exist,
    so no gap or suppression gives them away. What the screen held back (joint
    steps and dimensions) stays held back, and no crisis cut applies: a save
    after a concern, a crisis or a decline is the same file in all three cases.
    """
    quiz = result.quiz
    tainted_flags, tainted_steps = safety_dependent(quiz.compiled.flags, quiz.compiled.when)
    env = ResultEnv(quiz, result.dimensions, result.answers, result.safety)
    traces = trace_steps(
        quiz,
        env,
        hold_back=result.safety.holds_back_joint,
        limit=quiz.max_next_steps,
        leave_out=tainted_steps,
    )
    return replace(
        result,
        dimensions=shown_dimensions(result),
        flags={name: value for name, value in result.flags.items() if name not in tainted_flags},
        next_steps=_without_joint_reasons(result, select_steps(quiz, env, traces)),
        held_back=[],
        safety=SafetyState(),
    )


def support_steps(state: SafetyState) -> list[ShownStep]:
    """The safety check's own next steps for this state (its flags read from the state).

    Only the state is kept after the check, never its answers, so the steps are
    chosen from the flags alone; a step whose `when` reads an answer is left out.
    """
    quiz = load_safety_quiz()
    env = FixedEnv({}, {"concern": state.concern, "crisis": state.crisis, "unsure": state.unsure})
    when = quiz.compiled.when
    chosen = []
    for index, step in enumerate(quiz.next_steps):
        expr = when.get(step.id)
        if expr is not None and any(ns != "flag" for ns, _ in expr.references()):
            continue
        if expr is None or expr.holds(env):
            chosen.append((index, step))
    chosen.sort(key=lambda pair: (-pair[1].priority, pair[0]))
    limit = quiz.max_next_steps or len(chosen)
    return [ShownStep.of(step, []) for _, step in chosen[:limit]]
