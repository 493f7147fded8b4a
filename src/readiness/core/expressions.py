"""The expression language used by `when`, `show_if` and `flags`.

Quiz files are written by hand and may come from anyone, so expressions are
parsed with :mod:`ast` and then checked against an allow-list before anything
runs. Nothing here ever calls ``eval``/``exec``/``compile``-to-code or
``getattr`` on a name from the source: names are looked up through the
:class:`Env` methods only, so there is no path from a quiz file to Python
objects.

Compiling does all the checking once (and reports every problem it finds, each
with a character offset) and turns the tree into a tree of small closures, so
evaluating the same expression many times is cheap.

Values while evaluating are ``None``, ``bool``, ``int``, ``fractions.Fraction``
(decimals are kept exact, so ``0.1 + 0.2 == 0.3`` holds), ``str`` and ``list``.
A result that is a whole number is always an ``int``. Every operation is total:
a value of the wrong kind gives ``None`` (arithmetic) or false (comparisons),
never an exception.
"""

from __future__ import annotations

import _ast as ast  # the node classes are all we use; `ast` itself (~3 ms) adds helpers and an unparser
import math
import operator
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence

from readiness.core.problems import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from decimal import Decimal
    from fractions import Fraction
    from typing import Protocol
else:
    Protocol = object  # Env is only ever a description for type checkers

    class _NotLoaded:
        """Stands for Fraction and Decimal until an expression is built: checking one
        (`validate`, `list`) never makes a number, so it need not import them (~3 ms)."""

    Fraction = Decimal = _NotLoaded


def _load_numbers() -> None:
    """Bind the real Fraction and Decimal; called before anything can make or meet one."""
    global Fraction, Decimal
    from decimal import Decimal
    from fractions import Fraction


_NOT_LOADED = Fraction  # the stand-in until _load_numbers runs (never a real class after)

__all__ = [
    "Env",
    "ExprContext",
    "ExprProblem",
    "Expression",
    "ExpressionError",
    "QuestionInfo",
    "compile_expression",
    "is_truthy",
]

NAMESPACES: tuple[str, ...] = ("score", "band", "answer", "flag", "safety")
SAFETY_NAMES: tuple[str, ...] = ("concern", "crisis", "unsure")
FUNCTIONS: tuple[str, ...] = ("count", "min", "max")
MAX_SOURCE_CHARS = 2000
MAX_DEPTH = 50
MAX_LIST_ITEMS = 1000
# Scores run 0-100; a literal far beyond that is a typo, and refusing it keeps
# exact arithmetic on huge numbers out of reach.
MAX_LITERAL = 10**18

_LITERAL_NAMES: dict[str, object] = {"true": True, "false": False, "none": None}
_PLACEHOLDERS = {
    "score": "score.DIMENSION",
    "band": "band.DIMENSION",
    "answer": "answer.QUESTION",
    "flag": "flag.FLAG",
    "safety": "safety.concern / safety.crisis / safety.unsure",
}
_KIND = {"score": "dimension", "band": "dimension", "answer": "question", "flag": "flag"}


# --------------------------------------------------------------------------- public types


# Named tuples, not dataclasses: immutable all the same, and `validate` does not
# pay for importing `dataclasses` (and the `inspect` it pulls in).


class ExprProblem(NamedTuple):
    """One fault in an expression, worded for the person who wrote it."""

    offset: int | None  # 0-based character offset into the source; None when unknown
    message: str


class QuestionInfo(NamedTuple):
    """What the checker needs to know about a question to check `answer.Q`."""

    type: str  # "scale" | "choice" | "multi" | "text"
    option_ids: tuple[str, ...] = ()  # empty for scale and text
    available: bool = True  # False when this context may not name it (show_if: later question)
    values: tuple[int | float, ...] = ()  # a scale question's values; empty for the others


