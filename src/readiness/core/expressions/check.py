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
from readiness.core.expressions.values import _BINARY

_PLACEHOLDERS = {
    "score": "score.DIMENSION",
    "band": "band.DIMENSION",
    "answer": "answer.QUESTION",
    "flag": "flag.FLAG",
    "safety": "safety.concern / safety.crisis / safety.unsure",
}
_KIND = {"score": "dimension", "band": "dimension", "answer": "question", "flag": "flag"}


def _did_you_mean(name: str, choices: Collection[str]) -> str | None:
    if name.startswith("__"):
        return None
    import difflib  # only for a name that is wrong
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


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
        if isinstance(value, int):
            if abs(value) > MAX_LITERAL:
                self.at(node, "this number is too large")
            return
        if isinstance(value, float):
            if not math.isfinite(value) or abs(value) > MAX_LITERAL:
                self.at(node, "this number is too large")
            return
        if isinstance(value, complex):
            self.at(node, "complex numbers are not allowed in expressions")
        elif isinstance(value, bytes):
            self.at(node, "byte strings are not allowed in expressions; use a plain 'string'")
        else:
            self.at(node, "'...' is not allowed in expressions")

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
                if node.value.id in FUNCTIONS:
                    name = node.value.id
                    self.at(node.value, f"{name} is a function; call it, as in {name}(...)")
                else:
                    self.at(node.value, f"unknown name '{node.value.id}'; use {self.use_hint()}")
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
        refused = False
        for op in node.ops:
            if isinstance(op, (ast.Is, ast.IsNot)):
                word = "is not" if isinstance(op, ast.IsNot) else "is"
                use = "!=" if isinstance(op, ast.IsNot) else "=="
                self.at(node, f"'{word}' is not allowed; use {use}")
                refused = True
        if refused:
            return
        operands = [node.left, *node.comparators]
        for operand in operands:
            self.check(operand)
        for left, op, right in zip(operands, node.ops, operands[1:], strict=False):
            self.check_strings(left, op, right)
            self.check_kinds(left, op, right)

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
            strings: list[ast.Constant]
            if isinstance(other, ast.List):
                strings = [e for e in other.elts if _is_str_constant(e)]  # type: ignore[misc]
            else:
                strings = [other] if _is_str_constant(other) else []  # type: ignore[list-item]
            for literal in strings:
                self.check_id(pair, literal)

    # -- comparisons that can never hold (valid by the contract: a warning, not an error)

    def kind_of(self, pair: tuple[str, str]) -> str | None:
        """What a name holds: 'number', 'text', 'list' or 'yes/no' (None: unknown name)."""
        namespace, member = pair
        if namespace == "score":
            return "number" if member in self.ctx.dimensions else None
        if namespace == "band":
            return "text" if member in self.ctx.dimensions else None
        if namespace in ("flag", "safety"):
            return "yes/no"
        info = self.ctx.questions.get(member)
        if info is None:
            return None
        return {"scale": "number", "multi": "list"}.get(info.type, "text")

    def check_kinds(self, left: ast.AST, op: ast.cmpop, right: ast.AST) -> None:
        ordering = isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE))
        if not ordering and not isinstance(op, (ast.Eq, ast.NotEq)):
            return
        for named, other in ((left, right), (right, left)):
            pair = _namespace_member(named)
            if pair is None or pair[0] not in self.ctx.allow:
                continue
            kind = self.kind_of(pair)
            if kind is None:
                continue
            message = self.never_holds(pair, kind, _literal_kind(other), other, ordering)
            if message:
                self.warn(named, message)
                return

    def never_holds(self, pair: tuple[str, str], kind: str, literal: str | None, other: ast.AST,
                    ordering: bool) -> str | None:
        namespace, member = pair
        name = f"{namespace}.{member}"
        if ordering and kind in ("text", "list", "yes/no"):
            if namespace == "band":
                return (f"{name} is a band id, so '<' and '>' compare its letters, not its levels; "
                        f"compare score.{member} with a number, or use {name} == 'id' or in [...]")
            what = {"list": "a list of option ids", "yes/no": "true or false"}.get(kind) or self.text_word(pair)
            return f"{name} is {what}, so '<' and '>' do not compare levels with it; use == or in [...]"
        if literal is None or literal == kind:
            if kind == "number" and literal == "number" and namespace == "answer" and not ordering:
                return self.off_the_scale(member, name, other)
            return None
        if kind == "list" and literal == "text":
            return f"{name} is a list of option ids, so it never equals one id; use '{_text(other)}' in {name}"
        held = self.text_word(pair) if kind == "text" else _KIND_WORDS[kind]
        given = _KIND_WORDS[literal]
        hint = ""
        if namespace == "score" and literal == "text":
            hint = f"; to test a band, use band.{member} == '{_text(other)}'"
        elif namespace == "band" and literal == "number":
            hint = f"; to test the score, use score.{member}"
        return f"{name} holds {held} and is compared with {given}, so this part is never true{hint}"

    def text_word(self, pair: tuple[str, str]) -> str:
        namespace, member = pair
        if namespace == "band":
            return "a band id"
        info = self.ctx.questions.get(member) if namespace == "answer" else None
        return "an option id" if info is not None and info.type == "choice" else "text"

    def off_the_scale(self, member: str, name: str, other: ast.AST) -> str | None:
        info = self.ctx.questions.get(member)
        value = _number(other)
        if info is None or not info.values or value is None or value in info.values:
            return None
        shown = ", ".join(str(v) for v in info.values)
        return f"{value} is not a value of the scale of {name} (values: {shown}), so this part is never true"

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


_KIND_WORDS = {"number": "a number", "text": "text", "list": "a list", "yes/no": "true or false"}


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


def _is_str_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)
