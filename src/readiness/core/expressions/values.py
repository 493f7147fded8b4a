"""What values mean while an expression runs: truthiness, equality, ordering, arithmetic.

Values are ``None``, ``bool``, ``int``, ``fractions.Fraction`` (decimals are kept
exact, so ``0.1 + 0.2 == 0.3`` holds), ``str`` and ``list``. A result that is a
whole number is always an ``int``. Every operation is total: a value of the
wrong kind gives ``None`` (arithmetic) or false (comparisons), never an exception.
"""

from __future__ import annotations

import _ast as ast  # the node classes are all we use; `ast` itself (~3 ms) adds helpers and an unparser
import math
import operator
from collections.abc import Callable

from readiness.core.problems import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal
    from fractions import Fraction
    from typing import Any, Protocol, TypeGuard
else:
    Protocol = object  # Env is only ever a description for type checkers

    class _NotLoaded:
        """Stands for Fraction and Decimal until an expression is built: checking one
        (`validate`, `list`) never makes a number, so it need not import them (~3 ms)."""

    Fraction = Decimal = _NotLoaded


def load_numbers() -> None:
    """Bind the real Fraction and Decimal: building an expression calls this first, so
    nothing can make or meet an exact number before they are there."""
    global Fraction, Decimal
    from decimal import Decimal
    from fractions import Fraction


class Env(Protocol):
    """Where an expression's names get their values at evaluation time."""

    def score(self, dim: str) -> int | None: ...
    def band(self, dim: str) -> str | None: ...
    def answer(self, qid: str) -> object: ...
    def flag(self, name: str) -> bool: ...
    def safety(self, name: str) -> bool: ...


class ExpressionError(Exception):
    """Evaluation failed for a reason outside the language (usually the Env raised)."""


Value = object
Fn = Callable[[Env], Value]


def is_truthy(value: object) -> bool:
    """Truthiness as the language defines it: none, false, 0, '' and [] are false."""
    try:
        return bool(value)
    except Exception:  # an odd object from a caller must not break a quiz
        return False


def _is_num(x: object) -> TypeGuard[int | Fraction]:
    """A number of the language (true and false are not numbers)."""
    return isinstance(x, (int, Fraction)) and not isinstance(x, bool)


def _norm(x: Fraction | int) -> Fraction | int:
    """Whole numbers are ints, so results look the way authors wrote them."""
    if isinstance(x, Fraction) and x.denominator == 1:
        return int(x)
    return x


def _from_env(v: object) -> Value:
    """Bring a value from the Env into the language's value set (exact, no floats)."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, Fraction):  # (the builder has loaded the numbers: see load_numbers)
        return _norm(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return None
        return _norm(Fraction(repr(v)))  # 0.1 stays one tenth, not its binary neighbour
    if isinstance(v, Decimal):
        return _norm(Fraction(v)) if v.is_finite() else None
    if isinstance(v, (list, tuple)):
        return [_from_env(x) for x in v]
    return None


def _export(v: Value) -> Value:
    """Copy lists on the way out so a caller cannot mutate a shared constant."""
    if isinstance(v, list):
        return [_export(x) for x in v]
    return v


def _eq(a: Value, b: Value) -> bool:
    """Equality without Python's surprises: true != 1, '1' != 1, lists item by item."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_num(a) and _is_num(b):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_eq(x, y) for x, y in zip(a, b, strict=True))
    return False


def _ordering(op: Callable[[Any, Any], bool]) -> Callable[[Value, Value], bool]:
    """Ordering that is false with none or with values of different kinds."""

    def compare(a: Value, b: Value) -> bool:
        both_numbers = _is_num(a) and _is_num(b)
        return (both_numbers or (isinstance(a, str) and isinstance(b, str))) and op(a, b)

    return compare


def _contains(item: Value, container: Value) -> bool:
    if isinstance(container, list):
        return any(_eq(item, x) for x in container)
    if isinstance(container, str):
        return isinstance(item, str) and item in container
    return False  # `x in none` is false, and so is `in` anything else


def _arith(op: Callable[[Any, Any], Any]) -> Callable[[Value, Value], Value]:
    def apply(a: Value, b: Value) -> Value:
        if _is_num(a) and _is_num(b):
            return _norm(op(a, b))
        return None

    return apply


def _divide(a: Value, b: Value) -> Value:
    if _is_num(a) and _is_num(b) and b != 0:
        return _norm(Fraction(a) / b)
    return None


def _negate(a: Value) -> Value:
    return -a if _is_num(a) else None


def _count(x: Value) -> Value:
    if x is None:
        return 0
    if isinstance(x, list):
        return len(x)
    return None


def _extreme(pick: Callable[..., object]) -> Callable[[list[Value]], Value]:
    """min/max: a list argument is spread, none is skipped, anything else gives none."""

    def run(args: list[Value]) -> Value:
        numbers: list[Value] = []
        for arg in args:
            for item in arg if isinstance(arg, list) else (arg,):
                if item is None:
                    continue
                if not _is_num(item):
                    return None
                numbers.append(item)
        return pick(numbers) if numbers else None

    return run


_COMPARE: dict[type[ast.cmpop], Callable[[Value, Value], bool]] = {
    ast.Eq: _eq,
    ast.NotEq: lambda a, b: not _eq(a, b),
    ast.Lt: _ordering(operator.lt),
    ast.LtE: _ordering(operator.le),
    ast.Gt: _ordering(operator.gt),
    ast.GtE: _ordering(operator.ge),
    ast.In: _contains,
    ast.NotIn: lambda item, container: not _contains(item, container),
}
_BINARY: dict[type[ast.operator], Callable[[Value, Value], Value]] = {
    ast.Add: _arith(operator.add),
    ast.Sub: _arith(operator.sub),
    ast.Mult: _arith(operator.mul),
    ast.Div: _divide,
}
_CALLS: dict[str, Callable[[list[Value]], Value]] = {
    "count": lambda args: _count(args[0]),
    "min": _extreme(min),
    "max": _extreme(max),
}


def exact_number(text: str, fallback: float) -> Fraction | int:
    """A decimal literal read from its own text, so it is exact (0.1 is one tenth)."""
    try:
        return _norm(Fraction(text.replace("_", "")))
    except (ValueError, ZeroDivisionError):
        return _norm(Fraction(repr(fallback)))
