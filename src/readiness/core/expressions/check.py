"""The static checker: every problem in an expression, each at its offset, before anything runs.

The tree is checked against an allow-list (names through their namespaces only,
a few operators, three functions), so there is no path from a quiz file to Python
objects. Comparisons that are valid but can never hold, or always hold, come back
as warnings: the file is still valid, but the author almost surely meant something else.
"""

from __future__ import annotations

import _ast as ast  # the node classes are all we use; `ast` itself (~3 ms) adds helpers and an unparser
import math
from collections.abc import Collection, Sequence

from readiness.core.expressions.source import (
    _LITERAL_NAMES,
    FUNCTIONS,
    MAX_LIST_ITEMS,
    MAX_LITERAL,
    NAMESPACES,
    SAFETY_NAMES,
    ExprContext,
    ExprProblem,
    _namespace_member,
    _Offsets,
)
from readiness.core.expressions.suspect import kind_warning, scale_warning
from readiness.core.expressions.values import _BINARY
from readiness.core.problems import closest

_PLACEHOLDERS = {
    "score": "score.DIMENSION",
    "band": "band.DIMENSION",
    "answer": "answer.QUESTION",
    "flag": "flag.FLAG",
    "safety": "safety.concern / safety.crisis / safety.unsure",
}
_KIND = {"score": "dimension", "band": "dimension", "answer": "question", "flag": "flag"}


def _did_you_mean(name: str, choices: Collection[str]) -> str | None:
    return None if name.startswith("__") else closest(name, choices)