class ExprContext(NamedTuple):
    """What names an expression may use."""

    dimensions: Mapping[str, Sequence[str]]  # dimension id -> its band ids
    questions: Mapping[str, QuestionInfo]  # question id -> info
    flags: Collection[str]  # flag names
    allow: frozenset[str] = frozenset(NAMESPACES)
    where: str = "expression"  # used in messages, e.g. "show_if"


class Env(Protocol):
    """Where an expression's names get their values at evaluation time."""

    def score(self, dim: str) -> int | None: ...
    def band(self, dim: str) -> str | None: ...
    def answer(self, qid: str) -> object: ...
    def flag(self, name: str) -> bool: ...
    def safety(self, name: str) -> bool: ...


class ExpressionError(Exception):
    """Evaluation failed for a reason outside the language (usually the Env raised)."""


# --------------------------------------------------------------------------- values

Value = object
Fn = Callable[[Env], Value]


def is_truthy(value: object) -> bool:
    """Truthiness as the language defines it: none, false, 0, '' and [] are false."""
    if value is None:
        return False
    if Fraction is _NOT_LOADED:
        _load_numbers()
    if isinstance(value, (bool, int, Fraction, str, list, tuple)):
        return bool(value)
    try:
        return bool(value)
    except Exception:  # an odd object from a caller must not break a quiz
        return False


def _is_num(x: object) -> bool:
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
    if Fraction is _NOT_LOADED:
        _load_numbers()
    if isinstance(v, Fraction):
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


def _ne(a: Value, b: Value) -> bool:
    return not _eq(a, b)


def _orderable(a: Value, b: Value) -> bool:
    return (_is_num(a) and _is_num(b)) or (isinstance(a, str) and isinstance(b, str))


def _ordering(op: Callable[[object, object], bool]) -> Callable[[Value, Value], bool]:
    """Ordering that is false with none or with values of different kinds."""

    def compare(a: Value, b: Value) -> bool:
        return _orderable(a, b) and op(a, b)

    return compare


def _contains(item: Value, container: Value) -> bool:
    if isinstance(container, list):
        return any(_eq(item, x) for x in container)
    if isinstance(container, str):
        return isinstance(item, str) and item in container
    return False  # `x in none` is false, and so is `in` anything else


def _not_contains(item: Value, container: Value) -> bool:
    return not _contains(item, container)


def _arith(op: Callable[[object, object], object]) -> Callable[[Value, Value], Value]:
    def apply(a: Value, b: Value) -> Value:
        if _is_num(a) and _is_num(b):
            return _norm(op(a, b))  # type: ignore[arg-type]
        return None

    return apply


def _divide(a: Value, b: Value) -> Value:
    if _is_num(a) and _is_num(b) and b != 0:
        return _norm(Fraction(a) / b)  # type: ignore[arg-type]
    return None


def _negate(a: Value) -> Value:
    return -a if _is_num(a) else None  # type: ignore[operator]


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
    ast.NotEq: _ne,
    ast.Lt: _ordering(operator.lt),
    ast.LtE: _ordering(operator.le),
    ast.Gt: _ordering(operator.gt),
    ast.GtE: _ordering(operator.ge),
    ast.In: _contains,
    ast.NotIn: _not_contains,
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

# --------------------------------------------------------------------------- offsets

_NEWLINE = re.compile(r"\r\n|\r|\n")


