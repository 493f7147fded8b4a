"""Property tests: expressions built from the grammar always compile and evaluate,
and no text at all can make compile_expression raise."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.core.expressions import (
    MAX_SOURCE_CHARS,
    ExprContext,
    QuestionInfo,
    compile_expression,
    is_truthy,
)

# One id set shared by every option list and band list, so any string literal the
# generator picks is valid wherever the checker compares it with answer.Q or band.D.
IDS = ("a", "b", "c")
DIMS = ("d1", "d2")
QUESTIONS = {
    "sc": QuestionInfo("scale"),
    "ch": QuestionInfo("choice", IDS),
    "mu": QuestionInfo("multi", IDS),
    "tx": QuestionInfo("text"),
}
FLAGS = ("f1", "f2")
CTX = ExprContext(dimensions={d: IDS for d in DIMS}, questions=QUESTIONS, flags=FLAGS)

NAMES = (
    [f"score.{d}" for d in DIMS]
    + [f"band.{d}" for d in DIMS]
    + [f"answer.{q}" for q in QUESTIONS]
    + [f"flag.{f}" for f in FLAGS]
    + ["safety.concern", "safety.crisis"]
)


@dataclass(frozen=True)
class DictEnv:
    values: dict[str, object]

    def score(self, dim: str) -> int | None:
        return self.values.get(f"score.{dim}")  # type: ignore[return-value]

    def band(self, dim: str) -> str | None:
        return self.values.get(f"band.{dim}")  # type: ignore[return-value]

    def answer(self, qid: str) -> object:
        return self.values.get(f"answer.{qid}")

    def flag(self, name: str) -> bool:
        return bool(self.values.get(f"flag.{name}"))

    def safety(self, name: str) -> bool:
        return bool(self.values.get(f"safety.{name}"))


def maybe(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """A value or none: every name can be unanswered or missing."""
    return st.none() | values


envs = st.builds(
    lambda values: DictEnv(values),
    st.fixed_dictionaries(
        {
            **{f"score.{d}": maybe(st.integers(0, 100)) for d in DIMS},
            **{f"band.{d}": maybe(st.sampled_from(IDS)) for d in DIMS},
            "answer.sc": maybe(
                st.integers(-5, 10) | st.floats(-5, 10, allow_nan=False) | st.decimals(-5, 10)
            ),
            "answer.ch": maybe(st.sampled_from(IDS)),
            "answer.mu": maybe(st.lists(st.sampled_from(IDS), unique=True)),
            "answer.tx": maybe(st.text(max_size=20)),
            **{f"flag.{f}": st.booleans() for f in FLAGS},
            "safety.concern": st.booleans(),
            "safety.crisis": st.booleans(),
        }
    ),
)

numbers = st.integers(-1000, 1000).map(str) | st.decimals(
    -1000, 1000, places=3, allow_nan=False, allow_infinity=False
).map(str)
strings = st.sampled_from(IDS).map(repr)
constants = st.sampled_from(["true", "false", "none", "True", "False", "None"])
names = st.sampled_from(NAMES)
atoms = (
    numbers
    | strings
    | constants
    | names
    | st.lists(numbers | strings, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
)


def _grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """One grammar step up: every construct the language allows, fully parenthesised."""
    pair = st.tuples(children, children)
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        children.map(lambda c: f"(-{c})"),
        children.map(lambda c: f"(not {c})"),
        st.tuples(
            children,
            st.lists(
                st.tuples(
                    st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"]), children
                ),
                min_size=1,
                max_size=3,
            ),
        ).map(lambda t: "(" + t[0] + "".join(f" {op} {c}" for op, c in t[1]) + ")"),
        st.tuples(st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=4)).map(
            lambda t: "(" + f" {t[0]} ".join(t[1]) + ")"
        ),
        children.map(lambda c: f"count({c})"),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]}(" + ", ".join(t[1]) + ")"
        ),
        pair.map(lambda p: f"[{p[0]}, {p[1]}]"),
    )


expressions = st.recursive(atoms, _grow, max_leaves=16).filter(lambda s: len(s) <= MAX_SOURCE_CHARS)


def _is_language_value(v: object) -> bool:
    if v is None or isinstance(v, (bool, int, str)):
        return True
    if isinstance(v, Fraction):
        return v.denominator != 1  # whole numbers always come back as int
    if isinstance(v, list):
        return all(_is_language_value(x) for x in v)
    return False


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(expressions, envs)
def test_grammar_expressions_compile_and_evaluate(source: str, env: DictEnv) -> None:
    expr, problems = compile_expression(source, CTX)
    assert problems == [], (source, problems)
    assert expr is not None
    result = expr.evaluate(env)
    assert _is_language_value(result), (source, result)
    assert isinstance(is_truthy(result), bool)
    assert expr.holds(env) is is_truthy(result)
    for part in expr.why_parts(env):
        assert part and all(f"{ns}.{name}" in NAMES for ns, name in part)
    for part in (expr.parts, *expr.parts.children):
        assert part.text and _is_language_value(expr.value_of(part, env))
    assert all(f"{ns}.{name}" in NAMES for ns, name in expr.references())


@SETTINGS
@given(expressions, envs)
def test_evaluation_is_deterministic(source: str, env: DictEnv) -> None:
    first, _ = compile_expression(source, CTX)
    second, _ = compile_expression(source, CTX)
    assert first is not None and second is not None
    a = first.evaluate(env)
    assert first.evaluate(env) == a
    assert second.evaluate(env) == a
    assert first.why_parts(env) == second.why_parts(env)


@SETTINGS
@given(expressions, envs)
def test_logic_agrees_with_truthiness(source: str, env: DictEnv) -> None:
    expr, _ = compile_expression(source, CTX)
    assert expr is not None
    held = is_truthy(expr.evaluate(env))
    for template, expected in (
        ("not ({})", not held),
        ("({}) and true", held),
        ("({}) or false", held),
        ("({}) == ({})", True),  # every value equals itself, none included
        ("({}) in [({})]", True),
        ("({}) != ({})", False),
    ):
        derived, problems = compile_expression(template.format(source, source), CTX)
        if derived is None:  # only possible when doubling the text passes the length limit
            assert any("too long" in p.message for p in problems)
            continue
        assert derived.evaluate(env) is expected, template


TOKENS = [
    *NAMES,
    "score.",
    "band.nope",
    "answer.zz",
    "flag",
    "safety.x",
    "__class__",
    "__import__",
    "os",
    ".",
    "(",
    ")",
    "[",
    "]",
    ",",
    "'a'",
    "'zz'",
    '"',
    "'",
    "1",
    "0",
    "2.5",
    "1e999",
    "+",
    "-",
    "*",
    "/",
    "**",
    "%",
    "==",
    "!=",
    "<",
    ">=",
    "in",
    "not",
    "and",
    "or",
    "is",
    "lambda",
    ":",
    "for",
    "if",
    "else",
    "count",
    "min",
    "max",
    "open",
    "{",
    "}",
    "=",
    ":=",
    "f'",
    "\n",
    "é",
    "\x00",
]


@SETTINGS
@given(st.text(max_size=300) | st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
def test_any_text_gives_an_expression_or_problems(source: str) -> None:
    for ctx in (CTX, ExprContext({}, {}, (), allow=frozenset({"answer"}), where="show_if")):
        expr, problems = compile_expression(source, ctx)
        if expr is None:
            assert problems
            for p in problems:
                assert p.message
                assert p.offset is None or 0 <= p.offset <= len(source), (source, p)
        else:
            assert problems == []


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 2000), st.sampled_from(["(", "[", "-", "not ", "min(", "+", "'"]))
def test_long_repetitions_never_raise(n: int, piece: str) -> None:
    source = (piece * n)[:MAX_SOURCE_CHARS] + "1"
    expr, problems = compile_expression(source, CTX)
    assert (expr is None) == bool(problems)
