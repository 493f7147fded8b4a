"""Comparisons that are valid but almost surely not what the author meant.

The contract makes them valid (the file still loads and lists), so they come back
as warnings, never errors: a name compared with a literal of another kind (a band
ordered with '<', a score compared with text), and a scale answer compared with
literals that no value of its scale satisfies, or that every value does. The last
is how an author who reads "1 Never ... 4 Every week" on screen writes `>= 4` for
a 0-3 scale: conditions use the scale's values, not the digits pressed. A list
that only partly misses (`in [3, 4]` on a 0-3 scale) is warned about too, naming
the items that can never match.
"""

from __future__ import annotations

import _ast as ast  # the node classes are all we use; `ast` itself (~3 ms) adds helpers and an unparser
import operator
from collections.abc import Callable, Sequence

from readiness.core.expressions.source import (
    _LITERAL_NAMES,
    ExprContext,
    _namespace_member,
    _Offsets,
)

DIGITS_HINT = "conditions use the scale's values, not the digits pressed to answer"
NEVER = "so this part is never true"
ALWAYS = "so this part is true for every answer"

_KIND_WORDS = {"number": "a number", "text": "text", "list": "a list", "yes/no": "true or false"}
_ORDERING: dict[type[ast.cmpop], tuple[str, Callable[[float, float], bool], type[ast.cmpop]]] = {
    # op: (symbol, test, the op with its sides swapped)
    ast.Lt: ("<", operator.lt, ast.Gt),
    ast.LtE: ("<=", operator.le, ast.GtE),
    ast.Gt: (">", operator.gt, ast.Lt),
    ast.GtE: (">=", operator.ge, ast.LtE),
}


def kind_of(ctx: ExprContext, pair: tuple[str, str]) -> str | None:
    """What a name holds: 'number', 'text', 'list' or 'yes/no' (None: unknown name)."""
    namespace, member = pair
    if namespace == "score":
        return "number" if member in ctx.dimensions else None
    if namespace == "band":
        return "text" if member in ctx.dimensions else None
    if namespace in ("flag", "safety"):
        return "yes/no"
    info = ctx.questions.get(member)
    if info is None:
        return None
    return {"scale": "number", "multi": "list"}.get(info.type, "text")


def kind_warning(
    ctx: ExprContext, left: ast.AST, op: ast.cmpop, right: ast.AST
) -> tuple[ast.AST, str] | None:
    """(the name, why) when a name is compared with a literal of a kind it never holds."""
    ordering = isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE))
    if not ordering and not isinstance(op, (ast.Eq, ast.NotEq)):
        return None
    for named, other in ((left, right), (right, left)):
        pair = _namespace_member(named)
        if pair is None or pair[0] not in ctx.allow:
            continue
        kind = kind_of(ctx, pair)
        if kind is None:
            continue
        message = _never_holds(ctx, pair, kind, _literal_kind(other), other, ordering)
        if message:
            return named, message
    return None


def _never_holds(
    ctx: ExprContext,
    pair: tuple[str, str],
    kind: str,
    literal: str | None,
    other: ast.AST,
    ordering: bool,
) -> str | None:
    namespace, member = pair
    name = f"{namespace}.{member}"
    if ordering and kind in ("text", "list", "yes/no"):
        if namespace == "band":
            return (
                f"{name} is a band id, so '<' and '>' compare its letters, not its levels; "
                f"compare score.{member} with a number, or use {name} == 'id' or in [...]"
            )
        what = {"list": "a list of option ids", "yes/no": "true or false"}.get(kind) or _text_word(
            ctx, pair
        )
        return f"{name} is {what}, so '<' and '>' do not compare levels with it; use == or in [...]"
    if literal is None or literal == kind:
        return None  # a number against a scale's values is `scale_warning`'s to judge
    if kind == "list" and literal == "text":
        return f"{name} is a list of option ids, so it never equals one id; use '{_text(other)}' in {name}"
    held = _text_word(ctx, pair) if kind == "text" else _KIND_WORDS[kind]
    given = _KIND_WORDS[literal]
    hint = ""
    if namespace == "score" and literal == "text":
        hint = f"; to test a band, use band.{member} == '{_text(other)}'"
    elif namespace == "band" and literal == "number":
        hint = f"; to test the score, use score.{member}"
    return f"{name} holds {held} and is compared with {given}, {NEVER}{hint}"