class _Offsets:
    """Map ast's (line, UTF-8 byte column) positions to 0-based character offsets."""

    def __init__(self, source: str, shift: int = 0) -> None:
        self.source = source
        self.shift = shift  # characters stripped from the front before parsing
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
        self.ascii = source.isascii()  # then a byte column is a character column

    def _line(self, lineno: int) -> tuple[int, str]:
        index = min(max(lineno, 1), len(self.starts)) - 1
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.source)
        return start, self.source[start:end]

    def from_bytes(self, lineno: int | None, col: int | None) -> int | None:
        if lineno is None or col is None:
            return None
        start, text = self._line(lineno)
        if self.ascii and col >= 0:
            return self.shift + start + min(col, len(text))
        chars = len(text.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
        return self.shift + start + chars

    def from_chars(self, lineno: int | None, col: int | None) -> int | None:
        """For SyntaxError, whose offset is 1-based and already in characters."""
        if lineno is None or col is None:
            return None
        start, text = self._line(lineno)
        return self.shift + start + min(max(col - 1, 0), len(text))

    def node(self, node: ast.AST) -> int | None:
        return self.from_bytes(getattr(node, "lineno", None), getattr(node, "col_offset", None))

    def node_end(self, node: ast.AST) -> int | None:
        return self.from_bytes(
            getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
        )

    def segment(self, node: ast.AST) -> str:
        """The source text of node: what `ast.get_source_segment` gives (or ''), without
        splitting the source into lines again, character by character, for every node."""
        start, end = self.node(node), self.node_end(node)
        if start is None or end is None:
            return ""
        return self.source[start - self.shift : end - self.shift]


# --------------------------------------------------------------------------- checking


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


def _namespace_member(node: ast.AST) -> tuple[str, str] | None:
    """(namespace, member) when node is exactly `ns.member` with a known namespace."""
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in NAMESPACES
    ):
        return node.value.id, node.attr
    return None


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
        if namespace not in self.ctx.allow:
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
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return sign * node.value
    return None


def _text(node: ast.AST) -> str:
    return str(node.value) if isinstance(node, ast.Constant) else "..."


def _is_str_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


_PUNCTUATION = re.compile(r"[^\w\s]")
_KEYWORDS = re.compile(r"and|or|not|in|is|if|else|lambda|for|await|yield|async")


def _surely_shallow(text: str) -> bool:
    """True when no node of `text` can be nested deeper than MAX_DEPTH, so the walk
    of `_too_deep` can be skipped (it costs more than the rest of the checks).

    Each level of nesting has syntax of its own outside the level below it: an
    operator, bracket, dot, comma, quote or keyword, at a place no other level
    uses. So the depth is at most the number of punctuation characters plus
    keyword-like words, plus one for the innermost value and one for the
    f-string with no braces whose text may share its position; f-strings with
    braces are always walked. Counting more than there are only walks more often.
    """
    if "{" in text:
        return False
    budget = MAX_DEPTH - 2
    punctuation = len(_PUNCTUATION.findall(text))
    return punctuation <= budget and punctuation + len(_KEYWORDS.findall(text)) <= budget


def _too_deep(tree: ast.AST) -> ast.AST | None:
    """The first node nested deeper than MAX_DEPTH, found without recursion.

    The children are visited as `ast.iter_child_nodes` yields them, but read from
    `_fields` directly: this runs for every expression of every file `validate` checks.
    """
    AST, expr = ast.AST, ast.expr
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > MAX_DEPTH:
            return node
        for name in node._fields:
            field = getattr(node, name, None)
            if isinstance(field, AST):
                push((field, depth + 1 if isinstance(field, expr) else depth))
            elif isinstance(field, list):
                for item in field:
                    if isinstance(item, AST):
                        push((item, depth + 1 if isinstance(item, expr) else depth))
    return None


# --------------------------------------------------------------------------- building


def _decimal_literal(offsets: _Offsets, node: ast.Constant) -> Fraction | int:
    """Read a decimal literal from its own text so it is exact (0.1 is one tenth)."""
    text = offsets.segment(node)
    try:
        return _norm(Fraction(text.replace("_", "")))
    except (ValueError, ZeroDivisionError):
        return _norm(Fraction(repr(node.value)))