def _join_or(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def _listing(names: Collection[str], limit: int = 12) -> str:
    shown = list(names)[:limit]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


_REFUSED: dict[type[ast.AST], str] = {
    ast.Subscript: "indexing with [...] is not allowed in expressions",
    ast.Slice: "slicing is not allowed in expressions",
    ast.Lambda: "lambda is not allowed in expressions",
    ast.ListComp: "comprehensions are not allowed in expressions",
    ast.SetComp: "comprehensions are not allowed in expressions",
    ast.DictComp: "comprehensions are not allowed in expressions",
    ast.GeneratorExp: "generator expressions are not allowed in expressions",
    ast.IfExp: "'... if ... else ...' is not allowed in expressions; use and / or",
    ast.NamedExpr: "':=' is not allowed in expressions",
    ast.JoinedStr: "f-strings are not allowed in expressions; use a plain 'string'",
    ast.FormattedValue: "f-strings are not allowed in expressions; use a plain 'string'",
    ast.Dict: "dictionaries {...} are not allowed in expressions",
    ast.Set: "sets {...} are not allowed in expressions; use a list [...]",
    ast.Tuple: "tuples (a, b) are not allowed in expressions; use a list [a, b]",
    ast.Await: "await is not allowed in expressions",
    ast.Yield: "yield is not allowed in expressions",
    ast.YieldFrom: "yield is not allowed in expressions",
    ast.Starred: "'*' is not allowed in expressions",
}
_REFUSED_CONSTANTS: dict[type[object], str] = {
    complex: "complex numbers are not allowed in expressions",
    bytes: "byte strings are not allowed in expressions; use a plain 'string'",
}
_OP_SYMBOL: dict[type[ast.AST], str] = {
    ast.Mod: "%",
    ast.Pow: "**",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.Invert: "~",
    ast.UAdd: "unary +",
}


class _Checker:
    """Walks a parsed tree once and collects every problem with an offset."""

    def __init__(self, source: str, ctx: ExprContext, offsets: _Offsets) -> None:
        self.source = source
        self.ctx = ctx
        self.offsets = offsets
        self.problems: list[ExprProblem] = []
        self.warnings: list[ExprProblem] = []  # valid, but a part of it can never hold

    def add(self, offset: int | None, message: str) -> None:
        self.problems.append(ExprProblem(offset, message))

    def warn(self, node: ast.AST, message: str) -> None:
        self.warnings.append(ExprProblem(self.offsets.node(node), message))

    def at(self, node: ast.AST, message: str) -> None:
        self.add(self.offsets.node(node), message)

    def member_offset(self, node: ast.Attribute) -> int | None:
        """Offset of the member name in `ns.member`, for pointing at the right word."""
        end = self.offsets.node_end(node)
        start = self.offsets.node(node)
        if end is None or start is None:
            return start
        shift, text = self.offsets.shift, self.source
        pos = end - shift
        while pos > start - shift and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
            pos -= 1
        return pos + shift

    def use_hint(self) -> str:
        allowed = [ns for ns in NAMESPACES if ns in self.ctx.allow]
        return _join_or([f"{ns}.X" for ns in allowed]) if allowed else "no names at all"

    def where_may_use(self) -> str:
        allowed = [_PLACEHOLDERS[ns] for ns in NAMESPACES if ns in self.ctx.allow]
        if not allowed:
            return f"{self.ctx.where} may not use any names"
        return f"{self.ctx.where} may only use {_join_or(allowed)}"

    # -- nodes

    def check(self, node: ast.AST) -> None:
        method = getattr(self, "check_" + type(node).__name__, None)
        if method is not None:
            method(node)
            return
        message = _REFUSED.get(type(node))
        self.at(node, message or f"'{type(node).__name__}' is not allowed in expressions")

    def check_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if value is None or isinstance(value, (bool, str)):
            return
        if isinstance(value, (int, float)):
            # abs first: math.isfinite overflows on a huge int
            if abs(value) > MAX_LITERAL or not math.isfinite(value):
                self.at(node, "this number is too large")
        else:
            refused = _REFUSED_CONSTANTS.get(type(value), "'...' is not allowed in expressions")
            self.at(node, refused)

    def check_Name(self, node: ast.Name) -> None:
        name = node.id
        if name in _LITERAL_NAMES:
            return
        if name in FUNCTIONS:
            self.at(node, f"{name} is a function; call it, as in {name}(...)")
        elif name in NAMESPACES:
            if name in self.ctx.allow:
                self.at(node, f"'{name}' needs a name after it, as in {_PLACEHOLDERS[name]}")
            else:
                self.at(node, self.where_may_use())
        else:
            self.at(node, f"unknown name '{name}'; use {self.use_hint()}")

    def check_Attribute(self, node: ast.Attribute) -> None:
        pair = _namespace_member(node)
        if pair is None:
            if isinstance(node.value, ast.Name) and node.value.id not in _LITERAL_NAMES:
                self.check_Name(node.value)  # a function or an unknown name before the dot
            else:
                self.add(
                    self.member_offset(node),
                    f"'.{node.attr}' is not allowed here; a dot may only follow "
                    f"{_join_or([ns for ns in NAMESPACES if ns in self.ctx.allow]) or 'a name'}",
                )
            return
        namespace, member = pair
        if namespace not in self.ctx.allow:
            self.at(node, self.where_may_use())
            return
        offset = self.member_offset(node)
        if namespace == "safety":
            if member not in SAFETY_NAMES:
                hint = _did_you_mean(member, SAFETY_NAMES)
                extra = f" (did you mean '{hint}'?)" if hint else ""
                self.add(
                    offset,
                    f"unknown safety name '{member}'{extra}; use safety.concern, safety.crisis or safety.unsure",
                )
            return
        known: Collection[str] = {
            "score": self.ctx.dimensions,
            "band": self.ctx.dimensions,
            "answer": self.ctx.questions,
            "flag": self.ctx.flags,
        }[namespace]
        kind = _KIND[namespace]
        if member not in known:
            hint = _did_you_mean(member, known)
            if hint:
                self.add(offset, f"unknown {kind} '{member}' (did you mean '{hint}'?)")
            elif known:
                self.add(offset, f"unknown {kind} '{member}' ({kind}s: {_listing(known)})")
            else:
                self.add(offset, f"unknown {kind} '{member}'; this quiz has no {kind}s")
            return
        if namespace == "answer" and not self.ctx.questions[member].available:
            self.add(
                offset,
                f"{self.ctx.where} may only name questions earlier in the file; "
                f"'{member}' comes later",
            )

    def check_List(self, node: ast.List) -> None:
        if len(node.elts) > MAX_LIST_ITEMS:
            self.at(node, f"a list may hold at most {MAX_LIST_ITEMS} items")
            return
        for item in node.elts:
            self.check(item)

    def check_BoolOp(self, node: ast.BoolOp) -> None:
        for value in node.values:
            self.check(value)

    def check_UnaryOp(self, node: ast.UnaryOp) -> None:
        if not isinstance(node.op, (ast.Not, ast.USub)):
            symbol = _OP_SYMBOL.get(type(node.op), type(node.op).__name__)
            self.at(node, f"'{symbol}' is not allowed; use 'not' or unary '-'")
            return
        self.check(node.operand)

    def check_BinOp(self, node: ast.BinOp) -> None:
        if type(node.op) not in _BINARY:
            symbol = _OP_SYMBOL.get(type(node.op), type(node.op).__name__)
            if isinstance(node.op, (ast.BitAnd, ast.BitOr)):
                word = "and" if isinstance(node.op, ast.BitAnd) else "or"
                message = f"operator '{symbol}' is not allowed; use '{word}'"
            else:
                message = f"operator '{symbol}' is not allowed; use + - * or /"
            self.at(node, message)
            return
        self.check(node.left)
        self.check(node.right)

    def check_Compare(self, node: ast.Compare) -> None:
        refused = [op for op in node.ops if isinstance(op, (ast.Is, ast.IsNot))]
        for identity in refused:
            word, use = ("is not", "!=") if isinstance(identity, ast.IsNot) else ("is", "==")
            self.at(node, f"'{word}' is not allowed; use {use}")
        if refused:
            return
        operands = [node.left, *node.comparators]
        for operand in operands:
            self.check(operand)
        for left, op, right in zip(operands, node.ops, operands[1:], strict=False):
            self.check_strings(left, op, right)
            # Valid by the contract, but never (or always) true: a warning, not an error.
            for found in (
                kind_warning(self.ctx, left, op, right),
                scale_warning(self.ctx, self.offsets, left, op, right),
            ):
                if found is not None:
                    self.warn(*found)

    def check_Call(self, node: ast.Call) -> None:
        func = node.func
        if not isinstance(func, ast.Name):
            self.at(node, "only count(), min() and max() can be called")
            return
        name = func.id
        if name not in FUNCTIONS:
            self.at(node, f"unknown function '{name}'; only count(), min() and max() exist")
            return
        if node.keywords:
            self.at(node.keywords[0], f"{name}() takes no named arguments")
            return
        starred = [a for a in node.args if isinstance(a, ast.Starred)]
        if starred:
            self.at(starred[0], "'*' is not allowed in expressions")
            return
        if name == "count" and len(node.args) != 1:
            self.at(node, "count() takes exactly one argument, as in count(answer.QUESTION)")
        elif name != "count" and not node.args:
            self.at(node, f"{name}() needs at least one argument")
        if len(node.args) > MAX_LIST_ITEMS:
            self.at(node, f"{name}() takes at most {MAX_LIST_ITEMS} arguments")
            return
        for arg in node.args:
            self.check(arg)

    # -- strings compared with an option or band id

    def check_strings(self, left: ast.AST, op: ast.cmpop, right: ast.AST) -> None:
        if isinstance(op, (ast.Eq, ast.NotEq)):
            pairs = [(left, right), (right, left)]
        elif isinstance(op, (ast.In, ast.NotIn)):
            # `answer.Q in [...]` checks the list items; `'x' in answer.Q` the string.
            pairs = [(left, right)] if isinstance(right, ast.List) else [(right, left)]
        else:
            return
        for named, other in pairs:
            pair = _namespace_member(named)
            if pair is None:
                continue
            for literal in other.elts if isinstance(other, ast.List) else [other]:
                if isinstance(literal, ast.Constant):  # check_id judges strings only
                    self.check_id(pair, literal)

    def check_id(self, pair: tuple[str, str], literal: ast.Constant) -> None:
        namespace, member = pair
        value = literal.value
        if namespace not in self.ctx.allow or not isinstance(value, str):
            return
        if namespace == "answer":
            info = self.ctx.questions.get(member)
            if info is None or info.type not in ("choice", "multi") or value in info.option_ids:
                return
            ids, what, plural = info.option_ids, "an option", "options"
        elif namespace == "band":
            bands = self.ctx.dimensions.get(member)
            if bands is None or value in bands:
                return
            ids, what, plural = tuple(bands), "a band", "bands"
        else:
            return
        hint = _did_you_mean(value, ids)
        said = f"did you mean '{hint}'? " if hint else ""
        self.at(
            literal,
            f"'{value}' is not {what} of '{member}' ({said}{plural}: {_listing(ids, 20)})",
        )