def _text_word(ctx: ExprContext, pair: tuple[str, str]) -> str:
    namespace, member = pair
    if namespace == "band":
        return "a band id"
    info = ctx.questions.get(member) if namespace == "answer" else None
    return "an option id" if info is not None and info.type == "choice" else "text"


def scale_warning(
    ctx: ExprContext, offsets: _Offsets, left: ast.AST, op: ast.cmpop, right: ast.AST
) -> tuple[ast.AST, str] | None:
    """(the name, why) when a scale answer is compared with literals that no value of its
    scale satisfies, or that every value satisfies: ==, !=, <, <=, >, >=, in and not in.

    Only literals are judged (`answer.q == -1 + 2` is not); a literal of another kind
    than a number equals no value (and `kind_warning` says more about it).
    """
    if isinstance(op, (ast.In, ast.NotIn)):
        named, other = left, right
        if not isinstance(other, ast.List):
            return None
    elif _namespace_member(left) is not None:
        named, other = left, right
    else:  # `4 <= answer.q` reads as `answer.q >= 4`
        named, other = right, left
        if type(op) in _ORDERING:
            op = _ORDERING[type(op)][2]()
    pair = _namespace_member(named)
    if pair is None or pair[0] != "answer" or "answer" not in ctx.allow:
        return None
    info = ctx.questions.get(pair[1])
    if info is None or info.type != "scale" or not info.values:
        return None
    values = info.values
    scale = f"the scale of answer.{pair[1]} (values: {', '.join(str(v) for v in values)})"
    literal = offsets.segment(other).strip()
    negated = isinstance(op, (ast.NotEq, ast.NotIn))
    off: list[str] = []  # the items of a list that no value equals
    if isinstance(op, (ast.In, ast.NotIn)):
        assert isinstance(other, ast.List)
        items = _literal_numbers(other.elts)
        if items is None:
            return None
        held = [any(v == i for i in items) for v in values]
        symbol, missing = "in", f"none of {literal} is"
        off = [
            offsets.segment(item).strip()
            for item, number in zip(other.elts, items, strict=True)
            if number is None or not any(v == number for v in values)
        ]
    else:
        number = _number(other)
        if number is None:
            return None
        if type(op) in _ORDERING:
            symbol, test, _ = _ORDERING[type(op)]
            held, missing = [test(v, number) for v in values], ""
        else:
            symbol, held, missing = "==", [v == number for v in values], f"{literal} is not"
    if missing and not any(held):
        return (
            named,
            f"{missing} a value of {scale}, {ALWAYS if negated else NEVER}; {DIGITS_HINT}",
        )
    if all(held):
        return (
            named,
            f"every value of {scale} is {symbol} {literal}, {NEVER if negated else ALWAYS}; {DIGITS_HINT}",
        )
    if not any(held):
        return named, f"no value of {scale} is {symbol} {literal}, {NEVER}; {DIGITS_HINT}"
    if off:  # some items of the list can match, and others never can
        one = len(off) == 1
        return (
            named,
            f"the {', '.join(off)} in {literal} {'is not a value' if one else 'are not values'} "
            f"of {scale}, so {'it never matches' if one else 'they never match'}: "
            f"remove {'it' if one else 'them'}, or write the value meant; {DIGITS_HINT}",
        )
    return None


def _literal_numbers(items: Sequence[ast.AST]) -> list[int | float | None] | None:
    """The items of a literal list: numbers, None for a literal that is no number (it
    equals no value of a scale); None for the whole when an item is not a literal."""
    out: list[int | float | None] = []
    for item in items:
        number = _number(item)
        if number is None and not (
            isinstance(item, ast.Constant)
            or (isinstance(item, ast.Name) and item.id in _LITERAL_NAMES)
        ):
            return None
        out.append(number)
    return out


def _literal_kind(node: ast.AST) -> str | None:
    """The kind of a literal ('number', 'text', 'list', 'yes/no'); None for none or a non-literal."""
    if isinstance(node, ast.List):
        return "list"
    if _number(node) is not None:
        return "number"
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool):
            return "yes/no"
        if isinstance(node.value, str):
            return "text"
    return None


def _number(node: ast.AST) -> int | float | None:
    """The value of a number literal (a minus sign allowed), else None."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node, sign = node.operand, -1
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return sign * value
    return None


def _text(node: ast.AST) -> str:
    return str(node.value) if isinstance(node, ast.Constant) else "..."
