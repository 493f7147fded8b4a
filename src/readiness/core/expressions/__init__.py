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

from readiness.core.expressions.evaluate import Expression as Expression
from readiness.core.expressions.evaluate import compile_expression as compile_expression
from readiness.core.expressions.source import FUNCTIONS as FUNCTIONS
from readiness.core.expressions.source import MAX_DEPTH as MAX_DEPTH
from readiness.core.expressions.source import MAX_LIST_ITEMS as MAX_LIST_ITEMS
from readiness.core.expressions.source import MAX_LITERAL as MAX_LITERAL
from readiness.core.expressions.source import MAX_SOURCE_CHARS as MAX_SOURCE_CHARS
from readiness.core.expressions.source import NAMESPACES as NAMESPACES
from readiness.core.expressions.source import SAFETY_NAMES as SAFETY_NAMES
from readiness.core.expressions.source import ExprContext as ExprContext
from readiness.core.expressions.source import ExprProblem as ExprProblem
from readiness.core.expressions.source import QuestionInfo as QuestionInfo
from readiness.core.expressions.values import Env as Env
from readiness.core.expressions.values import ExpressionError as ExpressionError
from readiness.core.expressions.values import is_truthy as is_truthy
