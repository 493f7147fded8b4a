"""The expression language used by `when`, `show_if` and `flags`.

Quiz files are written by hand and may come from anyone, so an expression is
parsed with :mod:`ast` and checked against an allow-list before anything runs,
and every problem is reported with a character offset. The package has one
module per job:

- `source`: the language's names and limits, parsing, offsets, nesting depth;
- `check`: the static checker (errors, and warnings for parts that never or always hold);
- `values`: what values mean at run time (truthiness, equality, ordering, arithmetic);
- `evaluate`: `compile_expression`, the builder of closures, and `Expression`.

Checking (`validate`, `list`) never makes a number, so `fractions` and `decimal`
are imported only when an expression is built (`values.load_numbers`).
"""

from __future__ import annotations

from readiness.core.expressions.evaluate import Expression, compile_expression
from readiness.core.expressions.source import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_LITERAL,
    MAX_SOURCE_CHARS,
    NAMESPACES,
    SAFETY_NAMES,
    ExprContext,
    ExprProblem,
    QuestionInfo,
)
from readiness.core.expressions.values import Env, ExpressionError, is_truthy

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LIST_ITEMS",
    "MAX_LITERAL",
    "MAX_SOURCE_CHARS",
    "NAMESPACES",
    "SAFETY_NAMES",
    "Env",
    "ExprContext",
    "ExprProblem",
    "Expression",
    "ExpressionError",
    "QuestionInfo",
    "compile_expression",
    "is_truthy",
]
