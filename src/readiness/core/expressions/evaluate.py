"""From checked text to something to run: `compile_expression`, the builder, `Expression`.

Compiling does all the checking once and turns the tree into a tree of small
closures, so evaluating the same expression many times is cheap. Nothing here
ever calls ``eval``/``exec``/``compile``-to-code or ``getattr`` on a name from the
source: names are looked up through the `Env` methods only.
"""

from __future__ import annotations

import _ast as ast  # the node classes are all we use; `ast` itself (~3 ms) adds helpers and an unparser
from collections.abc import Callable, Sequence

from readiness.core.expressions import source as _source
from readiness.core.expressions.check import _Checker
from readiness.core.expressions.source import (
    _LITERAL_NAMES,
    MAX_DEPTH,
    ExprContext,
    ExprProblem,
    _Offsets,
    _parse_eval,
    _references,
    _surely_shallow,
    _syntax_problem,
    _too_deep,
)
from readiness.core.expressions.values import (
    _BINARY,
    _CALLS,
    _COMPARE,
    Env,
    ExpressionError,
    Fn,
    Value,
    _export,
    _from_env,
    _negate,
    exact_number,
    is_truthy,
    load_numbers,
)
from readiness.core.problems import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from readiness.core.problems import NamedTuple  # without importing `typing`


class _Builder:
    """Turns a checked tree into closures; the same node always gets the same closure."""

    def __init__(self, offsets: _Offsets) -> None:
        load_numbers()  # built expressions make and compare exact numbers
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
                return True, exact_number(self.offsets.segment(node), node.value)
            return True, node.value
        if isinstance(node, ast.Name) and node.id in _LITERAL_NAMES:
            return True, _LITERAL_NAMES[node.id]
        if isinstance(node, ast.List):
            items = [self.constant_value(e) for e in node.elts]
            if all(ok for ok, _ in items):
                return True, [v for _, v in items]
        return False, None

    def build_Constant(self, node: ast.AST) -> Fn:
        value = self.constant_value(node)[1]
        return lambda env: value

    build_Name = build_Constant  # the checker lets only true, false and none through

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
        combine = all if isinstance(node.op, ast.And) else any
        return lambda env: combine(is_truthy(f(env)) for f in fns)

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
            strings = [i for i in items if isinstance(i, str)] if isinstance(items, list) else []
            if ok and isinstance(items, list) and len(strings) == len(items):
                members = frozenset(strings)
                if isinstance(op, ast.In):
                    return lambda a, _b: isinstance(a, str) and a in members
                return lambda a, _b: not (isinstance(a, str) and a in members)
        return _COMPARE[type(op)]

    def build_Call(self, node: ast.Call) -> Fn:
        run = _CALLS[node.func.id]  # type: ignore[attr-defined]
        fns = [self.build(a) for a in node.args]
        return lambda env: run([f(env) for f in fns])


# --------------------------------------------------------------------------- expressions


class Part(NamedTuple):
    """A boolean piece of an expression, kept for `why` and `explain`."""

    kind: str  # "and" | "or" | "leaf"
    fn: Fn
    text: str
    refs: tuple[tuple[str, str], ...]
    children: tuple[Part, ...] = ()


def _flatten(node: ast.AST, op: type[ast.boolop]) -> list[ast.AST]:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, op):
        out: list[ast.AST] = []
        for value in node.values:
            out.extend(_flatten(value, op))
        return out
    return [node]


class Expression:
    """A checked, compiled expression: evaluate it as often as you like."""

    __slots__ = ("source", "parts", "warnings")

    def __init__(self, source: str, parts: Part, warnings: Sequence[ExprProblem] = ()):
        self.source = source
        self.parts = parts  # the tree of boolean parts, each with its text and names (explain)
        self.warnings = tuple(warnings)  # parts that can never hold (the file is still valid)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"

    def evaluate(self, env: Env) -> object:
        """The expression's value; raises only ExpressionError (when the Env fails)."""
        return _export(self._run(self.parts.fn, env))

    def holds(self, env: Env) -> bool:
        """Shorthand for is_truthy(evaluate(env)), the question `when` and `show_if` ask."""
        return is_truthy(self._run(self.parts.fn, env))

    def references(self) -> list[tuple[str, str]]:
        """Every (namespace, name) used, in source order, without repeats."""
        return list(self.parts.refs)

    def why_parts(self, env: Env) -> list[list[tuple[str, str]]]:
        """The names behind each part that held: one list per held conjunct or disjunct.

        Top-level `and` is split into conjuncts; a held conjunct that is an `or` is
        split further into the disjuncts that held (and so on down). Parts that did
        not hold, and parts that name nothing (like `true`), contribute nothing.
        """
        out: list[list[tuple[str, str]]] = []

        def held(part: Part) -> bool:
            return is_truthy(self._run(part.fn, env))

        def visit(part: Part) -> None:
            if part.kind == "leaf":
                if part.refs:
                    out.append(list(part.refs))
                return
            for child in part.children:
                if held(child):
                    visit(child)

        root = self.parts
        if root.kind == "and" or held(root):  # an `and` that failed may still have held parts
            visit(root)
        return out

    def value_of(self, part: Part, env: Env) -> object:
        """One part's value; raises only ExpressionError, like evaluate."""
        return _export(self._run(part.fn, env))

    @staticmethod
    def _run(fn: Fn, env: Env) -> Value:
        try:
            return fn(env)
        except ExpressionError:
            raise
        except Exception as exc:  # the language itself is total; this is the Env failing
            raise ExpressionError(f"could not evaluate expression: {exc!r}") from exc


def _make_part(node: ast.AST, builder: _Builder) -> Part:
    text = builder.offsets.segment(node).strip()
    fn = builder.build(node)
    for op, kind in ((ast.And, "and"), (ast.Or, "or")):
        if isinstance(node, ast.BoolOp) and isinstance(node.op, op):
            children = tuple(_make_part(c, builder) for c in _flatten(node, op))
            # The flattened children cover the node in source order, so their names,
            # merged without repeats, are the node's: no second walk of the tree.
            refs = tuple(dict.fromkeys(ref for child in children for ref in child.refs))
            return Part(kind, fn, text, refs, children)
    return Part("leaf", fn, text, _references(node))


def _unbuilt(env: Env) -> Value:
    raise ExpressionError("this expression was only checked (compile_expression(build=False))")


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
    if len(source) > _source.MAX_SOURCE_CHARS:
        return None, [
            ExprProblem(
                None,
                f"expression is too long ({len(source)} characters; at most "
                f"{_source.MAX_SOURCE_CHARS}); split it into flags",
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
            return Expression(
                source, Part("leaf", _unbuilt, text, _references(tree.body)), warnings
            ), []
        builder = _Builder(offsets)
        part = _make_part(tree.body, builder)
        return Expression(source, part, warnings), []
    except (RecursionError, MemoryError):
        return None, [ExprProblem(None, "expression is too complex; simplify it")]
