"""Which flags and next steps depend on the safety check, so that none of them is ever saved.

Nothing on disk may reveal what the safety check found: a saved record or
summary never holds a step, a reason or a flag that depends on `safety.*`,
directly or through a flag that uses it. This module only reads compiled
expressions (their `references()`), so `validate` can warn authors without
importing anything heavier than the loader already has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from readiness.core.problems import TYPE_CHECKING

if TYPE_CHECKING:  # validate never imports typing
    from typing import Protocol

    class _Referencing(Protocol):
        def references(self) -> list[tuple[str, str]]: ...


SAFETY_NAMESPACE = "safety"
FLAG_WORDS = (
    "depends on the safety check (safety.*, directly or through another flag), so it is "
    "never saved: saved results leave it out (it still counts on screen and in take's output)"
)
STEP_WORDS = (
    "depends on the safety check (safety.*, directly or through a flag), so it is never "
    "saved: saved results are chosen as if this step did not exist (it still shows on screen)"
)


def safety_dependent(
    flags: Mapping[str, _Referencing], when: Mapping[str, _Referencing]
) -> tuple[frozenset[str], frozenset[str]]:
    """(flag names, step ids) whose expressions use `safety.*`, directly or through flags."""
    tainted = frozenset(name for name, expr in flags.items() if safety_names(flags, expr)[0])
    steps = frozenset(step_id for step_id, expr in when.items() if safety_names(flags, expr)[0])
    return tainted, steps


NOT_ASKED_WORDS = (
    "uses safety.*, but this quiz sets safety_check: false, so the check is never asked for it "
    "and safety.* holds only what an earlier quiz in the same sitting found (all false when "
    "none did); set safety_check: true, or leave safety.* out"
)


def safety_save_notes(
    flags: Mapping[str, _Referencing],
    when: Mapping[str, _Referencing],
    steps: Sequence[tuple[str, str | None, Iterable[str]]],
    *,
    safety_check: bool = True,
) -> list[tuple[tuple[str | int, ...], str, str]]:
    """For `validate`: (place in the file, message, severity) for each flag and step never
    saved, or, in a quiz that does not ask the safety check, for each that reads it in vain.

    Being left out of a saved result is by design, not a mistake, so on its own it is a
    'note': `validate` says it, but nothing counts it or asks for it to be fixed. The
    message for a quiz that never asks the check, and a step that may not fit a crisis
    (the hint of `crisis_hint` in the same message: one per step, with everything to
    decide), are 'warning's. `steps` is (id, when source, tags) for each next step in file
    order, so a step's place is ("next_steps", index, "when").
    """
    tainted_flags, tainted_steps = safety_dependent(flags, when)
    flag_words, step_words = (FLAG_WORDS, STEP_WORDS) if safety_check else (NOT_ASKED_WORDS,) * 2
    kind = "note" if safety_check else "warning"
    notes: list[tuple[tuple[str | int, ...], str, str]] = [
        (("flags", name), f"flag '{name}' {flag_words}", kind)
        for name in flags
        if name in tainted_flags
    ]
    for index, (step_id, source, tags) in enumerate(steps):
        if step_id not in tainted_steps:
            continue
        note = f"next step '{step_id}' {step_words}"
        # Without the check, its own advice (ask it, or leave safety.* out) comes first.
        hint = crisis_hint(flags, when[step_id], source, tags) if safety_check else None
        where = ("next_steps", index, "when")
        notes.append((where, f"{note}. {hint}", "warning") if hint else (where, note, kind))
    return notes


CRISIS = "crisis"
_CALMER = ("concern", "unsure")  # the states whose steps may not fit a crisis


def safety_names(
    flags: Mapping[str, _Referencing], expr: _Referencing
) -> tuple[frozenset[str], tuple[str, ...]]:
    """(the safety.* names an expression reads, directly or through any chain of flags;
    the flags it reads them through, in the order met)."""
    names: set[str] = set()
    through: list[str] = []
    seen: set[str] = set()
    todo = [("", expr)]
    while todo:
        via, current = todo.pop()
        for ns, member in current.references():
            if ns == SAFETY_NAMESPACE:
                names.add(member)
                if via and via not in through:
                    through.append(via)
            elif ns == "flag" and member in flags and member not in seen:
                seen.add(member)
                todo.append((via or member, flags[member]))
    return frozenset(names), tuple(through)


def _guarded(source: str) -> str:
    """The `when:` line to write: `source` and `not safety.crisis`, the source in brackets
    when its top is an `or` (the only part of the language that binds looser than `and`)."""
    import _ast as ast

    from readiness.core.expressions.source import _parse_eval

    text = " ".join(source.split())
    try:
        body: object = _parse_eval(text).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # (it was checked already)
        body = None
    if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.Or):
        text = f"({text})"
    text += " and not safety.crisis"
    if '"' in text:  # a YAML single-quoted scalar: only ' needs writing twice
        return "when: '" + text.replace("'", "''") + "'"
    return f'when: "{text}"'


def crisis_hint(
    flags: Mapping[str, _Referencing],
    expr: _Referencing,
    source: str | None,
    tags: Iterable[str],
) -> str | None:
    """The hint for a step that reacts to `safety.concern` or `safety.unsure` but says
    nothing of `safety.crisis`: it is offered in a crisis too, as one of the two steps
    beside the crisis card. Whether it fits there is the author's call, so the hint gives
    the `when` to write. None for any other step, and for a `joint` one (a crisis removes
    those anyway)."""
    if source is None or "joint" in tags:
        return None
    names, through = safety_names(flags, expr)
    calmer = [name for name in _CALMER if name in names]
    if not calmer or CRISIS in names:
        return None
    read = " and ".join(f"safety.{name}" for name in calmer)
    if through:
        read += " (through " + ", ".join(f"flag.{f}" for f in through) + ")"
    return (
        f"It reads {read} but not safety.crisis, so it is offered in a crisis too, as one of "
        "the two steps at most beside the crisis card; if it does not fit then, add "
        f"'and not safety.crisis': {_guarded(source)}"
    )