class _Builder:
    """Turns a checked tree into closures; the same node always gets the same closure."""

    def __init__(self, offsets: _Offsets) -> None:
        if Fraction is _NOT_LOADED:
            _load_numbers()  # built expressions make and compare exact numbers
        self.offsets = offsets
        self.memo: dict[int, Fn] = {}

    def build(self, node: ast.AST) -> Fn:
        key = id(node)
        fn = self.memo.get(key)
        if fn is None:
            fn = getattr(self, "build_" + type(node).__name__)(node)
            self.memo[key] = fn
        return fn

    def constant_value(self, node: ast.AST) -> tuple[bool, Value]:
        """(True, value) for literals whose value never changes."""
        if isinstance(node, ast.Constant):
            if isinstance(node.value, float):
                return True, _decimal_literal(self.offsets, node)
            return True, node.value
        if isinstance(node, ast.Name) and node.id in _LITERAL_NAMES:
            return True, _LITERAL_NAMES[node.id]
        if isinstance(node, ast.List):
            items = [self.constant_value(e) for e in node.elts]
            if all(ok for ok, _ in items):
                return True, [v for _, v in items]
        return False, None

    def build_Constant(self, node: ast.Constant) -> Fn:
        value = self.constant_value(node)[1]
        return lambda env: value

    def build_Name(self, node: ast.Name) -> Fn:
        value = _LITERAL_NAMES[node.id]
        return lambda env: value

    def build_List(self, node: ast.List) -> Fn:
        ok, value = self.constant_value(node)
        if ok:
            return lambda env: value  # shared; evaluate() copies lists on the way out
        fns = [self.build(e) for e in node.elts]
        return lambda env: [f(env) for f in fns]

    def build_Attribute(self, node: ast.Attribute) -> Fn:
        namespace, member = node.value.id, node.attr  # type: ignore[attr-defined]
        if namespace == "score":
            return lambda env: _from_env(env.score(member))
        if namespace == "band":
            return lambda env: _from_env(env.band(member))
        if namespace == "answer":
            return lambda env: _from_env(env.answer(member))
        if namespace == "flag":
            return lambda env: bool(env.flag(member))
        return lambda env: bool(env.safety(member))

    def build_BoolOp(self, node: ast.BoolOp) -> Fn:
        fns = [self.build(v) for v in node.values]
        if isinstance(node.op, ast.And):

            def all_hold(env: Env) -> bool:
                return all(is_truthy(f(env)) for f in fns)

            return all_hold

        def any_holds(env: Env) -> bool:
            return any(is_truthy(f(env)) for f in fns)

        return any_holds

    def build_UnaryOp(self, node: ast.UnaryOp) -> Fn:
        operand = self.build(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda env: not is_truthy(operand(env))
        return lambda env: _negate(operand(env))

    def build_BinOp(self, node: ast.BinOp) -> Fn:
        left, right, apply = self.build(node.left), self.build(node.right), _BINARY[type(node.op)]
        return lambda env: apply(left(env), right(env))

    def build_Compare(self, node: ast.Compare) -> Fn:
        fns = [self.build(node.left)] + [self.build(c) for c in node.comparators]
        ops = [
            self.compare_op(op, right) for op, right in zip(node.ops, node.comparators, strict=True)
        ]
        if len(ops) == 1:
            first, second, op = fns[0], fns[1], ops[0]
            return lambda env: op(first(env), second(env))

        def chain(env: Env) -> bool:
            left = fns[0](env)
            for op, fn in zip(ops, fns[1:], strict=True):
                right = fn(env)
                if not op(left, right):
                    return False
                left = right
            return True

        return chain

    def compare_op(self, op: ast.cmpop, right: ast.AST) -> Callable[[Value, Value], bool]:
        """`x in ['a', 'b']` with only strings is a set lookup; everything else is generic."""
        if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, ast.List):
            ok, items = self.constant_value(right)
            if ok and all(isinstance(i, str) for i in items):  # type: ignore[union-attr]
                members = frozenset(items)  # type: ignore[arg-type]
                if isinstance(op, ast.In):
                    return lambda a, _b: isinstance(a, str) and a in members
                return lambda a, _b: not (isinstance(a, str) and a in members)
        return _COMPARE[type(op)]

    def build_Call(self, node: ast.Call) -> Fn:
        run = _CALLS[node.func.id]  # type: ignore[attr-defined]
        fns = [self.build(a) for a in node.args]
        return lambda env: run([f(env) for f in fns])


