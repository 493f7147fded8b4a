"""Which flags and next steps depend on the safety check, so that none of them is ever saved.

Nothing on disk may reveal what the safety check found: a saved record or
summary never holds a step, a reason or a flag that depends on `safety.*`,
directly or through a flag that uses it. This module only reads compiled
expressions (their `references()`), so `validate` can warn authors without
importing anything heavier than the loader already has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
    uses: dict[str, list[tuple[str, str]]] = {
        name: expr.references() for name, expr in flags.items()
    }
    tainted: set[str] = {
        name for name, refs in uses.items() if any(ns == SAFETY_NAMESPACE for ns, _ in refs)
    }
    changed = True
    while changed:  # a chain of flags: keep going until nothing new is tainted
        changed = False
        for name, refs in uses.items():
            if name not in tainted and any(
                ns == "flag" and member in tainted for ns, member in refs
            ):
                tainted.add(name)
                changed = True
    steps = {step_id for step_id, expr in when.items() if _touches(expr.references(), tainted)}
    return frozenset(tainted), frozenset(steps)


def _touches(refs: Iterable[tuple[str, str]], tainted: set[str]) -> bool:
    return any(
        ns == SAFETY_NAMESPACE or (ns == "flag" and member in tainted) for ns, member in refs
    )


NOT_ASKED_WORDS = (
    "uses safety.*, but this quiz sets safety_check: false, so the check is never asked for it "
    "and safety.* holds only what an earlier quiz in the same sitting found (all false when "
    "none did); set safety_check: true, or leave safety.* out"
)


def safety_save_notes(
    flags: Mapping[str, _Referencing],
    when: Mapping[str, _Referencing],
    step_ids: list[str],
    *,
    safety_check: bool = True,
) -> list[tuple[tuple[str | int, ...], str]]:
    """Warnings for `validate`: (place in the file, message) for each flag and step never saved,
    or, in a quiz that does not ask the safety check, for each that reads it in vain.

    `step_ids` is the quiz's next steps in file order, so a step's place is
    ("next_steps", index, "when").
    """
    tainted_flags, tainted_steps = safety_dependent(flags, when)
    flag_words, step_words = (FLAG_WORDS, STEP_WORDS) if safety_check else (NOT_ASKED_WORDS,) * 2
    notes: list[tuple[tuple[str | int, ...], str]] = [
        (("flags", name), f"flag '{name}' {flag_words}") for name in flags if name in tainted_flags
    ]
    notes += [
        (("next_steps", index, "when"), f"next step '{step_id}' {step_words}")
        for index, step_id in enumerate(step_ids)
        if step_id in tainted_steps
    ]
    return notes