# --------------------------------------------------------------------------- expressions


class _Part(NamedTuple):
    """A boolean piece of an expression, kept for `why` and `explain`."""

    kind: str  # "and" | "or" | "leaf"
    fn: Fn
    text: str
    refs: tuple[tuple[str, str], ...]
    children: tuple[_Part, ...] = ()


def _flatten(node: ast.AST, op: type[ast.boolop]) -> list[ast.AST]:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, op):
        out: list[ast.AST] = []
        for value in node.values:
            out.extend(_flatten(value, op))
        return out
    return [node]


def _references(node: ast.AST) -> tuple[tuple[str, str], ...]:
    """Names used under node, in source order, each once."""
    seen: dict[tuple[str, str], None] = {}

    def walk(n: ast.AST) -> None:
        pair = _namespace_member(n)
        if pair is not None:
            seen.setdefault(pair, None)
            return
        for child in _iter_child_nodes(n):
            walk(child)

    walk(node)
    return tuple(seen)


class Expression:
    """A checked, compiled expression: evaluate it as often as you like."""

    __slots__ = ("source", "_fn", "_part", "_refs", "warnings")

    def __init__(self, source: str, fn: Fn, part: _Part, refs: tuple[tuple[str, str], ...],
                 warnings: Sequence[ExprProblem] = ()):
        self.source = source
        self._fn = fn
        self._part = part
        self._refs = refs
        self.warnings = tuple(warnings)  # parts that can never hold (the file is still valid)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"

    def evaluate(self, env: Env) -> object:
        """The expression's value; raises only ExpressionError (when the Env fails)."""
        return _export(self._run(self._fn, env))

    def holds(self, env: Env) -> bool:
        """Shorthand for is_truthy(evaluate(env)), the question `when` and `show_if` ask."""
        return is_truthy(self._run(self._fn, env))

    def references(self) -> list[tuple[str, str]]:
        """Every (namespace, name) used, in source order, without repeats."""
        return list(self._refs)

    def why_parts(self, env: Env) -> list[list[tuple[str, str]]]:
        """The names behind each part that held: one list per held conjunct or disjunct.

        Top-level `and` is split into conjuncts; a held conjunct that is an `or` is
        split further into the disjuncts that held (and so on down). Parts that did
        not hold, and parts that name nothing (like `true`), contribute nothing.
        """
        out: list[list[tuple[str, str]]] = []

        def held(part: _Part) -> bool:
            return is_truthy(self._run(part.fn, env))

        def visit(part: _Part) -> None:
            if part.kind == "leaf":
                if part.refs:
                    out.append(list(part.refs))
                return
            for child in part.children:
                if held(child):
                    visit(child)

        root = self._part
        if root.kind == "and" or held(root):  # an `and` that failed may still have held parts
            visit(root)
        return out

    def explain(self, env: Env) -> list[tuple[str, object]]:
        """Each top-level conjunct's source text with its value, for `take --explain`."""
        parts = self._part.children if self._part.kind == "and" else (self._part,)
        return [(p.text, _export(self._run(p.fn, env))) for p in parts]

    @staticmethod
    def _run(fn: Fn, env: Env) -> Value:
        try:
            return fn(env)
        except ExpressionError:
            raise
        except Exception as exc:  # the language itself is total; this is the Env failing
            raise ExpressionError(f"could not evaluate expression: {exc!r}") from exc


def _make_part(node: ast.AST, builder: _Builder) -> _Part:
    text = builder.offsets.segment(node).strip()
    fn = builder.build(node)
    for op, kind in ((ast.And, "and"), (ast.Or, "or")):
        if isinstance(node, ast.BoolOp) and isinstance(node.op, op):
            children = tuple(_make_part(c, builder) for c in _flatten(node, op))
            # The flattened children cover the node in source order, so their names,
            # merged without repeats, are the node's: no second walk of the tree.
            refs = tuple(dict.fromkeys(ref for child in children for ref in child.refs))
            return _Part(kind, fn, text, refs, children)
    return _Part("leaf", fn, text, _references(node))


def _unbuilt(env: Env) -> Value:
    raise ExpressionError("this expression was only checked (compile_expression(build=False))")


def _syntax_problem(text: str, offsets: _Offsets, exc: SyntaxError) -> ExprProblem:
    message = f"syntax error: {exc.msg}" if exc.msg else "syntax error"
    for wrong, right in (("&&", "and"), ("||", "or"), ("===", "==")):
        if wrong in text:
            message += f" (use '{right}' instead of '{wrong}')"
            break
    else:
        if "\n" in text.rstrip() or "\r" in text.rstrip():
            message += " (an expression over several lines needs ( ) around it)"
    offset = offsets.from_chars(exc.lineno, exc.offset)
    if exc.lineno is not None and (exc.offset is None or exc.offset < 1):
        offset = offsets.shift + len(text)  # Python reports 0 when the text ended too early
    return ExprProblem(offset, message)


def _parse_eval(text: str) -> ast.Expression:
    """`ast.parse(text, mode="eval")` exactly: the same call, the same tree, the same errors."""
    return compile(text, "<unknown>", "eval", ast.PyCF_ONLY_AST, _feature_version=-1)


def _iter_child_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """`ast.iter_child_nodes`, as the standard library writes it."""
    for name in node._fields:
        field = getattr(node, name, None)
        if isinstance(field, ast.AST):
            yield field
        elif isinstance(field, list):
            for item in field:
                if isinstance(item, ast.AST):
                    yield item


def compile_expression(
    source: str, ctx: ExprContext, *, build: bool = True
) -> tuple[Expression | None, list[ExprProblem]]:
    """Check and compile source; returns (expression, []) or (None, every problem found).

    With `build=False` the expression is only checked (the same problems: building
    a checked tree never fails) and what comes back knows its `references()` but
    cannot be evaluated; `validate` and `list` need no more.

    Never raises: anything Python's parser throws at hostile input becomes a problem.
    """
    if not isinstance(source, str):
        return None, [ExprProblem(None, "an expression must be written as text")]
    if len(source) > MAX_SOURCE_CHARS:
        return None, [
            ExprProblem(
                None,
                f"expression is too long ({len(source)} characters; at most "
                f"{MAX_SOURCE_CHARS}); split it into flags",
            )
        ]
    if not source.strip():
        return None, [ExprProblem(0, "the expression is empty")]
    # Leading blanks are common in YAML block scalars; Python would call them an indent.
    text = source.lstrip()
    offsets = _Offsets(text, shift=len(source) - len(text))
    try:
        tree = _parse_eval(text)
    except SyntaxError as exc:
        return None, [_syntax_problem(text, offsets, exc)]
    except (RecursionError, MemoryError):
        return None, [ExprProblem(None, "expression is nested too deeply; simplify it")]
    except (ValueError, TypeError, OverflowError) as exc:
        return None, [ExprProblem(None, f"expression cannot be read: {exc}")]
    try:
        deep = None if _surely_shallow(text) else _too_deep(tree)
        if deep is not None:
            return None, [
                ExprProblem(
                    offsets.node(deep),
                    f"expression is nested too deeply (more than {MAX_DEPTH} levels); simplify it",
                )
            ]
        checker = _Checker(text, ctx, offsets)
        checker.check(tree.body)
        if checker.problems:
            problems = sorted(checker.problems, key=lambda p: (p.offset is None, p.offset or 0))
            return None, problems
        warnings = sorted(checker.warnings, key=lambda p: (p.offset is None, p.offset or 0))
        if not build:
            refs = _references(tree.body)
            return Expression(source, _unbuilt, _Part("leaf", _unbuilt, text, refs), refs, warnings), []
        builder = _Builder(offsets)
        part = _make_part(tree.body, builder)
        return Expression(source, part.fn, part, part.refs, warnings), []
    except (RecursionError, MemoryError):
        return None, [ExprProblem(None, "expression is too complex; simplify it")]
